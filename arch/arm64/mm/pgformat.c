// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 translation-table formats: VMSAv8-64 stage 1, EL1&0 regime,
 * 4K, 16K and 64K granules; 48-bit output addresses, and 52-bit ones in
 * the 52-bit VA formats (FEAT_LPA2 for 4K and 16K, FEAT_LVA with FEAT_LPA's
 * descriptors for 64K).
 *
 * Our levels count from the root, the Arm ARM's lookup levels so that the
 * last is 3. Our level L is the Arm ARM's lookup level L + 4 - levels
 * (with five levels, the root is the Arm ARM's level -1):
 *
 *	format		levels	our 0	our 1	our 2	our 3	our 4
 *	4K, 39-bit	3	L1	L2	L3
 *	4K, 48-bit	4	L0	L1	L2	L3
 *	4K, 52-bit	5	L-1	L0	L1	L2	L3
 *	16K, 47-bit	3	L1	L2	L3
 *	16K, 48-bit	4	L0	L1	L2	L3
 *	16K, 52-bit	4	L0	L1	L2	L3
 *	64K, 42-bit	2	L2	L3
 *	64K, 48-bit	3	L1	L2	L3
 *	64K, 52-bit	3	L1	L2	L3
 *
 * Blocks: 4K granule at L1 (1 GB) and L2 (2 MB), and with FEAT_LPA2 at L0
 * (512 GB); 16K at L2 (32 MB), and with FEAT_LPA2 at L1 (64 GB); 64K at L2
 * (512 MB). (64K L1 blocks need FEAT_LPA, which the 52-bit 64K format
 * does not require: it is chosen on FEAT_LVA alone.)
 *
 * Descriptor bits used (Arm ARM, "VMSAv8-64 translation table format
 * descriptors"):
 *	bit 0		valid
 *	bit 1		0: block, 1: table (non-last level) or page (L3)
 *	bits 4:2	AttrIndx[2:0], index into MAIR_EL1
 *	bits 7:6	AP[2:1]: AP[2] 1 = read-only, AP[1] 0 = no EL0 access
 *	bits 9:8	SH[1:0], 0b11 inner shareable; with FEAT_LPA2 in use
 *			(TCR_EL1.DS = 1), OA[51:50] instead, and the
 *			shareability comes from TCR_EL1.SH0/SH1
 *	bit 10		AF, access flag: always set (no access-flag faults)
 *	bit 11		nG: 0, every mapping is global
 *	bits 47:n	output address, n = granule shift (12, 14, 16);
 *			bits 49:n with FEAT_LPA2
 *	bits 15:12	64K granule, 52-bit format: OA[51:48] (FEAT_LPA)
 *	bit 53		PXN, privileged execute-never
 *	bit 54		UXN, unprivileged execute-never
 * Table descriptors leave their attribute fields (APTable, XNTable...) 0.
 *
 * MAIR_EL1 as the kernel programs it: Attr0 = 0x00 Device-nGnRnE,
 * Attr1 = 0xff Normal, inner and outer write-back non-transient.
 *
 * The kernel half is TTBR1's: the top 2^va_bits bytes (kva_bits = va_bits).
 *
 * The levels follow from the granule and the VA size
 * (LAYOUT_PT_LEVELS); the levels that hold blocks are given in the Arm
 * ARM's lookup-level numbering, the same for every VA size of a granule,
 * and shifted to ours.
 */
#include <mm/layout.h>
#include <mm/pgtable.h>

/* The descriptor tables read best as the manual lays them out. */
/* clang-format off */
#define ARM_VALID	(1ULL << 0)
#define ARM_TYPE	(3ULL << 0)		/* bits 1:0 */
#define ARM_TABLE	(3ULL << 0)		/* table (non-last level) or page (L3) */
#define ARM_BLOCK	(1ULL << 0)
#define ARM_ATTRIDX(n)	((u64)(n) << 2)		/* AttrIndx[2:0] */
#define ARM_AP_RO	(1ULL << 7)		/* AP[2] */
#define ARM_SH_INNER	(3ULL << 8)		/* SH[1:0] = 0b11 */
#define ARM_AF		(1ULL << 10)
#define ARM_PXN		(1ULL << 53)
#define ARM_UXN		(1ULL << 54)
/* Output address bits top-1:shift, in place. */
#define ARM_OA(shift, top)	((~0ULL << (shift)) & ((1ULL << (top)) - 1))

/*
 * Arm ARM lookup levels L that may hold a leaf (pages at L3 included):
 * bit L + 1, so that level -1 has a bit.
 */
#define ARM_LEAF(l)		(1u << ((l) + 1))
#define ARM_LEAVES_4K		(ARM_LEAF(1) | ARM_LEAF(2) | ARM_LEAF(3))
#define ARM_LEAVES_4K_LPA2	(ARM_LEAF(0) | ARM_LEAVES_4K)
#define ARM_LEAVES_16K		(ARM_LEAF(2) | ARM_LEAF(3))
#define ARM_LEAVES_16K_LPA2	(ARM_LEAF(1) | ARM_LEAVES_16K)
#define ARM_LEAVES_64K		(ARM_LEAF(2) | ARM_LEAF(3))

/* Arm's level A is our A + levels - 4: its bit A + 1 moves down by 5 - levels. */
#define ARM_LEVELS(pshift, vabits)	LAYOUT_PT_LEVELS(vabits, pshift)
#define ARM_OUR_LEAVES(leaves, pshift, vabits)				\
	((leaves) >> (5 - ARM_LEVELS(pshift, vabits)))

/*
 * The fields every format shares; sh is the descriptor's shareability
 * (none where the descriptor holds OA bits there), pa the output size.
 */
#define ARM_FORMAT_COMMON(nm, pshift, vabits, leaves, sh, pa)		\
		.name = nm,						\
		.levels = ARM_LEVELS(pshift, vabits),			\
		.page_shift = pshift,					\
		.va_bits = vabits,					\
		.kva_bits = vabits,					\
		.pa_bits = pa,						\
		.block_levels = ARM_OUR_LEAVES(leaves, pshift, vabits),	\
		.oa_rshift = 0,						\
		.valid = ARM_VALID,					\
		.type_mask = ARM_TYPE,					\
		.table_type = ARM_TABLE,				\
		.block_bits = ARM_BLOCK | ARM_AF,			\
		.page_bits = ARM_TABLE | ARM_AF,			\
		.attr_normal = ARM_ATTRIDX(1) | (sh),			\
		.attr_device = ARM_ATTRIDX(0),				\
		.attr_ro = ARM_AP_RO,					\
		.attr_rw = 0,						\
		.attr_x = ARM_UXN,					\
		.attr_nx = ARM_PXN | ARM_UXN,				\
		.attr_mask = ARM_ATTRIDX(7) | ARM_AP_RO | (sh) |	\
			     ARM_PXN | ARM_UXN

/* 48-bit output addresses, in place. */
#define ARM_FORMAT(nm, pshift, vabits, leaves)				\
	{								\
		ARM_FORMAT_COMMON(nm, pshift, vabits, leaves, ARM_SH_INNER, 48), \
		.oa_mask = ARM_OA(pshift, 48),				\
	}

/* FEAT_LPA2 (TCR_EL1.DS = 1): OA[49:shift] in place, OA[51:50] in bits 9:8. */
#define ARM_FORMAT_LPA2(nm, pshift, leaves)				\
	{								\
		ARM_FORMAT_COMMON(nm, pshift, 52, leaves, 0, 52),	\
		.oa_mask = ARM_OA(pshift, 50),				\
		.oa_hi_shift = 50,					\
		.oa_hi_pos = 8,						\
		.oa_hi_mask = 3ULL << 8,				\
	}

/* 64K granule, FEAT_LPA descriptors: OA[47:16] in place, OA[51:48] in bits 15:12. */
#define ARM_FORMAT_64K_52(nm)						\
	{								\
		ARM_FORMAT_COMMON(nm, 16, 52, ARM_LEAVES_64K, ARM_SH_INNER, 52), \
		.oa_mask = ARM_OA(16, 48),				\
		.oa_hi_shift = 48,					\
		.oa_hi_pos = 12,					\
		.oa_hi_mask = 0xfULL << 12,				\
	}

/*
 * The levels the formula gives, against the table above (the Arm ARM
 * lists the lookup levels per granule and VA size).
 */
_Static_assert(ARM_LEVELS(12, 39) == 3 && ARM_LEVELS(12, 48) == 4 && ARM_LEVELS(12, 52) == 5,
	       "4K granule levels");
_Static_assert(ARM_LEVELS(14, 47) == 3 && ARM_LEVELS(14, 48) == 4 && ARM_LEVELS(14, 52) == 4,
	       "16K granule levels");
_Static_assert(ARM_LEVELS(16, 42) == 2 && ARM_LEVELS(16, 48) == 3 && ARM_LEVELS(16, 52) == 3,
	       "64K granule levels");

const struct pt_format pt_format_arm64_4k_39 = ARM_FORMAT("arm64-4K-39", 12, 39, ARM_LEAVES_4K);
const struct pt_format pt_format_arm64_4k_48 = ARM_FORMAT("arm64-4K-48", 12, 48, ARM_LEAVES_4K);
const struct pt_format pt_format_arm64_4k_52 = ARM_FORMAT_LPA2("arm64-4K-52", 12, ARM_LEAVES_4K_LPA2);
const struct pt_format pt_format_arm64_16k_47 = ARM_FORMAT("arm64-16K-47", 14, 47, ARM_LEAVES_16K);
const struct pt_format pt_format_arm64_16k_48 = ARM_FORMAT("arm64-16K-48", 14, 48, ARM_LEAVES_16K);
const struct pt_format pt_format_arm64_16k_52 = ARM_FORMAT_LPA2("arm64-16K-52", 14, ARM_LEAVES_16K_LPA2);
const struct pt_format pt_format_arm64_64k_42 = ARM_FORMAT("arm64-64K-42", 16, 42, ARM_LEAVES_64K);
const struct pt_format pt_format_arm64_64k_48 = ARM_FORMAT("arm64-64K-48", 16, 48, ARM_LEAVES_64K);
const struct pt_format pt_format_arm64_64k_52 = ARM_FORMAT_64K_52("arm64-64K-52");
/* clang-format on */
