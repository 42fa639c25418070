// SPDX-License-Identifier: GPL-2.0
/*
 * The final kernel page tables (see include/mm/paging.h).
 *
 * paging_init() first writes down every range it will map (the plan),
 * then maps each with the generic walker into a new root from memblock,
 * and compares the table pages used with pt_min_tables() for the same
 * plan. Until the switch, the new tables are not reachable through any
 * mapping, so the walker reaches them through one fixmap slot per level
 * in the live tables (the approach Mark Rutland describes in the thread
 * "[PATCH v3 3/7] arm64: split off early mapping code from early_fixmap_init()",
 * linux-arm-kernel mailing list, 3 Dec 2015).
 */
#include <lander/boot.h>
#include <lander/early_dev.h>
#include <lander/errno.h>
#include <lander/machine.h>
#include <lander/milestone.h>
#include <lander/printk.h>
#include <lander/sections.h>
#include <lander/string.h>
#include <mm/fixmap.h>
#include <mm/kernel_pt.h>
#include <mm/memblock.h>
#include <mm/paging.h>
#include <mm/physaddr.h>
#include <asm/mmu.h>

#define MAX_PLAN (2 * MEMBLOCK_MAX_REGIONS + 16)

/* One range of the plan. */
struct plan_range {
	virt_addr_t va;
	phys_addr_t pa;
	u64 size;
	unsigned int prot;
};

struct plan {
	int count;
	struct plan_range r[MAX_PLAN];
};

virt_addr_t fixmap_set(unsigned int slot, phys_addr_t pa, unsigned int prot)
{
	struct pt_ctx live;
	virt_addr_t va = fix_to_virt(slot);
	int err;

	kernel_pt_ctx(&live);
	err = pt_map(&live, va, ALIGN_DOWN(pa, PAGE_SIZE), PAGE_SIZE, prot);
	if (err)
		panic("fixmap: cannot map slot %u to 0x%llx (%d)", slot, pa, err);
	/* The new entry must be visible before anything uses it. */
	arch_flush_tlb_va(va);
	return va + (pa & (PAGE_SIZE - 1));
}

/* The physical page each FIX_TABLE slot maps now (0: none). */
static phys_addr_t table_slot_pa[PT_MAX_LEVELS];

/*
 * Reach a swapper table page while it is built: through its level's
 * fixmap slot (nothing else maps it yet).
 */
static u64 *__init swapper_table(struct pt_ctx *c, phys_addr_t pa, int level)
{
	if (table_slot_pa[level] != pa) {
		fixmap_set(FIX_TABLE + level, pa, PAGE_KERNEL);
		table_slot_pa[level] = pa;
	}
	return (u64 *)(uintptr_t)fix_to_virt(FIX_TABLE + level);
}

/* A page for a table, from anywhere in RAM. */
static phys_addr_t __init swapper_alloc(struct pt_ctx *c)
{
	return memblock_alloc(&memblock, PAGE_SIZE, PAGE_SIZE);
}

static void swapper_free(struct pt_ctx *c, phys_addr_t pa)
{
	memblock_free(&memblock, pa, PAGE_SIZE);
}

static const struct pt_ops swapper_ops = {
	.table = swapper_table,
	.alloc = swapper_alloc,
	.free = swapper_free,
};

static void __init plan_add(struct plan *p, virt_addr_t va, phys_addr_t pa, u64 size,
			    unsigned int prot)
{
	if (!size)
		return;
	if (p->count == MAX_PLAN)
		panic("paging: more than %d ranges to map", MAX_PLAN);
	p->r[p->count++] = (struct plan_range){ va, pa, size, prot };
}

/*
 * The linear map of [base, base + size): non-executable everywhere, and
 * read-only where it aliases the image's text and rodata and over the
 * whole pages of the initramfs (nothing writes it: the loaders read it;
 * the pages it shares with its neighbours stay writable).
 */
static void __init plan_linear(struct plan *p, phys_addr_t base, u64 size, phys_addr_t initrd_pa,
			       u64 initrd_size)
{
	phys_addr_t ro[2][2] = {
		{ boot_info.kimage_pa, __pa_symbol(__init_begin) },
		{ ALIGN_UP(initrd_pa, PAGE_SIZE), ALIGN_DOWN(initrd_pa + initrd_size, PAGE_SIZE) },
	};
	phys_addr_t end = base + size, at = base;
	int i;

	if (ro[1][0] < ro[0][0]) { /* in address order */
		phys_addr_t t0 = ro[0][0], t1 = ro[0][1];

		ro[0][0] = ro[1][0], ro[0][1] = ro[1][1];
		ro[1][0] = t0, ro[1][1] = t1;
	}
	for (i = 0; i < 2; i++) {
		phys_addr_t a = MIN(MAX(ro[i][0], at), end), b = MIN(MAX(ro[i][1], at), end);

		if (b <= a)
			continue;
		plan_add(p, __va(at), at, a - at, PAGE_KERNEL);
		plan_add(p, __va(a), a, b - a, PAGE_KERNEL_RO);
		at = b;
	}
	plan_add(p, __va(at), at, end - at, PAGE_KERNEL);
}

/* The image in segments, each with its own permissions. */
static void __init plan_image(struct plan *p)
{
	virt_addr_t seg[] = {
		(virt_addr_t)_text,	   (virt_addr_t)_srodata,
		(virt_addr_t)__init_begin, (virt_addr_t)__init_data_begin,
		(virt_addr_t)__init_end,   ALIGN_UP((virt_addr_t)_end, PAGE_SIZE),
	};
	unsigned int prot[] = { PAGE_KERNEL_ROX, PAGE_KERNEL_RO, PAGE_KERNEL_ROX, PAGE_KERNEL,
				PAGE_KERNEL };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(prot); i++)
		plan_add(p, seg[i], __pa_symbol(seg[i]), seg[i + 1] - seg[i], prot[i]);
}

/* The fixmap slots in use: the DTB and the early devices found. */
static void __init plan_fixmap(struct plan *p)
{
	phys_addr_t fdt = ALIGN_DOWN(boot_info.fdt_pa, PAGE_SIZE);
	phys_addr_t fdt_end = ALIGN_UP(boot_info.fdt_pa + boot_info.fdt_size, PAGE_SIZE);
	unsigned int i, n;
	const struct early_dev *dev = early_dev_table(&n);

	plan_add(p, fix_to_virt(FIX_FDT), fdt, fdt_end - fdt, PAGE_KERNEL_RO);
	for (i = 0; i < n; i++) {
		if (dev[i].regs.pa)
			plan_add(p, fix_to_virt(FIX_EARLY_DEV + i),
				 ALIGN_DOWN(dev[i].regs.pa, PAGE_SIZE), PAGE_SIZE, PAGE_DEVICE);
	}
}

/* Sort by virtual address (insertion sort: a few dozen ranges). */
static void __init plan_sort(struct plan *p)
{
	int i, j;

	for (i = 1; i < p->count; i++) {
		struct plan_range x = p->r[i];

		for (j = i; j > 0 && p->r[j - 1].va > x.va; j--)
			p->r[j] = p->r[j - 1];
		p->r[j] = x;
	}
}

static struct plan plan;

struct paging_report __init paging_init(phys_addr_t initrd_pa, u64 initrd_size)
{
	struct paging_report rep = { 0 };
	const struct pt_format *f = arch_pt_format();
	struct pt_range ranges[MAX_PLAN];
	struct memblock_region ram;
	struct pt_ctx ctx;
	int i, err;

	plan.count = 0;
	for (i = 0; memblock_usable_range(&memblock, i, &ram); i++) {
		plan_linear(&plan, ram.base, ram.size, initrd_pa, initrd_size);
		rep.linear_bytes += ram.size;
	}
	plan_image(&plan);
	plan_fixmap(&plan);
	plan_sort(&plan);

	memset(&ctx, 0, sizeof(ctx));
	ctx.fmt = f;
	ctx.ops = &swapper_ops;
	for (i = 0; i < plan.count; i++) {
		const struct plan_range *r = &plan.r[i];

		err = pt_map(&ctx, r->va, r->pa, r->size, r->prot);
		if (err)
			panic("paging: cannot map 0x%llx-0x%llx to 0x%llx: %s", r->va,
			      r->va + r->size, r->pa,
			      err == -ENOMEM ? "out of memory for page tables" : "bad range");
		ranges[i] = (struct pt_range){ r->va, r->pa, r->size };
	}
	rep.root_pa = ctx.root;
	rep.tables = ctx.tables;
	rep.min_tables = pt_min_tables(f, ranges, plan.count);
	rep.ranges = plan.count;

	kernel_pt_switch(ctx.root);
	milestone_final_tables_live();

	/* Nothing uses init_pg_dir (or the identity map in it) any more. */
	memblock_free(&memblock, __pa_symbol(init_pg_dir), init_pg_end - init_pg_dir);
	rep.early_pages_freed = (init_pg_end - init_pg_dir) >> PAGE_SHIFT;
	return rep;
}

u64 free_initmem(void)
{
	struct pt_ctx live;
	u64 size = __init_end - __init_begin;

	kernel_pt_ctx(&live);
	if (pt_unmap(&live, (virt_addr_t)__init_begin, size))
		panic("cannot unmap the init segment");
	memblock_free(&memblock, __pa_symbol(__init_begin), size);
	return size;
}
