/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixmap: page-sized slots at fixed virtual addresses near the top of
 * the kernel half (mm/layout.h), for what must be reached before (or
 * outside) the linear map: device registers, the DTB, and page tables
 * being built (one slot per level, as in the thread "[PATCH v3 3/7] arm64:
 * split off early mapping code from early_fixmap_init()", linux-arm-kernel
 * mailing list, 3 Dec 2015).
 */
#ifndef MM_FIXMAP_H
#define MM_FIXMAP_H

#include <lander/early_dev.h>
#include <lander/types.h>
#include <mm/layout.h>
#include <mm/pgtable.h>

/*
 * FIX_EARLY_DEV + i: early device i's registers (include/lander/early_dev.h);
 * FIX_TABLE + level: a table page being edited;
 * FIX_FDT: the DTB, LAYOUT_FIX_FDT_SLOTS pages.
 */
enum fixmap_slot {
	FIX_HOLE, /* never mapped: catches fix_to_virt(0) misuse */
	FIX_EARLY_DEV,
	FIX_TABLE = FIX_EARLY_DEV + EARLY_DEV_MAX,
	FIX_FDT = FIX_TABLE + PT_MAX_LEVELS,
};

_Static_assert(FIX_FDT <= FIX_FIXED_SLOTS, "fixed fixmap slots overflow FIX_FIXED_SLOTS");

/* The virtual address of slot. */
static inline virt_addr_t fix_to_virt(unsigned int slot)
{
	return FIXMAP_START + ((virt_addr_t)slot << PAGE_SHIFT);
}

#endif
