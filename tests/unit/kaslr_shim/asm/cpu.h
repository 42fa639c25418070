/* SPDX-License-Identifier: GPL-2.0 */
/* The host test of boot/kaslr.c: the CPU contract's inline half, as the test's functions. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <lander/types.h>

void arch_early_cache_inval(const void *start, size_t size);

static inline unsigned long arch_cpu_id(void)
{
	return 0;
}

#endif
