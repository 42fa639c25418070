// SPDX-License-Identifier: GPL-2.0
/*
 * The conversions' state, and their checked forms for CONFIG_DEBUG_VIRTUAL.
 */
#include <lander/sections.h>
#include <lander/machine.h>
#include <mm/pgtable.h>
#include <mm/physaddr.h>

u64 kimage_voffset;
u64 va_pa_offset;
phys_addr_t phys_base;
virt_addr_t linear_map_start, linear_map_end;

struct linear_map linear_map_choose(const struct pt_format *f, phys_addr_t ram_start,
				    phys_addr_t ram_end, u64 draw)
{
	struct linear_map lm;
	u64 block, span, room;
	int level = 0;

	/* The first level that may hold a leaf gives the largest block. */
	while (!pt_level_has_blocks(f, level))
		level++;
	block = 1ULL << pt_level_shift(f, level);
	lm.phys_base = ALIGN_DOWN(ram_start, block);
	lm.start = LAYOUT_KVA_START(f->kva_bits);
	lm.end = LAYOUT_VMALLOC_START(f->kva_bits);
	/* the places RAM's span, in whole blocks, can start at and still end inside */
	span = ALIGN_UP(ram_end - lm.phys_base, block);
	room = lm.end - lm.start;
	if (ram_end > lm.phys_base && span <= room)
		lm.start += draw % ((room - span) / block + 1) * block;
	return lm;
}

void linear_map_set(const struct linear_map *lm)
{
	phys_base = lm->phys_base;
	va_pa_offset = lm->start - lm->phys_base;
	linear_map_start = lm->start;
	linear_map_end = lm->end;
}

phys_addr_t __pa_checked(virt_addr_t va, const void *caller)
{
	if (!is_linear_va(va))
		panic("__pa(0x%llx) from %p: not a linear-map address%s", va, caller,
		      va >= (virt_addr_t)_text && va < (virt_addr_t)_end ?
			      " (an image symbol: use __pa_symbol)" :
			      "");
	return va - va_pa_offset;
}

phys_addr_t __pa_symbol_checked(virt_addr_t va, const void *caller)
{
	if (va < (virt_addr_t)_text || va >= (virt_addr_t)_end)
		panic("__pa_symbol(0x%llx) from %p: not in the kernel image [%p, %p)%s", va, caller,
		      _text, _end, is_linear_va(va) ? " (a linear address: use __pa)" : "");
	return va - kimage_voffset;
}
