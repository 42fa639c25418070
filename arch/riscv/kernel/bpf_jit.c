// SPDX-License-Identifier: GPL-2.0
/*
 * The riscv64 eBPF JIT: arch_bpf_jit() of include/lander/bpf.h.
 *
 * Instruction formats (R, I, S, B, U, J) and opcodes follow the RISC-V
 * unprivileged ISA manual, chapters "RV32I Base Integer Instruction Set",
 * "RV64I Base Integer Instruction Set", "M Extension for Integer
 * Multiplication and Division" and "A" Standard Extension for Atomic
 * Instructions. Only RV64IMA instructions are emitted (no compressed
 * forms), little-endian whatever the host's byte order, so that this
 * file builds and runs on any host. BPF semantics follow RFC 9669.
 *
 * Registers (RISC-V psABI integer calling convention):
 *
 *	BPF r0      a5 (x15)   the result; helpers return in a0, copied here
 *	BPF r1-r5   a0-a4      a helper's or local function's arguments as they are
 *	BPF r6-r9   s1-s4      callee-saved: survive helpers and local calls
 *	BPF r10     s0 (x8)    the frame pointer: top of this frame's 512 bytes
 *	CTX         s5         the context's address   \
 *	CTXLEN      s6         the context's length     | the per-run state,
 *	BUDGET      s7         back-edges left          | set by the main
 *	DEPTH       s8         local calls still allowed| prologue, shared by
 *	EXIT        s9         struct bpf_jit_exit *    | every frame
 *	OUTER_SP    s10        main's r10, under the saves /
 *	scratch     t0-t2
 *
 * Frames: the main prologue reserves the stack of every frame a run can
 * have (BPF_MAX_CALL_DEPTH) at once; sp then stays at the bottom, so
 * helpers and interrupts only ever use memory below it. A local function's
 * frame sits right under its caller's: its prologue saves ra and s0-s4 (a
 * BPF callee keeps r6-r9 and r10 for its caller) in 48 bytes above its
 * 512. Every frame's 512 bytes are zeroed on entry (include/lander/bpf.h),
 * so no program reads what earlier code left on the kernel stack.
 *
 *	OUTER_SP +96 | ra s0 .. s10 of the C caller     | main's saves
 *	OUTER_SP     | main's BPF stack (512)           | main r10 = OUTER_SP
 *	             | ra s0 .. s4, 48 bytes            | depth 2: r10 = caller's - 560
 *	             | BPF stack (512)                  |
 *	             | ... down to depth 8              |
 *	sp           |                                  |
 *
 * Run-time checks, each before the instruction has any effect:
 *  - a slot flagged BPF_F_CHECK computes its address into t0 and accepts
 *    it if [addr, addr + size) lies in the current frame's 512 bytes or
 *    in [CTX, CTX + CTXLEN), else it stops with BPF_STOP_BOUNDS. A
 *    checked atomic must also be naturally aligned; a checked call of
 *    the print helper checks [r1, r1 + r2) the same way (r2 = 0 passes);
 *  - a context shorter than the verified p->ctx_len, or none, stops at
 *    slot 0 before anything runs (the verifier's proofs assumed it);
 *  - a taken backward jump or a local call flagged BPF_F_BACKEDGE stops
 *    with BPF_STOP_BUDGET if BUDGET is 0, else decrements it;
 *  - a local call then stops with BPF_STOP_DEPTH if DEPTH is 0, else
 *    decrements it around the call. The main frame is the first of the
 *    BPF_MAX_CALL_DEPTH frames.
 * A stop loads the slot into t0 and jumps to one of three stubs after
 * the code, which set t1 to the reason, store both into *EXIT and leave
 * through the main epilogue with r0 = 0; the epilogue restores the C
 * caller's registers from OUTER_SP, whatever frame the stop came from.
 *
 * Atomic instructions are the A extension's AMOs (add, or, and, xor,
 * swap), and an LR/SC loop for cmpxchg, all with aq and rl set, so that
 * they stay atomic and ordered when several harts run programs on the
 * same memory. AMOs need naturally aligned addresses: a checked atomic
 * checks it, a proven one is aligned. Plain loads and stores may be
 * misaligned: the ISA lets the execution environment handle them, in
 * hardware or by trapping and emulating (slow, but invisible to the
 * program).
 *
 * Translation: rv_slot() turns most slots into words straight from the
 * tables and the b_*() builders, in place in the buffer. The rarer ALU
 * forms, calls and atomics go to emit_insn() and the emit_*() functions,
 * which append through c->pos and reach the same builders for what they
 * share (constants, stops, budget and address checks): each piece of
 * code has one encoder. Both calls run the same pass, inlined once with
 * measure constant: when measuring, words are counted, never encoded.
 *
 * Layout: the measuring call emits the program once without writing it
 * (pass 0), with the long form of every forward branch and of every local
 * call, and the short form (B-type, JAL) of each backward branch whose
 * target is in reach. rv_relax() then settles the layout without emitting
 * again: each slot has at most one site whose size depends on the layout
 * (a conditional branch, 8 or 4 bytes, or a local call's AUIPC+JALR or
 * JAL), so it walks the slots, moves each start by the bytes saved before
 * it, and applies the same reach test as an emitting pass would, until no
 * form changes (below 4 KiB of code every site is in reach: one walk takes
 * every short form); bits in each slot's j->insn_off entry carry its
 * site's kind and form between walks and are cleared at the end. In the
 * settled layout, every short form reaches its target and every long
 * form would not, so the decisions can be made again from j->insn_off
 * alone: the writing call emits once into j->buf, taking the targets from
 * j->insn_off (and the epilogues and stubs from the fixed sizes of the
 * code between), and fails if any slot lands elsewhere than j->insn_off
 * says. Helper calls are JAL only where the helper is within reach of
 * every byte of the j->size bytes at j->va (unknown when measuring:
 * AUIPC+JALR); where the writing call finds one so, it lays the program
 * out again first.
 */
#include <lander/bitops.h>
#include <lander/bpf.h>
#include <lander/errno.h>

/* Native register numbers (psABI names). */
enum {
	RV_ZERO = 0,
	RV_RA = 1,
	RV_SP = 2,
	RV_T0 = 5,
	RV_T1 = 6,
	RV_T2 = 7,
	RV_S0 = 8,
	RV_S1 = 9,
	RV_A0 = 10,
	RV_A5 = 15,
	RV_S2 = 18,
	RV_S3 = 19,
	RV_S4 = 20,
	RV_S5 = 21,
	RV_S6 = 22,
	RV_S7 = 23,
	RV_S8 = 24,
	RV_S9 = 25,
	RV_S10 = 26,
};

#define RV_CTX	    RV_S5
#define RV_CTXLEN   RV_S6
#define RV_BUDGET   RV_S7
#define RV_DEPTH    RV_S8
#define RV_EXIT	    RV_S9
#define RV_OUTER_SP RV_S10

/* By BPF register number; NO_REG for 11-15, which BPF does not have. */
#define NO_REG 0xff
static const u8 bpf_to_rv[16] = {
	RV_A5, RV_A0, RV_A0 + 1, RV_A0 + 2, RV_A0 + 3, RV_A0 + 4, RV_S1,  RV_S2,
	RV_S3, RV_S4, RV_S0,	 NO_REG,    NO_REG,    NO_REG,	  NO_REG, NO_REG,
};

#define MAIN_SAVED 12 /* ra, s0-s10 */
#define FUNC_SAVED 6  /* ra, s0-s4 */
#define FUNC_FRAME (BPF_STACK_SIZE + 8 * FUNC_SAVED)
/* Below main's saves: main's stack and every deeper frame. */
#define STACK_BELOW (BPF_STACK_SIZE + (BPF_MAX_CALL_DEPTH - 1) * FUNC_FRAME)
_Static_assert((STACK_BELOW + 8 * MAIN_SAVED) % 16 == 0, "psABI: sp stays 16-byte aligned");
_Static_assert(FUNC_FRAME < 2048, "a callee's saves are ADDI/SD immediates off r10");

/* Opcodes (unprivileged ISA, "RV32/64G Instruction Set Listings"). */
#define OPC_LOAD     0x03
#define OPC_OP_IMM   0x13
#define OPC_AUIPC    0x17
#define OPC_AMO	     0x2f
#define OPC_OP_IMM32 0x1b
#define OPC_STORE    0x23
#define OPC_OP	     0x33
#define OPC_LUI	     0x37
#define OPC_OP32     0x3b
#define OPC_BRANCH   0x63
#define OPC_JALR     0x67
#define OPC_JAL	     0x6f

/* BRANCH funct3. */
#define F3_BEQ	0
#define F3_BNE	1
#define F3_BLT	4
#define F3_BGE	5
#define F3_BLTU 6
#define F3_BGEU 7

#define MAX_PASSES 16
#define NO_OFF	   0xffffffffu

/*
 * While measuring, the low bits of a slot's j->insn_off entry (offsets
 * are multiples of 4) say whether the slot has a site whose size depends
 * on the layout, and whether it took the short form (see rv_relax()).
 */
#define RV_SHORT 1u
#define RV_SITE	 2u

/* Bytes of the fixed code between slots (tables further down). */
#define FUNC_ENTER_BYTES (4 * 11)
#define FUNC_LEAVE_BYTES (4 * 7)
#define MAIN_LEAVE_BYTES (4 * 15)
#define STUBS_BYTES	 (4 * 9) /* the table and the JAL to the main epilogue */

/* An instruction word in the buffer, little-endian (rv_le32()). */
typedef u32 __attribute__((__may_alias__)) rv_word;

/* One pass over the program. */
struct rv_ctx {
	const struct bpf_prog *p;
	struct bpf_jit *j;
	u8 *buf;	 /* NULL: measure only */
	u64 lim;	 /* a word fits at pos while pos < lim; 0 when measuring */
	u64 pos;	 /* bytes emitted so far */
	u32 site;	 /* this slot's variable-size site: RV_SITE, | RV_SHORT if short */
	int err;	 /* first error, sticky */
	const char *why; /* what it was */
	u32 cur;	 /* the slot being translated */
	/* Previous pass's layout (this pass's once emitted). */
	u32 func_entry[BPF_MAX_FUNCS];
	u32 func_epi[BPF_MAX_FUNCS];
	u32 stub[4]; /* by enum bpf_stop; [0] is the main epilogue */
};

/* Record the first error of a pass; emission goes on, writing nothing useful. */
static void rv_fail(struct rv_ctx *c, int err, const char *why)
{
	if (!c->err) {
		c->err = err;
		c->why = why;
	}
}

/* Does v fit a two's complement field of bits bits? */
static bool fits_signed(s64 v, int bits)
{
	return v >= -(1LL << (bits - 1)) && v < (1LL << (bits - 1));
}

/*
 * Append one 32-bit instruction, little-endian: stored while it fits below
 * c->lim (0 when measuring), where the writing pass has checked that the
 * buffer is 4-byte aligned.
 */
static inline void emit(struct rv_ctx *c, u32 insn)
{
	u64 pos = c->pos;
	u8 *buf = c->buf;

	c->pos = pos + 4;
	if (!buf)
		return;
	if (unlikely(pos >= c->lim)) {
		c->pos = pos;
		rv_fail(c, -ENOSPC, "code larger than the buffer");
		return;
	}
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
		*(rv_word *)(buf + pos) = insn;
	} else {
		buf[pos] = insn;
		buf[pos + 1] = insn >> 8;
		buf[pos + 2] = insn >> 16;
		buf[pos + 3] = insn >> 24;
	}
}

/*
 * Where the measuring pass records a position, the writing pass checks
 * that it emits at the same one.
 */
static void rv_mark(struct rv_ctx *c, u32 *at)
{
	if (!c->buf)
		*at = c->pos;
	else if (*at != c->pos)
		rv_fail(c, -EINVAL, "the writing pass disagrees with the sizing pass");
}

/*
 * The formats as constant expressions, for the fixed code's tables below,
 * and as functions for the rest.
 *
 * R-type: funct7 | rs2 | rs1 | funct3 | rd | opcode.
 * I-type: imm[11:0] | rs1 | funct3 | rd | opcode.
 * S-type: imm[11:5] | rs2 | rs1 | funct3 | imm[4:0] | opcode.
 * B-type: imm[12|10:5] | rs2 | rs1 | funct3 | imm[4:1|11] | opcode; offset even, +-4 KiB.
 */
#define RV_R(f7, rs2, rs1, f3, rd, opc)                                            \
	((u32)(f7) << 25 | (u32)(rs2) << 20 | (u32)(rs1) << 15 | (u32)(f3) << 12 | \
	 (u32)(rd) << 7 | (u32)(opc))
#define RV_I(imm, rs1, f3, rd, opc)                                                       \
	(((u32)(imm)&0xfff) << 20 | (u32)(rs1) << 15 | (u32)(f3) << 12 | (u32)(rd) << 7 | \
	 (u32)(opc))
#define RV_S(imm, rs2, rs1, f3)                                                   \
	((((u32)(imm) >> 5) & 0x7f) << 25 | (u32)(rs2) << 20 | (u32)(rs1) << 15 | \
	 (u32)(f3) << 12 | ((u32)(imm)&0x1f) << 7 | OPC_STORE)
#define RV_B(off, rs2, rs1, f3)                                                                 \
	((((u32)(off) >> 12) & 1) << 31 | (((u32)(off) >> 5) & 0x3f) << 25 | (u32)(rs2) << 20 | \
	 (u32)(rs1) << 15 | (u32)(f3) << 12 | (((u32)(off) >> 1) & 0xf) << 8 |                  \
	 (((u32)(off) >> 11) & 1) << 7 | OPC_BRANCH)

static u32 rv_r(u32 f7, u32 rs2, u32 rs1, u32 f3, u32 rd, u32 opc)
{
	return RV_R(f7, rs2, rs1, f3, rd, opc);
}

static u32 rv_i(s32 imm, u32 rs1, u32 f3, u32 rd, u32 opc)
{
	return RV_I(imm, rs1, f3, rd, opc);
}

static u32 rv_s(s32 imm, u32 rs2, u32 rs1, u32 f3)
{
	return RV_S(imm, rs2, rs1, f3);
}

static u32 rv_b(s32 off, u32 rs2, u32 rs1, u32 f3)
{
	return RV_B(off, rs2, rs1, f3);
}

/* U-type: imm[31:12] | rd | opcode. */
static u32 rv_u(u32 imm20, u32 rd, u32 opc)
{
	return (imm20 & 0xfffff) << 12 | rd << 7 | opc;
}

/* J-type: imm[20|10:1|11|19:12] | rd | opcode; offset even, +-1 MiB. */
#define RV_J(off, rd)                                                                          \
	((((u32)(off) >> 20) & 1) << 31 | (((u32)(off) >> 1) & 0x3ff) << 21 |                  \
	 (((u32)(off) >> 11) & 1) << 20 | (((u32)(off) >> 12) & 0xff) << 12 | (u32)(rd) << 7 | \
	 OPC_JAL)

static u32 rv_j(s32 off, u32 rd)
{
	return RV_J(off, rd);
}

/* ADDI rd, rs, imm (imm within 12 bits). */
static void emit_addi(struct rv_ctx *c, u32 rd, u32 rs, s32 imm)
{
	emit(c, rv_i(imm, rs, 0, rd, OPC_OP_IMM));
}

/* MV rd, rs (ADDI rd, rs, 0), nothing when they are the same register. */
static void emit_mv(struct rv_ctx *c, u32 rd, u32 rs)
{
	if (rd != rs)
		emit_addi(c, rd, rs, 0);
}

/* SLLI/SRLI/SRAI (RV64I: 6-bit shamt; SRAI has imm[10] set). */
static void emit_shift_imm(struct rv_ctx *c, u32 rd, u32 rs, u32 f3, bool arith, u32 sh)
{
	emit(c, rv_i((arith ? 0x400 : 0) | (sh & 63), rs, f3, rd, OPC_OP_IMM));
}

/* Clear bits 63:32 (RV64IM has no ZEXT.W): SLLI 32, SRLI 32. */
static void emit_zext32(struct rv_ctx *c, u32 rd, u32 rs)
{
	emit_shift_imm(c, rd, rs, 1, false, 32);
	emit_shift_imm(c, rd, rd, 5, false, 32);
}

/* ADDIW rd, rs, 0: bits 31:0 sign-extended (SEXT.W). */
static void emit_sext32(struct rv_ctx *c, u32 rd, u32 rs)
{
	emit(c, rv_i(0, rs, 0, rd, OPC_OP_IMM32));
}

/*
 * The words of one slot, or of one piece of code inside a slot, as the
 * b_*() builders below make them: where they go (NULL when measuring:
 * only counted), how many so far, and the byte offset of the first one
 * in the code. Each builder takes measure as a constant and is inlined,
 * so that when measuring no word is even encoded. The slot translator
 * rv_slot() and the general emitters (through emit_built()) share them:
 * each piece of code has one encoder.
 */
struct rv_words {
	rv_word *w;
	u32 n;
	u32 pos;
	bool far; /* a jump did not reach its target */
};

/* An instruction word as the buffer holds it: little-endian. */
static inline u32 rv_le32(u32 v)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? v : __builtin_bswap32(v);
}

static __always_inline void b_put(struct rv_words *b, u32 v, const bool measure)
{
	if (!measure)
		b->w[b->n] = rv_le32(v);
	b->n++;
}

/* In a builder: append word v. */
#define PUT(v) b_put(b, (v), measure)

/* Where the next word goes, in bytes from the start of the code. */
static __always_inline u32 b_here(const struct rv_words *b)
{
	return b->pos + 4 * b->n;
}

/* JAL rd to the byte offset target (not known when measuring). */
static __always_inline void b_jal(struct rv_words *b, u32 rd, u32 target, const bool measure)
{
	s64 o = (s64)target - b_here(b);

	if (!measure && !fits_signed(o, 21))
		b->far = true;
	PUT(rv_j((s32)o, rd));
}

/*
 * Load a 64-bit constant: ADDI for 12 bits, LUI+ADDIW for 32 bits
 * (ADDIW wraps within 32 bits and sign-extends, which covers the LUI
 * rounding up past 0x7ffff000), else the upper part the same way,
 * shifted left, plus the low 12 bits: each step strips at least 12 bits,
 * so three steps bring 64 bits within 32, and it takes at most
 * RV_LI_MAX words.
 */
#define RV_LI_MAX 8
static __always_inline void b_li(struct rv_words *b, u32 rd, s64 v, const bool measure)
{
	s32 lo[3];
	u32 sh[3], steps = 0, tail = 0;

	while (!fits_signed(v, 32)) {
		s64 l = (s64)(((u64)v & 0xfff) ^ 0x800) - 0x800;
		s64 hi = (s64)((u64)v - (u64)l) >> 12;
		u32 tz = ctz64((u64)hi); /* hi != 0: v is beyond 32 bits */

		if (!measure) {
			lo[steps] = (s32)l;
			sh[steps] = 12 + tz;
		}
		steps++;
		tail += l ? 2 : 1; /* SLLI, and ADDI unless l is 0 */
		v = hi >> tz;
	}
	if (fits_signed(v, 12)) {
		PUT(rv_i((s32)v, RV_ZERO, 0, rd, OPC_OP_IMM));
	} else {
		s32 l = (s32)((u64)v << 52 >> 52 ^ 0x800) - 0x800;

		PUT(rv_u((u32)(((u64)v - (u64)(s64)l) >> 12), rd, OPC_LUI));
		if (l)
			PUT(rv_i(l, rd, 0, rd, OPC_OP_IMM32));
	}
	if (measure) {
		b->n += tail;
		return;
	}
	while (steps--) {
		PUT(rv_i((s32)sh[steps], rd, 1, rd, OPC_OP_IMM)); /* SLLI */
		if (lo[steps])
			PUT(rv_i(lo[steps], rd, 0, rd, OPC_OP_IMM));
	}
}

/*
 * A stop at slot: t0 = slot (ADDI below 2048, else always LUI+ADDIW, so
 * that STOP_WORDS() knows the size), then JAL to the stub of its reason.
 */
#define STOP_WORDS(slot) ((slot) < 2048 ? 2u : 3u)
static __always_inline void b_stop(struct rv_words *b, u32 slot, u32 stub, const bool measure)
{
	if (slot < 2048) {
		PUT(rv_i((s32)slot, RV_ZERO, 0, RV_T0, OPC_OP_IMM));
	} else {
		PUT(rv_u((slot + 0x800) >> 12, RV_T0, OPC_LUI));
		PUT(rv_i((s32)((slot & 0xfff) ^ 0x800) - 0x800, RV_T0, 0, RV_T0, OPC_OP_IMM32));
	}
	b_jal(b, RV_ZERO, stub, measure);
}

/*
 * Stop if the budget is spent, else take one unit: BNE BUDGET, zero over
 * the stop; the stop; ADDI BUDGET, -1.
 */
static __always_inline void b_spend(struct rv_words *b, u32 slot, u32 stub, const bool measure)
{
	PUT(rv_b(4 + 4 * STOP_WORDS(slot), RV_ZERO, RV_BUDGET, F3_BNE));
	b_stop(b, slot, stub, measure);
	PUT(rv_i(-1, RV_BUDGET, 0, RV_BUDGET, OPC_OP_IMM));
}

/*
 * The address of a load or store at base + off, as (*reg, *imm) for its
 * I or S field. A checked one (BPF_F_CHECK) goes into t0, which is
 * accepted when u = addr - (r10 - 512) <= 512 - size (the frame), else
 * when t = addr - CTX and t + size neither wraps nor exceeds CTXLEN,
 * else the slot stops at the bounds stub.
 */
static __always_inline void b_addr(struct rv_words *b, u32 base, s16 off, u32 size, bool check,
				   u32 slot, u32 stub, u32 *reg, s32 *imm, const bool measure)
{
	u32 sl = 4 * STOP_WORDS(slot);

	*reg = RV_T0;
	*imm = 0;
	if (!check && fits_signed(off, 12)) {
		*reg = base;
		*imm = off;
		return;
	}
	if (!check) {
		b_li(b, RV_T0, off, measure);
		PUT(rv_r(0, RV_T0, base, 0, RV_T0, OPC_OP)); /* ADD t0, base, t0 */
		return;
	}
	if (fits_signed(off, 12)) {
		PUT(rv_i(off, base, 0, RV_T0, OPC_OP_IMM));
	} else {
		b_li(b, RV_T1, off, measure);
		PUT(rv_r(0, RV_T1, base, 0, RV_T0, OPC_OP)); /* ADD t0, base, t1 */
	}
	PUT(rv_r(0x20, RV_S0, RV_T0, 0, RV_T1, OPC_OP));		   /* SUB t1, t0, s0 */
	PUT(rv_i(BPF_STACK_SIZE, RV_T1, 0, RV_T1, OPC_OP_IMM));		   /* u */
	PUT(rv_i(BPF_STACK_SIZE + 1 - size, RV_T1, 3, RV_T1, OPC_OP_IMM)); /* SLTIU */
	PUT(rv_b(20 + sl, RV_ZERO, RV_T1, F3_BNE));			   /* to the access */
	PUT(rv_r(0x20, RV_CTX, RV_T0, 0, RV_T1, OPC_OP));		   /* SUB t1, t0, CTX */
	PUT(rv_i((s32)size, RV_T1, 0, RV_T2, OPC_OP_IMM));
	PUT(rv_b(8, RV_T1, RV_T2, F3_BLTU));	      /* wrapped: stop */
	PUT(rv_b(4 + sl, RV_T2, RV_CTXLEN, F3_BGEU)); /* fits: access */
	b_stop(b, slot, stub, measure);
}

/*
 * A conditional jump to the byte offset t, "if (rs1 f3 rs2)": one B-type
 * branch where t is known (always when writing; when measuring, only
 * behind) and in reach, else the inverted branch over a JAL. A back-edge
 * always takes the second shape, with the budget check on the taken
 * side. *site gets the form of a site whose size depends on the layout
 * (see rv_relax()); a back-edge's does not.
 */
static __always_inline void b_branch(struct rv_words *b, u32 f3, u32 rs1, u32 rs2, u32 t,
				     bool known, bool backedge, u32 slot, u32 stub, u32 *site,
				     const bool measure)
{
	s64 o = (s64)t - b_here(b);

	if (!backedge && known && fits_signed(o, 13)) {
		PUT(rv_b((s32)o, rs2, rs1, f3));
		*site = RV_SITE | RV_SHORT;
		return;
	}
	if (!backedge)
		*site = RV_SITE;
	/* Each branch funct3 and its inverse differ in bit 0. */
	PUT(rv_b(8 + (backedge ? 8 + 4 * STOP_WORDS(slot) : 0), rs2, rs1, f3 ^ 1));
	if (backedge)
		b_spend(b, slot, stub, measure);
	b_jal(b, RV_ZERO, t, measure);
}

/*
 * The general emitters' way to the builders: run builder on words at
 * c->pos, encoded when writing, counted when measuring, then append them.
 */
static void emit_built(struct rv_ctx *c, const struct rv_words *b)
{
	if (b->far)
		rv_fail(c, -ERANGE, "jump beyond JAL's +-1 MiB");
	if (!c->buf) {
		c->pos += 4 * b->n;
		return;
	}
	for (u32 i = 0; i < b->n; i++)
		emit(c, rv_le32(b->w[i]));
}

#define EMIT_BUILT(c, max, builder, ...)                                \
	do {                                                            \
		rv_word w_[max];                                        \
		struct rv_words b_ = { .w = w_, .pos = (u32)(c)->pos }; \
                                                                        \
		if ((c)->buf)                                           \
			builder(&b_, __VA_ARGS__, false);               \
		else                                                    \
			builder(&b_, __VA_ARGS__, true);                \
		emit_built(c, &b_);                                     \
	} while (0)

/* A stub's offset: known when writing, not needed when measuring. */
#define STUB(c, why) ((c)->buf ? (c)->stub[why] : 0)

static void emit_li(struct rv_ctx *c, u32 rd, s64 v)
{
	EMIT_BUILT(c, RV_LI_MAX, b_li, rd, v);
}

static void emit_stop(struct rv_ctx *c, enum bpf_stop why)
{
	EMIT_BUILT(c, 3, b_stop, c->cur, STUB(c, why));
}

static void emit_spend(struct rv_ctx *c)
{
	EMIT_BUILT(c, 5, b_spend, c->cur, STUB(c, BPF_STOP_BUDGET));
}

/* The address of the current slot's access (b_addr()), checked as its flags say. */
static void emit_addr(struct rv_ctx *c, u32 base, s16 off, u32 size, u32 *reg, s32 *imm)
{
	EMIT_BUILT(c, 14, b_addr, base, off, size, c->p->flags[c->cur] & BPF_F_CHECK, c->cur,
		   STUB(c, BPF_STOP_BOUNDS), reg, imm);
}

/*
 * A call to an absolute target address: JAL ra where near, else
 * AUIPC ra, hi20; JALR ra, lo12(ra), both relative to this instruction.
 * The target is never put into a register as a 64-bit constant.
 */
static void emit_call_va(struct rv_ctx *c, u64 target, bool near)
{
	u64 pc = c->j->va + c->pos;
	s64 off = (s64)(target - pc);

	if (near) {
		if (c->buf && !fits_signed(off, 21))
			rv_fail(c, -ERANGE, "call beyond JAL's +-1 MiB");
		emit(c, rv_j((s32)off, RV_RA));
		c->j->calls_near++;
		return;
	}
	s64 lo = (s64)(((u64)off & 0xfff) ^ 0x800) - 0x800;
	s64 hi = (off - lo) >> 12;

	if (c->buf && !fits_signed(hi, 20))
		rv_fail(c, -ERANGE, "call beyond AUIPC+JALR's +-2 GiB");
	emit(c, rv_u((u32)hi, RV_RA, OPC_AUIPC));
	emit(c, rv_i((s32)lo, RV_RA, 0, RV_RA, OPC_JALR));
	c->j->calls_far++;
}

/*
 * Whether a helper at va is within JAL's reach from every byte of the
 * buffer, so that the choice does not depend on where the call lands:
 * va - j->va in [size - 1 MiB, 1 MiB), that is va - near_from() below
 * near_span() (0 when measuring: there is no buffer yet).
 */
static u64 near_from(const struct bpf_jit *j)
{
	return j->va + j->size - (1u << 20);
}

static u64 near_span(const struct bpf_jit *j)
{
	return j->buf && j->size < (1u << 21) ? (1u << 21) - j->size : 0;
}

static bool helper_near(const struct bpf_jit *j, u64 va)
{
	return va - near_from(j) < near_span(j);
}

/*
 * A local call to function f: the budget check (BPF_F_BACKEDGE), the
 * depth check, then JAL or AUIPC+JALR.
 */
static void emit_local_call(struct rv_ctx *c, u32 f)
{
	u32 entry = c->buf ? c->func_entry[f] : NO_OFF;

	if (c->p->flags[c->cur] & BPF_F_BACKEDGE)
		emit_spend(c);
	emit(c, rv_b(4 + 4 * STOP_WORDS(c->cur), RV_ZERO, RV_DEPTH, F3_BNE));
	emit_stop(c, BPF_STOP_DEPTH);
	emit_addi(c, RV_DEPTH, RV_DEPTH, -1);
	if (entry != NO_OFF && fits_signed((s64)entry - (s64)c->pos, 21)) {
		emit(c, rv_j((s32)((s64)entry - (s64)c->pos), RV_RA));
		c->j->calls_near++;
		c->site = RV_SITE | RV_SHORT;
	} else {
		emit_call_va(c, c->j->va + (entry == NO_OFF ? c->pos : entry), false);
		c->site = RV_SITE;
	}
	emit_addi(c, RV_DEPTH, RV_DEPTH, 1);
}

/*
 * The print helper's check: [r1, r1 + r2) with r2 = a1 bytes, as
 * emit_check() but for a length known only at run time (0 passes).
 *
 *	BEQ a1, zero, ok
 *	SLTIU t2, a1, 513; BEQ t2, zero, ctx      longer than a frame
 *	ADDI t2, zero, 512; SUB t2, t2, a1        512 - len
 *	SUB t1, a0, s0; ADDI t1, t1, 512          u
 *	BGEU t2, t1, ok
 * ctx:	SUB t1, a0, CTX; ADD t2, t1, a1
 *	BLTU t2, t1, stop; BGEU CTXLEN, t2, ok
 * stop: ...
 */
static void emit_check_range(struct rv_ctx *c)
{
	u32 a0 = RV_A0, a1 = RV_A0 + 1, sl = 4 * STOP_WORDS(c->cur);

	emit(c, rv_b(48 + sl, RV_ZERO, a1, F3_BEQ));
	emit(c, rv_i(BPF_STACK_SIZE + 1, a1, 3, RV_T2, OPC_OP_IMM));
	emit(c, rv_b(24, RV_ZERO, RV_T2, F3_BEQ));
	emit_addi(c, RV_T2, RV_ZERO, BPF_STACK_SIZE);
	emit(c, rv_r(0x20, a1, RV_T2, 0, RV_T2, OPC_OP));
	emit(c, rv_r(0x20, RV_S0, a0, 0, RV_T1, OPC_OP));
	emit_addi(c, RV_T1, RV_T1, BPF_STACK_SIZE);
	emit(c, rv_b(20 + sl, RV_T1, RV_T2, F3_BGEU));
	emit(c, rv_r(0x20, RV_CTX, a0, 0, RV_T1, OPC_OP));
	emit(c, rv_r(0, a1, RV_T1, 0, RV_T2, OPC_OP));
	emit(c, rv_b(8, RV_T1, RV_T2, F3_BLTU));
	emit(c, rv_b(4 + sl, RV_T2, RV_CTXLEN, F3_BGEU));
	emit_stop(c, BPF_STOP_BOUNDS);
}

static const u32 load_f3[4] = { 6, 5, 4, 3 };	/* LWU LHU LBU LD by BPF_SIZE >> 3 */
static const u32 loadsx_f3[4] = { 2, 1, 0, 3 }; /* LW LH LB */
static const u32 store_f3[4] = { 2, 1, 0, 3 };	/* SW SH SB SD */
static const u32 size_bytes[4] = { 4, 2, 1, 8 };

/*
 * The one-word forms of the ALU operations by BPF_OP >> 4, without the
 * register fields: [0] the register-register form, [1] the immediate
 * form (I-type, imm added), each for ALU64 ([.][1]) and ALU ([.][0]);
 * 0 where rv_slot() leaves the operation to emit_alu(). OR, AND and XOR
 * have no 32-bit forms (the low 32 bits are the same). SUB's immediate
 * form is ADDI of the negated value; ARSH's sets imm[10].
 */
#define ALU_FORM(f7, f3, opc) ((u32)(f7) << 25 | (u32)(f3) << 12 | (opc))
static const u32 alu_form[2][2][16] = {
	[0][0] = {
		[BPF_ADD >> 4] = ALU_FORM(0, 0, OPC_OP32),  [BPF_SUB >> 4] = ALU_FORM(0x20, 0, OPC_OP32),
		[BPF_MUL >> 4] = ALU_FORM(1, 0, OPC_OP32),  [BPF_OR >> 4] = ALU_FORM(0, 6, OPC_OP),
		[BPF_AND >> 4] = ALU_FORM(0, 7, OPC_OP),	  [BPF_LSH >> 4] = ALU_FORM(0, 1, OPC_OP32),
		[BPF_RSH >> 4] = ALU_FORM(0, 5, OPC_OP32),  [BPF_XOR >> 4] = ALU_FORM(0, 4, OPC_OP),
		[BPF_ARSH >> 4] = ALU_FORM(0x20, 5, OPC_OP32),
	},
	[0][1] = {
		[BPF_ADD >> 4] = ALU_FORM(0, 0, OPC_OP),	[BPF_SUB >> 4] = ALU_FORM(0x20, 0, OPC_OP),
		[BPF_MUL >> 4] = ALU_FORM(1, 0, OPC_OP),	[BPF_OR >> 4] = ALU_FORM(0, 6, OPC_OP),
		[BPF_AND >> 4] = ALU_FORM(0, 7, OPC_OP),	[BPF_LSH >> 4] = ALU_FORM(0, 1, OPC_OP),
		[BPF_RSH >> 4] = ALU_FORM(0, 5, OPC_OP),	[BPF_XOR >> 4] = ALU_FORM(0, 4, OPC_OP),
		[BPF_ARSH >> 4] = ALU_FORM(0x20, 5, OPC_OP),
	},
	[1][0] = {
		[BPF_ADD >> 4] = ALU_FORM(0, 0, OPC_OP_IMM32), [BPF_SUB >> 4] = ALU_FORM(0, 0, OPC_OP_IMM32),
		[BPF_OR >> 4] = ALU_FORM(0, 6, OPC_OP_IMM),    [BPF_AND >> 4] = ALU_FORM(0, 7, OPC_OP_IMM),
		[BPF_LSH >> 4] = ALU_FORM(0, 1, OPC_OP_IMM32), [BPF_RSH >> 4] = ALU_FORM(0, 5, OPC_OP_IMM32),
		[BPF_XOR >> 4] = ALU_FORM(0, 4, OPC_OP_IMM),   [BPF_ARSH >> 4] = ALU_FORM(0x20, 5, OPC_OP_IMM32),
	},
	[1][1] = {
		[BPF_ADD >> 4] = ALU_FORM(0, 0, OPC_OP_IMM), [BPF_SUB >> 4] = ALU_FORM(0, 0, OPC_OP_IMM),
		[BPF_OR >> 4] = ALU_FORM(0, 6, OPC_OP_IMM),  [BPF_AND >> 4] = ALU_FORM(0, 7, OPC_OP_IMM),
		[BPF_LSH >> 4] = ALU_FORM(0, 1, OPC_OP_IMM), [BPF_RSH >> 4] = ALU_FORM(0, 5, OPC_OP_IMM),
		[BPF_XOR >> 4] = ALU_FORM(0, 4, OPC_OP_IMM), [BPF_ARSH >> 4] = ALU_FORM(0x20, 5, OPC_OP_IMM),
	},
};

/*
 * The conditional jumps by BPF_OP >> 4: the branch's funct3 plus one, and
 * COND_SWAP where the operands go the other way round (jmp_f3()); 0 for
 * JA, JSET, CALL and EXIT.
 */
#define COND_SWAP 16
static const u8 cond_form[16] = {
	[BPF_JEQ >> 4] = F3_BEQ + 1,
	[BPF_JNE >> 4] = F3_BNE + 1,
	[BPF_JGT >> 4] = F3_BLTU + 1 + COND_SWAP,
	[BPF_JGE >> 4] = F3_BGEU + 1,
	[BPF_JLT >> 4] = F3_BLTU + 1,
	[BPF_JLE >> 4] = F3_BGEU + 1 + COND_SWAP,
	[BPF_JSGT >> 4] = F3_BLT + 1 + COND_SWAP,
	[BPF_JSGE >> 4] = F3_BGE + 1,
	[BPF_JSLT >> 4] = F3_BLT + 1,
	[BPF_JSLE >> 4] = F3_BGE + 1 + COND_SWAP,
};

/* SLLI rd, rd, 32; SRLI rd, rd, 32 (emit_zext32()). */
#define ZEXT_HI(rd) RV_I(32, rd, 1, rd, OPC_OP_IMM)
#define ZEXT_LO(rd) RV_I(32, rd, 5, rd, OPC_OP_IMM)

/* AMO funct5 ("A" Standard Extension): AMO<op>.W/.D, LR, SC. */
#define AMO_ADD	 0x00
#define AMO_SWAP 0x01
#define AMO_LR	 0x02
#define AMO_SC	 0x03
#define AMO_XOR	 0x04
#define AMO_OR	 0x08
#define AMO_AND	 0x0c

/*
 * An AMO, LR or SC (R-type, opcode AMO): funct5 | aq | rl | rs2 | rs1 |
 * funct3 (010 .W, 011 .D) | rd. Every one here has aq and rl set: it is
 * ordered before and after every other access of the hart, as a BPF
 * atomic is in both directions.
 */
static u32 rv_amo(u32 f5, u32 rs2, u32 rs1, bool dw, u32 rd)
{
	return RV_R(f5 << 2 | 3, rs2, rs1, dw ? 3 : 2, rd, OPC_AMO);
}

/*
 * Atomic add/or/and/xor (with or without fetch), xchg and cmpxchg on a
 * word or doubleword (RFC 9669 5.3) with the A extension: one AMO, or for
 * cmpxchg an LR/SC loop. The address goes into a register first (AMOs
 * take no offset), checked like any access where flagged and then also
 * for natural alignment, which AMOs require (proven accesses are aligned:
 * the verifier refuses others, and r10 and the context are 8-aligned).
 * An AMO.W sign-extends the old word into rd, and a fetched word must be
 * zero-extended (into src, or into r0 for cmpxchg).
 */
static int emit_atomic(struct rv_ctx *c, const struct bpf_insn *in, u32 d, u32 s)
{
	u32 sz = BPF_SIZE(in->code) >> 3, reg, f5, r0 = bpf_to_rv[0];
	bool dw = sz == (BPF_DW >> 3);
	s32 imm;

	if (sz != (BPF_W >> 3) && !dw)
		return -EINVAL;
	switch (in->imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH: f5 = AMO_ADD; break;
	case BPF_OR:
	case BPF_OR | BPF_FETCH: f5 = AMO_OR; break;
	case BPF_AND:
	case BPF_AND | BPF_FETCH: f5 = AMO_AND; break;
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH: f5 = AMO_XOR; break;
	case BPF_XCHG: f5 = AMO_SWAP; break;
	case BPF_CMPXCHG: f5 = AMO_LR; break;
	default: return -EINVAL;
	}
	emit_addr(c, d, in->off, size_bytes[sz], &reg, &imm);
	if (c->p->flags[c->cur] & BPF_F_CHECK) {
		/* ANDI t1, t0, size - 1; BEQ t1, zero, over the stop */
		emit(c, rv_i((s32)size_bytes[sz] - 1, RV_T0, 7, RV_T1, OPC_OP_IMM));
		emit(c, rv_b(4 + 4 * STOP_WORDS(c->cur), RV_ZERO, RV_T1, F3_BEQ));
		emit_stop(c, BPF_STOP_BOUNDS);
	}
	if (imm) {
		emit_addi(c, RV_T0, reg, imm);
		reg = RV_T0;
	}
	if (f5 == AMO_LR) {
		/*
		 * loop: LR t1, (reg)
		 *	 .W: XOR t2, t1, r0; SLLI t2, t2, 32; BNE t2, zero, done
		 *	 .D: BNE t1, r0, done
		 *	 SC t2, src, (reg); BNE t2, zero, loop
		 * done: r0 = t1 (.W: zero-extended)
		 * Only base integer instructions between LR and SC, as the
		 * ISA's constrained LR/SC loop (which is sure to progress) asks.
		 */
		emit(c, rv_amo(AMO_LR, RV_ZERO, reg, dw, RV_T1));
		if (!dw) {
			emit(c, rv_r(0, r0, RV_T1, 4, RV_T2, OPC_OP));
			emit_shift_imm(c, RV_T2, RV_T2, 1, false, 32);
			emit(c, rv_b(12, RV_ZERO, RV_T2, F3_BNE));
		} else {
			emit(c, rv_b(12, r0, RV_T1, F3_BNE));
		}
		emit(c, rv_amo(AMO_SC, s, reg, dw, RV_T2));
		emit(c, rv_b(dw ? -12 : -20, RV_ZERO, RV_T2, F3_BNE));
		if (dw)
			emit_mv(c, r0, RV_T1);
		else
			emit_zext32(c, r0, RV_T1);
		return 0;
	}
	if (!(in->imm & BPF_FETCH)) {
		emit(c, rv_amo(f5, s, reg, dw, RV_ZERO));
		return 0;
	}
	emit(c, rv_amo(f5, s, reg, dw, RV_T1));
	if (dw)
		emit_mv(c, s, RV_T1);
	else
		emit_zext32(c, s, RV_T1);
	return 0;
}

/* Reverse the low n bytes of d into d, clearing the rest (bswap16/32/64). */
static void emit_bswap(struct rv_ctx *c, u32 d, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		u32 dst = i ? RV_T1 : RV_T0;

		if (i)
			emit_shift_imm(c, RV_T1, d, 5, false, 8 * i);
		emit(c, rv_i(0xff, i ? RV_T1 : d, 7, dst, OPC_OP_IMM)); /* ANDI */
		if (n - 1 - i)
			emit_shift_imm(c, dst, dst, 1, false, 8 * (n - 1 - i));
		if (i)
			emit(c, rv_r(0, RV_T1, RV_T0, 6, RV_T0, OPC_OP)); /* OR */
	}
	emit_mv(c, d, RV_T0);
}

/*
 * dst = dst op src for ALU and ALU64 (RFC 9669 4.1), src a native
 * register (the K forms have put imm into t1). Division by zero leaves
 * 0, modulo by zero leaves dst (RISC-V's REM already does, and gives the
 * RFC's results for INT_MIN / -1: INT_MIN, remainder 0); 32-bit results
 * are zero-extended.
 */
static __noinline int emit_alu_reg(struct rv_ctx *c, u32 op, bool is64, bool sdiv, u32 d, u32 s)
{
	u32 opc = is64 ? OPC_OP : OPC_OP32;

	if (op == BPF_DIV) {
		/* t2 = all ones if the divisor's operand bits are non-zero, else 0 */
		if (!is64) {
			emit_shift_imm(c, RV_T2, s, 1, false, 32);
			emit(c, rv_r(0, RV_T2, RV_ZERO, 3, RV_T2, OPC_OP)); /* SNEZ */
		} else {
			emit(c, rv_r(0, s, RV_ZERO, 3, RV_T2, OPC_OP));
		}
		emit(c, rv_r(0x20, RV_T2, RV_ZERO, 0, RV_T2, OPC_OP)); /* NEG */
		emit(c, rv_r(1, s, d, 5 - sdiv, d, opc));	       /* DIVU or DIV */
		emit(c, rv_r(0, RV_T2, d, 7, d, OPC_OP));	       /* AND */
	} else if (op == BPF_MOD) {
		emit(c, rv_r(1, s, d, 7 - sdiv, d, opc)); /* REMU or REM */
	} else {
		emit(c, alu_form[0][is64][op >> 4] | s << 20 | d << 15 | d << 7);
	}
	if (!is64)
		emit_zext32(c, d, d);
	return 0;
}

/*
 * ALU/ALU64 with an immediate rv_slot() leaves: division and modulo, and
 * the other operations' immediates beyond 12 bits, through t1.
 */
static __noinline int emit_alu_imm(struct rv_ctx *c, u32 op, bool is64, bool sdiv, u32 d, s32 imm)
{
	if (op == BPF_DIV && imm == 0) {
		emit_addi(c, d, RV_ZERO, 0);
		return 0;
	}
	if (op == BPF_DIV) {
		emit_li(c, RV_T1, imm);
		emit(c, rv_r(1, RV_T1, d, 5 - sdiv, d, is64 ? OPC_OP : OPC_OP32));
		if (!is64)
			emit_zext32(c, d, d);
		return 0;
	}
	if (op == BPF_MOD && imm == 0) {
		if (!is64)
			emit_zext32(c, d, d);
		return 0;
	}
	emit_li(c, RV_T1, imm);
	return emit_alu_reg(c, op, is64, sdiv, d, RV_T1);
}

/* NEG (RFC 9669 4.1: dst = -dst), a 32-bit result zero-extended. */
static __noinline int emit_neg(struct rv_ctx *c, bool is64, u32 d)
{
	emit(c, rv_r(0x20, d, RV_ZERO, 0, d, is64 ? OPC_OP : OPC_OP32));
	if (!is64)
		emit_zext32(c, d, d);
	return 0;
}

/* MOV of a wide immediate, and MOVSX (RFC 9669 4.1: off 8/16/32 sign-extends that many bits). */
static __noinline int emit_mov(struct rv_ctx *c, const struct bpf_insn *in, bool is64, u32 d, u32 s)
{
	if (BPF_SRC(in) && (in->code & BPF_X) == BPF_K)
		return -EINVAL;
	if ((in->code & BPF_X) == BPF_K) {
		emit_li(c, d, is64 ? (s64)in->imm : (s64)(u32)in->imm);
		return 0;
	}
	/* off 0, the plain copy, is rv_slot()'s */
	switch (in->off) {
	case 8:
	case 16:
		emit_shift_imm(c, d, s, 1, false, 64 - in->off);
		emit_shift_imm(c, d, d, 5, true, 64 - in->off);
		if (!is64)
			emit_zext32(c, d, d);
		return 0;
	case 32:
		if (!is64)
			return -EINVAL;
		emit_sext32(c, d, s);
		return 0;
	}
	return -EINVAL;
}

/* BPF_END (RFC 9669 4.2): to little-endian truncates, to big-endian and bswap reverse. */
static __noinline int emit_end(struct rv_ctx *c, const struct bpf_insn *in, bool is64, u32 d)
{
	bool swap = is64 || (in->code & BPF_X);

	if (in->imm != 16 && in->imm != 32 && in->imm != 64)
		return -EINVAL;
	if (swap) {
		emit_bswap(c, d, in->imm / 8);
	} else if (in->imm == 16) {
		emit_shift_imm(c, d, d, 1, false, 48);
		emit_shift_imm(c, d, d, 5, false, 48);
	} else if (in->imm == 32) {
		emit_zext32(c, d, d);
	}
	return 0;
}

/* An ALU or ALU64 slot rv_slot() leaves; -EINVAL for an operation RFC 9669 does not define. */
static __noinline int emit_alu(struct rv_ctx *c, const struct bpf_insn *in)
{
	u32 code = in->code;
	bool is64 = BPF_CLASS(code) == BPF_ALU64;
	u32 op = BPF_OP(code), d = bpf_to_rv[BPF_DST(in)], s = bpf_to_rv[BPF_SRC(in)];
	bool sdiv = false;

	if (op == BPF_MOV)
		return emit_mov(c, in, is64, d, s);
	if (op == BPF_END)
		return emit_end(c, in, is64, d);
	if (op == BPF_NEG)
		return emit_neg(c, is64, d);
	if (op == BPF_DIV || op == BPF_MOD) {
		if (in->off != 0 && in->off != 1)
			return -EINVAL;
		sdiv = in->off == 1;
	}
	if (op > BPF_ARSH || op == BPF_MOV)
		return -EINVAL;
	if ((in->code & BPF_X) == BPF_X)
		return emit_alu_reg(c, op, is64, sdiv, d, s);
	return emit_alu_imm(c, op, is64, sdiv, d, in->imm);
}

/* The register saved in slot i of a save area: ra, s0, s1, s2, ... */
#define SAVED_REG(i) ((i) == 0 ? RV_RA : (i) == 1 ? RV_S0 : (i) == 2 ? RV_S1 : RV_S2 + (i)-3)

/*
 * Zero the frame under r10 (include/lander/bpf.h: every frame starts
 * zeroed): t0 = s0 - 512; do { SD zero, 0(t0); t0 += 8 } while (t0 < s0).
 */
#define ZERO_FRAME                                                                      \
	RV_I(-BPF_STACK_SIZE, RV_S0, 0, RV_T0, OPC_OP_IMM), RV_S(0, RV_ZERO, RV_T0, 3), \
		RV_I(8, RV_T0, 0, RV_T0, OPC_OP_IMM), RV_B(-8, RV_S0, RV_T0, F3_BLTU)

/* SD of save slot i at off(base); LD of it back. */
#define SAVE(i, off, base) RV_S(off, SAVED_REG(i), base, 3)
#define LOAD(i, off, base) RV_I(off, base, 3, SAVED_REG(i), OPC_LOAD)

/*
 * The fixed code, the same in every program: tables of words, copied when
 * writing and only counted when measuring.
 *
 * A local function's prologue: save ra, s0-s4 under the caller's stack;
 * r10 moves down; its frame is zeroed.
 */
#define FUNC_SAVE(i) SAVE(i, 8 * (i)-FUNC_FRAME, RV_S0)
static const u32 func_enter[] = {
	FUNC_SAVE(0),
	FUNC_SAVE(1),
	FUNC_SAVE(2),
	FUNC_SAVE(3),
	FUNC_SAVE(4),
	FUNC_SAVE(5),
	RV_I(-FUNC_FRAME, RV_S0, 0, RV_S0, OPC_OP_IMM),
	ZERO_FRAME,
};
_Static_assert(FUNC_SAVED == 6, "func_enter saves 6 registers");

/* Its epilogue: restore them (s0, the base, last) and return. */
static const u32 func_leave[] = {
	LOAD(0, 0, RV_S0),
	LOAD(2, 16, RV_S0),
	LOAD(3, 24, RV_S0),
	LOAD(4, 32, RV_S0),
	LOAD(5, 40, RV_S0),
	LOAD(1, 8, RV_S0),
	RV_I(0, RV_RA, 0, RV_ZERO, OPC_JALR), /* RET */
};

/*
 * The main prologue's first part: save the C caller's ra and s0-s10 at
 * OUTER_SP (= r10), then (after t1 = STACK_BELOW) its second: move sp
 * below every frame, zero main's, keep a0 = ctx, a1 = ctx_len and a2 =
 * exit in s5, s6, s9 and clear *exit to BPF_OK.
 */
#define MAIN_SAVE(i) SAVE(i, 8 * (i), RV_SP)
static const u32 main_enter[] = {
	RV_I(-8 * MAIN_SAVED, RV_SP, 0, RV_SP, OPC_OP_IMM),
	MAIN_SAVE(0),
	MAIN_SAVE(1),
	MAIN_SAVE(2),
	MAIN_SAVE(3),
	MAIN_SAVE(4),
	MAIN_SAVE(5),
	MAIN_SAVE(6),
	MAIN_SAVE(7),
	MAIN_SAVE(8),
	MAIN_SAVE(9),
	MAIN_SAVE(10),
	MAIN_SAVE(11),
	RV_I(0, RV_SP, 0, RV_S0, OPC_OP_IMM),	    /* MV s0, sp */
	RV_I(0, RV_SP, 0, RV_OUTER_SP, OPC_OP_IMM), /* MV s10, sp */
};
_Static_assert(MAIN_SAVED == 12, "main_enter saves 12 registers");

static const u32 main_enter2[] = {
	RV_R(0x20, RV_T1, RV_S0, 0, RV_SP, OPC_OP), /* SUB sp, s0, t1 */
	ZERO_FRAME,
	RV_I(0, RV_A0, 0, RV_CTX, OPC_OP_IMM),	      /* MV s5, a0 */
	RV_I(0, RV_A0 + 1, 0, RV_CTXLEN, OPC_OP_IMM), /* MV s6, a1 */
	RV_I(0, RV_A0 + 2, 0, RV_EXIT, OPC_OP_IMM),   /* MV s9, a2 */
	RV_S(0, RV_ZERO, RV_EXIT, 2),		      /* SW zero, 0(s9) */
	RV_S(4, RV_ZERO, RV_EXIT, 2),		      /* SW zero, 4(s9) */
};

/* The main epilogue: r0 into a0, the C caller's registers back (s10, the base, last). */
#define MAIN_LOAD(i) LOAD(i, 8 * (i), RV_OUTER_SP)
static const u32 main_leave[] = {
	RV_I(0, RV_A5, 0, RV_A0, OPC_OP_IMM), /* MV a0, a5 (r0) */
	RV_I(8 * MAIN_SAVED, RV_OUTER_SP, 0, RV_SP, OPC_OP_IMM),
	MAIN_LOAD(0),
	MAIN_LOAD(1),
	MAIN_LOAD(2),
	MAIN_LOAD(3),
	MAIN_LOAD(4),
	MAIN_LOAD(5),
	MAIN_LOAD(6),
	MAIN_LOAD(7),
	MAIN_LOAD(8),
	MAIN_LOAD(9),
	MAIN_LOAD(10),
	MAIN_LOAD(11),
	RV_I(0, RV_RA, 0, RV_ZERO, OPC_JALR), /* RET */
};
_Static_assert(RV_OUTER_SP == SAVED_REG(11), "main_leave loads the base last");

/*
 * The stubs after the code: one per stop reason sets t1 and falls or
 * jumps to the common tail, which records (t1, t0) in *exit, drops
 * every nested frame and returns 0 through the main epilogue (a JAL
 * after these words). Each reason's stub starts 8 bytes after the last.
 */
static const u32 stubs[] = {
	RV_I(BPF_STOP_BOUNDS, RV_ZERO, 0, RV_T1, OPC_OP_IMM),
	RV_J(16, RV_ZERO), /* over 3 instructions to the tail */
	RV_I(BPF_STOP_BUDGET, RV_ZERO, 0, RV_T1, OPC_OP_IMM),
	RV_J(8, RV_ZERO),
	RV_I(BPF_STOP_DEPTH, RV_ZERO, 0, RV_T1, OPC_OP_IMM),
	RV_S(0, RV_T1, RV_EXIT, 2), /* the tail: SW t1, 0(EXIT); SW t0, 4(EXIT) */
	RV_S(4, RV_T0, RV_EXIT, 2),
	RV_I(0, RV_ZERO, 0, RV_A5, OPC_OP_IMM), /* r0 = 0 */
};
_Static_assert(BPF_STOP_BUDGET == BPF_STOP_BOUNDS + 1 && BPF_STOP_DEPTH == BPF_STOP_BUDGET + 1,
	       "one stub per reason, in order");

_Static_assert(sizeof(func_enter) == FUNC_ENTER_BYTES && sizeof(func_leave) == FUNC_LEAVE_BYTES &&
		       sizeof(main_leave) == MAIN_LEAVE_BYTES && sizeof(stubs) + 4 == STUBS_BYTES,
	       "the fixed code's sizes, from which the writing pass places it");

/* Append the n words of a table: copied when writing, counted when measuring. */
static void emit_words(struct rv_ctx *c, const u32 *w, u32 n)
{
	if (c->buf) {
		if (c->pos + 4 * n > c->lim) {
			rv_fail(c, -ENOSPC, "code larger than the buffer");
			return;
		}
		if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
			rv_word *to = (rv_word *)(c->buf + c->pos);

			for (u32 i = 0; i < n; i++)
				to[i] = w[i];
		} else {
			for (u32 i = 0; i < n; i++)
				emit(c, w[i]);
			return;
		}
	}
	c->pos += 4 * n;
}

#define EMIT_TABLE(c, t) emit_words(c, t, ARRAY_SIZE(t))

static void emit_func_enter(struct rv_ctx *c)
{
	EMIT_TABLE(c, func_enter);
}

static void emit_func_leave(struct rv_ctx *c)
{
	EMIT_TABLE(c, func_leave);
}

/*
 * rv_li() of a constant in [0, 2^31 - 2^11), as a constant expression for
 * the tables below: LI_WORDS(v) words of LI_W0, LI_W1.
 */
#define LI_LO(v)    ((((s32)(v)&0xfff) ^ 0x800) - 0x800)
#define LI_WORDS(v) ((v) < 2048 ? 1 : LI_LO(v) ? 2 : 1)
#define LI_W0(rd, v)                                        \
	((v) < 2048 ? RV_I(v, RV_ZERO, 0, rd, OPC_OP_IMM) : \
		      ((u32)((v)-LI_LO(v)) & 0xfffff000u) | (u32)(rd) << 7 | OPC_LUI)
#define LI_W1(rd, v) RV_I(LI_LO(v), rd, 0, rd, OPC_OP_IMM32)
#define LI_TABLE(rd, v)                    \
	{                                  \
		LI_W0(rd, v), LI_W1(rd, v) \
	}
#define LI_CONST_OK(v) ((v) >= 0 && (v) < 0x7ffff800)
_Static_assert(LI_CONST_OK(STACK_BELOW) && LI_CONST_OK(BPF_BACKEDGE_BUDGET) &&
		       LI_CONST_OK(BPF_MAX_CALL_DEPTH - 1),
	       "the main prologue's constants load with ADDI or LUI (+ADDIW)");
static const u32 li_stack[2] = LI_TABLE(RV_T1, STACK_BELOW);
static const u32 li_budget[2] = LI_TABLE(RV_BUDGET, BPF_BACKEDGE_BUDGET);
static const u32 li_depth[2] = LI_TABLE(RV_DEPTH, BPF_MAX_CALL_DEPTH - 1);

/*
 * The main prologue: main_enter, t1 = STACK_BELOW, main_enter2, the run
 * state's budget and depth, and the context's check. Runs in slot 0's
 * name (c->cur is 0).
 */
static void emit_main_prologue(struct rv_ctx *c)
{
	EMIT_TABLE(c, main_enter);
	emit_words(c, li_stack, LI_WORDS(STACK_BELOW));
	EMIT_TABLE(c, main_enter2);
	emit_words(c, li_budget, LI_WORDS(BPF_BACKEDGE_BUDGET));
	emit_words(c, li_depth, LI_WORDS(BPF_MAX_CALL_DEPTH - 1));
	if (c->p->ctx_len) {
		/*
		 * A context shorter than the verified one, or none, would void
		 * the verifier's proofs: stop at slot 0 as the interpreter does.
		 * BLTU CTXLEN, t1, stop; BNE CTX, zero, over the stop.
		 */
		emit_li(c, RV_T1, (s64)c->p->ctx_len);
		emit(c, rv_b(8, RV_T1, RV_CTXLEN, F3_BLTU));
		emit(c, rv_b(4 + 4 * STOP_WORDS(c->cur), RV_ZERO, RV_CTX, F3_BNE));
		emit_stop(c, BPF_STOP_BOUNDS);
	}
}

static void emit_main_epilogue(struct rv_ctx *c)
{
	rv_mark(c, &c->stub[0]);
	EMIT_TABLE(c, main_leave);
}

static void emit_stubs(struct rv_ctx *c)
{
	rv_mark(c, &c->stub[BPF_STOP_BOUNDS]);
	if (!c->buf) {
		c->stub[BPF_STOP_BUDGET] = c->pos + 8;
		c->stub[BPF_STOP_DEPTH] = c->pos + 16;
	}
	EMIT_TABLE(c, stubs);
	EMIT_BUILT(c, 1, b_jal, RV_ZERO, c->stub[0]);
}

/* BPF_CALL: a local call to the function starting at slot cur + 1 + imm, or a helper. */
static __noinline int emit_call(struct rv_ctx *c, const struct bpf_insn *in)
{
	if (BPF_SRC(in) == 1) {
		u32 t = c->cur + 1 + in->imm;

		for (u32 f = 0; f < c->p->nr_funcs; f++)
			if (c->p->func_start[f] == t) {
				emit_local_call(c, f);
				return 0;
			}
		return -EINVAL;
	}
	if (BPF_SRC(in) != 0 || in->imm < 0 || in->imm >= BPF_NR_HELPERS ||
	    !c->j->helper_va[in->imm])
		return -EINVAL;
	u64 va = c->j->helper_va[in->imm];

	if (c->p->flags[c->cur] & BPF_F_CHECK)
		emit_check_range(c);
	emit_call_va(c, va, helper_near(c->j, va));
	emit_mv(c, bpf_to_rv[0], RV_A0);
	return 0;
}

/*
 * The slots rv_slot() leaves to the general emitters (RV_GENERAL): the
 * rarer ALU forms, calls and atomics. Returns 0 or -EINVAL.
 */
static int emit_insn(struct rv_ctx *c, const struct bpf_insn *in)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64: return emit_alu(c, in);
	case BPF_JMP: return emit_call(c, in);
	case BPF_STX: return emit_atomic(c, in, bpf_to_rv[BPF_DST(in)], bpf_to_rv[BPF_SRC(in)]);
	}
	return -EINVAL;
}

/* SLLI rd, rd, 32; SRLI rd, rd, 32 (emit_zext32()). */
#define ZEXT_HI(rd) RV_I(32, rd, 1, rd, OPC_OP_IMM)
#define ZEXT_LO(rd) RV_I(32, rd, 5, rd, OPC_OP_IMM)

/*
 * The most words rv_slot() gives for a slot: a checked ST of a 32-bit
 * immediate at slot 2048 or later with an offset beyond 12 bits (LUI,
 * ADDIW, ADD; eight words of checks; a three-word stop; LUI, ADDIW; SW).
 */
#define SLOT_MAX 17

/* What rv_slot() needs of the pass: the targets (unused when measuring). */
struct rv_slot_at {
	const u8 *flags; /* p->flags */
	const u32 *off;	 /* j->insn_off */
	const u32 *stub; /* c->stub */
	u32 epi;	 /* the current function's epilogue */
	u32 len;	 /* p->len */
};

enum {
	RV_GENERAL = -1, /* emit_insn()'s: the rarer ALU forms, calls and atomics */
	RV_BAD = -2,	 /* not an instruction the JIT translates */
};

/*
 * Translate slot i, at b->pos, into b: every slot but the rarer ALU
 * forms (division and modulo, negation, byte swaps, sign-extending moves,
 * immediates beyond 12 bits), calls and atomics, which it leaves to
 * emit_insn() (RV_GENERAL). Returns 0, RV_GENERAL or RV_BAD, with the
 * slot's site bits in *site. Inlined into each pass with measure
 * constant: when measuring, the words are only counted, and the tables
 * and targets are not even read.
 */
static __always_inline int rv_slot(struct rv_words *b, const struct bpf_insn *in, u32 i, u8 fl,
				   const struct rv_slot_at *at, u32 *site, const bool measure)
{
	u32 code = in->code, op = BPF_OP(code), cls = BPF_CLASS(code), d, s, t, base, sz, reg;
	bool back = fl & BPF_F_BACKEDGE, known;
	s32 imm = in->imm, k;
	s64 to;

	*site = 0;
	d = bpf_to_rv[BPF_DST(in)];
	s = bpf_to_rv[BPF_SRC(in)];
	if (unlikely((d | s) == NO_REG))
		return RV_BAD; /* a register above r10 */
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64: {
		bool is64 = cls == BPF_ALU64, x = code & BPF_X;

		if (op == BPF_MOV) {
			if (x) {
				if (in->off)
					return RV_GENERAL; /* MOVSX */
				if (!is64) {		   /* zero-extending copy */
					PUT(rv_i(32, s, 1, d, OPC_OP_IMM));
					PUT(ZEXT_LO(d));
				} else if (d != s) {
					PUT(rv_i(0, s, 0, d, OPC_OP_IMM));
				}
				return 0;
			}
			/* ALU64 sign-extends imm, ALU zero-extends it: ADDI where that fits */
			if (BPF_SRC(in) || (is64 ? !fits_signed(imm, 12) : (u32)imm >= 2048))
				return RV_GENERAL;
			PUT(rv_i(imm, RV_ZERO, 0, d, OPC_OP_IMM));
			return 0;
		}
		base = alu_form[!x][is64][op >> 4];
		if (!base)
			return RV_GENERAL;
		if (x) {
			PUT(base | s << 20 | d << 15 | d << 7);
		} else {
			if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
				/* RFC 9669 4.1: the shift is masked to the width */
				k = imm & (is64 ? 63 : 31);
			} else {
				to = op == BPF_SUB ? -(s64)imm : imm;
				if (!fits_signed(to, 12))
					return RV_GENERAL;
				k = (s32)to;
			}
			PUT(base | (u32)(k & 0xfff) << 20 | d << 15 | d << 7);
			if (op == BPF_AND && imm >= 0)
				return 0; /* bits 63:12 already clear */
		}
		if (!is64) {
			PUT(ZEXT_HI(d));
			PUT(ZEXT_LO(d));
		}
		return 0;
	}
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT || op == BPF_CALL) {
			if (cls == BPF_JMP32)
				return RV_BAD;
			if (op == BPF_CALL)
				return RV_GENERAL;
			/* the function's last slot falls into its epilogue */
			if (i + 1 < at->len && !(at->flags[i + 1] & BPF_F_FUNC))
				b_jal(b, RV_ZERO, at->epi, measure);
			return 0;
		}
		to = (s64)i + 1 + (cls == BPF_JMP32 && op == BPF_JA ? imm : in->off);
		if (to < 0 || to >= at->len)
			return RV_BAD; /* the verifier refuses it; never index insn_off with it */
		/* a target behind is placed already, one ahead only when writing */
		known = !measure || to <= i;
		t = known ? at->off[to] & ~3u : 0; /* bits 0-1: rv_relax()'s while measuring */
		base = measure ? 0 : at->stub[BPF_STOP_BUDGET];
		if (op == BPF_JA) {
			if (back)
				b_spend(b, i, base, measure);
			b_jal(b, RV_ZERO, t, measure);
			return 0;
		}
		if (code & BPF_X) {
			/* s is the source register */
		} else if (!imm && op != BPF_JSET) {
			s = RV_ZERO;
		} else {
			s = RV_T1;
			b_li(b, RV_T1, imm, measure);
		}
		if (op == BPF_JSET) {
			PUT(rv_r(0, s, d, 7, RV_T0, OPC_OP)); /* AND t0, d, s */
			if (cls == BPF_JMP32)
				PUT(ZEXT_HI(RV_T0));
			b_branch(b, F3_BNE, RV_T0, RV_ZERO, t, known, back, i, base, site, measure);
			return 0;
		}
		k = cond_form[op >> 4];
		if (!k)
			return RV_BAD;
		if (cls == BPF_JMP32) {
			/*
			 * The low 32 bits of both, sign-extended from bit 31
			 * (t1 already is), which keeps signed and unsigned
			 * order alike: still one branch for every comparison.
			 */
			PUT(rv_i(0, d, 0, RV_T0, OPC_OP_IMM32));
			d = RV_T0;
			if (s != RV_ZERO && s != RV_T1) {
				PUT(rv_i(0, s, 0, RV_T2, OPC_OP_IMM32));
				s = RV_T2;
			}
		}
		if (k & COND_SWAP)
			b_branch(b, (k & 15) - 1, s, d, t, known, back, i, base, site, measure);
		else
			b_branch(b, (k & 15) - 1, d, s, t, known, back, i, base, site, measure);
		return 0;
	case BPF_LD:
		/* only ld_imm64 (src 0), over this slot and the next */
		if (code != (BPF_LD | BPF_IMM | BPF_DW) || BPF_SRC(in) || i + 1 >= at->len)
			return RV_BAD;
		b_li(b, d, (s64)((u64)(u32)imm | (u64)(u32)in[1].imm << 32), measure);
		return 0;
	case BPF_STX:
		if (BPF_MODE(code) == BPF_ATOMIC)
			return RV_GENERAL;
		/* fall through */
	case BPF_ST:
	case BPF_LDX:
		if (BPF_MODE(code) != BPF_MEM && !(cls == BPF_LDX && BPF_MODE(code) == BPF_MEMSX))
			return RV_BAD;
		sz = BPF_SIZE(code) >> 3;
		b_addr(b, cls == BPF_LDX ? s : d, in->off, size_bytes[sz], fl & BPF_F_CHECK, i,
		       measure ? 0 : at->stub[BPF_STOP_BOUNDS], &reg, &k, measure);
		if (cls == BPF_LDX) {
			PUT(rv_i(k, reg, (BPF_MODE(code) == BPF_MEM ? load_f3 : loadsx_f3)[sz], d,
				 OPC_LOAD));
			return 0;
		}
		if (cls == BPF_ST) {
			s = imm ? RV_T1 : RV_ZERO;
			if (imm)
				b_li(b, RV_T1, imm, measure);
		}
		PUT(rv_s(k, s, reg, store_f3[sz]));
		return 0;
	}
	return RV_BAD;
}

/* The previous function's epilogue, then function func's prologue (slot i starts it). */
static void rv_next_func(struct rv_ctx *c, u32 func)
{
	rv_mark(c, &c->func_epi[func - 1]);
	if (func == 1)
		emit_main_epilogue(c);
	else
		emit_func_leave(c);
	if (func >= c->p->nr_funcs) {
		rv_fail(c, -EINVAL, "more function starts than nr_funcs");
		return;
	}
	rv_mark(c, &c->func_entry[func]);
	emit_func_enter(c);
}

/*
 * One pass: prologues, slots, epilogues, stubs. The measuring pass records
 * where each slot, epilogue, prologue and stub starts, with the slot's
 * site bits in its j->insn_off entry; the writing pass checks that it
 * emits each of them where recorded. Inlined into each caller with
 * measure constant, so that the slot loop keeps its position in a
 * register; the slots rv_slot() leaves go through emit_insn() and c->pos.
 */
static __always_inline void rv_pass(struct rv_ctx *c, const bool measure)
{
	const struct bpf_prog *p = c->p;
	const struct bpf_insn *insns = p->insns;
	const u8 *flags = p->flags;
	u32 *off = c->j->insn_off, n = p->len, func = 0, pos, first, between = 0, site;
	struct rv_slot_at at = { .flags = flags, .off = off, .stub = c->stub, .len = n };
	rv_word spare[SLOT_MAX];
	u8 *buf = c->buf;
	/* at or below this, the longest slot fits before the buffer's end */
	u64 roomy = c->lim > 4 * SLOT_MAX ? c->lim - 4 * SLOT_MAX : 0;
	int err;

	c->pos = 0;
	c->cur = 0;
	c->j->calls_near = c->j->calls_far = 0;
	c->func_entry[0] = 0;
	emit_main_prologue(c);
	pos = first = (u32)c->pos;
	at.epi = measure ? 0 : c->func_epi[0];
	for (u32 i = 0; i < n; i++) {
		u8 fl = flags[i];
		struct rv_words b = { .pos = pos };

		if (unlikely(i && (fl & BPF_F_FUNC))) {
			c->pos = pos;
			c->cur = i;
			rv_next_func(c, ++func);
			if (c->err)
				break;
			between += (u32)c->pos - pos; /* not the body's */
			pos = (u32)c->pos;
			at.epi = measure ? 0 : c->func_epi[func];
		}
		if (measure) {
			off[i] = pos;
		} else if (unlikely(off[i] != pos)) {
			rv_fail(c, -EINVAL, "the writing pass disagrees with the sizing pass");
			break;
		}
		if (fl & BPF_F_IMM64_HI)
			continue;
		/*
		 * Written in place where the longest slot fits before the
		 * buffer's end, else into spare and copied. A slot rv_slot()
		 * leaves after storing words is emitted again from pos.
		 */
		if (!measure) {
			b.pos = pos;
			b.w = pos <= roomy ? (rv_word *)(buf + pos) : spare;
		}
		err = rv_slot(&b, &insns[i], i, fl, &at, &site, measure);
		if (likely(!err)) {
			if (unlikely(b.far)) {
				rv_fail(c, -ERANGE, "jump beyond JAL's +-1 MiB");
				break;
			}
			if (!measure && b.w == spare) {
				/* a copy: b itself stays in registers */
				struct rv_words copy = b;

				c->pos = pos;
				emit_built(c, &copy);
				if (c->err)
					break;
			}
			pos += 4 * b.n;
			if (measure)
				off[i] |= site;
			continue;
		}
		if (err == RV_BAD) {
			rv_fail(c, -EINVAL, "instruction the JIT does not translate");
			break;
		}
		c->pos = pos;
		c->cur = i;
		c->site = 0;
		err = emit_insn(c, &insns[i]);
		if (unlikely(err))
			rv_fail(c, err, "instruction the JIT does not translate");
		pos = (u32)c->pos;
		if (measure)
			off[i] |= c->site;
		if (unlikely(c->err))
			break;
	}
	c->pos = pos;
	c->cur = n - 1;
	c->j->body_insns = (pos - first - between) / 4;
	rv_mark(c, &c->func_epi[func]);
	if (func == 0)
		emit_main_epilogue(c);
	else
		emit_func_leave(c);
	emit_stubs(c);
}

/*
 * The target of slot i's site (RV_SITE): the target slot of a conditional
 * branch, or the function of a local call (*call set). Mirrors emit_insn().
 */
static u32 site_target(const struct bpf_prog *p, u32 i, bool *call)
{
	const struct bpf_insn *in = &p->insns[i];

	*call = in->code == (BPF_JMP | BPF_CALL);
	if (!*call)
		return i + 1 + in->off;
	for (u32 f = 0; f < p->nr_funcs; f++)
		if (p->func_start[f] == i + 1 + in->imm)
			return f;
	return 0; /* not reached: pass 0 refused such a call */
}

/*
 * Settle the layout pass 0 left in j->insn_off, c->func_entry, c->func_epi
 * and c->pos, as further emitting passes would, and clear the site bits.
 *
 * Where pass 0's code is shorter than 4 KiB, every distance in it is
 * within a B-type branch's reach (and a JAL's), and stays so as code
 * shrinks: every site takes its short form, as the passes would choose,
 * in one walk that moves each slot by the bytes saved before it.
 *
 * Else each walk moves every start by the bytes the sites before it saved
 * (or gave back) and tests each site's reach with the targets as far as
 * the walk knows them (already moved if before it), until no form
 * changes. A site ends its slot, but for a local call's ADDI DEPTH after
 * it; a slot's code ends where the next slot starts, or at its function's
 * epilogue.
 */
static void rv_relax(struct rv_ctx *c)
{
	const struct bpf_prog *p = c->p;
	u32 *off = c->j->insn_off, n = p->len, shift = 0; /* bytes saved so far, mod 2^32 */
	bool call;

	if (c->pos < 4096) {
		for (u32 i = 0; i < n; i++) {
			u32 v = off[i];

			off[i] = (v & ~3u) - shift;
			if ((v & 3) != RV_SITE)
				continue;
			shift += 4;
			c->j->body_insns--;
			if (p->insns[i].code == (BPF_JMP | BPF_CALL)) {
				c->j->calls_near++;
				c->j->calls_far--;
			}
		}
		c->pos -= shift;
		return;
	}
	for (int walk = 0; walk < MAX_PASSES; walk++) {
		u32 func = 0;
		bool changed = false;

		shift = 0;
		for (u32 i = 0; i < n; i++) {
			u32 v = off[i], t, end, at;
			bool was = v & RV_SHORT, now;

			if (i && (p->flags[i] & BPF_F_FUNC)) {
				c->func_epi[func] -= shift;
				c->func_entry[++func] -= shift;
			}
			off[i] = v - shift;
			if (!(v & RV_SITE))
				continue;
			t = site_target(p, i, &call);
			if (i + 1 < n && !(p->flags[i + 1] & BPF_F_FUNC))
				end = off[i + 1] & ~3u; /* not yet moved */
			else
				end = c->func_epi[func];
			at = end - (call ? 4 : 0) - (was ? 4 : 8) - shift;
			if (!call)
				now = fits_signed((s64)(off[t] & ~3u) - at, 13);
			else
				now = fits_signed((s64)c->func_entry[t] - at, 21);
			if (now == was)
				continue;
			changed = true;
			off[i] ^= RV_SHORT;
			shift += now ? 4 : -4;
			c->j->body_insns += now ? -1 : 1;
			if (call) {
				c->j->calls_near += now ? 1 : -1;
				c->j->calls_far += now ? -1 : 1;
			}
		}
		c->func_epi[func] -= shift;
		c->pos -= shift;
		if (!changed) {
			for (u32 i = 0; i < n; i++)
				off[i] &= ~3u;
			return;
		}
	}
	rv_fail(c, -EINVAL, "layout did not settle");
}

/* Lay p out: pass 0, then rv_relax(). */
static void rv_layout(struct rv_ctx *c)
{
	u8 *buf = c->buf;

	c->buf = NULL;
	c->lim = 0;
	rv_pass(c, true);
	if (!c->err)
		rv_relax(c);
	c->j->len = c->pos;
	c->buf = buf;
}

/*
 * Whether a helper call of p takes JAL in the writing call, which the
 * measuring call, not knowing the buffer, could not have chosen.
 */
static bool rv_near_helper_calls(struct rv_ctx *c)
{
	const struct bpf_prog *p = c->p;
	const u64 *va = c->j->helper_va;
	u64 from = near_from(c->j), span = near_span(c->j);
	bool any = false;

	for (u32 h = 0; h < BPF_NR_HELPERS; h++)
		any |= va[h] && va[h] - from < span;
	if (!any)
		return false;
	for (u32 i = 0; i < p->len; i++) {
		const struct bpf_insn *in = &p->insns[i];

		if (in->code == (BPF_JMP | BPF_CALL) && BPF_SRC(in) == 0 && in->imm >= 0 &&
		    in->imm < BPF_NR_HELPERS && !(p->flags[i] & BPF_F_IMM64_HI) &&
		    c->j->helper_va[in->imm] && helper_near(c->j, c->j->helper_va[in->imm]))
			return true;
	}
	return false;
}

/*
 * The writing pass: every target from the settled layout in j->insn_off
 * and j->len. A function's prologue ends where its first slot starts, its
 * epilogue starts that prologue and the previous function's epilogue
 * before, the stubs end the code.
 */
static void rv_write(struct rv_ctx *c)
{
	const struct bpf_prog *p = c->p;
	struct bpf_jit *j = c->j;
	u32 n = p->nr_funcs, stubs = (u32)j->len - STUBS_BYTES;

	if (j->len > j->size) {
		rv_fail(c, -ENOSPC, "code larger than the buffer");
		return;
	}
	if ((uintptr_t)c->buf & 3) {
		rv_fail(c, -EINVAL, "buffer not 4-byte aligned, as instructions must be");
		return;
	}
	c->lim = j->size & ~3ull;
	c->func_entry[0] = 0;
	for (u32 f = 1; f < n; f++) {
		if (p->func_start[f] >= p->len) {
			rv_fail(c, -EINVAL, "function start beyond the program");
			return;
		}
		c->func_entry[f] = j->insn_off[p->func_start[f]] - FUNC_ENTER_BYTES;
		c->func_epi[f - 1] = c->func_entry[f] -
				     (f == 1 ? MAIN_LEAVE_BYTES : FUNC_LEAVE_BYTES);
	}
	c->func_epi[n - 1] = stubs - (n == 1 ? MAIN_LEAVE_BYTES : FUNC_LEAVE_BYTES);
	c->stub[0] = c->func_epi[0];
	c->stub[BPF_STOP_BOUNDS] = stubs;
	c->stub[BPF_STOP_BUDGET] = stubs + 8;
	c->stub[BPF_STOP_DEPTH] = stubs + 16;
	rv_pass(c, false);
	if (!c->err && c->pos != j->len)
		rv_fail(c, -EINVAL, "the writing pass disagrees with the sizing pass");
}

/*
 * Translate p (verified) into j->buf, or only measure when j->buf is NULL;
 * see include/lander/bpf.h. Measuring lays the program out into
 * j->insn_off and j->len; writing emits once along that layout (laying
 * it out again first only where a helper call becomes a JAL).
 */
int arch_bpf_jit(const struct bpf_prog *p, struct bpf_jit *j, const char **why)
{
	struct rv_ctx c;

	if (!p->len || p->nr_funcs < 1 || p->nr_funcs > BPF_MAX_FUNCS) {
		*why = "empty program or bad function count";
		return -EINVAL;
	}
	/* The per-function tables are filled before they are read: not cleared. */
	c.p = p;
	c.j = j;
	c.buf = j->buf;
	c.lim = 0;
	c.pos = 0;
	c.site = 0;
	c.err = 0;
	c.why = NULL;
	c.cur = 0;
	if (!j->buf || rv_near_helper_calls(&c))
		rv_layout(&c);
	if (!c.err && j->buf)
		rv_write(&c);
	if (c.err) {
		*why = c.why;
		return c.err;
	}
	return 0;
}
