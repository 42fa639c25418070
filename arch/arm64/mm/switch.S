/* SPDX-License-Identifier: GPL-2.0 */
/*
 * void arm64_replace_ttbr1(u64 root, u64 empty): TTBR1_EL1 values (arm64_ttbr())
 *
 * Runs identity mapped through TTBR0, so nothing it fetches depends on
 * TTBR1 while TTBR1 holds no valid translation. Uses no stack. Returns to
 * the caller's (TTBR1) address once the new root is in place.
 */
	.section .idmap.text, "ax"
	.globl	arm64_replace_ttbr1
arm64_replace_ttbr1:
	msr	ttbr1_el1, x1		/* break: no kernel translations at all */
	isb
	tlbi	vmalle1is		/* ...and none cached on any CPU */
	dsb	ish
	isb
	msr	ttbr1_el1, x0		/* make: the new root */
	isb
	ret
