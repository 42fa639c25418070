// SPDX-License-Identifier: GPL-2.0
/*
 * One pass over the device tree (see include/lander/dt_info.h).
 *
 * fdt_walk() hands over the tree token by token, each decoded once, and
 * checks its shape on the way. A node's properties come before its
 * children, so a node is complete ("finished") when its first child or its
 * end arrives; then its properties say what it is. Only the open nodes are
 * remembered (offset, the cell counts each sets for its children), a
 * stack as deep as the tree.
 *
 * Property names are classified once per name: dtc stores each name once
 * in the strings block, so the class is cached by the name's offset (a
 * small direct-mapped table, refilled by string compares on a miss).
 *
 * Early devices found through /chosen/stdout-path need the path, which
 * may come after the device (QEMU's arm64 tree puts /chosen last). A node
 * that an early device matches is checked against the path as soon as the
 * path is known; until then it is kept as a candidate with its chain of
 * ancestors (offsets and cell counts), at most SCAN_MAX_CANDIDATES of
 * them, and checked when the path arrives. (A tree with more before
 * /chosen gets a second walk for them: second_pass().) A path component without a
 * unit address answers to the first candidate in tree order whose name
 * has one ("serial" finds "serial@9000000").
 *
 * Early subset: runs with the MMU off, before relocation.
 */
#include <lander/dt_info.h>
#include <lander/early_dev.h>
#include <lander/string.h>

#define SCAN_NAME_CACHE	    64 /* a power of two */
#define SCAN_MAX_CANDIDATES 8

_Static_assert(DT_MAX_UNTRANSLATED >= EARLY_DEV_MAX, "one report per early device");

/* What a property name means to the scan. 0: not cached. */
enum prop_class {
	PROP_OTHER = 1,
	PROP_ADDRESS_CELLS,
	PROP_SIZE_CELLS,
	PROP_REG,
	PROP_COMPATIBLE,
	PROP_DEVICE_TYPE,
	PROP_NO_MAP,
	PROP_BOOTARGS,
	PROP_STDOUT_PATH,
	PROP_LINUX_STDOUT_PATH,
	PROP_METHOD,
	PROP_INITRD_START,
	PROP_INITRD_END,
	PROP_KASLR_SEED,
	PROP_RNG_SEED,
	PROP_EFI_PLACEMENT,
};

/* The depth-1 nodes the scan looks into. */
enum node_kind {
	NODE_OTHER,
	NODE_CHOSEN,
	NODE_ALIASES,
	NODE_RESERVED_MEMORY,
	NODE_CPUS,
	NODE_PSCI,
};

/* An open node (or an ancestor of a candidate). */
struct level {
	int offset;
	u32 acells, scells; /* what it sets for its children */
	u32 kind;	    /* enum node_kind */
};

/*
 * The properties of the node being collected that the scan uses. As in
 * fdt_getprop(), the first of a name counts (seen: which ones came).
 */
struct node_props {
	const u8 *reg;
	const char *compatible;
	u32 reg_len, compatible_len;
	u32 acells, scells;
	bool memory, nomap;
	u32 seen;
};

#define SEEN_ACELLS	   1
#define SEEN_SCELLS	   2
#define SEEN_DEVICE_TYPE   4
#define SEEN_BOOTARGS	   8
#define SEEN_INITRD_START  16
#define SEEN_INITRD_END	   32
#define SEEN_KASLR_SEED	   64
#define SEEN_RNG_SEED	   128
#define SEEN_EFI_PLACEMENT 256

/* A node an early device found by stdout-path matches, kept until the path is known. */
struct candidate {
	int dev, depth;
	u32 model;
	struct fdt_range reg;
	struct level chain[FDT_MAX_DEPTH + 1]; /* the root, ..., the node */
};

/* What the scan found for one early device, committed after the pass. */
struct found {
	int node;
	u32 model;
	struct fdt_range reg; /* as its parent bus sees it */
	phys_addr_t pa;	      /* reg.base translated to a CPU address */
};

/* Where stdout-path stands. */
enum path_state { PATH_UNKNOWN, PATH_WAIT_ALIASES, PATH_KNOWN, PATH_NONE };

struct scan {
	const struct fdt *fdt;
	struct dt_info *dt;
	u64 boot_cpu;
	struct early_dev *devs;
	unsigned int nr_devs;
	u32 match_len[EARLY_DEV_MAX][EARLY_DEV_MATCHES];
	u32 match_lengths; /* bit n: some compatible above is n bytes long */
	struct found found[EARLY_DEV_MAX];
	struct level level[FDT_MAX_DEPTH + 1];
	int pending; /* depth of the node still collecting properties, or -1 */
	struct node_props p;
	const char *stdout_prop;       /* /chosen's stdout-path */
	const char *linux_stdout_prop; /* and the older linux,stdout-path */
	u32 stdout_prop_len, linux_stdout_prop_len;
	bool seen_chosen, seen_aliases; /* the first of each name is the one */
	u32 path_state;			/* enum path_state */
	const char *path; /* PATH_KNOWN: the absolute path; PATH_WAIT_ALIASES: the alias */
	u32 path_len;
	int aliases; /* the /aliases node, or -1 */
	int nr_candidates;
	bool candidates_dropped; /* some did not fit: second_pass() */
	bool second_pass;
	u32 name_key[SCAN_NAME_CACHE]; /* name offset + 1, 0: empty */
	u8 name_class[SCAN_NAME_CACHE];
	struct candidate candidate[SCAN_MAX_CANDIDATES];
};

/*
 * The property names the scan uses, with their classes: inline strings,
 * not pointers, so the table needs no relocation before it is read.
 */
static const struct {
	char name[24];
	u8 cls;
} prop_names[] = {
	{ "#address-cells", PROP_ADDRESS_CELLS },
	{ "#size-cells", PROP_SIZE_CELLS },
	{ "reg", PROP_REG },
	{ "compatible", PROP_COMPATIBLE },
	{ "device_type", PROP_DEVICE_TYPE },
	{ "no-map", PROP_NO_MAP },
	{ "bootargs", PROP_BOOTARGS },
	{ "stdout-path", PROP_STDOUT_PATH },
	{ "linux,stdout-path", PROP_LINUX_STDOUT_PATH },
	{ "method", PROP_METHOD },
	{ "linux,initrd-start", PROP_INITRD_START },
	{ "linux,initrd-end", PROP_INITRD_END },
	{ "kaslr-seed", PROP_KASLR_SEED },
	{ "rng-seed", PROP_RNG_SEED },
	{ "lander,efi-placement", PROP_EFI_PLACEMENT },
};

/* What a property name is, by string compares (once per name: see prop_class()). */
static u32 classify(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(prop_names); i++)
		if (name[0] == prop_names[i].name[0] && !strcmp(name, prop_names[i].name))
			return prop_names[i].cls;
	return PROP_OTHER;
}

/* The class of the property named at nameoff: from the cache, or classify() and cache it. */
static inline u32 prop_class(struct scan *sc, u32 nameoff, const char *name)
{
	u32 slot = (nameoff * 0x9e3779b1u) >> 26; /* 6 bits: SCAN_NAME_CACHE */

	if (sc->name_key[slot] != nameoff + 1) {
		sc->name_key[slot] = nameoff + 1;
		sc->name_class[slot] = (u8)classify(name);
	}
	return sc->name_class[slot];
}

_Static_assert(SCAN_NAME_CACHE == 64, "prop_class() takes 6 bits of the hash");

/* Which depth-1 node a name is. */
static u32 node_kind(const char *name, u32 len)
{
	switch (len) {
	case 4:
		if (!memcmp(name, "psci", 4))
			return NODE_PSCI;
		return !memcmp(name, "cpus", 4) ? NODE_CPUS : NODE_OTHER;
	case 6: return !memcmp(name, "chosen", 6) ? NODE_CHOSEN : NODE_OTHER;
	case 7: return !memcmp(name, "aliases", 7) ? NODE_ALIASES : NODE_OTHER;
	case 15: return !memcmp(name, "reserved-memory", 15) ? NODE_RESERVED_MEMORY : NODE_OTHER;
	}
	return NODE_OTHER;
}

/*
 * Note a property of class cls (not PROP_OTHER) of the node being
 * collected, at depth, len bytes at value.
 */
static int note_prop(struct scan *sc, u32 cls, int depth, const void *value, u32 len)
{
	struct node_props *p = &sc->p;

	switch (cls) {
	case PROP_ADDRESS_CELLS:
		if (len != 4)
			return -FDT_ERR_BADCELLS;
		/* Any count is fine here (PCI has 3): decoding a reg checks. */
		if (!(p->seen & SEEN_ACELLS))
			p->acells = fdt32_ld(value);
		p->seen |= SEEN_ACELLS;
		break;
	case PROP_SIZE_CELLS:
		if (len != 4)
			return -FDT_ERR_BADCELLS;
		if (!(p->seen & SEEN_SCELLS))
			p->scells = fdt32_ld(value);
		p->seen |= SEEN_SCELLS;
		break;
	case PROP_REG:
		if (!p->reg) {
			p->reg = value;
			p->reg_len = len;
		}
		break;
	case PROP_COMPATIBLE:
		if (!p->compatible) {
			p->compatible = value;
			p->compatible_len = len;
		}
		break;
	case PROP_DEVICE_TYPE:
		if (!(p->seen & SEEN_DEVICE_TYPE))
			p->memory = len >= 7 && !memcmp(value, "memory", 7);
		p->seen |= SEEN_DEVICE_TYPE;
		break;
	case PROP_NO_MAP: p->nomap = true; break;
	case PROP_BOOTARGS:
		if (sc->level[depth].kind == NODE_CHOSEN && !(p->seen & SEEN_BOOTARGS)) {
			u32 n = MIN((u32)strnlen(value, len), (u32)DT_BOOTARGS_MAX - 1);

			memcpy(sc->dt->bootargs, value, n);
			sc->dt->bootargs[n] = '\0';
			p->seen |= SEEN_BOOTARGS;
		}
		break;
	case PROP_STDOUT_PATH:
		if (sc->level[depth].kind == NODE_CHOSEN && !sc->stdout_prop) {
			sc->stdout_prop = value;
			sc->stdout_prop_len = len;
		}
		break;
	case PROP_LINUX_STDOUT_PATH:
		if (sc->level[depth].kind == NODE_CHOSEN && !sc->linux_stdout_prop) {
			sc->linux_stdout_prop = value;
			sc->linux_stdout_prop_len = len;
		}
		break;
	case PROP_INITRD_START:
	case PROP_INITRD_END:
		/* A u32 or a u64, whatever #address-cells says (Linux's chosen binding). */
		if (sc->level[depth].kind == NODE_CHOSEN && depth == 1 && (len == 4 || len == 8)) {
			u32 bit = cls == PROP_INITRD_START ? SEEN_INITRD_START : SEEN_INITRD_END;
			u64 v = len == 4 ? fdt32_ld(value) : fdt64_ld(value);

			if (!(p->seen & bit))
				*(cls == PROP_INITRD_START ? &sc->dt->initrd_start :
							     &sc->dt->initrd_end) = v;
			p->seen |= bit;
		}
		break;
	case PROP_KASLR_SEED:
	case PROP_RNG_SEED:
		/* Where the value lies in the blob: the KASLR seed reads, then wipes it. */
		if (sc->level[depth].kind == NODE_CHOSEN && depth == 1) {
			u32 bit = cls == PROP_KASLR_SEED ? SEEN_KASLR_SEED : SEEN_RNG_SEED;
			struct dt_prop_loc *loc = cls == PROP_KASLR_SEED ? &sc->dt->kaslr_seed :
									   &sc->dt->rng_seed;

			if (!(p->seen & bit)) {
				loc->off = (u32)((const u8 *)value - sc->fdt->blob);
				loc->len = len;
			}
			p->seen |= bit;
		}
		break;
	case PROP_EFI_PLACEMENT:
		/* The EFI stub placed the image (boot/efi/stub.c): a short string. */
		if (sc->level[depth].kind == NODE_CHOSEN && depth == 1 &&
		    !(p->seen & SEEN_EFI_PLACEMENT)) {
			u32 n = MIN((u32)strnlen(value, len),
				    (u32)sizeof(sc->dt->efi_placement) - 1);

			memcpy(sc->dt->efi_placement, value, n);
			sc->dt->efi_placement[n] = '\0';
			sc->dt->efi_placed = true;
			p->seen |= SEEN_EFI_PLACEMENT;
		}
		break;
	case PROP_METHOD:
		if (sc->level[depth].kind == NODE_PSCI && depth == 1 && len == 4 &&
		    !sc->dt->psci_conduit)
			sc->dt->psci_conduit = !memcmp(value, "hvc", 4) ? DT_PSCI_HVC :
					       !memcmp(value, "smc", 4) ? DT_PSCI_SMC :
									  DT_PSCI_NONE;
		break;
	}
	return 0;
}

static void add_bank(struct dt_info *dt, const struct fdt_range *r)
{
	if (dt->nr_banks < DT_MAX_BANKS)
		dt->bank[dt->nr_banks++] = *r;
	else
		dt->dropped_banks++;
}

static void add_reserved(struct dt_info *dt, const struct fdt_range *r, bool nomap)
{
	if (dt->nr_reserved < DT_MAX_RESERVED)
		dt->reserved[dt->nr_reserved++] = (struct dt_reservation){ r->base, r->size,
									   nomap };
	else
		dt->dropped_reserved++;
}

/*
 * Does the absolute path [path, path + len) name the node at the end of
 * chain (chain[0] the root, chain[depth] the node)? Empty components
 * (repeated '/') are skipped.
 */
static bool path_names(const struct fdt *fdt, const char *path, u32 len, const struct level *chain,
		       int depth)
{
	const char *p = path, *end = path + len, *c;
	int d = 0;

	for (;;) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			return d == depth;
		for (c = p; c < end && *c != '/'; c++)
			;
		if (++d > depth)
			return false;
		if (!fdt_node_name_matches(fdt_node_name(fdt, chain[d].offset, NULL), p,
					   (int)(c - p)))
			return false;
		p = c;
	}
}

/* A number of 1 or 2 cells (the caller checked the count). */
static u64 cells_ld(const u8 *p, u32 cells)
{
	return cells == 2 ? fdt64_ld(p) : fdt32_ld(p);
}

/*
 * Translate *addr, an address on the bus chain[depth - 1] (the parent of
 * the node chain[depth]), to the root's address space, the CPU's: through
 * each ancestor's ranges, nearest first (Devicetree spec v0.4, 2.3.8).
 * Each entry is (child address, parent address, size) in the bus's
 * #address-cells, its parent's #address-cells and the bus's #size-cells.
 * An empty ranges maps one to one; a bus without ranges is not part of
 * the CPU's address space. Returns 0, or an enum dt_xlate_error with *bus
 * the ancestor that stopped it and *addr the address it could not place.
 */
static u32 translate(const struct fdt *fdt, const struct level *chain, int depth, u64 *addr,
		     int *bus)
{
	int d;

	for (d = depth - 1; d >= 1; d--) {
		const struct level *b = &chain[d];
		u32 ca = b->acells, pa = chain[d - 1].acells, cs = b->scells, len, entry, i;
		const u8 *r = fdt_getprop(fdt, b->offset, "ranges", &len);

		*bus = b->offset;
		if (!r)
			return DT_XLATE_NO_RANGES;
		if (!len)
			continue;
		if (!ca || ca > 2 || !pa || pa > 2 || !cs || cs > 2)
			return DT_XLATE_CELLS;
		entry = 4 * (ca + pa + cs);
		if (len % entry)
			return DT_XLATE_BAD_RANGES;
		for (i = 0; i < len / entry; i++) {
			const u8 *e = r + i * entry;
			u64 child = cells_ld(e, ca), size = cells_ld(e + 4 * ca + 4 * pa, cs);

			if (*addr >= child && *addr - child < size) {
				*addr = cells_ld(e + 4 * ca, pa) + (*addr - child);
				break;
			}
		}
		if (i == len / entry)
			return DT_XLATE_OUTSIDE;
	}
	return 0;
}

/*
 * Record node (at the end of chain) for device dev, unless an earlier one
 * won, with its reg translated to a CPU address. A node whose address
 * does not translate is not taken: the first such is reported in
 * dt->untranslated, and the device may still find another node.
 */
static void take(struct scan *sc, int dev, u32 model, const struct fdt_range *reg,
		 const struct level *chain, int depth)
{
	struct found *f = &sc->found[dev];
	u64 addr = reg->base;
	int bus = 0;
	u32 err;

	if (f->node >= 0)
		return;
	err = translate(sc->fdt, chain, depth, &addr, &bus);
	if (err) {
		struct dt_untranslated *u = &sc->dt->untranslated[dev];

		if (!u->error)
			*u = (struct dt_untranslated){ chain[depth].offset, bus, addr, err };
		return;
	}
	if (!addr)
		return; /* as for a reg at 0 (match_devices()): 0 means "none" to the users */
	f->node = chain[depth].offset;
	f->model = model;
	f->reg = *reg;
	f->pa = addr;
	if (sc->devs[dev].find == EARLY_DEV_BY_STDOUT)
		sc->dt->stdout_node = f->node;
}

/* The path is known now: settle the candidates kept so far. */
static void path_known(struct scan *sc, const char *path, u32 len)
{
	int i;

	sc->path_state = PATH_KNOWN;
	sc->path = path;
	sc->path_len = len;
	for (i = 0; i < sc->nr_candidates; i++) {
		const struct candidate *c = &sc->candidate[i];

		if (path_names(sc->fdt, path, len, c->chain, c->depth))
			take(sc, c->dev, c->model, &c->reg, c->chain, c->depth);
	}
	sc->nr_candidates = 0;
}

/* Look the alias [name, name + len) up in /aliases: its value is the path. */
static void resolve_alias(struct scan *sc, const char *name, u32 len)
{
	const char *v;
	u32 vlen;

	v = fdt_getprop_namelen(sc->fdt, sc->aliases, name, len, &vlen);
	if (!v || !vlen || strnlen(v, vlen) == vlen || v[0] != '/') {
		sc->path_state = PATH_NONE;
		sc->nr_candidates = 0;
		return;
	}
	path_known(sc, v, (u32)strlen(v));
}

/*
 * /chosen is complete: stdout-path is "path-or-alias[:options]". An alias
 * needs /aliases, which may not have come yet.
 */
static void chosen_done(struct scan *sc)
{
	const char *s = sc->stdout_prop ? sc->stdout_prop : sc->linux_stdout_prop;
	u32 len = sc->stdout_prop ? sc->stdout_prop_len : sc->linux_stdout_prop_len, n;

	if (!s || !len || strnlen(s, len) == len) {
		sc->path_state = PATH_NONE;
		sc->nr_candidates = 0;
		return;
	}
	for (n = 0; s[n] && s[n] != ':'; n++)
		;
	if (s[0] == '/') {
		path_known(sc, s, n);
	} else if (sc->aliases >= 0) {
		resolve_alias(sc, s, n);
	} else {
		sc->path_state = PATH_WAIT_ALIASES;
		sc->path = s;
		sc->path_len = n;
	}
}

/*
 * The node at depth matches early devices (its compatible and reg are
 * there): note it for each device that matches and still looks. Each
 * string of the node's compatible is measured once and compared by length
 * and first byte before any memcmp.
 */
static void match_devices(struct scan *sc, int depth, u32 ac, u32 sz)
{
	const char *list = sc->p.compatible;
	u32 model[EARLY_DEV_MAX] = { 0 };
	u32 pos = 0, i, j, want = 0;
	struct fdt_range reg;
	int n;

	for (i = 0; i < sc->nr_devs; i++)
		if (sc->found[i].node < 0 &&
		    (!sc->second_pass || sc->devs[i].find == EARLY_DEV_BY_STDOUT))
			want |= 1u << i;
	while (want && (n = fdt_string_next(list, sc->p.compatible_len, &pos)) >= 0) {
		const char *s = list + pos - n - 1;

		if (n >= 32 || !(sc->match_lengths & (1u << n)))
			continue; /* no device has a compatible of that length */
		for (i = 0; i < sc->nr_devs; i++) {
			const struct early_dev_match *m = sc->devs[i].match;

			if (!(want & (1u << i)))
				continue;
			for (j = 0; j < EARLY_DEV_MATCHES; j++) {
				if (sc->match_len[i][j] == (u32)n && m[j].compatible[0] == s[0] &&
				    !memcmp(m[j].compatible, s, (size_t)n)) {
					model[i] = m[j].model;
					want &= ~(1u << i);
					break;
				}
			}
		}
	}
	for (i = 0; i < sc->nr_devs; i++) {
		if (!model[i] || fdt_reg_entry(sc->p.reg, sc->p.reg_len, ac, sz, 0, &reg) ||
		    !reg.base)
			continue;
		if (sc->devs[i].find != EARLY_DEV_BY_STDOUT) {
			take(sc, (int)i, model[i], &reg, sc->level, depth);
		} else if (sc->path_state == PATH_KNOWN) {
			if (path_names(sc->fdt, sc->path, sc->path_len, sc->level, depth))
				take(sc, (int)i, model[i], &reg, sc->level, depth);
		} else if (sc->path_state != PATH_NONE) {
			struct candidate *c;

			if (sc->nr_candidates == SCAN_MAX_CANDIDATES) {
				sc->candidates_dropped = true;
				continue;
			}
			c = &sc->candidate[sc->nr_candidates++];
			c->dev = (int)i;
			c->depth = depth;
			c->model = model[i];
			c->reg = reg;
			memcpy(c->chain, sc->level, (size_t)(depth + 1) * sizeof(c->chain[0]));
		}
	}
}

/* The node at depth has all its properties: say what it is. */
static int finish_node(struct scan *sc, int depth)
{
	const struct node_props *p = &sc->p;
	struct dt_info *dt = sc->dt;
	struct level *l = &sc->level[depth];
	u32 ac = depth ? l[-1].acells : 2, sz = depth ? l[-1].scells : 1, parent_kind, i;
	struct fdt_range r;
	int err = 0;

	sc->pending = -1;
	l->acells = p->acells;
	l->scells = p->scells;
	parent_kind = depth == 2 ? l[-1].kind : NODE_OTHER;

	if (l->kind == NODE_CHOSEN && depth == 1) {
		chosen_done(sc);
	} else if (l->kind == NODE_ALIASES && depth == 1) {
		sc->aliases = l->offset;
		if (sc->path_state == PATH_WAIT_ALIASES)
			resolve_alias(sc, sc->path, sc->path_len);
	}

	if (sc->second_pass) {
		/* Only the early devices found by stdout-path are looked for again. */
	} else if (p->memory && p->reg) {
		if (!sz)
			return -FDT_ERR_BADCELLS;
		for (i = 0; !(err = fdt_reg_entry(p->reg, p->reg_len, ac, sz, i, &r)); i++)
			add_bank(dt, &r);
	} else if (parent_kind == NODE_RESERVED_MEMORY && p->reg) {
		for (i = 0; !(err = fdt_reg_entry(p->reg, p->reg_len, ac, sz, i, &r)); i++)
			add_reserved(dt, &r, p->nomap);
	} else if (parent_kind == NODE_CPUS && dt->boot_cpu_node < 0 && p->reg &&
		   fdt_reg_entry(p->reg, p->reg_len, ac, 0, 0, &r) == 0 && r.base == sc->boot_cpu) {
		dt->boot_cpu_node = l->offset;
	}
	if (err && err != -FDT_ERR_NOTFOUND)
		return err;

	if (p->compatible && p->reg)
		match_devices(sc, depth, ac, sz);
	return 0;
}

/* A node begins: open its level and start collecting its properties. */
static void begin_node(struct scan *sc, int offset, int depth, const char *name, u32 len)
{
	struct level *l = &sc->level[depth];

	l->offset = offset;
	l->kind = depth == 1 ? node_kind(name, len) : NODE_OTHER;
	/* As for a path lookup, the first /chosen and the first /aliases count. */
	if (l->kind == NODE_CHOSEN) {
		if (sc->seen_chosen)
			l->kind = NODE_OTHER;
		sc->seen_chosen = true;
	} else if (l->kind == NODE_ALIASES) {
		if (sc->seen_aliases)
			l->kind = NODE_OTHER;
		sc->seen_aliases = true;
	}
	sc->pending = depth;
	sc->p.reg = NULL;
	sc->p.compatible = NULL;
	sc->p.acells = 2;
	sc->p.scells = 1;
	sc->p.memory = false;
	sc->p.nomap = false;
	sc->p.seen = 0;
}

/* Fill every early device the pass found, and clear the others. */
static void commit_devices(struct scan *sc)
{
	unsigned int i, j;
	u32 v;

	for (i = 0; i < sc->nr_devs; i++) {
		struct early_dev *d = &sc->devs[i];
		const struct found *f = &sc->found[i];

		d->node = f->node;
		d->model = f->node >= 0 ? f->model : 0;
		d->reg = f->node >= 0 ? f->reg : (struct fdt_range){ 0, 0 };
		for (j = 0; j < EARLY_DEV_PROPS; j++) {
			d->value[j] = d->prop[j].dflt;
			if (f->node >= 0 && d->prop[j].name[0] &&
			    fdt_getprop_u32(sc->fdt, f->node, d->prop[j].name, &v) == 0)
				d->value[j] = v;
		}
		d->regs.pa = f->node >= 0 ? f->pa : 0;
		d->regs.base = d->regs.pa;
	}
}

/* Start the scan: the devices' compatibles measured, nothing found yet. */
static void scan_start(struct scan *sc, const struct fdt *fdt, u64 boot_cpu, struct early_dev *devs,
		       unsigned int nr_devs, struct dt_info *dt)
{
	unsigned int i, j;

	sc->fdt = fdt;
	sc->dt = dt;
	sc->boot_cpu = boot_cpu;
	sc->pending = -1;
	sc->aliases = -1;
	sc->stdout_prop = NULL;
	sc->linux_stdout_prop = NULL;
	sc->seen_chosen = false;
	sc->seen_aliases = false;
	sc->path_state = PATH_UNKNOWN;
	sc->nr_candidates = 0;
	sc->candidates_dropped = false;
	sc->second_pass = false;
	memset(sc->name_key, 0, sizeof(sc->name_key));
	sc->match_lengths = 0;
	sc->devs = devs;
	sc->nr_devs = MIN(nr_devs, (unsigned int)EARLY_DEV_MAX);
	for (i = 0; i < sc->nr_devs; i++) {
		sc->found[i].node = -FDT_ERR_NOTFOUND;
		for (j = 0; j < EARLY_DEV_MATCHES; j++) {
			/* An unused entry ("") must not match an empty string. */
			sc->match_len[i][j] = (u32)strnlen(sc->devs[i].match[j].compatible,
							   EARLY_DEV_COMPAT_LEN);
			if (!sc->match_len[i][j])
				sc->match_len[i][j] = ~0u;
			else
				sc->match_lengths |= 1u << sc->match_len[i][j];
		}
	}

	dt->nr_banks = 0;
	dt->nr_reserved = 0;
	dt->bootargs[0] = '\0';
	dt->efi_placement[0] = '\0';
	dt->efi_placed = false;
	dt->boot_cpu_node = -FDT_ERR_NOTFOUND;
	dt->dropped_banks = 0;
	dt->dropped_reserved = 0;
	dt->stdout_rescans = 0;
	dt->stdout_node = -FDT_ERR_NOTFOUND;
	dt->psci_conduit = DT_PSCI_NONE;
	dt->initrd_start = 0;
	dt->initrd_end = 0;
	memset(dt->untranslated, 0, sizeof(dt->untranslated));
}

/*
 * More nodes an early device matched came before stdout-path than the
 * scan keeps (SCAN_MAX_CANDIDATES): walk the tree again, the path in hand,
 * for the devices found through it. Only a tree with that many UARTs
 * before /chosen pays for this.
 */
static __noinline void second_pass(struct scan *sc)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;

	sc->second_pass = true;
	sc->pending = -1;
	sc->dt->stdout_rescans++;
	/* The first pass accepted the tree: nothing here can fail. */
	while (fdt_walk(sc->fdt, &w, &it) > 0) {
		if (it.type == FDT_ITEM_PROP) {
			u32 cls = prop_class(sc, it.nameoff, it.name);

			if (cls != PROP_OTHER)
				note_prop(sc, cls, it.depth, it.value, it.len);
		} else {
			if (sc->pending >= 0)
				finish_node(sc, sc->pending);
			if (it.type == FDT_ITEM_NODE)
				begin_node(sc, it.offset, it.depth, it.name, it.len);
		}
	}
}

int dt_info_scan(const struct fdt *fdt, u64 boot_cpu, struct early_dev *devs, unsigned int nr_devs,
		 struct dt_info *dt)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	struct scan sc;
	struct fdt_range r;
	int err, bad = 0;
	u32 i;

	scan_start(&sc, fdt, boot_cpu, devs, nr_devs, dt);
	/*
	 * After a bad reg or cell count the walk goes on to the end: a broken
	 * structure block, which may be what made the reg look bad, is the
	 * error to report.
	 */
	while ((err = fdt_walk(fdt, &w, &it)) > 0) {
		if (bad)
			continue;
		if (it.type == FDT_ITEM_PROP) {
			/* Most properties are of no interest: one cache probe each. */
			u32 cls = prop_class(&sc, it.nameoff, it.name);

			if (cls != PROP_OTHER)
				bad = note_prop(&sc, cls, it.depth, it.value, it.len);
		} else {
			/* A child or the end: the pending node is complete. */
			if (sc.pending >= 0)
				bad = finish_node(&sc, sc.pending);
			if (it.type == FDT_ITEM_NODE)
				begin_node(&sc, it.offset, it.depth, it.name, it.len);
		}
	}
	if (err || bad)
		return err ? err : bad;
	if (sc.candidates_dropped && sc.path_state == PATH_KNOWN) {
		for (i = 0; i < sc.nr_devs; i++)
			if (sc.devs[i].find == EARLY_DEV_BY_STDOUT && sc.found[i].node < 0)
				break;
		if (i < sc.nr_devs)
			second_pass(&sc);
	}

	/* The reservation map, read once from its start. */
	for (i = 0; i < fdt->rsv_count; i++) {
		fdt_mem_rsv(fdt, i, &r);
		add_reserved(dt, &r, false);
	}
	commit_devices(&sc);
	return 0;
}

int dt_info_salvage(const void *blob, size_t max_size, struct early_dev *devs, unsigned int nr_devs,
		    struct dt_info *dt)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	struct scan sc;
	struct fdt fdt;
	unsigned int i;
	int err, found = 0;

	err = fdt_init_any_magic(&fdt, blob, max_size);
	if (err)
		return err;
	scan_start(&sc, &fdt, ~0ULL, devs, nr_devs, dt);
	/* As dt_info_scan(), up to the first error of either kind. */
	while (fdt_walk(&fdt, &w, &it) > 0) {
		if (it.type == FDT_ITEM_PROP) {
			u32 cls = prop_class(&sc, it.nameoff, it.name);

			if (cls != PROP_OTHER && note_prop(&sc, cls, it.depth, it.value, it.len))
				break;
		} else {
			if (sc.pending >= 0 && finish_node(&sc, sc.pending))
				break;
			if (it.type == FDT_ITEM_NODE)
				begin_node(&sc, it.offset, it.depth, it.name, it.len);
		}
	}
	commit_devices(&sc);
	for (i = 0; i < sc.nr_devs; i++)
		if (devs[i].node >= 0)
			found++;
	return found;
}
