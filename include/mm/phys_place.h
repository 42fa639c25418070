/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical KASLR: the places in RAM the image may move to (mm/phys_place.c).
 * Early subset: runs with the MMU off, before relocation.
 *
 * A place is an aligned physical address from which the image's whole
 * extent lies inside one RAM bank, below a limit, and overlaps none of: the DTB, the
 * initrd, any reservation (/memreserve/ or /reserved-memory, no-map or
 * not: firmware lives there), and the image where the loader put it (so
 * the move is one forward copy into memory nothing uses). The places are
 * counted per gap between those ranges, never slot by slot, so a bank of
 * terabytes costs no more than a small one, and the work is bounded by
 * the sizes of dt_info's arrays whatever the tree says.
 */
#ifndef MM_PHYS_PLACE_H
#define MM_PHYS_PLACE_H

#include <lander/dt_info.h>
#include <lander/types.h>

/* What the choice must respect. */
struct phys_place_request {
	const struct dt_info *dt; /* banks, reservations, the initrd */
	phys_addr_t fdt_pa;	  /* the DTB */
	u64 fdt_size;
	phys_addr_t image_pa; /* the image where the loader put it */
	u64 image_size;	      /* its extent: _end - _text */
	u64 need;	      /* bytes the image needs at its new place (> 0) */
	u64 align;	      /* a place's alignment: a power of two, at least 4 KB */
	phys_addr_t limit;    /* a place ends at or below it (0: anywhere) */
};

/*
 * How many places req allows. 0 when there is none, and when the tree
 * lists more reservations than dt kept (one left out could be firmware's).
 * Banks that overlap count their common places twice.
 */
u64 phys_place_count(const struct phys_place_request *req);

/*
 * The k-th place (k < phys_place_count(req)), counting bank by bank in
 * the tree's order and upwards inside each. Returns whether there is one;
 * *pa is only written then.
 */
bool phys_place_nth(const struct phys_place_request *req, u64 k, phys_addr_t *pa);

#endif
