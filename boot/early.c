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
 *      the poweroff device: include/lander/early_dev.h)
 *   3. choose the paging format this CPU runs (arch_choose_va_bits)
 *   4. check the load address against the RAM the DTB describes
 *   5. gather the KASLR seed and choose where the image runs and where its
 *      modules and BPF windows lie (mm/layout.c): at random (boot/kaslr.c),
 *      or where the boot option kernel_displacement= says, or at the link
 *      address; then RAM's place in the linear map, then the image's
 *      physical place
 *   6. if that place is not the load address, copy the image there:
 *      head.S enters the copy, which takes over boot_info from the loaded
 *      one (early_boot_moved()) and goes on from step 7
 *   7. apply the image's RELATIVE relocations for its virtual place
 *   8. build the early page tables (mm/early_map.c)
 *
 * early_boot() makes every decision (steps 1-6) and early_finish() acts on
 * them (7-8), so that a moved image repeats no decision: the seed is gone
 * by then (its properties were wiped). Each step returns what it found or
 * decided; only those three functions store it, in boot_info. Any failure
 * prints why and ends the machine with a failure status.
 */
#include <lander/boot.h>
#include <lander/cmdline.h>
#include <lander/cpu.h>
#include <lander/dt_info.h>
#include <lander/early_dev.h>
#include <lander/errno.h>
#include <lander/kaslr.h>
#include <lander/machine.h>
#include <lander/milestone.h>
#include <lander/printk.h>
#include <lander/reloc.h>
#include <lander/sections.h>
#include <lander/string.h>
#include <mm/early_map.h>
#include <mm/layout.h>
#include <mm/pgtable.h>
#include <mm/phys_place.h>
#include <mm/physaddr.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>
#include <asm/reloc.h>

struct boot_info boot_info;

extern const struct elf64_rela __rela_start[], __rela_end[];

/* Is [pa, pa + size) inside one bank of RAM the device tree describes? */
static void __init check_in_ram(const struct dt_info *dt, const char *what, phys_addr_t pa,
				u64 size)
{
	int i;

	for (i = 0; i < dt->nr_banks; i++) {
		const struct fdt_range *b = &dt->bank[i];

		if (pa >= b->base && pa - b->base < b->size && size <= b->size - (pa - b->base))
			return;
	}
	panic("%s at 0x%llx-0x%llx is not inside the RAM the device tree describes", what, pa,
	      pa + size);
}

/*
 * Where _text runs: where kernel_displacement=[-]N puts it when given
 * (which *by_option says), else a random place of the kernel region when
 * rng may be drawn from (the draw for the image), else the link address.
 * Fails on a bad value.
 */
static virt_addr_t __init choose_kimage_va(struct kaslr_rng *rng, bool random,
					   struct kimage_range range, bool *by_option)
{
	const char *val, *sign;
	virt_addr_t va;
	int len;
	u64 disp;

	*by_option = boot_option("kernel_displacement", &val, &len);
	if (!*by_option)
		return random ? range.lowest +
					kaslr_draw(rng, kimage_positions(range)) * KASLR_ALIGN :
				KERNEL_LINK_ADDR;
	sign = len > 0 && *val == '-' ? "-" : "";
	val += *sign ? 1 : 0;
	if (parse_u64(&val, &disp) || len == (*sign ? 1 : 0))
		panic("kernel_displacement: not a number");
	va = *sign ? KERNEL_LINK_ADDR - disp : KERNEL_LINK_ADDR + disp;
	if (!IS_ALIGNED(disp, KASLR_ALIGN))
		panic("kernel_displacement=%s0x%llx is not a multiple of 64 KB", sign, disp);
	if (disp >> 62 || va < range.lowest || va > range.highest)
		panic("kernel_displacement=%s0x%llx puts the image outside the kernel region "
		      "(from -0x%llx to 0x%llx)",
		      sign, disp, KERNEL_LINK_ADDR - range.lowest,
		      range.highest - KERNEL_LINK_ADDR);
	return va;
}

/*
 * Apply the image's relocations for running at KERNEL_LINK_ADDR + disp
 * (modulo 2^64: the image may run below its link address). Returns how
 * many were applied.
 */
static u64 __init relocate_self(phys_addr_t text_pa, u64 disp)
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
	return n;
}

/*
 * Drop every cache line that may be stale for what was written with the
 * MMU (and so the data cache) off inside the loader's file: the words the
 * relocations patched and .data. The protocol cleaned the file to the
 * point of coherency, so no line there is dirty and this cannot write
 * anything back, even where a hypervisor makes the invalidate a clean and
 * invalidate. What lies past the file (.bss, the early tables, the stack)
 * was invalidated by head.S before anything wrote it.
 */
static void __init discard_stale_lines(phys_addr_t text_pa)
{
	const struct elf64_rela *r;
	u8 *image = (u8 *)(uintptr_t)text_pa;

	for (r = __rela_start; r < __rela_end; r++)
		arch_early_cache_inval(image + (r->r_offset - KERNEL_LINK_ADDR), sizeof(u64));
	arch_early_cache_inval(_sdata, _edata - _sdata);
}

/* Called by head.S if turning on the MMU did not take. */
void early_paging_failed(void);
void __init early_paging_failed(void)
{
	panic("the MMU did not come on: the CPU refused the translation mode");
}

/*
 * Validate the DTB the loader passed and read what the kernel needs of it
 * into bi, and the early devices it names into devs.
 */
static void __init read_device_tree(struct boot_info *bi, phys_addr_t fdt_pa,
				    struct early_dev *devs, unsigned int nr_devs)
{
	int err;

	if (!fdt_pa || !IS_ALIGNED(fdt_pa, 8))
		panic("no usable device tree: the loader passed 0x%llx (must be 8-byte aligned)",
		      fdt_pa);
	err = fdt_init(&bi->fdt, (const void *)(uintptr_t)fdt_pa, MAX_FDT_SIZE);
	if (!err)
		err = dt_info_scan(&bi->fdt, arch_cpu_id(), devs, nr_devs, &bi->dt);
	if (err) {
		/* The poweroff device, if it can still be found, carries the failure status. */
		dt_info_salvage((const void *)(uintptr_t)fdt_pa, MAX_FDT_SIZE, devs, nr_devs,
				&bi->dt);
		panic("the device tree at 0x%llx is malformed: %s", fdt_pa, fdt_strerror(err));
	}
	bi->fdt_pa = fdt_pa;
	bi->fdt_size = bi->fdt.totalsize;
}

/*
 * Where the RAM the linear map holds ends: memblock_init() clips RAM above
 * phys_base (the lowest RAM, aligned down to the format's largest block)
 * plus the linear region's size (mm/physaddr.c), and the image must stay
 * in the linear map. Below the real phys_base when a bank is unusable,
 * which only makes it stricter. 0: past the top of the address space.
 */
static phys_addr_t __init linear_map_limit(const struct dt_info *dt)
{
	const struct pt_format *f = arch_pt_format();
	phys_addr_t lowest = U64_MAX, limit;
	int level = 0, i;

	for (i = 0; i < dt->nr_banks; i++)
		lowest = MIN(lowest, dt->bank[i].base);
	while (!pt_level_has_blocks(f, level))
		level++;
	lowest = ALIGN_DOWN(lowest, 1ULL << pt_level_shift(f, level));
	limit = lowest + LAYOUT_LINEAR_SIZE(f->kva_bits);
	return limit < lowest ? 0 : limit;
}

/*
 * Where the image runs physically: where the EFI stub put it when it did,
 * else a random place in RAM (mm/phys_place.c) when CONFIG_RANDOMIZE_PHYS
 * is built and KASLR is on, else where the loader put it. *outcome says which (enum kaslr_phys).
 * Its draw is the boot's last, so no other placement depends on whether
 * it is made.
 */
static phys_addr_t __init choose_phys_place(const struct boot_info *bi, struct kaslr_rng *rng,
					    u32 *outcome)
{
	struct phys_place_request req = {
		.dt = &bi->dt,
		.fdt_pa = bi->fdt_pa,
		.fdt_size = bi->fdt_size,
		.image_pa = bi->loaded_pa,
		.image_size = bi->kimage_size,
		.need = bi->kimage_size,
		.align = KIMAGE_ALIGN,
		.limit = linear_map_limit(&bi->dt),
	};
	phys_addr_t pa = bi->loaded_pa;
	const char *val;
	int len;
	u64 n;

	*outcome = KASLR_PHYS_KEPT;
	if (bi->dt.efi_placed) {
		/* The stub chose from the firmware's allocator (boot/efi/stub.c). */
		*outcome = KASLR_PHYS_EFI;
		return pa;
	}
	if (!IS_ENABLED(CONFIG_RANDOMIZE_PHYS) || bi->kaslr.off != KASLR_ON)
		return pa;
	if (boot_option("kaslr.phys", &val, &len)) {
		if (len == 3 && !memcmp(val, "off", 3)) {
			*outcome = KASLR_PHYS_OPTION_OFF;
			return pa;
		}
		if (len != 2 || memcmp(val, "on", 2))
			panic("kaslr.phys: the value must be on or off");
	}
	n = phys_place_count(&req);
	if (n && phys_place_nth(&req, kaslr_draw(rng, n), &pa)) {
		*outcome = KASLR_PHYS_MOVED;
		return pa;
	}
	*outcome = KASLR_PHYS_NO_ROOM;
	return bi->loaded_pa;
}

/*
 * Copy the file the loader wrote ([_text, _edata): code, data and the
 * relocations, none applied yet) from from_pa to to_pa, with the MMU off.
 * The chooser keeps the two copies apart, so a forward copy is right.
 *
 * Nothing says the destination's cache lines are clean, as for the region
 * past the file (head.S, inval_beyond_file): a dirty line left there by
 * the firmware could be written back over the copy, or hit once the
 * caches come on. So the image's whole extent there (the file, and the
 * .bss, tables and stack the new copy will write) is invalidated before
 * the copy writes anything; after that, early_finish() may drop its own
 * stale lines as it does for a loaded image.
 */
static void __init copy_image(phys_addr_t from_pa, phys_addr_t to_pa, u64 extent)
{
	arch_early_cache_inval((void *)(uintptr_t)to_pa, extent);
	memcpy((void *)(uintptr_t)to_pa, (const void *)(uintptr_t)from_pa, _edata - _text);
}

phys_addr_t __init early_boot(phys_addr_t fdt_pa, phys_addr_t text_pa)
{
	struct boot_info *bi = &boot_info;
	struct early_dev *devs;
	struct kaslr_rng rng;
	unsigned int nr_devs;
	const char *why;
	bool by_option, random;
	virt_addr_t va;

	memset(__bss_start, 0, __bss_stop - __bss_start);

	devs = early_dev_table(&nr_devs);
	read_device_tree(bi, fdt_pa, devs, nr_devs);
	why = arch_choose_va_bits(&bi->fdt, bi->dt.boot_cpu_node, &bi->va_bits);
	if (why)
		panic("cannot run this configuration: %s", why);
	arch_set_pt_format(bi->va_bits);

	if (!IS_ALIGNED(text_pa, KIMAGE_ALIGN))
		panic("the kernel was loaded at 0x%llx, which is not 2 MB aligned", text_pa);
	if (!bi->dt.nr_banks)
		panic("the device tree describes no memory (no /memory node with a reg)");
	bi->loaded_pa = text_pa;
	bi->kimage_size = _end - _text;
	check_in_ram(&bi->dt, "the kernel image", text_pa, bi->kimage_size);
	check_in_ram(&bi->dt, "the device tree", fdt_pa, bi->fdt_size);

	bi->kaslr = kaslr_seed(&rng, &bi->fdt, &bi->dt);
	random = bi->kaslr.off == KASLR_ON;
	va = choose_kimage_va(&rng, random, kimage_range(arch_pt_format()), &by_option);
	if (by_option && random)
		bi->kaslr.off = KASLR_DISPLACEMENT;
	random = bi->kaslr.off == KASLR_ON;
	/* nokaslr, no seed: 0, RAM at the linear map's start (mm/physaddr.c) */
	bi->linear_draw = random ? kaslr_draw(&rng, ~0ull) : 0;
	/* The windows' gaps below the image; none without KASLR. */
	bi->place = kimage_place(va, random ? kaslr_draw(&rng, MODULES_GAP_PLACES) : 0,
				 random ? kaslr_draw(&rng, BPF_GAP_PLACES) : 0);
	bi->kimage_pa = choose_phys_place(bi, &rng, &bi->kaslr_phys);
	kaslr_done(&rng);

	/* Every decision is in boot_info (and .data's early devices): the copy carries them. */
	if (bi->kimage_pa != text_pa)
		copy_image(text_pa, bi->kimage_pa, bi->kimage_size);
	return bi->kimage_pa;
}

/*
 * In the copy: its .bss is its own to clear, and boot_info comes from the
 * loaded copy's, which the chooser kept apart from this one and which
 * nothing has written since early_boot() returned.
 */
void __init early_boot_moved(phys_addr_t from_pa)
{
	memset(__bss_start, 0, __bss_stop - __bss_start);
	memcpy(&boot_info, (const void *)(uintptr_t)from_pa, sizeof(boot_info));
	/* The choice is in the copied .data already (riscv); said again, it cannot drift. */
	arch_set_pt_format(boot_info.va_bits);
}

/* Where the image runs, with every decision made: relocate it and build the early tables. */
struct early_handover __init early_finish(phys_addr_t text_pa)
{
	struct boot_info *bi = &boot_info;
	virt_addr_t va = bi->place.kimage_va;
	struct early_map_request req;
	struct early_map_result map;
	struct early_dev *devs;
	unsigned int nr_devs;

	if (text_pa != bi->kimage_pa)
		panic("running at 0x%llx, but the early boot chose 0x%llx", text_pa, bi->kimage_pa);
	devs = early_dev_table(&nr_devs);
	kimage_voffset = va - text_pa;
	bi->nr_relocs = relocate_self(text_pa, va - KERNEL_LINK_ADDR);
	milestone_relocated();

	req.text_pa = text_pa;
	req.text_va = va;
	req.size = bi->kimage_size;
	req.fdt_pa = bi->fdt_pa;
	req.fdt_size = bi->fdt_size;
	req.idmap_pa = text_pa + (__idmap_text_start - _text);
	req.idmap_size = __idmap_text_end - __idmap_text_start;
	req.devs = devs;
	req.nr_devs = nr_devs;
	map = early_map(&req);
	bi->early_pool_pa = map.root_pa;
	bi->idmap_root_pa = map.idmap_root_pa;
	bi->fdt_va = map.fdt_va;
	bi->early_tables = map.tables;

	discard_stale_lines(text_pa);
	return (struct early_handover){ kimage_voffset, map.idmap_root_pa };
}
