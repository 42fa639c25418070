// SPDX-License-Identifier: GPL-2.0
/*
 * Walking the live kernel tables once the MMU is on.
 */
#include <lander/boot.h>
#include <lander/machine.h>
#include <lander/string.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>
#include <asm/mmu.h>

static phys_addr_t live_root_pa;
static bool tables_in_linear_map;

phys_addr_t kernel_pt_root(void)
{
	return live_root_pa;
}

void kernel_pt_set_root(phys_addr_t root_pa, bool via_linear_map)
{
	live_root_pa = root_pa;
	tables_in_linear_map = via_linear_map;
}

void kernel_pt_switch(phys_addr_t root_pa)
{
	arch_switch_kernel_root(root_pa);
	kernel_pt_set_root(root_pa, true);
}

/*
 * A table page's virtual address: the early tables (in the image) through
 * the image mapping; once the final tables are live, every table through
 * the linear map.
 */
static u64 *kernel_table(struct pt_ctx *c, phys_addr_t pa, int level)
{
	if (tables_in_linear_map)
		return (u64 *)(uintptr_t)__va(pa);
	if (pa - boot_info.kimage_pa < boot_info.kimage_size)
		return (u64 *)(uintptr_t)(pa + kimage_voffset);
	panic("kernel tables: no mapping for the table page at PA 0x%llx (level %d)", pa, level);
}

/*
 * Drop stale translations after the entry at level for va went invalid or
 * changed: the whole span it covered, and for an entry above the last
 * level (a block, or a table whose leaves may be cached under any address
 * of the span) every walk through it, not only va's page.
 */
static void kernel_flush(struct pt_ctx *c, virt_addr_t va, int level)
{
	arch_flush_tlb_span(va, pt_level_shift(c->fmt, level), level == c->fmt->levels - 1);
}

/* CONFIG_DEBUG_PGTABLE: a break-before-make violation is fatal. */
static void kernel_bbm_violation(struct pt_ctx *c, virt_addr_t va, int level, u64 old, u64 new)
{
	panic("break-before-make violation at VA 0x%llx, level %d: live entry 0x%llx replaced "
	      "by 0x%llx without an invalid entry and a TLB flush in between",
	      va, level, old, new);
}

/*
 * Table pages for late changes (module and BPF mappings, the self-tests)
 * come from memblock once the final tables are live, reached through the
 * linear map. Before that, the early tables have no room to grow.
 */
static phys_addr_t kernel_alloc(struct pt_ctx *c)
{
	return tables_in_linear_map ? memblock_alloc(&memblock, PAGE_SIZE, PAGE_SIZE) : 0;
}

static void kernel_free(struct pt_ctx *c, phys_addr_t pa)
{
	if (tables_in_linear_map)
		memblock_free(&memblock, pa, PAGE_SIZE);
}

static const struct pt_ops kernel_ops = {
	.table = kernel_table,
	.alloc = kernel_alloc,
	.free = kernel_free,
	.flush = kernel_flush,
	.bbm_violation = IS_ENABLED(CONFIG_DEBUG_PGTABLE) ? kernel_bbm_violation : NULL,
};

void kernel_pt_ctx(struct pt_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->fmt = arch_pt_format();
	c->ops = &kernel_ops;
	c->root = live_root_pa;
	c->live = true;
}

void kernel_pt_publish(void)
{
	arch_flush_tlb_kernel();
}

int kernel_lookup(virt_addr_t va, struct pt_leaf *out)
{
	struct pt_ctx c;

	kernel_pt_ctx(&c);
	return pt_lookup(&c, va, out);
}
