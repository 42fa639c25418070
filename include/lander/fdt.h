/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader for flattened device trees (the DTB the firmware hands over),
 * following the Devicetree Specification v0.4, chapter 5.
 *
 * fdt_init() validates the whole blob once: header fields, block offsets
 * and sizes, alignment, every token of the structure block, every name and
 * every property's string offset. Only then may the other functions be
 * used, and they still never read outside the blob. Nodes and properties
 * are named by their offset in the structure block, as in libfdt, so the
 * reader needs no memory of its own. An offset that names no node (or no
 * property, where one is expected) gives -FDT_ERR_BADOFFSET, or NULL.
 *
 * Stricter than libfdt: fdt_init() refuses misaligned or overlapping
 * blocks, versions before 16, anything before the root node or between it
 * and FDT_END, properties after a node's first subnode, and trees deeper
 * than FDT_MAX_DEPTH.
 *
 * All of it runs before relocation and with the MMU off: no static
 * pointers, no jump tables, no writable globals.
 */
#ifndef LANDER_FDT_H
#define LANDER_FDT_H

#include <lander/types.h>

#define FDT_MAGIC     0xd00dfeed
#define FDT_MAX_DEPTH 32 /* deeper trees are rejected */

/* Error codes, returned negated. */
enum fdt_error {
	FDT_ERR_NOTFOUND = 1, /* no such node or property */
	FDT_ERR_TRUNCATED,    /* blob smaller than its header says, or than needed */
	FDT_ERR_BADMAGIC,
	FDT_ERR_BADVERSION,
	FDT_ERR_BADLAYOUT, /* a block lies outside the blob or overlaps another */
	FDT_ERR_BADALIGN,
	FDT_ERR_BADSTRUCTURE, /* bad token, nesting, name or property length */
	FDT_ERR_BADSTRING,    /* property name offset outside the strings block */
	FDT_ERR_BADCELLS,     /* #address-cells or #size-cells out of range */
	FDT_ERR_BADVALUE,     /* a property is not of the expected size or form */
	FDT_ERR_BADOFFSET,    /* an offset that names no node or property */
};

/* A validated blob: a view of it, no copy. */
struct fdt {
	const u8 *blob;
	u32 totalsize;
	u32 off_struct, size_struct;
	u32 off_strings, size_strings;
	u32 off_rsvmap;
	u32 version;
	u32 strings_end; /* just past the strings block's last NUL (0: none) */
};

/* One range from a reg property, /memory or /memreserve/. */
struct fdt_range {
	u64 base;
	u64 size;
};

/*
 * Check the blob at blob, which the caller can read for at most max_size
 * bytes, and fill *fdt. Returns 0, or a negative enum fdt_error.
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t max_size);

/* A short English description of a (negative) error code. */
const char *fdt_strerror(int err);

/* The root node's offset (always 0 in a valid blob). */
int fdt_root(const struct fdt *fdt);

/*
 * Depth-first walk: the node after node, with *depth adjusted (+1 into a
 * child, 0 or negative back out). Returns -FDT_ERR_NOTFOUND at the end.
 * Pass depth NULL to ignore it.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);

/* The first child, or the next sibling, of node; -FDT_ERR_NOTFOUND if none. */
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);

/* The parent of node (a linear scan); -FDT_ERR_NOTFOUND for the root. */
int fdt_parent(const struct fdt *fdt, int node);

/*
 * The node's name, "" for the root; *len (if not NULL) gets strlen. On a bad
 * offset: NULL, and *len gets the negative error.
 */
const char *fdt_node_name(const struct fdt *fdt, int node, int *len);

/*
 * The node at an absolute path such as "/soc/serial@10000000". A component
 * without a unit address also matches a name with one ("memory" matches
 * "memory@40000000"); as in libfdt, the first matching sibling wins. Repeated
 * '/' are ignored. A path that does not start with '/' begins with an alias:
 * "serial0" or "serial0/child", where the property serial0 of /aliases holds
 * an absolute path. Only the first len bytes of path are used (len < 0: all
 * of it, up to the NUL).
 */
int fdt_path_offset(const struct fdt *fdt, const char *path, int len);

/* Property iteration: the first property of node, the one after prop. */
int fdt_first_prop(const struct fdt *fdt, int node);
int fdt_next_prop(const struct fdt *fdt, int prop);

/*
 * A property's name, value and length. Returns the value; on a bad offset
 * NULL, with *name NULL and *len 0. Either pointer may be NULL.
 */
const void *fdt_prop(const struct fdt *fdt, int prop, const char **name, u32 *len);

/* The value of node's property called name, or NULL; *len gets its size (0 if NULL). */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len);

/*
 * Read a u32 property; returns 0, -FDT_ERR_NOTFOUND, -FDT_ERR_BADVALUE (not 4
 * bytes long) or -FDT_ERR_BADOFFSET.
 */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, u32 *out);

/* Does node's "compatible" list contain compat? */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);

/* The first node after start (-1: from the root) compatible with compat. */
int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat);

/*
 * #address-cells and #size-cells that apply to the children of node
 * (defaults 2 and 1 when absent). Return the count (0, 1 or 2), or
 * -FDT_ERR_BADCELLS for a count above 2 (a 64-bit kernel cannot use it),
 * -FDT_ERR_BADVALUE for a property that is not one cell.
 */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);

/*
 * Decode entry index of node's "reg" using its parent's cell counts (the
 * defaults 2 and 1 for the root). Returns 0, -FDT_ERR_NOTFOUND without reg
 * or past the last entry, -FDT_ERR_BADCELLS if an entry would be 0 cells,
 * -FDT_ERR_BADVALUE if reg is not a whole number of entries, or another
 * error.
 */
int fdt_read_reg(const struct fdt *fdt, int node, unsigned int index, struct fdt_range *out);

/*
 * Every RAM bank: each reg entry of each node whose device_type is
 * "memory" (nodes without reg are skipped; #size-cells 0 is
 * -FDT_ERR_BADCELLS). Stores up to max ranges in banks, in tree order, and
 * returns how many there are in all (which may exceed max), or a negative
 * error.
 */
int fdt_memory_banks(const struct fdt *fdt, struct fdt_range *banks, int max);

/*
 * The /memreserve/ entries (the map ends at an entry of address 0 and size
 * 0): the count, and entry i (0, or -FDT_ERR_NOTFOUND past the end).
 */
int fdt_num_mem_rsv(const struct fdt *fdt);
int fdt_get_mem_rsv(const struct fdt *fdt, int i, struct fdt_range *out);

/* /chosen/bootargs, or NULL (also when it is not a NUL-terminated string). */
const char *fdt_bootargs(const struct fdt *fdt);

/*
 * The node /chosen/stdout-path (or the older linux,stdout-path) names (a
 * path or an alias, options after ':' ignored), or a negative error.
 */
int fdt_stdout_node(const struct fdt *fdt);

/*
 * A walk over the whole structure block in document order, each token
 * decoded once: the cheap way to read everything (lib/dt_info.c).
 *
 *	struct fdt_walker w = { 0 };
 *	struct fdt_item it;
 *	while ((err = fdt_walk(fdt, &w, &it)) > 0) ...
 */
enum fdt_item_type {
	FDT_ITEM_NODE = 1,     /* a node begins: name, offset, depth */
	FDT_ITEM_END_NODE = 2, /* the node at depth ends */
	FDT_ITEM_PROP = 3,     /* a property of the node at depth: name, value, len */
};

struct fdt_item {
	enum fdt_item_type type;
	int offset; /* the token's offset (a node's offset for FDT_ITEM_NODE) */
	int depth;  /* the node's depth, the root's 0 */
	const char *name;
	const void *value;
	u32 len;
};

struct fdt_walker {
	int next;  /* offset of the next token; start at 0 */
	int depth; /* nodes open */
};

/*
 * The next item of the walk: 1 and *it filled, 0 after the root's end, or
 * a negative enum fdt_error.
 */
int fdt_walk(const struct fdt *fdt, struct fdt_walker *w, struct fdt_item *it);

/*
 * Does a node called nodename answer to name[0..len)? Either exactly, or
 * name has no unit address and nodename is name@something.
 */
bool fdt_node_name_matches(const char *nodename, const char *name, int len);

/* Big-endian loads that tolerate any alignment. */
static inline u32 fdt32_ld(const void *p)
{
	const u8 *b = p;

	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

static inline u64 fdt64_ld(const void *p)
{
	return ((u64)fdt32_ld(p) << 32) | fdt32_ld((const u8 *)p + 4);
}

#endif
