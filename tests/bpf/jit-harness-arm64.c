// SPDX-License-Identifier: GPL-2.0
/*
 * Differential harness for the arm64 eBPF JIT, run as a static aarch64
 * Linux program under qemu-user (make jit-fuzz ARCH=arm64 N=...).
 *
 * It maps an executable buffer near its own text, so that BL reaches its
 * helper functions, and another one 1 GB away (ADRP+ADD+BLR), and one 8 GB
 * away (the JIT must refuse: -ERANGE). Hand-made programs carry expected
 * results worked out by hand from RFC 9669; when the interpreter is built
 * in (HAVE_BPF_INTERP), every program, hand-made or random, also runs in
 * bpf_interp_run() and the two must agree on r0, the stop and its slot,
 * and the helper calls (arguments and order).
 *
 * Usage: jit-harness-arm64 [N random programs] [seed]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <lander/bpf.h>
#include <lander/errno.h>
#ifdef HAVE_BPF_GEN
#include "../unit/bpf_gen.h"
#endif

/* Instruction builders (RFC 9669 section 3 layout). */
#define I(c, d, s, o, i)   ((struct bpf_insn){ (c), (u8)((d) | (s) << 4), (s16)(o), (s32)(i) })
#define ALU64_K(op, d, k)  I(BPF_ALU64 | BPF_K | (op), d, 0, 0, k)
#define ALU64_X(op, d, s)  I(BPF_ALU64 | BPF_X | (op), d, s, 0, 0)
#define ALU32_K(op, d, k)  I(BPF_ALU | BPF_K | (op), d, 0, 0, k)
#define ALU32_X(op, d, s)  I(BPF_ALU | BPF_X | (op), d, s, 0, 0)
#define SDIV64_X(op, d, s) I(BPF_ALU64 | BPF_X | (op), d, s, 1, 0)
#define SDIV32_X(op, d, s) I(BPF_ALU | BPF_X | (op), d, s, 1, 0)
#define MOVSX64(d, s, n)   I(BPF_ALU64 | BPF_X | BPF_MOV, d, s, n, 0)
#define MOVSX32(d, s, n)   I(BPF_ALU | BPF_X | BPF_MOV, d, s, n, 0)
#define LD64(d, v) \
	I(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (u32)(u64)(v)), I(0, 0, 0, 0, (u32)((u64)(v) >> 32))
#define LDX(sz, d, s, o)	I(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define LDXSX(sz, d, s, o)	I(BPF_LDX | BPF_MEMSX | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	I(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, k)		I(BPF_ST | BPF_MEM | (sz), d, 0, o, k)
#define ATOMIC(sz, d, s, o, op) I(BPF_STX | BPF_ATOMIC | (sz), d, s, o, op)
#define JMP_K(op, d, k, o)	I(BPF_JMP | BPF_K | (op), d, 0, o, k)
#define JMP_X(op, d, s, o)	I(BPF_JMP | BPF_X | (op), d, s, o, 0)
#define JMP32_K(op, d, k, o)	I(BPF_JMP32 | BPF_K | (op), d, 0, o, k)
#define JA(o)			I(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)		I(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define CALL_LOCAL(rel)		I(BPF_JMP | BPF_CALL, 0, 1, 0, rel)
#define EXIT()			I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define END(cls, src, d, bits)	I((cls) | (src) | BPF_END, d, 0, 0, bits)

/* --- helpers: deterministic, and logging every call ------------------------ */

static u64 log_hash, log_calls, counter, rnd;

/* Mix one helper call into the log. */
static u64 log_call(u64 id, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	u64 v[6] = { id, a1, a2, a3, a4, a5 };

	for (int i = 0; i < 6; i++)
		log_hash = (log_hash ^ v[i]) * 0x100000001b3ull;
	log_calls++;
	return 0;
}

static u64 h_counter(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(5, 0, 0, 0, 0, 0);
	return ++counter;
}

static u64 h_print(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	/* The format pointer differs between runs (each has its own stack): log the size and args. */
	log_call(6, 0, a2, a3, a4, a5);
	return a2;
}

static u64 h_random(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(7, 0, 0, 0, 0, 0);
	rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
	return (u32)(rnd >> 33);
}

static u64 h_cpu(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_call(8, 0, 0, 0, 0, 0);
	return 0;
}

static const bpf_helper_fn helpers[BPF_NR_HELPERS] = {
	[BPF_HELPER_COUNTER] = h_counter,
	[BPF_HELPER_PRINT] = h_print,
	[BPF_HELPER_RANDOM] = h_random,
	[BPF_HELPER_CPU_ID] = h_cpu,
};

static void helpers_reset(void)
{
	log_hash = 0xcbf29ce484222325ull;
	log_calls = counter = 0;
	rnd = 1;
}

/* --- flags, when no verifier is built in ------------------------------------ */

#ifndef HAVE_BPF_INTERP
/*
 * What the verifier would leave: the subprograms (local-call targets), the
 * ld_imm64 second slots, backward jumps, and a run-time check on every
 * access not based on r10.
 */
static int flag_prog(struct bpf_prog *p)
{
	p->nr_funcs = 1;
	p->func_start[0] = 0;
	for (u32 i = 0; i < p->len; i++)
		p->flags[i] = 0;
	for (u32 i = 0; i < p->len; i++) {
		const struct bpf_insn *in = &p->insns[i];
		u8 cls = BPF_CLASS(in->code);

		if (p->flags[i] & BPF_F_IMM64_HI)
			continue;
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
			p->flags[i + 1] |= BPF_F_IMM64_HI;
		if ((cls == BPF_JMP || cls == BPF_JMP32) && BPF_OP(in->code) == BPF_CALL &&
		    BPF_SRC(in) == 1) {
			u32 t = i + 1 + in->imm, k;

			for (k = 0; k < p->nr_funcs && p->func_start[k] != t; k++)
				;
			if (k == p->nr_funcs)
				p->func_start[p->nr_funcs++] = t;
		} else if ((cls == BPF_JMP || cls == BPF_JMP32) && BPF_OP(in->code) != BPF_EXIT &&
			   BPF_OP(in->code) != BPF_CALL) {
			s32 o = cls == BPF_JMP32 && BPF_OP(in->code) == BPF_JA ? in->imm : in->off;

			if (o < 0)
				p->flags[i] |= BPF_F_BACKEDGE;
		}
		if (cls == BPF_LDX && BPF_SRC(in) != 10)
			p->flags[i] |= BPF_F_CHECK;
		if ((cls == BPF_ST || cls == BPF_STX) && BPF_DST(in) != 10)
			p->flags[i] |= BPF_F_CHECK;
	}
	/* sort (insertion) */
	for (u32 a = 1; a < p->nr_funcs; a++)
		for (u32 b = a; b > 1 && p->func_start[b] < p->func_start[b - 1]; b--) {
			u32 t = p->func_start[b];

			p->func_start[b] = p->func_start[b - 1];
			p->func_start[b - 1] = t;
		}
	for (u32 k = 1; k < p->nr_funcs; k++)
		p->flags[p->func_start[k]] |= BPF_F_FUNC;
	return 0;
}
#endif

/* --- the executable buffers -------------------------------------------------- */

#define BUF_SIZE       (1u << 20)
#define ALT_STACK_SIZE (256u << 10)
#define ALT_STACK_VA   0x800000ull /* 8 MB: past the static binary, near the interpreter's frames */
static u8 *buf_near, *buf_far, *buf_toofar;

/* Map BUF_SIZE bytes read-write-execute at text + delta (rounded to 1 MB), or die. */
static u8 *map_at(s64 delta)
{
	u64 want = (((u64)(uintptr_t)&map_at) & ~0xfffffull) + delta;
	void *p = mmap((void *)(uintptr_t)want, BUF_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED || (u64)(uintptr_t)p != want) {
		fprintf(stderr, "cannot map the buffer at %#llx\n", (unsigned long long)want);
		exit(2);
	}
	return p;
}

/* --- running ----------------------------------------------------------------- */

struct outcome {
	u64 r0;
	u32 stop, at;
	u64 calls, hash;
	u64 ctx_hash; /* the context's bytes after the run */
};

static u64 ctx_main[64], *ctx_alt;
static u64 *ctx_buf = ctx_main; /* where the next run's context lives */
static bool on_alt_stack;	/* run the next JIT call on the far-away stack */
static u8 *alt_stack;
static ucontext_t uc_main, uc_run;
static struct {
	bpf_jit_fn fn;
	void *ctx;
	u64 len, r0;
	struct bpf_jit_exit *ex;
} alt_call;

/* The body of a run on the alternate stack. */
static void alt_trampoline(void)
{
	alt_call.r0 = alt_call.fn(alt_call.ctx, alt_call.len, alt_call.ex);
}

/* Call fn on the usual stack, or (on_alt_stack) on one mapped far from it. */
static u64 call_jit(bpf_jit_fn fn, void *ctx, u64 len, struct bpf_jit_exit *ex)
{
	if (!on_alt_stack)
		return fn(ctx, len, ex);
	alt_call.fn = fn;
	alt_call.ctx = ctx;
	alt_call.len = len;
	alt_call.ex = ex;
	getcontext(&uc_run);
	uc_run.uc_stack.ss_sp = alt_stack;
	uc_run.uc_stack.ss_size = ALT_STACK_SIZE - 4096; /* the context takes the last page */
	uc_run.uc_link = &uc_main;
	makecontext(&uc_run, alt_trampoline, 0);
	swapcontext(&uc_main, &uc_run);
	return alt_call.r0;
}

/* A hash of the context's first len bytes. */
static u64 ctx_digest(u64 len)
{
	u64 h = 0xcbf29ce484222325ull;

	for (u64 i = 0; i < len; i++)
		h = (h ^ ((u8 *)ctx_buf)[i]) * 0x100000001b3ull;
	return h;
}

static u32 insn_off[BPF_MAX_INSNS];
static u64 total_body, total_slots, total_near, total_far, programs;
static u64 far_from_far, near_from_far;
static u64 compute_body, compute_slots;
static bool in_compute_set;

/* JIT p into buf, run it on a fresh copy of ctx_init; returns the JIT's error. */
static int jit_run(const struct bpf_prog *p, u8 *buf, const void *ctx_init, u64 ctx_len,
		   struct outcome *o, struct bpf_jit *jj)
{
	struct bpf_jit j = { 0 };
	struct bpf_jit_exit ex = { 99, 99 };
	const char *why = "";
	int err;

	for (int h = 0; h < BPF_NR_HELPERS; h++)
		j.helper_va[h] = (u64)(uintptr_t)helpers[h];
	j.insn_off = insn_off;
	err = arch_bpf_jit(p, &j, &why);
	if (err) {
		if (err != -ERANGE)
			printf("# JIT measure failed: %d %s\n", err, why);
		return err;
	}
	j.size = j.len;
	j.buf = buf;
	j.va = (u64)(uintptr_t)buf;
	err = arch_bpf_jit(p, &j, &why);
	if (err)
		return err;
	__builtin___clear_cache((char *)buf, (char *)buf + j.len);
	memcpy(ctx_buf, ctx_init, ctx_len);
	helpers_reset();
	o->r0 = call_jit((bpf_jit_fn)(uintptr_t)buf, ctx_len ? ctx_buf : NULL, ctx_len, &ex);
	o->stop = ex.stop;
	o->at = ex.at;
	o->calls = log_calls;
	o->hash = log_hash;
	o->ctx_hash = ctx_digest(ctx_len);
	*jj = j;
	return 0;
}

static int failures;
static u64 address_dependent;
static u8 *random_buf; /* where random programs run: near and 1 GB away in turn */

/* Compare two outcomes; print the program on a mismatch. */
static void expect(const char *name, const struct bpf_prog *p, const struct outcome *got,
		   const struct outcome *want, bool check_calls)
{
	if (got->stop == want->stop && got->at == want->at &&
	    (got->stop != BPF_OK || got->r0 == want->r0) &&
	    (!check_calls || (got->calls == want->calls && got->hash == want->hash &&
			      got->ctx_hash == want->ctx_hash)))
		return;
	failures++;
	printf("not ok %s: r0 %#llx stop %u at %u calls %llu; want r0 %#llx stop %u at %u calls %llu\n",
	       name, (unsigned long long)got->r0, got->stop, got->at,
	       (unsigned long long)got->calls, (unsigned long long)want->r0, want->stop, want->at,
	       (unsigned long long)want->calls);
	for (u32 i = 0; i < p->len; i++)
		printf("#  %4u: %02x %02x %6d %d flags %x\n", i, p->insns[i].code, p->insns[i].regs,
		       p->insns[i].off, p->insns[i].imm, p->flags[i]);
}

static u8 flags_mem[BPF_MAX_INSNS];

/* A hand-made case the verifier must refuse (it proves the access out of bounds). */
#define STOP_REJECTED 0xffu

/* Prepare p from insns: the verifier's flags (or the local flagger's). Returns 0 if accepted. */
static int prepare(struct bpf_prog *p, const struct bpf_insn *insns, u32 len, u64 ctx_len,
		   const char *name)
{
	memset(p, 0, sizeof(*p));
	p->insns = insns;
	p->len = len;
	p->ctx_len = ctx_len;
	p->flags = flags_mem;
#ifdef HAVE_BPF_INTERP
	{
		const char *why = "";
		u32 at = 0;

		if (bpf_verify(p, bpf_verify_work, &why, &at)) {
			if (name)
				printf("# %s: rejected at %u: %s (%02x %02x %d %d)\n", name, at,
				       why, insns[at].code, insns[at].regs, insns[at].off,
				       insns[at].imm);
			return -1;
		}
	}
	return 0;
#else
	return flag_prog(p);
#endif
}

/*
 * Run one program everywhere: the near buffer (and the far one for
 * hand-made cases), against the interpreter when built in and against
 * want when given.
 */
static void run_case(const char *name, const struct bpf_insn *insns, u32 len, const void *ctx,
		     u64 ctx_len, const struct outcome *want, bool probe)
{
	struct bpf_prog p;
	struct outcome o_near, o_far;
	struct bpf_jit j;
	int err;

	if (prepare(&p, insns, len, ctx_len, name)) {
		if (want && want->stop == STOP_REJECTED) {
			programs++;
			return;
		}
		if (want) {
			failures++;
			printf("not ok %s: rejected\n", name);
		}
		return;
	}
	programs++;
	err = jit_run(&p, want ? buf_near : random_buf, ctx, ctx_len, &o_near, &j);
	if (err) {
		failures++;
		printf("not ok %s: JIT error %d\n", name, err);
		return;
	}
	if (probe) {
		/*
		 * A mutant may let an address reach r0, the context or a
		 * helper's arguments (the verifier lets r10 or the context
		 * pointer be, say, a divisor or compared with a constant):
		 * run it again with the stack at 8 MB, close to where the
		 * interpreter keeps its frames, and the context elsewhere,
		 * and leave it out if anything changes.
		 */
		struct outcome o_moved;

		ctx_buf = ctx_alt;
		on_alt_stack = true;
		err = jit_run(&p, random_buf, ctx, ctx_len, &o_moved, &j);
		ctx_buf = ctx_main;
		on_alt_stack = false;
		if (err || o_moved.r0 != o_near.r0 || o_moved.stop != o_near.stop ||
		    o_moved.at != o_near.at || o_moved.calls != o_near.calls ||
		    o_moved.hash != o_near.hash || o_moved.ctx_hash != o_near.ctx_hash) {
			address_dependent++;
			return;
		}
	}
	total_body += j.body_insns;
	total_slots += len;
	if (in_compute_set) {
		compute_body += j.body_insns;
		compute_slots += len;
	}
	total_near += j.calls_near;
	total_far += j.calls_far;
#ifdef HAVE_BPF_INTERP
	{
		struct bpf_run run = { 0 };
		struct outcome o_int;

		memcpy(ctx_buf, ctx, ctx_len);
		run.ctx = ctx_len ? ctx_buf : NULL;
		run.ctx_len = ctx_len;
		run.helpers = helpers;
		helpers_reset();
		bpf_interp_run(&p, &run);
		o_int = (struct outcome){ run.r0,    run.stop, run.stop_at,
					  log_calls, log_hash, ctx_digest(ctx_len) };
		expect(name, &p, &o_near, &o_int, true);
	}
#endif
	if (want)
		expect(name, &p, &o_near, want, false);
	if (!want)
		return;
	err = jit_run(&p, buf_far, ctx, ctx_len, &o_far, &j);
	if (err) {
		failures++;
		printf("not ok %s (far): JIT error %d\n", name, err);
		return;
	}
	expect(name, &p, &o_far, &o_near, true);
	/* From 1 GB away every helper call takes the long form; local calls stay BL. */
	far_from_far += j.calls_far;
	near_from_far += j.calls_near;
}

#define RUN(name, ctx, ctx_len, r0_, stop_, at_, ...)                                              \
	do {                                                                                       \
		static const struct bpf_insn prog_[] = { __VA_ARGS__ };                            \
		struct outcome w_ = { (r0_), (stop_), (at_), 0, 0, 0 };                            \
		run_case(name, prog_, sizeof(prog_) / sizeof(prog_[0]), ctx, ctx_len, &w_, false); \
	} while (0)
#define OK(name, r0, ...) RUN(name, NULL, 0, r0, BPF_OK, 0, __VA_ARGS__)

/* Expected values below are worked out by hand from RFC 9669 section 4 and 5. */
static void hand_made(void)
{
	static u64 ctx16[2] = { 0x1122334455667788ull, 0x99aabbccddeeff00ull };

	OK("mov", 42, ALU64_K(BPF_MOV, 0, 42), EXIT());
	/* ALU64 MOV K sign-extends imm; ALU MOV K zero-extends the 32-bit result. */
	OK("mov64 -1", 0xffffffffffffffffull, ALU64_K(BPF_MOV, 0, -1), EXIT());
	OK("mov32 -1", 0xffffffffull, ALU32_K(BPF_MOV, 0, -1), EXIT());
	OK("rsh 63", 1, ALU64_K(BPF_MOV, 0, -1), ALU64_K(BPF_RSH, 0, 63), EXIT());
	/* Division by zero gives 0; modulo by zero leaves dst (32-bit: upper half zeroed). */
	OK("div0", 0, ALU64_K(BPF_MOV, 0, 7), ALU64_K(BPF_MOV, 1, 0), ALU64_X(BPF_DIV, 0, 1),
	   EXIT());
	OK("mod0 64", 7, ALU64_K(BPF_MOV, 0, 7), ALU64_K(BPF_MOV, 1, 0), ALU64_X(BPF_MOD, 0, 1),
	   EXIT());
	OK("mod0 32", 7, LD64(0, 0xffffffff00000007ull), ALU64_K(BPF_MOV, 1, 0),
	   ALU32_X(BPF_MOD, 0, 1), EXIT());
	OK("div0 32 k", 0, ALU64_K(BPF_MOV, 0, 9), ALU32_K(BPF_DIV, 0, 0), EXIT());
	OK("sdiv0", 0, ALU64_K(BPF_MOV, 0, -9), ALU64_K(BPF_MOV, 1, 0), SDIV64_X(BPF_DIV, 0, 1),
	   EXIT());
	OK("smod0", (u64)-9, ALU64_K(BPF_MOV, 0, -9), ALU64_K(BPF_MOV, 1, 0),
	   SDIV64_X(BPF_MOD, 0, 1), EXIT());
	/* INT_MIN / -1 is INT_MIN; INT_MIN % -1 is 0. */
	OK("sdiv64 min/-1", 0x8000000000000000ull, LD64(0, 0x8000000000000000ull),
	   ALU64_K(BPF_MOV, 1, -1), SDIV64_X(BPF_DIV, 0, 1), EXIT());
	OK("smod64 min%-1", 0, LD64(0, 0x8000000000000000ull), ALU64_K(BPF_MOV, 1, -1),
	   SDIV64_X(BPF_MOD, 0, 1), EXIT());
	OK("sdiv32 min/-1", 0x80000000ull, ALU32_K(BPF_MOV, 0, (s32)0x80000000),
	   ALU64_K(BPF_MOV, 1, -1), SDIV32_X(BPF_DIV, 0, 1), EXIT());
	OK("sdiv -7/2", (u64)-3, ALU64_K(BPF_MOV, 0, -7), ALU64_K(BPF_MOV, 1, 2),
	   SDIV64_X(BPF_DIV, 0, 1), EXIT());
	OK("smod -7%2", (u64)-1, ALU64_K(BPF_MOV, 0, -7), ALU64_K(BPF_MOV, 1, 2),
	   SDIV64_X(BPF_MOD, 0, 1), EXIT());
	OK("smod 7%-2", 1, ALU64_K(BPF_MOV, 0, 7), ALU64_K(BPF_MOV, 1, -2), SDIV64_X(BPF_MOD, 0, 1),
	   EXIT());
	/* unsigned: -1 / 2 as u64 */
	OK("udiv", 0x7fffffffffffffffull, ALU64_K(BPF_MOV, 0, -1), ALU64_K(BPF_DIV, 0, 2), EXIT());
	/* ALU64 DIV K: imm sign-extended, then unsigned: 10 / 0xffff...fffe = 0 */
	OK("udiv k neg", 0, ALU64_K(BPF_MOV, 0, 10), ALU64_K(BPF_DIV, 0, -2), EXIT());
	/* Shifts are masked to the width: 65 & 63 = 1, 33 & 31 = 1. */
	OK("lsh 65", 2, ALU64_K(BPF_MOV, 0, 1), ALU64_K(BPF_MOV, 1, 65), ALU64_X(BPF_LSH, 0, 1),
	   EXIT());
	OK("lsh32 33", 2, ALU64_K(BPF_MOV, 0, 1), ALU64_K(BPF_MOV, 1, 33), ALU32_X(BPF_LSH, 0, 1),
	   EXIT());
	OK("arsh", (u64)-4, ALU64_K(BPF_MOV, 0, -16), ALU64_K(BPF_ARSH, 0, 2), EXIT());
	OK("arsh32", 0xffffffffull, ALU32_K(BPF_MOV, 0, (s32)0x80000000), ALU32_K(BPF_ARSH, 0, 31),
	   EXIT());
	OK("rsh32 upper", 0x7fffffffull, ALU64_K(BPF_MOV, 0, -1), ALU32_K(BPF_RSH, 0, 1), EXIT());
	OK("neg32", 0xffffffffull, ALU64_K(BPF_MOV, 0, 1), ALU32_K(BPF_NEG, 0, 0), EXIT());
	OK("sub32 wrap", 0xffffffffull, ALU64_K(BPF_MOV, 0, 0), ALU32_K(BPF_SUB, 0, 1), EXIT());
	OK("add imm big", 0x12345678ull + 5, ALU64_K(BPF_MOV, 0, 5),
	   ALU64_K(BPF_ADD, 0, 0x12345678), EXIT());
	OK("and 0xf0f0", 0xf000ull, ALU64_K(BPF_MOV, 0, 0xff00), ALU64_K(BPF_AND, 0, 0xf0f0),
	   EXIT());
	OK("xor -1", 0xffffffffffff00ffull, ALU64_K(BPF_MOV, 0, 0xff00), ALU64_K(BPF_XOR, 0, -1),
	   EXIT());
	OK("or32 upper", 0x80000001ull, LD64(0, 0xffffffff00000001ull),
	   ALU32_K(BPF_OR, 0, (s32)0x80000000), EXIT());
	OK("mul32", 0xfffffffeull, ALU64_K(BPF_MOV, 0, -1), ALU32_K(BPF_MUL, 0, 2), EXIT());
	/* Sign-extending moves. */
	OK("movsx64 8", 0xffffffffffffff80ull, ALU64_K(BPF_MOV, 1, 0x80), MOVSX64(0, 1, 8), EXIT());
	OK("movsx64 32", 0xffffffff80000000ull, ALU64_K(BPF_MOV, 1, 0),
	   ALU32_K(BPF_MOV, 1, (s32)0x80000000), MOVSX64(0, 1, 32), EXIT());
	OK("movsx32 16", 0xffff8000ull, ALU64_K(BPF_MOV, 1, 0x8000), MOVSX32(0, 1, 16), EXIT());
	/* Byte swaps (RFC 9669 4.2). */
	OK("bswap64", 0x0807060504030201ull, LD64(0, 0x0102030405060708ull),
	   END(BPF_ALU64, BPF_K, 0, 64), EXIT());
	OK("bswap16", 0x7856, ALU64_K(BPF_MOV, 0, 0x12345678), END(BPF_ALU64, BPF_K, 0, 16),
	   EXIT());
	OK("be32", 0x78563412, LD64(0, 0xaaaaaaaa12345678ull), END(BPF_ALU, BPF_X, 0, 32), EXIT());
	OK("be16", 0x7856, ALU64_K(BPF_MOV, 0, 0x12345678), END(BPF_ALU, BPF_X, 0, 16), EXIT());
	OK("le16", 0x5678, ALU64_K(BPF_MOV, 0, 0x12345678), END(BPF_ALU, BPF_K, 0, 16), EXIT());
	OK("le32", 0x12345678, LD64(0, 0xaaaaaaaa12345678ull), END(BPF_ALU, BPF_K, 0, 32), EXIT());
	OK("le64", 0xaaaaaaaa12345678ull, LD64(0, 0xaaaaaaaa12345678ull),
	   END(BPF_ALU, BPF_K, 0, 64), EXIT());
	/* Stack, MEMSX, sizes. */
	OK("stack", 0x1234, ST(BPF_H, 10, -2, 0x1234), LDX(BPF_H, 0, 10, -2), EXIT());
	OK("memsx h", 0xffffffffffffff80ull, ST(BPF_H, 10, -512, 0xff80), LDXSX(BPF_H, 0, 10, -512),
	   EXIT());
	OK("memsx b", 0x7f, ST(BPF_B, 10, -300, 0x7f), LDXSX(BPF_B, 0, 10, -300), EXIT());
	OK("memsx w", 0xffffffff80000000ull, ST(BPF_W, 10, -4, (s32)0x80000000),
	   LDXSX(BPF_W, 0, 10, -4), EXIT());
	OK("st dw imm sext", 0xfffffffffffffffeull, ST(BPF_DW, 10, -8, -2), LDX(BPF_DW, 0, 10, -8),
	   EXIT());
	/* Checked stack access through a copy of r10. */
	OK("stack via r2", 5, ALU64_X(BPF_MOV, 2, 10), ALU64_K(BPF_ADD, 2, -8), ST(BPF_DW, 2, 0, 5),
	   LDX(BPF_DW, 0, 10, -8), EXIT());
	/* Addresses formed by a register add, which the verifier leaves to the run-time check. */
	RUN("stack below frame", NULL, 0, 0, STOP_REJECTED, 3, ALU64_X(BPF_MOV, 2, 10),
	    ALU64_K(BPF_MOV, 3, -516), ALU64_X(BPF_ADD, 2, 3), ST(BPF_W, 2, -1, 5),
	    LDX(BPF_DW, 0, 10, -8), EXIT());
	RUN("stack last byte", NULL, 0, 0x5a, BPF_OK, 0, ALU64_X(BPF_MOV, 2, 10),
	    ALU64_K(BPF_MOV, 3, -1), ALU64_X(BPF_ADD, 2, 3), ST(BPF_B, 2, 0, 0x5a),
	    LDX(BPF_B, 0, 10, -1), EXIT());
	RUN("stack first byte", NULL, 0, 0x5a, BPF_OK, 0, ALU64_X(BPF_MOV, 2, 10),
	    ALU64_K(BPF_MOV, 3, -512), ALU64_X(BPF_ADD, 2, 3), ST(BPF_DW, 2, 0, 0x5a),
	    LDX(BPF_DW, 0, 10, -512), EXIT());
	RUN("stack above r10", NULL, 0, 0, STOP_REJECTED, 3, ALU64_X(BPF_MOV, 2, 10),
	    ALU64_K(BPF_MOV, 3, -4), ALU64_X(BPF_ADD, 2, 3), LDX(BPF_DW, 0, 2, 0), EXIT());
	/* The context (16 bytes). */
	RUN("ctx", ctx16, 16, 0x99aabbccddeeff00ull, BPF_OK, 0, LDX(BPF_DW, 0, 1, 8), EXIT());
	RUN("ctx len", ctx16, 16, 16, BPF_OK, 0, ALU64_X(BPF_MOV, 0, 2), EXIT());
	RUN("ctx last byte", ctx16, 16, 0x99, BPF_OK, 0, ALU64_K(BPF_ADD, 1, 15),
	    LDX(BPF_B, 0, 1, 0), EXIT());
	RUN("ctx past end", ctx16, 16, 0, STOP_REJECTED, 2, ALU64_K(BPF_MOV, 3, 9),
	    ALU64_X(BPF_ADD, 1, 3), LDX(BPF_DW, 0, 1, 0), EXIT());
	RUN("ctx before", ctx16, 16, 0, STOP_REJECTED, 2, ALU64_K(BPF_MOV, 3, -1),
	    ALU64_X(BPF_ADD, 1, 3), LDX(BPF_B, 0, 1, 0), EXIT());
	RUN("ctx atomic misaligned", ctx16, 16, 0, STOP_REJECTED, 3, ALU64_K(BPF_MOV, 3, 4),
	    ALU64_X(BPF_ADD, 1, 3), ALU64_K(BPF_MOV, 2, 1), ATOMIC(BPF_DW, 1, 2, 0, BPF_ADD),
	    ALU64_K(BPF_MOV, 0, 0), EXIT());
	RUN("ctx atomic", ctx16, 16, 0x99aabbccddeeff01ull, BPF_OK, 0, ALU64_K(BPF_MOV, 3, 8),
	    ALU64_X(BPF_ADD, 1, 3), ALU64_K(BPF_MOV, 2, 1), ATOMIC(BPF_DW, 1, 2, 0, BPF_ADD),
	    LDX(BPF_DW, 0, 1, 0), EXIT());
	/* print's [r1, r1 + r2): 17 bytes of a 16-byte context stop; r2 = 0 passes anywhere. */
#define ARGS345 ALU64_K(BPF_MOV, 3, 0), ALU64_K(BPF_MOV, 4, 0), ALU64_K(BPF_MOV, 5, 0)
	RUN("print past ctx", ctx16, 16, 0, BPF_STOP_BOUNDS, 4, ALU64_K(BPF_MOV, 2, 17), ARGS345,
	    CALL(BPF_HELPER_PRINT), EXIT());
	RUN("print ctx", ctx16, 16, 16, BPF_OK, 0, ARGS345, CALL(BPF_HELPER_PRINT), EXIT());
	RUN("print empty", ctx16, 16, 0, BPF_OK, 0, ARGS345, ALU64_K(BPF_MOV, 0, -100),
	    ALU64_X(BPF_ADD, 1, 0), ALU64_K(BPF_MOV, 2, 0), CALL(BPF_HELPER_PRINT), EXIT());
	RUN("print stack", NULL, 0, 512, BPF_OK, 0, ARGS345, ALU64_X(BPF_MOV, 1, 10),
	    ALU64_K(BPF_MOV, 0, -512), ALU64_X(BPF_ADD, 1, 0), ALU64_K(BPF_MOV, 2, 512),
	    CALL(BPF_HELPER_PRINT), EXIT());
	RUN("print stack past", NULL, 0, 0, BPF_STOP_BOUNDS, 7, ARGS345, ALU64_X(BPF_MOV, 1, 10),
	    ALU64_K(BPF_MOV, 0, -512), ALU64_X(BPF_ADD, 1, 0), ALU64_K(BPF_MOV, 2, 513),
	    CALL(BPF_HELPER_PRINT), EXIT());
#undef ARGS345
	RUN("ctx wrap", ctx16, 16, 0, STOP_REJECTED, 2, ALU64_K(BPF_MOV, 3, -1),
	    ALU64_X(BPF_ADD, 1, 3), LDX(BPF_DW, 0, 1, 0), EXIT());
	/* Loops and the budget: 10 + 9 + ... + 1 = 55. */
	OK("loop", 55, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, 10), ALU64_X(BPF_ADD, 0, 1),
	   ALU64_K(BPF_SUB, 1, 1), JMP_K(BPF_JNE, 1, 0, -3), EXIT());
	RUN("budget", NULL, 0, 0, BPF_STOP_BUDGET, 1, ALU64_K(BPF_MOV, 0, 0), JA(-1), EXIT());
	RUN("budget cond", NULL, 0, 0, BPF_STOP_BUDGET, 2, ALU64_K(BPF_MOV, 0, 0),
	    ALU64_K(BPF_ADD, 0, 1), JMP_K(BPF_JNE, 0, 0, -2), EXIT());
	/* Jumps: signed and unsigned, 32-bit, JSET. */
	OK("jsgt", 1, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, -1), JMP_K(BPF_JSGT, 1, -2, 1),
	   EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	OK("jgt unsigned", 1, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, -1),
	   JMP_K(BPF_JGT, 1, 5000, 1), EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	OK("jmp32 jeq", 1, ALU64_K(BPF_MOV, 0, 0), LD64(1, 0x100000005ull),
	   JMP32_K(BPF_JEQ, 1, 5, 1), EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	OK("jmp64 jne", 1, ALU64_K(BPF_MOV, 0, 0), LD64(1, 0x100000005ull), JMP_K(BPF_JNE, 1, 5, 1),
	   EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	OK("jmp32 jslt", 1, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, 0), ALU32_K(BPF_MOV, 1, -7),
	   JMP32_K(BPF_JSLT, 1, -6, 1), EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	OK("jset", 1, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, 0x10),
	   JMP_K(BPF_JSET, 1, 0x30, 1), EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	OK("jset no", 0, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, 0x10),
	   JMP_K(BPF_JSET, 1, 0x21, 1), EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	OK("jle reg", 1, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, 3), ALU64_K(BPF_MOV, 2, 3),
	   JMP_X(BPF_JLE, 1, 2, 1), EXIT(), ALU64_K(BPF_MOV, 0, 1), EXIT());
	/* Atomics: fetch-add returns the old value; cmpxchg returns the old value in r0. */
	OK("atomic add fetch", 10 * 1000 + 15, ST(BPF_DW, 10, -8, 10), ALU64_K(BPF_MOV, 1, 5),
	   ATOMIC(BPF_DW, 10, 1, -8, BPF_ADD | BPF_FETCH), LDX(BPF_DW, 0, 10, -8),
	   ALU64_K(BPF_MUL, 1, 1000), ALU64_X(BPF_ADD, 0, 1), EXIT());
	OK("atomic cmpxchg", 15 * 1000 + 99, ST(BPF_DW, 10, -8, 15), ALU64_K(BPF_MOV, 0, 15),
	   ALU64_K(BPF_MOV, 2, 99), ATOMIC(BPF_DW, 10, 2, -8, BPF_CMPXCHG), LDX(BPF_DW, 3, 10, -8),
	   ALU64_K(BPF_MUL, 0, 1000), ALU64_X(BPF_ADD, 0, 3), EXIT());
	OK("atomic cmpxchg miss", 15, ST(BPF_DW, 10, -8, 15), ALU64_K(BPF_MOV, 0, 14),
	   ALU64_K(BPF_MOV, 2, 99), ATOMIC(BPF_DW, 10, 2, -8, BPF_CMPXCHG), LDX(BPF_DW, 0, 10, -8),
	   EXIT());
	/* mem 7 -> 9, r1 gets 7: 9 + 14 - 2 */
	OK("atomic32 xchg", 21, ST(BPF_W, 10, -4, 7), ALU64_K(BPF_MOV, 1, 9),
	   ATOMIC(BPF_W, 10, 1, -4, BPF_XCHG), LDX(BPF_W, 0, 10, -4), ALU64_K(BPF_LSH, 1, 1),
	   ALU64_X(BPF_ADD, 0, 1), ALU64_K(BPF_SUB, 0, 2), EXIT());
	OK("atomic32 or", 0x7f, ST(BPF_W, 10, -4, 0x0f), ALU64_K(BPF_MOV, 1, 0x70),
	   ATOMIC(BPF_W, 10, 1, -4, BPF_OR), LDX(BPF_W, 0, 10, -4), EXIT());
	/* Helpers: the counter counts 1, 2; the CPU id is 0 in the harness. */
	OK("helpers", 3, CALL(BPF_HELPER_COUNTER), ALU64_X(BPF_MOV, 6, 0), CALL(BPF_HELPER_COUNTER),
	   ALU64_X(BPF_ADD, 0, 6), EXIT());
	OK("helper r6 kept", 100, ALU64_K(BPF_MOV, 6, 99), CALL(BPF_HELPER_CPU_ID),
	   ALU64_X(BPF_ADD, 0, 6), ALU64_K(BPF_ADD, 0, 1), EXIT());
	/* The print helper of this harness returns its second argument; [r1, r1 + r2) is checked. */
	OK("helper args", 8, ALU64_X(BPF_MOV, 1, 10), ALU64_K(BPF_ADD, 1, -8),
	   ST(BPF_DW, 10, -8, 0), ALU64_K(BPF_MOV, 2, 8), ALU64_K(BPF_MOV, 3, 1),
	   ALU64_K(BPF_MOV, 4, 2), ALU64_K(BPF_MOV, 5, 3), CALL(BPF_HELPER_PRINT), EXIT());
	/* Local calls: f(r1) = 2 * r1; main returns f(5) + 1. */
	OK("local call", 11, ALU64_K(BPF_MOV, 1, 5), CALL_LOCAL(2), ALU64_K(BPF_ADD, 0, 1), EXIT(),
	   ALU64_X(BPF_MOV, 0, 1), ALU64_K(BPF_LSH, 0, 1), EXIT());
	/* Callee's r6 and its own frame; the caller's r6 and stack survive. */
	OK("local frames", 7 + 3, ALU64_K(BPF_MOV, 6, 7), ST(BPF_DW, 10, -8, 3), CALL_LOCAL(3),
	   LDX(BPF_DW, 0, 10, -8), ALU64_X(BPF_ADD, 0, 6), EXIT(), ALU64_K(BPF_MOV, 6, 1),
	   ST(BPF_DW, 10, -8, 4), ALU64_K(BPF_MOV, 0, 0), EXIT());
	/* Every frame starts zeroed: main's lowest word, and a second call's frame after a first wrote. */
	OK("main frame zeroed", 0, LDX(BPF_DW, 0, 10, -512), EXIT());
	OK("local frame zeroed", 0, CALL_LOCAL(2), CALL_LOCAL(4), EXIT(), ST(BPF_DW, 10, -8, 5),
	   ALU64_K(BPF_MOV, 0, 1), EXIT(), LDX(BPF_DW, 0, 10, -8), EXIT());
	/* Unbounded recursion: the 8th frame's call stops (frames 1..8 alive). */
	RUN("depth", NULL, 0, 0, BPF_STOP_DEPTH, 3, CALL_LOCAL(1), EXIT(), ALU64_K(BPF_MOV, 0, 0),
	    CALL_LOCAL(-2), EXIT());
}

/* --- a model of the ALU, jump and stack subset, written from RFC 9669 ---------- */

static u64 rng_state;

/* xorshift64*: the harness's own random numbers. */
static u64 rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* A random 64-bit value, biased to the edges (0, -1, INT_MIN, small). */
static u64 rnd_val(void)
{
	static const u64 edge[] = { 0,
				    1,
				    2,
				    31,
				    32,
				    63,
				    64,
				    ~0ull,
				    0x8000000000000000ull,
				    0x7fffffffffffffffull,
				    0x80000000ull,
				    0x7fffffffull,
				    0xffffffffull,
				    0xffffffff80000000ull,
				    0x80,
				    0xff80 };

	switch (rng() % 4) {
	case 0: return edge[rng() % ARRAY_SIZE(edge)];
	case 1: return rng() % 300 - 150;
	default: return rng();
	}
}

/* dst op= src for ALU (is64 false: 32-bit operands, result zero-extended), off as in the insn. */
static u64 model_alu(u32 op, bool is64, s16 off, u64 d, u64 s, s32 imm)
{
	u64 m = is64 ? ~0ull : 0xffffffffull;
	u32 sh = is64 ? 63 : 31;

	if (op == BPF_END) { /* on the whole register: imm bit 8 set means swap */
		if (!(imm & 0x100))
			return (imm & 0xff) == 16 ? d & 0xffff :
			       (imm & 0xff) == 32 ? d & 0xffffffff :
						    d;
		if ((imm & 0xff) == 16)
			return __builtin_bswap16(d);
		if ((imm & 0xff) == 32)
			return __builtin_bswap32(d);
		return __builtin_bswap64(d);
	}
	d &= m;
	s &= m;
	switch (op) {
	case BPF_ADD: return (d + s) & m;
	case BPF_SUB: return (d - s) & m;
	case BPF_MUL: return (d * s) & m;
	case BPF_DIV:
		if (!s)
			return 0;
		if (!off)
			return d / s;
		if (is64)
			return (s64)s == -1 ? -d : (u64)((s64)d / (s64)s);
		return (s32)s == -1 ? (u32) - (u32)d : (u32)((s32)d / (s32)s);
	case BPF_MOD:
		if (!s)
			return d;
		if (!off)
			return d % s;
		if (is64)
			return (s64)s == -1 ? 0 : (u64)((s64)d % (s64)s);
		return (s32)s == -1 ? 0 : (u32)((s32)d % (s32)s);
	case BPF_OR: return d | s;
	case BPF_AND: return d & s;
	case BPF_XOR: return d ^ s;
	case BPF_LSH: return (d << (s & sh)) & m;
	case BPF_RSH: return d >> (s & sh);
	case BPF_ARSH: return is64 ? (u64)((s64)d >> (s & sh)) : (u32)((s32)d >> (s & sh));
	case BPF_NEG: return -d & m;
	case BPF_MOV:
		if (off == 8)
			return (u64)(s64)(s8)s & m;
		if (off == 16)
			return (u64)(s64)(s16)s & m;
		if (off == 32)
			return (u64)(s64)(s32)s & m;
		return s;
	}
	return 0;
}

/* Whether a jump is taken (is64 false: JMP32, the low halves). */
static bool model_jmp(u32 op, bool is64, u64 d, u64 s)
{
	if (!is64) {
		d = (u32)d;
		s = (u32)s;
	}
	s64 sd = is64 ? (s64)d : (s32)d, ss = is64 ? (s64)s : (s32)s;

	switch (op) {
	case BPF_JEQ: return d == s;
	case BPF_JNE: return d != s;
	case BPF_JSET: return d & s;
	case BPF_JGT: return d > s;
	case BPF_JGE: return d >= s;
	case BPF_JLT: return d < s;
	case BPF_JLE: return d <= s;
	case BPF_JSGT: return sd > ss;
	case BPF_JSGE: return sd >= ss;
	case BPF_JSLT: return sd < ss;
	case BPF_JSLE: return sd <= ss;
	}
	return false;
}

/* Run the subset: ALU, forward jumps, ld_imm64, stack loads and stores at r10 + off. */
static u64 model_run(const struct bpf_insn *p, u32 len)
{
	u64 r[11] = { 0 };
	u8 stack[BPF_STACK_SIZE] = { 0 };

	for (u32 pc = 0; pc < len; pc++) {
		const struct bpf_insn *in = &p[pc];
		u8 cls = BPF_CLASS(in->code);
		u32 d = BPF_DST(in), sr = BPF_SRC(in), n;
		u64 src = in->code & BPF_X ? r[sr] : (u64)(s64)in->imm, v = 0;
		u8 *at;

		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
			if (BPF_OP(in->code) == BPF_END) {
				r[d] = model_alu(
					BPF_END, cls == BPF_ALU64, 0, r[d], 0,
					in->imm |
						(cls == BPF_ALU && (in->code & BPF_X) ? 0x100 : 0) |
						(cls == BPF_ALU64 ? 0x100 : 0));
				break;
			}
			r[d] = model_alu(BPF_OP(in->code), cls == BPF_ALU64, in->off, r[d], src,
					 in->imm);
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if (BPF_OP(in->code) == BPF_EXIT)
				return r[0];
			if (BPF_OP(in->code) == BPF_JA ||
			    model_jmp(BPF_OP(in->code), cls == BPF_JMP, r[d], src))
				pc += in->off;
			break;
		case BPF_LD:
			r[d] = (u64)(u32)in->imm | (u64)(u32)in[1].imm << 32;
			pc++;
			break;
		default:
			n = BPF_SIZE(in->code) == BPF_DW ? 8 :
			    BPF_SIZE(in->code) == BPF_W	 ? 4 :
			    BPF_SIZE(in->code) == BPF_H	 ? 2 :
							   1;
			at = stack + BPF_STACK_SIZE + in->off;
			if (cls == BPF_LDX) {
				memcpy(&v, at, n);
				if (BPF_MODE(in->code) == BPF_MEMSX)
					v = (u64)((s64)(v << (64 - 8 * n)) >> (64 - 8 * n));
				r[d] = v;
			} else {
				v = cls == BPF_ST ? (u64)(s64)in->imm : r[sr];
				memcpy(at, &v, n);
			}
		}
	}
	return r[0];
}

/* A random program of the model's subset, len slots at most; returns its length. */
static u32 model_gen(struct bpf_insn *p, u32 max)
{
	static const u8 alu_ops[] = { BPF_ADD, BPF_SUB, BPF_MUL,  BPF_DIV, BPF_OR,
				      BPF_AND, BPF_LSH, BPF_RSH,  BPF_NEG, BPF_MOD,
				      BPF_XOR, BPF_MOV, BPF_ARSH, BPF_END };
	static const u8 jmp_ops[] = { BPF_JEQ,	BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE,  BPF_JSGT,
				      BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE, BPF_JA };
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	u32 len = 0, body = 8 + rng() % (max - 40);

	/* Every register and the first 64 stack bytes defined. */
	for (u32 reg = 0; reg < 10; reg++) {
		u64 v = rnd_val();

		p[len++] = I(BPF_LD | BPF_IMM | BPF_DW, reg, 0, 0, (u32)v);
		p[len++] = I(0, 0, 0, 0, (u32)(v >> 32));
	}
	for (int k = 1; k <= 8; k++)
		p[len++] = STX(BPF_DW, 10, k % 10, -8 * k);
	while (len < body) {
		u32 d = rng() % 10, sr = rng() % 10, r = rng() % 16;
		u8 cls = rng() & 1 ? BPF_ALU64 : BPF_ALU, src = rng() & 1 ? BPF_X : BPF_K;
		s32 imm = (s32)rnd_val();

		if (r < 9) {
			u8 op = alu_ops[rng() % ARRAY_SIZE(alu_ops)];
			s16 off = 0;

			if (op == BPF_DIV || op == BPF_MOD)
				off = rng() & 1;
			if (op == BPF_MOV && src == BPF_X && rng() % 3 == 0)
				off = cls == BPF_ALU64 ? 8 << (rng() % 3) : 8 << (rng() % 2);
			if (op == BPF_END) {
				imm = 16 << (rng() % 3);
				src = cls == BPF_ALU && rng() & 1 ? BPF_X : BPF_K;
				sr = 0;
			}
			if (op == BPF_NEG) {
				src = BPF_K;
				imm = 0;
				sr = 0;
			}
			p[len++] = I(cls | src | op, d, src == BPF_X ? sr : 0, off,
				     src == BPF_X && op != BPF_END ? 0 : imm);
		} else if (r < 12) {
			u8 op = jmp_ops[rng() % ARRAY_SIZE(jmp_ops)];
			s16 off = rng() % 6;

			cls = op == BPF_JA ? BPF_JMP : rng() & 1 ? BPF_JMP : BPF_JMP32;
			if (len + 1 + off >= body)
				off = 0;
			p[len++] = I(cls | (op == BPF_JA ? 0 : src) | op, op == BPF_JA ? 0 : d,
				     src == BPF_X && op != BPF_JA ? sr : 0, off,
				     op == BPF_JA || src == BPF_X ? 0 :
				     rng() % 3			  ? imm :
								    (s32)(rng() % 8));
		} else if (r < 14) {
			u8 sz = sizes[rng() % 4];
			s16 off = -(s16)(8 + rng() % 57);
			u32 n = sz == BPF_DW ? 8 : sz == BPF_W ? 4 : sz == BPF_H ? 2 : 1;

			off &= ~(s16)(n - 1);
			if (rng() & 1)
				p[len++] = STX(sz, 10, sr, off);
			else
				p[len++] = ST(sz, 10, off, imm);
		} else {
			u8 sz = sizes[rng() % 4];
			s16 off = -(s16)(8 + rng() % 57);
			u32 n = sz == BPF_DW ? 8 : sz == BPF_W ? 4 : sz == BPF_H ? 2 : 1;

			off &= ~(s16)(n - 1);
			if (sz != BPF_DW && rng() & 1)
				p[len++] = LDXSX(sz, d, 10, off);
			else
				p[len++] = LDX(sz, d, 10, off);
		}
	}
	for (u32 reg = 1; reg < 10; reg++)
		p[len++] = ALU64_X(BPF_XOR, 0, reg);
	p[len++] = EXIT();
	return len;
}

/* n random programs of the model's subset; the JIT must give the model's r0. */
static void model_fuzz(unsigned long n, unsigned long seed)
{
	static struct bpf_insn prog[512];
	u64 before = programs;
	int before_fail = failures;

	for (unsigned long i = 0; i < n; i++) {
		struct outcome want = { 0, BPF_OK, 0, 0, 0, 0 };
		char name[64];
		u32 len;

		rng_state = (seed + i) * 0x9e3779b97f4a7c15ull | 1;
		len = model_gen(prog, ARRAY_SIZE(prog));
		want.r0 = model_run(prog, len);
		snprintf(name, sizeof(name), "model seed %lu", seed + i);
		run_case(name, prog, len, NULL, 0, &want, false);
		if (failures - before_fail > 5)
			break;
	}
	printf("# model: %llu programs\n", (unsigned long long)(programs - before));
}

/*
 * Compute-bound programs (loops of arithmetic, no checks or calls), for
 * the native-instructions-per-slot figure. fib(10) = 55; the bits of
 * 0xf0f0 number 8; 1 + 2 + ... + 100 = 5050 summed through the stack.
 */
static void compute_set(void)
{
	in_compute_set = true;
	OK("fib", 55, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, 1), ALU64_K(BPF_MOV, 2, 10),
	   ALU64_X(BPF_MOV, 3, 0), ALU64_X(BPF_ADD, 3, 1), ALU64_X(BPF_MOV, 0, 1),
	   ALU64_X(BPF_MOV, 1, 3), ALU64_K(BPF_SUB, 2, 1), JMP_K(BPF_JNE, 2, 0, -6), EXIT());
	OK("popcount", 8, ALU64_K(BPF_MOV, 0, 0), ALU64_K(BPF_MOV, 1, 0xf0f0),
	   ALU64_X(BPF_MOV, 2, 1), ALU64_K(BPF_AND, 2, 1), ALU64_X(BPF_ADD, 0, 2),
	   ALU64_K(BPF_RSH, 1, 1), JMP_K(BPF_JNE, 1, 0, -5), EXIT());
	OK("stack sum", 5050, ST(BPF_DW, 10, -8, 0), ALU64_K(BPF_MOV, 1, 100),
	   LDX(BPF_DW, 2, 10, -8), ALU64_X(BPF_ADD, 2, 1), STX(BPF_DW, 10, 2, -8),
	   ALU64_K(BPF_SUB, 1, 1), JMP_K(BPF_JSGT, 1, 0, -5), LDX(BPF_DW, 0, 10, -8), EXIT());
	/* xorshift64 eight times from 1, and a 32-bit multiply-hash: compared with the interpreter */
	{
		static const struct bpf_insn xs[] = {
			ALU64_K(BPF_MOV, 0, 1),	   ALU64_K(BPF_MOV, 2, 8),
			ALU64_X(BPF_MOV, 1, 0),	   ALU64_K(BPF_LSH, 1, 13),
			ALU64_X(BPF_XOR, 0, 1),	   ALU64_X(BPF_MOV, 1, 0),
			ALU64_K(BPF_RSH, 1, 7),	   ALU64_X(BPF_XOR, 0, 1),
			ALU64_X(BPF_MOV, 1, 0),	   ALU64_K(BPF_LSH, 1, 17),
			ALU64_X(BPF_XOR, 0, 1),	   ALU64_K(BPF_SUB, 2, 1),
			JMP_K(BPF_JNE, 2, 0, -11), ALU32_K(BPF_MUL, 0, 0x9e3779b1),
			ALU32_K(BPF_XOR, 0, 0x55), EXIT(),
		};

		random_buf = buf_near;
		run_case("xorshift", xs, ARRAY_SIZE(xs), NULL, 0, NULL, false);
	}
	in_compute_set = false;
	printf("# compute-bound set: %.2f native instructions per slot\n",
	       compute_slots ? (double)compute_body / compute_slots : 0.0);
}

#ifdef HAVE_BPF_GEN
/*
 * Whether a mutation made an ALU or jump slot take r9 (bpf_gen's context
 * pointer) or r10 as an operand: its result then depends on addresses,
 * which differ between the engines (the interpreter's frames are static
 * data), in ways a second placement of the JIT's stack need not reveal
 * (w0 / w10 is 0 for both JIT stacks, not for the interpreter's).
 */
static bool mutant_reads_pointer(const struct bpf_insn *p, const struct bpf_insn *orig, u32 len)
{
	for (u32 i = 0; i < len; i++) {
		u8 cls = BPF_CLASS(p[i].code);
		bool alu = cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_JMP || cls == BPF_JMP32;

		if (!alu || !memcmp(&p[i], &orig[i], sizeof(p[i])))
			continue;
		if (BPF_DST(&p[i]) >= 9 || ((p[i].code & BPF_X) && BPF_SRC(&p[i]) >= 9))
			return true;
	}
	return false;
}
#endif

/* The calls from 8 GB away must be refused. */
static void too_far(void)
{
	static const struct bpf_insn prog[] = { CALL(BPF_HELPER_COUNTER), EXIT() };
	struct bpf_prog p;
	struct outcome o;
	struct bpf_jit j;
	int err;

	prepare(&p, prog, 2, 0, "too far");
	err = jit_run(&p, buf_toofar, NULL, 0, &o, &j);
	if (err != -ERANGE) {
		failures++;
		printf("not ok too far: %d, want -ERANGE\n", err);
	}
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;

	buf_near = map_at(64ll << 20);
	buf_far = map_at(1ll << 30);
	buf_toofar = map_at(8ll << 30);
	alt_stack = mmap((void *)(uintptr_t)ALT_STACK_VA, ALT_STACK_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (alt_stack == MAP_FAILED) {
		fprintf(stderr, "cannot map the alternate stack\n");
		return 2;
	}
	ctx_alt = (u64 *)(alt_stack + ALT_STACK_SIZE - 4096);
	hand_made();
	compute_set();
	too_far();
	/* 9 helper call sites and 6 local ones among the hand-made programs */
	if (far_from_far != 9 || near_from_far != 6) {
		failures++;
		printf("not ok call forms from 1 GB: %llu long, %llu BL; want 9 and 6\n",
		       (unsigned long long)far_from_far, (unsigned long long)near_from_far);
	}
	printf("# hand-made: %llu programs, %d failures\n", (unsigned long long)programs, failures);
	random_buf = buf_near;
	model_fuzz(n, seed);
#ifdef HAVE_BPF_GEN
	{
		static struct bpf_insn prog[BPF_GEN_MAX_SLOTS];
		static u64 ctx[BPF_GEN_CTX_LEN / 8];
		u64 before = programs;

		for (unsigned long i = 0; i < n; i++) {
			struct bpf_gen g;
			char name[64];
			u32 len;

			snprintf(name, sizeof(name), "bpf_gen seed %lu", seed + i);
			bpf_gen_seed(&g, seed + i);
			len = bpf_gen_prog(&g, prog, BPF_GEN_MAX_SLOTS);
			for (u32 k = 0; k < ARRAY_SIZE(ctx); k++)
				ctx[k] = (seed + i + 1) * 0x9e3779b97f4a7c15ull * (k + 1);
			random_buf = i & 1 ? buf_far : buf_near;
			run_case(name, prog, len, ctx, sizeof(ctx), NULL, false);
		}
		printf("# bpf_gen: %lu generated, %llu verified and run\n", n,
		       (unsigned long long)(programs - before));
	}
	{
		/*
		 * Mutants: bpf_gen's programs with one to three fields changed
		 * at random; those the verifier still accepts reach shapes the
		 * generator never writes (odd pointers, jumps, registers).
		 */
		static struct bpf_insn prog[BPF_GEN_MAX_SLOTS], orig[BPF_GEN_MAX_SLOTS];
		static u64 ctx[BPF_GEN_CTX_LEN / 8];
		u64 before = programs;

		for (unsigned long i = 0; i < n; i++) {
			struct bpf_prog p;
			struct bpf_gen g;
			char name[64];
			u32 len, k;

			bpf_gen_seed(&g, seed + i);
			len = bpf_gen_prog(&g, prog, BPF_GEN_MAX_SLOTS);
			memcpy(orig, prog, len * sizeof(*prog));
			rng_state = (seed + i) * 0x2545f4914f6cdd1dull | 1;
			for (k = 0; k < 1 + rng() % 3; k++) {
				struct bpf_insn *in = &prog[rng() % len];

				switch (rng() % 5) {
				case 0: in->regs = (in->regs & 0xf0) | rng() % 11; break;
				case 1: in->regs = (in->regs & 0x0f) | (rng() % 11) << 4; break;
				case 2:
					in->off = rng() & 1 ? in->off + (s16)(rng() % 17) - 8 :
							      (s16)rnd_val();
					break;
				case 3:
					in->imm = rng() & 1 ? in->imm + (s32)(rng() % 17) - 8 :
							      (s32)rnd_val();
					break;
				default: in->code ^= 1u << (rng() % 8);
				}
			}
			if (prepare(&p, prog, len, sizeof(ctx), NULL))
				continue;
			if (mutant_reads_pointer(prog, orig, len)) {
				address_dependent++;
				continue;
			}
			snprintf(name, sizeof(name), "mutant seed %lu", seed + i);
			for (k = 0; k < ARRAY_SIZE(ctx); k++)
				ctx[k] = (seed + i + 7) * 0x9e3779b97f4a7c15ull * (k + 1);
			random_buf = i & 1 ? buf_far : buf_near;
			run_case(name, prog, len, ctx, sizeof(ctx), NULL, true);
		}
		printf("# mutants: %lu made, %llu verified and compared, %llu more verified but left "
		       "out as address-dependent\n",
		       n, (unsigned long long)(programs - before),
		       (unsigned long long)address_dependent);
	}
#else
	(void)n;
	(void)seed;
#endif
	printf("# native body instructions per slot: %.2f; calls near %llu far %llu\n",
	       total_slots ? (double)total_body / total_slots : 0.0, (unsigned long long)total_near,
	       (unsigned long long)total_far);
	printf("%s: %llu programs, %d failures\n", failures ? "FAIL" : "PASS",
	       (unsigned long long)programs, failures);
	return failures ? 1 : 0;
}
