// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of lib/fdt.c, the device-tree reader.
 *
 *	test_fdt FIXTURE_DIR
 *
 * For every *.dtb in FIXTURE_DIR the reader is compared with libfdt, used
 * as an oracle: the kernel's walk (every node and property, in order),
 * fdt_getprop(), reg decoding and string lists on every node, and the
 * boot's one-pass scan (dt_info_scan()): memory banks, reservations
 * (/memreserve/ and /reserved-memory, no-map), bootargs, the boot CPU's
 * node and the early devices (the stdout console, the poweroff device, an
 * RTC) with their reg, its translation through the buses' ranges (worked
 * out here with libfdt's parent and property calls) and properties. The
 * test-side navigation (fdt_nav.c: parents, children, paths) is compared
 * too. Then come known values of the fixtures of tests/fixtures, corrupted
 * blobs that must be refused with the right error, offsets that name
 * nothing, and a seeded random-mutation loop run under AddressSanitizer:
 * 20000 mutations of each fixture (2000 of most of the near-identical QEMU
 * dumps); FDT_SEED=N picks the seed, FDT_MUTATIONS=N the count for every
 * fixture, FDT_DUMP=FILE writes the first failing mutation there.
 *
 * Last, every real board's tree in FIXTURE_DIR/../boards (make board-dtbs;
 * FDT_BOARDS=DIR for another place; skipped when there are none): each
 * stdout console at the address the oracle translates, and five boards'
 * consoles at addresses worked out by hand.
 *
 * libfdt's function names (fdt_getprop, fdt_next_node...) are also ours,
 * so the two cannot be linked into one program, nor declared in one file.
 * The test therefore loads libfdt with dlopen() and reaches it through
 * function pointers: not being linked in, it keeps its own definitions.
 *
 * A blob is accepted when fdt_init() and the scan both accept it
 * (fdt_check()): that is where the kernel checks a DTB.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

#include <lander/dt_info.h>
#include <lander/early_dev.h>
#include <lander/fdt.h>

#include "../../arch/arm64/include/asm/cpu.h" /* arm64_mpidr_cpu_id() */
#include "fdt_nav.h"
#include "libfdt_dl.h"
#include "read_file.h"
#include "tap.h"

/* Tokens, as in lib/fdt.c (the spec's numbers). */
#define T_BEGIN_NODE 1
#define T_END_NODE   2
#define T_PROP	     3
#define T_NOP	     4
#define T_END	     9

/* Header field offsets. */
#define H_TOTALSIZE    4
#define H_OFF_STRUCT   8
#define H_OFF_STRINGS  12
#define H_OFF_RSVMAP   16
#define H_VERSION      20
#define H_LAST_COMP    24
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT  36

#define MAX_BANKS 64

/* ------------------------------------------------------------------ */
/* The early devices the scan fills here: the kernel's two and an RTC */

enum { DEV_CONSOLE, DEV_POWEROFF, DEV_RTC, NR_DEVS };

static struct early_dev test_devs[NR_DEVS] = {
	[DEV_CONSOLE] = {
		.name = "console",
		.find = EARLY_DEV_BY_STDOUT,
		.match = { { "arm,pl011", 1 }, { "ns16550a", 2 }, { "ns16550", 3 } },
		.prop = { { "reg-shift", 0 }, { "reg-io-width", 1 } },
	},
	[DEV_POWEROFF] = {
		.name = "poweroff",
		.find = EARLY_DEV_BY_COMPATIBLE,
		.match = { { "sifive,test1", 1 }, { "sifive,test0", 2 } },
	},
	[DEV_RTC] = {
		.name = "rtc",
		.find = EARLY_DEV_BY_COMPATIBLE,
		.match = { { "arm,pl031", 1 }, { "google,goldfish-rtc", 2 } },
		.prop = { { "", 0 }, { "interrupts", 7 } },
	},
};

static struct dt_info scratch_dt;

/* What the kernel does with a DTB: fdt_init(), then the scan. *f is zeroed on failure. */
static int fdt_check(struct fdt *f, const void *blob, size_t size)
{
	int err = fdt_init(f, blob, size);

	if (!err)
		err = dt_info_scan(f, 0, test_devs, NR_DEVS, &scratch_dt);
	/* What the boot then does: a best-effort look, which must stay inside the blob too. */
	if (err && blob)
		dt_info_salvage(blob, size, test_devs, NR_DEVS, &scratch_dt);
	if (err)
		memset(f, 0, sizeof(*f));
	return err;
}

/* The structure block's size as the walk measures it (0 on an error). */
static u32 walked_size(const struct fdt *f)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	int err;

	while ((err = fdt_walk(f, &w, &it)) > 0)
		;
	return err ? 0 : w.struct_end;
}

/* ------------------------------------------------------------------ */
/* libfdt, loaded at run time */

static struct {
	int (*check_full)(const void *fdt, size_t bufsize);
	int (*next_node)(const void *fdt, int offset, int *depth);
	int (*first_subnode)(const void *fdt, int offset);
	int (*next_subnode)(const void *fdt, int offset);
	const char *(*get_name)(const void *fdt, int node, int *lenp);
	int (*first_property_offset)(const void *fdt, int node);
	int (*next_property_offset)(const void *fdt, int offset);
	const void *(*getprop_by_offset)(const void *fdt, int offset, const char **namep,
					 int *lenp);
	const void *(*getprop)(const void *fdt, int node, const char *name, int *lenp);
	int (*path_offset_namelen)(const void *fdt, const char *path, int namelen);
	int (*num_mem_rsv)(const void *fdt);
	int (*get_mem_rsv)(const void *fdt, int n, uint64_t *address, uint64_t *size);
	int (*node_check_compatible)(const void *fdt, int node, const char *compatible);
	int (*node_offset_by_compatible)(const void *fdt, int start, const char *compatible);
	int (*open_into)(const void *fdt, void *buf, int bufsize);
	int (*pack)(void *fdt);
	int (*parent_offset)(const void *fdt, int node);
} lf;

static int load_libfdt(void)
{
	void *h = libfdt_open();

	if (!h)
		return -1;
#define LOAD(field, sym)                           \
	do {                                       \
		if (libfdt_sym(h, &lf.field, sym)) \
			return -1;                 \
	} while (0)
	LOAD(check_full, "fdt_check_full");
	LOAD(next_node, "fdt_next_node");
	LOAD(first_subnode, "fdt_first_subnode");
	LOAD(next_subnode, "fdt_next_subnode");
	LOAD(get_name, "fdt_get_name");
	LOAD(first_property_offset, "fdt_first_property_offset");
	LOAD(next_property_offset, "fdt_next_property_offset");
	LOAD(getprop_by_offset, "fdt_getprop_by_offset");
	LOAD(getprop, "fdt_getprop");
	LOAD(path_offset_namelen, "fdt_path_offset_namelen");
	LOAD(num_mem_rsv, "fdt_num_mem_rsv");
	LOAD(get_mem_rsv, "fdt_get_mem_rsv");
	LOAD(node_check_compatible, "fdt_node_check_compatible");
	LOAD(node_offset_by_compatible, "fdt_node_offset_by_compatible");
	LOAD(open_into, "fdt_open_into");
	LOAD(pack, "fdt_pack");
	LOAD(parent_offset, "fdt_parent_offset");
#undef LOAD
	return 0;
}

/* ------------------------------------------------------------------ */
/* Small helpers */

static u32 be32(const void *p)
{
	const u8 *b = p;

	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

static void put32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static u64 rng_next(u64 *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static u64 rng_below(u64 *s, u64 n)
{
	return n ? rng_next(s) % n : 0;
}

static u64 hash_str(const char *s)
{
	u64 h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (u8)*s++) * 0x100000001b3ULL;
	return h;
}

/* A copy of exactly size bytes, so that ASan sees any read past it. */
static u8 *dup_blob(const void *blob, size_t size)
{
	u8 *p = malloc(size ? size : 1);

	memcpy(p, blob, size);
	return p;
}

/* The error nav_read_reg() should give, or 0 with the entries, from raw cells. */
struct want_reg {
	int err;
	int acells, scells;
	const u8 *cells;
	u32 count;
};

/* Read a cell-count property of node the way the reader is meant to. */
static int want_cells(const u8 *blob, int node, const char *name, int dflt)
{
	const u8 *v;
	int len;

	v = lf.getprop(blob, node, name, &len);
	if (!v)
		return dflt;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	if (be32(v) > 2)
		return -FDT_ERR_BADCELLS;
	return (int)be32(v);
}

static void want_reg(const u8 *blob, int node, int parent, struct want_reg *w)
{
	int len;

	memset(w, 0, sizeof(*w));
	w->cells = lf.getprop(blob, node, "reg", &len);
	if (!w->cells) {
		w->err = -FDT_ERR_NOTFOUND;
		return;
	}
	w->acells = parent < 0 ? 2 : want_cells(blob, parent, "#address-cells", 2);
	if (w->acells < 0) {
		w->err = w->acells;
		return;
	}
	w->scells = parent < 0 ? 1 : want_cells(blob, parent, "#size-cells", 1);
	if (w->scells < 0) {
		w->err = w->scells;
		return;
	}
	if (w->acells + w->scells == 0) {
		w->err = -FDT_ERR_BADCELLS;
		return;
	}
	if (len % (4 * (w->acells + w->scells))) {
		w->err = -FDT_ERR_BADVALUE;
		return;
	}
	w->count = (u32)len / (4 * (w->acells + w->scells));
}

static u64 want_cells_val(const u8 *p, int n)
{
	if (n == 2)
		return ((u64)be32(p) << 32) | be32(p + 4);
	return n == 1 ? be32(p) : 0;
}

static struct fdt_range want_entry(const struct want_reg *w, u32 i)
{
	const u8 *p = w->cells + 4 * i * (u32)(w->acells + w->scells);
	struct fdt_range r = {
		want_cells_val(p, w->acells),
		want_cells_val(p + 4 * w->acells, w->scells),
	};

	return r;
}

/* ------------------------------------------------------------------ */
/* The comparison with libfdt */

/*
 * How thorough compare() is: on the fixtures everything is checked; on
 * mutated blobs, costly per-node checks are sampled and lookups whose
 * libfdt result is not well defined on odd input (aliases) are skipped.
 */
struct cmp_opts {
	bool full;
	u64 *rng;	  /* for sampling when !full */
	const char *what; /* for messages */
};

static bool sample(const struct cmp_opts *o)
{
	return o->full || rng_below(o->rng, 16) == 0;
}

static void compare_reg(const struct fdt *f, const u8 *blob, int node, int parent,
			const struct cmp_opts *o)
{
	struct want_reg w;
	struct fdt_range r;
	u32 i;
	int err;

	want_reg(blob, node, parent, &w);
	if (w.err) {
		err = nav_read_reg(f, node, 0, &r);
		TAP_CHECK(err == w.err, "%s node %d reg: %d, want %d", o->what, node, err, w.err);
		return;
	}
	for (i = 0; i <= w.count; i++) {
		err = nav_read_reg(f, node, i, &r);
		if (i == w.count) {
			TAP_CHECK(err == -FDT_ERR_NOTFOUND, "%s node %d reg[%u] past end: %d",
				  o->what, node, i, err);
			break;
		}
		struct fdt_range e = want_entry(&w, i);

		TAP_CHECK(err == 0 && r.base == e.base && r.size == e.size,
			  "%s node %d reg[%u]: %d %llx+%llx, want %llx+%llx", o->what, node, i, err,
			  r.base, r.size, e.base, e.size);
		if (!o->full && i >= 4)
			break;
	}
}

/* Compare all of node's properties, in order. */
static void compare_props(const struct fdt *f, const u8 *blob, int node, const struct cmp_opts *o)
{
	int lp = lf.first_property_offset(blob, node);
	int p = nav_first_prop(f, node);

	while (lp >= 0) {
		const char *lname, *name;
		const void *lval, *val, *g, *lg;
		int llen, glen;
		u32 len, gl;

		TAP_CHECK(p == lp, "%s node %d: prop at %d, want %d", o->what, node, p, lp);
		if (p != lp)
			return;
		lval = lf.getprop_by_offset(blob, lp, &lname, &llen);
		val = nav_prop(f, p, &name, &len);
		TAP_CHECK(val == lval && name && lname && !strcmp(name, lname) && len == (u32)llen,
			  "%s prop %d: %s/%u, want %s/%d", o->what, p, name ? name : "(null)", len,
			  lname ? lname : "(null)", llen);
		if (!val || !name)
			return;
		TAP_CHECK(!memcmp(val, lval, len), "%s prop %s bytes differ", o->what, name);

		/* Lookup by name finds the first property so called. */
		if (sample(o)) {
			g = fdt_getprop(f, node, name, &gl);
			lg = lf.getprop(blob, node, name, &glen);
			TAP_CHECK(g == lg && g && gl == (u32)glen, "%s getprop %s", o->what, name);
			if (g == val && len == 4) {
				u32 v = 0;

				TAP_CHECK(fdt_getprop_u32(f, node, name, &v) == 0 && v == be32(val),
					  "%s getprop_u32 %s", o->what, name);
			} else if (g == val) {
				u32 v;

				TAP_CHECK(fdt_getprop_u32(f, node, name, &v) == -FDT_ERR_BADVALUE,
					  "%s getprop_u32 %s of %u bytes", o->what, name, len);
			}
		}
		lp = lf.next_property_offset(blob, lp);
		p = nav_next_prop(f, p);
	}
	TAP_CHECK(p == -FDT_ERR_NOTFOUND, "%s node %d: extra prop %d (libfdt %d)", o->what, node, p,
		  lp);
	TAP_CHECK(!fdt_getprop(f, node, "no-such-property", NULL), "%s", o->what);
}

/* nav_is_compatible() against libfdt for each string node lists. */
static void compare_compatible(const struct fdt *f, const u8 *blob, int node,
			       const struct cmp_opts *o)
{
	const char *list, *s;
	int len;

	list = lf.getprop(blob, node, "compatible", &len);
	for (s = list; s && s < list + len; s += strlen(s) + 1) {
		if (!memchr(s, '\0', (size_t)(list + len - s)))
			break;
		TAP_CHECK(nav_is_compatible(f, node, s) ==
				  (lf.node_check_compatible(blob, node, s) == 0),
			  "%s node %d compatible \"%s\"", o->what, node, s);
	}
	TAP_CHECK(!nav_is_compatible(f, node, "no,such-device"), "%s", o->what);
}

/* Append "/name" to the path in buf. */
static void path_push(char *buf, size_t size, size_t *len, const char *name)
{
	size_t n = strlen(name);

	if (*len + n + 2 > size) {
		*len = size; /* too long: mark unusable */
		return;
	}
	buf[(*len)++] = '/';
	memcpy(buf + *len, name, n + 1);
	*len += n;
}

/*
 * The memory banks libfdt's view implies: reg entries of nodes whose
 * device_type is "memory", decoded with the parent's cells. Returns the
 * count or the first error.
 */
static int want_banks(const u8 *blob, struct fdt_range *banks, int max)
{
	int stack[FDT_MAX_DEPTH + 1];
	int node = 0, depth = 0, count = 0;
	struct want_reg w;
	const char *type;
	int len;
	u32 i;

	for (; node >= 0 && depth >= 0; node = lf.next_node(blob, node, &depth)) {
		if (depth > FDT_MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		stack[depth] = node;
		type = lf.getprop(blob, node, "device_type", &len);
		if (!type || len < 7 || memcmp(type, "memory", 7))
			continue;
		want_reg(blob, node, depth ? stack[depth - 1] : -1, &w);
		if (w.err == -FDT_ERR_NOTFOUND)
			continue;
		if (w.err)
			return w.err;
		if (!w.scells)
			return -FDT_ERR_BADCELLS;
		for (i = 0; i < w.count; i++, count++)
			if (count < max)
				banks[count] = want_entry(&w, i);
	}
	return count;
}

static void compare_banks(const struct fdt *f, const u8 *blob, const struct cmp_opts *o)
{
	struct fdt_range want[MAX_BANKS], got[MAX_BANKS + 1], one[2];
	int n, m, i;

	n = want_banks(blob, want, MAX_BANKS);
	memset(got, 0x5a, sizeof(got));
	m = nav_memory_banks(f, got, MAX_BANKS);
	TAP_CHECK(m == n, "%s memory banks: %d, want %d", o->what, m, n);
	for (i = 0; i < m && i < n && i < MAX_BANKS; i++)
		TAP_CHECK(got[i].base == want[i].base && got[i].size == want[i].size,
			  "%s bank %d: %llx+%llx, want %llx+%llx", o->what, i, got[i].base,
			  got[i].size, want[i].base, want[i].size);
	TAP_CHECK(got[MAX_BANKS].base == 0x5a5a5a5a5a5a5a5aULL, "%s banks overrun", o->what);

	/* A short array: the full count comes back, one entry is written. */
	memset(one, 0x5a, sizeof(one));
	TAP_CHECK(nav_memory_banks(f, one, 1) == n, "%s", o->what);
	TAP_CHECK(one[1].base == 0x5a5a5a5a5a5a5a5aULL, "%s banks max overrun", o->what);
	TAP_CHECK(nav_memory_banks(f, NULL, 0) == n, "%s", o->what);
}

static void compare_rsv(const struct fdt *f, const u8 *blob, const struct cmp_opts *o)
{
	struct fdt_range r;
	uint64_t a, s;
	int real = nav_num_mem_rsv(f), n = real, ln = lf.num_mem_rsv(blob), i;

	/*
	 * libfdt ends the map at the first entry of size 0; the spec (and
	 * the reader) at the first entry of address and size 0.
	 */
	if (!o->full && n > ln && ln >= 0 && nav_get_mem_rsv(f, ln, &r) == 0 && r.size == 0)
		n = ln;
	TAP_CHECK(n == ln, "%s memreserve count %d, want %d", o->what, n, ln);
	for (i = 0; i < n && i < ln; i++) {
		lf.get_mem_rsv(blob, i, &a, &s);
		TAP_CHECK(nav_get_mem_rsv(f, i, &r) == 0 && r.base == a && r.size == s,
			  "%s memreserve %d", o->what, i);
	}
	TAP_CHECK(nav_get_mem_rsv(f, real, &r) == -FDT_ERR_NOTFOUND, "%s", o->what);
	TAP_CHECK(nav_get_mem_rsv(f, -1, &r) == -FDT_ERR_NOTFOUND, "%s", o->what);
}

static void compare_chosen(const struct fdt *f, const u8 *blob, const struct cmp_opts *o)
{
	int chosen = lf.path_offset_namelen(blob, "/chosen", 7);
	const char *want = NULL, *sp;
	int len = 0, n, node;

	TAP_CHECK(nav_path_offset(f, "/chosen", -1) == (chosen < 0 ? -FDT_ERR_NOTFOUND : chosen),
		  "%s /chosen", o->what);
	if (chosen >= 0)
		want = lf.getprop(blob, chosen, "bootargs", &len);
	if (want && (len == 0 || !memchr(want, '\0', (size_t)len)))
		want = NULL;
	TAP_CHECK(nav_bootargs(f) == want, "%s bootargs", o->what);

	node = nav_stdout_node(f);
	if (!o->full) {
		/* libfdt's alias lookup trusts its input: just check ours. */
		TAP_CHECK(node < 0 || fdt_node_name(f, node, NULL), "%s stdout node", o->what);
		return;
	}
	sp = chosen < 0 ? NULL : lf.getprop(blob, chosen, "stdout-path", &len);
	if (!sp && chosen >= 0)
		sp = lf.getprop(blob, chosen, "linux,stdout-path", &len);
	if (!sp) {
		TAP_CHECK(node == -FDT_ERR_NOTFOUND, "%s stdout %d", o->what, node);
		return;
	}
	for (n = 0; n < len && sp[n] && sp[n] != ':'; n++)
		;
	n = lf.path_offset_namelen(blob, sp, n);
	TAP_CHECK(node == n || (n < 0 && node < 0), "%s stdout node %d, want %d", o->what, node, n);
}

/*
 * The kernel's walk against libfdt's: the same nodes at the same offsets
 * and depths with the same names, and every property (offset, name,
 * value, length) in order.
 */
static void compare_walk(const struct fdt *f, const u8 *blob, const struct cmp_opts *o)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	int lnode = 0, ldepth = 0, lprop = -1, err, nodes = 0;

	while ((err = fdt_walk(f, &w, &it)) > 0) {
		const char *lname;
		const void *lval;
		int llen;

		if (it.type == FDT_ITEM_NODE) {
			TAP_CHECK(lprop < 0, "%s walk: prop %d missed", o->what, lprop);
			if (nodes++)
				lnode = lf.next_node(blob, lnode, &ldepth);
			lname = lf.get_name(blob, lnode, &llen);
			TAP_CHECK(it.offset == lnode && it.depth == ldepth && it.name == lname &&
					  it.len == (u32)llen,
				  "%s walk: node %d depth %d, want %d depth %d", o->what, it.offset,
				  it.depth, lnode, ldepth);
			if (it.offset != lnode)
				return;
			lprop = lf.first_property_offset(blob, lnode);
		} else if (it.type == FDT_ITEM_PROP) {
			TAP_CHECK(it.offset == lprop && it.depth == ldepth,
				  "%s walk: prop %d, want %d", o->what, it.offset, lprop);
			if (it.offset != lprop)
				return;
			lval = lf.getprop_by_offset(blob, lprop, &lname, &llen);
			TAP_CHECK(it.value == lval && lname && !strcmp(it.name, lname) &&
					  it.len == (u32)llen,
				  "%s walk: prop %s", o->what, it.name);
			lprop = lf.next_property_offset(blob, lprop);
		} else {
			TAP_CHECK(lprop < 0, "%s walk: prop %d missed at an end", o->what, lprop);
			lprop = -1;
		}
	}
	TAP_CHECK(err == 0 && w.depth == 0, "%s walk ends with %d", o->what, err);
	/* libfdt's walk ends with an error, or when the depth drops below the root's. */
	TAP_CHECK(lf.next_node(blob, lnode, &ldepth) < 0 || ldepth < 0, "%s walk: nodes missed",
		  o->what);
}

/* What dt_info_scan() should find, worked out with libfdt alone. */
struct want_scan {
	int err;
	struct dt_info dt;
	int dev_node[NR_DEVS];
	u32 dev_model[NR_DEVS];
	struct fdt_range dev_reg[NR_DEVS];
	u64 dev_pa[NR_DEVS]; /* dev_reg's base as a CPU address */
	u32 dev_value[NR_DEVS][EARLY_DEV_PROPS];
	bool stdout_checkable; /* the path names a candidate through libfdt's lookup */
};

/* Entry i of a reg of len bytes under (ac, sc) cells, decoded here; as fdt_reg_entry() documents. */
static int oracle_reg(const u8 *reg, int len, int ac, int sc, int i, struct fdt_range *r)
{
	int entry = 4 * (ac + sc);

	if (ac < 0 || sc < 0 || ac > 2 || sc > 2 || !entry)
		return -FDT_ERR_BADCELLS;
	if (len % entry)
		return -FDT_ERR_BADVALUE;
	if (i >= len / entry)
		return -FDT_ERR_NOTFOUND;
	*r = want_entry(&(struct want_reg){ 0, ac, sc, reg, 0 }, (u32)i);
	return 0;
}

/* The first u32 value of node's first property called name, or -1 if absent or not 4 bytes. */
static long long oracle_cells(const u8 *blob, int node, const char *name, long long dflt)
{
	int len;
	const u8 *v = lf.getprop(blob, node, name, &len);

	if (!v)
		return dflt;
	return len == 4 ? (long long)be32(v) : -1;
}

/* A number of 1 or 2 big-endian cells. */
static u64 oracle_number(const u8 *p, long long cells)
{
	return cells == 2 ? ((u64)be32(p) << 32) | be32(p + 4) : be32(p);
}

/*
 * *addr, an address on the bus that is node's parent, as a CPU address:
 * up the parents libfdt finds, through each bus's ranges, decoded here
 * (Devicetree spec v0.4, 2.3.8). False when it does not translate: a bus
 * without ranges, an address outside them, cells other than 1 or 2.
 */
static bool oracle_translate(const u8 *blob, int node, u64 *addr)
{
	int bus = lf.parent_offset(blob, node);

	while (bus > 0) {
		int up = lf.parent_offset(blob, bus), len, i, entry;
		long long ca = oracle_cells(blob, bus, "#address-cells", 2);
		long long cs = oracle_cells(blob, bus, "#size-cells", 1);
		long long pa = oracle_cells(blob, up, "#address-cells", 2);
		const u8 *r = lf.getprop(blob, bus, "ranges", &len);

		if (up < 0 || !r)
			return false;
		if (len) {
			if (ca < 1 || ca > 2 || cs < 1 || cs > 2 || pa < 1 || pa > 2)
				return false;
			entry = (int)(4 * (ca + pa + cs));
			if (len % entry)
				return false;
			for (i = 0; i < len / entry; i++) {
				const u8 *e = r + i * entry;
				u64 child = oracle_number(e, ca);
				u64 size = oracle_number(e + 4 * (ca + pa), cs);

				if (*addr >= child && *addr - child < size) {
					*addr = oracle_number(e + 4 * ca, pa) + (*addr - child);
					break;
				}
			}
			if (i == len / entry)
				return false;
		}
		bus = up;
	}
	return true;
}

/* The model a device's match list gives the compatible list at node, or 0. */
static u32 oracle_model(const u8 *blob, int node, const struct early_dev *d)
{
	const char *list, *s;
	int len, j;

	list = lf.getprop(blob, node, "compatible", &len);
	for (s = list; s && s < list + len; s += strlen(s) + 1) {
		if (!memchr(s, '\0', (size_t)(list + len - s)))
			break;
		for (j = 0; j < EARLY_DEV_MATCHES; j++)
			if (d->match[j].compatible[0] && !strcmp(d->match[j].compatible, s))
				return d->match[j].model;
	}
	return 0;
}

/*
 * Work out the scan's result node by node in document order, as
 * include/lander/dt_info.h and lib/dt_info.c describe it: for each node,
 * its cell properties must be one cell; memory nodes give banks,
 * /reserved-memory children reservations, /cpus children the boot CPU;
 * the first /chosen gives bootargs and stdout-path; early devices match
 * on compatible with a decodable first reg entry at a non-zero address.
 */
static void want_scan(const u8 *blob, u64 boot_cpu, struct want_scan *w)
{
	struct {
		int node, ac, sc;
		enum { K_OTHER, K_CHOSEN, K_ALIASES, K_RESMEM, K_CPUS } kind;
	} st[FDT_MAX_DEPTH + 1];
	int cand[64], nr_cand = 0, chosen = -1, aliases = -1;
	struct fdt_range cand_reg[64];
	int node = 0, depth = 0, i, len, prop;
	struct dt_info *dt = &w->dt;
	struct fdt_range r;
	u64 pa;

	memset(w, 0, sizeof(*w));
	dt->boot_cpu_node = -FDT_ERR_NOTFOUND;
	for (i = 0; i < NR_DEVS; i++)
		w->dev_node[i] = -FDT_ERR_NOTFOUND;

	for (; node >= 0 && depth >= 0; node = lf.next_node(blob, node, &depth)) {
		const char *name = lf.get_name(blob, node, &len), *type;
		const u8 *reg, *v;
		int pac = depth ? st[depth - 1].ac : 2, psc = depth ? st[depth - 1].sc : 1;
		int rlen, tlen, pk = depth == 2 ? st[1].kind : K_OTHER, err = 0;

		st[depth].node = node;
		st[depth].kind = K_OTHER;
		if (depth == 1 && !strcmp(name, "chosen") && chosen < 0)
			st[depth].kind = K_CHOSEN, chosen = node;
		else if (depth == 1 && !strcmp(name, "aliases") && aliases < 0)
			st[depth].kind = K_ALIASES, aliases = node;
		else if (depth == 1 && !strcmp(name, "reserved-memory"))
			st[depth].kind = K_RESMEM;
		else if (depth == 1 && !strcmp(name, "cpus"))
			st[depth].kind = K_CPUS;

		/* Every #address-cells and #size-cells must be one cell. */
		for (prop = lf.first_property_offset(blob, node); prop >= 0;
		     prop = lf.next_property_offset(blob, prop)) {
			const char *pname;

			lf.getprop_by_offset(blob, prop, &pname, &len);
			if ((!strcmp(pname, "#address-cells") || !strcmp(pname, "#size-cells")) &&
			    len != 4) {
				w->err = -FDT_ERR_BADCELLS;
				return;
			}
		}
		/* Counts past 2 are refused only when a reg is decoded: 3 stands for all. */
		v = lf.getprop(blob, node, "#address-cells", &len);
		st[depth].ac = !v ? 2 : be32(v) > 2 ? 3 : (int)be32(v);
		v = lf.getprop(blob, node, "#size-cells", &len);
		st[depth].sc = !v ? 1 : be32(v) > 2 ? 3 : (int)be32(v);

		if (st[depth].kind == K_CHOSEN) {
			v = lf.getprop(blob, node, "bootargs", &len);
			if (v) {
				size_t n = strnlen((const char *)v, (size_t)len);

				n = n < DT_BOOTARGS_MAX - 1 ? n : DT_BOOTARGS_MAX - 1;
				memcpy(dt->bootargs, v, n);
				dt->bootargs[n] = '\0';
			}
			/* A u32 or a u64; any other length is ignored. */
			v = lf.getprop(blob, node, "linux,initrd-start", &len);
			if (v && (len == 4 || len == 8))
				dt->initrd_start = len == 4 ? be32(v) :
							      (u64)be32(v) << 32 | be32(v + 4);
			v = lf.getprop(blob, node, "linux,initrd-end", &len);
			if (v && (len == 4 || len == 8))
				dt->initrd_end = len == 4 ? be32(v) :
							    (u64)be32(v) << 32 | be32(v + 4);
		}

		reg = lf.getprop(blob, node, "reg", &rlen);
		type = lf.getprop(blob, node, "device_type", &tlen);
		if (type && tlen >= 7 && !memcmp(type, "memory", 7) && reg) {
			if (!psc) {
				w->err = -FDT_ERR_BADCELLS;
				return;
			}
			for (i = 0; !(err = oracle_reg(reg, rlen, pac, psc, i, &r)); i++) {
				if (dt->nr_banks < DT_MAX_BANKS)
					dt->bank[dt->nr_banks++] = r;
				else
					dt->dropped_banks++;
			}
		} else if (pk == K_RESMEM && reg) {
			bool nomap = lf.getprop(blob, node, "no-map", &len) != NULL;

			for (i = 0; !(err = oracle_reg(reg, rlen, pac, psc, i, &r)); i++) {
				if (dt->nr_reserved < DT_MAX_RESERVED)
					dt->reserved[dt->nr_reserved++] = (struct dt_reservation){
						r.base, r.size, nomap
					};
				else
					dt->dropped_reserved++;
			}
		} else if (pk == K_CPUS && dt->boot_cpu_node < 0 && reg &&
			   oracle_reg(reg, rlen, pac, 0, 0, &r) == 0 && r.base == boot_cpu) {
			dt->boot_cpu_node = node;
		}
		if (err && err != -FDT_ERR_NOTFOUND) {
			w->err = err;
			return;
		}

		if (reg && lf.getprop(blob, node, "compatible", &len) &&
		    oracle_reg(reg, rlen, pac, psc, 0, &r) == 0 && r.base) {
			for (i = 0; i < NR_DEVS; i++) {
				u32 model = oracle_model(blob, node, &test_devs[i]);

				if (!model)
					continue;
				if (test_devs[i].find == EARLY_DEV_BY_STDOUT) {
					if (nr_cand < (int)ARRAY_SIZE(cand)) {
						cand_reg[nr_cand] = r;
						cand[nr_cand++] = node;
					}
				} else if (w->dev_node[i] < 0) {
					pa = r.base;
					if (!oracle_translate(blob, node, &pa) || !pa)
						continue; /* not taken: a later node may be */
					w->dev_node[i] = node;
					w->dev_model[i] = model;
					w->dev_reg[i] = r;
					w->dev_pa[i] = pa;
				}
			}
		}
	}

	/* The stdout device: the node the path names through libfdt, if a candidate. */
	dt->stdout_node = -FDT_ERR_NOTFOUND;
	if (chosen >= 0) {
		const char *sp = lf.getprop(blob, chosen, "stdout-path", &len), *path;
		int n, target;

		if (!sp)
			sp = lf.getprop(blob, chosen, "linux,stdout-path", &len);
		w->stdout_checkable = true;
		if (sp && len > 0 && memchr(sp, '\0', (size_t)len)) {
			for (n = 0; sp[n] && sp[n] != ':'; n++)
				;
			path = sp;
			if (sp[0] != '/') {
				char alias[256];
				int alen;

				path = NULL;
				if (aliases >= 0 && n < (int)sizeof(alias)) {
					memcpy(alias, sp, (size_t)n);
					alias[n] = '\0';
					path = lf.getprop(blob, aliases, alias, &alen);
					if (path && (!alen || !memchr(path, '\0', (size_t)alen) ||
						     path[0] != '/'))
						path = NULL;
					n = path ? (int)strlen(path) : 0;
				}
			}
			target = path ? lf.path_offset_namelen(blob, path, n) : -1;
			for (i = 0; i < nr_cand && cand[i] != target; i++)
				;
			pa = i < nr_cand ? cand_reg[i].base : 0;
			if (target >= 0 && i < nr_cand &&
			    (!oracle_translate(blob, target, &pa) || !pa)) {
				/* The path names a node whose reg does not translate: no console. */
			} else if (target >= 0 && i < nr_cand) {
				w->dev_node[DEV_CONSOLE] = target;
				w->dev_model[DEV_CONSOLE] = oracle_model(blob, target,
									 &test_devs[DEV_CONSOLE]);
				w->dev_reg[DEV_CONSOLE] = cand_reg[i];
				w->dev_pa[DEV_CONSOLE] = pa;
				dt->stdout_node = target;
			} else if (target >= 0 && nr_cand) {
				/* libfdt's first match is no candidate: the scan may take a later one. */
				w->stdout_checkable = false;
			}
		}
	}

	/*
	 * The map read raw: libfdt ends it at the first entry of size 0, the
	 * spec (and the kernel) at the first of address and size 0.
	 */
	for (const u8 *e = blob + be32(blob + H_OFF_RSVMAP);; e += 16) {
		uint64_t a = ((u64)be32(e) << 32) | be32(e + 4);
		uint64_t s = ((u64)be32(e + 8) << 32) | be32(e + 12);

		if (!a && !s)
			break;
		if (dt->nr_reserved < DT_MAX_RESERVED)
			dt->reserved[dt->nr_reserved++] = (struct dt_reservation){ a, s, false };
		else
			dt->dropped_reserved++;
	}

	for (i = 0; i < NR_DEVS; i++) {
		int j;

		for (j = 0; j < EARLY_DEV_PROPS; j++) {
			long long v = -1;

			if (w->dev_node[i] >= 0 && test_devs[i].prop[j].name[0])
				v = oracle_cells(blob, w->dev_node[i], test_devs[i].prop[j].name,
						 -1);
			w->dev_value[i][j] = v < 0 ? test_devs[i].prop[j].dflt : (u32)v;
		}
	}
}

/* Run the scan and compare everything it gives with want_scan(). */
static void compare_scan(const struct fdt *f, const u8 *blob, u64 boot_cpu,
			 const struct cmp_opts *o)
{
	static struct want_scan w;
	static struct dt_info dt;
	int err, i, j;

	want_scan(blob, boot_cpu, &w);
	memset(&dt, 0x5a, sizeof(dt));
	err = dt_info_scan(f, boot_cpu, test_devs, NR_DEVS, &dt);
	TAP_CHECK(err == w.err, "%s scan: %d, want %d", o->what, err, w.err);
	if (err || w.err)
		return;
	TAP_CHECK(dt.nr_banks == w.dt.nr_banks && dt.dropped_banks == w.dt.dropped_banks,
		  "%s scan: %d banks (%d dropped), want %d (%d)", o->what, dt.nr_banks,
		  dt.dropped_banks, w.dt.nr_banks, w.dt.dropped_banks);
	for (i = 0; i < dt.nr_banks && i < w.dt.nr_banks; i++)
		TAP_CHECK(dt.bank[i].base == w.dt.bank[i].base &&
				  dt.bank[i].size == w.dt.bank[i].size,
			  "%s scan: bank %d", o->what, i);
	TAP_CHECK(dt.nr_reserved == w.dt.nr_reserved &&
			  dt.dropped_reserved == w.dt.dropped_reserved,
		  "%s scan: %d reserved (%d dropped), want %d (%d)", o->what, dt.nr_reserved,
		  dt.dropped_reserved, w.dt.nr_reserved, w.dt.dropped_reserved);
	for (i = 0; i < dt.nr_reserved && i < w.dt.nr_reserved; i++)
		TAP_CHECK(dt.reserved[i].base == w.dt.reserved[i].base &&
				  dt.reserved[i].size == w.dt.reserved[i].size &&
				  dt.reserved[i].nomap == w.dt.reserved[i].nomap,
			  "%s scan: reservation %d", o->what, i);
	TAP_CHECK(!strcmp(dt.bootargs, w.dt.bootargs), "%s scan: bootargs \"%s\", want \"%s\"",
		  o->what, dt.bootargs, w.dt.bootargs);
	TAP_CHECK(dt.initrd_start == w.dt.initrd_start && dt.initrd_end == w.dt.initrd_end,
		  "%s scan: initrd 0x%llx-0x%llx, want 0x%llx-0x%llx", o->what, dt.initrd_start,
		  dt.initrd_end, w.dt.initrd_start, w.dt.initrd_end);
	TAP_CHECK(dt.boot_cpu_node == w.dt.boot_cpu_node, "%s scan: cpu %llu node %d, want %d",
		  o->what, (unsigned long long)boot_cpu, dt.boot_cpu_node, w.dt.boot_cpu_node);
	for (i = 0; i < NR_DEVS; i++) {
		const struct early_dev *d = &test_devs[i];

		if (i == DEV_CONSOLE && !w.stdout_checkable) {
			/* Only what must hold whatever the lookup: a found console is a UART. */
			TAP_CHECK(d->node < 0 || d->model, "%s scan: console", o->what);
			continue;
		}
		TAP_CHECK(d->node == w.dev_node[i] && d->model == w.dev_model[i],
			  "%s scan: %s node %d model %u, want %d model %u", o->what, d->name,
			  d->node, d->model, w.dev_node[i], w.dev_model[i]);
		TAP_CHECK(d->reg.base == w.dev_reg[i].base && d->reg.size == w.dev_reg[i].size &&
				  d->regs.pa == w.dev_pa[i] && d->regs.base == w.dev_pa[i],
			  "%s scan: %s reg %llx+%llx at %llx, want %llx+%llx at %llx", o->what,
			  d->name, d->reg.base, d->reg.size, d->regs.pa, w.dev_reg[i].base,
			  w.dev_reg[i].size, w.dev_pa[i]);
		for (j = 0; j < EARLY_DEV_PROPS; j++)
			TAP_CHECK(d->value[j] == w.dev_value[i][j],
				  "%s scan: %s value %d: %u, want %u", o->what, d->name, j,
				  d->value[j], w.dev_value[i][j]);
		if (i == DEV_CONSOLE)
			TAP_CHECK(dt.stdout_node == w.dt.stdout_node, "%s scan: stdout %d, want %d",
				  o->what, dt.stdout_node, w.dt.stdout_node);
	}
}

/*
 * Walk libfdt's tree and ours side by side, and compare everything. f has
 * been accepted by fdt_check() and blob by fdt_check_full().
 */
static void compare(const struct fdt *f, const u8 *blob, const struct cmp_opts *o)
{
	int stack[FDT_MAX_DEPTH + 1];
	size_t plen[FDT_MAX_DEPTH + 1];
	char path[1024];
	int lnode = 0, ldepth = 0, node = nav_root(f), depth = 0, nodes = 0;
	int lchild, parent, llen, len, want;
	const char *lname, *name;

	TAP_CHECK(node == 0, "%s root %d", o->what, node);
	for (; lnode >= 0 && ldepth >= 0; lnode = lf.next_node(blob, lnode, &ldepth)) {
		nodes++;
		TAP_CHECK(node == lnode && depth == ldepth, "%s node %d depth %d, want %d depth %d",
			  o->what, node, depth, lnode, ldepth);
		if (node != lnode || depth != ldepth || ldepth > FDT_MAX_DEPTH)
			return;
		stack[ldepth] = lnode;
		parent = ldepth ? stack[ldepth - 1] : -1;

		lname = lf.get_name(blob, lnode, &llen);
		name = fdt_node_name(f, node, &len);
		TAP_CHECK(name == lname && len == llen, "%s node %d name \"%s\", want \"%s\"",
			  o->what, node, name ? name : "(null)", lname ? lname : "(null)");
		if (!name)
			return;

		if (sample(o)) {
			want = parent < 0 ? -FDT_ERR_NOTFOUND : parent;
			TAP_CHECK(nav_parent(f, node) == want, "%s parent of %d: %d, want %d",
				  o->what, node, nav_parent(f, node), want);
			lchild = lf.first_subnode(blob, lnode);
			TAP_CHECK(nav_first_child(f, node) ==
					  (lchild < 0 ? -FDT_ERR_NOTFOUND : lchild),
				  "%s first child of %d", o->what, node);
			lchild = lf.next_subnode(blob, lnode);
			if (parent >= 0)
				TAP_CHECK(nav_next_sibling(f, node) ==
						  (lchild < 0 ? -FDT_ERR_NOTFOUND : lchild),
					  "%s next sibling of %d", o->what, node);
		}

		compare_props(f, blob, node, o);
		if (sample(o))
			compare_reg(f, blob, node, parent, o);
		if (o->full)
			compare_compatible(f, blob, node, o);

		/* The node's path, looked up by both. */
		plen[ldepth] = 0;
		if (ldepth) {
			plen[ldepth] = plen[ldepth - 1];
			path_push(path, sizeof(path), &plen[ldepth], name);
		}
		if (sample(o) && plen[ldepth] < sizeof(path)) {
			const char *p = ldepth ? path : "/";
			int pl = ldepth ? (int)plen[ldepth] : 1;

			/* path holds this node's path only up to plen[ldepth]. */
			path[pl] = '\0';
			want = lf.path_offset_namelen(blob, p, pl);
			len = nav_path_offset(f, p, -1);
			TAP_CHECK(len == want || (want < 0 && len < 0), "%s path %s: %d, want %d",
				  o->what, p, len, want);
			TAP_CHECK(nav_path_offset(f, p, pl) == len, "%s", o->what);
		}

		node = nav_next_node(f, node, &depth);
	}
	TAP_CHECK(node == -FDT_ERR_NOTFOUND, "%s walk ends with %d", o->what, node);
	TAP_CHECK(nodes > 0, "%s", o->what);

	compare_banks(f, blob, o);
	compare_rsv(f, blob, o);
	compare_chosen(f, blob, o);
	compare_walk(f, blob, o);
	compare_scan(f, blob, 0, o);
	if (o->full)
		compare_scan(f, blob, 1, o);
}

/* ------------------------------------------------------------------ */
/* Known values of the fixtures */

static int path(const struct fdt *f, const char *p)
{
	return nav_path_offset(f, p, -1);
}

static const char *name_at(const struct fdt *f, int node)
{
	const char *n = node >= 0 ? fdt_node_name(f, node, NULL) : NULL;

	return n ? n : "(none)";
}

static bool range_is(const struct fdt_range *r, u64 base, u64 size)
{
	return r->base == base && r->size == size;
}

static void known_multibank(const struct fdt *f)
{
	struct fdt_range b[8], r;
	int n, soc, node, uart;

	n = nav_memory_banks(f, b, 8);
	TAP_CHECK(n == 3, "banks %d", n);
	TAP_CHECK(range_is(&b[0], 0x40000000, 0x20000000), "bank 0");
	TAP_CHECK(range_is(&b[1], 0x80000000, 0x40000000), "bank 1");
	TAP_CHECK(range_is(&b[2], 0x100000000ULL, 0x100000000ULL), "bank 2");

	TAP_CHECK(nav_num_mem_rsv(f) == 2, "rsv");
	TAP_CHECK(nav_get_mem_rsv(f, 1, &r) == 0 && range_is(&r, 0x48000000, 0x200000), "rsv 1");
	TAP_CHECK(nav_get_mem_rsv(f, 2, &r) == -FDT_ERR_NOTFOUND, "rsv 2");

	TAP_CHECK(nav_bootargs(f) &&
			  !strcmp(nav_bootargs(f), "console=ttyAMA0 earlycon loglevel=8"),
		  "bootargs");
	uart = nav_stdout_node(f);
	TAP_CHECK(!strcmp(name_at(f, uart), "serial@9000000"), "stdout %s", name_at(f, uart));
	TAP_CHECK(path(f, "serial0") == uart, "alias");
	TAP_CHECK(nav_path_offset(f, "serial0:115200n8", 7) == uart, "alias with len");
	TAP_CHECK(nav_path_offset(f, "/soc/serial@9000000/extra", 19) == uart, "path with len");
	TAP_CHECK(path(f, "/soc/serial") == uart, "first match without unit address");
	TAP_CHECK(!strcmp(name_at(f, path(f, "serial1")), "serial@9010000"), "alias 2");
	TAP_CHECK(path(f, "soc/serial@9010000") == path(f, "serial1"), "alias + path");
	TAP_CHECK(path(f, "nosuch") == -FDT_ERR_NOTFOUND, "missing alias");
	TAP_CHECK(path(f, "/soc/nosuch") == -FDT_ERR_NOTFOUND, "missing node");
	TAP_CHECK(path(f, "") == -FDT_ERR_NOTFOUND, "empty path");
	TAP_CHECK(nav_path_offset(f, NULL, 3) == -FDT_ERR_NOTFOUND, "NULL path");
	TAP_CHECK(path(f, "/") == 0 && path(f, "///") == 0, "root");
	TAP_CHECK(nav_path_offset(f, "/soc", 0) == -FDT_ERR_NOTFOUND, "len 0");
	TAP_CHECK(path(f, "/memory") == path(f, "/memory@40000000"), "memory");

	soc = path(f, "/soc");
	TAP_CHECK(nav_address_cells(f, soc) == 1 && nav_size_cells(f, soc) == 1, "soc cells");
	TAP_CHECK(nav_address_cells(f, 0) == 2 && nav_size_cells(f, 0) == 2, "root cells");
	node = path(f, "/cpus");
	TAP_CHECK(nav_address_cells(f, node) == 1 && nav_size_cells(f, node) == 0, "cpus cells");
	TAP_CHECK(nav_read_reg(f, path(f, "/cpus/cpu@1"), 0, &r) == 0 && range_is(&r, 1, 0),
		  "cpu reg");
	node = path(f, "/soc/interrupt-controller");
	TAP_CHECK(nav_read_reg(f, node, 1, &r) == 0 && range_is(&r, 0x80a0000, 0xf60000), "gic");
	TAP_CHECK(nav_read_reg(f, node, 2, &r) == -FDT_ERR_NOTFOUND, "gic end");
	TAP_CHECK(nav_address_cells(f, node) == 0, "gic cells");
	node = path(f, "/soc/i2c/rtc@68");
	TAP_CHECK(nav_read_reg(f, node, 0, &r) == 0 && range_is(&r, 0x68, 0), "rtc");
	TAP_CHECK(nav_read_reg(f, soc, 0, &r) == -FDT_ERR_NOTFOUND, "soc has no reg");
	TAP_CHECK(nav_read_reg(f, path(f, "/reserved-memory/secmon"), 0, &r) == 0 &&
			  range_is(&r, 0x5e000000, 0x100000),
		  "secmon");
	TAP_CHECK(fdt_getprop(f, path(f, "/reserved-memory/secmon"), "no-map", NULL), "no-map");

	TAP_CHECK(nav_is_compatible(f, 0, "lander,test"), "root compatible");
	TAP_CHECK(!nav_is_compatible(f, 0, "lander,tes"), "prefix is no match");
	TAP_CHECK(!nav_is_compatible(f, 0, "lander,multibank,"), "longer is no match");
	node = nav_find_compatible(f, -1, "arm,pl011");
	TAP_CHECK(node == uart, "first pl011");
	node = nav_find_compatible(f, node, "arm,pl011");
	TAP_CHECK(node == path(f, "serial1"), "second pl011");
	TAP_CHECK(nav_find_compatible(f, node, "arm,pl011") == -FDT_ERR_NOTFOUND, "no third");
	TAP_CHECK(nav_find_compatible(f, -1, "lander,multibank") == 0, "root found");
}

static void known_cells32(const struct fdt *f)
{
	struct fdt_range b[8], r;
	int n;

	n = nav_memory_banks(f, b, 8);
	TAP_CHECK(n == 4, "banks %d", n);
	TAP_CHECK(range_is(&b[0], 0x80000000, 0x08000000), "bank 0");
	TAP_CHECK(range_is(&b[3], 0xc0000000, 0x00100000), "bank 3");
	TAP_CHECK(nav_num_mem_rsv(f) == 1 && nav_get_mem_rsv(f, 0, &r) == 0 &&
			  range_is(&r, 0x80000000, 0x1000),
		  "rsv");
	TAP_CHECK(nav_bootargs(f) && !strcmp(nav_bootargs(f), ""), "empty bootargs");
	TAP_CHECK(!strcmp(name_at(f, nav_stdout_node(f)), "uart@10000000"), "stdout");
	TAP_CHECK(!strcmp(name_at(f, path(f, "/memory")), "memory"), "exact name first");
	TAP_CHECK(nav_read_reg(f, path(f, "/uart"), 0, &r) == 0 && range_is(&r, 0x10000000, 0x100),
		  "uart reg");
	TAP_CHECK(nav_first_child(f, path(f, "/empty-node")) == -FDT_ERR_NOTFOUND, "no child");
	TAP_CHECK(nav_first_prop(f, path(f, "/empty-node")) == -FDT_ERR_NOTFOUND, "no prop");
	TAP_CHECK(nav_next_sibling(f, path(f, "/empty-node")) == -FDT_ERR_NOTFOUND, "last");
}

/*
 * Two clusters and an Aff3, each CPU sharing its Aff0 with another:
 *
 *   cpu@0  cpu@1 | cpu@100  cpu@101 | cpu@10000 | cpu@100000000
 *   Aff1 = 0     | Aff1 = 1         | Aff2 = 1  | Aff3 = 1
 *
 * Expect the boot CPU's node from its MPIDR_EL1 (with MT, U and the RES1
 * bit set, which are not part of the id), and /psci's conduit.
 */
static void known_multicluster(const struct fdt *f)
{
	static const struct {
		u64 mpidr;
		const char *node;
	} boot[] = {
		{ 0x80000000, "/cpus/cpu@0" },		{ 0x80000101, "/cpus/cpu@101" },
		{ 0xc1000100, "/cpus/cpu@100" },	{ 0x81010000, "/cpus/cpu@10000" },
		{ 0x180000000, "/cpus/cpu@100000000" },
	};
	static struct dt_info dt;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(boot); i++) {
		err = dt_info_scan(f, arm64_mpidr_cpu_id(boot[i].mpidr), test_devs, NR_DEVS, &dt);
		TAP_CHECK(err == 0 && dt.boot_cpu_node == path(f, boot[i].node),
			  "MPIDR 0x%llx: node %d, want %s", (unsigned long long)boot[i].mpidr,
			  dt.boot_cpu_node, boot[i].node);
	}
	TAP_CHECK(dt.psci_conduit == DT_PSCI_SMC, "psci conduit %u", dt.psci_conduit);
}

static void known_edge(const struct fdt *f)
{
	struct fdt_range b[4], r;
	const void *v;
	u32 len, x;
	int n, node, depth;

	n = nav_memory_banks(f, b, 4);
	TAP_CHECK(n == 2, "banks %d", n);
	TAP_CHECK(range_is(&b[0], 0x20000000, 0x10000000), "bank under a bus");
	TAP_CHECK(range_is(&b[1], 0, 0x10000000), "bank 1");
	TAP_CHECK(nav_num_mem_rsv(f) == 0, "no rsv");
	TAP_CHECK(nav_bootargs(f) == NULL, "no bootargs");

	node = nav_stdout_node(f);
	TAP_CHECK(!strcmp(name_at(f, node), "l4@4"), "linux,stdout-path %s", name_at(f, node));
	TAP_CHECK(nav_read_reg(f, node, 0, &r) == 0 && range_is(&r, 0, 0x40), "zero address cells");
	TAP_CHECK(!strcmp(name_at(f, path(f, "/foo")), "foo@1"), "first match wins");
	TAP_CHECK(!strcmp(name_at(f, path(f, "/foo@2")), "foo@2"), "exact");
	TAP_CHECK(path(f, "/foo@") == -FDT_ERR_NOTFOUND, "no empty unit");
	TAP_CHECK(path(f, "/fo") == -FDT_ERR_NOTFOUND, "no prefix match");
	TAP_CHECK(path(f, "bad-relative") == -FDT_ERR_BADVALUE, "relative alias");
	TAP_CHECK(!strcmp(name_at(f, path(f, "deep")), "l3"), "alias");
	TAP_CHECK(!strcmp(name_at(f, path(f, "deep/l4/l5//l6/")), "l6"), "alias and path");
	TAP_CHECK(!strcmp(name_at(f, path(f, "//l1///l2")), "l2"), "repeated slashes");

	node = path(f, "/l1/l2/l3/l4@4/l5/l6/l7/l8");
	TAP_CHECK(node > 0, "deep node");
	for (depth = 0, n = 0; n >= 0 && n != node; n = nav_next_node(f, n, &depth))
		;
	TAP_CHECK(n == node && depth == 8, "depth %d", depth);
	TAP_CHECK(nav_parent(f, node) == path(f, "/l1/l2/l3/l4@4/l5/l6/l7"), "parent");

	v = fdt_getprop(f, 0, "empty-b", &len);
	TAP_CHECK(v && len == 0, "empty property");
	TAP_CHECK(fdt_getprop_u32(f, 0, "a-cell", &x) == 0 && x == 0xdeadbeef, "u32");
	TAP_CHECK(fdt_getprop_u32(f, 0, "two-cells", &x) == -FDT_ERR_BADVALUE, "u32 of 8 bytes");
	TAP_CHECK(fdt_getprop_u32(f, 0, "empty-a", &x) == -FDT_ERR_BADVALUE, "u32 of 0 bytes");
	TAP_CHECK(fdt_getprop_u32(f, 0, "nothing", &x) == -FDT_ERR_NOTFOUND, "u32 missing");
	TAP_CHECK(nav_address_cells(f, path(f, "/l1/l2/l3")) == 0, "0 cells");
	TAP_CHECK(nav_read_reg(f, path(f, "/foo@1"), 0, &r) == 0 && range_is(&r, 1, 0x10),
		  "default cells");
	TAP_CHECK(nav_read_reg(f, path(f, "/l1/l2"), 0, &r) == 0 && range_is(&r, 0x100, 0x10),
		  "1/1 cells");
}

/*
 * ranges.dts: the console three buses deep (0x800 -> 3:0x800 -> 0x1c000800
 * -> 0x1c000800); the first poweroff device on a bus without ranges, the
 * second behind an empty one; the RTC outside its bus's only range.
 */
static void known_ranges(const struct fdt *f)
{
	const struct early_dev *con = &test_devs[DEV_CONSOLE], *off = &test_devs[DEV_POWEROFF];
	const struct early_dev *rtc = &test_devs[DEV_RTC];
	const struct dt_untranslated *u = scratch_dt.untranslated;
	int err = dt_info_scan(f, 0, test_devs, NR_DEVS, &scratch_dt);

	TAP_CHECK(err == 0, "scan %d", err);
	TAP_CHECK(con->model == 1 && con->reg.base == 0x800 && con->regs.pa == 0x1c000800,
		  "console model %u reg %llx at %llx", con->model, con->reg.base, con->regs.pa);
	TAP_CHECK(off->node >= 0 && !strcmp(name_at(f, off->node), "test@200000") &&
			  off->regs.pa == 0x200000,
		  "poweroff at %llx", off->regs.pa);
	TAP_CHECK(u[DEV_POWEROFF].error == DT_XLATE_NO_RANGES &&
			  !strcmp(name_at(f, u[DEV_POWEROFF].node), "test@100000") &&
			  !strcmp(name_at(f, u[DEV_POWEROFF].bus), "isolated") &&
			  u[DEV_POWEROFF].addr == 0x100000,
		  "poweroff report %u", u[DEV_POWEROFF].error);
	TAP_CHECK(rtc->node < 0 && !rtc->regs.pa && u[DEV_RTC].error == DT_XLATE_OUTSIDE &&
			  !strcmp(name_at(f, u[DEV_RTC].bus), "apb@40000000") &&
			  u[DEV_RTC].addr == 0x2000,
		  "rtc node %d, report %u", rtc->node, u[DEV_RTC].error);
	TAP_CHECK(!u[DEV_CONSOLE].error, "console report %u", u[DEV_CONSOLE].error);
}

static void known_minimal(const struct fdt *f)
{
	struct fdt_range r;
	int d = 0;

	TAP_CHECK(nav_memory_banks(f, NULL, 0) == 0, "no banks");
	TAP_CHECK(nav_num_mem_rsv(f) == 0, "no rsv");
	TAP_CHECK(nav_bootargs(f) == NULL, "no bootargs");
	TAP_CHECK(nav_stdout_node(f) == -FDT_ERR_NOTFOUND, "no stdout");
	TAP_CHECK(path(f, "/chosen") == -FDT_ERR_NOTFOUND, "no chosen");
	TAP_CHECK(path(f, "serial0") == -FDT_ERR_NOTFOUND, "no aliases");
	TAP_CHECK(nav_first_child(f, 0) == -FDT_ERR_NOTFOUND, "no child");
	TAP_CHECK(nav_first_prop(f, 0) == -FDT_ERR_NOTFOUND, "no prop");
	TAP_CHECK(nav_next_node(f, 0, &d) == -FDT_ERR_NOTFOUND && d == 0, "no next");
	TAP_CHECK(nav_parent(f, 0) == -FDT_ERR_NOTFOUND, "root has no parent");
	TAP_CHECK(nav_read_reg(f, 0, 0, &r) == -FDT_ERR_NOTFOUND, "no reg");
	TAP_CHECK(nav_find_compatible(f, -1, "x") == -FDT_ERR_NOTFOUND, "no compatible");
}

static void known_badcells(const struct fdt *f)
{
	struct fdt_range r;

	TAP_CHECK(nav_read_reg(f, 0, 0, &r) == 0 && range_is(&r, 0x1000, 0x10),
		  "root reg with default cells");
	TAP_CHECK(nav_read_reg(f, 0, 1, &r) == -FDT_ERR_NOTFOUND, "root reg end");
	TAP_CHECK(nav_address_cells(f, path(f, "/pci")) == -FDT_ERR_BADCELLS, "3 cells");
	TAP_CHECK(nav_size_cells(f, path(f, "/pci")) == 2, "pci size cells");
	TAP_CHECK(nav_read_reg(f, path(f, "/pci/dev"), 0, &r) == -FDT_ERR_BADCELLS, "pci reg");
	TAP_CHECK(nav_size_cells(f, path(f, "/odd")) == -FDT_ERR_BADVALUE, "2-byte cells");
	TAP_CHECK(nav_read_reg(f, path(f, "/odd/dev"), 0, &r) == -FDT_ERR_BADVALUE, "odd reg");
	TAP_CHECK(nav_read_reg(f, path(f, "/zero/dev"), 0, &r) == -FDT_ERR_BADCELLS, "0 cells");
	TAP_CHECK(nav_read_reg(f, path(f, "/ragged"), 0, &r) == -FDT_ERR_BADVALUE, "ragged");
	TAP_CHECK(nav_read_reg(f, path(f, "/pci"), 0, &r) == -FDT_ERR_NOTFOUND, "no reg");
	TAP_CHECK(!nav_is_compatible(f, path(f, "/ragged"), "foo"), "unterminated compatible");
	TAP_CHECK(nav_memory_banks(f, NULL, 0) == -FDT_ERR_BADCELLS, "memory without size");
}

/* qemu-ARCH-mSIZE-smpN: one bank of SIZE at the machine's RAM base, N cpus. */
/*
 * QEMU's riscv tree refused: its magic broken (as in the boot tests), then
 * its structure block zeroed from a little after the test device on.
 * Expect the salvage to find the SiFive test device at 0x100000 in both,
 * so that the panic can end QEMU with a failure status, and the console
 * (NS16550A at 0x10000000) behind the broken magic, to say why.
 */
static void salvage_riscv(const struct fdt *f)
{
	u8 *copy = calloc(1, f->totalsize);
	struct early_dev *po = &test_devs[DEV_POWEROFF], *con = &test_devs[DEV_CONSOLE];
	struct fdt bad;
	int n, test_node;
	u32 cut;

	memcpy(copy, f->blob, f->totalsize);
	copy[0] ^= 0xff;
	TAP_CHECK(fdt_init(&bad, copy, f->totalsize) == -FDT_ERR_BADMAGIC, "magic still good");
	po->node = -1;
	po->regs.base = 0;
	con->node = -1;
	con->regs.base = 0;
	n = dt_info_salvage(copy, f->totalsize, test_devs, NR_DEVS, &scratch_dt);
	TAP_CHECK(n >= 1 && po->node >= 0 && po->regs.base == 0x100000 && po->model == 1,
		  "bad magic: %d found, poweroff node %d at 0x%llx", n, po->node,
		  (unsigned long long)po->regs.base);
	TAP_CHECK(con->node >= 0 && con->regs.base == 0x10000000 && con->model == 2,
		  "bad magic: console node %d at 0x%llx", con->node,
		  (unsigned long long)con->regs.base);

	/* Zeros (an invalid token) from a little after the test device's node on. */
	test_node = po->node;
	cut = (u32)test_node + 256;
	if (test_node >= 0 && cut < f->size_struct) {
		memset(copy + f->off_struct + cut, 0, f->size_struct - cut);
		copy[0] ^= 0xff;
		TAP_CHECK(fdt_check(&bad, copy, f->totalsize) < 0, "the cut tree is accepted");
		po->node = -1;
		n = dt_info_salvage(copy, f->totalsize, test_devs, NR_DEVS, &scratch_dt);
		TAP_CHECK(n >= 1 && po->node == test_node,
			  "cut: %d found, poweroff node %d, want %d", n, po->node, test_node);
	}
	free(copy);
}

static void known_qemu(const struct fdt *f, const char *name)
{
	struct fdt_range b[4];
	char arch[16], unit;
	unsigned long long mem, base;
	int smp, n, cpus, node;

	if (sscanf(name, "qemu-%15[^-]-m%llu%c-smp%d", arch, &mem, &unit, &smp) != 4) {
		TAP_CHECK(0, "cannot parse %s", name);
		return;
	}
	mem <<= unit == 'G' ? 30 : 20;
	base = !strcmp(arch, "riscv64") ? 0x80000000ULL : 0x40000000ULL;
	n = nav_memory_banks(f, b, 4);
	TAP_CHECK(n == 1 && range_is(&b[0], base, mem), "%d banks, %llx+%llx", n, b[0].base,
		  b[0].size);

	node = nav_stdout_node(f);
	TAP_CHECK(node > 0, "stdout %d", node);
	TAP_CHECK(fdt_getprop(f, node, "compatible", NULL) && fdt_getprop(f, node, "reg", NULL),
		  "stdout has compatible and reg");

	node = path(f, "/cpus");
	cpus = 0;
	for (n = nav_first_child(f, node); n >= 0; n = nav_next_sibling(f, n)) {
		const char *t = fdt_getprop(f, n, "device_type", NULL);

		if (t && !strcmp(t, "cpu"))
			cpus++;
	}
	TAP_CHECK(cpus == smp, "%d cpus, want %d", cpus, smp);

	if (!strcmp(arch, "riscv64"))
		salvage_riscv(f);
}

/* ------------------------------------------------------------------ */
/* Offsets that name nothing */

/*
 * Every accessor, at every offset of the structure block and around it:
 * nothing may read outside the blob (ASan watches), and an offset that is
 * not 4-aligned must be refused.
 */
static void misuse(const struct fdt *f, const char *what)
{
	int off, n, d;
	u32 len, x;
	struct fdt_range r;
	const char *name;
	int bad[] = { -1, -4, -0x7fffffff - 1, 0x7fffffff, 0x7ffffffc };
	int last = (int)f->size_struct + 16;

	for (off = -8; off < last + (int)ARRAY_SIZE(bad); off++) {
		int o = off < last ? off : bad[off - last];
		bool aligned = (o & 3) == 0 && o >= 0 && o < (int)f->size_struct;

		d = 0;
		n = nav_next_node(f, o, &d);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s next_node(%d)", what, o);
		n = nav_first_child(f, o);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s first_child(%d)", what, o);
		n = nav_next_sibling(f, o);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s next_sibling(%d)", what, o);
		n = nav_parent(f, o);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s parent(%d)", what, o);
		name = fdt_node_name(f, o, &n);
		TAP_CHECK(aligned || (!name && n == -FDT_ERR_BADOFFSET), "%s name(%d)", what, o);
		n = nav_first_prop(f, o);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s first_prop(%d)", what, o);
		n = nav_next_prop(f, o);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s next_prop(%d)", what, o);
		TAP_CHECK(aligned || !nav_prop(f, o, &name, &len), "%s prop(%d)", what, o);
		TAP_CHECK(aligned || !fdt_getprop(f, o, "reg", &len), "%s getprop(%d)", what, o);
		n = fdt_getprop_u32(f, o, "#address-cells", &x);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s getprop_u32(%d)", what, o);
		nav_is_compatible(f, o, "simple-bus");
		nav_find_compatible(f, o, "simple-bus");
		n = nav_address_cells(f, o);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s address_cells(%d)", what, o);
		nav_size_cells(f, o);
		n = nav_read_reg(f, o, 0, &r);
		TAP_CHECK(aligned || n == -FDT_ERR_BADOFFSET, "%s read_reg(%d)", what, o);
		nav_read_reg(f, o, 0xffffffffu, &r);
		nav_get_mem_rsv(f, o, &r);
	}
}

/* After a failed fdt_init() the struct is empty and everything fails. */
static void misuse_after_failure(void)
{
	static const u8 junk[64] = { 0xd0, 0x0d, 0xfe, 0xed };
	struct fdt f;
	struct fdt_range r;
	u32 len;
	int n;

	TAP_CHECK(fdt_check(&f, junk, sizeof(junk)) < 0, "junk accepted");
	TAP_CHECK(f.blob == NULL && f.totalsize == 0 && f.size_struct == 0, "not zeroed");
	TAP_CHECK(nav_next_node(&f, 0, NULL) == -FDT_ERR_BADOFFSET, "next_node");
	TAP_CHECK(nav_first_child(&f, 0) < 0 && nav_parent(&f, 0) < 0, "child/parent");
	TAP_CHECK(!fdt_node_name(&f, 0, &n) && n < 0, "name");
	TAP_CHECK(nav_path_offset(&f, "/", -1) == -FDT_ERR_BADOFFSET, "root");
	TAP_CHECK(nav_path_offset(&f, "/chosen", -1) < 0, "path");
	TAP_CHECK(nav_path_offset(&f, "serial0", -1) < 0, "alias");
	TAP_CHECK(!fdt_getprop(&f, 0, "reg", &len) && len == 0, "getprop");
	TAP_CHECK(nav_memory_banks(&f, NULL, 0) < 0, "banks");
	TAP_CHECK(nav_num_mem_rsv(&f) < 0 && nav_get_mem_rsv(&f, 0, &r) < 0, "rsv");
	TAP_CHECK(!nav_bootargs(&f) && nav_stdout_node(&f) < 0, "chosen");
	TAP_CHECK(nav_find_compatible(&f, -1, "x") < 0 && nav_read_reg(&f, 0, 0, &r) < 0, "misc");
}

/* ------------------------------------------------------------------ */
/* Hand-built blobs */

/* A tiny writer for structure blocks the fixtures cannot express. */
struct builder {
	u8 st[8192];
	u32 slen;
	char strings[4096];
	u32 strlen;
};

static void b_u32(struct builder *b, u32 v)
{
	put32(b->st + b->slen, v);
	b->slen += 4;
}

static void b_begin(struct builder *b, const char *name)
{
	size_t n = strlen(name) + 1;

	b_u32(b, T_BEGIN_NODE);
	memset(b->st + b->slen, 0, (n + 3) & ~(size_t)3);
	memcpy(b->st + b->slen, name, n);
	b->slen += (u32)((n + 3) & ~(size_t)3);
}

static void b_prop(struct builder *b, const char *name, const void *val, u32 len)
{
	u32 off = b->strlen;

	memcpy(b->strings + off, name, strlen(name) + 1);
	b->strlen += (u32)strlen(name) + 1;
	b_u32(b, T_PROP);
	b_u32(b, len);
	b_u32(b, off);
	memset(b->st + b->slen, 0, (len + 3) & ~3u);
	memcpy(b->st + b->slen, val, len);
	b->slen += (len + 3) & ~3u;
}

/* Header, an empty reservation map, the structure and strings blocks. */
static u8 *b_finish(struct builder *b, size_t *size)
{
	u32 off_struct = 40 + 16, off_strings = off_struct + b->slen;
	u32 total = off_strings + b->strlen;
	u8 *blob = calloc(1, total);

	put32(blob, FDT_MAGIC);
	put32(blob + H_TOTALSIZE, total);
	put32(blob + H_OFF_STRUCT, off_struct);
	put32(blob + H_OFF_STRINGS, off_strings);
	put32(blob + H_OFF_RSVMAP, 40);
	put32(blob + H_VERSION, 17);
	put32(blob + H_LAST_COMP, 16);
	put32(blob + H_SIZE_STRINGS, b->strlen);
	put32(blob + H_SIZE_STRUCT, b->slen);
	memcpy(blob + off_struct, b->st, b->slen);
	memcpy(blob + off_strings, b->strings, b->strlen);
	*size = total;
	return blob;
}

static int b_init(struct builder *b)
{
	struct fdt f;
	size_t size;
	u8 *blob = b_finish(b, &size);
	int err = fdt_check(&f, blob, size);

	if (!err) {
		/* Whatever is accepted can be walked; libfdt must agree. */
		struct cmp_opts o = { true, NULL, "built" };

		TAP_CHECK(lf.check_full(blob, size) == 0, "accepted, libfdt refuses");
		if (lf.check_full(blob, size) == 0)
			compare(&f, blob, &o);
	}
	free(blob);
	return err;
}

static void deep_tree(int levels, struct builder *b)
{
	int i;

	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	for (i = 1; i < levels; i++)
		b_begin(b, "n");
	for (i = 0; i < levels; i++)
		b_u32(b, T_END_NODE);
	b_u32(b, T_END);
}

static void b_u32_prop(struct builder *b, const char *name, u32 v)
{
	u8 be[4];

	put32(be, v);
	b_prop(b, name, be, 4);
}

/* A UART node name@addr (1 address cell, 1 size cell above it) compatible with compat. */
static void b_uart(struct builder *b, u32 addr, const char *compat)
{
	char name[32];
	u8 reg[8];

	snprintf(name, sizeof(name), "serial@%x", addr);
	put32(reg, addr);
	put32(reg + 4, 0x100);
	b_begin(b, name);
	b_prop(b, "compatible", compat, (u32)strlen(compat) + 1);
	b_prop(b, "reg", reg, sizeof(reg));
	b_u32(b, T_END_NODE);
}

/* The root of a built tree with 1 address and 1 size cell. */
static void b_root(struct builder *b)
{
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_u32_prop(b, "#address-cells", 1);
	b_u32_prop(b, "#size-cells", 1);
}

static void b_str(struct builder *b, const char *name, const char *val)
{
	b_prop(b, name, val, (u32)strlen(val) + 1);
}

/*
 * Where stdout-path and the UARTs come in the tree changes how the scan
 * resolves the path (include/lander/dt_info.h); the answer must not.
 * b_init() also compares each tree's scan with libfdt.
 */
static void test_built_initrd(void)
{
	struct builder b;
	int err;

	/*
	 * Expect a u32 start and a u64 end read from /chosen; a second copy of
	 * each ignored (the first counts, as in libfdt), and the same names
	 * outside /chosen ignored.
	 */
	b_root(&b);
	b_begin(&b, "soc");
	b_u32_prop(&b, "linux,initrd-start", 0x1000);
	b_u32(&b, T_END_NODE);
	b_begin(&b, "chosen");
	b_u32_prop(&b, "linux,initrd-start", 0x48000000);
	b_prop(&b, "linux,initrd-end", (u8[]){ 0, 0, 0, 1, 0, 0, 0x10, 0 }, 8);
	b_u32_prop(&b, "linux,initrd-start", 0x5000);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	err = b_init(&b);
	TAP_CHECK(err == 0, "%d", err);
	TAP_CHECK(scratch_dt.initrd_start == 0x48000000 && scratch_dt.initrd_end == 0x100001000ULL,
		  "initrd 0x%llx-0x%llx", scratch_dt.initrd_start, scratch_dt.initrd_end);

	/* Expect lengths other than 4 and 8 ignored. */
	b_root(&b);
	b_begin(&b, "chosen");
	b_prop(&b, "linux,initrd-start", (u8[]){ 0, 0, 0, 1, 0, 0 }, 6);
	b_prop(&b, "linux,initrd-end", "", 0);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	err = b_init(&b);
	TAP_CHECK(err == 0, "%d", err);
	TAP_CHECK(scratch_dt.initrd_start == 0 && scratch_dt.initrd_end == 0,
		  "bad lengths: 0x%llx-0x%llx", scratch_dt.initrd_start, scratch_dt.initrd_end);
	tap_case("built: /chosen linux,initrd-start and -end, u32 or u64");
}

static void test_built_devices(void)
{
	const struct early_dev *con = &test_devs[DEV_CONSOLE];
	struct builder b;
	u32 i;
	int err;

	/* The UART, then /chosen naming an alias, then /aliases. */
	b_root(&b);
	b_begin(&b, "soc");
	b_u32_prop(&b, "#address-cells", 1);
	b_u32_prop(&b, "#size-cells", 1);
	b_prop(&b, "ranges", "", 0);
	b_begin(&b, "serial@1000");
	b_prop(&b, "compatible", "vendor,uart\0ns16550a", 21);
	b_prop(&b, "reg", (u8[]){ 0, 0, 0x10, 0, 0, 0, 1, 0 }, 8);
	b_u32_prop(&b, "reg-shift", 2);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_begin(&b, "chosen");
	b_str(&b, "stdout-path", "ser:115200n8");
	b_u32(&b, T_END_NODE);
	b_begin(&b, "aliases");
	b_str(&b, "ser", "/soc/serial@1000");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	err = b_init(&b);
	TAP_CHECK(err == 0, "%d", err);
	TAP_CHECK(con->node > 0 && con->model == 2 && con->reg.base == 0x1000 &&
			  con->reg.size == 0x100 && con->value[0] == 2 && con->value[1] == 1,
		  "console node %d model %u reg %llx+%llx values %u %u", con->node, con->model,
		  con->reg.base, con->reg.size, con->value[0], con->value[1]);
	TAP_CHECK(scratch_dt.stdout_rescans == 0, "rescans %d", scratch_dt.stdout_rescans);
	tap_case("built: stdout-path through an alias that comes after it and the UART");

	/*
	 * A UART on /soc at 0x1000, /soc's ranges given by soc_ranges (NULL:
	 * none). Expect 0x1000 through 0x1000 -> 0x9000 (0x100 bytes) at
	 * 0x9000; no ranges, or ranges that miss 0x1000, leave no console and
	 * say why in untranslated[].
	 */
	{
		static const struct {
			const char *what;
			u8 ranges[12];
			u32 len;
			bool present;
			u64 pa;
			u32 error;
		} xl[] = {
			{ "empty ranges", { 0 }, 0, true, 0x1000, 0 },
			{ "ranges 0x1000 -> 0x9000",
			  { 0, 0, 0x10, 0, 0, 0, 0x90, 0, 0, 0, 1, 0 },
			  12,
			  true,
			  0x9000,
			  0 },
			{ "no ranges", { 0 }, 0, false, 0, DT_XLATE_NO_RANGES },
			{ "ranges that miss",
			  { 0, 0, 0x20, 0, 0, 0, 0x90, 0, 0, 0, 1, 0 },
			  12,
			  true,
			  0,
			  DT_XLATE_OUTSIDE },
			{ "ranges of 2 words",
			  { 0, 0, 0x10, 0, 0, 0, 0x90, 0 },
			  8,
			  true,
			  0,
			  DT_XLATE_BAD_RANGES },
		};

		for (i = 0; i < ARRAY_SIZE(xl); i++) {
			b_root(&b);
			b_begin(&b, "soc");
			b_u32_prop(&b, "#address-cells", 1);
			b_u32_prop(&b, "#size-cells", 1);
			if (xl[i].present)
				b_prop(&b, "ranges", xl[i].ranges, xl[i].len);
			b_uart(&b, 0x1000, "ns16550a");
			b_u32(&b, T_END_NODE);
			b_begin(&b, "chosen");
			b_str(&b, "stdout-path", "/soc/serial@1000");
			b_u32(&b, T_END_NODE);
			b_u32(&b, T_END_NODE);
			b_u32(&b, T_END);
			err = b_init(&b);
			TAP_CHECK(err == 0, "%d", err);
			if (!xl[i].error)
				TAP_CHECK(con->node > 0 && con->reg.base == 0x1000 &&
						  con->regs.pa == xl[i].pa &&
						  !scratch_dt.untranslated[DEV_CONSOLE].error,
					  "%s: console node %d at %llx", xl[i].what, con->node,
					  con->regs.pa);
			else
				TAP_CHECK(con->node < 0 && !con->model && !con->regs.pa &&
						  scratch_dt.untranslated[DEV_CONSOLE].error ==
							  xl[i].error &&
						  scratch_dt.untranslated[DEV_CONSOLE].addr ==
							  0x1000 &&
						  scratch_dt.untranslated[DEV_CONSOLE].node > 0 &&
						  scratch_dt.untranslated[DEV_CONSOLE].bus > 0,
					  "%s: console node %d at %llx, error %u", xl[i].what,
					  con->node, con->regs.pa,
					  scratch_dt.untranslated[DEV_CONSOLE].error);
			tap_case("built: a UART behind %s", xl[i].what);
		}
	}

	/* /chosen first, then 20 UARTs: the 20th is the console. */
	b_root(&b);
	b_begin(&b, "chosen");
	b_str(&b, "stdout-path", "/serial@14000");
	b_u32(&b, T_END_NODE);
	for (i = 1; i <= 20; i++)
		b_uart(&b, i << 12, "arm,pl011");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	err = b_init(&b);
	TAP_CHECK(err == 0, "%d", err);
	TAP_CHECK(con->model == 1 && con->reg.base == 0x14000, "console model %u at %llx",
		  con->model, con->reg.base);
	tap_case("built: 20 UARTs after /chosen");

	/* 20 UARTs, then /chosen naming the 19th without its unit address... */
	b_root(&b);
	for (i = 1; i <= 20; i++)
		b_uart(&b, i << 12, i == 19 ? "ns16550" : "arm,pl011");
	b_begin(&b, "chosen");
	b_str(&b, "stdout-path", "/serial@13000");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	err = b_init(&b);
	TAP_CHECK(err == 0, "%d", err);
	TAP_CHECK(con->model == 3 && con->reg.base == 0x13000, "console model %u at %llx",
		  con->model, con->reg.base);
	TAP_CHECK(scratch_dt.stdout_rescans == 1, "rescans %d", scratch_dt.stdout_rescans);
	tap_case("built: 20 UARTs before /chosen (a second walk)");

	/* ...and the first of them, named without a unit address: no second walk. */
	b_root(&b);
	for (i = 1; i <= 20; i++)
		b_uart(&b, i << 12, "arm,pl011");
	b_begin(&b, "chosen");
	b_str(&b, "linux,stdout-path", "/serial");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	err = b_init(&b);
	TAP_CHECK(err == 0, "%d", err);
	TAP_CHECK(con->model == 1 && con->reg.base == 0x1000, "console model %u at %llx",
		  con->model, con->reg.base);
	TAP_CHECK(scratch_dt.stdout_rescans == 0, "rescans %d", scratch_dt.stdout_rescans);
	tap_case("built: linux,stdout-path without a unit address: the first UART");
}

static void test_built(void)
{
	struct builder b;
	u32 one = 0x01000000;
	int err;

	deep_tree(FDT_MAX_DEPTH, &b);
	err = b_init(&b);
	TAP_CHECK(err == 0, "%d levels: %d", FDT_MAX_DEPTH, err);
	tap_case("built: %d levels accepted", FDT_MAX_DEPTH);

	deep_tree(FDT_MAX_DEPTH + 1, &b);
	err = b_init(&b);
	TAP_CHECK(err == -FDT_ERR_BADSTRUCTURE, "%d", err);
	tap_case("built: %d levels refused (too deep)", FDT_MAX_DEPTH + 1);

	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_begin(&b, "child");
	b_u32(&b, T_END_NODE);
	b_prop(&b, "late", &one, 4);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "property after a subnode");
	tap_case("built: property after a subnode refused");

	memset(&b, 0, sizeof(b));
	b_u32(&b, T_NOP);
	b_begin(&b, "");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "NOP before the root");
	memset(&b, 0, sizeof(b));
	b_begin(&b, "root");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "named root");
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_u32(&b, T_END_NODE);
	b_begin(&b, "");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "two roots");
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_NOP);
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "NOP after the root");
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_begin(&b, "a");
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "END inside a node");
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "extra END_NODE");
	memset(&b, 0, sizeof(b));
	b_u32(&b, T_END);
	TAP_CHECK(b_init(&b) == -FDT_ERR_BADSTRUCTURE, "no root");
	memset(&b, 0, sizeof(b));
	TAP_CHECK(b_init(&b) == -FDT_ERR_TRUNCATED, "empty structure block");
	tap_case("built: misplaced tokens refused");

	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_u32(&b, T_NOP);
	b_prop(&b, "a", &one, 4);
	b_u32(&b, T_NOP);
	b_prop(&b, "b", &one, 0);
	b_begin(&b, ""); /* an empty name below the root is legal */
	b_u32(&b, T_NOP);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_NOP);
	b_begin(&b, "x@1");
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END_NODE);
	b_u32(&b, T_END);
	b_u32(&b, 0x12345678); /* ignored: after FDT_END */
	err = b_init(&b);
	TAP_CHECK(err == 0, "NOPs everywhere: %d", err);
	tap_case("built: NOPs and trailing bytes accepted");

	test_built_devices();
	test_built_initrd();
}

/* ------------------------------------------------------------------ */
/* Corrupted fixtures */

struct hdr {
	u32 off_struct, off_strings, off_rsvmap, size_struct, size_strings, totalsize;
};

static struct hdr read_hdr(const u8 *b)
{
	struct hdr h = {
		be32(b + H_OFF_STRUCT),	 be32(b + H_OFF_STRINGS),  be32(b + H_OFF_RSVMAP),
		be32(b + H_SIZE_STRUCT), be32(b + H_SIZE_STRINGS), be32(b + H_TOTALSIZE),
	};

	return h;
}

/* fdt_check() on a copy of blob with the u32 at off set to val. */
static int init_with(const u8 *blob, size_t size, u32 off, u32 val)
{
	u8 *copy = dup_blob(blob, size);
	struct fdt f;
	int err;

	put32(copy + off, val);
	err = fdt_check(&f, copy, size);
	free(copy);
	return err;
}

/* The offset (in the blob) of the n-th token of type tok, walking validly. */
static u32 find_token(const u8 *blob, int tok, int n)
{
	struct hdr h = read_hdr(blob);
	u32 off = 0, t, len;

	while (off < h.size_struct) {
		t = be32(blob + h.off_struct + off);
		if ((int)t == tok && n-- == 0)
			return h.off_struct + off;
		if (t == T_BEGIN_NODE) {
			len = (u32)strlen((const char *)blob + h.off_struct + off + 4);
			off += 4 + ((len + 4) & ~3u);
		} else if (t == T_PROP) {
			len = be32(blob + h.off_struct + off + 4);
			off += 12 + ((len + 3) & ~3u);
		} else {
			off += 4;
		}
	}
	return 0;
}

#define EXPECT_INIT(expr, want, ...)                                                           \
	do {                                                                                   \
		int __e = (expr);                                                              \
		TAP_CHECK(__e == (want), "got %d (%s): " __VA_ARGS__, __e, fdt_strerror(__e)); \
	} while (0)

static void test_corrupt(const u8 *blob, size_t size)
{
	struct hdr h = read_hdr(blob);
	struct fdt f;
	u8 *copy, *odd;
	u32 tok, name_end, last_prop;

	EXPECT_INIT(fdt_check(&f, blob, size), 0, "pristine");
	EXPECT_INIT(fdt_check(&f, NULL, size), -FDT_ERR_TRUNCATED, "NULL");
	EXPECT_INIT(fdt_check(&f, blob, 0), -FDT_ERR_TRUNCATED, "empty");
	EXPECT_INIT(fdt_check(&f, blob, 35), -FDT_ERR_TRUNCATED, "short header");
	EXPECT_INIT(fdt_check(&f, blob, 39), -FDT_ERR_TRUNCATED, "short v17 header");
	EXPECT_INIT(fdt_check(&f, blob, size - 1), -FDT_ERR_TRUNCATED, "buffer < totalsize");
	tap_case("corrupt: truncated buffers");

	EXPECT_INIT(init_with(blob, size, 0, 0xd00dfeee), -FDT_ERR_BADMAGIC, "magic");
	EXPECT_INIT(init_with(blob, size, 0, 0xedfe0dd0), -FDT_ERR_BADMAGIC, "byte-swapped magic");
	tap_case("corrupt: bad magic");

	EXPECT_INIT(init_with(blob, size, H_VERSION, 15), -FDT_ERR_BADVERSION, "version 15");
	EXPECT_INIT(init_with(blob, size, H_VERSION, 0), -FDT_ERR_BADVERSION, "version 0");
	EXPECT_INIT(init_with(blob, size, H_LAST_COMP, 18), -FDT_ERR_BADVERSION, "last_comp 18");
	EXPECT_INIT(init_with(blob, size, H_VERSION, 16), 0, "version 16");
	EXPECT_INIT(init_with(blob, size, H_VERSION, 18), 0, "version 18, compatible with 16");
	copy = dup_blob(blob, size);
	put32(copy + H_VERSION, 16);
	put32(copy + H_LAST_COMP, 17);
	EXPECT_INIT(fdt_check(&f, copy, size), -FDT_ERR_BADVERSION, "last_comp above version");
	/* Version 16 has no size_dt_struct: it is measured, garbage there is ignored. */
	put32(copy + H_LAST_COMP, 16);
	put32(copy + H_SIZE_STRUCT, 0xffffff01);
	EXPECT_INIT(fdt_check(&f, copy, size), 0, "version 16 ignores size_dt_struct");
	TAP_CHECK(walked_size(&f) == h.size_struct, "v16 measured %u, want %u", walked_size(&f),
		  h.size_struct);
	if (f.blob) {
		struct cmp_opts o = { true, NULL, "v16" };

		compare(&f, copy, &o);
	}
	free(copy);
	tap_case("corrupt: versions");

	EXPECT_INIT(init_with(blob, size, H_TOTALSIZE, (u32)size + 1), -FDT_ERR_TRUNCATED,
		    "totalsize > buffer");
	EXPECT_INIT(init_with(blob, size, H_TOTALSIZE, 0xffffffff), -FDT_ERR_TRUNCATED,
		    "huge totalsize");
	EXPECT_INIT(init_with(blob, size, H_TOTALSIZE, 39), -FDT_ERR_TRUNCATED, "totalsize 39");
	EXPECT_INIT(init_with(blob, size, H_TOTALSIZE, h.off_strings + h.size_strings - 1),
		    -FDT_ERR_BADLAYOUT, "strings past totalsize");
	tap_case("corrupt: totalsize");

	EXPECT_INIT(init_with(blob, size, H_OFF_STRUCT, h.off_struct + 2), -FDT_ERR_BADALIGN,
		    "struct misaligned");
	EXPECT_INIT(init_with(blob, size, H_OFF_RSVMAP, h.off_rsvmap + 4), -FDT_ERR_BADALIGN,
		    "rsvmap misaligned");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRUCT, h.size_struct - 2), -FDT_ERR_BADALIGN,
		    "struct size misaligned");
	tap_case("corrupt: misaligned blocks");

	EXPECT_INIT(init_with(blob, size, H_OFF_STRUCT, ((u32)size + 3) & ~3u), -FDT_ERR_BADLAYOUT,
		    "struct at the end");
	EXPECT_INIT(init_with(blob, size, H_OFF_STRUCT, 0xfffffffc), -FDT_ERR_BADLAYOUT,
		    "struct far away");
	EXPECT_INIT(init_with(blob, size, H_OFF_STRUCT, 0), -FDT_ERR_BADLAYOUT,
		    "struct in the header");
	EXPECT_INIT(init_with(blob, size, H_OFF_RSVMAP, 8), -FDT_ERR_BADLAYOUT,
		    "rsvmap in the header");
	EXPECT_INIT(init_with(blob, size, H_OFF_RSVMAP, 0xfffffff8), -FDT_ERR_BADLAYOUT,
		    "rsvmap far away");
	EXPECT_INIT(init_with(blob, size, H_OFF_STRINGS, 0xffffff00), -FDT_ERR_BADLAYOUT,
		    "strings far away");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRINGS, 0xffffffff), -FDT_ERR_BADLAYOUT,
		    "huge strings");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRUCT, 0xfffffffc), -FDT_ERR_BADLAYOUT,
		    "huge struct");
	EXPECT_INIT(init_with(blob, size, H_OFF_STRINGS, h.off_struct), -FDT_ERR_BADLAYOUT,
		    "strings over struct");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRUCT, h.size_struct + 4), -FDT_ERR_BADLAYOUT,
		    "struct over strings");
	EXPECT_INIT(init_with(blob, size, H_OFF_RSVMAP, h.off_struct), -FDT_ERR_BADLAYOUT,
		    "rsvmap over struct");
	/* The map's end marker made non-zero: it runs on into the struct block. */
	EXPECT_INIT(init_with(blob, size, h.off_struct - 4, 1), -FDT_ERR_BADLAYOUT,
		    "rsvmap unterminated");
	tap_case("corrupt: blocks outside the blob or overlapping");

	EXPECT_INIT(init_with(blob, size, H_SIZE_STRUCT, h.size_struct - 4), -FDT_ERR_TRUNCATED,
		    "no FDT_END");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRUCT, 8), -FDT_ERR_TRUNCATED,
		    "struct block of 8 bytes");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRUCT, 0), -FDT_ERR_TRUNCATED,
		    "empty struct block");
	tap_case("corrupt: truncated structure block");

	tok = find_token(blob, T_PROP, 0);
	EXPECT_INIT(init_with(blob, size, tok, 7), -FDT_ERR_BADSTRUCTURE, "token 7");
	EXPECT_INIT(init_with(blob, size, tok, 0), -FDT_ERR_BADSTRUCTURE, "token 0");
	EXPECT_INIT(init_with(blob, size, tok, T_END), -FDT_ERR_BADSTRUCTURE, "early FDT_END");
	EXPECT_INIT(init_with(blob, size, h.off_struct, T_NOP), -FDT_ERR_BADSTRUCTURE,
		    "root token");
	tap_case("corrupt: bad tokens");

	/* Cut the block inside the name of the second node. */
	tok = find_token(blob, T_BEGIN_NODE, 1);
	name_end = tok + 4 + (u32)strlen((const char *)blob + tok + 4);
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRUCT, (name_end & ~3u) - h.off_struct),
		    -FDT_ERR_BADSTRUCTURE, "unterminated node name");
	tap_case("corrupt: unterminated node name");

	tok = find_token(blob, T_PROP, 0);
	EXPECT_INIT(init_with(blob, size, tok + 8, h.size_strings), -FDT_ERR_BADSTRING,
		    "nameoff = size");
	EXPECT_INIT(init_with(blob, size, tok + 8, 0xffffffff), -FDT_ERR_BADSTRING, "nameoff huge");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRINGS, h.size_strings - 1), -FDT_ERR_BADSTRING,
		    "last name loses its NUL");
	EXPECT_INIT(init_with(blob, size, H_SIZE_STRINGS, 0), -FDT_ERR_BADSTRING,
		    "no strings at all");
	tap_case("corrupt: bad property name offsets");

	EXPECT_INIT(init_with(blob, size, tok + 4, 0xffffffff), -FDT_ERR_BADSTRUCTURE, "len huge");
	EXPECT_INIT(init_with(blob, size, tok + 4, h.size_struct), -FDT_ERR_BADSTRUCTURE,
		    "len = block");
	EXPECT_INIT(init_with(blob, size, tok + 4, 0x80000000), -FDT_ERR_BADSTRUCTURE,
		    "len negative as int");
	/* The last property, made to reach exactly one byte too far. */
	last_prop = 0;
	for (int i = 0; find_token(blob, T_PROP, i); i++)
		last_prop = find_token(blob, T_PROP, i);
	EXPECT_INIT(init_with(blob, size, last_prop + 4,
			      h.off_struct + h.size_struct - (last_prop + 12) + 1),
		    -FDT_ERR_BADSTRUCTURE, "len one past the block");
	tap_case("corrupt: property lengths");

	tok = find_token(blob, T_END_NODE, 0);
	EXPECT_INIT(init_with(blob, size, tok, T_NOP), -FDT_ERR_BADSTRUCTURE, "END_NODE lost");
	tok = find_token(blob, T_END, 0);
	EXPECT_INIT(init_with(blob, size, tok - 4, T_NOP), -FDT_ERR_BADSTRUCTURE,
		    "root END_NODE lost");
	EXPECT_INIT(init_with(blob, size, tok, T_END_NODE), -FDT_ERR_BADSTRUCTURE,
		    "extra END_NODE at the end");
	tap_case("corrupt: unbalanced nesting");

	/* An odd address and exactly-sized buffer: all loads are bytewise. */
	odd = malloc(size + 1);
	memcpy(odd + 1, blob, size);
	EXPECT_INIT(fdt_check(&f, odd + 1, size), 0, "odd address");
	if (f.blob) {
		/* libfdt wants 8-byte alignment: no comparison here. */
		TAP_CHECK(nav_memory_banks(&f, NULL, 0) == 3, "banks at an odd address");
		TAP_CHECK(nav_stdout_node(&f) > 0, "stdout at an odd address");
		misuse(&f, "odd address");
	}
	free(odd);
	tap_case("corrupt: blob at an odd address");
}

/* ------------------------------------------------------------------ */
/* Random mutations */

static u32 interesting(u64 *rng, u32 size)
{
	static const u32 v[] = { 0,	     1,		 2,	     3,		4,    8,
				 9,	     16,	 17,	     0x28,	0x38, 0x7fffffff,
				 0x80000000, 0xfffffffc, 0xffffffff, 0xd00dfeed };

	switch (rng_below(rng, 4)) {
	case 0: return v[rng_below(rng, ARRAY_SIZE(v))];
	case 1: return (u32)rng_below(rng, size + 16);
	case 2: return (u32)rng_below(rng, 10);
	default: return (u32)rng_next(rng);
	}
}

/* Apply 1 to 4 random changes to buf; may shorten *size. */
static void mutate(u8 *buf, size_t *size, u64 *rng)
{
	size_t sz = *size;
	int n = 1 + (int)rng_below(rng, 4), i;
	u32 off, src, len;

	for (i = 0; i < n; i++) {
		switch (rng_below(rng, 9)) {
		case 0: /* flip a bit */
			off = (u32)rng_below(rng, sz);
			buf[off] ^= (u8)(1u << rng_below(rng, 8));
			break;
		case 1: /* a random byte */
			off = (u32)rng_below(rng, sz);
			buf[off] = (u8)rng_next(rng);
			break;
		case 2: /* a header field */
			off = 4 * (u32)rng_below(rng, 10);
			put32(buf + off, interesting(rng, (u32)sz));
			break;
		case 3: /* a header field, nudged */
			off = 4 * (u32)rng_below(rng, 10);
			put32(buf + off, be32(buf + off) + (u32)rng_below(rng, 17) - 8);
			break;
		case 4: /* an aligned word anywhere */
		case 5:
			off = (u32)rng_below(rng, sz / 4) * 4;
			put32(buf + off, interesting(rng, (u32)sz));
			break;
		case 6: /* a token */
			off = (u32)rng_below(rng, sz / 4) * 4;
			put32(buf + off, (u32)rng_below(rng, 10));
			break;
		case 7: /* copy a piece elsewhere */
			len = 4 * (1 + (u32)rng_below(rng, 16));
			if (len >= sz)
				break;
			src = (u32)rng_below(rng, sz - len);
			off = (u32)rng_below(rng, sz - len);
			memmove(buf + off, buf + src, len);
			break;
		default: /* shorten the buffer */
			if (rng_below(rng, 4) == 0)
				*size = rng_below(rng, sz + 1);
			break;
		}
	}
}

/*
 * libfdt's fdt_check_full(), but for blobs older than version 16, which
 * the reader refuses anyway: libfdt 1.6.1 dereferences NULL on some (a v3
 * root name without '/').
 */
static int oracle_check(const u8 *buf, size_t size)
{
	if (size >= 24 && be32(buf + H_VERSION) < 16)
		return -1;
	return lf.check_full(buf, size);
}

struct tally {
	long both, ours_only, theirs_only, neither;
	long theirs_only_by[16];
};

/*
 * Mutate a packed copy of blob again and again. fdt_init() must never
 * read out of bounds; what it accepts libfdt must accept too, and then
 * the two must agree on everything.
 */
static void fuzz_fixture(const char *name, const u8 *blob, size_t size, u64 seed, long count,
			 struct tally *t)
{
	u64 rng = seed ^ hash_str(name);
	long i;
	int err, ref;

	if (!rng)
		rng = 1;
	for (i = 0; i < count; i++) {
		size_t msize = size;
		u8 *buf = dup_blob(blob, size);
		struct fdt f;
		int before = tap_case_failures;

		mutate(buf, &msize, &rng);
		if (msize < size) {
			/* Shortened: a buffer of exactly that size, for ASan. */
			u8 *shorter = dup_blob(buf, msize);

			free(buf);
			buf = shorter;
		}
		err = fdt_check(&f, buf, msize);
		ref = oracle_check(buf, msize);
		if (!err && !ref) {
			struct cmp_opts o = { false, &rng, name };

			t->both++;
			compare(&f, buf, &o);
			nav_path_offset(&f, "serial0", -1);
			nav_path_offset(&f, "serial0/a", -1);
		} else if (!err) {
			t->ours_only++;
			TAP_CHECK(0, "%s: accepted what libfdt refuses (%d)", name, ref);
		} else if (!ref) {
			t->theirs_only++;
			t->theirs_only_by[-err < 16 ? -err : 0]++;
		} else {
			t->neither++;
		}
		if (tap_case_failures != before && getenv("FDT_DUMP")) {
			FILE *out = fopen(getenv("FDT_DUMP"), "wb");

			if (out) {
				fwrite(buf, 1, msize, out);
				fclose(out);
			}
		}
		free(buf);
		if (tap_case_failures != before) {
			printf("# %s: mutation %ld of FDT_SEED=0x%llx failed%s\n", name, i,
			       (unsigned long long)seed,
			       getenv("FDT_DUMP") ? ", written to $FDT_DUMP" : "");
			break;
		}
	}
}

/* ------------------------------------------------------------------ */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool starts_with(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* ------------------------------------------------------------------ */
/* Real boards: reg translated through the buses' ranges */

/*
 * Five boards' consoles, translated by hand from their trees (dtc -O dts):
 * vexpress: serial@90000 on the iofpga bus (0 -> 3 0), on the motherboard
 * bus (3 0 -> 0x1c000000), on bus@8000000 (one to one from 0x8000000);
 * the BCM2837 boards: /soc 0x7e000000 -> 0x3f000000; the BCM2711: /soc
 * 0x7e000000 -> 0 0xfe000000; poplar: /soc@f0000000 0 -> 0 0xf0000000.
 */
static const struct {
	const char *file;
	u64 pa;
} board_consoles[] = {
	{ "arm/vexpress-v2f-1xv7-ca53x2.dtb", 0x1c090000 },
	{ "broadcom/bcm2837-rpi-cm3-io3.dtb", 0x3f201000 },
	{ "hisilicon/hi3798cv200-poplar.dtb", 0xf8b00000 },
	{ "broadcom/bcm2837-rpi-3-b.dtb", 0x3f215040 },
	{ "broadcom/bcm2711-rpi-4-b.dtb", 0xfe215040 },
};

/* The node stdout-path names, through libfdt: a path or an alias, options cut; or < 0. */
static int board_stdout(const u8 *blob)
{
	int chosen = lf.path_offset_namelen(blob, "/chosen", 7), aliases, len, n;
	const char *sp, *path;
	char alias[64];

	if (chosen < 0)
		return -1;
	sp = lf.getprop(blob, chosen, "stdout-path", &len);
	if (!sp)
		sp = lf.getprop(blob, chosen, "linux,stdout-path", &len);
	if (!sp || len <= 0 || !memchr(sp, '\0', (size_t)len))
		return -1;
	for (n = 0; sp[n] && sp[n] != ':'; n++)
		;
	path = sp;
	if (sp[0] != '/') {
		aliases = lf.path_offset_namelen(blob, "/aliases", 8);
		if (aliases < 0 || n >= (int)sizeof(alias))
			return -1;
		memcpy(alias, sp, (size_t)n);
		alias[n] = '\0';
		path = lf.getprop(blob, aliases, alias, &len);
		if (!path || len <= 0 || !memchr(path, '\0', (size_t)len) || path[0] != '/')
			return -1;
		n = (int)strlen(path);
	}
	return lf.path_offset_namelen(blob, path, n);
}

enum board_result { BOARD_SKIPPED, BOARD_IDENTITY, BOARD_TRANSLATED, BOARD_UNTRANSLATABLE };

/*
 * Scan one board tree (exactly size bytes, so ASan sees any read past it)
 * with a console that matches its stdout node's first compatible: the
 * scan must take that node at the address the oracle's translation gives,
 * or, where the oracle finds none, leave the console unused and say why.
 * *pa gets the console's address.
 */
static enum board_result test_board(const char *name, const u8 *blob, size_t size, u64 *pa)
{
	static struct early_dev dev;
	static struct dt_info dt;
	struct fdt_range r;
	struct fdt f;
	const char *list, *compat;
	const u8 *reg;
	int node, parent, len, rlen, err;
	u64 want;
	bool ok;

	*pa = 0;
	node = board_stdout(blob);
	list = node >= 0 ? lf.getprop(blob, node, "compatible", &len) : NULL;
	/* The first of its compatible strings that fits a match entry. */
	for (compat = list; compat && compat < list + len; compat += strlen(compat) + 1)
		if (!memchr(compat, '\0', (size_t)(list + len - compat)) ||
		    strlen(compat) < EARLY_DEV_COMPAT_LEN)
			break;
	if (!compat || compat >= list + len || !memchr(compat, '\0', (size_t)(list + len - compat)))
		return BOARD_SKIPPED;
	parent = lf.parent_offset(blob, node);
	reg = lf.getprop(blob, node, "reg", &rlen);
	if (parent < 0 || !reg ||
	    oracle_reg(reg, rlen, (int)oracle_cells(blob, parent, "#address-cells", 2),
		       (int)oracle_cells(blob, parent, "#size-cells", 1), 0, &r) ||
	    !r.base)
		return BOARD_SKIPPED;
	want = r.base;
	ok = oracle_translate(blob, node, &want);

	memset(&dev, 0, sizeof(dev));
	strcpy(dev.name, "console");
	dev.find = EARLY_DEV_BY_STDOUT;
	strcpy(dev.match[0].compatible, compat);
	dev.match[0].model = 1;
	err = fdt_init(&f, blob, size);
	if (!err)
		err = dt_info_scan(&f, 0, &dev, 1, &dt);
	TAP_CHECK(err == 0, "%s: %s", name, fdt_strerror(err));
	if (ok) {
		TAP_CHECK(dev.node == node && dev.model == 1 && dev.reg.base == r.base &&
				  dev.regs.pa == want && dev.regs.base == want,
			  "%s: console node %d reg %llx at %llx, want node %d reg %llx at %llx",
			  name, dev.node, dev.reg.base, dev.regs.pa, node, r.base, want);
	} else {
		TAP_CHECK(dev.node < 0 && !dev.model && !dev.regs.pa && dt.untranslated[0].error &&
				  dt.untranslated[0].node == node,
			  "%s: untranslatable console node %d: found %d at %llx, error %u", name,
			  node, dev.node, dev.regs.pa, dt.untranslated[0].error);
	}
	*pa = dev.regs.pa;
	if (!ok)
		return BOARD_UNTRANSLATABLE;
	return want != r.base ? BOARD_TRANSLATED : BOARD_IDENTITY;
}

static char **board_files;
static size_t nr_board_files;

/*
 * Every board tree of Debian's arm64 kernel package (make board-dtbs puts
 * them next to the fixtures, in build/host/boards), and five of them
 * checked against addresses worked out by hand. Skipped when absent.
 */
static void test_boards(const char *dir)
{
	size_t i, j, size, count[4] = { 0 };
	u64 pa;
	u8 *blob;

	test_list_files(dir, ".dtb", &board_files, &nr_board_files);
	if (!nr_board_files) {
		tap_case("boards: no trees in %s (make board-dtbs): skipped", dir);
		return;
	}
	qsort(board_files, nr_board_files, sizeof(*board_files), cmp_names);
	for (i = 0; i < nr_board_files; i++) {
		blob = test_read_file(board_files[i], &size);
		TAP_CHECK(blob, "cannot read %s", board_files[i]);
		if (blob)
			count[test_board(board_files[i], blob, size, &pa)]++;
		free(blob);
	}
	TAP_CHECK(count[BOARD_TRANSLATED] >= 100, "only %zu consoles behind ranges",
		  count[BOARD_TRANSLATED]);
	tap_case(
		"boards: %zu trees, consoles: %zu one to one, %zu through ranges, %zu untranslatable, "
		"%zu skipped",
		nr_board_files, count[BOARD_IDENTITY], count[BOARD_TRANSLATED],
		count[BOARD_UNTRANSLATABLE], count[BOARD_SKIPPED]);

	for (j = 0; j < ARRAY_SIZE(board_consoles); j++) {
		char file[4096];

		snprintf(file, sizeof(file), "%s/%s", dir, board_consoles[j].file);
		blob = test_read_file(file, &size);
		TAP_CHECK(blob, "cannot read %s", file);
		if (blob)
			TAP_CHECK(test_board(file, blob, size, &pa) == BOARD_TRANSLATED &&
					  pa == board_consoles[j].pa,
				  "%s: console at %llx, want %llx", file, pa, board_consoles[j].pa);
		free(blob);
		tap_case("boards: %s console at 0x%llx", board_consoles[j].file,
			 (unsigned long long)board_consoles[j].pa);
	}
	for (i = 0; i < nr_board_files; i++)
		free(board_files[i]);
	free(board_files);
}

/* ------------------------------------------------------------------ */
/* Real boards' trees (make board-dtbs: Debian's arm64 kernel package) */

/*
 * Count the reservations of blob with libfdt alone: every reg entry of
 * every /reserved-memory child, and the /memreserve/ entries. *nomap gets
 * how many of the entries are no-map.
 */
static int libfdt_reservations(const u8 *blob, int *nomap)
{
	int rm = lf.path_offset_namelen(blob, "/reserved-memory", 16), child, len, n = 0;
	const u8 *v;
	int ac = 2, sc = 1;

	*nomap = 0;
	if (rm >= 0) {
		v = lf.getprop(blob, rm, "#address-cells", &len);
		ac = v ? (int)be32(v) : ac;
		v = lf.getprop(blob, rm, "#size-cells", &len);
		sc = v ? (int)be32(v) : sc;
		for (child = lf.first_subnode(blob, rm); child >= 0;
		     child = lf.next_subnode(blob, child)) {
			int entries;

			if (!lf.getprop(blob, child, "reg", &len) || ac + sc == 0)
				continue;
			entries = len / (4 * (ac + sc));
			n += entries;
			if (lf.getprop(blob, child, "no-map", &len))
				*nomap += entries;
		}
	}
	return n + lf.num_mem_rsv(blob);
}

/*
 * The scan of one board tree against libfdt: the RAM banks and the
 * reservations as want_scan() reads them, and none of either left out.
 * Returns the scan's reservation count, or -1 if the tree cannot be read.
 */
static int board_memory(const char *dir, const char *name)
{
	static struct want_scan w;
	static struct dt_info dt;
	char file[4096];
	int err, i, nomap, want_rsv;
	size_t size;
	struct fdt f;
	u8 *blob;

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	blob = test_read_file(file, &size);
	TAP_CHECK(blob, "cannot read %s", file);
	if (!blob)
		return -1;
	err = fdt_init(&f, blob, size);
	TAP_CHECK(err == 0, "%s: fdt_init: %s", name, fdt_strerror(err));
	if (!err)
		err = dt_info_scan(&f, 0, test_devs, NR_DEVS, &dt);
	TAP_CHECK(err == 0, "%s: scan: %s", name, fdt_strerror(err));
	if (err) {
		free(blob);
		return -1;
	}
	want_scan(blob, 0, &w);
	want_rsv = libfdt_reservations(blob, &nomap);
	TAP_CHECK(!dt.dropped_banks && !dt.dropped_reserved,
		  "%s: %d banks, %d reservations left out", name, dt.dropped_banks,
		  dt.dropped_reserved);
	TAP_CHECK(dt.nr_reserved == want_rsv, "%s: %d reservations, libfdt counts %d", name,
		  dt.nr_reserved, want_rsv);
	for (i = 0; i < dt.nr_reserved; i++)
		nomap -= dt.reserved[i].nomap;
	TAP_CHECK(!nomap, "%s: no-map entries differ from libfdt's by %d", name, nomap);
	TAP_CHECK(dt.nr_banks == w.dt.nr_banks, "%s: %d banks, want %d", name, dt.nr_banks,
		  w.dt.nr_banks);
	for (i = 0; i < dt.nr_banks && i < w.dt.nr_banks; i++)
		TAP_CHECK(dt.bank[i].base == w.dt.bank[i].base &&
				  dt.bank[i].size == w.dt.bank[i].size,
			  "%s: bank %d 0x%llx+0x%llx, want 0x%llx+0x%llx", name, i, dt.bank[i].base,
			  dt.bank[i].size, w.dt.bank[i].base, w.dt.bank[i].size);
	for (i = 0; i < dt.nr_reserved && i < w.dt.nr_reserved; i++)
		TAP_CHECK(dt.reserved[i].base == w.dt.reserved[i].base &&
				  dt.reserved[i].size == w.dt.reserved[i].size &&
				  dt.reserved[i].nomap == w.dt.reserved[i].nomap,
			  "%s: reservation %d 0x%llx+0x%llx", name, i, dt.reserved[i].base,
			  dt.reserved[i].size);
	/* The console's translated address is checked by test_boards(). */
	free(blob);
	return dt.nr_reserved;
}

/* Every .dtb under dir/VENDOR, sorted; the count in *n. */
static char **list_boards(const char *dir, size_t *n)
{
	char **names = NULL, sub[4096 + 512];
	DIR *d = opendir(dir), *v;
	struct dirent *de, *ve;

	*n = 0;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		v = opendir(sub);
		while (v && (ve = readdir(v))) {
			size_t l = strlen(ve->d_name);

			if (l > 4 && !strcmp(ve->d_name + l - 4, ".dtb")) {
				names = realloc(names, (*n + 1) * sizeof(*names));
				names[*n] = malloc(strlen(de->d_name) + l + 2);
				sprintf(names[(*n)++], "%s/%s", de->d_name, ve->d_name);
			}
		}
		if (v)
			closedir(v);
	}
	if (d)
		closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

/*
 * The boards' trees sit next to the fixtures (build/host/boards). Without
 * them (no make board-dtbs) the cases are skipped, not failed.
 */
static void test_board_memory(const char *fixture_dir)
{
	static const struct {
		const char *name;
		int min_reserved; /* what the tree is known to hold, at least */
	} named[] = {
		{ "broadcom/bcm2711-rpi-4-b.dtb", 0 },
		{ "broadcom/bcm2837-rpi-3-b.dtb", 0 },
		{ "rockchip/rk3399-rockpro64.dtb", 0 },
		{ "freescale/imx8mq-evk.dtb", 0 },
		{ "qcom/sm8450-hdk.dtb", 43 },
		{ "qcom/sm8450-qrd.dtb", 43 },
		{ "qcom/sm8450-sony-xperia-nagara-pdx223.dtb", 44 },
	};
	char dir[4096];
	size_t n, i;
	char **names;
	int most = 0, got;

	snprintf(dir, sizeof(dir), "%s/../boards", fixture_dir);
	names = list_boards(dir, &n);
	if (!n) {
		printf("ok %d - board trees # SKIP none in %s (make board-dtbs)\n", ++tap_count,
		       dir);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(named); i++) {
		got = board_memory(dir, named[i].name);
		TAP_CHECK(got >= named[i].min_reserved, "%s: %d reservations, at least %d known",
			  named[i].name, got, named[i].min_reserved);
		tap_case("board %s: RAM banks and all reservations as libfdt reads them",
			 named[i].name);
	}
	for (i = 0; i < n; i++) {
		got = board_memory(dir, names[i]);
		most = got > most ? got : most;
		free(names[i]);
	}
	free(names);
	printf("# board trees: at most %d reservations in one (DT_MAX_RESERVED %d)\n", most,
	       DT_MAX_RESERVED);
	tap_case("board trees: all %zu scanned, no bank or reservation left out", n);
}

int main(int argc, char **argv)
{
	char **names = NULL, file[4096];
	size_t n = 0, i, size;
	struct dirent *de;
	struct tally t = { 0 };
	const char *env;
	u64 seed = 0x1a2d3e5f60718293ULL;
	long mutations = 20000, count = 0;
	bool mutations_set = false;
	DIR *dir;
	u8 *multibank = NULL;
	size_t multibank_size = 0;

	tap_start();
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
		return 2;
	}
	env = getenv("FDT_SEED");
	if (env && *env)
		seed = strtoull(env, NULL, 0);
	env = getenv("FDT_MUTATIONS");
	if (env && *env) {
		mutations = strtol(env, NULL, 0);
		mutations_set = true;
	}
	printf("# FDT_SEED=0x%llx FDT_MUTATIONS=%ld\n", (unsigned long long)seed, mutations);

	TAP_CHECK(load_libfdt() == 0, "libfdt oracle not available");
	if (!tap_case("libfdt oracle loaded"))
		return tap_done();

	dir = opendir(argv[1]);
	TAP_CHECK(dir, "cannot open %s", argv[1]);
	while (dir && (de = readdir(dir))) {
		size_t l = strlen(de->d_name);

		if (l > 4 && !strcmp(de->d_name + l - 4, ".dtb")) {
			names = realloc(names, (n + 1) * sizeof(*names));
			names[n++] = strdup(de->d_name);
		}
	}
	if (dir)
		closedir(dir);
	TAP_CHECK(n >= 4, "only %zu fixtures in %s", n, argv[1]);
	tap_case("fixtures found: %zu", n);
	if (!n)
		return tap_done();
	qsort(names, n, sizeof(*names), cmp_names);

	for (i = 0; i < n; i++) {
		struct cmp_opts o = { true, NULL, names[i] };
		struct fdt f;
		u8 *blob;
		int err;

		snprintf(file, sizeof(file), "%s/%s", argv[1], names[i]);
		blob = test_read_file(file, &size);
		TAP_CHECK(blob, "cannot read %s", file);
		if (!blob) {
			tap_case("%s: read", names[i]);
			continue;
		}
		/* badcells.dtb has a #size-cells of 2 bytes: the scan refuses it. */
		err = fdt_init(&f, blob, size);
		TAP_CHECK(err == 0, "fdt_init: %s", fdt_strerror(err));
		if (!err) {
			int want = !strcmp(names[i], "badcells.dtb") ? -FDT_ERR_BADCELLS : 0;
			int scan = dt_info_scan(&f, 0, test_devs, NR_DEVS, &scratch_dt);

			TAP_CHECK(scan == want, "scan: %s", fdt_strerror(scan));
		}
		TAP_CHECK(lf.check_full(blob, size) == 0, "libfdt refuses it");
		if (!err)
			compare(&f, blob, &o);
		tap_case("%s: same as libfdt", names[i]);

		if (!err) {
			if (!strcmp(names[i], "multibank.dtb"))
				known_multibank(&f);
			else if (!strcmp(names[i], "cells32.dtb"))
				known_cells32(&f);
			else if (!strcmp(names[i], "edge.dtb"))
				known_edge(&f);
			else if (!strcmp(names[i], "multicluster.dtb"))
				known_multicluster(&f);
			else if (!strcmp(names[i], "ranges.dtb"))
				known_ranges(&f);
			else if (!strcmp(names[i], "minimal.dtb"))
				known_minimal(&f);
			else if (!strcmp(names[i], "badcells.dtb"))
				known_badcells(&f);
			else if (starts_with(names[i], "qemu-"))
				known_qemu(&f, names[i]);
			tap_case("%s: known values", names[i]);

			misuse(&f, names[i]);
			tap_case("%s: offsets that name nothing", names[i]);
		}

		if (!strcmp(names[i], "multibank.dtb")) {
			multibank = blob;
			multibank_size = size;
		} else {
			free(blob);
		}
	}

	misuse_after_failure();
	tap_case("accessors after a failed fdt_init");

	{
		/* A huge totalsize and buffer: refused from the header alone. */
		u8 hdr[40] = { 0xd0, 0x0d, 0xfe, 0xed, 0x80, 0, 0, 0 };
		struct fdt f;

		put32(hdr + H_VERSION, 17);
		put32(hdr + H_LAST_COMP, 16);
		TAP_CHECK(fdt_check(&f, hdr, (size_t)-1) == -FDT_ERR_BADLAYOUT, "2 GiB blob");
		tap_case("totalsize above the offset range");
	}

	for (i = FDT_ERR_NOTFOUND; i <= FDT_ERR_NOSPACE; i++) {
		const char *s = fdt_strerror(-(int)i);

		TAP_CHECK(s && *s && strcmp(s, fdt_strerror(-1000)), "strerror(%zu)", i);
	}
	TAP_CHECK(!strcmp(fdt_strerror(0), "success"), "strerror(0)");
	TAP_CHECK(fdt_strerror(-0x7fffffff - 1) != NULL, "strerror(INT_MIN)");
	tap_case("fdt_strerror");

	test_built();
	test_board_memory(argv[1]);

	TAP_CHECK(multibank, "multibank.dtb is needed for the corruption cases");
	if (multibank)
		test_corrupt(multibank, multibank_size);
	else
		tap_case("corrupt: no multibank.dtb");
	free(multibank);

	for (i = 0; i < n; i++) {
		u8 *blob, *packed;
		int psize;

		snprintf(file, sizeof(file), "%s/%s", argv[1], names[i]);
		blob = test_read_file(file, &size);
		if (!blob)
			continue;
		/* QEMU's dumps carry ~1 MiB of free space: mutate the tree. */
		packed = malloc(size);
		if (lf.open_into(blob, packed, (int)size) == 0 && lf.pack(packed) == 0) {
			psize = (int)be32(packed + H_TOTALSIZE);
			count = mutations;
			/* The many QEMU variants differ little: fewer for most. */
			if (!mutations_set && starts_with(names[i], "qemu-") &&
			    !strstr(names[i], "-m1G-smp2."))
				count /= 10;
			fuzz_fixture(names[i], packed, (size_t)psize, seed, count, &t);
		} else {
			TAP_CHECK(0, "libfdt cannot pack %s", names[i]);
		}
		tap_case("%s: %ld random mutations", names[i], count);
		free(packed);
		free(blob);
	}
	printf("# mutations: both accept %ld, only libfdt %ld, neither %ld, only ours %ld\n",
	       t.both, t.theirs_only, t.neither, t.ours_only);
	for (i = 0; i < 16; i++)
		if (t.theirs_only_by[i])
			printf("#   only libfdt accepts, we say %s: %ld\n", fdt_strerror(-(int)i),
			       t.theirs_only_by[i]);

	env = getenv("FDT_BOARDS");
	if (env && *env) {
		test_boards(env);
	} else {
		snprintf(file, sizeof(file), "%s/../boards", argv[1]);
		test_boards(file);
	}

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return tap_done();
}
