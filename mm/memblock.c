// SPDX-License-Identifier: GPL-2.0
/*
 * A small memblock: sorted, merged lists of physical ranges and a
 * top-down page allocator over memory minus reserved minus nomap.
 */
#include <lander/errno.h>
#include <lander/string.h>
#include <mm/memblock.h>

struct memblock memblock;

/* End of a region, saturating at the top of the address space. */
static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size < r->base ? ~0ULL : r->base + r->size;
}

/* Insert [base, end) into l, merging what it overlaps or touches. */
static int list_add(struct memblock_list *l, phys_addr_t base, phys_addr_t end)
{
	int i = 0, j;

	if (end <= base)
		return 0;
	while (i < l->count && region_end(&l->region[i]) < base)
		i++;
	/* Regions i..j-1 overlap or touch [base, end): merge them into one. */
	j = i;
	while (j < l->count && l->region[j].base <= end) {
		base = MIN(base, l->region[j].base);
		end = MAX(end, region_end(&l->region[j]));
		j++;
	}
	if (j == i) {
		if (l->count == MEMBLOCK_MAX_REGIONS)
			return -ENOSPC;
		memmove(&l->region[i + 1], &l->region[i], (l->count - i) * sizeof(l->region[0]));
		l->count++;
	} else if (j > i + 1) {
		memmove(&l->region[i + 1], &l->region[j], (l->count - j) * sizeof(l->region[0]));
		l->count -= j - i - 1;
	}
	l->region[i].base = base;
	l->region[i].size = end - base;
	return 0;
}

/* Remove [base, end) from l, splitting a region that straddles it. */
static int list_remove(struct memblock_list *l, phys_addr_t base, phys_addr_t end)
{
	int i;

	for (i = 0; i < l->count; i++) {
		struct memblock_region *r = &l->region[i];
		phys_addr_t rend = region_end(r);

		if (rend <= base || r->base >= end)
			continue;
		if (r->base < base && rend > end) {
			/* A hole in the middle: the region becomes two. */
			if (l->count == MEMBLOCK_MAX_REGIONS)
				return -ENOSPC;
			memmove(r + 1, r, (l->count - i) * sizeof(*r));
			l->count++;
			r->size = base - r->base;
			r[1].base = end;
			r[1].size = rend - end;
			return 0;
		}
		if (r->base < base) {
			r->size = base - r->base;
		} else if (rend > end) {
			r->size = rend - end;
			r->base = end;
		} else {
			memmove(r, r + 1, (l->count - i - 1) * sizeof(*r));
			l->count--;
			i--;
		}
	}
	return 0;
}

int memblock_add(struct memblock *mb, phys_addr_t base, u64 size)
{
	return list_add(&mb->memory, base, base + size < base ? ~0ULL : base + size);
}

int memblock_reserve(struct memblock *mb, phys_addr_t base, u64 size)
{
	return list_add(&mb->reserved, base, base + size < base ? ~0ULL : base + size);
}

int memblock_mark_nomap(struct memblock *mb, phys_addr_t base, u64 size)
{
	return list_add(&mb->nomap, base, base + size < base ? ~0ULL : base + size);
}

int memblock_free(struct memblock *mb, phys_addr_t base, u64 size)
{
	return list_remove(&mb->reserved, base, base + size);
}

void memblock_cap(struct memblock *mb, phys_addr_t limit)
{
	list_remove(&mb->memory, limit, ~0ULL);
	mb->limit = limit;
}

/* The first region of l that ends after addr, or l->count. */
static int first_after(const struct memblock_list *l, phys_addr_t addr)
{
	int i = 0;

	while (i < l->count && region_end(&l->region[i]) <= addr)
		i++;
	return i;
}

/*
 * The start of the first range of l that overlaps [base, end) (it may
 * start below base), or end if none does.
 */
static phys_addr_t first_overlap(const struct memblock_list *l, phys_addr_t base, phys_addr_t end)
{
	int i = first_after(l, base);

	return i < l->count && l->region[i].base < end ? l->region[i].base : end;
}

/*
 * Top-down in one memory region: try the highest aligned candidate; if a
 * reserved or nomap range overlaps it, retry below that range's start.
 */
static phys_addr_t alloc_in(const struct memblock *mb, const struct memblock_region *m, u64 size,
			    u64 align)
{
	phys_addr_t end = region_end(m);

	while (end >= m->base + size) {
		phys_addr_t cand = ALIGN_DOWN(end - size, align);
		phys_addr_t block;

		if (cand < m->base)
			break;
		block = MIN(first_overlap(&mb->reserved, cand, cand + size),
			    first_overlap(&mb->nomap, cand, cand + size));
		if (block == cand + size)
			return cand;
		end = block;
	}
	return 0;
}

phys_addr_t memblock_alloc(struct memblock *mb, u64 size, u64 align)
{
	int i;

	for (i = mb->memory.count - 1; i >= 0; i--) {
		phys_addr_t pa = alloc_in(mb, &mb->memory.region[i], size, align);

		if (pa) {
			if (memblock_reserve(mb, pa, size))
				return 0;
			return pa;
		}
	}
	return 0;
}

bool memblock_usable_range(const struct memblock *mb, int i, struct memblock_region *out)
{
	int m, n;

	/* Walk memory minus nomap in order, counting pieces until the i-th. */
	for (m = 0; m < mb->memory.count; m++) {
		phys_addr_t base = mb->memory.region[m].base;
		phys_addr_t end = region_end(&mb->memory.region[m]);

		for (n = first_after(&mb->nomap, base); base < end; n++) {
			phys_addr_t stop = end;

			if (n < mb->nomap.count && mb->nomap.region[n].base < end)
				stop = MAX(base, mb->nomap.region[n].base);
			if (stop > base && i-- == 0) {
				out->base = base;
				out->size = stop - base;
				return true;
			}
			if (n >= mb->nomap.count || mb->nomap.region[n].base >= end)
				break;
			base = region_end(&mb->nomap.region[n]);
		}
	}
	return false;
}

u64 memblock_total(const struct memblock *mb)
{
	u64 sum = 0;
	int i;

	for (i = 0; i < mb->memory.count; i++)
		sum += mb->memory.region[i].size;
	return sum;
}

u64 memblock_free_bytes(const struct memblock *mb)
{
	struct memblock_region r;
	u64 sum = 0;
	int i, k;

	for (i = 0; memblock_usable_range(mb, i, &r); i++) {
		phys_addr_t end = r.base + r.size;

		sum += r.size;
		for (k = 0; k < mb->reserved.count; k++) {
			phys_addr_t b = MAX(r.base, mb->reserved.region[k].base);
			phys_addr_t e = MIN(end, region_end(&mb->reserved.region[k]));

			if (e > b)
				sum -= e - b;
		}
	}
	return sum;
}
