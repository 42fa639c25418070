/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small device-tree editor, for the EFI stub: it copies the firmware's
 * tree into a buffer the stub allocated and makes the few changes the
 * kernel needs before ExitBootServices() (/chosen and its properties, the
 * /memreserve/ entries). The format is the Devicetree Specification v0.4,
 * chapter 5; the reader that checks it is lib/fdt.c.
 *
 * Layout. fdt_edit_open() writes a version 17 blob packed from offset 0,
 *
 *	header (40) | reservation map | structure block | strings block | free room
 *	0             40                                                totalsize   size
 *
 * with the reservation map right after the header (8-byte aligned, as
 * 40 is), the structure block right after the map's terminating entry
 * and the strings block right after the structure block. The header's
 * totalsize is the end of the strings block: the free room lies OUTSIDE
 * the blob, from totalsize to the buffer's size, so any reader sees a
 * packed tree, and the kernel reserves no more than the tree. Every edit
 * keeps that layout: it moves what follows the edited spot and updates
 * totalsize and the blocks' offsets and sizes. The bytes of the free room
 * are left as they were; nothing is written at or beyond size.
 *
 * Guarantees. After every successful call the first totalsize bytes hold a
 * tree that fdt_init() and a whole fdt_walk() accept (and libfdt's
 * fdt_check_full()). A call that fails changes nothing: the buffer, all of
 * it, is as before, and so the tree is still valid. Every check comes
 * before the first write. Out of room is -FDT_ERR_NOSPACE.
 *
 * The header is the editor's only state: each call checks it again with
 * fdt_init() and refuses a blob whose layout is not the one above
 * (-FDT_ERR_BADLAYOUT), so a buffer changed behind the editor's back gives
 * an error, never a write outside it.
 *
 * Node offsets are offsets in the structure block, as for lib/fdt.c. An
 * edit of node N keeps the offsets of N and of every node before it;
 * nodes after it move. The reservation map calls move no node. To read
 * the tree between edits: fdt_init(&fdt, e->buf, e->size).
 *
 * This runs in the EFI stub, before relocation: no static pointers, no
 * jump tables, no writable globals, only lib/string.c.
 */
#ifndef LANDER_FDT_EDIT_H
#define LANDER_FDT_EDIT_H

#include <lander/fdt.h>
#include <lander/types.h>

struct fdt_edit {
	u8 *buf;  /* the tree, from offset 0 */
	u32 size; /* the bytes the editor may use: tree and free room (at most FDT_SIZE_LIMIT) */
};

/**
 * fdt_edit_open() - copy a checked tree into a buffer, to edit it there
 * @e:       the editor, filled in
 * @buf:     the buffer: @size bytes, which must not overlap the source
 * @size:    its size (room above FDT_SIZE_LIMIT is not used)
 * @src:     the source tree
 * @src_max: how many bytes at @src may be read
 *
 * Checks @src as the kernel does (fdt_init() and a whole fdt_walk()) and
 * copies it into @buf in the layout above: version 17, boot_cpuid_phys
 * kept, the structure block cut at its FDT_END (a version 16 tree's is
 * measured by the walk) and the strings block at its last NUL.
 *
 * Return: 0; the reader's negative enum fdt_error for a bad source;
 * -FDT_ERR_NOSPACE if the copy does not fit in @size; -FDT_ERR_BADLAYOUT
 * if @buf and the source overlap. On an error @buf is untouched and @e is
 * zeroed, so that every later call fails (-FDT_ERR_TRUNCATED).
 */
int fdt_edit_open(struct fdt_edit *e, void *buf, u32 size, const void *src, u32 src_max);

/**
 * fdt_edit_chosen() - the /chosen node, added if missing
 * @e: the editor
 *
 * /chosen is the first node at depth 1 called exactly "chosen", the one
 * the kernel's scan (dt_info_scan()) reads. If there is none, an empty
 * one is added as the root's last subnode (16 bytes).
 *
 * Return: the node's offset, or a negative enum fdt_error.
 */
int fdt_edit_chosen(struct fdt_edit *e);

/**
 * fdt_edit_setprop() - set a property of a node
 * @e:    the editor
 * @node: the node's offset (0 is the root)
 * @name: the property's name, NUL-terminated, at least one character
 * @val:  @len bytes of value (may be NULL when @len is 0)
 * @len:  the value's length, 0 for an empty property
 *
 * Replaces the value of the node's first property called @name, in place
 * (its length may change), or adds the property after the node's last
 * property. A new name is appended to the strings block unless it is
 * already there (as a whole string or the tail of one); each value is
 * padded with zeros to 4 bytes. @name and @val must not point into the
 * buffer.
 *
 * Return: 0; -FDT_ERR_BADOFFSET if @node is no node's offset;
 * -FDT_ERR_BADVALUE for an empty name or a name or value inside the
 * buffer; -FDT_ERR_NOSPACE; or the reader's error for a damaged buffer.
 */
int fdt_edit_setprop(struct fdt_edit *e, int node, const char *name, const void *val, u32 len);

/**
 * fdt_edit_add_rsv() - append a /memreserve/ entry
 * @e:    the editor
 * @base: the range's first byte
 * @size: its size: not 0 (an entry of 0 bytes may read as the map's end),
 *        and base + size must not pass 2^64
 *
 * Return: 0, -FDT_ERR_BADVALUE, -FDT_ERR_NOSPACE (16 bytes are needed), or
 * the reader's error for a damaged buffer.
 */
int fdt_edit_add_rsv(struct fdt_edit *e, u64 base, u64 size);

/* The number of /memreserve/ entries (0 for a damaged buffer). */
u32 fdt_edit_rsv_count(const struct fdt_edit *e);

/**
 * fdt_edit_trim_rsv() - cut the /memreserve/ entries back to @count
 * @e:     the editor
 * @count: how many of the first entries stay; nothing happens if there
 *         are no more than that
 *
 * For the stub's second try at ExitBootServices(): remember
 * fdt_edit_rsv_count() after fdt_edit_open(), trim back to it, append the
 * new set.
 *
 * Return: 0, or the reader's error for a damaged buffer.
 */
int fdt_edit_trim_rsv(struct fdt_edit *e, u32 count);

/* The blob's totalsize: the bytes in use from e->buf on (0 for a damaged buffer). */
u32 fdt_edit_totalsize(const struct fdt_edit *e);

#endif
