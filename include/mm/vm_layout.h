/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual layout of one paging format as data: for printing at boot,
 * the build's manifest, and the host tests' invariant checks. The
 * formulas live in mm/layout.h.
 */
#ifndef MM_VM_LAYOUT_H
#define MM_VM_LAYOUT_H

#include <mm/pgtable.h>

enum vm_region_id {
	VM_LINEAR,
	VM_VMALLOC,
	VM_MODULES,
	VM_BPF,
	VM_KIMAGE,
	VM_FIXMAP,
	VM_NR_REGIONS,
};

struct vm_region {
	char name[12];
	u8 parent; /* enclosing region's id, or VM_NR_REGIONS */
	virt_addr_t start;
	virt_addr_t end; /* exclusive; 0 means the top of the address space */
};

struct vm_layout {
	struct vm_region region[VM_NR_REGIONS];
	u64 max_displacement;
	u64 early_pool_pages;
};

/* Fill *l for format f; idmap says whether the arch needs an identity root. */
void vm_layout_compute(const struct pt_format *f, bool idmap, struct vm_layout *l);

/*
 * Check the invariants: regions inside the kernel half, disjoint unless
 * nested, modules and BPF within 2 GB of every image slot address.
 * Returns 0, or -EINVAL with *why naming the first violated invariant.
 */
int vm_layout_check(const struct vm_layout *l, const struct pt_format *f, const char **why);

#endif
