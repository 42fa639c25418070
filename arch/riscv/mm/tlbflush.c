// SPDX-License-Identifier: GPL-2.0
/*
 * TLB maintenance for the kernel tables' edits (mm/kernel_pt.c): this
 * hart's SFENCE.VMA, and the same on every other online hart.
 */
#include <lander/smp.h>
#include <asm/mmu.h>

/*
 * Drop what every hart's TLB may hold of the entry that covered
 * [va, va + 2^span_shift): a page (last_level), a superpage or a
 * non-leaf entry. SFENCE.VMA with rs1 = va orders and invalidates only
 * the leaf entry for va (privileged spec v1.12, 4.2.1; its commentary:
 * after a non-leaf change, rs1 = x0). A superpage leaf would be covered
 * by any one address in it, but the caller cannot tell a superpage from
 * a non-leaf entry that went, so above the last level: everything. The
 * other harts (SFENCE.VMA is local to the hart that runs it) get the same
 * through SBI remote_sfence_vma: the page, or the whole address space.
 */
void arch_flush_tlb_span(unsigned long va, unsigned int span_shift, bool last_level)
{
	smp_flush_stats.ops++;
	if (last_level) {
		arch_flush_tlb_va(va);
		riscv_remote_sfence_vma(va, 1ULL << span_shift);
	} else {
		arch_flush_tlb_all();
		riscv_remote_sfence_vma(0, ~0ULL);
	}
}

/* SFENCE.VMA x0, x0 here, and the same on every other online hart. */
void arch_flush_tlb_kernel(void)
{
	smp_flush_stats.ops++;
	arch_flush_tlb_all();
	riscv_remote_sfence_vma(0, ~0ULL);
}
