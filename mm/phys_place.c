// SPDX-License-Identifier: GPL-2.0
/*
 * Physical KASLR: the places in RAM the image may move to
 * (include/mm/phys_place.h). Early subset: no absolute address, nothing
 * in .data; the ranges to avoid are sorted on the stack.
 */
#include <mm/phys_place.h>

/* The DTB, the loaded image, the initrd and every reservation dt_info keeps. */
#define PHYS_PLACE_MAX_AVOID (3 + DT_MAX_RESERVED)

/* [base, end): end is saturated at U64_MAX for a range that wraps. */
struct span {
	u64 base;
	u64 end;
};

/* Append [base, base + size) to avoid[*n], unless it is empty. */
static void __init add_avoid(struct span *avoid, int *n, u64 base, u64 size)
{
	u64 end = base + size;

	if (!size)
		return;
	avoid[*n].base = base;
	avoid[*n].end = end < base ? U64_MAX : end;
	(*n)++;
}

/*
 * Fill avoid with what req says a place must not overlap, sorted by base
 * (an insertion sort: at most PHYS_PLACE_MAX_AVOID ranges, once per
 * call). Returns how many.
 */
static int __init gather_avoid(const struct phys_place_request *req, struct span *avoid)
{
	const struct dt_info *dt = req->dt;
	int n = 0, i, j, nr_reserved = MIN(dt->nr_reserved, DT_MAX_RESERVED);

	add_avoid(avoid, &n, req->fdt_pa, req->fdt_size);
	add_avoid(avoid, &n, req->image_pa, req->image_size);
	if (dt->initrd_end > dt->initrd_start)
		add_avoid(avoid, &n, dt->initrd_start, dt->initrd_end - dt->initrd_start);
	for (i = 0; i < nr_reserved; i++)
		add_avoid(avoid, &n, dt->reserved[i].base, dt->reserved[i].size);

	for (i = 1; i < n; i++) {
		struct span s = avoid[i];

		for (j = i; j > 0 && avoid[j - 1].base > s.base; j--)
			avoid[j] = avoid[j - 1];
		avoid[j] = s;
	}
	return n;
}

/*
 * The places in the free gap [lo, hi): aligned a with lo <= a and
 * a + need <= hi. Returns how many; *first is the lowest when there are any.
 */
static u64 __init places_in_gap(u64 lo, u64 hi, u64 need, u64 align, u64 *first)
{
	u64 a = ALIGN_UP(lo, align);

	if (a < lo || hi < need || a > hi - need)
		return 0; /* aligning up wrapped, or no room */
	*first = a;
	return (hi - need - a) / align + 1;
}

/*
 * Walk the free gaps of every bank in order, counting places. When the
 * k-th is met, *pa is set and *found made true. Returns the total count.
 */
static u64 __init walk_places(const struct phys_place_request *req, u64 k, phys_addr_t *pa,
			      bool *found)
{
	struct span avoid[PHYS_PLACE_MAX_AVOID];
	const struct dt_info *dt = req->dt;
	int nr_banks = MIN(dt->nr_banks, DT_MAX_BANKS), nr_avoid, b, i;
	u64 total = 0;

	*found = false;
	if (dt->dropped_reserved || !req->need || !req->align || (req->align & (req->align - 1)))
		return 0;
	nr_avoid = gather_avoid(req, avoid);
	for (b = 0; b < nr_banks; b++) {
		u64 lo = dt->bank[b].base, end = lo + dt->bank[b].size, first = 0, n;

		if (end <= lo)
			continue; /* empty, or wraps: memblock ignores it too */
		if (req->limit)
			end = MIN(end, req->limit);
		/* One gap before each range to avoid that starts below the bank's end, then the last. */
		for (i = 0; i <= nr_avoid && lo < end; i++) {
			u64 hi = i < nr_avoid ? MIN(avoid[i].base, end) : end;

			if (i < nr_avoid && avoid[i].end <= lo)
				continue;
			if (hi > lo) {
				n = places_in_gap(lo, hi, req->need, req->align, &first);
				if (!*found && k >= total && k - total < n) {
					*pa = first + (k - total) * req->align;
					*found = true;
				}
				total += n;
			}
			if (i < nr_avoid)
				lo = MAX(lo, avoid[i].end);
		}
	}
	return total;
}

u64 __init phys_place_count(const struct phys_place_request *req)
{
	phys_addr_t pa;
	bool found;

	return walk_places(req, U64_MAX, &pa, &found);
}

bool __init phys_place_nth(const struct phys_place_request *req, u64 k, phys_addr_t *pa)
{
	bool found;

	walk_places(req, k, pa, &found);
	return found;
}
