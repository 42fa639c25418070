/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The early page tables (this kernel's setup_vm / __create_page_tables):
 * built by the generic walker with the MMU off, from the pool reserved in
 * the image (init_pg_dir), and used until the final tables take over.
 */
#ifndef MM_EARLY_MAP_H
#define MM_EARLY_MAP_H

#include <lander/types.h>

struct early_dev;

/* What to map, all found by early_boot(). */
struct early_map_request {
	phys_addr_t text_pa; /* the image, mapped RWX at text_va */
	virt_addr_t text_va;
	u64 size;
	phys_addr_t fdt_pa; /* the DTB, mapped read-only at FIX_FDT */
	u32 fdt_size;
	phys_addr_t idmap_pa; /* .idmap.text, identity mapped (ARCH_HAS_IDMAP) */
	u64 idmap_size;
	const struct early_dev *devs; /* the early-device table: device i in FIX_EARLY_DEV + i */
	unsigned int nr_devs;
};

/* What early_map() built, for early_boot() to keep. */
struct early_map_result {
	phys_addr_t root_pa;	   /* init_pg_dir: the kernel half's root */
	phys_addr_t idmap_root_pa; /* the identity map's root (0 without ARCH_HAS_IDMAP) */
	virt_addr_t fdt_va;	   /* the DTB through its fixmap slots */
	unsigned long tables;	   /* pool pages used, the roots included */
};

/*
 * Build init_pg_dir (and the identity root) for req, and return what it
 * built. Ends the machine with a message if the pool runs short or a
 * range cannot be mapped.
 */
struct early_map_result early_map(const struct early_map_request *req);

#endif
