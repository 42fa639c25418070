// SPDX-License-Identifier: GPL-2.0
/*
 * SBI calls (RISC-V SBI specification v1.0): the legacy console for early
 * output and system reset. Runs with paging off too (early subset).
 */
#include <lander/cpu.h>
#include <lander/fdt.h>
#include <lander/string.h>
#include <asm/mmu.h>

#define SBI_EXT_LEGACY_PUTCHAR	0x01
#define SBI_EXT_SRST		0x53525354 /* "SRST" */
#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_COLD_REBOOT	1
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

/*
 * SBI system reset: a shutdown; where the firmware has nothing that
 * powers off (it returns: OpenSBI on sifive_u knows only a gpio-restart),
 * a cold reboot, which QEMU's -no-reboot turns into its end
 * (docs/boards.md).
 */
void arch_exit(int code)
{
	unsigned long reason = code ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE;

	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, reason);
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_COLD_REBOOT, reason);
	arch_halt();
}

/*
 * Choose the Sv mode: the configured one, or the largest the boot hart's
 * MMU has when that is less (its /cpus node's "mmu-type": "riscv,sv39",
 * "riscv,sv48", "riscv,sv57" or "riscv,none"). Paging needs at least Sv39.
 * A satp write with an unknown mode would simply not take (satp is WARL),
 * so this is decided before, from the device tree.
 */
const char *arch_choose_va_bits(const struct fdt *fdt, int cpu_node, unsigned int *va_bits)
{
	const char *mmu;
	u32 len, bits;

	*va_bits = CONFIG_VA_BITS;
	if (cpu_node < 0)
		return NULL; /* no node for this hart: trust the configuration */
	mmu = fdt_getprop(fdt, cpu_node, "mmu-type", &len);
	if (mmu && len == 11 && !memcmp(mmu, "riscv,none", 11))
		return "the boot hart has no MMU (mmu-type riscv,none)";
	if (!mmu || len < 11 || memcmp(mmu, "riscv,sv", 8) || mmu[10])
		return "the boot hart's device-tree node has no usable mmu-type";
	bits = (mmu[8] - '0') * 10 + (mmu[9] - '0');
	if (bits < 39)
		return "the boot hart's MMU has no Sv39, the least this kernel needs";
	if (bits < CONFIG_VA_BITS)
		*va_bits = bits == 39 ? 39 : 48;
	return NULL;
}
