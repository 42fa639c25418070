/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small in-memory builder of ELF64 little-endian relocatable objects for
 * the host tests of lib/elf.c and kernel/module_link.c. The layout follows
 * the System V gABI ("ELF-64 Object File Format"): the 64-byte file header,
 * each section's bytes, then the section header table.
 *
 * Sections 1 to 3 are always .symtab, .strtab and .shstrtab; the test adds
 * its own after them. Symbols and relocations are added in any order; the
 * symbol table's sh_info (one past the last local) is set to 1, which the
 * reader under test does not use.
 *
 *	eb_init(&b, EM_AARCH64);
 *	t = eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, code, 16);
 *	f = eb_sym(&b, "f", STB_GLOBAL, STT_FUNC, t, 0);
 *	r = eb_rela_section(&b, t);
 *	eb_rela(&b, r, 8, f, 1, 0);
 *	size = eb_build(&b, &image);	(malloc'd; the caller frees it)
 */
#ifndef TESTS_UNIT_ELF_BUILD_H
#define TESTS_UNIT_ELF_BUILD_H

#include <lander/elf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EB_MAX_SEC 64
#define EB_SYMTAB  1
#define EB_STRTAB  2
#define EB_SHSTR   3

struct eb {
	u16 machine;
	unsigned int nsec;
	struct elf64_shdr sh[EB_MAX_SEC];
	u8 *data[EB_MAX_SEC]; /* each section's bytes, grown by eb_append() */
	u64 len[EB_MAX_SEC];
};

/* Append n bytes to section i's contents (and to its sh_size). */
static inline void eb_append(struct eb *b, unsigned int i, const void *p, u64 n)
{
	b->data[i] = realloc(b->data[i], b->len[i] + n + 1);
	if (!b->data[i])
		abort();
	if (p)
		memcpy(b->data[i] + b->len[i], p, n);
	else
		memset(b->data[i] + b->len[i], 0, n);
	b->len[i] += n;
	b->sh[i].sh_size = b->len[i];
}

/* Add a NUL-terminated string to string table i; returns its offset. */
static inline u32 eb_string(struct eb *b, unsigned int i, const char *s)
{
	u32 off = (u32)b->len[i];

	eb_append(b, i, s, strlen(s) + 1);
	return off;
}

/* A new section header; returns its index. */
static inline unsigned int eb_add(struct eb *b, const char *name, u32 type, u64 flags, u64 align)
{
	unsigned int i = b->nsec++;

	if (i >= EB_MAX_SEC)
		abort();
	memset(&b->sh[i], 0, sizeof(b->sh[i]));
	b->sh[i].sh_name = eb_string(b, EB_SHSTR, name);
	b->sh[i].sh_type = type;
	b->sh[i].sh_flags = flags;
	b->sh[i].sh_addralign = align;
	return i;
}

/* An object for machine with the null section, the two string tables and the null symbol. */
static inline void eb_init(struct eb *b, u16 machine)
{
	struct elf64_sym null = { 0 };

	memset(b, 0, sizeof(*b));
	b->machine = machine;
	b->nsec = 4;
	eb_append(b, EB_SHSTR, "", 1);
	b->sh[EB_SHSTR].sh_type = SHT_STRTAB;
	b->sh[EB_SHSTR].sh_addralign = 1;
	b->sh[EB_SYMTAB].sh_name = eb_string(b, EB_SHSTR, ".symtab");
	b->sh[EB_STRTAB].sh_name = eb_string(b, EB_SHSTR, ".strtab");
	b->sh[EB_SHSTR].sh_name = eb_string(b, EB_SHSTR, ".shstrtab");
	b->sh[EB_SYMTAB].sh_type = SHT_SYMTAB;
	b->sh[EB_SYMTAB].sh_link = EB_STRTAB;
	b->sh[EB_SYMTAB].sh_info = 1;
	b->sh[EB_SYMTAB].sh_entsize = sizeof(struct elf64_sym);
	b->sh[EB_SYMTAB].sh_addralign = 8;
	eb_append(b, EB_SYMTAB, &null, sizeof(null));
	b->sh[EB_STRTAB].sh_type = SHT_STRTAB;
	b->sh[EB_STRTAB].sh_addralign = 1;
	eb_append(b, EB_STRTAB, "", 1);
}

/* A section with size bytes (zeros when bytes is NULL; none stored for SHT_NOBITS). */
static inline unsigned int eb_section(struct eb *b, const char *name, u32 type, u64 flags,
				      u64 align, const void *bytes, u64 size)
{
	unsigned int i = eb_add(b, name, type, flags, align);

	if (type == SHT_NOBITS)
		b->sh[i].sh_size = size;
	else
		eb_append(b, i, bytes, size);
	return i;
}

/* A symbol (name NULL: no name); returns its index. */
static inline u32 eb_sym(struct eb *b, const char *name, u8 bind, u8 type, u16 shndx, u64 value)
{
	struct elf64_sym s = {
		.st_name = name ? eb_string(b, EB_STRTAB, name) : 0,
		.st_info = (u8)(bind << 4 | type),
		.st_shndx = shndx,
		.st_value = value,
	};
	u32 i = (u32)(b->len[EB_SYMTAB] / sizeof(s));

	eb_append(b, EB_SYMTAB, &s, sizeof(s));
	return i;
}

/* The STT_SECTION symbol of section sec. */
static inline u32 eb_section_sym(struct eb *b, unsigned int sec)
{
	return eb_sym(b, NULL, STB_LOCAL, STT_SECTION, (u16)sec, 0);
}

/* A SHT_RELA section (".rela" + target's name) for section target. */
static inline unsigned int eb_rela_section(struct eb *b, unsigned int target)
{
	char name[128];
	unsigned int i;

	snprintf(name, sizeof(name), ".rela%s",
		 (const char *)b->data[EB_SHSTR] + b->sh[target].sh_name);
	i = eb_add(b, name, SHT_RELA, 0, 8);
	b->sh[i].sh_link = EB_SYMTAB;
	b->sh[i].sh_info = target;
	b->sh[i].sh_entsize = sizeof(struct elf64_rela);
	return i;
}

/* Append one relocation to SHT_RELA section rela. */
static inline void eb_rela(struct eb *b, unsigned int rela, u64 offset, u32 sym, u32 type,
			   s64 addend)
{
	struct elf64_rela r = {
		.r_offset = offset,
		.r_info = (u64)sym << 32 | type,
		.r_addend = addend,
	};

	eb_append(b, rela, &r, sizeof(r));
}

/*
 * Lay the object out in a malloc'd buffer: the header, each section's
 * bytes at a multiple of 8 (or of its alignment, up to 64), then the
 * section header table. Returns the size; frees nothing.
 */
static inline u64 eb_build(struct eb *b, u8 **out)
{
	struct elf64_ehdr h = { 0 };
	u64 off = sizeof(h), size;
	unsigned int i;
	u8 *img;

	for (i = 1; i < b->nsec; i++) {
		u64 a = b->sh[i].sh_addralign > 8 && b->sh[i].sh_addralign <= 64 ?
				b->sh[i].sh_addralign :
				8;

		off = (off + a - 1) & ~(a - 1);
		b->sh[i].sh_offset = off;
		if (b->sh[i].sh_type != SHT_NOBITS)
			off += b->len[i];
	}
	off = (off + 7) & ~7ULL;
	size = off + (u64)b->nsec * sizeof(struct elf64_shdr);
	img = calloc(1, size);
	if (!img)
		abort();
	memcpy(h.e_ident, "\177ELF", 4);
	h.e_ident[4] = ELFCLASS64;
	h.e_ident[5] = ELFDATA2LSB;
	h.e_ident[6] = EV_CURRENT;
	h.e_type = ET_REL;
	h.e_machine = b->machine;
	h.e_version = EV_CURRENT;
	h.e_shoff = off;
	h.e_ehsize = sizeof(h);
	h.e_shentsize = sizeof(struct elf64_shdr);
	h.e_shnum = (u16)b->nsec;
	h.e_shstrndx = EB_SHSTR;
	memcpy(img, &h, sizeof(h));
	for (i = 1; i < b->nsec; i++)
		if (b->sh[i].sh_type != SHT_NOBITS && b->len[i])
			memcpy(img + b->sh[i].sh_offset, b->data[i], b->len[i]);
	memcpy(img + off, b->sh, (u64)b->nsec * sizeof(struct elf64_shdr));
	*out = img;
	return size;
}

/* Free the sections' bytes (the built image is the caller's). */
static inline void eb_free(struct eb *b)
{
	unsigned int i;

	for (i = 0; i < EB_MAX_SEC; i++)
		free(b->data[i]);
}

/* Read and write a built image's header and section headers (at any alignment). */
static inline void img_ehdr(const u8 *img, struct elf64_ehdr *h)
{
	memcpy(h, img, sizeof(*h));
}

static inline void img_set_ehdr(u8 *img, const struct elf64_ehdr *h)
{
	memcpy(img, h, sizeof(*h));
}

static inline void img_shdr(const u8 *img, unsigned int i, struct elf64_shdr *s)
{
	struct elf64_ehdr h;

	img_ehdr(img, &h);
	memcpy(s, img + h.e_shoff + (u64)i * sizeof(*s), sizeof(*s));
}

static inline void img_set_shdr(u8 *img, unsigned int i, const struct elf64_shdr *s)
{
	struct elf64_ehdr h;

	img_ehdr(img, &h);
	memcpy(img + h.e_shoff + (u64)i * sizeof(*s), s, sizeof(*s));
}

#endif
