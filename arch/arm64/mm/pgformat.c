// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 translation-table formats: VMSAv8-64 stage 1, EL1&0 regime,
 * 4K, 16K and 64K granules, 48-bit output addresses (no FEAT_LPA/LPA2).
 *
 * Our levels count from the root, the Arm ARM's lookup levels so that the
 * last is level 3. Our level L is the Arm ARM's lookup level
 * L + 4 - levels:
 *
 *	format		levels	our 0	our 1	our 2	our 3
 *	4K, 39-bit	3	L1	L2	L3
 *	4K, 48-bit	4	L0	L1	L2	L3
 *	16K, 47-bit	3	L1	L2	L3
 *	16K, 48-bit	4	L0	L1	L2	L3
 *	64K, 42-bit	2	L2	L3
 *	64K, 48-bit	3	L1	L2	L3
 *
 * Blocks (without 52-bit addresses): 4K granule at L1 (1 GB) and L2
 * (2 MB); 16K at L2 (32 MB); 64K at L2 (512 MB).
 *
 * Descriptor bits used (Arm ARM, "VMSAv8-64 translation table format
 * descriptors"):
 *	bit 0		valid
 *	bit 1		0: block (L1, L2), 1: table (L0-L2) or page (L3)
 *	bits 4:2	AttrIndx[2:0], index into MAIR_EL1
 *	bits 7:6	AP[2:1]: AP[2] 1 = read-only, AP[1] 0 = no EL0 access
 *	bits 9:8	SH[1:0], 0b11 inner shareable
 *	bit 10		AF, access flag: always set (no access-flag faults)
 *	bit 11		nG: 0, every mapping is global
 *	bits 47:n	output address, n = granule shift (12, 14, 16)
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
#define ARM_TABLE	(3ULL << 0)		/* table (L0-L2) or page (L3) */
#define ARM_BLOCK	(1ULL << 0)
#define ARM_ATTRIDX(n)	((u64)(n) << 2)		/* AttrIndx[2:0] */
#define ARM_AP_RO	(1ULL << 7)		/* AP[2] */
#define ARM_SH_INNER	(3ULL << 8)		/* SH[1:0] = 0b11 */
#define ARM_AF		(1ULL << 10)
#define ARM_PXN		(1ULL << 53)
#define ARM_UXN		(1ULL << 54)
/* Output address bits 47:shift. */
#define ARM_OA(shift)	((~0ULL << (shift)) & ((1ULL << 48) - 1))

/* Arm ARM lookup levels L that may hold a leaf: bit L (pages at L3 included). */
#define ARM_LEAVES_4K	0xe	/* L1 (1 GB), L2 (2 MB), L3 */
#define ARM_LEAVES_16K	0xc	/* L2 (32 MB), L3 */
#define ARM_LEAVES_64K	0xc	/* L2 (512 MB), L3 */

/* Our level L is Arm's L + 4 - levels. */
#define ARM_LEVELS(pshift, vabits)	LAYOUT_PT_LEVELS(vabits, pshift)
#define ARM_OUR_LEAVES(leaves, pshift, vabits)				\
	((leaves) >> (4 - ARM_LEVELS(pshift, vabits)))

#define ARM_FORMAT(nm, pshift, vabits, leaves)				\
	{								\
		.name = nm,						\
		.levels = ARM_LEVELS(pshift, vabits),			\
		.page_shift = pshift,					\
		.va_bits = vabits,					\
		.kva_bits = vabits,					\
		.pa_bits = 48,						\
		.block_levels = ARM_OUR_LEAVES(leaves, pshift, vabits),	\
		.oa_rshift = 0,						\
		.oa_mask = ARM_OA(pshift),				\
		.valid = ARM_VALID,					\
		.type_mask = ARM_TYPE,					\
		.table_type = ARM_TABLE,				\
		.block_bits = ARM_BLOCK | ARM_AF,			\
		.page_bits = ARM_TABLE | ARM_AF,			\
		.attr_normal = ARM_ATTRIDX(1) | ARM_SH_INNER,		\
		.attr_device = ARM_ATTRIDX(0),				\
		.attr_ro = ARM_AP_RO,					\
		.attr_rw = 0,						\
		.attr_x = ARM_UXN,					\
		.attr_nx = ARM_PXN | ARM_UXN,				\
		.attr_mask = ARM_ATTRIDX(7) | ARM_AP_RO | ARM_SH_INNER |	\
			     ARM_PXN | ARM_UXN,				\
	}

/*
 * The levels the formula gives, against the table above (the Arm ARM
 * lists the lookup levels per granule and VA size): at most 4 without
 * FEAT_LPA2, as the one shift in ARM_OUR_LEAVES assumes.
 */
_Static_assert(ARM_LEVELS(12, 39) == 3 && ARM_LEVELS(12, 48) == 4, "4K granule levels");
_Static_assert(ARM_LEVELS(14, 47) == 3 && ARM_LEVELS(14, 48) == 4, "16K granule levels");
_Static_assert(ARM_LEVELS(16, 42) == 2 && ARM_LEVELS(16, 48) == 3, "64K granule levels");

const struct pt_format pt_format_arm64_4k_39 = ARM_FORMAT("arm64-4K-39", 12, 39, ARM_LEAVES_4K);
const struct pt_format pt_format_arm64_4k_48 = ARM_FORMAT("arm64-4K-48", 12, 48, ARM_LEAVES_4K);
const struct pt_format pt_format_arm64_16k_47 = ARM_FORMAT("arm64-16K-47", 14, 47, ARM_LEAVES_16K);
const struct pt_format pt_format_arm64_16k_48 = ARM_FORMAT("arm64-16K-48", 14, 48, ARM_LEAVES_16K);
const struct pt_format pt_format_arm64_64k_42 = ARM_FORMAT("arm64-64K-42", 16, 42, ARM_LEAVES_64K);
const struct pt_format pt_format_arm64_64k_48 = ARM_FORMAT("arm64-64K-48", 16, 48, ARM_LEAVES_64K);
/* clang-format on */
