// SPDX-License-Identifier: GPL-2.0
/*
 * The EFI stub's reading of the firmware's memory map: where the image
 * may go, and what the kernel must keep its hands off once boot services
 * are gone. Pure functions of the map, so the host tests drive them with
 * pretend maps. Runs in the firmware's identity map before the kernel's
 * relocation: position independent, no static pointers.
 */
#include <lander/efi_stub.h>
#include <lander/fdt.h>
#include <lander/string.h>
#include <mm/layout.h>

#define EFI_DESC(map, off) ((const struct efi_memory_desc *)((map)->desc + (off)))

/*
 * Walk every descriptor of a map: off from 0 while a whole descriptor
 * fits. A stride below the structure's size, or not a multiple of 8 (the
 * descriptors' 64-bit fields would be misaligned), reads nothing.
 */
#define for_each_desc(map, off, d)                                                 \
	for ((off) = 0; (map)->desc_size >= sizeof(struct efi_memory_desc) &&      \
			IS_ALIGNED((map)->desc_size, 8) && (off) <= (map)->size && \
			(map)->size - (off) >= sizeof(struct efi_memory_desc) &&   \
			((d) = EFI_DESC(map, off), true);                          \
	     (off) += (map)->desc_size)

/* RAM the firmware gives up at ExitBootServices() (UEFI 2.10, 7.2, table 7-6). */
bool efi_type_usable(u32 type)
{
	return type == EFI_LOADER_CODE || type == EFI_LOADER_DATA ||
	       type == EFI_BOOT_SERVICES_CODE || type == EFI_BOOT_SERVICES_DATA ||
	       type == EFI_CONVENTIONAL_MEMORY;
}

/* The descriptor's range [*start, *end), false if it is empty or wraps. */
static bool desc_range(const struct efi_memory_desc *d, u64 *start, u64 *end)
{
	u64 size;

	if (!d->num_pages || d->num_pages > (U64_MAX >> EFI_PAGE_SHIFT))
		return false;
	size = d->num_pages << EFI_PAGE_SHIFT;
	if (d->phys_start + size < d->phys_start)
		return false;
	*start = d->phys_start;
	*end = d->phys_start + size;
	return true;
}

/* How many places a free descriptor holds, and where the first is. */
static u64 desc_places(const struct efi_memory_desc *d, const struct efi_place_request *req,
		       u64 *first)
{
	u64 start, end;

	if (d->type != EFI_CONVENTIONAL_MEMORY || !(d->attribute & EFI_MEMORY_WB) ||
	    !desc_range(d, &start, &end))
		return 0;
	end = MIN(end, req->limit);
	*first = ALIGN_UP(start, req->align);
	if (*first < start || *first >= end || end - *first < req->need)
		return 0;
	return (end - *first - req->need) / req->align + 1;
}

u64 efi_place_count(const struct efi_map *map, const struct efi_place_request *req)
{
	const struct efi_memory_desc *d;
	u64 n = 0, first;
	size_t off;

	for_each_desc(map, off, d) n += desc_places(d, req, &first);
	return n;
}

phys_addr_t efi_place_nth(const struct efi_map *map, const struct efi_place_request *req, u64 k)
{
	const struct efi_memory_desc *d;
	u64 n, first;
	size_t off;

	for_each_desc(map, off, d)
	{
		n = desc_places(d, req, &first);
		if (k < n)
			return first + k * req->align;
		k -= n;
	}
	return 0;
}

/*
 * The kernel keeps its image inside the linear map, which starts at the
 * lowest RAM aligned down to its format's largest block (mm/physaddr.c).
 * The smallest linear map of any format is 39-bit VA's, 2^38 bytes, whose
 * largest block is 1 GB; every other format's holds at least as much
 * above the same RAM. The stub does not know which format the CPU will
 * run, so it keeps to that one.
 */
phys_addr_t efi_place_limit(const struct efi_map *map)
{
	const struct efi_memory_desc *d;
	u64 lowest = U64_MAX, start, end, limit;
	size_t off;

	for_each_desc(map, off, d) if ((d->attribute & EFI_MEMORY_WB) &&
				       desc_range(d, &start, &end)) lowest = MIN(lowest, start);
	if (lowest == U64_MAX)
		return 0;
	lowest = ALIGN_DOWN(lowest, SZ_1G);
	limit = lowest + LAYOUT_LINEAR_SIZE(39);
	return limit < lowest ? U64_MAX : limit;
}

/* Merge [start, end) into the sorted, disjoint list r[0..*n); false if it would need max + 1. */
static bool merge_range(struct fdt_range *r, u32 *n, u32 max, u64 start, u64 end)
{
	u32 i = 0, j;

	while (i < *n && r[i].base + r[i].size < start)
		i++;
	/* r[i] is the first range that touches or follows [start, end). */
	if (i < *n && r[i].base <= end) {
		u64 s = MIN(r[i].base, start), e = MAX(r[i].base + r[i].size, end);

		/* Swallow the ranges the grown one now touches. */
		for (j = i + 1; j < *n && r[j].base <= e; j++)
			e = MAX(e, r[j].base + r[j].size);
		memmove(&r[i + 1], &r[j], (*n - j) * sizeof(*r));
		*n -= j - i - 1;
		r[i].base = s;
		r[i].size = e - s;
		return true;
	}
	if (*n == max)
		return false;
	memmove(&r[i + 1], &r[i], (*n - i) * sizeof(*r));
	r[i].base = start;
	r[i].size = end - start;
	(*n)++;
	return true;
}

int efi_reserve_ranges(struct fdt_edit *e, const struct efi_map *map, u32 max)
{
	struct fdt_range r[128];
	const struct efi_memory_desc *d;
	u64 start, end;
	size_t off;
	u32 n = 0, i;
	int err;

	max = MIN(max, (u32)ARRAY_SIZE(r));
	for_each_desc(map, off, d)
	{
		if (efi_type_usable(d->type) || !(d->attribute & EFI_MEMORY_WB) ||
		    !desc_range(d, &start, &end))
			continue;
		if (!merge_range(r, &n, max, start, end))
			return -FDT_ERR_NOSPACE;
	}
	for (i = 0; i < n; i++) {
		err = fdt_edit_add_rsv(e, r[i].base, r[i].size);
		if (err)
			return err;
	}
	return n;
}
