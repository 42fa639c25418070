/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic linker's API (kernel/module_link.c), for the module loader,
 * the host tests and the fuzzer. Arch relocation code sees only
 * lander/module_link.h, where struct link_state is opaque.
 */
#ifndef LANDER_LINK_H
#define LANDER_LINK_H

#include <lander/elf.h>
#include <lander/module_link.h>
#include <lander/reloc.h>

/*
 * Use: link_plan() reads the object and decides everything that does not
 * depend on where it goes (which sections load, in which area, the
 * veneer and GOT counts, the bytes R_RISCV_ALIGN deletes) and sets
 * l->size; the caller reserves l->size bytes of address space at a page
 * boundary and a zeroed, writable buffer of the same size (the alias),
 * then link_apply() copies the sections in, resolves the symbols and
 * applies every relocation. On failure both return a negative errno with
 * l->why saying what is wrong, and nothing outside the buffer was written.
 */
enum link_area {
	LINK_TEXT,   /* read-only, executable: code, then the veneers */
	LINK_RODATA, /* read-only: constants, then the GOT */
	LINK_DATA,   /* read-write: data and bss */
	LINK_NR_AREAS,
};

/* Per section, per symbol and per deletion state: the caller provides the memory. */
struct link_sec {
	u64 off;       /* offset of the section in the image, when loaded */
	u64 size;      /* its size once deletions are made */
	u64 file_size; /* its size in the object */
	u32 del;       /* its first deletion, and how many */
	u32 ndel;
	u8 area; /* enum link_area, or LINK_NR_AREAS: not loaded */
};

struct link_sym {
	u64 value; /* final address (after link_apply() resolved it) */
	u8 flags;
};

struct link_del {
	u64 off; /* section offset of the first deleted byte (before deletions) */
	u64 len;
	u64 before; /* bytes the section's earlier deletions removed */
};

struct link_state {
	const struct link_arch *arch;
	const struct elf_obj *obj;
	u64 page_size;
	struct link_sec *sec;
	struct link_sym *sym;
	struct link_del *del;
	u64 ndel, max_del;
	u64 *plt_target; /* each veneer's target, to share it */

	/* Set by link_plan(). */
	u64 area_off[LINK_NR_AREAS]; /* page-aligned offsets of the areas in the image */
	u64 area_size[LINK_NR_AREAS];
	u64 size;	      /* the image: every area, in whole pages */
	u64 plt_off, plt_max; /* the veneers: offset, and entries planned */
	u64 got_off, got_max; /* the GOT: offset, and entries planned */

	/* Set by link_apply(). */
	u64 base; /* the image's final address */
	u8 *buf;  /* its writable alias */
	u64 plt_used, got_used;
	u64 nr_relocs; /* relocations applied */

	/* The relocation section being applied, for link_site_at(). */
	unsigned int cur_rela, cur_target;
	u64 cur_index;

	char why[160];
};

/*
 * Bytes of scratch memory link_plan() needs for o (the link_sec,
 * link_sym and link_del arrays and the veneer targets).
 */
u64 link_scratch_size(const struct elf_obj *o);

/*
 * Plan the link of o for arch, with pages of page_size bytes, using
 * scratch (link_scratch_size(o) bytes, 8-byte aligned). Returns 0 or
 * -ENOEXEC with l->why set.
 */
int link_plan(struct link_state *l, const struct link_arch *arch, const struct elf_obj *o,
	      u64 page_size, void *scratch);

/*
 * Link the planned object to run at base (page aligned), writing it into
 * buf (l->size bytes, zeroed). resolve(arg, name, &addr) gives an
 * undefined symbol's address and returns false when there is none.
 * Returns 0, or a negative errno with l->why set.
 */
int link_apply(struct link_state *l, u64 base, u8 *buf,
	       bool (*resolve)(void *arg, const char *name, u64 *addr), void *arg);

/*
 * The final address of the global symbol name defined in a loaded section
 * of the given area, or 0 when there is none (after link_apply()).
 */
u64 link_symbol(const struct link_state *l, const char *name, enum link_area area);

/*
 * The loaded section called name: its offset in the image and size.
 * Returns false when there is none.
 */
bool link_section(const struct link_state *l, const char *name, u64 *off, u64 *size);

#endif
