/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading ELF64 relocatable objects (ET_REL): the one reader behind
 * loadable modules and BPF objects. Field names and values follow the
 * System V gABI ("ELF-64 Object File Format", and the gABI's chapter 4).
 *
 * The reader never trusts a count, an offset or a size: elf_open()
 * checks the header, the section header table, the section-name table and
 * the symbol table against the file's length before anything is read, and
 * every accessor copies out of the file (which may sit at any alignment
 * in an initramfs) and checks its index. Nothing here writes to the file.
 */
#ifndef LANDER_ELF_H
#define LANDER_ELF_H

#include <lander/reloc.h>
#include <lander/types.h>

#define EI_NIDENT   16
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_REL	    1
#define EM_AARCH64  183
#define EM_RISCV    243
#define EM_BPF	    247

#define SHN_UNDEF     0
#define SHN_LORESERVE 0xff00
#define SHN_ABS	      0xfff1
#define SHN_COMMON    0xfff2
#define SHN_XINDEX    0xffff

#define SHT_NULL	 0
#define SHT_PROGBITS	 1
#define SHT_SYMTAB	 2
#define SHT_STRTAB	 3
#define SHT_RELA	 4
#define SHT_NOBITS	 8
#define SHT_REL		 9
#define SHT_SYMTAB_SHNDX 18

#define SHF_WRITE     0x1
#define SHF_ALLOC     0x2
#define SHF_EXECINSTR 0x4
#define SHF_TLS	      0x400

#define STB_LOCAL	 0
#define STB_GLOBAL	 1
#define STB_WEAK	 2
#define STT_NOTYPE	 0
#define STT_OBJECT	 1
#define STT_FUNC	 2
#define STT_SECTION	 3
#define STT_FILE	 4
#define STT_TLS		 6
#define ELF64_ST_BIND(i) ((i) >> 4)
#define ELF64_ST_TYPE(i) ((i)&0xf)

struct elf64_ehdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_shdr {
	u32 sh_name;
	u32 sh_type;
	u64 sh_flags;
	u64 sh_addr;
	u64 sh_offset;
	u64 sh_size;
	u32 sh_link;
	u32 sh_info;
	u64 sh_addralign;
	u64 sh_entsize;
};

struct elf64_sym {
	u32 st_name;
	u8 st_info;
	u8 st_other;
	u16 st_shndx;
	u64 st_value;
	u64 st_size;
};

/* struct elf64_rela, ELF64_R_SYM() and ELF64_R_TYPE() come from lander/reloc.h. */

/* An object elf_open() accepted. */
struct elf_obj {
	const u8 *data;
	u64 size;
	u16 machine;
	u16 shnum; /* section headers, the null one included */
	u64 shoff;
	u32 symtab; /* index of the SHT_SYMTAB section */
	u32 nsyms;  /* its entries, the null symbol included */
	u64 symoff; /* file offset of its entries */
	u64 stroff; /* file offset and size of its string table */
	u64 strsize;
	u64 shstroff; /* file offset and size of the section-name table */
	u64 shstrsize;
	char why[64]; /* elf_open()'s message when it names a section */
};

/*
 * Check that data[0, size) is an ELF64 little-endian relocatable object
 * for machine, with a section header table, a section-name table and
 * exactly one symbol table (with its string table) inside the file, and
 * every section's bytes inside it too. Returns 0, or -ENOEXEC with *why
 * saying what is wrong in a few words ("not an ELF file", "section 7
 * extends past the end of the file", ...).
 */
int elf_open(struct elf_obj *o, const void *data, u64 size, u16 machine, const char **why);

/* Section header i (0 < i < o->shnum, checked by the caller). */
void elf_shdr(const struct elf_obj *o, unsigned int i, struct elf64_shdr *out);

/* The bytes of section i (not SHT_NOBITS): inside the file, as elf_open() checked. */
const u8 *elf_section_data(const struct elf_obj *o, unsigned int i);

/* Section i's name, or "?" when its name offset is bad. */
const char *elf_section_name(const struct elf_obj *o, unsigned int i);

/* Symbol i (i < o->nsyms, checked by the caller). */
void elf_sym(const struct elf_obj *o, unsigned int i, struct elf64_sym *out);

/* A symbol's name ("" for none), or "?" when its name offset is bad. */
const char *elf_sym_name(const struct elf_obj *o, const struct elf64_sym *s);

/*
 * The number of entries of SHT_RELA section sec, and entry i of it
 * (i below that number, checked by the caller; elf_open() checked the
 * section's entry size and bounds).
 */
u64 elf_rela_count(const struct elf_obj *o, const struct elf64_shdr *sec);
void elf_rela(const struct elf_obj *o, const struct elf64_shdr *sec, u64 i, struct elf64_rela *out);

#endif
