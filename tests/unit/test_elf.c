// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for lib/elf.c, the ELF64 relocatable-object reader.
 *
 * Objects are made in memory by tests/unit/elf_build.h, laid out as the
 * System V gABI describes them. One good object is read back through every
 * accessor, also from an odd address (the reader must copy, never cast:
 * UBSan reports a misaligned load). Then each check elf_open() documents
 * gets one object broken in exactly that way, and must be refused with its
 * own message. Every object the reader sees sits at the end of a malloc of
 * exactly its size, so AddressSanitizer reports any read past it.
 *
 * Last, elf_open() reads every real module object `make modules` built
 * (any .ko one or two levels under build/ARCH-DIR/modules, skipped when
 * there are none): the good ones
 * must open, the crafted bad ones must merely not crash the reader.
 */
#include <lander/elf.h>
#include <lander/errno.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_build.h"
#include "tap.h"

/* The sections of the good object, by index (1 to 3 are the builder's tables). */
enum { SEC_TEXT = 4, SEC_DATA, SEC_BSS, SEC_RELA, NSEC };

static const u8 text_bytes[16] = { 0x1f, 0x20, 0x03, 0xd5, 0xc0, 0x03, 0x5f, 0xd6,
				   1,	 2,    3,    4,	   5,	 6,    7,    8 };
static const u8 data_bytes[8] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11 };

/*
 * The good object: .text (16 bytes), .data (8), .bss (32, no bytes) and
 * .rela.text with two entries; symbols f (global, .text+4), x (local,
 * .data+0) and ext (undefined). Returns its size; *img is malloc'd.
 */
static u64 good_object(u8 **img)
{
	struct eb b;
	unsigned int r;
	u32 f, ext;
	u64 size;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, text_bytes, 16);
	eb_section(&b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, data_bytes, 8);
	eb_section(&b, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 16, NULL, 32);
	r = eb_rela_section(&b, SEC_TEXT);
	f = eb_sym(&b, "f", STB_GLOBAL, STT_FUNC, SEC_TEXT, 4);
	eb_sym(&b, "x", STB_LOCAL, STT_OBJECT, SEC_DATA, 0);
	ext = eb_sym(&b, "ext", STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0);
	eb_rela(&b, r, 0, ext, 283, -4);
	eb_rela(&b, r, 8, f, 257, 0x123456789);
	size = eb_build(&b, img);
	eb_free(&b);
	return size;
}

/* A copy of n bytes at the end of a malloc of n + pad bytes, pad bytes in. */
static u8 *exact_copy(const u8 *p, u64 n, u64 pad)
{
	u8 *b = malloc(n + pad ? n + pad : 1);

	if (!b)
		abort();
	memset(b, 0x5a, pad);
	if (n)
		memcpy(b + pad, p, n);
	return b;
}

/* Open size bytes of img (copied to the end of an exact malloc) and expect want's refusal. */
static void expect_refused(const u8 *img, u64 size, u16 machine, const char *want, const char *what)
{
	u8 *copy = exact_copy(img, size, 0);
	const char *why = NULL;
	struct elf_obj o;
	int ret;

	ret = elf_open(&o, copy, size, machine, &why);
	TAP_CHECK(ret == -ENOEXEC, "returned %d", ret);
	TAP_CHECK(why && !strcmp(why, want), "why \"%s\", want \"%s\"", why ? why : "(null)", want);
	free(copy);
	tap_case("refused: %s", what);
}

/* Read the good object (at data, size bytes) through every accessor. */
static void check_good(const u8 *data, u64 size, const char *where)
{
	struct elf64_shdr sh, rs;
	struct elf64_rela r;
	struct elf64_sym s;
	const char *why = NULL;
	struct elf_obj o;
	int ret;

	ret = elf_open(&o, data, size, EM_AARCH64, &why);
	TAP_CHECK(ret == 0, "returned %d: %s", ret, why ? why : "");
	if (ret) {
		tap_case("good object %s", where);
		return;
	}
	TAP_CHECK(o.data == data && o.size == size, "data and size kept");
	TAP_CHECK(o.machine == EM_AARCH64, "machine %u", o.machine);
	TAP_CHECK(o.shnum == NSEC, "shnum %u", o.shnum);
	TAP_CHECK(o.symtab == EB_SYMTAB, "symtab %u", o.symtab);
	TAP_CHECK(o.nsyms == 4, "nsyms %u (null, f, x, ext)", o.nsyms);
	TAP_CHECK(o.strsize == 1 + 2 + 2 + 4, "strsize %llu", o.strsize);

	elf_shdr(&o, SEC_TEXT, &sh);
	TAP_CHECK(sh.sh_type == SHT_PROGBITS && sh.sh_size == 16 && sh.sh_addralign == 4 &&
			  sh.sh_flags == (SHF_ALLOC | SHF_EXECINSTR),
		  ".text header");
	TAP_CHECK(!memcmp(elf_section_data(&o, SEC_TEXT), text_bytes, 16), ".text bytes");
	TAP_CHECK(!memcmp(elf_section_data(&o, SEC_DATA), data_bytes, 8), ".data bytes");
	TAP_CHECK(!strcmp(elf_section_name(&o, SEC_TEXT), ".text"), "name %s",
		  elf_section_name(&o, SEC_TEXT));
	TAP_CHECK(!strcmp(elf_section_name(&o, SEC_BSS), ".bss"), "name %s",
		  elf_section_name(&o, SEC_BSS));
	TAP_CHECK(!strcmp(elf_section_name(&o, SEC_RELA), ".rela.text"), "name %s",
		  elf_section_name(&o, SEC_RELA));
	TAP_CHECK(!strcmp(elf_section_name(&o, EB_SHSTR), ".shstrtab"), "name %s",
		  elf_section_name(&o, EB_SHSTR));
	elf_shdr(&o, SEC_BSS, &sh);
	TAP_CHECK(sh.sh_type == SHT_NOBITS && sh.sh_size == 32, ".bss header");

	elf_sym(&o, 0, &s);
	TAP_CHECK(s.st_name == 0 && s.st_shndx == 0 && s.st_value == 0, "null symbol");
	TAP_CHECK(!strcmp(elf_sym_name(&o, &s), ""), "null symbol's name is empty");
	elf_sym(&o, 1, &s);
	TAP_CHECK(!strcmp(elf_sym_name(&o, &s), "f") && s.st_shndx == SEC_TEXT && s.st_value == 4 &&
			  ELF64_ST_BIND(s.st_info) == STB_GLOBAL &&
			  ELF64_ST_TYPE(s.st_info) == STT_FUNC,
		  "symbol f");
	elf_sym(&o, 2, &s);
	TAP_CHECK(!strcmp(elf_sym_name(&o, &s), "x") && s.st_shndx == SEC_DATA &&
			  ELF64_ST_BIND(s.st_info) == STB_LOCAL,
		  "symbol x");
	elf_sym(&o, 3, &s);
	TAP_CHECK(!strcmp(elf_sym_name(&o, &s), "ext") && s.st_shndx == SHN_UNDEF, "symbol ext");
	/* A name offset at or past the table's end reads as "?". */
	s.st_name = (u32)o.strsize;
	TAP_CHECK(!strcmp(elf_sym_name(&o, &s), "?"), "bad symbol name offset");
	s.st_name = 0xffffffff;
	TAP_CHECK(!strcmp(elf_sym_name(&o, &s), "?"), "huge symbol name offset");
	/* The last offset inside the table is its terminating NUL: "". */
	s.st_name = (u32)o.strsize - 1;
	TAP_CHECK(!strcmp(elf_sym_name(&o, &s), ""), "last byte of the table");

	elf_shdr(&o, SEC_RELA, &rs);
	TAP_CHECK(elf_rela_count(&o, &rs) == 2, "rela count %llu", elf_rela_count(&o, &rs));
	elf_rela(&o, &rs, 0, &r);
	TAP_CHECK(r.r_offset == 0 && ELF64_R_SYM(r.r_info) == 3 && ELF64_R_TYPE(r.r_info) == 283 &&
			  r.r_addend == -4,
		  "rela 0");
	elf_rela(&o, &rs, 1, &r);
	TAP_CHECK(r.r_offset == 8 && ELF64_R_SYM(r.r_info) == 1 && ELF64_R_TYPE(r.r_info) == 257 &&
			  r.r_addend == 0x123456789,
		  "rela 1");
	tap_case("good object %s", where);
}

/* A bad section-name offset reads as "?". */
static void check_bad_section_name(void)
{
	struct elf64_shdr sh;
	const char *why = NULL;
	struct elf_obj o;
	u8 *img, *copy;
	u64 size = good_object(&img);

	img_shdr(img, SEC_DATA, &sh);
	sh.sh_name = 0x7fffffff;
	img_set_shdr(img, SEC_DATA, &sh);
	copy = exact_copy(img, size, 0);
	TAP_CHECK(elf_open(&o, copy, size, EM_AARCH64, &why) == 0, "opens: %s", why ? why : "");
	TAP_CHECK(!strcmp(elf_section_name(&o, SEC_DATA), "?"), "name %s",
		  elf_section_name(&o, SEC_DATA));
	free(copy);
	free(img);
	tap_case("a bad section-name offset reads as \"?\"");
}

/* Change one field of the good object's header and expect want. */
#define EHDR_CASE(field, value, want)                                             \
	do {                                                                      \
		u8 *img;                                                          \
		u64 size = good_object(&img);                                     \
		struct elf64_ehdr h;                                              \
		img_ehdr(img, &h);                                                \
		h.field = value;                                                  \
		img_set_ehdr(img, &h);                                            \
		expect_refused(img, size, EM_AARCH64, want, #field " = " #value); \
		free(img);                                                        \
	} while (0)

/* Change one field of section i's header and expect want. */
#define SHDR_CASE(i, field, value, want)                                                 \
	do {                                                                             \
		u8 *img;                                                                 \
		u64 size = good_object(&img);                                            \
		struct elf64_shdr sh;                                                    \
		img_shdr(img, i, &sh);                                                   \
		sh.field = value;                                                        \
		img_set_shdr(img, i, &sh);                                               \
		expect_refused(img, size, EM_AARCH64, want, #i "." #field " = " #value); \
		free(img);                                                               \
	} while (0)

/* Each check on the file header, in the order elf_open() makes them. */
static void check_header(void)
{
	u8 *img;
	u64 size = good_object(&img);

	expect_refused(img, 0, EM_AARCH64, "not an ELF file", "empty file");
	expect_refused(img, 63, EM_AARCH64, "not an ELF file", "63 bytes: a truncated header");
	expect_refused(img, size, EM_RISCV, "built for another machine", "EM_AARCH64 for EM_RISCV");
	img[1] = 'e';
	expect_refused(img, size, EM_AARCH64, "not an ELF file", "bad magic");
	free(img);

	EHDR_CASE(e_ident[0], 0x7e, "not an ELF file");
	EHDR_CASE(e_ident[4], 1, "not a 64-bit ELF file");
	EHDR_CASE(e_ident[4], 0, "not a 64-bit ELF file");
	EHDR_CASE(e_ident[5], 2, "not little-endian");
	EHDR_CASE(e_ident[6], 0, "unknown ELF version");
	EHDR_CASE(e_version, 2, "unknown ELF version");
	EHDR_CASE(e_type, 2, "not a relocatable object (ET_REL)");
	EHDR_CASE(e_type, 3, "not a relocatable object (ET_REL)");
	EHDR_CASE(e_machine, EM_RISCV, "built for another machine");
	EHDR_CASE(e_shentsize, 40, "section header size is not 64");
	EHDR_CASE(e_shentsize, 128, "section header size is not 64");
	EHDR_CASE(e_shnum, 0, "bad number of sections");
	EHDR_CASE(e_shnum, 1, "bad number of sections");
	EHDR_CASE(e_shnum, SHN_LORESERVE, "bad number of sections");
	EHDR_CASE(e_shnum, NSEC + 1, "section header table extends past the end of the file");
	EHDR_CASE(e_shoff, size, "section header table extends past the end of the file");
	EHDR_CASE(e_shoff, size - NSEC * 64 + 1,
		  "section header table extends past the end of the file");
	EHDR_CASE(e_shoff, ~0ULL - 63, "section header table extends past the end of the file");
	EHDR_CASE(e_shstrndx, 0, "section-name table index out of range");
	EHDR_CASE(e_shstrndx, NSEC, "section-name table index out of range");
	EHDR_CASE(e_shstrndx, SEC_TEXT,
		  "section-name table is not a NUL-terminated SHT_STRTAB inside the file");
}

/* Each check on the section headers, the string tables and the symbol table. */
static void check_sections(void)
{
	u8 *img;
	u64 size = good_object(&img), shstr_end;
	struct elf64_shdr sh;

	/* The section-name table: its last byte must be NUL. */
	img_shdr(img, EB_SHSTR, &sh);
	shstr_end = sh.sh_offset + sh.sh_size;
	img[shstr_end - 1] = 'x';
	expect_refused(img, size, EM_AARCH64,
		       "section-name table is not a NUL-terminated SHT_STRTAB inside the file",
		       "section-name table not NUL-terminated");
	free(img);
	SHDR_CASE(EB_SHSTR, sh_size, 0,
		  "section-name table is not a NUL-terminated SHT_STRTAB inside the file");
	SHDR_CASE(EB_SHSTR, sh_offset, size,
		  "section-name table is not a NUL-terminated SHT_STRTAB inside the file");

	/* A section's bytes past the end of the file, exactly or by wrapping. */
	SHDR_CASE(SEC_DATA, sh_offset, size - 7, "section .data extends past the end of the file");
	SHDR_CASE(SEC_DATA, sh_size, ~0ULL - 7, "section .data extends past the end of the file");
	SHDR_CASE(SEC_DATA, sh_offset, ~0ULL, "section .data extends past the end of the file");
	SHDR_CASE(EB_STRTAB, sh_size, size, "section .strtab extends past the end of the file");

	/* The symbol table: one, with 24-byte entries and a string table. */
	SHDR_CASE(EB_SYMTAB, sh_type, SHT_PROGBITS, "it has no symbol table");
	SHDR_CASE(SEC_DATA, sh_type, SHT_SYMTAB, "it has more than one symbol table");
	SHDR_CASE(EB_SYMTAB, sh_entsize, 16, "the symbol table's entry size is not 24");
	SHDR_CASE(EB_SYMTAB, sh_entsize, 0, "the symbol table's entry size is not 24");
	SHDR_CASE(EB_SYMTAB, sh_size, 24 * 4 - 1, "the symbol table's entry size is not 24");
	SHDR_CASE(EB_SYMTAB, sh_size, 0, "the symbol table's entry size is not 24");
	SHDR_CASE(EB_SYMTAB, sh_link, 0, "the symbol table's string table does not exist");
	SHDR_CASE(EB_SYMTAB, sh_link, NSEC, "the symbol table's string table does not exist");
	SHDR_CASE(EB_SYMTAB, sh_link, SEC_DATA,
		  "the symbol table's string table is not a NUL-terminated SHT_STRTAB");
	SHDR_CASE(EB_STRTAB, sh_size, 0,
		  "the symbol table's string table is not a NUL-terminated SHT_STRTAB");
	SHDR_CASE(EB_STRTAB, sh_size, 2,
		  "the symbol table's string table is not a NUL-terminated SHT_STRTAB");

	/* Relocations: SHT_RELA only, 24-byte entries, against the symbol table. */
	SHDR_CASE(SEC_RELA, sh_type, SHT_REL,
		  "it has SHT_REL relocations (this machine's psABI uses SHT_RELA)");
	SHDR_CASE(SEC_RELA, sh_entsize, 16, "a relocation section's entry size is not 24");
	SHDR_CASE(SEC_RELA, sh_size, 47, "a relocation section's entry size is not 24");
	SHDR_CASE(SEC_RELA, sh_link, 0, "a relocation section does not use the symbol table");
	SHDR_CASE(SEC_RELA, sh_link, EB_STRTAB,
		  "a relocation section does not use the symbol table");
	SHDR_CASE(SEC_RELA, sh_info, 0,
		  "a relocation section applies to a section that does not exist");
	SHDR_CASE(SEC_RELA, sh_info, NSEC,
		  "a relocation section applies to a section that does not exist");
	SHDR_CASE(SEC_DATA, sh_type, SHT_SYMTAB_SHNDX,
		  "it has more than 65280 sections (SHT_SYMTAB_SHNDX)");

	/* Alignment: 0 and powers of two only. */
	SHDR_CASE(SEC_TEXT, sh_addralign, 3,
		  "section .text has an alignment that is not a power of two");
	SHDR_CASE(SEC_BSS, sh_addralign, 24,
		  "section .bss has an alignment that is not a power of two");
	SHDR_CASE(SEC_DATA, sh_addralign, (1ULL << 63) + 1,
		  "section .data has an alignment that is not a power of two");
}

/*
 * A message naming a section with an 80-character name: expect it cut to
 * fit struct elf_obj's 64-byte why, NUL included ("section " and 55 a's).
 */
static void check_long_name(void)
{
	char name[81], want[64];
	struct eb b;
	u8 *img;
	u64 size;

	memset(name, 'a', 80);
	name[80] = 0;
	memcpy(want, "section ", 8);
	memset(want + 8, 'a', 55);
	want[63] = 0;
	eb_init(&b, EM_AARCH64);
	eb_section(&b, name, SHT_PROGBITS, SHF_ALLOC, 3, data_bytes, 8);
	size = eb_build(&b, &img);
	eb_free(&b);
	expect_refused(img, size, EM_AARCH64, want, "a long section name is cut to fit");
	free(img);
}

/* What the reader must accept: SHT_NOBITS of any size, alignment 0 or 2^63. */
static void check_accepted(void)
{
	static const struct {
		unsigned int sec;
		u64 align, size;
		const char *what;
	} cases[] = {
		{ SEC_BSS, 16, ~0ULL, "SHT_NOBITS with a size past the end of the file" },
		{ SEC_DATA, 0, 8, "alignment 0" },
		{ SEC_DATA, 1ULL << 63, 8, "alignment 2^63" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *why = NULL;
		struct elf64_shdr sh;
		struct elf_obj o;
		u8 *img, *copy;
		u64 size = good_object(&img);

		img_shdr(img, cases[i].sec, &sh);
		sh.sh_addralign = cases[i].align;
		sh.sh_size = cases[i].size;
		img_set_shdr(img, cases[i].sec, &sh);
		copy = exact_copy(img, size, 0);
		TAP_CHECK(elf_open(&o, copy, size, EM_AARCH64, &why) == 0, "%s", why ? why : "");
		free(copy);
		free(img);
		tap_case("accepted: %s", cases[i].what);
	}
}

/* elf_open() on every module object make modules built, if any. */
static void check_real_objects(void)
{
	static const char *const patterns[] = { "build/*/modules/*.ko", "build/*/modules/*/*.ko" };
	unsigned int p, good = 0, bad = 0;
	size_t i;

	for (p = 0; p < ARRAY_SIZE(patterns); p++) {
		glob_t g;

		if (glob(patterns[p], 0, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++) {
			const char *path = g.gl_pathv[i], *why = NULL;
			bool crafted = strstr(path, "/bad/") != NULL;
			struct elf_obj o;
			u8 *buf = NULL;
			long n;
			FILE *f = fopen(path, "rb");
			u16 machine = EM_AARCH64;
			int ret;

			if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0) {
				TAP_CHECK(0, "cannot read %s", path);
				if (f)
					fclose(f);
				continue;
			}
			rewind(f);
			buf = malloc(n ? n : 1);
			if (!buf || fread(buf, 1, n, f) != (size_t)n)
				abort();
			fclose(f);
			if (strstr(path, "riscv"))
				machine = EM_RISCV;
			ret = elf_open(&o, buf, n, machine, &why);
			if (!crafted)
				TAP_CHECK(ret == 0, "%s: %s", path, why ? why : "");
			else if (ret)
				printf("# %s: %s\n", path, why);
			good += !crafted;
			bad += crafted;
			free(buf);
		}
		globfree(&g);
	}
	if (!good && !bad) {
		printf("ok %d - module objects # SKIP none under build/*/modules (make modules)\n",
		       ++tap_count);
		return;
	}
	tap_case("%u module objects open, %u crafted bad ones read without a crash", good, bad);
}

int main(void)
{
	u8 *img, *odd;
	u64 size;

	tap_start();
	size = good_object(&img);
	odd = exact_copy(img, size, 0);
	check_good(odd, size, "at a malloc'd address");
	free(odd);
	odd = exact_copy(img, size, 1);
	check_good(odd + 1, size, "at an odd address");
	free(odd);
	odd = exact_copy(img, size, 7);
	check_good(odd + 7, size, "at an address 7 past 8-byte alignment");
	free(odd);
	free(img);
	check_bad_section_name();
	check_header();
	check_sections();
	check_long_name();
	check_accepted();
	check_real_objects();
	return tap_done();
}
