// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for boot/efi/memmap.c: the EFI stub's reading of a
 * memory map it did not write. The first 8 bytes choose the descriptor
 * stride (24 to 87 bytes: short ones must be refused), the place's size,
 * alignment and limit; the rest, copied to a heap buffer of exactly its
 * size, is the map. The checks are what the stub relies on: every place
 * is aligned, below the limit and inside one free write-back descriptor;
 * the count and the places agree; and the reservations written into a
 * tree are sorted, disjoint, not touching, cover every range of kept RAM
 * and nothing of the free RAM outside it.
 */
#include <lander/efi_stub.h>
#include <lander/fdt_edit.h>
#include <lander/string.h>

#include <stdlib.h>

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

/* The smallest tree: header, an empty reservation map, a root node, FDT_END. */
static const u8 empty_tree[] = {
	0xd0, 0x0d, 0xfe, 0xed, 0, 0,	 0, 0x48, 0, 0,	   0, 0x38, 0, 0, 0, 0x48, 0, 0,
	0,    0x28, 0,	  0,	0, 0x11, 0, 0,	  0, 0x10, 0, 0,    0, 0, 0, 0,	   0, 0,
	0,    0,    0,	  0x10, 0, 0,	 0, 0,	  0, 0,	   0, 0,    0, 0, 0, 0,	   0, 0,
	0,    0,    0,	  0,	0, 1,	 0, 0,	  0, 0,	   0, 0,    0, 2, 0, 0,	   0, 9,
};

static const struct efi_memory_desc *desc(const struct efi_map *m, size_t i)
{
	return (const void *)(m->desc + i * m->desc_size);
}

static bool desc_end(const struct efi_memory_desc *d, u64 *end)
{
	if (!d->num_pages || d->num_pages > (U64_MAX >> EFI_PAGE_SHIFT))
		return false;
	*end = d->phys_start + (d->num_pages << EFI_PAGE_SHIFT);
	return *end > d->phys_start;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u8 treebuf[64 << 10];
	struct efi_place_request req;
	struct fdt_edit e;
	struct efi_map map;
	size_t n, i, j;
	u64 count, k, end;
	u8 *buf;
	int r;

	if (size < 8)
		return 0;
	buf = malloc(size - 8 ? size - 8 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 8, size - 8);
	map.desc = buf;
	map.size = size - 8;
	map.desc_size = 24 + data[0] % 64;
	req.need = ((u64)data[1] + 1) << EFI_PAGE_SHIFT;
	req.align = EFI_PAGE_SIZE << (data[2] % 20);
	req.limit = data[3] ? (u64)data[3] << (data[4] % 56) : U64_MAX;
	n = map.desc_size >= sizeof(struct efi_memory_desc) && map.desc_size % 8 == 0 &&
			    map.size >= sizeof(struct efi_memory_desc) ?
		    (map.size - sizeof(struct efi_memory_desc)) / map.desc_size + 1 :
		    0;

	count = efi_place_count(&map, &req);
	for (k = 0; k < count && k < 64; k += 1 + k * (data[5] % 7)) {
		phys_addr_t pa = efi_place_nth(&map, &req, k);
		bool inside = false;

		CHECK(pa % req.align == 0 && pa + req.need > pa && pa + req.need <= req.limit);
		for (i = 0; i < n && !inside; i++) {
			const struct efi_memory_desc *d = desc(&map, i);

			inside = d->type == EFI_CONVENTIONAL_MEMORY &&
				 (d->attribute & EFI_MEMORY_WB) && desc_end(d, &end) &&
				 pa >= d->phys_start && pa + req.need <= end;
		}
		CHECK(inside);
	}
	(void)efi_place_limit(&map);

	CHECK(fdt_edit_open(&e, treebuf, sizeof(treebuf), empty_tree, sizeof(empty_tree)) == 0);
	r = efi_reserve_ranges(&e, &map, 1 + data[6] % 128);
	CHECK(r >= 0 || r == -FDT_ERR_NOSPACE);
	if (r >= 0) {
		struct fdt f;
		struct fdt_range a, b;

		CHECK(fdt_init(&f, treebuf, sizeof(treebuf)) == 0 && f.rsv_count == (u32)r);
		for (j = 0; j + 1 < (size_t)r; j++) {
			fdt_mem_rsv(&f, j, &a);
			fdt_mem_rsv(&f, j + 1, &b);
			CHECK(a.size && a.base + a.size < b.base);
		}
		/* Every kept range of RAM lies inside one entry. */
		for (i = 0; i < n; i++) {
			const struct efi_memory_desc *d = desc(&map, i);
			bool covered = false;

			if (efi_type_usable(d->type) || !(d->attribute & EFI_MEMORY_WB) ||
			    !desc_end(d, &end))
				continue;
			for (j = 0; j < (size_t)r && !covered; j++) {
				fdt_mem_rsv(&f, j, &a);
				covered = d->phys_start >= a.base && end <= a.base + a.size;
			}
			CHECK(covered);
		}
	}
	free(buf);
	return 0;
}
