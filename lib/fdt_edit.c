// SPDX-License-Identifier: GPL-2.0
/*
 * The device-tree editor of the EFI stub: see include/lander/fdt_edit.h
 * for the API, the layout and the guarantees, and the Devicetree
 * Specification v0.4, chapter 5, for the format.
 *
 * Every edit is one splice: the bytes from some offset to totalsize move
 * up or down (memmove), and the header's offsets and sizes are written
 * again. Each call first takes a checked view of the blob (fe_view()) and
 * works out the whole change and the room it needs; only then does it
 * write, so a refused call leaves every byte as it was.
 *
 * This runs in the EFI stub before relocation: no static pointers, no
 * jump tables, no writable globals; string literals are reached
 * PC-relatively.
 */
#include <lander/compiler.h>
#include <lander/fdt.h>
#include <lander/fdt_edit.h>
#include <lander/string.h>
#include <lander/types.h>

/* The structure block's offset, after a reservation map of rsv_count entries and its end. */
static u32 fe_off_struct(u32 rsv_count)
{
	return FDT_HDR_V17_SIZE + (rsv_count + 1) * FDT_RSV_ENTRY_SIZE;
}

/* The bytes the editor may use: the buffer, up to the reader's size limit. */
static u32 fe_room(const struct fdt_edit *e)
{
	return e->buf ? MIN(e->size, FDT_SIZE_LIMIT) : 0;
}

/*
 * Check the blob in e->buf with the reader and fill *f. Returns 0, the
 * reader's error, or -FDT_ERR_BADLAYOUT if the blocks are not where the
 * editor puts them (fdt_edit.h): packed from the header on, in the order
 * reservation map, structure, strings.
 */
static int fe_view(const struct fdt_edit *e, struct fdt *f)
{
	int err = fdt_init(f, e->buf, fe_room(e));

	if (err)
		return err;
	if (f->version != 17 || f->off_rsvmap != FDT_HDR_V17_SIZE ||
	    f->off_struct != fe_off_struct(f->rsv_count) ||
	    f->off_strings != f->off_struct + f->size_struct ||
	    f->totalsize != f->off_strings + f->size_strings)
		return -FDT_ERR_BADLAYOUT;
	return 0;
}

/*
 * Replace the old bytes at offset at of the blob by new bytes of room (not
 * filled in: the caller writes them), moving everything after them up to
 * totalsize. The caller checked that totalsize - old + new fits.
 */
static void fe_splice(u8 *buf, u32 totalsize, u32 at, u32 old, u32 new)
{
	memmove(buf + at + new, buf + at + old, totalsize - at - old);
}

/* Write the header fields a splice changes: the blocks' offsets and sizes, totalsize. */
static void fe_set_blocks(u8 *buf, u32 rsv_count, u32 size_struct, u32 size_strings)
{
	u32 off_struct = fe_off_struct(rsv_count);

	fdt32_st(buf + FDT_HDR_OFF_STRUCT, off_struct);
	fdt32_st(buf + FDT_HDR_SIZE_STRUCT, size_struct);
	fdt32_st(buf + FDT_HDR_OFF_STRINGS, off_struct + size_struct);
	fdt32_st(buf + FDT_HDR_SIZE_STRINGS, size_strings);
	fdt32_st(buf + FDT_HDR_TOTALSIZE, off_struct + size_struct + size_strings);
}

/*
 * Do [a, a + asize) and [b, b + bsize) share a byte? One starts inside the
 * other: the unsigned difference is below the other's size (a start below
 * the other's wraps to a huge difference).
 */
static bool fe_overlap(const void *a, u64 asize, const void *b, u64 bsize)
{
	uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;

	return asize && bsize && (x - y < bsize || y - x < asize);
}

int fdt_edit_open(struct fdt_edit *e, void *buf, u32 size, const void *src, u32 src_max)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	struct fdt f;
	u32 rsv_bytes, off_struct, off_strings, size_strings, room;
	u64 need;
	u8 *b = buf;
	int err;

	e->buf = NULL;
	e->size = 0;
	err = fdt_init(&f, src, src_max);
	if (err)
		return err;
	while ((err = fdt_walk(&f, &w, &it)) > 0)
		;
	if (err)
		return err;

	room = b ? MIN(size, FDT_SIZE_LIMIT) : 0;
	rsv_bytes = (f.rsv_count + 1) * FDT_RSV_ENTRY_SIZE;
	off_struct = fe_off_struct(f.rsv_count);
	size_strings = f.strings_end; /* bytes after the last NUL name nothing */
	need = (u64)off_struct + w.struct_end + size_strings;
	if (need > room)
		return -FDT_ERR_NOSPACE;
	if (fe_overlap(b, need, src, f.totalsize))
		return -FDT_ERR_BADLAYOUT;

	off_strings = off_struct + w.struct_end;
	fdt32_st(b + FDT_HDR_MAGIC, FDT_MAGIC);
	fdt32_st(b + FDT_HDR_OFF_RSVMAP, FDT_HDR_V17_SIZE);
	fdt32_st(b + FDT_HDR_VERSION, 17);
	fdt32_st(b + FDT_HDR_LAST_COMP, 16);
	fdt32_st(b + FDT_HDR_BOOT_CPUID, fdt32_ld(f.blob + FDT_HDR_BOOT_CPUID));
	fe_set_blocks(b, f.rsv_count, w.struct_end, size_strings);
	/* The map's terminating entry comes with it: fdt_init() found it. */
	memcpy(b + FDT_HDR_V17_SIZE, f.blob + f.off_rsvmap, rsv_bytes);
	memcpy(b + off_struct, f.blob + f.off_struct, w.struct_end);
	memcpy(b + off_strings, f.blob + f.off_strings, size_strings);

	e->buf = b;
	e->size = room;
	return 0;
}

int fdt_edit_chosen(struct fdt_edit *e)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	struct fdt f;
	u32 at;
	u8 *p;
	int err;

	err = fe_view(e, &f);
	if (err)
		return err;
	/* The tree is valid, so the walk ends at the root's FDT_END_NODE. */
	while ((err = fdt_walk(&f, &w, &it)) > 0) {
		if (it.type == FDT_ITEM_NODE && it.depth == 1 && it.len == 6 &&
		    !memcmp(it.name, "chosen", 6))
			return it.offset;
		if (it.type == FDT_ITEM_END_NODE && it.depth == 0)
			break;
	}
	if (err < 0)
		return err;
	if (err == 0)
		return -FDT_ERR_BADSTRUCTURE; /* no root's end: cannot happen after fdt_init() */

	/* FDT_BEGIN_NODE "chosen" NUL, padded to 4, then FDT_END_NODE: 16 bytes. */
	if ((u64)f.totalsize + 16 > fe_room(e))
		return -FDT_ERR_NOSPACE;
	at = f.off_struct + (u32)it.offset;
	fe_splice(e->buf, f.totalsize, at, 0, 16);
	p = e->buf + at;
	fdt32_st(p, FDT_BEGIN_NODE);
	memcpy(p + 4, "chosen", 7);
	p[11] = 0;
	fdt32_st(p + 12, FDT_END_NODE);
	fe_set_blocks(e->buf, f.rsv_count, f.size_struct + 16, f.size_strings);
	return it.offset;
}

/*
 * The offset in the strings block of a string equal to name (namelen
 * bytes, then a NUL), as a whole string or the tail of one, or -1.
 */
static int fe_find_string(const struct fdt *f, const char *name, u32 namelen)
{
	const char *s = (const char *)f->blob + f->off_strings;
	u32 i;

	for (i = 0; i + namelen < f->strings_end; i++)
		if (s[i + namelen] == '\0' && !memcmp(s + i, name, namelen))
			return (int)i;
	return -1;
}

/* Where setprop works: the node's property called name, if any, and where a new one goes. */
struct fe_prop_spot {
	int prop;    /* the property's token offset, or -1 */
	u32 len;     /* its value's length */
	int new_off; /* a new property's offset: the node's first subnode or its end */
};

/*
 * Find node (a node's offset) and, among its properties, the first called
 * name. Returns 0, -FDT_ERR_BADOFFSET if no node starts at node, or the
 * reader's error.
 */
static int fe_find_prop(const struct fdt *f, int node, const char *name, struct fe_prop_spot *s)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	bool in_node = false;
	int err;

	s->prop = -1;
	s->len = 0;
	while ((err = fdt_walk(f, &w, &it)) > 0) {
		if (!in_node) {
			if (it.offset > node)
				return -FDT_ERR_BADOFFSET; /* the walk passed it: not a node */
			in_node = it.type == FDT_ITEM_NODE && it.offset == node;
			continue;
		}
		/* The walker allows properties only before a node's first subnode. */
		if (it.type != FDT_ITEM_PROP) {
			s->new_off = it.offset;
			return 0;
		}
		if (s->prop < 0 && !strcmp(it.name, name)) {
			s->prop = it.offset;
			s->len = it.len;
		}
	}
	return err < 0 ? err : -FDT_ERR_BADOFFSET;
}

/* Write a value of len bytes at p, and its zero padding up to 4 bytes. */
static void fe_put_value(u8 *p, const void *val, u32 len)
{
	if (len)
		memcpy(p, val, len);
	memset(p + len, 0, ALIGN_UP(len, 4) - len);
}

int fdt_edit_setprop(struct fdt_edit *e, int node, const char *name, const void *val, u32 len)
{
	struct fe_prop_spot spot;
	u32 namelen, old, new, at, nameoff, size_strings;
	u64 namelen64;
	int str, err;
	struct fdt f;

	err = fe_view(e, &f);
	if (err)
		return err;
	if (!name || (len && !val) || fe_overlap(e->buf, e->size, val, len))
		return -FDT_ERR_BADVALUE;
	namelen64 = strlen(name);
	if (!namelen64 || fe_overlap(e->buf, e->size, name, namelen64 + 1))
		return -FDT_ERR_BADVALUE;
	if (len > FDT_SIZE_LIMIT || namelen64 >= FDT_SIZE_LIMIT)
		return -FDT_ERR_NOSPACE;
	namelen = (u32)namelen64;
	err = fe_find_prop(&f, node, name, &spot);
	if (err)
		return err;

	new = ALIGN_UP(len, 4);
	if (spot.prop >= 0) {
		/* Resize the value in place: the token, length and name offset stay. */
		old = ALIGN_UP(spot.len, 4);
		if ((u64)f.totalsize - old + new > fe_room(e))
			return -FDT_ERR_NOSPACE;
		at = f.off_struct + (u32)spot.prop;
		fe_splice(e->buf, f.totalsize, at + FDT_PROP_HDR_SIZE, old, new);
		fdt32_st(e->buf + at + 4, len);
		fe_put_value(e->buf + at + FDT_PROP_HDR_SIZE, val, len);
		fe_set_blocks(e->buf, f.rsv_count, f.size_struct - old + new, f.size_strings);
		return 0;
	}

	/* A new property: its token, and its name at the strings block's end if new. */
	str = fe_find_string(&f, name, namelen);
	size_strings = f.size_strings + (str < 0 ? namelen + 1 : 0);
	if ((u64)f.totalsize + FDT_PROP_HDR_SIZE + new + (size_strings - f.size_strings) >
	    fe_room(e))
		return -FDT_ERR_NOSPACE;
	nameoff = str < 0 ? f.size_strings : (u32)str;
	at = f.off_struct + (u32)spot.new_off;
	fe_splice(e->buf, f.totalsize, at, 0, FDT_PROP_HDR_SIZE + new);
	fdt32_st(e->buf + at, FDT_PROP);
	fdt32_st(e->buf + at + 4, len);
	fdt32_st(e->buf + at + 8, nameoff);
	fe_put_value(e->buf + at + FDT_PROP_HDR_SIZE, val, len);
	if (str < 0)
		memcpy(e->buf + f.totalsize + FDT_PROP_HDR_SIZE + new, name, namelen + 1);
	fe_set_blocks(e->buf, f.rsv_count, f.size_struct + FDT_PROP_HDR_SIZE + new, size_strings);
	return 0;
}

int fdt_edit_add_rsv(struct fdt_edit *e, u64 base, u64 size)
{
	struct fdt f;
	u32 at;
	int err;

	err = fe_view(e, &f);
	if (err)
		return err;
	if (!size || base + (size - 1) < base)
		return -FDT_ERR_BADVALUE;
	if ((u64)f.totalsize + FDT_RSV_ENTRY_SIZE > fe_room(e))
		return -FDT_ERR_NOSPACE;
	/* In front of the terminating entry, which moves up with the rest. */
	at = FDT_HDR_V17_SIZE + f.rsv_count * FDT_RSV_ENTRY_SIZE;
	fe_splice(e->buf, f.totalsize, at, 0, FDT_RSV_ENTRY_SIZE);
	fdt64_st(e->buf + at, base);
	fdt64_st(e->buf + at + 8, size);
	fe_set_blocks(e->buf, f.rsv_count + 1, f.size_struct, f.size_strings);
	return 0;
}

u32 fdt_edit_rsv_count(const struct fdt_edit *e)
{
	struct fdt f;

	return fe_view(e, &f) ? 0 : f.rsv_count;
}

int fdt_edit_trim_rsv(struct fdt_edit *e, u32 count)
{
	struct fdt f;
	u32 at;
	int err;

	err = fe_view(e, &f);
	if (err || count >= f.rsv_count)
		return err;
	/* The entries from count on go; the terminating entry follows the last kept one. */
	at = FDT_HDR_V17_SIZE + count * FDT_RSV_ENTRY_SIZE;
	fe_splice(e->buf, f.totalsize, at, (f.rsv_count - count) * FDT_RSV_ENTRY_SIZE, 0);
	fe_set_blocks(e->buf, count, f.size_struct, f.size_strings);
	return 0;
}

u32 fdt_edit_totalsize(const struct fdt_edit *e)
{
	struct fdt f;

	return fe_view(e, &f) ? 0 : f.totalsize;
}
