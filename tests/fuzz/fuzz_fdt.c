// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/fdt.c: fdt_init() on arbitrary bytes and, when
 * it accepts them, every accessor over the whole tree. The sanitizers
 * report any read outside the input; the asserts below report accessors
 * that disagree with each other on a tree fdt_init() called valid.
 */
#include <lander/dt_info.h>
#include <lander/fdt.h>
#include <lander/string.h>

#include <stdlib.h>

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

/* Every property of node: the value must lie inside the blob. */
static void walk_props(const struct fdt *fdt, int node, const u8 *data, size_t size)
{
	const char *name;
	const u8 *val;
	u32 len, v;
	int prop;

	for (prop = fdt_first_prop(fdt, node); prop >= 0; prop = fdt_next_prop(fdt, prop)) {
		val = fdt_prop(fdt, prop, &name, &len);
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

	for (p = node; p > 0 && depth < FDT_MAX_DEPTH; p = fdt_parent(fdt, p))
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
	found = fdt_path_offset(fdt, path, -1);
	/* Not always node: "a" matches an earlier sibling "a@1" first. */
	CHECK(found >= 0 || found == -FDT_ERR_NOTFOUND);
	if (found >= 0)
		CHECK(fdt_node_name(fdt, found, NULL) != NULL);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fdt_range banks[8], r;
	struct dt_info info;
	struct fdt fdt;
	int node, depth = 0, child, count = 0, n, i;
	const char *args;
	unsigned int j;

	if (fdt_init(&fdt, data, size))
		return 0;

	/* The kernel's one-pass reader: any result, within bounds. */
	if (dt_info_scan(&fdt, 0, &info) == 0) {
		CHECK(info.nr_banks <= DT_MAX_BANKS && info.nr_reserved <= DT_MAX_RESERVED);
		CHECK(strnlen(info.bootargs, DT_BOOTARGS_MAX) < DT_BOOTARGS_MAX);
	}

	for (node = fdt_root(&fdt); node >= 0; node = fdt_next_node(&fdt, node, &depth)) {
		CHECK(depth >= 0 && depth < FDT_MAX_DEPTH);
		CHECK(fdt_node_name(&fdt, node, NULL) != NULL);
		walk_props(&fdt, node, data, size);
		for (j = 0; fdt_read_reg(&fdt, node, j, &r) == 0; j++)
			;
		fdt_address_cells(&fdt, node);
		fdt_size_cells(&fdt, node);
		fdt_is_compatible(&fdt, node, "simple-bus");
		for (child = fdt_first_child(&fdt, node); child >= 0;
		     child = fdt_next_sibling(&fdt, child))
			CHECK(fdt_parent(&fdt, child) == node);
		CHECK(child == -FDT_ERR_NOTFOUND);
		if (count++ < 64)
			check_path(&fdt, node);
	}
	CHECK(node == -FDT_ERR_NOTFOUND);

	n = fdt_memory_banks(&fdt, banks, 8);
	CHECK(n >= 0 || n == -FDT_ERR_BADCELLS || n == -FDT_ERR_BADVALUE);
	n = fdt_num_mem_rsv(&fdt);
	CHECK(n >= 0);
	for (i = 0; i <= n; i++)
		CHECK(fdt_get_mem_rsv(&fdt, i, &r) == (i < n ? 0 : -FDT_ERR_NOTFOUND));

	fdt_path_offset(&fdt, "/chosen", -1);
	fdt_path_offset(&fdt, "serial0:115200", 7);
	fdt_path_offset(&fdt, "/memory", -1);
	for (node = fdt_find_compatible(&fdt, -1, "arm,pl011"); node >= 0;
	     node = fdt_find_compatible(&fdt, node, "arm,pl011"))
		;
	args = fdt_bootargs(&fdt);
	if (args)
		CHECK((const u8 *)args >= data && (const u8 *)args + strlen(args) < data + size);
	node = fdt_stdout_node(&fdt);
	if (node >= 0)
		CHECK(fdt_node_name(&fdt, node, NULL) != NULL);
	return 0;
}
