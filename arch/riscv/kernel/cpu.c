// SPDX-License-Identifier: GPL-2.0
/*
 * SBI calls (RISC-V SBI specification v1.0): the legacy console for early
 * output and system reset. Runs with paging off too (early subset).
 */
#include <asm/cpu.h>

#define SBI_EXT_LEGACY_PUTCHAR	0x01
#define SBI_EXT_SRST		0x53525354	/* "SRST" */
#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE	1

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
