/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A loader shim for the boot tests: OpenSBI enters it as its payload in
 * S-mode; it enters the Image that QEMU's loader device placed in RAM,
 * by the riscv boot protocol: a0 = hart id (kept), a1 = DTB, satp = 0.
 * The test wrote { u64 image_pa; u64 dtb_pa; u64 flags; } at SHIM_PARAMS;
 * dtb_pa 0 means "pass on the DTB OpenSBI gave us", which describes
 * OpenSBI's own reserved memory.
 *
 * flags bit 1 (SHIM_ALL_HARTS): first start every other hart at the
 * Image's entry too, as U-Boot SPL and some firmware do: SBI HSM
 * hart_start(hart id, image_pa, DTB) for each hart id below
 * SHIM_MAX_HARTS but this one (the firmware refuses ids it has no hart
 * for: the errors are ignored). All then race into the kernel, and any
 * of them may be the one that boots.
 */
#define SHIM_PARAMS	0x80210000
#define SHIM_ALL_HARTS	2
#define SHIM_MAX_HARTS	512	/* QEMU virt's most */
#define SBI_EXT_HSM	0x48534d

	.globl	_start
_start:
	li	t0, SHIM_PARAMS
	ld	s2, 0(t0)
	ld	t2, 8(t0)
	ld	t3, 16(t0)
	beqz	t2, 1f
	mv	a1, t2
1:	andi	t3, t3, SHIM_ALL_HARTS
	beqz	t3, 4f
	mv	s0, a0
	mv	s1, a1
	li	s3, 0
	li	s4, SHIM_MAX_HARTS
2:	beq	s3, s0, 3f
	mv	a0, s3
	mv	a1, s2
	mv	a2, s1
	li	a6, 0			/* hart_start */
	li	a7, SBI_EXT_HSM
	ecall
3:	addi	s3, s3, 1
	blt	s3, s4, 2b
	mv	a0, s0
	mv	a1, s1
4:	jr	s2
