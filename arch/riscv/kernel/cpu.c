// SPDX-License-Identifier: GPL-2.0
/*
 * SBI calls (RISC-V SBI specification v1.0, sbi.h): the legacy console
 * for early output and system reset. Runs with paging off too (early
 * subset).
 */
#include <lander/cpu.h>
#include <lander/fdt.h>
#include <lander/printk.h>
#include <lander/sections.h>
#include <lander/string.h>
#include <asm/mmu.h>
#include "sbi.h"
#include "svmode.h"

void arch_early_putc(char c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0, 0);
}

/*
 * SBI system reset: a shutdown; where the firmware has nothing that
 * powers off (it returns: OpenSBI on sifive_u knows only a gpio-restart),
 * a cold reboot, which QEMU's -no-reboot turns into its end
 * (docs/boards.md). If both return, a final line, and the hart parks.
 */
void arch_exit(int code)
{
	unsigned long reason = code ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE;

	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, reason, 0, 0);
	printk("lander: this machine cannot power off: resetting it instead (status %d; "
	       "under QEMU, -no-reboot makes the reset the end)\n",
	       code);
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_COLD_REBOOT, reason, 0, 0);
	printk("lander: no way to power off (SBI SRST failed): halted with status %d\n", code);
	arch_halt();
}

/* The descriptor of the Sv mode with va_bits bits of VA. */
static const struct pt_format *riscv_format(unsigned int va_bits)
{
	if (va_bits == 39)
		return &pt_format_riscv_sv39;
	if (va_bits == 48)
		return &pt_format_riscv_sv48;
	return &pt_format_riscv_sv57;
}

/*
 * Does the boot hart implement the Sv mode with va_bits bits of VA? Runs
 * with paging off (satp = 0, no tables yet), before relocation.
 *
 * satp is WARL, and a write of a MODE the hart does not implement has no
 * effect at all: no field changes (privileged spec v1.12, 4.1.11). So the
 * probe writes MODE and a root, reads satp back and writes 0 again; the
 * mode is there if the read shows it.
 *
 * A write that does take turns translation on at once for the next
 * instruction fetch, with no identity map to catch it (the entry path has
 * none: it relies on the fault that follows the real satp write). So the
 * root handed over here maps the image, code and trap vectors included,
 * at its own physical address, with root-level leaves: one table page
 * (the first page of the early pool, which early_map() zeroes again when
 * it takes it), one entry per root-level span the image touches, read and
 * execute only. The CSR accesses in between use registers only and
 * cannot trap, so only their own fetches are translated. A root-level
 * leaf may cover device memory too, but memory types come from the PMAs,
 * not the entry, so no speculative access reaches a device through it
 * (privileged spec v1.12, 3.6, physical memory attributes).
 *
 * SFENCE.VMA before the write orders the stores to the table before the
 * walks (4.2.1); SFENCE.VMA after drops whatever was cached while the
 * probe's root was live. Modes whose lower half cannot hold the image at
 * its physical address cannot be probed this way: they count as present
 * (the real satp write still checks: early_paging_failed()).
 */
static bool riscv_has_sv_mode(unsigned int va_bits)
{
	const struct pt_format *f = riscv_format(va_bits);
	unsigned long mode = va_bits == 39 ? SATP_MODE_SV39 :
			     va_bits == 48 ? SATP_MODE_SV48 :
					     SATP_MODE_SV57;
	phys_addr_t text_pa = (uintptr_t)_text, last_pa = (uintptr_t)_end - 1;
	unsigned int shift = pt_level_shift(f, 0), first, last, i;
	volatile u64 *root = (volatile u64 *)init_pg_dir;
	unsigned long want, got;

	if (last_pa >> (va_bits - 1))
		return true;
	first = text_pa >> shift;
	last = last_pa >> shift;
	for (i = first; i <= last; i++)
		root[i] = pt_make_leaf(f, 0, (phys_addr_t)i << shift, PAGE_KERNEL_ROX);
	want = mode << 60 | (uintptr_t)init_pg_dir >> 12;
	__asm__ volatile("sfence.vma\n\t"
			 "csrw satp, %1\n\t"
			 "csrr %0, satp\n\t"
			 "csrw satp, zero\n\t"
			 "sfence.vma"
			 : "=&r"(got)
			 : "r"(want)
			 : "memory");
	for (i = first; i <= last; i++)
		root[i] = 0;
	return got >> 60 == mode;
}

/*
 * Choose the Sv mode: the largest the boot hart's satp takes (each mode
 * from the configured one, or the hart's mmu-type if less, down to Sv39
 * is probed), so a hart node without the optional mmu-type boots too.
 * Paging needs at least Sv39.
 */
const char *arch_choose_va_bits(const struct fdt *fdt, int cpu_node, unsigned int *va_bits)
{
	const char *mmu = NULL, *why;
	unsigned int ceiling, bits;
	u64 implemented = 0;
	u32 len = 0;

	if (cpu_node >= 0)
		mmu = fdt_getprop(fdt, cpu_node, "mmu-type", &len);
	why = riscv_sv_ceiling(mmu, len, CONFIG_VA_BITS, &ceiling);
	if (why)
		return why;
	for (bits = 39; bits <= ceiling; bits += 9) /* Sv39, Sv48, Sv57: a level apart */
		if (riscv_has_sv_mode(bits))
			implemented |= RISCV_SV(bits);
	*va_bits = riscv_sv_largest(implemented, ceiling);
	if (!*va_bits)
		return "the boot hart's satp takes no paging mode (not even Sv39)";
	return NULL;
}
