/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filling memblock from the device tree: RAM from every /memory node,
 * reservations from /memreserve/ and /reserved-memory, and what the boot
 * itself occupies.
 */
#ifndef MM_MEMORY_INIT_H
#define MM_MEMORY_INIT_H

#include <lander/fdt.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>

struct pt_format;

/*
 * What memblock_init() must also keep: the image, the DTB, the initrd
 * (size 0: none), and the copy the loader wrote if KASLR moved the image
 * away from it (moved).
 */
struct boot_ranges {
	phys_addr_t kimage_pa;
	u64 kimage_size;
	phys_addr_t fdt_pa;
	u64 fdt_size;
	phys_addr_t initrd_pa;
	u64 initrd_size;
	u64 linear_draw; /* KASLR's draw for where RAM sits in the linear map (0: its start) */
	bool moved;	 /* physical KASLR moved the image: */
	phys_addr_t loaded_pa; /* the loaded copy, kimage_size bytes, is kept too */
};

/* What it did, for messages and tests. */
struct memory_init_report {
	int banks;		  /* usable /memory reg entries */
	int ignored_banks;	  /* zero-sized or smaller than a page */
	int reserved;		  /* /memreserve/ and /reserved-memory ranges */
	int nomap;		  /* of which no-map */
	u64 clipped;		  /* bytes of RAM above what the linear map holds */
	struct linear_map linear; /* the linear map chosen for this RAM */
	bool initrd_outside;	  /* the initrd is not inside one RAM bank: not kept */
};

/*
 * Fill mb from what the device tree says (dt) for paging format f: RAM
 * (page aligned inwards, merged), then choose the linear map for it
 * (rep->linear) and clip the RAM that map cannot hold, then add the
 * reservations and the boot's own ranges (an initrd only if it lies in
 * one bank of the RAM kept, else rep->initrd_outside). The caller installs rep->linear
 * (linear_map_set()). Returns 0, or -ENOENT if there is no usable RAM, or
 * -E2BIG (with a message) if dt left banks or reservations out, or
 * another negative error.
 */
struct dt_info;
int memblock_init(struct memblock *mb, const struct dt_info *dt, const struct pt_format *f,
		  const struct boot_ranges *boot, struct memory_init_report *rep);

#endif
