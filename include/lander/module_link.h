/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linking a relocatable object at its final addresses: the generic part
 * (kernel/module_link.c) and what each arch's relocation code provides
 * (arch/<arch>/kernel/module_reloc.c, a struct link_arch).
 *
 * The generic part lays the object's sections out, resolves symbols,
 * sizes the veneer (PLT) and GOT areas from the relocations before layout,
 * and walks every relocation. The arch part knows its relocation types:
 * what each needs before layout (kind), how to apply one with every value
 * resolved (apply), and how to write a veneer (write_plt). Both arches'
 * descriptions link into the host tests and the fuzzer side by side, so
 * they are named link_arch_arm64 and link_arch_riscv, not arch_*.
 *
 * Names in apply follow the psABIs: S is the symbol's address, A the
 * addend, P the place (the final address of the bytes being patched),
 * G(x) the address of a GOT entry holding x.
 */
#ifndef LANDER_MODULE_LINK_H
#define LANDER_MODULE_LINK_H

#include <lander/types.h>

/* What a relocation type asks of the linker before layout. */
enum link_kind {
	LINK_UNKNOWN = 0, /* not handled: the object is rejected naming the type */
	LINK_PLAIN,	  /* computed from S, A and P */
	LINK_BRANCH,	  /* a call or jump that may go through a veneer when out of range */
	LINK_GOT,	  /* needs a GOT entry holding S + A */
	LINK_MARKER,	  /* patches nothing by itself (R_RISCV_RELAX, R_RISCV_ALIGN); still
			     passed to apply, after any alignment deletion */
};

/* One relocation with everything resolved, as apply() sees it. */
struct link_site {
	u32 type;
	u8 *loc;  /* the bytes to patch, in a writable buffer */
	u64 room; /* bytes from loc to the end of its section: apply writes no further */
	u64 P;	  /* final address of loc */
	u64 S;	  /* symbol's final address (or value for an absolute symbol) */
	s64 A;	  /* addend */
};

/* The generic linker's state; opaque to arch code. */
struct link_state;

/*
 * The address of a veneer that jumps to target, written on first use and
 * shared by every later call to the same target. Returns 0 when the plan
 * made before layout has no entry left (the call is then out of range).
 */
u64 link_plt_entry(struct link_state *l, u64 target);

/* The address of a GOT entry holding value (shared likewise), or 0 when none is left. */
u64 link_got_entry(struct link_state *l, u64 value);

/*
 * The first relocation at place in the section being relocated whose kind
 * is not LINK_MARKER, resolved (riscv: the HI20 a PCREL_LO12 points at).
 * Returns 0, or -ENOENT when there is none.
 */
int link_site_at(struct link_state *l, u64 place, struct link_site *out);

struct link_arch {
	char name[8];	   /* "arm64", "riscv" */
	u16 machine;	   /* EM_AARCH64, EM_RISCV */
	u8 plt_size;	   /* bytes of one veneer */
	bool plt_uses_got; /* each veneer loads its target from a GOT entry */

	enum link_kind (*kind)(u32 type);

	/* "R_AARCH64_CALL26"; NULL for a type the arch does not know. */
	const char *(*type_name)(u32 type);

	/*
	 * Patch r->loc. Returns 0, or:
	 *   -ERANGE   the value does not fit the field (after trying a veneer
	 *             for a LINK_BRANCH type), or a GOT entry was needed and
	 *             none was left;
	 *   -EINVAL   the place or value breaks an alignment the type requires,
	 *             or the bytes at loc are not the instruction the type
	 *             patches (riscv R_RISCV_ALIGN over bytes that are not nops);
	 *   -ENOSPC   the field would run past r->room;
	 *   -ENOEXEC  a type kind() accepts but apply cannot do in this
	 *             context (riscv PCREL_LO12 with no HI20 at its label).
	 */
	int (*apply)(struct link_state *l, const struct link_site *r);

	/*
	 * Write a veneer of plt_size bytes at entry (final address entry_va)
	 * that jumps to target without changing the link register, using
	 * only the registers the psABI leaves to veneers (arm64 x16/x17,
	 * riscv t0-t2). got_va is the GOT entry holding target when
	 * plt_uses_got, else 0. Returns 0 or -ERANGE.
	 */
	int (*write_plt)(u8 *entry, u64 entry_va, u64 target, u64 got_va);

	/*
	 * Optional: the alignment (a power of two) a relocation of this type
	 * and addend asks for by deleting padding, or 0. riscv R_RISCV_ALIGN:
	 * the assembler wrote addend bytes of nops at the place, the worst
	 * case; the linker deletes all but what the code after it needs to be
	 * aligned, as GNU ld does even with --no-relax. The generic part
	 * deletes the bytes, moves every symbol and relocation after them,
	 * and apply() then rewrites the nops that stay.
	 */
	u64 (*align_request)(u32 type, s64 addend);
};

extern const struct link_arch link_arch_arm64, link_arch_riscv;

#endif
