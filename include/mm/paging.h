/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The final kernel page tables (swapper): every usable RAM range in the
 * linear map with the largest blocks alignment allows, the image in
 * segments with their own permissions (nothing writable and executable),
 * the image's linear alias read-only and non-executable where it holds
 * text and rodata, and the fixmap. Built from memblock pages, edited
 * through FIX_TABLE slots until the linear map exists, then switched to.
 */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include <lander/fdt.h>
#include <mm/pgtable.h>

/* What paging_init() built, for messages, tests and the benchmark. */
struct paging_report {
	phys_addr_t root_pa;	  /* swapper's root, live on return */
	unsigned long tables;	  /* table pages of swapper, root included */
	unsigned long min_tables; /* the least any mapping of the same ranges needs */
	u64 linear_bytes;	  /* RAM in the linear map */
	int ranges;		  /* ranges mapped */
	u64 early_pages_freed;	  /* init_pg_dir pool pages given back */
};

/* What paging_init() returned: start_kernel() keeps it for the self-tests. */
extern struct paging_report paging_report;

/*
 * Build swapper from memblock (already filled from the DT), switch to it
 * (kernel_pt_switch()) and give init_pg_dir back to memblock. The
 * initramfs memblock reserved (initrd_size 0: none) is linear-mapped
 * read-only. Returns what it built. Panics with a message if memory runs
 * out.
 */
struct paging_report paging_init(phys_addr_t initrd_pa, u64 initrd_size);

/* Unmap the image's init segment and give it back to memblock. */
u64 free_initmem(void);

/* Map pa's page at slot with prot in the live tables (replacing any). */
virt_addr_t fixmap_set(unsigned int slot, phys_addr_t pa, unsigned int prot);

#endif
