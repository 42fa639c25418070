// SPDX-License-Identifier: GPL-2.0
/*
 * SBI calls (RISC-V SBI specification v1.0): the legacy console for early
 * output and system reset. Runs with paging off too (early subset).
 */
#include <lander/fdt.h>
#include <lander/string.h>
#include <asm/cpu.h>
#include <asm/mmu.h>

#define SBI_EXT_LEGACY_PUTCHAR	0x01
#define SBI_EXT_SRST		0x53525354 /* "SRST" */
#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE 1

static long sbi_call(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
	return (long)r0;
}

void arch_early_putc(char c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0);
}

void arch_exit(int code)
{
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN,
		 code ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
	arch_halt();
}

/*
 * Does the boot hart's MMU know the configured Sv mode? Its /cpus node
 * says in "mmu-type": "riscv,sv39", "riscv,sv48", "riscv,sv57" or
 * "riscv,none". A satp write with an unknown mode would simply not take
 * (satp is WARL), so ask first.
 */
const char *arch_check_cpu(const struct fdt *fdt, int cpu_node)
{
	const char *mmu;
	u32 len;

	if (cpu_node < 0)
		return NULL; /* no node for this hart: trust the configuration */
	mmu = fdt_getprop(fdt, cpu_node, "mmu-type", &len);
	if (!mmu || len < 10 || memcmp(mmu, "riscv,sv", 8))
		return "the boot hart's device-tree node has no usable mmu-type";
	/* "riscv,svNN": compare NN with the configured VA bits. */
	if ((mmu[8] - '0') * 10 + (mmu[9] - '0') < CONFIG_VA_BITS)
		return "the boot hart's MMU does not support the configured Sv mode";
	return NULL;
}
