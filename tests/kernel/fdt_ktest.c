// SPDX-License-Identifier: GPL-2.0
/*
 * The device-tree reader on the live DTB, the one the kernel booted with.
 * The host tests (tests/unit/test_fdt.c) compare the reader with libfdt on
 * many trees; these check what the kernel itself relies on, on this
 * machine's tree: the walk and its shape, fdt_getprop(), the reg decoder
 * and the string lists, and that boot_info.dt (what the boot's one scan found)
 * agrees with the tree read here another way.
 */
#include <lander/boot.h>
#include <lander/console_dev.h>
#include <lander/dt_info.h>
#include <lander/fdt.h>
#include <lander/ktest.h>
#include <lander/string.h>
#include <asm/cpu.h>

/* An open node while walking: its offset and the cells it sets for its children. */
struct open_node {
	int offset;
	u32 acells, scells;
};

/* The cell counts node sets for its children (the defaults 2 and 1 when absent). */
static void node_cells(const struct fdt *fdt, int node, struct open_node *o)
{
	o->offset = node;
	if (fdt_getprop_u32(fdt, node, "#address-cells", &o->acells))
		o->acells = 2;
	if (fdt_getprop_u32(fdt, node, "#size-cells", &o->scells))
		o->scells = 1;
}

/*
 * Walk to node and fill *parent with its parent's offset and cells (the
 * root gets the defaults and offset -1). Returns node's depth, or -1.
 */
static int find_parent(const struct fdt *fdt, int node, struct open_node *parent)
{
	static struct open_node stack[FDT_MAX_DEPTH + 1];
	struct fdt_walker w = { 0 };
	struct fdt_item it;

	while (fdt_walk(fdt, &w, &it) > 0) {
		if (it.type != FDT_ITEM_NODE)
			continue;
		node_cells(fdt, it.offset, &stack[it.depth]);
		if (it.offset != node)
			continue;
		if (it.depth)
			*parent = stack[it.depth - 1];
		else
			*parent = (struct open_node){ -1, 2, 1 };
		return it.depth;
	}
	return -1;
}

/* Checking the blob again gives the same view, and the scan the same results. */
static void test_fdt_rescan(struct ktest *t)
{
	static struct early_dev copy[EARLY_DEV_MAX];
	static struct dt_info again;
	const struct fdt *fdt = boot_fdt();
	struct early_dev *devs;
	unsigned int n, i, same_devs = 1;
	struct fdt f;
	int err, init;

	init = fdt_init(&f, fdt->blob, fdt->totalsize);
	KEXPECT_EQ(t, init, 0);
	KEXPECT_EQ(t, f.off_struct, fdt->off_struct);
	KEXPECT_EQ(t, f.off_strings, fdt->off_strings);
	KEXPECT_EQ(t, f.rsv_count, fdt->rsv_count);
	KEXPECT_TRUE(t, fdt->version >= 16);
	if (init)
		return;

	/* Scan into a copy of the table: the live one (the console!) stays as it is. */
	devs = early_dev_table(&n);
	memcpy(copy, devs, n * sizeof(*devs));
	err = dt_info_scan(&f, arch_cpu_id(), copy, n, &again);
	for (i = 0; i < n; i++)
		same_devs &= copy[i].node == devs[i].node && copy[i].model == devs[i].model &&
			     copy[i].reg.base == devs[i].reg.base &&
			     copy[i].regs.pa == devs[i].regs.pa;

	KEXPECT_EQ(t, err, 0);
	KEXPECT_TRUE(t, same_devs);
	KEXPECT_EQ(t, again.nr_banks, boot_info.dt.nr_banks);
	KEXPECT_EQ(t, again.nr_reserved, boot_info.dt.nr_reserved);
	KEXPECT_STREQ(t, again.bootargs, boot_info.dt.bootargs);
	KEXPECT_EQ(t, again.boot_cpu_node, boot_info.dt.boot_cpu_node);
	KEXPECT_EQ(t, again.stdout_node, boot_info.dt.stdout_node);
	for (i = 0; i < (unsigned int)again.nr_banks && i < DT_MAX_BANKS; i++)
		KEXPECT_TRUE(t, again.bank[i].base == boot_info.dt.bank[i].base &&
					again.bank[i].size == boot_info.dt.bank[i].size);
}

/*
 * The walk: the root first, nameless, at offset 0; depths that nest;
 * names as fdt_node_name() gives them; each property found again by
 * fdt_getprop() (the first of its name); the end after the root's end.
 */
static void test_fdt_walk(struct ktest *t)
{
	const struct fdt *fdt = boot_fdt();
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	int err, open = 0, nodes = 0, props = 0, node = -1, len;
	const char *name;

	while ((err = fdt_walk(fdt, &w, &it)) > 0) {
		if (it.type == FDT_ITEM_NODE) {
			if (!nodes++)
				KEXPECT_TRUE(t, it.offset == 0 && it.len == 0 && !it.name[0]);
			KEXPECT_EQ(t, it.depth, open);
			name = fdt_node_name(fdt, it.offset, &len);
			KEXPECT_TRUE(t, name == it.name && len == (int)it.len);
			node = it.offset;
			open++;
		} else if (it.type == FDT_ITEM_END_NODE) {
			KEXPECT_EQ(t, it.depth, --open);
		} else {
			u32 plen;
			const u8 *v = fdt_getprop(fdt, node, it.name, &plen);

			KEXPECT_TRUE(t, v && v <= (const u8 *)it.value);
			if (v == it.value)
				KEXPECT_EQ(t, plen, it.len);
			props++;
		}
	}
	KEXPECT_EQ(t, err, 0);
	KEXPECT_EQ(t, open, 0);
	KEXPECT_TRUE(t, nodes > 4 && props > nodes);
	KEXPECT_TRUE(t, w.struct_end > 0 && w.struct_end <= fdt->size_struct);
	/* Once ended, nothing more. */
	KEXPECT_TRUE(t, fdt_walk(fdt, &w, &it) != 1);
}

/* The root says what the machine is: a list of non-empty strings, NUL-terminated. */
static void test_fdt_root_compatible(struct ktest *t)
{
	const struct fdt *fdt = boot_fdt();
	const char *list;
	u32 len = 0, pos = 0, strings = 0;
	int n;

	list = fdt_getprop(fdt, 0, "compatible", &len);
	KEXPECT_TRUE(t, list && len > 1);
	while (list && (n = fdt_string_next(list, len, &pos)) >= 0) {
		KEXPECT_TRUE(t, n > 0);
		strings++;
	}
	KEXPECT_EQ(t, pos, len);
	KEXPECT_TRUE(t, strings >= 1);
	KEXPECT_TRUE(t, !fdt_getprop(fdt, 0, "no-such-property", &len) && len == 0);
}

/* The reg decoder on entries laid out by hand (Devicetree Specification 2.3.6). */
static void test_fdt_reg_entry(struct ktest *t)
{
	static const u8 reg[] = { 0, 0, 0, 1, 0x40, 0, 0, 0, 0, 0, 0x10, 0, /* 0x140000000+0x1000 */
				  0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0,	 0x20 };
	struct fdt_range r;

	KEXPECT_EQ(t, fdt_reg_entry(reg, sizeof(reg), 2, 1, 0, &r), 0);
	KEXPECT_TRUE(t, r.base == 0x140000000ULL && r.size == 0x1000);
	KEXPECT_EQ(t, fdt_reg_entry(reg, sizeof(reg), 2, 1, 1, &r), 0);
	KEXPECT_TRUE(t, r.base == 0x80000000ULL && r.size == 0x20);
	KEXPECT_EQ(t, fdt_reg_entry(reg, sizeof(reg), 2, 1, 2, &r), -FDT_ERR_NOTFOUND);
	KEXPECT_EQ(t, fdt_reg_entry(reg, 8, 1, 1, 0, &r), 0);
	KEXPECT_TRUE(t, r.base == 1 && r.size == 0x40000000);
	KEXPECT_EQ(t, fdt_reg_entry(reg, 8, 1, 0, 1, &r), 0);
	KEXPECT_EQ(t, r.base, 0x40000000);
	KEXPECT_EQ(t, fdt_reg_entry(reg, sizeof(reg), 3, 1, 0, &r), -FDT_ERR_BADCELLS);
	KEXPECT_EQ(t, fdt_reg_entry(reg, sizeof(reg), 0, 0, 0, &r), -FDT_ERR_BADCELLS);
	KEXPECT_EQ(t, fdt_reg_entry(reg, 20, 2, 2, 0, &r), -FDT_ERR_BADVALUE);
	KEXPECT_EQ(t, fdt_reg_entry(reg, 0, 2, 1, 0, &r), -FDT_ERR_NOTFOUND);
}

/* String lists and node names, on values whose answers are plain. */
static void test_fdt_strings_and_names(struct ktest *t)
{
	static const char list[] = "arm,pl011\0arm,primecell"; /* two strings, both ended */
	u32 pos = 0;

	KEXPECT_EQ(t, fdt_string_next(list, sizeof(list), &pos), 9);
	KEXPECT_EQ(t, fdt_string_next(list, sizeof(list), &pos), 13);
	KEXPECT_EQ(t, pos, sizeof(list));
	KEXPECT_EQ(t, fdt_string_next(list, sizeof(list), &pos), -1);
	pos = 0;
	KEXPECT_EQ(t, fdt_string_next(list, 9, &pos), -1); /* cut before the NUL */

	KEXPECT_TRUE(t, fdt_node_name_matches("serial@9000000", "serial", 6));
	KEXPECT_TRUE(t, fdt_node_name_matches("serial@9000000", "serial@9000000", 14));
	KEXPECT_TRUE(t, fdt_node_name_matches("chosen", "chosen/x", 6));
	KEXPECT_TRUE(t, !fdt_node_name_matches("serial@9000000", "serial@", 7));
	KEXPECT_TRUE(t, !fdt_node_name_matches("serial@9000000", "seria", 5));
	KEXPECT_TRUE(t, !fdt_node_name_matches("serial", "serial@1", 8));
}

/* Every bank the scan found is what the memory nodes' reg says; one holds the kernel. */
static void test_fdt_memory_banks(struct ktest *t)
{
	const struct fdt *fdt = boot_fdt();
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	struct fdt_range r;
	struct open_node parent;
	int n = 0, i;
	u32 len, j;

	while (fdt_walk(fdt, &w, &it) > 0) {
		const char *type;
		const void *reg;

		if (it.type != FDT_ITEM_NODE)
			continue;
		type = fdt_getprop(fdt, it.offset, "device_type", &len);
		reg = fdt_getprop(fdt, it.offset, "reg", &len);
		if (!type || strcmp(type, "memory") || !reg)
			continue;
		KEXPECT_TRUE(t, find_parent(fdt, it.offset, &parent) >= 0);
		for (j = 0; fdt_reg_entry(reg, len, parent.acells, parent.scells, j, &r) == 0;
		     j++, n++) {
			if (n < boot_info.dt.nr_banks)
				KEXPECT_TRUE(t, boot_info.dt.bank[n].base == r.base &&
							boot_info.dt.bank[n].size == r.size);
		}
	}
	KEXPECT_EQ(t, n, boot_info.dt.nr_banks);
	for (i = 0; i < boot_info.dt.nr_banks; i++)
		if (boot_info.kimage_pa - boot_info.dt.bank[i].base < boot_info.dt.bank[i].size)
			break;
	KEXPECT_TRUE(t, i < boot_info.dt.nr_banks);
}

/* The /memreserve/ entries close the scan's list of reservations, in order. */
static void test_fdt_memreserve(struct ktest *t)
{
	const struct fdt *fdt = boot_fdt();
	int first = boot_info.dt.nr_reserved - (int)fdt->rsv_count;
	struct fdt_range r;
	u32 i;

	KEXPECT_TRUE(t, first >= 0 || boot_info.dt.dropped_reserved);
	for (i = 0; first >= 0 && i < fdt->rsv_count; i++) {
		fdt_mem_rsv(fdt, i, &r);
		KEXPECT_TRUE(t, boot_info.dt.reserved[first + (int)i].base == r.base &&
					boot_info.dt.reserved[first + (int)i].size == r.size &&
					!boot_info.dt.reserved[first + (int)i].nomap);
	}
}

/*
 * addr on the bus node (a child of the root) as the CPU sees it: through
 * its ranges, decoded here with the root's address cells (an empty ranges
 * is one to one). Fails the test if nothing maps it.
 */
static u64 through_ranges(struct ktest *t, const struct fdt *fdt, int bus, u64 addr)
{
	struct open_node b, root;
	struct fdt_range child, parent;
	const u8 *ranges;
	u32 len, entry, i;

	node_cells(fdt, bus, &b);
	node_cells(fdt, 0, &root);
	ranges = fdt_getprop(fdt, bus, "ranges", &len);
	KEXPECT_TRUE(t, ranges != NULL);
	if (!ranges || !len)
		return addr;
	entry = 4 * (b.acells + root.acells + b.scells);
	for (i = 0; entry && i < len / entry; i++) {
		/* (child address, size) and (parent address, size), read as two reg entries. */
		if (fdt_reg_entry(ranges + i * entry, 4 * (b.acells + b.scells), b.acells, 0, 0,
				  &child) ||
		    fdt_reg_entry(ranges + i * entry + 4 * b.acells, 4 * (root.acells + b.scells),
				  root.acells, b.scells, 0, &parent))
			break;
		if (addr >= child.base && addr - child.base < parent.size)
			return parent.base + (addr - child.base);
	}
	KEXPECT_TRUE(t, false);
	return 0;
}

/*
 * The console is the node /chosen/stdout-path names: a UART with the
 * reg its parent's cells decode, named as the path's last component, and
 * driven at that reg as the CPU sees it: through the ranges of its bus
 * when that is a child of the root (raspi3b's /soc). Deeper buses are
 * checked on the host (tests/unit/test_fdt.c).
 */
static void test_fdt_stdout(struct ktest *t)
{
	const struct fdt *fdt = boot_fdt();
	const char *path, *last, *name;
	struct open_node parent;
	struct fdt_range r;
	const void *reg;
	int chosen = -1, n, depth;
	u32 len;
	struct fdt_walker w = { 0 };
	struct fdt_item it;

	n = (int)(&console_dev - early_dev_table(&len));
	if (boot_info.dt.untranslated[n].error && console_dev.node < 0) {
		ktest_skip(t, "the stdout node's reg does not translate: no console");
		return;
	}
	KEXPECT_TRUE(t, boot_info.dt.stdout_node > 0);
	KEXPECT_EQ(t, console_dev.node, boot_info.dt.stdout_node);
	KEXPECT_NE(t, console_dev.model, UART_NONE);
	if (boot_info.dt.stdout_node <= 0)
		return;

	while (chosen < 0 && fdt_walk(fdt, &w, &it) > 0)
		if (it.type == FDT_ITEM_NODE && it.depth == 1 && !strcmp(it.name, "chosen"))
			chosen = it.offset;
	path = chosen < 0 ? NULL : fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path && chosen >= 0)
		path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	KEXPECT_TRUE(t, path && len > 1);
	if (!path)
		return;
	if (path[0] != '/') {
		/* An alias: /aliases holds the path. */
		for (n = 0; path[n] && path[n] != ':'; n++)
			;
		w = (struct fdt_walker){ 0 };
		while (fdt_walk(fdt, &w, &it) > 0)
			if (it.type == FDT_ITEM_NODE && it.depth == 1 &&
			    !strcmp(it.name, "aliases"))
				break;
		path = fdt_getprop_namelen(fdt, it.offset, path, (u32)n, &len);
		KEXPECT_TRUE(t, path && path[0] == '/');
		if (!path)
			return;
	}
	for (last = path, n = 0; path[n] && path[n] != ':'; n++)
		if (path[n] == '/')
			last = path + n + 1;
	name = fdt_node_name(fdt, boot_info.dt.stdout_node, NULL);
	KEXPECT_TRUE(t, name && fdt_node_name_matches(name, last, (int)(path + n - last)));

	depth = find_parent(fdt, boot_info.dt.stdout_node, &parent);
	KEXPECT_TRUE(t, depth > 0);
	reg = fdt_getprop(fdt, boot_info.dt.stdout_node, "reg", &len);
	KEXPECT_TRUE(t, reg && !fdt_reg_entry(reg, len, parent.acells, parent.scells, 0, &r));
	KEXPECT_TRUE(t, r.base == console_dev.reg.base && r.size == console_dev.reg.size);
	if (depth == 1)
		KEXPECT_EQ(t, console_dev.regs.pa, r.base);
	else if (depth == 2)
		KEXPECT_EQ(t, console_dev.regs.pa, through_ranges(t, fdt, parent.offset, r.base));
}

/* The boot CPU's node: a /cpus child whose reg is this CPU's id. */
static void test_fdt_boot_cpu(struct ktest *t)
{
	const struct fdt *fdt = boot_fdt();
	struct open_node parent;
	struct fdt_range r;
	const void *reg;
	u32 len;

	if (boot_info.dt.boot_cpu_node < 0) {
		ktest_skip(t, "the tree has no node for this CPU");
		return;
	}
	KEXPECT_EQ(t, find_parent(fdt, boot_info.dt.boot_cpu_node, &parent), 2);
	KEXPECT_STREQ(t, fdt_node_name(fdt, parent.offset, NULL), "cpus");
	reg = fdt_getprop(fdt, boot_info.dt.boot_cpu_node, "reg", &len);
	KEXPECT_TRUE(t, reg && !fdt_reg_entry(reg, len, parent.acells, 0, 0, &r));
	KEXPECT_EQ(t, r.base, arch_cpu_id());
}

static const struct ktest_case fdt_cases[] = {
	KTEST_CASE(test_fdt_rescan),
	KTEST_CASE(test_fdt_walk),
	KTEST_CASE(test_fdt_root_compatible),
	KTEST_CASE(test_fdt_reg_entry),
	KTEST_CASE(test_fdt_strings_and_names),
	KTEST_CASE(test_fdt_memory_banks),
	KTEST_CASE(test_fdt_memreserve),
	KTEST_CASE(test_fdt_stdout),
	KTEST_CASE(test_fdt_boot_cpu),
	{},
};
KTEST_SUITE(fdt, fdt_cases);
