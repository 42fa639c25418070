// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF interpreter: the reference semantics of RFC 9669 ("BPF
 * Instruction Set Architecture") for the conformance groups base32,
 * base64, atomic32, atomic64, divmul32 and divmul64, on a program
 * bpf_verify() accepted. The JITs must behave exactly as this file does.
 *
 * The run environment (include/lander/bpf.h): r1 the context, r2 its
 * length, r10 the top of the current 512-byte frame, which starts zeroed;
 * every other register starts at zero (unobservable: the verifier lets no
 * program read them first). The frames live in one buffer here, frame d at
 * [d * 512, (d + 1) * 512). A slot flagged BPF_F_CHECK has its address
 * checked before the access; a flagged backward jump or local call spends
 * one unit of the budget (the budget must be non-zero to spend it).
 *
 * The state is static: one run at a time (the kernel runs its programs one
 * by one), and it keeps 4 KB of frames off the kernel stack.
 */
#include <lander/bpf.h>
#include <lander/string.h>

#define NR_REGS 11

/* What a local call saves: the callee-saved registers and where to return. */
struct interp_frame {
	u64 r6_r9[4];
	u32 ret;
};

struct interp {
	u64 r[NR_REGS];
	u32 depth; /* frames in use: 1 in the main function */
	u32 budget;
	struct interp_frame frames[BPF_MAX_CALL_DEPTH];
};

static struct interp interp;
/* Apart from the registers, so that host sanitizers put red zones around it. */
static u64 interp_stack[BPF_MAX_CALL_DEPTH * BPF_STACK_SIZE / 8];

/* Bytes moved by a load or store of this size code (RFC 9669 5.1). */
static u32 interp_size(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_W: return 4;
	case BPF_H: return 2;
	case BPF_B: return 1;
	default: return 8;
	}
}

/* Read size bytes at addr, zero-extended (the targets are little-endian). */
static u64 interp_load(u64 addr, u32 size)
{
	const void *p = (const void *)(uintptr_t)addr;
	u8 b;
	u16 h;
	u32 w;
	u64 dw;

	switch (size) {
	case 1: memcpy(&b, p, 1); return b;
	case 2: memcpy(&h, p, 2); return h;
	case 4: memcpy(&w, p, 4); return w;
	default: memcpy(&dw, p, 8); return dw;
	}
}

/* Write the low size bytes of val at addr. */
static void interp_store(u64 addr, u32 size, u64 val)
{
	void *p = (void *)(uintptr_t)addr;
	u8 b = (u8)val;
	u16 h = (u16)val;
	u32 w = (u32)val;

	switch (size) {
	case 1: memcpy(p, &b, 1); break;
	case 2: memcpy(p, &h, 2); break;
	case 4: memcpy(p, &w, 4); break;
	default: memcpy(p, &val, 8); break;
	}
}

/* Sign-extend the low bits of v (RFC 9669 4.1 MOVSX, 5.2 MEMSX). */
static u64 interp_sext(u64 v, u32 bits)
{
	switch (bits) {
	case 8: return (u64)(s64)(s8)v;
	case 16: return (u64)(s64)(s16)v;
	case 32: return (u64)(s64)(s32)v;
	default: return v;
	}
}

/* Reverse the low bits/8 bytes of v, zero-extended (RFC 9669 4.2). */
static u64 interp_bswap(u64 v, u32 bits)
{
	u64 out = 0;
	u32 i;

	for (i = 0; i < bits / 8; i++)
		out = (out << 8) | ((v >> (8 * i)) & 0xff);
	return out;
}

/*
 * Does [addr, addr + size) lie wholly in the context or in the current
 * frame [r10 - 512, r10)? The run-time check of a BPF_F_CHECK slot.
 */
static bool interp_in_bounds(const struct bpf_run *run, u64 addr, u64 size)
{
	u64 ctx = (u64)(uintptr_t)run->ctx, fp = interp.r[10];

	if (run->ctx && run->ctx_len >= size && addr - ctx <= run->ctx_len - size)
		return true;
	return size <= BPF_STACK_SIZE && addr - (fp - BPF_STACK_SIZE) <= BPF_STACK_SIZE - size;
}

/*
 * One 64-bit ALU operation (RFC 9669 4.1). Division by zero gives zero,
 * modulo by zero leaves dst; signed division truncates toward zero and
 * wraps (INT64_MIN / -1 is INT64_MIN, INT64_MIN % -1 is 0); shifts use the
 * low 6 bits of the count.
 */
static u64 interp_alu64(u8 op, s16 off, u64 d, u64 s)
{
	switch (op) {
	case BPF_ADD: return d + s;
	case BPF_SUB: return d - s;
	case BPF_MUL: return d * s;
	case BPF_DIV:
		if (!s)
			return 0;
		if (!off)
			return d / s;
		if ((s64)s == -1)
			return 0 - d;
		return (u64)((s64)d / (s64)s);
	case BPF_MOD:
		if (!s)
			return d;
		if (!off)
			return d % s;
		if ((s64)s == -1)
			return 0;
		return (u64)((s64)d % (s64)s);
	case BPF_OR: return d | s;
	case BPF_AND: return d & s;
	case BPF_LSH: return d << (s & 63);
	case BPF_RSH: return d >> (s & 63);
	case BPF_NEG: return 0 - d;
	case BPF_XOR: return d ^ s;
	case BPF_MOV: return interp_sext(s, (u32)off);
	default: /* BPF_ARSH */ return (u64)((s64)d >> (s & 63));
	}
}

/*
 * One 32-bit ALU operation (RFC 9669 4.1): on the low 32 bits of the
 * operands, the result zero-extended; shifts use the low 5 bits.
 */
static u64 interp_alu32(u8 op, s16 off, u32 d, u32 s)
{
	switch (op) {
	case BPF_ADD: return (u32)(d + s);
	case BPF_SUB: return (u32)(d - s);
	case BPF_MUL: return (u32)(d * s);
	case BPF_DIV:
		if (!s)
			return 0;
		if (!off)
			return d / s;
		if ((s32)s == -1)
			return (u32)(0 - d);
		return (u32)((s32)d / (s32)s);
	case BPF_MOD:
		if (!s)
			return d;
		if (!off)
			return d % s;
		if ((s32)s == -1)
			return 0;
		return (u32)((s32)d % (s32)s);
	case BPF_OR: return d | s;
	case BPF_AND: return d & s;
	case BPF_LSH: return (u32)(d << (s & 31));
	case BPF_RSH: return d >> (s & 31);
	case BPF_NEG: return (u32)(0 - d);
	case BPF_XOR: return d ^ s;
	case BPF_MOV: return (u32)interp_sext(s, (u32)off);
	default: /* BPF_ARSH */ return (u32)((s32)d >> (s & 31));
	}
}

/* An ALU or ALU64 slot (RFC 9669 section 4). */
static void interp_alu(const struct bpf_insn *in)
{
	u64 *d = &interp.r[BPF_DST(in)];
	u8 op = BPF_OP(in->code);
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	u64 s = (in->code & BPF_X) ? interp.r[BPF_SRC(in)] : (u64)(s64)in->imm;

	if (op == BPF_END) {
		/* ALU64 class: unconditional swap; ALU class: to LE (K) or BE (X). */
		if (is64 || (in->code & BPF_X))
			*d = interp_bswap(*d, (u32)in->imm);
		else if (in->imm < 64)
			*d &= (1ULL << in->imm) - 1;
		return;
	}
	if (is64)
		*d = interp_alu64(op, in->off, *d, s);
	else
		*d = interp_alu32(op, in->off, (u32)*d, (u32)s);
}

/* Is a conditional jump taken? (RFC 9669 4.3; JMP32 compares the low 32 bits.) */
static bool interp_cond(const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_JMP;
	u64 a = interp.r[BPF_DST(in)];
	u64 b = (in->code & BPF_X) ? interp.r[BPF_SRC(in)] : (u64)(s64)in->imm;
	s64 sa = (s64)a, sb = (s64)b;

	if (!is64) {
		a = (u32)a;
		b = (u32)b;
		sa = (s32)a;
		sb = (s32)b;
	}
	switch (BPF_OP(in->code)) {
	case BPF_JEQ: return a == b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JSET: return (a & b) != 0;
	case BPF_JNE: return a != b;
	case BPF_JSGT: return sa > sb;
	case BPF_JSGE: return sa >= sb;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSLT: return sa < sb;
	default: /* BPF_JSLE */ return sa <= sb;
	}
}

/*
 * An atomic read-modify-write at addr (RFC 9669 5.3). The fetching forms
 * load the old value, zero-extended, into src (CMPXCHG: into r0).
 */
static void interp_atomic(const struct bpf_insn *in, u64 addr, u32 size)
{
	u64 *src = &interp.r[BPF_SRC(in)];
	u64 old = interp_load(addr, size), val = *src;
	u64 mask = size == 4 ? 0xffffffffULL : U64_MAX;

	switch (in->imm) {
	case BPF_XCHG:
		interp_store(addr, size, val);
		*src = old;
		return;
	case BPF_CMPXCHG:
		if (old == (interp.r[0] & mask))
			interp_store(addr, size, val);
		interp.r[0] = old;
		return;
	}
	switch (in->imm & ~BPF_FETCH) {
	case BPF_ADD: interp_store(addr, size, old + val); break;
	case BPF_OR: interp_store(addr, size, old | val); break;
	case BPF_AND: interp_store(addr, size, old & val); break;
	default: /* BPF_XOR */ interp_store(addr, size, old ^ val); break;
	}
	if (in->imm & BPF_FETCH)
		*src = old;
}

/* End the run with a stop. */
static void interp_stop(struct bpf_run *run, enum bpf_stop why, u32 slot)
{
	run->stop = why;
	run->stop_at = slot;
	run->r0 = 0;
}

/*
 * Run a verified program. Fills run->r0 (on BPF_OK), run->stop, run->stop_at
 * and run->executed (every slot that began to execute, an ld_imm64 once).
 * A context shorter than the one the program was verified for (or missing)
 * would break the verifier's proofs: such a run stops at slot 0 at once.
 */
void bpf_interp_run(const struct bpf_prog *p, struct bpf_run *run)
{
	u32 pc = 0;

	memset(&interp, 0, sizeof(interp));
	memset(interp_stack, 0, sizeof(interp_stack));
	interp.depth = 1;
	interp.budget = BPF_BACKEDGE_BUDGET;
	interp.r[1] = (u64)(uintptr_t)run->ctx;
	interp.r[2] = run->ctx_len;
	interp.r[10] = (u64)(uintptr_t)interp_stack + BPF_STACK_SIZE;
	run->executed = 0;
	run->stop = BPF_OK;
	run->stop_at = 0;
	if (run->ctx_len < p->ctx_len || (p->ctx_len && !run->ctx))
		return interp_stop(run, BPF_STOP_BOUNDS, 0);

	for (;;) {
		const struct bpf_insn *in = &p->insns[pc];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code), fl = p->flags[pc];
		u32 size = interp_size(in->code);
		bool taken;
		u64 addr;

		run->executed++;
		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
			interp_alu(in);
			pc++;
			break;
		case BPF_LD: /* ld_imm64 (RFC 9669 5.4) */
			interp.r[BPF_DST(in)] = ((u64)(u32)in[1].imm << 32) | (u32)in->imm;
			pc += 2;
			break;
		case BPF_LDX:
			addr = interp.r[BPF_SRC(in)] + (u64)(s64)in->off;
			if ((fl & BPF_F_CHECK) && !interp_in_bounds(run, addr, size))
				return interp_stop(run, BPF_STOP_BOUNDS, pc);
			interp.r[BPF_DST(in)] = interp_load(addr, size);
			if (BPF_MODE(in->code) == BPF_MEMSX)
				interp.r[BPF_DST(in)] = interp_sext(interp.r[BPF_DST(in)],
								    size * 8);
			pc++;
			break;
		case BPF_ST:
		case BPF_STX:
			addr = interp.r[BPF_DST(in)] + (u64)(s64)in->off;
			if ((fl & BPF_F_CHECK) && !interp_in_bounds(run, addr, size))
				return interp_stop(run, BPF_STOP_BOUNDS, pc);
			if (BPF_MODE(in->code) == BPF_ATOMIC) {
				/* A checked atomic must also be naturally aligned. */
				if ((fl & BPF_F_CHECK) && (addr & (size - 1)))
					return interp_stop(run, BPF_STOP_BOUNDS, pc);
				interp_atomic(in, addr, size);
			} else {
				interp_store(addr, size,
					     cls == BPF_ST ? (u64)(s64)in->imm :
							     interp.r[BPF_SRC(in)]);
			}
			pc++;
			break;
		default: /* BPF_JMP, BPF_JMP32 */
			if (op == BPF_EXIT) {
				struct interp_frame *f;

				if (interp.depth == 1) {
					run->r0 = interp.r[0];
					return;
				}
				f = &interp.frames[--interp.depth];
				memcpy(&interp.r[6], f->r6_r9, sizeof(f->r6_r9));
				interp.r[10] -= BPF_STACK_SIZE;
				pc = f->ret;
				break;
			}
			if (op == BPF_CALL && BPF_SRC(in) == 0) {
				bpf_helper_fn fn = run->helpers ? run->helpers[in->imm] : NULL;

				/* The print helper reads r2 bytes at r1. */
				if ((fl & BPF_F_CHECK) && interp.r[2] &&
				    !interp_in_bounds(run, interp.r[1], interp.r[2]))
					return interp_stop(run, BPF_STOP_BOUNDS, pc);
				interp.r[0] = fn ? fn(interp.r[1], interp.r[2], interp.r[3],
						      interp.r[4], interp.r[5]) :
						   0;
				pc++;
				break;
			}
			taken = op == BPF_CALL || op == BPF_JA || interp_cond(in);
			if ((fl & BPF_F_BACKEDGE) && taken) {
				if (!interp.budget)
					return interp_stop(run, BPF_STOP_BUDGET, pc);
				interp.budget--;
			}
			if (op == BPF_CALL) {
				struct interp_frame *f;

				if (interp.depth == BPF_MAX_CALL_DEPTH)
					return interp_stop(run, BPF_STOP_DEPTH, pc);
				f = &interp.frames[interp.depth++];
				memcpy(f->r6_r9, &interp.r[6], sizeof(f->r6_r9));
				f->ret = pc + 1;
				interp.r[10] += BPF_STACK_SIZE;
				/* A fresh frame starts zeroed (bpf.h). */
				memset((void *)(uintptr_t)(interp.r[10] - BPF_STACK_SIZE), 0,
				       BPF_STACK_SIZE);
				pc = pc + in->imm + 1;
				break;
			}
			if (taken)
				pc = in->code == (BPF_JMP32 | BPF_JA) ? pc + in->imm + 1 :
									pc + in->off + 1;
			else
				pc++;
			break;
		}
	}
}
