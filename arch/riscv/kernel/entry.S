/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The supervisor trap vector (stvec, direct mode). Saves the interrupted
 * registers as a struct riscv_regs on the stack, calls riscv_trap(), then
 * restores them (sepc possibly changed) and returns with sret.
 */
#define REG(n)		((n) * 8)
#define S_SEPC		REG(32)
#define S_SSTATUS	REG(33)
#define S_SCAUSE	REG(34)
#define S_STVAL		REG(35)
#define S_FRAME		REG(36)

	.text
	.balign	4
	.globl	vectors
vectors:
	addi	sp, sp, -S_FRAME
	sd	x1, REG(1)(sp)
	sd	x3, REG(3)(sp)
	sd	x4, REG(4)(sp)
	sd	x5, REG(5)(sp)
	sd	x6, REG(6)(sp)
	sd	x7, REG(7)(sp)
	sd	x8, REG(8)(sp)
	sd	x9, REG(9)(sp)
	sd	x10, REG(10)(sp)
	sd	x11, REG(11)(sp)
	sd	x12, REG(12)(sp)
	sd	x13, REG(13)(sp)
	sd	x14, REG(14)(sp)
	sd	x15, REG(15)(sp)
	sd	x16, REG(16)(sp)
	sd	x17, REG(17)(sp)
	sd	x18, REG(18)(sp)
	sd	x19, REG(19)(sp)
	sd	x20, REG(20)(sp)
	sd	x21, REG(21)(sp)
	sd	x22, REG(22)(sp)
	sd	x23, REG(23)(sp)
	sd	x24, REG(24)(sp)
	sd	x25, REG(25)(sp)
	sd	x26, REG(26)(sp)
	sd	x27, REG(27)(sp)
	sd	x28, REG(28)(sp)
	sd	x29, REG(29)(sp)
	sd	x30, REG(30)(sp)
	sd	x31, REG(31)(sp)
	addi	t0, sp, S_FRAME
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
	ld	x1, REG(1)(sp)
	ld	x3, REG(3)(sp)
	ld	x4, REG(4)(sp)
	ld	x5, REG(5)(sp)
	ld	x6, REG(6)(sp)
	ld	x7, REG(7)(sp)
	ld	x8, REG(8)(sp)
	ld	x9, REG(9)(sp)
	ld	x10, REG(10)(sp)
	ld	x11, REG(11)(sp)
	ld	x12, REG(12)(sp)
	ld	x13, REG(13)(sp)
	ld	x14, REG(14)(sp)
	ld	x15, REG(15)(sp)
	ld	x16, REG(16)(sp)
	ld	x17, REG(17)(sp)
	ld	x18, REG(18)(sp)
	ld	x19, REG(19)(sp)
	ld	x20, REG(20)(sp)
	ld	x21, REG(21)(sp)
	ld	x22, REG(22)(sp)
	ld	x23, REG(23)(sp)
	ld	x24, REG(24)(sp)
	ld	x25, REG(25)(sp)
	ld	x26, REG(26)(sp)
	ld	x27, REG(27)(sp)
	ld	x28, REG(28)(sp)
	ld	x29, REG(29)(sp)
	ld	x30, REG(30)(sp)
	ld	x31, REG(31)(sp)
	addi	sp, sp, S_FRAME
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
