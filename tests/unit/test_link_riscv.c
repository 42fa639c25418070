// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of riscv64 module relocation (arch/riscv/kernel/module_reloc.c)
 * against a fake linker state: a few veneer (PLT) and GOT slots at known
 * addresses and a short list of HI20 sites for PCREL_LO12 to find.
 *
 * Every expected word is worked out by hand from the RISC-V unprivileged
 * ISA manual's instruction formats (B, J, U, I, S; compressed CB, CJ) and
 * the RISC-V ELF psABI's relocation formulas; the comment over each says
 * how. Relocation numbers are the psABI's, written out here. The random
 * test decodes patched instructions with a decoder written from the
 * formats (extraction, the inverse of what the code under test does).
 *
 * Environment: LINK_RISCV_SEED (random seed of the differential test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lander/errno.h>
#include <lander/module_link.h>
#include "tap.h"

#define R_NONE	       0
#define R_32	       1
#define R_64	       2
#define R_BRANCH       16
#define R_JAL	       17
#define R_CALL	       18
#define R_CALL_PLT     19
#define R_GOT_HI20     20
#define R_TLS_GD_HI20  22
#define R_PCREL_HI20   23
#define R_PCREL_LO12_I 24
#define R_PCREL_LO12_S 25
#define R_HI20	       26
#define R_LO12_I       27
#define R_LO12_S       28
#define R_TPREL_HI20   29
#define R_ADD8	       33
#define R_ADD16	       34
#define R_ADD32	       35
#define R_ADD64	       36
#define R_SUB8	       37
#define R_SUB16	       38
#define R_SUB32	       39
#define R_SUB64	       40
#define R_ALIGN	       43
#define R_RVC_BRANCH   44
#define R_RVC_JUMP     45
#define R_RELAX	       51
#define R_SUB6	       52
#define R_SET6	       53
#define R_SET8	       54
#define R_SET16	       55
#define R_SET32	       56
#define R_32_PCREL     57
#define R_PLT32	       59
#define R_SET_ULEB128  60
#define R_SUB_ULEB128  61

/* Instructions with every immediate 0, encoded by hand from the formats. */
#define BEQ_A0_A1  0x00b50063u /* B: rs2 x11 << 20 | rs1 x10 << 15 | funct3 000 | 0x63 */
#define JAL_RA	   0x000000efu /* J: rd x1 << 7 | 0x6f */
#define AUIPC_RA   0x00000097u /* U: rd x1 << 7 | 0x17 */
#define JALR_RA_RA 0x000080e7u /* I: rs1 x1 << 15 | rd x1 << 7 | 0x67 */
#define AUIPC_A0   0x00000517u /* U: rd x10 << 7 | 0x17 */
#define LUI_A0	   0x00000537u /* U: rd x10 << 7 | 0x37 */
#define ADDI_A0_A0 0x00050513u /* I: rs1 x10 << 15 | funct3 000 | rd x10 << 7 | 0x13 */
#define LD_A0_A0   0x00053503u /* I: rs1 x10 << 15 | funct3 011 << 12 | rd x10 << 7 | 0x03 */
#define SD_A1_A0   0x00b53023u /* S: rs2 x11 << 20 | rs1 x10 << 15 | funct3 011 << 12 | 0x23 */
#define C_BEQZ_A0  0xc101u     /* CB: funct3 110 << 13 | rs1' 2 (x10) << 7 | quadrant 01 */
#define C_J	   0xa001u     /* CJ: funct3 101 << 13 | quadrant 01 */
#define NOP	   0x00000013u /* addi x0, x0, 0 */
#define C_NOP	   0x0001u

/* The fake linker's veneer and GOT areas (a module window address). */
#define PLT_BASE 0xffffffff90000000ULL
#define GOT_BASE 0xffffffff90001000ULL
#define CODE	 0xffffffff80400000ULL /* where test code "runs" */
#define SLOTS	 4

struct link_state {
	u64 plt_target[SLOTS];
	int plt_used, plt_cap;
	u64 got_value[SLOTS];
	int got_used, got_cap;
	struct link_site sites[SLOTS];
	int nsites;
};

static struct link_state st;

/* Start each case with two veneers, two GOT entries and no HI20 sites. */
static void state_reset(void)
{
	memset(&st, 0, sizeof(st));
	st.plt_cap = 2;
	st.got_cap = 2;
}

u64 link_plt_entry(struct link_state *l, u64 target)
{
	for (int i = 0; i < l->plt_used; i++)
		if (l->plt_target[i] == target)
			return PLT_BASE + 12 * (u64)i;
	if (l->plt_used == l->plt_cap)
		return 0;
	l->plt_target[l->plt_used] = target;
	return PLT_BASE + 12 * (u64)l->plt_used++;
}

u64 link_got_entry(struct link_state *l, u64 value)
{
	for (int i = 0; i < l->got_used; i++)
		if (l->got_value[i] == value)
			return GOT_BASE + 8 * (u64)i;
	if (l->got_used == l->got_cap)
		return 0;
	l->got_value[l->got_used] = value;
	return GOT_BASE + 8 * (u64)l->got_used++;
}

int link_site_at(struct link_state *l, u64 place, struct link_site *out)
{
	for (int i = 0; i < l->nsites; i++) {
		if (l->sites[i].P == place) {
			*out = l->sites[i];
			return 0;
		}
	}
	return -ENOENT;
}

static void add_site(u32 type, u64 P, u64 S, s64 A)
{
	st.sites[st.nsites++] = (struct link_site){ .type = type, .P = P, .S = S, .A = A };
}

static const struct link_arch *const arch = &link_arch_riscv;

/* Little-endian 16/32-bit words in test buffers. */
static u32 get32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static u32 get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static void put16(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static u64 get64(const u8 *p)
{
	return (u64)get32(p) | (u64)get32(p + 4) << 32;
}

/* Apply one relocation to buf (room bytes) as if it sat at P. */
static int apply(u32 type, u8 *buf, u64 room, u64 P, u64 S, s64 A)
{
	struct link_site r = { .type = type, .loc = buf, .room = room, .P = P, .S = S, .A = A };

	return arch->apply(&st, &r);
}

/* Apply to a 32-bit instruction insn at P, offset off = S + A - P; the result word in *out. */
static int apply32(u32 type, u32 insn, u64 P, s64 off, u32 *out)
{
	u8 buf[4];
	int ret;

	put32(buf, insn);
	ret = apply(type, buf, 4, P, P + (u64)off, 0);
	*out = get32(buf);
	return ret;
}

/* The same for a 16-bit compressed instruction. */
static int apply16(u32 type, u32 insn, u64 P, s64 off, u32 *out)
{
	u8 buf[2];
	int ret;

	put16(buf, insn);
	ret = apply(type, buf, 2, P, P + (u64)off, 0);
	*out = get16(buf);
	return ret;
}

/* --- a decoder written from the instruction formats ---------------------- */

/* Sign-extend the low bits bits of v. */
static s64 sext(u64 v, unsigned int bits)
{
	u64 m = 1ULL << (bits - 1);

	v &= (m << 1) - 1;
	return (s64)((v ^ m) - m);
}

/* Bit i of x. */
#define BIT(x, i) (((u64)(x) >> (i)) & 1)

static s64 dec_b(u32 w)
{
	u64 imm = BIT(w, 31) << 12 | BIT(w, 7) << 11 | ((w >> 25) & 0x3f) << 5 |
		  ((w >> 8) & 0xf) << 1;
	return sext(imm, 13);
}

static s64 dec_j(u32 w)
{
	u64 imm = BIT(w, 31) << 20 | ((w >> 12) & 0xff) << 12 | BIT(w, 20) << 11 |
		  ((w >> 21) & 0x3ff) << 1;
	return sext(imm, 21);
}

static s64 dec_u(u32 w)
{
	return sext(w & 0xfffff000u, 32);
}

static s64 dec_i(u32 w)
{
	return sext(w >> 20, 12);
}

static s64 dec_s(u32 w)
{
	return sext((w >> 25) << 5 | ((w >> 7) & 0x1f), 12);
}

static s64 dec_cb(u32 h)
{
	u64 imm = BIT(h, 12) << 8 | BIT(h, 6) << 7 | BIT(h, 5) << 6 | BIT(h, 2) << 5 |
		  BIT(h, 11) << 4 | BIT(h, 10) << 3 | BIT(h, 4) << 2 | BIT(h, 3) << 1;
	return sext(imm, 9);
}

static s64 dec_cj(u32 h)
{
	u64 imm = BIT(h, 12) << 11 | BIT(h, 8) << 10 | BIT(h, 10) << 9 | BIT(h, 9) << 8 |
		  BIT(h, 6) << 7 | BIT(h, 7) << 6 | BIT(h, 2) << 5 | BIT(h, 11) << 4 |
		  BIT(h, 5) << 3 | BIT(h, 4) << 2 | BIT(h, 3) << 1;
	return sext(imm, 12);
}

/* --- golden encodings ------------------------------------------------------ */

/*
 * BRANCH (B-type, S + A - P, 13-bit signed, even).
 *	+0xffe: imm[12] 0, imm[11] 1, imm[10:5] 0x3f, imm[4:1] 0xf:
 *		0x7e000000 | 0xf00 | 0x80 | beq = 0x7eb50fe3 (the largest)
 *	-0x1000: imm[12] 1 only: 0x80000000 | beq = 0x80b50063 (the smallest)
 *	+0x800: imm[11] 1 only: inst[7]: 0x80 | beq = 0x00b500e3
 * Expect +0x1000 and -0x1002 out of range, an odd offset or place misaligned.
 */
static void case_branch(void)
{
	u32 w;

	state_reset();
	TAP_CHECK(apply32(R_BRANCH, BEQ_A0_A1, CODE, 0xffe, &w) == 0 && w == 0x7eb50fe3u,
		  "max: 0x%08x", w);
	TAP_CHECK(apply32(R_BRANCH, BEQ_A0_A1, CODE, -0x1000, &w) == 0 && w == 0x80b50063u,
		  "min: 0x%08x", w);
	TAP_CHECK(apply32(R_BRANCH, BEQ_A0_A1, CODE, 0x800, &w) == 0 && w == 0x00b500e3u,
		  "imm[11]: 0x%08x", w);
	TAP_CHECK(apply32(R_BRANCH, BEQ_A0_A1, CODE, 0x1000, &w) == -ERANGE, "max + 2");
	TAP_CHECK(apply32(R_BRANCH, BEQ_A0_A1, CODE, -0x1002, &w) == -ERANGE, "min - 2");
	TAP_CHECK(apply32(R_BRANCH, BEQ_A0_A1, CODE, 3, &w) == -EINVAL, "odd offset");
	TAP_CHECK(apply32(R_BRANCH, BEQ_A0_A1, CODE + 1, 4, &w) == -EINVAL, "odd place");
	TAP_CHECK(apply32(R_BRANCH, JAL_RA, CODE, 4, &w) == -EINVAL, "not a branch");
	tap_case("BRANCH: encodings, +-4 KiB bounds, alignment");
}

/*
 * JAL (J-type, 21-bit signed, even).
 *	+0xffffe: imm[20] 0, imm[10:1] 0x3ff (<< 21: 0x7fe00000), imm[11] 1
 *		(0x100000), imm[19:12] 0xff (0xff000): 0x7ffff0ef
 *	-0x100000: imm[20] only: 0x800000ef
 *	+0x800: imm[11] only: 0x001000ef
 */
static void case_jal(void)
{
	u32 w;

	state_reset();
	TAP_CHECK(apply32(R_JAL, JAL_RA, CODE, 0xffffe, &w) == 0 && w == 0x7ffff0efu, "max: 0x%08x",
		  w);
	TAP_CHECK(apply32(R_JAL, JAL_RA, CODE, -0x100000, &w) == 0 && w == 0x800000efu,
		  "min: 0x%08x", w);
	TAP_CHECK(apply32(R_JAL, JAL_RA, CODE, 0x800, &w) == 0 && w == 0x001000efu,
		  "imm[11]: 0x%08x", w);
	TAP_CHECK(apply32(R_JAL, JAL_RA, CODE, 0x100000, &w) == -ERANGE, "max + 2");
	TAP_CHECK(apply32(R_JAL, JAL_RA, CODE, -0x100002, &w) == -ERANGE, "min - 2");
	TAP_CHECK(apply32(R_JAL, JAL_RA, CODE, 1, &w) == -EINVAL, "odd offset");
	TAP_CHECK(apply32(R_JAL, BEQ_A0_A1, CODE, 4, &w) == -EINVAL, "not a jal");
	tap_case("JAL: encodings, +-1 MiB bounds, alignment");
}

/* CALL at CODE with offset off: the auipc and jalr words. */
static int call(u32 type, s64 off, u32 *auipc, u32 *jalr)
{
	u8 buf[8];
	int ret;

	put32(buf, AUIPC_RA);
	put32(buf + 4, JALR_RA_RA);
	ret = apply(type, buf, 8, CODE, CODE + (u64)off, 0);
	*auipc = get32(buf);
	*jalr = get32(buf + 4);
	return ret;
}

/*
 * CALL and CALL_PLT: hi20 = (off + 0x800) >> 12 into auipc ra, lo12 =
 * off & 0xfff into jalr ra (sign-extended by the hardware).
 *	0x12345678: +0x800 = 0x12345e78, hi 0x12345, lo 0x678:
 *		0x12345097, 0x678 << 20 | jalr = 0x678080e7
 *	0x123457fe: hi 0x12345 (0x12345ffe >> 12), lo 0x7fe: 0x12345097, 0x7fe080e7
 *	0x12345800 (the rounding edge): 0x12346000 >> 12 = 0x12346, lo 0x800
 *		(-2048): 0x12346097, 0x800080e7; 0x12346000 - 0x800 = 0x12345800
 *	-4: +0x800 = 0x7fc, hi 0, lo 0xffc: 0x00000097, 0xffc080e7
 *	0x7ffff7fe (the largest even): hi 0x7ffff, lo 0x7fe: 0x7ffff097, 0x7fe080e7
 *	-0x80000800 (the smallest): +0x800 = -2^31, hi 0x80000, lo 0x800:
 *		0x80000097, 0x800080e7; -2^31 - 0x800 = -0x80000800
 * With no veneer left, one past either end is -ERANGE.
 */
static void case_call(void)
{
	static const struct {
		s64 off;
		u32 auipc, jalr;
	} g[] = {
		{ 0x12345678, 0x12345097u, 0x678080e7u },
		{ 0x123457fe, 0x12345097u, 0x7fe080e7u },
		{ 0x12345800, 0x12346097u, 0x800080e7u },
		{ -4, 0x00000097u, 0xffc080e7u },
		{ 0x7ffff7fe, 0x7ffff097u, 0x7fe080e7u },
		{ -0x80000800LL, 0x80000097u, 0x800080e7u },
	};
	u32 a, j;

	for (unsigned int t = 0; t < 2; t++) {
		u32 type = t ? R_CALL_PLT : R_CALL;

		state_reset();
		st.plt_cap = 0;
		for (unsigned int i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
			int ret = call(type, g[i].off, &a, &j);

			TAP_CHECK(ret == 0 && a == g[i].auipc && j == g[i].jalr,
				  "type %u off %lld: %d 0x%08x 0x%08x", type, g[i].off, ret, a, j);
		}
		TAP_CHECK(call(type, 0x7ffff800, &a, &j) == -ERANGE, "max + 2 without veneers");
		TAP_CHECK(call(type, -0x80000802LL, &a, &j) == -ERANGE, "min - 2 without veneers");
		TAP_CHECK(call(type, 3, &a, &j) == -EINVAL, "odd offset");
		TAP_CHECK(st.plt_used == 0, "a veneer was taken");
	}
	tap_case("CALL, CALL_PLT: encodings, hi20 rounding, +-2 GiB bounds");
}

/*
 * Calls out of reach go through a veneer: CODE + 2^32 is out of reach,
 * veneer 0 at PLT_BASE is not. Expect the auipc+jalr to decode to
 * PLT_BASE, the same veneer for the same target, a second for another,
 * and -ERANGE once both are taken. The veneer written by write_plt for
 * GOT entry 0 decodes back to GOT_BASE.
 */
static void case_call_veneer(void)
{
	u8 buf[8], plt[12];
	u64 far = CODE + (1ULL << 32);
	u32 a, j;

	state_reset();
	put32(buf, AUIPC_RA);
	put32(buf + 4, JALR_RA_RA);
	TAP_CHECK(apply(R_CALL, buf, 8, CODE, far, 0) == 0, "first far call");
	a = get32(buf);
	j = get32(buf + 4);
	TAP_CHECK(CODE + (u64)dec_u(a) + (u64)dec_i(j) == PLT_BASE, "goes to 0x%llx",
		  CODE + (u64)dec_u(a) + (u64)dec_i(j));
	TAP_CHECK((a & 0xfff) == (AUIPC_RA & 0xfff) && (j & 0xfffff) == (JALR_RA_RA & 0xfffff),
		  "registers changed: 0x%08x 0x%08x", a, j);
	TAP_CHECK(st.plt_used == 1 && st.plt_target[0] == far, "veneer 0 for 0x%llx",
		  st.plt_target[0]);
	TAP_CHECK(apply(R_CALL_PLT, buf, 8, CODE, far - 8, 8) == 0 && st.plt_used == 1,
		  "same target S + A, same veneer");
	TAP_CHECK(apply(R_CALL, buf, 8, CODE, far + 16, 0) == 0 && st.plt_used == 2,
		  "second target");
	TAP_CHECK(CODE + (u64)dec_u(get32(buf)) + (u64)dec_i(get32(buf + 4)) == PLT_BASE + 12,
		  "second veneer");
	TAP_CHECK(apply(R_CALL, buf, 8, CODE, far + 32, 0) == -ERANGE, "veneers exhausted");

	/* The veneer itself, pointing at GOT entry 0 (which would hold far). */
	TAP_CHECK(arch->write_plt(plt, PLT_BASE, far, GOT_BASE) == 0, "write_plt");
	a = get32(plt);
	j = get32(plt + 4);
	TAP_CHECK((a & 0xfff) == 0x317, "auipc t1: 0x%08x", a);
	TAP_CHECK((j & 0xfffff) == 0x33303, "ld t1, (t1): 0x%08x", j);
	TAP_CHECK(get32(plt + 8) == 0x00030067u, "jr t1: 0x%08x", get32(plt + 8));
	TAP_CHECK(PLT_BASE + (u64)dec_u(a) + (u64)dec_i(j) == GOT_BASE, "loads from 0x%llx",
		  PLT_BASE + (u64)dec_u(a) + (u64)dec_i(j));
	tap_case("CALL out of range: through a shared veneer, exhaustion, veneer decoded");
}

/*
 * write_plt golden words (t1 = x6):
 *	auipc t1, hi	hi << 12 | 6 << 7 | 0x17 = hi << 12 | 0x317
 *	ld t1, lo(t1)	lo << 20 | 6 << 15 | 3 << 12 | 6 << 7 | 0x03 = lo << 20 | 0x33303
 *	jr t1		jalr x0, 0(t1): 6 << 15 | 0x67 = 0x00030067
 * GOT 0x1000 above: hi 1, lo 0: 0x00001317, 0x00033303. GOT 8 below:
 * -8 + 0x800 = 0x7f8, hi 0, lo 0xff8: 0x00000317, 0xff833303.
 * Expect -ERANGE for a GOT 2^31 - 0x800 away (one past the largest reach)
 * and for no GOT entry; the largest, 0x7ffff7ff, encodes 0x7ffff317, 0x7ff33303.
 */
static void case_write_plt(void)
{
	u8 p[12];

	TAP_CHECK(arch->plt_size == 12 && arch->plt_uses_got, "plt_size %u", arch->plt_size);
	TAP_CHECK(arch->write_plt(p, PLT_BASE, 0, PLT_BASE + 0x1000) == 0, "near above");
	TAP_CHECK(get32(p) == 0x00001317u && get32(p + 4) == 0x00033303u &&
			  get32(p + 8) == 0x00030067u,
		  "0x%08x 0x%08x 0x%08x", get32(p), get32(p + 4), get32(p + 8));
	TAP_CHECK(arch->write_plt(p, PLT_BASE, 0, PLT_BASE - 8) == 0, "near below");
	TAP_CHECK(get32(p) == 0x00000317u && get32(p + 4) == 0xff833303u, "0x%08x 0x%08x", get32(p),
		  get32(p + 4));
	TAP_CHECK(arch->write_plt(p, PLT_BASE, 0, PLT_BASE + 0x7ffff7ff) == 0, "largest");
	TAP_CHECK(get32(p) == 0x7ffff317u && get32(p + 4) == 0x7ff33303u, "0x%08x 0x%08x", get32(p),
		  get32(p + 4));
	TAP_CHECK(arch->write_plt(p, PLT_BASE, 0, PLT_BASE + 0x7ffff800) == -ERANGE, "one past");
	TAP_CHECK(arch->write_plt(p, PLT_BASE, 0, 0) == -ERANGE, "no GOT entry");
	tap_case("write_plt: auipc/ld/jr t1 encodings and reach");
}

/*
 * PCREL_HI20 on auipc a0 and the PCREL_LO12 pair that points at it.
 *	0x12345678: auipc a0 0x12345517; addi a0, a0, 0x678: 0x67850513;
 *	sd a1, 0x678(a0): imm[11:5] 0x33 << 25 = 0x66000000, imm[4:0] 0x18
 *		<< 7 = 0xc00: 0x66b53c23
 *	0x800 (the rounding edge): hi 1: 0x00001517; lo 0x800: 0x80050513
 * The LO12's S + A is the auipc's address; a site there of another type,
 * or none, is -ENOEXEC.
 */
static void case_pcrel(void)
{
	u64 hiP = CODE + 0x100, target = hiP + 0x12345678;
	u8 b[4];
	u32 w;

	state_reset();
	TAP_CHECK(apply32(R_PCREL_HI20, AUIPC_A0, hiP, 0x12345678, &w) == 0 && w == 0x12345517u,
		  "hi20: 0x%08x", w);
	TAP_CHECK(apply32(R_PCREL_HI20, AUIPC_A0, hiP, 0x800, &w) == 0 && w == 0x00001517u,
		  "hi20 edge: 0x%08x", w);
	TAP_CHECK(apply32(R_PCREL_HI20, LUI_A0, hiP, 0x800, &w) == -EINVAL, "hi20 on lui");
	TAP_CHECK(apply32(R_PCREL_HI20, AUIPC_A0, hiP, 0x7ffff800, &w) == -ERANGE, "hi20 max + 1");
	TAP_CHECK(apply32(R_PCREL_HI20, AUIPC_A0, hiP, -0x80000801LL, &w) == -ERANGE,
		  "hi20 min - 1");

	put32(b, ADDI_A0_A0);
	TAP_CHECK(apply(R_PCREL_LO12_I, b, 4, hiP + 4, hiP, 0) == -ENOEXEC, "lo12 without hi20");
	add_site(R_PCREL_HI20, hiP, target, 0);
	TAP_CHECK(apply(R_PCREL_LO12_I, b, 4, hiP + 4, hiP, 0) == 0 && get32(b) == 0x67850513u,
		  "lo12_i: 0x%08x", get32(b));
	put32(b, SD_A1_A0);
	TAP_CHECK(apply(R_PCREL_LO12_S, b, 4, hiP + 8, hiP - 4, 4) == 0 && get32(b) == 0x66b53c23u,
		  "lo12_s, label as S + A: 0x%08x", get32(b));
	put32(b, LD_A0_A0);
	TAP_CHECK(apply(R_PCREL_LO12_S, b, 4, hiP + 8, hiP, 0) == -EINVAL, "lo12_s on a load");
	add_site(R_PCREL_HI20, hiP + 0x40, hiP + 0x40 + 0x800, 0);
	put32(b, ADDI_A0_A0);
	TAP_CHECK(apply(R_PCREL_LO12_I, b, 4, hiP + 0x44, hiP + 0x40, 0) == 0 &&
			  get32(b) == 0x80050513u,
		  "lo12 edge: 0x%08x", get32(b));
	add_site(R_CALL, hiP + 0x80, target, 0);
	TAP_CHECK(apply(R_PCREL_LO12_I, b, 4, hiP + 0x84, hiP + 0x80, 0) == -ENOEXEC,
		  "lo12 pointing at a CALL");
	tap_case("PCREL_HI20, PCREL_LO12_I/S: encodings, rounding edge, missing HI20");
}

/*
 * GOT_HI20 and its LO12: the GOT entry for S + A is GOT_BASE (the first
 * taken). With P = GOT_BASE - 0x2340: 0x2340 + 0x800 = 0x2b40, hi 2:
 * auipc a0 0x00002517; ld a0, 0x340(a0): 0x34053503. A third GOT value
 * finds no entry left: -ERANGE.
 */
static void case_got(void)
{
	u64 P = GOT_BASE - 0x2340, sym = 0xffffffff81234560ULL;
	u8 b[4];

	state_reset();
	put32(b, AUIPC_A0);
	TAP_CHECK(apply(R_GOT_HI20, b, 4, P, sym, 0) == 0 && get32(b) == 0x00002517u,
		  "got_hi20: 0x%08x", get32(b));
	TAP_CHECK(st.got_used == 1 && st.got_value[0] == sym, "GOT entry holds 0x%llx",
		  st.got_value[0]);
	add_site(R_GOT_HI20, P, sym, 0);
	put32(b, LD_A0_A0);
	TAP_CHECK(apply(R_PCREL_LO12_I, b, 4, P + 4, P, 0) == 0 && get32(b) == 0x34053503u,
		  "lo12 of got: 0x%08x", get32(b));
	TAP_CHECK(st.got_used == 1, "LO12 took another entry");
	put32(b, AUIPC_A0);
	TAP_CHECK(apply(R_GOT_HI20, b, 4, P, sym + 8, 0) == 0, "second value");
	TAP_CHECK(apply(R_GOT_HI20, b, 4, P, sym + 16, 0) == -ERANGE, "GOT exhausted");
	tap_case("GOT_HI20 and its PCREL_LO12: encodings, shared entry, exhaustion");
}

/*
 * HI20/LO12 (absolute, lui): S + A must be a sign-extended 32-bit
 * address after the +0x800 rounding.
 *	0xffffffff80001234: + 0x800 = 0xffffffff80001a34, hi bits 0x80001000:
 *		lui a0 0x80001537; addi 0x234: 0x23450513; sd 0x234: imm[11:5]
 *		0x11 << 25 = 0x22000000, imm[4:0] 0x14 << 7 = 0xa00: 0x22b53a23
 *	0x7ffff7ff (the largest): 0x7ffff537; 0xffffffff7ffff800 (the
 *		smallest, -0x80000800): 0x80000537
 */
static void case_abs(void)
{
	u8 b[4];

	state_reset();
	put32(b, LUI_A0);
	TAP_CHECK(apply(R_HI20, b, 4, CODE, 0xffffffff80001000ULL, 0x234) == 0 &&
			  get32(b) == 0x80001537u,
		  "hi20: 0x%08x", get32(b));
	put32(b, ADDI_A0_A0);
	TAP_CHECK(apply(R_LO12_I, b, 4, CODE, 0xffffffff80001000ULL, 0x234) == 0 &&
			  get32(b) == 0x23450513u,
		  "lo12_i: 0x%08x", get32(b));
	put32(b, SD_A1_A0);
	TAP_CHECK(apply(R_LO12_S, b, 4, CODE, 0xffffffff80001234ULL, 0) == 0 &&
			  get32(b) == 0x22b53a23u,
		  "lo12_s: 0x%08x", get32(b));
	put32(b, LUI_A0);
	TAP_CHECK(apply(R_HI20, b, 4, CODE, 0x7ffff7ff, 0) == 0 && get32(b) == 0x7ffff537u,
		  "largest: 0x%08x", get32(b));
	put32(b, LUI_A0);
	TAP_CHECK(apply(R_HI20, b, 4, CODE, 0xffffffff7ffff800ULL, 0) == 0 &&
			  get32(b) == 0x80000537u,
		  "smallest: 0x%08x", get32(b));
	TAP_CHECK(apply(R_HI20, b, 4, CODE, 0x7ffff800, 0) == -ERANGE, "largest + 1");
	TAP_CHECK(apply(R_HI20, b, 4, CODE, 0xffffffff7ffff7ffULL, 0) == -ERANGE, "smallest - 1");
	TAP_CHECK(apply(R_HI20, b, 4, CODE, 0x0000000100000000ULL, 0) == -ERANGE, "2^32");
	put32(b, AUIPC_A0);
	TAP_CHECK(apply(R_HI20, b, 4, CODE, 0x1000, 0) == -EINVAL, "hi20 on auipc");
	tap_case("HI20, LO12_I/S: encodings and the sign-extended 32-bit bound");
}

/*
 * Data words: 32 (S + A, which must fit 32 bits signed or unsigned),
 * 64, 32_PCREL (signed 32), PLT32 (signed 32, else through a veneer).
 */
static void case_words(void)
{
	u8 b[8];

	state_reset();
	TAP_CHECK(apply(R_32, b, 4, CODE, 0xfffffff0, 0xf) == 0 && get32(b) == 0xffffffffu,
		  "32 largest unsigned");
	TAP_CHECK(apply(R_32, b, 4, CODE, 0xffffffff80000000ULL, 0) == 0 && get32(b) == 0x80000000u,
		  "32 smallest signed");
	TAP_CHECK(apply(R_32, b, 4, CODE, 0x100000000ULL, 0) == -ERANGE, "32: 2^32");
	TAP_CHECK(apply(R_32, b, 4, CODE, 0xffffffff7fffffffULL, 0) == -ERANGE, "32: -2^31 - 1");
	TAP_CHECK(apply(R_64, b, 8, CODE, 0x1122334455667788ULL, 0x10) == 0 &&
			  get64(b) == 0x1122334455667798ULL,
		  "64: 0x%llx", get64(b));
	TAP_CHECK(apply(R_32_PCREL, b, 4, CODE, CODE + 0x7fffffff, 0) == 0 &&
			  get32(b) == 0x7fffffffu,
		  "32_pcrel largest");
	TAP_CHECK(apply(R_32_PCREL, b, 4, CODE, CODE - 0x80000000ULL, 0) == 0 &&
			  get32(b) == 0x80000000u,
		  "32_pcrel smallest");
	TAP_CHECK(apply(R_32_PCREL, b, 4, CODE, CODE + 0x80000000ULL, 0) == -ERANGE,
		  "32_pcrel largest + 1");
	TAP_CHECK(apply(R_32_PCREL, b, 4, CODE, CODE - 0x80000001ULL, 0) == -ERANGE,
		  "32_pcrel smallest - 1");
	TAP_CHECK(apply(R_PLT32, b, 4, CODE, CODE - 8, 0) == 0 && get32(b) == 0xfffffff8u,
		  "plt32 direct");
	TAP_CHECK(apply(R_PLT32, b, 4, CODE, CODE + 0x80000000ULL, 0) == 0 &&
			  get32(b) == (u32)(PLT_BASE - CODE),
		  "plt32 through veneer 0");
	st.plt_cap = 1;
	TAP_CHECK(apply(R_PLT32, b, 4, CODE, CODE + 0x90000000ULL, 0) == -ERANGE,
		  "plt32 veneers exhausted");
	tap_case("32, 64, 32_PCREL, PLT32: values and bounds");
}

/*
 * In-place arithmetic, modulo the field (psABI: V + S + A, V - S - A,
 * S + A). SUB6/SET6 keep bits 7:6 of the byte:
 *	0xc5 - 6: low 6 bits (5 - 6) & 0x3f = 0x3f: 0xff
 *	0xbf set to 0x41: low 6 bits 0x01: 0x81
 */
static void case_math(void)
{
	static const struct {
		u32 type;
		unsigned int n;
		u64 before, S;
		s64 A;
		u64 after;
	} g[] = {
		{ R_ADD8, 1, 0xf0, 0x20, 0, 0x10 },
		{ R_ADD16, 2, 0x1234, 0x1000, 1, 0x2235 },
		{ R_ADD32, 4, 0xfffffff0u, 0x20, 0, 0x10 },
		{ R_ADD64, 8, 0x100, 0xffffffff80000000ULL, -0x10, 0xffffffff800000f0ULL },
		{ R_SUB8, 1, 0x10, 0x20, 0, 0xf0 },
		{ R_SUB16, 2, 0x1234, 0x0234, 0, 0x1000 },
		{ R_SUB32, 4, 0x10, 0x11, 0, 0xffffffffu },
		{ R_SUB64, 8, 0xffffffff80001000ULL, 0xffffffff80000000ULL, 0x10, 0xff0 },
		{ R_SUB6, 1, 0xc5, 6, 0, 0xff },
		{ R_SET6, 1, 0xbf, 0x41, 0, 0x81 },
		{ R_SET8, 1, 0xaa, 0x1ff, 0, 0xff },
		{ R_SET16, 2, 0xaaaa, 0x12345, 0, 0x2345 },
		{ R_SET32, 4, 0xaaaaaaaau, 0x123456789ULL, 0, 0x23456789u },
	};

	for (unsigned int i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		u8 b[9];
		u64 v = 0;

		state_reset();
		memset(b, 0x5a, sizeof(b));
		for (unsigned int k = 0; k < g[i].n; k++)
			b[k] = (u8)(g[i].before >> (8 * k));
		TAP_CHECK(apply(g[i].type, b, g[i].n, CODE, g[i].S, g[i].A) == 0, "type %u",
			  g[i].type);
		for (unsigned int k = 0; k < g[i].n; k++)
			v |= (u64)b[k] << (8 * k);
		TAP_CHECK(v == g[i].after, "type %u: 0x%llx, expected 0x%llx", g[i].type, v,
			  g[i].after);
		TAP_CHECK(b[g[i].n] == 0x5a, "type %u wrote past its field", g[i].type);
		TAP_CHECK(apply(g[i].type, b, g[i].n - 1, CODE, g[i].S, g[i].A) == -ENOSPC,
			  "type %u: room %u", g[i].type, g[i].n - 1);
	}
	tap_case("ADD/SUB/SET 6, 8, 16, 32, 64: modulo the field, room");
}

/*
 * Compressed branches and jumps.
 * c.beqz a0 (CB): +254 = 0xfe: offset[8] 0; [4:3] 11 -> inst[11:10]
 *	0xc00; [7:6] 11 -> inst[6:5] 0x60; [2:1] 11 -> inst[4:3] 0x18; [5] 1
 *	-> inst[2] 0x4: 0xc101 | 0xc7c = 0xcd7d. -256: offset[8] -> inst[12]:
 *	0xd101. +34 (0x22: [5] and [1]): 0x4 | 0x8: 0xc10d.
 * c.j (CJ): +2046 = 0x7fe: [4] -> inst[11] 0x800, [9:8] -> [10:9] 0x600,
 *	[10] -> [8] 0x100, [6] -> [7] 0x80, [7] -> [6] 0x40, [3:1] -> [5:3]
 *	0x38, [5] -> [2] 0x4: 0xa001 | 0xffc = 0xaffd. -2048: [11] -> inst[12]:
 *	0xb001. +0x10 ([4]): 0xa801.
 */
static void case_rvc(void)
{
	u32 h;

	state_reset();
	TAP_CHECK(apply16(R_RVC_BRANCH, C_BEQZ_A0, CODE, 254, &h) == 0 && h == 0xcd7d, "0x%04x", h);
	TAP_CHECK(apply16(R_RVC_BRANCH, C_BEQZ_A0, CODE, -256, &h) == 0 && h == 0xd101, "0x%04x",
		  h);
	TAP_CHECK(apply16(R_RVC_BRANCH, C_BEQZ_A0, CODE, 34, &h) == 0 && h == 0xc10d, "0x%04x", h);
	TAP_CHECK(apply16(R_RVC_BRANCH, C_BEQZ_A0, CODE, 256, &h) == -ERANGE, "max + 2");
	TAP_CHECK(apply16(R_RVC_BRANCH, C_BEQZ_A0, CODE, -258, &h) == -ERANGE, "min - 2");
	TAP_CHECK(apply16(R_RVC_BRANCH, C_J, CODE, 4, &h) == -EINVAL, "c.j is no CB branch");
	TAP_CHECK(apply16(R_RVC_JUMP, C_J, CODE, 2046, &h) == 0 && h == 0xaffd, "0x%04x", h);
	TAP_CHECK(apply16(R_RVC_JUMP, C_J, CODE, -2048, &h) == 0 && h == 0xb001, "0x%04x", h);
	TAP_CHECK(apply16(R_RVC_JUMP, C_J, CODE, 0x10, &h) == 0 && h == 0xa801, "0x%04x", h);
	TAP_CHECK(apply16(R_RVC_JUMP, C_J, CODE, 2048, &h) == -ERANGE, "max + 2");
	TAP_CHECK(apply16(R_RVC_JUMP, C_J, CODE, -2050, &h) == -ERANGE, "min - 2");
	TAP_CHECK(apply16(R_RVC_JUMP, C_J, CODE, 5, &h) == -EINVAL, "odd offset");
	TAP_CHECK(apply16(R_RVC_JUMP, C_BEQZ_A0, CODE, 4, &h) == -EINVAL, "c.beqz is no c.j");
	tap_case("RVC_BRANCH, RVC_JUMP: encodings, bounds, alignment");
}

/*
 * SET_ULEB128 then SUB_ULEB128 at one 2-byte field (80 00): S = 0x1234
 * gives b4 24 (0x34 | 0x80, 0x1234 >> 7 = 0x24); minus 0x1200 gives
 * 0x34: b4 00 (length kept). An unterminated field within room is
 * -ENOSPC; eleven continuation bytes are -EINVAL.
 */
static void case_uleb(void)
{
	u8 b[12] = { 0x80, 0x00, 0x5a };

	state_reset();
	TAP_CHECK(apply(R_SET_ULEB128, b, 3, CODE, 0x1234, 0) == 0 && b[0] == 0xb4 && b[1] == 0x24,
		  "set: %02x %02x", b[0], b[1]);
	TAP_CHECK(apply(R_SUB_ULEB128, b, 3, CODE, 0x1200, 0) == 0 && b[0] == 0xb4 && b[1] == 0x00,
		  "sub: %02x %02x", b[0], b[1]);
	TAP_CHECK(b[2] == 0x5a, "wrote past the field");
	b[1] = 0x80;
	TAP_CHECK(apply(R_SET_ULEB128, b, 2, CODE, 1, 0) == -ENOSPC, "unterminated");
	memset(b, 0x80, sizeof(b));
	TAP_CHECK(apply(R_SUB_ULEB128, b, sizeof(b), CODE, 1, 0) == -EINVAL, "too long");
	tap_case("SET_ULEB128, SUB_ULEB128: length kept, bounded");
}

/* The assembler's 14 bytes of padding for .balign 16 with C: c.nop, then three nops. */
static void fill_pad(u8 *b)
{
	put16(b, C_NOP);
	for (int i = 0; i < 3; i++)
		put32(b + 2 + 4 * i, NOP);
	b[14] = b[15] = 0x5a;
}

/*
 * R_RISCV_ALIGN. align_request: the smallest power of two above the
 * addend (2 -> 4, 6 -> 8, 12 and 14 -> 16), 0 for other types and for
 * no padding. apply at P writes nops up to the next boundary:
 *	P = 16k + 2 (14 bytes): c.nop, nop, nop, nop
 *	P = 16k + 4 (12 bytes): nop, nop, nop
 *	P = 16k + 6 (10 bytes): c.nop, nop, nop
 *	P = 16k (0 bytes): nothing
 * Expect -EINVAL for an odd P, for more bytes than the addend (addend 12,
 * no C, at 16k + 2) and over bytes that are not nops; -ENOSPC past room.
 */
static void case_align(void)
{
	static const struct {
		u64 off;
		const u8 want[14];
		unsigned int n;
	} g[] = {
		{ 2, { 0x01, 0, 0x13, 0, 0, 0, 0x13, 0, 0, 0, 0x13, 0, 0, 0 }, 14 },
		{ 4, { 0x13, 0, 0, 0, 0x13, 0, 0, 0, 0x13, 0, 0, 0 }, 12 },
		{ 6, { 0x01, 0, 0x13, 0, 0, 0, 0x13, 0, 0, 0 }, 10 },
		{ 16, { 0 }, 0 },
	};
	u8 b[16], pad[16];

	TAP_CHECK(arch->align_request(R_ALIGN, 2) == 4, "2");
	TAP_CHECK(arch->align_request(R_ALIGN, 6) == 8, "6");
	TAP_CHECK(arch->align_request(R_ALIGN, 12) == 16, "12");
	TAP_CHECK(arch->align_request(R_ALIGN, 14) == 16, "14");
	TAP_CHECK(arch->align_request(R_ALIGN, 0) == 0, "0");
	TAP_CHECK(arch->align_request(R_ALIGN, -2) == 0, "negative");
	TAP_CHECK(arch->align_request(R_CALL, 14) == 0, "not ALIGN");
	TAP_CHECK(arch->kind(R_ALIGN) == LINK_MARKER && arch->kind(R_RELAX) == LINK_MARKER,
		  "kinds");

	state_reset();
	for (unsigned int i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		fill_pad(b);
		TAP_CHECK(apply(R_ALIGN, b, 16, CODE + g[i].off, 0, 14) == 0, "P %% 16 = %llu",
			  g[i].off % 16);
		TAP_CHECK(!memcmp(b, g[i].want, g[i].n), "P %% 16 = %llu: nops", g[i].off % 16);
		fill_pad(pad);
		TAP_CHECK(!memcmp(b + g[i].n, pad + g[i].n, 16 - g[i].n), "P %% 16 = %llu: past",
			  g[i].off % 16);
	}
	fill_pad(b);
	TAP_CHECK(apply(R_ALIGN, b, 16, CODE + 3, 0, 14) == -EINVAL, "odd P");
	TAP_CHECK(apply(R_ALIGN, b, 16, CODE + 2, 0, 12) == -EINVAL, "more than the addend");
	TAP_CHECK(apply(R_ALIGN, b, 13, CODE + 2, 0, 14) == -ENOSPC, "room 13 for 14");
	TAP_CHECK(apply(R_ALIGN, b, 16, CODE + 2, 0, 0) == -EINVAL, "addend 0");
	put32(b + 6, ADDI_A0_A0);
	TAP_CHECK(apply(R_ALIGN, b, 16, CODE + 2, 0, 14) == -EINVAL, "not nops");
	tap_case("ALIGN: request rule, nops for each remainder, rejections");
}

/*
 * Every instruction and data type with one byte too few of room: -ENOSPC,
 * the buffer (sized exactly, so ASan sees an overrun) untouched.
 */
static void case_room(void)
{
	static const struct {
		u32 type;
		unsigned int need;
		u32 insn;
	} g[] = {
		{ R_BRANCH, 4, BEQ_A0_A1 },
		{ R_JAL, 4, JAL_RA },
		{ R_CALL, 8, AUIPC_RA },
		{ R_CALL_PLT, 8, AUIPC_RA },
		{ R_GOT_HI20, 4, AUIPC_A0 },
		{ R_PCREL_HI20, 4, AUIPC_A0 },
		{ R_PCREL_LO12_I, 4, ADDI_A0_A0 },
		{ R_PCREL_LO12_S, 4, SD_A1_A0 },
		{ R_HI20, 4, LUI_A0 },
		{ R_LO12_I, 4, ADDI_A0_A0 },
		{ R_LO12_S, 4, SD_A1_A0 },
		{ R_32, 4, 0 },
		{ R_64, 8, 0 },
		{ R_32_PCREL, 4, 0 },
		{ R_PLT32, 4, 0 },
		{ R_RVC_BRANCH, 2, C_BEQZ_A0 },
		{ R_RVC_JUMP, 2, C_J },
		{ R_SET_ULEB128, 1, 0 },
	};

	state_reset();
	add_site(R_PCREL_HI20, CODE, CODE + 0x10, 0);
	for (unsigned int i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		unsigned int n = g[i].need - 1;
		u8 *b = malloc(n ? n : 1);

		memset(b, 0x80, n); /* also an unterminated ULEB128 */
		TAP_CHECK(apply(g[i].type, b, n, CODE + 4, CODE, 0) == -ENOSPC, "type %u room %u",
			  g[i].type, n);
		for (unsigned int k = 0; k < n; k++)
			TAP_CHECK(b[k] == 0x80, "type %u changed byte %u", g[i].type, k);
		free(b);
	}
	tap_case("every field checked against room");
}

/*
 * Kinds and names: unknown and TLS types are LINK_UNKNOWN (apply refuses
 * them with -ENOEXEC), a reserved number has no name. NONE and RELAX
 * leave the bytes alone.
 */
static void case_kinds(void)
{
	u8 b[4] = { 1, 2, 3, 4 };

	state_reset();
	TAP_CHECK(arch->machine == 243 && !strcmp(arch->name, "riscv"), "machine %u",
		  arch->machine);
	TAP_CHECK(arch->kind(R_CALL) == LINK_BRANCH && arch->kind(R_CALL_PLT) == LINK_BRANCH,
		  "call kinds");
	TAP_CHECK(arch->kind(R_GOT_HI20) == LINK_GOT, "got kind");
	TAP_CHECK(arch->kind(R_PCREL_LO12_S) == LINK_PLAIN && arch->kind(R_SUB6) == LINK_PLAIN,
		  "plain kinds");
	TAP_CHECK(arch->kind(R_TLS_GD_HI20) == LINK_UNKNOWN &&
			  arch->kind(R_TPREL_HI20) == LINK_UNKNOWN,
		  "tls kinds");
	TAP_CHECK(arch->kind(3) == LINK_UNKNOWN, "RELATIVE is dynamic only");
	TAP_CHECK(arch->kind(200) == LINK_UNKNOWN && arch->type_name(200) == NULL, "200");
	TAP_CHECK(arch->type_name(42) == NULL, "42 is reserved");
	TAP_CHECK(arch->type_name(R_TLS_GD_HI20) &&
			  !strcmp(arch->type_name(R_TLS_GD_HI20), "R_RISCV_TLS_GD_HI20"),
		  "TLS name");
	TAP_CHECK(!strcmp(arch->type_name(R_CALL_PLT), "R_RISCV_CALL_PLT"), "CALL_PLT name");
	TAP_CHECK(!strcmp(arch->type_name(R_SUB_ULEB128), "R_RISCV_SUB_ULEB128"), "ULEB name");
	TAP_CHECK(apply(200, b, 4, CODE, 0, 0) == -ENOEXEC, "apply 200");
	TAP_CHECK(apply(R_TPREL_HI20, b, 4, CODE, 0, 0) == -ENOEXEC, "apply TPREL_HI20");
	TAP_CHECK(apply(R_NONE, b, 0, CODE, 0, 0) == 0 && apply(R_RELAX, b, 0, CODE, 0, 0) == 0,
		  "NONE, RELAX");
	TAP_CHECK(b[0] == 1 && b[1] == 2 && b[2] == 3 && b[3] == 4, "bytes changed");
	tap_case("kinds, names, unknown types");
}

/* --- random differential test --------------------------------------------- */

static u64 rng_state;

/* xorshift64*: a small reproducible generator. */
static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* An even offset spread over about twice the reach (bits) of a field, often near an end. */
static s64 rnd_off(unsigned int bits)
{
	s64 reach = (s64)1 << (bits - 1);
	u64 r = rnd();

	if (r & 1)
		return (s64)((rnd() % (u64)(4 * reach)) - (u64)(2 * reach)) & ~1LL;
	/* within 8 of -reach, reach, or the hi20 rounding ends */
	return ((((r >> 1) & 1) ? reach : -reach) + (s64)((r >> 2) % 17) - 8 -
		(bits == 32 ? 0x800 : 0)) &
	       ~1LL;
}

/*
 * Random P (even), A and offset for each PC-relative type; S = P + off - A.
 * In reach (from the spec: B 13 bits, J 21, CB 9, CJ 12, 32_PCREL 32,
 * AUIPC pairs off + 0x800 in 32 bits) the patch must decode back to off,
 * else the result must be -ERANGE (no veneers are offered).
 */
static void case_random(u64 seed)
{
	unsigned int bad = 0;

	rng_state = seed;
	for (unsigned int i = 0; i < 20000 && bad < 10; i++) {
		unsigned int which = (unsigned int)(rnd() % 7);
		u64 P = (CODE + (rnd() & 0xfffffff)) & ~1ULL;
		s64 A = (s64)(rnd() % 0x2000) - 0x1000;
		s64 off, got = 0;
		bool fits;
		u8 b[8];
		u32 type;
		int ret;

		state_reset();
		st.plt_cap = 0;
		switch (which) {
		case 0:
			type = R_BRANCH, off = rnd_off(13), fits = off >= -4096 && off < 4096;
			put32(b, BEQ_A0_A1);
			break;
		case 1:
			type = R_JAL, off = rnd_off(21),
			fits = off >= -(1 << 20) && off < (1 << 20);
			put32(b, JAL_RA);
			break;
		case 2:
			type = R_CALL, off = rnd_off(32);
			fits = off + 0x800 >= -(1LL << 31) && off + 0x800 < (1LL << 31);
			put32(b, AUIPC_RA);
			put32(b + 4, JALR_RA_RA);
			break;
		case 3:
			type = R_PCREL_HI20, off = rnd_off(32);
			fits = off + 0x800 >= -(1LL << 31) && off + 0x800 < (1LL << 31);
			put32(b, AUIPC_A0);
			put32(b + 4, SD_A1_A0);
			break;
		case 4:
			type = R_RVC_BRANCH, off = rnd_off(9), fits = off >= -256 && off < 256;
			put16(b, C_BEQZ_A0);
			break;
		case 5:
			type = R_RVC_JUMP, off = rnd_off(12), fits = off >= -2048 && off < 2048;
			put16(b, C_J);
			break;
		default:
			type = R_32_PCREL, off = rnd_off(32) & ~0xfffLL;
			off += (s64)(rnd() & 0xfff);
			fits = off >= -(1LL << 31) && off < (1LL << 31);
			break;
		}
		ret = apply(type, b, 8, P, P + (u64)off - (u64)A, A);
		if (ret == 0 && type == R_PCREL_HI20) {
			add_site(R_PCREL_HI20, P, P + (u64)off - (u64)A, A);
			ret = apply(R_PCREL_LO12_S, b + 4, 4, P + 4, P, 0);
		}
		switch (type) {
		case R_BRANCH: got = dec_b(get32(b)); break;
		case R_JAL: got = dec_j(get32(b)); break;
		case R_CALL: got = dec_u(get32(b)) + dec_i(get32(b + 4)); break;
		case R_PCREL_HI20: got = dec_u(get32(b)) + dec_s(get32(b + 4)); break;
		case R_RVC_BRANCH: got = dec_cb(get16(b)); break;
		case R_RVC_JUMP: got = dec_cj(get16(b)); break;
		default: got = (s32)get32(b); break;
		}
		if (fits ? ret != 0 || got != off : ret != -ERANGE) {
			bad++;
			TAP_CHECK(0,
				  "seed 0x%llx iteration %u: type %u P 0x%llx off %lld: ret %d, "
				  "decoded %lld",
				  seed, i, type, P, off, ret, got);
		}
	}
	if (!tap_case("random PC-relative patches decode back (seed 0x%llx)", seed))
		printf("# rerun with LINK_RISCV_SEED=0x%llx\n", seed);
}

int main(void)
{
	const char *s = getenv("LINK_RISCV_SEED");
	u64 seed = s ? strtoull(s, NULL, 0) : 0x5eed0f11a7e5ULL;

	tap_start();
	case_branch();
	case_jal();
	case_call();
	case_call_veneer();
	case_write_plt();
	case_pcrel();
	case_got();
	case_abs();
	case_words();
	case_math();
	case_rvc();
	case_uleb();
	case_align();
	case_room();
	case_kinds();
	case_random(seed ? seed : 1);
	return tap_done();
}
