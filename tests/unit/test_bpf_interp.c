// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF interpreter (kernel/bpf/interp.c) on hand-written programs, one
 * or a few instructions each, for every opcode of the conformance groups
 * base32, base64, atomic32, atomic64, divmul32 and divmul64. Every expected
 * value is worked out by hand from the text of RFC 9669 (section numbers
 * given with each group), including the edge cases it calls out: shift
 * counts masked to the operand width, division and modulo by zero,
 * INT_MIN / -1, sign extension, 32-bit results zero-extended. Each program
 * is verified first (kernel/bpf/verifier.c) and must be accepted.
 */
#include <lander/bpf.h>
#include <lander/string.h>

#include "bpf_asm.h"
#include "tap.h"

#define S64_MIN (-0x7fffffffffffffffLL - 1)

static u8 flags[BPF_MAX_INSNS];
static u64 helper_args[5];
static u32 helper_calls;

/* Helper stubs: fixed results; 5 records its arguments. */
static u64 stub_counter(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	helper_args[0] = a1;
	helper_args[1] = a2;
	helper_args[2] = a3;
	helper_args[3] = a4;
	helper_args[4] = a5;
	helper_calls++;
	return 1000 + helper_calls;
}

static u64 stub_print(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	helper_args[0] = a1;
	helper_args[1] = a2;
	return a2;
}

static u64 stub_random(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	return 0x1234;
}

static const bpf_helper_fn helpers[BPF_NR_HELPERS] = {
	[BPF_HELPER_COUNTER] = stub_counter,
	[BPF_HELPER_PRINT] = stub_print,
	[BPF_HELPER_RANDOM] = stub_random,
};

/* Verify and run a program with an optional context; the run is returned in *run. */
static bool run_prog(const struct bpf_insn *insns, u32 n, void *ctx, u64 ctx_len,
		     struct bpf_run *run)
{
	struct bpf_prog p = { .insns = insns, .len = n, .ctx_len = ctx_len, .flags = flags };
	const char *why;
	u32 at;

	if (bpf_verify(&p, bpf_verify_work, &why, &at)) {
		TAP_CHECK(0, "rejected at %u: %s", at, why);
		return false;
	}
	memset(run, 0, sizeof(*run));
	run->ctx = ctx;
	run->ctx_len = ctx_len;
	run->helpers = helpers;
	bpf_interp_run(&p, run);
	return true;
}

/* Run without a context and expect a normal exit with r0 == want. */
static void expect_r0(const char *name, const struct bpf_insn *insns, u32 n, u64 want)
{
	struct bpf_run run;

	if (run_prog(insns, n, NULL, 0, &run)) {
		TAP_CHECK(run.stop == BPF_OK, "stopped %d at %u", run.stop, run.stop_at);
		TAP_CHECK(run.r0 == want, "r0 %#llx, want %#llx", run.r0, want);
	}
	tap_case("%s", name);
}

#define EXPECT(name, want, ...)                                         \
	do {                                                            \
		const struct bpf_insn prog_[] = { __VA_ARGS__ };        \
		expect_r0(name, prog_, ARRAY_SIZE(prog_), (u64)(want)); \
	} while (0)

/* dst = a; dst OP= b (register form, 64 and 32 bits); exit. */
#define BIN64(name, op, a, b, want)                                                       \
	EXPECT(name, want, ASM_LD_IMM64(0, a), ASM_LD_IMM64(1, b), ASM_ALU64_X(op, 0, 1), \
	       ASM_EXIT())
#define BIN32(name, op, a, b, want)                                                       \
	EXPECT(name, want, ASM_LD_IMM64(0, a), ASM_LD_IMM64(1, b), ASM_ALU32_X(op, 0, 1), \
	       ASM_EXIT())
#define SBIN64(name, op, a, b, want)                                                       \
	EXPECT(name, want, ASM_LD_IMM64(0, a), ASM_LD_IMM64(1, b), ASM_SALU64_X(op, 0, 1), \
	       ASM_EXIT())
#define SBIN32(name, op, a, b, want)                                                       \
	EXPECT(name, want, ASM_LD_IMM64(0, a), ASM_LD_IMM64(1, b), ASM_SALU32_X(op, 0, 1), \
	       ASM_EXIT())
/* The immediate forms: 64-bit sign-extends imm, 32-bit uses its 32 bits. */
#define IMM64(name, op, a, k, want) \
	EXPECT(name, want, ASM_LD_IMM64(0, a), ASM_ALU64_K(op, 0, k), ASM_EXIT())
#define IMM32(name, op, a, k, want) \
	EXPECT(name, want, ASM_LD_IMM64(0, a), ASM_ALU32_K(op, 0, k), ASM_EXIT())

/* RFC 9669 4.1: ADD, SUB, MUL; overflow wraps; 32-bit results zero-extended. */
static void test_add_sub_mul(void)
{
	BIN64("add64", BPF_ADD, 5, 7, 12);
	BIN64("add64 wraps", BPF_ADD, U64_MAX, 1, 0);
	BIN32("add32 wraps in 32 bits, upper half zeroed", BPF_ADD, 0x1ffffffffULL, 1, 0);
	BIN32("add32 ignores the upper halves", BPF_ADD, 0xaaaaaaaa00000001ULL,
	      0x5555555500000002ULL, 3);
	IMM64("add64 imm -1 is sign-extended", BPF_ADD, 0, -1, U64_MAX);
	IMM32("add32 imm -1", BPF_ADD, 0, -1, 0xffffffffULL);
	BIN64("sub64", BPF_SUB, 3, 5, 0xfffffffffffffffeULL);
	BIN32("sub32", BPF_SUB, 3, 5, 0xfffffffeULL);
	IMM64("sub64 imm", BPF_SUB, 10, 3, 7);
	IMM32("sub32 imm", BPF_SUB, 0x100000000ULL, 1, 0xffffffffULL);
	BIN64("mul64", BPF_MUL, 0x100000000ULL, 0x10, 0x1000000000ULL);
	BIN64("mul64 wraps", BPF_MUL, 0x8000000000000000ULL, 2, 0);
	BIN32("mul32 on the low halves", BPF_MUL, 0x100000003ULL, 5, 15);
	BIN32("mul32 wraps", BPF_MUL, 0x10000, 0x10000, 0);
	IMM64("mul64 imm -2", BPF_MUL, 3, -2, (u64)-6LL);
	IMM32("mul32 imm -2", BPF_MUL, 3, -2, 0xfffffffaULL);
}

/*
 * RFC 9669 4.1: unsigned DIV/MOD; division by zero gives 0, modulo by zero
 * leaves dst (ALU64) or its low half zero-extended (ALU). For ALU64 a K
 * operand is sign-extended, then used as unsigned.
 */
static void test_div_mod(void)
{
	BIN64("div64", BPF_DIV, 100, 7, 14);
	BIN64("div64 large", BPF_DIV, U64_MAX, 2, 0x7fffffffffffffffULL);
	BIN64("div64 by zero is 0", BPF_DIV, 42, 0, 0);
	BIN32("div32 on the low halves", BPF_DIV, 0x100000064ULL, 7, 14);
	BIN32("div32 by a divisor whose low half is zero is 0", BPF_DIV, 42, 0xffffffff00000000ULL,
	      0);
	IMM64("div64 imm 0 is 0", BPF_DIV, 42, 0, 0);
	IMM64("div64 imm -1 is by 2^64-1", BPF_DIV, 10, -1, 0);
	IMM64("div64 imm -1 of all ones", BPF_DIV, U64_MAX, -1, 1);
	IMM32("div32 imm -1 is by 2^32-1", BPF_DIV, 0xffffffffULL, -1, 1);
	BIN64("mod64", BPF_MOD, 100, 7, 2);
	BIN64("mod64 by zero leaves dst", BPF_MOD, 0x1234567890ULL, 0, 0x1234567890ULL);
	BIN32("mod32 by zero zeroes the upper half", BPF_MOD, 0x100000005ULL, 0, 5);
	BIN32("mod32", BPF_MOD, 0x100000064ULL, 7, 2);
	IMM64("mod64 imm 0 leaves dst", BPF_MOD, 77, 0, 77);
	IMM32("mod32 imm 0", BPF_MOD, 0xabcdef0000000009ULL, 0, 9);
	IMM64("mod64 imm -1 (2^64-1)", BPF_MOD, 5, -1, 5);
}

/*
 * RFC 9669 4.1: SDIV/SMOD (offset 1) truncate toward zero, so -13 % 3 is
 * -1; overflow wraps: INT_MIN / -1 is INT_MIN, INT_MIN % -1 is 0. By zero
 * as for the unsigned forms.
 */
static void test_sdiv_smod(void)
{
	SBIN64("sdiv64 -7/2 = -3", BPF_DIV, (u64)-7LL, 2, (u64)-3LL);
	SBIN64("sdiv64 7/-2 = -3", BPF_DIV, 7, (u64)-2LL, (u64)-3LL);
	SBIN64("sdiv64 -8/-2 = 4", BPF_DIV, (u64)-8LL, (u64)-2LL, 4);
	SBIN64("sdiv64 INT64_MIN/-1 = INT64_MIN", BPF_DIV, (u64)S64_MIN, U64_MAX, (u64)S64_MIN);
	SBIN64("sdiv64 by zero is 0", BPF_DIV, (u64)-5LL, 0, 0);
	SBIN64("smod64 -13%3 = -1", BPF_MOD, (u64)-13LL, 3, U64_MAX);
	SBIN64("smod64 13%-3 = 1", BPF_MOD, 13, (u64)-3LL, 1);
	SBIN64("smod64 INT64_MIN%-1 = 0", BPF_MOD, (u64)S64_MIN, U64_MAX, 0);
	SBIN64("smod64 by zero leaves dst", BPF_MOD, (u64)-5LL, 0, (u64)-5LL);
	SBIN32("sdiv32 -7/2 = -3 zero-extended", BPF_DIV, 0x5fffffff9ULL, 2, 0xfffffffdULL);
	SBIN32("sdiv32 INT32_MIN/-1 = INT32_MIN", BPF_DIV, 0x80000000ULL, 0xffffffffULL,
	       0x80000000ULL);
	SBIN32("sdiv32 by zero is 0", BPF_DIV, 0x80000000ULL, 0x100000000ULL, 0);
	SBIN32("smod32 -13%3 = -1", BPF_MOD, 0xfffffff3ULL, 3, 0xffffffffULL);
	SBIN32("smod32 INT32_MIN%-1 = 0", BPF_MOD, 0x80000000ULL, 0xffffffffULL, 0);
	SBIN32("smod32 by zero keeps the low half", BPF_MOD, 0x7fffffff9ULL, 0, 0xfffffff9ULL);
	EXPECT("sdiv64 imm -2", 5, ASM_MOV64_K(0, -10), ASM_SALU64_K(BPF_DIV, 0, -2), ASM_EXIT());
	EXPECT("smod64 imm", (u64)-1LL, ASM_MOV64_K(0, -10), ASM_SALU64_K(BPF_MOD, 0, 3),
	       ASM_EXIT());
	EXPECT("sdiv32 imm", 0xfffffffbULL, ASM_MOV64_K(0, -10), ASM_SALU32_K(BPF_DIV, 0, 2),
	       ASM_EXIT());
	EXPECT("smod32 imm", 0xffffffffULL, ASM_MOV64_K(0, -10), ASM_SALU32_K(BPF_MOD, 0, 3),
	       ASM_EXIT());
}

/* RFC 9669 4.1: OR, AND, XOR, NEG. */
static void test_logic(void)
{
	BIN64("or64", BPF_OR, 0xf0f0000000000000ULL, 0x0f, 0xf0f000000000000fULL);
	BIN32("or32", BPF_OR, 0xf0f0000000000000ULL, 0x0f, 0x0f);
	BIN64("and64", BPF_AND, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL,
	      0x0f000f000f000f00ULL);
	BIN32("and32", BPF_AND, 0xffffffffffffffffULL, 0x12345678ULL, 0x12345678ULL);
	BIN64("xor64", BPF_XOR, 0xaaaaaaaaaaaaaaaaULL, U64_MAX, 0x5555555555555555ULL);
	BIN32("xor32", BPF_XOR, 0xaaaaaaaaaaaaaaaaULL, U64_MAX, 0x55555555ULL);
	IMM64("and64 imm -16 keeps the upper half", BPF_AND, U64_MAX, -16, 0xfffffffffffffff0ULL);
	IMM32("and32 imm -16", BPF_AND, U64_MAX, -16, 0xfffffff0ULL);
	IMM64("or64 imm", BPF_OR, 0x100, 0x1, 0x101);
	IMM32("xor32 imm", BPF_XOR, 0x1000000ffULL, 0xff, 0);
	EXPECT("neg64", (u64)-5LL, ASM_MOV64_K(0, 5), ASM_NEG64(0), ASM_EXIT());
	EXPECT("neg64 INT64_MIN", (u64)S64_MIN, ASM_LD_IMM64(0, (u64)S64_MIN), ASM_NEG64(0),
	       ASM_EXIT());
	EXPECT("neg32", 0xfffffffbULL, ASM_LD_IMM64(0, 0x700000005ULL), ASM_NEG32(0), ASM_EXIT());
}

/* RFC 9669 4.1: shifts mask the count to 6 bits (ALU64) or 5 bits (ALU). */
static void test_shifts(void)
{
	BIN64("lsh64 by 63", BPF_LSH, 1, 63, 0x8000000000000000ULL);
	BIN64("lsh64 by 65 is by 1", BPF_LSH, 1, 65, 2);
	BIN32("lsh32 by 31", BPF_LSH, 1, 31, 0x80000000ULL);
	BIN32("lsh32 by 33 is by 1", BPF_LSH, 1, 33, 2);
	BIN32("lsh32 drops bits past 32", BPF_LSH, 0x80000001ULL, 1, 2);
	BIN64("rsh64 by 63", BPF_RSH, 0x8000000000000000ULL, 63, 1);
	BIN64("rsh64 by 64 is by 0", BPF_RSH, 0x8000000000000000ULL, 64, 0x8000000000000000ULL);
	BIN32("rsh32 on the low half", BPF_RSH, 0xffffffff80000000ULL, 31, 1);
	BIN32("rsh32 by 32 is by 0", BPF_RSH, 0x180000000ULL, 32, 0x80000000ULL);
	BIN64("arsh64 by 63", BPF_ARSH, 0x8000000000000000ULL, 63, U64_MAX);
	BIN64("arsh64 by 68 is by 4", BPF_ARSH, 0x8000000000000000ULL, 68, 0xf800000000000000ULL);
	BIN64("arsh64 positive", BPF_ARSH, 0x4000000000000000ULL, 62, 1);
	BIN32("arsh32 sign is bit 31", BPF_ARSH, 0x80000000ULL, 31, 0xffffffffULL);
	BIN32("arsh32 ignores bit 63", BPF_ARSH, 0x8000000040000000ULL, 30, 1);
	BIN32("arsh32 by 36 is by 4", BPF_ARSH, 0x80000000ULL, 36, 0xf8000000ULL);
	IMM64("lsh64 imm", BPF_LSH, 3, 4, 48);
	IMM64("lsh64 imm 64 is 0", BPF_LSH, 3, 64, 3);
	IMM32("rsh32 imm 35 is 3", BPF_RSH, 0x80, 35, 0x10);
	IMM64("arsh64 imm", BPF_ARSH, (u64)-64LL, 3, (u64)-8LL);
	IMM32("arsh32 imm", BPF_ARSH, 0xffffffc0ULL, 3, 0xfffffff8ULL);
}

/* RFC 9669 4.1: MOV and MOVSX (offset 8, 16, 32). */
static void test_mov(void)
{
	EXPECT("mov64 imm -1 sign-extends", U64_MAX, ASM_MOV64_K(0, -1), ASM_EXIT());
	EXPECT("mov32 imm -1 zero-extends", 0xffffffffULL, ASM_MOV32_K(0, -1), ASM_EXIT());
	EXPECT("mov64 reg", 0xdeadbeefcafef00dULL, ASM_LD_IMM64(1, 0xdeadbeefcafef00dULL),
	       ASM_MOV64_X(0, 1), ASM_EXIT());
	EXPECT("mov32 reg takes the low half", 0xcafef00dULL,
	       ASM_LD_IMM64(1, 0xdeadbeefcafef00dULL), ASM_MOV32_X(0, 1), ASM_EXIT());
	EXPECT("movsx64 8", 0xffffffffffffff80ULL, ASM_MOV64_K(1, 0x80), ASM_MOVSX64(0, 1, 8),
	       ASM_EXIT());
	EXPECT("movsx64 8 positive", 0x7f, ASM_MOV64_K(1, 0x17f), ASM_MOVSX64(0, 1, 8), ASM_EXIT());
	EXPECT("movsx64 8 of 0x1ff is -1", U64_MAX, ASM_MOV64_K(1, 0x1ff), ASM_MOVSX64(0, 1, 8),
	       ASM_EXIT());
	EXPECT("movsx64 16", 0xffffffffffff8000ULL, ASM_MOV64_K(1, 0x8000), ASM_MOVSX64(0, 1, 16),
	       ASM_EXIT());
	EXPECT("movsx64 32", 0xffffffff80000000ULL, ASM_LD_IMM64(1, 0x1280000000ULL),
	       ASM_MOVSX64(0, 1, 32), ASM_EXIT());
	EXPECT("movsx64 32 positive", 0x7fffffffULL, ASM_LD_IMM64(1, 0xff7fffffffULL),
	       ASM_MOVSX64(0, 1, 32), ASM_EXIT());
	EXPECT("movsx32 8 zero-extends the result", 0xffffff80ULL, ASM_MOV64_K(1, 0x80),
	       ASM_MOVSX32(0, 1, 8), ASM_EXIT());
	EXPECT("movsx32 16", 0xffff8000ULL, ASM_LD_IMM64(1, 0xffff00008000ULL),
	       ASM_MOVSX32(0, 1, 16), ASM_EXIT());
	EXPECT("ld_imm64", 0x123456789abcdef0ULL, ASM_LD_IMM64(0, 0x123456789abcdef0ULL),
	       ASM_EXIT());
	EXPECT("ld_imm64 high bit of the low half is not sign-extended", 0x80000000ULL,
	       ASM_LD_IMM64(0, 0x80000000ULL), ASM_EXIT());
}

/*
 * RFC 9669 4.2: byte swaps. ALU class: to little-endian (K, a truncation
 * on these little-endian hosts) or big-endian (X); ALU64: unconditional.
 * All zero-extend from the width.
 */
static void test_bswap(void)
{
	const u64 v = 0x0123456789abcdefULL;

	EXPECT("be16", 0xefcd, ASM_LD_IMM64(0, v), ASM_BE(0, 16), ASM_EXIT());
	EXPECT("be32", 0xefcdab89ULL, ASM_LD_IMM64(0, v), ASM_BE(0, 32), ASM_EXIT());
	EXPECT("be64", 0xefcdab8967452301ULL, ASM_LD_IMM64(0, v), ASM_BE(0, 64), ASM_EXIT());
	EXPECT("le16", 0xcdef, ASM_LD_IMM64(0, v), ASM_LE(0, 16), ASM_EXIT());
	EXPECT("le32", 0x89abcdefULL, ASM_LD_IMM64(0, v), ASM_LE(0, 32), ASM_EXIT());
	EXPECT("le64", v, ASM_LD_IMM64(0, v), ASM_LE(0, 64), ASM_EXIT());
	EXPECT("bswap16", 0xefcd, ASM_LD_IMM64(0, v), ASM_BSWAP(0, 16), ASM_EXIT());
	EXPECT("bswap32", 0xefcdab89ULL, ASM_LD_IMM64(0, v), ASM_BSWAP(0, 32), ASM_EXIT());
	EXPECT("bswap64", 0xefcdab8967452301ULL, ASM_LD_IMM64(0, v), ASM_BSWAP(0, 64), ASM_EXIT());
}

struct jcase {
	u8 op;
	u64 a, b;
	bool taken64, taken32;
};

/*
 * RFC 9669 4.3: each conditional jump, register and immediate forms, JMP
 * and JMP32 (the low halves only; signed compares on bit 31).
 */
static void test_jumps(void)
{
	static const struct jcase cases[] = {
		{ BPF_JEQ, 5, 5, true, true },
		{ BPF_JEQ, 0x100000005ULL, 5, false, true },
		{ BPF_JNE, 0x100000005ULL, 5, true, false },
		{ BPF_JGT, U64_MAX, 1, true, true },
		{ BPF_JGT, 1, 1, false, false },
		{ BPF_JGE, 3, 3, true, true },
		{ BPF_JGE, 0x100000000ULL, 1, true, false },
		{ BPF_JLT, 1, 2, true, true },
		{ BPF_JLT, 0x100000000ULL, 1, false, true },
		{ BPF_JLE, 2, 2, true, true },
		{ BPF_JLE, 3, 2, false, false },
		{ BPF_JSGT, U64_MAX, 1, false, false },
		{ BPF_JSGT, 0x80000000ULL, 1, true, false },
		{ BPF_JSGE, (u64)-3LL, (u64)-3LL, true, true },
		{ BPF_JSGE, (u64)-4LL, (u64)-3LL, false, false },
		{ BPF_JSLT, U64_MAX, 1, true, true },
		{ BPF_JSLT, 0x80000000ULL, 1, false, true },
		{ BPF_JSLE, 0x80000000ULL, 0x80000000ULL, true, true },
		{ BPF_JSLE, 1, 0xffffffffULL, true, false },
		{ BPF_JSET, 6, 3, true, true },
		{ BPF_JSET, 4, 3, false, false },
		{ BPF_JSET, 0x100000000ULL, 0x100000000ULL, true, false },
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct jcase *c = &cases[i];
		u32 w;

		for (w = 0; w < 2; w++) {
			struct bpf_insn prog[] = {
				ASM_MOV64_K(0, 1),
				ASM_LD_IMM64(1, c->a),
				ASM_LD_IMM64(2, c->b),
				w ? ASM_JMP32_X(c->op, 1, 2, 1) : ASM_JMP_X(c->op, 1, 2, 1),
				ASM_MOV64_K(0, 0),
				ASM_EXIT(),
			};
			struct bpf_run run;
			bool want = w ? c->taken32 : c->taken64;

			if (run_prog(prog, ARRAY_SIZE(prog), NULL, 0, &run))
				TAP_CHECK(run.r0 == want, "taken %llu", run.r0);
			tap_case("%s op %#x %#llx, %#llx (reg)", w ? "jmp32" : "jmp", c->op, c->a,
				 c->b);
			/* The immediate form, where b fits imm's sign extension (64) or bits (32). */
			if ((!w && (s64)c->b != (s32)c->b) || (w && c->b > 0xffffffffULL))
				continue;
			{
				const struct bpf_insn kprog[] = {
					ASM_MOV64_K(0, 1),
					ASM_LD_IMM64(1, c->a),
					w ? ASM_JMP32_K(c->op, 1, (s32)c->b, 1) :
					    ASM_JMP_K(c->op, 1, (s32)c->b, 1),
					ASM_MOV64_K(0, 0),
					ASM_EXIT(),
				};

				if (run_prog(kprog, ARRAY_SIZE(kprog), NULL, 0, &run))
					TAP_CHECK(run.r0 == want, "taken %llu", run.r0);
			}
			tap_case("%s op %#x %#llx, %#llx (imm)", w ? "jmp32" : "jmp", c->op, c->a,
				 c->b);
		}
	}
	EXPECT("jmp imm -1 compares with all ones", 1, ASM_MOV64_K(0, 1), ASM_MOV64_K(1, -1),
	       ASM_JMP_K(BPF_JEQ, 1, -1, 1), ASM_MOV64_K(0, 0), ASM_EXIT());
	EXPECT("jmp32 imm -1 compares with 0xffffffff", 1, ASM_MOV64_K(0, 1), ASM_MOV32_K(1, -1),
	       ASM_JMP32_K(BPF_JEQ, 1, -1, 1), ASM_MOV64_K(0, 0), ASM_EXIT());
	EXPECT("jmp imm -1 is not 0xffffffff", 0, ASM_MOV64_K(0, 1), ASM_MOV32_K(1, -1),
	       ASM_JMP_K(BPF_JEQ, 1, -1, 1), ASM_MOV64_K(0, 0), ASM_EXIT());
	EXPECT("ja skips", 2, ASM_MOV64_K(0, 2), ASM_JA(1), ASM_MOV64_K(0, 3), ASM_EXIT());
	EXPECT("ja32 (gotol) takes its offset from imm", 2, ASM_MOV64_K(0, 2), ASM_JA32(1),
	       ASM_MOV64_K(0, 3), ASM_EXIT());
	EXPECT("backward jump: sum 1..10", 55, ASM_MOV64_K(0, 0), ASM_MOV64_K(1, 10),
	       ASM_ALU64_X(BPF_ADD, 0, 1), ASM_ALU64_K(BPF_SUB, 1, 1), ASM_JMP_K(BPF_JNE, 1, 0, -3),
	       ASM_EXIT());
}

/*
 * RFC 9669 5.1-5.2: loads and stores of each size, little-endian, MEMSX
 * sign-extending from the loaded width; ST stores imm sign-extended to 64
 * bits, then truncated to the size. The stack holds 0x8877665544332211 at
 * r10-8, so the byte at r10-8 is 0x11 and the byte at r10-1 is 0x88.
 */
static void test_memory(void)
{
	const u64 v = 0x8877665544332211ULL;

#define MEMCASE(name, want, ...) \
	EXPECT(name, want, ASM_LD_IMM64(1, v), ASM_STX(BPF_DW, 10, 1, -8), __VA_ARGS__, ASM_EXIT())
	MEMCASE("ldxb", 0x11, ASM_LDX(BPF_B, 0, 10, -8));
	MEMCASE("ldxb at -1", 0x88, ASM_LDX(BPF_B, 0, 10, -1));
	MEMCASE("ldxh", 0x2211, ASM_LDX(BPF_H, 0, 10, -8));
	MEMCASE("ldxw", 0x44332211ULL, ASM_LDX(BPF_W, 0, 10, -8));
	MEMCASE("ldxw upper half", 0x88776655ULL, ASM_LDX(BPF_W, 0, 10, -4));
	MEMCASE("ldxdw", v, ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("ldxw unaligned", 0x55443322ULL, ASM_LDX(BPF_W, 0, 10, -7));
	MEMCASE("ldxsb negative", 0xffffffffffffff88ULL, ASM_LDXSX(BPF_B, 0, 10, -1));
	MEMCASE("ldxsb positive", 0x11, ASM_LDXSX(BPF_B, 0, 10, -8));
	MEMCASE("ldxsh negative", 0xffffffffffff8877ULL, ASM_LDXSX(BPF_H, 0, 10, -2));
	MEMCASE("ldxsh positive", 0x2211, ASM_LDXSX(BPF_H, 0, 10, -8));
	MEMCASE("ldxsw negative", 0xffffffff88776655ULL, ASM_LDXSX(BPF_W, 0, 10, -4));
	MEMCASE("ldxsw positive", 0x44332211ULL, ASM_LDXSX(BPF_W, 0, 10, -8));
	MEMCASE("stxb then ldxdw", 0x88776655443322aaULL, ASM_MOV64_K(2, 0x1aa),
		ASM_STX(BPF_B, 10, 2, -8), ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("stxh", 0x887766554433bbaaULL, ASM_MOV64_K(2, 0x1bbaa), ASM_STX(BPF_H, 10, 2, -8),
		ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("stxw", 0x88776655ddccbbaaULL, ASM_LD_IMM64(2, 0x11ddccbbaaULL),
		ASM_STX(BPF_W, 10, 2, -8), ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("stb imm", 0x88776655443322feULL, ASM_ST(BPF_B, 10, -8, -2),
		ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("sth imm", 0x887766554433fffeULL, ASM_ST(BPF_H, 10, -8, -2),
		ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("stw imm", 0x88776655fffffffeULL, ASM_ST(BPF_W, 10, -8, -2),
		ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("stdw imm sign-extended", 0xfffffffffffffffeULL, ASM_ST(BPF_DW, 10, -8, -2),
		ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("stdw imm positive", 0x7fffffffULL, ASM_ST(BPF_DW, 10, -8, 0x7fffffff),
		ASM_LDX(BPF_DW, 0, 10, -8));
	MEMCASE("stack bottom byte", 0x5a, ASM_ST(BPF_B, 10, -512, 0x5a),
		ASM_LDX(BPF_B, 0, 10, -512));
#undef MEMCASE
}

/*
 * RFC 9669 5.3: atomic ADD, OR, AND, XOR (with and without FETCH), XCHG and
 * CMPXCHG, on 32 and 64 bits. Memory at r10-8 starts as 0x000000000000000c,
 * src (r1) is 0x0a: ADD 0x16, OR 0x0e, AND 0x08, XOR 0x06; FETCH loads the
 * old value 0x0c into src. The program returns mem + (src << 32).
 */
struct acase {
	const char *name;
	s32 op;
	u64 mem, src, r0; /* initial memory, src, r0 (for CMPXCHG) */
	u64 want_mem, want_src, want_r0;
};

static void test_atomics(void)
{
	static const struct acase cases64[] = {
		{ "add", BPF_ADD, 0xc, 0xa, 0, 0x16, 0xa, 0 },
		{ "or", BPF_OR, 0xc, 0xa, 0, 0xe, 0xa, 0 },
		{ "and", BPF_AND, 0xc, 0xa, 0, 0x8, 0xa, 0 },
		{ "xor", BPF_XOR, 0xc, 0xa, 0, 0x6, 0xa, 0 },
		{ "add|fetch", BPF_ADD | BPF_FETCH, 0xc, 0xa, 0, 0x16, 0xc, 0 },
		{ "or|fetch", BPF_OR | BPF_FETCH, 0xc, 0xa, 0, 0xe, 0xc, 0 },
		{ "and|fetch", BPF_AND | BPF_FETCH, 0xc, 0xa, 0, 0x8, 0xc, 0 },
		{ "xor|fetch", BPF_XOR | BPF_FETCH, 0xc, 0xa, 0, 0x6, 0xc, 0 },
		{ "add wraps", BPF_ADD, U64_MAX, 2, 0, 1, 2, 0 },
		{ "xchg", BPF_XCHG, 5, 9, 0, 9, 5, 0 },
		{ "cmpxchg equal", BPF_CMPXCHG, 5, 9, 5, 9, 9, 5 },
		{ "cmpxchg different", BPF_CMPXCHG, 5, 9, 4, 5, 9, 5 },
	};
	/* 32-bit: only the low word at r10-8 changes; fetched values are zero-extended. */
	static const struct acase cases32[] = {
		{ "add", BPF_ADD, 0xaaaaaaaa0000000cULL, 0xa, 0, 0xaaaaaaaa00000016ULL, 0xa, 0 },
		{ "add carries nothing into the next word", BPF_ADD, 0xaaaaaaaaffffffffULL, 1, 0,
		  0xaaaaaaaa00000000ULL, 1, 0 },
		{ "or", BPF_OR, 0xaaaaaaaa0000000cULL, 0xa, 0, 0xaaaaaaaa0000000eULL, 0xa, 0 },
		{ "and", BPF_AND, 0xaaaaaaaa0000000cULL, 0xffffffff0000000aULL, 0,
		  0xaaaaaaaa00000008ULL, 0xffffffff0000000aULL, 0 },
		{ "xor", BPF_XOR, 0xaaaaaaaa0000000cULL, 0xa, 0, 0xaaaaaaaa00000006ULL, 0xa, 0 },
		{ "add|fetch", BPF_ADD | BPF_FETCH, 0xaaaaaaaa8000000cULL, 0xa, 0,
		  0xaaaaaaaa80000016ULL, 0x8000000cULL, 0 },
		{ "or|fetch", BPF_OR | BPF_FETCH, 0xc, 0xa, 0, 0xe, 0xc, 0 },
		{ "and|fetch", BPF_AND | BPF_FETCH, 0xc, 0xa, 0, 0x8, 0xc, 0 },
		{ "xor|fetch", BPF_XOR | BPF_FETCH, 0xc, 0xa, 0, 0x6, 0xc, 0 },
		{ "xchg", BPF_XCHG, 0x1100000005ULL, 0x2200000009ULL, 0, 0x1100000009ULL, 5, 0 },
		{ "cmpxchg compares the low half of r0", BPF_CMPXCHG, 0x1100000005ULL, 9,
		  0xffffffff00000005ULL, 0x1100000009ULL, 9, 5 },
		{ "cmpxchg different", BPF_CMPXCHG, 0x1100000005ULL, 9, 4, 0x1100000005ULL, 9, 5 },
	};
	u32 i, w;

	for (w = 0; w < 2; w++) {
		const struct acase *cs = w ? cases32 : cases64;
		u32 n = w ? ARRAY_SIZE(cases32) : ARRAY_SIZE(cases64);

		for (i = 0; i < n; i++) {
			const struct acase *c = &cs[i];
			/* mem, src and r0 go out through the context: 24 bytes. */
			const struct bpf_insn prog[] = {
				ASM_MOV64_X(6, 1),
				ASM_LD_IMM64(2, c->mem),
				ASM_STX(BPF_DW, 10, 2, -8),
				ASM_LD_IMM64(1, c->src),
				ASM_LD_IMM64(0, c->r0),
				ASM_ATOMIC(w ? BPF_W : BPF_DW, 10, 1, -8, c->op),
				ASM_LDX(BPF_DW, 2, 10, -8),
				ASM_STX(BPF_DW, 6, 2, 0),
				ASM_STX(BPF_DW, 6, 1, 8),
				ASM_STX(BPF_DW, 6, 0, 16),
				ASM_MOV64_K(0, 0),
				ASM_EXIT(),
			};
			u64 out[3] = { 0 };
			struct bpf_run run;

			if (run_prog(prog, ARRAY_SIZE(prog), out, sizeof(out), &run)) {
				TAP_CHECK(run.stop == BPF_OK, "stop %d", run.stop);
				TAP_CHECK(out[0] == c->want_mem, "mem %#llx", out[0]);
				TAP_CHECK(out[1] == c->want_src, "src %#llx", out[1]);
				TAP_CHECK(out[2] == c->want_r0, "r0 %#llx", out[2]);
			}
			tap_case("atomic%s %s", w ? "32" : "64", c->name);
		}
	}
}

/* Run a program expecting a stop of kind why at slot at. */
static void expect_stop(const char *name, const struct bpf_insn *insns, u32 n, void *ctx,
			u64 ctx_len, enum bpf_stop why, u32 at)
{
	struct bpf_run run;

	if (run_prog(insns, n, ctx, ctx_len, &run)) {
		TAP_CHECK(run.stop == why, "stop %d, want %d", run.stop, why);
		TAP_CHECK(run.stop_at == at, "at %u, want %u", run.stop_at, at);
		TAP_CHECK(run.r0 == 0, "r0 %#llx after a stop", run.r0);
	}
	tap_case("%s", name);
}

#define EXPECT_STOP(name, ctx, len, why, at, ...)                               \
	do {                                                                    \
		const struct bpf_insn prog_[] = { __VA_ARGS__ };                \
		expect_stop(name, prog_, ARRAY_SIZE(prog_), ctx, len, why, at); \
	} while (0)

/*
 * The context (bpf.h): r1 points at it, r2 holds its length; accesses the
 * verifier could not prove are checked at run time and stop the program
 * when any byte falls outside.
 */
static void test_context(void)
{
	u8 ctx[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	struct bpf_run run;

	{
		const struct bpf_insn prog[] = {
			ASM_LDX(BPF_W, 0, 1, 12),   /* 0x100f0e0d */
			ASM_ST(BPF_B, 1, 0, 0x77),  /* ctx[0] = 0x77 */
			ASM_ALU64_X(BPF_ADD, 0, 2), /* + 16 */
			ASM_EXIT(),
		};

		if (run_prog(prog, ARRAY_SIZE(prog), ctx, sizeof(ctx), &run)) {
			TAP_CHECK(run.r0 == 0x100f0e0dULL + 16, "r0 %#llx", run.r0);
			TAP_CHECK(ctx[0] == 0x77, "ctx[0] %#x", ctx[0]);
			TAP_CHECK(!((flags[0] | flags[1]) & BPF_F_CHECK),
				  "proven accesses flagged");
		}
		tap_case("context: r1 and r2, proven accesses");
	}
	{
		/* r1 + r2 - 1 is the last byte: unknown to the verifier, checked at run time. */
		const struct bpf_insn prog[] = {
			ASM_MOV64_X(3, 1),
			ASM_ALU64_X(BPF_ADD, 3, 2),
			ASM_LDX(BPF_B, 0, 3, -1),
			ASM_EXIT(),
		};

		if (run_prog(prog, ARRAY_SIZE(prog), ctx, sizeof(ctx), &run)) {
			TAP_CHECK(run.stop == BPF_OK && run.r0 == 16, "stop %d r0 %llu", run.stop,
				  run.r0);
			TAP_CHECK(flags[2] & BPF_F_CHECK, "not flagged");
		}
		tap_case("context: checked access to the last byte");
	}
	EXPECT_STOP("context: checked access one past the end stops", ctx, sizeof(ctx),
		    BPF_STOP_BOUNDS, 2, ASM_MOV64_X(3, 1), ASM_ALU64_X(BPF_ADD, 3, 2),
		    ASM_LDX(BPF_B, 0, 3, 0), ASM_EXIT());
	EXPECT_STOP("context: a word straddling the end stops", ctx, sizeof(ctx), BPF_STOP_BOUNDS,
		    2, ASM_MOV64_X(3, 1), ASM_ALU64_X(BPF_ADD, 3, 2), ASM_ST(BPF_W, 3, -3, 0),
		    ASM_MOV64_K(0, 0), ASM_EXIT());
	TAP_CHECK(ctx[13] == 14 && ctx[15] == 16, "the stopped store wrote");
	EXPECT_STOP("context: checked access before the start stops", ctx, sizeof(ctx),
		    BPF_STOP_BOUNDS, 2, ASM_MOV64_X(3, 1), ASM_ALU64_X(BPF_SUB, 3, 2),
		    ASM_LDX(BPF_B, 0, 3, 15), ASM_EXIT());
	EXPECT_STOP("no context: a checked access stops", NULL, 0, BPF_STOP_BOUNDS, 2,
		    ASM_MOV64_X(3, 1), ASM_ALU64_X(BPF_ADD, 3, 2), ASM_LDX(BPF_B, 0, 3, 0),
		    ASM_EXIT());
	EXPECT_STOP("stack: a checked access below the frame stops", NULL, 0, BPF_STOP_BOUNDS, 2,
		    ASM_MOV64_X(3, 10), ASM_ALU64_X(BPF_ADD, 3, 2), ASM_LDX(BPF_B, 0, 3, -513),
		    ASM_EXIT());
	EXPECT_STOP("stack: a checked access at r10 stops", NULL, 0, BPF_STOP_BOUNDS, 2,
		    ASM_MOV64_X(3, 10), ASM_ALU64_X(BPF_ADD, 3, 2), ASM_LDX(BPF_B, 0, 3, 0),
		    ASM_EXIT());
	EXPECT("stack: a checked access inside the frame", 0x66, ASM_ST(BPF_B, 10, -512, 0x66),
	       ASM_MOV64_X(3, 10), ASM_ALU64_X(BPF_ADD, 3, 2), ASM_LDX(BPF_B, 0, 3, -512),
	       ASM_EXIT());
	EXPECT_STOP("atomic: a checked misaligned address stops", NULL, 0, BPF_STOP_BOUNDS, 4,
		    ASM_MOV64_X(3, 10), ASM_ALU64_X(BPF_ADD, 3, 2), ASM_MOV64_K(1, 1),
		    ASM_ST(BPF_DW, 10, -16, 0), ASM_ATOMIC(BPF_DW, 3, 1, -12, BPF_ADD),
		    ASM_MOV64_K(0, 0), ASM_EXIT());
}

/* A run with a context shorter than the verified one never starts. */
static void test_short_context(void)
{
	const struct bpf_insn prog[] = { ASM_LDX(BPF_DW, 0, 1, 8), ASM_EXIT() };
	struct bpf_prog p = { .insns = prog, .len = 2, .ctx_len = 16, .flags = flags };
	u64 ctx[2] = { 0 };
	struct bpf_run run = { .ctx = ctx, .ctx_len = 8 };
	const char *why;
	u32 at;

	TAP_CHECK(bpf_verify(&p, bpf_verify_work, &why, &at) == 0, "rejected: %s", why);
	bpf_interp_run(&p, &run);
	TAP_CHECK(run.stop == BPF_STOP_BOUNDS && run.stop_at == 0 && run.executed == 0,
		  "stop %d at %u executed %llu", run.stop, run.stop_at, run.executed);
	tap_case("context: shorter than verified stops before slot 0");
}

/*
 * Helper calls (RFC 9669 4.3.1, src 0): r1-r5 are the arguments, r0 the
 * result. The print helper's buffer (r1, r2 bytes) must lie in the
 * context or the frame.
 */
static void test_helpers(void)
{
	u8 ctx[8] = "hi %d\n";
	struct bpf_run run;

	helper_calls = 0;
	EXPECT("helper: arguments and result", 1001, ASM_MOV64_K(1, 11), ASM_MOV64_K(2, 22),
	       ASM_MOV64_K(3, 33), ASM_MOV64_K(4, 44), ASM_MOV64_K(5, 55),
	       ASM_CALL_HELPER(BPF_HELPER_COUNTER), ASM_EXIT());
	TAP_CHECK(helper_args[0] == 11 && helper_args[1] == 22 && helper_args[2] == 33 &&
			  helper_args[3] == 44 && helper_args[4] == 55,
		  "args %llu %llu %llu %llu %llu", helper_args[0], helper_args[1], helper_args[2],
		  helper_args[3], helper_args[4]);
	tap_case("helper: r1-r5 passed in order");
	EXPECT("helper: random stub", 0x1234, ASM_CALL_HELPER(BPF_HELPER_RANDOM), ASM_EXIT());
	EXPECT("helper: missing from the table returns 0", 0, ASM_CALL_HELPER(BPF_HELPER_CPU_ID),
	       ASM_EXIT());
	{
		const struct bpf_insn prog[] = {
			ASM_MOV64_K(2, 6),
			ASM_MOV64_K(3, 0),
			ASM_MOV64_K(4, 0),
			ASM_MOV64_K(5, 0),
			ASM_CALL_HELPER(BPF_HELPER_PRINT),
			ASM_EXIT(),
		};

		if (run_prog(prog, ARRAY_SIZE(prog), ctx, sizeof(ctx), &run)) {
			TAP_CHECK(run.stop == BPF_OK && run.r0 == 6, "stop %d r0 %llu", run.stop,
				  run.r0);
			TAP_CHECK(helper_args[0] == (u64)(uintptr_t)ctx, "fmt %#llx",
				  helper_args[0]);
			TAP_CHECK(!(flags[4] & BPF_F_CHECK), "proven print flagged");
		}
		tap_case("helper: print from the context, proven");
	}
	EXPECT_STOP("helper: print past the context stops", ctx, sizeof(ctx), BPF_STOP_BOUNDS, 6,
		    ASM_MOV64_X(6, 2), ASM_ALU64_K(BPF_ADD, 6, 1), ASM_MOV64_X(2, 6),
		    ASM_MOV64_K(3, 0), ASM_MOV64_K(4, 0), ASM_MOV64_K(5, 0),
		    ASM_CALL_HELPER(BPF_HELPER_PRINT), ASM_EXIT());
}

/*
 * Local calls (RFC 9669 4.3.1, src 1): imm counts slots from the next one;
 * the callee has its own frame; r6-r9 survive the call.
 */
static void test_local_calls(void)
{
	struct bpf_run run;

	EXPECT("call: argument, result, r6 preserved", 17, ASM_MOV64_K(6, 7), ASM_MOV64_K(1, 5),
	       ASM_CALL_LOCAL(2), ASM_ALU64_X(BPF_ADD, 0, 6), ASM_EXIT(),
	       /* f(r1): */ ASM_MOV64_K(6, 100), ASM_MOV64_X(0, 1), ASM_ALU64_K(BPF_MUL, 0, 2),
	       ASM_EXIT());
	EXPECT("frames start zeroed", 0, ASM_LDX(BPF_DW, 0, 10, -512), ASM_EXIT());
	EXPECT("a second callee at the same depth sees a zeroed frame", 0, ASM_CALL_LOCAL(2),
	       ASM_CALL_LOCAL(4), ASM_EXIT(), /* f: */ ASM_ST(BPF_DW, 10, -8, 55),
	       ASM_MOV64_K(0, 0), ASM_EXIT(), /* g: */ ASM_LDX(BPF_DW, 0, 10, -8), ASM_EXIT());
	EXPECT("call: the callee has its own frame", 1, ASM_ST(BPF_DW, 10, -8, 1),
	       ASM_CALL_LOCAL(2), ASM_LDX(BPF_DW, 0, 10, -8), ASM_EXIT(),
	       /* f: */ ASM_ST(BPF_DW, 10, -8, 2), ASM_MOV64_K(0, 0), ASM_EXIT());
	/* fact(n) = n ? n * fact(n - 1) : 1, at slot 3; its call is at slot 7. */
#define FACT(n)                                                                             \
	ASM_MOV64_K(1, n), ASM_CALL_LOCAL(1), ASM_EXIT(), ASM_MOV64_K(0, 1),                \
		ASM_JMP_K(BPF_JEQ, 1, 0, 4), ASM_MOV64_X(6, 1), ASM_ALU64_K(BPF_SUB, 1, 1), \
		ASM_CALL_LOCAL(-5), ASM_ALU64_X(BPF_MUL, 0, 6), ASM_EXIT()
	EXPECT("call: recursion, fact(6) in 8 frames", 720, FACT(6));
	{
		const struct bpf_insn prog[] = { FACT(7) };

		if (run_prog(prog, ARRAY_SIZE(prog), NULL, 0, &run)) {
			TAP_CHECK(run.stop == BPF_STOP_DEPTH, "stop %d", run.stop);
			TAP_CHECK(run.stop_at == 7, "at %u", run.stop_at);
		}
		tap_case("call: a ninth frame stops the program");
	}
#undef FACT
	EXPECT_STOP("call: the caller's frame is not the callee's", NULL, 0, BPF_STOP_BOUNDS, 5,
		    ASM_MOV64_X(1, 10), ASM_ALU64_K(BPF_ADD, 1, -8), ASM_CALL_LOCAL(1), ASM_EXIT(),
		    ASM_MOV64_K(0, 0), ASM_LDX(BPF_DW, 0, 1, 0), ASM_EXIT());
}

/* The budget: a taken backward jump spends one unit; at zero the program stops. */
static void test_budget(void)
{
	struct bpf_run run;
	const struct bpf_insn spin[] = { ASM_MOV64_K(0, 0), ASM_JA(-1), ASM_EXIT() };
	const struct bpf_insn count[] = {
		ASM_MOV64_K(0, 3),
		ASM_ALU64_K(BPF_SUB, 0, 1),
		ASM_JMP_K(BPF_JNE, 0, 0, -2),
		ASM_EXIT(),
	};

	if (run_prog(spin, ARRAY_SIZE(spin), NULL, 0, &run)) {
		TAP_CHECK(run.stop == BPF_STOP_BUDGET && run.stop_at == 1, "stop %d at %u",
			  run.stop, run.stop_at);
		TAP_CHECK(run.executed == 1 + (u64)BPF_BACKEDGE_BUDGET + 1, "executed %llu",
			  run.executed);
	}
	tap_case("budget: ja -1 stops after BPF_BACKEDGE_BUDGET back-edges");
	if (run_prog(count, ARRAY_SIZE(count), NULL, 0, &run)) {
		TAP_CHECK(run.stop == BPF_OK && run.r0 == 0, "stop %d", run.stop);
		/* mov, then 3 x (sub, jne) and exit */
		TAP_CHECK(run.executed == 8, "executed %llu", run.executed);
	}
	tap_case("executed counts every slot run, the not-taken jump included");
	EXPECT("executed: ld_imm64 counts once", 1, ASM_LD_IMM64(0, 1), ASM_EXIT());
}

int main(void)
{
	tap_start();
	test_add_sub_mul();
	test_div_mod();
	test_sdiv_smod();
	test_logic();
	test_shifts();
	test_mov();
	test_bswap();
	test_jumps();
	test_memory();
	test_atomics();
	test_context();
	test_short_context();
	test_helpers();
	test_local_calls();
	test_budget();
	return tap_done();
}
