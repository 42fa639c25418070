// SPDX-License-Identifier: GPL-2.0
/*
 * One pass over the device tree (see include/lander/dt_info.h).
 *
 * fdt_walk() hands over the tree token by token, each decoded once. A
 * node's properties come before its children, so a node is complete
 * ("finished") when its first child or its end arrives; then its
 * properties say what it is. Every node is also recorded (offset, parent,
 * the cell counts it sets for its children), so stdout-path can be
 * resolved and its reg decoded afterwards without walking the tree again
 * (a tree with more nodes than the index holds falls back to the general
 * lookup for stdout-path).
 *
 * Early subset: runs with the MMU off, before relocation.
 */
#include <lander/dt_info.h>
#include <lander/string.h>

/* The scan's record of one node. */
struct scan_node {
	int offset;
	int parent;	   /* index in nodes[], -1 for the root */
	u8 acells, scells; /* what it sets for its children */
};

/* Scratch for the scan: enough for any tree QEMU or a board hands over. */
#define SCAN_MAX_NODES 512
static struct scan_node nodes[SCAN_MAX_NODES];

/* What a node's interesting properties are. */
struct node_props {
	const char *device_type, *compatible, *bootargs, *stdout_path;
	const u8 *reg;
	u32 device_type_len, compatible_len, bootargs_len, stdout_path_len, reg_len;
	u32 acells, scells;
	bool nomap;
};

/* The scan's state between tokens. */
struct scan {
	const struct fdt *fdt;
	struct dt_info *dt;
	u64 boot_cpu;
	int count;		       /* nodes recorded */
	int open[FDT_MAX_DEPTH + 1];   /* index of the open node at each depth (-1: unrecorded) */
	int offset[FDT_MAX_DEPTH + 1]; /* offset of the open node at each depth */
	const char *name[FDT_MAX_DEPTH + 1]; /* and its name */
	u32 acells[FDT_MAX_DEPTH + 1];	     /* cells the open node at each depth sets */
	u32 scells[FDT_MAX_DEPTH + 1];
	enum { OTHER, RESERVED_MEMORY, CPUS } kind[FDT_MAX_DEPTH + 1];
	int pending; /* depth of the node still collecting properties, or -1 */
	struct node_props p;
	const char *stdout_path;
	u32 stdout_len;
	int aliases; /* the /aliases node, or -1 */
};

static bool name_is(const char *name, const char *want)
{
	return !strcmp(name, want);
}

/* Note a property of the node being collected, if it is one we use. */
static int note_prop(struct node_props *p, const char *name, const void *val, u32 len)
{
	switch (name[0]) {
	case '#':
		if (name_is(name, "#address-cells") || name_is(name, "#size-cells")) {
			if (len != 4)
				return -FDT_ERR_BADCELLS;
			/* Any count is fine here (PCI has 3): decoding a reg checks. */
			if (name[1] == 'a')
				p->acells = fdt32_ld(val);
			else
				p->scells = fdt32_ld(val);
		}
		break;
	case 'r':
		if (name_is(name, "reg")) {
			p->reg = val;
			p->reg_len = len;
		}
		break;
	case 'c':
		if (name_is(name, "compatible")) {
			p->compatible = val;
			p->compatible_len = len;
		}
		break;
	case 'd':
		if (name_is(name, "device_type")) {
			p->device_type = val;
			p->device_type_len = len;
		}
		break;
	case 'n': p->nomap |= name_is(name, "no-map"); break;
	case 'b':
		if (name_is(name, "bootargs")) {
			p->bootargs = val;
			p->bootargs_len = len;
		}
		break;
	case 's':
	case 'l':
		if (name_is(name, "stdout-path") ||
		    (!p->stdout_path && name_is(name, "linux,stdout-path"))) {
			p->stdout_path = val;
			p->stdout_path_len = len;
		}
		break;
	}
	return 0;
}

/* Does a compatible list (NUL-separated strings) hold want? */
static bool has_compatible(const struct node_props *p, const char *want)
{
	u32 i = 0, n = strlen(want);

	while (i < p->compatible_len) {
		u32 len = strnlen(p->compatible + i, p->compatible_len - i);

		if (len == n && !memcmp(p->compatible + i, want, n))
			return true;
		i += len + 1;
	}
	return false;
}

/* A number of 0, 1 or 2 cells. */
static u64 read_cells(const u8 *p, u32 cells)
{
	return cells == 2 ? fdt64_ld(p) : cells == 1 ? fdt32_ld(p) : 0;
}

/*
 * The i-th entry of a reg of len bytes at reg, under a parent with (ac, sc)
 * cells. Returns 0, -FDT_ERR_NOTFOUND past the end, or another error.
 */
static int reg_entry(const u8 *reg, u32 len, u32 ac, u32 sc, u32 i, struct fdt_range *out)
{
	u32 entry = 4 * (ac + sc);

	if (ac > 2 || sc > 2)
		return -FDT_ERR_BADCELLS;
	if (!entry || len % entry)
		return -FDT_ERR_BADVALUE;
	if (i >= len / entry)
		return -FDT_ERR_NOTFOUND;
	out->base = read_cells(reg + i * entry, ac);
	out->size = read_cells(reg + i * entry + 4 * ac, sc);
	return 0;
}

static void add_bank(struct dt_info *dt, const struct fdt_range *r)
{
	if (dt->nr_banks < DT_MAX_BANKS)
		dt->bank[dt->nr_banks++] = *r;
	else
		dt->dropped++;
}

static void add_reserved(struct dt_info *dt, const struct fdt_range *r, bool nomap)
{
	if (dt->nr_reserved < DT_MAX_RESERVED)
		dt->reserved[dt->nr_reserved++] = (struct dt_reservation){ r->base, r->size,
									   nomap };
	else
		dt->dropped++;
}

/* Copy /chosen's bootargs (a string, NUL included) into dt. */
static void copy_bootargs(struct dt_info *dt, const struct node_props *p)
{
	u32 n;

	if (!p->bootargs || !p->bootargs_len)
		return;
	n = MIN((u32)strnlen(p->bootargs, p->bootargs_len), (u32)DT_BOOTARGS_MAX - 1);
	memcpy(dt->bootargs, p->bootargs, n);
	dt->bootargs[n] = '\0';
}

/* The node at depth has all its properties: record and classify it. */
static int finish_node(struct scan *sc, int depth)
{
	const struct node_props *p = &sc->p;
	struct dt_info *dt = sc->dt;
	int idx = sc->open[depth], offset = sc->offset[depth], err = 0;
	u32 ac = depth ? sc->acells[depth - 1] : 2, sz = depth ? sc->scells[depth - 1] : 1, i;
	const char *name = sc->name[depth];
	struct fdt_range r;

	sc->pending = -1;
	sc->acells[depth] = p->acells;
	sc->scells[depth] = p->scells;
	if (idx >= 0) {
		nodes[idx].acells = (u8)MIN(p->acells, 255u);
		nodes[idx].scells = (u8)MIN(p->scells, 255u);
	}
	sc->kind[depth] = OTHER;
	if (depth == 1) {
		if (name_is(name, "chosen")) {
			copy_bootargs(dt, p);
			sc->stdout_path = p->stdout_path;
			sc->stdout_len = p->stdout_path_len;
		} else if (name_is(name, "aliases")) {
			sc->aliases = offset;
		} else if (name_is(name, "reserved-memory")) {
			sc->kind[depth] = RESERVED_MEMORY;
		} else if (name_is(name, "cpus")) {
			sc->kind[depth] = CPUS;
		}
	}

	if (p->device_type && p->device_type_len >= 7 && !memcmp(p->device_type, "memory", 7)) {
		if (!sz)
			return -FDT_ERR_BADCELLS;
		for (i = 0; p->reg && !(err = reg_entry(p->reg, p->reg_len, ac, sz, i, &r)); i++)
			add_bank(dt, &r);
	} else if (depth == 2 && sc->kind[1] == RESERVED_MEMORY) {
		for (i = 0; p->reg && !(err = reg_entry(p->reg, p->reg_len, ac, sz, i, &r)); i++)
			add_reserved(dt, &r, p->nomap);
	} else if (depth == 2 && sc->kind[1] == CPUS && dt->boot_cpu_node < 0 && p->reg &&
		   reg_entry(p->reg, p->reg_len, ac, 0, 0, &r) == 0 && r.base == sc->boot_cpu) {
		dt->boot_cpu_node = offset;
	}
	if (err && err != -FDT_ERR_NOTFOUND)
		return err;

	if (dt->poweroff.node < 0 && p->compatible && p->reg &&
	    (has_compatible(p, "sifive,test1") || has_compatible(p, "sifive,test0")) &&
	    reg_entry(p->reg, p->reg_len, ac, sz, 0, &r) == 0) {
		dt->poweroff.node = offset;
		dt->poweroff.reg = r;
	}
	return 0;
}

/*
 * The recorded node at the absolute path [p, end), or -1. Empty
 * components (repeated '/') are skipped.
 */
static int find_path(const struct fdt *fdt, int count, const char *p, const char *end)
{
	int cur = 0, i;

	while (p < end) {
		const char *c;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		for (c = p; c < end && *c != '/'; c++)
			;
		for (i = cur + 1; i < count; i++) {
			if (nodes[i].parent == cur &&
			    fdt_node_name_matches(fdt_node_name(fdt, nodes[i].offset, NULL), p,
						  (int)(c - p)))
				break;
		}
		if (i == count)
			return -1;
		cur = i;
		p = c;
	}
	return cur;
}

/*
 * Resolve stdout-path ("path-or-alias[:options]") to a recorded node and
 * decode its first reg entry.
 */
static void resolve_stdout(struct scan *sc)
{
	const struct fdt *fdt = sc->fdt;
	const char *path = sc->stdout_path, *end;
	u32 len = sc->stdout_len;
	int idx;

	if (!path || !len || strnlen(path, len) == len)
		return;
	end = strchr(path, ':');
	if (!end)
		end = path + strlen(path);
	if (path[0] != '/') {
		/* An alias: its value in /aliases is the path. */
		char name[64];
		u32 alen;

		if (sc->aliases < 0 || end - path >= (int)sizeof(name))
			return;
		memcpy(name, path, end - path);
		name[end - path] = '\0';
		path = fdt_getprop(fdt, sc->aliases, name, &alen);
		if (!path || !alen || strnlen(path, alen) == alen || path[0] != '/')
			return;
		end = path + strlen(path);
	}
	idx = find_path(fdt, sc->count, path, end);
	if (idx < 0)
		return;
	sc->dt->stdout.node = nodes[idx].offset;
	if (idx > 0) {
		const struct scan_node *parent = &nodes[nodes[idx].parent];
		u32 rlen;
		const u8 *reg = fdt_getprop(fdt, nodes[idx].offset, "reg", &rlen);

		if (reg)
			reg_entry(reg, rlen, parent->acells, parent->scells, 0,
				  &sc->dt->stdout.reg);
	}
}

int dt_info_scan(const struct fdt *fdt, u64 boot_cpu, struct dt_info *dt)
{
	struct fdt_walker w = { 0, 0 };
	struct fdt_item it;
	struct scan sc;
	int err, i, n;

	memset(dt, 0, sizeof(*dt));
	dt->stdout.node = dt->poweroff.node = dt->boot_cpu_node = -FDT_ERR_NOTFOUND;
	memset(&sc, 0, sizeof(sc));
	sc.fdt = fdt;
	sc.dt = dt;
	sc.boot_cpu = boot_cpu;
	sc.pending = -1;
	sc.aliases = -1;

	while ((err = fdt_walk(fdt, &w, &it)) > 0) {
		err = 0;
		if (it.depth > FDT_MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		if (it.type == FDT_ITEM_PROP) {
			err = note_prop(&sc.p, it.name, it.value, it.len);
		} else {
			/* A child or the end: the pending node is complete. */
			if (sc.pending >= 0)
				err = finish_node(&sc, sc.pending);
			if (!err && it.type == FDT_ITEM_NODE) {
				int idx = sc.count < SCAN_MAX_NODES ? sc.count++ : -1;

				if (idx >= 0)
					nodes[idx] = (struct scan_node){
						it.offset, it.depth ? sc.open[it.depth - 1] : -1, 2,
						1
					};
				sc.open[it.depth] = idx;
				sc.offset[it.depth] = it.offset;
				sc.name[it.depth] = it.name;
				sc.pending = it.depth;
				memset(&sc.p, 0, sizeof(sc.p));
				sc.p.acells = 2;
				sc.p.scells = 1;
			}
		}
		if (err)
			return err;
	}
	if (err)
		return err;

	n = fdt_num_mem_rsv(fdt);
	for (i = 0; i < n; i++) {
		struct fdt_range r;

		if (fdt_get_mem_rsv(fdt, i, &r) == 0)
			add_reserved(dt, &r, false);
	}
	if (sc.count < SCAN_MAX_NODES) {
		resolve_stdout(&sc);
	} else {
		/* Too many nodes to index: the slow, general lookup. */
		dt->stdout.node = fdt_stdout_node(fdt);
		if (dt->stdout.node >= 0)
			fdt_read_reg(fdt, dt->stdout.node, 0, &dt->stdout.reg);
	}
	return 0;
}
