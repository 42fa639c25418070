// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/fdt.c, lib/dt_info.c and lib/dt_cpus.c:
 * fdt_init() and the boot's scan on arbitrary bytes, the /cpus reader on
 * every blob fdt_init() accepts and, when the scan accepts it, the walk and
 * every accessor (the kernel's, and the tests' navigation, tests/unit/
 * fdt_nav.c) over the whole tree. The sanitizers report any read outside
 * the input; the asserts below report results out of bounds or readers
 * that disagree with each other on a tree the kernel called valid.
 */
#include <lander/dt_cpus.h>
#include <lander/dt_info.h>
#include <lander/early_dev.h>
#include <lander/fdt.h>
#include <lander/string.h>

#include <stdlib.h>

#include "../unit/fdt_nav.h"

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

/* The kernel's early devices, and one that a QEMU tree always has. */
static struct early_dev devs[] = {
	{ .name = "console",
	  .find = EARLY_DEV_BY_STDOUT,
	  .match = { { "arm,pl011", 1 },
		     { "ns16550a", 2 },
		     { "ns16550", 2 },
		     { "brcm,bcm2835-aux-uart", 3 },
		     { "sifive,uart0", 4 } },
	  .prop = { { "reg-shift", 0 }, { "reg-io-width", 1 } } },
	{ .name = "poweroff",
	  .find = EARLY_DEV_BY_COMPATIBLE,
	  .match = { { "sifive,test1", 1 }, { "sifive,test0", 1 } } },
	{ .name = "rtc",
	  .find = EARLY_DEV_BY_COMPATIBLE,
	  .match = { { "arm,pl031", 1 }, { "google,goldfish-rtc", 2 } } },
};

/* Every property of node: the value must lie inside the blob. */
static void walk_props(const struct fdt *fdt, int node, const u8 *data, size_t size)
{
	const char *name;
	const u8 *val;
	u32 len, v;
	int prop;

	for (prop = nav_first_prop(fdt, node); prop >= 0; prop = nav_next_prop(fdt, prop)) {
		val = nav_prop(fdt, prop, &name, &len);
		CHECK(val && name);
		CHECK(val >= data && val + len <= data + size);
		CHECK(fdt_getprop(fdt, node, name, NULL) != NULL);
		fdt_getprop_u32(fdt, node, name, &v);
	}
	CHECK(prop == -FDT_ERR_NOTFOUND);
}

/* Build node's path from its parents, look it up, and check the answer. */
static void check_path(const struct fdt *fdt, int node)
{
	const char *names[FDT_MAX_DEPTH];
	char path[512];
	size_t len = 0, n;
	int depth = 0, p, found;

	for (p = node; p > 0 && depth < FDT_MAX_DEPTH; p = nav_parent(fdt, p))
		names[depth++] = fdt_node_name(fdt, p, NULL);
	CHECK(p == 0 || node == 0);
	path[len++] = '/';
	while (depth--) {
		n = strlen(names[depth]);
		if (len + n + 2 > sizeof(path))
			return;
		memcpy(path + len, names[depth], n);
		len += n;
		path[len++] = '/';
	}
	path[len] = '\0';
	found = nav_path_offset(fdt, path, -1);
	/* Not always node: "a" matches an earlier sibling "a@1" first. */
	CHECK(found >= 0 || found == -FDT_ERR_NOTFOUND);
	if (found >= 0)
		CHECK(fdt_node_name(fdt, found, NULL) != NULL);
}

/*
 * The /cpus reader on a blob fdt_init() accepted: the walk's own error if
 * the walk fails, else a count or a bad cell count; entries that keep to
 * their contract; the same count with no room at all.
 */
static void check_cpus(const struct fdt *fdt)
{
	struct fdt_walker w = { 0 };
	struct dt_cpu cpus[4];
	struct fdt_item it;
	int n, werr, i;

	while ((werr = fdt_walk(fdt, &w, &it)) > 0)
		;
	n = dt_cpus_read(fdt, cpus, ARRAY_SIZE(cpus));
	CHECK(werr ? n == werr : n >= 0 || n == -FDT_ERR_BADCELLS);
	CHECK(dt_cpus_read(fdt, NULL, 0) == n);
	for (i = 0; i < n && i < (int)ARRAY_SIZE(cpus); i++) {
		const struct dt_cpu *c = &cpus[i];

		CHECK(fdt_node_name(fdt, c->node, NULL) != NULL);
		CHECK(!(c->flags & ~0x1fu));
		CHECK(!(c->flags & DT_CPU_NO_REG) || !c->id);
		CHECK((c->flags & DT_CPU_HAS_RELEASE_ADDR) || !c->release_addr);
		CHECK(!((c->flags & DT_CPU_HAS_RELEASE_ADDR) &&
			(c->flags & DT_CPU_BAD_RELEASE_ADDR)));
		CHECK(strnlen(c->method, DT_CPU_STRING_MAX) < DT_CPU_STRING_MAX);
		CHECK(strnlen(c->mmu_type, DT_CPU_STRING_MAX) < DT_CPU_STRING_MAX);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fdt_range banks[8], r;
	static struct dt_info info;
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	struct fdt fdt;
	int node, depth = 0, child, count = 0, n, i, err;
	const char *args;
	unsigned int j;

	/* What the boot does with a refused tree: a best-effort look, inside the blob. */
	if (fdt_init(&fdt, data, size)) {
		n = dt_info_salvage(data, size, devs, ARRAY_SIZE(devs), &info);
		CHECK(n <= (int)ARRAY_SIZE(devs));
		return 0;
	}
	check_cpus(&fdt);

	/* The kernel's one-pass reader: any result, within bounds. */
	err = dt_info_scan(&fdt, 0, devs, ARRAY_SIZE(devs), &info);
	if (err) {
		n = dt_info_salvage(data, size, devs, ARRAY_SIZE(devs), &info);
		CHECK(n <= (int)ARRAY_SIZE(devs));
		return 0;
	}
	CHECK(info.nr_banks <= DT_MAX_BANKS && info.nr_reserved <= DT_MAX_RESERVED);
	CHECK(strnlen(info.bootargs, DT_BOOTARGS_MAX) < DT_BOOTARGS_MAX);
	for (j = 0; j < ARRAY_SIZE(devs); j++) {
		CHECK(devs[j].node < 0 || fdt_node_name(&fdt, devs[j].node, NULL) != NULL);
		CHECK(devs[j].node < 0 || (devs[j].model && devs[j].regs.pa));
		CHECK(devs[j].node >= 0 || (!devs[j].model && !devs[j].regs.pa));
	}
	CHECK(info.boot_cpu_node < 0 || fdt_node_name(&fdt, info.boot_cpu_node, NULL) != NULL);

	/* The walk the scan made: every item inside the blob, depths that nest. */
	while ((err = fdt_walk(&fdt, &w, &it)) > 0) {
		CHECK(it.depth >= 0 && it.depth < FDT_MAX_DEPTH);
		CHECK((const u8 *)it.name >= data && (const u8 *)it.name < data + size);
		if (it.type == FDT_ITEM_PROP)
			CHECK((const u8 *)it.value + it.len <= data + size);
	}
	CHECK(err == 0 && w.depth == 0);

	for (node = nav_root(&fdt); node >= 0; node = nav_next_node(&fdt, node, &depth)) {
		CHECK(depth >= 0 && depth < FDT_MAX_DEPTH);
		CHECK(fdt_node_name(&fdt, node, NULL) != NULL);
		walk_props(&fdt, node, data, size);
		for (j = 0; nav_read_reg(&fdt, node, j, &r) == 0; j++)
			;
		nav_address_cells(&fdt, node);
		nav_size_cells(&fdt, node);
		nav_is_compatible(&fdt, node, "simple-bus");
		for (child = nav_first_child(&fdt, node); child >= 0;
		     child = nav_next_sibling(&fdt, child))
			CHECK(nav_parent(&fdt, child) == node);
		CHECK(child == -FDT_ERR_NOTFOUND);
		if (count++ < 64)
			check_path(&fdt, node);
	}
	CHECK(node == -FDT_ERR_NOTFOUND);

	n = nav_memory_banks(&fdt, banks, 8);
	CHECK(n >= 0 || n == -FDT_ERR_BADCELLS || n == -FDT_ERR_BADVALUE);
	n = nav_num_mem_rsv(&fdt);
	CHECK(n >= 0);
	for (i = 0; i <= n; i++)
		CHECK(nav_get_mem_rsv(&fdt, i, &r) == (i < n ? 0 : -FDT_ERR_NOTFOUND));

	nav_path_offset(&fdt, "/chosen", -1);
	nav_path_offset(&fdt, "serial0:115200", 7);
	nav_path_offset(&fdt, "/memory", -1);
	for (node = nav_find_compatible(&fdt, -1, "arm,pl011"); node >= 0;
	     node = nav_find_compatible(&fdt, node, "arm,pl011"))
		;
	args = nav_bootargs(&fdt);
	if (args)
		CHECK((const u8 *)args >= data && (const u8 *)args + strlen(args) < data + size);
	node = nav_stdout_node(&fdt);
	if (node >= 0)
		CHECK(fdt_node_name(&fdt, node, NULL) != NULL);
	return 0;
}
