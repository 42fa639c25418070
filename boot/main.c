// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): the first C code at virtual addresses. Switches the
 * devices to their fixmap addresses, reports what the early boot found,
 * then runs the self-tests when configured and ends the machine.
 */
#include <lander/boot.h>
#include <lander/console_dev.h>
#include <lander/ktest.h>
#include <lander/machine.h>
#include <lander/poweroff.h>
#include <lander/printk.h>
#include <mm/layout.h>
#include <mm/memory.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

static struct fdt live_fdt;

const struct fdt *boot_fdt(void)
{
	return &live_fdt;
}

/* The banner: what runs, where it was loaded, and where it runs. */
static void print_banner(void)
{
	const struct pt_format *f = &ARCH_PT_FORMAT;

	printk("lander %s for %s (%s): %lluK pages, %u-bit VA, %u levels\n", LANDER_VERSION,
	       CONFIG_ARCH_NAME, CONFIG_NAME, (1ULL << f->page_shift) >> 10, f->va_bits, f->levels);
	printk("loaded at PA 0x%llx, DTB at PA 0x%llx (%u bytes), running at VA 0x%llx\n",
	       boot_info.kimage_pa, boot_info.fdt_pa, boot_info.fdt_size, boot_info.kimage_va);
	printk("image 0x%llx bytes, displacement 0x%llx, %llu relocations applied, "
	       "%lu early table pages\n", boot_info.kimage_size, boot_info.displacement,
	       boot_info.nr_relocs, boot_info.early_tables);
}

/* The RAM banks the device tree describes. */
static void print_memory(void)
{
	struct fdt_range banks[16];
	u64 total = 0;
	int i, n = fdt_memory_banks(&live_fdt, banks, 16);

	u64 lowest = ~0ULL;

	for (i = 0; i < n && i < 16; i++) {
		lowest = MIN(lowest, banks[i].base);
		printk("RAM: 0x%016llx-0x%016llx (%llu MB)\n", banks[i].base,
		       banks[i].base + banks[i].size - 1, banks[i].size >> 20);
		total += banks[i].size;
	}
	printk("RAM: %llu MB in %d bank%s\n", total >> 20, n, n == 1 ? "" : "s");
	linear_map_set_base(&ARCH_PT_FORMAT, lowest);
}

/* The virtual layout, one region a line. */
static void print_layout(void)
{
	struct vm_layout l;
	const char *why;
	int i;

	vm_layout_compute(&ARCH_PT_FORMAT, ARCH_HAS_IDMAP, &l);
	if (vm_layout_check(&l, &ARCH_PT_FORMAT, &why))
		panic("virtual layout: %s", why);
	printk("Virtual layout:\n");
	for (i = 0; i < VM_NR_REGIONS; i++) {
		const struct vm_region *r = &l.region[i];

		printk("  %-8s 0x%016llx-0x%016llx %8llu MB\n", r->name, r->start, r->end - 1,
		       (r->end - r->start) >> 20);
	}
}

void start_kernel(void)
{
	int err, failed = 0;

	milestone_early_tables_live();
	mmio_use_fixmap(&console.regs);
	mmio_use_fixmap(&poweroff_regs);
	err = fdt_init(&live_fdt, (const void *)boot_info.fdt_va, boot_info.fdt_size);
	if (err)
		panic("the device tree changed under us: %s", fdt_strerror(err));

	print_banner();
	print_memory();
	print_layout();

	if (IS_ENABLED(CONFIG_KTEST))
		failed = ktest_run_all();
	milestone_ready();
	printk("lander: ready\n");
	machine_exit(failed ? 1 : 0);
}
