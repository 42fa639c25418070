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
 * fdt_token() is the only function that decodes a token and it checks each
 * one against the block, so a wrong offset gives an error, never a read
 * outside the blob. fdt_walk() is the only reader of the whole structure
 * block, and it checks the rules of its shape as it goes.
 *
 * This runs before relocation with the MMU off, so it keeps no state and
 * uses no table of pointers: string literals are reached PC-relatively.
 */
#include <lander/compiler.h>
#include <lander/fdt.h>
#include <lander/string.h>
#include <lander/types.h>

/* Offset just past the last NUL of the strings block, 0 if it has none. */
static u32 fdt_strings_end(const struct fdt *fdt)
{
	const char *s = (const char *)fdt->blob + fdt->off_strings;
	u32 end = fdt->size_strings;

	while (end && s[end - 1] != '\0')
		end--;
	return end;
}

/* Do the blocks [a, a + asize) and [b, b + bsize) share a byte? */
static bool fdt_overlap(u64 a, u64 asize, u64 b, u64 bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

/* Do any two of the three blocks share a byte, with a structure block of size_struct? */
static bool fdt_blocks_overlap(const struct fdt *fdt, u32 size_struct)
{
	u64 rsv_size = ((u64)fdt->rsv_count + 1) * FDT_RSV_ENTRY_SIZE;

	return fdt_overlap(fdt->off_rsvmap, rsv_size, fdt->off_struct, size_struct) ||
	       fdt_overlap(fdt->off_rsvmap, rsv_size, fdt->off_strings, fdt->size_strings) ||
	       fdt_overlap(fdt->off_struct, size_struct, fdt->off_strings, fdt->size_strings);
}

/*
 * Validate the header, the layout of the blocks and the reservation map,
 * then publish the result in *fdt. On failure *fdt is zeroed, so that a
 * careless caller's later calls fail rather than read anything.
 */
/* fdt_init() after the magic: the rest of the header and the blocks. */
static int fdt_init_layout(struct fdt *fdt, const u8 *b, size_t max_size)
{
	struct fdt f;
	u64 off;
	u32 hdrsize;

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
	/* Version 16 has no size_dt_struct: fdt_walk() measures it. */
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

	/* The reservation map must end inside the blob: count it once. */
	for (f.rsv_count = 0, off = f.off_rsvmap;; f.rsv_count++, off += FDT_RSV_ENTRY_SIZE) {
		if (off + FDT_RSV_ENTRY_SIZE > f.totalsize)
			return -FDT_ERR_BADLAYOUT;
		if (!fdt64_ld(b + off) && !fdt64_ld(b + off + 8))
			break;
	}

	if (f.version >= 17 && fdt_blocks_overlap(&f, f.size_struct))
		return -FDT_ERR_BADLAYOUT;

	*fdt = f;
	return 0;
}

int fdt_init(struct fdt *fdt, const void *blob, size_t max_size)
{
	const u8 *b = blob;

	memset(fdt, 0, sizeof(*fdt));
	if (!b || max_size < FDT_HDR_V16_SIZE)
		return -FDT_ERR_TRUNCATED;
	if (fdt32_ld(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	return fdt_init_layout(fdt, b, max_size);
}

int fdt_init_any_magic(struct fdt *fdt, const void *blob, size_t max_size)
{
	memset(fdt, 0, sizeof(*fdt));
	if (!blob || max_size < FDT_HDR_V16_SIZE)
		return -FDT_ERR_TRUNCATED;
	return fdt_init_layout(fdt, blob, max_size);
}

/* fdt_init() counted the entries, so entry i < rsv_count is in the blob. */
void fdt_mem_rsv(const struct fdt *fdt, u32 i, struct fdt_range *out)
{
	const u8 *p = fdt->blob + fdt->off_rsvmap + (u64)i * FDT_RSV_ENTRY_SIZE;

	out->base = fdt64_ld(p);
	out->size = fdt64_ld(p + 8);
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
	case -FDT_ERR_NOSPACE: return "no room left in the device tree buffer";
	default: return "unknown device tree error";
	}
}

/* Version 16 gave no size: now that the walk has measured it, check the layout again. */
int fdt_walk_end(const struct fdt *fdt, u32 struct_end)
{
	if (fdt->version < 17 && fdt_blocks_overlap(fdt, struct_end))
		return -FDT_ERR_BADLAYOUT;
	return 0;
}

/* The name follows the FDT_BEGIN_NODE token; fdt_token() saw its NUL. */
const char *fdt_node_name(const struct fdt *fdt, int node, int *len)
{
	struct fdt_token t;

	if (fdt_token(fdt, node, &t) != FDT_BEGIN_NODE) {
		if (len)
			*len = -FDT_ERR_BADOFFSET;
		return NULL;
	}
	if (len)
		*len = (int)t.len;
	return (const char *)fdt->blob + fdt->off_struct + node + 4;
}

/*
 * A node's properties come right after its name, NOPs aside: look at each
 * until the first token that is neither. Returns NULL with *len 0 when
 * there is no such property, node is no node, or the block is bad there.
 */
const void *fdt_getprop_namelen(const struct fdt *fdt, int node, const char *name, u32 namelen,
				u32 *len)
{
	struct fdt_token t = { 0, 0, 0, 0 };
	const char *strings;
	const u8 *s;
	int off;

	if (len)
		*len = 0;
	if (fdt_token(fdt, node, &t) != FDT_BEGIN_NODE)
		return NULL;
	s = fdt->blob + fdt->off_struct;
	strings = (const char *)fdt->blob + fdt->off_strings;
	for (;;) {
		off = t.next;
		switch (fdt_token(fdt, off, &t)) {
		case FDT_NOP: continue;
		case FDT_PROP: break;
		default: return NULL;
		}
		if (!strncmp(strings + t.nameoff, name, namelen) &&
		    strings[t.nameoff + namelen] == '\0') {
			if (len)
				*len = t.len;
			return s + off + FDT_PROP_HDR_SIZE;
		}
	}
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len)
{
	return fdt_getprop_namelen(fdt, node, name, (u32)strlen(name), len);
}

/* A u32 property must be exactly one cell. */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, u32 *out)
{
	struct fdt_token t;
	const void *val;
	u32 len;

	val = fdt_getprop(fdt, node, name, &len);
	if (!val)
		return fdt_token(fdt, node, &t) == FDT_BEGIN_NODE ? -FDT_ERR_NOTFOUND :
								    -FDT_ERR_BADOFFSET;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	*out = fdt32_ld(val);
	return 0;
}

/* A number of 0, 1 or 2 cells (the caller checked the count). */
static u64 fdt_read_cells(const u8 *p, u32 cells)
{
	if (cells == 2)
		return fdt64_ld(p);
	return cells == 1 ? fdt32_ld(p) : 0;
}

int fdt_reg_entry(const void *reg, u32 len, u32 acells, u32 scells, u32 i, struct fdt_range *out)
{
	u32 entry = 4 * (acells + scells);
	const u8 *p;

	if (acells > 2 || scells > 2 || !entry)
		return -FDT_ERR_BADCELLS;
	if (len % entry)
		return -FDT_ERR_BADVALUE;
	if (i >= len / entry)
		return -FDT_ERR_NOTFOUND;
	p = (const u8 *)reg + (u64)i * entry;
	out->base = fdt_read_cells(p, acells);
	out->size = fdt_read_cells(p + 4 * acells, scells);
	return 0;
}

int fdt_string_next(const char *list, u32 len, u32 *pos)
{
	u32 at = *pos, n;

	if (at >= len)
		return -1;
	n = fdt_strnlen(list + at, len - at);
	if (n == len - at)
		return -1; /* the last string lacks its NUL */
	*pos = at + n + 1;
	return (int)n;
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

/*
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
