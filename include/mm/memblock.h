/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical memory: what RAM there is, what of it is taken, and a page
 * allocator over the rest (a small memblock).
 *
 *   memory     RAM ranges from the device tree, merged, page aligned
 *   reserved   ranges in use: the image, the DTB, /memreserve/,
 *              /reserved-memory, and everything allocated
 *   nomap      ranges of memory that must not be mapped at all
 *              (/reserved-memory with no-map), so never allocated either
 *
 * Each list is kept sorted and merged. Functions return 0 or -ENOSPC when
 * a list is full. All state is in one struct, so host tests can make
 * their own.
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include <lander/types.h>

/* Enough for the device tree's lists (mm/memory_init.c asserts it). */
#define MEMBLOCK_MAX_REGIONS 192

struct memblock_region {
	phys_addr_t base;
	u64 size;
};

struct memblock_list {
	int count;
	struct memblock_region region[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	struct memblock_list memory;
	struct memblock_list reserved;
	struct memblock_list nomap;
	phys_addr_t limit; /* nothing at or above this is memory (0: none) */
};

/* The kernel's physical memory. */
extern struct memblock memblock;

int memblock_add(struct memblock *mb, phys_addr_t base, u64 size);
int memblock_reserve(struct memblock *mb, phys_addr_t base, u64 size);
int memblock_mark_nomap(struct memblock *mb, phys_addr_t base, u64 size);

/* Drop [base, base + size) from reserved (give it back). */
int memblock_free(struct memblock *mb, phys_addr_t base, u64 size);

/* Drop RAM at and above limit (the linear map cannot hold it). */
void memblock_cap(struct memblock *mb, phys_addr_t limit);

/*
 * Reserve and return size bytes aligned to align (a power of two), from
 * the highest free usable RAM; 0 when nothing fits.
 */
phys_addr_t memblock_alloc(struct memblock *mb, u64 size, u64 align);

/*
 * The i-th range of memory that may be mapped (memory minus nomap), in
 * address order. Returns false past the last.
 */
bool memblock_usable_range(const struct memblock *mb, int i, struct memblock_region *out);

/* Bytes of memory, and of memory neither reserved nor nomap. */
u64 memblock_total(const struct memblock *mb);
u64 memblock_free_bytes(const struct memblock *mb);

#endif
