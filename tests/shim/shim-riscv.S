/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A loader shim for the boot tests: OpenSBI enters it as its payload in
 * S-mode; it enters the Image that QEMU's loader device placed in RAM,
 * by the riscv boot protocol: a0 = hart id (kept), a1 = DTB, satp = 0.
 * The test wrote { u64 image_pa; u64 dtb_pa; } at SHIM_PARAMS; dtb_pa 0
 * means "pass on the DTB OpenSBI gave us", which describes OpenSBI's own
 * reserved memory.
 */
#define SHIM_PARAMS	0x80210000

	.globl	_start
_start:
	li	t0, SHIM_PARAMS
	ld	t1, 0(t0)
	ld	t2, 8(t0)
	beqz	t2, 1f
	mv	a1, t2
1:	jr	t1
