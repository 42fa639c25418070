/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's self-relocation: applying its own RELATIVE relocations.
 *
 * The image is linked at link_base as a position-independent executable.
 * Every absolute address in it has an Elf64_Rela entry of the arch's
 * RELATIVE type: "store base + addend at offset". We run it at
 * link_base + displacement, so each store is addend + displacement, and
 * the stores land at physical addresses (the MMU is off), found from
 * where the image really is.
 */
#ifndef LANDER_RELOC_H
#define LANDER_RELOC_H

#include <lander/types.h>

struct elf64_rela {
	u64 r_offset; /* link-time address of the 64-bit word to patch */
	u64 r_info;   /* symbol << 32 | type */
	s64 r_addend;
};

#define R_NONE		   0 /* R_AARCH64_NONE and R_RISCV_NONE alike */
#define ELF64_R_TYPE(info) ((u32)(info))
#define ELF64_R_SYM(info)  ((u32)((info) >> 32))

struct reloc_image {
	u64 link_base;	   /* the address the image is linked at */
	u64 size;	   /* bytes of image a relocation may patch */
	u8 *data;	   /* where those bytes are now (physical with the MMU off) */
	u64 displacement;  /* run address - link address */
	u32 relative_type; /* the arch's R_*_RELATIVE */
};

/* Why relocate_image() stopped. */
struct reloc_error {
	u64 index; /* the offending entry */
	u32 type;
	u32 sym; /* its symbol index (RELATIVE entries have none) */
	u64 offset;
};

/*
 * Apply count entries of rela to img, skipping empty (R_NONE) entries.
 * Returns the number of entries processed, or
 * -ENOEXEC for a type other than relative_type or a symbol reference,
 * -ERANGE for an offset outside [link_base, link_base + size - 8] or
 * not 8-byte aligned; *err then says which entry.
 */
long relocate_image(const struct reloc_image *img, const struct elf64_rela *rela, u64 count,
		    struct reloc_error *err);

#endif
