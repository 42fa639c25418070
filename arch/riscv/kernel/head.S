/* SPDX-License-Identifier: GPL-2.0 */
/*
 * riscv entry: the RISC-V Linux Image header, then just enough to run C.
 *
 * The SBI firmware enters at _text in S-mode with satp = 0, a0 = this
 * hart's id and a1 = the DTB's physical address. Any hart may arrive: the
 * first to win the lottery boots, the others park. early_boot() (C,
 * position independent) checks the load and makes the boot's decisions;
 * if KASLR moved the image, the boot goes on in the copy it made; then
 * early_finish() relocates the image and builds the early tables; then
 * paging comes on with stvec aimed at the virtual
 * continuation, so the instruction fetch that faults right after the satp
 * write traps straight to it: no identity map is needed.
 *
 * Secondary harts (arch/riscv/kernel/smp.c) come in at
 * riscv_secondary_entry and turn paging on the same way, with what the
 * boot hart left in riscv_handoff.
 */
#include <lander/smp.h>
#include <asm/mmu.h>
#include "handoff.h"

	.section .head.text, "ax"
	.option	push
	.option	norvc
	.globl	_head
_head:
#ifdef CONFIG_EFI
	/* "MZ", the PE/COFF signature (boot/efi/pe_header.S); only writes s4 */
	.option	rvc
	c.li	s4, -13
	.option	norvc
	j	primary_entry		/* code0's second half and code1's first */
	.half	0
#else
	j	primary_entry		/* code0 */
	.word	0			/* code1 */
#endif
	.dword	0x200000		/* text_offset: loaders place us 2 MB into RAM */
	.dword	_end - _text		/* image_size: ADD64/SUB64, resolved at link time */
	.dword	0			/* flags: little-endian */
	.word	2			/* version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated, still checked by tools) */
	.ascii	"RSC\x05"		/* magic2 */
#ifdef CONFIG_EFI
	.word	__pe_header - _head	/* res3: the PE/COFF header's offset (ADD32/SUB32) */
#else
	.word	0			/* res3: no PE/COFF header */
#endif
	.option	pop

	.text
primary_entry:
	li	tp, 0			/* no cpu_info yet: this_cpu() is NULL (asm/smp.h) */
	csrw	sie, zero
	csrw	sip, zero
	lla	t0, hart_lottery
	li	t1, 1
	amoadd.w t0, t1, (t0)
	bnez	t0, park
	lla	sp, boot_stack_top
	lla	t0, vectors		/* faults with paging off land here too */
	csrw	stvec, t0
	lla	t0, boot_hartid
	sd	a0, (t0)
	mv	a0, a1
	lla	a1, _text
	call	early_boot		/* a0 = where _text must run */
	lla	t0, _text
	bne	a0, t0, enter_copy
finish:
	lla	a0, _text
	call	early_finish		/* a0 = the image's VA - PA (a1: no idmap) */

	lla	t0, primary_switched
	add	t0, t0, a0
	csrw	stvec, t0
	lla	t1, init_pg_dir
	srli	t1, t1, 12
	lla	t2, riscv_satp_mode
	ld	t2, (t2)
	slli	t2, t2, 60
	or	t1, t1, t2
	sfence.vma
	csrw	satp, t1
	/*
	 * The next fetch (at a physical address) faults into primary_switched.
	 * Only if satp kept its old value (an unsupported mode) do we get here.
	 */
	call	early_paging_failed

/*
 * a0 = the physical address of _text in the copy early_boot() made (KASLR
 * moved the image). FENCE.I makes this hart's fetches see the stores that
 * wrote the copy (Unprivileged ISA, "Zifencei"); enter the copy at
 * moved_entry with a0 = this copy's boot_info, which the copy takes over.
 * The harts that lost the lottery stay parked here, in the loaded copy,
 * which memblock keeps reserved (mm/memory_init.c).
 */
enter_copy:
	fence.i
	lla	t0, _text
	lla	t1, moved_entry
	sub	t1, t1, t0
	add	t1, t1, a0
	lla	a0, boot_info
	jr	t1

/* The copy's entry, a0 = the loaded copy's boot_info. */
moved_entry:
	lla	sp, boot_stack_top
	lla	t0, vectors
	csrw	stvec, t0
	call	early_boot_moved
	j	finish

/*
 * The lottery's losers, a0 = this hart's id, satp = 0, in the copy the
 * loader loaded (the boot hart reaches it at boot_info.loaded_pa). Each
 * waits for the boot hart to name it in riscv_park_mailbox, then enters
 * the running copy's secondary entry at the address given there. WFI
 * wakes for an interrupt pending and enabled in sie even with sstatus.SIE
 * off, and takes no trap (privileged spec v1.12, 4.1.3 and 3.3.3), so
 * sie.SSIE alone lets the boot hart's IPI (SBI IPI extension) wake it.
 * SSIP is cleared before the mailbox is read: an IPI that comes after the
 * read leaves SSIP set, and the WFI then returns at once, so no release
 * is missed.
 */
park:
	li	t0, RISCV_SSI_BIT
	csrw	sie, t0
	lla	t1, riscv_park_mailbox
1:	csrc	sip, t0
	ld	t2, MAILBOX_HARTID(t1)
	beq	t2, a0, 2f
	wfi
	j	1b
2:	fence	r, r			/* entry_pa was written before the hart id */
	ld	t2, MAILBOX_ENTRY_PA(t1)
	csrw	sie, zero
	csrc	sip, t0
	li	a1, 0
	jr	t2

/* Nowhere else to go: wait forever. */
halt:
	wfi
	j	halt

	.balign	4
primary_switched:
	lla	sp, boot_stack_top
	lla	t0, vectors
	csrw	stvec, t0
	li	ra, 0
	li	s0, 0
	call	start_kernel
	j	halt

/*
 * A secondary hart, started by SBI HSM hart_start or released from the
 * park loop: a0 = its hart id, a1 = opaque (unused), satp = 0, at the
 * running copy's physical address. No stack: it reads riscv_handoff,
 * which the boot hart wrote and fenced before the SBI call that sent the
 * hart here, and turns paging on with the final kernel tables the way
 * primary_entry does: stvec holds the virtual continuation and the fetch
 * after the satp write faults into it. A hart that is not the one the
 * handoff names (a stray or late start) parks without touching anything:
 * the hart id is read before and after the other fields, with fences,
 * and the boot hart clears it first and writes it last (smp.c).
 *
 * FENCE.I: the boot hart wrote this image (a copy, relocations) before
 * its fence and the SBI call; this hart's fetches must see those stores
 * (unprivileged ISA, "Zifencei": the writer fences, the fetching hart
 * runs FENCE.I). SFENCE.VMA before the satp write: nothing this hart
 * may have cached under an earlier satp survives (privileged spec 4.2.1).
 */
	.globl	riscv_secondary_entry
riscv_secondary_entry:
	li	tp, 0
	csrw	sie, zero
	csrw	sip, zero
	lla	t0, riscv_handoff
	ld	t1, HANDOFF_HARTID(t0)
	bne	t1, a0, halt
	fence	r, r
	ld	t2, HANDOFF_CONT_VA(t0)
	ld	t3, HANDOFF_SATP(t0)
	ld	t4, HANDOFF_CPU(t0)	/* kept in t4 across the trap */
	fence	r, r
	ld	t1, HANDOFF_HARTID(t0)
	bne	t1, a0, halt
	fence.i
	csrw	stvec, t2
	sfence.vma
	csrw	satp, t3
	/*
	 * Only if satp kept 0 (this hart lacks the boot hart's mode) do we get
	 * here: the boot hart gives up waiting and reports the hart as failed.
	 */
	j	halt

/*
 * The secondary at virtual addresses, paging on, sstatus.SIE = 0 (trap
 * entry clears it); t4 = its cpu_info (a trap changes no register).
 */
	.balign	4
	.globl	riscv_secondary_switched
riscv_secondary_switched:
	mv	tp, t4
	ld	sp, CPU_INFO_STACK_TOP_OFFSET(tp)
	lla	t1, vectors
	csrw	stvec, t1
	li	ra, 0
	li	s0, 0
	mv	a0, tp
	call	secondary_start
	j	halt

/* void arch_call_on_stack(void (*fn)(void), virt_addr_t sp): fn on a new stack, for good. */
	.globl	arch_call_on_stack
arch_call_on_stack:
	mv	sp, a1
	li	ra, 0
	li	s0, 0
	jalr	a0
	j	halt

	.data
	.balign	4
hart_lottery:
	.word	0
	.globl	boot_hartid
	.balign	8
boot_hartid:
	.dword	0
	.globl	riscv_satp_mode
riscv_satp_mode:
	.dword	SATP_MODE_MAX	/* arch_set_pt_format() may lower it */
	.globl	riscv_handoff
riscv_handoff:
	.dword	0, 0, 0, RISCV_HARTID_NONE
	.globl	riscv_park_mailbox
riscv_park_mailbox:
	.dword	RISCV_HARTID_NONE, 0
