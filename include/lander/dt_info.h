/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel needs from the device tree, read in one pass.
 *
 * early_boot() scans the DTB once, with the MMU off, into boot_info.dt;
 * every later user (the load checks, boot options, memblock) reads that
 * instead of walking the tree again. Nodes are kept as offsets and strings
 * as copies, never as pointers, so it means the same before and after the
 * MMU comes on. The early
 * devices (include/lander/early_dev.h) are filled by the same pass.
 */
#ifndef LANDER_DT_INFO_H
#define LANDER_DT_INFO_H

#include <lander/fdt.h>

/*
 * Sized for every tree of Debian's arm64 kernel package with room to
 * spare (the most: 44 reservations, Qualcomm sm8450). A tree with more is
 * refused at boot (memblock_init()), never partly read: a reservation left
 * out would be handed out as RAM.
 */
#define DT_MAX_BANKS	64
#define DT_MAX_RESERVED 128
#define DT_BOOTARGS_MAX 512

struct dt_reservation {
	u64 base;
	u64 size;
	bool nomap; /* /reserved-memory child with "no-map" */
};

struct dt_info {
	int nr_banks; /* reg entries of device_type = "memory" nodes */
	struct fdt_range bank[DT_MAX_BANKS];
	int nr_reserved; /* /reserved-memory children in tree order, then /memreserve/ */
	struct dt_reservation reserved[DT_MAX_RESERVED];
	char bootargs[DT_BOOTARGS_MAX]; /* /chosen/bootargs, "" if none */
	int boot_cpu_node;		/* the /cpus child whose reg is the boot CPU's id, or < 0 */
	int dropped_banks;		/* banks beyond the array (the tree is refused) */
	int dropped_reserved;		/* reservations beyond the array (likewise) */
	int stdout_node;    /* the node /chosen/stdout-path names, if it is an early device's */
	int stdout_rescans; /* second walks for stdout-path (many UARTs before /chosen) */
};

/*
 * Read fdt (accepted by fdt_init()) into *dt in one walk, which also
 * checks the structure block (fdt_walk()), and fill the nr_devs early
 * devices at devs (the boot passes early_dev_table()): the node each one's
 * way of finding it gives, the model, the first reg entry, the properties
 * it asks for. boot_cpu is the booting CPU's id as the /cpus nodes' reg
 * gives it. Returns 0, or a negative enum fdt_error for a malformed
 * structure block, reg or cells; the early devices are only filled on
 * success.
 */
struct early_dev;
int dt_info_scan(const struct fdt *fdt, u64 boot_cpu, struct early_dev *devs, unsigned int nr_devs,
		 struct dt_info *dt);

#endif
