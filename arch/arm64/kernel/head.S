/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 entry: the Linux Image header, then just enough to run C.
 *
 * The loader enters at _text with the MMU off, x0 = the DTB's physical
 * address, at EL2 or EL1 (Documentation/arch/arm64/booting.rst). We drop
 * to EL1, set a stack, let early_boot() (C, position independent) check
 * the load and make the boot's decisions, enter the copy it made if KASLR
 * moved the image, let early_finish() relocate the image and build the
 * early tables, then turn the MMU on from identity-mapped code and jump
 * to the virtual address.
 */
#include <lander/smp.h>
#include <asm/mmu.h>

#define CurrentEL_EL2		(2 << 2)
#define HCR_EL2_RW		(1 << 31)	/* EL1 is AArch64 */
#define HCR_EL2_E2H_BIT		34		/* EL2 is a host OS's (VHE) */
/* EL1 may use the physical counter and timer: CNTHCTL_EL2 with E2H 0, and with E2H 1. */
#define CNTHCTL_EL1PCxEN	(3 << 0)	/* EL1PCEN, EL1PCTEN */
#define CNTHCTL_E2H_EL1PxEN	(3 << 10)	/* EL1PTEN, EL1PCTEN */
#define SCTLR_EL12		s3_5_c1_c0_0	/* SCTLR_EL1 as EL2 names it with E2H */
#define PSR_EL1h_MASKED		0x3c5		/* DAIF set, EL1 with SP_EL1 */
#define SCTLR_EL1_RES1		((1 << 29) | (1 << 28) | (1 << 23) | (1 << 22) | \
				 (1 << 20) | (1 << 11))
#define SCTLR_EL1_MMU_OFF	SCTLR_EL1_RES1
#define SCTLR_EL1_MMU_ON	(SCTLR_EL1_RES1 | (1 << 12) | (1 << 2) | (1 << 0)) /* I C M */

#if CONFIG_PAGE_SHIFT == 12
#define IMAGE_FLAG_PAGE		1
#elif CONFIG_PAGE_SHIFT == 14
#define IMAGE_FLAG_PAGE		2
#else
#define IMAGE_FLAG_PAGE		3
#endif
/* Little-endian, page size, and "may be placed anywhere in RAM" (bit 3). */
#define IMAGE_FLAGS		((IMAGE_FLAG_PAGE << 1) | (1 << 3))

	/* PC-relative address of sym in reg, reaching +-4 GB. */
	.macro	adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm

/*
 * The TTBRn_EL1 value for a root table at physical address reg, in place:
 * PA[47:1] in place, PA[51:48] in bits 5:2 (asm/mmu.h, arm64_ttbr()).
 * Clobbers tmp.
 */
	.macro	phys_to_ttbr, reg, tmp
	lsr	\tmp, \reg, #46
	and	\tmp, \tmp, #0x3c
	and	\reg, \reg, #0xffffffffffff
	orr	\reg, \reg, \tmp
	.endm

/*
 * With the translation registers written: drop every translation cached
 * from before, turn the MMU and the caches on, and drop the instructions
 * fetched with the MMU off. Clobbers x0. The caller's code must be
 * identity mapped (.idmap.text).
 */
	.macro	mmu_on
	isb
	tlbi	vmalle1			/* nothing from before may be used */
	dsb	nsh
	isb
	ldr	x0, =SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x0
	isb
	ic	iallu			/* drop instructions fetched with the MMU off */
	dsb	nsh
	isb
	.endm

	.section .head.text, "ax"
	.globl	_head
_head:
#ifdef CONFIG_EFI
	/* code0: "MZ", the PE/COFF signature (boot/efi/pe_header.S); only sets the flags */
	ccmp	x18, #0, #0xd, pl
	b	primary_entry		/* code1 */
#else
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
#endif
	.quad	0			/* text_offset */
	.quad	_kernel_size		/* image_size, bss and early tables included */
	.quad	IMAGE_FLAGS		/* flags */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
#ifdef CONFIG_EFI
	.long	__pe_header_off		/* res5: the PE/COFF header's offset */
#else
	.long	0			/* res5: no PE/COFF header */
#endif

	.text
primary_entry:
	mov	x19, x0			/* the DTB, kept across the calls */
	bl	el2_to_el1
	msr	tpidr_el1, xzr		/* no per-CPU data yet (include/lander/smp.h) */
	ldr	x0, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	isb
	adr_l	x0, __bss_start		/* .bss, the early tables, the stack */
	adr_l	x1, _end
	bl	inval_beyond_file
	adr_l	x0, boot_stack_top
	mov	sp, x0
	adr_l	x0, vectors		/* faults with the MMU off land here too */
	msr	vbar_el1, x0
	isb
	mov	x0, x19
	adr_l	x1, _text
	bl	early_boot		/* x0 = where _text must run */
	adr_l	x1, _text
	cmp	x0, x1
	b.ne	enter_copy
finish:
	adr_l	x0, _text
	bl	early_finish		/* x0 = the image's VA - PA, x1 = idmap root */
	b	enable_mmu

/*
 * x0 = the physical address of _text in the copy early_boot() made (KASLR
 * moved the image). Enter the copy at moved_entry with x0 = this copy's
 * boot_info, which the copy takes over: every decision is in it.
 *
 * The copy was written with the MMU off, so its bytes go to memory, but
 * the instruction cache may hold lines for those addresses from before
 * (the firmware ran code there): invalidate it all. The first DSB
 * completes the copy's stores before the invalidation, the second
 * completes the invalidation, and the ISB makes later fetches see it
 * (DDI 0487, "Instruction cache maintenance" and "Ordering and completion
 * of data and instruction cache instructions"). The D-cache lines of the
 * whole copy were invalidated before it was written (early.c,
 * copy_image()).
 */
enter_copy:
	dsb	sy
	ic	iallu
	dsb	nsh
	isb
	adr_l	x1, _text
	adr_l	x2, moved_entry
	sub	x2, x2, x1
	add	x2, x2, x0
	adr_l	x0, boot_info
	br	x2

/*
 * The copy's entry, x0 = the loaded copy's boot_info. Already at EL1 with
 * the MMU off. Nothing past the copy's file was written, and all of it had
 * its cache lines invalidated before the copy, so unlike primary_entry
 * there is nothing to invalidate here.
 */
moved_entry:
	mov	x19, x0
	adr_l	x0, boot_stack_top
	mov	sp, x0
	adr_l	x0, vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19
	bl	early_boot_moved
	b	finish

/*
 * Invalidate [x0, x1) to the Point of Coherency, before anything writes
 * it. Called with the MMU off, before the stack is used; clobbers x0-x3.
 *
 * .bss, the early tables and the stack lie past the file the loader
 * wrote, so the boot protocol says nothing of their cache lines: a dirty
 * line left there by the firmware could be evicted over what the kernel
 * writes with the MMU off (Device accesses: straight to memory), or be
 * hit once the caches come on. Invalidating them afterwards is not safe:
 * with HCR_EL2.VM or HCR_EL2.DC set, an EL1 DC IVAC may be performed as
 * DC CIVAC (DDI 0487, "DC IVAC" and the HCR_EL2.VM/DC descriptions), which
 * would write the stale dirty lines over the fresh data. Done first, a
 * clean of a stale line only reaches memory before the kernel's writes.
 *
 * The DMB orders the loader's and our earlier accesses before the
 * maintenance; the DSB completes it before the first write to the range
 * (DDI 0487, "Ordering and completion of data and instruction cache
 * instructions").
 */
inval_beyond_file:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* CTR_EL0.DminLine: log2 of the line in words */
	mov	x2, #4
	lsl	x2, x2, x3		/* the smallest D-cache line, in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
	dmb	sy
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/*
 * Entered at EL2 (the loader may do so), make EL1 AArch64 with access to
 * the physical counter and timer, its ID registers reading as the real
 * CPU's, then return to the caller at EL1h with interrupts masked. Entered
 * at EL1, select SP_EL1: the loader may have left SP_EL0 selected, and
 * exceptions taken to EL1 always use SP_EL1 (DDI 0487, "The stack
 * pointer registers", and PSTATE.SP).
 */
el2_to_el1:
	mrs	x0, CurrentEL
	cmp	x0, #CurrentEL_EL2
	b.ne	1f
	ldr	x0, =HCR_EL2_RW
	msr	hcr_el2, x0
	/*
	 * HCR_EL2.E2H may be RES1 (FEAT_VHE without FEAT_E2H0): it changes
	 * the layout of CNTHCTL_EL2 and sends *_EL1 accesses at EL2 to the
	 * *_EL2 registers (DDI 0487, "Virtualization Host Extensions" and
	 * HCR_EL2.E2H). A direct write to a system register is only seen by later
	 * instructions after a context synchronization event (DDI 0487,
	 * "Synchronization requirements for AArch64 System registers"), so
	 * synchronize, then read back what took.
	 */
	isb
	mrs	x0, hcr_el2
	ldr	x1, =SCTLR_EL1_MMU_OFF
	tbnz	x0, #HCR_EL2_E2H_BIT, 2f
	mov	x0, #CNTHCTL_EL1PCxEN
	msr	cnthctl_el2, x0
	msr	sctlr_el1, x1
	b	3f
2:	mov	x0, #CNTHCTL_E2H_EL1PxEN
	msr	cnthctl_el2, x0
	msr	SCTLR_EL12, x1		/* with E2H, SCTLR_EL1 would name SCTLR_EL2 */
3:	msr	cntvoff_el2, xzr
	/*
	 * EL1 reads of MIDR_EL1 and MPIDR_EL1 return VPIDR_EL2 and VMPIDR_EL2,
	 * whose reset values are UNKNOWN (DDI 0487, the VPIDR_EL2 and
	 * VMPIDR_EL2 descriptions): give them the real CPU's values, which
	 * EL2 reads.
	 */
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mov	x0, #PSR_EL1h_MASKED
	msr	spsr_el2, x0
	msr	elr_el2, lr
	eret
1:	msr	spsel, #1
	ret

	.section .idmap.text, "ax"
/*
 * x0 = VA - PA of the image, x1 = the identity map's root (early_finish()'s
 * struct early_handover). Program the translation registers, turn the
 * MMU on, and branch to primary_switched at its virtual address. This
 * page is identity mapped by TTBR0, so the instructions after the MMU
 * comes on are still found. (No stale cache line hides what was written
 * with the caches off: past the file, primary_entry invalidated before
 * the writes; in it, early_finish() after them; in a copy KASLR made,
 * early_boot() invalidated all of it before writing.)
 */
enable_mmu:
	mov	x20, x0
	mov	x21, x1
	bl	arm64_mmu_regs		/* x0 = TCR_EL1, x1 = MAIR_EL1 */
	msr	tcr_el1, x0
	msr	mair_el1, x1
	adr_l	x0, init_pg_dir
	phys_to_ttbr x0, x1
	msr	ttbr1_el1, x0
	phys_to_ttbr x21, x1
	msr	ttbr0_el1, x21
	mmu_on
	adr_l	x0, primary_switched
	add	x0, x0, x20
	br	x0

/*
 * A secondary CPU's entry (arch/arm64/kernel/smp.c), at its physical
 * address with the MMU off, at EL2 or EL1, from PSCI CPU_ON or a spin
 * table. Reads arm64_secondary_handoff (cleaned to the Point of Coherency
 * by the boot CPU: these loads miss the caches), programs the boot CPU's
 * translation registers with TTBR0 = an identity map of this page and
 * TTBR1 = the kernel's live root, turns the MMU on as enable_mmu does,
 * and jumps to arm64_secondary_switched's virtual address with x0 = the
 * CPU's cpu_info.
 */
	.globl	secondary_entry
secondary_entry:
	bl	el2_to_el1
	msr	tpidr_el1, xzr		/* the exception entry reads it: the firmware's value is junk */
	ldr	x0, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	isb
	adr_l	x0, vectors
	msr	vbar_el1, x0
	adr_l	x9, arm64_secondary_handoff
	ldp	x1, x2, [x9, #0]	/* tcr, mair */
	ldp	x3, x4, [x9, #16]	/* ttbr0 (identity map), ttbr1 (kernel root) */
	ldp	x5, x6, [x9, #32]	/* cpu_info, arm64_secondary_switched (VAs) */
	ldr	x7, [x9, #48]		/* the empty root, for TTBR0 afterwards */
	msr	tcr_el1, x1
	msr	mair_el1, x2
	msr	ttbr0_el1, x3
	msr	ttbr1_el1, x4
	mmu_on
	mov	x0, x5
	mov	x1, x7
	br	x6

	.text
/*
 * x0 = this CPU's cpu_info, x1 = the empty root. At virtual addresses:
 * take the CPU's own stack and per-CPU pointer, the vectors at their
 * virtual address, drop the identity map (as the boot CPU did when its
 * final tables went live), and enter the generic code.
 */
	.globl	arm64_secondary_switched
arm64_secondary_switched:
	ldr	x2, [x0, #CPU_INFO_STACK_TOP_OFFSET]
	mov	sp, x2
	msr	tpidr_el1, x0
	adr_l	x2, vectors
	msr	vbar_el1, x2
	msr	ttbr0_el1, x1
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mov	x29, xzr
	mov	x30, xzr
	bl	secondary_start
1:	wfi
	b	1b

/* void arch_call_on_stack(void (*fn)(void), virt_addr_t sp): fn on a new stack, for good. */
	.globl	arch_call_on_stack
arch_call_on_stack:
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	br	x0

/* Now at the linked (or displaced) virtual address. */
primary_switched:
	adr_l	x0, boot_stack_top
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	adr_l	x0, vectors
	msr	vbar_el1, x0
	isb
	bl	start_kernel
2:	wfi
	b	2b
