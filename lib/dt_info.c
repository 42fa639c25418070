// SPDX-License-Identifier: GPL-2.0
/*
 * One pass over the device tree (see include/lander/dt_info.h). Early
 * subset: runs with the MMU off, before relocation.
 */
#include <lander/dt_info.h>
#include <lander/string.h>

struct dt_info boot_dt;

/* What a node's interesting properties are, from one pass over them. */
struct node_props {
	const char *device_type, *compatible, *bootargs, *stdout_path;
	const u8 *reg;
	u32 device_type_len, compatible_len, bootargs_len, stdout_path_len, reg_len;
	u32 acells, scells;	/* for the node's children */
	bool nomap;
};

/* Which special node a node is a child of. */
enum parent_kind { PARENT_OTHER, PARENT_RESERVED_MEMORY, PARENT_CPUS };

static bool name_is(const char *name, u32 len, const char *want)
{
	return strlen(want) == len && !memcmp(name, want, len);
}

/* Read the properties of node that the scan uses. */
static int read_props(const struct fdt *fdt, int node, struct node_props *p)
{
	int prop;

	memset(p, 0, sizeof(*p));
	p->acells = 2;
	p->scells = 1;
	for (prop = fdt_first_prop(fdt, node); prop >= 0; prop = fdt_next_prop(fdt, prop)) {
		const char *name;
		u32 len;
		const void *val = fdt_prop(fdt, prop, &name, &len);

		if (name[0] == '#') {
			if (strcmp(name, "#address-cells") && strcmp(name, "#size-cells"))
				continue;
			/* Any count is fine here (PCI has 3): reg decoding checks. */
			if (len != 4)
				return -FDT_ERR_BADCELLS;
			if (name[1] == 'a')
				p->acells = fdt32_ld(val);
			else
				p->scells = fdt32_ld(val);
		} else if (!strcmp(name, "reg")) {
			p->reg = val;
			p->reg_len = len;
		} else if (!strcmp(name, "compatible")) {
			p->compatible = val;
			p->compatible_len = len;
		} else if (!strcmp(name, "device_type")) {
			p->device_type = val;
			p->device_type_len = len;
		} else if (!strcmp(name, "no-map")) {
			p->nomap = true;
		} else if (!strcmp(name, "bootargs")) {
			p->bootargs = val;
			p->bootargs_len = len;
		} else if (!strcmp(name, "stdout-path") ||
			   (!p->stdout_path && !strcmp(name, "linux,stdout-path"))) {
			p->stdout_path = val;
			p->stdout_path_len = len;
		}
	}
	return 0;
}

/* Does a compatible list (NUL-separated strings) hold want? */
static bool has_compatible(const struct node_props *p, const char *want)
{
	u32 i = 0, n = strlen(want);

	while (i < p->compatible_len) {
		u32 len = strnlen(p->compatible + i, p->compatible_len - i);

		if (len == n && !memcmp(p->compatible + i, want, n))
			return true;
		i += len + 1;
	}
	return false;
}

/* A number of 1 or 2 cells (0 cells read as 0). */
static u64 read_cells(const u8 *p, u32 cells)
{
	return cells == 2 ? fdt64_ld(p) : cells == 1 ? fdt32_ld(p) : 0;
}

/*
 * Decode the reg entries of a node whose parent has (ac, sc) cells,
 * calling add for each. Returns 0 or -FDT_ERR_BADVALUE.
 */
static int each_reg(const struct node_props *p, u32 ac, u32 sc, struct dt_info *dt,
		    void (*add)(struct dt_info *dt, u64 base, u64 size, bool nomap))
{
	u32 entry = 4 * (u32)(ac + sc), i;

	if (!p->reg)
		return 0;
	if (ac > 2 || sc > 2)
		return -FDT_ERR_BADCELLS;
	if (!entry || p->reg_len % entry)
		return -FDT_ERR_BADVALUE;
	for (i = 0; i < p->reg_len / entry; i++)
		add(dt, read_cells(p->reg + i * entry, ac),
		    read_cells(p->reg + i * entry + 4 * ac, sc), p->nomap);
	return 0;
}

static void add_bank(struct dt_info *dt, u64 base, u64 size, bool nomap)
{
	if (dt->nr_banks < DT_MAX_BANKS)
		dt->bank[dt->nr_banks++] = (struct fdt_range){ base, size };
	else
		dt->dropped++;
}

static void add_reserved(struct dt_info *dt, u64 base, u64 size, bool nomap)
{
	if (dt->nr_reserved < DT_MAX_RESERVED)
		dt->reserved[dt->nr_reserved++] = (struct dt_reservation){ base, size, nomap };
	else
		dt->dropped++;
}

/* Copy /chosen's bootargs (a string, NUL included) into dt. */
static void copy_bootargs(struct dt_info *dt, const struct node_props *p)
{
	u32 n;

	if (!p->bootargs || !p->bootargs_len)
		return;
	n = strnlen(p->bootargs, p->bootargs_len);
	n = MIN(n, (u32)DT_BOOTARGS_MAX - 1);
	memcpy(dt->bootargs, p->bootargs, n);
	dt->bootargs[n] = '\0';
}

int dt_info_scan(const struct fdt *fdt, u64 boot_cpu, struct dt_info *dt)
{
	u32 acells[FDT_MAX_DEPTH + 1], scells[FDT_MAX_DEPTH + 1];
	enum parent_kind kind[FDT_MAX_DEPTH + 1];
	const char *stdout_path = NULL;
	u32 stdout_len = 0;
	int node, depth = 0, i, n, err;

	memset(dt, 0, sizeof(*dt));
	dt->stdout_node = dt->poweroff_node = dt->boot_cpu_node = -FDT_ERR_NOTFOUND;

	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct node_props p;
		u32 ac = depth ? acells[depth - 1] : 2, sc = depth ? scells[depth - 1] : 1;
		enum parent_kind parent = depth ? kind[depth - 1] : PARENT_OTHER;
		int len;
		const char *name = fdt_node_name(fdt, node, &len);

		err = 0;
		if (depth > FDT_MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		err = read_props(fdt, node, &p);
		if (err)
			return err;
		acells[depth] = p.acells;
		scells[depth] = p.scells;
		kind[depth] = PARENT_OTHER;

		if (depth == 1 && name_is(name, len, "chosen")) {
			copy_bootargs(dt, &p);
			stdout_path = p.stdout_path;
			stdout_len = p.stdout_path_len;
		} else if (depth == 1 && name_is(name, len, "reserved-memory")) {
			kind[depth] = PARENT_RESERVED_MEMORY;
		} else if (depth == 1 && name_is(name, len, "cpus")) {
			kind[depth] = PARENT_CPUS;
		}
		if (p.device_type && p.device_type_len >= 7 && !memcmp(p.device_type, "memory", 7)) {
			if (!sc)
				return -FDT_ERR_BADCELLS;
			err = each_reg(&p, ac, sc, dt, add_bank);
		} else if (parent == PARENT_RESERVED_MEMORY) {
			err = each_reg(&p, ac, sc, dt, add_reserved);
		} else if (parent == PARENT_CPUS && p.reg && ac && ac <= 2 && p.reg_len >= 4u * ac &&
			   read_cells(p.reg, ac) == boot_cpu && dt->boot_cpu_node < 0) {
			dt->boot_cpu_node = node;
		}
		if (err)
			return err;
		if (dt->poweroff_node < 0 && p.compatible &&
		    (has_compatible(&p, "sifive,test1") || has_compatible(&p, "sifive,test0")))
			dt->poweroff_node = node;
	}
	if (node != -FDT_ERR_NOTFOUND)
		return node;

	/* The reservation block's entries. */
	n = fdt_num_mem_rsv(fdt);
	for (i = 0; i < n; i++) {
		struct fdt_range r;

		if (fdt_get_mem_rsv(fdt, i, &r) == 0)
			add_reserved(dt, r.base, r.size, false);
	}
	/* stdout-path is "path-or-alias[:options]". */
	if (stdout_path && stdout_len && strnlen(stdout_path, stdout_len) < stdout_len) {
		const char *colon = strchr(stdout_path, ':');

		dt->stdout_node = fdt_path_offset(fdt, stdout_path,
						  colon ? (int)(colon - stdout_path) : -1);
	}
	return 0;
}
