// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory from the device tree (Devicetree Specification v0.4,
 * 3.4 "/memory", 3.5 "/reserved-memory", 5.3 "memory reservation block").
 */
#include <lander/dt_info.h>
#include <lander/errno.h>
#include <lander/printk.h>
#include <lander/string.h>
#include <mm/layout.h>
#include <mm/memory_init.h>
#include <mm/pgtable.h>
#include <mm/physaddr.h>

/*
 * memblock's lists hold every bank and every reservation the scan keeps,
 * plus the image, the DTB and room for the allocations made from them
 * (page tables: each one merges with a neighbour or adds a region).
 */
#define MEMORY_INIT_ALLOC_REGIONS 32
_Static_assert(MEMBLOCK_MAX_REGIONS >= DT_MAX_BANKS, "memblock holds every bank");
_Static_assert(MEMBLOCK_MAX_REGIONS >= DT_MAX_RESERVED + 2 + MEMORY_INIT_ALLOC_REGIONS,
	       "memblock holds every reservation, the image, the DTB and the allocations");

/*
 * A tree with more banks or reservations than dt_info keeps is refused:
 * a bank left out loses RAM, but a reservation left out gives firmware's
 * memory away as RAM, which corrupts it. Returns 0 or -E2BIG (said why).
 */
static int __init check_complete(const struct dt_info *dt)
{
	if (dt->dropped_reserved)
		pr_err("memory: the device tree lists %d reservations, more than the %d this "
		       "kernel keeps: refusing to boot rather than use reserved memory as RAM\n",
		       dt->nr_reserved + dt->dropped_reserved, DT_MAX_RESERVED);
	if (dt->dropped_banks)
		pr_err("memory: the device tree lists %d RAM banks, more than the %d this kernel "
		       "keeps: refusing to boot\n",
		       dt->nr_banks + dt->dropped_banks, DT_MAX_BANKS);
	return dt->dropped_reserved || dt->dropped_banks ? -E2BIG : 0;
}

/* Add every RAM bank, page aligned inwards; ignore the unusable ones. */
static int __init add_memory(struct memblock *mb, const struct dt_info *dt, u64 page,
			     struct memory_init_report *rep)
{
	int i;

	for (i = 0; i < dt->nr_banks; i++) {
		const struct fdt_range *b = &dt->bank[i];
		phys_addr_t base = ALIGN_UP(b->base, page);
		phys_addr_t end = ALIGN_DOWN(b->base + b->size, page);

		/* A bank that wraps, or in the last page, holds no whole page either. */
		if (b->base + b->size < b->base || base < b->base || end <= base) {
			pr_warn("memory: ignoring bank 0x%llx+0x%llx: %s\n", b->base, b->size,
				b->size ? "smaller than a page" : "empty");
			rep->ignored_banks++;
			continue;
		}
		if (memblock_add(mb, base, end - base))
			return -ENOSPC;
		rep->banks++;
	}
	return 0;
}

/*
 * /memreserve/ entries and /reserved-memory children (no-map: not even
 * mapped). A no-map range is widened to whole pages, as Linux does: the
 * linear map cannot leave out part of a page, and the firmware's memory
 * must not be mapped at all (a 4K-aligned range under 16K or 64K pages).
 */
static int __init add_reservations(struct memblock *mb, const struct dt_info *dt, u64 page,
				   struct memory_init_report *rep)
{
	int i;

	for (i = 0; i < dt->nr_reserved; i++) {
		const struct dt_reservation *r = &dt->reserved[i];
		phys_addr_t base = ALIGN_DOWN(r->base, page), last;
		int err;

		if (!r->size)
			continue;
		if (r->nomap) {
			/* Its last byte, saturated at the top, then to the end of its page. */
			last = r->base + (r->size - 1) < r->base ? ~0ULL : r->base + (r->size - 1);
			last |= page - 1;
			/* Only the whole address space has no size: one byte less. */
			err = memblock_mark_nomap(mb, base, last - base + (last - base != ~0ULL));
		} else {
			err = memblock_reserve(mb, r->base, r->size);
		}
		if (err)
			return -ENOSPC;
		rep->reserved++;
		rep->nomap += r->nomap;
	}
	return 0;
}

/* Does [base, base + size) lie inside one region of mb's RAM? */
static bool __init inside_one_bank(const struct memblock *mb, phys_addr_t base, u64 size)
{
	for (int i = 0; i < mb->memory.count; i++) {
		const struct memblock_region *r = &mb->memory.region[i];

		if (base >= r->base && base - r->base <= r->size &&
		    size <= r->size - (base - r->base))
			return true;
	}
	return false;
}

int __init memblock_init(struct memblock *mb, const struct dt_info *dt, const struct pt_format *f,
			 const struct boot_ranges *boot, struct memory_init_report *rep)
{
	u64 page = 1ULL << f->page_shift, linear;
	const struct memblock_region *top;
	phys_addr_t limit;
	int err;

	memset(mb, 0, sizeof(*mb));
	memset(rep, 0, sizeof(*rep));
	err = check_complete(dt);
	if (err)
		return err;
	err = add_memory(mb, dt, page, rep);
	if (err)
		return err;
	if (!mb->memory.count)
		return -ENOENT;

	/*
	 * The linear map starts at RAM's base, aligned down to its largest
	 * block, placed in the linear region as KASLR's draw says; the RAM
	 * past what the rest of the region holds is clipped.
	 */
	top = &mb->memory.region[mb->memory.count - 1];
	rep->linear = linear_map_choose(f, mb->memory.region[0].base, top->base + top->size,
					boot->linear_draw);
	linear = rep->linear.end - rep->linear.start;
	limit = rep->linear.phys_base + linear;
	if (limit > rep->linear.phys_base && top->base + top->size > limit) {
		u64 before = memblock_total(mb);

		memblock_cap(mb, limit);
		rep->clipped = before - memblock_total(mb);
		pr_warn("memory: %llu MB of RAM above 0x%llx clipped: the linear map holds %llu GB\n",
			rep->clipped >> 20, limit, linear >> 30);
	}

	err = add_reservations(mb, dt, page, rep);
	if (err)
		return err;
	if (memblock_reserve(mb, boot->kimage_pa, boot->kimage_size) ||
	    memblock_reserve(mb, boot->fdt_pa, boot->fdt_size))
		return -ENOSPC;
	/*
	 * The loaded copy, when KASLR moved the image, stays reserved: on
	 * riscv the harts that lost the boot lottery are parked in it
	 * (head.S) and run its code until the kernel starts them, and on
	 * arm64 the rule is kept the same rather than made an arch's
	 * choice, for the cost of one image's size.
	 */
	if (boot->moved && memblock_reserve(mb, boot->loaded_pa, boot->kimage_size))
		return -ENOSPC;
	if (boot->initrd_size) {
		rep->initrd_outside = !inside_one_bank(mb, boot->initrd_pa, boot->initrd_size);
		if (!rep->initrd_outside &&
		    memblock_reserve(mb, boot->initrd_pa, boot->initrd_size))
			return -ENOSPC;
	}
	return 0;
}
