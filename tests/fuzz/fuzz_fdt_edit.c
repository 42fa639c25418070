// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/fdt_edit.c, the EFI stub's device-tree editor.
 *
 * The input is a source tree, and the bytes after its header's totalsize
 * (if any) choose what happens to it: the first sets the free room, each
 * of the others one edit (its low two bits: /chosen, setprop, add_rsv,
 * trim; the rest its argument). fdt_edit_open() must give the reader's own
 * verdict on the source (fdt_init() and a whole walk), or run out of room;
 * a tree it opens and every tree an edit leaves must be one the reader
 * accepts, within the buffer; a refused call must leave every byte as it
 * was; nothing may be written past the buffer (a guard region follows it,
 * and AddressSanitizer watches the rest).
 */
#include <lander/fdt.h>
#include <lander/fdt_edit.h>
#include <lander/string.h>

#include <stdlib.h>

#include "../unit/fdt_nav.h"

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define GUARD	   32
#define GUARD_BYTE 0xa5
#define FILL_BYTE  0x5c
#define MAX_NODES  64
#define MAX_OPS	   48

/* The tree in the editor's buffer, counted: its nodes (the first MAX_NODES kept) and properties. */
struct census {
	struct fdt f;
	int node[MAX_NODES];
	u32 nodes, props;
};

/* Check the edited tree and count it: valid for the reader, inside the room, guard intact. */
static void check_tree(const struct fdt_edit *e, const u8 *buf, u32 room, struct census *c)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	int err;
	u32 i;

	for (i = 0; i < GUARD; i++)
		CHECK(buf[room + i] == GUARD_BYTE);
	CHECK(e->buf == buf && e->size == room);
	CHECK(fdt_init(&c->f, buf, room) == 0);
	CHECK(c->f.totalsize <= room && fdt_edit_totalsize(e) == c->f.totalsize);
	CHECK(fdt_edit_rsv_count(e) == c->f.rsv_count);
	c->nodes = c->props = 0;
	while ((err = fdt_walk(&c->f, &w, &it)) > 0) {
		if (it.type == FDT_ITEM_NODE && c->nodes < MAX_NODES)
			c->node[c->nodes] = it.offset;
		c->nodes += it.type == FDT_ITEM_NODE;
		c->props += it.type == FDT_ITEM_PROP;
	}
	CHECK(err == 0);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const char *const names[] = { "bootargs", "compatible", "x",
					     "linux,uefi-mmap-desc-size" };
	static u8 value[256];
	const u8 *ops = NULL;
	struct census before, after;
	struct fdt_edit e;
	u32 tsize, nops = 0, room, i;
	u8 *buf, *snap;
	int err, want;

	for (i = 0; i < sizeof(value); i++)
		value[i] = (u8)(i * 37 + 1);
	/* The bytes past the source's totalsize, if it has one, are the orders. */
	tsize = size >= 8 ? fdt32_ld(data + 4) : (u32)size;
	if (tsize < size) {
		ops = data + tsize;
		nops = (u32)(size - tsize);
	} else {
		tsize = (u32)size;
	}
	/* Room for the packed copy, give or take: a version 16 header is 4 bytes shorter. */
	room = tsize + (nops ? 4u * ops[0] : 64);
	room = room > 48 ? room - 48 : 0;
	if (room > (1u << 20))
		room = 1u << 20;

	buf = malloc((size_t)room + GUARD);
	memset(buf, FILL_BYTE, room);
	memset(buf + room, GUARD_BYTE, GUARD);
	err = fdt_edit_open(&e, buf, room, data, (u32)size);
	want = nav_check(data, size);
	if (err) {
		CHECK(err == want || (!want && err == -FDT_ERR_NOSPACE));
		for (i = 0; i < room + GUARD; i++)
			CHECK(buf[i] == (i < room ? FILL_BYTE : GUARD_BYTE));
		CHECK(!e.buf && fdt_edit_chosen(&e) == -FDT_ERR_TRUNCATED);
		free(buf);
		return 0;
	}
	CHECK(!want);
	check_tree(&e, buf, room, &after);

	snap = malloc(room ? room : 1);
	for (i = 1; i < nops && i < MAX_OPS; i++) {
		u32 op = ops[i] & 3, arg = ops[i] >> 2, len = 0, had = 0;
		const char *name = names[arg & 3];
		int node = 0, ret;

		before = after;
		memcpy(snap, buf, room);
		if (op == 0) {
			ret = fdt_edit_chosen(&e);
		} else if (op == 1) {
			node = before.node[arg % MIN(before.nodes, MAX_NODES)];
			len = i + 1 < nops ? ops[++i] : arg;
			had = fdt_getprop(&before.f, node, name, NULL) != NULL;
			ret = fdt_edit_setprop(&e, node, name, value, len);
		} else if (op == 2) {
			ret = fdt_edit_add_rsv(&e, (u64)arg << 20, ((u64)arg + 1) << 12);
		} else {
			ret = fdt_edit_trim_rsv(&e, arg % (before.f.rsv_count + 1));
		}
		CHECK(ret >= 0 || ret == -FDT_ERR_NOSPACE);
		if (ret < 0)
			CHECK(!memcmp(snap, buf, room));
		check_tree(&e, buf, room, &after);
		if (ret < 0)
			continue;

		/* What each edit did to the tree, read back with the reader. */
		if (op == 0) {
			const char *n = fdt_node_name(&after.f, ret, NULL);

			CHECK(after.nodes == before.nodes || after.nodes == before.nodes + 1);
			CHECK(n && !strcmp(n, "chosen"));
		} else if (op == 1) {
			const void *got;
			u32 glen;

			CHECK(after.nodes == before.nodes && after.props == before.props + !had);
			got = fdt_getprop(&after.f, node, name, &glen);
			CHECK(got && glen == len && !memcmp(got, value, len));
		} else if (op == 2) {
			struct fdt_range r;

			CHECK(after.f.rsv_count == before.f.rsv_count + 1);
			fdt_mem_rsv(&after.f, after.f.rsv_count - 1, &r);
			CHECK(r.base == (u64)arg << 20 && r.size == ((u64)arg + 1) << 12);
		} else {
			CHECK(after.f.rsv_count <= before.f.rsv_count);
		}
		if (op >= 2)
			CHECK(after.nodes == before.nodes && after.props == before.props);
	}
	free(snap);
	free(buf);
	return 0;
}
