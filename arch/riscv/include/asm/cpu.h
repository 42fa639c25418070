/* SPDX-License-Identifier: GPL-2.0 */
/*
 * riscv CPU helpers the generic code calls: the inline half of the
 * contract in include/lander/cpu.h.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <lander/types.h>
#include <lander/compiler.h>

/* The encoding of JALR x0, 0(ra) (ret), for self-tests that place code in data. */
#define ARCH_RET_INSN 0x00008067u

/* Order all earlier memory and I/O accesses before all later ones. */
static inline void arch_mb(void)
{
	__asm__ volatile("fence iorw, iorw" ::: "memory");
}

static inline void __noreturn arch_halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * With satp = 0 memory is reached with the attributes the platform's PMAs
 * give it, caches included, so nothing written before paging comes on is
 * stale afterwards.
 */
static inline void arch_early_cache_inval(const void *start, size_t size)
{
}

extern unsigned long boot_hartid;

/*
 * The tp register: this hart's struct cpu_info (asm/smp.h), or 0 before
 * one is set. Never allocated by the compiler (no thread-local storage).
 */
static inline unsigned long riscv_tp(void)
{
	unsigned long tp;

	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

/* Where struct cpu_info keeps hwid: checked against the struct in asm/smp.h. */
#define RISCV_CPU_INFO_HWID_OFFSET 32

/*
 * The running hart's id. Once a hart has its cpu_info (tp set) that is
 * its hwid; before, only the boot hart runs C, so boot_hartid. Read
 * through tp at a fixed offset: lander/smp.h includes this header, so it
 * cannot include that one back. Safe with the MMU off (tp is 0 there).
 */
static inline unsigned long arch_cpu_id(void)
{
	unsigned long tp = riscv_tp();

	if (tp)
		return *(const u64 *)(tp + RISCV_CPU_INFO_HWID_OFFSET);
	return boot_hartid;
}

#endif
