// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory from the device tree (Devicetree Specification v0.4,
 * 3.4 "/memory", 3.5 "/reserved-memory", 5.3 "memory reservation block").
 */
#include <lander/errno.h>
#include <lander/printk.h>
#include <lander/string.h>
#include <mm/layout.h>
#include <mm/memory.h>
#include <mm/memory_init.h>
#include <mm/pgtable.h>

#define MAX_BANKS	32

/* Add every RAM bank, page aligned inwards; ignore the unusable ones. */
static int __init add_memory(struct memblock *mb, const struct fdt *fdt, u64 page,
		      struct memory_init_report *rep)
{
	struct fdt_range banks[MAX_BANKS];
	int i, n = fdt_memory_banks(fdt, banks, MAX_BANKS);

	if (n < 0)
		return n;
	if (n > MAX_BANKS) {
		pr_warn("memory: %d RAM banks, using the first %d\n", n, MAX_BANKS);
		n = MAX_BANKS;
	}
	for (i = 0; i < n; i++) {
		phys_addr_t base = ALIGN_UP(banks[i].base, page);
		phys_addr_t end = ALIGN_DOWN(banks[i].base + banks[i].size, page);

		if (banks[i].base + banks[i].size < banks[i].base || end <= base) {
			pr_warn("memory: ignoring bank 0x%llx+0x%llx: %s\n", banks[i].base,
				banks[i].size, banks[i].size ? "smaller than a page" : "empty");
			rep->ignored_banks++;
			continue;
		}
		if (memblock_add(mb, base, end - base))
			return -ENOSPC;
		rep->banks++;
	}
	return 0;
}

/* Each child of /reserved-memory with a reg: reserved, or nomap with "no-map". */
static int __init add_reserved_memory(struct memblock *mb, const struct fdt *fdt,
			       struct memory_init_report *rep)
{
	int parent = fdt_path_offset(fdt, "/reserved-memory", -1);
	int node;

	if (parent < 0)
		return 0;
	for (node = fdt_first_child(fdt, parent); node >= 0; node = fdt_next_sibling(fdt, node)) {
		bool nomap = fdt_getprop(fdt, node, "no-map", NULL) != NULL;
		struct fdt_range r;
		unsigned int i;

		for (i = 0; fdt_read_reg(fdt, node, i, &r) == 0; i++) {
			if (!r.size)
				continue;
			if (nomap ? memblock_mark_nomap(mb, r.base, r.size) :
				    memblock_reserve(mb, r.base, r.size))
				return -ENOSPC;
			rep->reserved++;
			rep->nomap += nomap;
		}
	}
	return 0;
}

int __init memblock_init_from_fdt(struct memblock *mb, const struct fdt *fdt, const struct pt_format *f,
			   const struct boot_ranges *boot, struct memory_init_report *rep)
{
	u64 page = 1ULL << f->page_shift, linear = 1ULL << (f->kva_bits - 1);
	phys_addr_t limit;
	int i, n, err;

	memset(mb, 0, sizeof(*mb));
	memset(rep, 0, sizeof(*rep));
	err = add_memory(mb, fdt, page, rep);
	if (err)
		return err;
	if (!mb->memory.count)
		return -ENOENT;

	/* The linear map starts at RAM's base, aligned down to its largest block. */
	linear_map_set_base(f, mb->memory.region[0].base);
	limit = phys_base + linear;
	if (limit > phys_base && memblock_total(mb) &&
	    mb->memory.region[mb->memory.count - 1].base + mb->memory.region[mb->memory.count - 1].size >
	    limit) {
		u64 before = memblock_total(mb);

		memblock_cap(mb, limit);
		rep->clipped = before - memblock_total(mb);
		pr_warn("memory: %llu MB of RAM above 0x%llx clipped: the linear map holds %llu GB\n",
			rep->clipped >> 20, limit, linear >> 30);
	}

	n = fdt_num_mem_rsv(fdt);
	for (i = 0; i < n; i++) {
		struct fdt_range r;

		if (fdt_get_mem_rsv(fdt, i, &r) == 0 && r.size) {
			if (memblock_reserve(mb, r.base, r.size))
				return -ENOSPC;
			rep->reserved++;
		}
	}
	err = add_reserved_memory(mb, fdt, rep);
	if (err)
		return err;
	if (memblock_reserve(mb, boot->kimage_pa, boot->kimage_size) ||
	    memblock_reserve(mb, boot->fdt_pa, boot->fdt_size))
		return -ENOSPC;
	return 0;
}
