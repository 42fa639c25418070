/* SPDX-License-Identifier: GPL-2.0 */
/*
 * eBPF (RFC 9669, "BPF Instruction Set Architecture"): programs, the
 * verifier, the interpreter and the JIT contract.
 *
 * Conformance groups implemented: base32, base64, atomic32, atomic64,
 * divmul32, divmul64 (RFC 9669 section 2.4). The legacy packet
 * instructions (BPF_LD | BPF_ABS/BPF_IND) are refused.
 *
 * The execution environment every program runs in (interpreter and JIT
 * alike):
 *   r1     a pointer to the context: a copy of NAME.mem (r1 = 0 without one)
 *   r2     the context's length in bytes (0 without one)
 *   r10    the frame pointer: the top of this call's 512-byte stack frame
 *   r0     the result at exit
 * A memory access must lie wholly inside the context or inside the
 * current frame's stack. The verifier proves it where the address is a
 * constant offset from r10, or from r1 while r1 still holds the context
 * pointer; every other access is checked at run time, and a failing check
 * stops the program ("stopped: out-of-bounds ..."), touching nothing.
 * Every taken backward jump and every local call spends one unit of a
 * budget (BPF_BACKEDGE_BUDGET): a slot flagged BPF_F_BACKEDGE checks
 * that the budget is not zero (else the program stops there, "stopped:
 * back-edge budget ...") and takes one unit. A local call spends budget
 * because calls alone, without loops, can fan out exponentially.
 * A local call (src 1 call) gets a fresh 512-byte frame. Every frame
 * (the main one included) starts zeroed: the verifier does not track
 * which stack bytes were written, and a read of an unwritten byte must
 * neither show old kernel data nor differ between the engines. At most
 * BPF_MAX_CALL_DEPTH frames exist at once: the call that would make one
 * more stops the program, after spending its budget unit. No program
 * reads r0, r3-r9 before writing them, nor r1-r5 after a call (the
 * verifier sees to it); r6-r9 survive a local call. A checked atomic
 * must also be naturally aligned, else it stops as out-of-bounds. The
 * print helper (6) reads r2 bytes at r1: a BPF_F_CHECK on its call
 * checks [r1, r1 + r2) like a load (r2 = 0 passes).
 * Pointers (r1 at entry, r10, and what is derived from them) never become
 * data, since their values differ between the engines and would leak
 * kernel addresses: the verifier lets a pointer only be copied with mov64,
 * moved by a number with 64-bit add/sub, compared (64-bit, not JSET) with
 * a pointer into the same context or the same frame (JEQ/JNE at any
 * offsets, the ordered ones only at offsets known to be in bounds, where
 * nothing wraps), used as a load or store base, spilled to the stack,
 * passed to a local function (a pointer into the caller's frame reaches
 * the callee as one it may not compare) and passed as print's fmt. A number is never used as an address. A
 * spill is an aligned 8-byte store to a known stack slot and is reloaded
 * whole (as a pointer); reading or writing part of a spilled pointer,
 * or any access at an unknown address while one is spilled, is refused.
 */
#ifndef LANDER_BPF_H
#define LANDER_BPF_H

#include <lander/types.h>

/* One instruction slot (RFC 9669 section 3): 8 bytes, little-endian. */
struct bpf_insn {
	u8 code; /* opcode: class in the low 3 bits */
	u8 regs; /* dst_reg in the low 4 bits, src_reg in the high 4 */
	s16 off;
	s32 imm;
};

#define BPF_DST(i) ((i)->regs & 0xf)
#define BPF_SRC(i) ((i)->regs >> 4)

/* Classes (RFC 9669 3.3). */
#define BPF_LD		0x00
#define BPF_LDX		0x01
#define BPF_ST		0x02
#define BPF_STX		0x03
#define BPF_ALU		0x04
#define BPF_JMP		0x05
#define BPF_JMP32	0x06
#define BPF_ALU64	0x07
#define BPF_CLASS(code) ((code)&0x07)

/* Arithmetic and jump: source (4.1), operation in the high 4 bits. */
#define BPF_K	     0x00
#define BPF_X	     0x08
#define BPF_OP(code) ((code)&0xf0)
#define BPF_ADD	     0x00
#define BPF_SUB	     0x10
#define BPF_MUL	     0x20
#define BPF_DIV	     0x30
#define BPF_OR	     0x40
#define BPF_AND	     0x50
#define BPF_LSH	     0x60
#define BPF_RSH	     0x70
#define BPF_NEG	     0x80
#define BPF_MOD	     0x90
#define BPF_XOR	     0xa0
#define BPF_MOV	     0xb0
#define BPF_ARSH     0xc0
#define BPF_END	     0xd0
#define BPF_JA	     0x00
#define BPF_JEQ	     0x10
#define BPF_JGT	     0x20
#define BPF_JGE	     0x30
#define BPF_JSET     0x40
#define BPF_JNE	     0x50
#define BPF_JSGT     0x60
#define BPF_JSGE     0x70
#define BPF_CALL     0x80
#define BPF_EXIT     0x90
#define BPF_JLT	     0xa0
#define BPF_JLE	     0xb0
#define BPF_JSLT     0xc0
#define BPF_JSLE     0xd0

/* Loads and stores (5.1): size and mode. */
#define BPF_SIZE(code) ((code)&0x18)
#define BPF_W	       0x00
#define BPF_H	       0x08
#define BPF_B	       0x10
#define BPF_DW	       0x18
#define BPF_MODE(code) ((code)&0xe0)
#define BPF_IMM	       0x00
#define BPF_ABS	       0x20
#define BPF_IND	       0x40
#define BPF_MEM	       0x60
#define BPF_MEMSX      0x80
#define BPF_ATOMIC     0xc0
/* Atomic operations (5.3), in imm. */
#define BPF_FETCH   0x01
#define BPF_XCHG    (0xe0 | BPF_FETCH)
#define BPF_CMPXCHG (0xf0 | BPF_FETCH)

/* The helpers (docs/bpf.md), by their stable IDs. */
#define BPF_HELPER_COUNTER 5 /* u64 (void): a monotonic counter */
#define BPF_HELPER_PRINT   6 /* long (const char *fmt, u32 fmt_size, u64, u64, u64) */
#define BPF_HELPER_RANDOM  7 /* u32 (void): pseudo-random */
#define BPF_HELPER_CPU_ID  8 /* u32 (void): this CPU's id */
#define BPF_NR_HELPERS	   9

#define BPF_MAX_INSNS	   4096
#define BPF_STACK_SIZE	   512
#define BPF_MAX_CALL_DEPTH 8
#define BPF_MAX_FUNCS	   64

/* Host fuzzers and harnesses may lower the budget (-D) to keep runs short. */
#ifndef BPF_BACKEDGE_BUDGET
#define BPF_BACKEDGE_BUDGET (1u << 24)
#endif

/* What the verifier learned about a program, for the interpreter and the JIT. */
struct bpf_prog {
	const struct bpf_insn *insns;
	u32 len;      /* slots; ld_imm64 takes two */
	u64 ctx_len;  /* the context's length the program will run with */
	u32 nr_funcs; /* subprograms: 0 is the main one */
	u32 func_start[BPF_MAX_FUNCS];
	u8 *flags; /* per slot: BPF_F_* (len entries, the caller's memory) */
};

#define BPF_F_CHECK    0x1 /* a load, store or print call the verifier could not prove: check it */
#define BPF_F_BACKEDGE 0x2 /* a jump backwards (when taken) or a local call: spend one unit */
#define BPF_F_IMM64_HI 0x4 /* the second slot of an ld_imm64 */
#define BPF_F_FUNC     0x8 /* the first slot of a subprogram */

/*
 * The verifier's working memory for a program of len slots, in bytes: per
 * slot, five 2-byte entries and at most one 80-byte abstract state and
 * 4-byte record (only the slots where paths meet keep them), a bit per
 * state, and one 2-byte entry more. A constant expression, so that a host
 * test can size a static buffer for BPF_MAX_INSNS; verifier.c asserts
 * that it covers what it uses.
 */
#define BPF_VSTATE_BYTES 80
#define BPF_VERIFY_WORK_BYTES(len)                                                       \
	((u64)(len) * (BPF_VSTATE_BYTES + sizeof(u32) + 5 * sizeof(u16)) + sizeof(u16) + \
	 ((u64)(len) + 63) / 64 * 8)

/*
 * Check p->insns[0, p->len) for a context of p->ctx_len bytes and fill
 * p->flags, p->nr_funcs and p->func_start. work is the caller's memory of
 * BPF_VERIFY_WORK_BYTES(p->len) bytes, 8-byte aligned; nothing is kept in
 * it afterwards. Returns 0, or -EINVAL with *why naming a rule broken
 * and *at its slot: the first one the walk met, or, when there is none,
 * the lowest slot whose constant offset every path puts out of bounds.
 */
int bpf_verify(struct bpf_prog *p, void *work, const char **why, u32 *at);

/* How a run ended. */
enum bpf_stop {
	BPF_OK = 0,	 /* exited: r0 is the result */
	BPF_STOP_BOUNDS, /* a checked access fell outside the context and the stack */
	BPF_STOP_BUDGET, /* the back-edge budget ran out */
	BPF_STOP_DEPTH,	 /* a local call past BPF_MAX_CALL_DEPTH frames */
};

/* The helpers a run calls, as a table (the kernel's, or a test's). */
typedef u64 (*bpf_helper_fn)(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

struct bpf_run {
	void *ctx; /* the context (NULL when ctx_len is 0) */
	u64 ctx_len;
	const bpf_helper_fn *helpers; /* BPF_NR_HELPERS entries, NULL where none */
	u64 r0;			      /* the result, when stop is BPF_OK */
	enum bpf_stop stop;
	u32 stop_at;  /* the slot that stopped it */
	u64 executed; /* instructions executed (the interpreter counts) */
};

/* Run a verified program in the interpreter. */
void bpf_interp_run(const struct bpf_prog *p, struct bpf_run *run);

/*
 * The JIT (arch/<arch>/kernel/bpf_jit.c, one per arch). arch_bpf_jit()
 * translates a verified program into one native function with the C
 * calling convention of the arch:
 *
 *	u64 fn(void *ctx, u64 ctx_len, struct bpf_jit_exit *exit);
 *
 * which returns r0, or on a stop writes the reason and slot to *exit and
 * returns 0 (exit->stop is BPF_OK after a normal exit). It behaves as
 * bpf_interp_run() does: the same result, the same stops at the same
 * slots, the same budget and call depth, and the helpers called with the
 * same arguments in the same order.
 *
 * It is called twice: first with j->buf NULL, to measure the code and fill
 * j->insn_off; then with j->buf the writable alias of j->size bytes whose
 * final address is j->va, to write it. Calls to helpers and to local
 * functions are PC-relative, never through a 64-bit absolute address:
 *   arm64: BL where the target is within +-128 MB, else ADRP+ADD+BLR;
 *   riscv: JAL where within +-1 MB, else AUIPC+JALR (+-2 GB).
 * A target beyond those fails the compile (-ERANGE).
 */
struct bpf_jit_exit {
	u32 stop; /* enum bpf_stop */
	u32 at;	  /* the slot that stopped it */
};

typedef u64 (*bpf_jit_fn)(void *ctx, u64 ctx_len, struct bpf_jit_exit *exit);

struct bpf_jit {
	u8 *buf;       /* the writable alias, or NULL to measure */
	u64 va;	       /* the final address of buf[0] */
	u64 size;      /* bytes buf holds */
	u64 len;       /* bytes emitted */
	u32 *insn_off; /* per slot: byte offset of its first native instruction (p->len entries) */
	u64 helper_va[BPF_NR_HELPERS]; /* each helper's address, 0 for none */
	u32 calls_near; /* call sites that took the short form (arm64 BL, riscv JAL) */
	u32 calls_far;	/* call sites that took the long form (ADRP+ADD+BLR, AUIPC+JALR) */
	u32 body_insns; /* native instructions emitted for the program's slots (prologues,
			   epilogues and the stop stub excluded) */
};

/* Returns 0, or -ERANGE / -EINVAL / -ENOSPC with *why saying what. */
int arch_bpf_jit(const struct bpf_prog *p, struct bpf_jit *j, const char **why);

#endif
