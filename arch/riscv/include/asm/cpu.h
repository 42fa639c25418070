/* SPDX-License-Identifier: GPL-2.0 */
/* riscv CPU helpers the generic code calls. */
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

/* A character through the SBI legacy console, before any UART is known. */
void arch_early_putc(char c);

/*
 * End the machine through SBI system reset. OpenSBI 1.1 reports every
 * reset as success, so callers prefer the SiFive test device when the
 * device tree has one (drivers/poweroff.c).
 */
void __noreturn arch_exit(int code);

extern unsigned long boot_hartid;

static inline unsigned long arch_cpu_id(void)
{
	return boot_hartid;
}

/*
 * Choose the paging format this CPU runs: the virtual-address bits of a
 * format arch_pt_format() can answer, at most CONFIG_VA_BITS. Returns NULL
 * with *va_bits set, or why this CPU cannot run this configuration at all.
 * cpu_node is the boot CPU's /cpus node (< 0: none). Called by early_boot()
 * with the MMU off, before any table is built; early_boot() then hands the
 * choice to arch_set_pt_format().
 */
struct fdt;
const char *arch_choose_va_bits(const struct fdt *fdt, int cpu_node, unsigned int *va_bits);

#endif
