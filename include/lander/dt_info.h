/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel needs from the device tree, read in one pass.
 *
 * early_boot() scans the DTB once, with the MMU off, into boot_info.dt;
 * every later user (the load checks, the console, the poweroff device,
 * boot options, memblock) reads that instead of walking the tree again.
 * Nodes are kept as offsets and strings as copies, never as pointers, so
 * it means the same before and after the MMU comes on.
 */
#ifndef LANDER_DT_INFO_H
#define LANDER_DT_INFO_H

#include <lander/fdt.h>

#define DT_MAX_BANKS	32
#define DT_MAX_RESERVED 32
#define DT_BOOTARGS_MAX 512

struct dt_reservation {
	u64 base;
	u64 size;
	bool nomap; /* /reserved-memory child with "no-map" */
};

/* A device the kernel drives from the start: its node and first reg entry. */
struct dt_device {
	int node; /* offset, or < 0 when the tree has none */
	struct fdt_range reg;
};

struct dt_info {
	int nr_banks; /* reg entries of device_type = "memory" nodes */
	struct fdt_range bank[DT_MAX_BANKS];
	int nr_reserved; /* /memreserve/ entries, then /reserved-memory children */
	struct dt_reservation reserved[DT_MAX_RESERVED];
	char bootargs[DT_BOOTARGS_MAX]; /* /chosen/bootargs, "" if none */
	struct dt_device stdout;	/* the node /chosen/stdout-path names */
	struct dt_device poweroff;	/* first "sifive,test1" or "sifive,test0" node */
	int boot_cpu_node;		/* the /cpus child whose reg is the boot CPU's id, or < 0 */
	int dropped;			/* banks or reservations beyond the arrays */
};

/*
 * Read fdt (already validated by fdt_init) into *dt in one walk.
 * boot_cpu is the booting CPU's id as the /cpus nodes' reg gives it.
 * Returns 0, or a negative enum fdt_error for a malformed reg or cells.
 */
int dt_info_scan(const struct fdt *fdt, u64 boot_cpu, struct dt_info *dt);

#endif
