/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address conversions. There are two kinds of kernel virtual address and
 * each has its own conversion (riscv's va_pa_offset versus
 * va_kernel_pa_offset in the thread "Re: [PATCH v5 1/4] riscv: Move kernel
 * mapping to vmalloc zone", linux-kernel mailing list, 9 Jul 2020):
 *
 *   linear map    [PAGE_OFFSET, ...)   pa = va - va_pa_offset       __pa(), __va()
 *   (PAGE_OFFSET: the bottom of the kernel half of the mode in use)
 *   kernel image  [_text, _end)        pa = va - kimage_voffset     __pa_symbol()
 *
 * Using one where the other belongs gives a wrong address that often
 * still "works"; CONFIG_DEBUG_VIRTUAL makes both check their argument.
 * lm_alias(sym) is the linear-map alias of an image symbol.
 */
#ifndef MM_PHYSADDR_H
#define MM_PHYSADDR_H

#include <lander/types.h>
#include <mm/layout.h>

/* kimage_va - kimage_pa: set by early_finish() before the MMU comes on. */
extern u64 kimage_voffset;
/* PAGE_OFFSET - phys_base: phys_base is RAM's start, aligned down. */
extern u64 va_pa_offset;
extern phys_addr_t phys_base;
/* The linear map's virtual range: it depends on the paging mode in use. */
extern virt_addr_t linear_map_start, linear_map_end;

/* Where the linear map puts RAM, for the paging format in use. */
struct linear_map {
	phys_addr_t phys_base; /* the physical address at the map's start */
	virt_addr_t start;     /* PAGE_OFFSET */
	virt_addr_t end;       /* the end of the linear region */
};

/*
 * Choose the linear map for RAM in [ram_start, ram_end): phys_base is
 * ram_start aligned down to the largest block f allows, so the map can use
 * those blocks, and it sits at the linear region's start, or, for KASLR,
 * a whole number of those blocks above it, draw mod the number of places
 * that still leave room for RAM up to ram_end (draw 0: at the start).
 * Changes nothing.
 */
struct pt_format;
struct linear_map linear_map_choose(const struct pt_format *f, phys_addr_t ram_start,
				    phys_addr_t ram_end, u64 draw);

/* Install lm for __pa() and __va(): the one writer of their state. */
void linear_map_set(const struct linear_map *lm);

phys_addr_t __pa_checked(virt_addr_t va, const void *caller);
phys_addr_t __pa_symbol_checked(virt_addr_t va, const void *caller);

/* Physical address of a linear-map address. */
static inline phys_addr_t __pa(virt_addr_t va)
{
	if (IS_ENABLED(CONFIG_DEBUG_VIRTUAL))
		return __pa_checked(va, __builtin_return_address(0));
	return va - va_pa_offset;
}

/* Linear-map address of a physical address. */
static inline virt_addr_t __va(phys_addr_t pa)
{
	return pa + va_pa_offset;
}

/* Physical address of a kernel-image address (a symbol). */
static inline phys_addr_t __pa_symbol_va(virt_addr_t va)
{
	if (IS_ENABLED(CONFIG_DEBUG_VIRTUAL))
		return __pa_symbol_checked(va, __builtin_return_address(0));
	return va - kimage_voffset;
}
#define __pa_symbol(sym) __pa_symbol_va((virt_addr_t)(sym))

/* The linear-map alias of an image symbol. */
#define lm_alias(sym) ((void *)__va(__pa_symbol(sym)))

/* Is va inside the linear map? */
static inline bool is_linear_va(virt_addr_t va)
{
	return va >= linear_map_start && va < linear_map_end;
}

#endif
