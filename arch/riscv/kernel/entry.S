/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The supervisor trap vector (stvec, direct mode). Saves the interrupted
 * registers as a struct riscv_regs on the stack, calls riscv_trap(), then
 * restores them (sepc possibly changed) and returns with sret.
 *
 * Once a hart has its cpu_info (tp != 0) its stack is a guarded one
 * (lander/smp.h): bit SMP_STACK_SHIFT of an address in it is 1, in the
 * guard below it 0. If the frame would start in the guard, the stack has
 * overflowed (or is about to): the frame goes on the CPU's emergency stack
 * (cpu_info.overflow_sp) instead, so the report can run. With tp == 0 the
 * hart is still on the image's boot stack: no check. sscratch holds the
 * interrupted sp meanwhile (nothing else uses it), so sp itself is the
 * scratch register and every other register is saved untouched; the
 * frame's sp slot gets the interrupted sp either way.
 */
#include <lander/smp.h>

#define REG(n)		((n) * 8)
#define S_SEPC		REG(32)
#define S_SSTATUS	REG(33)
#define S_SCAUSE	REG(34)
#define S_STVAL		REG(35)
#define S_FRAME		REG(36)

/* Store (sd) or load (ld) each register but sp (x2) at its place in struct riscv_regs. */
	.macro	regs_except_sp, op
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	\op	x\n, REG(\n)(sp)
	.endr
	.endm

	.text
	.balign	4
	.globl	vectors
vectors:
	csrw	sscratch, sp
	beqz	tp, 1f
	addi	sp, sp, -S_FRAME
	srli	sp, sp, SMP_STACK_SHIFT
	andi	sp, sp, 1
	bnez	sp, 1f
	ld	sp, CPU_INFO_OVERFLOW_SP_OFFSET(tp)	/* the stack overflowed into its guard */
	j	2f
1:	csrr	sp, sscratch
2:	addi	sp, sp, -S_FRAME
	regs_except_sp sd
	csrr	t0, sscratch
	sd	t0, REG(2)(sp)		/* the interrupted sp */
	csrr	t0, sepc
	sd	t0, S_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, S_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, S_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, S_STVAL(sp)
	mv	a0, sp
	call	riscv_trap
	ld	t0, S_SEPC(sp)
	csrw	sepc, t0
	ld	t0, S_SSTATUS(sp)
	csrw	sstatus, t0
	regs_except_sp ld
	ld	sp, REG(2)(sp)		/* last: the frame may be on the emergency stack */
	sret

/*
 * Probes for the self-tests: 0, or -EFAULT (-14) when the access faults.
 * __ex_table entries hold offsets from themselves: no relocations.
 */
	.macro	extable, insn, fixup
	.pushsection __ex_table, "a"
	.balign	4
	.word	\insn - .
	.word	\fixup - .
	.popsection
	.endm

/* int arch_probe_read(const void *addr, u64 *val) */
	.globl	arch_probe_read
arch_probe_read:
1:	ld	a2, (a0)
	sd	a2, (a1)
	li	a0, 0
	ret
	extable	1b, probe_fault

/* int arch_probe_write(void *addr, u64 val) */
	.globl	arch_probe_write
arch_probe_write:
1:	sd	a1, (a0)
	li	a0, 0
	ret
	extable	1b, probe_fault

probe_fault:
	li	a0, -14
	ret
