// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF verifier (kernel/bpf/verifier.c): one small program per rule it
 * enforces, each expecting the rejection's text and slot, then good
 * programs it must accept (loops, local calls, recursion, context access
 * with and without proof) with the flags it must leave for the
 * interpreter and the JIT.
 */
#include <lander/bpf.h>
#include <lander/errno.h>

#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "tap.h"

static u8 flags[BPF_MAX_INSNS + 1];

/* Verify insns for a context of ctx_len bytes; returns bpf_verify()'s result. */
static int verify(struct bpf_prog *p, const struct bpf_insn *insns, u32 n, u64 ctx_len,
		  const char **why, u32 *at)
{
	void *work;
	int ret;

	memset(p, 0, sizeof(*p));
	p->insns = insns;
	p->len = n;
	p->ctx_len = ctx_len;
	p->flags = flags;
	/* Exactly the working memory the header promises is enough: ASan checks the claim. */
	work = malloc(BPF_VERIFY_WORK_BYTES(n));
	TAP_CHECK(work != NULL, "malloc");
	ret = bpf_verify(p, work, why, at);
	free(work);
	return ret;
}

/* Expect a rejection with exactly this text at this slot. */
static void expect_reject(const char *name, const struct bpf_insn *insns, u32 n, u64 ctx_len,
			  const char *want, u32 want_at)
{
	struct bpf_prog p;
	const char *why = NULL;
	u32 at = ~0u;
	int ret = verify(&p, insns, n, ctx_len, &why, &at);

	TAP_CHECK(ret == -EINVAL, "returned %d", ret);
	TAP_CHECK(why && !strcmp(why, want), "why \"%s\", want \"%s\"", why ? why : "(null)", want);
	TAP_CHECK(at == want_at, "at %u, want %u", at, want_at);
	tap_case("reject: %s", name);
}

#define REJECT(name, ctx_len, want, at, ...)                                      \
	do {                                                                      \
		const struct bpf_insn prog_[] = { __VA_ARGS__ };                  \
		expect_reject(name, prog_, ARRAY_SIZE(prog_), ctx_len, want, at); \
	} while (0)

static void test_rejections(void)
{
	const struct bpf_insn none[1] = { ASM_EXIT() };

	expect_reject("empty", none, 0, 0, "empty program", 0);
	REJECT("unknown opcode", 0, "unknown opcode 0x8e", 1, ASM_MOV64_K(0, 0),
	       ASM_INSN(0x8e, 0, 0, 0, 0), ASM_EXIT());
	REJECT("NEG with a register source", 0, "unknown opcode 0x8f", 0,
	       ASM_INSN(BPF_ALU64 | BPF_X | BPF_NEG, 0, 1, 0, 0), ASM_EXIT());
	REJECT("bswap with a register source", 0, "unknown opcode 0xdf", 1, ASM_MOV64_K(0, 0),
	       ASM_INSN(BPF_ALU64 | BPF_X | BPF_END, 0, 0, 0, 16), ASM_EXIT());
	REJECT("byte swap of 8 bits", 0, "byte swap width must be 16, 32 or 64", 1,
	       ASM_MOV64_K(0, 0), ASM_BE(0, 8), ASM_EXIT());
	REJECT("call in JMP32", 0, "unknown opcode 0x86", 0,
	       ASM_INSN(BPF_JMP32 | BPF_CALL, 0, 0, 0, 5), ASM_EXIT());
	REJECT("exit in JMP32", 0, "unknown opcode 0x96", 1, ASM_MOV64_K(0, 0),
	       ASM_INSN(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0));
	REJECT("MEMSX of a double word", 0, "unknown opcode 0x99", 0,
	       ASM_INSN(BPF_LDX | BPF_MEMSX | BPF_DW, 0, 10, -8, 0), ASM_EXIT());
	REJECT("atomic on a byte", 0, "unknown opcode 0xd3", 1, ASM_MOV64_K(1, 0),
	       ASM_ATOMIC(BPF_B, 10, 1, -8, BPF_ADD), ASM_EXIT());
	REJECT("unknown atomic operation", 0, "unknown atomic operation 0x10", 1, ASM_MOV64_K(1, 0),
	       ASM_ATOMIC(BPF_DW, 10, 1, -8, BPF_SUB), ASM_EXIT());
	REJECT("legacy BPF_ABS", 0, "legacy packet access (BPF_ABS/BPF_IND) is not supported", 0,
	       ASM_INSN(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 0), ASM_EXIT());
	REJECT("legacy BPF_IND", 0, "legacy packet access (BPF_ABS/BPF_IND) is not supported", 0,
	       ASM_INSN(BPF_LD | BPF_IND | BPF_B, 0, 1, 0, 0), ASM_EXIT());
	REJECT("ld_imm64 with a map source", 0, "ld_imm64 with src 1 is not supported", 0,
	       ASM_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 1, 0, 0), ASM_INSN(0, 0, 0, 0, 0),
	       ASM_EXIT());
	REJECT("ld_imm64 without its second slot", 0, "ld_imm64 is missing its second slot", 1,
	       ASM_MOV64_K(0, 0), ASM_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0));
	REJECT("malformed ld_imm64 second slot", 0, "malformed ld_imm64 second slot", 1,
	       ASM_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("offset on an ADD", 0, "nonzero offset in an ALU instruction", 0,
	       ASM_INSN(BPF_ALU64 | BPF_K | BPF_ADD, 0, 0, 1, 1), ASM_EXIT());
	REJECT("offset on a byte swap", 0, "nonzero offset in an ALU instruction", 0,
	       ASM_INSN(BPF_ALU | BPF_K | BPF_END, 0, 0, 1, 16), ASM_EXIT());
	REJECT("ALU operation 0xe0", 0, "unknown opcode 0xe7", 0,
	       ASM_INSN(BPF_ALU64 | 0xe0, 0, 0, 0, 0), ASM_EXIT());
	REJECT("imm on a register-source ALU", 0, "nonzero imm in a register-source instruction", 0,
	       ASM_INSN(BPF_ALU64 | BPF_X | BPF_ADD, 0, 1, 0, 5), ASM_EXIT());
	REJECT("imm on a register-source jump", 0, "nonzero imm in a register-source instruction",
	       1, ASM_MOV64_K(0, 0), ASM_INSN(BPF_JMP | BPF_X | BPF_JEQ, 0, 0, 0, 5), ASM_EXIT());
	REJECT("ja with a register source", 0, "unknown opcode 0x0d", 0,
	       ASM_INSN(BPF_JMP | BPF_X | BPF_JA, 0, 0, 0, 0), ASM_EXIT());
	REJECT("jump operation 0xe0", 0, "unknown opcode 0xe5", 0,
	       ASM_INSN(BPF_JMP | 0xe0, 0, 0, 0, 0), ASM_EXIT());
	REJECT("call with a dst register", 0, "call with nonzero dst or offset", 0,
	       ASM_INSN(BPF_JMP | BPF_CALL, 1, 0, 0, 5), ASM_EXIT());
	REJECT("LD of a word", 0, "unknown opcode 0x00", 0, ASM_INSN(BPF_LD | BPF_W, 0, 0, 0, 0),
	       ASM_EXIT());
	REJECT("ld_imm64 with an offset", 0, "nonzero offset in ld_imm64", 0,
	       ASM_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 1, 0), ASM_INSN(0, 0, 0, 0, 0),
	       ASM_EXIT());
	REJECT("ST in atomic mode", 0, "unknown opcode 0xda", 0,
	       ASM_INSN(BPF_ST | BPF_ATOMIC | BPF_DW, 10, 0, -8, 0), ASM_EXIT());
	REJECT("cmpxchg with r0 unset", 0, "r0 read before it is written", 1, ASM_MOV64_K(1, 0),
	       ASM_ATOMIC(BPF_DW, 10, 1, -8, BPF_CMPXCHG), ASM_EXIT());
	REJECT("a store of an unset register", 0, "r7 read before it is written", 0,
	       ASM_STX(BPF_DW, 10, 7, -8), ASM_EXIT());
	REJECT("a jump on an unset register", 0, "r3 read before it is written", 4,
	       ASM_CALL_LOCAL(1), ASM_EXIT(), ASM_MOV64_K(0, 0), ASM_MOV64_K(1, 0),
	       ASM_JMP_X(BPF_JEQ, 1, 3, 0), ASM_EXIT());
	REJECT("register 11", 0, "invalid register r11", 0, ASM_MOV64_K(11, 0), ASM_EXIT());
	REJECT("bad MOVSX offset", 0, "bad MOVSX offset", 0,
	       ASM_INSN(BPF_ALU | BPF_X | BPF_MOV, 0, 1, 32, 0), ASM_EXIT());
	REJECT("DIV with offset 2", 0, "DIV/MOD offset must be 0 or 1 (signed)", 0,
	       ASM_INSN(BPF_ALU64 | BPF_K | BPF_DIV, 0, 0, 2, 1), ASM_EXIT());
	REJECT("write to r10 (mov)", 0, "write to r10", 0, ASM_MOV64_K(10, 0), ASM_EXIT());
	REJECT("write to r10 (load)", 0, "write to r10", 0, ASM_LDX(BPF_DW, 10, 10, -8),
	       ASM_EXIT());
	REJECT("write to r10 (fetch)", 0, "write to r10", 0,
	       ASM_ATOMIC(BPF_DW, 10, 10, -8, BPF_ADD | BPF_FETCH), ASM_EXIT());
	REJECT("unknown helper", 0, "unknown helper 42", 0, ASM_CALL_HELPER(42), ASM_EXIT());
	REJECT("negative helper", 0, "unknown helper -3", 0, ASM_CALL_HELPER(-3), ASM_EXIT());
	REJECT("helper 4 is not one of ours", 0, "unknown helper 4", 0, ASM_CALL_HELPER(4),
	       ASM_EXIT());
	REJECT("call by BTF id", 0, "call by BTF id is not supported", 0,
	       ASM_INSN(BPF_JMP | BPF_CALL, 0, 2, 0, 1), ASM_EXIT());
	REJECT("jump out of the program (forward)", 0, "jump out of the program", 1,
	       ASM_MOV64_K(0, 0), ASM_JA(1), ASM_EXIT());
	REJECT("jump out of the program (backward)", 0, "jump out of the program", 1,
	       ASM_MOV64_K(0, 0), ASM_JMP_K(BPF_JEQ, 0, 0, -3), ASM_EXIT());
	REJECT("jump into the middle of ld_imm64", 0, "jump into the middle of ld_imm64", 0,
	       ASM_JA(1), ASM_LD_IMM64(0, 1), ASM_EXIT());
	REJECT("gotol out of the program", 0, "jump out of the program", 0, ASM_JA32(-2),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("gotol into the middle of ld_imm64", 0, "jump into the middle of ld_imm64", 0,
	       ASM_JA32(1), ASM_LD_IMM64(0, 1), ASM_EXIT());
	REJECT("call out of the program", 0, "call out of the program", 0, ASM_CALL_LOCAL(5),
	       ASM_EXIT());
	REJECT("call into the middle of ld_imm64", 0, "call into the middle of ld_imm64", 0,
	       ASM_CALL_LOCAL(2), ASM_EXIT(), ASM_LD_IMM64(0, 1), ASM_EXIT());
	REJECT("falls off the end", 0, "falls off the end", 1, ASM_MOV64_K(0, 0),
	       ASM_MOV64_K(1, 0));
	REJECT("a conditional jump falls off the end", 0, "falls off the end", 1, ASM_MOV64_K(0, 0),
	       ASM_JMP_K(BPF_JEQ, 0, 0, -2));
	REJECT("falls into the next function", 0, "falls off the end of its function", 4,
	       ASM_CALL_LOCAL(2), ASM_CALL_LOCAL(3), ASM_EXIT(), /* f: */ ASM_MOV64_K(0, 0),
	       ASM_MOV64_K(0, 1), /* g: */ ASM_MOV64_K(0, 2), ASM_EXIT());
	REJECT("main falls into a function", 0, "falls off the end of its function", 1,
	       ASM_MOV64_K(0, 0), ASM_CALL_LOCAL(0), ASM_EXIT());
	REJECT("jump into another function", 0, "jump into another function", 2, ASM_CALL_LOCAL(2),
	       ASM_MOV64_K(0, 0), ASM_JA(1), ASM_EXIT(),
	       /* f: */ ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("r0 unset at exit", 0, "r0 read before it is written", 0, ASM_EXIT());
	REJECT("r3 read before it is written", 0, "r3 read before it is written", 0,
	       ASM_MOV64_X(0, 3), ASM_EXIT());
	REJECT("uninitialised on one path", 0, "r4 read before it is written", 3,
	       ASM_JMP_K(BPF_JEQ, 2, 0, 1), ASM_MOV64_K(4, 1), ASM_MOV64_K(0, 0),
	       ASM_ALU64_X(BPF_ADD, 0, 4), ASM_EXIT());
	REJECT("r1-r5 are clobbered by a helper call", 0, "r1 read before it is written", 1,
	       ASM_CALL_HELPER(BPF_HELPER_RANDOM), ASM_MOV64_X(0, 1), ASM_EXIT());
	REJECT("a callee's r6 is not its caller's", 0, "r6 read before it is written", 3,
	       ASM_MOV64_K(6, 1), ASM_CALL_LOCAL(1), ASM_EXIT(), /* f: */ ASM_MOV64_X(0, 6),
	       ASM_EXIT());
	REJECT("an argument the caller did not set", 0, "r3 read before it is written", 3,
	       ASM_CALL_LOCAL(1), ASM_EXIT(), /* f: */ ASM_MOV64_X(0, 1),
	       ASM_ALU64_X(BPF_ADD, 0, 3), ASM_EXIT());
	REJECT("a load's address register unset", 0, "r5 read before it is written", 0,
	       ASM_LDX(BPF_DW, 0, 5, 0), ASM_EXIT());
	REJECT("print with r4 unset", 0, "r4 read before it is written", 3, ASM_MOV64_X(1, 10),
	       ASM_MOV64_K(2, 0), ASM_MOV64_K(3, 0), ASM_CALL_HELPER(BPF_HELPER_PRINT), ASM_EXIT());
	REJECT("stack below the frame", 0, "stack access outside the 512-byte frame", 0,
	       ASM_LDX(BPF_B, 0, 10, -513), ASM_EXIT());
	REJECT("stack at r10", 0, "stack access outside the 512-byte frame", 0,
	       ASM_ST(BPF_B, 10, 0, 0), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("stack straddling r10", 0, "stack access outside the 512-byte frame", 0,
	       ASM_LDX(BPF_DW, 0, 10, -4), ASM_EXIT());
	REJECT("stack via a copy of r10", 0, "stack access outside the 512-byte frame", 2,
	       ASM_MOV64_X(3, 10), ASM_ALU64_K(BPF_SUB, 3, 512), ASM_LDX(BPF_B, 0, 3, -1),
	       ASM_EXIT());
	REJECT("context past its end", 16, "access outside the 16-byte context", 0,
	       ASM_LDX(BPF_DW, 0, 1, 9), ASM_EXIT());
	REJECT("context before its start", 16, "access outside the 16-byte context", 1,
	       ASM_ALU64_K(BPF_ADD, 1, -1), ASM_LDX(BPF_B, 0, 1, 0), ASM_EXIT());
	REJECT("no context", 0, "access outside the 0-byte context", 0, ASM_LDX(BPF_B, 0, 1, 0),
	       ASM_EXIT());
	REJECT("misaligned atomic on the stack", 0, "misaligned atomic access", 1,
	       ASM_MOV64_K(1, 1), ASM_ATOMIC(BPF_DW, 10, 1, -12, BPF_ADD), ASM_MOV64_K(0, 0),
	       ASM_EXIT());
	/*
	 * A constant offset is judged on the settled state, not on the first
	 * turn of a loop: r2 starts at ctx + 0 and the access at r2 - 4 would
	 * fall before the context on that turn, but it is only reached once
	 * r2 has moved (and the merge at the loop's head forgets r2's offset),
	 * so it is checked at run time instead.
	 * Expect: accepted, the load (slot 4) flagged BPF_F_CHECK. (The old
	 * walk refused it or not depending on the order it took paths in.)
	 */
	{
		struct bpf_insn prog[] = {
			ASM_MOV64_X(2, 1),	      /* 0: r2 = ctx */
			ASM_MOV64_K(3, 0),	      /* 1: r3 = 0 */
			ASM_MOV64_K(0, 0),	      /* 2: r0 = 0 */
			ASM_JMP_K(BPF_JEQ, 3, 0, 1),  /* 3: loop: if r3 == 0 skip the load */
			ASM_LDX(BPF_W, 0, 2, -4),     /* 4: r0 = *(u32 *)(r2 - 4) */
			ASM_ALU64_K(BPF_ADD, 2, 4),   /* 5: r2 += 4 */
			ASM_ALU64_K(BPF_ADD, 3, 1),   /* 6: r3++ */
			ASM_JMP_K(BPF_JLT, 3, 4, -5), /* 7: while r3 < 4: back to 3 */
			ASM_EXIT(),		      /* 8 */
		};
		struct bpf_prog p;
		const char *why;
		u32 at;

		TAP_CHECK(verify(&p, prog, ARRAY_SIZE(prog), 16, &why, &at) == 0,
			  "rejected: %s at %u", why, at);
		TAP_CHECK(flags[4] & BPF_F_CHECK, "the load is not checked at run time");
		tap_case("a constant offset of a loop's first turn is not judged alone");
	}
	/*
	 * In a loop, the registers its body writes lose their values and
	 * offsets at once; the others keep them. r3 = 8 before the loop and
	 * never written in it keeps r4 = r1 + r3 a known offset; r2 moves
	 * each turn, so the load through it is checked at run time.
	 * Expect: accepted; the load through r4 (slot 5) proven, the one
	 * through r2 (slot 6) flagged BPF_F_CHECK.
	 */
	{
		struct bpf_insn prog[] = {
			ASM_MOV64_K(3, 8),	      /* 0: r3 = 8 */
			ASM_MOV64_K(0, 0),	      /* 1: r0 = 0 */
			ASM_MOV64_X(2, 1),	      /* 2: r2 = ctx */
			ASM_MOV64_X(4, 1),	      /* 3: loop: r4 = ctx */
			ASM_ALU64_X(BPF_ADD, 4, 3),   /* 4: r4 += r3 */
			ASM_LDX(BPF_W, 5, 4, 0),      /* 5: r5 = *(u32 *)(r4 + 0) */
			ASM_LDX(BPF_W, 5, 2, 0),      /* 6: r5 = *(u32 *)(r2 + 0) */
			ASM_ALU64_K(BPF_ADD, 2, 4),   /* 7: r2 += 4 */
			ASM_ALU64_K(BPF_ADD, 0, 1),   /* 8: r0++ */
			ASM_JMP_K(BPF_JLT, 0, 4, -7), /* 9: while r0 < 4: back to 3 */
			ASM_EXIT(),		      /* 10 */
		};
		struct bpf_prog p;
		const char *why;
		u32 at;

		TAP_CHECK(verify(&p, prog, ARRAY_SIZE(prog), 16, &why, &at) == 0,
			  "rejected: %s at %u", why, at);
		TAP_CHECK(!(flags[5] & BPF_F_CHECK), "the load through r4 is not proven");
		TAP_CHECK(flags[6] & BPF_F_CHECK, "the load through r2 is not checked at run time");
		tap_case("in a loop, what the body writes loses its offset, the rest keeps it");
	}
}

#define PTR_ARITH "pointer arithmetic other than 64-bit add/sub"
#define PTR_CMP	  "comparison of a pointer with a number"

/*
 * Pointers never become data: r10, r1 at entry and what derives from them
 * may not feed arithmetic, comparisons with numbers, the context, r0 at
 * exit or a helper's number arguments; and a number is never an address.
 */
static void test_pointer_rejections(void)
{
	static const u8 ops[] = { BPF_MUL, BPF_DIV, BPF_OR,  BPF_AND, BPF_LSH,
				  BPF_RSH, BPF_MOD, BPF_XOR, BPF_ARSH };
	u32 i;

	REJECT("r2 s/= r10", 0, PTR_ARITH, 1, ASM_MOV64_K(2, 1), ASM_SALU64_X(BPF_DIV, 2, 10),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("w0 /= w10", 0, PTR_ARITH, 1, ASM_MOV64_K(0, 1), ASM_ALU32_X(BPF_DIV, 0, 10),
	       ASM_EXIT());
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		REJECT("ALU64 op with a stack pointer dst", 0, PTR_ARITH, 1, ASM_MOV64_X(3, 10),
		       ASM_ALU64_K(ops[i], 3, 1), ASM_MOV64_K(0, 0), ASM_EXIT());
		REJECT("ALU64 op with the context as src", 8, PTR_ARITH, 1, ASM_MOV64_K(3, 1),
		       ASM_ALU64_X(ops[i], 3, 1), ASM_MOV64_K(0, 0), ASM_EXIT());
	}
	REJECT("32-bit add on a pointer", 8, PTR_ARITH, 0, ASM_ALU32_K(BPF_ADD, 1, 1),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("neg of a pointer", 0, PTR_ARITH, 1, ASM_MOV64_X(3, 10), ASM_NEG64(3),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("byte swap of a pointer", 0, PTR_ARITH, 1, ASM_MOV64_X(3, 10), ASM_BSWAP(3, 64),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("to-big-endian of a pointer", 8, PTR_ARITH, 0, ASM_BE(1, 64), ASM_MOV64_K(0, 0),
	       ASM_EXIT());
	REJECT("32-bit move of a pointer", 0, PTR_ARITH, 0, ASM_MOV32_X(3, 10), ASM_MOV64_K(0, 0),
	       ASM_EXIT());
	REJECT("sign-extending move of a pointer", 0, PTR_ARITH, 0, ASM_MOVSX64(3, 10, 32),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("pointer plus pointer", 8, PTR_ARITH, 1, ASM_MOV64_X(3, 10),
	       ASM_ALU64_X(BPF_ADD, 3, 1), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("pointer minus pointer", 0, PTR_ARITH, 1, ASM_MOV64_X(3, 10),
	       ASM_ALU64_X(BPF_SUB, 3, 10), ASM_MOV64_X(0, 3), ASM_EXIT());
	REJECT("number minus pointer", 0, PTR_ARITH, 1, ASM_MOV64_K(3, 0),
	       ASM_ALU64_X(BPF_SUB, 3, 10), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("r0 = r10; exit", 0, "exit with a pointer in r0", 1, ASM_MOV64_X(0, 10), ASM_EXIT());
	REJECT("a function returns the context", 8, "exit with a pointer in r0", 3,
	       ASM_CALL_LOCAL(1), ASM_EXIT(), /* f: */ ASM_MOV64_X(0, 1), ASM_EXIT());
	REJECT("if r10 s< K", 0, PTR_CMP, 1, ASM_MOV64_K(0, 0), ASM_JMP_K(BPF_JSLT, 10, 5, 0),
	       ASM_EXIT());
	REJECT("a number against a pointer", 0, PTR_CMP, 1, ASM_MOV64_K(0, 0),
	       ASM_JMP_X(BPF_JGT, 0, 10, 0), ASM_EXIT());
	REJECT("the stack against the context", 8, PTR_CMP, 1, ASM_MOV64_K(0, 0),
	       ASM_JMP_X(BPF_JEQ, 10, 1, 0), ASM_EXIT());
	REJECT("two stack pointers in JMP32", 0, PTR_CMP, 2, ASM_MOV64_K(0, 0), ASM_MOV64_X(3, 10),
	       ASM_JMP32_X(BPF_JLT, 3, 10, 0), ASM_EXIT());
	REJECT("two stack pointers in JSET", 0, PTR_CMP, 2, ASM_MOV64_K(0, 0), ASM_MOV64_X(3, 10),
	       ASM_JMP_X(BPF_JSET, 3, 10, 0), ASM_EXIT());
	REJECT("a caller's frame against the callee's", 0, PTR_CMP, 4, ASM_MOV64_X(1, 10),
	       ASM_CALL_LOCAL(1), ASM_EXIT(), /* f: */ ASM_MOV64_K(0, 0),
	       ASM_JMP_X(BPF_JEQ, 1, 10, 0), ASM_EXIT());
	REJECT("r10 + number < r10 (did it wrap?)", 0,
	       "ordered comparison of pointers not both in bounds", 3, ASM_MOV64_K(0, 0),
	       ASM_MOV64_X(3, 10), ASM_ALU64_X(BPF_ADD, 3, 2), ASM_JMP_X(BPF_JLT, 3, 10, 0),
	       ASM_EXIT());
	REJECT("a known offset past the frame, compared", 0,
	       "ordered comparison of pointers not both in bounds", 3, ASM_MOV64_K(0, 0),
	       ASM_MOV64_X(3, 10), ASM_ALU64_K(BPF_ADD, 3, 0x7fffffff),
	       ASM_JMP_X(BPF_JGT, 3, 10, 0), ASM_EXIT());
	REJECT("a context pointer past its end, compared", 8,
	       "ordered comparison of pointers not both in bounds", 3, ASM_MOV64_K(0, 0),
	       ASM_MOV64_X(3, 1), ASM_ALU64_K(BPF_ADD, 3, 9), ASM_JMP_X(BPF_JSLE, 1, 3, 0),
	       ASM_EXIT());
	REJECT("pointer or number", 8, PTR_CMP, 2, ASM_JMP_K(BPF_JEQ, 2, 0, 1), ASM_MOV64_K(1, 5),
	       ASM_JMP_K(BPF_JEQ, 1, 0, 0), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("r10 stored into the context", 16, "pointer stored to the context", 0,
	       ASM_STX(BPF_DW, 1, 10, 0), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("the context stored into itself", 16, "pointer stored to the context", 1,
	       ASM_MOV64_X(3, 1), ASM_STX(BPF_DW, 3, 1, 8), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("atomic add of a pointer", 8, "atomic operation with a pointer operand", 0,
	       ASM_ATOMIC(BPF_DW, 10, 1, -8, BPF_ADD), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("xchg of a pointer", 0, "atomic operation with a pointer operand", 1,
	       ASM_MOV64_X(2, 10), ASM_ATOMIC(BPF_DW, 10, 2, -8, BPF_XCHG), ASM_MOV64_K(0, 0),
	       ASM_EXIT());
	REJECT("cmpxchg against a pointer in r0", 0, "atomic operation with a pointer operand", 2,
	       ASM_MOV64_X(0, 10), ASM_MOV64_K(1, 0), ASM_ATOMIC(BPF_DW, 10, 1, -8, BPF_CMPXCHG),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("r10 as print's third argument", 0, "pointer passed to helper 6 as argument 3", 6,
	       ASM_MOV64_X(1, 10), ASM_ALU64_K(BPF_ADD, 1, -8), ASM_MOV64_K(2, 8),
	       ASM_MOV64_X(3, 10), ASM_MOV64_K(4, 0), ASM_MOV64_K(5, 0),
	       ASM_CALL_HELPER(BPF_HELPER_PRINT), ASM_EXIT());
	REJECT("the context as print's size", 8, "pointer passed to helper 6 as argument 2", 5,
	       ASM_MOV64_X(2, 1), ASM_MOV64_X(1, 10), ASM_MOV64_K(3, 0), ASM_MOV64_K(4, 0),
	       ASM_MOV64_K(5, 0), ASM_CALL_HELPER(BPF_HELPER_PRINT), ASM_EXIT());
	REJECT("print's fmt a number", 0, "print's fmt (r1) is not a pointer", 5,
	       ASM_MOV64_K(1, 0x1000), ASM_MOV64_K(2, 4), ASM_MOV64_K(3, 0), ASM_MOV64_K(4, 0),
	       ASM_MOV64_K(5, 0), ASM_CALL_HELPER(BPF_HELPER_PRINT), ASM_EXIT());
	REJECT("a load through a number", 0, "memory access through a number, not a pointer", 1,
	       ASM_MOV64_K(3, 0x1000), ASM_LDX(BPF_B, 0, 3, 0), ASM_EXIT());
	REJECT("a spilled pointer reloaded is still a pointer", 8, "exit with a pointer in r0", 2,
	       ASM_STX(BPF_DW, 10, 1, -8), ASM_LDX(BPF_DW, 0, 10, -8), ASM_EXIT());
	REJECT("a spilled pointer reloaded in halves", 0, "partial load of a spilled pointer", 1,
	       ASM_STX(BPF_DW, 10, 10, -8), ASM_LDX(BPF_W, 0, 10, -4), ASM_EXIT());
	REJECT("a spilled pointer partly overwritten", 0, "partial overwrite of a spilled pointer",
	       1, ASM_STX(BPF_DW, 10, 10, -16), ASM_ST(BPF_B, 10, -16, 0), ASM_MOV64_K(0, 0),
	       ASM_EXIT());
	REJECT("a pointer spilled in halves", 8, "pointer spilled other than whole to a known slot",
	       0, ASM_STX(BPF_W, 10, 1, -8), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("a pointer spilled misaligned", 8,
	       "pointer spilled other than whole to a known slot", 0, ASM_STX(BPF_DW, 10, 1, -12),
	       ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("a pointer spilled at an unknown slot", 8,
	       "pointer spilled other than whole to a known slot", 2, ASM_MOV64_X(3, 10),
	       ASM_ALU64_X(BPF_SUB, 3, 2), ASM_STX(BPF_DW, 3, 1, -8), ASM_MOV64_K(0, 0),
	       ASM_EXIT());
	REJECT("an atomic on a spilled pointer", 8, "atomic on a spilled pointer", 2,
	       ASM_STX(BPF_DW, 10, 1, -8), ASM_MOV64_K(3, 1),
	       ASM_ATOMIC(BPF_DW, 10, 3, -8, BPF_ADD | BPF_FETCH), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("a checked load while a pointer is spilled", 8,
	       "access at an unknown address while a pointer is spilled", 3,
	       ASM_STX(BPF_DW, 10, 10, -8), ASM_MOV64_X(3, 10), ASM_ALU64_X(BPF_SUB, 3, 2),
	       ASM_LDX(BPF_DW, 0, 3, 0), ASM_EXIT());
	REJECT("print of a spilled pointer", 0, "print of a spilled pointer's slot", 7,
	       ASM_STX(BPF_DW, 10, 10, -8), ASM_MOV64_X(1, 10), ASM_ALU64_K(BPF_ADD, 1, -16),
	       ASM_MOV64_K(2, 9), ASM_MOV64_K(3, 0), ASM_MOV64_K(4, 0), ASM_MOV64_K(5, 0),
	       ASM_CALL_HELPER(BPF_HELPER_PRINT), ASM_EXIT());
	REJECT("a spill on one path only", 8, PTR_CMP, 4, ASM_ST(BPF_DW, 10, -8, 0),
	       ASM_JMP_K(BPF_JEQ, 2, 0, 1), ASM_STX(BPF_DW, 10, 1, -8), ASM_LDX(BPF_DW, 3, 10, -8),
	       ASM_JMP_K(BPF_JEQ, 3, 0, 0), ASM_MOV64_K(0, 0), ASM_EXIT());
	REJECT("a store through pointer-or-number", 8,
	       "memory access through a number, not a pointer", 2, ASM_JMP_K(BPF_JEQ, 2, 0, 1),
	       ASM_MOV64_K(1, 5), ASM_ST(BPF_B, 1, 0, 0), ASM_MOV64_K(0, 0), ASM_EXIT());
}

/* The limits: program length and the number of functions. */
static void test_limits(void)
{
	static struct bpf_insn big[BPF_MAX_INSNS + 1];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(big); i++)
		big[i] = ASM_MOV64_K(0, 0);
	big[BPF_MAX_INSNS - 1] = ASM_EXIT();
	expect_reject("one slot too many", big, BPF_MAX_INSNS + 1, 0, "more than 4096 instructions",
		      0);
	{
		struct bpf_prog p;
		const char *why;
		u32 at;

		TAP_CHECK(verify(&p, big, BPF_MAX_INSNS, 0, &why, &at) == 0, "%s at %u", why, at);
		tap_case("accept: BPF_MAX_INSNS slots");
	}
	/*
	 * The most heads a program can have: every slot a jump target (a chain
	 * of jumps to the next slot, each merging into a state of its own).
	 * Expect: accepted within BPF_VERIFY_WORK_BYTES(BPF_MAX_INSNS) bytes,
	 * which verify() allocates exactly, for ASan to catch any overrun.
	 */
	for (i = 0; i < BPF_MAX_INSNS - 2; i++)
		big[i] = ASM_JA(0);
	big[BPF_MAX_INSNS - 2] = ASM_MOV64_K(0, 0);
	big[BPF_MAX_INSNS - 1] = ASM_EXIT();
	{
		struct bpf_prog p;
		const char *why;
		u32 at;

		TAP_CHECK(verify(&p, big, BPF_MAX_INSNS, 0, &why, &at) == 0, "%s at %u", why, at);
		tap_case("accept: BPF_MAX_INSNS slots, each a jump target");
	}
	/* main calls 64 functions of two slots each: 65 functions in all. */
	for (i = 0; i < 64; i++)
		big[i] = ASM_CALL_LOCAL(64 + 1 + 2 * i - i - 1);
	big[64] = ASM_EXIT();
	for (i = 0; i < 64; i++) {
		big[65 + 2 * i] = ASM_MOV64_K(0, i);
		big[66 + 2 * i] = ASM_EXIT();
	}
	expect_reject("65 functions", big, 65 + 128, 0, "more than 64 functions", 191);
	big[0] = ASM_MOV64_K(0, 0); /* now 64 in all */
	{
		struct bpf_prog p;
		const char *why;
		u32 at;

		TAP_CHECK(verify(&p, big, 65 + 128, 0, &why, &at) == 0, "%s at %u", why, at);
		TAP_CHECK(p.nr_funcs == 64 && p.func_start[63] == 65 + 126, "nr_funcs %u",
			  p.nr_funcs);
		tap_case("accept: 64 functions");
	}
}

/* Expect acceptance; returns whether it was. */
static bool accept(struct bpf_prog *p, const struct bpf_insn *insns, u32 n, u64 ctx_len)
{
	const char *why = NULL;
	u32 at = 0;
	int ret = verify(p, insns, n, ctx_len, &why, &at);

	TAP_CHECK(ret == 0, "rejected at %u: %s", at, why ? why : "(null)");
	return ret == 0;
}

static void test_accept(void)
{
	struct bpf_prog p;
	u32 i;

	{
		/* 0 r0 = 0; 1 r1 = 10; 2 r0 += r1; 3 r1 -= 1; 4 if r1 != 0 goto 2; 5 exit */
		const struct bpf_insn prog[] = {
			ASM_MOV64_K(0, 0),
			ASM_MOV64_K(1, 10),
			ASM_ALU64_X(BPF_ADD, 0, 1),
			ASM_ALU64_K(BPF_SUB, 1, 1),
			ASM_JMP_K(BPF_JNE, 1, 0, -3),
			ASM_EXIT(),
		};

		if (accept(&p, prog, ARRAY_SIZE(prog), 0)) {
			TAP_CHECK(flags[4] == BPF_F_BACKEDGE, "flags[4] %#x", flags[4]);
			for (i = 1; i < 4; i++)
				TAP_CHECK(flags[i] == 0, "flags[%u] %#x", i, flags[i]);
			TAP_CHECK(p.nr_funcs == 1 && p.func_start[0] == 0, "funcs %u", p.nr_funcs);
			TAP_CHECK(flags[0] == BPF_F_FUNC, "flags[0] %#x", flags[0]);
		}
		tap_case("accept: a counted loop; its backward jump flagged");
	}
	{
		const struct bpf_insn prog[] = { ASM_MOV64_K(0, 0), ASM_JA(-1), ASM_EXIT() };

		accept(&p, prog, ARRAY_SIZE(prog), 0);
		TAP_CHECK(flags[1] == BPF_F_BACKEDGE, "flags[1] %#x", flags[1]);
		tap_case("accept: an endless loop (the budget ends it)");
	}
	{
		/* main: 1 calls f (slot 4), 2 calls g (slot 6). */
		const struct bpf_insn prog[] = {
			ASM_MOV64_K(1, 3), ASM_CALL_LOCAL(2),
			ASM_CALL_LOCAL(3), ASM_EXIT(), /* f, slot 4: */
			ASM_MOV64_X(0, 1), ASM_EXIT(), /* g, slot 6: */
			ASM_MOV64_K(0, 2), ASM_EXIT(),
		};

		if (accept(&p, prog, ARRAY_SIZE(prog), 0)) {
			TAP_CHECK(p.nr_funcs == 3, "nr_funcs %u", p.nr_funcs);
			TAP_CHECK(p.func_start[1] == 4 && p.func_start[2] == 6, "starts %u %u",
				  p.func_start[1], p.func_start[2]);
			TAP_CHECK(flags[4] == BPF_F_FUNC && flags[6] == BPF_F_FUNC, "flags %#x %#x",
				  flags[4], flags[6]);
			TAP_CHECK(flags[1] & BPF_F_BACKEDGE, "a local call spends budget");
		}
		tap_case("accept: local calls, functions found");
	}
	{
		/* f calls itself: recursion is allowed, its depth checked at run time. */
		const struct bpf_insn prog[] = {
			ASM_CALL_LOCAL(1),
			ASM_EXIT(),
			ASM_CALL_LOCAL(-1),
			ASM_EXIT(),
		};

		accept(&p, prog, ARRAY_SIZE(prog), 0);
		tap_case("accept: recursion");
	}
	{
		/* Proven: constant offsets from r1 (kept through a copy and adds) and r10. */
		const struct bpf_insn prog[] = {
			ASM_LDX(BPF_DW, 0, 1, 24),	     ASM_MOV64_X(3, 1),
			ASM_ALU64_K(BPF_ADD, 3, 16),	     ASM_ST(BPF_W, 3, 12, 1),
			ASM_STX(BPF_DW, 10, 0, -512),	     ASM_MOV64_X(4, 10),
			ASM_ALU64_K(BPF_SUB, 4, 8),	     ASM_LDX(BPF_DW, 0, 4, 0),
			ASM_ATOMIC(BPF_W, 1, 0, 4, BPF_ADD), ASM_EXIT(),
		};

		if (accept(&p, prog, ARRAY_SIZE(prog), 32))
			for (i = 0; i < ARRAY_SIZE(prog); i++)
				TAP_CHECK(!(flags[i] & BPF_F_CHECK), "slot %u flagged", i);
		tap_case("accept: proven context and stack accesses, no run-time checks");
	}
	{
		/* Unproven: a pointer plus a register, the frame pointer moved by a number
		 * loaded from memory (number + pointer), r1 after a merge of two offsets,
		 * and the print helper with a size it cannot know. */
		const struct bpf_insn prog[] = {
			/* 0 */ ASM_MOV64_X(3, 1),
			/* 1 */ ASM_ALU64_X(BPF_ADD, 3, 2),
			/* 2 */ ASM_LDX(BPF_B, 0, 3, -1),
			/* 3 */ ASM_JMP_K(BPF_JEQ, 0, 0, 1),
			/* 4 */ ASM_ALU64_K(BPF_ADD, 1, 4),
			/* 5 */ ASM_LDX(BPF_B, 0, 1, 0),
			/* 6 */ ASM_LDX(BPF_DW, 5, 10, -8),
			/* 7 */ ASM_ALU64_X(BPF_ADD, 5, 10),
			/* 8 */ ASM_ST(BPF_DW, 5, -8, 0),
			/* 9 */ ASM_MOV64_X(1, 10),
			/* 10 */ ASM_ALU64_K(BPF_ADD, 1, -16),
			/* 11 */ ASM_MOV64_X(2, 0),
			/* 12 */ ASM_MOV64_K(3, 0),
			/* 13 */ ASM_MOV64_K(4, 0),
			/* 14 */ ASM_MOV64_K(5, 0),
			/* 15 */ ASM_CALL_HELPER(BPF_HELPER_PRINT),
			/* 16 */ ASM_EXIT(),
		};
		static const u8 want_check[] = { 2, 5, 8, 15 };

		if (accept(&p, prog, ARRAY_SIZE(prog), 64))
			for (i = 0; i < ARRAY_SIZE(want_check); i++)
				TAP_CHECK(flags[want_check[i]] & BPF_F_CHECK, "slot %u not flagged",
					  want_check[i]);
		TAP_CHECK(!(flags[6] & BPF_F_CHECK), "slot 6 flagged");
		tap_case("accept: unprovable accesses flagged for run-time checks");
	}
	{
		/* A pointer walked through the context in a loop: merged, so checked. */
		const struct bpf_insn prog[] = {
			ASM_MOV64_K(0, 0),
			ASM_MOV64_K(4, 4),
			ASM_LDX(BPF_B, 3, 1, 0),
			ASM_ALU64_X(BPF_ADD, 0, 3),
			ASM_ALU64_K(BPF_ADD, 1, 1),
			ASM_ALU64_K(BPF_SUB, 4, 1),
			ASM_JMP_K(BPF_JNE, 4, 0, -5),
			ASM_EXIT(),
		};

		if (accept(&p, prog, ARRAY_SIZE(prog), 4))
			TAP_CHECK(flags[2] & BPF_F_CHECK, "loop load not flagged");
		tap_case("accept: a loop over the context, checked at run time");
	}
	{
		const struct bpf_insn prog[] = { ASM_LD_IMM64(0, 5), ASM_EXIT() };

		if (accept(&p, prog, ARRAY_SIZE(prog), 0))
			TAP_CHECK(flags[1] == BPF_F_IMM64_HI, "flags[1] %#x", flags[1]);
		tap_case("accept: ld_imm64 marks its second slot");
	}
	{
		/* Unreachable slots are not walked: their r5 read is no error. */
		const struct bpf_insn prog[] = { ASM_MOV64_K(0, 0), ASM_EXIT(), ASM_MOV64_X(0, 5),
						 ASM_EXIT() };

		accept(&p, prog, ARRAY_SIZE(prog), 0);
		tap_case("accept: unreachable code");
	}
}

/* The uses of a pointer the verifier allows, and the flags they leave. */
static void test_pointer_uses(void)
{
	struct bpf_prog p;

	{
		/* Copied, moved by constants and by a number either way round, compared
		 * with a pointer of the same kind, spilled to the stack and reloaded. */
		const struct bpf_insn prog[] = {
			/* 0 */ ASM_MOV64_X(5, 1),
			/* 1 */ ASM_ALU64_X(BPF_ADD, 5, 2),
			/* 2 */ ASM_JMP_X(BPF_JEQ, 5, 1, 1),
			/* 3 */ ASM_LDX(BPF_B, 0, 5, -1),
			/* 4 */ ASM_MOV64_X(3, 10),
			/* 5 */ ASM_ALU64_K(BPF_SUB, 3, 16),
			/* 6 */ ASM_MOV64_K(4, -8),
			/* 7 */ ASM_ALU64_X(BPF_ADD, 4, 10),
			/* 8 */ ASM_STX(BPF_DW, 4, 1, 0),
			/* 9 */ ASM_STX(BPF_DW, 3, 10, 0),
			/* 10 */ ASM_MOV64_K(0, 0),
			/* 11 */ ASM_JMP_X(BPF_JSGE, 3, 10, 1),
			/* 12 */ ASM_MOV64_K(0, 1),
			/* 13 */ ASM_LDX(BPF_DW, 6, 10, -8),
			/* 14 */ ASM_JMP_X(BPF_JNE, 6, 1, 0),
			/* 15 */ ASM_EXIT(),
		};

		if (accept(&p, prog, ARRAY_SIZE(prog), 8)) {
			TAP_CHECK(!(flags[8] & BPF_F_CHECK) && !(flags[9] & BPF_F_CHECK),
				  "constant-offset spills flagged %#x %#x", flags[8], flags[9]);
			TAP_CHECK(flags[3] & BPF_F_CHECK, "slot 3 not flagged");
		}
		tap_case("accept: pointers copied, moved, compared by kind, spilled");
	}
	{
		/* A pointer register overwritten by a number is a number again. */
		const struct bpf_insn prog[] = {
			ASM_MOV64_X(3, 10), ASM_MOV32_K(3, 5), ASM_ALU64_K(BPF_MUL, 3, 3),
			ASM_MOV64_X(0, 3),  ASM_EXIT(),
		};

		accept(&p, prog, ARRAY_SIZE(prog), 0);
		tap_case("accept: a pointer register overwritten by a number");
	}
	{
		/* Helpers without arguments do not read r1-r5: the context may sit there. */
		const struct bpf_insn prog[] = {
			ASM_MOV64_X(2, 10),
			ASM_CALL_HELPER(BPF_HELPER_COUNTER),
			ASM_EXIT(),
		};

		accept(&p, prog, ARRAY_SIZE(prog), 8);
		tap_case("accept: pointers left in r1-r5 across an argumentless helper");
	}
	{
		/* print's fmt may point into the stack or the context; size 0 takes a number. */
		const struct bpf_insn prog[] = {
			/* 0 */ ASM_ST(BPF_DW, 10, -8, 0x41),
			/* 1 */ ASM_MOV64_X(1, 10),
			/* 2 */ ASM_ALU64_K(BPF_ADD, 1, -8),
			/* 3 */ ASM_MOV64_K(2, 2),
			/* 4 */ ASM_MOV64_K(3, 0),
			/* 5 */ ASM_MOV64_K(4, 0),
			/* 6 */ ASM_MOV64_K(5, 0),
			/* 7 */ ASM_CALL_HELPER(BPF_HELPER_PRINT),
			/* 8 */ ASM_MOV64_K(1, 0),
			/* 9 */ ASM_MOV64_K(2, 0),
			/* 10 */ ASM_MOV64_K(3, 0),
			/* 11 */ ASM_MOV64_K(4, 0),
			/* 12 */ ASM_MOV64_K(5, 0),
			/* 13 */ ASM_CALL_HELPER(BPF_HELPER_PRINT),
			/* 14 */ ASM_EXIT(),
		};

		if (accept(&p, prog, ARRAY_SIZE(prog), 0))
			TAP_CHECK(!(flags[7] & BPF_F_CHECK) && !(flags[13] & BPF_F_CHECK),
				  "flags %#x %#x", flags[7], flags[13]);
		tap_case("accept: print with a stack fmt, and with size 0");
	}
	{
		/* Pointers passed to a local function: the context keeps its known offset
		 * (proven), the caller's stack pointer is checked at run time. */
		const struct bpf_insn prog[] = {
			/* 0 */ ASM_MOV64_X(2, 10),
			/* 1 */ ASM_ALU64_K(BPF_ADD, 2, -8),
			/* 2 */ ASM_CALL_LOCAL(1),
			/* 3 */ ASM_EXIT(),
			/* f, 4 */ ASM_LDX(BPF_W, 0, 1, 4),
			/* 5 */ ASM_STX(BPF_DW, 2, 0, 0),
			/* 6 */ ASM_STX(BPF_DW, 10, 1, -8),
			/* 7 */ ASM_EXIT(),
		};

		if (accept(&p, prog, ARRAY_SIZE(prog), 8)) {
			TAP_CHECK(!(flags[4] & BPF_F_CHECK), "slot 4 flagged");
			TAP_CHECK(flags[5] & BPF_F_CHECK, "slot 5 not flagged");
		}
		tap_case("accept: pointers as a local function's arguments");
	}
}

int main(void)
{
	tap_start();
	test_rejections();
	test_pointer_rejections();
	test_limits();
	test_accept();
	test_pointer_uses();
	return tap_done();
}
