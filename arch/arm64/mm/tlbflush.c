// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 TLB maintenance for the walker's changes to the live kernel
 * tables. The TLBI ...IS forms are broadcast to every CPU in the Inner
 * Shareable domain, and the DSB ISH after them waits until each has
 * completed them (DDI 0487, "TLB maintenance instructions" and
 * "Ordering and completion of TLB maintenance instructions"): one CPU's
 * flush serves them all, with no interrupt to the others. Each is counted
 * in smp_flush_stats.
 */
#include <lander/smp.h>
#include <asm/mmu.h>

/* Above this many pages a span is flushed whole (TLBI VMALLE1IS). */
#define ARM64_TLBI_SPAN_MAX_PAGES 32

/*
 * Invalidate what the TLBs may hold of the entry that covered
 * [va, va + 2^span_shift): a page (last_level), a block or a table entry.
 * A TLBI by VA acts only on the entries that translate that one VA, with
 * the cached table entries on its walk (DDI 0487, chapter D8, "TLB
 * maintenance" and the caching of translation table entries: a walk
 * cache entry and a leaf entry are each invalidated only by an address
 * they translate). So after a table entry goes, the leaves read through it are
 * cached under every VA of its span, and an implementation may hold a
 * block as smaller entries: every page of the span is invalidated, by VA
 * when they are few, else all EL1 translations at once.
 */
void arch_flush_tlb_span(unsigned long va, unsigned int span_shift, bool last_level)
{
	unsigned long page = 1UL << CONFIG_PAGE_SHIFT, end = va + (1UL << span_shift);

	smp_flush_stats.ops++;
	if (last_level) {
		arch_flush_tlb_va(va);
		smp_flush_stats.broadcasts++;
		return;
	}
	if ((1UL << span_shift) > ARM64_TLBI_SPAN_MAX_PAGES * page) {
		arch_flush_tlb_all();
		smp_flush_stats.broadcasts++;
		return;
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	for (; va != end; va += page) {
		__asm__ volatile("tlbi vaae1is, %0" ::"r"((va >> 12) & ((1UL << 44) - 1))
				 : "memory");
		smp_flush_stats.broadcasts++;
	}
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

/* TLBI VMALLE1IS is broadcast: one instruction covers every CPU. */
void arch_flush_tlb_kernel(void)
{
	smp_flush_stats.ops++;
	smp_flush_stats.broadcasts++;
	arch_flush_tlb_all();
}
