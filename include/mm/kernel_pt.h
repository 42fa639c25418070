/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's live page tables. Every walk of "the kernel's tables"
 * starts from one root, the one the MMU uses for the kernel half
 * (TTBR1_EL1 / satp): start_kernel() names init_pg_dir before anything
 * walks, and the switch to the final tables names theirs (the bug in the
 * thread "Re: [PATCH v3 3/5] arm64/mm: Create initial page tables in
 * init_pg_dir", linux-kernel mailing list, 6 Jul 2018).
 */
#ifndef MM_KERNEL_PT_H
#define MM_KERNEL_PT_H

#include <mm/pgtable.h>

/* The live kernel root's physical address. */
phys_addr_t kernel_pt_root(void);

/*
 * Name root_pa as the live kernel root for every later walk: the early
 * tables (their pages reached through the image mapping) or, with
 * via_linear_map, tables whose pages the linear map reaches.
 */
void kernel_pt_set_root(phys_addr_t root_pa, bool via_linear_map);

/*
 * Make root_pa (complete final tables) the MMU's kernel root, then name
 * it as kernel_pt_set_root(root_pa, true) does.
 */
void kernel_pt_switch(phys_addr_t root_pa);

/*
 * Fill *c to walk (and edit) the live kernel tables at virtual addresses:
 * table pages inside the image through the image mapping.
 */
void kernel_pt_ctx(struct pt_ctx *c);

/*
 * After pt_map() wrote new entries over invalid ones in the live tables
 * (the walker flushes only what it breaks or changes): make them usable
 * on every online CPU. arm64 needs the table writes complete before a
 * walk and the next instructions to see them; RISC-V may have cached the
 * invalid entries, on any hart that looked (privileged spec 4.2.1:
 * SFENCE.VMA before relying on a new entry). arch_flush_tlb_kernel()
 * gives both.
 */
void kernel_pt_publish(void);

/* Translate va through the live kernel tables. Returns 0 or -ENOENT. */
int kernel_lookup(virt_addr_t va, struct pt_leaf *out);

#endif
