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
 *                | vmalloc: the kernel region   |
 *                |   ...                        |
 *                |   BPF window     128 MB      |\  placed at boot below
 *                |   (gap)                      | | the image, within 2 GB
 *                |   modules window 512 MB      | | of every byte of it
 *                |   (gap, at most 64 MB)       |/
 *                |   kernel image               |   _text: anywhere, 64 KB
 *                |   ...                        |   steps (KASLR)
 *                | guard            2 MB        |
 *                +------------------------------+ VMALLOC_END (2 GB aligned)
 *                | hole                         |
 *                +------------------------------+ FIXMAP_START
 *                | fixmap (whole last-level     |
 *                |   tables of page slots)      |
 *                +------------------------------+ FIXMAP_END
 *                | guard: one last-level table  |
 *   2^64         +------------------------------+
 *
 * The kernel is linked at KERNEL_LINK_ADDR, near the top of vmalloc where
 * every paging mode has it, and runs wherever early_boot() puts it: at
 * the link address, or (KASLR, kernel_displacement=) at any multiple of
 * KASLR_ALIGN from KIMAGE_LOWEST to KIMAGE_HIGHEST, most of the vmalloc
 * zone. The image is mapped in pages for W^X anyway, so the step can be
 * the largest page size rather than a block. The modules and BPF windows
 * move with it: mm/layout.c places them below the image, a random gap
 * apart, so that every address in them reaches every byte of the image
 * with a 32-bit PC-relative reference (riscv AUIPC, arm64 ADRP-built
 * offsets, R_*_PREL32), and the top of the modules window, where modules
 * are loaded first, reaches it with an arm64 BL (128 MB).
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
/* Alignment of the load address (the boot protocols' 2 MB). */
#define KIMAGE_ALIGN SZ_2M
/* Step of the image's virtual places: the largest page size. */
#define KASLR_ALIGN SZ_64K

#define MODULES_SIZE	(512 * SZ_1M)
#define BPF_WINDOW_SIZE (128 * SZ_1M)
/* Guard between the highest place of the image and the end of vmalloc. */
#define KIMAGE_GUARD SZ_2M
/*
 * The gaps below the image, in KASLR_ALIGN steps: the modules window ends
 * at most MODULES_GAP_MAX below _text, and the BPF window at most
 * BPF_GAP_MAX below the modules window, so the BPF window's bottom is
 * 2 GB - KIMAGE_MAX_SIZE below _text at the most: within 2 GB of every
 * byte of the largest image.
 */
#define MODULES_GAP_MAX	   (64 * SZ_1M)
#define BPF_GAP_MAX	   (SZ_2G - KIMAGE_MAX_SIZE - MODULES_SIZE - BPF_WINDOW_SIZE - MODULES_GAP_MAX)
#define MODULES_GAP_PLACES (MODULES_GAP_MAX / KASLR_ALIGN + 1)
#define BPF_GAP_PLACES	   (BPF_GAP_MAX / KASLR_ALIGN + 1)

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
#define LAYOUT_VMALLOC_END(ps) (LAYOUT_FIXMAP_START(ps) & ~(SZ_2G - 1))
/* The top 2 GB of vmalloc exist in every paging mode; the link address is in them. */
#define LAYOUT_KERNEL_LINK_ADDR(ps) \
	(LAYOUT_VMALLOC_END(ps) - SZ_2G + MODULES_SIZE + BPF_WINDOW_SIZE)
/*
 * The lowest and highest places of _text in a kernel half of 2^kb bytes:
 * the largest image ends a guard below VMALLOC_END, and the windows below
 * the lowest place, at their largest gaps, still start inside vmalloc.
 */
#define LAYOUT_KIMAGE_LOWEST(kb)  (LAYOUT_VMALLOC_START(kb) + SZ_2G - KIMAGE_MAX_SIZE)
#define LAYOUT_KIMAGE_HIGHEST(ps) (LAYOUT_VMALLOC_END(ps) - KIMAGE_GUARD - KIMAGE_MAX_SIZE)

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
#define KERNEL_LINK_ADDR LAYOUT_KERNEL_LINK_ADDR(PAGE_SHIFT)
#define FIXMAP_START	 LAYOUT_FIXMAP_START(PAGE_SHIFT)
#define FIXMAP_END	 LAYOUT_FIXMAP_END(PAGE_SHIFT)
#define EARLY_POOL_PAGES LAYOUT_EARLY_POOL_PAGES(PAGE_SHIFT, PGTABLE_LEVELS, ARCH_HAS_IDMAP)
#endif

#endif
