// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 eBPF JIT: one verified program (include/lander/bpf.h) becomes
 * one native function with the AAPCS64 calling convention:
 *
 *	u64 fn(void *ctx, u64 ctx_len, struct bpf_jit_exit *exit);
 *
 * Instruction words are encoded from the Arm Architecture Reference Manual
 * (DDI 0487), chapter C6 "A64 Base Instruction Descriptions"; the calling
 * convention is the "Procedure Call Standard for the Arm 64-bit
 * Architecture" (AAPCS64).
 *
 * Registers. BPF r1-r5 are x0-x4, so helper arguments need no moves and
 * the caller's ctx and ctx_len arrive as r1 and r2; r0 is x7 (a helper's
 * x0 result is copied there); r6-r9 are the callee-saved x19-x22, which
 * the BPF ABI also keeps across calls; r10 is x25. The run's state lives
 * in callee-saved registers that local calls share:
 *
 *	x23 ctx		x24 ctx_len	x26 back-edge budget left
 *	x27 call depth (frames alive)	x28 the exit pointer
 *	x29 the stack pointer just after the main prologue (for a stop)
 *	x9-x12 scratch, x16 the long-call register (AAPCS64 IP0)
 *
 * Frames. Each function (the main one and every subprogram) ends its
 * prologue with a 512-byte BPF stack below the saved registers, zeroed
 * (bpf.h: no engine shows old data), and sets r10 to its top. Then sp is r10 - 512, so an access at r10 + off is
 * [sp, #off + 512], which the unsigned scaled offset form encodes in one
 * instruction. Higher addresses are up:
 *
 *	main function                     each local call
 *	  x27 x28   x29 + 80                x21 x22
 *	  ...                               x19 x20
 *	  x19 x20   x29 + 16                x30 x25   (x25: the caller's r10)
 *	  x29 x30   <- x29                  512-byte stack, r10 = its top
 *	  512-byte stack, r10 = its top     <- sp
 *	  <- sp
 *
 * A local call spends a unit of the budget and checks the depth at the
 * call site, in that order (either stop names the call slot), then BL;
 * the callee's prologue and epilogue count the depth up and down. A
 * helper call is BL, or ADRP+ADD+BLR through x16 when the helper is
 * beyond BL's +-128 MB; the form is chosen so that it reaches from every
 * address the code may occupy. Helpers may clobber x0-x18 (AAPCS64): the
 * verifier keeps programs from reading r1-r5 after a call, and r0 is
 * written from x0 right after it.
 *
 * Checks. A load, store or atomic the verifier flagged (BPF_F_CHECK)
 * computes its address into x9 and tests it against the context inline
 * (a checked atomic also for natural alignment); when that fails it
 * branches to an out-of-line stub that tests the current frame's stack
 * and either returns to the access or stops. A flagged call to the print
 * helper tests [r1, r1 + r2) the same way (r2 = 0 passes). A taken
 * backward jump (BPF_F_BACKEDGE) spends one unit of the budget; when none
 * is left it stops instead. Every stop is a two-instruction stub
 * (MOVZ w10 with the reason and slot, B stop) after all the functions;
 * the common stop code writes *exit, sets the result to 0, and returns
 * through the main epilogue after restoring sp from x29, which discards
 * every nested local-call frame at once.
 *
 * body_insns counts what the slots emit in line, not the out-of-line
 * stubs (stops, and the stack half of a check). LDXR/STXR need the
 * natural alignment the verifier proves for unchecked atomics, relative
 * to r10 (16-aligned here) or to the context, which the caller must
 * therefore pass 8-aligned.
 *
 * Passes. Each call makes one pass over the program. The measuring call
 * (buf NULL) sizes the code with the long call form at every helper call,
 * an upper bound, and records each slot's offset in j->insn_off. The
 * writing call does not size again: with j->va known, a helper that BL
 * reaches makes each call to it two words shorter, so arm64_layout()
 * moves the recorded offsets by that and derives the labels (prologues,
 * epilogues, stop code, stubs) from them; the writing pass fails with
 * -EINVAL if any slot or label lands elsewhere. Both passes take most
 * slots (ALU forms with registers or small immediates, jumps that spend
 * no budget, exits) through arm64_emit_fast(), which encodes them from
 * small tables inside the pass loop; the rest go to the general
 * emitters. Conditional branches are one B.cond (the code stays inside
 * its +-1 MB); a test build makes each an inverted B.cond over a B.
 */
#include <lander/bpf.h>
#include <lander/errno.h>

/* A64 register numbers. */
#define A64_R0	 7
#define A64_CTX	 23
#define A64_LEN	 24
#define A64_FP	 25
#define A64_BUD	 26
#define A64_DEP	 27
#define A64_EXIT 28
#define A64_X29	 29
#define A64_LR	 30
#define A64_SP	 31 /* in add/sub immediate and load/store base fields */
#define A64_ZR	 31 /* elsewhere */
#define T0	 9
#define T1	 10
#define T2	 11
#define T3	 12
#define IP0	 16

/* BPF register n to its A64 register. */
static const u8 arm64_reg[11] = { A64_R0, 0, 1, 2, 3, 4, 19, 20, 21, 22, A64_FP };

/* Condition codes (Arm ARM C1.2.4). */
enum {
	CC_EQ = 0,
	CC_NE,
	CC_HS,
	CC_LO,
	CC_MI,
	CC_PL,
	CC_VS,
	CC_VC,
	CC_HI,
	CC_LS,
	CC_GE,
	CC_LT,
	CC_GT,
	CC_LE
};

#define MAIN_SAVE	      96	  /* x29, x30, x19-x28 */
#define LOCAL_SAVE	      48	  /* x30, x25, x19-x22 */
#define BL_RANGE	      (1ll << 27) /* BL imm26 * 4: [-2^27, 2^27) */
#define ADRP_PAGES	      (1ll << 20) /* ADRP imm21 in 4 KB pages: [-2^20, 2^20) */
#define BCOND_RANGE	      (1u << 20)  /* B.cond imm19 * 4: +-1 MB */
#define STOP_AT(reason, slot) ((u32)(reason) << 12 | (slot))

/*
 * BPF_MAX_INSNS keeps the code far below B.cond's reach (no slot emits
 * 32 words, its out-of-line stubs included, so 4096 slots and 64
 * functions' prologues and epilogues stay near half a megabyte), so the
 * long form is only ever taken when a test build asks for it (-D...=1) to
 * exercise it. The measuring call checks the reach all the same.
 */
#ifndef A64_JIT_LONG_BRANCHES
#define A64_JIT_LONG_BRANCHES 0
#endif

_Static_assert(BPF_MAX_INSNS <= 4096, "a stop packs the slot into 12 bits");
_Static_assert(BPF_MAX_CALL_DEPTH < 4096, "the depth check compares an imm12");

/* One pass over the program. Offsets are in instructions (4 bytes). */
struct arm64_jit {
	const struct bpf_prog *p;
	struct bpf_jit *j;
	u8 *buf;	/* NULL while sizing */
	u32 *words;	/* buf when 4-byte aligned, for limit words */
	bool all_far;	/* the caller's measuring pass: long call form everywhere */
	bool long_cond; /* conditional branches as B.!cond over B */
	u32 pos;	/* next instruction */
	u32 limit;	/* words words holds, 0 while sizing */
	u32 body, near, far;
	u32 nr_funcs;
	u32 func_start[BPF_MAX_FUNCS];
	u32 entry[BPF_MAX_FUNCS]; /* prologue of each function */
	u32 epi[BPF_MAX_FUNCS];	  /* epilogue of each function */
	u32 stop;		  /* the common stop code */
	u32 stubs;		  /* the first out-of-line stub */
	u32 stub_cursor;	  /* where the current slot's stubs go */
	int err;
	const char *why;
};

/* Record the first error of a pass. */
static void arm64_fail(struct arm64_jit *c, int err, const char *why)
{
	if (!c->err) {
		c->err = err;
		c->why = why;
	}
}

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "instruction fetch is little-endian: words are stored as they are");

/*
 * Store w at pos when words does not take it: a buffer that is not
 * 4-byte aligned takes byte stores, and one that is full an error.
 */
static void arm64_store_slow(struct arm64_jit *c, u32 w)
{
	u8 *at = c->buf + (u64)c->pos * 4;

	if (c->pos >= c->j->size / 4) {
		arm64_fail(c, -ENOSPC, "the code outgrew the measured size");
		return;
	}
	at[0] = w;
	at[1] = w >> 8;
	at[2] = w >> 16;
	at[3] = w >> 24;
}

/* Append one instruction word; a sizing pass (buf NULL, limit 0) only counts it. */
static inline void arm64_emit(struct arm64_jit *c, u32 w)
{
	u32 pos = c->pos; /* read once: the store below may alias it for the compiler */

	if (likely(pos < c->limit))
		c->words[pos] = w;
	else if (c->buf)
		arm64_store_slow(c, w);
	c->pos = pos + 1;
}

/*
 * Append n words w, w + step, w + 2 * step, ...: a run of stores that
 * differ only in their offset field. A sizing pass only counts them.
 */
static void arm64_emit_run(struct arm64_jit *c, u32 w, u32 step, u32 n)
{
	u32 pos = c->pos, k;

	if (!c->buf) {
		c->pos = pos + n;
	} else if (pos + n <= c->limit && pos + n > pos) {
		u32 *to = c->words + pos, *end = to + n;

		c->pos = pos + n;
		/* four at a time: a frame's 32 zeroing stores are most of a short program's words */
		for (; end - to >= 4; to += 4, w += 4 * step) {
			to[0] = w;
			to[1] = w + step;
			to[2] = w + 2 * step;
			to[3] = w + 3 * step;
		}
		for (; to < end; to++, w += step)
			*to = w;
	} else {
		for (k = 0; k < n; k++)
			arm64_emit(c, w + k * step);
	}
}

/* Append the n words at w, n not a constant: a plain loop. */
static void arm64_emit_words(struct arm64_jit *c, const u32 *w, u32 n)
{
	u32 pos = c->pos, k;

	if (!c->buf) {
		c->pos = pos + n;
	} else if (pos + n <= c->limit && pos + n > pos) {
		u32 *to = c->words + pos;

		c->pos = pos + n;
		for (k = 0; k < n; k++)
			to[k] = w[k];
	} else {
		for (k = 0; k < n; k++)
			arm64_emit(c, w[k]);
	}
}

/* Append the n words at w; a sizing pass only counts them. */
static __always_inline void arm64_emit_seq(struct arm64_jit *c, const u32 *w, u32 n)
{
	u32 pos = c->pos, k;

	if (!c->buf) {
		c->pos = pos + n;
	} else if (pos + n <= c->limit && pos + n > pos) {
		u32 *to = c->words + pos, *end = to + n;

		c->pos = pos + n;
		/* unrolled, so that a constant sequence becomes stores of constants */
#pragma GCC unroll 16
		while (to < end)
			*to++ = *w++;
	} else {
		for (k = 0; k < n; k++)
			arm64_emit(c, w[k]);
	}
}

/* sf bit: 64-bit operand size (bit 31) for the data-processing classes. */
static u32 arm64_sf(bool is64)
{
	return is64 ? 1u << 31 : 0;
}

/* ADD/SUB (immediate), C6.2.4/C6.2.357: sf op S 100010 sh imm12 Rn Rd. */
static u32 arm64_addsub_imm(bool is64, bool sub, bool setflags, u32 rd, u32 rn, u32 imm12,
			    bool lsl12)
{
	return arm64_sf(is64) | (sub ? 1u << 30 : 0) | (setflags ? 1u << 29 : 0) | 0x11000000u |
	       (lsl12 ? 1u << 22 : 0) | (imm12 & 0xfff) << 10 | rn << 5 | rd;
}

/* Data-processing (shifted register, shift 0): ADD, SUB, SUBS, AND, ORR, EOR, ANDS. */
#define OP_ADD	0x0b000000u
#define OP_SUB	0x4b000000u
#define OP_SUBS 0x6b000000u
#define OP_AND	0x0a000000u
#define OP_ORR	0x2a000000u
#define OP_EOR	0x4a000000u
#define OP_ANDS 0x6a000000u
static u32 arm64_dp_reg(u32 op, bool is64, u32 rd, u32 rn, u32 rm)
{
	return arm64_sf(is64) | op | rm << 16 | rn << 5 | rd;
}

/* Data-processing (2 source), C6.2.366 UDIV etc.: sf 0 0 11010110 Rm opcode Rn Rd. */
#define OP_UDIV 0x1ac00800u
#define OP_SDIV 0x1ac00c00u
#define OP_LSLV 0x1ac02000u
#define OP_LSRV 0x1ac02400u
#define OP_ASRV 0x1ac02800u

/* MADD/MSUB (C6.2.191/C6.2.212): sf 00 11011 000 Rm o0 Ra Rn Rd. */
static u32 arm64_madd(bool is64, bool sub, u32 rd, u32 rn, u32 rm, u32 ra)
{
	return arm64_sf(is64) | 0x1b000000u | rm << 16 | (sub ? 1u << 15 : 0) | ra << 10 | rn << 5 |
	       rd;
}

/* UBFM/SBFM (C6.2.363/C6.2.262): sf opc 100110 N immr imms Rn Rd, N = sf. */
static u32 arm64_bfm(bool is64, bool sign, u32 rd, u32 rn, u32 immr, u32 imms)
{
	return arm64_sf(is64) | (sign ? 0x13000000u : 0x53000000u) | (is64 ? 1u << 22 : 0) |
	       immr << 16 | imms << 10 | rn << 5 | rd;
}

/* MOVZ/MOVN/MOVK (C6.2.204/203/202): sf opc 100101 hw imm16 Rd. */
#define OP_MOVN 0x12800000u
#define OP_MOVZ 0x52800000u
#define OP_MOVK 0x72800000u
static u32 arm64_mov16(u32 op, bool is64, u32 rd, u32 imm16, u32 hw)
{
	return arm64_sf(is64) | op | hw << 21 | (imm16 & 0xffff) << 5 | rd;
}

/* Count trailing zeros of v != 0 (CTZ, or RBIT and CLZ: no compiler runtime call). */
static inline u32 arm64_ctz(u64 v)
{
	return __builtin_ctzll(v);
}

/*
 * Encode v as a logical (bitmask) immediate of the given width (Arm ARM
 * C6.2 "Logical (immediate)", the pseudocode DecodeBitMasks): an element
 * of 2, 4, ..., 64 bits, replicated, holding a rotated run of ones.
 * Returns the N:immr:imms field (13 bits, bit 12 is N), or -1.
 *
 * No search: a run of ones starts at each set bit whose lower neighbour
 * (cyclically) is clear. Rotating v right to the first such start s puts
 * a run of `ones` at bit 0; the next start is the element size e. v is a
 * bitmask immediate exactly when e is a power of two and the rotated
 * value is Ones(ones) repeated every e bits.
 */
static int arm64_bitmask_imm(u64 v, bool is64)
{
	u64 starts, u, emask;
	u32 s, e, ones;

	if (!is64)
		v = (v & 0xffffffffull) | v << 32;
	if (v == 0 || v == ~0ull)
		return -1;
	starts = v & ~(v << 1 | v >> 63);
	s = arm64_ctz(starts);
	/* rotate right by s (s = 0 leaves v: both halves are v) */
	u = v >> s | v << ((64 - s) & 63);
	starts = (starts >> s | starts << ((64 - s) & 63)) & ~1ull;
	ones = arm64_ctz(~u); /* u's top bit is clear: a zero precedes the run */
	e = starts ? arm64_ctz(starts) : 64;
	if (e & (e - 1))
		return -1;
	emask = e == 64 ? ~0ull : (1ull << e) - 1;
	if (u != ((1ull << ones) - 1) * (~0ull / emask))
		return -1;
	/* elem = ROR(Ones(ones), immr) and elem = ROL(Ones(ones), s mod e) */
	return (e == 64 ? 1 << 12 : 0) | ((64 - s) & (e - 1)) << 6 |
	       ((~(2 * e - 1) & 0x3f) | (ones - 1));
}

/* Logical (immediate) (C6.2.13 AND etc.): sf opc 100100 N immr imms Rn Rd. */
static u32 arm64_logic_imm(u32 op_reg, bool is64, u32 rd, u32 rn, u32 nrs)
{
	/* opc from the shifted-register form's bits 30:29 */
	return arm64_sf(is64) | (op_reg & 0x60000000u) | 0x12000000u | nrs << 10 | rn << 5 | rd;
}

/* The number of v's four halfwords that are not 0. */
static inline u32 arm64_nonzero_halfwords(u64 v)
{
	/* fold each halfword into its lowest bit, then add those four bits up at bit 48 */
	v |= v >> 8;
	v |= v >> 4;
	v |= v >> 2;
	v |= v >> 1;
	return ((v & 0x0001000100010001ull) * 0x0001000100010001ull) >> 48;
}

/*
 * Whether v may be a bitmask immediate, cheaply: a 64-bit one either
 * repeats every 32 bits or is one rotated run of ones, whose bits change
 * value (cyclically) in exactly two places. arm64_bitmask_imm() decides.
 */
static inline bool arm64_maybe_bitmask(u64 v, bool is64)
{
	u64 t = v ^ (v >> 1 | v << 63);

	if (!is64 || (u32)v == (u32)(v >> 32))
		return true;
	t &= t - 1; /* two bits set leave one */
	return !(t & (t - 1));
}

/*
 * Move a 64-bit (or, for !is64, 32-bit zero-extended) constant: the
 * shortest MOVZ/MOVN+MOVK or ORR. The filler is the halfword, 0 or
 * 0xffff, that most of the value's halfwords are (0 on a tie); MOVZ or
 * MOVN sets every halfword to it and the lowest other one, and a MOVK
 * sets each further one.
 */
static void arm64_emit_mov_imm(struct arm64_jit *c, bool is64, u32 rd, u64 v)
{
	u64 inv = ~v, x;
	u32 nz, nf, words, op, sh;
	bool fill;
	int bm;

	if (!is64) {
		v &= 0xffffffffull;
		inv &= 0xffffffffull;
	}
	if (v < 0x10000) { /* the common case */
		arm64_emit(c, arm64_mov16(OP_MOVZ, is64, rd, v, 0));
		return;
	}
	/* the halfwords other than the filler are x's non-zero ones */
	nz = arm64_nonzero_halfwords(v);
	nf = arm64_nonzero_halfwords(inv);
	fill = nf < nz;
	x = fill ? inv : v;
	words = fill ? nf : nz;
	op = fill ? OP_MOVN : OP_MOVZ;
	if (words > 1 && arm64_maybe_bitmask(v, is64)) { /* one ORR from the zero register */
		bm = arm64_bitmask_imm(v, is64);
		if (bm >= 0) {
			arm64_emit(c, arm64_logic_imm(OP_ORR, is64, rd, A64_ZR, bm));
			return;
		}
	}
	/* MOVZ or MOVN (which takes the halfword inverted: x's) at the lowest */
	sh = x ? arm64_ctz(x) & ~15u : 0;
	arm64_emit(c, arm64_mov16(op, is64, rd, x >> sh, sh / 16));
	if (words <= 1)
		return;
	if (!c->buf) { /* sizing: the MOVKs the loop below would write */
		c->pos += words - 1;
		return;
	}
	for (x &= ~(0xffffull << sh); x; x &= ~(0xffffull << sh)) {
		sh = arm64_ctz(x) & ~15u;
		arm64_emit(c, arm64_mov16(OP_MOVK, is64, rd, v >> sh, sh / 16));
	}
}

/* B / BL (C6.2.26/C6.2.34): op 00101 imm26. */
static u32 arm64_b(bool link, s64 delta)
{
	return (link ? 0x94000000u : 0x14000000u) | ((u32)delta & 0x3ffffff);
}

/* B.cond (C6.2.27): 0101010 0 imm19 0 cond. */
static u32 arm64_bcond(u32 cond, s64 delta)
{
	return 0x54000000u | ((u32)delta & 0x7ffff) << 5 | cond;
}

/* Branch to instruction index target. */
static void arm64_emit_b(struct arm64_jit *c, u32 target)
{
	arm64_emit(c, arm64_b(false, (s64)target - c->pos));
}

/*
 * Conditional branch to instruction index target, as B.!cond +8; B when
 * the code may be large. Inlined: every conditional jump and check takes it.
 */
static __always_inline void arm64_emit_bcond(struct arm64_jit *c, u32 cond, u32 target)
{
	if (c->long_cond) {
		arm64_emit(c, arm64_bcond(cond ^ 1, 2));
		arm64_emit_b(c, target);
	} else {
		arm64_emit(c, arm64_bcond(cond, (s64)target - c->pos));
	}
}

/*
 * Whether a call to target takes BL: it must reach from anywhere in
 * [va, va + size), so the choice is the same at every call site. The
 * caller's measuring pass takes the long form (the address is not known).
 */
static bool arm64_call_near(const struct arm64_jit *c, u64 target)
{
	u64 va = c->j->va, end = va + c->j->size;
	s64 lo = (s64)(target - va), hi = (s64)(target - end);

	return !c->all_far && lo >= -BL_RANGE && lo < BL_RANGE && hi >= -BL_RANGE && hi < BL_RANGE;
}

/* Call an absolute address: BL when arm64_call_near(), else ADRP+ADD+BLR through x16, else -ERANGE. */
static void arm64_emit_call_abs(struct arm64_jit *c, u64 target)
{
	u64 va = c->j->va, end = va + c->j->size, pc = va + (u64)c->pos * 4;
	s64 pg_lo = (s64)((target >> 12) - (va >> 12)), pg_hi = (s64)((target >> 12) - (end >> 12));
	s64 page = (s64)((target >> 12) - (pc >> 12));

	if (arm64_call_near(c, target)) {
		arm64_emit(c, arm64_b(true, (s64)(target - pc) / 4));
		c->near++;
		return;
	}
	if (!c->all_far && !(pg_lo >= -ADRP_PAGES && pg_lo < ADRP_PAGES && pg_hi >= -ADRP_PAGES &&
			     pg_hi < ADRP_PAGES))
		arm64_fail(c, -ERANGE, "a helper beyond ADRP's +-4 GB");
	/* ADRP (C6.2.11): 1 immlo 10000 immhi Rd; ADD (immediate) for the low 12 bits; BLR (C6.2.35). */
	arm64_emit(c,
		   0x90000000u | ((u32)page & 3) << 29 | (((u32)page >> 2) & 0x7ffff) << 5 | IP0);
	arm64_emit(c, arm64_addsub_imm(true, false, false, IP0, IP0, target & 0xfff, false));
	arm64_emit(c, 0xd63f0000u | IP0 << 5);
	c->far++;
}

/* Rd = Rn + imm (64-bit) in one or two instructions, using tmp when it does not fit. */
static void arm64_emit_add_imm(struct arm64_jit *c, bool is64, u32 rd, u32 rn, s64 imm, u32 tmp)
{
	bool sub = imm < 0;
	u64 m = sub ? -(u64)imm : (u64)imm;

	if (m < 4096) {
		arm64_emit(c, arm64_addsub_imm(is64, sub, false, rd, rn, m, false));
	} else if ((m & 0xfff) == 0 && m < (1 << 24)) {
		arm64_emit(c, arm64_addsub_imm(is64, sub, false, rd, rn, m >> 12, true));
	} else {
		arm64_emit_mov_imm(c, is64, tmp, imm);
		arm64_emit(c, arm64_dp_reg(OP_ADD, is64, rd, rn, tmp));
	}
}

/* Load/store size field (bits 31:30) of a BPF size. */
static u32 arm64_ldst_size(u8 size)
{
	switch (size) {
	case BPF_B: return 0;
	case BPF_H: return 1;
	case BPF_W: return 2;
	default: return 3;
	}
}

/*
 * Load/store register: opc 0 store, 1 load zero-extending, 2 load
 * sign-extending to 64 bits (C6.2.130 LDR (immediate) and friends,
 * "Load/store register (unsigned immediate)", "(unscaled immediate)",
 * "(register offset)").
 */
static void arm64_emit_ldst(struct arm64_jit *c, u32 opc, u32 size, u32 rt, u32 rn, s64 off)
{
	u32 base = size << 30 | opc << 22;

	if (off >= 0 && (off & ((1 << size) - 1)) == 0 && (off >> size) < 4096)
		arm64_emit(c, base | 0x39000000u | (u32)(off >> size) << 10 | rn << 5 | rt);
	else if (off >= -256 && off < 256)
		arm64_emit(c, base | 0x38000000u | ((u32)off & 0x1ff) << 12 | rn << 5 | rt);
	else {
		arm64_emit_mov_imm(c, true, T1, off);
		/* option 011 (LSL/UXTX), S 0 */
		arm64_emit(c, base | 0x38206800u | T1 << 16 | rn << 5 | rt);
	}
}

/*
 * Stubs go out of line, after the stop code, in slot order: the body
 * writes a slot's stub at stub_cursor and carries on where it was.
 */
static u32 arm64_stub_enter(struct arm64_jit *c)
{
	u32 resume = c->pos;

	c->pos = c->stub_cursor;
	return resume;
}

/* Back from a stub to the body at pos. */
static void arm64_stub_leave(struct arm64_jit *c, u32 pos)
{
	c->stub_cursor = c->pos;
	c->pos = pos;
}

/* A stop stub: w10 = reason << 12 | slot, then the common stop code. */
static void arm64_emit_stop_stub(struct arm64_jit *c, u32 reason, u32 slot)
{
	u32 back = arm64_stub_enter(c);

	arm64_emit(c, arm64_mov16(OP_MOVZ, false, T1, STOP_AT(reason, slot), 0));
	arm64_emit_b(c, c->stop);
	arm64_stub_leave(c, back);
}

/*
 * A run-time check that [a, a + n) lies in the context [x23, x23 + x24)
 * or in the current frame [r10 - 512, r10), for a in register ra and n
 * either the constant bytes (rn < 0) or register rn (the print helper's
 * r2, where n = 0 passes). align also requires a to be a multiple of
 * bytes (checked atomics). In line, the context test: off = a - ctx;
 * off + n must not carry and must be <= len: ADDS, then CCMP (C6.2.49)
 * whose nzcv sets C when it carried, so HI (C and not Z) means
 * "outside". Out of line, the stop (stub + 0) and then the stack test
 * (stub + 2), which returns to the access or falls back to the stop.
 */
/*
 * Put a conditional branch from word at to word target into w, as
 * arm64_emit_bcond() would emit it there. Returns the words it took.
 */
static __always_inline u32 arm64_put_bcond(u32 *w, u32 at, u32 cond, u32 target)
{
	if (A64_JIT_LONG_BRANCHES) {
		w[0] = arm64_bcond(cond ^ 1, 2);
		w[1] = arm64_b(false, (s64)target - (at + 1));
		return 2;
	}
	w[0] = arm64_bcond(cond, (s64)target - at);
	return 1;
}

static void arm64_emit_check(struct arm64_jit *c, u32 slot, u32 ra, int rn, u32 bytes, bool align)
{
	u32 stub = c->stub_cursor, pos = c->pos, resume = pos, w[12], n = 0;

	/* each part is built in w and appended at once: one bounds test per part */
	if (align) { /* TST ra, #(bytes - 1) */
		w[n++] = arm64_logic_imm(OP_ANDS, true, A64_ZR, ra,
					 arm64_bitmask_imm(bytes - 1, true));
		n += arm64_put_bcond(w + n, pos + n, CC_NE, stub);
	}
	w[n++] = arm64_dp_reg(OP_SUB, true, T1, ra, A64_CTX);
	if (rn < 0)
		w[n++] = arm64_addsub_imm(true, false, true, T1, T1, bytes, false);
	else /* ADDS (shifted register) */
		w[n++] = arm64_dp_reg(0x2b000000u, true, T1, T1, rn);
	/* CCMP (register): sf 1 1 11010010 Rm cond 0 0 Rn 0 nzcv */
	w[n++] = 0xfa400000u | A64_LEN << 16 | CC_LO << 12 | T1 << 5 | 0x2;
	n += arm64_put_bcond(w + n, pos + n, CC_HI, stub + 2);
	resume = pos + n;
	arm64_emit_words(c, w, n);

	arm64_stub_enter(c);
	pos = stub;
	n = 0;
	w[n++] = arm64_mov16(OP_MOVZ, false, T1, STOP_AT(BPF_STOP_BOUNDS, slot), 0);
	w[n++] = arm64_b(false, (s64)c->stop - (pos + 1));
	/* d = a - (r10 - 512): below the frame it wraps high */
	if (rn >= 0) { /* CBZ (C6.2.48): sf 011010 0 imm19 Rt; n = 0 passes */
		w[n] = 0xb4000000u | ((u32)((s64)resume - (pos + n)) & 0x7ffff) << 5 | rn;
		n++;
	}
	w[n++] = arm64_dp_reg(OP_SUB, true, T1, ra, A64_FP);
	w[n++] = arm64_addsub_imm(true, false, false, T1, T1, BPF_STACK_SIZE, false);
	if (rn < 0) { /* d <= 512 - bytes */
		w[n++] = arm64_addsub_imm(true, true, true, A64_ZR, T1, BPF_STACK_SIZE - bytes,
					  false);
	} else { /* d + n <= 512 without a carry */
		w[n++] = arm64_dp_reg(0x2b000000u, true, T1, T1, rn);
		w[n++] = arm64_mov16(OP_MOVZ, true, T3, BPF_STACK_SIZE, 0);
		w[n++] = 0xfa400000u | T3 << 16 | CC_LO << 12 | T1 << 5 | 0x2;
	}
	n += arm64_put_bcond(w + n, pos + n, CC_LS, resume);
	w[n] = arm64_b(false, (s64)stub - (pos + n));
	n++;
	arm64_emit_words(c, w, n);
	arm64_stub_leave(c, resume);
}

/* The bytes a load or store touches. */
static u32 arm64_size_bytes(u8 size)
{
	return 1u << arm64_ldst_size(size);
}

/* Spend one unit of the budget for slot i: SUBS x26, x26, #1 borrows (LO) when none was left. */
static void arm64_emit_spend(struct arm64_jit *c, u32 i)
{
	arm64_emit(c, arm64_addsub_imm(true, true, true, A64_BUD, A64_BUD, 1, false));
	arm64_emit_bcond(c, CC_LO, c->stub_cursor);
	arm64_emit_stop_stub(c, BPF_STOP_BUDGET, i);
}

/* A taken backward jump (slot i) to target: spend, then jump. */
static void arm64_emit_backedge(struct arm64_jit *c, u32 i, u32 target)
{
	arm64_emit_spend(c, i);
	arm64_emit_b(c, target);
}

/* ALU and ALU64: one instruction for the register forms and for immediates that fit. */
static void arm64_emit_alu(struct arm64_jit *c, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64, k = (in->code & BPF_X) == 0;
	u32 op = BPF_OP(in->code), rd = arm64_reg[BPF_DST(in)], rs = arm64_reg[BPF_SRC(in)];
	s64 imm = in->imm; /* sign-extended; 32-bit forms use its low bits */
	u32 width = is64 ? 64 : 32;
	int bm;

	switch (op) {
	case BPF_MOV:
		if (k) {
			arm64_emit_mov_imm(c, is64, rd, imm);
		} else if (in->off == 8 || in->off == 16 || in->off == 32) {
			/* MOVSX: SXTB/SXTH/SXTW are SBFM #0, #7/#15/#31 */
			arm64_emit(c, arm64_bfm(is64, true, rd, rs, 0, in->off - 1));
		} else {
			arm64_emit(c, arm64_dp_reg(OP_ORR, is64, rd, A64_ZR, rs));
		}
		return;
	case BPF_NEG: arm64_emit(c, arm64_dp_reg(OP_SUB, is64, rd, A64_ZR, rd)); return;
	case BPF_END:
		/* ALU: to little-endian (src 0) or big-endian (src 1); ALU64: swap. */
		if (!is64 && k) {
			if (imm == 16) /* UXTH */
				arm64_emit(c, arm64_bfm(false, false, rd, rd, 0, 15));
			else if (imm == 32) /* MOV wd, wd zero-extends */
				arm64_emit(c, arm64_dp_reg(OP_ORR, false, rd, A64_ZR, rd));
			return;
		}
		if (imm == 16) { /* REV16 (C6.2.251) then UXTH */
			arm64_emit(c, 0x5ac00400u | rd << 5 | rd);
			arm64_emit(c, arm64_bfm(false, false, rd, rd, 0, 15));
		} else if (imm == 32) { /* REV (32-bit, C6.2.250) */
			arm64_emit(c, 0x5ac00800u | rd << 5 | rd);
		} else { /* REV (64-bit) */
			arm64_emit(c, 0xdac00c00u | rd << 5 | rd);
		}
		return;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (k) {
			u32 n = (u32)imm & (width - 1);

			if (op == BPF_LSH) /* LSL: UBFM #(-n MOD w), #(w-1-n) */
				arm64_emit(c, arm64_bfm(is64, false, rd, rd,
							(width - n) & (width - 1), width - 1 - n));
			else /* LSR / ASR: UBFM / SBFM #n, #(w-1) */
				arm64_emit(c,
					   arm64_bfm(is64, op == BPF_ARSH, rd, rd, n, width - 1));
		} else {
			/* The variable shifts take the amount modulo the width, as RFC 9669 masks it. */
			u32 o = op == BPF_LSH ? OP_LSLV : op == BPF_RSH ? OP_LSRV : OP_ASRV;

			arm64_emit(c, arm64_sf(is64) | o | rs << 16 | rd << 5 | rd);
		}
		return;
	case BPF_ADD:
	case BPF_SUB:
		if (k) {
			s64 v = op == BPF_SUB ? -imm : imm;

			if (!is64)
				v = (s32)(u32)v; /* 32-bit: only the low bits matter */
			if ((v > -4096 && v < 4096) ||
			    ((v & 0xfff) == 0 && v > -(1 << 24) && v < (1 << 24))) {
				arm64_emit_add_imm(c, is64, rd, rd, v, T1);
				return;
			}
			arm64_emit_mov_imm(c, is64, T1, imm);
			rs = T1;
		}
		arm64_emit(c, arm64_dp_reg(op == BPF_ADD ? OP_ADD : OP_SUB, is64, rd, rd, rs));
		return;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR: {
		u32 o = op == BPF_AND ? OP_AND : op == BPF_OR ? OP_ORR : OP_EOR;

		if (k) {
			bm = arm64_bitmask_imm(imm, is64);
			if (bm >= 0) {
				arm64_emit(c, arm64_logic_imm(o, is64, rd, rd, bm));
				return;
			}
			arm64_emit_mov_imm(c, is64, T1, imm);
			rs = T1;
		}
		arm64_emit(c, arm64_dp_reg(o, is64, rd, rd, rs));
		return;
	}
	case BPF_MUL:
	case BPF_DIV:
	case BPF_MOD:
		if (k) {
			arm64_emit_mov_imm(c, is64, T1, imm);
			rs = T1;
		}
		if (op == BPF_MUL) {
			arm64_emit(c, arm64_madd(is64, false, rd, rd, rs, A64_ZR));
			return;
		}
		/*
		 * UDIV and SDIV give 0 for a zero divisor, and SDIV gives
		 * INT_MIN for INT_MIN / -1 (Arm ARM C6.2.246, C6.2.366), as
		 * RFC 9669 section 4.1 asks; MSUB then leaves dst unchanged
		 * (32-bit: zero-extended) for modulo 0 and 0 for INT_MIN % -1.
		 */
		if (op == BPF_DIV) {
			arm64_emit(c, arm64_sf(is64) | (in->off == 1 ? OP_SDIV : OP_UDIV) |
					      rs << 16 | rd << 5 | rd);
		} else {
			arm64_emit(c, arm64_sf(is64) | (in->off == 1 ? OP_SDIV : OP_UDIV) |
					      rs << 16 | rd << 5 | T2);
			arm64_emit(c, arm64_madd(is64, true, rd, T2, rs, rd));
		}
		return;
	default: arm64_fail(c, -EINVAL, "unknown ALU operation");
	}
}

/* The A64 condition of a BPF jump (the unsigned ones are HI/HS/LO/LS). */
static int arm64_jmp_cond(u32 op)
{
	switch (op) {
	case BPF_JEQ: return CC_EQ;
	case BPF_JNE:
	case BPF_JSET: return CC_NE;
	case BPF_JGT: return CC_HI;
	case BPF_JGE: return CC_HS;
	case BPF_JLT: return CC_LO;
	case BPF_JLE: return CC_LS;
	case BPF_JSGT: return CC_GT;
	case BPF_JSGE: return CC_GE;
	case BPF_JSLT: return CC_LT;
	case BPF_JSLE: return CC_LE;
	default: return -1;
	}
}

/* Find the subprogram starting at slot s. */
static int arm64_func_at(const struct arm64_jit *c, u32 s)
{
	u32 k;

	for (k = 0; k < c->nr_funcs; k++)
		if (c->func_start[k] == s)
			return k;
	return -1;
}

/* Jumps, calls and exits of slot i in function f. */
static void arm64_emit_jmp(struct arm64_jit *c, const struct bpf_insn *in, u32 i, u32 f)
{
	bool is64 = BPF_CLASS(in->code) == BPF_JMP, k = (in->code & BPF_X) == 0;
	u32 op = BPF_OP(in->code), rd = arm64_reg[BPF_DST(in)], rs = arm64_reg[BPF_SRC(in)];
	bool back = c->p->flags[i] & BPF_F_BACKEDGE;
	s64 imm = in->imm;
	s64 to;
	u32 target;
	int cond, fn;

	if (op == BPF_EXIT) {
		arm64_emit_b(c, c->epi[f]);
		return;
	}
	if (op == BPF_CALL) {
		if (BPF_SRC(in) == 0) {
			if (imm < 0 || imm >= BPF_NR_HELPERS || !c->j->helper_va[imm]) {
				arm64_fail(c, -EINVAL, "a call to an unknown helper");
				return;
			}
			/* The print helper reads r2 bytes at r1 (include/lander/bpf.h). */
			if (c->p->flags[i] & BPF_F_CHECK)
				arm64_emit_check(c, i, 0, 1, 0, false);
			arm64_emit_call_abs(c, c->j->helper_va[imm]);
			arm64_emit(c, arm64_dp_reg(OP_ORR, true, A64_R0, A64_ZR, 0));
			return;
		}
		fn = BPF_SRC(in) == 1 ? arm64_func_at(c, i + 1 + imm) : -1;
		if (fn <= 0) {
			arm64_fail(c, -EINVAL, "a local call to no subprogram");
			return;
		}
		/* A local call spends budget first, then must fit its frame (CMP x27, #depth). */
		if (back)
			arm64_emit_spend(c, i);
		arm64_emit(c, arm64_addsub_imm(true, true, true, A64_ZR, A64_DEP,
					       BPF_MAX_CALL_DEPTH, false));
		arm64_emit_bcond(c, CC_HS, c->stub_cursor);
		arm64_emit_stop_stub(c, BPF_STOP_DEPTH, i);
		arm64_emit(c, arm64_b(true, (s64)c->entry[fn] - c->pos));
		c->near++;
		return;
	}
	/* JA: the JMP class takes off, JMP32 (gotol) takes imm. */
	to = (s64)i + 1 + (op == BPF_JA && !is64 ? imm : in->off);
	if (to < 0 || to >= c->p->len) {
		arm64_fail(c, -EINVAL, "a jump out of the program");
		return;
	}
	target = c->j->insn_off[to] / 4;
	if (op == BPF_JA) {
		if (back)
			arm64_emit_backedge(c, i, target);
		else
			arm64_emit_b(c, target);
		return;
	}
	cond = arm64_jmp_cond(op);
	if (cond < 0) {
		arm64_fail(c, -EINVAL, "unknown jump operation");
		return;
	}
	if (k) {
		s64 v = is64 ? imm : (s64)(u32)imm;

		if (op == BPF_JSET) {
			int bm = arm64_bitmask_imm(v, is64);

			if (bm >= 0) {
				arm64_emit(c, arm64_logic_imm(OP_ANDS, is64, A64_ZR, rd, bm));
			} else {
				arm64_emit_mov_imm(c, is64, T1, v);
				arm64_emit(c, arm64_dp_reg(OP_ANDS, is64, A64_ZR, rd, T1));
			}
		} else if (v >= 0 && v < 4096) { /* CMP */
			arm64_emit(c, arm64_addsub_imm(is64, true, true, A64_ZR, rd, v, false));
		} else if (is64 && v < 0 && v > -4096) { /* CMN */
			arm64_emit(c, arm64_addsub_imm(is64, false, true, A64_ZR, rd, -v, false));
		} else {
			arm64_emit_mov_imm(c, is64, T1, v);
			arm64_emit(c, arm64_dp_reg(OP_SUBS, is64, A64_ZR, rd, T1));
		}
	} else {
		arm64_emit(c,
			   arm64_dp_reg(op == BPF_JSET ? OP_ANDS : OP_SUBS, is64, A64_ZR, rd, rs));
	}
	if (!back) {
		arm64_emit_bcond(c, cond, target);
		return;
	}
	/* Not taken: skip the budget and the jump (SUBS, B.LO, B: 3, or 4 with a long B.LO). */
	arm64_emit(c, arm64_bcond(cond ^ 1, c->long_cond ? 5 : 4));
	arm64_emit_backedge(c, i, target);
}

/*
 * An atomic at [x9] as an exclusive loop: LDXR (C6.2.154) / STXR
 * (C6.2.321): size 001000 0 L 0 Rs o0 11111 Rn Rt; CBNZ (C6.2.47) retries
 * when the store lost the reservation.
 */
static void arm64_emit_atomic(struct arm64_jit *c, const struct bpf_insn *in, bool is64)
{
	u32 rs = arm64_reg[BPF_SRC(in)], sz = is64 ? 0x40000000u : 0;
	u32 ldxr = 0x885f7c00u | sz | T0 << 5, stxr = 0x88007c00u | sz | T0 << 5;
	s32 op = in->imm;
	u32 loop = c->pos;

	if (op == BPF_CMPXCHG) {
		/* r0 = old; if old == r0 store src. */
		arm64_emit(c, ldxr | T1);
		arm64_emit(c, arm64_dp_reg(OP_SUBS, is64, A64_ZR, T1, A64_R0));
		arm64_emit(c, arm64_bcond(CC_NE, 3));
		arm64_emit(c, stxr | T3 << 16 | rs);
		arm64_emit(c, 0x35000000u | ((u32)((s64)loop - c->pos) & 0x7ffff) << 5 | T3);
		arm64_emit(c, arm64_dp_reg(OP_ORR, is64, A64_R0, A64_ZR, T1));
		return;
	}
	arm64_emit(c, ldxr | T1);
	switch (op & ~BPF_FETCH) {
	case BPF_ADD: arm64_emit(c, arm64_dp_reg(OP_ADD, is64, T2, T1, rs)); break;
	case BPF_OR: arm64_emit(c, arm64_dp_reg(OP_ORR, is64, T2, T1, rs)); break;
	case BPF_AND: arm64_emit(c, arm64_dp_reg(OP_AND, is64, T2, T1, rs)); break;
	case BPF_XOR: arm64_emit(c, arm64_dp_reg(OP_EOR, is64, T2, T1, rs)); break;
	case BPF_XCHG & ~BPF_FETCH:
		if (op == BPF_XCHG) {
			arm64_emit(c, arm64_dp_reg(OP_ORR, is64, T2, A64_ZR, rs));
			break;
		}
		/* fall through */
	default: arm64_fail(c, -EINVAL, "unknown atomic operation"); return;
	}
	arm64_emit(c, stxr | T3 << 16 | T2);
	arm64_emit(c, 0x35000000u | ((u32)((s64)loop - c->pos) & 0x7ffff) << 5 | T3);
	if (op & BPF_FETCH) /* the old value, zero-extended for 32 bits */
		arm64_emit(c, arm64_dp_reg(OP_ORR, is64, rs, A64_ZR, T1));
}

/* Loads, stores and atomics of slot i. */
static void arm64_emit_mem(struct arm64_jit *c, const struct bpf_insn *in, u32 i)
{
	u8 cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);
	u32 size = arm64_ldst_size(BPF_SIZE(in->code)),
	    bytes = arm64_size_bytes(BPF_SIZE(in->code));
	u32 rd = arm64_reg[BPF_DST(in)], rs = arm64_reg[BPF_SRC(in)];
	u32 base = cls == BPF_LDX ? rs : rd, val = rs, opc;
	bool check = c->p->flags[i] & BPF_F_CHECK;
	s64 off = in->off;

	if (cls == BPF_LDX) {
		if (mode != BPF_MEM && !(mode == BPF_MEMSX && size < 3)) {
			arm64_fail(c, -EINVAL, "unknown load mode");
			return;
		}
		opc = mode == BPF_MEMSX ? 2 : 1;
		val = rd;
	} else if (mode == BPF_MEM) {
		opc = 0;
		if (cls == BPF_ST) {
			if (in->imm) {
				arm64_emit_mov_imm(c, true, T2, (s64)in->imm);
				val = T2;
			} else {
				val = A64_ZR;
			}
		}
	} else if (cls == BPF_STX && mode == BPF_ATOMIC && size >= 2) {
		opc = 0;
	} else {
		arm64_fail(c, -EINVAL, "unknown store mode");
		return;
	}

	if (check) {
		if (in->off)
			arm64_emit_add_imm(c, true, T0, base, in->off, T1);
		else
			arm64_emit(c, arm64_dp_reg(OP_ORR, true, T0, A64_ZR, base));
		arm64_emit_check(c, i, T0, -1, bytes, mode == BPF_ATOMIC);
		base = T0;
		off = 0;
	} else if (base == A64_FP && mode != BPF_ATOMIC) {
		/* sp is r10 - 512 (see the frame layout above) */
		base = A64_SP;
		off += BPF_STACK_SIZE;
	}
	if (mode != BPF_ATOMIC) {
		arm64_emit_ldst(c, opc, size, val, base, off);
		return;
	}
	if (!check) {
		if (off)
			arm64_emit_add_imm(c, true, T0, base, off, T1);
		else
			arm64_emit(c, arm64_dp_reg(OP_ORR, true, T0, A64_ZR, base));
	}
	arm64_emit_atomic(c, in, size == 3);
}

/* Store pairs of 64-bit registers: STP/LDP (C6.2.321, C6.2.130), imm7 scaled by 8. */
#define STP_PRE	 0xa9800000u
#define STP_OFF	 0xa9000000u
#define LDP_OFF	 0xa9400000u
#define LDP_POST 0xa8c00000u
static u32 arm64_pair(u32 op, u32 rt, u32 rt2, u32 rn, s32 off)
{
	return op | ((u32)(off / 8) & 0x7f) << 15 | rt2 << 10 | rn << 5 | rt;
}

/*
 * Open a 512-byte frame below sp, set r10 to its top and zero it, as
 * bpf.h asks of every frame: 32 STP xzr, xzr, [sp, #16 * k] (imm7 scaled
 * by 8 reaches 504), no loop.
 */
static void arm64_emit_open_frame(struct arm64_jit *c)
{
	const u32 w[] = {
		arm64_addsub_imm(true, true, false, A64_SP, A64_SP, BPF_STACK_SIZE, false),
		arm64_addsub_imm(true, false, false, A64_FP, A64_SP, BPF_STACK_SIZE, false),
	};

	arm64_emit_seq(c, w, ARRAY_SIZE(w));
	arm64_emit_run(c, arm64_pair(STP_OFF, A64_ZR, A64_ZR, A64_SP, 0),
		       arm64_pair(STP_OFF, 0, 0, 0, 16) - arm64_pair(STP_OFF, 0, 0, 0, 0),
		       BPF_STACK_SIZE / 16);
}

/* The main prologue: save x19-x30, take the run's state, open the first frame (zeroed). */
#define A64_MAIN_SAVE_WORDS 10
static void arm64_emit_main_prologue(struct arm64_jit *c)
{
	if (!c->buf) { /* sizing: the saves and the STR counted, the rest by their emitters */
		c->pos += A64_MAIN_SAVE_WORDS + 1;
		arm64_emit_mov_imm(c, true, A64_BUD, BPF_BACKEDGE_BUDGET);
		c->pos += 1;
		arm64_emit_open_frame(c);
		return;
	}
	const u32 w[] = {
		arm64_pair(STP_PRE, A64_X29, A64_LR, A64_SP, -MAIN_SAVE),
		arm64_addsub_imm(true, false, false, A64_X29, A64_SP, 0, false),
		arm64_pair(STP_OFF, 19, 20, A64_SP, 16),
		arm64_pair(STP_OFF, 21, 22, A64_SP, 32),
		arm64_pair(STP_OFF, 23, 24, A64_SP, 48),
		arm64_pair(STP_OFF, 25, 26, A64_SP, 64),
		arm64_pair(STP_OFF, 27, 28, A64_SP, 80),
		arm64_dp_reg(OP_ORR, true, A64_CTX, A64_ZR, 0),
		arm64_dp_reg(OP_ORR, true, A64_LEN, A64_ZR, 1),
		arm64_dp_reg(OP_ORR, true, A64_EXIT, A64_ZR, 2),
	};

	_Static_assert(MAIN_SAVE == 16 + 80, "x19-x28 in five pairs above x29 and x30");
	_Static_assert(ARRAY_SIZE(w) == A64_MAIN_SAVE_WORDS, "the sizing pass counts on it");
	arm64_emit_seq(c, w, ARRAY_SIZE(w));
	/* exit->stop = BPF_OK, exit->at = 0: STR xzr, [x28] */
	arm64_emit_ldst(c, 0, 3, A64_ZR, A64_EXIT, 0);
	arm64_emit_mov_imm(c, true, A64_BUD, BPF_BACKEDGE_BUDGET);
	arm64_emit(c, arm64_mov16(OP_MOVZ, true, A64_DEP, 1, 0));
	arm64_emit_open_frame(c);
}

/*
 * The main epilogue: r0 to x0, sp back from x29 (dropping any nested
 * frames), restore, return. Its length in words, like the local prologue's
 * and epilogue's and the stop code's, lets arm64_layout() place the labels
 * ahead of the writing pass, which checks them.
 */
#define A64_MAIN_EPILOGUE_WORDS 9
static void arm64_emit_main_epilogue(struct arm64_jit *c)
{
	if (!c->buf) { /* sizing: the count alone */
		c->pos += A64_MAIN_EPILOGUE_WORDS;
		return;
	}
	const u32 w[] = {
		arm64_dp_reg(OP_ORR, true, 0, A64_ZR, A64_R0),
		arm64_addsub_imm(true, false, false, A64_SP, A64_X29, 0, false),
		arm64_pair(LDP_OFF, 19, 20, A64_SP, 16),
		arm64_pair(LDP_OFF, 21, 22, A64_SP, 32),
		arm64_pair(LDP_OFF, 23, 24, A64_SP, 48),
		arm64_pair(LDP_OFF, 25, 26, A64_SP, 64),
		arm64_pair(LDP_OFF, 27, 28, A64_SP, 80),
		arm64_pair(LDP_POST, A64_X29, A64_LR, A64_SP, MAIN_SAVE),
		0xd65f03c0u, /* RET */
	};

	_Static_assert(ARRAY_SIZE(w) == A64_MAIN_EPILOGUE_WORDS, "arm64_layout() counts on it");
	arm64_emit_seq(c, w, ARRAY_SIZE(w));
}

/* A subprogram's prologue: save x30, r10 and r6-r9, count the depth, open its frame (zeroed). */
#define A64_LOCAL_PROLOGUE_WORDS (4 + 2 + BPF_STACK_SIZE / 16)
static void arm64_emit_local_prologue(struct arm64_jit *c)
{
	if (!c->buf) { /* sizing: the count alone */
		c->pos += A64_LOCAL_PROLOGUE_WORDS;
		return;
	}
	const u32 w[] = {
		arm64_pair(STP_PRE, A64_LR, A64_FP, A64_SP, -LOCAL_SAVE),
		arm64_pair(STP_OFF, 19, 20, A64_SP, 16),
		arm64_pair(STP_OFF, 21, 22, A64_SP, 32),
		arm64_addsub_imm(true, false, false, A64_DEP, A64_DEP, 1, false),
	};

	/* the frame is two words and the run of STPs */
	_Static_assert(ARRAY_SIZE(w) + 2 + BPF_STACK_SIZE / 16 == A64_LOCAL_PROLOGUE_WORDS,
		       "arm64_layout() counts on it");
	arm64_emit_seq(c, w, ARRAY_SIZE(w));
	arm64_emit_open_frame(c);
}

/* A subprogram's epilogue: the inverse; r0 stays in x7. */
#define A64_LOCAL_EPILOGUE_WORDS 6
static void arm64_emit_local_epilogue(struct arm64_jit *c)
{
	if (!c->buf) { /* sizing: the count alone */
		c->pos += A64_LOCAL_EPILOGUE_WORDS;
		return;
	}
	const u32 w[] = {
		arm64_addsub_imm(true, false, false, A64_SP, A64_SP, BPF_STACK_SIZE, false),
		arm64_addsub_imm(true, true, false, A64_DEP, A64_DEP, 1, false),
		arm64_pair(LDP_OFF, 19, 20, A64_SP, 16),
		arm64_pair(LDP_OFF, 21, 22, A64_SP, 32),
		arm64_pair(LDP_POST, A64_LR, A64_FP, A64_SP, LOCAL_SAVE),
		0xd65f03c0u, /* RET */
	};

	_Static_assert(ARRAY_SIZE(w) == A64_LOCAL_EPILOGUE_WORDS, "arm64_layout() counts on it");
	arm64_emit_seq(c, w, ARRAY_SIZE(w));
}

/*
 * The common stop code: w10 holds reason << 12 | slot. Write *exit (STP
 * of two words, C6.2.321), make the result 0 and leave through the main
 * epilogue, whose sp comes from x29.
 */
#define A64_STOP_CODE_WORDS 5
static void arm64_emit_stop_code(struct arm64_jit *c)
{
	if (!c->buf) { /* sizing: the count alone */
		c->pos += A64_STOP_CODE_WORDS;
		return;
	}
	const u32 w[] = {
		arm64_bfm(false, false, T2, T1, 12, 31), /* LSR w11, w10, #12 */
		arm64_bfm(false, false, T1, T1, 0, 11),	 /* UBFX w10, w10, #0, #12 */
		0x29000000u | T1 << 10 | A64_EXIT << 5 | T2,
		arm64_mov16(OP_MOVZ, true, A64_R0, 0, 0),
	};

	/* and the B */
	_Static_assert(ARRAY_SIZE(w) + 1 == A64_STOP_CODE_WORDS, "arm64_layout() counts on it");
	arm64_emit_seq(c, w, ARRAY_SIZE(w));
	arm64_emit_b(c, c->epi[0]);
}

/*
 * The one-word ALU forms by operation (BPF_OP >> 4), register source:
 * the word without sf, Rm and the Rn = Rd fields (Rn is ZR for MOV),
 * or 0 for the operations arm64_emit_alu() alone handles.
 */
static const u32 arm64_fast_alu[16] = {
	[BPF_ADD >> 4] = OP_ADD,
	[BPF_SUB >> 4] = OP_SUB,
	[BPF_MUL >> 4] = 0x1b000000u | A64_ZR << 10, /* MADD Ra = ZR */
	[BPF_DIV >> 4] = OP_UDIV,
	[BPF_OR >> 4] = OP_ORR,
	[BPF_AND >> 4] = OP_AND,
	[BPF_LSH >> 4] = OP_LSLV,
	[BPF_RSH >> 4] = OP_LSRV,
	[BPF_XOR >> 4] = OP_EOR,
	[BPF_MOV >> 4] = OP_ORR | A64_ZR << 5,
	[BPF_ARSH >> 4] = OP_ASRV,
};

/* The condition of each conditional jump by BPF_OP >> 4, plus one; 0 for the others and JSET. */
static const u8 arm64_fast_cond[16] = {
	[BPF_JEQ >> 4] = CC_EQ + 1,  [BPF_JGT >> 4] = CC_HI + 1,  [BPF_JGE >> 4] = CC_HS + 1,
	[BPF_JNE >> 4] = CC_NE + 1,  [BPF_JSGT >> 4] = CC_GT + 1, [BPF_JSGE >> 4] = CC_GE + 1,
	[BPF_JLT >> 4] = CC_LO + 1,  [BPF_JLE >> 4] = CC_LS + 1,  [BPF_JSLT >> 4] = CC_LT + 1,
	[BPF_JSLE >> 4] = CC_LE + 1,
};

/*
 * The slots most programs are made of, encoded straight from a table:
 * the ALU register forms, small immediates and constant shifts, and the
 * jumps that need no budget, exits included. Writes the one or two words
 * slot i (at word pos, in a function whose epilogue is epi) emits to w
 * and returns how many; 0 leaves the slot to the general emitters.
 * arm64_emit_slot() tries it first too, so every path encodes these
 * slots alike. The words are what arm64_emit_alu() and arm64_emit_jmp()
 * would give.
 */
static __always_inline u32 arm64_emit_fast(const struct bpf_insn *in, u32 i, u8 flags, u32 pos,
					   u32 epi, const u32 *off, u32 len, u32 *w)
{
	u32 code = in->code, op = BPF_OP(code), rd = arm64_reg[BPF_DST(in)];
	u32 rs = arm64_reg[BPF_SRC(in)];
	/* 64-bit: the ALU64 and JMP classes (7 and 5) */
	u32 sf = (0xa0u >> BPF_CLASS(code) & 1) << 31;
	s32 imm = in->imm;
	u32 base, cond, n;
	s64 to;

	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
		base = arm64_fast_alu[op >> 4];
		if (!base || in->off)
			return 0;
		if (code & BPF_X) {
			w[0] = sf | base | rs << 16 | (op == BPF_MOV ? 0 : rd << 5) | rd;
			return 1;
		}
		switch (op) {
		case BPF_MOV:
			if ((u32)imm >= 0x10000)
				return 0;
			w[0] = sf | OP_MOVZ | (u32)imm << 5 | rd;
			return 1;
		case BPF_ADD:
		case BPF_SUB:
			if (imm <= -4096 || imm >= 4096)
				return 0;
			if (op == BPF_SUB)
				imm = -imm;
			/* ADD, or SUB for a negative amount */
			w[0] = sf | (imm < 0 ? 1u << 30 : 0) | 0x11000000u |
			       (u32)(imm < 0 ? -imm : imm) << 10 | rd << 5 | rd;
			return 1;
		case BPF_LSH:
		case BPF_RSH:
		case BPF_ARSH: {
			u32 width = sf ? 64 : 32, k = (u32)imm & (width - 1);
			u32 bfm = sf | (op == BPF_ARSH ? 0x13000000u : 0x53000000u) |
				  (sf ? 1u << 22 : 0) | rd << 5 | rd;

			/* LSL is UBFM #(-k MOD w), #(w-1-k); LSR and ASR UBFM, SBFM #k, #(w-1) */
			if (op == BPF_LSH)
				w[0] = bfm | ((width - k) & (width - 1)) << 16 |
				       (width - 1 - k) << 10;
			else
				w[0] = bfm | k << 16 | (width - 1) << 10;
			return 1;
		}
		case BPF_MUL:
		case BPF_DIV: /* MOVZ x10, #imm, then the register form on it */
			if ((u32)imm >= 0x10000)
				return 0;
			w[0] = sf | OP_MOVZ | (u32)imm << 5 | T1;
			w[1] = sf | base | T1 << 16 | rd << 5 | rd;
			return 2;
		default: return 0;
		}
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT) {
			w[0] = arm64_b(false, (s64)epi - pos);
			return 1;
		}
		if (flags & BPF_F_BACKEDGE)
			return 0;
		if (op == BPF_JA) {
			to = (s64)i + 1 + (sf ? in->off : imm);
			if (to < 0 || to >= len)
				return 0;
			w[0] = arm64_b(false, (s64)(off[to] / 4) - pos);
			return 1;
		}
		cond = arm64_fast_cond[op >> 4];
		to = (s64)i + 1 + in->off;
		if (!cond || A64_JIT_LONG_BRANCHES || to < 0 || to >= len)
			return 0;
		if (code & BPF_X) {
			w[0] = sf | OP_SUBS | rs << 16 | rd << 5 | A64_ZR;
		} else {
			/* CMP #imm (a negative imm takes CMN or a move: the general path) */
			n = (u32)imm;
			if (n >= 4096)
				return 0;
			w[0] = sf | 0x71000000u | n << 10 | rd << 5 | A64_ZR;
		}
		w[1] = arm64_bcond(cond - 1, (s64)(off[to] / 4) - (pos + 1));
		return 2;
	default: return 0;
	}
}

/* One slot of the body that arm64_emit_fast() leaves to the general emitters. */
static void arm64_emit_general(struct arm64_jit *c, u32 i, u32 f)
{
	const struct bpf_insn *in = &c->p->insns[i];

	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64: arm64_emit_alu(c, in); return;
	case BPF_JMP:
	case BPF_JMP32: arm64_emit_jmp(c, in, i, f); return;
	case BPF_LD:
		/* Only ld_imm64 with src 0: a 64-bit constant over two slots. */
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || BPF_SRC(in) != 0 ||
		    i + 1 >= c->p->len) {
			arm64_fail(c, -EINVAL, "an unsupported BPF_LD instruction");
			return;
		}
		arm64_emit_mov_imm(c, true, arm64_reg[BPF_DST(in)],
				   (u64)(u32)in->imm | (u64)(u32)in[1].imm << 32);
		return;
	default: arm64_emit_mem(c, in, i);
	}
}

/* One slot of the body. */
static void arm64_emit_slot(struct arm64_jit *c, u32 i, u32 f)
{
	u32 w[2], n;

	n = arm64_emit_fast(&c->p->insns[i], i, c->p->flags[i], c->pos, c->epi[f], c->j->insn_off,
			    c->p->len, w);
	if (n)
		arm64_emit_seq(c, w, n);
	else
		arm64_emit_general(c, i, f);
}

/* Record a label in the sizing pass; the writing pass must land on the same place. */
static void arm64_label(struct arm64_jit *c, u32 *at)
{
	if (!c->buf)
		*at = c->pos;
	else if (*at != c->pos)
		arm64_fail(c, -EINVAL, "the writing pass disagrees with the sizing pass");
}

/*
 * One pass: the whole function, stubs last. Returns the size in
 * instructions. Inlined into each call with sizing constant, so that the
 * slot loop keeps its cursor in a register and the sizing pass builds no
 * words for the slots arm64_emit_fast() takes.
 */
static __always_inline u32 arm64_pass(struct arm64_jit *c, const bool sizing)
{
	const struct bpf_insn *insns = c->p->insns;
	u32 *off = c->j->insn_off, *words = c->words, limit = c->limit, len = c->p->len;
	const u8 *flags = c->p->flags;
	u32 f, i, first, pos, n, w[2];

	c->pos = 0;
	c->body = c->near = c->far = 0;
	c->stub_cursor = sizing ? 0 : c->stubs;
	arm64_emit_main_prologue(c);
	for (f = 0; f < c->nr_funcs; f++) {
		u32 end = f + 1 < c->nr_funcs ? c->func_start[f + 1] : len, epi = c->epi[f];

		if (f) {
			arm64_label(c, &c->entry[f]);
			arm64_emit_local_prologue(c);
		}
		first = pos = c->pos;
		for (i = c->func_start[f]; i < end; i++) {
			if (sizing)
				off[i] = pos * 4;
			else if (unlikely(off[i] != pos * 4))
				arm64_fail(c, -EINVAL,
					   "the writing pass disagrees with the sizing pass");
			if (flags[i] & BPF_F_IMM64_HI)
				continue;
			n = arm64_emit_fast(&insns[i], i, flags[i], pos, epi, off, len, w);
			if (likely(n) && (sizing || pos + n <= limit)) {
				if (!sizing) {
					words[pos] = w[0];
					if (n > 1)
						words[pos + 1] = w[1];
				}
				pos += n;
				continue;
			}
			/* the general emitters, or the end of the buffer (arm64_emit() tests it) */
			c->pos = pos;
			if (n)
				arm64_emit_seq(c, w, n);
			else
				arm64_emit_general(c, i, f);
			pos = c->pos;
		}
		c->pos = pos;
		/* The slots' stubs went out of line, so this is what they emit in line. */
		c->body += pos - first;
		arm64_label(c, &c->epi[f]);
		if (f)
			arm64_emit_local_epilogue(c);
		else
			arm64_emit_main_epilogue(c);
	}
	arm64_label(c, &c->stop);
	arm64_emit_stop_code(c);
	arm64_label(c, &c->stubs);
	return sizing ? c->pos + c->stub_cursor : c->stub_cursor;
}

/* Whether slot i is a helper call that BL reaches: ADRP+ADD+BLR, measured, became BL. */
static __always_inline bool arm64_call_shrinks(const struct arm64_jit *c, const struct bpf_insn *in,
					       u32 i)
{
	/* JMP or JMP32 class (05, 06) and CALL operation, K or X */
	return unlikely(BPF_OP(in->code) == BPF_CALL) &&
	       (u8)((in->code & ~BPF_X) - (BPF_JMP | BPF_CALL)) < 2 && BPF_SRC(in) == 0 &&
	       !(c->p->flags[i] & BPF_F_IMM64_HI) && (u32)in->imm < BPF_NR_HELPERS &&
	       c->j->helper_va[in->imm] && arm64_call_near(c, c->j->helper_va[in->imm]);
}

/*
 * The writing call's labels and slot offsets, without a sizing pass. The
 * measuring call left each slot's offset in j->insn_off with the long
 * form at every helper call; a helper that BL reaches from the final
 * address makes each call to it two words shorter, which moves every
 * later slot. A subprogram's prologue ends at its first slot, and the
 * epilogue before it ends at the prologue; the last function's epilogue
 * follows its last slot, which is sized here alone. The writing pass then
 * checks each offset and label against where it lands.
 */
static void arm64_layout(struct arm64_jit *c)
{
	const struct bpf_prog *p = c->p;
	const struct bpf_insn *in = p->insns;
	u32 *off = c->j->insn_off, shrink = 0, last = p->len - 1, len = p->len, i, f;

	/* nothing moves up to the first call that BL reaches */
	for (i = 0; i < len && !arm64_call_shrinks(c, &in[i], i); i++)
		;
	for (; i < len; i++) {
		off[i] -= shrink;
		if (arm64_call_shrinks(c, &in[i], i))
			shrink += 8;
	}
	for (f = 1; f < c->nr_funcs; f++) {
		c->entry[f] = off[c->func_start[f]] / 4 - A64_LOCAL_PROLOGUE_WORDS;
		c->epi[f - 1] = c->entry[f] -
				(f == 1 ? A64_MAIN_EPILOGUE_WORDS : A64_LOCAL_EPILOGUE_WORDS);
	}
	f = c->nr_funcs - 1;
	c->pos = off[last] / 4;
	c->stub_cursor = 0;
	if (!(p->flags[last] & BPF_F_IMM64_HI)) /* an ld_imm64's second half emits nothing */
		arm64_emit_slot(c, last, f);
	c->epi[f] = c->pos;
	c->stop = c->epi[f] + (f ? A64_LOCAL_EPILOGUE_WORDS : A64_MAIN_EPILOGUE_WORDS);
	c->stubs = c->stop + A64_STOP_CODE_WORDS;
}

/* Check what the verifier left for us: the subprograms in order, from slot 0. */
static int arm64_setup(struct arm64_jit *c, const struct bpf_prog *p)
{
	u32 f;

	if (!p->len || p->len > BPF_MAX_INSNS || p->nr_funcs > BPF_MAX_FUNCS)
		return -EINVAL;
	c->nr_funcs = p->nr_funcs ? p->nr_funcs : 1;
	c->func_start[0] = 0;
	for (f = 0; f < p->nr_funcs; f++) {
		c->func_start[f] = p->func_start[f];
		if (f ? c->func_start[f] <= c->func_start[f - 1] || c->func_start[f] >= p->len :
			c->func_start[f] != 0)
			return -EINVAL;
	}
	/* A sizing pass reads labels ahead of itself; only their count of words matters. */
	for (f = 0; f < c->nr_funcs; f++)
		c->entry[f] = c->epi[f] = 0;
	c->stop = c->stubs = 0;
	return 0;
}

/*
 * Translate p (see include/lander/bpf.h for the two calls): the measuring
 * call is one sizing pass, the writing call one writing pass over the
 * layout arm64_layout() derives from the measurement.
 */
int arch_bpf_jit(const struct bpf_prog *p, struct bpf_jit *j, const char **why)
{
	struct arm64_jit c;
	u32 n = 0;

	c.p = p;
	c.j = j;
	c.buf = NULL;
	c.words = NULL;
	c.limit = 0;
	c.all_far = !j->buf;
	c.long_cond = A64_JIT_LONG_BRANCHES;
	c.err = 0;
	c.why = NULL;
	if (arm64_setup(&c, p)) {
		*why = "malformed subprogram table";
		return -EINVAL;
	}
	if (!j->buf) {
		n = arm64_pass(&c, true);
		/* Every branch stays inside the code, so B.cond, CBZ and CBNZ reach. */
		if (!c.long_cond && (u64)n * 4 >= BCOND_RANGE)
			arm64_fail(&c, -ERANGE, "the code is beyond B.cond's reach");
	} else {
		arm64_layout(&c);
		c.buf = j->buf;
		if (!((uintptr_t)j->buf & 3)) {
			c.words = (u32 *)(void *)j->buf;
			c.limit = j->size / 4 < 0xffffffffu ? (u32)(j->size / 4) : 0xffffffffu;
		}
		if (!c.err)
			n = arm64_pass(&c, false);
	}
	if (c.err) {
		*why = c.why;
		return c.err;
	}
	j->len = (u64)n * 4;
	j->calls_near = c.near;
	j->calls_far = c.far;
	j->body_insns = c.body;
	return 0;
}
