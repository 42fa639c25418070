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
 */
#include <asm/mmu.h>

	.section .head.text, "ax"
	.option	push
	.option	norvc
	.globl	_head
_head:
	j	primary_entry		/* code0 */
	.word	0			/* code1 */
	.dword	0x200000		/* text_offset: loaders place us 2 MB into RAM */
	.dword	_end - _text		/* image_size: ADD64/SUB64, resolved at link time */
	.dword	0			/* flags: little-endian */
	.word	2			/* version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated, still checked by tools) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* res3: no PE/COFF header */
	.option	pop

	.text
primary_entry:
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

park:
	wfi
	j	park

	.balign	4
primary_switched:
	lla	sp, boot_stack_top
	lla	t0, vectors
	csrw	stvec, t0
	li	ra, 0
	li	s0, 0
	call	start_kernel
	j	park

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
