/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Leave the EFI stub for the kernel's entry (include/asm/efi.h):
 * a0 = text_pa, a1 = the tree, a2 = the boot hart (a3, a4: sizes, which
 * riscv does not need: its caches are coherent with instruction fetch
 * only through FENCE.I, and with data accesses always).
 *
 * The entry wants S-mode with paging off, a0 = hart, a1 = the tree
 * (Documentation/arch/riscv/boot.rst). The firmware may have run the stub
 * with paging on, in an identity map, so turning it off changes no
 * address: the next fetch is from the same place. FENCE.I makes the
 * copy the stub wrote visible to this hart's fetches (Unprivileged ISA,
 * "Zifencei"); SFENCE.VMA drops the firmware's translations.
 */
	.section .init.text, "ax"
	.globl	arch_efi_enter
arch_efi_enter:
	csrw	sie, zero
	csrci	sstatus, 2		/* SIE: no interrupts */
	csrw	satp, zero
	sfence.vma
	fence.i
	mv	t0, a0
	mv	a0, a2
	jr	t0
