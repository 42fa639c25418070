/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's live page tables. One variable, kernel_root_pa, always
 * names the root the MMU uses for the kernel half (TTBR1_EL1 / satp): set
 * by early_map() before the first fixmap mapping, and by every switch.
 * Every walk of "the kernel's tables" starts from it (the bug in the thread
 * "Re: [PATCH v3 3/5] arm64/mm: Create initial page tables in init_pg_dir",
 * linux-kernel mailing list, 6 Jul 2018).
 */
#ifndef MM_KERNEL_PT_H
#define MM_KERNEL_PT_H

#include <mm/pgtable.h>

extern phys_addr_t kernel_root_pa;

/*
 * Fill *c to walk (and edit) the live kernel tables at virtual addresses:
 * table pages inside the image through the image mapping.
 */
void kernel_pt_ctx(struct pt_ctx *c);

/* Translate va through the live kernel tables. Returns 0 or -ENOENT. */
int kernel_lookup(virt_addr_t va, struct pt_leaf *out);

#endif
