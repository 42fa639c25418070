/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 CPU helpers the generic code calls: the inline half of the
 * contract in include/lander/cpu.h.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <lander/types.h>
#include <lander/compiler.h>

/* The encoding of RET (X30), for self-tests that place code in data. */
#define ARCH_RET_INSN 0xd65f03c0u

/* Order MMIO and normal memory accesses (DDI 0487 B2.3.12). */
static inline void arch_mb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

/* Wait for an interrupt that never comes: park this CPU. */
static inline void __noreturn arch_halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * Memory written with the MMU (and so the D-cache) off went straight to
 * RAM, but the loader may have left clean lines of it in the caches,
 * which would show stale data once the MMU and caches come on: invalidate
 * them to the Point of Coherency (DC IVAC).
 */
void arch_early_cache_inval(const void *start, size_t size);

/*
 * The CPU id the /cpus nodes' reg gives for an MPIDR_EL1 value: its
 * affinity fields Aff3 (bits 39:32) and Aff2..Aff0 (bits 23:0), which is
 * how the arm,cpus binding writes reg (DDI 0487, MPIDR_EL1). The
 * bits between, MT (24) and U (30) and RES1 (31), are not part of the id.
 */
static inline u64 arm64_mpidr_cpu_id(u64 mpidr)
{
	return mpidr & 0xff00ffffffULL;
}

/* The running CPU's id: its full MPIDR affinity, as /cpus reg writes it. */
static inline unsigned long arch_cpu_id(void)
{
	unsigned long mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return arm64_mpidr_cpu_id(mpidr);
}

#endif
