// SPDX-License-Identifier: GPL-2.0
/*
 * Self-relocation (see include/lander/reloc.h). Early subset: runs before
 * any absolute address in the image is valid.
 */
#include <lander/errno.h>
#include <lander/reloc.h>

long __init relocate_image(const struct reloc_image *img, const struct elf64_rela *rela, u64 count,
			   struct reloc_error *err)
{
	u64 i;

	for (i = 0; i < count; i++) {
		u32 type = ELF64_R_TYPE(rela[i].r_info);
		u64 off = rela[i].r_offset - img->link_base;

		err->index = i;
		err->type = type;
		err->sym = ELF64_R_SYM(rela[i].r_info);
		err->offset = rela[i].r_offset;
		if (type == R_NONE && !rela[i].r_info)
			continue; /* a slot the linker reserved and then did not need */
		if (type != img->relative_type || ELF64_R_SYM(rela[i].r_info))
			return -ENOEXEC;
		if (rela[i].r_offset < img->link_base || img->size < 8 || off > img->size - 8 ||
		    off % 8)
			return -ERANGE;
		*(u64 *)(img->data + off) = (u64)rela[i].r_addend + img->displacement;
	}
	return (long)count;
}
