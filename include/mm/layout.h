/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's virtual memory layout, as formulas of the paging geometry.
 *
 * Every region is a function of two numbers: kb, log2 of the kernel half's
 * size (fmt->kva_bits), and ps, the page shift. The same macros give the
 * configured layout to the linker script and to C (the KERNEL_* names at
 * the bottom, from Kconfig) and the layout of any format to mm/layout.c,
 * which the host tests run for every format. Nothing else computes an
 * address of the layout.
 *
 *   2^64 - 2^kb  +------------------------------+ KVA_START = PAGE_OFFSET
 *                | linear map of RAM            |  half of the kernel half
 *                +------------------------------+ VMALLOC_START
 *                | vmalloc                      |
 *                |                              |
 *                +- - - - - - - - - - - - - - - + KZONE_START (2 GB aligned)
 *                | modules window   512 MB      |\
 *                | BPF window       128 MB      | > kernel zone: 2 GB, so any
 *                | kernel image slots           | / two addresses in it are
 *                | guard            2 MB        |/  less than 2 GB apart
 *                +------------------------------+ VMALLOC_END = KZONE_END
 *                | hole                         |
 *                +------------------------------+ FIXMAP_START
 *                | fixmap (whole last-level     |
 *                |   tables of page slots)      |
 *                +------------------------------+ FIXMAP_END
 *                | guard: one last-level table  |
 *   2^64         +------------------------------+
 *
 * The kernel is linked at KERNEL_LINK_ADDR, the bottom of the image slots,
 * and may be displaced upward (2 MB steps) as long as it stays inside
 * them: the modules and BPF windows then stay within 2 GB of every byte
 * of it, which is what a 32-bit PC-relative reference (riscv auipc, arm64
 * ADRP/ADR-built offsets, R_*_PREL32) can reach.
 */
#ifndef MM_LAYOUT_H
#define MM_LAYOUT_H

#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) (x##ULL)
#endif

#define SZ_4K  _UL(0x1000)
#define SZ_64K _UL(0x10000)
#define SZ_1M  _UL(0x100000)
#define SZ_2M  _UL(0x200000)
#define SZ_1G  _UL(0x40000000)
#define SZ_2G  _UL(0x80000000)

/* The largest image the early page-table pool is sized for. */
#define KIMAGE_MAX_SIZE (32 * SZ_1M)
/* The largest DTB the boot protocols allow (arm64 booting.rst: 2 MB). */
#define MAX_FDT_SIZE SZ_2M
/* Alignment of the load address and of the virtual displacement. */
#define KIMAGE_ALIGN SZ_2M

#define MODULES_SIZE	(512 * SZ_1M)
#define BPF_WINDOW_SIZE (128 * SZ_1M)
#define KZONE_SIZE	SZ_2G
#define KZONE_GUARD	SZ_2M

/*
 * The number of lookup levels of a format translating va bits of VA with
 * pages of 2^ps bytes: the page offset takes ps bits and each level,
 * a table of 2^(ps - 3) eight-byte entries, resolves ps - 3 more; the
 * root resolves what is left, so it may be partly used. The one formula
 * behind every format's levels (arch/<arch>/mm/pgformat.c) and the early
 * pool's size (PGTABLE_LEVELS below): they cannot disagree.
 */
#define LAYOUT_PT_LEVELS(va, ps) (((va) - (ps) + ((ps)-3) - 1) / ((ps)-3))

/* Span of one last-level table: 2^(2 ps - 3). */
#define LAYOUT_TABLE_SPAN(ps) (_UL(1) << (2 * (ps)-3))
/* Fixmap: a few fixed slots and enough for a DTB at any alignment. */
#define FIX_FIXED_SLOTS		 16
#define LAYOUT_FIX_FDT_SLOTS(ps) ((MAX_FDT_SIZE >> (ps)) + 1)
#define LAYOUT_FIX_SLOTS(ps)	 (FIX_FIXED_SLOTS + LAYOUT_FIX_FDT_SLOTS(ps))
#define LAYOUT_FIX_TABLES(ps)	 ((LAYOUT_FIX_SLOTS(ps) + (_UL(1) << ((ps)-3)) - 1) >> ((ps)-3))

#define LAYOUT_KVA_START(kb)	 (_UL(0) - (_UL(1) << (kb)))
#define LAYOUT_LINEAR_SIZE(kb)	 (_UL(1) << ((kb)-1))
#define LAYOUT_VMALLOC_START(kb) (LAYOUT_KVA_START(kb) + LAYOUT_LINEAR_SIZE(kb))
#define LAYOUT_FIXMAP_END(ps)	 (_UL(0) - LAYOUT_TABLE_SPAN(ps))
#define LAYOUT_FIXMAP_START(ps) \
	(LAYOUT_FIXMAP_END(ps) - LAYOUT_FIX_TABLES(ps) * LAYOUT_TABLE_SPAN(ps))
#define LAYOUT_KZONE_END(ps)	 (LAYOUT_FIXMAP_START(ps) & ~(KZONE_SIZE - 1))
#define LAYOUT_KZONE_START(ps)	 (LAYOUT_KZONE_END(ps) - KZONE_SIZE)
#define LAYOUT_VMALLOC_END(ps)	 LAYOUT_KZONE_END(ps)
#define LAYOUT_MODULES_START(ps) LAYOUT_KZONE_START(ps)
#define LAYOUT_BPF_START(ps)	 (LAYOUT_MODULES_START(ps) + MODULES_SIZE)
#define LAYOUT_KIMAGE_START(ps)	 (LAYOUT_BPF_START(ps) + BPF_WINDOW_SIZE)
#define LAYOUT_KIMAGE_END(ps)	 (LAYOUT_KZONE_END(ps) - KZONE_GUARD)

/* Largest virtual displacement: the image must end inside its slots. */
#define LAYOUT_MAX_DISPLACEMENT(ps) \
	(LAYOUT_KIMAGE_END(ps) - LAYOUT_KIMAGE_START(ps) - KIMAGE_MAX_SIZE)

/*
 * The early page-table pool (init_pg_dir and what hangs below it), in
 * pages. Mapping S bytes at any page alignment needs at most
 * S / span(l - 1) + 2 tables at each level l below the root, so the bound
 * depends only on constants, never on _end: it cannot fail to converge.
 */
#define LAYOUT_LEVEL_SHIFT(ps, lv, l) ((ps) + ((lv)-1 - (l)) * ((ps)-3))
#define LAYOUT_TABLES_AT(ps, lv, l, S) \
	((l) < (lv) ? ((S) >> LAYOUT_LEVEL_SHIFT(ps, lv, (l) < (lv) ? (l)-1 : 0)) + 2 : 0)
#define LAYOUT_TABLES_FOR(ps, lv, S)                                       \
	(LAYOUT_TABLES_AT(ps, lv, 1, S) + LAYOUT_TABLES_AT(ps, lv, 2, S) + \
	 LAYOUT_TABLES_AT(ps, lv, 3, S) + LAYOUT_TABLES_AT(ps, lv, 4, S))
/* Root, kernel image, fixmap, and (idmap = 1) an identity root and its page. */
#define LAYOUT_EARLY_POOL_PAGES(ps, lv, idmap)                                      \
	(1 + LAYOUT_TABLES_FOR(ps, lv, KIMAGE_MAX_SIZE) +                           \
	 LAYOUT_TABLES_FOR(ps, lv, LAYOUT_FIX_TABLES(ps) * LAYOUT_TABLE_SPAN(ps)) + \
	 (idmap) * (1 + LAYOUT_TABLES_FOR(ps, lv, _UL(2) << (ps))))

/*
 * The configured layout: all of it hangs from the top of the address
 * space and depends only on the page size, so it holds whatever paging
 * mode the CPU ends up with (riscv may fall back from Sv57 to Sv48 or
 * Sv39). The linear map and vmalloc start depend on the mode: see
 * linear_map_start (mm/physaddr.h) and vm_layout_compute(). PGTABLE_LEVELS
 * is the configured mode's, the most riscv may use, which the early pool
 * is sized for.
 */
#ifdef CONFIG_VA_BITS
#define PAGE_SHIFT	 CONFIG_PAGE_SHIFT
#define PGTABLE_LEVELS	 LAYOUT_PT_LEVELS(CONFIG_VA_BITS, PAGE_SHIFT)
#define PAGE_SIZE	 (_UL(1) << PAGE_SHIFT)
#define VMALLOC_END	 LAYOUT_VMALLOC_END(PAGE_SHIFT)
#define MODULES_START	 LAYOUT_MODULES_START(PAGE_SHIFT)
#define BPF_START	 LAYOUT_BPF_START(PAGE_SHIFT)
#define KERNEL_LINK_ADDR LAYOUT_KIMAGE_START(PAGE_SHIFT)
#define KIMAGE_END	 LAYOUT_KIMAGE_END(PAGE_SHIFT)
#define FIXMAP_START	 LAYOUT_FIXMAP_START(PAGE_SHIFT)
#define FIXMAP_END	 LAYOUT_FIXMAP_END(PAGE_SHIFT)
#define MAX_DISPLACEMENT LAYOUT_MAX_DISPLACEMENT(PAGE_SHIFT)
#define EARLY_POOL_PAGES LAYOUT_EARLY_POOL_PAGES(PAGE_SHIFT, PGTABLE_LEVELS, ARCH_HAS_IDMAP)
#endif

#endif
