// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF64 relocatable-object reader: see include/lander/elf.h.
 *
 * elf_open() checks everything the accessors later rely on, so they only
 * check indices. Offsets and sizes are u64 and every sum is compared in a
 * form that cannot wrap (size - off >= len after off <= size).
 */
#include <lander/compiler.h>
#include <lander/elf.h>
#include <lander/errno.h>
#include <lander/reloc.h>
#include <lander/string.h>

#define ELF_EHDR_SIZE 64
#define ELF_SHDR_SIZE 64
#define ELF_SYM_SIZE  24
#define ELF_RELA_SIZE 24

_Static_assert(sizeof(struct elf64_ehdr) == ELF_EHDR_SIZE, "gABI: Elf64_Ehdr is 64 bytes");
_Static_assert(sizeof(struct elf64_shdr) == ELF_SHDR_SIZE, "gABI: Elf64_Shdr is 64 bytes");
_Static_assert(sizeof(struct elf64_sym) == ELF_SYM_SIZE, "gABI: Elf64_Sym is 24 bytes");
_Static_assert(sizeof(struct elf64_rela) == ELF_RELA_SIZE, "gABI: Elf64_Rela is 24 bytes");

/* [off, off + len) lies inside a file of size bytes. */
static bool elf_inside(u64 size, u64 off, u64 len)
{
	return off <= size && size - off >= len;
}

/* A string table's last byte is NUL, so every name inside it ends inside it. */
static bool elf_strtab_ok(const struct elf_obj *o, const struct elf64_shdr *s)
{
	return s->sh_type == SHT_STRTAB && s->sh_size &&
	       o->data[s->sh_offset + s->sh_size - 1] == 0;
}

void elf_shdr(const struct elf_obj *o, unsigned int i, struct elf64_shdr *out)
{
	memcpy(out, o->data + o->shoff + (u64)i * ELF_SHDR_SIZE, sizeof(*out));
}

const u8 *elf_section_data(const struct elf_obj *o, unsigned int i)
{
	struct elf64_shdr s;

	elf_shdr(o, i, &s);
	return o->data + s.sh_offset;
}

const char *elf_section_name(const struct elf_obj *o, unsigned int i)
{
	struct elf64_shdr s;

	elf_shdr(o, i, &s);
	return s.sh_name < o->shstrsize ? (const char *)o->data + o->shstroff + s.sh_name : "?";
}

void elf_sym(const struct elf_obj *o, unsigned int i, struct elf64_sym *out)
{
	memcpy(out, o->data + o->symoff + (u64)i * ELF_SYM_SIZE, sizeof(*out));
}

const char *elf_sym_name(const struct elf_obj *o, const struct elf64_sym *s)
{
	return s->st_name < o->strsize ? (const char *)o->data + o->stroff + s->st_name : "?";
}

u64 elf_rela_count(const struct elf_obj *o, const struct elf64_shdr *sec)
{
	return sec->sh_size / ELF_RELA_SIZE;
}

void elf_rela(const struct elf_obj *o, const struct elf64_shdr *sec, u64 i, struct elf64_rela *out)
{
	memcpy(out, o->data + sec->sh_offset + i * ELF_RELA_SIZE, sizeof(*out));
}

/* "section NAME " + what into o->why: a message naming the section. */
static const char *elf_section_error(struct elf_obj *o, unsigned int i, const char *what)
{
	const char *parts[] = { "section ", elf_section_name(o, i), " ", what };
	size_t n = 0, k, j;

	for (j = 0; j < ARRAY_SIZE(parts); j++)
		for (k = 0; parts[j][k] && n < sizeof(o->why) - 1; k++)
			o->why[n++] = parts[j][k];
	o->why[n] = 0;
	return o->why;
}

/* Check section i's own fields; the symbol table's are checked after. */
static const char *elf_check_section(struct elf_obj *o, unsigned int i)
{
	struct elf64_shdr s;

	elf_shdr(o, i, &s);
	if (s.sh_addralign & (s.sh_addralign - 1))
		return elf_section_error(o, i, "has an alignment that is not a power of two");
	switch (s.sh_type) {
	case SHT_REL: return "it has SHT_REL relocations (this machine's psABI uses SHT_RELA)";
	case SHT_RELA:
		if (s.sh_entsize != ELF_RELA_SIZE || s.sh_size % ELF_RELA_SIZE)
			return "a relocation section's entry size is not 24";
		if (s.sh_link != o->symtab)
			return "a relocation section does not use the symbol table";
		if (!s.sh_info || s.sh_info >= o->shnum)
			return "a relocation section applies to a section that does not exist";
		break;
	case SHT_SYMTAB_SHNDX: return "it has more than 65280 sections (SHT_SYMTAB_SHNDX)";
	}
	return NULL;
}

/* Find the one symbol table and check it and its string table. */
static const char *elf_find_symtab(struct elf_obj *o)
{
	struct elf64_shdr s, str;
	unsigned int i;

	o->symtab = 0;
	for (i = 1; i < o->shnum; i++) {
		elf_shdr(o, i, &s);
		if (s.sh_type != SHT_SYMTAB)
			continue;
		if (o->symtab)
			return "it has more than one symbol table";
		o->symtab = i;
	}
	if (!o->symtab)
		return "it has no symbol table";
	elf_shdr(o, o->symtab, &s);
	if (s.sh_entsize != ELF_SYM_SIZE || s.sh_size % ELF_SYM_SIZE || !s.sh_size)
		return "the symbol table's entry size is not 24";
	if (s.sh_size / ELF_SYM_SIZE > 0xffffffffULL)
		return "the symbol table is too large";
	if (!s.sh_link || s.sh_link >= o->shnum)
		return "the symbol table's string table does not exist";
	elf_shdr(o, s.sh_link, &str);
	if (!elf_strtab_ok(o, &str))
		return "the symbol table's string table is not a NUL-terminated SHT_STRTAB";
	o->nsyms = s.sh_size / ELF_SYM_SIZE;
	o->symoff = s.sh_offset;
	o->stroff = str.sh_offset;
	o->strsize = str.sh_size;
	return NULL;
}

/* The header, the section header table and the section-name table. */
static const char *elf_check_header(struct elf_obj *o, u16 machine)
{
	static const u8 magic[4] = { 0x7f, 'E', 'L', 'F' };
	struct elf64_ehdr h;
	struct elf64_shdr names;

	if (o->size < ELF_EHDR_SIZE || memcmp(o->data, magic, 4))
		return "not an ELF file";
	memcpy(&h, o->data, sizeof(h));
	if (h.e_ident[4] != ELFCLASS64)
		return "not a 64-bit ELF file";
	if (h.e_ident[5] != ELFDATA2LSB)
		return "not little-endian";
	if (h.e_ident[6] != EV_CURRENT || h.e_version != EV_CURRENT)
		return "unknown ELF version";
	if (h.e_type != ET_REL)
		return "not a relocatable object (ET_REL)";
	if (h.e_machine != machine)
		return "built for another machine";
	if (h.e_shentsize != ELF_SHDR_SIZE)
		return "section header size is not 64";
	if (h.e_shnum < 2 || h.e_shnum >= SHN_LORESERVE)
		return "bad number of sections";
	if (!elf_inside(o->size, h.e_shoff, (u64)h.e_shnum * ELF_SHDR_SIZE))
		return "section header table extends past the end of the file";
	if (!h.e_shstrndx || h.e_shstrndx >= h.e_shnum)
		return "section-name table index out of range";
	o->machine = h.e_machine;
	o->shnum = h.e_shnum;
	o->shoff = h.e_shoff;
	elf_shdr(o, h.e_shstrndx, &names);
	if (!elf_inside(o->size, names.sh_offset, names.sh_size) || !elf_strtab_ok(o, &names))
		return "section-name table is not a NUL-terminated SHT_STRTAB inside the file";
	o->shstroff = names.sh_offset;
	o->shstrsize = names.sh_size;
	return NULL;
}

int elf_open(struct elf_obj *o, const void *data, u64 size, u16 machine, const char **why)
{
	const char *err;
	unsigned int i;

	memset(o, 0, sizeof(*o));
	o->data = data;
	o->size = size;
	err = elf_check_header(o, machine);
	if (!err) {
		for (i = 1; i < o->shnum && !err; i++) {
			struct elf64_shdr s;

			elf_shdr(o, i, &s);
			if (s.sh_type != SHT_NOBITS && !elf_inside(o->size, s.sh_offset, s.sh_size))
				err = elf_section_error(o, i, "extends past the end of the file");
		}
	}
	if (!err)
		err = elf_find_symtab(o);
	for (i = 1; i < o->shnum && !err; i++)
		err = elf_check_section(o, i);
	if (err) {
		*why = err;
		return -ENOEXEC;
	}
	return 0;
}
