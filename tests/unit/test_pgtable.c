// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the generic page-table walker (mm/pgtable.c) and of the
 * arm64 and RISC-V format descriptions, every case once per format.
 *
 * Expected encodings and geometry are literals taken from the Arm ARM
 * (VMSAv8-64 stage 1 descriptors) and the RISC-V privileged spec (Sv39,
 * Sv48, Sv57), never computed with the code under test. Trees are read
 * back by a walker of this file's own that decodes entries from those
 * manuals' bit layouts, and compared with a flat model of the mappings.
 *
 * Environment: PT_SEED (random seed), PT_OPS (random operations per
 * format in the differential case, default 10000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lander/errno.h>
#include <mm/pgtable.h>
#include "splitmix.h"
#include "tap.h"

enum { ARCH_ARM, ARCH_RV };
/* Arm output addresses: 48 bits; 52 with FEAT_LPA2 or the 64K granule's FEAT_LPA descriptors. */
enum { OA48, OA_LPA2, OA_LPA64K };
enum { G_TABLE, G_LEAF };

/* One expected entry: pt_make_table(pa) or pt_make_leaf(level, pa, prot). */
struct golden {
	int level;
	int kind;
	u64 pa;
	unsigned int prot;
	u64 expect;
};

/* pt_min_tables() of one or two ranges, counted by hand. */
struct mt_case {
	const char *what;
	struct pt_range r[2];
	int n;
	unsigned long expect;
};

/* A format's geometry as the manuals give it, and its expected values. */
struct geom {
	const struct pt_format *f;
	const char *name;
	int arch;
	int levels, page_shift, va_bits, kva_bits, pa_bits;
	int oa52;			     /* Arm: OA48, OA_LPA2 or OA_LPA64K */
	unsigned int shift[PT_MAX_LEVELS];   /* log2 of an entry's span, per level */
	unsigned int entries[PT_MAX_LEVELS]; /* entries of a table, per level */
	unsigned int blocks;		     /* bit L: level L may hold a leaf */
	const struct golden *golden;
	struct mt_case mt[7]; /* ended by an entry without what */
};

/*
 * Golden entries. Arm ARM: bit 0 valid; bits 1:0 = 11 table (levels 0-2)
 * or page (level 3), 01 block; AttrIndx[2:0] bits 4:2 (MAIR_EL1 index:
 * 0 Device-nGnRnE, 1 Normal WB); AP[2:1] bits 7:6 (AP[2] = 1 read-only,
 * AP[1] = 0 EL1 only); SH[1:0] bits 9:8 (11 inner shareable); AF bit 10;
 * nG bit 11; OA bits 47:granule shift; PXN bit 53; UXN bit 54.
 * RISC-V: V bit 0, R 1, W 2, X 3, U 4, G 5, A 6, D 7, PPN bits 53:10 =
 * PA[55:12]; a table entry has R = W = X = 0.
 * Levels in the first column are ours (0 = root).
 */
static const struct golden golden_arm64_4k_39[] = {
	/* table at our level 0 (L1) -> 0x765432100000: bits[1:0]=11 table, NLTA=PA[47:12] */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x0000765432100003ULL },
	/*
	 * block RX at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * block RX at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * page RX at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123456000ULL, PAGE_KERNEL_ROX, 0x0040a5c123456787ULL },
	/*
	 * page R at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123456000ULL, PAGE_KERNEL_RO, 0x0060a5c123456787ULL },
	/*
	 * page RW at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123456000ULL, PAGE_KERNEL, 0x0060a5c123456707ULL },
	/*
	 * page DEV at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123456000ULL, PAGE_DEVICE, 0x0060a5c123456403ULL },
	{ .level = -1 }
};

static const struct golden golden_arm64_4k_48[] = {
	/* table at our level 0 (L0) -> 0x765432100000: bits[1:0]=11 table, NLTA=PA[47:12] */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x0000765432100003ULL },
	/*
	 * block RX at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L1, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * block RX at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * page RX at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123456000ULL, PAGE_KERNEL_ROX, 0x0040a5c123456787ULL },
	/*
	 * page R at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123456000ULL, PAGE_KERNEL_RO, 0x0060a5c123456787ULL },
	/*
	 * page RW at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123456000ULL, PAGE_KERNEL, 0x0060a5c123456707ULL },
	/*
	 * page DEV at L3, OA 0xa5c123456000:
	 * [1:0]=11 page AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123456000ULL, PAGE_DEVICE, 0x0060a5c123456403ULL },
	{ .level = -1 }
};

static const struct golden golden_arm64_16k_47[] = {
	/* table at our level 0 (L1) -> 0x765432100000: bits[1:0]=11 table, NLTA=PA[47:14] */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x0000765432100003ULL },
	/*
	 * block RX at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * page RX at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123454000ULL, PAGE_KERNEL_ROX, 0x0040a5c123454787ULL },
	/*
	 * page R at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123454000ULL, PAGE_KERNEL_RO, 0x0060a5c123454787ULL },
	/*
	 * page RW at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123454000ULL, PAGE_KERNEL, 0x0060a5c123454707ULL },
	/*
	 * page DEV at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123454000ULL, PAGE_DEVICE, 0x0060a5c123454403ULL },
	{ .level = -1 }
};

static const struct golden golden_arm64_16k_48[] = {
	/* table at our level 0 (L0) -> 0x765432100000: bits[1:0]=11 table, NLTA=PA[47:14] */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x0000765432100003ULL },
	/*
	 * block RX at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * page RX at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123454000ULL, PAGE_KERNEL_ROX, 0x0040a5c123454787ULL },
	/*
	 * page R at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123454000ULL, PAGE_KERNEL_RO, 0x0060a5c123454787ULL },
	/*
	 * page RW at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123454000ULL, PAGE_KERNEL, 0x0060a5c123454707ULL },
	/*
	 * page DEV at L3, OA 0xa5c123454000:
	 * [1:0]=11 page AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 3, G_LEAF, 0x0000a5c123454000ULL, PAGE_DEVICE, 0x0060a5c123454403ULL },
	{ .level = -1 }
};

static const struct golden golden_arm64_64k_42[] = {
	/* table at our level 0 (L2) -> 0x765432100000: bits[1:0]=11 table, NLTA=PA[47:16] */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x0000765432100003ULL },
	/*
	 * block RX at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 0, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * page RX at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c123450000ULL, PAGE_KERNEL_ROX, 0x0040a5c123450787ULL },
	/*
	 * page R at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c123450000ULL, PAGE_KERNEL_RO, 0x0060a5c123450787ULL },
	/*
	 * page RW at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c123450000ULL, PAGE_KERNEL, 0x0060a5c123450707ULL },
	/*
	 * page DEV at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c123450000ULL, PAGE_DEVICE, 0x0060a5c123450403ULL },
	{ .level = -1 }
};

static const struct golden golden_arm64_64k_48[] = {
	/* table at our level 0 (L1) -> 0x765432100000: bits[1:0]=11 table, NLTA=PA[47:16] */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x0000765432100003ULL },
	/*
	 * block RX at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c000000785ULL },
	/*
	 * block R at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL_RO, 0x0060a5c000000785ULL },
	/*
	 * block RW at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_KERNEL, 0x0060a5c000000705ULL },
	/*
	 * block DEV at L2, OA 0xa5c000000000:
	 * [1:0]=01 block AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 1, G_LEAF, 0x0000a5c000000000ULL, PAGE_DEVICE, 0x0060a5c000000401ULL },
	/*
	 * page RX at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=0 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123450000ULL, PAGE_KERNEL_ROX, 0x0040a5c123450787ULL },
	/*
	 * page R at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=1 AP=10(RO,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123450000ULL, PAGE_KERNEL_RO, 0x0060a5c123450787ULL },
	/*
	 * page RW at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=1 AP=00(RW,EL1) SH=11 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123450000ULL, PAGE_KERNEL, 0x0060a5c123450707ULL },
	/*
	 * page DEV at L3, OA 0xa5c123450000:
	 * [1:0]=11 page AttrIndx=0 AP=00(RW,EL1) SH=00 AF=1 nG=0 PXN=1 UXN=1
	 */
	{ 2, G_LEAF, 0x0000a5c123450000ULL, PAGE_DEVICE, 0x0060a5c123450403ULL },
	{ .level = -1 }
};

/*
 * 52-bit formats. FEAT_LPA2 (4K, 16K; TCR_EL1.DS = 1): OA[49:n] in place,
 * OA[51:50] in bits 9:8 where SH was (the shareability is TCR_EL1's), so a
 * Normal entry has no SH bits of its own. 64K with 52-bit OA (FEAT_LPA):
 * OA[47:16] in place, OA[51:48] in bits 15:12, SH as before. The test PAs
 * have bits 51:48 = 0xf, to fill the high part.
 */
static const struct golden golden_arm64_4k_52[] = {
	/* table at our level 0 (L-1) -> 0xfa5c123456000: OA[49:12] 0x3a5c123456000, [9:8]=11 */
	{ 0, G_TABLE, 0x000fa5c123456000ULL, 0, 0x0003a5c123456303ULL },
	/* table at our level 1 (L0) */
	{ 1, G_TABLE, 0x000fa5c123456000ULL, 0, 0x0003a5c123456303ULL },
	/*
	 * block RX at L0 (512 GB), OA 0xfa58000000000: OA[49:39] in place,
	 * [1:0]=01 AttrIndx=1 AP=10 [9:8]=OA[51:50]=11 AF=1 PXN=0 UXN=1
	 */
	{ 1, G_LEAF, 0x000fa58000000000ULL, PAGE_KERNEL_ROX, 0x0043a58000000785ULL },
	/* block RW at L1 (1 GB), same OA: AP=00 PXN=1 UXN=1 */
	{ 2, G_LEAF, 0x000fa58000000000ULL, PAGE_KERNEL, 0x0063a58000000705ULL },
	/* block DEV at L2 (2 MB): AttrIndx=0, [9:8] still OA[51:50] */
	{ 3, G_LEAF, 0x000fa58000000000ULL, PAGE_DEVICE, 0x0063a58000000701ULL },
	/* page RX at L3, OA 0xfa5c123456000: [1:0]=11 */
	{ 4, G_LEAF, 0x000fa5c123456000ULL, PAGE_KERNEL_ROX, 0x0043a5c123456787ULL },
	/* page R at L3 */
	{ 4, G_LEAF, 0x000fa5c123456000ULL, PAGE_KERNEL_RO, 0x0063a5c123456787ULL },
	/* page RW at L3 */
	{ 4, G_LEAF, 0x000fa5c123456000ULL, PAGE_KERNEL, 0x0063a5c123456707ULL },
	/* page DEV at L3 */
	{ 4, G_LEAF, 0x000fa5c123456000ULL, PAGE_DEVICE, 0x0063a5c123456703ULL },
	/* page RX at L3 below 1 PB: OA[51:50] = 00, bits 9:8 clear */
	{ 4, G_LEAF, 0x0002a5c123456000ULL, PAGE_KERNEL_ROX, 0x0042a5c123456487ULL },
	{ .level = -1 }
};

static const struct golden golden_arm64_16k_52[] = {
	/* table at our level 0 (L0) -> 0xfa5c123454000: OA[49:14] 0x3a5c123454000, [9:8]=11 */
	{ 0, G_TABLE, 0x000fa5c123454000ULL, 0, 0x0003a5c123454303ULL },
	/* block RX at L1 (64 GB), OA 0xfa5c000000000 */
	{ 1, G_LEAF, 0x000fa5c000000000ULL, PAGE_KERNEL_ROX, 0x0043a5c000000785ULL },
	/* block R at L2 (32 MB) */
	{ 2, G_LEAF, 0x000fa5c000000000ULL, PAGE_KERNEL_RO, 0x0063a5c000000785ULL },
	/* page RW at L3, OA 0xfa5c123454000 */
	{ 3, G_LEAF, 0x000fa5c123454000ULL, PAGE_KERNEL, 0x0063a5c123454707ULL },
	/* page DEV at L3 */
	{ 3, G_LEAF, 0x000fa5c123454000ULL, PAGE_DEVICE, 0x0063a5c123454703ULL },
	{ .level = -1 }
};

static const struct golden golden_arm64_64k_52[] = {
	/* table at our level 0 (L1) -> 0xfa5c123450000: OA[47:16] 0xa5c123450000, [15:12]=0xf */
	{ 0, G_TABLE, 0x000fa5c123450000ULL, 0, 0x0000a5c12345f003ULL },
	/* block RX at L2 (512 MB), OA 0xfa5c000000000: SH=11 as in the 48-bit format */
	{ 1, G_LEAF, 0x000fa5c000000000ULL, PAGE_KERNEL_ROX, 0x0040a5c00000f785ULL },
	/* page R at L3, OA 0xfa5c123450000 */
	{ 2, G_LEAF, 0x000fa5c123450000ULL, PAGE_KERNEL_RO, 0x0060a5c12345f787ULL },
	/* page RW at L3 */
	{ 2, G_LEAF, 0x000fa5c123450000ULL, PAGE_KERNEL, 0x0060a5c12345f707ULL },
	/* page DEV at L3: SH=00 */
	{ 2, G_LEAF, 0x000fa5c123450000ULL, PAGE_DEVICE, 0x0060a5c12345f403ULL },
	/* page RX at L3 below 256 TB: bits 15:12 clear, as in the 48-bit format */
	{ 2, G_LEAF, 0x0000a5c123450000ULL, PAGE_KERNEL_ROX, 0x0040a5c123450787ULL },
	{ .level = -1 }
};

static const struct golden golden_riscv_sv39[] = {
	/*
	 * table at our level 0 (spec level 2) -> 0x765432100000:
	 * V=1 R=W=X=0, PPN=PA>>12 at bit 10
	 */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x00001d950c840001ULL },
	/* leaf RX at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 2, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 1, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R X G A D */
	{ 2, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL_ROX, 0x00297048d159e0ebULL },
	/* leaf R at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R G A D */
	{ 2, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL_RO, 0x00297048d159e0e3ULL },
	/* leaf RW at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R W G A D */
	{ 2, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL, 0x00297048d159e0e7ULL },
	/*
	 * leaf DEV at spec level 0, PA 0xa5c12345678000:
	 * PPN=0xa5c12345678, V R W G A D (PMA decides the type)
	 */
	{ 2, G_LEAF, 0x00a5c12345678000ULL, PAGE_DEVICE, 0x00297048d159e0e7ULL },
	{ .level = -1 }
};

static const struct golden golden_riscv_sv48[] = {
	/*
	 * table at our level 0 (spec level 3) -> 0x765432100000:
	 * V=1 R=W=X=0, PPN=PA>>12 at bit 10
	 */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x00001d950c840001ULL },
	/* leaf RX at spec level 3, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 3, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 3, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 3, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 2, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 1, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R X G A D */
	{ 3, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL_ROX, 0x00297048d159e0ebULL },
	/* leaf R at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R G A D */
	{ 3, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL_RO, 0x00297048d159e0e3ULL },
	/* leaf RW at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R W G A D */
	{ 3, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL, 0x00297048d159e0e7ULL },
	/*
	 * leaf DEV at spec level 0, PA 0xa5c12345678000:
	 * PPN=0xa5c12345678, V R W G A D (PMA decides the type)
	 */
	{ 3, G_LEAF, 0x00a5c12345678000ULL, PAGE_DEVICE, 0x00297048d159e0e7ULL },
	{ .level = -1 }
};

static const struct golden golden_riscv_sv57[] = {
	/*
	 * table at our level 0 (spec level 4) -> 0x765432100000:
	 * V=1 R=W=X=0, PPN=PA>>12 at bit 10
	 */
	{ 0, G_TABLE, 0x0000765432100000ULL, 0, 0x00001d950c840001ULL },
	/* leaf RX at spec level 4, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 4, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 4, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 4, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 0, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 3, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 3, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 3, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 3, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 1, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 2, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 2, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 2, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R X G A D */
	{ 3, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_ROX, 0x00294000000000ebULL },
	/* leaf R at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R G A D */
	{ 3, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL_RO, 0x00294000000000e3ULL },
	/* leaf RW at spec level 1, PA 0xa5000000000000: PPN=0xa5000000000, V R W G A D */
	{ 3, G_LEAF, 0x00a5000000000000ULL, PAGE_KERNEL, 0x00294000000000e7ULL },
	/*
	 * leaf DEV at spec level 1, PA 0xa5000000000000:
	 * PPN=0xa5000000000, V R W G A D (PMA decides the type)
	 */
	{ 3, G_LEAF, 0x00a5000000000000ULL, PAGE_DEVICE, 0x00294000000000e7ULL },
	/* leaf RX at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R X G A D */
	{ 4, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL_ROX, 0x00297048d159e0ebULL },
	/* leaf R at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R G A D */
	{ 4, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL_RO, 0x00297048d159e0e3ULL },
	/* leaf RW at spec level 0, PA 0xa5c12345678000: PPN=0xa5c12345678, V R W G A D */
	{ 4, G_LEAF, 0x00a5c12345678000ULL, PAGE_KERNEL, 0x00297048d159e0e7ULL },
	/*
	 * leaf DEV at spec level 0, PA 0xa5c12345678000:
	 * PPN=0xa5c12345678, V R W G A D (PMA decides the type)
	 */
	{ 4, G_LEAF, 0x00a5c12345678000ULL, PAGE_DEVICE, 0x00297048d159e0e7ULL },
	{ .level = -1 }
};

#define GB(x)	  ((u64)(x) << 30)
#define MB(x)	  ((u64)(x) << 20)
#define KB(x)	  ((u64)(x) << 10)
#define TB(x)	  ((u64)(x) << 40)
#define KVA(bits) (~0ULL << (bits))

static const struct geom geoms[] = {
	{
		.f = &pt_format_arm64_4k_39, .name = "arm64-4K-39", .arch = ARCH_ARM,
		.levels = 3, .page_shift = 12, .va_bits = 39, .kva_bits = 39, .pa_bits = 48,
		/* L1 1 GB, L2 2 MB, L3 4 KB; 512 entries each; blocks at L1, L2 */
		.shift = { 30, 21, 12 }, .entries = { 512, 512, 512 }, .blocks = 0x7,
		.golden = golden_arm64_4k_39,
		.mt = {
			{ "1G block", { { GB(1), GB(1), GB(1) } }, 1, 1 },
			{ "2M block", { { MB(2), MB(2), MB(2) } }, 1, 2 },
			{ "one page", { { KB(4), KB(4), KB(4) } }, 1, 3 },
			/* root, two L2 tables, two L3 tables */
			{ "pages across 1G", { { GB(1) - KB(4), GB(1) - KB(4), KB(8) } }, 1, 5 },
			/* root, one L2 table (block + entry), one L3 table */
			{ "kernel 2M + page", { { KVA(39), GB(4), MB(2) },
					       { KVA(39) + MB(4), GB(4), KB(4) } }, 2, 3 },
		},
	},
	{
		.f = &pt_format_arm64_4k_48, .name = "arm64-4K-48", .arch = ARCH_ARM,
		.levels = 4, .page_shift = 12, .va_bits = 48, .kva_bits = 48, .pa_bits = 48,
		/* L0 512 GB, L1 1 GB, L2 2 MB, L3 4 KB; blocks at L1, L2 */
		.shift = { 39, 30, 21, 12 }, .entries = { 512, 512, 512, 512 }, .blocks = 0xe,
		.golden = golden_arm64_4k_48,
		.mt = {
			/* root + one L1 table holding the block */
			{ "1G block", { { GB(1), GB(1), GB(1) } }, 1, 2 },
			{ "2M block", { { MB(2), MB(2), MB(2) } }, 1, 3 },
			{ "one page", { { 0, 0, KB(4) } }, 1, 4 },
			/* root, L1, two L2, two L3 */
			{ "pages across 1G", { { GB(1) - KB(4), GB(1) - KB(4), KB(8) } }, 1, 6 },
			/* pa off by a page: 512 pages in one L3 table */
			{ "2M at odd pa", { { MB(2), MB(2) + KB(4), MB(2) } }, 1, 4 },
			/* both pages share every table */
			{ "two pages", { { 0, 0, KB(4) }, { KB(8), 0, KB(4) } }, 2, 4 },
		},
	},
	{
		.f = &pt_format_arm64_16k_47, .name = "arm64-16K-47", .arch = ARCH_ARM,
		.levels = 3, .page_shift = 14, .va_bits = 47, .kva_bits = 47, .pa_bits = 48,
		/* L1 64 GB, L2 32 MB, L3 16 KB; 2048 entries each; blocks at L2 only */
		.shift = { 36, 25, 14 }, .entries = { 2048, 2048, 2048 }, .blocks = 0x6,
		.golden = golden_arm64_16k_47,
		.mt = {
			{ "32M block", { { MB(32), MB(32), MB(32) } }, 1, 2 },
			{ "1G of blocks", { { GB(1), GB(1), GB(1) } }, 1, 2 },
			{ "one page", { { KB(16), KB(16), KB(16) } }, 1, 3 },
			/* no L1 blocks: one L2 table per 64 GB */
			{ "128G", { { GB(64), GB(64), GB(128) } }, 1, 3 },
		},
	},
	{
		.f = &pt_format_arm64_16k_48, .name = "arm64-16K-48", .arch = ARCH_ARM,
		.levels = 4, .page_shift = 14, .va_bits = 48, .kva_bits = 48, .pa_bits = 48,
		/* L0 128 TB (2 entries), L1 64 GB, L2 32 MB, L3 16 KB; blocks at L2 */
		.shift = { 47, 36, 25, 14 }, .entries = { 2, 2048, 2048, 2048 }, .blocks = 0xc,
		.golden = golden_arm64_16k_48,
		.mt = {
			{ "32M block", { { MB(32), MB(32), MB(32) } }, 1, 3 },
			{ "one page", { { 0, 0, KB(16) } }, 1, 4 },
			/* root, one L1, 2048 L2 tables of blocks */
			{ "128T", { { 0, 0, 1ULL << 47 } }, 1, 2050 },
		},
	},
	{
		.f = &pt_format_arm64_64k_42, .name = "arm64-64K-42", .arch = ARCH_ARM,
		.levels = 2, .page_shift = 16, .va_bits = 42, .kva_bits = 42, .pa_bits = 48,
		/* L2 512 MB (8192 entries, blocks), L3 64 KB */
		.shift = { 29, 16 }, .entries = { 8192, 8192 }, .blocks = 0x3,
		.golden = golden_arm64_64k_42,
		.mt = {
			{ "512M block", { { MB(512), MB(512), MB(512) } }, 1, 1 },
			{ "one page", { { KB(64), KB(64), KB(64) } }, 1, 2 },
			{ "pages across 512M", { { MB(512) - KB(64), 0, KB(128) } }, 1, 3 },
		},
	},
	{
		.f = &pt_format_arm64_64k_48, .name = "arm64-64K-48", .arch = ARCH_ARM,
		.levels = 3, .page_shift = 16, .va_bits = 48, .kva_bits = 48, .pa_bits = 48,
		/* L1 4 TB (64 entries), L2 512 MB, L3 64 KB; blocks at L2 */
		.shift = { 42, 29, 16 }, .entries = { 64, 8192, 8192 }, .blocks = 0x6,
		.golden = golden_arm64_64k_48,
		.mt = {
			{ "512M block", { { MB(512), MB(512), MB(512) } }, 1, 2 },
			{ "one page", { { 0, 0, KB(64) } }, 1, 3 },
			/* no L1 blocks: one L2 table of 8192 blocks */
			{ "4T", { { TB(4), TB(4), TB(4) } }, 1, 2 },
		},
	},
	{
		.f = &pt_format_arm64_4k_52, .name = "arm64-4K-52", .arch = ARCH_ARM,
		.levels = 5, .page_shift = 12, .va_bits = 52, .kva_bits = 52, .pa_bits = 52,
		.oa52 = OA_LPA2,
		/* L-1 256 TB (16 entries), L0 512 GB, L1 1 GB, L2 2 MB, L3; blocks at L0-L2 */
		.shift = { 48, 39, 30, 21, 12 }, .entries = { 16, 512, 512, 512, 512 },
		.blocks = 0x1e,
		.golden = golden_arm64_4k_52,
		.mt = {
			/* root + one L0 table holding the 512 GB block */
			{ "512G block", { { GB(512), GB(512), GB(512) } }, 1, 2 },
			{ "1G block", { { GB(1), GB(1), GB(1) } }, 1, 3 },
			{ "one page", { { 0, 0, KB(4) } }, 1, 5 },
			/* the top of the kernel half: root entry 15 */
			{ "top page", { { -KB(4), 0, KB(4) } }, 1, 5 },
		},
	},
	{
		.f = &pt_format_arm64_16k_52, .name = "arm64-16K-52", .arch = ARCH_ARM,
		.levels = 4, .page_shift = 14, .va_bits = 52, .kva_bits = 52, .pa_bits = 52,
		.oa52 = OA_LPA2,
		/* L0 128 TB (32 entries), L1 64 GB, L2 32 MB, L3 16 KB; blocks at L1, L2 */
		.shift = { 47, 36, 25, 14 }, .entries = { 32, 2048, 2048, 2048 }, .blocks = 0xe,
		.golden = golden_arm64_16k_52,
		.mt = {
			{ "64G block", { { GB(64), GB(64), GB(64) } }, 1, 2 },
			{ "32M block", { { MB(32), MB(32), MB(32) } }, 1, 3 },
			{ "one page", { { 0, 0, KB(16) } }, 1, 4 },
		},
	},
	{
		.f = &pt_format_arm64_64k_52, .name = "arm64-64K-52", .arch = ARCH_ARM,
		.levels = 3, .page_shift = 16, .va_bits = 52, .kva_bits = 52, .pa_bits = 52,
		.oa52 = OA_LPA64K,
		/* L1 4 TB (1024 entries), L2 512 MB, L3 64 KB; blocks at L2 */
		.shift = { 42, 29, 16 }, .entries = { 1024, 8192, 8192 }, .blocks = 0x6,
		.golden = golden_arm64_64k_52,
		.mt = {
			{ "512M block", { { MB(512), MB(512), MB(512) } }, 1, 2 },
			{ "one page", { { 0, 0, KB(64) } }, 1, 3 },
			/* no L1 blocks: one L2 table of 8192 blocks */
			{ "4T", { { TB(4), TB(4), TB(4) } }, 1, 2 },
		},
	},
	{
		.f = &pt_format_riscv_sv39, .name = "riscv-sv39", .arch = ARCH_RV,
		.levels = 3, .page_shift = 12, .va_bits = 39, .kva_bits = 38, .pa_bits = 56,
		/* gigapage, megapage, page */
		.shift = { 30, 21, 12 }, .entries = { 512, 512, 512 }, .blocks = 0x7,
		.golden = golden_riscv_sv39,
		.mt = {
			{ "gigapage", { { GB(1), GB(1), GB(1) } }, 1, 1 },
			{ "megapage", { { MB(2), MB(2), MB(2) } }, 1, 2 },
			{ "one page", { { 0, 0, KB(4) } }, 1, 3 },
			/* one root for both halves */
			{ "page in each half", { { 0, 0, KB(4) }, { -KB(4), 0, KB(4) } }, 2, 5 },
		},
	},
	{
		.f = &pt_format_riscv_sv48, .name = "riscv-sv48", .arch = ARCH_RV,
		.levels = 4, .page_shift = 12, .va_bits = 48, .kva_bits = 47, .pa_bits = 56,
		.shift = { 39, 30, 21, 12 }, .entries = { 512, 512, 512, 512 }, .blocks = 0xf,
		.golden = golden_riscv_sv48,
		.mt = {
			{ "terapage", { { TB(1) / 2, TB(1) / 2, TB(1) / 2 } }, 1, 1 },
			{ "gigapage", { { GB(1), GB(1), GB(1) } }, 1, 2 },
			{ "one page", { { KB(4), 0, KB(4) } }, 1, 4 },
		},
	},
	{
		.f = &pt_format_riscv_sv57, .name = "riscv-sv57", .arch = ARCH_RV,
		.levels = 5, .page_shift = 12, .va_bits = 57, .kva_bits = 56, .pa_bits = 56,
		.shift = { 48, 39, 30, 21, 12 }, .entries = { 512, 512, 512, 512, 512 },
		.blocks = 0x1f,
		.golden = golden_riscv_sv57,
		.mt = {
			{ "petapage", { { TB(256), TB(256), TB(256) } }, 1, 1 },
			{ "terapage", { { TB(1) / 2, TB(1) / 2, TB(1) / 2 } }, 1, 2 },
			{ "one page", { { 0, 0, KB(4) } }, 1, 5 },
		},
	},
};

/* ---- Random numbers (splitmix64), seeded from PT_SEED ---- */

static u64 seed;
static uint64_t rng_state;

static u64 rnd(void)
{
	return splitmix64(&rng_state);
}

/* A random number in [0, n), n > 0. */
static u64 rnd_below(u64 n)
{
	return rnd() % n;
}

/* ---- Simulated physical memory for table pages ---- */

#define POOL_PAGES 4096

struct pool {
	u64 base; /* physical address of page 0 */
	u64 psz;
	void *page[POOL_PAGES]; /* allocated on first use */
	bool used[POOL_PAGES];
	unsigned int free_stack[POOL_PAGES], nfree;
	unsigned int in_use, limit;
};

/* A BBM event recorded by the ops, for the independent checker. */
struct pending {
	u64 *ptep;
	virt_addr_t va;
	int level;
	u64 old;
};

/* Everything one format's test works on: memory, trees, model, checks. */
struct env {
	const struct geom *g;
	struct pool pool;
	struct pt_ops ops;
	struct pt_ctx ctx[2]; /* arm64: TTBR0 and TTBR1 trees; RISC-V: one */
	/* break-before-make checker */
	struct pending pend[64];
	int npend;
	unsigned long writes, flushes, frees, bbm_bad;
	unsigned long reports; /* ops->bbm_violation calls */
	virt_addr_t report_va;
	u64 report_old, report_new;
	int report_level;
	char what[160]; /* the operation under way, for messages */
	bool quiet;	/* violations are expected: do not print them */
};

static void fail_fatal(struct env *E, const char *msg, u64 a)
{
	printf("# FATAL %s: %s (0x%llx) during %s; PT_SEED=%llu\n", E->g->name, msg,
	       (unsigned long long)a, E->what, (unsigned long long)seed);
	printf("Bail out!\n");
	exit(1);
}

static struct env *env_of(struct pt_ctx *c)
{
	return c->priv;
}

/* The page behind pa, or NULL when pa is not an allocated table page. */
static u64 *pool_ptr(struct pool *p, phys_addr_t pa)
{
	u64 i;

	if (pa < p->base || (pa - p->base) % p->psz)
		return NULL;
	i = (pa - p->base) / p->psz;
	if (i >= POOL_PAGES || !p->used[i])
		return NULL;
	return p->page[i];
}

static u64 *op_table(struct pt_ctx *c, phys_addr_t pa, int level)
{
	struct env *E = env_of(c);
	u64 *t = pool_ptr(&E->pool, pa);

	if (!t)
		fail_fatal(E, "ops->table of a page that is no table", pa);
	if (level < 0 || level >= E->g->levels)
		fail_fatal(E, "ops->table at a bad level", level);
	return t;
}

static phys_addr_t op_alloc(struct pt_ctx *c)
{
	struct env *E = env_of(c);
	struct pool *p = &E->pool;
	unsigned int i;

	if (p->in_use >= p->limit || !p->nfree)
		return 0;
	i = p->free_stack[--p->nfree];
	if (!p->page[i]) {
		p->page[i] = aligned_alloc(p->psz, p->psz);
		if (!p->page[i])
			fail_fatal(E, "host out of memory", p->psz);
	}
	memset(p->page[i], 0xa5, p->psz); /* the walker must zero it */
	p->used[i] = true;
	p->in_use++;
	return p->base + i * p->psz;
}

static void op_free(struct pt_ctx *c, phys_addr_t pa)
{
	struct env *E = env_of(c);
	struct pool *p = &E->pool;

	if (!pool_ptr(p, pa))
		fail_fatal(E, "ops->free of a page that is no table", pa);
	p->used[(pa - p->base) / p->psz] = false;
	p->free_stack[p->nfree++] = (pa - p->base) / p->psz;
	p->in_use--;
	E->frees++;
}

static void pool_init(struct env *E)
{
	struct pool *p = &E->pool;
	unsigned int i;

	p->psz = 1ULL << E->g->page_shift;
	/* Table pages high in the PA space, to exercise the top OA bits. */
	p->base = 1ULL << (E->g->pa_bits - 1);
	for (i = 0; i < POOL_PAGES; i++)
		p->free_stack[i] = POOL_PAGES - 1 - i;
	p->nfree = POOL_PAGES;
	p->limit = POOL_PAGES;
}

static void pool_release(struct pool *p)
{
	unsigned int i;

	for (i = 0; i < POOL_PAGES; i++)
		free(p->page[i]);
}

/* ---- Independent entry decoding, from the manuals' bit layouts ---- */

struct dec {
	bool valid, table, bad;
	u64 oa;
	int memtype;
	unsigned int prot;
};

static struct dec decode_arm(const struct geom *g, int level, u64 e)
{
	struct dec d = { .valid = e & 1 };
	bool last = level == g->levels - 1;
	/*
	 * The OA in place: bits 47:n, 49:n with FEAT_LPA2. The high part:
	 * bits 9:8 = OA[51:50] with FEAT_LPA2, bits 15:12 = OA[51:48] with
	 * the 64K granule's 52-bit descriptors.
	 */
	unsigned int top = g->oa52 == OA_LPA2 ? 50 : 48;
	u64 in_place = ((1ULL << top) - 1) & ~((1ULL << g->page_shift) - 1);
	u64 hi_bits = g->oa52 == OA_LPA2 ? 0x300 : g->oa52 == OA_LPA64K ? 0xf000 : 0;
	u64 hi = g->oa52 == OA_LPA2   ? (e >> 8 & 3) << 50 :
		 g->oa52 == OA_LPA64K ? (e >> 12 & 0xf) << 48 :
					0;
	unsigned int attridx, ap, sh;

	if (!d.valid)
		return d;
	if (!last && (e & 3) == 3) {
		d.table = true;
		d.oa = (e & in_place) | hi;
		d.bad = (e & ~(in_place | hi_bits | 3)) != 0; /* no table attributes used */
		return d;
	}
	if (last && (e & 3) != 3)
		d.bad = true; /* 0b01 at level 3 is reserved */
	if (!last && !(g->blocks >> level & 1))
		d.bad = true; /* no block at this level */
	d.oa = (e & in_place & ~((1ULL << g->shift[level]) - 1)) | hi;
	if (e & ((1ULL << g->shift[level]) - 1) & ~0xfffULL & ~hi_bits)
		d.bad = true; /* RES0 below a block's OA */
	attridx = (e >> 2) & 7;
	ap = (e >> 6) & 3;
	sh = g->oa52 == OA_LPA2 ? 3 : (e >> 8) & 3; /* FEAT_LPA2: TCR_EL1.SH1 says inner */
	if (!(e >> 10 & 1) || (e >> 11 & 1) || (ap & 1) || !(e >> 54 & 1))
		d.bad = true; /* AF, nG, AP[1], UXN */
	if (attridx > 1 || (attridx == 1 && sh != 3) ||
	    (attridx == 0 && sh != 0 && g->oa52 != OA_LPA2))
		d.bad = true;
	if (e & (g->oa52 == OA_LPA2 ? 0xff9c000000000000ULL : 0xff9f000000000000ULL))
		d.bad = true; /* bits 63:55, 52:48 (52:50 with FEAT_LPA2) */
	d.memtype = attridx;
	d.prot = PROT_READ | (ap & 2 ? 0 : PROT_WRITE) | (e >> 53 & 1 ? 0 : PROT_EXEC) |
		 (attridx == 0 ? PROT_DEVICE : 0);
	return d;
}

static struct dec decode_rv(const struct geom *g, int level, u64 e)
{
	struct dec d = { .valid = e & 1 };
	unsigned int rwx = (e >> 1) & 7;

	if (!d.valid)
		return d;
	d.oa = ((e >> 10) & ((1ULL << 44) - 1)) << 12;
	if (e & 0xffc0000000000000ULL)
		d.bad = true; /* N, PBMT, reserved */
	if (!rwx) {
		d.table = true;
		if (level == g->levels - 1 || (e & 0x3f0))
			d.bad = true; /* U A D G RSW clear */
		return d;
	}
	if (!(rwx & 1) || (e & 0x10) || (e & 0xe0) != 0xe0 || (e & 0x300))
		d.bad = true; /* R; U clear; G A D set; RSW */
	if (d.oa & ((1ULL << g->shift[level]) - 1))
		d.bad = true; /* misaligned superpage */
	d.prot = PROT_READ | (rwx & 2 ? PROT_WRITE : 0) | (rwx & 4 ? PROT_EXEC : 0);
	return d;
}

static struct dec decode(const struct geom *g, int level, u64 e)
{
	return g->arch == ARCH_ARM ? decode_arm(g, level, e) : decode_rv(g, level, e);
}

/* The protection a mapping made with prot reads back as. */
static unsigned int norm_prot(const struct geom *g, unsigned int prot)
{
	prot |= PROT_READ;
	if (g->arch == ARCH_RV)
		prot &= ~PROT_DEVICE; /* memory types come from the PMAs */
	return prot;
}

/* ---- The BBM checker: every write and flush goes through here ---- */

static void op_trace(struct pt_ctx *c, u64 *ptep, int level, virt_addr_t va, u64 old, u64 new)
{
	struct env *E = env_of(c);
	struct dec o = decode(E->g, level, old), n = decode(E->g, level, new);
	int k;

	E->writes++;
	if (!c->live)
		return;
	if (o.valid && n.valid && (o.table != n.table || o.oa != n.oa || o.memtype != n.memtype)) {
		E->bbm_bad++;
		if (!E->quiet)
			printf("# %s: valid 0x%llx -> valid 0x%llx at va 0x%llx level %d without break\n",
			       E->g->name, (unsigned long long)old, (unsigned long long)new,
			       (unsigned long long)va, level);
	}
	for (k = 0; k < E->npend; k++) {
		if (E->pend[k].ptep == ptep && n.valid) {
			E->bbm_bad++;
			if (!E->quiet)
				printf("# %s: entry at va 0x%llx made valid again before its flush\n",
				       E->g->name, (unsigned long long)va);
		}
	}
	if (o.valid && !n.valid) {
		if (E->npend == (int)ARRAY_SIZE(E->pend))
			fail_fatal(E, "too many invalidations without a flush", va);
		E->pend[E->npend++] = (struct pending){ ptep, va, level, old };
	}
}

static void op_flush(struct pt_ctx *c, virt_addr_t va, int level)
{
	struct env *E = env_of(c);
	int k, j;

	if (!c->live)
		fail_fatal(E, "flush of a tree that is not live", va);
	E->flushes++;
	for (k = j = 0; k < E->npend; k++) {
		struct pending *p = &E->pend[k];

		if (va == ~0ULL || (p->va == va && p->level == level))
			continue;
		E->pend[j++] = *p;
	}
	E->npend = j;
}

static void op_bbm_violation(struct pt_ctx *c, virt_addr_t va, int level, u64 old, u64 new)
{
	struct env *E = env_of(c);

	E->reports++;
	E->report_va = va;
	E->report_level = level;
	E->report_old = old;
	E->report_new = new;
}

/* ops->free with the BBM rule: no pending invalidation may point at pa. */
static void op_free_checked(struct pt_ctx *c, phys_addr_t pa)
{
	struct env *E = env_of(c);
	int k;

	for (k = 0; k < E->npend; k++) {
		struct dec d = decode(E->g, E->pend[k].level, E->pend[k].old);

		if (d.table && d.oa == pa) {
			E->bbm_bad++;
			printf("# %s: table 0x%llx freed before its entry was flushed\n",
			       E->g->name, (unsigned long long)pa);
		}
	}
	op_free(c, pa);
}

static struct env *env_new(const struct geom *g, bool live)
{
	struct env *E = calloc(1, sizeof(*E));
	int t;

	E->g = g;
	pool_init(E);
	E->ops.table = op_table;
	E->ops.alloc = op_alloc;
	E->ops.free = op_free_checked;
	E->ops.flush = op_flush;
	E->ops.bbm_violation = op_bbm_violation;
	E->ops.trace = op_trace;
	for (t = 0; t < 2; t++) {
		E->ctx[t].fmt = g->f;
		E->ctx[t].ops = &E->ops;
		E->ctx[t].live = live;
		E->ctx[t].priv = E;
	}
	snprintf(E->what, sizeof(E->what), "setup");
	return E;
}

static void env_free(struct env *E)
{
	pool_release(&E->pool);
	free(E);
}

/* The tree that translates va: TTBR1 for arm64's upper half. */
static struct pt_ctx *tree_of(struct env *E, virt_addr_t va)
{
	return &E->ctx[E->g->arch == ARCH_ARM && (va >> 63)];
}

static int ntrees(struct env *E)
{
	return E->g->arch == ARCH_ARM ? 2 : 1;
}

/* ---- The flat model: sorted, disjoint intervals [va, last] -> pa ---- */

struct ival {
	u64 va, last, pa;
	unsigned int prot;
};

struct model {
	struct ival *v;
	int n, cap;
};

static void model_push(struct model *m, struct ival iv)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->v = realloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n++] = iv;
}

/*
 * Rebuild m: the part of every interval outside [va, last] stays; the part
 * inside is dropped (unmap), given prot (protect, prot set), or replaced
 * by one new interval mapping pa (map).
 */
static void model_apply(struct model *m, u64 va, u64 last, bool map, u64 pa, bool protect,
			unsigned int prot)
{
	struct model out = { 0 };
	bool placed = false;
	int i;

	for (i = 0; i < m->n; i++) {
		struct ival iv = m->v[i];

		if (map && !placed && iv.va > last) {
			model_push(&out, (struct ival){ va, last, pa, prot });
			placed = true;
		}
		if (iv.last < va || iv.va > last) {
			model_push(&out, iv);
			continue;
		}
		if (iv.va < va)
			model_push(&out, (struct ival){ iv.va, va - 1, iv.pa, iv.prot });
		if (map && !placed) {
			model_push(&out, (struct ival){ va, last, pa, prot });
			placed = true;
		}
		if (protect) {
			u64 lo = MAX(iv.va, va), hi = MIN(iv.last, last);

			model_push(&out, (struct ival){ lo, hi, iv.pa + (lo - iv.va), prot });
		}
		if (iv.last > last)
			model_push(&out, (struct ival){ last + 1, iv.last,
							iv.pa + (last + 1 - iv.va), iv.prot });
	}
	if (map && !placed)
		model_push(&out, (struct ival){ va, last, pa, prot });
	free(m->v);
	*m = out;
}

/* The interval holding va, or NULL. */
static const struct ival *model_find(const struct model *m, u64 va)
{
	int lo = 0, hi = m->n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (m->v[mid].last < va)
			lo = mid + 1;
		else if (m->v[mid].va > va)
			hi = mid - 1;
		else
			return &m->v[mid];
	}
	return NULL;
}

static void model_copy(struct model *dst, const struct model *src)
{
	dst->n = dst->cap = src->n;
	dst->v = malloc((src->n + 1) * sizeof(*src->v));
	memcpy(dst->v, src->v, src->n * sizeof(*src->v));
}

/* ---- The test's own tree walk ---- */

struct sw_leaf {
	u64 va, size, pa, entry;
	int level;
	unsigned int prot;
};

struct leaves {
	struct sw_leaf *v;
	long n, cap;
	unsigned long tables;
	unsigned long bad;
	unsigned long empty; /* tables below the root with no valid entry */
};

static void leaves_push(struct leaves *L, struct sw_leaf l)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? 2 * L->cap : 256;
		L->v = realloc(L->v, L->cap * sizeof(*L->v));
	}
	L->v[L->n++] = l;
}

/* A canonical VA from the index bits of tree t. */
static u64 canon(const struct geom *g, int t, u64 raw)
{
	if (g->arch == ARCH_ARM)
		return t ? raw | (~0ULL << g->va_bits) : raw;
	if (raw >> (g->va_bits - 1) & 1)
		return raw | (~0ULL << g->va_bits);
	return raw;
}

static void sw_walk(struct env *E, int t, phys_addr_t table, int level, u64 raw, struct leaves *L)
{
	const struct geom *g = E->g;
	u64 *p = pool_ptr(&E->pool, table);
	unsigned int i;

	if (!p) {
		L->bad++;
		printf("# %s: entry points at 0x%llx, not a live table page\n", g->name,
		       (unsigned long long)table);
		return;
	}
	L->tables++;
	/* Past a small root's entries the page must stay zero. */
	for (i = g->entries[level]; i < (1u << (g->page_shift - 3)); i++)
		if (p[i]) {
			L->bad++;
			printf("# %s: root slot %u written\n", g->name, i);
			break;
		}
	for (i = 0; i < g->entries[level]; i++)
		if (p[i] & 1)
			break;
	if (level && i == g->entries[level])
		L->empty++;
	for (i = 0; i < g->entries[level]; i++) {
		u64 e = p[i], va_raw = raw + ((u64)i << g->shift[level]);
		struct dec d = decode(g, level, e);

		if (!d.valid) {
			if (e) {
				L->bad++;
				printf("# %s: invalid entry 0x%llx not zero\n", g->name,
				       (unsigned long long)e);
			}
			continue;
		}
		if (d.bad) {
			L->bad++;
			printf("# %s: bad entry 0x%llx at level %d va 0x%llx\n", g->name,
			       (unsigned long long)e, level,
			       (unsigned long long)canon(g, t, va_raw));
			continue;
		}
		if (d.table) {
			sw_walk(E, t, d.oa, level + 1, va_raw, L);
			continue;
		}
		leaves_push(L, (struct sw_leaf){ canon(g, t, va_raw), 1ULL << g->shift[level], d.oa,
						 e, level, d.prot });
	}
}

/* Walk every tree in VA order. */
static void sw_walk_all(struct env *E, struct leaves *L)
{
	int t;

	memset(L, 0, sizeof(*L));
	for (t = 0; t < ntrees(E); t++)
		if (E->ctx[t].root)
			sw_walk(E, t, E->ctx[t].root, 0, 0, L);
}

static unsigned long live_tables(struct env *E)
{
	return E->ctx[0].tables + E->ctx[1].tables;
}

/* Does leaf l agree with model m over its whole span? */
static bool leaf_matches(const struct model *m, const struct sw_leaf *l)
{
	u64 cur = l->va, last = l->va + l->size - 1;

	for (;;) {
		const struct ival *iv = model_find(m, cur);

		if (!iv || iv->pa + (cur - iv->va) != l->pa + (cur - l->va) || iv->prot != l->prot)
			return false;
		if (iv->last >= last)
			return true;
		cur = iv->last + 1;
	}
}

static int collect_leaf(const struct pt_leaf *leaf, void *arg)
{
	struct leaves *L = arg;

	leaves_push(L, (struct sw_leaf){ leaf->va, leaf->size, leaf->pa, leaf->entry, leaf->level,
					 leaf->prot });
	return 0;
}

/*
 * Compare everything with the model: the test's walk (entries well formed,
 * tables counted exactly, leaves equal to the model), pt_for_each_leaf
 * (the same leaves) and the table accounting. Returns the failures.
 */
static int check_tree(struct env *E, const struct model *m)
{
	struct leaves L, W = { 0 };
	u64 leaf_bytes = 0, model_bytes = 0;
	int failures = 0, t, h;
	long i;

	sw_walk_all(E, &L);
	if (L.bad)
		failures++;
	if (L.empty) {
		printf("# %s: %lu empty tables left in the tree (%s)\n", E->g->name, L.empty,
		       E->what);
		failures++;
	}
	if (L.tables != live_tables(E) || L.tables != E->pool.in_use) {
		printf("# %s: %lu tables reachable, ctx counts %lu, pool %u (%s)\n", E->g->name,
		       L.tables, live_tables(E), E->pool.in_use, E->what);
		failures++;
	}
	for (i = 0; i < L.n; i++) {
		leaf_bytes += L.v[i].size;
		if (!leaf_matches(m, &L.v[i])) {
			if (failures++ < 5)
				printf("# %s: leaf va 0x%llx size 0x%llx pa 0x%llx prot %x not in model (%s)\n",
				       E->g->name, (unsigned long long)L.v[i].va,
				       (unsigned long long)L.v[i].size,
				       (unsigned long long)L.v[i].pa, L.v[i].prot, E->what);
		}
	}
	for (i = 0; i < m->n; i++)
		model_bytes += m->v[i].last - m->v[i].va + 1;
	if (leaf_bytes != model_bytes) {
		printf("# %s: tree maps 0x%llx bytes, model 0x%llx (%s)\n", E->g->name,
		       (unsigned long long)leaf_bytes, (unsigned long long)model_bytes, E->what);
		failures++;
	}
	/* pt_for_each_leaf over each half must list the same leaves. */
	for (h = 0; h < 2; h++) {
		u64 half = h ? ~0ULL << E->g->kva_bits : 0;

		t = h && E->g->arch == ARCH_ARM;
		if (pt_for_each_leaf(&E->ctx[t], half, 1ULL << E->g->kva_bits, collect_leaf, &W))
			failures++;
	}
	if (W.n != L.n) {
		printf("# %s: pt_for_each_leaf gave %ld leaves, walk %ld\n", E->g->name, W.n, L.n);
		failures++;
	} else {
		for (i = 0; i < L.n; i++) {
			if (W.v[i].va != L.v[i].va || W.v[i].size != L.v[i].size ||
			    W.v[i].pa != L.v[i].pa || W.v[i].level != L.v[i].level ||
			    W.v[i].prot != L.v[i].prot || W.v[i].entry != L.v[i].entry) {
				printf("# %s: pt_for_each_leaf leaf %ld differs (va 0x%llx)\n",
				       E->g->name, i, (unsigned long long)L.v[i].va);
				failures++;
				break;
			}
		}
	}
	free(L.v);
	free(W.v);
	return failures;
}

/* pt_lookup(va) against the model. Returns the failures. */
static int check_lookup(struct env *E, const struct model *m, u64 va)
{
	const struct ival *iv = model_find(m, va);
	struct pt_leaf l;
	int r = pt_lookup(tree_of(E, va), va, &l);

	if (!iv) {
		if (r == -ENOENT)
			return 0;
		printf("# %s: lookup 0x%llx = %d, expected -ENOENT (%s)\n", E->g->name,
		       (unsigned long long)va, r, E->what);
		return 1;
	}
	if (r || va < l.va || va - l.va >= l.size || l.size != 1ULL << E->g->shift[l.level] ||
	    (l.va & (l.size - 1)) || l.pa + (va - l.va) != iv->pa + (va - iv->va) ||
	    l.prot != iv->prot) {
		printf("# %s: lookup 0x%llx = %d pa 0x%llx prot %x, model pa 0x%llx prot %x (%s)\n",
		       E->g->name, (unsigned long long)va, r,
		       (unsigned long long)(l.pa + (va - l.va)), l.prot,
		       (unsigned long long)(iv->pa + (va - iv->va)), iv->prot, E->what);
		return 1;
	}
	return 0;
}

/* After an operation: nothing left unflushed, no BBM broken. */
static int check_bbm(struct env *E)
{
	int failures = 0;

	if (E->npend) {
		printf("# %s: %d invalidated entries never flushed (%s)\n", E->g->name, E->npend,
		       E->what);
		E->npend = 0;
		failures++;
	}
	if (E->bbm_bad || E->reports) {
		printf("# %s: %lu BBM errors, %lu reports (%s)\n", E->g->name, E->bbm_bad,
		       E->reports, E->what);
		E->bbm_bad = E->reports = 0;
		failures++;
	}
	return failures;
}

/* ---- Address-space helpers ---- */

static u64 page_size(const struct geom *g)
{
	return 1ULL << g->page_shift;
}

/* Span of the largest (big) and smallest (!big) block, from the literals. */
static u64 block_span(const struct geom *g, bool big)
{
	int l;

	for (l = big ? 0 : g->levels - 2; big ? l < g->levels - 1 : l >= 0; l += big ? 1 : -1)
		if (g->blocks >> l & 1)
			return 1ULL << g->shift[l];
	return page_size(g);
}

static bool canonical(const struct geom *g, u64 va)
{
	u64 top = va >> g->kva_bits;

	return top == 0 || top == ~0ULL >> g->kva_bits;
}

/*
 * The three windows the random operations live in, each 8 of the largest
 * blocks: across the first root-entry boundary of the lower half, at the
 * bottom of the kernel half and at the very top of the address space.
 */
static u64 window_size(const struct geom *g)
{
	return 8 * block_span(g, true);
}

static u64 window_start(const struct geom *g, int w)
{
	u64 W = window_size(g), T = 1ULL << g->shift[0];

	if (w == 0)
		return T >= W / 2 ? T - W / 2 : 0;
	if (w == 1)
		return ~0ULL << g->kva_bits;
	return 0 - W;
}

/* A random page-aligned pa for size bytes at va, congruent modulo align. */
static u64 gen_pa(const struct geom *g, u64 va, u64 size, u64 align)
{
	u64 slots = ((1ULL << g->pa_bits) - size) / align - 1;

	return rnd_below(slots) * align + (va & (align - 1));
}

/*
 * A random range in window w: a few pages, up to four of the smallest
 * blocks, or up to three of the largest; sometimes aligned to a level.
 * Its pa is congruent to va modulo a block size small enough to keep the
 * leaf count moderate, or (for small ranges) only page aligned.
 */
static void gen_range(const struct geom *g, int w, u64 *va, u64 *size, u64 *pa)
{
	u64 ps = page_size(g), W = window_size(g), start = window_start(g, w);
	u64 small = block_span(g, false), big = block_span(g, true), align, wlast;
	unsigned int cls = rnd_below(100);
	int l;

	*va = start + rnd_below(W / ps) * ps;
	if (cls < 40)
		*size = (1 + rnd_below(16)) * ps;
	else if (cls < 70)
		*size = (1 + rnd_below(4 * small / ps)) * ps;
	else
		*size = (1 + rnd_below(3 * big / ps)) * ps;
	if (rnd_below(4) == 0) {
		/* aligned to the span of a random level */
		l = rnd_below(g->levels);
		align = 1ULL << g->shift[l];
		if (align <= W / 2) {
			*va = start + rnd_below(W / align) * align;
			*size = ALIGN_UP(*size, align);
		}
	}
	wlast = start + W - 1;
	if (*size > wlast - *va + 1)
		*size = wlast - *va + 1;
	/* congruent modulo the smallest block that keeps leaves below 16384 */
	align = ps;
	for (l = g->levels - 2; l >= 0; l--) {
		if (!(g->blocks >> l & 1))
			continue;
		align = 1ULL << g->shift[l];
		if (*size / align <= 16384)
			break;
	}
	if (*size <= 4 * small && rnd_below(3) == 0)
		align = ps;
	else if (rnd_below(2))
		align = big;
	*pa = gen_pa(g, *va, *size, align);
}

static const unsigned int prots[] = {
	PAGE_KERNEL, PAGE_KERNEL_RO, PAGE_KERNEL_ROX, PAGE_KERNEL_RWX, PAGE_DEVICE,
};

/* Unmap every window; the model becomes empty. */
static int unmap_all(struct env *E, struct model *m)
{
	int w, r = 0;

	for (w = 0; w < 3; w++) {
		u64 va = window_start(E->g, w);

		r |= pt_unmap(tree_of(E, va), va, window_size(E->g));
		model_apply(m, va, va + window_size(E->g) - 1, false, 0, false, 0);
	}
	return r;
}

/* Only roots left: one page per tree that has one. */
static int check_only_roots(struct env *E)
{
	int t, failures = 0;

	for (t = 0; t < 2; t++) {
		if (E->ctx[t].tables != (E->ctx[t].root ? 1u : 0u)) {
			printf("# %s: tree %d keeps %u tables after unmapping all (%s)\n",
			       E->g->name, t, E->ctx[t].tables, E->what);
			failures++;
		}
	}
	if (E->pool.in_use != live_tables(E))
		failures++;
	return failures;
}

/* ---- a. Golden encodings ---- */

static void case_golden(const struct geom *g)
{
	const struct golden *x;
	int n = 0;

	for (x = g->golden; x->level >= 0; x++, n++) {
		struct dec d = decode(g, x->level, x->expect);
		u64 e;

		if (x->kind == G_TABLE) {
			e = pt_make_table(g->f, x->pa);
			TAP_CHECK(e == x->expect, "%s table pa 0x%llx: 0x%016llx, want 0x%016llx",
				  g->name, x->pa, e, x->expect);
			TAP_CHECK(pt_entry_is_table(g->f, x->level, x->expect), "%s", g->name);
			TAP_CHECK(d.table && !d.bad, "%s: test decoder", g->name);
		} else {
			e = pt_make_leaf(g->f, x->level, x->pa, x->prot);
			TAP_CHECK(e == x->expect,
				  "%s leaf level %d pa 0x%llx prot %x: 0x%016llx, want 0x%016llx",
				  g->name, x->level, x->pa, x->prot, e, x->expect);
			TAP_CHECK(!pt_entry_is_table(g->f, x->level, x->expect), "%s", g->name);
			TAP_CHECK(pt_leaf_prot(g->f, x->expect) == norm_prot(g, x->prot),
				  "%s leaf prot %x reads back %x", g->name, x->prot,
				  pt_leaf_prot(g->f, x->expect));
			TAP_CHECK(!d.table && !d.bad && d.prot == norm_prot(g, x->prot),
				  "%s: test decoder", g->name);
		}
		TAP_CHECK(pt_entry_valid(g->f, x->expect), "%s", g->name);
		TAP_CHECK(pt_entry_pa(g->f, x->expect) == x->pa, "%s pa of 0x%016llx", g->name,
			  x->expect);
		TAP_CHECK(d.oa == x->pa, "%s: test decoder oa", g->name);
	}
	TAP_CHECK(!pt_entry_valid(g->f, 0), "%s", g->name);
	tap_case("%s: golden encodings (%d entries)", g->name, n);
}

/* ---- b. Geometry ---- */

static void case_geometry(const struct geom *g)
{
	const struct pt_format *f = g->f;
	int l;

	TAP_CHECK(!strcmp(f->name, g->name), "%s vs %s", f->name, g->name);
	TAP_CHECK(f->levels == g->levels, "%s levels %d", g->name, f->levels);
	TAP_CHECK(f->page_shift == g->page_shift, "%s", g->name);
	TAP_CHECK(f->va_bits == g->va_bits, "%s", g->name);
	TAP_CHECK(f->kva_bits == g->kva_bits, "%s", g->name);
	TAP_CHECK(f->pa_bits == g->pa_bits, "%s", g->name);
	for (l = 0; l < g->levels; l++) {
		TAP_CHECK(pt_level_shift(f, l) == g->shift[l], "%s level %d shift %u", g->name, l,
			  pt_level_shift(f, l));
		TAP_CHECK(pt_entries(f, l) == g->entries[l], "%s level %d entries %u", g->name, l,
			  pt_entries(f, l));
		TAP_CHECK(pt_level_has_blocks(f, l) == (g->blocks >> l & 1), "%s level %d blocks",
			  g->name, l);
	}
	/* the levels cover va_bits exactly */
	TAP_CHECK(g->shift[0] + __builtin_ctz(g->entries[0]) == (unsigned int)g->va_bits, "%s",
		  g->name);
	TAP_CHECK(pt_index(f, 0, ~0ULL) == g->entries[0] - 1, "%s", g->name);
	tap_case("%s: geometry", g->name);
}

/* ---- pt_min_tables: hand-counted literals, and the walker agrees ---- */

static void case_min_tables(const struct geom *g)
{
	const struct mt_case *mc;
	struct model m = { 0 };
	int i, iter;

	for (mc = g->mt; mc->what; mc++) {
		struct env *E = env_new(g, false);
		struct pt_ctx *c = tree_of(E, mc->r[0].va);
		unsigned long got = pt_min_tables(g->f, mc->r, mc->n);

		TAP_CHECK(got == mc->expect, "%s %s: pt_min_tables %lu, want %lu", g->name,
			  mc->what, got, mc->expect);
		for (i = 0; i < mc->n; i++)
			TAP_CHECK(!pt_map(c, mc->r[i].va, mc->r[i].pa, mc->r[i].size, PAGE_KERNEL),
				  "%s %s", g->name, mc->what);
		TAP_CHECK(c->tables == mc->expect, "%s %s: walker used %u tables, want %lu",
			  g->name, mc->what, c->tables, mc->expect);
		for (i = 0; i < mc->n; i++)
			TAP_CHECK(!pt_unmap(c, mc->r[i].va, mc->r[i].size), "%s", g->name);
		TAP_CHECK(c->tables == 1 && E->pool.in_use == 1, "%s %s: %u tables left", g->name,
			  mc->what, c->tables);
		env_free(E);
	}

	/* Nothing to map needs the root only. */
	TAP_CHECK(pt_min_tables(g->f, NULL, 0) == 1, "%s", g->name);
	TAP_CHECK(pt_min_tables(g->f, &(struct pt_range){ 0, 0, 0 }, 1) == 1, "%s", g->name);

	/* Random disjoint ranges in one half of an empty tree. */
	for (iter = 0; iter < 200; iter++) {
		struct env *E = env_new(g, false);
		struct pt_range r[4];
		int n = 1 + rnd_below(4), w = rnd_below(3);
		u64 wend = window_start(g, w) + window_size(g) - 1, cur = window_start(g, w);
		struct pt_ctx *c = tree_of(E, cur);
		unsigned long want;

		for (i = 0; i < n; i++) {
			gen_range(g, w, &r[i].va, &r[i].size, &r[i].pa);
			/* place it after the previous one */
			if (r[i].va < cur)
				r[i].va = cur + (r[i].va & (block_span(g, true) - 1));
			if (r[i].va < cur || r[i].va > wend || r[i].va + r[i].size - 1 > wend ||
			    r[i].va + r[i].size - 1 < r[i].va) {
				n = i;
				break;
			}
			/* only small ranges get misaligned output addresses */
			if (r[i].size <= 4 * block_span(g, false) && rnd_below(2))
				r[i].pa = gen_pa(g, r[i].va, r[i].size,
						 rnd_below(2) ? page_size(g) :
								block_span(g, false));
			else
				r[i].pa = gen_pa(g, r[i].va, r[i].size, block_span(g, true));
			cur = r[i].va + r[i].size;
			if (!cur) { /* reached the top of the address space */
				n = i + 1;
				break;
			}
		}
		if (!n) {
			env_free(E);
			continue;
		}
		want = pt_min_tables(g->f, r, n);
		for (i = 0; i < n; i++)
			TAP_CHECK(!pt_map(c, r[i].va, r[i].pa, r[i].size, PAGE_KERNEL_RO), "%s",
				  g->name);
		if (c->tables != want)
			for (i = 0; i < n; i++)
				printf("# range %d: va 0x%llx pa 0x%llx size 0x%llx\n", i,
				       (unsigned long long)r[i].va, (unsigned long long)r[i].pa,
				       (unsigned long long)r[i].size);
		TAP_CHECK(c->tables == want,
			  "%s: %d ranges took %u tables, pt_min_tables says %lu "
			  "(first va 0x%llx size 0x%llx pa 0x%llx) seed %llu",
			  g->name, n, c->tables, want, r[0].va, r[0].size, r[0].pa, seed);
		TAP_CHECK(!unmap_all(E, &m), "%s", g->name);
		TAP_CHECK(!check_only_roots(E), "%s", g->name);
		env_free(E);
	}
	free(m.v);
	tap_case("%s: pt_min_tables", g->name);
}

/* ---- c. Differential test against the flat model ---- */

static unsigned long nops = 10000;

static void case_differential(const struct geom *g)
{
	struct env *E = env_new(g, true);
	struct model m = { 0 };
	unsigned long op, failures = 0, counts[3] = { 0 };
	u64 ps = page_size(g);
	int k;

	for (op = 0; op < nops && failures < 10; op++) {
		int w = rnd_below(3), kind = rnd_below(100), r;
		u64 va, size, pa, last, probe[8];
		unsigned int prot = prots[rnd_below(ARRAY_SIZE(prots))];
		struct pt_ctx *c;

		gen_range(g, w, &va, &size, &pa);
		last = va + size - 1;
		c = tree_of(E, va);
		if (m.n > 200)
			kind = 50; /* keep the model (and the tree) small */
		if (kind < 45) {
			snprintf(E->what, sizeof(E->what),
				 "op %lu map va 0x%llx size 0x%llx pa 0x%llx prot %x", op, va, size,
				 pa, prot);
			r = pt_map(c, va, pa, size, prot);
			model_apply(&m, va, last, true, pa, false, norm_prot(g, prot));
		} else if (kind < 75) {
			snprintf(E->what, sizeof(E->what), "op %lu unmap va 0x%llx size 0x%llx", op,
				 va, size);
			r = pt_unmap(c, va, size);
			model_apply(&m, va, last, false, 0, false, 0);
		} else {
			snprintf(E->what, sizeof(E->what),
				 "op %lu protect va 0x%llx size 0x%llx prot %x", op, va, size,
				 prot);
			r = pt_protect(c, va, size, prot);
			model_apply(&m, va, last, false, 0, true, norm_prot(g, prot));
		}
		counts[kind < 45 ? 0 : kind < 75 ? 1 : 2]++;
		if (r) {
			printf("# %s: %s returned %d\n", g->name, E->what, r);
			failures++;
		}
		failures += check_bbm(E);
		if (live_tables(E) != E->pool.in_use) {
			printf("# %s: ctx counts %lu tables, pool %u (%s)\n", g->name,
			       live_tables(E), E->pool.in_use, E->what);
			failures++;
		}
		probe[0] = va;
		probe[1] = last & ~(ps - 1);
		probe[2] = va - ps;
		probe[3] = last + 1;
		probe[4] = va + rnd_below(size / ps) * ps + rnd_below(ps);
		for (k = 5; k < 8; k++)
			probe[k] = window_start(g, k % 3) + rnd_below(window_size(g));
		for (k = 0; k < 8; k++)
			if (canonical(g, probe[k]))
				failures += check_lookup(E, &m, probe[k]);
		/* pt_for_each_leaf over part of a window */
		if (op % 64 == 0) {
			struct leaves W = { 0 };
			u64 sva = window_start(g, w) + rnd_below(window_size(g));
			u64 ssz = 1 + rnd_below(window_start(g, w) + window_size(g) - sva);
			u64 covered = 0, want = 0, prev = 0;
			long i;

			pt_for_each_leaf(tree_of(E, sva), sva, ssz, collect_leaf, &W);
			for (i = 0; i < W.n; i++) {
				u64 lo = MAX(W.v[i].va, sva);
				u64 hi = MIN(W.v[i].va + W.v[i].size - 1, sva + ssz - 1);

				if (W.v[i].va + W.v[i].size - 1 < sva ||
				    W.v[i].va > sva + ssz - 1 || (i && W.v[i].va <= prev) ||
				    !leaf_matches(&m, &W.v[i]))
					failures++;
				prev = W.v[i].va;
				covered += hi - lo + 1;
			}
			for (i = 0; i < m.n; i++) {
				u64 lo = MAX(m.v[i].va, sva), hi = MIN(m.v[i].last, sva + ssz - 1);

				if (lo <= hi)
					want += hi - lo + 1;
			}
			if (covered != want) {
				printf("# %s: for_each_leaf covers 0x%llx of 0x%llx\n", g->name,
				       (unsigned long long)covered, (unsigned long long)want);
				failures++;
			}
			free(W.v);
		}
		if (op % 256 == 255 || op == nops - 1)
			failures += check_tree(E, &m);
		if (op % 2048 == 2047) {
			snprintf(E->what, sizeof(E->what), "op %lu unmap all", op);
			if (unmap_all(E, &m))
				failures++;
			failures += check_bbm(E);
			failures += check_tree(E, &m);
			failures += check_only_roots(E);
		}
	}
	snprintf(E->what, sizeof(E->what), "final unmap all");
	if (unmap_all(E, &m))
		failures++;
	failures += check_bbm(E);
	failures += check_tree(E, &m);
	failures += check_only_roots(E);
	TAP_CHECK(!failures, "%s: %lu failures; rerun with PT_SEED=%llu", g->name, failures,
		  (unsigned long long)seed);
	tap_case("%s: differential, %lu ops (%lu map, %lu unmap, %lu protect), %lu writes, "
		 "%lu flushes",
		 g->name, op, counts[0], counts[1], counts[2], E->writes, E->flushes);
	free(m.v);
	env_free(E);
}

/* ---- d. Break-before-make ---- */

/* The entry for va in tree c and its level: the leaf, or the first invalid entry. */
static u64 *find_ptep(struct env *E, struct pt_ctx *c, u64 va, int *level)
{
	const struct geom *g = E->g;
	phys_addr_t table = c->root;
	int l;

	for (l = 0; l < g->levels; l++) {
		u64 *p = pool_ptr(&E->pool, table);
		u64 *ep = &p[(va >> g->shift[l]) & (g->entries[l] - 1)];
		struct dec d = decode(g, l, *ep);

		if (!d.valid || !d.table) {
			*level = l;
			return ep;
		}
		table = d.oa;
	}
	return NULL;
}

/* The level of the smallest block. */
static int small_level(const struct geom *g)
{
	int l;

	for (l = g->levels - 2; l >= 0; l--)
		if (g->blocks >> l & 1)
			return l;
	return g->levels - 1;
}

static void case_bbm(const struct geom *g)
{
	struct env *E = env_new(g, true);
	u64 ps = page_size(g), S = block_span(g, false), big = block_span(g, true);
	u64 V = window_start(g, 1) + 2 * big, A = gen_pa(g, V, 8 * big, big);
	struct pt_ctx *c = tree_of(E, V);
	int ls = small_level(g), level;
	unsigned long w0, f0;
	u64 *ptep, old, e;
	struct dec d;

	snprintf(E->what, sizeof(E->what), "bbm scenario");
	/* 1. a new block: nothing valid replaced, nothing to flush */
	TAP_CHECK(!pt_map(c, V, A, S, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!check_bbm(E) && E->flushes == 0, "%s: %lu flushes", g->name, E->flushes);
	ptep = find_ptep(E, c, V, &level);
	TAP_CHECK(level == ls, "%s: block at level %d", g->name, level);

	/* 2. another output address: invalid, flush, new */
	f0 = E->flushes;
	TAP_CHECK(!pt_map(c, V, A + 2 * S, S, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!check_bbm(E) && E->flushes > f0, "%s: remap without flush", g->name);
	d = decode(g, ls, *ptep);
	TAP_CHECK(d.valid && d.oa == A + 2 * S, "%s", g->name);

	/* 3. permissions only: one write in place, same output address */
	w0 = E->writes;
	TAP_CHECK(!pt_protect(c, V, S, PAGE_KERNEL_RO), "%s", g->name);
	TAP_CHECK(!check_bbm(E) && E->writes == w0 + 1, "%s: protect took %lu writes", g->name,
		  E->writes - w0);
	d = decode(g, ls, *ptep);
	TAP_CHECK(d.oa == A + 2 * S && d.prot == PROT_READ, "%s", g->name);

	/* 4. a page inside the block: split (block -> table), then replace a page */
	f0 = E->flushes;
	TAP_CHECK(!pt_map(c, V + 3 * ps, A + 7 * S, ps, PAGE_KERNEL_ROX), "%s", g->name);
	TAP_CHECK(!check_bbm(E) && E->flushes >= f0 + 2, "%s: split with %lu flushes", g->name,
		  E->flushes - f0);
	TAP_CHECK(c->tables == pt_min_tables(g->f, &(struct pt_range){ V, 0, ps }, 1) +
				       (unsigned int)(g->levels - 2 - ls),
		  "%s: %u tables", g->name, c->tables);

	/* 5. the block again: table -> block, the table freed after the flush */
	TAP_CHECK(!pt_map(c, V, A, S, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!check_bbm(E) && E->frees > 0, "%s", g->name);
	ptep = find_ptep(E, c, V, &level);
	TAP_CHECK(level == ls, "%s", g->name);

	/* 5b. mapping part of a block the way it is already mapped changes nothing */
	w0 = E->writes;
	TAP_CHECK(!pt_map(c, V + 3 * ps, A + 3 * ps, ps, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!pt_protect(c, V + ps, ps, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(E->writes == w0 && c->tables == 1u + (unsigned int)ls, "%s: %lu writes", g->name,
		  E->writes - w0);
	/* ... but the block's own start address is not the same mapping */
	TAP_CHECK(!pt_map(c, V + 3 * ps, A, ps, PAGE_KERNEL), "%s", g->name);
	{
		struct pt_leaf l;

		TAP_CHECK(!pt_lookup(c, V + 3 * ps, &l) && l.pa == A && l.size == ps, "%s",
			  g->name);
		TAP_CHECK(!pt_lookup(c, V + 4 * ps, &l) && l.pa == A + 4 * ps, "%s", g->name);
	}
	TAP_CHECK(!pt_map(c, V, A, S, PAGE_KERNEL) && !check_bbm(E), "%s", g->name);

	/* 6. memory type: a break on arm64, nothing to change on RISC-V */
	f0 = E->flushes;
	TAP_CHECK(!pt_protect(c, V, S, PAGE_DEVICE), "%s", g->name);
	TAP_CHECK(!check_bbm(E), "%s", g->name);
	TAP_CHECK(g->arch != ARCH_ARM || E->flushes == f0 + 1, "%s", g->name);
	TAP_CHECK(!pt_protect(c, V, S, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!check_bbm(E), "%s", g->name);

	/* 7. pt_write_entry itself reports what would break the rule */
	E->quiet = true;
	old = *ptep;
	e = pt_make_leaf(g->f, ls, A + 4 * S, PAGE_KERNEL);
	pt_write_entry(c, ptep, ls, V, e);
	TAP_CHECK(E->reports == 1 && E->report_va == V && E->report_level == ls &&
			  E->report_old == old && E->report_new == e,
		  "%s: OA change not reported", g->name);
	TAP_CHECK(E->bbm_bad == 1, "%s: independent checker missed it", g->name);
	E->reports = E->bbm_bad = 0;
	c->live = false; /* not live: nothing to report */
	pt_write_entry(c, ptep, ls, V, old);
	TAP_CHECK(E->reports == 0 && E->bbm_bad == 0, "%s", g->name);
	c->live = true;
	/* permission only */
	pt_write_entry(c, ptep, ls, V, pt_make_leaf(g->f, ls, A, PAGE_KERNEL_ROX));
	TAP_CHECK(E->reports == 0 && E->bbm_bad == 0, "%s: permission change reported", g->name);
	/* leaf -> table at the same address */
	pt_write_entry(c, ptep, ls, V, pt_make_table(g->f, A));
	TAP_CHECK(E->reports == 1 && E->bbm_bad == 1, "%s: kind change not reported", g->name);
	E->reports = E->bbm_bad = 0;
	c->live = false;
	pt_write_entry(c, ptep, ls, V, old);
	c->live = true;
	/* memory type (arm64) */
	if (g->arch == ARCH_ARM) {
		pt_write_entry(c, ptep, ls, V, pt_make_leaf(g->f, ls, A, PAGE_DEVICE));
		TAP_CHECK(E->reports == 1 && E->bbm_bad == 1, "%s: memory type not reported",
			  g->name);
		E->reports = E->bbm_bad = 0;
		c->live = false;
		pt_write_entry(c, ptep, ls, V, old);
		c->live = true;
	}
	/* valid -> invalid -> valid, with a flush between: fine */
	pt_write_entry(c, ptep, ls, V, 0);
	c->ops->flush(c, V, ls);
	pt_write_entry(c, ptep, ls, V, e);
	TAP_CHECK(E->reports == 0 && !check_bbm(E), "%s", g->name);
	/* ... without the flush the independent checker objects */
	pt_write_entry(c, ptep, ls, V, 0);
	pt_write_entry(c, ptep, ls, V, old);
	TAP_CHECK(E->reports == 0 && E->bbm_bad == 1, "%s: re-validation without flush missed",
		  g->name);
	E->bbm_bad = 0;
	E->npend = 0;
	E->quiet = false;

	/* 8. unmap: invalid then flush */
	f0 = E->flushes;
	TAP_CHECK(!pt_unmap(c, V, S), "%s", g->name);
	TAP_CHECK(!check_bbm(E) && E->flushes > f0, "%s", g->name);
	TAP_CHECK(c->tables == 1, "%s", g->name);
	env_free(E);

	/* A tree that is not live is never flushed (op_flush fails otherwise). */
	E = env_new(g, false);
	c = tree_of(E, V);
	TAP_CHECK(!pt_map(c, V, A, 2 * S, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!pt_map(c, V + ps, A, S, PAGE_KERNEL_RO), "%s", g->name);
	TAP_CHECK(!pt_protect(c, V, 2 * S, PAGE_KERNEL_ROX), "%s", g->name);
	TAP_CHECK(!pt_unmap(c, V, 2 * S), "%s", g->name);
	TAP_CHECK(E->flushes == 0 && c->tables == 1, "%s", g->name);
	env_free(E);
	tap_case("%s: break-before-make", g->name);
}

/* ---- e. Errors ---- */

static void case_errors(const struct geom *g)
{
	struct env *E = env_new(g, true);
	u64 ps = page_size(g), K = ~0ULL << g->kva_bits, V = window_start(g, 1);
	u64 top_pa = 1ULL << g->pa_bits, lowtop = 1ULL << g->kva_bits;
	struct model m = { 0 };
	struct pt_ctx *c = tree_of(E, V);
	struct pt_leaf l;
	int round;

	for (round = 0; round < 2; round++) {
		unsigned long w0 = E->writes;
		unsigned int t0 = c->tables;

		snprintf(E->what, sizeof(E->what), "errors round %d", round);
		TAP_CHECK(pt_map(c, V + ps / 2, 0, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_map(c, V, ps / 2, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_map(c, V, 0, ps + 8, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_map(c, lowtop, 0, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_map(c, K - ps, 0, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_map(c, 1ULL << 62, 0, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		/* leaving the lower half, wrapping past the top */
		TAP_CHECK(pt_map(&E->ctx[0], lowtop - ps, 0, 2 * ps, PAGE_KERNEL) == -EINVAL, "%s",
			  g->name);
		TAP_CHECK(pt_map(c, -ps, 0, 2 * ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		/* output addresses beyond pa_bits */
		TAP_CHECK(pt_map(c, V, top_pa, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_map(c, V, top_pa - ps, 2 * ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_unmap(c, V + 8, ps) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_unmap(c, lowtop, ps) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_unmap(c, V, ps - 8) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_protect(c, V + 8, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_protect(c, K - ps, ps, PAGE_KERNEL) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_lookup(c, lowtop, &l) == -EINVAL, "%s", g->name);
		TAP_CHECK(pt_lookup(c, V + 5 * ps, &l) == -ENOENT, "%s", g->name);
		TAP_CHECK(pt_for_each_leaf(c, K - 1, 2, collect_leaf, NULL) == -EINVAL, "%s",
			  g->name);
		/* empty ranges do nothing */
		TAP_CHECK(pt_map(c, V, 0, 0, PAGE_KERNEL) == 0, "%s", g->name);
		TAP_CHECK(pt_unmap(c, V, 0) == 0 && pt_protect(c, V, 0, 0) == 0, "%s", g->name);
		TAP_CHECK(pt_for_each_leaf(c, V, 0, collect_leaf, NULL) == 0, "%s", g->name);
		TAP_CHECK(E->writes == w0 && c->tables == t0, "%s: an error changed the tree",
			  g->name);
		if (!round) {
			TAP_CHECK(c->root == 0, "%s: root allocated by a failing call", g->name);
			/* unmap and protect of an empty tree: nothing to do */
			TAP_CHECK(!pt_unmap(c, V, ps) && !pt_protect(c, V, ps, 0) && !c->root, "%s",
				  g->name);
			TAP_CHECK(pt_lookup(c, V, &l) == -ENOENT, "%s", g->name);
			TAP_CHECK(!pt_map(c, V + 8 * ps, 0, 3 * ps, PAGE_KERNEL), "%s", g->name);
			model_apply(&m, V + 8 * ps, V + 11 * ps - 1, true, 0, false,
				    norm_prot(g, PAGE_KERNEL));
		}
		TAP_CHECK(!check_tree(E, &m), "%s", g->name);
	}
	/* the very top page, and the first and last pages of each half */
	TAP_CHECK(!pt_map(c, -ps, ps, ps, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!pt_map(c, K, 2 * ps, ps, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!pt_map(&E->ctx[0], 0, 3 * ps, ps, PAGE_KERNEL), "%s", g->name);
	TAP_CHECK(!pt_map(&E->ctx[0], lowtop - ps, 4 * ps, ps, PAGE_KERNEL), "%s", g->name);
	model_apply(&m, -ps, ~0ULL, true, ps, false, norm_prot(g, PAGE_KERNEL));
	model_apply(&m, K, K + ps - 1, true, 2 * ps, false, norm_prot(g, PAGE_KERNEL));
	model_apply(&m, 0, ps - 1, true, 3 * ps, false, norm_prot(g, PAGE_KERNEL));
	model_apply(&m, lowtop - ps, lowtop - 1, true, 4 * ps, false, norm_prot(g, PAGE_KERNEL));
	TAP_CHECK(!check_tree(E, &m), "%s", g->name);
	TAP_CHECK(!check_lookup(E, &m, ~0ULL) && !check_lookup(E, &m, K) &&
			  !check_lookup(E, &m, 0) && !check_lookup(E, &m, lowtop - 1),
		  "%s", g->name);
	TAP_CHECK(!pt_unmap(c, K, -K) && !pt_unmap(&E->ctx[0], 0, lowtop), "%s", g->name);
	TAP_CHECK(!check_only_roots(E) && !check_bbm(E), "%s", g->name);
	free(m.v);
	env_free(E);
	tap_case("%s: errors", g->name);
}

/* ---- e. Running out of table pages ---- */

static void case_enomem(const struct geom *g)
{
	u64 ps = page_size(g), S = block_span(g, false), big = block_span(g, true);
	u64 V = window_start(g, 1) + 2 * big;
	/* crosses big-block and small-block edges, partly over an existing mapping */
	u64 R = V + big - 3 * ps, Rsize = 2 * S + big + 8 * ps;
	u64 Rpa = gen_pa(g, R, Rsize, big), Bpa = gen_pa(g, V, 2 * S, big);
	int k, done = -1;

	for (k = 0; k < 40 && done < 0; k++) {
		struct env *E = env_new(g, true);
		struct pt_ctx *c = tree_of(E, V);
		struct model m = { 0 }, mnew;
		struct leaves L;
		int r;
		long i;

		snprintf(E->what, sizeof(E->what), "enomem with %d pages", k);
		TAP_CHECK(!pt_map(c, V + big - S, Bpa, 2 * S, PAGE_KERNEL_RO), "%s", g->name);
		model_apply(&m, V + big - S, V + big + S - 1, true, Bpa, false,
			    norm_prot(g, PAGE_KERNEL_RO));
		model_copy(&mnew, &m);
		model_apply(&mnew, R, R + Rsize - 1, true, Rpa, false, norm_prot(g, PAGE_KERNEL));
		E->pool.limit = E->pool.in_use + k;
		r = pt_map(c, R, Rpa, Rsize, PAGE_KERNEL);
		if (!r) {
			done = k;
		} else {
			TAP_CHECK(r == -ENOMEM, "%s: %d", g->name, r);
			/* still a well-formed tree, every leaf old or new, counts exact */
			sw_walk_all(E, &L);
			TAP_CHECK(!L.bad && !L.empty, "%s: %s", g->name, E->what);
			TAP_CHECK(L.tables == c->tables && c->tables == E->pool.in_use, "%s",
				  g->name);
			for (i = 0; i < L.n; i++)
				TAP_CHECK(leaf_matches(&m, &L.v[i]) || leaf_matches(&mnew, &L.v[i]),
					  "%s: leaf 0x%llx neither old nor new", g->name,
					  L.v[i].va);
			free(L.v);
			/* the old mapping outside the new range survived */
			TAP_CHECK(!check_lookup(E, &m, V + big - S) &&
					  !check_lookup(E, &m, R - ps) &&
					  !check_lookup(E, &m, R + Rsize),
				  "%s", g->name);
			E->pool.limit = POOL_PAGES;
			TAP_CHECK(!pt_map(c, R, Rpa, Rsize, PAGE_KERNEL), "%s", g->name);
		}
		TAP_CHECK(!check_tree(E, &mnew) && !check_bbm(E), "%s: %s", g->name, E->what);
		E->pool.limit = POOL_PAGES;
		TAP_CHECK(!unmap_all(E, &mnew) && !check_only_roots(E), "%s", g->name);
		free(m.v);
		free(mnew.v);
		env_free(E);
	}
	TAP_CHECK(done > 0, "%s: map needed %d pages", g->name, done);

	/* Splitting for unmap and protect can fail too; nothing changes then. */
	{
		struct env *E = env_new(g, true);
		struct pt_ctx *c = tree_of(E, V);
		struct model m = { 0 };

		snprintf(E->what, sizeof(E->what), "enomem on split");
		TAP_CHECK(!pt_map(c, V, Bpa, S, PAGE_KERNEL), "%s", g->name);
		model_apply(&m, V, V + S - 1, true, Bpa, false, norm_prot(g, PAGE_KERNEL));
		E->pool.limit = E->pool.in_use;
		TAP_CHECK(pt_unmap(c, V + ps, ps) == -ENOMEM, "%s", g->name);
		TAP_CHECK(pt_protect(c, V + ps, ps, PAGE_KERNEL_RO) == -ENOMEM, "%s", g->name);
		TAP_CHECK(pt_map(c, V + ps, 0, ps, PAGE_KERNEL_RO) == -ENOMEM, "%s", g->name);
		TAP_CHECK(!check_tree(E, &m) && !check_bbm(E), "%s", g->name);
		/* what needs no new table still works */
		TAP_CHECK(!pt_protect(c, V, S, PAGE_KERNEL_ROX), "%s", g->name);
		model_apply(&m, V, V + S - 1, false, 0, true, norm_prot(g, PAGE_KERNEL_ROX));
		TAP_CHECK(!check_tree(E, &m), "%s", g->name);
		E->pool.limit = POOL_PAGES;
		TAP_CHECK(!pt_unmap(c, V + ps, ps), "%s", g->name);
		model_apply(&m, V + ps, V + 2 * ps - 1, false, 0, false, 0);
		TAP_CHECK(!check_tree(E, &m) && !check_bbm(E), "%s", g->name);
		TAP_CHECK(!unmap_all(E, &m) && !check_only_roots(E), "%s", g->name);
		free(m.v);
		env_free(E);
	}
	/* No page for the root. */
	{
		struct env *E = env_new(g, true);

		E->pool.limit = 0;
		TAP_CHECK(pt_map(&E->ctx[0], 0, 0, ps, PAGE_KERNEL) == -ENOMEM, "%s", g->name);
		TAP_CHECK(!E->ctx[0].root && !E->ctx[0].tables, "%s", g->name);
		env_free(E);
	}
	tap_case("%s: out of table pages (map needed %d)", g->name, done);
}

/* ---- f. pt_for_each_leaf ---- */

/* The largest-leaf decomposition of a range, computed from the literals. */
static void greedy(const struct geom *g, u64 va, u64 pa, u64 size, unsigned int prot,
		   struct leaves *out)
{
	while (size) {
		int l;

		for (l = 0; l < g->levels; l++) {
			u64 span = 1ULL << g->shift[l];

			if ((g->blocks >> l & 1) && !((va | pa) & (span - 1)) && span <= size)
				break;
		}
		leaves_push(out, (struct sw_leaf){ va, 1ULL << g->shift[l], pa, 0, l, prot });
		va += 1ULL << g->shift[l];
		pa += 1ULL << g->shift[l];
		size -= 1ULL << g->shift[l];
	}
}

static int stop_after_three(const struct pt_leaf *leaf, void *arg)
{
	int *n = arg;

	(void)leaf;
	return ++*n == 3 ? 7 : 0;
}

static bool same_leaves(const struct leaves *a, const struct leaves *b)
{
	long i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->v[i].va != b->v[i].va || a->v[i].size != b->v[i].size ||
		    a->v[i].pa != b->v[i].pa || a->v[i].level != b->v[i].level ||
		    a->v[i].prot != b->v[i].prot)
			return false;
	return true;
}

static void case_for_each(const struct geom *g)
{
	struct env *E = env_new(g, false);
	u64 ps = page_size(g), S = block_span(g, false), big = block_span(g, true);
	u64 va = window_start(g, 1) + 2 * big - S - 2 * ps, size = 2 * ps + S + big + S + 3 * ps;
	u64 pa = gen_pa(g, va, size, big);
	u64 va2 = va + size + S, size2 = 5 * ps, pa2 = gen_pa(g, va2, size2, ps);
	struct pt_ctx *c = tree_of(E, va);
	struct leaves want = { 0 }, got = { 0 }, sub = { 0 }, subwant = { 0 };
	int n = 0, r;
	long i;

	TAP_CHECK(!pt_map(c, va, pa, size, PAGE_KERNEL_ROX), "%s", g->name);
	TAP_CHECK(!pt_map(c, va2, pa2, size2, PAGE_DEVICE), "%s", g->name);
	greedy(g, va, pa, size, norm_prot(g, PAGE_KERNEL_ROX), &want);
	greedy(g, va2, pa2, size2, norm_prot(g, PAGE_DEVICE), &want);
	r = pt_for_each_leaf(c, window_start(g, 1), 1ULL << g->kva_bits, collect_leaf, &got);
	TAP_CHECK(r == 0 && same_leaves(&want, &got), "%s: %ld leaves, want %ld", g->name, got.n,
		  want.n);
	/* blocks of both sizes and pages occur, in increasing order */
	for (i = 1; i < got.n; i++)
		TAP_CHECK(got.v[i].va >= got.v[i - 1].va + got.v[i - 1].size, "%s", g->name);
	TAP_CHECK(got.n > 2 && got.v[0].size == ps && got.v[2].size == S, "%s", g->name);

	/* a sub-range: only the leaves it overlaps */
	r = pt_for_each_leaf(c, va + ps + 1, S, collect_leaf, &sub);
	for (i = 0; i < want.n; i++)
		if (want.v[i].va + want.v[i].size > va + ps + 1 && want.v[i].va < va + ps + 1 + S)
			leaves_push(&subwant, want.v[i]);
	TAP_CHECK(r == 0 && same_leaves(&subwant, &sub), "%s: sub-range %ld leaves, want %ld",
		  g->name, sub.n, subwant.n);

	/* a non-zero return stops the walk */
	r = pt_for_each_leaf(c, va, size, stop_after_three, &n);
	TAP_CHECK(r == 7 && n == 3, "%s: stopped with %d after %d", g->name, r, n);
	/* a hole visits nothing */
	n = 0;
	r = pt_for_each_leaf(c, va + size, S, stop_after_three, &n);
	TAP_CHECK(r == 0 && n == 0, "%s", g->name);
	free(want.v);
	free(got.v);
	free(sub.v);
	free(subwant.v);
	env_free(E);
	tap_case("%s: pt_for_each_leaf order and sizes", g->name);
}

/*
 * 52-bit output addresses: runs of leaves whose PAs cross where the high
 * part of a split OA changes (2^50 with FEAT_LPA2, 2^48 with the 64K
 * granule), at every level that holds leaves, and tables above 2^48.
 * The walker writes runs by adding a step to the entry, which must not
 * carry out of the low part. Each leaf must read back with its own PA.
 * (The table pages lie above 2^51 in these formats: pool_init().)
 */
static void case_split_oa(const struct geom *g)
{
	u64 cross = 1ULL << (g->oa52 == OA_LPA2 ? 50 : 48);
	int l, n = 0;

	for (l = 0; l < g->levels; l++) {
		struct env *E;
		struct pt_ctx *c;
		struct leaves want = { 0 }, got = { 0 };
		u64 span = 1ULL << g->shift[l], va = window_start(g, 1) + window_size(g) / 2;
		int r;

		if (!(g->blocks >> l & 1))
			continue;
		E = env_new(g, false);
		c = tree_of(E, va);
		va &= ~(span - 1);
		TAP_CHECK(!pt_map(c, va, cross - 4 * span, 8 * span, PAGE_KERNEL), "%s level %d",
			  g->name, l);
		greedy(g, va, cross - 4 * span, 8 * span, norm_prot(g, PAGE_KERNEL), &want);
		r = pt_for_each_leaf(c, va, 8 * span, collect_leaf, &got);
		TAP_CHECK(r == 0 && same_leaves(&want, &got), "%s level %d: %ld leaves, want %ld",
			  g->name, l, got.n, want.n);
		free(want.v);
		free(got.v);
		env_free(E);
		n++;
	}
	tap_case("%s: runs of leaves across PA 0x%llx, at %d levels", g->name, cross, n);
}

int main(void)
{
	const char *s = getenv("PT_SEED"), *o = getenv("PT_OPS");
	unsigned int i;

	seed = s ? strtoull(s, NULL, 0) : 20240601;
	if (o)
		nops = strtoul(o, NULL, 0);
	tap_start();
	printf("# PT_SEED=%llu PT_OPS=%lu\n", (unsigned long long)seed, nops);
	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		const struct geom *g = &geoms[i];

		rng_state = seed + i;
		case_geometry(g);
		case_golden(g);
		case_min_tables(g);
		case_for_each(g);
		if (g->oa52)
			case_split_oa(g);
		case_errors(g);
		case_enomem(g);
		case_bbm(g);
		case_differential(g);
	}
	return tap_done();
}
