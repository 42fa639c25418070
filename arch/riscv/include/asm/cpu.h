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

static inline unsigned long arch_cpu_id(void)
{
	return boot_hartid;
}

#endif
