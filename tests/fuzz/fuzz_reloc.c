// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for boot/relocate.c: relocate_image() on an image,
 * a rela table and a displacement taken from the input.
 *
 * Input layout (little endian):
 *	byte 0		bit 0: 0 arm64 (R_AARCH64_RELATIVE = 1027),
 *			       1 riscv (R_RISCV_RELATIVE = 3)
 *	bytes 1-2	image size in bytes, masked to 0..8191
 *	bytes 3-10	link base
 *	bytes 11-18	displacement
 *	then		up to MAX_ENTRIES entries of 24 bytes:
 *			offset from the link base (the entry's r_offset is
 *			link base + this, wrapping), r_info, r_addend
 *
 * The image is a heap buffer of exactly its size, so AddressSanitizer
 * reports any store outside it. After the call, the image is compared
 * with a model of this file's own, and the return value and the error
 * report are checked against the entries: a success means every entry
 * was an empty slot or an in-range, aligned RELATIVE without a symbol;
 * a failure names the first entry that is not, with the right errno,
 * and everything before it was applied.
 */
#include <lander/errno.h>
#include <lander/reloc.h>

#include <stdlib.h>
#include <string.h>

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define HDR_SIZE    19
#define ENTRY_SIZE  24
#define MAX_ENTRIES 256
#define MAX_IMAGE   8191
#define FILL	    0x5a

/* Read a little-endian 64-bit value from p. */
static u64 get64(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/*
 * The model's verdict on one entry: 0 (apply or skip), -ENOEXEC or
 * -ERANGE, decided from the ELF rules without relocate.c's arithmetic.
 */
static long model_entry(const struct elf64_rela *r, u64 base, u64 size, u32 rel_type)
{
	u32 type = (u32)(r->r_info & 0xffffffffu);
	u32 sym = (u32)(r->r_info >> 32);

	if (r->r_info == 0)
		return 0;
	if (type != rel_type || sym != 0)
		return -ENOEXEC;
	/* In range: base <= offset and offset + 8 <= base + size, without wrapping. */
	if (r->r_offset < base || size < 8 || r->r_offset - base > size - 8)
		return -ERANGE;
	if ((r->r_offset - base) & 7)
		return -ERANGE;
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct reloc_image img;
	struct reloc_error err;
	struct elf64_rela *rela;
	u8 *image, *model;
	u64 count, i, stop, isize;
	long ret, expect = 0;

	if (size < HDR_SIZE)
		return 0;
	isize = (data[1] | (u64)data[2] << 8) & MAX_IMAGE;
	count = (size - HDR_SIZE) / ENTRY_SIZE;
	if (count > MAX_ENTRIES)
		count = MAX_ENTRIES;

	img.relative_type = (data[0] & 1) ? 3 : 1027;
	img.size = isize;
	img.link_base = get64(data + 3);
	img.displacement = get64(data + 11);

	/* Exactly isize bytes (at least one so malloc returns a real block). */
	image = malloc(isize ? isize : 1);
	model = malloc(isize ? isize : 1);
	rela = malloc((count ? count : 1) * sizeof(*rela));
	CHECK(image && model && rela);
	memset(image, FILL, isize);
	memset(model, FILL, isize);
	img.data = image;

	for (i = 0; i < count; i++) {
		const u8 *p = data + HDR_SIZE + i * ENTRY_SIZE;

		rela[i].r_offset = img.link_base + get64(p);
		rela[i].r_info = get64(p + 8);
		rela[i].r_addend = (s64)get64(p + 16);
	}

	/* The model: apply entries up to the first bad one. */
	for (stop = 0; stop < count; stop++) {
		u64 v;

		expect = model_entry(&rela[stop], img.link_base, isize, img.relative_type);
		if (expect)
			break;
		if (!rela[stop].r_info)
			continue;
		v = (u64)rela[stop].r_addend + img.displacement;
		memcpy(model + (rela[stop].r_offset - img.link_base), &v, 8);
	}

	memset(&err, 0xee, sizeof(err));
	ret = relocate_image(&img, rela, count, &err);

	if (stop == count) {
		CHECK(ret == (long)count);
	} else {
		CHECK(ret == expect);
		CHECK(err.index == stop);
		CHECK(err.type == (u32)rela[stop].r_info);
		CHECK(err.offset == rela[stop].r_offset);
	}
	CHECK(isize == 0 || memcmp(image, model, isize) == 0);

	free(rela);
	free(model);
	free(image);
	return 0;
}
