/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic page-table walker: the only code that creates, changes or
 * removes mappings, early and late, on every arch and paging geometry.
 *
 * An arch describes its translation-table format as plain data (struct
 * pt_format): no function or string pointers, so the same description
 * works before relocation with the MMU off and links into the host tests
 * next to every other arch's.
 *
 * Levels are integers counted from the root: level 0 is the root table,
 * level fmt->levels - 1 holds pages. (The Arm ARM counts lookup levels so
 * that the last is 3; the RISC-V privileged spec so that the last is 0.
 * Each arch's pgformat.c gives the correspondence.)
 *
 * The walker never touches a table through a fixed address: the caller's
 * struct pt_ctx says how to reach a table page from its physical address
 * (identity with the MMU off, a fixmap slot, the linear map, or a host
 * test's array) and where new table pages come from.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include <lander/types.h>

#define PT_MAX_LEVELS 5

/* Generic protections; a format turns them into entry bits. */
#define PROT_READ   0x1u
#define PROT_WRITE  0x2u
#define PROT_EXEC   0x4u
#define PROT_DEVICE 0x8u /* device memory: uncached, no speculation */

#define PAGE_KERNEL	(PROT_READ | PROT_WRITE)
#define PAGE_KERNEL_RO	(PROT_READ)
#define PAGE_KERNEL_ROX (PROT_READ | PROT_EXEC)
#define PAGE_KERNEL_RWX (PROT_READ | PROT_WRITE | PROT_EXEC)
#define PAGE_DEVICE	(PROT_READ | PROT_WRITE | PROT_DEVICE)

/*
 * A translation-table format. All entries are 64 bits.
 *
 * Output address: an entry holds (pa >> oa_rshift) & oa_mask, so
 * pa = (entry & oa_mask) << oa_rshift. (Arm: the OA sits at its own bit
 * positions, oa_rshift 0; RISC-V: PPN[..] starts at bit 10 for PA bit 12,
 * oa_rshift 2.) A split OA (Arm's 52-bit output addresses) keeps the PA
 * bits from oa_hi_shift up apart, at entry bits oa_hi_mask starting at bit
 * oa_hi_pos; oa_hi_mask 0 means no split.
 *
 * Entry kind: (entry & type_mask) == table_type marks a table entry at a
 * non-last level; a valid entry that is not a table is a leaf.
 *
 * A leaf is built as block_bits (non-last level) or page_bits (last level),
 * ORed with the attribute bits for the protection:
 *   normal or device, read-only or read-write, executable or not.
 */
struct pt_format {
	char name[16];	 /* "arm64-4K-48", "riscv-sv39": for messages */
	u8 levels;	 /* number of lookup levels */
	u8 page_shift;	 /* log2 of the page (granule) size */
	u8 va_bits;	 /* bits of VA one root translates */
	u8 kva_bits;	 /* log2 of the kernel half's size */
	u8 pa_bits;	 /* largest physical address bits an entry holds */
	u8 block_levels; /* bit L set: level L may hold a leaf (the last always may) */
	u8 oa_rshift;
	u8 oa_hi_shift; /* split OA: first PA bit of the high part */
	u8 oa_hi_pos;	/* split OA: the entry bit that holds it */
	u64 oa_mask;
	u64 oa_hi_mask; /* split OA: the entry bits of the high part, or 0 */
	u64 valid;	/* bit(s) set in every valid entry */
	u64 type_mask;
	u64 table_type;	 /* also the bits of a new table entry, with valid */
	u64 block_bits;	 /* leaf at a non-last level */
	u64 page_bits;	 /* leaf at the last level */
	u64 attr_normal; /* normal, write-back cacheable memory */
	u64 attr_device; /* device memory */
	u64 attr_ro;	 /* read-only */
	u64 attr_rw;	 /* read-write */
	u64 attr_x;	 /* kernel may execute */
	u64 attr_nx;	 /* kernel may not execute */
	u64 attr_mask;	 /* every bit the attributes above may set */
};

/* The formats each arch describes (arch/<arch>/mm/pgformat.c). */
extern const struct pt_format pt_format_arm64_4k_39, pt_format_arm64_4k_48;
extern const struct pt_format pt_format_arm64_16k_47, pt_format_arm64_16k_48;
extern const struct pt_format pt_format_arm64_64k_42, pt_format_arm64_64k_48;
extern const struct pt_format pt_format_arm64_4k_52, pt_format_arm64_16k_52, pt_format_arm64_64k_52;
extern const struct pt_format pt_format_riscv_sv39, pt_format_riscv_sv48, pt_format_riscv_sv57;

/* Geometry derived from a format. */
static inline unsigned int pt_bits_per_level(const struct pt_format *f)
{
	return f->page_shift - 3;
}

/* log2 of the span of one entry at level. */
static inline unsigned int pt_level_shift(const struct pt_format *f, int level)
{
	return f->page_shift + (f->levels - 1 - level) * pt_bits_per_level(f);
}

/* Number of entries of a table at level (the root may be smaller). */
static inline unsigned int pt_entries(const struct pt_format *f, int level)
{
	unsigned int bits = level ? pt_bits_per_level(f) : f->va_bits - pt_level_shift(f, 0);

	return 1u << bits;
}

static inline unsigned int pt_index(const struct pt_format *f, int level, virt_addr_t va)
{
	return (va >> pt_level_shift(f, level)) & (pt_entries(f, level) - 1);
}

static inline bool pt_level_has_blocks(const struct pt_format *f, int level)
{
	return level == f->levels - 1 || (f->block_levels >> level) & 1;
}

/* Entry codec. */
static inline u64 pt_oa_bits(const struct pt_format *f, phys_addr_t pa)
{
	u64 e = (pa >> f->oa_rshift) & f->oa_mask;

	if (f->oa_hi_mask)
		e |= (pa >> f->oa_hi_shift << f->oa_hi_pos) & f->oa_hi_mask;
	return e;
}

static inline phys_addr_t pt_entry_pa(const struct pt_format *f, u64 e)
{
	phys_addr_t pa = (e & f->oa_mask) << f->oa_rshift;

	if (f->oa_hi_mask)
		pa |= (e & f->oa_hi_mask) >> f->oa_hi_pos << f->oa_hi_shift;
	return pa;
}

static inline bool pt_entry_valid(const struct pt_format *f, u64 e)
{
	return (e & f->valid) == f->valid;
}

static inline bool pt_entry_is_table(const struct pt_format *f, int level, u64 e)
{
	return level < f->levels - 1 && pt_entry_valid(f, e) && (e & f->type_mask) == f->table_type;
}

u64 pt_make_table(const struct pt_format *f, phys_addr_t table_pa);
u64 pt_make_leaf(const struct pt_format *f, int level, phys_addr_t pa, unsigned int prot);
/* The generic protection a leaf entry grants. */
unsigned int pt_leaf_prot(const struct pt_format *f, u64 e);

struct pt_ctx;

/* How the walker reaches table pages, allocates and frees them, and flushes. */
struct pt_ops {
	/* A pointer through which the table page at pa (at level) can be edited. */
	u64 *(*table)(struct pt_ctx *c, phys_addr_t pa, int level);
	/* A new table page, or 0 when there is none; the walker zeroes it. */
	phys_addr_t (*alloc)(struct pt_ctx *c);
	/* Give back a table page the walker no longer uses (may be NULL). */
	void (*free)(struct pt_ctx *c, phys_addr_t pa);
	/*
	 * Invalidate cached translations of the entry at level for va (the
	 * entry's whole span, and for a table entry the walks through it)
	 * after that entry went invalid or lost permissions. Only called when
	 * c->live. New valid entries written over invalid ones are not flushed:
	 * the caller makes them visible (barrier, sfence.vma) when pt_map()
	 * returns.
	 */
	void (*flush)(struct pt_ctx *c, virt_addr_t va, int level);
	/* Report a break-before-make violation (debug); may be NULL. */
	void (*bbm_violation)(struct pt_ctx *c, virt_addr_t va, int level, u64 old, u64 new);
	/* Told of every entry write, after it is made (debug, tests); may be NULL. */
	void (*trace)(struct pt_ctx *c, u64 *ptep, int level, virt_addr_t va, u64 old, u64 new);
};

struct pt_ctx {
	const struct pt_format *fmt;
	const struct pt_ops *ops;
	phys_addr_t root;    /* physical address of the root table; 0: pt_map() allocates it */
	bool live;	     /* the MMU may be walking this tree right now */
	unsigned int tables; /* table pages allocated (root too), minus those freed */
	void *priv;	     /* the ops' own state */
};

/*
 * Canonical addresses: the bits of va from kva_bits up must be all 0 (lower
 * half) or all 1 (kernel half), and a range must not leave its half. (On
 * arm64 kva_bits = va_bits; on RISC-V bit va_bits - 1 is part of the sign.)
 * One root translates one half on arm64 (TTBR0 or TTBR1), both on RISC-V.
 *
 * Map [va, va + size) to [pa, pa + size) with prot, using the largest leaf
 * each level allows where va, pa and the range end are aligned to it.
 * va, pa and size must be page aligned. Existing mappings in the range are
 * replaced; in a live tree an entry whose output address or kind changes
 * goes through an invalid entry and a flush first (break-before-make).
 * Returns 0, -EINVAL (misaligned or outside the VA range) or -ENOMEM.
 */
int pt_map(struct pt_ctx *c, virt_addr_t va, phys_addr_t pa, u64 size, unsigned int prot);

/*
 * Remove every mapping in [va, va + size), splitting leaves that straddle
 * the edges and freeing tables left empty. Returns 0 or a negative errno.
 */
int pt_unmap(struct pt_ctx *c, virt_addr_t va, u64 size);

/*
 * Change the protection of every mapping in [va, va + size), in place
 * where a leaf lies wholly inside (a permission-only change needs no
 * break), splitting leaves that straddle the edges. Holes are skipped.
 */
int pt_protect(struct pt_ctx *c, virt_addr_t va, u64 size, unsigned int prot);

/* A translation found by pt_lookup() or visited by pt_for_each_leaf(). */
struct pt_leaf {
	virt_addr_t va; /* start of the leaf */
	phys_addr_t pa;
	u64 size;
	int level;
	unsigned int prot;
	u64 entry;
	u64 *ptep; /* where the entry is, as ops->table reached it */
};

/* Translate va. Returns 0 and fills *out (leaf containing va), or -ENOENT. */
int pt_lookup(struct pt_ctx *c, virt_addr_t va, struct pt_leaf *out);

/*
 * Call fn for every leaf that overlaps [va, va + size), in address order.
 * Stops and returns fn's value when it is not 0.
 */
int pt_for_each_leaf(struct pt_ctx *c, virt_addr_t va, u64 size,
		     int (*fn)(const struct pt_leaf *leaf, void *arg), void *arg);

/*
 * Write new into the entry at ptep (level, for va): the only way the walker
 * writes entries. In a live tree it reports, through ops->bbm_violation,
 * a valid entry replaced directly by a valid one with another output
 * address, kind (table or leaf) or memory type; the write is still made.
 * Exposed so that tests can prove the check; nothing else should call it.
 */
void pt_write_entry(struct pt_ctx *c, u64 *ptep, int level, virt_addr_t va, u64 new);

/*
 * The number of table pages (root included) that mapping the given ranges,
 * each aligned as given, needs at minimum with the largest leaves.
 * ranges is an array of n (va, pa, size) triples that do not overlap, all
 * in one tree, in increasing order of va. (Assumes that below a level
 * holding blocks every level does, as on arm64 and RISC-V.)
 */
struct pt_range {
	virt_addr_t va;
	phys_addr_t pa;
	u64 size;
};
unsigned long pt_min_tables(const struct pt_format *f, const struct pt_range *ranges, int n);

#endif
