// SPDX-License-Identifier: GPL-2.0
// bench.py --selftest: a program of known length, run in M-mode with
// "-bios none". Every instruction from _start to the exit store is
// counted: 1 + 2 * LOOPS + 4.
	.set	LOOPS, 1000
	.globl	expected_count
	.set	expected_count, 1 + 2 * LOOPS + 4
	.option	norvc
	.text
	.globl	_start
_start:
	addi	t0, zero, LOOPS
1:	addi	t0, t0, -1
	bnez	t0, 1b
	lui	t1, 0x100		// the SiFive test device at 0x100000
	lui	t2, 0x5
	addi	t2, t2, 0x555		// 0x5555: pass, exit status 0
	sw	t2, 0(t1)
2:	j	2b
