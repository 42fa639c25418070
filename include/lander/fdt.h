/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader for flattened device trees (the DTB the firmware hands over),
 * following the Devicetree Specification v0.4, chapter 5.
 *
 * fdt_init() checks the header, the offsets, sizes and alignment of the
 * blocks and the reservation map. The structure block is checked by the
 * one pass that reads it, fdt_walk() (the boot's dt_info_scan()): every
 * token, every name and every property's string offset, and the shape of
 * the tree. Every function still checks each token it decodes, so none
 * reads outside the blob, whatever offset it is handed. Nodes are named by
 * their offset in the structure block, as in libfdt, so the reader needs
 * no memory of its own. An offset that names no node gives
 * -FDT_ERR_BADOFFSET, or NULL.
 *
 * Stricter than libfdt: misaligned or overlapping blocks and versions
 * before 16 are refused by fdt_init(); anything before the root node or
 * between it and FDT_END, properties after a node's first subnode, and
 * trees deeper than FDT_MAX_DEPTH by fdt_walk().
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
	FDT_ERR_NOSPACE,      /* an edit needs more room than the buffer has (fdt_edit.h) */
};

/* Byte offsets of the header's big-endian u32 fields (the spec's table 5.1). */
#define FDT_HDR_MAGIC	     0
#define FDT_HDR_TOTALSIZE    4
#define FDT_HDR_OFF_STRUCT   8
#define FDT_HDR_OFF_STRINGS  12
#define FDT_HDR_OFF_RSVMAP   16
#define FDT_HDR_VERSION	     20
#define FDT_HDR_LAST_COMP    24
#define FDT_HDR_BOOT_CPUID   28
#define FDT_HDR_SIZE_STRINGS 32
#define FDT_HDR_SIZE_STRUCT  36 /* only from version 17 on */

#define FDT_HDR_V16_SIZE 36
#define FDT_HDR_V17_SIZE 40

#define FDT_RSV_ENTRY_SIZE 16 /* u64 address, u64 size */

/* Offsets must fit an int, with room to round up to 4 without overflow. */
#define FDT_SIZE_LIMIT 0x7ffffff0u

/* A blob whose header, blocks and reservation map are checked: a view of it, no copy. */
struct fdt {
	const u8 *blob;
	u32 totalsize;
	u32 off_struct, size_struct; /* version 16: size_struct runs to the blob's end */
	u32 off_strings, size_strings;
	u32 off_rsvmap;
	u32 rsv_count; /* /memreserve/ entries before the terminating one */
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
 * bytes, and fill *fdt. Returns 0, or a negative enum fdt_error. The
 * structure block is checked by the walk (fdt_walk()).
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t max_size);

/*
 * fdt_init() without the magic check, for a best-effort look at a blob
 * fdt_init() refused (dt_info_salvage()): the same bounds, so nothing
 * outside the blob's totalsize and max_size is read.
 */
int fdt_init_any_magic(struct fdt *fdt, const void *blob, size_t max_size);

/* A short English description of a (negative) error code. */
const char *fdt_strerror(int err);

/* /memreserve/ entry i, for i below fdt->rsv_count. */
void fdt_mem_rsv(const struct fdt *fdt, u32 i, struct fdt_range *out);

/*
 * The walk over the whole structure block in document order, each token
 * decoded once and the tree's shape checked on the way: the one reader of
 * the whole tree (lib/dt_info.c).
 *
 *	struct fdt_walker w = { 0 };
 *	struct fdt_item it;
 *	while ((err = fdt_walk(fdt, &w, &it)) > 0) ...
 */
enum fdt_item_type {
	FDT_ITEM_NODE = 1,     /* a node begins: name, len (strlen of name), offset, depth */
	FDT_ITEM_END_NODE = 2, /* the node at depth ends */
	FDT_ITEM_PROP = 3,     /* a property of the node at depth: name, nameoff, value, len */
};

struct fdt_item {
	enum fdt_item_type type;
	int offset; /* the token's offset (a node's offset for FDT_ITEM_NODE) */
	int depth;  /* the node's depth, the root's 0 */
	const char *name;
	u32 nameoff; /* a property name's offset in the strings block */
	const void *value;
	u32 len;
};

struct fdt_walker {
	int next;	  /* offset of the next token; start at 0 */
	int depth;	  /* nodes open */
	bool props_ok;	  /* the open node has had no subnode yet */
	bool root_closed; /* only FDT_END may follow */
	u32 struct_end;	  /* after the end: the structure block's measured size */
};

/*
 * The node's name, "" for the root; *len (if not NULL) gets strlen. On a bad
 * offset: NULL, and *len gets the negative error.
 */
const char *fdt_node_name(const struct fdt *fdt, int node, int *len);

/*
 * The value of node's first property called name (namelen bytes, no NUL
 * needed), or NULL; *len (if not NULL) gets its size (0 if NULL).
 */
const void *fdt_getprop_namelen(const struct fdt *fdt, int node, const char *name, u32 namelen,
				u32 *len);
/* The same for a NUL-terminated name. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len);

/*
 * Read a u32 property; returns 0, -FDT_ERR_NOTFOUND, -FDT_ERR_BADVALUE (not 4
 * bytes long) or -FDT_ERR_BADOFFSET.
 */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, u32 *out);

/*
 * Decode entry i of a reg value of len bytes whose parent sets acells and
 * scells (the root's defaults are 2 and 1). Returns 0, -FDT_ERR_BADCELLS
 * for a count above 2 (a 64-bit kernel cannot use it) or entries of 0
 * cells, -FDT_ERR_BADVALUE if reg is not a whole number of entries,
 * -FDT_ERR_NOTFOUND past the last entry.
 */
int fdt_reg_entry(const void *reg, u32 len, u32 acells, u32 scells, u32 i, struct fdt_range *out);

/*
 * Step through a string list (compatible: NUL-terminated strings one
 * after another, len bytes in all): the length of the string at *pos,
 * with *pos moved past its NUL, or -1 at the end or at a string that
 * lacks its NUL.
 */
int fdt_string_next(const char *list, u32 len, u32 *pos);

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

/* Big-endian stores to any alignment (the editor, lib/fdt_edit.c). */
static inline void fdt32_st(void *p, u32 v)
{
	u8 *b = p;

	b[0] = (u8)(v >> 24);
	b[1] = (u8)(v >> 16);
	b[2] = (u8)(v >> 8);
	b[3] = (u8)v;
}

static inline void fdt64_st(void *p, u64 v)
{
	fdt32_st(p, (u32)(v >> 32));
	fdt32_st((u8 *)p + 4, (u32)v);
}

/*
 * The walk's token decoder, inline below so that the boot's one pass
 * (dt_info_scan()) keeps its state in registers: it runs for every token
 * of every boot. lib/fdt.c uses the same decoder for its lookups.
 */

/* Structure block tokens. */
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9

#define FDT_PROP_HDR_SIZE 12 /* token, len, nameoff */

/* A word of the blob, however the compiler would assume it aliases. */
typedef u32 __attribute__((__may_alias__)) fdt_word_t;

/*
 * A big-endian u32 of the structure block: one load when p is aligned (it
 * is at boot: the blob is 8-byte aligned and the block 4-byte aligned),
 * bytewise otherwise (a blob anywhere, in the host tests).
 */
static inline u32 fdt_struct_ld(const u8 *p)
{
	u32 w;

	if ((uintptr_t)p & 3)
		return fdt32_ld(p);
	/*
	 * volatile: one 32-bit load. Otherwise the compiler may merge the two
	 * ways into the bytewise one, which is valid for both under
	 * -mstrict-align, and four times slower.
	 */
	w = *(const volatile fdt_word_t *)p;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return w;
#else
	return (w >> 24) | ((w >> 8) & 0xff00) | ((w & 0xff00) << 8) | (w << 24);
#endif
}

/*
 * strnlen() for the blob: s[0..max) all lies inside it, so whole aligned
 * words may be read up to max. A word holds a zero byte exactly when
 * (w - 0x01..01) & ~w & 0x80..80 is not 0. Node names (which start
 * aligned) and compatible strings are measured this way on every boot.
 */
static inline u32 fdt_strnlen(const char *s, u32 max)
{
	u32 n = 0;

	for (; n < max && ((uintptr_t)(s + n) & (sizeof(fdt_word_t) - 1)); n++)
		if (!s[n])
			return n;
	for (; max - n >= sizeof(fdt_word_t); n += sizeof(fdt_word_t)) {
		fdt_word_t w = *(const volatile fdt_word_t *)(s + n);

		if ((w - 0x01010101u) & ~w & 0x80808080u)
			break;
	}
	while (n < max && s[n])
		n++;
	return n;
}

/* One decoded token of the structure block. */
struct fdt_token {
	u32 tag;
	int next;    /* the offset of the token after it */
	u32 len;     /* FDT_PROP: the value's length; FDT_BEGIN_NODE: the name's */
	u32 nameoff; /* FDT_PROP: the name's offset in the strings block */
};

/*
 * Decode the token at offset off of the structure block into *t. Returns
 * its tag, or a negative error: -FDT_ERR_TRUNCATED if there is no room for
 * a token at off (or off is negative or misaligned), -FDT_ERR_BADSTRUCTURE
 * for an unknown token, a node name without its NUL or a property running
 * past the block, and -FDT_ERR_BADSTRING for a property name outside the
 * strings block. A name offset is good exactly when it lies below
 * strings_end: some NUL then follows it in the block. Inlined into the
 * walk: it runs for every token of every boot.
 */
static __always_inline int fdt_token(const struct fdt *fdt, int off, struct fdt_token *t)
{
	u32 size = fdt->size_struct;
	u32 room, end, tag;
	const u8 *p;

	if (off < 0 || (off & 3) || (u32)off > size || size - (u32)off < 4)
		return -FDT_ERR_TRUNCATED;
	p = fdt->blob + fdt->off_struct + off;
	room = size - (u32)off - 4; /* bytes after the token itself */
	tag = fdt_struct_ld(p);

	if (tag == FDT_PROP) {
		if (room < FDT_PROP_HDR_SIZE - 4)
			return -FDT_ERR_BADSTRUCTURE;
		t->len = fdt_struct_ld(p + 4);
		if (t->len > room - (FDT_PROP_HDR_SIZE - 4))
			return -FDT_ERR_BADSTRUCTURE;
		t->nameoff = fdt_struct_ld(p + 8);
		if (t->nameoff >= fdt->strings_end)
			return -FDT_ERR_BADSTRING;
		end = (u32)off + FDT_PROP_HDR_SIZE + t->len;
	} else if (tag == FDT_BEGIN_NODE) {
		t->len = fdt_strnlen((const char *)p + 4, room);
		if (t->len == room)
			return -FDT_ERR_BADSTRUCTURE;
		end = (u32)off + 4 + t->len + 1;
	} else if (tag == FDT_END_NODE || tag == FDT_NOP || tag == FDT_END) {
		end = (u32)off + 4;
	} else {
		return -FDT_ERR_BADSTRUCTURE;
	}
	/* end <= size <= FDT_SIZE_LIMIT: rounding up cannot overflow. */
	t->tag = tag;
	t->next = (int)ALIGN_UP(end, 4);
	return (int)tag;
}

/* The walk's end: the checks that need the structure block's measured size. */
int fdt_walk_end(const struct fdt *fdt, u32 struct_end);

/*
 * The next item of the walk: 1 and *it filled, 0 after FDT_END, or a
 * negative enum fdt_error (-FDT_ERR_BADSTRUCTURE for a shape the reader
 * refuses, -FDT_ERR_BADLAYOUT for a version 16 structure block that turns
 * out to overlap another block).
 *
 * One token after another, NOPs skipped, with the shape checked on the
 * way: the root first (nameless), properties before the subnodes of their
 * node, at most FDT_MAX_DEPTH levels, nothing but FDT_END after the root.
 */
static __always_inline int fdt_walk(const struct fdt *fdt, struct fdt_walker *w,
				    struct fdt_item *it)
{
	struct fdt_token t = { 0, 0, 0, 0 };
	const u8 *s;
	int off, tag;

	for (;;) {
		off = w->next;
		tag = fdt_token(fdt, off, &t);
		if (tag < 0)
			return tag;
		w->next = t.next;
		if (off == 0 && (tag != FDT_BEGIN_NODE || t.len != 0))
			return -FDT_ERR_BADSTRUCTURE; /* the root must come first */
		if (w->root_closed && tag != FDT_END)
			return -FDT_ERR_BADSTRUCTURE;
		if (tag != FDT_NOP)
			break;
	}
	s = fdt->blob + fdt->off_struct;
	it->offset = off;
	if (tag == FDT_PROP) {
		if (!w->props_ok)
			return -FDT_ERR_BADSTRUCTURE;
		it->type = FDT_ITEM_PROP;
		it->depth = w->depth - 1;
		it->len = t.len;
		it->nameoff = t.nameoff;
		it->name = (const char *)fdt->blob + fdt->off_strings + t.nameoff;
		it->value = s + off + FDT_PROP_HDR_SIZE;
		return 1;
	}
	if (tag == FDT_BEGIN_NODE) {
		if (w->depth >= FDT_MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		it->type = FDT_ITEM_NODE;
		it->depth = w->depth++;
		it->name = (const char *)s + off + 4;
		it->len = t.len;
		w->props_ok = true;
		return 1;
	}
	if (tag == FDT_END_NODE) {
		/* depth is at least 1 here: the root is open. */
		it->type = FDT_ITEM_END_NODE;
		it->depth = --w->depth;
		w->props_ok = false;
		w->root_closed = w->depth == 0;
		return 1;
	}
	/* FDT_END */
	if (!w->root_closed)
		return -FDT_ERR_BADSTRUCTURE;
	w->struct_end = (u32)t.next;
	tag = fdt_walk_end(fdt, w->struct_end);
	return tag < 0 ? tag : 0; /* never 1: *it is not filled */
}

#endif
