// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 translation-control values, semihosting and power-off. Runs with
 * the MMU off too, so it is part of the early (position-independent)
 * subset.
 */
#include <lander/boot.h>
#include <lander/cpu.h>
#include <lander/fdt.h>
#include <lander/printk.h>
#include <asm/mmu.h>
#include "vabits.h"

/* Semihosting operations (Arm "Semihosting for AArch32 and AArch64", 5.x). */
#define SYS_WRITEC		    0x03
#define SYS_EXIT		    0x18
#define ADP_Stopped_ApplicationExit 0x20026

/* PSCI SYSTEM_OFF, an SMC32 function id (Arm DEN0022, "SYSTEM_OFF"). */
#define PSCI_SYSTEM_OFF 0x84000008

/* What the first semihosting call found. */
enum semihost_state { SEMIHOST_UNKNOWN, SEMIHOST_PRESENT, SEMIHOST_ABSENT };

static u32 semihost_state;

/* x0 = the call's result; x1 = 1 if hlt #0xf000 trapped as undefined (entry.S). */
struct semihost_ret {
	unsigned long val;
	unsigned long missing;
};
struct semihost_ret arm64_semihost(unsigned long op, unsigned long arg);

/*
 * Make semihosting call op with arg, if semihosting is there. The first
 * call is the probe: without a debugger or an emulator that answers
 * hlt #0xf000, the instruction is undefined (DDI 0487, the HLT
 * instruction: with halting not allowed it is UNDEFINED), the trap's __ex_table fixup
 * reports it, and no later call tries again. Returns false if there is
 * no semihosting.
 */
static bool semihost(unsigned long op, unsigned long arg)
{
	struct semihost_ret r;

	if (semihost_state == SEMIHOST_ABSENT)
		return false;
	r = arm64_semihost(op, arg);
	semihost_state = r.missing ? SEMIHOST_ABSENT : SEMIHOST_PRESENT;
	return !r.missing;
}

/* Early output: semihosting's console if there is one, else nowhere. */
void arch_early_putc(char c)
{
	semihost(SYS_WRITEC, (unsigned long)&c);
}

/*
 * PSCI SYSTEM_OFF through the conduit /psci names (SMC Calling
 * Convention, DEN0028: function id in w0). Returns only if it failed.
 */
static void psci_system_off(u32 conduit)
{
	register unsigned long x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	if (conduit == DT_PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
	else if (conduit == DT_PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
}

/*
 * End the machine: with semihosting, SYS_EXIT carries the status to the
 * host (the boot tests read it); else PSCI SYSTEM_OFF, which has no status;
 * else say so and park this CPU.
 */
void arch_exit(int code)
{
	unsigned long block[2] = { ADP_Stopped_ApplicationExit, (unsigned long)code };

	semihost(SYS_EXIT, (unsigned long)block);
	psci_system_off(boot_info.dt.psci_conduit);
	printk("lander: no way to power off (no semihosting, no PSCI): halted with status %d\n",
	       code);
	arch_halt();
}

void arch_early_cache_inval(const void *start, size_t size)
{
	uintptr_t p, end = (uintptr_t)start + size;
	u64 ctr, line;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ULL << ((ctr >> 16) & 0xf); /* CTR_EL0.DminLine: log2 words */
	for (p = ALIGN_DOWN((uintptr_t)start, line); p < end; p += line)
		__asm__ volatile("dc ivac, %0" ::"r"(p) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

/*
 * TCR_EL1 and MAIR_EL1 for the format in use (DDI 0487 D19.2.139, .100):
 * both halves translate its VA size with the configured granule, walks
 * are inner-shareable write-back, the output size is what the CPU
 * implements (ID_AA64MMFR0_EL1.PARange), at most what the format's
 * descriptors hold: 48 bits, or 52 in the 52-bit formats. Those set
 * TCR_EL1.DS with the 4K and 16K granules (FEAT_LPA2: the descriptors'
 * bits 9:8 hold OA[51:50], the shareability comes from SH0/SH1 here).
 * MAIR index 0 is Device-nGnRnE, index 1 Normal write-back, as
 * arch/arm64/mm/pgformat.c expects.
 */
struct mmu_regs arm64_mmu_regs(void)
{
	const struct pt_format *f = arch_pt_format();
	u64 tsz = 64 - f->va_bits, mmfr0, tg0, tg1, ds;
	/* IRGN/ORGN write-back write-allocate (01), SH inner (11), both halves. */
	u64 walk = (1ULL << 8) | (1ULL << 10) | (3ULL << 12);

	if (CONFIG_PAGE_SHIFT == 12) {
		tg0 = 0; /* TG0 4K */
		tg1 = 2; /* TG1 4K */
	} else if (CONFIG_PAGE_SHIFT == 14) {
		tg0 = 2;
		tg1 = 1;
	} else {
		tg0 = 1;
		tg1 = 3;
	}
	ds = f->va_bits == 52 && CONFIG_PAGE_SHIFT != 16;
	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	return (struct mmu_regs){
		.tcr = tsz | walk | (tg0 << 14) | (tsz << 16) | (walk << 16) | (tg1 << 30) |
		       (MIN(mmfr0 & 7, f->pa_bits == 52 ? 6ULL : 5ULL) << 32) | (ds << 59),
		.mair = 0xffULL << 8,
	};
}

#if CONFIG_VA_BITS == 52
/* In .data, so that a copy KASLR makes carries it. */
unsigned int arm64_va_bits = 52;
#endif

/*
 * The configured granule must be the CPU's; a 52-bit configuration runs
 * 48 bits where the CPU lacks FEAT_LPA2 or FEAT_LVA (vabits.c). QEMU's
 * cortex-a57 and cortex-a72 have no 16K granule and no 52-bit VA; "-cpu
 * max" has all of them.
 */
const char *arch_choose_va_bits(const struct fdt *fdt, int cpu_node, unsigned int *va_bits)
{
	u64 mmfr0, mmfr2;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	__asm__ volatile("mrs %0, id_aa64mmfr2_el1" : "=r"(mmfr2));
	return arm64_choose_va_bits(mmfr0, mmfr2, CONFIG_PAGE_SHIFT, CONFIG_VA_BITS, va_bits);
}
