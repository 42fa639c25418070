/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Leave the EFI stub for the kernel's entry (asm/efi.h):
 * x0 = text_pa, x1 = the tree, x2 = 0, x3 = the image's extent in bytes,
 * x4 = the tree's size. Boot services are gone; the firmware's identity
 * map and caches are still on.
 *
 * The entry wants the MMU and the data cache off, the image and the tree
 * cleaned to the point of coherency, interrupts masked and x0 = the tree
 * (Documentation/arch/arm64/booting.rst). The stub wrote the copy and the
 * tree through the cache, so both are cleaned and invalidated by VA to
 * the PoC first; the DSB completes that before the MMU goes off (DDI
 * 0487, "Ordering and completion of data and instruction cache
 * instructions"). The code runs in an identity map (UEFI 2.10, 2.3.6), so
 * the fetch after the SCTLR write comes from the same place. The
 * I-cache may hold lines of what the firmware ran where the copy now
 * lies: IC IALLU drops them before the branch.
 */
#define CurrentEL_EL2	(2 << 2)
#define SCTLR_M		(1 << 0)
#define SCTLR_C		(1 << 2)

	.section .init.text, "ax"
	.globl	arch_efi_enter
arch_efi_enter:
	msr	daifset, #0xf
	mov	x19, x0
	mov	x20, x1
	add	x1, x0, x3
	bl	dcache_civac_poc
	mov	x0, x20
	add	x1, x20, x4
	bl	dcache_civac_poc
	dsb	sy
	mrs	x5, CurrentEL
	cmp	x5, #CurrentEL_EL2
	b.ne	1f
	mrs	x5, sctlr_el2
	bic	x5, x5, #SCTLR_M
	bic	x5, x5, #SCTLR_C
	msr	sctlr_el2, x5
	b	2f
1:	mrs	x5, sctlr_el1
	bic	x5, x5, #SCTLR_M
	bic	x5, x5, #SCTLR_C
	msr	sctlr_el1, x5
2:	isb
	ic	iallu
	dsb	nsh
	isb
	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x19

/* Clean and invalidate [x0, x1) by VA to the PoC. Clobbers x0, x2, x3. */
dcache_civac_poc:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* CTR_EL0.DminLine: log2 of the line in words */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	civac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	ret
