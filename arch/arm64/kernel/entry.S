/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EL1 exception vector table (DDI 0487 D1.10.2: 16 entries of 128
 * bytes, 2 KB aligned). Every entry saves the interrupted registers as a
 * struct arm64_regs on the stack and calls arm64_trap(); if that returns,
 * the (possibly changed) registers are restored and the exception
 * returns.
 */
#include <lander/smp.h>

#define S_X30		(30 * 8)
#define S_ELR		(31 * 8)
#define S_SPSR		(32 * 8)
#define S_ESR		(33 * 8)
#define S_FAR		(34 * 8)
#define S_SP		(35 * 8)
#define S_VECTOR	(36 * 8)
#define S_FRAME		(38 * 8)	/* 16-byte aligned */

	/*
	 * Every entry first checks the stack (include/lander/smp.h): once
	 * this CPU has its cpu_info (TPIDR_EL1), its stack lies where bit
	 * SMP_STACK_SHIFT is 1 and its guard where it is 0. If the frame
	 * would land in the guard, the entry moves to the CPU's emergency
	 * stack to report the overflow. SP_EL0 and TPIDRRO_EL0 are the
	 * scratch registers: nothing runs at EL0.
	 */
	.macro	vector_entry, n
	.balign	128
	msr	sp_el0, x0
	mrs	x0, tpidr_el1
	cbz	x0, 1f
	mov	x0, sp
	sub	x0, x0, #S_FRAME
	tbz	x0, #SMP_STACK_SHIFT, 2f
1:	mrs	x0, sp_el0
	sub	sp, sp, #S_FRAME
	stp	x0, x1, [sp, #0]
	add	x1, sp, #S_FRAME
	str	x1, [sp, #S_SP]		/* the interrupted sp */
	mov	x0, #\n
	b	trap_common
2:	msr	tpidrro_el0, x1
	mov	x1, sp
	mrs	x0, tpidr_el1
	ldr	x0, [x0, #CPU_INFO_OVERFLOW_SP_OFFSET]
	sub	sp, x0, #S_FRAME
	str	x1, [sp, #S_SP]		/* the interrupted sp, in the guard */
	mrs	x0, sp_el0
	mrs	x1, tpidrro_el0
	stp	x0, x1, [sp, #0]
	mov	x0, #\n
	b	trap_common
	.endm

/* Store (stp) or load (ldp) x2..x29 at their places in struct arm64_regs. */
	.macro	x2_to_x29, op
	\op	x2, x3, [sp, #16]
	\op	x4, x5, [sp, #32]
	\op	x6, x7, [sp, #48]
	\op	x8, x9, [sp, #64]
	\op	x10, x11, [sp, #80]
	\op	x12, x13, [sp, #96]
	\op	x14, x15, [sp, #112]
	\op	x16, x17, [sp, #128]
	\op	x18, x19, [sp, #144]
	\op	x20, x21, [sp, #160]
	\op	x22, x23, [sp, #176]
	\op	x24, x25, [sp, #192]
	\op	x26, x27, [sp, #208]
	\op	x28, x29, [sp, #224]
	.endm

	.text
	.balign	2048
	.globl	vectors
vectors:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_entry \n
	.endr

trap_common:
	str	x0, [sp, #S_VECTOR]
	x2_to_x29 stp
	str	x30, [sp, #S_X30]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #S_ELR]
	mrs	x0, esr_el1
	mrs	x1, far_el1
	stp	x0, x1, [sp, #S_ESR]
	mov	x0, sp
	bl	arm64_trap
	ldp	x0, x1, [sp, #S_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	x2_to_x29 ldp
	ldr	x30, [sp, #S_X30]
	add	sp, sp, #S_FRAME
	eret

/*
 * Probes for the self-tests: each returns 0, or -EFAULT (-14) when the
 * access faults; the __ex_table entry sends the fault to the fixup.
 * Entries hold offsets from themselves, so they need no relocation.
 */
	.macro	extable, insn, fixup
	.pushsection __ex_table, "a"
	.balign	4
	.long	\insn - .
	.long	\fixup - .
	.popsection
	.endm

/* int arch_probe_read(const void *addr, u64 *val) */
	.globl	arch_probe_read
arch_probe_read:
1:	ldr	x2, [x0]
	str	x2, [x1]
	mov	x0, #0
	ret
	extable	1b, probe_fault

/* int arch_probe_write(void *addr, u64 val) */
	.globl	arch_probe_write
arch_probe_write:
1:	str	x1, [x0]
	mov	x0, #0
	ret
	extable	1b, probe_fault

probe_fault:
	mov	x0, #-14
	ret

/*
 * struct semihost_ret arm64_semihost(op, arg): a semihosting call, x0 = op,
 * x1 = arg. Returns x0 = its result and x1 = 0, or x1 = 1 if hlt #0xf000
 * is undefined here (no semihosting): the trap resumes at the fixup.
 * Callable with the MMU off: the vectors are installed before early_boot().
 */
	.globl	arm64_semihost
arm64_semihost:
1:	hlt	#0xf000
	mov	x1, #0
	ret
	extable	1b, 2f
2:	mov	x1, #1
	ret
