// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the self-relocation engine (boot/relocate.c) on synthetic
 * Elf64_Rela tables, once per architecture.
 *
 * Relocation type numbers are literals from the ELF psABIs, never the
 * kernel's headers: "ELF for the Arm 64-bit Architecture (AArch64)"
 * (R_AARCH64_NONE 0, R_AARCH64_ABS64 257, R_AARCH64_GLOB_DAT 1025,
 * R_AARCH64_JUMP_SLOT 1026, R_AARCH64_RELATIVE 1027) and the RISC-V ELF
 * psABI (R_RISCV_NONE 0, R_RISCV_64 2, R_RISCV_RELATIVE 3,
 * R_RISCV_JUMP_SLOT 5). Every image is a heap block of exactly its size,
 * so AddressSanitizer catches a store past either end.
 *
 * Environment: RELOC_SEED (random seed for the model comparison).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lander/errno.h>
#include <lander/reloc.h>
#include "tap.h"

#define R_AARCH64_ABS64	    257
#define R_AARCH64_GLOB_DAT  1025
#define R_AARCH64_JUMP_SLOT 1026
#define R_AARCH64_RELATIVE  1027
#define R_RISCV_64	    2
#define R_RISCV_RELATIVE    3
#define R_RISCV_JUMP_SLOT   5

#define FILL		0xa5a5a5a5a5a5a5a5ULL
#define INFO(sym, type) ((u64)(sym) << 32 | (u32)(type))

/* One architecture: its RELATIVE type, a typical link base, foreign types. */
struct arch {
	const char *name;
	u32 relative;
	u64 link_base;
	u32 bad_types[4]; /* types the engine must refuse */
};

static const struct arch arches[] = {
	{
		.name = "arm64",
		.relative = R_AARCH64_RELATIVE,
		.link_base = 0xffffffffa8000000ULL,
		.bad_types = { R_AARCH64_ABS64, R_AARCH64_GLOB_DAT, R_AARCH64_JUMP_SLOT,
			       R_RISCV_RELATIVE },
	},
	{
		.name = "riscv64",
		.relative = R_RISCV_RELATIVE,
		.link_base = 0xffffffffa8000000ULL,
		.bad_types = { R_RISCV_64, R_RISCV_JUMP_SLOT, R_AARCH64_RELATIVE, R_AARCH64_ABS64 },
	},
};

static u64 rng_state;

/* xorshift64*: a small reproducible generator. */
static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A fresh image of size bytes (a multiple of 8), every word FILL. */
static u8 *new_image(struct reloc_image *img, const struct arch *a, u64 size, u64 disp)
{
	u8 *data = malloc(size ? size : 1);
	u64 i, v = FILL;

	if (!data) {
		perror("malloc");
		exit(2);
	}
	for (i = 0; i + 8 <= size; i += 8)
		memcpy(data + i, &v, 8);
	memset(data + i, 0xa5, size - i);
	img->link_base = a->link_base;
	img->size = size;
	img->data = data;
	img->displacement = disp;
	img->relative_type = a->relative;
	return data;
}

/* The 64-bit word at byte offset off of the image. */
static u64 word(const struct reloc_image *img, u64 off)
{
	u64 v;

	memcpy(&v, img->data + off, 8);
	return v;
}

/* Count the words of the image that no longer hold FILL. */
static unsigned int changed_words(const struct reloc_image *img)
{
	unsigned int n = 0;
	u64 off;

	for (off = 0; off + 8 <= img->size; off += 8)
		n += word(img, off) != FILL;
	return n;
}

/*
 * RELATIVE entries at the start, middle and end of a 4 KB image with
 * addends above, at and below the link base and negative as signed
 * numbers, for one displacement. Expected values are written out.
 */
static void case_relative(const struct arch *a, u64 disp, const u64 expect[6])
{
	struct reloc_image img;
	struct reloc_error err;
	const u64 base = a->link_base;
	struct elf64_rela rela[] = {
		{ base + 0x000, INFO(0, a->relative), (s64)(base + 0x10) },
		{ base + 0x008, INFO(0, a->relative), (s64)base },
		{ base + 0x800, INFO(0, a->relative), (s64)(base - 0x1000) },
		{ base + 0xff8, INFO(0, a->relative), -16 },
		{ base + 0x100, INFO(0, a->relative), 0 },
		{ base + 0x108, INFO(0, a->relative), 0x7fffffffffffffffLL },
	};
	u64 off[] = { 0x000, 0x008, 0x800, 0xff8, 0x100, 0x108 };
	unsigned int i;
	long ret;

	new_image(&img, a, 0x1000, disp);
	ret = relocate_image(&img, rela, ARRAY_SIZE(rela), &err);
	TAP_CHECK(ret == (long)ARRAY_SIZE(rela), "returned %ld", ret);
	for (i = 0; i < ARRAY_SIZE(off); i++)
		TAP_CHECK(word(&img, off[i]) == expect[i], "entry %u: 0x%llx, expected 0x%llx", i,
			  word(&img, off[i]), expect[i]);
	TAP_CHECK(changed_words(&img) == ARRAY_SIZE(off), "%u words changed", changed_words(&img));
	free(img.data);
	tap_case("%s: RELATIVE entries applied, displacement 0x%llx", a->name, disp);
}

/* R_NONE slots (all-zero entries) are skipped and counted, wherever they are. */
static void case_none(const struct arch *a)
{
	struct reloc_image img;
	struct reloc_error err;
	const u64 base = a->link_base;
	struct elf64_rela rela[] = {
		{ 0, 0, 0 }, { base + 0x10, INFO(0, a->relative), 0x1000 }, { 0, 0, 0 },
		{ 0, 0, 0 }, { base + 0x18, INFO(0, a->relative), 0x2000 }, { 0, 0, 0 },
	};
	long ret;

	new_image(&img, a, 0x40, 0x200000);
	ret = relocate_image(&img, rela, ARRAY_SIZE(rela), &err);
	TAP_CHECK(ret == 6, "returned %ld", ret);
	TAP_CHECK(word(&img, 0x10) == 0x201000, "0x%llx", word(&img, 0x10));
	TAP_CHECK(word(&img, 0x18) == 0x202000, "0x%llx", word(&img, 0x18));
	TAP_CHECK(word(&img, 0) == FILL, "word 0 written: 0x%llx", word(&img, 0));
	TAP_CHECK(changed_words(&img) == 2, "%u words changed", changed_words(&img));
	free(img.data);

	/* A table of nothing but empty slots. */
	new_image(&img, a, 0x40, 0x200000);
	ret = relocate_image(&img, rela, 1, &err);
	TAP_CHECK(ret == 1, "one empty slot: returned %ld", ret);
	TAP_CHECK(changed_words(&img) == 0, "%u words changed", changed_words(&img));
	free(img.data);

	/* Type 0 with a symbol is not an empty slot. */
	new_image(&img, a, 0x40, 0);
	rela[2].r_info = INFO(7, 0);
	rela[2].r_offset = base + 0x20;
	ret = relocate_image(&img, rela, ARRAY_SIZE(rela), &err);
	TAP_CHECK(ret == -ENOEXEC, "R_NONE with symbol 7: returned %ld", ret);
	TAP_CHECK(err.index == 2 && err.type == 0 && err.offset == base + 0x20,
		  "err index %llu type %u offset 0x%llx", err.index, err.type, err.offset);
	free(img.data);
	tap_case("%s: R_NONE slots skipped", a->name);
}

/*
 * A bad entry at index 2 of 4: the call fails with want, err names it,
 * the two entries before it were applied and the one after was not.
 */
static void check_bad_entry(const struct arch *a, u64 size, struct elf64_rela bad, long want,
			    const char *what)
{
	struct reloc_image img;
	struct reloc_error err = { ~0ULL, ~0u, ~0u, ~0ULL };
	const u64 base = a->link_base;
	struct elf64_rela rela[] = {
		{ base + 0x00, INFO(0, a->relative), 0x100 },
		{ base + 0x08, INFO(0, a->relative), 0x200 },
		bad,
		{ base + 0x10, INFO(0, a->relative), 0x300 },
	};
	long ret;

	new_image(&img, a, size, 0x200000);
	ret = relocate_image(&img, rela, ARRAY_SIZE(rela), &err);
	TAP_CHECK(ret == want, "%s: returned %ld, expected %ld", what, ret, want);
	TAP_CHECK(err.index == 2, "%s: err.index %llu", what, err.index);
	TAP_CHECK(err.type == (u32)bad.r_info, "%s: err.type %u", what, err.type);
	TAP_CHECK(err.offset == bad.r_offset, "%s: err.offset 0x%llx", what, err.offset);
	TAP_CHECK(word(&img, 0) == 0x200100 && word(&img, 8) == 0x200200,
		  "%s: entries before it not applied", what);
	TAP_CHECK(word(&img, 0x10) == FILL, "%s: entry after it applied", what);
	TAP_CHECK(changed_words(&img) == 2, "%s: %u words changed", what, changed_words(&img));
	free(img.data);
}

/* Types other than the arch's RELATIVE are refused with -ENOEXEC. */
static void case_bad_types(const struct arch *a)
{
	unsigned int i;
	char what[32];

	for (i = 0; i < ARRAY_SIZE(a->bad_types); i++) {
		struct elf64_rela bad = { a->link_base + 0x18, INFO(0, a->bad_types[i]), 0 };

		snprintf(what, sizeof(what), "type %u", a->bad_types[i]);
		check_bad_entry(a, 0x100, bad, -ENOEXEC, what);
	}
	tap_case("%s: other relocation types rejected with -ENOEXEC", a->name);
}

/* A RELATIVE type with a symbol index is a symbol reference: -ENOEXEC. */
static void case_symbol(const struct arch *a)
{
	struct elf64_rela bad = { a->link_base + 0x18, INFO(1, a->relative), 0 };
	struct elf64_rela bad2 = { a->link_base + 0x18, INFO(0xffffffffu, a->relative), 0 };

	check_bad_entry(a, 0x100, bad, -ENOEXEC, "symbol 1");
	check_bad_entry(a, 0x100, bad2, -ENOEXEC, "symbol 0xffffffff");
	tap_case("%s: symbol reference rejected with -ENOEXEC", a->name);
}

/*
 * Offsets outside [link_base, link_base + size - 8] or unaligned are
 * -ERANGE, and nothing is written for them; the last word is accepted.
 */
static void case_range(const struct arch *a)
{
	const u64 base = a->link_base, size = 0x100;
	static const struct {
		const char *what;
		s64 delta; /* r_offset - link_base */
	} bad[] = {
		{ "8 below the link base", -8 },
		{ "1 below the link base", -1 },
		{ "2 GB below the link base", -0x80000000LL },
		{ "at size - 7", 0x100 - 7 },
		{ "at size - 4", 0x100 - 4 },
		{ "at size", 0x100 },
		{ "at size + 8", 0x108 },
		{ "far past the end", 0x40000000LL },
		{ "unaligned by 1", 0x21 },
		{ "unaligned by 4", 0x24 },
		{ "unaligned by 7", 0x27 },
	};
	struct reloc_image img;
	struct reloc_error err;
	struct elf64_rela ok;
	unsigned int i;
	long ret;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct elf64_rela r = { base + (u64)bad[i].delta, INFO(0, a->relative), 0 };

		check_bad_entry(a, size, r, -ERANGE, bad[i].what);
	}
	/* r_offset 0: far below any kernel link base. */
	check_bad_entry(a, size, (struct elf64_rela){ 0, INFO(0, a->relative), 0 }, -ERANGE,
			"offset 0");

	/* The last whole word, at size - 8, is inside. */
	new_image(&img, a, size, 0x200000);
	ok = (struct elf64_rela){ base + size - 8, INFO(0, a->relative), 0x40 };
	ret = relocate_image(&img, &ok, 1, &err);
	TAP_CHECK(ret == 1 && word(&img, size - 8) == 0x200040, "last word: %ld", ret);
	free(img.data);

	/* An image smaller than one word takes no relocation at all. */
	new_image(&img, a, 4, 0);
	ok.r_offset = base;
	ret = relocate_image(&img, &ok, 1, &err);
	TAP_CHECK(ret == -ERANGE && err.index == 0, "4-byte image: %ld", ret);
	img.size = 0;
	ret = relocate_image(&img, &ok, 1, &err);
	TAP_CHECK(ret == -ERANGE, "0-byte image: %ld", ret);
	free(img.data);

	/* An image that ends at the top of the address space. */
	new_image(&img, a, size, 0);
	img.link_base = 0ULL - size;
	ok.r_offset = 0ULL - 8;
	ret = relocate_image(&img, &ok, 1, &err);
	TAP_CHECK(ret == 1 && word(&img, size - 8) == 0x40, "top of the address space: %ld", ret);
	free(img.data);
	tap_case("%s: offsets outside the image or unaligned rejected with -ERANGE", a->name);
}

/* An empty table does nothing and returns 0; the entries are not read. */
static void case_empty(const struct arch *a)
{
	struct elf64_rela poison = { 0, INFO(9, R_AARCH64_ABS64), 0 };
	struct reloc_image img;
	struct reloc_error err;
	long ret;

	new_image(&img, a, 0x40, 0x200000);
	ret = relocate_image(&img, &poison, 0, &err);
	TAP_CHECK(ret == 0, "returned %ld", ret);
	TAP_CHECK(changed_words(&img) == 0, "%u words changed", changed_words(&img));
	free(img.data);
	tap_case("%s: count 0", a->name);
}

/*
 * A big random table against a model: a word array indexed by offset / 8,
 * each valid entry storing addend + displacement in turn (later entries
 * win). With inject, one entry at a random index is made bad and the
 * model stops before it.
 */
static void case_random(const struct arch *a, bool inject)
{
	const u64 size = 64 * 1024, nwords = size / 8, count = 20000;
	struct elf64_rela *rela = calloc(count, sizeof(*rela));
	u64 *model = malloc(size);
	struct reloc_image img;
	struct reloc_error err;
	u64 i, bad_at = count, disp, mismatches = 0;
	long ret, want = (long)count;
	int round;

	if (!rela || !model)
		exit(2);
	for (round = 0; round < 8; round++) {
		disp = (rnd() % 4096) << 21; /* 2 MB steps up to 8 GB */
		if (round == 0)
			disp = 0;
		new_image(&img, a, size, disp);
		for (i = 0; i < nwords; i++)
			model[i] = FILL;
		for (i = 0; i < count; i++) {
			if (rnd() % 16 == 0) {
				rela[i] = (struct elf64_rela){ 0, 0, 0 };
				continue;
			}
			rela[i].r_offset = a->link_base + (rnd() % nwords) * 8;
			rela[i].r_info = INFO(0, a->relative);
			rela[i].r_addend = (s64)(a->link_base + rnd() % (2 * size)) - (s64)size;
		}
		if (inject) {
			bad_at = rnd() % count;
			if (rnd() & 1) {
				rela[bad_at].r_info = INFO(0, a->bad_types[rnd() % 4]);
				want = -ENOEXEC;
			} else {
				rela[bad_at].r_info = INFO(0, a->relative);
				rela[bad_at].r_offset = a->link_base + size + (rnd() % 64) * 8;
				want = -ERANGE;
			}
		}
		for (i = 0; i < count && i < bad_at; i++)
			if (rela[i].r_info)
				model[(rela[i].r_offset - a->link_base) / 8] =
					(u64)rela[i].r_addend + disp;

		ret = relocate_image(&img, rela, count, &err);
		TAP_CHECK(ret == want, "round %d: returned %ld, expected %ld", round, ret, want);
		if (inject)
			TAP_CHECK(err.index == bad_at && err.offset == rela[bad_at].r_offset,
				  "round %d: err.index %llu, expected %llu", round, err.index,
				  bad_at);
		for (i = 0; i < nwords; i++)
			mismatches += word(&img, i * 8) != model[i];
		TAP_CHECK(mismatches == 0, "round %d: %llu words differ from the model", round,
			  mismatches);
		free(img.data);
	}
	free(model);
	free(rela);
	tap_case("%s: %llu-entry random tables match the model%s", a->name, count,
		 inject ? " up to an injected bad entry" : "");
}

int main(void)
{
	const char *s = getenv("RELOC_SEED");
	u64 seed = s ? strtoull(s, NULL, 0) : 20240602;
	unsigned int i;

	/* Expected words for case_relative, link base 0xffffffffa8000000. */
	static const u64 disp0[6] = {
		0xffffffffa8000010ULL, 0xffffffffa8000000ULL, 0xffffffffa7fff000ULL,
		0xfffffffffffffff0ULL, 0x0000000000000000ULL, 0x7fffffffffffffffULL,
	};
	static const u64 disp2m[6] = {
		0xffffffffa8200010ULL, 0xffffffffa8200000ULL, 0xffffffffa81ff000ULL,
		0x00000000001ffff0ULL, 0x0000000000200000ULL, 0x80000000001fffffULL,
	};
	static const u64 disp_large[6] = {
		/* 0x3_4000_0000: 13 GB */
		0x00000002e8000010ULL, 0x00000002e8000000ULL, 0x00000002e7fff000ULL,
		0x000000033ffffff0ULL, 0x0000000340000000ULL, 0x800000033fffffffULL,
	};
	static const u64 disp_down[6] = {
		/* -2 MB modulo 2^64 */
		0xffffffffa7e00010ULL, 0xffffffffa7e00000ULL, 0xffffffffa7dff000ULL,
		0xffffffffffdffff0ULL, 0xffffffffffe00000ULL, 0x7fffffffffdfffffULL,
	};

	tap_start();
	printf("# RELOC_SEED=%llu\n", seed);
	for (i = 0; i < ARRAY_SIZE(arches); i++) {
		const struct arch *a = &arches[i];

		rng_state = seed + i;
		case_relative(a, 0, disp0);
		case_relative(a, 0x200000, disp2m);
		case_relative(a, 0x340000000ULL, disp_large);
		case_relative(a, 0ULL - 0x200000, disp_down);
		case_none(a);
		case_bad_types(a);
		case_symbol(a);
		case_range(a);
		case_empty(a);
		case_random(a, false);
		case_random(a, true);
	}
	return tap_done();
}
