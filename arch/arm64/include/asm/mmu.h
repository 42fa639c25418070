/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 MMU facts the generic code needs: which translation format this
 * configuration uses, whether an identity map is needed to turn the MMU
 * on, and TLB maintenance.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

/* TTBR0_EL1 holds a separate identity map of .idmap.text while the MMU comes on. */
#define ARCH_HAS_IDMAP 1

#ifndef __ASSEMBLER__
#include <mm/pgtable.h>

#define __ARM64_FMT(ps, va) pt_format_arm64_##ps##_##va
#define _ARM64_FMT(ps, va)  __ARM64_FMT(ps, va)
#if CONFIG_PAGE_SHIFT == 12
#define ARCH_PT_FORMAT(va) _ARM64_FMT(4k, va)
#elif CONFIG_PAGE_SHIFT == 14
#define ARCH_PT_FORMAT(va) _ARM64_FMT(16k, va)
#else
#define ARCH_PT_FORMAT(va) _ARM64_FMT(64k, va)
#endif

#if CONFIG_VA_BITS == 52
/*
 * 52, or 48 on a CPU without FEAT_LPA2 (4K, 16K) or FEAT_LVA (64K): what
 * arch_choose_va_bits() decided. Written only by arch_set_pt_format().
 */
extern unsigned int arm64_va_bits;

static inline void arch_set_pt_format(unsigned int va_bits)
{
	arm64_va_bits = va_bits;
}

/* The translation format in use. Only PC-relative addresses: right before relocation too. */
static inline const struct pt_format *arch_pt_format(void)
{
	return arm64_va_bits == 52 ? &ARCH_PT_FORMAT(52) : &ARCH_PT_FORMAT(48);
}
#else
/* The translation format in use: fixed by the configuration. */
static inline const struct pt_format *arch_pt_format(void)
{
	return &ARCH_PT_FORMAT(CONFIG_VA_BITS);
}

/* The format is the configured one: arch_choose_va_bits() never picks another. */
static inline void arch_set_pt_format(unsigned int va_bits)
{
}
#endif

/*
 * Invalidate every EL1 translation of va (DDI 0487 D8.13: TLBI VAALE1IS
 * with VA[55:12] in bits 43:0). The DSB before it makes the cleared entry
 * visible to the table walker; the DSB after waits for the invalidation
 * to complete on every CPU of the Inner Shareable domain; the ISB makes
 * later instructions use the new translation.
 */
static inline void arch_flush_tlb_va(unsigned long va)
{
	__asm__ volatile("dsb ishst\n\ttlbi vaae1is, %0\n\tdsb ish\n\tisb" ::"r"((va >> 12) &
										 ((1UL << 44) - 1))
			 : "memory");
}

/*
 * The TTBRn_EL1 value for a root table at pa: BADDR holds PA[47:1] in
 * place and, with 52-bit output addresses, PA[51:48] in bits 5:2 (DDI
 * 0487, TTBR0_EL1 and TTBR1_EL1). The same as pa below 256 TB.
 */
static inline u64 arm64_ttbr(phys_addr_t pa)
{
	return (pa & ((1ULL << 48) - 1)) | ((pa >> 46) & 0x3c);
}

/* Make root (a physical address) the live kernel root, from virtual code. */
void arch_switch_kernel_root(phys_addr_t root);

/*
 * TCR_EL1 and MAIR_EL1 for this configuration (kernel/cpu.c), which head.S
 * programs on the boot CPU and arch_smp_prepare() hands to the others.
 */
struct mmu_regs {
	u64 tcr;
	u64 mair;
};
struct mmu_regs arm64_mmu_regs(void);

/* An all-invalid root (arch/arm64/mm/mmu.c): TTBR0 once the identity map is not needed. */
extern u64 arm64_empty_root[];

/* Invalidate all EL1 translations (TLBI VMALLE1IS), with the same barriers. */
static inline void arch_flush_tlb_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

/*
 * Invalidate, on every CPU, what the TLBs may hold of the entry that
 * covered [va, va + 2^span_shift): a page (last_level), a block or a
 * table entry (arch/arm64/mm/tlbflush.c).
 */
void arch_flush_tlb_span(unsigned long va, unsigned int span_shift, bool last_level);

/* Invalidate every kernel translation on every online CPU (kernel_pt_publish()). */
void arch_flush_tlb_kernel(void);
#endif

#endif
