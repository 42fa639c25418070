// SPDX-License-Identifier: GPL-2.0
/*
 * The early page tables. Early subset: runs with the MMU off, before or
 * just after relocation, so table pages are reached at their physical
 * addresses and nothing here holds an absolute address.
 */
#include <lander/cpu.h>
#include <lander/errno.h>
#include <lander/machine.h>
#include <lander/printk.h>
#include <lander/sections.h>
#include <lander/string.h>
#include <mm/early_map.h>
#include <mm/fixmap.h>
#include <asm/mmu.h>

struct early_pool {
	phys_addr_t next;
	phys_addr_t end;
};

/* With the MMU off a table page is reached at its physical address. */
static u64 *__init early_table(struct pt_ctx *c, phys_addr_t pa, int level)
{
	return (u64 *)(uintptr_t)pa;
}

/* The next page of init_pg_dir's pool, or 0 when it is used up. */
static phys_addr_t __init early_alloc(struct pt_ctx *c)
{
	struct early_pool *pool = c->priv;
	phys_addr_t pa = pool->next;

	if (pa >= pool->end)
		return 0;
	pool->next += PAGE_SIZE;
	return pa;
}

/* Map one range or end the machine saying which and why. */
static void __init early_map_range(struct pt_ctx *c, const char *what, virt_addr_t va,
				   phys_addr_t pa, u64 size, unsigned int prot)
{
	int err = pt_map(c, va, pa, size, prot);

	if (err)
		panic("early tables: cannot map %s (VA 0x%llx, PA 0x%llx, 0x%llx bytes): %s", what,
		      va, pa, size,
		      err == -ENOMEM ? "the init_pg_dir pool is exhausted" : "invalid range");
}

struct early_map_result __init early_map(const struct early_map_request *req)
{
	struct early_map_result res = { 0 };
	struct early_pool pool;
	struct pt_ops ops;
	struct pt_ctx ctx;
	unsigned int i;
	phys_addr_t root = (phys_addr_t)(uintptr_t)init_pg_dir;
	phys_addr_t fdt_page = ALIGN_DOWN(req->fdt_pa, PAGE_SIZE);

	/*
	 * The identity map translates PA as VA through a root of the same
	 * size as the kernel half's: a load at or above 2^va_bits (512 GB
	 * with 4K pages and 39 bits, 4 TB with 64K and 42) cannot be reached.
	 * Say so before any table is built.
	 */
	if (ARCH_HAS_IDMAP && req->idmap_pa + req->idmap_size > 1ULL << arch_pt_format()->va_bits)
		panic("the kernel was loaded at 0x%llx, but this %u-bit VA configuration can "
		      "identity-map it only below 0x%llx: load it lower or build with more VA bits",
		      req->text_pa, arch_pt_format()->va_bits, 1ULL << arch_pt_format()->va_bits);

	/* Field by field: an initialiser could become a table of absolute addresses. */
	memset(&ops, 0, sizeof(ops));
	ops.table = early_table;
	ops.alloc = early_alloc;
	pool.next = root + PAGE_SIZE;
	pool.end = (phys_addr_t)(uintptr_t)init_pg_end;
	memset(&ctx, 0, sizeof(ctx));
	ctx.fmt = arch_pt_format();
	ctx.ops = &ops;
	ctx.root = root;
	ctx.priv = &pool;
	memset((void *)(uintptr_t)root, 0, PAGE_SIZE);
	res.root_pa = root;

	/* The whole image, pool and stack included: the tables map themselves. */
	early_map_range(&ctx, "the kernel image", req->text_va, req->text_pa,
			ALIGN_UP(req->size, PAGE_SIZE), PAGE_KERNEL_RWX);
	early_map_range(&ctx, "the device tree", fix_to_virt(FIX_FDT), fdt_page,
			ALIGN_UP(req->fdt_pa + req->fdt_size, PAGE_SIZE) - fdt_page,
			PAGE_KERNEL_RO);
	res.fdt_va = fix_to_virt(FIX_FDT) + (req->fdt_pa - fdt_page);
	/* Each early device found: its register page, in its fixmap slot. */
	for (i = 0; i < req->nr_devs; i++) {
		phys_addr_t pa = req->devs[i].regs.pa;

		if (pa)
			early_map_range(&ctx, req->devs[i].name, fix_to_virt(FIX_EARLY_DEV + i),
					ALIGN_DOWN(pa, PAGE_SIZE), PAGE_SIZE, PAGE_DEVICE);
	}

	if (ARCH_HAS_IDMAP) {
		phys_addr_t start = ALIGN_DOWN(req->idmap_pa, PAGE_SIZE);
		phys_addr_t idmap_root = early_alloc(&ctx);

		if (!idmap_root)
			panic("early tables: the init_pg_dir pool is exhausted");
		memset((void *)(uintptr_t)idmap_root, 0, PAGE_SIZE);
		ctx.root = idmap_root;
		early_map_range(&ctx, "the identity map", start, start,
				ALIGN_UP(req->idmap_pa + req->idmap_size, PAGE_SIZE) - start,
				PAGE_KERNEL_ROX);
		res.idmap_root_pa = idmap_root;
	}
	res.tables = (pool.next - root) >> PAGE_SHIFT;

	return res;
}
