// SPDX-License-Identifier: GPL-2.0
/*
 * TLB maintenance of the live kernel tables: after the walker removes or
 * replaces an entry above the last level (a table of pages, or a block),
 * no translation of any page that entry covered may survive, not only the
 * first page's. Each case caches a translation well inside the span by
 * reading through it, changes the entry, and reads again. (QEMU's TCG
 * keeps a software TLB, so a missing flush really leaves a stale
 * translation behind there too.)
 */
#include <lander/boot.h>
#include <lander/errno.h>
#include <lander/ktest.h>
#include <lander/string.h>
#include <lander/trap.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

/* Words written at the inner page of each block of test memory. */
#define MARK_OLD 0x01d01d01d01d01d0ULL
#define MARK_NEW 0x2e42e42e42e42e40ULL

/* The state of one case: the VA span, two blocks of RAM, the live tables. */
struct tlb_case {
	struct pt_ctx ctx;
	struct pt_ops ops;
	virt_addr_t va;	 /* a block-aligned, unused span of vmalloc */
	u64 block;	 /* the span: one block of the level above the last */
	u64 inner;	 /* offset of the page read in the middle of the span */
	phys_addr_t mem; /* two blocks of RAM: old, then new contents */
	int block_level;
};

/* Table pages for the test's mappings come from memblock. */
static phys_addr_t tlb_alloc(struct pt_ctx *c)
{
	return memblock_alloc(&memblock, PAGE_SIZE, PAGE_SIZE);
}

static void tlb_free(struct pt_ctx *c, phys_addr_t pa)
{
	memblock_free(&memblock, pa, PAGE_SIZE);
}

/*
 * Prepare a case: a span of vmalloc nothing maps, one block long, and two
 * blocks of RAM marked MARK_OLD and MARK_NEW at the inner offset.
 * Returns false (the case skipped) when the machine cannot spare them.
 */
static bool tlb_case_init(struct ktest *t, struct tlb_case *tc)
{
	const struct pt_format *f;
	struct vm_layout layout;
	struct pt_leaf leaf;

	kernel_pt_ctx(&tc->ctx);
	f = tc->ctx.fmt;
	tc->ops = *tc->ctx.ops;
	tc->ops.alloc = tlb_alloc;
	tc->ops.free = tlb_free;
	tc->ctx.ops = &tc->ops;
	tc->block_level = f->levels - 2;
	if (!pt_level_has_blocks(f, tc->block_level)) {
		ktest_skip(t, "no blocks above the last level");
		return false;
	}
	tc->block = 1ULL << pt_level_shift(f, tc->block_level);
	tc->inner = ALIGN_DOWN(tc->block / 2 + tc->block / 8, PAGE_SIZE);
	vm_layout_compute(f, ARCH_HAS_IDMAP, &boot_info.place, &layout);
	/* 2 GB and more from the image: clear of it and of its windows */
	tc->va = vm_layout_spare(&layout, SZ_2G, 2 * tc->block, tc->block);
	if (!tc->va || !kernel_lookup(tc->va, &leaf) || !kernel_lookup(tc->va + tc->inner, &leaf)) {
		ktest_skip(t, "the test span of vmalloc is in use");
		return false;
	}
	tc->mem = memblock_alloc(&memblock, 2 * tc->block, tc->block);
	if (!tc->mem) {
		ktest_skip(t, "no two free blocks of RAM");
		return false;
	}
	*(volatile u64 *)(uintptr_t)__va(tc->mem + tc->inner) = MARK_OLD;
	*(volatile u64 *)(uintptr_t)__va(tc->mem + tc->block + tc->inner) = MARK_NEW;
	return true;
}

static void tlb_case_done(struct tlb_case *tc)
{
	pt_unmap(&tc->ctx, tc->va, tc->block);
	memblock_free(&memblock, tc->mem, 2 * tc->block);
}

/* Read the inner page through the test span (0 or -EFAULT). */
static int tlb_read_inner(struct tlb_case *tc, u64 *val)
{
	return probe_read((const void *)(uintptr_t)(tc->va + tc->inner), val);
}

/*
 * Map the span to the old block as a table of pages: the first page on
 * its own, then the rest, so that no block fits.
 */
static int tlb_map_pages(struct tlb_case *tc)
{
	int err = pt_map(&tc->ctx, tc->va, tc->mem, PAGE_SIZE, PAGE_KERNEL);

	if (!err)
		err = pt_map(&tc->ctx, tc->va + PAGE_SIZE, tc->mem + PAGE_SIZE,
			     tc->block - PAGE_SIZE, PAGE_KERNEL);
	arch_flush_tlb_all(); /* nothing cached yet: make the new entries visible */
	return err;
}

/*
 * The span is mapped with its leaf for the inner page at level: read the
 * inner page (caching its translation), unmap the whole span, and expect
 * the same read to fault.
 */
static void expect_unmap_drops_inner(struct ktest *t, struct tlb_case *tc, int level)
{
	struct pt_leaf leaf;
	u64 val = 0;

	KEXPECT_EQ(t, kernel_lookup(tc->va + tc->inner, &leaf), 0);
	KEXPECT_EQ(t, leaf.level, level);
	KEXPECT_EQ(t, tlb_read_inner(tc, &val), 0);
	KEXPECT_EQ(t, val, MARK_OLD);
	KEXPECT_EQ(t, pt_unmap(&tc->ctx, tc->va, tc->block), 0);
	KEXPECT_EQ(t, tlb_read_inner(tc, &val), -EFAULT);
}

/*
 *   va                 va + inner          va + block
 *   | page | page | .. | page (read) | .. | page |      one table entry
 *   +------------------------------------------+
 *   unmap [va, va + block): the table entry goes
 *
 * Expect the read of the inner page, cached before, to fault after.
 */
static void test_unmap_table_entry_drops_inner_pages(struct ktest *t)
{
	struct tlb_case tc;

	if (!tlb_case_init(t, &tc))
		return;
	KEXPECT_EQ(t, tlb_map_pages(&tc), 0);
	expect_unmap_drops_inner(t, &tc, tc.ctx.fmt->levels - 1);
	tlb_case_done(&tc);
}

/*
 *   va                                      va + block
 *   |            one block (read inside)           |
 *   +----------------------------------------------+
 *   unmap [va, va + block): the block entry goes
 *
 * Expect the read inside the block, cached before, to fault after.
 */
static void test_unmap_block_drops_inner_pages(struct ktest *t)
{
	struct tlb_case tc;

	if (!tlb_case_init(t, &tc))
		return;
	KEXPECT_EQ(t, pt_map(&tc.ctx, tc.va, tc.mem, tc.block, PAGE_KERNEL), 0);
	arch_flush_tlb_all();
	expect_unmap_drops_inner(t, &tc, tc.block_level);
	tlb_case_done(&tc);
}

/*
 *   before: | page | page | .. | page (read: old) | .. |   table of pages, old block
 *   after:  |        one block of the new memory       |   pt_map merges
 *
 * Expect the inner page to read the new memory: no translation through
 * the freed table survives the merge.
 */
static void test_merge_into_block_drops_old_pages(struct ktest *t)
{
	struct tlb_case tc;
	struct pt_leaf leaf;
	u64 val = 0;

	if (!tlb_case_init(t, &tc))
		return;
	KEXPECT_EQ(t, tlb_map_pages(&tc), 0);
	KEXPECT_EQ(t, tlb_read_inner(&tc, &val), 0);
	KEXPECT_EQ(t, val, MARK_OLD);
	KEXPECT_EQ(t, pt_map(&tc.ctx, tc.va, tc.mem + tc.block, tc.block, PAGE_KERNEL), 0);
	/*
	 * Make the new block visible the way fixmap_set() does, by its first
	 * page only: the inner page's old translation must already be gone.
	 */
	arch_flush_tlb_va(tc.va);
	KEXPECT_EQ(t, kernel_lookup(tc.va + tc.inner, &leaf), 0);
	KEXPECT_EQ(t, leaf.level, tc.block_level);
	KEXPECT_EQ(t, tlb_read_inner(&tc, &val), 0);
	KEXPECT_EQ(t, val, MARK_NEW);
	tlb_case_done(&tc);
}

/*
 *   before: |        one block of the old memory (read inside)      |
 *   after:  | page | .. | hole (inner page) | .. | page |  split, one page unmapped
 *
 * Expect the unmapped inner page to fault and its neighbour to read the
 * old memory still.
 */
static void test_split_block_then_unmap_inner_page(struct ktest *t)
{
	struct tlb_case tc;
	u64 val = 0;

	if (!tlb_case_init(t, &tc))
		return;
	KEXPECT_EQ(t, pt_map(&tc.ctx, tc.va, tc.mem, tc.block, PAGE_KERNEL), 0);
	arch_flush_tlb_all();
	KEXPECT_EQ(t, tlb_read_inner(&tc, &val), 0);
	KEXPECT_EQ(t, pt_unmap(&tc.ctx, tc.va + tc.inner, PAGE_SIZE), 0);
	KEXPECT_EQ(t, tlb_read_inner(&tc, &val), -EFAULT);
	*(volatile u64 *)(uintptr_t)__va(tc.mem + tc.inner + PAGE_SIZE) = MARK_OLD;
	KEXPECT_EQ(t, probe_read((const void *)(uintptr_t)(tc.va + tc.inner + PAGE_SIZE), &val), 0);
	KEXPECT_EQ(t, val, MARK_OLD);
	tlb_case_done(&tc);
}

static const struct ktest_case tlb_cases[] = { KTEST_CASE(test_unmap_table_entry_drops_inner_pages),
					       KTEST_CASE(test_unmap_block_drops_inner_pages),
					       KTEST_CASE(test_merge_into_block_drops_old_pages),
					       KTEST_CASE(test_split_block_then_unmap_inner_page),
					       {} };
KTEST_SUITE(tlb_flush, tlb_cases);
