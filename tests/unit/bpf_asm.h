/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instruction builders for eBPF test programs (RFC 9669 encodings), shared
 * by the host tests, the fuzzer seeds, the generator and the JIT harnesses.
 * Each macro is one struct bpf_insn initialiser, except ASM_LD_IMM64 which
 * is two (an array element list), so programs read as arrays:
 *
 *	struct bpf_insn prog[] = {
 *		ASM_MOV64_K(0, 7),
 *		ASM_ALU64_K(BPF_ADD, 0, 1),
 *		ASM_EXIT(),
 *	};
 */
#ifndef TESTS_UNIT_BPF_ASM_H
#define TESTS_UNIT_BPF_ASM_H

#include <lander/bpf.h>

/* bpf_verify()'s working memory, enough for any program (one verification at a time). */
static u64 bpf_verify_work[BPF_VERIFY_WORK_BYTES(BPF_MAX_INSNS) / 8] __attribute__((unused));

#define ASM_INSN(c, d, s, o, i)                                         \
	((struct bpf_insn){ .code = (u8)(c),                            \
			    .regs = (u8)(((d)&0xf) | (((s)&0xf) << 4)), \
			    .off = (s16)(o),                            \
			    .imm = (s32)(i) })

/* Arithmetic (RFC 9669 4.1): op is BPF_ADD, BPF_SUB, ... */
#define ASM_ALU64_K(op, d, k) ASM_INSN(BPF_ALU64 | BPF_K | (op), d, 0, 0, k)
#define ASM_ALU64_X(op, d, s) ASM_INSN(BPF_ALU64 | BPF_X | (op), d, s, 0, 0)
#define ASM_ALU32_K(op, d, k) ASM_INSN(BPF_ALU | BPF_K | (op), d, 0, 0, k)
#define ASM_ALU32_X(op, d, s) ASM_INSN(BPF_ALU | BPF_X | (op), d, s, 0, 0)
/* Signed DIV/MOD: offset 1. */
#define ASM_SALU64_K(op, d, k) ASM_INSN(BPF_ALU64 | BPF_K | (op), d, 0, 1, k)
#define ASM_SALU64_X(op, d, s) ASM_INSN(BPF_ALU64 | BPF_X | (op), d, s, 1, 0)
#define ASM_SALU32_K(op, d, k) ASM_INSN(BPF_ALU | BPF_K | (op), d, 0, 1, k)
#define ASM_SALU32_X(op, d, s) ASM_INSN(BPF_ALU | BPF_X | (op), d, s, 1, 0)
#define ASM_NEG64(d)	       ASM_INSN(BPF_ALU64 | BPF_NEG, d, 0, 0, 0)
#define ASM_NEG32(d)	       ASM_INSN(BPF_ALU | BPF_NEG, d, 0, 0, 0)
#define ASM_MOV64_K(d, k)      ASM_ALU64_K(BPF_MOV, d, k)
#define ASM_MOV64_X(d, s)      ASM_ALU64_X(BPF_MOV, d, s)
#define ASM_MOV32_K(d, k)      ASM_ALU32_K(BPF_MOV, d, k)
#define ASM_MOV32_X(d, s)      ASM_ALU32_X(BPF_MOV, d, s)
/* Sign-extending moves: bits is 8, 16 (or 32 for the 64-bit form). */
#define ASM_MOVSX64(d, s, bits) ASM_INSN(BPF_ALU64 | BPF_X | BPF_MOV, d, s, bits, 0)
#define ASM_MOVSX32(d, s, bits) ASM_INSN(BPF_ALU | BPF_X | BPF_MOV, d, s, bits, 0)
/* Byte swaps (RFC 9669 4.2): to little-endian, to big-endian, unconditional. */
#define ASM_LE(d, bits)	   ASM_INSN(BPF_ALU | BPF_K | BPF_END, d, 0, 0, bits)
#define ASM_BE(d, bits)	   ASM_INSN(BPF_ALU | BPF_X | BPF_END, d, 0, 0, bits)
#define ASM_BSWAP(d, bits) ASM_INSN(BPF_ALU64 | BPF_K | BPF_END, d, 0, 0, bits)

/* Jumps (RFC 9669 4.3): off counts slots from the next one. */
#define ASM_JA(off)		   ASM_INSN(BPF_JMP | BPF_JA, 0, 0, off, 0)
#define ASM_JA32(imm)		   ASM_INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, imm)
#define ASM_JMP_K(op, d, k, off)   ASM_INSN(BPF_JMP | BPF_K | (op), d, 0, off, k)
#define ASM_JMP_X(op, d, s, off)   ASM_INSN(BPF_JMP | BPF_X | (op), d, s, off, 0)
#define ASM_JMP32_K(op, d, k, off) ASM_INSN(BPF_JMP32 | BPF_K | (op), d, 0, off, k)
#define ASM_JMP32_X(op, d, s, off) ASM_INSN(BPF_JMP32 | BPF_X | (op), d, s, off, 0)
#define ASM_CALL_HELPER(id)	   ASM_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define ASM_CALL_LOCAL(rel)	   ASM_INSN(BPF_JMP | BPF_CALL, 0, 1, 0, rel)
#define ASM_EXIT()		   ASM_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Loads and stores (RFC 9669 5): size is BPF_B, BPF_H, BPF_W or BPF_DW. */
#define ASM_LDX(size, d, s, off)   ASM_INSN(BPF_LDX | BPF_MEM | (size), d, s, off, 0)
#define ASM_LDXSX(size, d, s, off) ASM_INSN(BPF_LDX | BPF_MEMSX | (size), d, s, off, 0)
#define ASM_ST(size, d, off, k)	   ASM_INSN(BPF_ST | BPF_MEM | (size), d, 0, off, k)
#define ASM_STX(size, d, s, off)   ASM_INSN(BPF_STX | BPF_MEM | (size), d, s, off, 0)
/* Atomics (RFC 9669 5.3): op is BPF_ADD..., optionally | BPF_FETCH, or BPF_XCHG/BPF_CMPXCHG. */
#define ASM_ATOMIC(size, d, s, off, op) ASM_INSN(BPF_STX | BPF_ATOMIC | (size), d, s, off, op)

/* ld_imm64 (RFC 9669 5.4): two slots. */
#define ASM_LD_IMM64(d, v)                                           \
	ASM_INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (u32)(u64)(v)), \
		ASM_INSN(0, 0, 0, 0, (u32)((u64)(v) >> 32))

#endif
