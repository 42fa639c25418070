// SPDX-License-Identifier: GPL-2.0
/*
 * The flattened device tree reader: see include/lander/fdt.h for the API
 * and the Devicetree Specification v0.4, chapter 5, for the format.
 *
 * A blob starts with a header of big-endian u32 fields. It locates three
 * blocks: the memory reservation map (pairs of u64 address and size, ended
 * by a pair of zeros), the structure block and the strings block. The
 * structure block is a sequence of tokens, each a u32 aligned to 4 bytes:
 *
 *	FDT_BEGIN_NODE name NUL padding		opens a node
 *	FDT_PROP len nameoff value padding	a property of the open node
 *	FDT_END_NODE				closes the open node
 *	FDT_NOP					is ignored
 *	FDT_END					ends the tree
 *
 * A property's name is the string at nameoff in the strings block.
 *
 * Nodes and properties are named by the offset of their token in the
 * structure block. fdt_token() is the only function that decodes a token
 * and it checks each one against the block, so a wrong offset handed to
 * any function gives an error, never a read outside the blob.
 *
 * This runs before relocation with the MMU off, so it keeps no state and
 * uses no table of pointers: string literals are reached PC-relatively.
 */
#include <lander/compiler.h>
#include <lander/fdt.h>
#include <lander/string.h>
#include <lander/types.h>

/* Structure block tokens. */
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9

/* Byte offsets of the header fields. */
#define FDT_HDR_MAGIC	     0
#define FDT_HDR_TOTALSIZE    4
#define FDT_HDR_OFF_STRUCT   8
#define FDT_HDR_OFF_STRINGS  12
#define FDT_HDR_OFF_RSVMAP   16
#define FDT_HDR_VERSION	     20
#define FDT_HDR_LAST_COMP    24
#define FDT_HDR_SIZE_STRINGS 32
#define FDT_HDR_SIZE_STRUCT  36 /* only from version 17 on */

#define FDT_HDR_V16_SIZE 36
#define FDT_HDR_V17_SIZE 40

#define FDT_PROP_HDR_SIZE  12 /* token, len, nameoff */
#define FDT_RSV_ENTRY_SIZE 16 /* u64 address, u64 size */

/* Offsets must fit an int, with room to round up to 4 without overflow. */
#define FDT_SIZE_LIMIT 0x7ffffff0u

/*
 * Is there a NUL-terminated string at offset off of the strings block,
 * with its NUL inside the block? Exactly when some NUL follows off: when
 * off is below strings_end, the offset just past the block's last NUL.
 * This is checked for every property token of every walk, so it must
 * not scan the string.
 */
static bool fdt_string_ok(const struct fdt *fdt, u32 off)
{
	return off < fdt->strings_end;
}

/* Offset just past the last NUL of the strings block, 0 if it has none. */
static u32 fdt_strings_end(const struct fdt *fdt)
{
	const char *s = (const char *)fdt->blob + fdt->off_strings;
	u32 end = fdt->size_strings;

	while (end && s[end - 1] != '\0')
		end--;
	return end;
}

/*
 * Decode the token at offset off of the structure block. Returns its type
 * and sets *next to the offset of the token after it, or returns a negative
 * error: -FDT_ERR_TRUNCATED if there is no room for a token at off (or off
 * is negative or misaligned), -FDT_ERR_BADSTRUCTURE for an unknown token, a
 * node name without its NUL or a property running past the block, and
 * -FDT_ERR_BADSTRING for a property name outside the strings block.
 */
static int fdt_token(const struct fdt *fdt, int off, int *next)
{
	u32 size = fdt->size_struct;
	u32 tag, len, room;
	const u8 *s;
	u64 end;
	size_t n;

	if (off < 0 || !IS_ALIGNED(off, 4) || (u32)off > size || size - (u32)off < 4)
		return -FDT_ERR_TRUNCATED;
	s = fdt->blob + fdt->off_struct;
	room = size - (u32)off - 4; /* bytes after the token itself */
	tag = fdt32_ld(s + off);

	switch (tag) {
	case FDT_BEGIN_NODE:
		n = strnlen((const char *)s + off + 4, room);
		if (n == room)
			return -FDT_ERR_BADSTRUCTURE;
		end = (u64)off + 4 + n + 1;
		break;
	case FDT_PROP:
		if (room < FDT_PROP_HDR_SIZE - 4)
			return -FDT_ERR_BADSTRUCTURE;
		len = fdt32_ld(s + off + 4);
		if (len > room - (FDT_PROP_HDR_SIZE - 4))
			return -FDT_ERR_BADSTRUCTURE;
		if (!fdt_string_ok(fdt, fdt32_ld(s + off + 8)))
			return -FDT_ERR_BADSTRING;
		end = (u64)off + FDT_PROP_HDR_SIZE + len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END: end = (u64)off + 4; break;
	default: return -FDT_ERR_BADSTRUCTURE;
	}
	*next = (int)ALIGN_UP(end, 4);
	return (int)tag;
}

/*
 * Check that node is the offset of a FDT_BEGIN_NODE token; set *next to the
 * offset just past the node's name, where its properties start.
 */
static int fdt_check_node(const struct fdt *fdt, int node, int *next)
{
	if (fdt_token(fdt, node, next) != FDT_BEGIN_NODE)
		return -FDT_ERR_BADOFFSET;
	return 0;
}

/*
 * Starting at off, skip FDT_NOP tokens. Returns the type of the first other
 * token (or an error), with *at set to its offset and *next past it.
 */
static int fdt_skip_nops(const struct fdt *fdt, int off, int *at, int *next)
{
	int tag;

	for (;;) {
		tag = fdt_token(fdt, off, next);
		if (tag != FDT_NOP) {
			*at = off;
			return tag;
		}
		off = *next;
	}
}

/* Do the blocks [a, a + asize) and [b, b + bsize) share a byte? */
static bool fdt_overlap(u64 a, u64 asize, u64 b, u64 bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

/* Do any two of the three blocks share a byte? (rsv_size: the map's size) */
static bool fdt_blocks_overlap(const struct fdt *fdt, u64 rsv_size)
{
	return fdt_overlap(fdt->off_rsvmap, rsv_size, fdt->off_struct, fdt->size_struct) ||
	       fdt_overlap(fdt->off_rsvmap, rsv_size, fdt->off_strings, fdt->size_strings) ||
	       fdt_overlap(fdt->off_struct, fdt->size_struct, fdt->off_strings, fdt->size_strings);
}

/*
 * Read entry i of the memory reservation map. Returns 0, -FDT_ERR_NOTFOUND
 * for the terminating entry (address and size both 0) and -FDT_ERR_BADLAYOUT
 * if the entry lies past the end of the blob. It does not look at the
 * entries before i: callers walk the map from 0.
 */
static int fdt_rsv_entry(const struct fdt *fdt, u32 i, struct fdt_range *out)
{
	u64 off = (u64)fdt->off_rsvmap + (u64)i * FDT_RSV_ENTRY_SIZE;

	if (off + FDT_RSV_ENTRY_SIZE > fdt->totalsize)
		return -FDT_ERR_BADLAYOUT;
	out->base = fdt64_ld(fdt->blob + off);
	out->size = fdt64_ld(fdt->blob + off + 8);
	if (!out->base && !out->size)
		return -FDT_ERR_NOTFOUND;
	return 0;
}

/*
 * Check the structure block token by token: it must hold exactly one
 * tree, the root first (with an empty name), then FDT_END. Properties come
 * before the subnodes of their node, nodes nest at most FDT_MAX_DEPTH deep.
 * On success *end is the offset just past FDT_END.
 */
static int fdt_check_structure(const struct fdt *fdt, u32 *end)
{
	bool root_closed = false, props_allowed = false;
	int off = 0, next, tag, level = 0;

	tag = fdt_token(fdt, 0, &next);
	if (tag < 0)
		return tag;
	if (tag != FDT_BEGIN_NODE || fdt->blob[fdt->off_struct + 4] != '\0')
		return -FDT_ERR_BADSTRUCTURE;

	for (;;) {
		tag = fdt_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (root_closed && tag != FDT_END)
			return -FDT_ERR_BADSTRUCTURE;

		switch (tag) {
		case FDT_BEGIN_NODE:
			if (++level > FDT_MAX_DEPTH)
				return -FDT_ERR_BADSTRUCTURE;
			props_allowed = true;
			break;
		case FDT_END_NODE:
			/* level is at least 1 here: the root is open. */
			if (--level == 0)
				root_closed = true;
			props_allowed = false;
			break;
		case FDT_PROP:
			if (!props_allowed)
				return -FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_NOP: break;
		case FDT_END:
			if (!root_closed)
				return -FDT_ERR_BADSTRUCTURE;
			*end = (u32)next;
			return 0;
		}
		off = next;
	}
}

/*
 * Validate the header, the layout of the three blocks, the reservation map
 * and the whole structure block, then publish the result in *fdt. On
 * failure *fdt is zeroed, so that a careless caller's later calls fail
 * rather than read anything.
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t max_size)
{
	const u8 *b = blob;
	struct fdt f;
	struct fdt_range r;
	u32 hdrsize, rsv_count, struct_end;
	u64 rsv_size;
	int err;

	memset(fdt, 0, sizeof(*fdt));
	if (!b || max_size < FDT_HDR_V16_SIZE)
		return -FDT_ERR_TRUNCATED;
	if (fdt32_ld(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;

	f.blob = b;
	f.version = fdt32_ld(b + FDT_HDR_VERSION);
	if (f.version < 16 || fdt32_ld(b + FDT_HDR_LAST_COMP) > 17 ||
	    fdt32_ld(b + FDT_HDR_LAST_COMP) > f.version)
		return -FDT_ERR_BADVERSION;

	hdrsize = f.version >= 17 ? FDT_HDR_V17_SIZE : FDT_HDR_V16_SIZE;
	f.totalsize = fdt32_ld(b + FDT_HDR_TOTALSIZE);
	if (max_size < hdrsize || f.totalsize < hdrsize || f.totalsize > max_size)
		return -FDT_ERR_TRUNCATED;
	if (f.totalsize > FDT_SIZE_LIMIT)
		return -FDT_ERR_BADLAYOUT;

	f.off_struct = fdt32_ld(b + FDT_HDR_OFF_STRUCT);
	f.off_strings = fdt32_ld(b + FDT_HDR_OFF_STRINGS);
	f.size_strings = fdt32_ld(b + FDT_HDR_SIZE_STRINGS);
	f.off_rsvmap = fdt32_ld(b + FDT_HDR_OFF_RSVMAP);
	/* Version 16 has no size_dt_struct: the walk below measures it. */
	f.size_struct = f.version >= 17 ? fdt32_ld(b + FDT_HDR_SIZE_STRUCT) : 0;

	if (!IS_ALIGNED(f.off_rsvmap, 8) || !IS_ALIGNED(f.off_struct, 4) ||
	    !IS_ALIGNED(f.size_struct, 4))
		return -FDT_ERR_BADALIGN;

	if (f.off_rsvmap < hdrsize || f.off_struct < hdrsize || f.off_strings < hdrsize ||
	    (u64)f.off_struct + f.size_struct > f.totalsize ||
	    (u64)f.off_strings + f.size_strings > f.totalsize)
		return -FDT_ERR_BADLAYOUT;
	if (f.version < 17)
		f.size_struct = f.totalsize - f.off_struct;
	f.strings_end = fdt_strings_end(&f);

	/* The reservation map must end inside the blob. */
	for (rsv_count = 0; (err = fdt_rsv_entry(&f, rsv_count, &r)) == 0; rsv_count++)
		;
	if (err != -FDT_ERR_NOTFOUND)
		return err;
	rsv_size = ((u64)rsv_count + 1) * FDT_RSV_ENTRY_SIZE;

	if (f.version >= 17 && fdt_blocks_overlap(&f, rsv_size))
		return -FDT_ERR_BADLAYOUT;

	err = fdt_check_structure(&f, &struct_end);
	if (err)
		return err;

	if (f.version < 17) {
		f.size_struct = struct_end;
		if (fdt_blocks_overlap(&f, rsv_size))
			return -FDT_ERR_BADLAYOUT;
	}

	*fdt = f;
	return 0;
}

/*
 * Error codes are returned negated. A switch of string literals, not a
 * table: a table of pointers would need relocating before it could be used.
 */
const char *fdt_strerror(int err)
{
	switch (err) {
	case 0: return "success";
	case -FDT_ERR_NOTFOUND: return "no such node or property";
	case -FDT_ERR_TRUNCATED: return "device tree truncated";
	case -FDT_ERR_BADMAGIC: return "bad device tree magic";
	case -FDT_ERR_BADVERSION: return "unsupported device tree version";
	case -FDT_ERR_BADLAYOUT: return "device tree blocks misplaced";
	case -FDT_ERR_BADALIGN: return "device tree block misaligned";
	case -FDT_ERR_BADSTRUCTURE: return "bad device tree structure";
	case -FDT_ERR_BADSTRING: return "bad property name offset";
	case -FDT_ERR_BADCELLS: return "unsupported #address-cells or #size-cells";
	case -FDT_ERR_BADVALUE: return "bad property value";
	case -FDT_ERR_BADOFFSET: return "bad node or property offset";
	default: return "unknown device tree error";
	}
}

/* fdt_init() made sure the structure block starts with the root node. */
int fdt_root(const struct fdt *fdt)
{
	(void)fdt;
	return 0;
}

/*
 * Scan forward from node to the next FDT_BEGIN_NODE, counting the nodes
 * entered and left on the way to adjust *depth.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int off, next, tag, d = 0;

	if (fdt_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	for (;;) {
		off = next;
		tag = fdt_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_END)
			return -FDT_ERR_NOTFOUND;
		if (tag == FDT_END_NODE)
			d--;
		if (tag == FDT_BEGIN_NODE) {
			if (depth)
				*depth += d + 1;
			return off;
		}
	}
}

/*
 * Children follow a node's properties: skip those, and the first token
 * that is not one is either the first child or the node's end.
 */
int fdt_first_child(const struct fdt *fdt, int node)
{
	int off, next, tag;

	if (fdt_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	do {
		off = next;
		tag = fdt_token(fdt, off, &next);
	} while (tag == FDT_PROP || tag == FDT_NOP);

	if (tag == FDT_BEGIN_NODE)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

/*
 * Skip the whole of node, children included, to the token after its
 * FDT_END_NODE; whatever comes next (NOPs aside) is a sibling or the end of
 * the parent.
 */
int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int off, next, tag, level = 0;

	if (fdt_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	off = node;
	do {
		tag = fdt_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_END)
			return -FDT_ERR_BADSTRUCTURE;
		if (tag == FDT_BEGIN_NODE)
			level++;
		if (tag == FDT_END_NODE)
			level--;
		off = next;
	} while (level > 0);

	tag = fdt_skip_nops(fdt, off, &off, &next);
	if (tag == FDT_BEGIN_NODE)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

/*
 * Walk the tree from the root remembering the last node seen at each
 * depth: when node turns up at depth d, its parent is the one kept for d-1.
 */
int fdt_parent(const struct fdt *fdt, int node)
{
	int path[FDT_MAX_DEPTH];
	int n = fdt_root(fdt), d = 0, next;

	if (fdt_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	if (node == n)
		return -FDT_ERR_NOTFOUND;
	while (n >= 0 && n < node) {
		if (d < 0 || d >= FDT_MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		path[d] = n;
		n = fdt_next_node(fdt, n, &d);
	}
	if (n != node)
		return n < 0 && n != -FDT_ERR_NOTFOUND ? n : -FDT_ERR_BADOFFSET;
	if (d < 1 || d > FDT_MAX_DEPTH)
		return -FDT_ERR_BADSTRUCTURE;
	return path[d - 1];
}

/* The name follows the FDT_BEGIN_NODE token; fdt_token() saw its NUL. */
const char *fdt_node_name(const struct fdt *fdt, int node, int *len)
{
	const char *name;
	int next;

	if (fdt_check_node(fdt, node, &next)) {
		if (len)
			*len = -FDT_ERR_BADOFFSET;
		return NULL;
	}
	name = (const char *)fdt->blob + fdt->off_struct + node + 4;
	if (len)
		*len = (int)strlen(name);
	return name;
}

/* Does the name[0..len) contain c? (The kernel has no memchr.) */
static bool fdt_has_char(const char *name, int len, char c)
{
	int i;

	for (i = 0; i < len; i++)
		if (name[i] == c)
			return true;
	return false;
}

/* The offset of the first c in [p, end), or end - p if there is none. */
static int fdt_span_to(const char *p, const char *end, char c)
{
	int n = 0;

	while (p + n < end && p[n] != c)
		n++;
	return n;
}

/*
 * Does a node called nodename answer to the path component name[0..len)?
 * Either exactly, or, when the component has no unit address, as the part
 * of nodename before its '@'.
 */
bool fdt_node_name_matches(const char *nodename, const char *name, int len)
{
	if (strncmp(nodename, name, (size_t)len))
		return false;
	/* nodename has at least len characters, so [len] is in bounds. */
	if (nodename[len] == '\0')
		return true;
	return nodename[len] == '@' && !fdt_has_char(name, len, '@');
}

/* The first child of parent that answers to name[0..len). */
static int fdt_subnode(const struct fdt *fdt, int parent, const char *name, int len)
{
	int child;

	for (child = fdt_first_child(fdt, parent); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		if (fdt_node_name_matches(fdt_node_name(fdt, child, NULL), name, len))
			return child;
	}
	return child;
}

/*
 * Find the property called name[0..namelen) among node's properties. On
 * success return its value with *len set; else NULL with *err set.
 */
static const void *fdt_find_prop(const struct fdt *fdt, int node, const char *name, size_t namelen,
				 u32 *len, int *err)
{
	const char *pname;
	const void *val;
	int prop;

	for (prop = fdt_first_prop(fdt, node); prop >= 0; prop = fdt_next_prop(fdt, prop)) {
		val = fdt_prop(fdt, prop, &pname, len);
		if (strlen(pname) == namelen && !memcmp(pname, name, namelen)) {
			*err = 0;
			return val;
		}
	}
	*len = 0;
	*err = prop;
	return NULL;
}

/*
 * Follow the components of the absolute path [p, end) down from node.
 * Empty components (from repeated '/') are skipped.
 */
static int fdt_walk_path(const struct fdt *fdt, int node, const char *p, const char *end)
{
	int n;

	while (node >= 0) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		n = fdt_span_to(p, end, '/');
		node = fdt_subnode(fdt, node, p, n);
		p += n;
	}
	return node;
}

/*
 * The node the alias name[0..len) stands for. Its value in /aliases must
 * be a NUL-terminated absolute path; aliases of aliases are not followed.
 */
static int fdt_alias(const struct fdt *fdt, const char *name, int len)
{
	const char *val;
	u32 vlen;
	int aliases, err;

	aliases = fdt_subnode(fdt, fdt_root(fdt), "aliases", 7);
	if (aliases < 0)
		return aliases;
	val = fdt_find_prop(fdt, aliases, name, (size_t)len, &vlen, &err);
	if (!val)
		return err;
	if (!vlen || strnlen(val, vlen) == vlen || val[0] != '/')
		return -FDT_ERR_BADVALUE;
	return fdt_walk_path(fdt, fdt_root(fdt), val, val + strlen(val));
}

/* Absolute paths start at the root, others at an alias. */
int fdt_path_offset(const struct fdt *fdt, const char *path, int len)
{
	const char *end;
	int node, n;

	if (fdt_check_node(fdt, fdt_root(fdt), &n))
		return -FDT_ERR_BADOFFSET; /* fdt_init() failed or was not called */
	if (!path)
		return -FDT_ERR_NOTFOUND;
	end = path + (len < 0 ? strlen(path) : strnlen(path, (size_t)len));
	if (path == end)
		return -FDT_ERR_NOTFOUND;

	if (*path == '/')
		return fdt_walk_path(fdt, fdt_root(fdt), path, end);

	n = fdt_span_to(path, end, '/');
	node = fdt_alias(fdt, path, n);
	return fdt_walk_path(fdt, node, path + n, end);
}

/* A node's properties come right after its name, NOPs aside. */
int fdt_first_prop(const struct fdt *fdt, int node)
{
	int off, next, tag;

	if (fdt_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	tag = fdt_skip_nops(fdt, next, &off, &next);
	if (tag == FDT_PROP)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

/* The next property is the next token but for NOPs, if it is a FDT_PROP. */
int fdt_next_prop(const struct fdt *fdt, int prop)
{
	int off, next, tag;

	if (fdt_token(fdt, prop, &next) != FDT_PROP)
		return -FDT_ERR_BADOFFSET;
	tag = fdt_skip_nops(fdt, next, &off, &next);
	if (tag == FDT_PROP)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

/* fdt_token() checked that the value and the name lie in their blocks. */
const void *fdt_prop(const struct fdt *fdt, int prop, const char **name, u32 *len)
{
	const u8 *p;
	int next;

	if (fdt_token(fdt, prop, &next) != FDT_PROP) {
		if (name)
			*name = NULL;
		if (len)
			*len = 0;
		return NULL;
	}
	p = fdt->blob + fdt->off_struct + prop;
	if (name)
		*name = (const char *)fdt->blob + fdt->off_strings + fdt32_ld(p + 8);
	if (len)
		*len = fdt32_ld(p + 4);
	return p + FDT_PROP_HDR_SIZE;
}

/* A linear search of node's properties; the first of that name wins. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len)
{
	u32 vlen;
	int err;
	const void *val = fdt_find_prop(fdt, node, name, strlen(name), &vlen, &err);

	if (len)
		*len = vlen;
	return val;
}

/* A u32 property must be exactly one cell. */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, u32 *out)
{
	const void *val;
	u32 len;
	int err;

	val = fdt_find_prop(fdt, node, name, strlen(name), &len, &err);
	if (!val)
		return err;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	*out = fdt32_ld(val);
	return 0;
}

/* "compatible" is a list of NUL-terminated strings; compare each in full. */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	size_t want = strlen(compat), n;
	const char *p;
	u32 len;

	p = fdt_getprop(fdt, node, "compatible", &len);
	if (!p)
		return false;
	while (len > 0) {
		n = strnlen(p, len);
		if (n == len)
			return false; /* the last string lacks its NUL */
		if (n == want && !memcmp(p, compat, n))
			return true;
		p += n + 1;
		len -= (u32)n + 1;
	}
	return false;
}

/* A plain depth-first scan. */
int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat)
{
	int node;

	node = start < 0 ? fdt_root(fdt) : fdt_next_node(fdt, start, NULL);
	for (; node >= 0; node = fdt_next_node(fdt, node, NULL))
		if (fdt_is_compatible(fdt, node, compat))
			return node;
	return node;
}

/* Read a cell-count property, with its default when absent. */
static int fdt_cells(const struct fdt *fdt, int node, const char *name, int dflt)
{
	u32 val;
	int err;

	err = fdt_getprop_u32(fdt, node, name, &val);
	if (err == -FDT_ERR_NOTFOUND)
		return dflt;
	if (err)
		return err;
	if (val > 2)
		return -FDT_ERR_BADCELLS;
	return (int)val;
}

/* Spec default: two address cells. */
int fdt_address_cells(const struct fdt *fdt, int node)
{
	return fdt_cells(fdt, node, "#address-cells", 2);
}

/* Spec default: one size cell. */
int fdt_size_cells(const struct fdt *fdt, int node)
{
	return fdt_cells(fdt, node, "#size-cells", 1);
}

/* Where node's reg is and how to read it. */
struct fdt_reg {
	const u8 *cells;
	int acells, scells;
	u32 count; /* whole entries */
};

/*
 * Find node's reg and the cell counts its parent sets for it (the root has
 * no parent: it gets the defaults). reg must hold whole entries. reg is
 * looked for first: a node without one needs no (linear) parent search.
 */
static int fdt_reg_layout(const struct fdt *fdt, int node, struct fdt_reg *reg)
{
	u32 len, entry;
	int parent, err;

	reg->cells = fdt_find_prop(fdt, node, "reg", 3, &len, &err);
	if (!reg->cells)
		return err;

	parent = fdt_parent(fdt, node);
	if (parent == -FDT_ERR_NOTFOUND) {
		reg->acells = 2;
		reg->scells = 1;
	} else if (parent < 0) {
		return parent;
	} else {
		reg->acells = fdt_address_cells(fdt, parent);
		if (reg->acells < 0)
			return reg->acells;
		reg->scells = fdt_size_cells(fdt, parent);
		if (reg->scells < 0)
			return reg->scells;
	}

	entry = 4 * (u32)(reg->acells + reg->scells);
	if (!entry)
		return -FDT_ERR_BADCELLS;
	if (len % entry)
		return -FDT_ERR_BADVALUE;
	reg->count = len / entry;
	return 0;
}

/* A number of 0, 1 or 2 cells (the caller checked the count). */
static u64 fdt_read_cells(const u8 *p, int cells)
{
	if (cells == 2)
		return fdt64_ld(p);
	return cells == 1 ? fdt32_ld(p) : 0;
}

/* Entry i of a reg laid out as fdt_reg_layout() found. */
static void fdt_reg_entry(const struct fdt_reg *reg, u32 i, struct fdt_range *out)
{
	const u8 *p = reg->cells + 4 * (u64)i * (u32)(reg->acells + reg->scells);

	out->base = fdt_read_cells(p, reg->acells);
	out->size = fdt_read_cells(p + 4 * reg->acells, reg->scells);
}

/* Find the layout, then the one entry asked for. */
int fdt_read_reg(const struct fdt *fdt, int node, unsigned int index, struct fdt_range *out)
{
	struct fdt_reg reg;
	int err;

	err = fdt_reg_layout(fdt, node, &reg);
	if (err)
		return err;
	if (index >= reg.count)
		return -FDT_ERR_NOTFOUND;
	fdt_reg_entry(&reg, index, out);
	return 0;
}

/* Is node's device_type (its first string) "memory"? */
static bool fdt_is_memory(const struct fdt *fdt, int node)
{
	const char *type;
	u32 len;

	type = fdt_getprop(fdt, node, "device_type", &len);
	return type && len >= 7 && !memcmp(type, "memory", 7);
}

/* Visit every node; collect the reg entries of the memory nodes. */
int fdt_memory_banks(const struct fdt *fdt, struct fdt_range *banks, int max)
{
	struct fdt_reg reg;
	int node, err, count = 0;
	u32 i;

	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		if (!fdt_is_memory(fdt, node))
			continue;
		err = fdt_reg_layout(fdt, node, &reg);
		if (err == -FDT_ERR_NOTFOUND)
			continue;
		if (err)
			return err;
		if (reg.scells == 0)
			return -FDT_ERR_BADCELLS;
		for (i = 0; i < reg.count; i++, count++)
			if (banks && count < max)
				fdt_reg_entry(&reg, i, &banks[count]);
	}
	return node == -FDT_ERR_NOTFOUND ? count : node;
}

/* fdt_init() checked that the map ends inside the blob. */
int fdt_num_mem_rsv(const struct fdt *fdt)
{
	struct fdt_range r;
	int i, err;

	for (i = 0; (err = fdt_rsv_entry(fdt, (u32)i, &r)) == 0; i++)
		;
	return err == -FDT_ERR_NOTFOUND ? i : err;
}

/* Walk the map from its start so as never to read past its end marker. */
int fdt_get_mem_rsv(const struct fdt *fdt, int i, struct fdt_range *out)
{
	struct fdt_range r;
	int j, err;

	if (i < 0)
		return -FDT_ERR_NOTFOUND;
	for (j = 0; j <= i; j++) {
		err = fdt_rsv_entry(fdt, (u32)j, &r);
		if (err)
			return err;
	}
	*out = r;
	return 0;
}

/* The value must be a string, NUL included, to be handed out as one. */
const char *fdt_bootargs(const struct fdt *fdt)
{
	const char *args;
	u32 len;
	int chosen;

	chosen = fdt_path_offset(fdt, "/chosen", -1);
	if (chosen < 0)
		return NULL;
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (!args || !len || strnlen(args, len) == len)
		return NULL;
	return args;
}

/*
 * stdout-path is "path-or-alias[:options]", for instance
 * "serial0:115200n8": look up the part before the ':'.
 */
int fdt_stdout_node(const struct fdt *fdt)
{
	const char *path;
	u32 len;
	int chosen;

	chosen = fdt_path_offset(fdt, "/chosen", -1);
	if (chosen < 0)
		return chosen;
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!path)
		return -FDT_ERR_NOTFOUND;
	if (!len || strnlen(path, len) == len)
		return -FDT_ERR_BADVALUE;
	return fdt_path_offset(fdt, path, fdt_span_to(path, path + len, ':'));
}

int fdt_walk(const struct fdt *fdt, struct fdt_walker *w, struct fdt_item *it)
{
	const u8 *s = fdt->blob + fdt->off_struct;
	int off, tag;

	for (;;) {
		off = w->next;
		tag = fdt_token(fdt, off, &w->next);
		if (tag < 0)
			return tag;
		if (tag != FDT_NOP)
			break;
	}
	it->offset = off;
	it->type = (enum fdt_item_type)tag;
	switch (tag) {
	case FDT_BEGIN_NODE:
		it->depth = w->depth++;
		it->name = (const char *)s + off + 4;
		it->value = NULL;
		it->len = 0;
		return 1;
	case FDT_PROP:
		it->depth = w->depth - 1;
		it->len = fdt32_ld(s + off + 4);
		it->name = (const char *)fdt->blob + fdt->off_strings + fdt32_ld(s + off + 8);
		it->value = s + off + FDT_PROP_HDR_SIZE;
		return 1;
	case FDT_END_NODE:
		if (w->depth == 0)
			return -FDT_ERR_BADSTRUCTURE;
		it->depth = --w->depth;
		it->name = NULL;
		it->value = NULL;
		it->len = 0;
		return 1;
	}
	return w->depth ? -FDT_ERR_BADSTRUCTURE : 0; /* FDT_END */
}
