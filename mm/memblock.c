// SPDX-License-Identifier: GPL-2.0
/*
 * A small memblock: sorted, merged lists of physical ranges and a
 * top-down page allocator over memory minus reserved minus nomap.
 */
#include <lander/errno.h>
#include <lander/string.h>
#include <mm/memblock.h>

struct memblock memblock;

/*
 * Ranges are handled by their last byte, not their end: a range may end
 * at the very top of the address space, where base + size is 0.
 */
static phys_addr_t region_last(const struct memblock_region *r)
{
	return r->base + (r->size - 1);
}

/* The last byte of [base, base + size), size > 0, saturating at the top. */
static phys_addr_t range_last(phys_addr_t base, u64 size)
{
	return base + (size - 1) < base ? ~0ULL : base + (size - 1);
}

/* Store [base, last] in r (the whole address space does not fit a size). */
static void set_region(struct memblock_region *r, phys_addr_t base, phys_addr_t last)
{
	if (!base && last == ~0ULL)
		last--;
	r->base = base;
	r->size = last - base + 1;
}

/* Do [a, a_last] and [b, ...] overlap or touch, given b >= a? */
static bool touches(phys_addr_t a_last, phys_addr_t b)
{
	return b <= a_last || b - a_last == 1;
}

/* Insert [base, last] into l, merging what it overlaps or touches. */
static int list_add(struct memblock_list *l, phys_addr_t base, phys_addr_t last)
{
	int i = 0, j;

	while (i < l->count && !touches(region_last(&l->region[i]), base) &&
	       l->region[i].base < base)
		i++;
	/* Regions i..j-1 overlap or touch [base, last]: merge them into one. */
	j = i;
	while (j < l->count && touches(last, l->region[j].base) &&
	       (l->region[j].base >= base || touches(region_last(&l->region[j]), base))) {
		base = MIN(base, l->region[j].base);
		last = MAX(last, region_last(&l->region[j]));
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
	set_region(&l->region[i], base, last);
	return 0;
}

/* Remove [base, last] from l, splitting a region that straddles it. */
static int list_remove(struct memblock_list *l, phys_addr_t base, phys_addr_t last)
{
	int i;

	for (i = 0; i < l->count; i++) {
		struct memblock_region *r = &l->region[i];
		phys_addr_t rlast = region_last(r);

		if (rlast < base || r->base > last)
			continue;
		if (r->base < base && rlast > last) {
			/* A hole in the middle: the region becomes two. */
			if (l->count == MEMBLOCK_MAX_REGIONS)
				return -ENOSPC;
			memmove(r + 1, r, (l->count - i) * sizeof(*r));
			l->count++;
			set_region(r, r->base, base - 1);
			set_region(r + 1, last + 1, rlast);
			return 0;
		}
		if (r->base < base) {
			set_region(r, r->base, base - 1);
		} else if (rlast > last) {
			set_region(r, last + 1, rlast);
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
	return size ? list_add(&mb->memory, base, range_last(base, size)) : 0;
}

int memblock_reserve(struct memblock *mb, phys_addr_t base, u64 size)
{
	return size ? list_add(&mb->reserved, base, range_last(base, size)) : 0;
}

int memblock_mark_nomap(struct memblock *mb, phys_addr_t base, u64 size)
{
	return size ? list_add(&mb->nomap, base, range_last(base, size)) : 0;
}

int memblock_free(struct memblock *mb, phys_addr_t base, u64 size)
{
	return size ? list_remove(&mb->reserved, base, range_last(base, size)) : 0;
}

void memblock_cap(struct memblock *mb, phys_addr_t limit)
{
	list_remove(&mb->memory, limit, ~0ULL);
	mb->limit = limit;
}

/* The first region of l whose last byte is at or after addr, or l->count. */
static int first_after(const struct memblock_list *l, phys_addr_t addr)
{
	int i = 0;

	while (i < l->count && region_last(&l->region[i]) < addr)
		i++;
	return i;
}

/*
 * Does a region of l overlap [base, last]? If so, *start is the first such
 * region's base (it may lie below base).
 */
static bool overlaps(const struct memblock_list *l, phys_addr_t base, phys_addr_t last,
		     phys_addr_t *start)
{
	int i = first_after(l, base);

	if (i == l->count || l->region[i].base > last)
		return false;
	*start = l->region[i].base;
	return true;
}

/*
 * Top-down in one memory region: try the highest aligned candidate; if a
 * reserved or nomap range overlaps it, retry below that range's start.
 */
static phys_addr_t alloc_in(const struct memblock *mb, const struct memblock_region *m, u64 size,
			    u64 align)
{
	phys_addr_t top = region_last(m);

	while (top >= m->base && size - 1 <= top - m->base) {
		phys_addr_t cand = ALIGN_DOWN(top - (size - 1), align);
		phys_addr_t last = cand + (size - 1), a, b;
		bool ra, rb;

		if (cand < m->base)
			break;
		ra = overlaps(&mb->reserved, cand, last, &a);
		rb = overlaps(&mb->nomap, cand, last, &b);
		if (!ra && !rb)
			return cand;
		a = ra ? a : ~0ULL;
		b = rb ? b : ~0ULL;
		if (!MIN(a, b))
			break;
		top = MIN(a, b) - 1;
	}
	return 0;
}

phys_addr_t memblock_alloc(struct memblock *mb, u64 size, u64 align)
{
	int i;

	if (!size)
		return 0;
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
		phys_addr_t last = region_last(&mb->memory.region[m]);

		for (n = first_after(&mb->nomap, base);; n++) {
			phys_addr_t piece_last = last;
			bool hole = n < mb->nomap.count && mb->nomap.region[n].base <= last;

			if (hole && mb->nomap.region[n].base > base)
				piece_last = mb->nomap.region[n].base - 1;
			if ((!hole || mb->nomap.region[n].base > base) && i-- == 0) {
				set_region(out, base, piece_last);
				return true;
			}
			if (!hole || region_last(&mb->nomap.region[n]) >= last)
				break;
			base = region_last(&mb->nomap.region[n]) + 1;
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
		phys_addr_t last = region_last(&r);

		sum += r.size;
		for (k = 0; k < mb->reserved.count; k++) {
			phys_addr_t b = MAX(r.base, mb->reserved.region[k].base);
			phys_addr_t e = MIN(last, region_last(&mb->reserved.region[k]));

			if (e >= b)
				sum -= e - b + 1;
		}
	}
	return sum;
}
