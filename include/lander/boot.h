/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the early boot learned, for the rest of the kernel.
 *
 * early_boot() fills boot_info with the MMU off; start_kernel() and
 * everything after read it at virtual addresses. Data flows one way:
 * nothing after early_boot() writes it, apart from the fields marked.
 */
#ifndef LANDER_BOOT_H
#define LANDER_BOOT_H

#include <lander/fdt.h>
#include <lander/types.h>

struct boot_info {
	struct fdt fdt;	    /* the validated DTB (blob: its physical address) */
	phys_addr_t fdt_pa; /* where the loader put the DTB */
	u32 fdt_size;	    /* its totalsize */
	virt_addr_t fdt_va; /* its fixmap address */

	phys_addr_t kimage_pa; /* physical address of _text: the load address */
	u64 kimage_size;       /* _end - _text */
	virt_addr_t kimage_va; /* virtual address of _text: link address + displacement */
	u64 displacement;      /* kimage_va - KERNEL_LINK_ADDR */
	u64 nr_relocs;	       /* RELATIVE relocations applied */

	phys_addr_t early_pool_pa;  /* init_pg_dir: the early tables' pool */
	unsigned long early_tables; /* pages of it in use */
	phys_addr_t idmap_root_pa;  /* arm64 TTBR0 root while the MMU came on (0: none) */
};

extern struct boot_info boot_info;

/*
 * The early boot, called by head.S with the MMU off: fdt_pa from the
 * loader, text_pa the running address of _text. Returns the image's
 * virtual-minus-physical offset for head.S's jump, or does not return.
 */
u64 early_boot(phys_addr_t fdt_pa, phys_addr_t text_pa);

/* The generic kernel entry at virtual addresses (boot/main.c). */
void __noreturn start_kernel(void);

/* The device tree the loader passed, through its fixmap mapping. */
const struct fdt *boot_fdt(void);

/*
 * Find option name in the boot options (CONFIG_CMDLINE, then
 * /chosen/bootargs as boot_dt holds them: the later one wins). With a value ("name=value"),
 * *value and *len describe it; a bare "name" gives *len = 0 (value and
 * len may be NULL). Returns true if present. Works with the MMU off.
 */
bool boot_option(const char *name, const char **value, int *len);

/*
 * Boot milestones for the benchmark: relocations applied (MMU off), first
 * code on the early tables, first code on the final tables, ready.
 */
void milestone_relocated(void);
void milestone_early_tables_live(void);
void milestone_final_tables_live(void);
void milestone_ready(void);

/* Image symbols from the linker script. */
extern char _text[], _stext[], _etext[], _srodata[], _erodata[];
extern char __init_begin[], __init_data_begin[], __init_end[], _sinittext[], _einittext[];
extern char _sdata[], _edata[], __bss_start[], __bss_stop[], _end[];
extern char __idmap_text_start[], __idmap_text_end[];
extern char init_pg_dir[], init_pg_end[], boot_stack[], boot_stack_top[];

#endif
