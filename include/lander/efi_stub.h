/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EFI stub (boot/efi/): the Image as an EFI application. The firmware
 * loads the PE/COFF image (boot/efi/pe_header.S) and calls efi_pe_entry();
 * the stub hands the machine to the kernel's normal entry, at _text, with
 * the boot protocol's registers, as a bootloader would. docs/efi.md tells
 * the whole story.
 *
 * The pure parts, which the host tests drive with a pretend memory map,
 * are declared here too (boot/efi/memmap.c).
 */
#ifndef LANDER_EFI_STUB_H
#define LANDER_EFI_STUB_H

#include <lander/efi.h>
#include <lander/fdt_edit.h>
#include <lander/types.h>

/* The PE entry point: the firmware calls it as an EFI application. */
efi_status_t efi_pe_entry(efi_handle_t image, struct efi_system_table *st);

/* A memory map as GetMemoryMap() returned it. */
struct efi_map {
	const u8 *desc;	  /* the first descriptor */
	size_t size;	  /* bytes of descriptors */
	size_t desc_size; /* bytes from one descriptor to the next: a multiple of 8 */
};

/* Where the image may be placed: need bytes at align-aligned addresses. */
struct efi_place_request {
	u64 need;	   /* bytes, > 0 */
	u64 align;	   /* a power of two, at least EFI_PAGE_SIZE */
	phys_addr_t limit; /* a place ends at or below it */
};

/*
 * The functions below read nothing of a map whose desc_size is below
 * sizeof(struct efi_memory_desc) or not a multiple of 8.
 *
 * The places req allows in map's free RAM (EfiConventionalMemory that is
 * write-back RAM): each is inside one descriptor. Counted per descriptor,
 * so the work is one pass over the map.
 */
u64 efi_place_count(const struct efi_map *map, const struct efi_place_request *req);

/* The k-th of them (k < the count), in map order, upwards inside a descriptor. */
phys_addr_t efi_place_nth(const struct efi_map *map, const struct efi_place_request *req, u64 k);

/*
 * Where the places must end: the least any configuration's linear map
 * holds above the lowest RAM in map (docs/efi.md). 0 if map has no RAM.
 */
phys_addr_t efi_place_limit(const struct efi_map *map);

/*
 * Add to e's /memreserve/ list every range of RAM in map the kernel must
 * leave alone once boot services are gone: everything but loader, boot
 * services and conventional memory. Adjacent and overlapping ranges are
 * merged first, in a list of at most max ranges. Returns how many were
 * added, or a negative enum fdt_error (-FDT_ERR_NOSPACE: more than max
 * ranges, or no room in the tree).
 */
int efi_reserve_ranges(struct fdt_edit *e, const struct efi_map *map, u32 max);

/* Whether RAM of this type is free for the kernel after ExitBootServices(). */
bool efi_type_usable(u32 type);

#endif
