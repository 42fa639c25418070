// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): the first C code at virtual addresses. Switches the
 * devices to their fixmap addresses, reports what the early boot found,
 * then runs the self-tests when configured and ends the machine.
 */
#include <lander/boot.h>
#include <lander/bpf_loader.h>
#include <lander/cmdline.h>
#include <lander/cpio.h>
#include <lander/dt_info.h>
#include <lander/early_dev.h>
#include <lander/errno.h>
#include <lander/ktest.h>
#include <lander/machine.h>
#include <lander/milestone.h>
#include <lander/module_loader.h>
#include <lander/printk.h>
#include <lander/smp.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/memory_init.h>
#include <mm/paging.h>
#include <mm/physaddr.h>
#include <mm/ptdump.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

static struct fdt live_fdt;
static struct memory_init_report mem_report;
struct paging_report paging_report;

const struct fdt *boot_fdt(void)
{
	return &live_fdt;
}

/*
 * The KASLR line (a contract: docs/kaslr.md) and its warnings: the seed's
 * sources, never the seed, or why the kernel is where it was linked.
 */
static void __init print_kaslr(const struct kaslr_report *k)
{
	static const char *const off[] = {
		[KASLR_NOKASLR] = "kaslr: disabled by nokaslr",
		[KASLR_DISPLACEMENT] = "kaslr: disabled by kernel_displacement=",
		[KASLR_NO_SEED] = "kaslr: no seed: booting unrandomised",
	};
	char list[40] = "";
	int n = 0;

	if (k->bad_kaslr_seed)
		printk("warning: kaslr: /chosen/kaslr-seed is not 8 bytes long: ignored\n");
	if (k->empty_rng_seed)
		printk("warning: kaslr: /chosen/rng-seed is empty: ignored\n");
	if (k->option_refused)
		printk("warning: kaslr: kaslr.seed= is accepted only in self-test builds: ignored\n");
	if (k->off == KASLR_NOT_BUILT)
		return;
	if (k->off != KASLR_ON) {
		printk("%s\n", off[k->off]);
		return;
	}
	if (k->sources & KASLR_SRC_OPTION) {
		printk("kaslr: seed from kaslr.seed=\n");
		return;
	}
	if (k->sources & KASLR_SRC_KASLR_SEED)
		n += snprintf(list + n, sizeof(list) - n, "kaslr-seed");
	if (k->sources & KASLR_SRC_RNG_SEED)
		n += snprintf(list + n, sizeof(list) - n, "%srng-seed", n ? ", " : "");
	if (k->sources & KASLR_SRC_CPU)
		n += snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " : "", k->cpu_name);
	printk("kaslr: seed from %s\n", list);
}

/*
 * Physical KASLR's line (a contract: docs/kaslr.md), after the seed's:
 * where the image moved from loaded_pa, or why it stayed there. Nothing
 * when it was not tried (the kaslr line says why).
 */
static void __init print_kaslr_phys(u32 phys, phys_addr_t loaded_pa, phys_addr_t kimage_pa)
{
	if (phys == KASLR_PHYS_MOVED)
		printk("kaslr: image moved from PA 0x%llx to PA 0x%llx\n", loaded_pa, kimage_pa);
	else if (phys == KASLR_PHYS_OPTION_OFF)
		printk("kaslr: physical placement off: kaslr.phys=off\n");
	else if (phys == KASLR_PHYS_NO_ROOM)
		printk("kaslr: RAM too small to move the image: kept at PA 0x%llx\n", kimage_pa);
	else if (phys == KASLR_PHYS_EFI)
		printk("efi: image placed by the EFI stub: %s\n", boot_info.dt.efi_placement);
}

/* The banner: what runs, where it was loaded, and where it runs. */
static void __init print_banner(void)
{
	const struct pt_format *f = arch_pt_format();
	virt_addr_t va = boot_info.place.kimage_va;

	printk("lander %s for %s (%s): %lluK pages, %u-bit VA, %u levels%s\n", LANDER_VERSION,
	       CONFIG_ARCH_NAME, CONFIG_NAME, (1ULL << f->page_shift) >> 10, f->va_bits, f->levels,
	       f->va_bits < CONFIG_VA_BITS ? " (less than configured: the CPU has no more)" : "");
	printk("loaded at PA 0x%llx, DTB at PA 0x%llx (%u bytes), running at VA 0x%llx\n",
	       boot_info.loaded_pa, boot_info.fdt_pa, boot_info.fdt_size, va);
	printk("image 0x%llx bytes, displacement %s0x%llx, %llu relocations applied, "
	       "%lu early table pages\n",
	       boot_info.kimage_size, va < KERNEL_LINK_ADDR ? "-" : "",
	       va < KERNEL_LINK_ADDR ? KERNEL_LINK_ADDR - va : va - KERNEL_LINK_ADDR,
	       boot_info.nr_relocs, boot_info.early_tables);
	print_kaslr(&boot_info.kaslr);
	print_kaslr_phys(boot_info.kaslr_phys, boot_info.loaded_pa, boot_info.kimage_pa);
	if (boot_info.dt.boot_cpu_node >= 0)
		printk("boot CPU: %s\n",
		       fdt_node_name(&live_fdt, boot_info.dt.boot_cpu_node, NULL));
}

/*
 * Early devices left unused because the tree places their registers
 * outside the CPU's address space (lib/dt_info.c translate()): say which
 * node, which bus stopped the translation and why.
 */
static void __init report_untranslated(void)
{
	static const char *const why[] = {
		[DT_XLATE_NO_RANGES] = "which has no ranges",
		[DT_XLATE_OUTSIDE] = "outside its ranges",
		[DT_XLATE_CELLS] = "whose cell counts are not 1 or 2",
		[DT_XLATE_BAD_RANGES] = "whose ranges is malformed",
	};
	unsigned int i, n;
	const struct early_dev *d = early_dev_table(&n);

	for (i = 0; i < n && i < DT_MAX_UNTRANSLATED; i++) {
		const struct dt_untranslated *u = &boot_info.dt.untranslated[i];

		if (!u->error || u->error >= ARRAY_SIZE(why) || d[i].node >= 0)
			continue;
		printk("warning: %s: %s not used: address 0x%llx does not translate at bus "
		       "\"%s\", %s\n",
		       d[i].name, fdt_node_name(&live_fdt, u->node, NULL), u->addr,
		       fdt_node_name(&live_fdt, u->bus, NULL), why[u->error]);
	}
}

/* A physical range; size 0: none. */
struct phys_range {
	phys_addr_t pa;
	u64 size;
};

/*
 * Physical memory from the device tree into memblock. No usable RAM is
 * fatal. Returns the initramfs memblock reserved (none when the tree names
 * none, or one outside RAM).
 */
static struct phys_range __init setup_memory(void)
{
	struct boot_ranges boot = {
		.kimage_pa = boot_info.kimage_pa,
		.kimage_size = boot_info.kimage_size,
		.fdt_pa = boot_info.fdt_pa,
		.fdt_size = boot_info.fdt_size,
		.linear_draw = boot_info.linear_draw,
		.moved = boot_info.kaslr_phys == KASLR_PHYS_MOVED,
		.loaded_pa = boot_info.loaded_pa,
	};
	const struct dt_info *dt = &boot_info.dt;
	int err;

	if (dt->initrd_end > dt->initrd_start) {
		boot.initrd_pa = dt->initrd_start;
		boot.initrd_size = dt->initrd_end - dt->initrd_start;
	} else if (dt->initrd_start || dt->initrd_end) {
		printk("initramfs: empty or inverted range 0x%llx-0x%llx in /chosen: ignored\n",
		       dt->initrd_start, dt->initrd_end);
	}

	err = memblock_init(&memblock, &boot_info.dt, arch_pt_format(), &boot, &mem_report);
	if (err == -ENOENT)
		panic("the device tree describes no usable RAM (no /memory node with a reg)");
	if (err == -E2BIG)
		panic("the device tree lists more RAM banks or reservations than this kernel keeps");
	if (err)
		panic("cannot record the RAM the device tree describes (%d)", err);
	linear_map_set(&mem_report.linear);
	if (mem_report.initrd_outside) {
		printk("initramfs: 0x%llx-0x%llx is not inside RAM: ignored\n", boot.initrd_pa,
		       boot.initrd_pa + boot.initrd_size - 1);
		return (struct phys_range){ 0 };
	}
	return (struct phys_range){ boot.initrd_pa, boot.initrd_size };
}

/* The RAM memblock holds, and what of it is taken. */
static void __init print_memory(void)
{
	const struct memblock_region *r;
	int i;

	for (i = 0; i < memblock.memory.count; i++) {
		r = &memblock.memory.region[i];
		printk("RAM: 0x%016llx-0x%016llx (%llu MB)\n", r->base, r->base + r->size - 1,
		       r->size >> 20);
	}
	printk("RAM: %llu MB in %d bank%s, %d reserved range%s (%d no-map), %llu MB free\n",
	       memblock_total(&memblock) >> 20, memblock.memory.count,
	       memblock.memory.count == 1 ? "" : "s", mem_report.reserved,
	       mem_report.reserved == 1 ? "" : "s", mem_report.nomap,
	       memblock_free_bytes(&memblock) >> 20);
}

/*
 * The initramfs the bootloader loaded, read through the linear map (read
 * only): a count, then one line per regular file. The archive is checked
 * whole before anything is listed; a bad one gets a message and is not
 * used. Returns whether it can be used.
 */
static bool __init list_initramfs(struct phys_range initrd)
{
	const void *archive = (const void *)(uintptr_t)__va(initrd.pa);
	struct cpio_file f;
	struct cpio cpio;
	u64 bytes = 0;
	int files = 0, ret;

	if (!initrd.size)
		return false;
	ret = cpio_init(&cpio, archive, initrd.size);
	while (!ret && (ret = cpio_next(&cpio, &f)) == 1) {
		files++;
		bytes += f.size;
		ret = 0;
	}
	if (ret < 0 || !cpio.done) {
		printk("initramfs: not used: %s%s\n", cpio_strerror(ret),
		       files ? " (after its first files)" : "");
		return false;
	}
	printk("initramfs: %d files, %llu bytes\n", files, bytes);
	cpio_init(&cpio, archive, initrd.size);
	while (cpio_next(&cpio, &f) == 1)
		printk("  %-40s %10u bytes\n", f.name, f.size);
	return true;
}

/* The virtual layout, one region a line. */
static void __init print_layout(void)
{
	struct vm_layout l;
	const char *why;
	int i;

	vm_layout_compute(arch_pt_format(), ARCH_HAS_IDMAP, &boot_info.place, &l);
	if (vm_layout_check(&l, arch_pt_format(), &why))
		panic("virtual layout: %s", why);
	printk("Virtual layout:\n");
	for (i = 0; i < VM_NR_REGIONS; i++) {
		const struct vm_region *r = &l.region[i];

		printk("  %-8s 0x%016llx-0x%016llx %8llu MB\n", r->name, r->start, r->end - 1,
		       (r->end - r->start) >> 20);
	}
	printk("linear map: PA 0x%llx at VA 0x%llx\n", phys_base, __va(phys_base));
}

/* The initramfs setup_memory() kept, for kernel_main(). */
static struct phys_range boot_initrd;

/*
 * The rest of the boot, on the boot CPU's guarded stack: the reports, the
 * other CPUs, the initramfs, the self-tests, then the end of the machine
 * with the boot CPU's verdict.
 */
static void __noreturn kernel_main(void)
{
	int failed = 0;

	/* The reports wait until the final tables are live: they are not on the way. */
	print_memory();
	print_layout();
	printk("final tables: %lu pages (minimum %lu), %llu MB linear-mapped in %d ranges, "
	       "%llu early table pages freed\n",
	       paging_report.tables, paging_report.min_tables, paging_report.linear_bytes >> 20,
	       paging_report.ranges, paging_report.early_pages_freed);
	smp_init();
	if (list_initramfs(boot_initrd)) {
		modules_load_initramfs((const void *)(uintptr_t)__va(boot_initrd.pa),
				       boot_initrd.size);
		bpf_run_initramfs((const void *)(uintptr_t)__va(boot_initrd.pa), boot_initrd.size);
	}
	printk("Freeing init memory: %llu KB\n", free_initmem() >> 10);
	if (boot_option("ptdump", NULL, NULL))
		ptdump_kernel();
	if (IS_ENABLED(CONFIG_KTEST))
		printk("W^X check: %lu writable and executable mappings\n", ptdump_count_wx());

	if (IS_ENABLED(CONFIG_KTEST)) {
		failed = ktest_run_all();
		/* Self-test builds prove that unloading works, too. */
		modules_unload_all();
		ktest_provoke_fault();
	}
	smp_stop_others();
	milestone_ready();
	printk("lander: ready\n");
	machine_exit(failed ? 1 : 0);
}

void start_kernel(void)
{
	milestone_early_tables_live();
	kernel_pt_set_root(boot_info.early_pool_pa, false);
	early_devs_use_fixmap();
	/* The DTB early_boot() validated, now at its fixmap address. */
	live_fdt = boot_info.fdt;
	live_fdt.blob = (const u8 *)boot_info.fdt_va;

	print_banner();
	report_untranslated();
	boot_initrd = setup_memory();
	paging_report = paging_init(boot_initrd.pa, boot_initrd.size);
	smp_prepare_boot_cpu(kernel_main);
}
