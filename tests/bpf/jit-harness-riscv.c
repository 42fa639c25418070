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
 * stop reason, and also run in the interpreter. Random programs (a small
 * generator here, and tests/unit/bpf_gen.h's) that bpf_verify() accepts
 * are compared with the interpreter: r0, the stop and its slot, the helper calls (id and
 * arguments, in order) and the context's bytes afterwards. Each program
 * is JITted twice, into a buffer within JAL's reach of the helpers
 * (calls near) and into one 512 MiB away (calls AUIPC+JALR). The build
 * lowers BPF_BACKEDGE_BUDGET so that budget stops come quickly.
 *
 *	jit-harness-riscv [N [SEED]]    a failure names the program and seed
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

/* The helpers both engines call: this file's logging ones, or bpf_gen.h's. */
static const bpf_helper_fn *run_helpers;

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
#define MOV32X(d, s) I(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV32K(d, i) I(BPF_ALU | BPF_MOV | BPF_K, d, 0, 0, i)
#define EXIT()	     I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/*
 * The helpers, logging every call so that the two runs can be compared:
 * the ID, and the arguments of the one helper that takes any (print; the
 * verifier sees that r1-r5 are set for it; for the others they may be
 * leftovers, which the interpreter and a native call need not share).
 */
struct call_log {
	u32 n;
	u64 e[64][6];
};
static struct call_log *cur_log;
static u64 counter, rnd;

/* Append one call to the current run's log (the first 64 are kept). */
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
	log_call(5, 0, 0, 0, 0, 0);
	return ++counter;
}

/* The format's bytes (checked or proven readable when a2 > 0) stand in for its address. */
static u64 h_print(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	u64 sum = 0;

	for (u64 i = 0; i < a2; i++)
		sum = sum * 31 + ((const u8 *)(uintptr_t)a1)[i];
	log_call(6, sum, a2, a3, a4, a5);
	return a2;
}

static u64 h_random(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(7, 0, 0, 0, 0, 0);
	rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
	return rnd >> 32;
}

static u64 h_cpu_id(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(8, 0, 0, 0, 0, 0);
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

/* Make near_buf executable and map far_buf 512 MiB past the text. */
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
	u64 trace; /* bpf_gen.h's helper trace */
};

static u32 insn_off[BPF_MAX_INSNS];
static u8 flags[BPF_MAX_INSNS];
/* Reset every helper's state before a run. */
static void reset_helpers(void)
{
	counter = 0;
	rnd = 1;
#ifdef HAVE_BPF_GEN
	bpf_gen_reset_helpers();
#endif
}

/* bpf_gen.h's trace after a run (0 without it). */
static u64 gen_trace(void)
{
#ifdef HAVE_BPF_GEN
	return bpf_gen_trace;
#else
	return 0;
#endif
}

/*
 * Both runs use the one context buffer (so pointers into it agree); what
 * each run leaves there is kept for the comparison.
 */
static u8 ctx_buf[64], ctx_jit[64], ctx_interp[64];
static u64 total_body, total_slots, total_near, total_far;

/* JIT p into buf and run it; returns the compile's error, or 0 with *o filled. */
static int jit_run(const struct bpf_prog *p, u8 *buf, void *ctx, u64 ctx_len, struct outcome *o)
{
	struct bpf_jit j = { .insn_off = insn_off };
	const char *why = "";
	struct bpf_jit_exit ex = { 99, 99 };
	int err;

	for (int i = 0; i < BPF_NR_HELPERS; i++)
		j.helper_va[i] = (u64)(uintptr_t)run_helpers[i];
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

/* Report a failure of the named program with two numbers. */
static void fail(const char *name, const char *fmt, unsigned long long a, unsigned long long b)
{
	printf("FAIL %s: ", name);
	printf(fmt, a, b);
	printf("\n");
	failures++;
}

#ifdef HAVE_BPF_CORE
/* Run p in the interpreter on a fresh copy of ctx (of ctx_len bytes). */
static void interp_run(const struct bpf_prog *p, const u8 *ctx, u64 ctx_len, struct outcome *o)
{
	struct bpf_run run = { .ctx = ctx_len ? ctx_buf : NULL,
			       .ctx_len = ctx_len,
			       .helpers = run_helpers };

	memcpy(ctx_buf, ctx, sizeof(ctx_buf));
	memset(&o->log, 0, sizeof(o->log));
	cur_log = &o->log;
	reset_helpers();
	bpf_interp_run(p, &run);
	o->trace = gen_trace();
	memcpy(ctx_interp, ctx_buf, sizeof(ctx_interp));
	o->r0 = run.stop ? 0 : run.r0;
	o->stop = run.stop;
	o->at = run.stop_at;
}

/* Do the two outcomes agree? Reports the first difference. */
static bool same(const char *name, const struct outcome *a, const struct outcome *b)
{
	if (a->stop != b->stop || a->at != b->at) {
		fail(name, "stop*10000+at differ: jit %llu, interpreter %llu",
		     a->stop * 10000ull + a->at, b->stop * 10000ull + b->at);
		return false;
	}
	if (a->r0 != b->r0) {
		fail(name, "r0 differs: jit %#llx, interpreter %#llx", a->r0, b->r0);
		return false;
	}
	if (a->log.n != b->log.n || memcmp(a->log.e, b->log.e, sizeof(a->log.e))) {
		fail(name, "helper calls differ: jit %llu calls, interpreter %llu", a->log.n,
		     b->log.n);
		for (u32 k = 0; k < a->log.n && k < b->log.n && k < 64; k++)
			for (u32 x = 0; x < 6; x++)
				if (a->log.e[k][x] != b->log.e[k][x])
					printf("#  call %u field %u: jit %#llx, interpreter %#llx\n",
					       k, x, a->log.e[k][x], b->log.e[k][x]);
		return false;
	}
	if (a->trace != b->trace) {
		fail(name, "helper traces differ: jit %#llx, interpreter %#llx", a->trace,
		     b->trace);
		return false;
	}
	if (memcmp(ctx_jit, ctx_interp, sizeof(ctx_jit))) {
		fail(name, "context bytes differ%llu%llu", 0, 0);
		return false;
	}
	return true;
}
#endif

/* JIT and run p on a fresh copy of ctx, the helpers' state reset as for the interpreter. */
static int jit_run_fresh(const struct bpf_prog *p, u8 *buf, const u8 *ctx, u64 ctx_len,
			 struct outcome *o)
{
	int err;

	memcpy(ctx_buf, ctx, sizeof(ctx_buf));
	reset_helpers();
	err = jit_run(p, buf, ctx_len ? ctx_buf : NULL, ctx_len, o);
	o->trace = gen_trace();
	memcpy(ctx_jit, ctx_buf, sizeof(ctx_jit));
	return err;
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
	/* every frame starts zeroed (bpf.h), a callee's even where an earlier one wrote */
	{ "main frame zeroed",
	  { I(BPF_LDX | BPF_MEM | BPF_DW, 0, 10, -512, 0), EXIT() },
	  2,
	  {},
	  1,
	  { 0 },
	  0 },
	{ "callee frame zeroed",
	  { I(BPF_JMP | BPF_CALL, 0, 1, 0, 4), MOV64X(6, 0), I(BPF_JMP | BPF_CALL, 0, 1, 0, 2),
	    ALU64X(BPF_ADD, 0, 6), EXIT(), I(BPF_LDX | BPF_MEM | BPF_DW, 0, 10, -16, 0),
	    I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 77), EXIT() },
	  8,
	  { F(0, BPF_F_BACKEDGE), F(2, BPF_F_BACKEDGE), F(5, BPF_F_FUNC) },
	  2,
	  { 0, 5 },
	  0 },
	/* JMP32 | JA jumps by imm (RFC 9669 4.3, "gotol") */
	{ "gotol",
	  { MOV64K(0, 5), I(BPF_JMP32 | BPF_JA, 0, 0, 0, 1), MOV64K(0, 1), EXIT() },
	  4,
	  {},
	  1,
	  { 0 },
	  5 },
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
	  { MOV64K(6, 40), MOV64K(1, 0), MOV64K(2, 0), MOV64K(3, 3), MOV64K(4, 4), MOV64K(5, 5),
	    I(BPF_JMP | BPF_CALL, 0, 0, 0, 6), ALU64X(BPF_ADD, 0, 6), EXIT() },
	  9,
	  {},
	  1,
	  { 0 },
	  40 },
	/* a checked print: [r1, r1 + r2) inside the frame passes, one byte past it stops */
	{ "checked print ok",
	  { MOV64X(1, 10), ALU64K(BPF_ADD, 1, -16), MOV64K(2, 16), MOV64K(3, 0), MOV64K(4, 0),
	    MOV64K(5, 0), I(BPF_JMP | BPF_CALL, 0, 0, 0, 6), EXIT() },
	  8,
	  { F(6, BPF_F_CHECK) },
	  1,
	  { 0 },
	  16 },
	{ "checked print past the frame",
	  { MOV64X(1, 10), ALU64K(BPF_ADD, 1, -16), MOV64K(2, 17), MOV64K(3, 0), MOV64K(4, 0),
	    MOV64K(5, 0), I(BPF_JMP | BPF_CALL, 0, 0, 0, 6), EXIT() },
	  8,
	  { F(6, BPF_F_CHECK) },
	  1,
	  { 0 },
	  0,
	  BPF_STOP_BOUNDS,
	  6 },
	{ "checked print of 0 bytes",
	  { MOV64K(1, -5), MOV64K(2, 0), MOV64K(3, 0), MOV64K(4, 0), MOV64K(5, 0),
	    I(BPF_JMP | BPF_CALL, 0, 0, 0, 6), EXIT() },
	  7,
	  { F(5, BPF_F_CHECK) },
	  1,
	  { 0 },
	  0 },
	/* a checked atomic must be aligned (ctx + 2, a doubleword) */
	{ "checked misaligned atomic",
	  { MOV64X(3, 1), ALU64K(BPF_ADD, 3, 2), MOV64K(4, 1),
	    I(BPF_STX | BPF_ATOMIC | BPF_DW, 3, 4, 0, BPF_ADD), EXIT() },
	  5,
	  { F(3, BPF_F_CHECK) },
	  1,
	  { 0 },
	  0,
	  BPF_STOP_BOUNDS,
	  3,
	  16 },
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
	static const u8 ctx[64] = { 0, 1, 2, 3, 4, 5, 6, 7 };

	for (u32 k = 0; k < sizeof(hands) / sizeof(hands[0]); k++) {
		const struct hand *h = &hands[k];
		struct bpf_prog p = { .insns = h->insns,
				      .len = h->len,
				      .ctx_len = h->ctx_len,
				      .nr_funcs = h->nr_funcs,
				      .flags = flags };
		struct outcome o, ref;

		memset(flags, 0, sizeof(flags));
		memcpy(flags, h->flags, sizeof(h->flags));
		memcpy(p.func_start, h->func_start, sizeof(h->func_start));
		for (int where = 0; where < 2; where++) {
			if (jit_run_fresh(&p, where ? far_buf : near_buf, ctx, h->ctx_len, &o)) {
				fail(h->name, "compile failed%llu%llu", 0, 0);
				continue;
			}
			total_slots += h->len;
			if (o.stop != h->stop || (h->stop && o.at != h->at))
				fail(h->name, "stop %llu at %llu", o.stop, o.at);
			else if (!h->stop && o.r0 != h->r0)
				fail(h->name, "r0 %#llx, expected %#llx", o.r0, h->r0);
#ifdef HAVE_BPF_CORE
			interp_run(&p, ctx, h->ctx_len, &ref);
			same(h->name, &o, &ref);
#else
			(void)ref;
#endif
		}
	}
	printf("hand-made: %zu programs, twice each\n", sizeof(hands) / sizeof(hands[0]));
}

#ifdef HAVE_BPF_CORE
static u64 rng;

/* The random generator's xorshift64 step. */
static u64 next(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

/* A random number below n. */
static u32 pick(u32 n)
{
	return (u32)(next() % n);
}

/* An immediate, often one of RFC 9669's edge values. */
static s32 rand_imm(void)
{
	static const s32 edge[] = { 0,	  1,	  -1,	 2,    7,    8,		 16,
				    31,	  32,	  33,	 63,   64,   0x7fffffff, (s32)0x80000000,
				    0xff, 0xffff, -2048, 2047, 2048, 0x12345 };

	return pick(3) ? edge[pick(sizeof(edge) / sizeof(edge[0]))] : (s32)next();
}

#define MKI(c, d, sr, o, i)                                \
	((struct bpf_insn){ .code = (u8)(c),               \
			    .regs = (u8)((d) | (sr) << 4), \
			    .off = (s16)(o),               \
			    .imm = (s32)(i) })

/*
 * A random program: registers set first, then ALU (every op, both widths,
 * K and X, signed forms, MOVSX, byte swaps), stack and context accesses
 * (some through a computed pointer, so checked at run time), atomics,
 * forward jumps, ld_imm64, helper calls, maybe a loop (sometimes endless)
 * and a recursive local function; then exit. r6 keeps the context pointer.
 * Programs the verifier refuses are skipped by the caller.
 */
static u32 gen(struct bpf_insn *p, u32 max)
{
	static const u8 ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,  BPF_AND, BPF_LSH,
				  BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH };
	static const u8 jops[] = { BPF_JEQ,  BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
				   BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	static const u8 dregs[] = { 0, 3, 4, 5, 7, 8, 9 };
	u32 n = 0, body = 8 + pick(max - 40), loop_at = ~0u, func = pick(4) == 0;

	p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0);
	for (u32 r = 0; r <= 9; r++)
		if (r != 1 && r != 2 && r != 6)
			p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, rand_imm());
	if (pick(2)) {
		loop_at = n;
		p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_K, 9, 0, 0, 0);
		p[n - 1] = MKI(BPF_ALU64 | BPF_MOV | BPF_K, 9, 0, 0, 1 + pick(40));
		loop_at = n; /* the loop body starts after the counter's set */
	}
	while (n < body) {
		u32 d = dregs[pick(sizeof(dregs))], s = dregs[pick(sizeof(dregs))];
		u32 sz = sizes[pick(4)], k = pick(16);
		u32 cls = pick(2) ? BPF_ALU64 : BPF_ALU, op = ops[pick(sizeof(ops))];

		if (loop_at != ~0u && d == 9)
			d = 0; /* keep the loop counter */
		if (k < 7) {
			u32 x = pick(2) ? BPF_X : BPF_K;
			s16 off = 0;

			if ((op == BPF_DIV || op == BPF_MOD) && pick(2))
				off = 1;
			if (op == BPF_MOV && x == BPF_X && pick(3) == 0)
				off = cls == BPF_ALU64 ? (s16)(8 << pick(3)) : (s16)(8 << pick(2));
			if (op == BPF_NEG)
				x = BPF_K;
			p[n++] = MKI(cls | op | x, d, x == BPF_X ? s : 0, off,
				     x == BPF_K && op != BPF_NEG ? rand_imm() : 0);
		} else if (k == 7) {
			static const s32 widths[] = { 16, 32, 64 };
			u32 c = pick(2) ? BPF_ALU64 : (BPF_ALU | (pick(2) ? BPF_X : 0));

			p[n++] = MKI(c | BPF_END, d, 0, 0, widths[pick(3)]);
		} else if (k == 8) {
			s16 off = (s16)(-(s32)pick(512 / 8) * 8 - 8);
			u32 m = sz == BPF_DW || pick(2) ? BPF_MEM : BPF_MEMSX;

			p[n++] = MKI(BPF_STX | BPF_MEM | BPF_DW, 10, s, off, 0);
			p[n++] = MKI(BPF_LDX | m | sz, d, 10,
				     off + (sz == BPF_DW ? 0 : (s32)pick(4)), 0);
		} else if (k == 9) {
			/* a context access at a constant offset, or through a computed pointer */
			if (pick(2)) {
				p[n++] = MKI(BPF_LDX | BPF_MEM | sz, d, 6, pick(56), 0);
			} else {
				/* mostly inside the 64 bytes; one in eight may stray */
				p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 8, s, 0, 0);
				p[n++] = MKI(BPF_ALU64 | BPF_AND | BPF_K, 8, 0, 0,
					     pick(8) ? 31 : 127);
				p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_X, 8, 6, 0, 0);
				if (pick(2))
					p[n++] = MKI(BPF_STX | BPF_MEM | sz, 8, s, (s32)pick(8) - 1,
						     0);
				else
					p[n++] = MKI(BPF_LDX | BPF_MEM | sz, d, 8, 0, 0);
			}
		} else if (k == 10) {
			static const s32 aops[] = { BPF_ADD, BPF_OR,   BPF_AND,
						    BPF_XOR, BPF_XCHG, BPF_CMPXCHG };
			s32 a = aops[pick(6)];
			u32 w = pick(2) ? BPF_DW : BPF_W;
			s16 off = (s16)(-(s32)pick(512 / 8) * 8 - 8);

			if (a < BPF_XCHG && pick(2))
				a |= BPF_FETCH;
			if (s == 9 && loop_at != ~0u)
				s = 0;
			p[n++] = MKI(BPF_ST | BPF_MEM | BPF_DW, 10, 0, off, rand_imm());
			if (pick(2)) {
				p[n++] = MKI(BPF_STX | BPF_ATOMIC | w, 10, s, off, a);
			} else {
				/* through the context, maybe misaligned: checked */
				p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 8, s, 0, 0);
				p[n++] = MKI(BPF_ALU64 | BPF_AND | BPF_K, 8, 0, 0,
					     pick(8) ? 56 : 63);
				p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_X, 8, 6, 0, 0);
				p[n++] = MKI(BPF_STX | BPF_ATOMIC | w, 8, s == 8 ? 0 : s, 0, a);
			}
		} else if (k == 11 || k == 12) {
			u32 jc = pick(2) ? BPF_JMP32 : BPF_JMP, x = pick(2) ? BPF_X : BPF_K;

			p[n++] = MKI(jc | jops[pick(sizeof(jops))] | x, d, x == BPF_X ? s : 0,
				     pick(4), x == BPF_K ? rand_imm() : 0);
		} else if (k == 13) {
			u64 v = next();

			p[n++] = MKI(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (s32)(u32)v);
			p[n++] = MKI(0, 0, 0, 0, (s32)(u32)(v >> 32));
		} else if (k == 14) {
			u32 id = 5 + pick(4);

			if (id == BPF_HELPER_PRINT) {
				p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0);
				p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, pick(64));
				p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, pick(16));
			}
			p[n++] = MKI(BPF_JMP | BPF_CALL, 0, 0, 0, id);
			for (u32 r = 3; r <= 5; r++)
				p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, rand_imm());
		} else if (func) {
			p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 1, d, 0, 0);
			p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 2, s, 0, 0);
			p[n++] = MKI(BPF_JMP | BPF_CALL, 0, 1, 0, 0); /* patched below */
			for (u32 r = 3; r <= 5; r++)
				p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, rand_imm());
		}
	}
	if (loop_at != ~0u) {
		p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_K, 9, 0, 0, -1);
		p[n] = MKI(BPF_JMP | BPF_JNE | BPF_K, 9, 0, (s32)loop_at - (s32)n - 1, 0);
		if (pick(8) == 0) /* sometimes endless: the budget stops it */
			p[n] = MKI(BPF_JMP | BPF_JA, 0, 0, (s32)loop_at - (s32)n - 1, 0);
		n++;
	}
	p[n++] = MKI(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	/* forward jumps land inside the main function: clamp them to its exit */
	for (u32 i = 0; i + 1 < n; i++) {
		u8 c = BPF_CLASS(p[i].code), o = BPF_OP(p[i].code);

		if ((c == BPF_JMP || c == BPF_JMP32) && o != BPF_CALL && o != BPF_EXIT &&
		    p[i].off > 0) {
			if (i + 1 + (u32)p[i].off >= n)
				p[i].off = (s16)(n - 2 - i);
			if (p[i + p[i].off].code == (BPF_LD | BPF_IMM | BPF_DW))
				p[i].off--; /* not into an ld_imm64's second half */
		}
	}
	if (func) {
		/* f(a, b): a * 3 + f(a, (b & 15) - 1) + 5 down to b = 0, own stack and r6 */
		u32 f = n;

		p[n++] = MKI(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 5);
		p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0);
		p[n++] = MKI(BPF_ALU64 | BPF_MUL | BPF_K, 6, 0, 0, 3);
		p[n++] = MKI(BPF_ALU64 | BPF_AND | BPF_K, 2, 0, 0, 15);
		p[n++] = MKI(BPF_ALU64 | BPF_MOV | BPF_X, 0, 6, 0, 0);
		p[n++] = MKI(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 4, 0);
		p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -1);
		p[n] = MKI(BPF_JMP | BPF_CALL, 0, 1, 0, (s32)f - (s32)n - 1);
		n++;
		p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_X, 0, 6, 0, 0);
		p[n++] = MKI(BPF_LDX | BPF_MEM | BPF_DW, 1, 10, -8, 0);
		p[n++] = MKI(BPF_ALU64 | BPF_ADD | BPF_X, 0, 1, 0, 0);
		p[n++] = MKI(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		for (u32 i = 0; i < f; i++)
			if (p[i].code == (BPF_JMP | BPF_CALL) && BPF_SRC(&p[i]) == 1)
				p[i].imm = (s32)f - (s32)i - 1;
	}
	return n;
}

/* Generate n programs from seed; compare every one the verifier accepts. */
static void run_random(unsigned long n, unsigned long seed)
{
	static struct bpf_insn insns[256];
	static u8 ctx[64];
	unsigned long long accepted = 0, stops[4] = { 0 };

	for (unsigned long i = 0; i < n && failures < 10; i++) {
		struct bpf_prog p = { .insns = insns, .flags = flags, .ctx_len = sizeof(ctx) };
		struct outcome o, ref;
		const char *why = "";
		u32 at = 0;
		char name[64];

		rng = seed * 0x9e3779b97f4a7c15ull + 2 * i + 1;
		p.len = gen(insns, 200);
		for (u32 b = 0; b < sizeof(ctx); b++)
			ctx[b] = (u8)next();
		memset(flags, 0, sizeof(flags));
		if (bpf_verify(&p, bpf_verify_work, &why, &at)) {
			if (getenv("JIT_HARNESS_VERBOSE"))
				printf("# %lu refused at %u: %s\n", i, at, why);
			continue;
		}
		accepted++;
		snprintf(name, sizeof(name), "random %lu (seed %lu)", i, seed);
		interp_run(&p, ctx, p.ctx_len, &ref);
		stops[ref.stop & 3]++;
		for (int where = 0; where < 2; where++) {
			if (jit_run_fresh(&p, where ? far_buf : near_buf, ctx, p.ctx_len, &o)) {
				fail(name, "compile failed%llu%llu", 0, 0);
				break;
			}
			total_slots += p.len;
			if (!same(name, &o, &ref)) {
				if (getenv("JIT_HARNESS_VERBOSE"))
					for (u32 k = 0; k < p.len; k++)
						printf("#  %3u: %02x %02x %6d %11d  flags %x\n", k,
						       insns[k].code, insns[k].regs, insns[k].off,
						       insns[k].imm, flags[k]);
				break;
			}
		}
	}
	printf("random: %lu generated, %llu verified and compared twice (%llu exited, %llu bounds, "
	       "%llu budget, %llu depth stops)\n",
	       n, accepted, stops[0], stops[1], stops[2], stops[3]);
}
#endif

#ifdef HAVE_BPF_CORE
/*
 * Compute-bound programs, flags from the verifier: the JIT's code size per
 * slot on them is the figure of merit (native instructions per BPF one,
 * prologue, epilogue and stubs excluded). Results where known by hand.
 */
static const struct {
	const char *name;
	struct bpf_insn insns[24];
	u32 len;
	u64 r0; /* by hand; ~0 when only the interpreter says */
} computes[] = {
	/* sum of 0..999 = 999 * 1000 / 2 */
	{ "sum",
	  { MOV64K(0, 0), MOV64K(1, 0), ALU64X(BPF_ADD, 0, 1), ALU64K(BPF_ADD, 1, 1),
	    I(BPF_JMP | BPF_JLT | BPF_K, 1, 0, -3, 1000), EXIT() },
	  6,
	  499500 },
	/* fib(50) = 12586269025 */
	{ "fib",
	  { MOV64K(1, 0), MOV64K(2, 1), MOV64K(3, 50), MOV64X(4, 1), ALU64X(BPF_ADD, 4, 2),
	    MOV64X(1, 2), MOV64X(2, 4), ALU64K(BPF_SUB, 3, 1),
	    I(BPF_JMP | BPF_JNE | BPF_K, 3, 0, -6, 0), MOV64X(0, 1), EXIT() },
	  11,
	  12586269025ull },
	/* popcount(0xf0f0f0f0f0f0f0f0) = 32 */
	{ "popcount",
	  { LDDW(1, 0xf0f0f0f0f0f0f0f0ull), MOV64K(0, 0), MOV64X(2, 1), ALU64K(BPF_AND, 2, 1),
	    ALU64X(BPF_ADD, 0, 2), ALU64K(BPF_RSH, 1, 1), I(BPF_JMP | BPF_JNE | BPF_K, 1, 0, -5, 0),
	    EXIT() },
	  9,
	  32 },
	/* 100 rounds of a 32-bit xorshift */
	{ "xorshift32",
	  { MOV64K(0, 2463534242u), MOV64K(3, 100), MOV32X(1, 0), ALU32K(BPF_LSH, 1, 13),
	    ALU32X(BPF_XOR, 0, 1), MOV32X(1, 0), ALU32K(BPF_RSH, 1, 17), ALU32X(BPF_XOR, 0, 1),
	    MOV32X(1, 0), ALU32K(BPF_LSH, 1, 5), ALU32X(BPF_XOR, 0, 1), ALU64K(BPF_SUB, 3, 1),
	    I(BPF_JMP32 | BPF_JSGT | BPF_K, 3, 0, -11, 0), EXIT() },
	  14,
	  ~0ull },
	/* a bitwise CRC-32 (reflected, polynomial 0xedb88320) of the 8-byte context */
	{ "crc32",
	  { MOV64X(6, 1),
	    MOV32K(0, -1),
	    MOV64K(7, 0),
	    MOV64X(2, 6),
	    ALU64X(BPF_ADD, 2, 7),
	    I(BPF_LDX | BPF_MEM | BPF_B, 3, 2, 0, 0),
	    ALU32X(BPF_XOR, 0, 3),
	    MOV64K(4, 8),
	    MOV32X(5, 0),
	    ALU32K(BPF_AND, 5, 1),
	    ALU32K(BPF_RSH, 0, 1),
	    I(BPF_JMP32 | BPF_JEQ | BPF_K, 5, 0, 2, 0),
	    MOV32K(5, (s32)0xedb88320),
	    ALU32X(BPF_XOR, 0, 5),
	    ALU64K(BPF_SUB, 4, 1),
	    I(BPF_JMP | BPF_JNE | BPF_K, 4, 0, -8, 0),
	    ALU64K(BPF_ADD, 7, 1),
	    I(BPF_JMP | BPF_JLT | BPF_K, 7, 0, -15, 8),
	    ALU32K(BPF_XOR, 0, -1),
	    EXIT() },
	  20,
	  0x9ae0daafull }, /* the CRC-32 of the ASCII string "12345678" */
};

/* JIT the compute-bound set, check the results and print the code size per slot. */
static void run_computes(void)
{
	static const u8 ctx[64] = { '1', '2', '3', '4', '5', '6', '7', '8' };
	u64 body = 0, slots = 0;

	for (u32 k = 0; k < sizeof(computes) / sizeof(computes[0]); k++) {
		struct bpf_prog p = { .insns = computes[k].insns,
				      .len = computes[k].len,
				      .ctx_len = 8,
				      .flags = flags };
		const char *why = "";
		struct outcome o, ref;
		u64 before = total_body;
		u32 at;

		memset(flags, 0, sizeof(flags));
		if (bpf_verify(&p, bpf_verify_work, &why, &at)) {
			fail(computes[k].name, "refused at %llu%llu", at, 0);
			printf("# %s\n", why);
			continue;
		}
		interp_run(&p, ctx, 8, &ref);
		if (jit_run_fresh(&p, near_buf, ctx, 8, &o)) {
			fail(computes[k].name, "compile failed%llu%llu", 0, 0);
			continue;
		}
		body += total_body - before;
		slots += p.len;
		same(computes[k].name, &o, &ref);
		if (computes[k].r0 != ~0ull && o.r0 != computes[k].r0)
			fail(computes[k].name, "r0 %#llx, expected %#llx", o.r0, computes[k].r0);
		printf("compute %-10s r0 %#llx, %u slots, %llu native instructions\n",
		       computes[k].name, (unsigned long long)o.r0, p.len,
		       (unsigned long long)(total_body - before));
	}
	printf("compute-bound: %.2f native instructions per slot\n",
	       slots ? (double)body / slots : 0.0);
}
#endif

#ifdef HAVE_BPF_CORE
/* Expect: a context shorter than the verified one, or none, stops at slot 0 in both. */
static void run_short_ctx(void)
{
	static const struct bpf_insn insns[] = { I(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, 8, 0),
						 EXIT() };
	static const u8 ctx[64];
	struct bpf_prog p = { .insns = insns, .len = 2, .ctx_len = 16, .flags = flags };
	struct outcome o, ref;
	const char *why = "";
	u32 at;

	memset(flags, 0, sizeof(flags));
	if (bpf_verify(&p, bpf_verify_work, &why, &at)) {
		fail("short context", "refused at %llu%llu", at, 0);
		return;
	}
	for (int k = 0; k < 3; k++) {
		u64 len = k == 0 ? 8 : 16;

		interp_run(&p, ctx, len, &ref);
		if (k == 2) { /* no context at all */
			struct bpf_run run = { .ctx_len = 16, .helpers = run_helpers };

			bpf_interp_run(&p, &run);
			ref.stop = run.stop, ref.at = run.stop_at, ref.r0 = 0;
			reset_helpers();
			if (jit_run(&p, near_buf, NULL, 16, &o))
				continue;
		} else if (jit_run_fresh(&p, near_buf, ctx, len, &o)) {
			continue;
		}
		if (o.stop != ref.stop || o.at != ref.at ||
		    (k != 1) != (o.stop == BPF_STOP_BOUNDS && o.at == 0))
			fail("short context", "case %llu: stop %llu", k, o.stop * 10000ull + o.at);
	}
}
#endif

#ifdef HAVE_BPF_CORE
/*
 * Expect: jumps across more than 4 KiB of code (400 slots of three
 * instructions) take the long forms and still land: a forward JNE over
 * them (taken, then not taken) and a loop whose back-edge spans them.
 */
static void run_long_branches(void)
{
	static struct bpf_insn insns[420];
	static const u8 ctx[64];
	const u64 step = 0x12345;

	for (int k = 0; k < 3; k++) {
		struct bpf_prog p = { .insns = insns, .flags = flags };
		struct outcome o, ref;
		const char *why = "";
		u32 n = 0, at;
		u64 expect;

		insns[n++] = (struct bpf_insn)MOV64K(0, k == 1 ? 0 : 1);
		insns[n++] = (struct bpf_insn)MOV64K(6, 3);
		insns[n++] = (struct bpf_insn)I(BPF_JMP | BPF_JNE | BPF_K, 0, 0, k == 2 ? 0 : 400,
						0);
		for (int i = 0; i < 400; i++)
			insns[n++] = (struct bpf_insn)ALU64K(BPF_ADD, 0, (s32)step);
		insns[n++] = (struct bpf_insn)ALU64K(BPF_SUB, 6, 1);
		insns[n] = (struct bpf_insn)I(BPF_JMP | BPF_JNE | BPF_K, 6, 0, 2 - (s32)n - 1, 0);
		n++;
		insns[n++] = (struct bpf_insn)EXIT();
		p.len = n;
		/*
		 * k = 0: r0 = 1 jumps over the adds thrice; 1: r0 = 0 falls into
		 * them once, then r0 != 0 jumps; 2: JNE +0 skips nothing.
		 */
		expect = k == 0 ? 1 : k == 1 ? 400 * step : 1 + 3 * 400 * step;
		memset(flags, 0, sizeof(flags));
		if (bpf_verify(&p, bpf_verify_work, &why, &at)) {
			fail("long branches", "refused at %llu%llu", at, 0);
			printf("# %s\n", why);
			return;
		}
		interp_run(&p, ctx, 0, &ref);
		for (int where = 0; where < 2; where++) {
			if (jit_run_fresh(&p, where ? far_buf : near_buf, ctx, 0, &o)) {
				fail("long branches", "compile failed%llu%llu", 0, 0);
				continue;
			}
			same("long branches", &o, &ref);
			if (o.stop || o.r0 != expect)
				fail("long branches", "r0 %#llx, expected %#llx", o.r0, expect);
		}
	}
	printf("long branches: 3 programs over 4 KiB of code\n");
}
#endif

#ifdef HAVE_BPF_GEN
/* bpf_gen.h's programs: each verifies and runs alike in both engines. */
static void run_gen(unsigned long n, unsigned long seed)
{
	static struct bpf_insn insns[BPF_GEN_MAX_SLOTS];
	static u8 ctx[64];
	unsigned long long stops[4] = { 0 };
	struct bpf_gen g;

	run_helpers = bpf_gen_helpers;
	for (unsigned long i = 0; i < n && failures < 10; i++) {
		struct bpf_prog p = { .insns = insns, .flags = flags, .ctx_len = BPF_GEN_CTX_LEN };
		struct outcome o, ref;
		const char *why = "";
		u32 at = 0;
		char name[64];

		bpf_gen_seed(&g, seed * 0x9e3779b97f4a7c15ull + i);
		p.len = bpf_gen_prog(&g, insns, BPF_GEN_MAX_SLOTS);
		for (u32 b = 0; b < sizeof(ctx); b++)
			ctx[b] = (u8)bpf_gen_next(&g);
		snprintf(name, sizeof(name), "bpf_gen %lu (seed %lu)", i, seed);
		memset(flags, 0, sizeof(flags));
		if (bpf_verify(&p, bpf_verify_work, &why, &at)) {
			fail(name, "refused at %llu%llu", at, 0);
			printf("# %s\n", why);
			continue;
		}
		interp_run(&p, ctx, p.ctx_len, &ref);
		stops[ref.stop & 3]++;
		for (int where = 0; where < 2; where++) {
			if (jit_run_fresh(&p, where ? far_buf : near_buf, ctx, p.ctx_len, &o)) {
				fail(name, "compile failed%llu%llu", 0, 0);
				break;
			}
			total_slots += p.len;
			if (!same(name, &o, &ref))
				break;
		}
	}
	run_helpers = helpers;
	printf("bpf_gen: %lu programs compared twice (%llu exited, %llu bounds, %llu budget, "
	       "%llu depth stops)\n",
	       n, stops[0], stops[1], stops[2], stops[3]);
}
#endif

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;

	run_helpers = helpers;
	setup_buffers();
	printf("near buffer %p, far buffer %p, helpers at %p\n", (void *)near_buf, (void *)far_buf,
	       (void *)h_counter);
	run_hands();
#ifdef HAVE_BPF_CORE
	run_computes();
	run_short_ctx();
	run_long_branches();
	run_random(n, seed);
#endif
#ifdef HAVE_BPF_GEN
	run_gen(n, seed);
#else
	(void)n;
	(void)seed;
	printf("no kernel/bpf/interp.c: hand-made programs only\n");
#endif
	printf("calls: %llu near, %llu far; %.2f native instructions per slot\n",
	       (unsigned long long)total_near, (unsigned long long)total_far,
	       total_slots ? (double)total_body / total_slots : 0.0);
	printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
