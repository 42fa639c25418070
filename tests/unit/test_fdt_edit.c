// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of lib/fdt_edit.c, the EFI stub's device-tree editor.
 *
 *	test_fdt_edit FIXTURE_DIR
 *
 * libfdt (loaded with dlopen, tests/unit/libfdt_dl.h) is the oracle: it
 * checks every tree the editor leaves (fdt_check_full), reads it back, and
 * is the model of every edit: the same original opened into a buffer of
 * its own (fdt_open_into) and changed with fdt_setprop, fdt_add_subnode,
 * fdt_add_mem_rsv and fdt_del_mem_rsv. After each edit the two trees must
 * hold the same reservations and the same nodes (matched by exact name
 * under the same parent) with the same properties, byte for byte; the
 * kernel's reader (fdt_init() and a whole fdt_walk()) must accept ours.
 * Sizes come from the Devicetree Specification: a property costs 12 bytes
 * and its value padded to 4, a new name strlen + 1 in the strings block, an
 * empty /chosen 16 bytes, a /memreserve/ entry 16.
 *
 * Every buffer is followed by a guard region that must stay untouched, and
 * a refused edit must leave the whole buffer as it was.
 *
 * Cases: each fixture (and each real board's tree in FIXTURE_DIR/../boards,
 * when make board-dtbs has fetched them) opened and compared; /chosen
 * present and absent in trees written with libfdt's sequential-write
 * calls; setprop in each of its forms; reservations; out of room at each
 * operation; refused sources; then a seeded random differential test
 * (FDT_EDIT_SEED=N, FDT_EDIT_SEQUENCES=N).
 */
#include <dirent.h>
#include <stdint.h>
#include <string.h>

#include <lander/fdt.h>
#include <lander/fdt_edit.h>

#include "fdt_nav.h"
#include "libfdt_dl.h"
#include "read_file.h"
#include "splitmix.h"
#include "tap.h"

static struct libfdt_calls lf;

/* Is the padding of the tree being edited zero in the source? (set by the cases) */
static bool padding_clean;

#define GUARD	   64
#define GUARD_BYTE 0xa5
#define FILL_BYTE  0x5c

/* ------------------------------------------------------------------ */
/* Helpers */

static u32 be32(const void *p)
{
	return fdt32_ld(p);
}

static u32 align4(u32 n)
{
	return (n + 3) & ~3u;
}

/* A buffer of size bytes, filled with FILL_BYTE, then GUARD bytes of GUARD_BYTE. */
static u8 *guarded(u32 size)
{
	u8 *p = malloc((size_t)size + GUARD);

	memset(p, FILL_BYTE, size);
	memset(p + size, GUARD_BYTE, GUARD);
	return p;
}

static bool guard_ok(const u8 *p, u32 size)
{
	for (u32 i = 0; i < GUARD; i++)
		if (p[size + i] != GUARD_BYTE)
			return false;
	return true;
}

/* The packed size of a tree as its header describes it: header, map, structure, strings. */
static u32 packed_size(const u8 *blob)
{
	return FDT_HDR_V17_SIZE + (u32)(lf.num_mem_rsv(blob) + 1) * FDT_RSV_ENTRY_SIZE +
	       be32(blob + FDT_HDR_SIZE_STRUCT) + be32(blob + FDT_HDR_SIZE_STRINGS);
}

/* The first subnode of node called exactly name (no unit-address matching), or -1. */
static int child_named(const u8 *blob, int node, const char *name)
{
	int c;

	for (c = lf.first_subnode(blob, node); c >= 0; c = lf.next_subnode(blob, c))
		if (!strcmp(lf.get_name(blob, c, NULL), name))
			return c;
	return -1;
}

/* Node's path from the root, "/" joined exact names. */
static void node_path(const u8 *blob, int node, char *buf, size_t size)
{
	const char *names[64];
	int n = 0, p;
	size_t len = 0;

	for (p = node; p > 0 && n < 64; p = lf.parent_offset(blob, p))
		names[n++] = lf.get_name(blob, p, NULL);
	buf[0] = '\0';
	while (n--)
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, "/%s", names[n]);
	if (!len)
		snprintf(buf, size, "/");
}

/* The node at path (exact names), or -1. */
static int node_at(const u8 *blob, const char *path)
{
	char part[256];
	int node = 0;
	const char *s = path, *e;

	while (*s == '/')
		s++;
	while (*s && node >= 0) {
		e = strchr(s, '/');
		if (!e)
			e = s + strlen(s);
		snprintf(part, sizeof(part), "%.*s", (int)(e - s), s);
		node = child_named(blob, node, part);
		s = *e ? e + 1 : e;
	}
	return node;
}

/* ------------------------------------------------------------------ */
/* Whole-tree comparison */

/*
 * Are the padding bytes of the structure block zero, after each node name
 * and property value (the spec: "zeroed padding bytes")? The tree must be
 * valid. dtc writes zeros there, QEMU's dumps and a few of the boards'
 * trees do not: the editor copies those as they are, so the check is only
 * made when the source's padding was zero (padding_clean).
 */
static bool padding_zero(const u8 *blob)
{
	const u8 *s = blob + be32(blob + FDT_HDR_OFF_STRUCT);
	u32 size = be32(blob + FDT_HDR_SIZE_STRUCT), off = 0, t, end, next;

	while (off + 4 <= size) {
		t = be32(s + off);
		if (t == FDT_BEGIN_NODE) {
			end = off + 4 + (u32)strlen((const char *)s + off + 4) + 1;
		} else if (t == FDT_PROP) {
			end = off + 12 + be32(s + off + 4);
		} else if (t == FDT_END) {
			return true;
		} else {
			off += 4;
			continue;
		}
		next = align4(end);
		for (; end < next; end++)
			if (s[end])
				return false;
		off = next;
	}
	return true;
}

/*
 * Node x of tree X against node y of tree Y: the same properties (every
 * name of one found in the other with the same value, the same count), the
 * same subnodes by exact name, recursively. The first difference goes to why.
 */
static bool same_node(const u8 *X, int x, const u8 *Y, int y, char *why, size_t wsize)
{
	const char *name, *xn = lf.get_name(X, x, NULL);
	const void *v, *w;
	int p, len, ylen, nx = 0, ny = 0, c, d;

	for (p = lf.first_property_offset(X, x); p >= 0; p = lf.next_property_offset(X, p)) {
		v = lf.getprop_by_offset(X, p, &name, &len);
		w = lf.getprop(Y, y, name, &ylen);
		nx++;
		if (!v || !w || len != ylen || memcmp(v, w, (size_t)len)) {
			snprintf(why, wsize, "node '%s': property %s: %d bytes, model %d", xn,
				 name ? name : "?", len, w ? ylen : -1);
			return false;
		}
	}
	for (p = lf.first_property_offset(Y, y); p >= 0; p = lf.next_property_offset(Y, p))
		ny++;
	if (nx != ny) {
		snprintf(why, wsize, "node '%s': %d properties, model %d", xn, nx, ny);
		return false;
	}
	nx = ny = 0;
	for (c = lf.first_subnode(X, x); c >= 0; c = lf.next_subnode(X, c)) {
		nx++;
		d = child_named(Y, y, lf.get_name(X, c, NULL));
		if (d < 0) {
			snprintf(why, wsize, "node '%s': subnode %s not in the model", xn,
				 lf.get_name(X, c, NULL));
			return false;
		}
		if (!same_node(X, c, Y, d, why, wsize))
			return false;
	}
	for (c = lf.first_subnode(Y, y); c >= 0; c = lf.next_subnode(Y, c))
		ny++;
	if (nx != ny) {
		snprintf(why, wsize, "node '%s': %d subnodes, model %d", xn, nx, ny);
		return false;
	}
	return true;
}

/*
 * Our tree (in a buffer of size bytes) against the model: both readers
 * accept ours, and it holds what the model holds. Returns true if so; the
 * failures are reported as checks of the current case, tagged with what.
 */
static bool same_tree(const u8 *ours, u32 size, const u8 *model, const char *what)
{
	char why[512] = "";
	uint64_t a, s, b, t;
	int n, err, i;
	bool ok = true;

	err = lf.check_full(ours, size);
	TAP_CHECK(err == 0, "%s: libfdt refuses the tree: %s", what, lf.strerror(err));
	err = nav_check(ours, size);
	TAP_CHECK(err == 0, "%s: the reader refuses the tree: %s", what, fdt_strerror(err));
	if (err || lf.check_full(ours, size))
		return false;
	TAP_CHECK(!padding_clean || padding_zero(ours), "%s: padding bytes not zero", what);
	n = lf.num_mem_rsv(ours);
	TAP_CHECK(n == lf.num_mem_rsv(model), "%s: %d reservations, model %d", what, n,
		  lf.num_mem_rsv(model));
	ok &= n == lf.num_mem_rsv(model);
	for (i = 0; ok && i < n; i++) {
		lf.get_mem_rsv(ours, i, &a, &s);
		lf.get_mem_rsv(model, i, &b, &t);
		TAP_CHECK(a == b && s == t, "%s: reservation %d: %llx+%llx, model %llx+%llx", what,
			  i, (unsigned long long)a, (unsigned long long)s, (unsigned long long)b,
			  (unsigned long long)t);
		ok &= a == b && s == t;
	}
	if (!same_node(ours, 0, model, 0, why, sizeof(why))) {
		TAP_CHECK(0, "%s: %s", what, why);
		ok = false;
	}
	return ok;
}

/* ------------------------------------------------------------------ */
/* An edited tree and its model */

struct pair {
	struct fdt_edit e;
	u8 *buf; /* ours: room bytes and the guard */
	u32 room;
	u8 *model; /* libfdt's copy, with plenty of room */
	u32 model_size;
};

/* Open src in both; returns fdt_edit_open()'s result (the model is always opened). */
static int pair_open(struct pair *p, const u8 *src, u32 src_size, u32 room)
{
	int err;

	p->room = room;
	p->buf = guarded(room);
	padding_clean = padding_zero(src);
	/* fdt_open_into() wants room for the source's totalsize, free space and all. */
	p->model_size = MAX(room, be32(src + FDT_HDR_TOTALSIZE)) + (1u << 16);
	p->model = malloc(p->model_size);
	err = lf.open_into(src, p->model, (int)p->model_size);
	TAP_CHECK(err == 0, "libfdt cannot open the source: %s", lf.strerror(err));
	return fdt_edit_open(&p->e, p->buf, room, src, src_size);
}

static void pair_free(struct pair *p)
{
	TAP_CHECK(guard_ok(p->buf, p->room), "guard region written");
	free(p->buf);
	free(p->model);
}

static u32 totalsize(const struct pair *p)
{
	return be32(p->buf + FDT_HDR_TOTALSIZE);
}

/* Is name (with its NUL) anywhere in blob's strings block? */
static bool in_strings(const u8 *blob, const char *name)
{
	const u8 *s = blob + be32(blob + FDT_HDR_OFF_STRINGS);
	u32 size = be32(blob + FDT_HDR_SIZE_STRINGS), n = (u32)strlen(name) + 1;

	for (u32 i = 0; i + n <= size; i++)
		if (!memcmp(s + i, name, n))
			return true;
	return false;
}

/* The exact /chosen of a tree: the first depth-1 node called "chosen", or -1. */
static int exact_chosen(const u8 *blob)
{
	return child_named(blob, 0, "chosen");
}

/* The name of node's last property, or NULL. */
static const char *last_prop_name(const u8 *blob, int node)
{
	const char *name = NULL;
	int p;

	for (p = lf.first_property_offset(blob, node); p >= 0; p = lf.next_property_offset(blob, p))
		lf.getprop_by_offset(blob, p, &name, NULL);
	return name;
}

/* The last subnode of node, or -1. */
static int last_subnode(const u8 *blob, int node)
{
	int c, last = -1;

	for (c = lf.first_subnode(blob, node); c >= 0; c = lf.next_subnode(blob, c))
		last = c;
	return last;
}

/*
 * The bytes setprop(node, name, len) adds to the tree, per the spec: a
 * changed value its padded difference, a new property 12 bytes, its value
 * padded to 4, and its name with NUL unless the strings block has it.
 */
static long setprop_delta(const u8 *blob, int node, const char *name, u32 len)
{
	int old;

	if (lf.getprop(blob, node, name, &old))
		return (long)align4(len) - (long)align4((u32)old);
	return 12 + (long)align4(len) + (in_strings(blob, name) ? 0 : (long)strlen(name) + 1);
}

/*
 * setprop on both trees, on the node at path, and the checks that follow:
 * the size the spec gives, the value read back, the new property last of
 * its node, the tree against the model. Returns our result.
 */
static int both_setprop(struct pair *p, const char *path, const char *name, const void *val,
			u32 len, const char *what)
{
	int node = node_at(p->buf, path), mnode = node_at(p->model, path), err, glen;
	long delta = setprop_delta(p->buf, node, name, len);
	bool existed = lf.getprop(p->buf, node, name, NULL) != NULL;
	bool had_name = in_strings(p->buf, name);
	u32 before = totalsize(p), sstr = be32(p->buf + FDT_HDR_SIZE_STRINGS);
	const void *got;

	TAP_CHECK(node >= 0 && mnode >= 0, "%s: no node %s", what, path);
	err = fdt_edit_setprop(&p->e, node, name, val, len);
	TAP_CHECK(err == 0, "%s: setprop %s: %s", what, name, fdt_strerror(err));
	if (err)
		return err;
	TAP_CHECK(lf.setprop(p->model, mnode, name, val, (int)len) == 0, "%s: model setprop", what);
	TAP_CHECK(totalsize(p) == before + delta, "%s: totalsize %u, want %u + %ld", what,
		  totalsize(p), before, delta);
	TAP_CHECK(fdt_edit_totalsize(&p->e) == totalsize(p), "%s: fdt_edit_totalsize", what);
	TAP_CHECK(lf.get_name(p->buf, node, NULL) &&
			  !strcmp(lf.get_name(p->buf, node, NULL), strrchr(path, '/') + 1),
		  "%s: the node moved", what);
	got = lf.getprop(p->buf, node, name, &glen);
	TAP_CHECK(got && glen == (int)len && (!len || !memcmp(got, val, len)),
		  "%s: %s reads back %d bytes", what, name, glen);
	if (!existed)
		TAP_CHECK(last_prop_name(p->buf, node) &&
				  !strcmp(last_prop_name(p->buf, node), name),
			  "%s: new property %s is not the node's last", what, name);
	/* A name the strings block had is used again; a new one is appended once. */
	TAP_CHECK(be32(p->buf + FDT_HDR_SIZE_STRINGS) ==
			  sstr + (existed || had_name ? 0 : (u32)strlen(name) + 1),
		  "%s: strings block of %u bytes, was %u", what,
		  be32(p->buf + FDT_HDR_SIZE_STRINGS), sstr);
	same_tree(p->buf, p->room, p->model, what);
	return 0;
}

/* fdt_edit_chosen() on both, with its checks. Returns our result. */
static int both_chosen(struct pair *p, const char *what)
{
	int had = exact_chosen(p->buf), c, err;
	u32 before = totalsize(p);

	c = fdt_edit_chosen(&p->e);
	TAP_CHECK(c >= 0, "%s: chosen: %s", what, fdt_strerror(c));
	if (c < 0)
		return c;
	if (exact_chosen(p->model) < 0) {
		err = lf.add_subnode(p->model, 0, "chosen");
		TAP_CHECK(err >= 0, "%s: model add_subnode: %s", what, lf.strerror(err));
	}
	TAP_CHECK(c == exact_chosen(p->buf), "%s: chosen at %d, the tree's is at %d", what, c,
		  exact_chosen(p->buf));
	TAP_CHECK(lf.parent_offset(p->buf, c) == 0, "%s: /chosen not under the root", what);
	if (had >= 0) {
		TAP_CHECK(c == had && totalsize(p) == before, "%s: present /chosen changed", what);
	} else {
		TAP_CHECK(totalsize(p) == before + 16, "%s: adding /chosen took %u bytes", what,
			  totalsize(p) - before);
		TAP_CHECK(lf.first_property_offset(p->buf, c) < 0 &&
				  lf.first_subnode(p->buf, c) < 0,
			  "%s: the new /chosen is not empty", what);
		TAP_CHECK(last_subnode(p->buf, 0) == c, "%s: /chosen is not the root's last", what);
	}
	same_tree(p->buf, p->room, p->model, what);
	return c;
}

/* ------------------------------------------------------------------ */
/* Trees written with libfdt's sequential-write calls */

enum shape {
	ROOT_EMPTY,	   /* the root alone */
	ROOT_PROPS,	   /* the root with properties, no subnodes */
	ROOT_SUBNODES,	   /* the root with subnodes, no properties */
	ROOT_BOTH,	   /* properties and subnodes, no /chosen */
	WITH_CHOSEN,	   /* a /chosen with bootargs, between two other nodes */
	CHOSEN_LOOKALIKES, /* /soc/chosen and /chosenx: neither is /chosen */
	NR_SHAPES,
};

static const char *const shape_names[NR_SHAPES] = {
	"root alone",
	"root with properties only",
	"root with subnodes only",
	"root with properties and subnodes",
	"with /chosen",
	"with /chosen look-alikes",
};

static void sw_u32(void *fdt, const char *name, u32 v)
{
	u8 b[4];

	fdt32_st(b, v);
	lf.property(fdt, name, b, 4);
}

static void sw_str(void *fdt, const char *name, const char *s)
{
	lf.property(fdt, name, s, (int)strlen(s) + 1);
}

/* A tree of the given shape, packed; its size in *size. */
static u8 *build(enum shape shape, u32 *size)
{
	u8 *t = malloc(4096);
	bool props = shape != ROOT_EMPTY && shape != ROOT_SUBNODES;
	bool subnodes = shape != ROOT_EMPTY && shape != ROOT_PROPS;

	lf.create(t, 4096);
	lf.add_reservemap_entry(t, 0x80000000, 0x10000);
	lf.finish_reservemap(t);
	lf.begin_node(t, "");
	if (props) {
		sw_u32(t, "#address-cells", 2);
		sw_u32(t, "#size-cells", 2);
		sw_str(t, "compatible", "lander,test");
	}
	if (subnodes) {
		lf.begin_node(t, "cpus");
		sw_u32(t, "#address-cells", 1);
		lf.begin_node(t, "cpu@0");
		sw_str(t, "device_type", "cpu");
		lf.end_node(t);
		lf.end_node(t);
	}
	if (shape == WITH_CHOSEN) {
		lf.begin_node(t, "chosen");
		sw_str(t, "bootargs", "quiet");
		lf.end_node(t);
	}
	if (shape == CHOSEN_LOOKALIKES) {
		lf.begin_node(t, "soc");
		lf.begin_node(t, "chosen");
		lf.end_node(t);
		lf.end_node(t);
		lf.begin_node(t, "chosenx");
		lf.end_node(t);
	}
	if (subnodes) {
		lf.begin_node(t, "memory@80000000");
		sw_str(t, "device_type", "memory");
		lf.end_node(t);
	}
	lf.end_node(t);
	lf.finish(t);
	*size = be32(t + FDT_HDR_TOTALSIZE);
	return t;
}

/* ------------------------------------------------------------------ */
/* The cases */

/* Open one tree: both readers accept the copy, it reads as the original, the room is exact. */
static void test_open(const char *what, const u8 *src, u32 size)
{
	u32 need = packed_size(src);
	struct fdt_edit e;
	u8 *buf;
	int err;

	buf = guarded(need + 100);
	padding_clean = padding_zero(src);
	err = fdt_edit_open(&e, buf, need + 100, src, size);
	TAP_CHECK(err == 0, "%s: open: %s", what, fdt_strerror(err));
	if (!err) {
		same_tree(buf, need + 100, src, what);
		TAP_CHECK(be32(buf + FDT_HDR_TOTALSIZE) == need, "%s: totalsize %u, want %u", what,
			  be32(buf + FDT_HDR_TOTALSIZE), need);
		TAP_CHECK(be32(buf + FDT_HDR_VERSION) == 17 && be32(buf + FDT_HDR_LAST_COMP) == 16,
			  "%s: version", what);
		TAP_CHECK(be32(buf + FDT_HDR_BOOT_CPUID) == be32(src + FDT_HDR_BOOT_CPUID),
			  "%s: boot_cpuid_phys", what);
		TAP_CHECK(be32(buf + FDT_HDR_OFF_RSVMAP) == 40, "%s: map not after the header",
			  what);
		TAP_CHECK(fdt_edit_rsv_count(&e) == (u32)lf.num_mem_rsv(src), "%s: rsv count",
			  what);
		/* The free room is not written. */
		TAP_CHECK(buf[need] == FILL_BYTE && buf[need + 99] == FILL_BYTE, "%s: free room",
			  what);
	}
	TAP_CHECK(guard_ok(buf, need + 100), "%s: guard", what);
	free(buf);

	/* Exactly the room it needs, then a byte less. */
	buf = guarded(need);
	TAP_CHECK(fdt_edit_open(&e, buf, need, src, size) == 0, "%s: open into %u", what, need);
	TAP_CHECK(guard_ok(buf, need) && nav_check(buf, need) == 0, "%s: exact room", what);
	free(buf);
	buf = guarded(need - 1);
	err = fdt_edit_open(&e, buf, need - 1, src, size);
	TAP_CHECK(err == -FDT_ERR_NOSPACE, "%s: open into %u: %d", what, need - 1, err);
	TAP_CHECK(guard_ok(buf, need - 1) && buf[0] == FILL_BYTE && buf[need - 2] == FILL_BYTE,
		  "%s: a refused open wrote", what);
	TAP_CHECK(!e.buf && fdt_edit_chosen(&e) == -FDT_ERR_TRUNCATED, "%s: after a refusal", what);
	free(buf);
}

static void test_chosen(const char *what, const u8 *src, u32 size)
{
	struct pair p;
	char w[256];
	int c;

	snprintf(w, sizeof(w), "%s: chosen", what);
	TAP_CHECK(pair_open(&p, src, size, packed_size(src) + 200) == 0, "%s: open", w);
	c = both_chosen(&p, w);
	/* A second call finds it and adds nothing. */
	TAP_CHECK(fdt_edit_chosen(&p.e) == c && exact_chosen(p.buf) == c, "%s: again", w);
	if (c >= 0) {
		both_setprop(&p, "/chosen", "bootargs", "console=ttyAMA0 quiet", 22, w);
		both_setprop(&p, "/chosen", "linux,uefi-mmap-size", "\0\0\0\x40", 4, w);
		TAP_CHECK(fdt_edit_chosen(&p.e) == c, "%s: chosen moved after setprop", w);
	}
	pair_free(&p);
}

/* setprop in each form, on the root, a node deep in the tree and one in between. */
static void test_setprop(const char *what, const u8 *src, u32 size)
{
	static const u8 bytes[300] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
	int node, depth = 0, deepest = 0, maxdepth = -1, mid;
	char deep[512], middle[512], w[640];
	struct pair p;
	const char *name;

	for (node = 0; node >= 0 && depth >= 0; node = lf.next_node(src, node, &depth))
		if (depth > maxdepth) {
			maxdepth = depth;
			deepest = node;
		}
	node_path(src, deepest, deep, sizeof(deep));
	mid = lf.first_subnode(src, 0);
	node_path(src, mid < 0 ? 0 : mid, middle, sizeof(middle));
	snprintf(w, sizeof(w), "%s: setprop on %s", what, deep);

	TAP_CHECK(pair_open(&p, src, size, packed_size(src) + 4096) == 0, "%s: open", w);
	both_setprop(&p, deep, "lander,new-name", bytes, 5, w);	  /* new name */
	both_setprop(&p, deep, "lander,new-name", "abcde", 5, w); /* same length */
	both_setprop(&p, deep, "lander,new-name", bytes, 13, w);  /* grow */
	both_setprop(&p, deep, "lander,new-name", bytes, 2, w);	  /* shrink */
	both_setprop(&p, deep, "lander,new-name", NULL, 0, w);	  /* to empty */
	both_setprop(&p, deep, "lander,empty", NULL, 0, w);	  /* new, empty */
	both_setprop(&p, deep, "lander,empty", bytes, 300, w);	  /* empty to large */
	both_setprop(&p, middle, "lander,new-name", bytes, 7, w); /* a name in the strings */
	both_setprop(&p, "/", "compatible", "x\0y", 4, w);	  /* the root */
	both_setprop(&p, "/", "lander,new-name", bytes, 3, w);	  /* shared again */
	/* A name that is the tail of one in the block: no new string either. */
	if (in_strings(p.buf, "#address-cells")) {
		u32 s = be32(p.buf + FDT_HDR_SIZE_STRINGS);

		both_setprop(&p, deep, "address-cells", bytes, 4, w);
		TAP_CHECK(be32(p.buf + FDT_HDR_SIZE_STRINGS) == s, "%s: a tail added again", w);
	}
	/* Every existing property of the middle node, changed in turn. */
	for (int q = lf.first_property_offset(p.buf, node_at(p.buf, middle)); q >= 0;) {
		char nm[128];

		lf.getprop_by_offset(p.buf, q, &name, NULL);
		snprintf(nm, sizeof(nm), "%s", name);
		both_setprop(&p, middle, nm, bytes + 1, 9, w);
		q = lf.next_property_offset(p.buf, q);
	}
	tap_case("%s: new, same length, grow, shrink, empty, shared and new names", w);

	/* Refusals: nothing changes. */
	{
		u8 *snap = malloc(p.room);
		int prop = lf.first_property_offset(p.buf, 0);

		memcpy(snap, p.buf, p.room);
		TAP_CHECK(fdt_edit_setprop(&p.e, -4, "x", "", 1) == -FDT_ERR_BADOFFSET, "%s", w);
		TAP_CHECK(fdt_edit_setprop(&p.e, 2, "x", "", 1) == -FDT_ERR_BADOFFSET, "%s", w);
		TAP_CHECK(fdt_edit_setprop(&p.e, prop, "x", "", 1) == -FDT_ERR_BADOFFSET, "%s", w);
		TAP_CHECK(fdt_edit_setprop(&p.e, 0x7ffffff0, "x", "", 1) == -FDT_ERR_BADOFFSET,
			  "%s", w);
		TAP_CHECK(fdt_edit_setprop(&p.e, 0, "", "", 1) == -FDT_ERR_BADVALUE, "%s", w);
		TAP_CHECK(fdt_edit_setprop(&p.e, 0, "x", NULL, 1) == -FDT_ERR_BADVALUE, "%s", w);
		TAP_CHECK(fdt_edit_setprop(&p.e, 0, "x", p.buf + 64, 4) == -FDT_ERR_BADVALUE, "%s",
			  w);
		TAP_CHECK(fdt_edit_setprop(&p.e, 0,
					   (const char *)p.buf + be32(p.buf + FDT_HDR_OFF_STRINGS),
					   "", 1) == -FDT_ERR_BADVALUE,
			  "%s", w);
		TAP_CHECK(!memcmp(snap, p.buf, p.room), "%s: a refused setprop wrote", w);
		/* A buffer changed behind the editor's back is refused, not written. */
		fdt32_st(p.buf + FDT_HDR_VERSION, 16);
		memcpy(snap, p.buf, p.room);
		TAP_CHECK(fdt_edit_setprop(&p.e, 0, "x", "", 1) == -FDT_ERR_BADLAYOUT, "%s", w);
		TAP_CHECK(fdt_edit_add_rsv(&p.e, 1, 1) == -FDT_ERR_BADLAYOUT, "%s", w);
		TAP_CHECK(fdt_edit_chosen(&p.e) == -FDT_ERR_BADLAYOUT, "%s", w);
		TAP_CHECK(fdt_edit_trim_rsv(&p.e, 0) == -FDT_ERR_BADLAYOUT, "%s", w);
		TAP_CHECK(fdt_edit_rsv_count(&p.e) == 0 && fdt_edit_totalsize(&p.e) == 0, "%s", w);
		TAP_CHECK(!memcmp(snap, p.buf, p.room), "%s: a damaged buffer was written", w);
		fdt32_st(p.buf + FDT_HDR_VERSION, 17);
		free(snap);
	}
	pair_free(&p);
	tap_case("%s: bad offsets, names and values refused, nothing written", w);
}

static void test_rsv(const char *what, const u8 *src, u32 size)
{
	struct pair p;
	u32 orig;
	int i, err;

	TAP_CHECK(pair_open(&p, src, size, packed_size(src) + 100 * 16) == 0, "%s: open", what);
	orig = fdt_edit_rsv_count(&p.e);
	TAP_CHECK(orig == (u32)lf.num_mem_rsv(src), "%s: count %u", what, orig);
	for (int round = 0; round < 3; round++) {
		for (i = 0; i < 60; i++) {
			u64 base = 0x40000000ull + (u64)i * 0x200000 + (u64)round * 0x1000,
			    sz = 0x1000ull << (i % 20);

			err = fdt_edit_add_rsv(&p.e, base, sz);
			TAP_CHECK(err == 0, "%s: add_rsv %d: %s", what, i, fdt_strerror(err));
			TAP_CHECK(lf.add_mem_rsv(p.model, base, sz) == 0, "%s: model", what);
		}
		TAP_CHECK(fdt_edit_rsv_count(&p.e) == orig + 60, "%s: count after adding", what);
		same_tree(p.buf, p.room, p.model, what);
		TAP_CHECK(fdt_edit_trim_rsv(&p.e, orig + 60 + 5) == 0 &&
				  fdt_edit_rsv_count(&p.e) == orig + 60,
			  "%s: trim above the count", what);
		TAP_CHECK(fdt_edit_trim_rsv(&p.e, orig + 20) == 0, "%s", what);
		for (i = lf.num_mem_rsv(p.model) - 1; i >= (int)orig + 20; i--)
			lf.del_mem_rsv(p.model, i);
		same_tree(p.buf, p.room, p.model, what);
		TAP_CHECK(fdt_edit_trim_rsv(&p.e, orig) == 0, "%s", what);
		for (i = lf.num_mem_rsv(p.model) - 1; i >= (int)orig; i--)
			lf.del_mem_rsv(p.model, i);
		TAP_CHECK(fdt_edit_rsv_count(&p.e) == orig && totalsize(&p) == packed_size(src),
			  "%s: trimmed back: %u entries, %u bytes", what, fdt_edit_rsv_count(&p.e),
			  totalsize(&p));
		same_tree(p.buf, p.room, p.model, what);
	}
	/* Entries the map cannot hold or that wrap. */
	TAP_CHECK(fdt_edit_add_rsv(&p.e, 0, 0) == -FDT_ERR_BADVALUE, "%s: (0, 0)", what);
	TAP_CHECK(fdt_edit_add_rsv(&p.e, 0x1000, 0) == -FDT_ERR_BADVALUE, "%s: size 0", what);
	TAP_CHECK(fdt_edit_add_rsv(&p.e, ~0ull, 2) == -FDT_ERR_BADVALUE, "%s: wraps", what);
	TAP_CHECK(fdt_edit_add_rsv(&p.e, ~0ull - 0xfff, 0x1000) == 0, "%s: ends at 2^64", what);
	lf.add_mem_rsv(p.model, ~0ull - 0xfff, 0x1000);
	TAP_CHECK(fdt_edit_add_rsv(&p.e, 0, ~0ull) == 0, "%s: all but one byte", what);
	lf.add_mem_rsv(p.model, 0, ~0ull);
	same_tree(p.buf, p.room, p.model, what);
	TAP_CHECK(fdt_edit_trim_rsv(&p.e, 0) == 0 && fdt_edit_rsv_count(&p.e) == 0, "%s", what);
	while (lf.num_mem_rsv(p.model))
		lf.del_mem_rsv(p.model, 0);
	same_tree(p.buf, p.room, p.model, what);
	pair_free(&p);
	tap_case("%s: reservations: 60 added, trimmed to the original, three rounds", what);
}

/*
 * Each operation with one byte too few, then exactly enough: refused with
 * -FDT_ERR_NOSPACE and nothing written (the tree still valid, the guard
 * intact), then done, filling the buffer to its last byte.
 */
enum op { OP_CHOSEN, OP_NEW_PROP, OP_NEW_NAME, OP_GROW, OP_ADD_RSV, NR_OPS };

static const char *const op_names[NR_OPS] = {
	"add /chosen",
	"setprop with a known name",
	"setprop with a new name",
	"setprop growing a value",
	"add_rsv",
};

static int do_op(struct fdt_edit *e, enum op op)
{
	static const u8 v[24] = { 0xde, 0xad };

	if (op == OP_CHOSEN)
		return fdt_edit_chosen(e);
	if (op == OP_NEW_PROP)
		return fdt_edit_setprop(e, 0, "compatible", v, 5);
	if (op == OP_NEW_NAME)
		return fdt_edit_setprop(e, 0, "lander,brand-new", v, 5);
	if (op == OP_GROW)
		return fdt_edit_setprop(e, 0, "#size-cells", v, 24);
	return fdt_edit_add_rsv(e, 0x1000, 0x1000);
}

static void test_no_room(void)
{
	static const u32 want[NR_OPS] = {
		16,	     /* BEGIN_NODE, "chosen" NUL padded to 8, END_NODE */
		12 + 8,	     /* a property of 5 bytes, padded to 8 */
		12 + 8 + 17, /* and "lander,brand-new" NUL */
		24 - 4,	     /* 4 bytes grown to 24 */
		16,	     /* one /memreserve/ entry */
	};
	u32 size, need, room;
	struct fdt_edit e;
	u8 *src = malloc(4096), *buf, *snap;
	int err;

	/* The root has #size-cells but no compatible, which the strings block has; no /chosen. */
	lf.create(src, 4096);
	lf.finish_reservemap(src);
	lf.begin_node(src, "");
	sw_u32(src, "#size-cells", 2);
	lf.begin_node(src, "soc");
	sw_str(src, "compatible", "simple-bus");
	lf.end_node(src);
	lf.end_node(src);
	lf.finish(src);
	size = be32(src + FDT_HDR_TOTALSIZE);
	/* libfdt's writer leaves a gap after the header: the copy is packed. */
	need = packed_size(src);

	for (enum op op = 0; op < NR_OPS; op++) {
		for (room = need + want[op] - 1; room <= need + want[op]; room++) {
			bool short_room = room < need + want[op];

			buf = guarded(room);
			TAP_CHECK(fdt_edit_open(&e, buf, room, src, size) == 0, "open");
			snap = malloc(room);
			memcpy(snap, buf, room);
			err = do_op(&e, op);
			if (short_room) {
				TAP_CHECK(err == -FDT_ERR_NOSPACE, "%s with %u bytes free: %d",
					  op_names[op], room - need, err);
				TAP_CHECK(!memcmp(snap, buf, room), "%s: a refusal wrote",
					  op_names[op]);
			} else {
				TAP_CHECK(err >= 0, "%s with %u bytes: %s", op_names[op], want[op],
					  fdt_strerror(err));
				TAP_CHECK(fdt_edit_totalsize(&e) == room, "%s: %u of %u bytes used",
					  op_names[op], fdt_edit_totalsize(&e), room);
			}
			TAP_CHECK(lf.check_full(buf, room) == 0 && nav_check(buf, room) == 0,
				  "%s: the tree is invalid (%u bytes)", op_names[op], room);
			TAP_CHECK(guard_ok(buf, room), "%s: guard written", op_names[op]);
			free(snap);
			free(buf);
		}
		tap_case("out of room: %s (%u bytes): refused one byte short, done when it fits",
			 op_names[op], want[op]);
	}
	free(src);
}

/* A copy of blob with the u32 at off set to v. */
static u8 *patched(const u8 *blob, u32 size, u32 off, u32 v)
{
	u8 *c = malloc(size);

	memcpy(c, blob, size);
	fdt32_st(c + off, v);
	return c;
}

/* The offset in the blob of the first token tok of the structure block. */
static u32 find_token(const u8 *blob, u32 tok)
{
	u32 s = be32(blob + FDT_HDR_OFF_STRUCT), end = s + be32(blob + FDT_HDR_SIZE_STRUCT);
	u32 off = s, t;

	while (off < end) {
		t = be32(blob + off);
		if (t == tok)
			return off;
		if (t == FDT_BEGIN_NODE)
			off += 4 + align4((u32)strlen((const char *)blob + off + 4) + 1);
		else if (t == FDT_PROP)
			off += 12 + align4(be32(blob + off + 4));
		else
			off += 4;
	}
	return 0;
}

/* open() on a bad source: the reader's error, the buffer untouched, every later call refused. */
static void expect_refused(const u8 *src, u32 size, int want, const char *what)
{
	struct fdt_edit e;
	u8 *buf = guarded(65536);
	int err = fdt_edit_open(&e, buf, 65536, src, size);
	u32 i;

	TAP_CHECK(err == want, "%s: open gives %d (%s), want %d", what, err, fdt_strerror(err),
		  want);
	for (i = 0; i < 65536 && buf[i] == FILL_BYTE; i++)
		;
	TAP_CHECK(i == 65536 && guard_ok(buf, 65536), "%s: a refused open wrote", what);
	TAP_CHECK(!e.buf && !e.size, "%s: the editor was not zeroed", what);
	TAP_CHECK(fdt_edit_chosen(&e) == -FDT_ERR_TRUNCATED &&
			  fdt_edit_setprop(&e, 0, "x", "", 1) == -FDT_ERR_TRUNCATED &&
			  fdt_edit_add_rsv(&e, 1, 1) == -FDT_ERR_TRUNCATED &&
			  fdt_edit_trim_rsv(&e, 0) == -FDT_ERR_TRUNCATED &&
			  !fdt_edit_rsv_count(&e) && !fdt_edit_totalsize(&e),
		  "%s: calls after a refused open", what);
	free(buf);
}

static void test_bad_sources(const u8 *blob, u32 size)
{
	u32 off_struct = be32(blob + FDT_HDR_OFF_STRUCT), tok;
	u8 *c;

	expect_refused(blob, size - 1, -FDT_ERR_TRUNCATED, "truncated by a byte");
	expect_refused(blob, 30, -FDT_ERR_TRUNCATED, "a partial header");
	expect_refused(NULL, size, -FDT_ERR_TRUNCATED, "NULL");
	c = patched(blob, size, FDT_HDR_MAGIC, 0xd00dfeee);
	expect_refused(c, size, -FDT_ERR_BADMAGIC, "bad magic");
	free(c);
	c = patched(blob, size, FDT_HDR_VERSION, 15);
	expect_refused(c, size, -FDT_ERR_BADVERSION, "version 15");
	free(c);
	c = patched(blob, size, FDT_HDR_SIZE_STRUCT, be32(blob + FDT_HDR_SIZE_STRUCT) + 4);
	expect_refused(c, size, -FDT_ERR_BADLAYOUT, "structure over strings");
	free(c);
	c = patched(blob, size, FDT_HDR_OFF_STRUCT, off_struct + 2);
	expect_refused(c, size, -FDT_ERR_BADALIGN, "misaligned structure");
	free(c);
	tok = find_token(blob, FDT_PROP);
	c = patched(blob, size, tok, 7);
	expect_refused(c, size, -FDT_ERR_BADSTRUCTURE, "token 7");
	free(c);
	c = patched(blob, size, tok + 8, 0xffffffff);
	expect_refused(c, size, -FDT_ERR_BADSTRING, "name offset outside the strings");
	free(c);
	c = patched(blob, size, tok + 4, 0x80000000);
	expect_refused(c, size, -FDT_ERR_BADSTRUCTURE, "property longer than the block");
	free(c);
	c = patched(blob, size, find_token(blob, FDT_END_NODE), FDT_NOP);
	expect_refused(c, size, -FDT_ERR_BADSTRUCTURE, "an FDT_END_NODE lost");
	free(c);
	c = patched(blob, size, off_struct, FDT_NOP);
	expect_refused(c, size, -FDT_ERR_BADSTRUCTURE, "no root first");
	free(c);
	tap_case("refused sources: the reader's error, nothing written");
}

/* Sources the reader accepts in forms the editor normalises. */
static void test_odd_sources(const u8 *blob, u32 size)
{
	u32 need = packed_size(blob), off_struct = be32(blob + FDT_HDR_OFF_STRUCT);
	u32 size_struct = be32(blob + FDT_HDR_SIZE_STRUCT);
	u32 off_strings = be32(blob + FDT_HDR_OFF_STRINGS);
	u32 size_strings = be32(blob + FDT_HDR_SIZE_STRINGS),
	    rsv = packed_size(blob) - 40 - size_struct - size_strings;
	struct fdt_edit e;
	u8 *c, *buf = guarded(need + 64), *big;
	u32 o;

	padding_clean = padding_zero(blob);
	/* Version 16: no size_dt_struct, the walk measures it. */
	c = patched(blob, size, FDT_HDR_VERSION, 16);
	fdt32_st(c + FDT_HDR_SIZE_STRUCT, 0xffffff01);
	TAP_CHECK(fdt_edit_open(&e, buf, need + 64, c, size) == 0, "version 16");
	TAP_CHECK(be32(buf + FDT_HDR_VERSION) == 17 &&
			  be32(buf + FDT_HDR_SIZE_STRUCT) == size_struct &&
			  be32(buf + FDT_HDR_TOTALSIZE) == need,
		  "version 16 copied as 17");
	same_tree(buf, need + 64, blob, "version 16");
	free(c);
	tap_case("a version 16 source becomes version 17");

	/*
	 * Blocks in another order, strings first with bytes after the last
	 * NUL, the map last, junk after FDT_END: header | strings "junk" |
	 * structure, 8 bytes of junk | map.
	 */
	c = calloc(1, size + 64);
	memcpy(c, blob, 40);
	o = 40;
	memcpy(c + o, blob + off_strings, size_strings);
	memcpy(c + o + size_strings, "junk", 4);
	fdt32_st(c + FDT_HDR_OFF_STRINGS, o);
	fdt32_st(c + FDT_HDR_SIZE_STRINGS, size_strings + 4);
	o = align4(o + size_strings + 4);
	memcpy(c + o, blob + off_struct, size_struct);
	memset(c + o + size_struct, 0x77, 8);
	fdt32_st(c + FDT_HDR_OFF_STRUCT, o);
	fdt32_st(c + FDT_HDR_SIZE_STRUCT, size_struct + 8);
	o = (o + size_struct + 8 + 7) & ~7u;
	memcpy(c + o, blob + be32(blob + FDT_HDR_OFF_RSVMAP), rsv);
	fdt32_st(c + FDT_HDR_OFF_RSVMAP, o);
	fdt32_st(c + FDT_HDR_TOTALSIZE, o + rsv);
	TAP_CHECK(nav_check(c, o + rsv) == 0, "the reader refuses the shuffled source");
	TAP_CHECK(fdt_edit_open(&e, buf, need + 64, c, o + rsv) == 0, "shuffled source");
	TAP_CHECK(be32(buf + FDT_HDR_TOTALSIZE) == need, "shuffled: %u bytes, want %u",
		  be32(buf + FDT_HDR_TOTALSIZE), need);
	same_tree(buf, need + 64, blob, "shuffled source");
	free(c);
	tap_case("blocks out of order, junk after FDT_END and after the last name: packed");

	/* Source and buffer overlapping: refused, the source intact. */
	big = malloc(2 * (size_t)size + 64);
	memcpy(big, blob, size);
	TAP_CHECK(fdt_edit_open(&e, big + 8, size + 56, big, size) == -FDT_ERR_BADLAYOUT,
		  "overlap after");
	memcpy(big + size, blob, size);
	TAP_CHECK(fdt_edit_open(&e, big + 8, size + 56, big + size, size) == -FDT_ERR_BADLAYOUT,
		  "overlap before");
	TAP_CHECK(!memcmp(big + size, blob, size), "the source was written");
	TAP_CHECK(fdt_edit_open(&e, big, size, big + size, size) == 0, "adjacent buffers");
	free(big);
	TAP_CHECK(fdt_edit_open(&e, NULL, 1u << 20, blob, size) == -FDT_ERR_NOSPACE, "NULL");
	TAP_CHECK(guard_ok(buf, need + 64), "guard");
	free(buf);
	tap_case("overlapping buffers refused, adjacent ones accepted");
}

/* ------------------------------------------------------------------ */
/* The random differential test */

struct source {
	char name[128];
	u8 *blob;
	u32 size;
};

/* What the random sequences did: edits done, and refused for want of room or a bad value. */
static long random_done, random_nospace, random_badvalue;

static u64 rnd(uint64_t *s, u64 n)
{
	return n ? splitmix64(s) % n : 0;
}

static const char *const pool[] = {
	"bootargs",   "linux,uefi-system-table",
	"compatible", "reg",
	"status",     "kaslr-seed",
	"rng-seed",   "x",
	"cells",      "linux,initrd-start",
};

/*
 * One random sequence: a source opened with little spare room, then
 * steps of setprop, chosen, add_rsv and trim, each on ours and on the
 * model; whether ours runs out of room is predicted from the spec's sizes.
 * Returns false at the first difference.
 */
static bool random_sequence(const struct source *src, uint64_t *rng, long seq)
{
	struct pair p;
	int steps = 1 + (int)rnd(rng, 24), step, err;
	u8 val[400], *snap;
	char what[256], name[40], path[512];
	bool ok = true;

	if (pair_open(&p, src->blob, src->size, packed_size(src->blob) + (u32)rnd(rng, 400)))
		ok = false;
	snap = malloc(p.room);
	for (step = 0; ok && step < steps; step++) {
		u32 before = totalsize(&p), op = (u32)rnd(rng, 12), n;
		bool refused = false;
		long delta;
		int fails = tap_case_failures;

		snprintf(what, sizeof(what), "%s seq %ld step %d", src->name, seq, step);
		memcpy(snap, p.buf, p.room);
		if (op < 6) {
			int nodes = 0, node, depth = 0, pick, prop;
			u32 len = (u32)rnd(rng, 8) ? (u32)rnd(rng, 40) : (u32)rnd(rng, 400);

			for (node = 0; node >= 0 && depth >= 0;
			     node = lf.next_node(p.buf, node, &depth))
				nodes++;
			pick = (int)rnd(rng, (u64)nodes);
			depth = 0;
			for (node = 0; pick--;)
				node = lf.next_node(p.buf, node, &depth);
			prop = lf.first_property_offset(p.buf, node);
			if (op < 2 && prop >= 0) {
				const char *pn;

				for (n = (u32)rnd(rng, 8);
				     n-- && lf.next_property_offset(p.buf, prop) >= 0;)
					prop = lf.next_property_offset(p.buf, prop);
				lf.getprop_by_offset(p.buf, prop, &pn, NULL);
				snprintf(name, sizeof(name), "%s", pn);
			} else if (op < 4) {
				snprintf(name, sizeof(name), "%s",
					 pool[rnd(rng, ARRAY_SIZE(pool))]);
			} else {
				snprintf(name, sizeof(name), "r%llx",
					 (unsigned long long)rnd(rng,
								 1u << (4 * (1 + rnd(rng, 5)))));
			}
			for (n = 0; n < len; n++)
				val[n] = (u8)splitmix64(rng);
			delta = setprop_delta(p.buf, node, name, len);
			refused = before + delta > p.room;
			if (refused) {
				err = fdt_edit_setprop(&p.e, node, name, val, len);
				TAP_CHECK(err == -FDT_ERR_NOSPACE,
					  "%s: setprop %s needs %ld of %u: %d", what, name, delta,
					  p.room - before, err);
			} else {
				node_path(p.buf, node, path, sizeof(path));
				both_setprop(&p, path, name, val, len, what);
			}
		} else if (op < 8) {
			delta = exact_chosen(p.buf) < 0 ? 16 : 0;
			refused = before + delta > p.room;
			if (refused)
				TAP_CHECK(fdt_edit_chosen(&p.e) == -FDT_ERR_NOSPACE, "%s: chosen",
					  what);
			else
				both_chosen(&p, what);
		} else if (op < 10) {
			u64 base = splitmix64(rng) & ~0xfffull,
			    size = rnd(rng, 16) ? 1 + rnd(rng, 1ull << rnd(rng, 48)) : 0;
			bool bad = !size || base + (size - 1) < base;

			err = fdt_edit_add_rsv(&p.e, base, size);
			refused = bad || before + 16 > p.room;
			if (refused) {
				TAP_CHECK(err == (bad ? -FDT_ERR_BADVALUE : -FDT_ERR_NOSPACE),
					  "%s: add_rsv %llx+%llx: %d", what,
					  (unsigned long long)base, (unsigned long long)size, err);
			} else {
				TAP_CHECK(err == 0, "%s: add_rsv: %s", what, fdt_strerror(err));
				TAP_CHECK(lf.add_mem_rsv(p.model, base, size) == 0, "%s: model",
					  what);
				TAP_CHECK(totalsize(&p) == before + 16, "%s: add_rsv size", what);
			}
		} else {
			u32 count = (u32)lf.num_mem_rsv(p.buf), keep = (u32)rnd(rng, count + 2);

			TAP_CHECK(fdt_edit_trim_rsv(&p.e, keep) == 0, "%s: trim", what);
			while ((u32)lf.num_mem_rsv(p.model) > keep)
				lf.del_mem_rsv(p.model, lf.num_mem_rsv(p.model) - 1);
			TAP_CHECK(totalsize(&p) == before - 16 * (count > keep ? count - keep : 0),
				  "%s: trim size", what);
		}
		random_done += !refused;
		random_nospace += refused && totalsize(&p) == before && op < 8;
		random_badvalue += refused && op >= 8;
		/* A refusal wrote nothing: the buffer is byte for byte as before. */
		if (refused)
			TAP_CHECK(!memcmp(snap, p.buf, p.room), "%s: a refused edit wrote", what);
		if (refused || op >= 8)
			same_tree(p.buf, p.room, p.model, what);
		if (!guard_ok(p.buf, p.room)) {
			TAP_CHECK(0, "%s: guard written", what);
			ok = false;
		}
		if (tap_case_failures != fails)
			ok = false;
	}
	free(snap);
	pair_free(&p);
	return ok;
}

static void test_random(struct source *srcs, size_t n, u64 seed, long sequences)
{
	uint64_t rng = seed;
	long i, failed = 0;
	size_t s;

	printf("# FDT_EDIT_SEED=0x%llx FDT_EDIT_SEQUENCES=%ld\n", (unsigned long long)seed,
	       sequences);
	for (i = 0; i < sequences && failed < 3; i++) {
		/* The big QEMU trees one time in eight. */
		do
			s = (size_t)rnd(&rng, n);
		while (srcs[s].size > 4096 && rnd(&rng, 8));
		if (!random_sequence(&srcs[s], &rng, i)) {
			printf("# failed: sequence %ld on %s (FDT_EDIT_SEED=0x%llx)\n", i,
			       srcs[s].name, (unsigned long long)seed);
			failed++;
		}
	}
	printf("# random: %ld edits done, %ld refused for want of room, %ld add_rsv refused\n",
	       random_done, random_nospace, random_badvalue);
	tap_case("random: %ld sequences of edits against libfdt's, seed 0x%llx", i,
		 (unsigned long long)seed);
}

/* ------------------------------------------------------------------ */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every board tree under dir/VENDOR/, opened and compared; skipped when there are none. */
static void test_boards(const char *fixture_dir)
{
	char dir[4096], sub[8192], file[12288];
	struct dirent *de, *ve;
	DIR *d, *v;
	size_t n = 0, size;
	u8 *blob;

	snprintf(dir, sizeof(dir), "%s/../boards", fixture_dir);
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		v = opendir(sub);
		while (v && (ve = readdir(v))) {
			size_t l = strlen(ve->d_name);

			if (l <= 4 || strcmp(ve->d_name + l - 4, ".dtb"))
				continue;
			snprintf(file, sizeof(file), "%s/%s", sub, ve->d_name);
			blob = test_read_file(file, &size);
			TAP_CHECK(blob, "cannot read %s", file);
			if (blob) {
				test_open(ve->d_name, blob, (u32)size);
				n++;
			}
			free(blob);
		}
		if (v)
			closedir(v);
	}
	if (d)
		closedir(d);
	if (!n)
		printf("ok %d - board trees # SKIP none in %s (make board-dtbs)\n", ++tap_count,
		       dir);
	else
		tap_case("board trees: all %zu opened, read the same as the originals", n);
}

int main(int argc, char **argv)
{
	struct source *srcs = NULL;
	size_t nsrc = 0, i, size;
	char **names = NULL, file[4096];
	u64 seed = 0x5eed0f0edd17ull;
	long sequences = 3000;
	struct dirent *de;
	const char *env;
	u8 *multibank = NULL;
	u32 multibank_size = 0;
	DIR *dir;
	size_t n = 0;

	tap_start();
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
		return 2;
	}
	env = getenv("FDT_EDIT_SEED");
	if (env && *env)
		seed = strtoull(env, NULL, 0);
	env = getenv("FDT_EDIT_SEQUENCES");
	if (env && *env)
		sequences = strtol(env, NULL, 0);

	TAP_CHECK(libfdt_load(&lf) == 0, "libfdt oracle not available");
	if (!tap_case("libfdt oracle loaded"))
		return tap_done();

	TAP_CHECK(fdt_strerror(-FDT_ERR_NOSPACE) &&
			  strcmp(fdt_strerror(-FDT_ERR_NOSPACE), fdt_strerror(-1000)),
		  "no text for FDT_ERR_NOSPACE");
	tap_case("fdt_strerror(-FDT_ERR_NOSPACE): %s", fdt_strerror(-FDT_ERR_NOSPACE));

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
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);

	for (i = 0; i < n; i++) {
		u8 *blob, *packed;

		snprintf(file, sizeof(file), "%s/%s", argv[1], names[i]);
		blob = test_read_file(file, &size);
		TAP_CHECK(blob, "cannot read %s", file);
		if (!blob) {
			tap_case("%s: read", names[i]);
			continue;
		}
		test_open(names[i], blob, (u32)size);
		tap_case("%s: open: both readers accept the copy, it reads as the original",
			 names[i]);
		test_chosen(names[i], blob, (u32)size);
		tap_case("%s: /chosen found or added, then set", names[i]);
		test_setprop(names[i], blob, (u32)size);
		test_rsv(names[i], blob, (u32)size);

		/* The random test's sources: packed (QEMU's dumps carry 1 MiB of free space). */
		packed = malloc(size);
		if (lf.open_into(blob, packed, (int)size) == 0 && lf.pack(packed) == 0) {
			srcs = realloc(srcs, (nsrc + 1) * sizeof(*srcs));
			snprintf(srcs[nsrc].name, sizeof(srcs[nsrc].name), "%s", names[i]);
			srcs[nsrc].blob = packed;
			srcs[nsrc++].size = be32(packed + FDT_HDR_TOTALSIZE);
		} else {
			free(packed);
		}
		if (!strcmp(names[i], "multibank.dtb")) {
			multibank = blob;
			multibank_size = (u32)size;
		} else {
			free(blob);
		}
	}

	for (enum shape sh = 0; sh < NR_SHAPES; sh++) {
		u32 bsize;
		u8 *t = build(sh, &bsize);

		test_chosen(shape_names[sh], t, bsize);
		tap_case("built tree, %s: /chosen found or added under the root, then set",
			 shape_names[sh]);
		srcs = realloc(srcs, (nsrc + 1) * sizeof(*srcs));
		snprintf(srcs[nsrc].name, sizeof(srcs[nsrc].name), "built %s", shape_names[sh]);
		srcs[nsrc].blob = t;
		srcs[nsrc++].size = bsize;
	}

	test_no_room();

	TAP_CHECK(multibank, "multibank.dtb is needed for the refused sources");
	if (multibank) {
		test_bad_sources(multibank, multibank_size);
		test_odd_sources(multibank, multibank_size);
	}
	free(multibank);

	test_boards(argv[1]);

	if (nsrc)
		test_random(srcs, nsrc, seed, sequences);
	for (i = 0; i < nsrc; i++)
		free(srcs[i].blob);
	free(srcs);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return tap_done();
}
