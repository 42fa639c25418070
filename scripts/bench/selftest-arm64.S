// SPDX-License-Identifier: GPL-2.0
// bench.py --selftest: a program of known length. Every instruction from
// _start to the exit call is counted: 1 + 2 * LOOPS + 3.
	.set	LOOPS, 1000
	.globl	expected_count
	.set	expected_count, 1 + 2 * LOOPS + 3
	.text
	.globl	_start
_start:
	mov	x2, #LOOPS
1:	subs	x2, x2, #1
	b.ne	1b
	adr	x1, exit_block
	mov	x0, #0x18		// SYS_EXIT
	hlt	#0xf000			// semihosting: QEMU exits with status 0
	b	.
	.balign	8
exit_block:
	.quad	0x20026, 0		// ADP_Stopped_ApplicationExit, status 0
