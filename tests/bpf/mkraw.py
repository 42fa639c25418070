#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw eBPF test programs (NAME.bpf): a small assembler and its programs.

Each program is a list of RFC 9669 instruction slots written as tuples
(opcode, dst, src, off, imm), the opcode built from the RFC's field names
(section 3 and the tables of sections 4 and 5). Every program has the
console line it must produce (docs/bpf.md):

  an int         "bpf NAME: r0=0xHEX": the result, worked out by hand from
                 the RFC text cited next to it, never taken from a run
  a str          a regular expression for what follows "bpf NAME: ": a
                 stop, or a rejection in kernel/bpf/verifier.c's words
                 with the slot core.c appends

    mkraw.py OUTDIR     writes OUTDIR/NAME.bpf (and OUTDIR/NAME.mem where a
                        program has a context) for every program, and
                        OUTDIR/raw.list: the file names in archive order
"""
import os
import struct
import sys

# Instruction classes (RFC 9669 section 3.3).
LD, LDX, ST, STX, ALU, JMP, JMP32, ALU64 = range(8)
# Source (4.1), and the byte swap's source field (4.2).
K, X = 0x00, 0x08
TO_LE, TO_BE = 0x00, 0x08
# Arithmetic operations (4.1); SDIV and SMOD are DIV and MOD with off 1,
# MOVSX is MOV with off 8, 16 or 32.
ADD, SUB, MUL, DIV, OR, AND, LSH, RSH = 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70
NEG, MOD, XOR, MOV, ARSH, END = 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0
# Jumps (4.3).
JA, JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE = 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70
CALL, EXIT, JLT, JLE, JSLT, JSLE = 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0
# Load and store sizes and modes (5.1).
W, H, B, DW = 0x00, 0x08, 0x10, 0x18
IMM, ABS, IND, MEM, MEMSX, ATOMIC = 0x00, 0x20, 0x40, 0x60, 0x80, 0xc0
# Atomic operations, in imm (5.3).
FETCH = 0x01
XCHG = 0xe0 | FETCH
CMPXCHG = 0xf0 | FETCH
# A call's src (4.3.1): 0 a helper by its ID, 1 a local function at pc + imm + 1.
HELPER, LOCAL = 0, 1

R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 = range(11)
SDIV_OFF = SMOD_OFF = 1

MASK64 = (1 << 64) - 1


def lddw(dst, value):
    """ld_imm64 with src 0 (5.4): dst = value, over two slots."""
    value &= MASK64
    return [(LD | IMM | DW, dst, 0, 0, value & 0xffffffff), (0, 0, 0, 0, value >> 32)]


def mov64(dst, imm):
    return (ALU64 | MOV | K, dst, 0, 0, imm)


def mov32(dst, imm):
    return (ALU | MOV | K, dst, 0, 0, imm)


EXIT_INSN = (JMP | EXIT, 0, 0, 0, 0)


def encode(insns):
    """The little-endian slots (RFC 9669 section 3: 8 bits opcode, 4 dst, 4 src, s16, s32)."""
    out = b""
    for code, dst, src, off, imm in insns:
        out += struct.pack("<BBhI", code, (src << 4) | dst, off, imm & 0xffffffff)
    return out


def flat(*parts):
    """A program from slots and lists of slots (lddw gives two)."""
    insns = []
    for p in parts:
        insns += p if isinstance(p, list) else [p]
    return insns


# name, slots, expectation, context bytes (or None). Comments give the
# RFC 9669 rule each result comes from.
PROGRAMS = []


def prog(name, insns, expect, mem=None):
    PROGRAMS.append((name, insns, expect, mem))


# --- 4.1: division and modulo -------------------------------------------
# "If execution would result in division by zero, the destination register
# is instead set to zero"; modulo by zero: "for ALU64 the value of the
# destination register is unchanged whereas for ALU the upper 32 bits of
# the destination register are zeroed".
prog("div64-by-zero", flat(mov64(R0, 7), mov64(R1, 0), (ALU64 | DIV | X, R0, R1, 0, 0),
                           EXIT_INSN), 0)
prog("div32-by-zero", flat(lddw(R0, 0x8765432112345678), mov32(R1, 0),
                           (ALU | DIV | X, R0, R1, 0, 0), EXIT_INSN), 0)
prog("mod64-by-zero", flat(lddw(R0, 0x8765432112345678), mov64(R1, 0),
                           (ALU64 | MOD | X, R0, R1, 0, 0), EXIT_INSN), 0x8765432112345678)
prog("mod32-by-zero", flat(lddw(R0, 0x8765432112345678), mov32(R1, 0),
                           (ALU | MOD | X, R0, R1, 0, 0), EXIT_INSN), 0x12345678)
prog("sdiv64-by-zero", flat(mov64(R0, -9), mov64(R1, 0),
                            (ALU64 | DIV | X, R0, R1, SDIV_OFF, 0), EXIT_INSN), 0)
prog("smod64-by-zero", flat(mov64(R0, -9), mov64(R1, 0),
                            (ALU64 | MOD | X, R0, R1, SMOD_OFF, 0), EXIT_INSN),
     0xfffffffffffffff7)
# "Underflow and overflow are allowed during arithmetic operations, meaning
# the 64-bit or 32-bit value will wrap": INT_MIN / -1 is +2^63 (2^31),
# which wraps to INT_MIN; INT_MIN % -1 is INT_MIN - (-1) * INT_MIN, which
# wraps to 0. 32-bit results are zero-extended.
prog("sdiv64-int-min", flat(lddw(R0, 1 << 63), mov64(R1, -1),
                            (ALU64 | DIV | X, R0, R1, SDIV_OFF, 0), EXIT_INSN), 1 << 63)
prog("smod64-int-min", flat(lddw(R0, 1 << 63), mov64(R1, -1),
                            (ALU64 | MOD | X, R0, R1, SMOD_OFF, 0), EXIT_INSN), 0)
prog("sdiv32-int-min", flat(mov32(R0, 0x80000000), mov32(R1, -1),
                            (ALU | DIV | X, R0, R1, SDIV_OFF, 0), EXIT_INSN), 0x80000000)
prog("smod32-int-min", flat(mov32(R0, 0x80000000), mov32(R1, -1),
                            (ALU | MOD | X, R0, R1, SMOD_OFF, 0), EXIT_INSN), 0)
prog("sdiv64-imm-int-min", flat(lddw(R0, 1 << 63), (ALU64 | DIV | K, R0, 0, SDIV_OFF, -1),
                                EXIT_INSN), 1 << 63)
# Signed division truncates; signed modulo "MUST use truncated division
# (where -13 % 3 == -1)".
prog("sdiv64-trunc", flat(mov64(R0, -13), (ALU64 | DIV | K, R0, 0, SDIV_OFF, 3), EXIT_INSN),
     0xfffffffffffffffc)
prog("smod64-trunc", flat(mov64(R0, -13), (ALU64 | MOD | K, R0, 0, SMOD_OFF, 3), EXIT_INSN),
     0xffffffffffffffff)
prog("smod64-neg-divisor", flat(mov64(R0, 13), (ALU64 | MOD | K, R0, 0, SMOD_OFF, -3),
                                EXIT_INSN), 1)
prog("sdiv32-trunc", flat(mov32(R0, -13), (ALU | DIV | K, R0, 0, SDIV_OFF, 3), EXIT_INSN),
     0xfffffffc)
prog("smod32-trunc", flat(mov32(R0, -13), (ALU | MOD | K, R0, 0, SMOD_OFF, 3), EXIT_INSN),
     0xffffffff)
# Unsigned DIV/MOD with an immediate: "for ALU64, the imm is first
# sign-extended from 32 to 64 bits, and then interpreted as a 64-bit
# unsigned value"; for ALU, "interpreted as a 32-bit unsigned value".
# 0xffffffffffffffff / 0xfffffffffffffffe = 1, remainder 1;
# 0xffffffff / 0xfffffffe = 1.
prog("div64-imm-sext", flat(mov64(R0, -1), (ALU64 | DIV | K, R0, 0, 0, -2), EXIT_INSN), 1)
prog("mod64-imm-sext", flat(mov64(R0, -1), (ALU64 | MOD | K, R0, 0, 0, -2), EXIT_INSN), 1)
prog("div32-imm-unsigned", flat(mov32(R0, -1), (ALU | DIV | K, R0, 0, 0, -2), EXIT_INSN), 1)

# --- 4.1: shifts, 32-bit zero extension, NEG, MUL ------------------------
# "Shift operations use a mask of 0x3F (63) for 64-bit operations and 0x1F
# (31) for 32-bit operations."
prog("lsh64-masked", flat(mov64(R0, 1), mov64(R1, 65), (ALU64 | LSH | X, R0, R1, 0, 0),
                          EXIT_INSN), 2)
prog("lsh32-masked", flat(mov32(R0, 1), mov32(R1, 33), (ALU | LSH | X, R0, R1, 0, 0),
                          EXIT_INSN), 2)
prog("rsh64-masked", flat(lddw(R0, 1 << 63), mov64(R1, 127), (ALU64 | RSH | X, R0, R1, 0, 0),
                          EXIT_INSN), 1)
prog("rsh32-masked", flat(lddw(R0, 0xffffffff80000000), mov32(R1, 35),
                          (ALU | RSH | X, R0, R1, 0, 0), EXIT_INSN), 0x10000000)
prog("arsh64", flat(lddw(R0, 1 << 63), (ALU64 | ARSH | K, R0, 0, 0, 63), EXIT_INSN),
     0xffffffffffffffff)
prog("arsh32-masked", flat(mov32(R0, 0x80000000), mov32(R1, 36), (ALU | ARSH | X, R0, R1, 0, 0),
                           EXIT_INSN), 0xf8000000)
# BPF_ALU: "32-bit wide operands", the upper 32 bits of dst zeroed.
prog("add32-wraps", flat(lddw(R0, 0xdeadbeefffffffff), (ALU | ADD | K, R0, 0, 0, 2), EXIT_INSN),
     1)
prog("mov32-zext", flat(lddw(R0, MASK64), (ALU | MOV | X, R0, R0, 0, 0), EXIT_INSN), 0xffffffff)
prog("mov32-imm-neg", flat(mov32(R0, -1), EXIT_INSN), 0xffffffff)
prog("mov64-imm-neg", flat(mov64(R0, -1), EXIT_INSN), 0xffffffffffffffff)
prog("neg32", flat(lddw(R0, 0x100000005), (ALU | NEG | K, R0, 0, 0, 0), EXIT_INSN), 0xfffffffb)
prog("neg64", flat(mov64(R0, 5), (ALU64 | NEG | K, R0, 0, 0, 0), EXIT_INSN), 0xfffffffffffffffb)
prog("mul32-wraps", flat(mov32(R0, 0x10001), (ALU | MUL | K, R0, 0, 0, 0x10001), EXIT_INSN),
     0x20001)
prog("sub64-imm-sext", flat(mov64(R0, 0), (ALU64 | SUB | K, R0, 0, 0, -1), EXIT_INSN), 1)

# --- 4.1: MOVSX (MOV with off 8/16/32) ----------------------------------
# ALU64: dst = src sign-extended from 8, 16 or 32 bits. ALU: from 8 or 16
# bits to 32, then zero-extended like every ALU result.
prog("movsx64-s8", flat(mov64(R1, 0x180), (ALU64 | MOV | X, R0, R1, 8, 0), EXIT_INSN),
     0xffffffffffffff80)
prog("movsx64-s8-positive", flat(mov64(R1, 0x17f), (ALU64 | MOV | X, R0, R1, 8, 0), EXIT_INSN),
     0x7f)
prog("movsx64-s16", flat(mov64(R1, 0x7fff8000), (ALU64 | MOV | X, R0, R1, 16, 0), EXIT_INSN),
     0xffffffffffff8000)
prog("movsx64-s32", flat(lddw(R1, 0x180000000), (ALU64 | MOV | X, R0, R1, 32, 0), EXIT_INSN),
     0xffffffff80000000)
prog("movsx32-s8", flat(mov64(R1, 0xff), (ALU | MOV | X, R0, R1, 8, 0), EXIT_INSN), 0xffffffff)
prog("movsx32-s16", flat(lddw(R1, 0x100008001), (ALU | MOV | X, R0, R1, 16, 0), EXIT_INSN),
     0xffff8001)

# --- 4.2: byte swaps ----------------------------------------------------
# On a little-endian machine, ALU END TO_LE leaves the low 16/32/64 bits
# (le16/le32/le64 take an unsigned 16/32/64-bit number), TO_BE swaps them;
# ALU64 END (source 0) swaps unconditionally (bswap16/32/64).
SWAP_IN = 0x1122334455667788
for name, cls, src, width, result in (
        ("le16", ALU, TO_LE, 16, 0x7788), ("le32", ALU, TO_LE, 32, 0x55667788),
        ("le64", ALU, TO_LE, 64, 0x1122334455667788),
        ("be16", ALU, TO_BE, 16, 0x8877), ("be32", ALU, TO_BE, 32, 0x88776655),
        ("be64", ALU, TO_BE, 64, 0x8877665544332211),
        ("bswap16", ALU64, TO_LE, 16, 0x8877), ("bswap32", ALU64, TO_LE, 32, 0x88776655),
        ("bswap64", ALU64, TO_LE, 64, 0x8877665544332211)):
    prog(f"end-{name}", flat(lddw(R0, SWAP_IN), (cls | END | src, R0, 0, 0, width), EXIT_INSN),
         result)

# --- 4.3: jumps ----------------------------------------------------------
# Each: r0 = 1, the jump over "r0 = 2", exit: 1 if taken, 2 if not.


def branch(setup, jump):
    return flat(setup, mov64(R0, 1), jump, mov64(R0, 2), EXIT_INSN)


# JMP32 compares the low 32 bits only (as unsigned or signed 32-bit values).
prog("jmp32-jeq-low-half", branch(lddw(R1, 0x100000000), (JMP32 | JEQ | K, R1, 0, 1, 0)), 1)
prog("jmp64-jeq-whole", branch(lddw(R1, 0x100000000), (JMP | JEQ | K, R1, 0, 1, 0)), 2)
prog("jmp32-jslt", branch(lddw(R1, 0x80000000), (JMP32 | JSLT | K, R1, 0, 1, 0)), 1)
prog("jmp64-jslt", branch(lddw(R1, 0x80000000), (JMP | JSLT | K, R1, 0, 1, 0)), 2)
prog("jmp32-jgt-reg", branch(flat(lddw(R1, 0xffffffff00000001), mov64(R2, 2)),
                             (JMP32 | JGT | X, R1, R2, 1, 0)), 2)
prog("jmp32-jset", branch(lddw(R1, 0x100000000), (JMP32 | JSET | K, R1, 0, 1, -1)), 2)
prog("jmp32-jsge-reg", branch(flat(lddw(R1, 0x7fffffff), lddw(R2, 0x80000000)),
                              (JMP32 | JSGE | X, R1, R2, 1, 0)), 1)
# A 64-bit comparison with an immediate sign-extends it: r1 = -1 equals imm -1.
prog("jmp64-imm-sext", branch(mov64(R1, -1), (JMP | JEQ | K, R1, 0, 1, -1)), 1)
prog("jmp64-jsle", branch(mov64(R1, -5), (JMP | JSLE | K, R1, 0, 1, -4)), 1)
prog("jmp64-jle-unsigned", branch(mov64(R1, -5), (JMP | JLE | K, R1, 0, 1, 4)), 2)
# JA in the JMP32 class jumps by imm (gotol), not off.
prog("jmp32-ja-imm", flat(mov64(R0, 1), (JMP32 | JA, 0, 0, 0, 1), mov64(R0, 2), EXIT_INSN), 1)

# --- 5.4: ld_imm64 -------------------------------------------------------
# dst = (next_imm << 32) | imm: the low imm is not sign-extended into the top.
prog("lddw", flat(lddw(R0, 0x0123456789abcdef), EXIT_INSN), 0x0123456789abcdef)
prog("lddw-low-negative", flat(lddw(R0, 0x180000000), EXIT_INSN), 0x180000000)

# --- 5.1, 5.2: loads and stores, MEMSX ---------------------------------
CTX16 = bytes([0x7f, 0xfe, 0x01, 0x80, 0x00, 0x00, 0x00, 0x80,
               0x78, 0x56, 0x34, 0x12, 0xef, 0xcd, 0xab, 0x90])
# MEMSX: dst = *(signed size *)(src + off), sign-extended to 64 bits.
prog("ldxsb-stack", flat((ST | MEM | B, R10, 0, -1, 0x80), (LDX | MEMSX | B, R0, R10, -1, 0),
                         EXIT_INSN), 0xffffffffffffff80)
prog("ldxsh-stack", flat((ST | MEM | H, R10, 0, -2, 0x8001), (LDX | MEMSX | H, R0, R10, -2, 0),
                         EXIT_INSN), 0xffffffffffff8001)
prog("ldxsw-stack", flat((ST | MEM | W, R10, 0, -4, 0x80000000),
                         (LDX | MEMSX | W, R0, R10, -4, 0), EXIT_INSN), 0xffffffff80000000)
prog("ldxsb-ctx", flat((LDX | MEMSX | B, R0, R1, 1, 0), EXIT_INSN), 0xfffffffffffffffe, CTX16)
prog("ldxsh-ctx", flat((LDX | MEMSX | H, R0, R1, 2, 0), EXIT_INSN), 0xffffffffffff8001, CTX16)
prog("ldxsw-ctx", flat((LDX | MEMSX | W, R0, R1, 4, 0), EXIT_INSN), 0xffffffff80000000, CTX16)
# MEM loads zero-extend.
prog("ldxb-ctx", flat((LDX | MEM | B, R0, R1, 1, 0), EXIT_INSN), 0xfe, CTX16)
prog("ldxdw-ctx", flat((LDX | MEM | DW, R0, R1, 8, 0), EXIT_INSN), 0x90abcdef12345678, CTX16)
# A store to the context, read back: the last 4 bytes become 0x0000abcd.
prog("stw-ctx", flat((ST | MEM | W, R1, 0, 12, 0xabcd), (LDX | MEM | DW, R0, R1, 8, 0),
                     EXIT_INSN), 0x0000abcd12345678, CTX16)
# A store at a run-time index into the stack: r10 - 16 + ctx[2] (1).
prog("stack-computed", flat((LDX | MEM | B, R2, R1, 2, 0), mov64(R3, 0x55),
                            (ALU64 | MOV | X, R4, R10, 0, 0), (ALU64 | ADD | K, R4, 0, 0, -16),
                            (ALU64 | ADD | X, R4, R2, 0, 0), (STX | MEM | B, R4, R3, 0, 0),
                            (ST | MEM | B, R10, 0, -16, 0x11),
                            (LDX | MEM | H, R0, R10, -16, 0), EXIT_INSN), 0x5511, CTX16)

# --- 5.3: atomics --------------------------------------------------------
# ADD/OR/AND/XOR with FETCH load the old value into src; XCHG swaps;
# CMPXCHG compares R0 with the memory, stores src if equal, and loads the
# old value zero-extended into R0. 32-bit operations zero-extend.
prog("atomic-add64", flat((ST | MEM | DW, R10, 0, -8, 10), mov64(R1, 5),
                          (STX | ATOMIC | DW, R10, R1, -8, ADD),
                          (LDX | MEM | DW, R0, R10, -8, 0), EXIT_INSN), 15)
prog("atomic-fetch-add64", flat((ST | MEM | DW, R10, 0, -8, 10), mov64(R1, 5),
                                (STX | ATOMIC | DW, R10, R1, -8, ADD | FETCH),
                                (LDX | MEM | DW, R0, R10, -8, 0), (ALU64 | LSH | K, R1, 0, 0, 8),
                                (ALU64 | OR | X, R0, R1, 0, 0), EXIT_INSN), 0xa0f)
prog("atomic-fetch-or32", flat((ST | MEM | W, R10, 0, -4, 0xf0), mov32(R1, 0x0f),
                               (STX | ATOMIC | W, R10, R1, -4, OR | FETCH),
                               (LDX | MEM | W, R0, R10, -4, 0), (ALU64 | LSH | K, R1, 0, 0, 8),
                               (ALU64 | OR | X, R0, R1, 0, 0), EXIT_INSN), 0xf0ff)
prog("atomic-fetch-add32-zext", flat((ST | MEM | W, R10, 0, -4, -1), lddw(R1, 0xffffffff00000001),
                                     (STX | ATOMIC | W, R10, R1, -4, ADD | FETCH),
                                     (LDX | MEM | W, R0, R10, -4, 0),
                                     (ALU64 | ADD | X, R0, R1, 0, 0), EXIT_INSN), 0xffffffff)
CTX_ATOMIC = bytes([0x00, 0xff] * 4) + struct.pack("<I", 0x12345678) + bytes(4)
prog("atomic-fetch-and64-ctx", flat(lddw(R2, 0x0ff00ff00ff00ff0),
                                    (STX | ATOMIC | DW, R1, R2, 0, AND | FETCH),
                                    (LDX | MEM | DW, R0, R1, 0, 0),
                                    (ALU64 | XOR | X, R0, R2, 0, 0), EXIT_INSN),
     0xf000f000f000f000, CTX_ATOMIC)
prog("atomic-xor32-ctx", flat(mov32(R2, -1), (STX | ATOMIC | W, R1, R2, 8, XOR),
                              (LDX | MEM | W, R0, R1, 8, 0), EXIT_INSN), 0xedcba987, CTX_ATOMIC)
prog("atomic-xchg64", flat((ST | MEM | DW, R10, 0, -8, 7), mov64(R1, 9),
                           (STX | ATOMIC | DW, R10, R1, -8, XCHG),
                           (LDX | MEM | DW, R0, R10, -8, 0), (ALU64 | LSH | K, R1, 0, 0, 8),
                           (ALU64 | OR | X, R0, R1, 0, 0), EXIT_INSN), 0x709)
prog("atomic-cmpxchg64-equal", flat((ST | MEM | DW, R10, 0, -8, 7), mov64(R0, 7), mov64(R1, 42),
                                    (STX | ATOMIC | DW, R10, R1, -8, CMPXCHG),
                                    (LDX | MEM | DW, R1, R10, -8, 0),
                                    (ALU64 | LSH | K, R0, 0, 0, 8), (ALU64 | OR | X, R0, R1, 0, 0),
                                    EXIT_INSN), 0x72a)
prog("atomic-cmpxchg64-differ", flat((ST | MEM | DW, R10, 0, -8, 7), mov64(R0, 8),
                                     mov64(R1, 42), (STX | ATOMIC | DW, R10, R1, -8, CMPXCHG),
                                     (LDX | MEM | DW, R1, R10, -8, 0),
                                     (ALU64 | LSH | K, R0, 0, 0, 8),
                                     (ALU64 | OR | X, R0, R1, 0, 0), EXIT_INSN), 0x707)
prog("atomic-cmpxchg32-ctx", flat(mov32(R0, 0x12345678), mov32(R2, 5),
                                  (STX | ATOMIC | W, R1, R2, 8, CMPXCHG),
                                  (LDX | MEM | W, R2, R1, 8, 0), (ALU64 | LSH | K, R2, 0, 0, 32),
                                  (ALU64 | OR | X, R0, R2, 0, 0), EXIT_INSN),
     0x0000000512345678, CTX_ATOMIC)

# --- 4.3.1: calls --------------------------------------------------------
prog("call-helper-counter", flat((JMP | CALL, 0, HELPER, 0, 5), EXIT_INSN), 1)
# A local call: slot 1 calls slot 3 (1 + 1 + 1), which returns r1 + 22.
prog("call-local", flat(mov64(R1, 20), (JMP | CALL, 0, LOCAL, 0, 1), EXIT_INSN,
                        (ALU64 | MOV | X, R0, R1, 0, 0), (ALU64 | ADD | K, R0, 0, 0, 22),
                        EXIT_INSN), 42)
# Each call has its own frame: the callee's r10 - 8 is not the caller's.
prog("call-local-frame", flat((ST | MEM | DW, R10, 0, -8, 0x11), (JMP | CALL, 0, LOCAL, 0, 2),
                              (LDX | MEM | DW, R0, R10, -8, 0), EXIT_INSN,
                              (ST | MEM | DW, R10, 0, -8, 0x22), mov64(R0, 0), EXIT_INSN), 0x11)

# r6-r9 survive a local call (include/lander/bpf.h): the callee's r6 = 99
# is not the caller's 7.
prog("call-local-r6-survives", flat(mov64(R6, 7), (JMP | CALL, 0, LOCAL, 0, 2),
                                    (ALU64 | ADD | X, R0, R6, 0, 0), EXIT_INSN,
                                    mov64(R6, 99), mov64(R0, 1), EXIT_INSN), 8)
# print (helper 6) with its format in the context: "ctx %u" and r3 = 7
# print "ctx 7" and return its length (every argument register is set:
# the verifier wants the five a helper may read).
prog("call-print-ctx", flat(mov64(R2, 8), mov64(R3, 7), mov64(R4, 0), mov64(R5, 0),
                            (JMP | CALL, 0, HELPER, 0, 6), EXIT_INSN), 5, b"ctx %u\0" + bytes(8))


def countdown(n):
    """f(n) = n == 0 ? 0 : f(n - 1) + 1, called from the main program: n + 2 frames."""
    return flat(mov64(R1, n), (JMP | CALL, 0, LOCAL, 0, 1), EXIT_INSN,
                (ALU64 | MOV | X, R0, R1, 0, 0),        # 3: f
                (JMP | JEQ | K, R1, 0, 3, 0),
                (ALU64 | ADD | K, R1, 0, 0, -1),
                (JMP | CALL, 0, LOCAL, 0, -4),          # 6: f again
                (ALU64 | ADD | K, R0, 0, 0, 1),
                EXIT_INSN)


# The main frame and f(6) .. f(0): 8 frames, the limit; f(7) needs a 9th,
# which the call at slot 6 cannot make.
prog("call-depth-8", countdown(6), 6)
prog("call-depth-9", countdown(7),
     r"stopped: local calls nested too deep at slot 6")

# --- hostile programs ----------------------------------------------------
# Each is refused by the verifier (the reason in its words, as
# kernel/bpf/verifier.c gives them, and the slot core.c appends) or
# stopped at run time.
prog("loop-forever", flat(mov64(R0, 0), (JMP | JA, 0, 0, -1, 0)),
     r"stopped: back-edge budget exhausted at slot 1")
# A pointer into the context moved by a value read from it: r1 + 0x1000,
# outside the 16 bytes; and r1 - 8, before them (a store: nothing is written).
prog("oob-ctx-load", flat((LDX | MEM | DW, R2, R1, 0, 0), (ALU64 | ADD | X, R1, R2, 0, 0),
                          (LDX | MEM | B, R0, R1, 0, 0), EXIT_INSN),
     r"stopped: out-of-bounds access at slot 2", struct.pack("<QQ", 0x1000, 0))
prog("oob-ctx-store", flat((LDX | MEM | DW, R2, R1, 0, 0), (ALU64 | ADD | X, R1, R2, 0, 0),
                           (ST | MEM | DW, R1, 0, 0, 0), mov64(R0, 0), EXIT_INSN),
     r"stopped: out-of-bounds access at slot 2", struct.pack("<QQ", MASK64 - 7, 0))
# The stack above r10: r10 + ctx[0] (8).
prog("oob-stack-above", flat((LDX | MEM | DW, R2, R1, 0, 0), (ALU64 | MOV | X, R3, R10, 0, 0),
                             (ALU64 | ADD | X, R3, R2, 0, 0), (LDX | MEM | DW, R0, R3, -8, 0),
                             EXIT_INSN),
     r"stopped: out-of-bounds access at slot 3", struct.pack("<QQ", 8, 0))
# The same access straddling the context's end: bytes 12..19 of 16.
prog("oob-ctx-straddle", flat((LDX | MEM | DW, R2, R1, 0, 0), (ALU64 | ADD | X, R1, R2, 0, 0),
                              (LDX | MEM | DW, R0, R1, 0, 0), EXIT_INSN),
     r"stopped: out-of-bounds access at slot 2", struct.pack("<QQ", 12, 0))
prog("reject-ctx-const-oob", flat((LDX | MEM | DW, R0, R1, 16, 0), EXIT_INSN),
     r"rejected: access outside the 16-byte context \(slot 0\)", bytes(16))
prog("reject-unknown-opcode", flat(mov64(R0, 0), (ALU64 | 0xf0 | X, R0, R1, 0, 0), EXIT_INSN),
     r"rejected: unknown opcode 0xff \(slot 1\)")
prog("reject-unknown-opcode-class-ld", flat(mov64(R0, 0), (LD | IMM | W, R0, 0, 0, 0), EXIT_INSN),
     r"rejected: unknown opcode 0x00 \(slot 1\)")
prog("reject-jump-out", flat(mov64(R0, 0), (JMP | JA, 0, 0, 5, 0), EXIT_INSN),
     r"rejected: jump out of the program \(slot 1\)")
prog("reject-jump-before-start", flat(mov64(R0, 0), (JMP | JEQ | K, R0, 0, -3, 0), EXIT_INSN),
     r"rejected: jump out of the program \(slot 1\)")
prog("reject-jump-into-lddw", flat(mov64(R0, 0), (JMP | JA, 0, 0, 1, 0), lddw(R1, 5), EXIT_INSN),
     r"rejected: jump into the middle of ld_imm64 \(slot 1\)")
prog("reject-lddw-truncated", flat(mov64(R0, 0), EXIT_INSN, lddw(R1, 5)[0]),
     r"rejected: ld_imm64 is missing its second slot \(slot 2\)")
prog("reject-fall-off-end", flat(mov64(R0, 0)), r"rejected: falls off the end \(slot 0\)")
prog("reject-uninit-register", flat((ALU64 | MOV | X, R0, R5, 0, 0), EXIT_INSN),
     r"rejected: r5 read before it is written \(slot 0\)")
prog("reject-uninit-r0-exit", flat(EXIT_INSN),
     r"rejected: r0 read before it is written \(slot 0\)")
prog("reject-write-r10", flat(mov64(R10, 0), mov64(R0, 0), EXIT_INSN),
     r"rejected: write to r10 \(slot 0\)")
prog("reject-stack-below-frame", flat((ST | MEM | DW, R10, 0, -520, 1), mov64(R0, 0), EXIT_INSN),
     r"rejected: stack access outside the 512-byte frame \(slot 0\)")
prog("reject-stack-above-frame", flat((ST | MEM | DW, R10, 0, 0, 1), mov64(R0, 0), EXIT_INSN),
     r"rejected: stack access outside the 512-byte frame \(slot 0\)")
prog("reject-stack-straddle", flat((LDX | MEM | DW, R0, R10, -4, 0), EXIT_INSN),
     r"rejected: stack access outside the 512-byte frame \(slot 0\)")
prog("reject-unknown-helper", flat((JMP | CALL, 0, HELPER, 0, 99), EXIT_INSN),
     r"rejected: unknown helper 99 \(slot 0\)")
prog("reject-helper-1", flat((JMP | CALL, 0, HELPER, 0, 1), EXIT_INSN),
     r"rejected: unknown helper 1 \(slot 0\)")
# The legacy packet loads (RFC 9669 section 5.5) are not implemented.
LEGACY = r"rejected: legacy packet access \(BPF_ABS/BPF_IND\) is not supported"
prog("reject-legacy-abs", flat((LD | ABS | W, 0, 0, 0, 0), EXIT_INSN),
     LEGACY + r" \(slot 0\)")
prog("reject-legacy-ind", flat(mov64(R6, 0), (LD | IND | B, 0, R6, 0, 0), EXIT_INSN),
     LEGACY + r" \(slot 1\)")

# print's format pointer moved past the context: its call is checked too.
prog("oob-print-fmt", flat((LDX | MEM | DW, R2, R1, 0, 0), (ALU64 | ADD | X, R1, R2, 0, 0),
                           mov64(R2, 8), mov64(R3, 0), mov64(R4, 0), mov64(R5, 0),
                           (JMP | CALL, 0, HELPER, 0, 6), EXIT_INSN),
     r"stopped: out-of-bounds access at slot 6", struct.pack("<QQ", 0x100, 0))
# An atomic at a run-time address inside the context but not 8-aligned.
prog("oob-atomic-misaligned", flat((LDX | MEM | DW, R2, R1, 0, 0), (ALU64 | ADD | X, R1, R2, 0, 0),
                                   mov64(R3, 1), (STX | ATOMIC | DW, R1, R3, 0, ADD),
                                   mov64(R0, 0), EXIT_INSN),
     r"stopped: out-of-bounds access at slot 3", struct.pack("<QQ", 4, 0))
prog("reject-atomic-misaligned-stack", flat(mov64(R1, 1), (STX | ATOMIC | DW, R10, R1, -12, ADD),
                                            mov64(R0, 0), EXIT_INSN),
     r"rejected: misaligned atomic access \(slot 1\)")
# r1-r5 hold nothing after a call.
prog("reject-r1-after-call", flat((JMP | CALL, 0, HELPER, 0, 5), (ALU64 | MOV | X, R0, R1, 0, 0),
                                  EXIT_INSN),
     r"rejected: r1 read before it is written \(slot 1\)")
prog("reject-call-out", flat((JMP | CALL, 0, LOCAL, 0, 10), EXIT_INSN),
     r"rejected: call out of the program \(slot 0\)")
prog("reject-call-into-lddw", flat((JMP | CALL, 0, LOCAL, 0, 2), EXIT_INSN, lddw(R0, 1), EXIT_INSN),
     r"rejected: call into the middle of ld_imm64 \(slot 0\)")
# The main program jumps into the body of the function at slot 3.
prog("reject-jump-into-function", flat((JMP | CALL, 0, LOCAL, 0, 2), (JMP | JA, 0, 0, 2, 0),
                                       EXIT_INSN, mov64(R0, 1), EXIT_INSN),
     r"rejected: jump into another function \(slot 1\)")

# Raw files that are not a whole number of slots (core.c's own check).
BAD_FILES = [
    ("reject-size-12", encode([mov64(R0, 0)]) + b"\x95\0\0\0",
     r"rejected: 12 bytes is not a whole number of 8-byte slots"),
]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    names = []
    for name, insns, _, mem in PROGRAMS:
        if mem is not None:
            with open(os.path.join(out, name + ".mem"), "wb") as f:
                f.write(mem)
            names.append(name + ".mem")
        with open(os.path.join(out, name + ".bpf"), "wb") as f:
            f.write(encode(insns))
        names.append(name + ".bpf")
    for name, data, _ in BAD_FILES:
        with open(os.path.join(out, name + ".bpf"), "wb") as f:
            f.write(data)
        names.append(name + ".bpf")
    with open(os.path.join(out, "raw.list"), "w") as f:
        f.write("".join(n + "\n" for n in names))


if __name__ == "__main__":
    main()
