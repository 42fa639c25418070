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
 */
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

#define ARM_FORMAT(nm, pshift, nlevels, vabits, blocks)			\
	{								\
		.name = nm,						\
		.levels = nlevels,					\
		.page_shift = pshift,					\
		.va_bits = vabits,					\
		.kva_bits = vabits,					\
		.pa_bits = 48,						\
		.block_levels = blocks,					\
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

/* block_levels: bit L for our level L (the last level's pages included). */

/* 4K granule, 39-bit VA: L1 (1 GB blocks), L2 (2 MB blocks), L3. */
const struct pt_format pt_format_arm64_4k_39 = ARM_FORMAT("arm64-4K-39", 12, 3, 39, 0x7);
/* 4K granule, 48-bit VA: L0, L1 (1 GB blocks), L2 (2 MB blocks), L3. */
const struct pt_format pt_format_arm64_4k_48 = ARM_FORMAT("arm64-4K-48", 12, 4, 48, 0xe);
/* 16K granule, 47-bit VA: L1 (2048 entries), L2 (32 MB blocks), L3. */
const struct pt_format pt_format_arm64_16k_47 = ARM_FORMAT("arm64-16K-47", 14, 3, 47, 0x6);
/* 16K granule, 48-bit VA: L0 (2 entries), L1, L2 (32 MB blocks), L3. */
const struct pt_format pt_format_arm64_16k_48 = ARM_FORMAT("arm64-16K-48", 14, 4, 48, 0xc);
/* 64K granule, 42-bit VA: L2 (8192 entries, 512 MB blocks), L3. */
const struct pt_format pt_format_arm64_64k_42 = ARM_FORMAT("arm64-64K-42", 16, 2, 42, 0x3);
/* 64K granule, 48-bit VA: L1 (64 entries), L2 (512 MB blocks), L3. */
const struct pt_format pt_format_arm64_64k_48 = ARM_FORMAT("arm64-64K-48", 16, 3, 48, 0x6);
/* clang-format on */
