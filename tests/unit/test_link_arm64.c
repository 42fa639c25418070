// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of arm64 module relocation (arch/arm64/kernel/module_reloc.c)
 * without the generic linker: this file provides link_plt_entry(),
 * link_got_entry() and link_site_at() over a small fake state whose
 * veneer and GOT slots sit at known addresses.
 *
 * Type numbers and ranges are written out from "ELF for the Arm 64-bit
 * Architecture (AArch64)" (AAELF64), never taken from the code under
 * test; every expected instruction word is worked out by hand from the
 * Arm ARM (DDI 0487) C6.2 encodings, and the comment above it shows how.
 * Each patched field is a heap block of exactly the field's size, so
 * AddressSanitizer catches a write past it.
 *
 * Environment: LINK_ARM64_SEED (random seed for the differential test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lander/errno.h>
#include <lander/module_link.h>
#include "tap.h"

/* AAELF64 relocation codes. */
#define R_NONE_		 0
#define R_ABS64		 257
#define R_ABS32		 258
#define R_ABS16		 259
#define R_PREL64	 260
#define R_PREL32	 261
#define R_PREL16	 262
#define R_UABS_G0	 263
#define R_UABS_G0_NC	 264
#define R_UABS_G1	 265
#define R_UABS_G1_NC	 266
#define R_UABS_G2	 267
#define R_UABS_G2_NC	 268
#define R_UABS_G3	 269
#define R_SABS_G0	 270
#define R_SABS_G1	 271
#define R_SABS_G2	 272
#define R_LD_PREL_LO19	 273
#define R_ADR_LO21	 274
#define R_ADR_PG_HI21	 275
#define R_ADR_PG_HI21_NC 276
#define R_ADD_LO12	 277
#define R_LDST8		 278
#define R_TSTBR14	 279
#define R_CONDBR19	 280
#define R_JUMP26	 282
#define R_CALL26	 283
#define R_LDST16	 284
#define R_LDST32	 285
#define R_LDST64	 286
#define R_PREL_G0	 287
#define R_PREL_G0_NC	 288
#define R_PREL_G1	 289
#define R_PREL_G1_NC	 290
#define R_PREL_G2	 291
#define R_PREL_G2_NC	 292
#define R_PREL_G3	 293
#define R_LDST128	 299
#define R_GOT_LD_PREL19	 309
#define R_ADR_GOT_PAGE	 311
#define R_LD64_GOT_LO12	 312
#define R_PLT32		 314
#define R_COPY		 1024
#define R_RELATIVE	 1027
#define R_TLSLE_ADD_HI12 549
#define R_TLSDESC_CALL	 569

/* Base instruction words, immediates zero (Arm ARM C6.2). */
#define MOVZ_X0	   0xd2800000u /* sf 1, opc 10, 100101, hw 00 */
#define MOVN_X0	   0x92800000u /* opc 00 */
#define MOVK_X0	   0xf2800000u /* opc 11 */
#define HW(n)	   ((u32)(n) << 21)
#define ADR_X0	   0x10000000u /* op 0, 10000 */
#define ADRP_X0	   0x90000000u /* op 1 */
#define ADD_X0	   0x91000000u /* ADD x0, x0, #0: sf 1, 100010 */
#define LDRB_W0	   0x39400000u /* size 00, 111 0 01, opc 01 */
#define LDRH_W0	   0x79400000u /* size 01 */
#define LDR_W0	   0xb9400000u /* size 10 */
#define LDR_X0	   0xf9400000u /* size 11 */
#define LDR_Q0	   0x3dc00000u /* size 00, V 1, opc 11 */
#define LDR_X0_LIT 0x58000000u /* opc 01, 011 0 00 */
#define TBZ_W0	   0x36000000u /* b5 0, 011011, op 0, b40 0 */
#define BEQ	   0x54000000u /* 0101010 0, cond 0000 */
#define CBZ_X0	   0xb4000000u /* sf 1, 011010, op 0 */
#define BL	   0x94000000u /* op 1, 00101 */
#define B	   0x14000000u /* op 0 */
#define NOP	   0xd503201fu

/* Module addresses: a code page, and the fake veneer and GOT areas. */
#define P0	 0xffff800000010000ULL
#define PLT_BASE 0xffff800000300000ULL
#define GOT_BASE 0xffff800000200ff0ULL /* slot 2 starts the next page */
#define NPLT	 4
#define NGOT	 4

struct link_state {
	unsigned int plt_max, plt_used, got_used;
	u64 plt_target[NPLT];
	u64 got_value[NGOT];
};

static struct link_state st;

/* A fresh fake state with plt_max veneers. */
static struct link_state *fresh(unsigned int plt_max)
{
	memset(&st, 0, sizeof(st));
	st.plt_max = plt_max;
	return &st;
}

/* Veneer slot i is at PLT_BASE + 12 i; one per target, shared. */
u64 link_plt_entry(struct link_state *l, u64 target)
{
	unsigned int i;

	for (i = 0; i < l->plt_used; i++)
		if (l->plt_target[i] == target)
			return PLT_BASE + 12 * i;
	if (l->plt_used == l->plt_max)
		return 0;
	l->plt_target[l->plt_used] = target;
	return PLT_BASE + 12 * l->plt_used++;
}

/* GOT slot i is at GOT_BASE + 8 i; one per value, shared. */
u64 link_got_entry(struct link_state *l, u64 value)
{
	unsigned int i;

	for (i = 0; i < l->got_used; i++)
		if (l->got_value[i] == value)
			return GOT_BASE + 8 * i;
	if (l->got_used == NGOT)
		return 0;
	l->got_value[l->got_used] = value;
	return GOT_BASE + 8 * l->got_used++;
}

/* arm64 never asks for another site. */
int link_site_at(struct link_state *l, u64 place, struct link_site *out)
{
	return -ENOENT;
}

static const struct link_arch *la = &link_arch_arm64;

/* Little-endian word of n bytes at p. */
static u64 get_le(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Store the low n bytes of v at p, little-endian. */
static void put_le(u8 *p, unsigned int n, u64 v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (u8)v;
}

/*
 * Apply type at P with S and A to a field of width bytes holding in (its
 * heap block exactly room bytes). Returns apply's result; *out is the
 * field afterwards.
 */
static int patch_room(struct link_state *l, u32 type, u64 in, unsigned int width, u64 room, u64 P,
		      u64 S, s64 A, u64 *out)
{
	u8 *buf = malloc(room ? room : 1);
	struct link_site r = { .type = type, .loc = buf, .room = room, .P = P, .S = S, .A = A };
	int rc;

	if (!buf)
		exit(2);
	memset(buf, 0xa5, room);
	if (room >= width)
		put_le(buf, width, in);
	rc = la->apply(l, &r);
	*out = room >= width ? get_le(buf, width) : 0;
	free(buf);
	return rc;
}

/* patch_room() with exactly the field's width of room. */
static int patch(struct link_state *l, u32 type, u64 in, unsigned int width, u64 P, u64 S, s64 A,
		 u64 *out)
{
	return patch_room(l, type, in, width, width, P, S, A, out);
}

/* Patch one instruction word; returns the new word, or ~0 with *rc set. */
static u32 insn(u32 type, u32 in, u64 P, u64 S, s64 A, int *rc)
{
	u64 out;

	*rc = patch(&st, type, in, 4, P, S, A, &out);
	return (u32)out;
}

/* --- an independent decoder, from the Arm ARM's field layouts ---------- */

/* The low bits bits of v as a signed number. */
static s64 sext(u64 v, unsigned int bits)
{
	return (s64)(v << (64 - bits)) >> (64 - bits);
}

/* B and BL: imm26, bits [25:0], times 4. */
static s64 dec_imm26(u32 i)
{
	return sext(i & 0x3ffffff, 26) * 4;
}

/* LDR (literal), B.cond, CBZ, CBNZ: imm19, bits [23:5], times 4. */
static s64 dec_imm19(u32 i)
{
	return sext((i >> 5) & 0x7ffff, 19) * 4;
}

/* TBZ, TBNZ: imm14, bits [18:5], times 4. */
static s64 dec_imm14(u32 i)
{
	return sext((i >> 5) & 0x3fff, 14) * 4;
}

/* ADR's byte offset, or ADRP's page count: immhi:immlo, signed. */
static s64 dec_adr(u32 i)
{
	return sext((u64)((i >> 5) & 0x7ffff) << 2 | ((i >> 29) & 3), 21);
}

/* Execute a MOVZ, MOVN or MOVK on register value reg. */
static u64 exec_movw(u32 i, u64 reg)
{
	unsigned int sh = ((i >> 21) & 3) * 16;
	u64 imm = (u64)((i >> 5) & 0xffff) << sh;

	switch ((i >> 29) & 3) {
	case 0: return ~imm;
	case 2: return imm;
	case 3: return (reg & ~(0xffffULL << sh)) | imm;
	}
	return 0xdeadbeef;
}

/* ------------------------------------------------------------------------ */

/* One golden encoding: input word, P, S, A, expected word. */
struct golden {
	const char *what;
	u32 type, in;
	u64 P, S;
	s64 A;
	u32 expect;
};

static const struct golden goldens[] = {
	/* MOVZ x0, #0xbeef: 0xbeef << 5 = 0x17dde0; 0xd2800000 + 0x17dde0. */
	{ "UABS_G0 movz", R_UABS_G0, MOVZ_X0, P0, 0xbeef, 0, 0xd297dde0 },
	/* bits [15:0] of 0x123456789abcdef0 = 0xdef0; << 5 = 0x1bde00. */
	{ "UABS_G0_NC movk", R_UABS_G0_NC, MOVK_X0, P0, 0x123456789abcdef0, 0, 0xf29bde00 },
	/* hw 1 (0xd2a00000); bits [31:16] of 0xcafe1234 = 0xcafe; << 5 = 0x195fc0. */
	{ "UABS_G1 movz", R_UABS_G1, MOVZ_X0 | HW(1), P0, 0xcafe1234, 0, 0xd2b95fc0 },
	/* bits [31:16] = 0x9abc; << 5 = 0x135780; 0xf2a00000 + 0x135780. */
	{ "UABS_G1_NC movk", R_UABS_G1_NC, MOVK_X0 | HW(1), P0, 0x123456789abcdef0, 0, 0xf2b35780 },
	/* hw 2 (0xd2c00000); bits [47:32] of 0x876500000000 = 0x8765; << 5 = 0x10eca0. */
	{ "UABS_G2 movz", R_UABS_G2, MOVZ_X0 | HW(2), P0, 0x876500000000, 0, 0xd2d0eca0 },
	/* bits [47:32] = 0x5678; << 5 = 0xacf00; 0xf2c00000 + 0xacf00. */
	{ "UABS_G2_NC movk", R_UABS_G2_NC, MOVK_X0 | HW(2), P0, 0x123456789abcdef0, 0, 0xf2cacf00 },
	/* bits [63:48] = 0x1234; << 5 = 0x24680; 0xf2e00000 + 0x24680. */
	{ "UABS_G3 movk", R_UABS_G3, MOVK_X0 | HW(3), P0, 0x123456789abcdef0, 0, 0xf2e24680 },
	/* X = -2 < 0: MOVN (opc 00) of NOT(X) = 1: 0x92800000 | 1 << 5. */
	{ "SABS_G0 negative -> movn", R_SABS_G0, MOVZ_X0, P0, 0, -2, 0x92800020 },
	/* X = 0x1234 >= 0: MOVZ (opc 10) of 0x1234: 0xd2800000 | 0x24680. */
	{ "SABS_G0 positive -> movz", R_SABS_G0, MOVN_X0, P0, 0x1234, 0, 0xd2824680 },
	/* X = -0x12345678: NOT(X) = 0x12345677, bits [31:16] 0x1234: 0x92a00000 | 0x24680. */
	{ "SABS_G1 negative -> movn", R_SABS_G1, MOVZ_X0 | HW(1), P0, 0, -0x12345678, 0x92a24680 },
	/* X = 0x7fff00000000: MOVZ hw 2 of 0x7fff: 0xd2c00000 | 0x7fff << 5 (0xfffe0). */
	{ "SABS_G2 positive -> movz", R_SABS_G2, MOVN_X0 | HW(2), P0, 0x7fff00000000, 0,
	  0xd2cfffe0 },
	/* X = -0x100: MOVN of NOT(X) = 0xff: 0x92800000 | 0xff << 5 (0x1fe0). */
	{ "PREL_G0 backwards -> movn", R_PREL_G0, MOVZ_X0, P0, P0 - 0x100, 0, 0x92801fe0 },
	/* X = -0x100: bits [15:0] 0xff00 << 5 = 0x1fe000, MOVK stays MOVK. */
	{ "PREL_G0_NC movk", R_PREL_G0_NC, MOVK_X0, P0, P0 - 0x100, 0, 0xf29fe000 },
	/* X = 0x12340000: MOVZ hw 1 of 0x1234: 0xd2a00000 | 0x24680. */
	{ "PREL_G1 forwards -> movz", R_PREL_G1, MOVN_X0 | HW(1), P0, P0 + 0x12340000, 0,
	  0xd2a24680 },
	/* X = -0x100: bits [31:16] 0xffff << 5 = 0x1fffe0; 0xf2a00000 + 0x1fffe0. */
	{ "PREL_G1_NC movk", R_PREL_G1_NC, MOVK_X0 | HW(1), P0, P0 - 0x100, 0, 0xf2bfffe0 },
	/* X = -2^40: NOT(X) = 0xffffffffff, bits [47:32] 0xff: 0x92c00000 | 0x1fe0. */
	{ "PREL_G2 backwards -> movn", R_PREL_G2, MOVZ_X0 | HW(2), P0, P0 - (1ULL << 40), 0,
	  0x92c01fe0 },
	/* X = 0x123400000000: bits [47:32] 0x1234 << 5; 0xf2c00000 + 0x24680. */
	{ "PREL_G2_NC movk", R_PREL_G2_NC, MOVK_X0 | HW(2), P0, P0 + 0x123400000000, 0,
	  0xf2c24680 },
	/* X = -1: MOVN hw 3 of NOT(X) = 0. */
	{ "PREL_G3 -1 -> movn", R_PREL_G3, MOVZ_X0 | HW(3), P0, P0 - 1, 0, 0x92e00000 },
	/* X = 2^48: MOVZ hw 3 of 1: 0xd2e00000 | 1 << 5. */
	{ "PREL_G3 2^48 -> movz", R_PREL_G3, MOVN_X0 | HW(3), P0, P0 + (1ULL << 48), 0,
	  0xd2e00020 },
	/* X = 0x100: imm19 = 0x40, << 5 = 0x800. */
	{ "LD_PREL_LO19 forwards", R_LD_PREL_LO19, LDR_X0_LIT, P0, P0 + 0x100, 0, 0x58000800 },
	/* X = -4: imm19 = 0x7ffff, << 5 = 0xffffe0. */
	{ "LD_PREL_LO19 backwards", R_LD_PREL_LO19, LDR_X0_LIT, P0, P0, -4, 0x58ffffe0 },
	/* X = 0x12345: immlo 1 (<< 29 = 0x20000000), immhi 0x48d1 (<< 5 = 0x91a20). */
	{ "ADR_PREL_LO21", R_ADR_LO21, ADR_X0, P0, P0 + 0x12000, 0x345, 0x30091a20 },
	/* X = -1: immlo 3 (0x60000000), immhi 0x7ffff (0xffffe0). */
	{ "ADR_PREL_LO21 -1", R_ADR_LO21, ADR_X0, P0 + 4, P0 + 3, 0, 0x70ffffe0 },
	/* Page(P0 + 0x12345678) - Page(P0 + 0x10) = 0x12345000: imm 0x12345 as above, op 1. */
	{ "ADR_PREL_PG_HI21", R_ADR_PG_HI21, ADRP_X0, P0 + 0x10, P0 + 0x12345000, 0x678,
	  0xb0091a20 },
	/* X = 2^32: imm bit 20 = immhi bit 18: 1 << 23 = 0x800000. */
	{ "ADR_PREL_PG_HI21_NC 2^32", R_ADR_PG_HI21_NC, ADRP_X0, P0, P0 + (1ULL << 32), 0,
	  0x90800000 },
	/* low 12 bits 0xabc << 10 = 0x2af000. */
	{ "ADD_ABS_LO12_NC", R_ADD_LO12, ADD_X0, P0, 0xffff800000123abc, 0, 0x912af000 },
	/* 0xfff << 10 = 0x3ffc00. */
	{ "LDST8_ABS_LO12_NC", R_LDST8, LDRB_W0, P0, 0xffff800000123fff, 0, 0x397ffc00 },
	/* 0x246 / 2 = 0x123, << 10 = 0x48c00. */
	{ "LDST16_ABS_LO12_NC", R_LDST16, LDRH_W0, P0, 0xffff800000123246, 0, 0x79448c00 },
	/* 0x248 / 4 = 0x92, << 10 = 0x24800. */
	{ "LDST32_ABS_LO12_NC", R_LDST32, LDR_W0, P0, 0xffff800000123248, 0, 0xb9424800 },
	/* 0xff8 / 8 = 0x1ff, << 10 = 0x7fc00. */
	{ "LDST64_ABS_LO12_NC", R_LDST64, LDR_X0, P0, 0xffff800000123ff8, 0, 0xf947fc00 },
	/* 0xff0 / 16 = 0xff, << 10 = 0x3fc00. */
	{ "LDST128_ABS_LO12_NC", R_LDST128, LDR_Q0, P0, 0xffff800000123ff0, 0, 0x3dc3fc00 },
	/* X = 0x20: imm14 = 8, << 5 = 0x100. */
	{ "TSTBR14 forwards", R_TSTBR14, TBZ_W0, P0, P0 + 0x20, 0, 0x36000100 },
	/* X = -0x8000: imm14 = 0x2000 (-2^13), << 5 = 0x40000. */
	{ "TSTBR14 lowest", R_TSTBR14, TBZ_W0, P0 + 0x8000, P0, 0, 0x36040000 },
	/* X = -8: imm19 = 0x7fffe, << 5 = 0xffffc0. */
	{ "CONDBR19 b.eq", R_CONDBR19, BEQ, P0 + 8, P0, 0, 0x54ffffc0 },
	/* X = 0x40: imm19 = 0x10, << 5 = 0x200. */
	{ "CONDBR19 cbz", R_CONDBR19, CBZ_X0, P0, P0 + 0x40, 0, 0xb4000200 },
	/* X = 0x1000: imm26 = 0x400. */
	{ "CALL26", R_CALL26, BL, P0, P0 + 0x1000, 0, 0x94000400 },
	/* X = -4: imm26 = 0x3ffffff. */
	{ "CALL26 -4", R_CALL26, BL, P0 + 4, P0, 0, 0x97ffffff },
	/* X = 2^27 - 4: imm26 = 0x1ffffff, the largest forward branch. */
	{ "JUMP26 farthest", R_JUMP26, B, P0, P0 + (1ULL << 27) - 4, 0, 0x15ffffff },
};

/* Every golden word above. */
static void case_goldens(void)
{
	unsigned int i;
	int rc;

	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
		const struct golden *g = &goldens[i];
		u32 w;

		fresh(0);
		w = insn(g->type, g->in, g->P, g->S, g->A, &rc);
		TAP_CHECK(rc == 0 && w == g->expect, "rc %d, got %#x, expected %#x", rc, w,
			  g->expect);
		tap_case("golden %s", g->what);
	}
}

/* Data relocations: values and bytes, little-endian. */
static void case_data(void)
{
	u64 out;
	int rc;

	fresh(0);
	rc = patch(&st, R_ABS64, 0, 8, P0, 0xffff800000123450, 8, &out);
	TAP_CHECK(rc == 0 && out == 0xffff800000123458, "rc %d out %#llx", rc, out);
	/* S + A - P = 0x1000 - 0x2000 = -0x1000. */
	rc = patch(&st, R_PREL64, 0, 8, 0x2000, 0x1000, 0, &out);
	TAP_CHECK(rc == 0 && out == 0xfffffffffffff000, "rc %d out %#llx", rc, out);
	/* ABS32 of -1 is 0xffffffff, as the check allows signed values. */
	rc = patch(&st, R_ABS32, 0, 4, P0, 0, -1, &out);
	TAP_CHECK(rc == 0 && out == 0xffffffff, "rc %d out %#llx", rc, out);
	rc = patch(&st, R_PREL16, 0, 2, P0, P0 - 2, 0, &out);
	TAP_CHECK(rc == 0 && out == 0xfffe, "rc %d out %#llx", rc, out);
	/* ABS16 of 0xbeef + 0x11 = 0xbf00. */
	rc = patch(&st, R_ABS16, 0, 2, P0, 0xbeef, 0x11, &out);
	TAP_CHECK(rc == 0 && out == 0xbf00, "rc %d out %#llx", rc, out);
	/* PREL32 of P0 + 0x80000000 - P0 = 0x80000000 (unsigned half of the range). */
	rc = patch(&st, R_PREL32, 0, 4, P0, P0 + 0x80000000, 0, &out);
	TAP_CHECK(rc == 0 && out == 0x80000000, "rc %d out %#llx", rc, out);
	/* PLT32 of -0x10: two's complement 0xfffffff0. */
	rc = patch(&st, R_PLT32, 0, 4, P0 + 0x10, P0, 0, &out);
	TAP_CHECK(rc == 0 && out == 0xfffffff0, "rc %d out %#llx", rc, out);
	/* NONE and the withdrawn 256 leave the bytes alone. */
	rc = patch(&st, R_NONE_, 0x12345678, 4, P0, P0, 0, &out);
	TAP_CHECK(rc == 0 && out == 0x12345678, "rc %d out %#llx", rc, out);
	rc = patch(&st, 256, 0x12345678, 4, P0, P0, 0, &out);
	TAP_CHECK(rc == 0 && out == 0x12345678, "rc %d out %#llx", rc, out);
	tap_case("data relocations and NONE: values and bytes");
}

/*
 * The exact edges of every overflow check (AAELF64 tables): the smallest
 * and largest X accepted, and one step (the field's granule) beyond each.
 * X is made from P and S: ABS types S = X; PREL types S = P + X; page
 * types with P page-aligned; GOT types by P below the first GOT slot.
 */
struct edge {
	u32 type, in;
	unsigned int width;
	char how; /* 'a' S + A, 'p' S + A - P, 'g' GOT - P (P = first slot - X) */
	s64 lo, hi;
	u64 step;
};

#define S2(n) ((s64)1 << (n))

static const struct edge edges[] = {
	{ R_ABS32, 0, 4, 'a', -S2(31), S2(32) - 1, 1 },
	{ R_ABS16, 0, 2, 'a', -S2(15), S2(16) - 1, 1 },
	{ R_PREL32, 0, 4, 'p', -S2(31), S2(32) - 1, 1 },
	{ R_PREL16, 0, 2, 'p', -S2(15), S2(16) - 1, 1 },
	{ R_PLT32, 0, 4, 'p', -S2(31), S2(31) - 1, 1 },
	{ R_UABS_G0, MOVZ_X0, 4, 'a', 0, S2(16) - 1, 1 },
	{ R_UABS_G1, MOVZ_X0 | HW(1), 4, 'a', 0, S2(32) - 1, 1 },
	{ R_UABS_G2, MOVZ_X0 | HW(2), 4, 'a', 0, S2(48) - 1, 1 },
	{ R_SABS_G0, MOVZ_X0, 4, 'a', -S2(16), S2(16) - 1, 1 },
	{ R_SABS_G1, MOVZ_X0 | HW(1), 4, 'a', -S2(32), S2(32) - 1, 1 },
	{ R_SABS_G2, MOVZ_X0 | HW(2), 4, 'a', -S2(48), S2(48) - 1, 1 },
	{ R_PREL_G0, MOVZ_X0, 4, 'p', -S2(16), S2(16) - 1, 1 },
	{ R_PREL_G1, MOVZ_X0 | HW(1), 4, 'p', -S2(32), S2(32) - 1, 1 },
	{ R_PREL_G2, MOVZ_X0 | HW(2), 4, 'p', -S2(48), S2(48) - 1, 1 },
	{ R_LD_PREL_LO19, LDR_X0_LIT, 4, 'p', -S2(20), S2(20) - 4, 4 },
	{ R_ADR_LO21, ADR_X0, 4, 'p', -S2(20), S2(20) - 1, 1 },
	{ R_ADR_PG_HI21, ADRP_X0, 4, 'p', -S2(32), S2(32) - 4096, 4096 },
	{ R_TSTBR14, TBZ_W0, 4, 'p', -S2(15), S2(15) - 4, 4 },
	{ R_CONDBR19, BEQ, 4, 'p', -S2(20), S2(20) - 4, 4 },
	{ R_JUMP26, B, 4, 'p', -S2(27), S2(27) - 4, 4 },
	{ R_CALL26, BL, 4, 'p', -S2(27), S2(27) - 4, 4 },
	{ R_GOT_LD_PREL19, LDR_X0_LIT, 4, 'g', -S2(20), S2(20) - 4, 4 },
	{ R_ADR_GOT_PAGE, ADRP_X0, 4, 'g', -S2(32), S2(32) - 4096, 4096 },
};

/*
 * The value the field now holds, decoded independently: data read back
 * (sign-extended), a MOVZ/MOVN executed (the bits at and above its
 * shift), a PC-relative offset decoded.
 */
static s64 decoded(const struct edge *e, u64 w)
{
	switch (e->type) {
	case R_ABS32:
	case R_ABS16:
	case R_PREL32:
	case R_PREL16:
	case R_PLT32: return sext(w, e->width * 8);
	case R_LD_PREL_LO19:
	case R_CONDBR19:
	case R_GOT_LD_PREL19: return dec_imm19((u32)w);
	case R_ADR_LO21: return dec_adr((u32)w);
	case R_ADR_PG_HI21:
	case R_ADR_GOT_PAGE: return dec_adr((u32)w) * 4096;
	case R_TSTBR14: return dec_imm14((u32)w);
	case R_JUMP26:
	case R_CALL26: return dec_imm26((u32)w);
	}
	return (s64)exec_movw((u32)w, 0);
}

/* Apply e with X = x; the patched word in *w. */
static int edge_apply(const struct edge *e, s64 x, u64 *w)
{
	u64 P = P0;

	fresh(0);
	if (e->how == 'a')
		return patch(&st, e->type, e->in, e->width, P, (u64)x, 0, w);
	if (e->how == 'p')
		return patch(&st, e->type, e->in, e->width, P, P + (u64)x, 0, w);
	/* 'g': the first GOT slot is GOT_BASE (page GOT_BASE & ~0xfff). */
	P = (e->type == R_ADR_GOT_PAGE ? GOT_BASE & ~0xfffULL : GOT_BASE) - (u64)x;
	return patch(&st, e->type, e->in, e->width, P, 0x1234, 0, w);
}

/* Does the decoded field say x? MOVW fields hold the bits from the group's shift up. */
static bool edge_holds(const struct edge *e, s64 x, u64 w)
{
	s64 d = decoded(e, w);

	if ((e->in & 0x1f800000) == 0x12800000) {
		unsigned int sh = ((e->in >> 21) & 3) * 16;

		if (e->type <= R_UABS_G3) /* unsigned: only the 16 bits of the group */
			return (((u64)d >> sh) & 0xffff) == (((u64)x >> sh) & 0xffff);
		return d >> sh == x >> sh;
	}
	if (e->width < 8 && e->in == 0 && x > 0 && (u64)x >> (e->width * 8 - 1))
		return (u64)d == ((u64)x | ~0ULL << (e->width * 8)); /* unsigned top half */
	return d == x;
}

/* Each row of edges[]: both ends accepted and decoded back, one step past each refused. */
static void case_edges(void)
{
	unsigned int i;
	u64 w;
	int rc;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		const struct edge *e = &edges[i];

		rc = edge_apply(e, e->lo, &w);
		TAP_CHECK(rc == 0 && edge_holds(e, e->lo, w), "lo %lld: rc %d w %#llx", e->lo, rc,
			  w);
		rc = edge_apply(e, e->hi, &w);
		TAP_CHECK(rc == 0 && edge_holds(e, e->hi, w), "hi %lld: rc %d w %#llx", e->hi, rc,
			  w);
		rc = edge_apply(e, e->lo - (s64)e->step, &w);
		TAP_CHECK(rc == -ERANGE, "lo - step: rc %d", rc);
		rc = edge_apply(e, e->hi + (s64)e->step, &w);
		TAP_CHECK(rc == -ERANGE, "hi + step: rc %d", rc);
		tap_case("overflow edges of type %u: [%lld, %lld]", e->type, e->lo, e->hi);
	}
}

/* Types that do not check: the same out-of-range values are written, truncated. */
static void case_no_check(void)
{
	int rc;
	u32 w;

	fresh(0);
	/* UABS_G0_NC of 0x10000: bits [15:0] are 0. */
	w = insn(R_UABS_G0_NC, MOVK_X0, P0, 0x10000, 0, &rc);
	TAP_CHECK(rc == 0 && w == MOVK_X0, "rc %d w %#x", rc, w);
	/* UABS_G3 of ~0: bits [63:48] 0xffff << 5 = 0x1fffe0. */
	w = insn(R_UABS_G3, MOVK_X0 | HW(3), P0, ~0ULL, 0, &rc);
	TAP_CHECK(rc == 0 && w == 0xf2ffffe0, "rc %d w %#x", rc, w);
	/* ADR_PREL_PG_HI21 of 2^32 overflows where the _NC golden case passed. */
	w = insn(R_ADR_PG_HI21, ADRP_X0, P0, P0 + (1ULL << 32), 0, &rc);
	TAP_CHECK(rc == -ERANGE, "rc %d", rc);
	tap_case("_NC types write without checking; their checked twins refuse");
}

/* LDSTn and branch/literal targets must be aligned to what the field drops. */
static void case_alignment(void)
{
	static const struct {
		u32 type, in;
		u64 S;
	} bad[] = {
		{ R_LDST16, LDRH_W0, 0x1247 },
		{ R_LDST32, LDR_W0, 0x124a },
		{ R_LDST64, LDR_X0, 0x1ff4 },
		{ R_LDST128, LDR_Q0, 0x1ff8 },
		{ R_CALL26, BL, P0 + 2 },
		{ R_JUMP26, B, P0 + 0x101 },
		{ R_CONDBR19, BEQ, P0 + 6 },
		{ R_TSTBR14, TBZ_W0, P0 - 1 },
		{ R_LD_PREL_LO19, LDR_X0_LIT, P0 + 0x13 },
	};
	unsigned int i;
	int rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh(1);
		insn(bad[i].type, bad[i].in, P0, bad[i].S, 0, &rc);
		TAP_CHECK(rc == -EINVAL, "type %u S %#llx: rc %d", bad[i].type, bad[i].S, rc);
	}
	/* A far, misaligned call is refused as misaligned, not given a veneer. */
	fresh(1);
	insn(R_CALL26, BL, P0, P0 + (1ULL << 30) + 2, 0, &rc);
	TAP_CHECK(rc == -EINVAL && st.plt_used == 0, "rc %d plt_used %u", rc, st.plt_used);
	/* An instruction at a place that is not a multiple of 4. */
	insn(R_CALL26, BL, P0 + 2, P0 + 0x102, 0, &rc);
	TAP_CHECK(rc == -EINVAL, "misaligned place: rc %d", rc);
	tap_case("alignment: LDSTn, branches, literals, the place");
}

/* The word at loc must be the instruction the type patches. */
static void case_wrong_insn(void)
{
	int rc;

	fresh(1);
	insn(R_CALL26, NOP, P0, P0 + 0x100, 0, &rc);
	TAP_CHECK(rc == -EINVAL, "CALL26 on a NOP: rc %d", rc);
	insn(R_SABS_G0, ADD_X0, P0, 1, 0, &rc);
	TAP_CHECK(rc == -EINVAL, "MOVW on an ADD: rc %d", rc);
	insn(R_ADR_PG_HI21, ADR_X0, P0, P0, 0, &rc);
	TAP_CHECK(rc == -EINVAL, "PG_HI21 on an ADR: rc %d", rc);
	insn(R_LDST64, LDR_X0_LIT, P0, 0x1000, 0, &rc);
	TAP_CHECK(rc == -EINVAL, "LDST64 on a literal load: rc %d", rc);
	tap_case("the instruction class is checked before patching");
}

/* room below the field's width is refused; exactly the width is fine. */
static void case_room(void)
{
	static const struct {
		u32 type, in;
		unsigned int width;
		u64 S; /* a value that fits */
	} t[] = {
		{ R_ABS64, 0, 8, P0 },	     { R_PREL64, 0, 8, P0 + 8 },
		{ R_ABS32, 0, 4, 0x1234 },   { R_PREL16, 0, 2, P0 + 8 },
		{ R_CALL26, BL, 4, P0 + 8 }, { R_ADR_GOT_PAGE, ADRP_X0, 4, P0 + 8 },
		{ R_PLT32, 0, 4, P0 + 8 },   { R_SABS_G0, MOVZ_X0, 4, 0x1234 },
	};
	unsigned int i;
	u64 out;
	int rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		fresh(1);
		rc = patch_room(&st, t[i].type, t[i].in, t[i].width, t[i].width - 1, P0, t[i].S, 0,
				&out);
		TAP_CHECK(rc == -ENOSPC, "type %u room %u: rc %d", t[i].type, t[i].width - 1, rc);
		TAP_CHECK(st.got_used == 0, "type %u took a GOT slot before failing", t[i].type);
		rc = patch_room(&st, t[i].type, t[i].in, t[i].width, t[i].width, P0, t[i].S, 0,
				&out);
		TAP_CHECK(rc == 0, "type %u room %u: rc %d", t[i].type, t[i].width, rc);
	}
	fresh(0);
	rc = patch_room(&st, R_NONE_, 0, 0, 0, P0, 0, 0, &out);
	TAP_CHECK(rc == 0, "NONE with room 0: rc %d", rc);
	tap_case("room: one byte short is -ENOSPC, the field's width is enough");
}

/* The three GOT types, the value stored in the slot and slot sharing. */
static void case_got(void)
{
	int rc;
	u32 w;

	fresh(0);
	/*
	 * First slot GOT_BASE = 0xffff800000200ff0, holding S + A = 0x5008.
	 * ADR_GOT_PAGE at P0: Page(GOT_BASE) - Page(P0) = 0x1f0000, imm 0x1f0:
	 * immlo 0, immhi 0x7c << 5 = 0xf80.
	 */
	w = insn(R_ADR_GOT_PAGE, ADRP_X0, P0, 0x5000, 8, &rc);
	TAP_CHECK(rc == 0 && w == 0x90000f80, "ADR_GOT_PAGE: rc %d w %#x", rc, w);
	TAP_CHECK(st.got_used == 1 && st.got_value[0] == 0x5008, "slot holds %#llx",
		  st.got_value[0]);
	/* LD64_GOT_LO12_NC, same S + A, same slot: 0xff0 / 8 = 0x1fe, << 10 = 0x7f800. */
	w = insn(R_LD64_GOT_LO12, LDR_X0, P0 + 4, 0x5000, 8, &rc);
	TAP_CHECK(rc == 0 && w == 0xf947f800, "LD64_GOT_LO12_NC: rc %d w %#x", rc, w);
	TAP_CHECK(st.got_used == 1, "the slot was not shared: %u", st.got_used);
	/* GOT_LD_PREL19 from 0x100 below the slot: imm19 0x40 << 5 = 0x800. */
	w = insn(R_GOT_LD_PREL19, LDR_X0_LIT, GOT_BASE - 0x100, 0x5008, 0, &rc);
	TAP_CHECK(rc == 0 && w == 0x58000800, "GOT_LD_PREL19: rc %d w %#x", rc, w);
	/* Slot 2 is GOT_BASE + 16 = 0xffff800000201000: lo12 0. */
	insn(R_LD64_GOT_LO12, LDR_X0, P0, 0x6000, 0, &rc);
	w = insn(R_LD64_GOT_LO12, LDR_X0, P0, 0x7000, 0, &rc);
	TAP_CHECK(rc == 0 && w == LDR_X0 && st.got_used == 3, "slot 2: rc %d w %#x", rc, w);
	insn(R_LD64_GOT_LO12, LDR_X0, P0, 0x8000, 0, &rc);
	insn(R_LD64_GOT_LO12, LDR_X0, P0, 0x9000, 0, &rc);
	TAP_CHECK(rc == -ERANGE, "GOT exhausted: rc %d", rc);
	tap_case("GOT types: values, shared slot, exhaustion");
}

/* Decode a veneer written by write_plt back to its target, or ~0. */
static u64 veneer_target(const u8 *v, u64 va)
{
	u32 adrp = (u32)get_le(v, 4), add = (u32)get_le(v + 4, 4), br = (u32)get_le(v + 8, 4);

	/* ADRP x16; ADD x16, x16, #imm (sh 0); BR x16. */
	if ((adrp & 0x9f00001f) != 0x90000010 || (add & 0xffc003ff) != 0x91000210 ||
	    br != 0xd61f0200)
		return ~0ULL;
	return (va & ~0xfffULL) + (u64)dec_adr(adrp) * 4096 + ((add >> 10) & 0xfff);
}

/* A far call goes through a veneer; the veneer reaches the target. */
static void case_veneer(void)
{
	const u64 target = P0 + 0x10000124; /* 2^28 + 0x124 away: out of BL's range */
	u8 v[12];
	int rc;
	u32 w;

	fresh(NPLT);
	/* BL to slot 0, PLT_BASE - P0 = 0x2f0000: imm26 0xbc000. */
	w = insn(R_CALL26, BL, P0, target, 0, &rc);
	TAP_CHECK(rc == 0 && w == 0x940bc000, "rc %d w %#x", rc, w);
	TAP_CHECK(st.plt_used == 1 && st.plt_target[0] == target, "plt %u %#llx", st.plt_used,
		  st.plt_target[0]);
	rc = la->write_plt(v, PLT_BASE, target, 0);
	/*
	 * Page(target) - Page(PLT_BASE) = 0xffff800010010000 - 0xffff800000300000
	 * = 0xfd10000, imm 0xfd10: immlo 0, immhi 0x3f44 << 5 = 0x7e880;
	 * ADRP x16 = 0x90000010 | 0x7e880. ADD imm 0x124 << 10 = 0x49000.
	 */
	TAP_CHECK(rc == 0 && get_le(v, 4) == 0x9007e890 && get_le(v + 4, 4) == 0x91049210 &&
			  get_le(v + 8, 4) == 0xd61f0200,
		  "rc %d veneer %#llx %#llx %#llx", rc, get_le(v, 4), get_le(v + 4, 4),
		  get_le(v + 8, 4));
	TAP_CHECK(veneer_target(v, PLT_BASE) == target, "decodes to %#llx",
		  veneer_target(v, PLT_BASE));
	/* A JUMP26 to the same target shares the veneer. */
	w = insn(R_JUMP26, B, P0 + 8, target, 0, &rc);
	TAP_CHECK(rc == 0 && dec_imm26(w) == (s64)(PLT_BASE - (P0 + 8)) && st.plt_used == 1,
		  "rc %d w %#x", rc, w);
	/* Backwards, the same: X = -2^27 - 4. */
	w = insn(R_CALL26, BL, P0 + (1ULL << 27) + 4, P0, 0, &rc);
	TAP_CHECK(rc == 0 && st.plt_used == 2 &&
			  P0 + (1ULL << 27) + 4 + (u64)dec_imm26(w) == PLT_BASE + 12,
		  "rc %d w %#x", rc, w);
	/*
	 * PLT32 to a target 2^32 away: the veneer for it is slot 2, at
	 * PLT_BASE + 24 = P0 + 0x2f0018, written as a 32-bit offset.
	 */
	{
		u64 out;

		rc = patch(&st, R_PLT32, 0, 4, P0, P0 + (1ULL << 32), 0, &out);
		TAP_CHECK(rc == 0 && out == 0x2f0018 && st.plt_target[2] == P0 + (1ULL << 32),
			  "PLT32: rc %d out %#llx", rc, out);
	}
	tap_case("CALL26 and PLT32 out of range go through a veneer that decodes to its target");

	/* One veneer: a second far target has none. */
	fresh(1);
	insn(R_CALL26, BL, P0, target, 0, &rc);
	TAP_CHECK(rc == 0, "first: rc %d", rc);
	insn(R_CALL26, BL, P0, target + 4, 0, &rc);
	TAP_CHECK(rc == -ERANGE, "second target: rc %d", rc);
	insn(R_CALL26, BL, P0 + 4, target, 0, &rc);
	TAP_CHECK(rc == 0, "first target again: rc %d", rc);
	tap_case("veneer exhaustion gives -ERANGE");

	/* The veneer itself out of range: the call is 2^28 below the veneer area. */
	fresh(1);
	insn(R_CALL26, BL, PLT_BASE - (1ULL << 28), PLT_BASE + (1ULL << 30), 0, &rc);
	TAP_CHECK(rc == -ERANGE, "rc %d", rc);
	/* A data relocation out of range takes no veneer. */
	fresh(1);
	insn(R_CONDBR19, BEQ, P0, P0 + (1ULL << 21), 0, &rc);
	TAP_CHECK(rc == -ERANGE && st.plt_used == 0, "CONDBR19: rc %d", rc);
	tap_case("a veneer out of reach, and a conditional branch, give -ERANGE");

	/* ADRP reaches -2^32 <= Page(target) - Page(entry) < 2^32. */
	rc = la->write_plt(v, PLT_BASE, PLT_BASE + (1ULL << 32) - 4096 + 0xfff, 0);
	TAP_CHECK(rc == 0 && veneer_target(v, PLT_BASE) == PLT_BASE + (1ULL << 32) - 1,
		  "farthest up: rc %d", rc);
	rc = la->write_plt(v, PLT_BASE, PLT_BASE + (1ULL << 32), 0);
	TAP_CHECK(rc == -ERANGE, "2^32 up: rc %d", rc);
	rc = la->write_plt(v, PLT_BASE, PLT_BASE - (1ULL << 32), 0);
	TAP_CHECK(rc == 0 && veneer_target(v, PLT_BASE) == PLT_BASE - (1ULL << 32),
		  "farthest down: rc %d", rc);
	rc = la->write_plt(v, PLT_BASE, PLT_BASE - (1ULL << 32) - 1, 0);
	TAP_CHECK(rc == -ERANGE, "2^32 + 1 down: rc %d", rc);
	tap_case("write_plt reaches +-4 GB of pages and no further");
}

/* kind and type_name for known, TLS, dynamic and made-up types. */
static void case_kinds(void)
{
	static const u32 unknown[] = {
		R_COPY, R_RELATIVE, R_TLSLE_ADD_HI12, R_TLSDESC_CALL, 1025, 1026, 281, 12345
	};
	unsigned int i;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		TAP_CHECK(la->kind(unknown[i]) == LINK_UNKNOWN, "type %u", unknown[i]);
		TAP_CHECK(la->type_name(unknown[i]) == NULL, "type %u", unknown[i]);
	}
	TAP_CHECK(la->kind(R_CALL26) == LINK_BRANCH && la->kind(R_JUMP26) == LINK_BRANCH &&
			  la->kind(R_PLT32) == LINK_BRANCH,
		  "branch");
	TAP_CHECK(la->kind(R_ADR_GOT_PAGE) == LINK_GOT && la->kind(R_LD64_GOT_LO12) == LINK_GOT &&
			  la->kind(R_GOT_LD_PREL19) == LINK_GOT,
		  "got");
	TAP_CHECK(la->kind(R_ABS64) == LINK_PLAIN && la->kind(R_PREL_G3) == LINK_PLAIN, "plain");
	TAP_CHECK(la->kind(R_NONE_) == LINK_MARKER, "none");
	TAP_CHECK(la->type_name(R_CALL26) && !strcmp(la->type_name(R_CALL26), "R_AARCH64_CALL26"),
		  "name");
	TAP_CHECK(la->type_name(R_LDST128) &&
			  !strcmp(la->type_name(R_LDST128), "R_AARCH64_LDST128_ABS_LO12_NC"),
		  "name");
	TAP_CHECK(!strcmp(la->name, "arm64") && la->machine == 183 && la->plt_size == 12 &&
			  !la->plt_uses_got && !la->align_request,
		  "description");
	/* apply is not meant to see an unknown type; if it does, it refuses and writes nothing. */
	{
		u64 out;
		int rc;

		fresh(0);
		rc = patch(&st, R_TLSLE_ADD_HI12, ADD_X0, 4, P0, 0x1000, 0, &out);
		TAP_CHECK(rc == -ENOEXEC && out == ADD_X0, "rc %d out %#llx", rc, out);
	}
	tap_case("kind and type_name: known types, TLS and dynamic ones unknown");
}

/*
 * Every type the loader handles, by its AAELF64 number and name (the
 * ABI's tables): each must be found by its number, whatever order the
 * arch's table keeps or however it searches it.
 */
static void case_every_type_found(void)
{
	static const struct {
		u32 type;
		const char *name;
	} known[] = {
		{ 0, "R_AARCH64_NONE" },
		{ 256, "R_AARCH64_NONE" },
		{ 257, "R_AARCH64_ABS64" },
		{ 258, "R_AARCH64_ABS32" },
		{ 259, "R_AARCH64_ABS16" },
		{ 260, "R_AARCH64_PREL64" },
		{ 261, "R_AARCH64_PREL32" },
		{ 262, "R_AARCH64_PREL16" },
		{ 263, "R_AARCH64_MOVW_UABS_G0" },
		{ 264, "R_AARCH64_MOVW_UABS_G0_NC" },
		{ 265, "R_AARCH64_MOVW_UABS_G1" },
		{ 266, "R_AARCH64_MOVW_UABS_G1_NC" },
		{ 267, "R_AARCH64_MOVW_UABS_G2" },
		{ 268, "R_AARCH64_MOVW_UABS_G2_NC" },
		{ 269, "R_AARCH64_MOVW_UABS_G3" },
		{ 270, "R_AARCH64_MOVW_SABS_G0" },
		{ 271, "R_AARCH64_MOVW_SABS_G1" },
		{ 272, "R_AARCH64_MOVW_SABS_G2" },
		{ 273, "R_AARCH64_LD_PREL_LO19" },
		{ 274, "R_AARCH64_ADR_PREL_LO21" },
		{ 275, "R_AARCH64_ADR_PREL_PG_HI21" },
		{ 276, "R_AARCH64_ADR_PREL_PG_HI21_NC" },
		{ 277, "R_AARCH64_ADD_ABS_LO12_NC" },
		{ 278, "R_AARCH64_LDST8_ABS_LO12_NC" },
		{ 279, "R_AARCH64_TSTBR14" },
		{ 280, "R_AARCH64_CONDBR19" },
		{ 282, "R_AARCH64_JUMP26" },
		{ 283, "R_AARCH64_CALL26" },
		{ 284, "R_AARCH64_LDST16_ABS_LO12_NC" },
		{ 285, "R_AARCH64_LDST32_ABS_LO12_NC" },
		{ 286, "R_AARCH64_LDST64_ABS_LO12_NC" },
		{ 287, "R_AARCH64_MOVW_PREL_G0" },
		{ 288, "R_AARCH64_MOVW_PREL_G0_NC" },
		{ 289, "R_AARCH64_MOVW_PREL_G1" },
		{ 290, "R_AARCH64_MOVW_PREL_G1_NC" },
		{ 291, "R_AARCH64_MOVW_PREL_G2" },
		{ 292, "R_AARCH64_MOVW_PREL_G2_NC" },
		{ 293, "R_AARCH64_MOVW_PREL_G3" },
		{ 299, "R_AARCH64_LDST128_ABS_LO12_NC" },
		{ 309, "R_AARCH64_GOT_LD_PREL19" },
		{ 311, "R_AARCH64_ADR_GOT_PAGE" },
		{ 312, "R_AARCH64_LD64_GOT_LO12_NC" },
		{ 314, "R_AARCH64_PLT32" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const char *name = la->type_name(known[i].type);

		TAP_CHECK(name && !strcmp(name, known[i].name), "type %u: %s", known[i].type,
			  name ? name : "(not found)");
		TAP_CHECK(la->kind(known[i].type) != LINK_UNKNOWN, "type %u", known[i].type);
	}
	tap_case("every AAELF64 type the loader handles is found by its number");
}

/* ---- seeded random differential test ------------------------------------ */

static u64 rng_state;

/* xorshift64*: a small reproducible generator. */
static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A random offset of random magnitude, either sign, sometimes near a power of two. */
static s64 rnd_offset(void)
{
	unsigned int k = (unsigned int)(rnd() % 52);
	u64 m = rnd() & ((1ULL << k) - 1);

	if (rnd() % 4 == 0)
		m = (1ULL << k) + (rnd() % 9) - 4;
	return rnd() & 1 ? -(s64)m : (s64)m;
}

/* The PC-relative types against the decoder: in range iff lo <= X <= hi. */
static const struct edge diff_types[] = {
	{ R_CALL26, BL, 4, 'p', -S2(27), S2(27) - 4, 4 },
	{ R_JUMP26, B, 4, 'p', -S2(27), S2(27) - 4, 4 },
	{ R_CONDBR19, 0x54000001 /* b.ne */, 4, 'p', -S2(20), S2(20) - 4, 4 },
	{ R_CONDBR19, 0xb5000003 /* cbnz x3 */, 4, 'p', -S2(20), S2(20) - 4, 4 },
	{ R_TSTBR14, 0xb7400005 /* tbnz x5, #40 */, 4, 'p', -S2(15), S2(15) - 4, 4 },
	{ R_LD_PREL_LO19, 0x58000001 /* ldr x1, lit */, 4, 'p', -S2(20), S2(20) - 4, 4 },
	{ R_ADR_LO21, 0x10000002 /* adr x2 */, 4, 'p', -S2(20), S2(20) - 1, 1 },
	{ R_PREL32, 0, 4, 'p', -S2(31), S2(32) - 1, 1 },
	{ R_PREL16, 0, 2, 'p', -S2(15), S2(16) - 1, 1 },
	{ R_PLT32, 0, 4, 'p', -S2(31), S2(31) - 1, 1 },
	{ R_PREL_G0, MOVZ_X0 | 7, 4, 'p', -S2(16), S2(16) - 1, 1 },
	{ R_PREL_G1, MOVN_X0 | HW(1), 4, 'p', -S2(32), S2(32) - 1, 1 },
	{ R_PREL_G2, MOVZ_X0 | HW(2), 4, 'p', -S2(48), S2(48) - 1, 1 },
};

/* One random case of a PC-relative type; false on a mismatch (printed). */
static bool diff_one(const struct edge *e, u64 seed)
{
	s64 x = rnd_offset(), A = (s64)(rnd() % 4096) - 2048;
	u64 P = 0xffff000000000000ULL | (rnd() & 0xfffffffffffcULL), S = P + (u64)x - (u64)A, w;
	bool aligned = ((u64)x & (e->step - 1)) == 0, in = x >= e->lo && x <= e->hi;
	int rc, want = !aligned ? -EINVAL : in ? 0 : -ERANGE;

	fresh(0);
	rc = patch(&st, e->type, e->in, e->width, P, S, A, &w);
	if (rc != want || (rc == 0 && !edge_holds(e, x, w))) {
		printf("# seed %llu: type %u P %#llx S %#llx A %lld X %lld: rc %d (want %d) "
		       "word %#llx\n",
		       seed, e->type, P, S, A, x, rc, want, w);
		return false;
	}
	/* Bits outside the field are untouched (data fields are all field). */
	if (rc == 0 && e->in) {
		static const u32 fields[] = { 0x3ffffff, 0x3ffffff, 0xffffe0,  0xffffe0,
					      0x7ffe0,	 0xffffe0,  0x60ffffe0 };
		unsigned int idx = (unsigned int)(e - diff_types);
		u32 keep = idx < 7 ? ~fields[idx] : ~(0x1fffe0u | 0x3u << 29);

		if (((u32)w & keep) != (e->in & keep)) {
			printf("# seed %llu: type %u changed bits outside its field: %#llx\n", seed,
			       e->type, w);
			return false;
		}
	}
	return true;
}

/*
 * MOVW sequences executed: G3/G2/G1 then MOVKs must rebuild X exactly,
 * for the unsigned (X >= 0 below 2^48 with G2 first, any X with G3 first)
 * and signed (-2^48 <= X < 2^48) groups.
 */
static bool diff_movw(u64 seed)
{
	u64 x = (u64)rnd_offset(), reg = rnd(), w;
	s64 sx = (s64)x;
	int rc = 0, r;

	fresh(0);
	/* movz x0, #:abs_g3:  movk #:abs_g2_nc:  movk #:abs_g1_nc:  movk #:abs_g0_nc: */
	r = patch(&st, R_UABS_G3, MOVZ_X0 | HW(3), 4, P0, x, 0, &w), rc |= r;
	reg = exec_movw((u32)w, reg);
	r = patch(&st, R_UABS_G2_NC, MOVK_X0 | HW(2), 4, P0 + 4, x, 0, &w), rc |= r;
	reg = exec_movw((u32)w, reg);
	r = patch(&st, R_UABS_G1_NC, MOVK_X0 | HW(1), 4, P0 + 8, x, 0, &w), rc |= r;
	reg = exec_movw((u32)w, reg);
	r = patch(&st, R_UABS_G0_NC, MOVK_X0, 4, P0 + 12, x, 0, &w), rc |= r;
	reg = exec_movw((u32)w, reg);
	if (rc || reg != x) {
		printf("# seed %llu: UABS G3..G0 of %#llx gave %#llx (rc %d)\n", seed, x, reg, rc);
		return false;
	}

	/* movz/movn x0, #:abs_g2_s:  movk #:abs_g1_nc:  movk #:abs_g0_nc: */
	reg = rnd();
	r = patch(&st, R_SABS_G2, MOVZ_X0 | HW(2), 4, P0, x, 0, &w);
	if (sx < -S2(48) || sx >= S2(48)) {
		if (r != -ERANGE) {
			printf("# seed %llu: SABS_G2 of %lld: rc %d\n", seed, sx, r);
			return false;
		}
		return true;
	}
	reg = exec_movw((u32)w, reg);
	rc = r;
	r = patch(&st, R_UABS_G1_NC, MOVK_X0 | HW(1), 4, P0 + 4, x, 0, &w), rc |= r;
	reg = exec_movw((u32)w, reg);
	r = patch(&st, R_UABS_G0_NC, MOVK_X0, 4, P0 + 8, x, 0, &w), rc |= r;
	reg = exec_movw((u32)w, reg);
	if (rc || reg != x) {
		printf("# seed %llu: SABS G2..G0 of %lld gave %#llx (rc %d)\n", seed, sx, reg, rc);
		return false;
	}
	return true;
}

/* 20000 rounds of every PC-relative type and the MOVW sequences; stops after 10 mismatches. */
static void case_differential(u64 seed)
{
	unsigned int i, n, bad = 0;

	rng_state = seed ? seed : 1;
	for (n = 0; n < 20000 && bad < 10; n++) {
		for (i = 0; i < sizeof(diff_types) / sizeof(diff_types[0]); i++)
			bad += !diff_one(&diff_types[i], seed);
		bad += !diff_movw(seed);
	}
	TAP_CHECK(bad == 0, "%u mismatches, LINK_ARM64_SEED=%llu", bad, seed);
	tap_case("random P/S/A against an independent decoder (seed %llu)", seed);
}

/* Every case once; LINK_ARM64_SEED overrides the differential test's seed. */
int main(void)
{
	const char *s = getenv("LINK_ARM64_SEED");
	u64 seed = s ? strtoull(s, NULL, 0) : 20261202;

	tap_start();
	printf("# LINK_ARM64_SEED=%llu\n", seed);
	case_goldens();
	case_data();
	case_edges();
	case_no_check();
	case_alignment();
	case_wrong_insn();
	case_room();
	case_got();
	case_veneer();
	case_kinds();
	case_every_type_found();
	case_differential(seed);
	return tap_done();
}
