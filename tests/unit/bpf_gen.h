/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A seeded generator of valid eBPF programs, for differential tests: the
 * host self-check (tests/unit/test_bpf_gen.c) and the JIT harnesses under
 * qemu-user, which run each program in the interpreter and the JIT and
 * compare r0, the stop and its slot, the context bytes and the helper
 * trace. Header-only (static functions), no libc.
 *
 * Every program it writes passes bpf_verify() for a context of
 * BPF_GEN_CTX_LEN bytes (8-aligned, so context atomics are aligned) and
 * its result depends only on the seed and the context's initial bytes:
 *   - r9 holds the context pointer and r10 the frame pointer, never copied
 *     into r0-r8, so no address reaches the result; r5 carries a computed
 *     address for one access and is reset right after;
 *   - r0-r7 are data, all written first; r8 counts loops; r1-r5 are
 *     written again after every call;
 *   - each frame writes [r10-64, r10) before anything reads it;
 *   - loops are counted (at most 8 turns, not nested); forward jumps skip
 *     whole units; functions are called only by main or by functions
 *     after them, so calls nest at most BPF_GEN_MAX_FUNCS + 1 frames;
 *   - some context accesses are checked at run time, and a few of those
 *     (rarely) fall outside the context: the run then stops, and both
 *     engines must stop at the same slot.
 *
 *	struct bpf_gen g;
 *	bpf_gen_seed(&g, seed);
 *	n = bpf_gen_prog(&g, insns, BPF_GEN_MAX_SLOTS);
 *	bpf_gen_reset_helpers(); ... run with bpf_gen_helpers ...; compare bpf_gen_trace
 */
#ifndef TESTS_UNIT_BPF_GEN_H
#define TESTS_UNIT_BPF_GEN_H

#include <lander/bpf.h>

#include "bpf_asm.h"

#define BPF_GEN_CTX_LEN	  64
#define BPF_GEN_MAX_SLOTS 512
#define BPF_GEN_MAX_FUNCS 3

struct bpf_gen {
	u64 rng;
	struct bpf_insn *out;
	u32 pos, max;
	bool in_loop, in_func;
	u32 func;		     /* the function being written: 0 is main */
	u32 nfuncs;		     /* functions besides main */
	u32 nsites;		     /* local call sites to patch */
	u32 site[64], site_func[64]; /* slot of each call, the function it calls */
	u32 func_start[BPF_GEN_MAX_FUNCS + 1];
};

/* Helpers' trace: every call mixed in, in order (addresses never). */
static u64 bpf_gen_trace __attribute__((unused));
static u64 bpf_gen_counter __attribute__((unused));
static u64 bpf_gen_random __attribute__((unused));

/* One step of an FNV-style mix. */
static inline u64 bpf_gen_mix(u64 h, u64 v)
{
	return (h ^ v) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

/* Reset the helpers' state before each run. */
static inline void bpf_gen_reset_helpers(void)
{
	bpf_gen_trace = 0;
	bpf_gen_counter = 0;
	bpf_gen_random = 0x2545f4914f6cdd1dULL;
}

static inline u64 bpf_gen_helper_counter(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, BPF_HELPER_COUNTER);
	return ++bpf_gen_counter * 1000;
}

/* The print stub hashes the bytes, their count and the three values. */
static inline u64 bpf_gen_helper_print(u64 fmt, u64 size, u64 a3, u64 a4, u64 a5)
{
	const u8 *p = (const u8 *)(uintptr_t)fmt;
	u64 i;

	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, BPF_HELPER_PRINT);
	for (i = 0; i < size; i++)
		bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, p[i]);
	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, size);
	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, a3);
	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, a4);
	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, a5);
	return size;
}

static inline u64 bpf_gen_helper_random(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, BPF_HELPER_RANDOM);
	bpf_gen_random ^= bpf_gen_random << 13;
	bpf_gen_random ^= bpf_gen_random >> 7;
	bpf_gen_random ^= bpf_gen_random << 17;
	return (u32)bpf_gen_random;
}

static inline u64 bpf_gen_helper_cpu_id(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	bpf_gen_trace = bpf_gen_mix(bpf_gen_trace, BPF_HELPER_CPU_ID);
	return 0;
}

static const bpf_helper_fn bpf_gen_helpers[BPF_NR_HELPERS] __attribute__((unused)) = {
	[BPF_HELPER_COUNTER] = bpf_gen_helper_counter,
	[BPF_HELPER_PRINT] = bpf_gen_helper_print,
	[BPF_HELPER_RANDOM] = bpf_gen_helper_random,
	[BPF_HELPER_CPU_ID] = bpf_gen_helper_cpu_id,
};

/* Seed the generator (any value; 0 is remapped). */
static inline void bpf_gen_seed(struct bpf_gen *g, u64 seed)
{
	g->rng = seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
	if (!g->rng)
		g->rng = 1;
}

/* The next pseudo-random number (xorshift64*). */
static inline u64 bpf_gen_next(struct bpf_gen *g)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n). */
static inline u32 bpf_gen_below(struct bpf_gen *g, u32 n)
{
	return (u32)(bpf_gen_next(g) % n);
}

/* An immediate with the edge values over-represented. */
static inline s32 bpf_gen_imm(struct bpf_gen *g)
{
	static const s32 edge[] = { 0, 1, -1, 2, 31, 32, 63, 64, 0x7fffffff, (s32)0x80000000 };

	if (bpf_gen_below(g, 3) == 0)
		return edge[bpf_gen_below(g, ARRAY_SIZE(edge))];
	return (s32)bpf_gen_next(g) >> bpf_gen_below(g, 32);
}

/* A data register, r0-r7. */
static inline u32 bpf_gen_reg(struct bpf_gen *g)
{
	return bpf_gen_below(g, 8);
}

static inline void bpf_gen_emit(struct bpf_gen *g, struct bpf_insn in)
{
	g->out[g->pos++] = in;
}

/* Write r1-r5 again (after a call clobbered them). */
static inline void bpf_gen_reinit_args(struct bpf_gen *g)
{
	u32 r;

	for (r = 1; r <= 5; r++)
		bpf_gen_emit(g, ASM_MOV64_K(r, bpf_gen_imm(g)));
}

/* An ALU or ALU64 instruction on data registers, any of RFC 9669 4.1-4.2. */
static inline void bpf_gen_alu(struct bpf_gen *g)
{
	static const u8 ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,	BPF_AND, BPF_LSH,
				  BPF_RSH, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH, BPF_NEG };
	u8 op = ops[bpf_gen_below(g, ARRAY_SIZE(ops))];
	u8 cls = bpf_gen_below(g, 2) ? BPF_ALU64 : BPF_ALU;
	u32 d = bpf_gen_reg(g), s = bpf_gen_reg(g);
	s16 off = 0;

	switch (bpf_gen_below(g, 8)) {
	case 0: /* byte swap */
		bpf_gen_emit(g, ASM_INSN(cls | (bpf_gen_below(g, 2) && cls == BPF_ALU ? BPF_X : 0) |
						 BPF_END,
					 d, 0, 0, 16 << bpf_gen_below(g, 3)));
		return;
	case 1: /* sign-extending move: 8, 16 (or 32 in ALU64) bits */
		off = (s16)(8 << bpf_gen_below(g, cls == BPF_ALU64 ? 3 : 2));
		bpf_gen_emit(g, ASM_INSN(cls | BPF_X | BPF_MOV, d, s, off, 0));
		return;
	case 2: /* ld_imm64 */
		if (g->pos + 2 <= g->max) {
			u64 v = bpf_gen_next(g);

			bpf_gen_emit(g, ASM_INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (u32)v));
			bpf_gen_emit(g, ASM_INSN(0, 0, 0, 0, (u32)(v >> 32)));
			return;
		}
		break;
	default: break;
	}
	if ((op == BPF_DIV || op == BPF_MOD) && bpf_gen_below(g, 2))
		off = 1;
	if (op == BPF_NEG)
		bpf_gen_emit(g, ASM_INSN(cls | BPF_NEG, d, 0, 0, 0));
	else if (bpf_gen_below(g, 2))
		bpf_gen_emit(g, ASM_INSN(cls | BPF_X | op, d, s, off, 0));
	else
		bpf_gen_emit(g, ASM_INSN(cls | BPF_K | op, d, 0, off, bpf_gen_imm(g)));
}

/* A load or store in the written part of the frame, [r10-64, r10). */
static inline void bpf_gen_stack(struct bpf_gen *g)
{
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	u32 sz = bpf_gen_below(g, 4), bytes = 1u << sz;
	s16 off = (s16)(-64 + (s16)(bpf_gen_below(g, 64 / bytes) * bytes));
	u32 r = bpf_gen_reg(g);

	switch (bpf_gen_below(g, 5)) {
	case 0: bpf_gen_emit(g, ASM_LDX(sizes[sz], r, 10, off)); break;
	case 1: bpf_gen_emit(g, ASM_LDXSX(sizes[sz == 3 ? 2 : sz], r, 10, off)); break;
	case 2: bpf_gen_emit(g, ASM_ST(sizes[sz], 10, off, bpf_gen_imm(g))); break;
	case 3: bpf_gen_emit(g, ASM_STX(sizes[sz], 10, r, off)); break;
	default: { /* atomic, W or DW, naturally aligned */
		static const s32 ops[] = { BPF_ADD,
					   BPF_OR,
					   BPF_AND,
					   BPF_XOR,
					   BPF_ADD | BPF_FETCH,
					   BPF_OR | BPF_FETCH,
					   BPF_AND | BPF_FETCH,
					   BPF_XOR | BPF_FETCH,
					   BPF_XCHG,
					   BPF_CMPXCHG };
		bool dw = bpf_gen_below(g, 2);

		off = (s16)(-64 + (s16)(bpf_gen_below(g, dw ? 8 : 16) * (dw ? 8 : 4)));
		bpf_gen_emit(g, ASM_ATOMIC(dw ? BPF_DW : BPF_W, 10, r, off,
					   ops[bpf_gen_below(g, ARRAY_SIZE(ops))]));
		break;
	}
	}
}

/*
 * A context access through r9 at a constant offset (proven), or through r5
 * = r9 + (data & mask) (checked at run time; one mask in 16 reaches past
 * the end, so that the run may stop).
 */
static inline void bpf_gen_ctx(struct bpf_gen *g)
{
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	u32 sz = bpf_gen_below(g, 4), bytes = 1u << sz;
	s16 off = (s16)(bpf_gen_below(g, BPF_GEN_CTX_LEN / bytes) * bytes);
	u32 r = bpf_gen_reg(g), base = 9;

	if (r == 5)
		r = 4;
	if (bpf_gen_below(g, 3) == 0) {
		u32 mask = bpf_gen_below(g, 16) ? (BPF_GEN_CTX_LEN - 8) : 0xff;
		u32 from = bpf_gen_reg(g);

		bpf_gen_emit(g, ASM_MOV64_X(5, from == 5 ? 6 : from));
		bpf_gen_emit(g, ASM_ALU64_K(BPF_AND, 5, (s32)(mask & ~7u)));
		bpf_gen_emit(g, ASM_ALU64_X(BPF_ADD, 5, 9));
		base = 5;
		off = 0;
	}
	switch (bpf_gen_below(g, 4)) {
	case 0: bpf_gen_emit(g, ASM_LDX(sizes[sz], r, base, off)); break;
	case 1: bpf_gen_emit(g, ASM_LDXSX(sizes[sz == 3 ? 0 : sz], r, base, off)); break;
	case 2: bpf_gen_emit(g, ASM_STX(sizes[sz], base, r, off)); break;
	default:
		if (base == 9 && bytes >= 4)
			bpf_gen_emit(g, ASM_ATOMIC(sizes[sz], 9, r, off, BPF_ADD | BPF_FETCH));
		else
			bpf_gen_emit(g, ASM_ST(sizes[sz], base, off, bpf_gen_imm(g)));
		break;
	}
	if (base == 5)
		bpf_gen_emit(g, ASM_MOV64_K(5, bpf_gen_imm(g)));
}

/* A helper call, its arguments set first and r1-r5 written again after. */
static inline void bpf_gen_helper(struct bpf_gen *g)
{
	u32 id = BPF_HELPER_COUNTER + bpf_gen_below(g, 4);

	if (id == BPF_HELPER_PRINT) {
		bpf_gen_emit(g, ASM_MOV64_X(1, 10));
		bpf_gen_emit(g, ASM_ALU64_K(BPF_ADD, 1, -(s32)(8 + 8 * bpf_gen_below(g, 7))));
		bpf_gen_emit(g, ASM_MOV64_K(2, bpf_gen_below(g, 9)));
		bpf_gen_emit(g, ASM_MOV64_X(3, bpf_gen_reg(g) % 3 ? 0 : 6));
		bpf_gen_emit(g, ASM_MOV64_K(4, bpf_gen_imm(g)));
		bpf_gen_emit(g, ASM_MOV64_X(5, 7));
	}
	bpf_gen_emit(g, ASM_CALL_HELPER(id));
	bpf_gen_reinit_args(g);
}

static inline void bpf_gen_units(struct bpf_gen *g, u32 n, u32 depth);

/* A forward jump (conditional or not) over a few units. */
static inline void bpf_gen_skip(struct bpf_gen *g, u32 depth)
{
	static const u8 ops[] = { BPF_JEQ,  BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
				  BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };
	u32 at = g->pos;
	u8 cls = bpf_gen_below(g, 2) ? BPF_JMP : BPF_JMP32;

	switch (bpf_gen_below(g, 8)) {
	case 0: bpf_gen_emit(g, ASM_JA(0)); break;
	case 1: bpf_gen_emit(g, ASM_JA32(0)); break;
	default:
		if (bpf_gen_below(g, 2))
			bpf_gen_emit(g,
				     ASM_INSN(cls | BPF_X | ops[bpf_gen_below(g, ARRAY_SIZE(ops))],
					      bpf_gen_reg(g), bpf_gen_reg(g), 0, 0));
		else
			bpf_gen_emit(g,
				     ASM_INSN(cls | BPF_K | ops[bpf_gen_below(g, ARRAY_SIZE(ops))],
					      bpf_gen_reg(g), 0, 0, bpf_gen_imm(g)));
		break;
	}
	bpf_gen_units(g, 1 + bpf_gen_below(g, 3), depth + 1);
	if (g->out[at].code == (BPF_JMP32 | BPF_JA))
		g->out[at].imm = (s32)(g->pos - at - 1);
	else
		g->out[at].off = (s16)(g->pos - at - 1);
}

/* A counted loop: r8 = 1..8; body; r8 -= 1; if r8 != 0 back to the body. */
static inline void bpf_gen_loop(struct bpf_gen *g, u32 depth)
{
	u32 body;

	bpf_gen_emit(g, ASM_MOV64_K(8, 1 + bpf_gen_below(g, 8)));
	body = g->pos;
	g->in_loop = true;
	bpf_gen_units(g, 1 + bpf_gen_below(g, 4), depth + 1);
	g->in_loop = false;
	bpf_gen_emit(g, ASM_ALU64_K(BPF_SUB, 8, 1));
	bpf_gen_emit(g, ASM_JMP_K(BPF_JNE, 8, 0, (s16)((s32)body - (s32)g->pos - 1)));
}

/* A call to a later function, r1-r5 written again after. */
static inline void bpf_gen_call(struct bpf_gen *g)
{
	u32 target = g->func + 1 + bpf_gen_below(g, g->nfuncs - g->func);

	if (g->nsites < ARRAY_SIZE(g->site)) {
		g->site[g->nsites] = g->pos;
		g->site_func[g->nsites++] = target;
		bpf_gen_emit(g, ASM_CALL_LOCAL(0));
		bpf_gen_reinit_args(g);
	}
}

/* Up to n units; each needs at most 24 slots, and 24 stay free for the epilogue. */
static inline void bpf_gen_units(struct bpf_gen *g, u32 n, u32 depth)
{
	while (n-- && g->pos + 48 <= g->max) {
		u32 kind = bpf_gen_below(g, 20);

		if (kind < 8)
			bpf_gen_alu(g);
		else if (kind < 11)
			bpf_gen_stack(g);
		else if (kind < 13 && !g->in_func)
			bpf_gen_ctx(g);
		else if (kind < 14)
			bpf_gen_helper(g);
		else if (kind < 16 && depth < 3)
			bpf_gen_skip(g, depth);
		else if (kind < 17 && !g->in_loop && depth < 3)
			bpf_gen_loop(g, depth);
		else if (kind < 18 && g->func < g->nfuncs)
			bpf_gen_call(g);
		else
			bpf_gen_alu(g);
	}
}

/*
 * A function's start: main keeps the context in r9 and writes r0-r8; a
 * function has r1-r5 from its caller and writes r0, r6, r7. Then the
 * frame's top 64 bytes.
 */
static inline void bpf_gen_prologue(struct bpf_gen *g)
{
	u32 r;

	if (!g->in_func)
		bpf_gen_emit(g, ASM_MOV64_X(9, 1));
	for (r = g->in_func ? 6 : 1; r <= (g->in_func ? 7u : 8u); r++)
		bpf_gen_emit(g, ASM_MOV64_K(r, bpf_gen_imm(g)));
	bpf_gen_emit(g, ASM_MOV64_K(0, bpf_gen_imm(g)));
	for (r = 1; r <= 8; r++)
		bpf_gen_emit(g, ASM_ST(BPF_DW, 10, -8 * (s16)r, bpf_gen_imm(g)));
}

/* A function's end: r0 folds in r1-r7 (all data), then exit. */
static inline void bpf_gen_epilogue(struct bpf_gen *g)
{
	u32 r;

	for (r = 1; r <= 7; r++)
		bpf_gen_emit(g, ASM_ALU64_X(r & 1 ? BPF_XOR : BPF_ADD, 0, r));
	bpf_gen_emit(g, ASM_EXIT());
}

/*
 * Write one program of at most max slots (max >= 128) into out; returns
 * its length. The program is valid for a context of BPF_GEN_CTX_LEN bytes.
 */
static inline u32 bpf_gen_prog(struct bpf_gen *g, struct bpf_insn *out, u32 max)
{
	u32 f, i, share;

	g->out = out;
	g->pos = 0;
	g->max = max;
	g->in_loop = false;
	g->nsites = 0;
	g->nfuncs = bpf_gen_below(g, BPF_GEN_MAX_FUNCS + 1);
	share = max / (g->nfuncs + 1);
	for (f = 0; f <= g->nfuncs; f++) {
		g->func = f;
		g->in_func = f > 0;
		g->func_start[f] = g->pos;
		g->max = g->pos + share;
		bpf_gen_prologue(g);
		bpf_gen_units(g, 4 + bpf_gen_below(g, 40), 0);
		bpf_gen_epilogue(g);
	}
	for (i = 0; i < g->nsites; i++)
		out[g->site[i]].imm = (s32)g->func_start[g->site_func[i]] - (s32)g->site[i] - 1;
	return g->pos;
}

#endif
