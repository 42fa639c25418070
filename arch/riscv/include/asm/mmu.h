/* SPDX-License-Identifier: GPL-2.0 */
/*
 * riscv MMU facts the generic code needs: which Sv mode is in use (the
 * configured one, or less when the boot hart's MMU has less) and TLB
 * maintenance. No identity map: head.S turns paging on with stvec pointing
 * at the virtual continuation, so the fetch that faults after the satp
 * write lands there (the trampoline).
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#define ARCH_HAS_IDMAP 0

#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#define SATP_MODE_SV57 10

/* The configured mode: the most the kernel will use (arch_choose_va_bits() may pick less). */
#if CONFIG_VA_BITS == 39
#define SATP_MODE_MAX SATP_MODE_SV39
#elif CONFIG_VA_BITS == 48
#define SATP_MODE_MAX SATP_MODE_SV48
#else
#define SATP_MODE_MAX SATP_MODE_SV57
#endif

#ifndef __ASSEMBLER__
#include <mm/pgtable.h>

extern const struct pt_format pt_format_riscv_sv39, pt_format_riscv_sv48, pt_format_riscv_sv57;

/*
 * The Sv mode in use: SATP_MODE_MAX, or less if the boot hart has less.
 * Written only by arch_set_pt_format(); head.S reads it to turn paging on.
 */
extern unsigned long riscv_satp_mode;

/* Make arch_pt_format() answer Sv39, Sv48 or Sv57, as va_bits says. */
static inline void arch_set_pt_format(unsigned int va_bits)
{
	riscv_satp_mode = va_bits == 39 ? SATP_MODE_SV39 :
			  va_bits == 48 ? SATP_MODE_SV48 :
					  SATP_MODE_SV57;
}

/*
 * The translation format in use: a runtime choice among descriptors. Only
 * PC-relative addresses, so it answers correctly before relocation too.
 */
static inline const struct pt_format *arch_pt_format(void)
{
	if (riscv_satp_mode == SATP_MODE_SV39)
		return &pt_format_riscv_sv39;
	if (riscv_satp_mode == SATP_MODE_SV48)
		return &pt_format_riscv_sv48;
	return &pt_format_riscv_sv57;
}

/*
 * Order earlier stores to va's leaf entry before later implicit references
 * and drop cached translations of va from that leaf (privileged spec
 * v1.12, 4.2.1, SFENCE.VMA with rs1 = va, rs2 = x0: all address spaces,
 * but only the leaf entry for va; a non-leaf change needs rs1 = x0).
 */
static inline void arch_flush_tlb_va(unsigned long va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

/*
 * Make root the live root. The old and new tables map the running image
 * at the same place, so the write takes effect at once and the fence then
 * drops what was cached from the old tables (privileged spec 4.1.11:
 * satp writes do not order page-table accesses; SFENCE.VMA does).
 */
static inline void arch_switch_kernel_root(phys_addr_t root)
{
	unsigned long satp = (riscv_satp_mode << 60) | (root >> 12);

	__asm__ volatile("csrw satp, %0\n\tsfence.vma" ::"r"(satp) : "memory");
}

/* SFENCE.VMA x0, x0: every translation of every address space. */
static inline void arch_flush_tlb_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

/*
 * Drop what every hart's TLB may hold of the entry that covered
 * [va, va + 2^span_shift): a page (last_level), a superpage or a
 * non-leaf entry (arch/riscv/mm/tlbflush.c: this hart, then the others).
 */
void arch_flush_tlb_span(unsigned long va, unsigned int span_shift, bool last_level);

/* Invalidate every kernel translation on every online hart (kernel_pt_publish()). */
void arch_flush_tlb_kernel(void);
#endif

#endif
