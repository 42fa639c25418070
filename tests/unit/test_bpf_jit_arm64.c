// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the arm64 eBPF JIT (arch/arm64/kernel/bpf_jit.c): the words
 * it writes for a few representative instructions, the call forms it
 * picks by distance, and that a call never materialises an absolute
 * address. Nothing here runs the code (tests/bpf/jit-harness-arm64.c does,
 * under qemu-user).
 *
 * Every expected word is worked out by hand from the Arm ARM (DDI 0487)
 * C6.2 encodings, with the field split in the comment beside it. The
 * register mapping is the one the JIT documents: r0 x7, r1-r5 x0-x4,
 * r6-r9 x19-x22, r10 x25 (sp = r10 - 512).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lander/bpf.h>
#include <lander/errno.h>
#include "tap.h"

#define I(c, d, s, o, i) ((struct bpf_insn){ (c), (u8)((d) | (s) << 4), (s16)(o), (s32)(i) })
#define EXIT_INSN	 I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#define VA    0x40000000ull /* where the tests place the code */
#define BUFSZ 4096

static u8 flags[BPF_MAX_INSNS];
static u32 insn_off[BPF_MAX_INSNS];
static u8 code[BUFSZ];
static struct bpf_jit jit;
static const char *why;

/* Read instruction word n of the output (little-endian). */
static u32 word(u64 byte_off)
{
	return code[byte_off] | code[byte_off + 1] << 8 | code[byte_off + 2] << 16 |
	       (u32)code[byte_off + 3] << 24;
}

/* Measure and write insns (flags as given, one subprogram) with helper 5 at helper_va. */
static int jit_prog(const struct bpf_insn *insns, u32 len, const u8 *fl, u64 helper_va)
{
	static struct bpf_prog p;
	int err;

	memset(&p, 0, sizeof(p));
	memset(&jit, 0, sizeof(jit));
	memset(code, 0, sizeof(code));
	p.insns = insns;
	p.len = len;
	p.nr_funcs = 1;
	p.flags = flags;
	memset(flags, 0, sizeof(flags));
	if (fl)
		memcpy(flags, fl, len);
	jit.insn_off = insn_off;
	jit.helper_va[BPF_HELPER_COUNTER] = helper_va;
	err = arch_bpf_jit(&p, &jit, &why);
	if (err)
		return err;
	if (jit.len > BUFSZ)
		return -ENOSPC;
	jit.size = jit.len;
	jit.buf = code;
	jit.va = VA;
	return arch_bpf_jit(&p, &jit, &why);
}

struct golden {
	const char *name;
	struct bpf_insn insn;
	u32 words[2];
	u32 n;
};

/*
 * One BPF instruction, then EXIT: the instruction's words must be these,
 * and body_insns must count them plus the EXIT's B.
 */
static void case_goldens(void)
{
	static const struct golden g[] = {
		/* ADD (shifted register) sf=1 op=0 S=0 01011 00 0 Rm=0 imm6=0 Rn=7 Rd=7 */
		{ "add r0, r1", I(BPF_ALU64 | BPF_X | BPF_ADD, 0, 1, 0, 0), { 0x8b0000e7 }, 1 },
		/* ADD (immediate) sf=0 op=0 S=0 100010 sh=0 imm12=5 Rn=7 Rd=7 */
		{ "add32 r0, 5", I(BPF_ALU | BPF_K | BPF_ADD, 0, 0, 0, 5), { 0x110014e7 }, 1 },
		/* MOVN sf=1 opc=00 100101 hw=0 imm16=0 Rd=7: ~0 */
		{ "mov r0, -1", I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, -1), { 0x92800007 }, 1 },
		/* SUB (immediate) sf=1 op=1 S=0 imm12=1 Rn=0 Rd=0 */
		{ "sub r1, 1", I(BPF_ALU64 | BPF_K | BPF_SUB, 1, 0, 0, 1), { 0xd1000400 }, 1 },
		/* AND (immediate) sf=1 opc=00 100100 N=1 immr=0 imms=7 (eight ones) Rn=Rd=19 */
		{ "and r6, 0xff",
		  I(BPF_ALU64 | BPF_K | BPF_AND, 6, 0, 0, 0xff),
		  { 0x92401e73 },
		  1 },
		/* AND (immediate) sf=0 N=0 immr=0 imms=111100 (2-bit element 01) Rn=Rd=7 */
		{ "and32 r0, 0x55555555",
		  I(BPF_ALU | BPF_K | BPF_AND, 0, 0, 0, 0x55555555),
		  { 0x1200f0e7 },
		  1 },
		/* ORR (immediate) sf=1 opc=01 N=1 immr=60 imms=59: 60 ones rotated to bits 4..63 */
		{ "or r0, -16", I(BPF_ALU64 | BPF_K | BPF_OR, 0, 0, 0, -16), { 0xb27cece7 }, 1 },
		/* UBFM sf=1 opc=10 100110 N=1 immr=61 imms=60 Rn=Rd=1: LSL #3 */
		{ "lsh r2, 3", I(BPF_ALU64 | BPF_K | BPF_LSH, 2, 0, 0, 3), { 0xd37df021 }, 1 },
		/* UBFM: the shift is masked, 67 & 63 = 3 */
		{ "lsh r2, 67", I(BPF_ALU64 | BPF_K | BPF_LSH, 2, 0, 0, 67), { 0xd37df021 }, 1 },
		/* UDIV sf=1 0 0 11010110 Rm=0 000010 Rn=7 Rd=7 */
		{ "div r0, r1", I(BPF_ALU64 | BPF_X | BPF_DIV, 0, 1, 0, 0), { 0x9ac008e7 }, 1 },
		/* UDIV x11, x7, x0; MSUB sf=1 00 11011 000 Rm=0 o0=1 Ra=7 Rn=11 Rd=7 */
		{ "mod r0, r1",
		  I(BPF_ALU64 | BPF_X | BPF_MOD, 0, 1, 0, 0),
		  { 0x9ac008eb, 0x9b009d67 },
		  2 },
		/* REV sf=1 1 0 11010110 00000 0000 11 Rn=7 Rd=7 */
		{ "bswap64 r0", I(BPF_ALU64 | BPF_K | BPF_END, 0, 0, 0, 64), { 0xdac00ce7 }, 1 },
		/* SBFM sf=1 opc=00 N=1 immr=0 imms=7 Rn=0 Rd=7: SXTB x7, w0 */
		{ "movsx r0, (s8)r1",
		  I(BPF_ALU64 | BPF_X | BPF_MOV, 0, 1, 8, 0),
		  { 0x93401c07 },
		  1 },
		/* LDR (immediate, unsigned offset) size=11 111 0 01 opc=01 imm12=1 (8/8) Rn=0 Rt=7 */
		{ "ldxdw r0, [r1+8]",
		  I(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, 8, 0),
		  { 0xf9400407 },
		  1 },
		/* LDUR size=11 111 0 00 opc=01 0 imm9=-8 (0x1f8) 00 Rn=0 Rt=7 */
		{ "ldxdw r0, [r1-8]",
		  I(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, -8, 0),
		  { 0xf85f8007 },
		  1 },
		/* STR (immediate) size=10 opc=00 imm12=127 (508/4) Rn=31 (sp) Rt=0: r10-4 is sp+508 */
		{ "stxw [r10-4], r1",
		  I(BPF_STX | BPF_MEM | BPF_W, 10, 1, -4, 0),
		  { 0xb901ffe0 },
		  1 },
		/* SUBS (immediate) sf=1 op=1 S=1 imm12=0 Rn=0 Rd=31: CMP x0, #0; then B.EQ */
		{ "jeq r1, 0", I(BPF_JMP | BPF_K | BPF_JEQ, 1, 0, 0, 0), { 0xf100001f }, 2 },
	};

	for (u32 t = 0; t < ARRAY_SIZE(g); t++) {
		struct bpf_insn prog[2] = { g[t].insn, EXIT_INSN };
		int err = jit_prog(prog, 2, NULL, 0);
		u32 want_words = g[t].n;

		TAP_CHECK(err == 0, "%s: JIT error %d (%s)", g[t].name, err, err ? why : "");
		if (err)
			continue;
		for (u32 k = 0; k < 2 && g[t].words[k]; k++)
			TAP_CHECK(word(insn_off[0] + 4 * k) == g[t].words[k],
				  "%s word %u: %#x, want %#x", g[t].name, k,
				  word(insn_off[0] + 4 * k), g[t].words[k]);
		/* the slot's words, then one B for EXIT */
		TAP_CHECK(insn_off[1] - insn_off[0] == 4 * want_words, "%s: %u bytes, want %u",
			  g[t].name, insn_off[1] - insn_off[0], 4 * want_words);
		TAP_CHECK(jit.body_insns == want_words + 1, "%s: body_insns %u, want %u", g[t].name,
			  jit.body_insns, want_words + 1);
	}
	tap_case("encodings of representative instructions");
}

/*
 * A conditional jump's B.cond: JEQ r1, 0, +1 over a MOV lands on the
 * EXIT's B. B.cond: 0101010 0 imm19 0 cond, cond EQ = 0000.
 */
static void case_branch(void)
{
	const struct bpf_insn prog[] = {
		I(BPF_JMP | BPF_K | BPF_JEQ, 1, 0, 1, 0),
		I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, 1),
		EXIT_INSN,
	};
	int err = jit_prog(prog, 3, NULL, 0);
	u32 at = insn_off[0] + 4; /* the B.EQ after the CMP */
	u32 delta = (insn_off[2] - at) / 4;

	TAP_CHECK(err == 0, "JIT error %d", err);
	TAP_CHECK(delta == 2, "B.EQ spans %u words, want 2 (the MOVZ, then the target)", delta);
	TAP_CHECK(word(at) == (0x54000000u | 2 << 5 | 0), "B.EQ %#x, want %#x", word(at),
		  0x54000000u | 2 << 5);
	tap_case("B.cond to the jump's target");
}

/*
 * Count the words of the output that form a MOVZ/MOVN/MOVK (sf=1,
 * 100101 in bits 28:23) with an imm16 equal to one of addr's non-zero
 * 16-bit chunks, or a LDR (literal) (0x58000000, bits 31:24): the ways an
 * absolute address could be built or loaded.
 */
static u32 absolute_builders(u64 addr)
{
	u32 n = 0;

	for (u64 o = 0; o < jit.len; o += 4) {
		u32 w = word(o);

		if ((w & 0xff000000u) == 0x58000000u)
			n++;
		if ((w & 0x1f800000u) == 0x12800000u) {
			u32 imm = (w >> 5) & 0xffff;

			for (int k = 0; k < 4; k++)
				if (imm && imm == ((addr >> (16 * k)) & 0xffff))
					n++;
		}
	}
	return n;
}

/*
 * Helper calls by distance from the code (at VA): BL within +-128 MB,
 * else ADRP+ADD+BLR within +-4 GB, else -ERANGE.
 *   BL:   1 00101 imm26, imm26 = (target - pc) / 4
 *   ADRP: 1 immlo 10000 immhi Rd=16, imm = target page - pc page
 *   ADD:  sf=1 0 0 100010 0 imm12 Rn=16 Rd=16;  BLR: 1101011 0 0 01 11111 0000 0 0 Rn=16 00000
 */
static void case_calls(void)
{
	const struct bpf_insn prog[] = { I(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_HELPER_COUNTER),
					 EXIT_INSN };
	u64 pc, t;
	int err;

	/* 64 MB ahead: BL */
	t = VA + (64u << 20);
	err = jit_prog(prog, 2, NULL, t);
	pc = VA + insn_off[0];
	TAP_CHECK(err == 0, "near: %d", err);
	TAP_CHECK(word(insn_off[0]) == (0x94000000u | (u32)(((t - pc) / 4) & 0x3ffffff)),
		  "near: %#x", word(insn_off[0]));
	TAP_CHECK(jit.calls_near == 1 && jit.calls_far == 0, "near: %u near %u far", jit.calls_near,
		  jit.calls_far);
	/* then MOV x7, x0 (ORR sf=1 opc=01 01010 00 0 Rm=0 imm6=0 Rn=31 Rd=7) */
	TAP_CHECK(word(insn_off[0] + 4) == 0xaa0003e7, "result move %#x", word(insn_off[0] + 4));
	TAP_CHECK(absolute_builders(t) == 0, "near: an absolute address is built");

	/* 64 MB behind: BL with a negative imm26 */
	t = VA - (64u << 20);
	err = jit_prog(prog, 2, NULL, t);
	pc = VA + insn_off[0];
	TAP_CHECK(err == 0 && word(insn_off[0]) ==
				      (0x94000000u | (u32)(((s64)(t - pc) / 4) & 0x3ffffff)),
		  "near behind: %d %#x", err, word(insn_off[0]));

	/* 1 GB + 0x123 ahead: 0x40000 pages, immlo 0, immhi 0x10000 */
	t = VA + (1ull << 30) + 0x123;
	err = jit_prog(prog, 2, NULL, t);
	TAP_CHECK(err == 0, "far: %d", err);
	TAP_CHECK(insn_off[0] < 4096, "the call site is in the first page");
	TAP_CHECK(word(insn_off[0]) == 0x90200010u, "ADRP %#x, want 0x90200010", word(insn_off[0]));
	TAP_CHECK(word(insn_off[0] + 4) == 0x91048e10u, "ADD %#x, want 0x91048e10",
		  word(insn_off[0] + 4));
	TAP_CHECK(word(insn_off[0] + 8) == 0xd63f0200u, "BLR %#x, want 0xd63f0200",
		  word(insn_off[0] + 8));
	TAP_CHECK(jit.calls_near == 0 && jit.calls_far == 1, "far: %u near %u far", jit.calls_near,
		  jit.calls_far);
	TAP_CHECK(absolute_builders(t) == 0, "far: an absolute address is built");

	/* Just past BL's reach from the end of the code: the long form. */
	t = VA + (128u << 20);
	err = jit_prog(prog, 2, NULL, t);
	TAP_CHECK(err == 0 && jit.calls_far == 1, "128 MB: %d, %u far", err, jit.calls_far);

	/* 8 GB: beyond ADRP */
	t = VA + (8ull << 30);
	err = jit_prog(prog, 2, NULL, t);
	TAP_CHECK(err == -ERANGE, "8 GB: %d, want -ERANGE", err);
	t = VA - (5ull << 30);
	err = jit_prog(prog, 2, NULL, t);
	TAP_CHECK(err == -ERANGE, "-5 GB: %d, want -ERANGE", err);
	tap_case("helper call forms by distance");
}

/*
 * The writing call does not size again: it moves the measured offsets by
 * two words after each helper call that BL reaches. Here the call, then
 * MOV x7, x0, measure 3 + 1 words, and are written as 1 + 1: the
 * MOVZ x7, #1 after them moves from insn_off[0] + 16 to insn_off[0] + 8,
 * and the EXIT's B still lands on the main epilogue's first word,
 * MOV x0, x7 (ORR sf=1 opc=01 01010 00 0 Rm=7 imm6=0 Rn=31 Rd=0).
 */
static void case_near_moves(void)
{
	const struct bpf_insn prog[] = { I(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_HELPER_COUNTER),
					 I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, 1), EXIT_INSN };
	static struct bpf_prog p;
	u32 measured, w;
	int err;

	memset(&p, 0, sizeof(p));
	memset(&jit, 0, sizeof(jit));
	memset(flags, 0, sizeof(flags));
	p.insns = prog;
	p.len = 3;
	p.flags = flags;
	jit.insn_off = insn_off;
	jit.helper_va[BPF_HELPER_COUNTER] = VA + (1u << 20);
	err = arch_bpf_jit(&p, &jit, &why);
	measured = insn_off[1] - insn_off[0];
	jit.size = jit.len;
	jit.buf = code;
	jit.va = VA;
	err = err ? err : arch_bpf_jit(&p, &jit, &why);
	TAP_CHECK(err == 0, "JIT error %d (%s)", err, err ? why : "");
	TAP_CHECK(measured == 16 && insn_off[1] - insn_off[0] == 8,
		  "the call and move: %u bytes measured, %u written; want 16, 8", measured,
		  insn_off[1] - insn_off[0]);
	TAP_CHECK(word(insn_off[1]) == 0xd2800027u, "MOVZ x7, #1: %#x", word(insn_off[1]));
	w = word(insn_off[2]);
	TAP_CHECK((w & 0xfc000000u) == 0x14000000u, "B: %#x", w);
	TAP_CHECK(word(insn_off[2] + 4 * (w & 0x3ffffff)) == 0xaa0703e0u, "epilogue %#x",
		  word(insn_off[2] + 4 * (w & 0x3ffffff)));
	TAP_CHECK(jit.calls_near == 1 && jit.len < 4 * 200, "%u near, %llu bytes", jit.calls_near,
		  jit.len);
	tap_case("a near helper call moves the later slots in the writing call");
}

/*
 * The writing call must land every slot where the measuring call put it:
 * measured with r0 = 1 (MOVZ, one word) and written with r0 = 0x12345
 * (MOVZ, MOVK), the EXIT's slot lands a word late and the JIT refuses.
 */
static void case_drift(void)
{
	const struct bpf_insn small[] = { I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, 1), EXIT_INSN };
	const struct bpf_insn big[] = { I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, 0x12345),
					EXIT_INSN };
	static struct bpf_prog p;
	int err;

	memset(&p, 0, sizeof(p));
	memset(&jit, 0, sizeof(jit));
	memset(flags, 0, sizeof(flags));
	p.insns = small;
	p.len = 2;
	p.flags = flags;
	jit.insn_off = insn_off;
	err = arch_bpf_jit(&p, &jit, &why);
	TAP_CHECK(err == 0, "measure %d", err);
	jit.size = BUFSZ;
	jit.buf = code;
	jit.va = VA;
	p.insns = big;
	why = NULL;
	err = arch_bpf_jit(&p, &jit, &why);
	TAP_CHECK(err == -EINVAL && why && strstr(why, "disagrees"), "drift: %d (%s), want -EINVAL",
		  err, why ? why : "");
	tap_case("the writing pass disagrees with the sizing pass: refused");
}

/*
 * A local call (flagged BPF_F_BACKEDGE, as the verifier does): SUBS x26,
 * x26, #1 (sf=1 op=1 S=1 imm12=1 Rn=Rd=26) and B.LO to the budget stop,
 * then CMP x27, #8 (SUBS imm12=8 Rn=27 Rd=31) and B.HS to the depth stop,
 * then BL to the subprogram's prologue; local calls are never long.
 */
static void case_local_call(void)
{
	const struct bpf_insn prog[] = {
		I(BPF_JMP | BPF_CALL, 0, 1, 0, 1),
		EXIT_INSN,
		I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, 3),
		EXIT_INSN,
	};
	static struct bpf_prog p;
	u32 bl, w;
	int err;

	memset(&p, 0, sizeof(p));
	memset(&jit, 0, sizeof(jit));
	memset(flags, 0, sizeof(flags));
	flags[0] = BPF_F_BACKEDGE;
	flags[2] = BPF_F_FUNC;
	p.insns = prog;
	p.len = 4;
	p.nr_funcs = 2;
	p.func_start[1] = 2;
	p.flags = flags;
	jit.insn_off = insn_off;
	err = arch_bpf_jit(&p, &jit, &why);
	jit.size = jit.len;
	jit.buf = code;
	jit.va = VA;
	err = err ? err : arch_bpf_jit(&p, &jit, &why);
	TAP_CHECK(err == 0, "JIT error %d", err);
	TAP_CHECK(word(insn_off[0]) == 0xf100075a, "SUBS x26: %#x", word(insn_off[0]));
	TAP_CHECK((word(insn_off[0] + 4) & 0xff00001f) == 0x54000003, "B.LO: %#x",
		  word(insn_off[0] + 4));
	TAP_CHECK(word(insn_off[0] + 8) == 0xf100237f, "CMP x27, #8: %#x", word(insn_off[0] + 8));
	TAP_CHECK((word(insn_off[0] + 12) & 0xff00001f) == 0x54000002, "B.HS: %#x",
		  word(insn_off[0] + 12));
	bl = insn_off[0] + 16;
	w = word(bl);
	TAP_CHECK((w & 0xfc000000u) == 0x94000000u, "BL: %#x", w);
	/* the target is the prologue: STP x30, x25, [sp, #-48]! (imm7 = -6, Rt2=25 Rn=31 Rt=30) */
	TAP_CHECK(word(bl + 4 * (w & 0x3ffffff)) == 0xa9bd67fe, "prologue %#x",
		  word(bl + 4 * (w & 0x3ffffff)));
	TAP_CHECK(jit.calls_near == 1 && jit.calls_far == 0, "%u near %u far", jit.calls_near,
		  jit.calls_far);
	tap_case("local call: budget, depth check, then BL to the prologue");
}

/*
 * body_insns counts only the slots' words: a three-slot program of one
 * word each (MOVZ, ADD imm, B to the epilogue) is 3, whatever the
 * prologue, epilogue and stubs add; and insn_off grows with the slots.
 */
static void case_body_count(void)
{
	const struct bpf_insn prog[] = {
		I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, 1),
		I(BPF_ALU64 | BPF_K | BPF_ADD, 0, 0, 0, 2),
		EXIT_INSN,
	};
	int err = jit_prog(prog, 3, NULL, 0);

	TAP_CHECK(err == 0, "JIT error %d", err);
	TAP_CHECK(jit.body_insns == 3, "body_insns %u, want 3", jit.body_insns);
	TAP_CHECK(insn_off[1] == insn_off[0] + 4 && insn_off[2] == insn_off[1] + 4,
		  "insn_off %u %u %u", insn_off[0], insn_off[1], insn_off[2]);
	TAP_CHECK(jit.len > 4 * 3, "len %llu", jit.len);
	tap_case("body_insns and insn_off");
}

/*
 * The main prologue opens with STP x29, x30, [sp, #-96]! (opc=10 101 0
 * 011 L=0 imm7=-12 Rt2=30 Rn=31 Rt=29) and loads the budget, 1 << 24,
 * with one MOVZ x26, #0x100, LSL #16 (sf=1 opc=10 100101 hw=01 imm16=0x100
 * Rd=26); the harness runs with a lower budget, so this is its only check.
 */
static void case_prologue(void)
{
	const struct bpf_insn prog[] = { I(BPF_ALU64 | BPF_K | BPF_MOV, 0, 0, 0, 1), EXIT_INSN };
	int err = jit_prog(prog, 2, NULL, 0);
	bool budget = false;

	TAP_CHECK(err == 0, "JIT error %d", err);
	TAP_CHECK(word(0) == 0xa9ba7bfd, "first word %#x", word(0));
	for (u32 o = 0; o < insn_off[0]; o += 4)
		budget |= word(o) == 0xd2a0201a;
	TAP_CHECK(budget, "no MOVZ x26, #0x100, LSL #16 in the prologue");
	tap_case("main prologue: frame record and the budget");
}

/*
 * A too-small buffer is refused with -ENOSPC; unknown helpers and
 * opcodes with -EINVAL; the measuring pass never fails on distance.
 */
static void case_errors(void)
{
	const struct bpf_insn call7[] = { I(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_HELPER_RANDOM),
					  EXIT_INSN };
	const struct bpf_insn bad[] = { I(BPF_ALU64 | BPF_K | 0xe0, 0, 0, 0, 0), EXIT_INSN };
	const struct bpf_insn legacy[] = { I(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 0), EXIT_INSN };
	static struct bpf_prog p;
	int err;

	TAP_CHECK(jit_prog(call7, 2, NULL, VA) == -EINVAL, "unknown helper accepted");
	TAP_CHECK(jit_prog(bad, 2, NULL, 0) == -EINVAL, "opcode 0xe7 accepted");
	TAP_CHECK(jit_prog(legacy, 2, NULL, 0) == -EINVAL, "legacy packet load accepted");

	memset(&p, 0, sizeof(p));
	memset(&jit, 0, sizeof(jit));
	memset(flags, 0, sizeof(flags));
	p.insns = bad + 1;
	p.len = 1;
	p.flags = flags;
	jit.insn_off = insn_off;
	err = arch_bpf_jit(&p, &jit, &why);
	TAP_CHECK(err == 0, "measure %d", err);
	jit.size = jit.len - 4;
	jit.buf = code;
	jit.va = VA;
	err = arch_bpf_jit(&p, &jit, &why);
	TAP_CHECK(err == -ENOSPC, "short buffer: %d, want -ENOSPC", err);
	tap_case("errors: unknown helper, opcode, short buffer");
}

int main(void)
{
	tap_start();
	case_goldens();
	case_branch();
	case_calls();
	case_near_moves();
	case_drift();
	case_local_call();
	case_body_count();
	case_prologue();
	case_errors();
	return tap_done();
}
