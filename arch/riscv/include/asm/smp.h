/* SPDX-License-Identifier: GPL-2.0 */
/*
 * riscv per-CPU pointer: the tp register (x4) holds this hart's struct
 * cpu_info. The kernel is built for the psABI's bare-metal model with no
 * thread-local storage, so the compiler never allocates tp; head.S zeroes
 * it at primary_entry, so this_cpu() is NULL until smp_prepare_boot_cpu()
 * sets it. Included by lander/smp.h only, after struct cpu_info.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <asm/cpu.h>

struct cpu_info;

/* This hart's cpu_info, or NULL before the boot hart's is set. */
static inline struct cpu_info *arch_this_cpu(void)
{
	return (struct cpu_info *)riscv_tp();
}

/* Make ci this hart's cpu_info (from now on, arch_cpu_id() is ci->hwid). */
static inline void arch_set_this_cpu(struct cpu_info *ci)
{
	__asm__ volatile("mv tp, %0" ::"r"(ci) : "memory");
}

/* In a wait loop: a short nap (arch/riscv/kernel/smp.c, riscv_cpu_nap()). */
void riscv_cpu_nap(void);

static inline void arch_cpu_relax(void)
{
	riscv_cpu_nap();
}

/*
 * The remote half of the TLB and instruction-cache maintenance
 * (arch/riscv/kernel/smp.c): the same fence on every other online hart,
 * through SBI RFENCE. size ~0: the whole address space (SBI v1.0, 8.1).
 */
void riscv_remote_sfence_vma(virt_addr_t start, u64 size);
void riscv_remote_fence_i(void);

/* asm/cpu.h reads the hart id at this offset without struct cpu_info's definition. */
_Static_assert(__builtin_offsetof(struct cpu_info, hwid) == RISCV_CPU_INFO_HWID_OFFSET,
	       "arch_cpu_id() reads hwid here");

#endif
