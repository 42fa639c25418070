// SPDX-License-Identifier: GPL-2.0
/*
 * Differential harness of the riscv64 eBPF JIT, run under qemu-user
 * (make jit-fuzz ARCH=riscv N=...). Built statically with the riscv64
 * cross compiler from the real sources: arch/riscv/kernel/bpf_jit.c and,
 * for the comparison, kernel/bpf/verifier.c and kernel/bpf/interp.c.
 *
 * Hand-made programs carry results worked out by hand from RFC 9669 (the
 * edge cases: shifts masked to the width, INT_MIN / -1, division and
 * modulo by zero, sign extension, byte swaps, 32-bit jumps) and each
 * stop reason; random programs (tests/unit/bpf_gen.h) are compared with
 * the interpreter only: r0, the stop and its slot, and the helper calls
 * (id and arguments, in order). Each program is JITted twice, into a
 * buffer within JAL's reach of the helpers (all calls near) and into one
 * hundreds of MiB away (all calls AUIPC+JALR).
 *
 *	jit-harness-riscv [N [SEED]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <lander/bpf.h>
#include <lander/errno.h>

#ifdef HAVE_BPF_GEN
#include "../unit/bpf_gen.h"
#endif

#define I(c, d, s, o, i)                                                    \
	{                                                                   \
		.code = (c), .regs = (d) | (s) << 4, .off = (o), .imm = (i) \
	}
#define MOV64K(d, i)	 I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64X(d, s)	 I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ALU64K(op, d, i) I(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU64X(op, d, s) I(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32K(op, d, i) I(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define ALU32X(op, d, s) I(BPF_ALU | (op) | BPF_X, d, s, 0, 0)
#define LDDW(d, v)                                                 \
	I(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (s32)(u32)(u64)(v)), \
		I(0, 0, 0, 0, (s32)(u32)((u64)(v) >> 32))
#define EXIT() I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* The helpers, logging every call so that the two runs can be compared. */
struct call_log {
	u32 n;
	u64 e[64][6];
};
static struct call_log *cur_log;
static u64 counter, rnd;

static void log_call(u64 id, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	if (cur_log->n < 64) {
		u64 *e = cur_log->e[cur_log->n];

		e[0] = id, e[1] = a1, e[2] = a2, e[3] = a3, e[4] = a4, e[5] = a5;
	}
	cur_log->n++;
}

static u64 h_counter(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(5, a1, a2, a3, a4, a5);
	return ++counter;
}

static u64 h_print(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(6, a1, a2, a3, a4, a5);
	return a2;
}

static u64 h_random(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(7, a1, a2, a3, a4, a5);
	rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
	return rnd >> 32;
}

static u64 h_cpu_id(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(8, a1, a2, a3, a4, a5);
	return 0;
}

static const bpf_helper_fn helpers[BPF_NR_HELPERS] = {
	[5] = h_counter,
	[6] = h_print,
	[7] = h_random,
	[8] = h_cpu_id,
};

/* Executable buffers: one in .bss near the text, one mapped far away. */
#define BUF_SIZE (256 << 10)
static u8 near_buf[BUF_SIZE] __attribute__((aligned(4096)));
static u8 *far_buf;

static void setup_buffers(void)
{
	uintptr_t text = (uintptr_t)&h_counter, hint = (text & ~0xfffffull) + (512ull << 20);

	if (mprotect(near_buf, BUF_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC)) {
		perror("mprotect");
		exit(2);
	}
	far_buf = mmap((void *)hint, BUF_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (far_buf == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
}

struct outcome {
	u64 r0;
	u32 stop, at;
	struct call_log log;
};

static u32 insn_off[BPF_MAX_INSNS];
static u64 total_body, total_slots, total_near, total_far;

/* JIT p into buf and run it; returns the compile's error, or 0 with *o filled. */
static int jit_run(const struct bpf_prog *p, u8 *buf, void *ctx, u64 ctx_len, struct outcome *o)
{
	struct bpf_jit j = { .insn_off = insn_off };
	const char *why = "";
	struct bpf_jit_exit ex = { 99, 99 };
	int err;

	for (int i = 0; i < BPF_NR_HELPERS; i++)
		j.helper_va[i] = (u64)(uintptr_t)helpers[i];
	err = arch_bpf_jit(p, &j, &why);
	if (err) {
		printf("# measure: %d %s\n", err, why);
		return err;
	}
	if (j.len > BUF_SIZE)
		return -ENOSPC;
	j.buf = buf;
	j.va = (u64)(uintptr_t)buf;
	j.size = j.len;
	err = arch_bpf_jit(p, &j, &why);
	if (err) {
		printf("# write: %d %s\n", err, why);
		return err;
	}
	__builtin___clear_cache((char *)buf, (char *)buf + j.len);
	memset(&o->log, 0, sizeof(o->log));
	cur_log = &o->log;
	o->r0 = ((bpf_jit_fn)(uintptr_t)buf)(ctx, ctx_len, &ex);
	o->stop = ex.stop;
	o->at = ex.at;
	total_body += j.body_insns;
	total_near += j.calls_near;
	total_far += j.calls_far;
	return 0;
}

static int failures;

static void fail(const char *name, const char *fmt, unsigned long long a, unsigned long long b)
{
	printf("FAIL %s: ", name);
	printf(fmt, a, b);
	printf("\n");
	failures++;
}

/* A hand-made program with its flags (set as the verifier would) and its expected end. */
struct hand {
	const char *name;
	struct bpf_insn insns[64];
	u32 len;
	u8 flags[64]; /* by slot */
	u32 nr_funcs;
	u32 func_start[4];
	u64 r0;
	u32 stop, at;
	u32 ctx_len;
};

#define F(slot, f) [slot] = (f)

static const struct hand hands[] = {
	/* RFC 9669 4.1: 64-bit signed division of INT64_MIN by -1 */
	{ "sdiv64 INT_MIN / -1",
	  { LDDW(0, 0x8000000000000000ull), MOV64K(1, -1),
	    I(BPF_ALU64 | BPF_DIV | BPF_X, 0, 1, 1, 0), EXIT() },
	  5,
	  { F(1, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  0x8000000000000000ull },
	{ "smod64 INT_MIN % -1",
	  { LDDW(0, 0x8000000000000000ull), MOV64K(1, -1),
	    I(BPF_ALU64 | BPF_MOD | BPF_X, 0, 1, 1, 0), EXIT() },
	  5,
	  { F(1, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  0 },
	/* 32-bit: INT32_MIN / -1 = INT32_MIN, zero-extended */
	{ "sdiv32 INT_MIN / -1",
	  { MOV64K(0, (s32)0x80000000), I(BPF_ALU | BPF_DIV | BPF_K, 0, 0, 1, -1), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0x80000000ull },
	/* division by zero: dst = 0; modulo by zero: dst unchanged (64), upper zeroed (32) */
	{ "div64 by zero",
	  { MOV64K(0, 7), MOV64K(1, 0), ALU64X(BPF_DIV, 0, 1), EXIT() },
	  4,
	  {},
	  1,
	  { 0 },
	  0 },
	{ "mod64 by zero",
	  { MOV64K(0, -7), MOV64K(1, 0), ALU64X(BPF_MOD, 0, 1), EXIT() },
	  4,
	  {},
	  1,
	  { 0 },
	  (u64)-7 },
	{ "mod32 by zero",
	  { LDDW(0, 0xffffffff00000007ull), LDDW(1, 0x100000000ull), ALU32X(BPF_MOD, 0, 1),
	    EXIT() },
	  6,
	  { F(1, BPF_F_IMM64_HI), F(3, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  7 },
	{ "div32 by zero (low bits)",
	  { MOV64K(0, 9), LDDW(1, 0x100000000ull), ALU32X(BPF_DIV, 0, 1), EXIT() },
	  5,
	  { F(2, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  0 },
	{ "sdiv64 -7 / 2",
	  { MOV64K(0, -7), I(BPF_ALU64 | BPF_DIV | BPF_K, 0, 0, 1, 2), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  (u64)-3 },
	{ "smod64 -7 % 2",
	  { MOV64K(0, -7), I(BPF_ALU64 | BPF_MOD | BPF_K, 0, 0, 1, 2), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  (u64)-1 },
	{ "udiv64 by imm -1 (sign-extended)",
	  { MOV64K(0, -2), ALU64K(BPF_DIV, 0, -1), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0 },
	/* shifts masked: 65 & 63 = 1, 33 & 31 = 1 */
	{ "lsh64 by 65",
	  { MOV64K(0, 1), MOV64K(1, 65), ALU64X(BPF_LSH, 0, 1), EXIT() },
	  4,
	  {},
	  1,
	  { 0 },
	  2 },
	{ "lsh32 by 33",
	  { MOV64K(0, 1), MOV64K(1, 33), ALU32X(BPF_LSH, 0, 1), EXIT() },
	  4,
	  {},
	  1,
	  { 0 },
	  2 },
	{ "arsh32",
	  { MOV64K(0, (s32)0x80000000), ALU32K(BPF_ARSH, 0, 4), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0xf8000000ull },
	{ "rsh64 imm", { MOV64K(0, -1), ALU64K(BPF_RSH, 0, 60), EXIT() }, 3, {}, 1, { 0 }, 15 },
	/* MOVSX */
	{ "movsx64 8",
	  { MOV64K(1, 0x80), I(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 8, 0), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0xffffffffffffff80ull },
	{ "movsx32 16",
	  { MOV64K(1, 0x8000), I(BPF_ALU | BPF_MOV | BPF_X, 0, 1, 16, 0), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0xffff8000ull },
	{ "movsx64 32",
	  { MOV64K(1, (s32)0x80000000), ALU32K(BPF_ADD, 1, 0),
	    I(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 32, 0), EXIT() },
	  4,
	  {},
	  1,
	  { 0 },
	  0xffffffff80000000ull },
	{ "mov32 imm -1",
	  { MOV64K(0, 5), ALU32K(BPF_MOV, 0, -1), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0xffffffffull },
	{ "add32 wraps", { MOV64K(0, -1), ALU32K(BPF_ADD, 0, 2), EXIT() }, 3, {}, 1, { 0 }, 1 },
	{ "neg32",
	  { MOV64K(0, 1), I(BPF_ALU | BPF_NEG, 0, 0, 0, 0), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0xffffffffull },
	/* byte swaps (RFC 9669 4.2) */
	{ "bswap64",
	  { LDDW(0, 0x0102030405060708ull), I(BPF_ALU64 | BPF_END, 0, 0, 0, 64), EXIT() },
	  4,
	  { F(1, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  0x0807060504030201ull },
	{ "be16",
	  { MOV64K(0, 0x12345678), I(BPF_ALU | BPF_END | BPF_X, 0, 0, 0, 16), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0x7856 },
	{ "be32",
	  { MOV64K(0, 0x12345678), I(BPF_ALU | BPF_END | BPF_X, 0, 0, 0, 32), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  0x78563412 },
	{ "le32",
	  { LDDW(0, 0x123456789ull), I(BPF_ALU | BPF_END, 0, 0, 0, 32), EXIT() },
	  4,
	  { F(1, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  0x23456789 },
	/* JMP32 compares the low 32 bits only */
	{ "jeq32",
	  { LDDW(1, 0x100000000ull), MOV64K(0, 1), I(BPF_JMP32 | BPF_JEQ | BPF_K, 1, 0, 1, 0),
	    MOV64K(0, 2), EXIT() },
	  6,
	  { F(1, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  1 },
	{ "jsgt32 vs jgt32",
	  { MOV64K(1, -1), MOV64K(0, 0), I(BPF_JMP32 | BPF_JSGT | BPF_K, 1, 0, 1, 0),
	    ALU64K(BPF_ADD, 0, 1), I(BPF_JMP32 | BPF_JGT | BPF_K, 1, 0, 1, 0),
	    ALU64K(BPF_ADD, 0, 10), EXIT() },
	  7,
	  {},
	  1,
	  { 0 },
	  1 },
	{ "jset",
	  { MOV64K(1, 6), MOV64K(0, 0), I(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1, 1), MOV64K(0, 3),
	    EXIT() },
	  5,
	  {},
	  1,
	  { 0 },
	  3 },
	/* a loop of 10 rounds: sum 0..9 */
	{ "loop",
	  { MOV64K(0, 0), MOV64K(1, 0), ALU64X(BPF_ADD, 0, 1), ALU64K(BPF_ADD, 1, 1),
	    I(BPF_JMP | BPF_JLT | BPF_K, 1, 0, -3, 10), EXIT() },
	  6,
	  { F(4, BPF_F_BACKEDGE) },
	  1,
	  { 0 },
	  45 },
	/* stops */
	{ "budget",
	  { MOV64K(0, 0), I(BPF_JMP | BPF_JA, 0, 0, -1, 0), EXIT() },
	  3,
	  { F(1, BPF_F_BACKEDGE) },
	  1,
	  { 0 },
	  0,
	  BPF_STOP_BUDGET,
	  1 },
	{ "bounds below the frame",
	  { MOV64X(1, 10), ALU64K(BPF_ADD, 1, -520), I(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, 0, 0),
	    EXIT() },
	  4,
	  { F(2, BPF_F_CHECK) },
	  1,
	  { 0 },
	  0,
	  BPF_STOP_BOUNDS,
	  2 },
	{ "bounds straddling the top",
	  { MOV64X(1, 10), I(BPF_ST | BPF_MEM | BPF_DW, 1, 0, -4, 1), EXIT() },
	  3,
	  { F(1, BPF_F_CHECK) },
	  1,
	  { 0 },
	  0,
	  BPF_STOP_BOUNDS,
	  1 },
	{ "checked stack ok",
	  { MOV64X(1, 10), I(BPF_ST | BPF_MEM | BPF_DW, 1, 0, -512, 77),
	    I(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, -512, 0), EXIT() },
	  4,
	  { F(1, BPF_F_CHECK), F(2, BPF_F_CHECK) },
	  1,
	  { 0 },
	  77 },
	{ "checked ctx ok",
	  { MOV64X(3, 1), I(BPF_LDX | BPF_MEM | BPF_W, 0, 3, 4, 0), EXIT() },
	  3,
	  { F(1, BPF_F_CHECK) },
	  1,
	  { 0 },
	  0x07060504,
	  0,
	  0,
	  8 },
	{ "checked ctx past end",
	  { MOV64X(3, 1), I(BPF_LDX | BPF_MEM | BPF_W, 0, 3, 5, 0), EXIT() },
	  3,
	  { F(1, BPF_F_CHECK) },
	  1,
	  { 0 },
	  0,
	  BPF_STOP_BOUNDS,
	  1,
	  8 },
	/* MEMSX and a stack that starts zeroed */
	{ "ldxsb",
	  { I(BPF_ST | BPF_MEM | BPF_B, 10, 0, -1, 0x80),
	    I(BPF_LDX | BPF_MEMSX | BPF_B, 0, 10, -1, 0), EXIT() },
	  3,
	  {},
	  1,
	  { 0 },
	  (u64)-128 },
	/* atomics (RFC 9669 5.3) */
	{ "fetch add",
	  { I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 5), MOV64K(1, 3),
	    I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_ADD | BPF_FETCH),
	    I(BPF_LDX | BPF_MEM | BPF_DW, 0, 10, -8, 0), ALU64K(BPF_LSH, 0, 8),
	    ALU64X(BPF_OR, 0, 1), EXIT() },
	  7,
	  {},
	  1,
	  { 0 },
	  0x805 },
	{ "cmpxchg32",
	  { I(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 5), LDDW(0, 0x100000005ull), MOV64K(1, 9),
	    I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 1, -4, BPF_CMPXCHG),
	    I(BPF_LDX | BPF_MEM | BPF_W, 2, 10, -4, 0), ALU64K(BPF_LSH, 0, 8), ALU64X(BPF_OR, 0, 2),
	    EXIT() },
	  9,
	  { F(2, BPF_F_IMM64_HI) },
	  1,
	  { 0 },
	  0x509 },
	/* helpers: r1-r5 are the arguments, r6-r9 survive */
	{ "helper print",
	  { MOV64K(6, 40), MOV64K(1, 0), MOV64K(2, 2), I(BPF_JMP | BPF_CALL, 0, 0, 0, 6),
	    ALU64X(BPF_ADD, 0, 6), EXIT() },
	  6,
	  {},
	  1,
	  { 0 },
	  42 },
	/* local calls: f(x) = x * 3 with its own frame; then unbounded recursion */
	{ "local call",
	  { MOV64K(1, 5), I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 1), MOV64K(6, 100),
	    I(BPF_JMP | BPF_CALL, 0, 1, 0, 4), ALU64X(BPF_ADD, 0, 6),
	    I(BPF_LDX | BPF_MEM | BPF_DW, 1, 10, -8, 0), ALU64X(BPF_ADD, 0, 1), EXIT(),
	    MOV64X(0, 1), ALU64K(BPF_MUL, 0, 3), MOV64K(6, 7),
	    I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 1000), EXIT() },
	  13,
	  { F(8, BPF_F_FUNC) },
	  2,
	  { 0, 8 },
	  116 },
	{ "depth",
	  { I(BPF_JMP | BPF_CALL, 0, 1, 0, 1), EXIT(), I(BPF_JMP | BPF_CALL, 0, 1, 0, -1), EXIT() },
	  4,
	  { F(2, BPF_F_FUNC) },
	  2,
	  { 0, 2 },
	  0,
	  BPF_STOP_DEPTH,
	  2 },
};

/* Run the hand-made programs in both buffers against their expected ends. */
static void run_hands(void)
{
	u8 ctx[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

	for (u32 k = 0; k < sizeof(hands) / sizeof(hands[0]); k++) {
		const struct hand *h = &hands[k];
		u8 flags[64];
		struct bpf_prog p = { .insns = h->insns,
				      .len = h->len,
				      .ctx_len = h->ctx_len,
				      .nr_funcs = h->nr_funcs,
				      .flags = flags };
		struct outcome o;

		memcpy(flags, h->flags, sizeof(flags));
		memcpy(p.func_start, h->func_start, sizeof(h->func_start));
		for (int where = 0; where < 2; where++) {
			if (jit_run(&p, where ? far_buf : near_buf, h->ctx_len ? ctx : NULL,
				    h->ctx_len, &o)) {
				fail(h->name, "compile failed%llu%llu", 0, 0);
				continue;
			}
			total_slots += h->len;
			if (o.stop != h->stop || (h->stop && o.at != h->at))
				fail(h->name, "stop %llu at %llu", o.stop, o.at);
			else if (!h->stop && o.r0 != h->r0)
				fail(h->name, "r0 %#llx, expected %#llx", o.r0, h->r0);
		}
	}
	printf("hand-made: %zu programs, twice each\n", sizeof(hands) / sizeof(hands[0]));
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;

	setup_buffers();
	printf("near buffer %p, far buffer %p, helpers at %p\n", (void *)near_buf, (void *)far_buf,
	       (void *)h_counter);
	run_hands();
	(void)n;
	(void)seed;
	printf("calls: %llu near, %llu far; %.2f native instructions per slot\n",
	       (unsigned long long)total_near, (unsigned long long)total_far,
	       total_slots ? (double)total_body / total_slots : 0.0);
	printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
