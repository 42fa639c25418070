// SPDX-License-Identifier: GPL-2.0
/*
 * The early boot: everything between head.S's first call into C and the
 * MMU coming on. Early subset: runs at the physical load address, with
 * the MMU off, before (and during) relocation, so it uses no absolute
 * address and nothing in .data that holds one.
 *
 *   1. clear .bss
 *   2. validate the DTB and read what the kernel needs of it, once
 *      (dt_info_scan), which also finds the early devices (the console,
 *      the poweroff device); the CPU's MMU
 *   3. check the load address against the RAM the DTB describes
 *   4. choose the virtual displacement (boot option kernel_displacement=)
 *   5. apply the image's RELATIVE relocations for that displacement
 *   6. build the early page tables (mm/early_map.c)
 *
 * Any failure prints why and ends the machine with a failure status.
 */
#include <lander/boot.h>
#include <lander/dt_info.h>
#include <lander/early_dev.h>
#include <lander/errno.h>
#include <lander/machine.h>
#include <lander/printk.h>
#include <lander/reloc.h>
#include <lander/string.h>
#include <mm/early_map.h>
#include <mm/layout.h>
#include <mm/memory.h>
#include <asm/cpu.h>
#include <asm/reloc.h>

struct boot_info boot_info;

extern const struct elf64_rela __rela_start[], __rela_end[];

/* Is [pa, pa + size) inside one bank of RAM the device tree describes? */
static void __init check_in_ram(const char *what, phys_addr_t pa, u64 size)
{
	int i;

	for (i = 0; i < boot_dt.nr_banks; i++) {
		const struct fdt_range *b = &boot_dt.bank[i];

		if (pa >= b->base && pa - b->base < b->size && size <= b->size - (pa - b->base))
			return;
	}
	panic("%s at 0x%llx-0x%llx is not inside the RAM the device tree describes", what, pa,
	      pa + size);
}

/* Parse kernel_displacement=N; 0 without it. Fails on a bad value. */
static u64 __init choose_displacement(void)
{
	const char *val;
	int len;
	u64 disp;

	if (!boot_option("kernel_displacement", &val, &len))
		return 0;
	if (parse_u64(&val, &disp) || len == 0)
		panic("kernel_displacement: not a number");
	if (!IS_ALIGNED(disp, KIMAGE_ALIGN))
		panic("kernel_displacement=0x%llx is not a multiple of 2 MB", disp);
	if (disp > MAX_DISPLACEMENT)
		panic("kernel_displacement=0x%llx is beyond the image slots (at most 0x%llx)", disp,
		      (u64)MAX_DISPLACEMENT);
	return disp;
}

/* Apply the image's relocations for running at KERNEL_LINK_ADDR + disp. */
static void __init relocate_self(phys_addr_t text_pa, u64 disp)
{
	struct reloc_image img;
	struct reloc_error err;
	long n;

	img.link_base = KERNEL_LINK_ADDR;
	img.size = _end - _text;
	img.data = (u8 *)(uintptr_t)text_pa;
	img.displacement = disp;
	img.relative_type = ARCH_R_RELATIVE;
	n = relocate_image(&img, __rela_start, __rela_end - __rela_start, &err);
	if (n == -ENOEXEC && err.type == ARCH_R_RELATIVE)
		panic("relocation %llu (at 0x%llx) refers to symbol %u: a RELATIVE one may not",
		      err.index, err.offset, err.sym);
	if (n < 0)
		panic("relocation %llu (type %u at 0x%llx): %s", err.index, err.type, err.offset,
		      n == -ENOEXEC ? "not " ARCH_R_RELATIVE_NAME :
				      "outside the image or not 8-byte aligned");
	boot_info.nr_relocs = n;
}

/* Called by head.S if turning on the MMU did not take. */
void early_paging_failed(void);
void __init early_paging_failed(void)
{
	panic("the MMU did not come on: the CPU refused the translation mode");
}

u64 __init early_boot(phys_addr_t fdt_pa, phys_addr_t text_pa)
{
	struct early_map_request req;
	struct fdt fdt;
	u64 size = _end - _text;
	const char *why;
	int err;

	memset(__bss_start, 0, __bss_stop - __bss_start);

	if (!fdt_pa || !IS_ALIGNED(fdt_pa, 8))
		panic("no usable device tree: the loader passed 0x%llx (must be 8-byte aligned)",
		      fdt_pa);
	err = fdt_init(&fdt, (const void *)(uintptr_t)fdt_pa, MAX_FDT_SIZE);
	if (err)
		panic("the device tree at 0x%llx is malformed: %s", fdt_pa, fdt_strerror(err));
	err = dt_info_scan(&fdt, arch_cpu_id(), &boot_dt);
	if (err)
		panic("the device tree at 0x%llx is malformed: %s", fdt_pa, fdt_strerror(err));
	why = arch_check_cpu(&fdt, boot_dt.boot_cpu_node);
	if (why)
		panic("cannot run this configuration: %s", why);

	if (!IS_ALIGNED(text_pa, KIMAGE_ALIGN))
		panic("the kernel was loaded at 0x%llx, which is not 2 MB aligned", text_pa);
	if (!boot_dt.nr_banks)
		panic("the device tree describes no memory (no /memory node with a reg)");
	check_in_ram("the kernel image", text_pa, size);
	check_in_ram("the device tree", fdt_pa, fdt.totalsize);

	boot_info.fdt = fdt;
	boot_info.fdt_pa = fdt_pa;
	boot_info.fdt_size = fdt.totalsize;
	boot_info.kimage_pa = text_pa;
	boot_info.kimage_size = size;
	boot_info.displacement = choose_displacement();
	boot_info.kimage_va = KERNEL_LINK_ADDR + boot_info.displacement;
	kimage_voffset = boot_info.kimage_va - text_pa;

	relocate_self(text_pa, boot_info.displacement);
	milestone_relocated();

	req.text_pa = text_pa;
	req.text_va = boot_info.kimage_va;
	req.size = size;
	req.fdt_pa = fdt_pa;
	req.fdt_size = fdt.totalsize;
	req.idmap_pa = text_pa + (__idmap_text_start - _text);
	req.idmap_size = __idmap_text_end - __idmap_text_start;
	req.devs = early_dev_table(&req.nr_devs);
	early_map(&req);

	return kimage_voffset;
}
