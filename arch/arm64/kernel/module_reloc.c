// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 relocation of loadable modules: the struct link_arch that the
 * generic linker (kernel/module_link.c) calls for every relocation of an
 * AArch64 ET_REL object, and the veneer it writes for far calls.
 *
 * Every type, its value and its overflow check come from "ELF for the Arm
 * 64-bit Architecture (AArch64)" (AAELF64), section "Relocation types",
 * tables "Static Data relocations", "Group relocations to create a 16-,
 * 32-, 48-, or 64-bit unsigned data value or address inline", "... signed
 * data or offset value inline", "... PC-relative offset inline",
 * "Relocations to generate 19, 21 and 33 bit PC-relative addresses",
 * "Relocations for control-flow instructions" and "GOT-relative
 * instruction relocations". The instruction fields are the encodings of
 * the Arm ARM (DDI 0487), chapter C4 "A64 Instruction Set Encoding".
 *
 * Pure C on byte buffers: the host unit test and the fuzzer compile this
 * file as it is, and loc may be unaligned in their buffers, so words are
 * read and written a byte at a time (little-endian: ELFDATA2LSB only).
 */
/* reloc.h first: elf.h's prototypes use its struct elf64_rela. */
#include <lander/reloc.h>
#include <lander/elf.h>
#include <lander/errno.h>
#include <lander/module_link.h>
#include <lander/types.h>

/* How X is computed (AAELF64 names: S, A, P, Page(), G(GDAT(S + A))). */
enum arm64_value {
	V_ABS,	    /* S + A */
	V_PREL,	    /* S + A - P */
	V_PAGE,	    /* Page(S + A) - Page(P) */
	V_GOT,	    /* G(GDAT(S + A)) */
	V_GOT_PREL, /* G(GDAT(S + A)) - P */
	V_GOT_PAGE, /* Page(G(GDAT(S + A))) - Page(P) */
};

/* Where bits of X go. */
enum arm64_field {
	F_NONE,	 /* R_AARCH64_NONE: nothing */
	F_D64,	 /* a 64-bit data word */
	F_D32,	 /* a 32-bit data word */
	F_D16,	 /* a 16-bit data halfword */
	F_MOVW,	 /* imm16 of MOVZ/MOVK, bits [20:5]; the opcode is left alone */
	F_MOVNZ, /* imm16 of a MOVZ, or of a MOVN holding ~X when X < 0 */
	F_ADR,	 /* immhi:immlo of ADR or ADRP, bits [23:5] and [30:29] */
	F_IMM12, /* imm12 of ADD (immediate) or LDR/STR (unsigned offset), bits [21:10] */
	F_IMM19, /* imm19 of LDR (literal), B.cond, CBZ, CBNZ, bits [23:5] */
	F_IMM14, /* imm14 of TBZ, TBNZ, bits [18:5] */
	F_IMM26, /* imm26 of B, BL, bits [25:0] */
};

/*
 * The overflow checks of the AAELF64 tables, on X as a signed 64-bit
 * number: unsigned 0 <= X < 2^n; signed -2^n <= X < 2^n; either
 * -2^(n-1) <= X < 2^n (data that may be read as signed or unsigned).
 */
enum arm64_check { CK_NONE, CK_U, CK_S, CK_US };

/* The instruction a type patches: insn & mask == match (Arm ARM C4.1). */
enum arm64_class {
	C_DATA,	 /* not an instruction */
	C_MOVW,	 /* Move wide (immediate): bits [28:23] = 100101 */
	C_ADR,	 /* ADR: op = 0, bits [28:24] = 10000 */
	C_ADRP,	 /* ADRP: op = 1, bits [28:24] = 10000 */
	C_ADDI,	 /* Add/subtract (immediate): bits [28:23] = 100010 */
	C_LDST,	 /* Load/store register (unsigned immediate): bits [29:27] = 111, [25:24] = 01 */
	C_LDLIT, /* Load register (literal): bits [29:27] = 011, [25:24] = 00 */
	C_TBZ,	 /* Test and branch: bits [30:25] = 011011 */
	C_COND,	 /* B.cond (bits [31:24] = 01010100) or CBZ/CBNZ (bits [30:25] = 011010) */
	C_B,	 /* B or BL: bits [30:26] = 00101 */
};

static const struct {
	u32 mask, match;
	u32 mask2, match2; /* a second form, or 0, 0 */
} arm64_classes[] = {
	[C_MOVW] = { .mask = 0x1f800000, .match = 0x12800000 },
	[C_ADR] = { .mask = 0x9f000000, .match = 0x10000000 },
	[C_ADRP] = { .mask = 0x9f000000, .match = 0x90000000 },
	[C_ADDI] = { .mask = 0x1f800000, .match = 0x11000000 },
	[C_LDST] = { .mask = 0x3b000000, .match = 0x39000000 },
	[C_LDLIT] = { .mask = 0x3b000000, .match = 0x18000000 },
	[C_TBZ] = { .mask = 0x7e000000, .match = 0x36000000 },
	[C_COND] = { .mask = 0xff000000,
		     .match = 0x54000000,
		     .mask2 = 0x7e000000,
		     .match2 = 0x34000000 },
	[C_B] = { .mask = 0x7c000000, .match = 0x14000000 },
};

/* One relocation type: how to compute X, where it goes, what is checked. */
struct arm64_reloc {
	u16 type;
	u8 kind;  /* enum link_kind */
	u8 value; /* enum arm64_value */
	u8 field; /* enum arm64_field */
	u8 shift; /* the lowest bit of X the field holds */
	u8 check; /* enum arm64_check */
	u8 bits;  /* n of the check */
	u8 class; /* enum arm64_class */
	const char *name;
};

#define R(num, nm, k, v, f, sh, ck, n, c)                                            \
	{                                                                            \
		num, LINK_##k, V_##v, F_##f, sh, CK_##ck, n, C_##c, "R_AARCH64_" #nm \
	}

/* AAELF64 "Relocation types"; the number is the first column of its tables. */
static const struct arm64_reloc arm64_relocs[] = {
	/* R_AARCH64_NONE is 0; 256 is the withdrawn code the ABI also treats as NONE. */
	R(0, NONE, MARKER, ABS, NONE, 0, NONE, 0, DATA),
	R(256, NONE, MARKER, ABS, NONE, 0, NONE, 0, DATA),
	R(257, ABS64, PLAIN, ABS, D64, 0, NONE, 0, DATA),
	R(258, ABS32, PLAIN, ABS, D32, 0, US, 32, DATA),
	R(259, ABS16, PLAIN, ABS, D16, 0, US, 16, DATA),
	R(260, PREL64, PLAIN, PREL, D64, 0, NONE, 0, DATA),
	R(261, PREL32, PLAIN, PREL, D32, 0, US, 32, DATA),
	R(262, PREL16, PLAIN, PREL, D16, 0, US, 16, DATA),
	R(263, MOVW_UABS_G0, PLAIN, ABS, MOVW, 0, U, 16, MOVW),
	R(264, MOVW_UABS_G0_NC, PLAIN, ABS, MOVW, 0, NONE, 0, MOVW),
	R(265, MOVW_UABS_G1, PLAIN, ABS, MOVW, 16, U, 32, MOVW),
	R(266, MOVW_UABS_G1_NC, PLAIN, ABS, MOVW, 16, NONE, 0, MOVW),
	R(267, MOVW_UABS_G2, PLAIN, ABS, MOVW, 32, U, 48, MOVW),
	R(268, MOVW_UABS_G2_NC, PLAIN, ABS, MOVW, 32, NONE, 0, MOVW),
	R(269, MOVW_UABS_G3, PLAIN, ABS, MOVW, 48, NONE, 0, MOVW),
	R(270, MOVW_SABS_G0, PLAIN, ABS, MOVNZ, 0, S, 16, MOVW),
	R(271, MOVW_SABS_G1, PLAIN, ABS, MOVNZ, 16, S, 32, MOVW),
	R(272, MOVW_SABS_G2, PLAIN, ABS, MOVNZ, 32, S, 48, MOVW),
	R(273, LD_PREL_LO19, PLAIN, PREL, IMM19, 2, S, 20, LDLIT),
	R(274, ADR_PREL_LO21, PLAIN, PREL, ADR, 0, S, 20, ADR),
	R(275, ADR_PREL_PG_HI21, PLAIN, PAGE, ADR, 12, S, 32, ADRP),
	R(276, ADR_PREL_PG_HI21_NC, PLAIN, PAGE, ADR, 12, NONE, 0, ADRP),
	R(277, ADD_ABS_LO12_NC, PLAIN, ABS, IMM12, 0, NONE, 0, ADDI),
	R(278, LDST8_ABS_LO12_NC, PLAIN, ABS, IMM12, 0, NONE, 0, LDST),
	R(279, TSTBR14, PLAIN, PREL, IMM14, 2, S, 15, TBZ),
	R(280, CONDBR19, PLAIN, PREL, IMM19, 2, S, 20, COND),
	R(282, JUMP26, BRANCH, PREL, IMM26, 2, S, 27, B),
	R(283, CALL26, BRANCH, PREL, IMM26, 2, S, 27, B),
	R(284, LDST16_ABS_LO12_NC, PLAIN, ABS, IMM12, 1, NONE, 0, LDST),
	R(285, LDST32_ABS_LO12_NC, PLAIN, ABS, IMM12, 2, NONE, 0, LDST),
	R(286, LDST64_ABS_LO12_NC, PLAIN, ABS, IMM12, 3, NONE, 0, LDST),
	R(287, MOVW_PREL_G0, PLAIN, PREL, MOVNZ, 0, S, 16, MOVW),
	R(288, MOVW_PREL_G0_NC, PLAIN, PREL, MOVW, 0, NONE, 0, MOVW),
	R(289, MOVW_PREL_G1, PLAIN, PREL, MOVNZ, 16, S, 32, MOVW),
	R(290, MOVW_PREL_G1_NC, PLAIN, PREL, MOVW, 16, NONE, 0, MOVW),
	R(291, MOVW_PREL_G2, PLAIN, PREL, MOVNZ, 32, S, 48, MOVW),
	R(292, MOVW_PREL_G2_NC, PLAIN, PREL, MOVW, 32, NONE, 0, MOVW),
	R(293, MOVW_PREL_G3, PLAIN, PREL, MOVNZ, 48, NONE, 0, MOVW),
	R(299, LDST128_ABS_LO12_NC, PLAIN, ABS, IMM12, 4, NONE, 0, LDST),
	R(309, GOT_LD_PREL19, GOT, GOT_PREL, IMM19, 2, S, 20, LDLIT),
	R(311, ADR_GOT_PAGE, GOT, GOT_PAGE, ADR, 12, S, 32, ADRP),
	R(312, LD64_GOT_LO12_NC, GOT, GOT, IMM12, 3, NONE, 0, LDST),
	/*
	 * A 32-bit PC-relative function address; AAELF64 "Call and Jump
	 * relocations" lets it, like CALL26 and JUMP26, reach its target
	 * through a veneer.
	 */
	R(314, PLT32, BRANCH, PREL, D32, 0, S, 31, DATA),
};

#undef R

/*
 * The table entry for type, or NULL (TLS, dynamic and unknown types). The
 * table is in increasing order of type (the unit test checks it), so a
 * binary search: every relocation asks, at plan and at apply time.
 */
static const struct arm64_reloc *arm64_reloc_find(u32 type)
{
	unsigned int lo = 0, hi = sizeof(arm64_relocs) / sizeof(arm64_relocs[0]);

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (arm64_relocs[mid].type == type)
			return &arm64_relocs[mid];
		if (arm64_relocs[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* What the generic linker must plan for a type; LINK_UNKNOWN if it is not in the table. */
static enum link_kind arm64_kind(u32 type)
{
	const struct arm64_reloc *d = arm64_reloc_find(type);

	return d ? (enum link_kind)d->kind : LINK_UNKNOWN;
}

/* The ABI's name of a type, or NULL. */
static const char *arm64_type_name(u32 type)
{
	const struct arm64_reloc *d = arm64_reloc_find(type);

	return d ? d->name : NULL;
}

/* Little-endian load of n bytes (A64 instructions are little-endian whatever the data endianness). */
static u64 arm64_get(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Little-endian store of the low n bytes of v. */
static void arm64_put(u8 *p, unsigned int n, u64 v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (u8)v;
}

/* The 4 KB page holding address x: AAELF64's Page(expr), x with bits [11:0] cleared. */
static u64 arm64_page(u64 x)
{
	return x & ~0xfffULL;
}

/* Whether X passes the check the type's AAELF64 row names. */
static bool arm64_fits(const struct arm64_reloc *d, u64 x)
{
	s64 v = (s64)x;

	switch (d->check) {
	case CK_U: return v >= 0 && v < (s64)1 << d->bits;
	case CK_S: return v >= -((s64)1 << d->bits) && v < (s64)1 << d->bits;
	case CK_US: return v >= -((s64)1 << (d->bits - 1)) && v < (s64)1 << d->bits;
	default: return true;
	}
}

/* ADR/ADRP immhi:immlo set to the low 21 bits of imm (Arm ARM C6.2 ADR, ADRP). */
static u32 arm64_set_adr(u32 insn, u64 imm)
{
	insn &= ~(0x3u << 29 | 0x7ffffu << 5);
	return insn | (u32)(imm & 0x3) << 29 | (u32)((imm >> 2) & 0x7ffff) << 5;
}

/*
 * Put X into the instruction word insn as d's field asks. Move wide
 * (Arm ARM C6.2 MOVN, MOVZ, MOVK): opc, bits [30:29], is 00 for MOVN and
 * 10 for MOVZ; AAELF64 "Group relocations" notes that for the signed and
 * PC-relative forms that check overflow a negative X makes the
 * instruction MOVN holding the bits of NOT(X), else MOVZ holding X.
 */
static u32 arm64_encode(const struct arm64_reloc *d, u32 insn, u64 x)
{
	switch (d->field) {
	case F_MOVNZ:
		insn &= ~(0x3u << 29);
		if ((s64)x < 0) {
			x = ~x;
		} else {
			insn |= 0x2u << 29;
		}
		/* fall through */
	case F_MOVW: return (insn & ~(0xffffu << 5)) | (u32)((x >> d->shift) & 0xffff) << 5;
	case F_ADR: return arm64_set_adr(insn, x >> d->shift);
	case F_IMM12: return (insn & ~(0xfffu << 10)) | (u32)((x & 0xfff) >> d->shift) << 10;
	case F_IMM19: return (insn & ~(0x7ffffu << 5)) | (u32)((x >> 2) & 0x7ffff) << 5;
	case F_IMM14: return (insn & ~(0x3fffu << 5)) | (u32)((x >> 2) & 0x3fff) << 5;
	default: /* F_IMM26 */ return (insn & ~0x3ffffffu) | (u32)((x >> 2) & 0x3ffffff);
	}
}

/* Bytes a field occupies at loc. */
static unsigned int arm64_width(const struct arm64_reloc *d)
{
	switch (d->field) {
	case F_NONE: return 0;
	case F_D64: return 8;
	case F_D16: return 2;
	default: return 4;
	}
}

/*
 * Apply one relocation. Order of the checks: the field fits in the
 * section (-ENOSPC); an instruction is 4-byte aligned (Arm ARM, "PC
 * alignment checking") and is of the class the type patches (-EINVAL);
 * a GOT entry exists (-ERANGE); X is a multiple of what the field drops
 * from its low bits (-EINVAL): a branch or literal offset is a multiple
 * of 4, as the title of AAELF64's control-flow table says, and an LDSTn
 * offset a multiple of the access size, which AAELF64 notes a linker
 * should check although the type does not check overflow; X passes the
 * type's overflow check (-ERANGE), where a CALL26, JUMP26 or PLT32 out
 * of range first goes through a veneer, which must itself be in range.
 */
static int arm64_apply(struct link_state *l, const struct link_site *r)
{
	const struct arm64_reloc *d = arm64_reloc_find(r->type);
	unsigned int width, align;
	u64 target = r->S + (u64)r->A, x, got = 0;
	u32 insn = 0;

	if (!d)
		return -ENOEXEC;
	width = arm64_width(d);
	if (r->room < width)
		return -ENOSPC;
	if (d->field == F_NONE)
		return 0;
	if (d->class != C_DATA) {
		insn = (u32)arm64_get(r->loc, 4);
		if (r->P & 3)
			return -EINVAL;
		if ((insn & arm64_classes[d->class].mask) != arm64_classes[d->class].match &&
		    (!arm64_classes[d->class].mask2 ||
		     (insn & arm64_classes[d->class].mask2) != arm64_classes[d->class].match2))
			return -EINVAL;
	}
	if (d->value >= V_GOT) {
		got = link_got_entry(l, target);
		if (!got)
			return -ERANGE;
	}

	switch (d->value) {
	case V_ABS: x = target; break;
	case V_PREL: x = target - r->P; break;
	case V_PAGE: x = arm64_page(target) - arm64_page(r->P); break;
	case V_GOT: x = got; break;
	case V_GOT_PREL: x = got - r->P; break;
	default: /* V_GOT_PAGE */ x = arm64_page(got) - arm64_page(r->P); break;
	}

	align = d->field >= F_IMM12 ? 1u << d->shift : 1;
	if (x & (align - 1))
		return -EINVAL;
	if (!arm64_fits(d, x)) {
		u64 veneer;

		if (d->kind != LINK_BRANCH)
			return -ERANGE;
		veneer = link_plt_entry(l, target);
		if (!veneer)
			return -ERANGE;
		x = veneer - r->P;
		if ((x & 3) || !arm64_fits(d, x))
			return -ERANGE;
	}

	if (d->class == C_DATA)
		arm64_put(r->loc, width, x);
	else
		arm64_put(r->loc, 4, arm64_encode(d, insn, x));
	return 0;
}

/*
 * A veneer to target at entry_va, using only x16 (IP0), which AAPCS64
 * ("Use of IP0 and IP1 by the linker") leaves to veneers:
 *	ADRP x16, target		Page(target) - Page(entry_va), +-4 GB
 *	ADD  x16, x16, #:lo12:target
 *	BR   x16
 * Encodings from the Arm ARM (C6.2 ADRP, ADD (immediate), BR). Returns
 * -ERANGE when ADRP cannot reach target's page.
 */
static int arm64_write_plt(u8 *entry, u64 entry_va, u64 target, u64 got_va)
{
	u64 pages = arm64_page(target) - arm64_page(entry_va);
	s64 delta = (s64)pages;

	if (delta < -((s64)1 << 32) || delta >= (s64)1 << 32)
		return -ERANGE;
	/* ADRP x16: op 1, bits [28:24] 10000, Rd 16. */
	arm64_put(entry, 4, arm64_set_adr(0x90000010u, pages >> 12));
	/* ADD x16, x16, #imm12: sf 1, op 0, S 0, bits [28:23] 100010, sh 0, Rn 16, Rd 16. */
	arm64_put(entry + 4, 4, 0x91000210u | (u32)(target & 0xfff) << 10);
	/* BR x16: 1101011 0000 11111 000000 Rn 00000. */
	arm64_put(entry + 8, 4, 0xd61f0200u);
	return 0;
}

const struct link_arch link_arch_arm64 = {
	.name = "arm64",
	.machine = EM_AARCH64,
	.plt_size = 12,
	.plt_uses_got = false,
	.kind = arm64_kind,
	.type_name = arm64_type_name,
	.apply = arm64_apply,
	.write_plt = arm64_write_plt,
	.align_request = NULL,
};
