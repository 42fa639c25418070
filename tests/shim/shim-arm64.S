/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A loader shim for the boot tests: QEMU starts it as an ELF; it enters
 * the Image that QEMU's loader device placed in RAM, by the arm64 boot
 * protocol: x0 = DTB, x1-x3 = 0, MMU off, at the EL QEMU started us in.
 * The test wrote { u64 image_pa; u64 dtb_pa; u64 flags; } at SHIM_PARAMS.
 * flags bit 0: enter with SP_EL0 selected (PSTATE.SP = 0), which the boot
 * protocol does not forbid.
 */
#define SHIM_PARAMS	0x40110000

	.globl	_start
_start:
	ldr	x4, =SHIM_PARAMS
	ldr	x5, [x4]
	ldr	x0, [x4, #8]
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x6, [x4, #16]
	tbz	x6, #0, 1f
	msr	spsel, #0
1:	br	x5
