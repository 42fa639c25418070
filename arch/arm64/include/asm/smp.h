/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 per-CPU pointer: TPIDR_EL1 holds the running CPU's struct
 * cpu_info (0 until smp_prepare_boot_cpu(); head.S clears it at entry,
 * where the firmware may have left anything).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <lander/types.h>

struct cpu_info;

static inline struct cpu_info *arch_this_cpu(void)
{
	struct cpu_info *ci;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(ci));
	return ci;
}

static inline void arch_set_this_cpu(struct cpu_info *ci)
{
	__asm__ volatile("msr tpidr_el1, %0" ::"r"(ci) : "memory");
}

/*
 * In a wait loop: YIELD hints that this CPU does nothing useful (DDI 0487,
 * "YIELD"); an emulator may run another CPU meanwhile.
 */
static inline void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

#endif
