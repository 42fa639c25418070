/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hand-over from the early boot to the rest of the kernel.
 *
 * early_boot() runs with the MMU off; each of its steps returns what it
 * found or decided, and early_boot() alone stores the results in
 * boot_info. start_kernel() and everything after read boot_info at
 * virtual addresses and never write it.
 */
#ifndef LANDER_BOOT_H
#define LANDER_BOOT_H

#include <lander/dt_info.h>
#include <lander/fdt.h>
#include <lander/kaslr.h>
#include <lander/types.h>
#include <mm/vm_layout.h>

struct boot_info {
	struct fdt fdt;	    /* the validated DTB (blob: its physical address) */
	phys_addr_t fdt_pa; /* where the loader put the DTB */
	u32 fdt_size;	    /* its totalsize */
	virt_addr_t fdt_va; /* its fixmap address */
	struct dt_info dt;  /* what the kernel needs of it, read in one pass */

	unsigned int va_bits;	   /* the paging format chosen for this CPU (arch_pt_format()) */
	phys_addr_t loaded_pa;	   /* where the loader put _text */
	phys_addr_t kimage_pa;	   /* where _text runs: loaded_pa, or where KASLR moved it */
	u64 kimage_size;	   /* _end - _text */
	struct kimage_place place; /* where _text runs, and the modules and BPF windows */
	struct kaslr_report kaslr; /* how the place was chosen */
	u64 linear_draw;	   /* KASLR's draw for RAM's place in the linear map, or 0 */
	u32 kaslr_phys;		   /* enum kaslr_phys: whether KASLR moved the image in RAM */
	u64 nr_relocs;		   /* RELATIVE relocations applied */

	phys_addr_t early_pool_pa;  /* init_pg_dir: the early tables' pool */
	unsigned long early_tables; /* pages of it in use */
	phys_addr_t idmap_root_pa;  /* arm64 TTBR0 root while the MMU came on (0: none) */
};

extern struct boot_info boot_info;

/*
 * What head.S needs to turn the MMU on, returned in two registers (x0/x1,
 * a0/a1): the image's virtual-minus-physical offset for the jump, and the
 * identity map's root (0 where the arch needs none).
 */
struct early_handover {
	u64 va_offset;
	phys_addr_t idmap_root_pa;
};

/*
 * The early boot, in three calls from head.S, all with the MMU off:
 *
 *   early_boot(fdt_pa, text_pa)    fdt_pa from the loader, text_pa the
 *	loaded address of _text. Makes every decision of the boot into
 *	boot_info, copies the image if physical KASLR moves it, and returns
 *	where _text must run: text_pa, or the copy's address. Then head.S
 *	either goes on here, or makes the copy's instructions visible and
 *	enters it with the loaded boot_info's physical address.
 *   early_boot_moved(from_pa)      in the copy: clears its .bss and takes
 *	over the boot_info at from_pa (nothing is decided again).
 *   early_finish(text_pa)          where _text runs: relocates the image
 *	and builds the early tables; returns what head.S needs to turn the
 *	MMU on.
 *
 * Each either returns or does not return at all (a failure ends the machine).
 */
phys_addr_t early_boot(phys_addr_t fdt_pa, phys_addr_t text_pa);
void early_boot_moved(phys_addr_t from_pa);
struct early_handover early_finish(phys_addr_t text_pa);

/* The generic kernel entry at virtual addresses (boot/main.c). */
void __noreturn start_kernel(void);

/* The device tree the loader passed, through its fixmap mapping. */
const struct fdt *boot_fdt(void);

#endif
