// SPDX-License-Identifier: GPL-2.0
/*
 * The RISC-V translation-table formats: Sv39, Sv48 and Sv57 (RISC-V
 * privileged architecture, "Supervisor-Level ISA", page-based virtual
 * memory), 4 KiB pages, 8-byte PTEs.
 *
 * Our levels count from the root, the privileged spec's so that the last
 * (4 KiB pages) is level 0. Our level L is the spec's level levels - 1 - L:
 *
 *	format	levels	our 0		our 1		our 2	our 3	our 4
 *	Sv39	3	2 (1 GiB)	1 (2 MiB)	0
 *	Sv48	4	3 (512 GiB)	2 (1 GiB)	1	0
 *	Sv57	5	4 (256 TiB)	3 (512 GiB)	2	1	0
 *
 * Any level may hold a leaf (petapage, terapage, gigapage, megapage, page).
 *
 * PTE bits:
 *	bit 0		V, valid
 *	bit 1		R, readable
 *	bit 2		W, writable
 *	bit 3		X, executable
 *	bit 4		U, user: 0, kernel only
 *	bit 5		G, global: set in leaves (all mappings are the kernel's)
 *	bit 6		A, accessed: set in leaves, hardware need not update it
 *	bit 7		D, dirty: set in leaves, likewise
 *	bits 9:8	RSW, for software: 0
 *	bits 53:10	PPN, physical page number (PA bits 55:12), so the entry
 *			holds pa >> 2 masked to bits 53:10
 *	bits 63:54	N, PBMT, reserved: 0 (no Svnapot, no Svpbmt)
 * A PTE with V set and R = W = X = 0 points to the next-level table; its
 * A, D and U bits are reserved and left 0.
 *
 * Memory types come from the platform's PMAs, so normal and device
 * mappings have the same bits. The kernel half is the upper half of the
 * VA space, 2^(va_bits - 1) bytes (kva_bits = va_bits - 1).
 *
 * A mode is named by its VA bits; the levels follow from them
 * (LAYOUT_PT_LEVELS).
 */
#include <mm/layout.h>
#include <mm/pgtable.h>

/* The descriptor tables read best as the manual lays them out. */
/* clang-format off */
#define RV_V		(1ULL << 0)
#define RV_R		(1ULL << 1)
#define RV_W		(1ULL << 2)
#define RV_X		(1ULL << 3)
#define RV_G		(1ULL << 5)
#define RV_A		(1ULL << 6)
#define RV_D		(1ULL << 7)
#define RV_PPN		(((1ULL << 44) - 1) << 10)	/* bits 53:10 */

#define RV_LEVELS(vabits)	LAYOUT_PT_LEVELS(vabits, 12)

#define RV_FORMAT(nm, vabits)						\
	{								\
		.name = nm,						\
		.levels = RV_LEVELS(vabits),				\
		.page_shift = 12,					\
		.va_bits = vabits,					\
		.kva_bits = (vabits) - 1,				\
		.pa_bits = 56,						\
		.block_levels = (1u << RV_LEVELS(vabits)) - 1,		\
		.oa_rshift = 2,						\
		.oa_mask = RV_PPN,					\
		.valid = RV_V,						\
		.type_mask = RV_R | RV_W | RV_X,			\
		.table_type = 0,					\
		.block_bits = RV_V | RV_G | RV_A | RV_D,		\
		.page_bits = RV_V | RV_G | RV_A | RV_D,			\
		.attr_normal = 0,					\
		.attr_device = 0,					\
		.attr_ro = RV_R,					\
		.attr_rw = RV_R | RV_W,					\
		.attr_x = RV_X,						\
		.attr_nx = 0,						\
		.attr_mask = RV_R | RV_W | RV_X,			\
	}

/* The levels the formula gives, against the table above. */
_Static_assert(RV_LEVELS(39) == 3 && RV_LEVELS(48) == 4 && RV_LEVELS(57) == 5, "Sv levels");

const struct pt_format pt_format_riscv_sv39 = RV_FORMAT("riscv-sv39", 39);
const struct pt_format pt_format_riscv_sv48 = RV_FORMAT("riscv-sv48", 48);
const struct pt_format pt_format_riscv_sv57 = RV_FORMAT("riscv-sv57", 57);
/* clang-format on */
