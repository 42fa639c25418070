// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the riscv64 eBPF JIT (arch/riscv/kernel/bpf_jit.c): the
 * code it writes for a few representative instructions, its call forms
 * and its refusals. Nothing is run here (tests/bpf/jit-harness-riscv.c
 * runs the code under qemu-user).
 *
 * Every expected word is worked out by hand from the RISC-V unprivileged
 * ISA manual's base formats (R, I, S, B, U, J; "RV32I Base Integer
 * Instruction Set", "Immediate Encoding Variants") and the opcode map;
 * the comment over each gives its fields. The register names are the
 * psABI's: a0-a7 = x10-x17, s0 = x8, s1 = x9, s2-s11 = x18-x27, t0-t2 =
 * x5-x7, ra = x1. The register mapping (BPF r0 = a5, r1-r5 = a0-a4, r6-r9
 * = s1-s4, r10 = s0) is the JIT's documented design. The decoders below
 * extract fields (the inverse of what the JIT does) to follow offsets.
 *
 * Environment: BPF_JIT_RISCV_SEED (random seed of the constant test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lander/errno.h>
#include <lander/bpf.h>
#include "tap.h"

#define I(c, d, s, o, i)                                                    \
	{                                                                   \
		.code = (c), .regs = (d) | (s) << 4, .off = (o), .imm = (i) \
	}
#define EXIT() I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#define VA   0x40000000ull /* where the code "runs" */
#define SIZE (64 << 10)

static u8 buf[SIZE] __attribute__((aligned(4096)));
static u32 off[BPF_MAX_INSNS];
static u8 flags[BPF_MAX_INSNS];
static struct bpf_insn big[BPF_MAX_INSNS];

/* The little-endian instruction word at byte at of the buffer. */
static u32 word(u64 at)
{
	return buf[at] | buf[at + 1] << 8 | buf[at + 2] << 16 | (u32)buf[at + 3] << 24;
}

/* J-type offset: imm[20|10:1|11|19:12] in bits 31|30:21|20|19:12. */
static s64 dec_j(u32 w)
{
	u32 imm = (w >> 31) << 20 | ((w >> 21) & 0x3ff) << 1 | ((w >> 20) & 1) << 11 |
		  ((w >> 12) & 0xff) << 12;

	return (s32)(imm << 11) >> 11;
}

/* JIT a program of n slots (flags as given) at VA into buf; returns the error. */
static int jit(const struct bpf_insn *insns, u32 n, u32 nr_funcs, struct bpf_jit *j,
	       const char **why)
{
	struct bpf_prog p = { .insns = insns, .len = n, .nr_funcs = nr_funcs, .flags = flags };
	int err;

	memset(j, 0, sizeof(*j));
	j->insn_off = off;
	err = arch_bpf_jit(&p, j, why);
	if (err)
		return err;
	memset(buf, 0, sizeof(buf));
	j->buf = buf;
	j->va = VA;
	j->size = j->len;
	return arch_bpf_jit(&p, j, why);
}

/* Place helper id at va for the next compile. */
static void set_helper(struct bpf_jit *j, int id, u64 va)
{
	j->helper_va[id] = va;
}

/*
 * Expect: the words for ALU64, ALU32, loads, stores and a 64-bit constant,
 * each at its slot's offset.
 */
static void case_alu_mem(void)
{
	struct bpf_insn p[] = {
		I(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 0, 1),	  /* 0: r0 += 1 */
		I(BPF_ALU64 | BPF_ADD | BPF_X, 6, 7, 0, 0),	  /* 1: r6 += r7 */
		I(BPF_LDX | BPF_MEM | BPF_W, 1, 10, -8, 0),	  /* 2: r1 = *(u32 *)(r10 - 8) */
		I(BPF_STX | BPF_MEM | BPF_DW, 10, 6, -16, 0),	  /* 3: *(u64 *)(r10 - 16) = r6 */
		I(BPF_ALU64 | BPF_MUL | BPF_X, 0, 1, 0, 0),	  /* 4: r0 *= r1 */
		I(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 0, 0x12345), /* 5: r0 += 0x12345 */
		I(BPF_ALU | BPF_ADD | BPF_K, 0, 0, 0, 1),	  /* 6: w0 += 1 */
		I(BPF_ALU64 | BPF_ARSH | BPF_K, 0, 0, 0, 3),	  /* 7: r0 s>>= 3 */
		I(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0),	  /* 8: r0 = 0x100000000 */
		I(0, 0, 0, 0, 1),
		I(BPF_ALU64 | BPF_SUB | BPF_K, 0, 0, 0, 0x12345), /* 10: r0 -= 0x12345 */
		I(BPF_ALU64 | BPF_SUB | BPF_K, 0, 0, 0, 5),	  /* 11: r0 -= 5 */
		EXIT(),
	};
	struct bpf_jit j;
	const char *why = "";
	int err;

	memset(flags, 0, sizeof(flags));
	flags[9] = BPF_F_IMM64_HI;
	err = jit(p, 13, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	/* ADDI a5, a5, 1: imm 1 << 20 | rs1 15 << 15 | 000 | rd 15 << 7 | 0x13 */
	TAP_CHECK(word(off[0]) == 0x00178793u, "addi: %08x", word(off[0]));
	/* ADD s1, s1, s2: rs2 18 << 20 | rs1 9 << 15 | 000 | rd 9 << 7 | 0x33 */
	TAP_CHECK(word(off[1]) == 0x012484b3u, "add: %08x", word(off[1]));
	/* LWU a0, -8(s0): imm 0xff8 << 20 | rs1 8 << 15 | 110 << 12 | rd 10 << 7 | 0x03 */
	TAP_CHECK(word(off[2]) == 0xff846503u, "lwu: %08x", word(off[2]));
	/* SD s1, -16(s0): imm[11:5] 0x7f << 25 | rs2 9 << 20 | rs1 8 << 15 | 011 << 12 |
	   imm[4:0] 0x10 << 7 | 0x23 */
	TAP_CHECK(word(off[3]) == 0xfe943823u, "sd: %08x", word(off[3]));
	/* MUL a5, a5, a0: funct7 1 << 25 | rs2 10 << 20 | rs1 15 << 15 | 000 | rd 15 << 7 | 0x33 */
	TAP_CHECK(word(off[4]) == 0x02a787b3u, "mul: %08x", word(off[4]));
	/* LUI t1, 0x12; ADDIW t1, t1, 0x345; ADD a5, a5, t1 */
	TAP_CHECK(word(off[5]) == 0x00012337u, "lui: %08x", word(off[5]));
	TAP_CHECK(word(off[5] + 4) == 0x3453031bu, "addiw: %08x", word(off[5] + 4));
	TAP_CHECK(word(off[5] + 8) == 0x006787b3u, "add t1: %08x", word(off[5] + 8));
	TAP_CHECK(off[6] - off[5] == 12, "three instructions: %u bytes", off[6] - off[5]);
	/* ADDIW a5, a5, 1 (0x1b); SLLI a5, a5, 32; SRLI a5, a5, 32 (shamt 32 << 20, 001/101) */
	TAP_CHECK(word(off[6]) == 0x0017879bu, "addiw: %08x", word(off[6]));
	TAP_CHECK(word(off[6] + 4) == 0x02079793u, "slli: %08x", word(off[6] + 4));
	TAP_CHECK(word(off[6] + 8) == 0x0207d793u, "srli: %08x", word(off[6] + 8));
	/* SRAI a5, a5, 3: imm 0x403 << 20 | rs1 15 << 15 | 101 << 12 | rd 15 << 7 | 0x13 */
	TAP_CHECK(word(off[7]) == 0x4037d793u, "srai: %08x", word(off[7]));
	/* 1 << 32: ADDI a5, zero, 1; SLLI a5, a5, 32 */
	TAP_CHECK(word(off[8]) == 0x00100793u, "li 1: %08x", word(off[8]));
	TAP_CHECK(word(off[8] + 4) == 0x02079793u, "slli 32: %08x", word(off[8] + 4));
	TAP_CHECK(off[10] - off[8] == 8, "two instructions: %u", off[10] - off[8]);
	/* LUI t1, 0x12; ADDIW t1, t1, 0x345; SUB a5, a5, t1 (funct7 0x20 << 25) */
	TAP_CHECK(word(off[10]) == 0x00012337u, "lui: %08x", word(off[10]));
	TAP_CHECK(word(off[10] + 8) == 0x406787b3u, "sub: %08x", word(off[10] + 8));
	/* ADDI a5, a5, -5: imm 0xffb << 20 | rs1 15 << 15 | rd 15 << 7 | 0x13 */
	TAP_CHECK(word(off[11]) == 0xffb78793u, "addi -5: %08x", word(off[11]));
	/* 1 + 1 + 1 + 1 + 1 + 3 + 3 + 1 + 2 + 3 + 1, and the last EXIT falls into the epilogue */
	TAP_CHECK(j.body_insns == 18, "body_insns %u", j.body_insns);
	tap_case("ALU, load, store and constant encodings");
}

/*
 * Expect: a conditional jump in reach is one B-type branch; JMP32
 * sign-extends both operands first (ADDIW rd, rs, 0).
 */
static void case_branch_short(void)
{
	struct bpf_insn p[] = {
		I(BPF_JMP | BPF_JEQ | BPF_X, 1, 2, 1, 0),    /* 0: if r1 == r2 goto 2 */
		I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1),  /* 1: r0 = 1 */
		I(BPF_JMP32 | BPF_JSGT | BPF_X, 1, 2, 0, 0), /* 2: if w1 s> w2 goto 3 */
		EXIT(),
	};
	struct bpf_jit j;
	const char *why = "";
	int err;

	memset(flags, 0, sizeof(flags));
	err = jit(p, 4, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	/* BEQ a0, a1, +8: rs2 11 << 20 | rs1 10 << 15 | 000 | imm[4:1] 0100 << 8 | 0x63 */
	TAP_CHECK(word(off[0]) == 0x00b50463u, "beq: %08x", word(off[0]));
	/* ADDI a5, zero, 1 */
	TAP_CHECK(word(off[1]) == 0x00100793u, "li: %08x", word(off[1]));
	/* ADDIW t0, a0, 0: rs1 10 << 15 | rd 5 << 7 | 0x1b; ADDIW t2, a1, 0 */
	TAP_CHECK(word(off[2]) == 0x0005029bu, "sext a0: %08x", word(off[2]));
	TAP_CHECK(word(off[2] + 4) == 0x0005839bu, "sext a1: %08x", word(off[2] + 4));
	/* BLT t2, t0, +4 (w1 s> w2 is w2 s< w1): rs2 5 << 20 | rs1 7 << 15 | 100 << 12 |
	   imm[4:1] 0010 << 8 | 0x63 */
	TAP_CHECK(word(off[2] + 8) == 0x0053c263u, "blt: %08x", word(off[2] + 8));
	tap_case("short conditional branches");
}

/*
 * Expect: a conditional jump over more than 4 KiB of code becomes the
 * inverted branch over one instruction, then a JAL to the target slot.
 *
 *	slot 0: if r1 == r2 goto 2001      BNE a0, a1, +8 ; JAL zero, -> slot 2001
 *	slots 1-2000: r0 = 0x12345 ... (LUI+ADDIW each)
 */
static void case_branch_long(void)
{
	struct bpf_jit j;
	const char *why = "";
	u32 n = 2002;
	int err;

	memset(flags, 0, sizeof(flags));
	big[0] = (struct bpf_insn)I(BPF_JMP | BPF_JEQ | BPF_X, 1, 2, 2000, 0);
	for (u32 i = 1; i <= 2000; i++)
		big[i] = (struct bpf_insn)I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0x12345);
	big[2001] = (struct bpf_insn)EXIT();
	err = jit(big, n, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	/* BNE a0, a1, +8: as BEQ above with funct3 001 */
	TAP_CHECK(word(off[0]) == 0x00b51463u, "bne: %08x", word(off[0]));
	/* JAL zero: rd 0, opcode 0x6f; its offset reaches slot 2001 */
	TAP_CHECK((word(off[0] + 4) & 0xfff) == 0x06f, "jal: %08x", word(off[0] + 4));
	TAP_CHECK(off[0] + 4 + dec_j(word(off[0] + 4)) == off[2001], "jal to %lld, slot at %u",
		  (long long)(off[0] + 4 + dec_j(word(off[0] + 4))), off[2001]);
	TAP_CHECK(off[2001] - off[1] == 2000 * 8, "LUI+ADDIW per slot: %u", off[2001] - off[1]);
	tap_case("a conditional branch beyond 4 KiB: inverted branch and JAL");
}

/*
 * Expect: a branch that reaches its target only once the branches after
 * it have shrunk takes the short form too, as repeated passes would find:
 *
 *	slot 0: if r1 == r2 goto 516     8 bytes measured long, 4 short
 *	slots 1-10: if r1 == r2 goto +0  each 8 bytes long, 4 short
 *	slots 11-515: r0 = 0x12345       LUI+ADDIW, 8 bytes each
 *	slot 516: exit
 *
 * Long, slot 0 is 8 + 80 + 4040 = 4128 bytes from slot 516, beyond a
 * B-type's 4094; once slots 1-10 are short, 8 + 40 + 4040 = 4088 is in
 * reach, and short itself 4084.
 */
static void case_relax(void)
{
	struct bpf_jit j;
	const char *why = "";
	u32 n = 517;
	int err;

	memset(flags, 0, sizeof(flags));
	big[0] = (struct bpf_insn)I(BPF_JMP | BPF_JEQ | BPF_X, 1, 2, 515, 0);
	for (u32 i = 1; i <= 10; i++)
		big[i] = (struct bpf_insn)I(BPF_JMP | BPF_JEQ | BPF_X, 1, 2, 0, 0);
	for (u32 i = 11; i <= 515; i++)
		big[i] = (struct bpf_insn)I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0x12345);
	big[516] = (struct bpf_insn)EXIT();
	err = jit(big, n, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	TAP_CHECK(off[516] - off[0] == 4084, "slot 0 to 516: %u bytes", off[516] - off[0]);
	/* BEQ a0, a1, +4084 (0xff4): imm[12] 0, imm[10:5] 0x3f << 25, rs2 11 << 20, rs1 10 << 15,
	   000, imm[4:1] 0xa << 8, imm[11] 1 << 7, 0x63 */
	TAP_CHECK(word(off[0]) == 0x7eb50ae3u, "beq: %08x", word(off[0]));
	/* BEQ a0, a1, +4: imm[4:1] 0010 */
	TAP_CHECK(word(off[1]) == 0x00b50263u, "beq +4: %08x", word(off[1]));
	TAP_CHECK(off[2] - off[1] == 4, "slot 1 takes %u bytes", off[2] - off[1]);
	tap_case("a branch in reach once the later ones shrink is short");
}

/*
 * Expect: the writing call checks its code against the measuring call's
 * layout: a slot offset or a length the measure did not produce is
 * refused (-EINVAL), and so is a buffer not 4-byte aligned. A helper that
 * turns out near in the writing call is a JAL, and the slots after it
 * move up by the 4 bytes saved.
 */
static void case_write_checks(void)
{
	struct bpf_insn p[] = {
		I(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_HELPER_RANDOM), /* 0 */
		I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 3),	   /* 1: r0 = 3 */
		EXIT(),
	};
	struct bpf_prog prog = { .insns = p, .len = 3, .nr_funcs = 1, .flags = flags };
	struct bpf_jit j;
	const char *why = "";
	u32 far1;
	int err;

	memset(flags, 0, sizeof(flags));
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	set_helper(&j, BPF_HELPER_RANDOM, VA + 0x10000000);
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0, "measure: %d %s", err, why);
	far1 = off[1];
	TAP_CHECK(far1 - off[0] == 12, "AUIPC+JALR+MV: %u bytes", far1 - off[0]);

	j.buf = buf, j.va = VA, j.size = j.len;
	off[1] += 4;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == -EINVAL && strstr(why, "disagrees"), "moved slot: %d %s", err, why);
	off[1] -= 4;
	j.len -= 4;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == -EINVAL && strstr(why, "disagrees"), "shorter length: %d %s", err, why);
	j.len += 4;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0, "as measured: %d %s", err, why);
	j.buf = buf + 2;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == -EINVAL, "misaligned buffer: %d", err);

	/* near in the writing call: laid out again, slot 1 four bytes earlier */
	j.buf = buf;
	set_helper(&j, BPF_HELPER_RANDOM, VA + 0x800);
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0 && j.calls_near == 1, "near: %d %s, near %u", err, why, j.calls_near);
	TAP_CHECK(off[1] == far1 - 4, "slot 1 at %u, far at %u", off[1], far1);
	TAP_CHECK((word(off[0]) & 0xfff) == 0x0ef, "jal ra: %08x", word(off[0]));
	tap_case("the writing call keeps to the measured layout, or lays out again");
}

/*
 * Expect: a backward jump with BPF_F_BACKEDGE checks and spends the
 * budget (s7 = x23): BNE s7, zero, over the stop; the stop loads the slot
 * into t0; ADDI s7, s7, -1; JAL zero back to the loop.
 */
static void case_backedge(void)
{
	struct bpf_insn p[] = {
		I(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 0, 1), /* 0 */
		I(BPF_JMP | BPF_JA, 0, 0, -2, 0),	    /* 1: goto 0 */
		EXIT(),
	};
	struct bpf_jit j;
	const char *why = "";
	u64 at;
	int err;

	memset(flags, 0, sizeof(flags));
	flags[1] = BPF_F_BACKEDGE;
	err = jit(p, 3, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	at = off[1];
	/* BNE s7, zero, +12: rs2 0 | rs1 23 << 15 | 001 << 12 | imm[4:1] 0110 << 8 | 0x63 */
	TAP_CHECK(word(at) == 0x000b9663u, "bne: %08x", word(at));
	/* ADDI t0, zero, 1: imm 1 << 20 | rd 5 << 7 | 0x13 */
	TAP_CHECK(word(at + 4) == 0x00100293u, "slot: %08x", word(at + 4));
	TAP_CHECK((word(at + 8) & 0xfff) == 0x06f, "jal to the stop: %08x", word(at + 8));
	/* ADDI s7, s7, -1: imm 0xfff << 20 | rs1 23 << 15 | rd 23 << 7 | 0x13 */
	TAP_CHECK(word(at + 12) == 0xfffb8b93u, "addi: %08x", word(at + 12));
	TAP_CHECK(at + 16 + dec_j(word(at + 16)) == off[0], "jal back: %lld",
		  (long long)dec_j(word(at + 16)));
	tap_case("a back-edge spends the budget");
}

/*
 * Expect: a checked 4-byte load r0 = *(u32 *)(r1 + 4) tests the frame,
 * then the context (s5 = CTX x21, s6 = CTXLEN x22), then loads through t0:
 *
 *	ADDI t0, a0, 4          the address
 *	SUB t1, t0, s0; ADDI t1, t1, 512; SLTIU t1, t1, 509    in the frame?
 *	BNE t1, zero, +28       to the load
 *	SUB t1, t0, s5; ADDI t2, t1, 4
 *	BLTU t2, t1, +8         wrapped: stop
 *	BGEU s6, t2, +12        inside the context: to the load
 *	ADDI t0, zero, 0; JAL zero, stub       the stop, slot 0
 *	LWU a5, 0(t0)
 */
static void case_checked_load(void)
{
	struct bpf_insn p[] = {
		I(BPF_LDX | BPF_MEM | BPF_W, 0, 1, 4, 0),
		EXIT(),
	};
	static const u32 expect[] = {
		0x00450293u, /* I: imm 4 << 20 | rs1 10 << 15 | rd 5 << 7 | 0x13 */
		0x40828333u, /* R: 0x20 << 25 | rs2 8 << 20 | rs1 5 << 15 | rd 6 << 7 | 0x33 */
		0x20030313u, /* I: imm 0x200 << 20 | rs1 6 << 15 | rd 6 << 7 | 0x13 */
		0x1fd33313u, /* I: imm 0x1fd << 20 | rs1 6 << 15 | 011 << 12 | rd 6 << 7 | 0x13 */
		0x00031e63u, /* B: rs1 6 << 15 | 001 << 12 | imm[4:1] 1110 << 8 | 0x63 */
		0x41528333u, /* R: 0x20 << 25 | rs2 21 << 20 | rs1 5 << 15 | rd 6 << 7 | 0x33 */
		0x00430393u, /* I: imm 4 << 20 | rs1 6 << 15 | rd 7 << 7 | 0x13 */
		0x0063e463u, /* B: rs2 6 << 20 | rs1 7 << 15 | 110 << 12 | imm[4:1] 0100 << 8 | 0x63 */
		0x007b7663u, /* B: rs2 7 << 20 | rs1 22 << 15 | 111 << 12 | imm[4:1] 0110 << 8 | 0x63 */
		0x00000293u, /* I: rd 5 << 7 | 0x13 */
	};
	struct bpf_jit j;
	const char *why = "";
	u32 i;
	int err;

	memset(flags, 0, sizeof(flags));
	flags[0] = BPF_F_CHECK;
	err = jit(p, 2, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	for (i = 0; i < ARRAY_SIZE(expect); i++)
		TAP_CHECK(word(off[0] + 4 * i) == expect[i], "word %u: %08x, expected %08x", i,
			  word(off[0] + 4 * i), expect[i]);
	TAP_CHECK((word(off[0] + 40) & 0xfff) == 0x06f, "jal: %08x", word(off[0] + 40));
	/* I: rs1 5 << 15 | 110 << 12 | rd 15 << 7 | 0x03 */
	TAP_CHECK(word(off[0] + 44) == 0x0002e783u, "lwu: %08x", word(off[0] + 44));
	TAP_CHECK(j.body_insns == 12, "body_insns %u", j.body_insns);
	tap_case("a checked load: frame, then context, then the access");
}

/* Every JALR in the code is a return or the second half of AUIPC ra; JALR ra. */
static void check_call_only_pcrel(const struct bpf_jit *j)
{
	for (u64 at = 0; at + 4 <= j->len; at += 4) {
		u32 w = word(at);

		if ((w & 0x7f) != 0x67)
			continue;
		/* JALR: either RET (JALR zero, 0(ra)) or a call JALR ra, lo(ra) after AUIPC ra */
		if (w == 0x00008067u)
			continue;
		TAP_CHECK((w & 0x000fffffu) == 0x000080e7u, "JALR at %llu: %08x", at, w);
		TAP_CHECK(at >= 4 && (word(at - 4) & 0xfff) == 0x097, "before JALR at %llu: %08x",
			  at, word(at - 4));
	}
}

/*
 * Expect: a helper within JAL's reach of the whole buffer is called with
 * JAL ra; one 0x12345ffc bytes away with AUIPC ra, 0x12346; JALR ra,
 * -4(ra) (0x12346 << 12 - 4); one 4 GiB away is refused with -ERANGE.
 * The code never builds a helper's address in a register.
 */
static void case_calls(void)
{
	struct bpf_insn p[] = {
		I(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_HELPER_RANDOM), /* 0 */
		EXIT(),
	};
	struct bpf_prog prog = { .insns = p, .len = 2, .nr_funcs = 1, .flags = flags };
	struct bpf_jit j;
	const char *why = "";
	u64 site;
	int err;

	memset(flags, 0, sizeof(flags));
	/* measure once to learn where slot 0 lands */
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	set_helper(&j, BPF_HELPER_RANDOM, VA + 0x12345ffc);
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0, "measure: %d %s", err, why);
	site = VA + off[0];

	/* near: 0x800 past the call */
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	set_helper(&j, BPF_HELPER_RANDOM, site + 0x800);
	arch_bpf_jit(&prog, &j, &why);
	j.buf = buf, j.va = VA, j.size = j.len;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0, "near: %d %s", err, why);
	/* JAL ra, +0x800: imm[11] 1 << 20 | rd 1 << 7 | 0x6f */
	TAP_CHECK(word(off[0]) == 0x001000efu, "jal: %08x", word(off[0]));
	/* ADDI a5, a0, 0: r0 = the result */
	TAP_CHECK(word(off[0] + 4) == 0x00050793u, "mv: %08x", word(off[0] + 4));
	TAP_CHECK(j.calls_near == 1 && j.calls_far == 0, "near %u far %u", j.calls_near,
		  j.calls_far);
	check_call_only_pcrel(&j);

	/* far: the site of the measuring pass keeps its place (the far form is measured) */
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	set_helper(&j, BPF_HELPER_RANDOM, site + 0x12345ffc);
	arch_bpf_jit(&prog, &j, &why);
	j.buf = buf, j.va = VA, j.size = j.len;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0, "far: %d %s", err, why);
	TAP_CHECK(VA + off[0] == site, "site moved: %llx", VA + off[0]);
	/* AUIPC ra, 0x12346: 0x12346 << 12 | rd 1 << 7 | 0x17 */
	TAP_CHECK(word(off[0]) == 0x12346097u, "auipc: %08x", word(off[0]));
	/* JALR ra, -4(ra): imm 0xffc << 20 | rs1 1 << 15 | 000 | rd 1 << 7 | 0x67 */
	TAP_CHECK(word(off[0] + 4) == 0xffc080e7u, "jalr: %08x", word(off[0] + 4));
	TAP_CHECK(j.calls_near == 0 && j.calls_far == 1, "near %u far %u", j.calls_near,
		  j.calls_far);
	check_call_only_pcrel(&j);

	/* just inside JAL's reach of the call site but not of the buffer's end: far */
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	set_helper(&j, BPF_HELPER_RANDOM, site - 0xffffc);
	arch_bpf_jit(&prog, &j, &why);
	j.buf = buf, j.va = VA, j.size = j.len;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0 && j.calls_far == 1, "edge: %d far %u", err, j.calls_far);

	/* out of reach: 4 GiB */
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	set_helper(&j, BPF_HELPER_RANDOM, VA + 0x100000000ull);
	arch_bpf_jit(&prog, &j, &why);
	j.buf = buf, j.va = VA, j.size = j.len;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == -ERANGE, "4 GiB: %d", err);

	/* no helper at that ID: refused */
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == -EINVAL, "missing helper: %d", err);
	tap_case("helper calls: JAL near, AUIPC+JALR far, -ERANGE beyond 2 GiB");
}

/*
 * Expect: a local call (flagged BPF_F_BACKEDGE, as the verifier does)
 * spends budget (s7), then checks the depth (s8 = x24), then is a JAL ra
 * to the callee's prologue, which saves ra under the caller's stack.
 */
static void case_local_call(void)
{
	struct bpf_insn p[] = {
		I(BPF_JMP | BPF_CALL, 0, 1, 0, 1),	    /* 0: call 2 */
		EXIT(),					    /* 1 */
		I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 3), /* 2: f: r0 = 3 */
		EXIT(),
	};
	struct bpf_prog prog = { .insns = p, .len = 4, .nr_funcs = 2, .flags = flags };
	struct bpf_jit j;
	const char *why = "";
	u64 at;
	u32 jal;
	int err;

	memset(flags, 0, sizeof(flags));
	flags[0] = BPF_F_BACKEDGE;
	flags[2] = BPF_F_FUNC;
	prog.func_start[1] = 2;
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	err = arch_bpf_jit(&prog, &j, &why);
	j.buf = buf, j.va = VA, j.size = j.len;
	err = err ? err : arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	at = off[0];
	/* BNE s7, zero, +12 and ADDI s7, s7, -1 as for a back-edge */
	TAP_CHECK(word(at) == 0x000b9663u, "bne: %08x", word(at));
	TAP_CHECK(word(at + 12) == 0xfffb8b93u, "addi: %08x", word(at + 12));
	at += 16;
	/* BNE s8, zero, +12: rs1 24 << 15 | 001 << 12 | imm[4:1] 0110 << 8 | 0x63 */
	TAP_CHECK(word(at) == 0x000c1663u, "bne: %08x", word(at));
	/* ADDI s8, s8, -1: 0xfff << 20 | 24 << 15 | 24 << 7 | 0x13 */
	TAP_CHECK(word(at + 12) == 0xfffc0c13u, "addi: %08x", word(at + 12));
	jal = word(at + 16);
	TAP_CHECK((jal & 0xfff) == 0x0ef, "jal ra: %08x", jal);
	/* the callee's prologue: SD ra, -560(s0): imm 0xdd0, imm[11:5] 0x6e << 25 | rs2 1 << 20 |
	   rs1 8 << 15 | 011 << 12 | imm[4:0] 0x10 << 7 | 0x23 */
	TAP_CHECK(word(at + 16 + dec_j(jal)) == 0xdc143823u, "callee starts with %08x",
		  word(at + 16 + dec_j(jal)));
	/* ADDI s8, s8, 1 */
	TAP_CHECK(word(at + 20) == 0x001c0c13u, "addi: %08x", word(at + 20));
	TAP_CHECK(j.calls_near == 1 && j.calls_far == 0, "near %u far %u", j.calls_near,
		  j.calls_far);
	tap_case("local calls: depth check and JAL");
}

/*
 * Expect: atomics as the A extension's AMOs ("A" Standard Extension for
 * Atomic Instructions: funct5 | aq | rl | rs2 | rs1 | funct3 | rd | 0x2f,
 * funct3 010 .W, 011 .D; funct5 AMOADD 00000, AMOSWAP 00001, LR 00010,
 * SC 00011, AMOOR 01000), each with aq and rl set, after the address in
 * t0 (ADDI t0, s0, off: 0xff840293 for -8). A fetched word is
 * zero-extended (SLLI 32, SRLI 32); cmpxchg is an LR/SC loop.
 */
static void case_atomics(void)
{
	struct bpf_insn p[] = {
		I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_ADD),		 /* 0 */
		I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 2, -16, BPF_OR | BPF_FETCH), /* 1 */
		I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 3, -8, BPF_CMPXCHG),	 /* 2 */
		I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 4, -4, BPF_XCHG),		 /* 3 */
		I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 3, -4, BPF_CMPXCHG),	 /* 4 */
		EXIT(),
	};
	struct bpf_jit j;
	const char *why = "";
	u64 at;
	int err;

	memset(flags, 0, sizeof(flags));
	err = jit(p, 6, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	TAP_CHECK(word(off[0]) == 0xff840293u, "addi t0: %08x", word(off[0]));
	/* AMOADD.D.aqrl zero, a0, (t0): 0000011 << 25 | 10 << 20 | 5 << 15 | 011 << 12 | 0 | 0x2f */
	TAP_CHECK(word(off[0] + 4) == 0x06a2b02fu, "amoadd.d: %08x", word(off[0] + 4));
	TAP_CHECK(off[1] - off[0] == 8, "add: %u bytes", off[1] - off[0]);
	/* AMOOR.W.aqrl t1, a1, (t0): 0100011 << 25 | 11 << 20 | 5 << 15 | 010 << 12 | 6 << 7 | 0x2f */
	TAP_CHECK(word(off[1] + 4) == 0x46b2a32fu, "amoor.w: %08x", word(off[1] + 4));
	/* SLLI a1, t1, 32: 0x020 << 20 | 6 << 15 | 001 << 12 | 11 << 7 | 0x13; SRLI a1, a1, 32 */
	TAP_CHECK(word(off[1] + 8) == 0x02031593u, "slli: %08x", word(off[1] + 8));
	TAP_CHECK(word(off[1] + 12) == 0x0205d593u, "srli: %08x", word(off[1] + 12));
	at = off[2] + 4;
	/* LR.D.aqrl t1, (t0): 0001011 << 25 | 0 | 5 << 15 | 011 << 12 | 6 << 7 | 0x2f */
	TAP_CHECK(word(at) == 0x1602b32fu, "lr.d: %08x", word(at));
	/* BNE t1, a5, +12: 15 << 20 | 6 << 15 | 001 << 12 | imm[4:1] 0110 << 8 | 0x63 */
	TAP_CHECK(word(at + 4) == 0x00f31663u, "bne: %08x", word(at + 4));
	/* SC.D.aqrl t2, a2, (t0): 0001111 << 25 | 12 << 20 | 5 << 15 | 011 << 12 | 7 << 7 | 0x2f */
	TAP_CHECK(word(at + 8) == 0x1ec2b3afu, "sc.d: %08x", word(at + 8));
	/* BNE t2, zero, -12: imm 0x1ff4: [12] 1 << 31 | [10:5] 0x3f << 25 | 7 << 15 | 001 << 12 |
	   [4:1] 1010 << 8 | [11] 1 << 7 | 0x63 */
	TAP_CHECK(word(at + 12) == 0xfe039ae3u, "bne back: %08x", word(at + 12));
	/* MV a5, t1: ADDI a5, t1, 0 */
	TAP_CHECK(word(at + 16) == 0x00030793u, "mv r0: %08x", word(at + 16));
	/* AMOSWAP.W.aqrl t1, a3, (t0): 0000111 << 25 | 13 << 20 | 5 << 15 | 010 << 12 | 6 << 7 */
	TAP_CHECK(word(off[3] + 4) == 0x0ed2a32fu, "amoswap.w: %08x", word(off[3] + 4));
	at = off[4] + 4;
	/* LR.W.aqrl t1, (t0); XOR t2, t1, a5: 15 << 20 | 6 << 15 | 100 << 12 | 7 << 7 | 0x33 */
	TAP_CHECK(word(at) == 0x1602a32fu, "lr.w: %08x", word(at));
	TAP_CHECK(word(at + 4) == 0x00f343b3u, "xor: %08x", word(at + 4));
	/* SLLI t2, t2, 32; BNE t2, zero, +12 */
	TAP_CHECK(word(at + 8) == 0x02039393u, "slli: %08x", word(at + 8));
	TAP_CHECK(word(at + 12) == 0x00039663u, "bne: %08x", word(at + 12));
	/* SC.W.aqrl t2, a2, (t0); BNE t2, zero, -20 (0x1fec: [10:5] 0x3f, [4:1] 0110, [11] 1) */
	TAP_CHECK(word(at + 16) == 0x1ec2a3afu, "sc.w: %08x", word(at + 16));
	TAP_CHECK(word(at + 20) == 0xfe0396e3u, "bne back: %08x", word(at + 20));
	/* SLLI a5, t1, 32; SRLI a5, a5, 32: r0 is the old word, zero-extended */
	TAP_CHECK(word(at + 24) == 0x02031793u, "slli: %08x", word(at + 24));
	TAP_CHECK(word(at + 28) == 0x0207d793u, "srli: %08x", word(at + 28));
	tap_case("atomics: AMOs and an LR/SC loop, aq and rl set");
}

/*
 * Expect: refusals: legacy packet loads, a jump out of the program (the
 * verifier's job, but never an index past insn_off), a buffer too small,
 * no functions.
 */
static void case_refusals(void)
{
	struct bpf_insn abs[] = { I(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 0), EXIT() };
	struct bpf_insn ok[] = { I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 3), EXIT() };
	struct bpf_insn out[] = { I(BPF_JMP | BPF_JA, 0, 0, 5, 0), EXIT() };
	struct bpf_insn r11[] = { I(BPF_ALU64 | BPF_MOV | BPF_X, 11, 1, 0, 0), EXIT() };
	struct bpf_insn r15[] = { I(BPF_ALU64 | BPF_ADD | BPF_X, 0, 15, 0, 0), EXIT() };
	struct bpf_prog prog = { .insns = ok, .len = 2, .nr_funcs = 1, .flags = flags };
	struct bpf_jit j;
	const char *why = "";
	int err;

	memset(flags, 0, sizeof(flags));
	err = jit(abs, 2, 1, &j, &why);
	TAP_CHECK(err == -EINVAL, "BPF_ABS: %d", err);
	err = jit(out, 2, 1, &j, &why);
	TAP_CHECK(err == -EINVAL, "jump out of the program: %d", err);
	err = jit(r11, 2, 1, &j, &why);
	TAP_CHECK(err == -EINVAL, "destination r11: %d", err);
	err = jit(r15, 2, 1, &j, &why);
	TAP_CHECK(err == -EINVAL, "source r15: %d", err);
	memset(&j, 0, sizeof(j));
	j.insn_off = off;
	arch_bpf_jit(&prog, &j, &why);
	j.buf = buf, j.va = VA, j.size = j.len - 4;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == -ENOSPC, "small buffer: %d", err);
	prog.nr_funcs = 0;
	err = arch_bpf_jit(&prog, &j, &why);
	TAP_CHECK(err == -EINVAL, "no functions: %d", err);
	tap_case("refusals");
}

/*
 * A model of the instructions a constant is built from (LUI, ADDI, ADDIW,
 * SLLI on one register), written from the manual's definitions.
 */
static int run_li(u64 at, u64 end, u32 rd, u64 *val)
{
	u64 r = 0;

	for (; at < end; at += 4) {
		u32 w = word(at), opc = w & 0x7f, f3 = (w >> 12) & 7, rs1 = (w >> 15) & 31;
		s64 imm = (s32)w >> 20;
		u64 src = rs1 == 0 ? 0 : r;

		if (((w >> 7) & 31) != rd || (rs1 != 0 && rs1 != rd && opc != 0x37))
			return -1;
		if (opc == 0x37)
			r = (u64)(s64)(s32)(w & 0xfffff000u);
		else if (opc == 0x13 && f3 == 0)
			r = src + (u64)imm;
		else if (opc == 0x1b && f3 == 0)
			r = (u64)(s64)(s32)(u32)(src + (u64)imm);
		else if (opc == 0x13 && f3 == 1 && !(w >> 26))
			r = src << ((w >> 20) & 63);
		else
			return -1;
	}
	*val = r;
	return 0;
}

/* Expect: ld_imm64 of random constants (biased to edges) builds exactly the constant. */
static void case_random_li(u64 seed)
{
	u64 x = seed;
	int bad = 0;

	for (u32 i = 0; i < 20000 && bad < 5; i++) {
		struct bpf_insn p[3] = { I(BPF_LD | BPF_IMM | BPF_DW, 3, 0, 0, 0), I(0, 0, 0, 0, 0),
					 EXIT() };
		struct bpf_jit j;
		const char *why = "";
		u64 v, got = 0;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		v = x;
		switch (i % 6) {
		case 1: v = (u64)(s64)(s32)v; break;
		case 2: v >>= (x >> 58); break;
		case 3: v = (u64)(s64)v >> (x >> 58); break;
		case 4: v &= 0xfffff800fffff800ull; break;
		case 5: v = v << (x >> 58); break;
		}
		p[0].imm = (s32)(u32)v;
		p[1].imm = (s32)(u32)(v >> 32);
		memset(flags, 0, sizeof(flags));
		flags[1] = BPF_F_IMM64_HI;
		if (jit(p, 3, 1, &j, &why) || run_li(off[0], off[2], 12 /* r3 = a2 */, &got) ||
		    got != v) {
			bad++;
			TAP_CHECK(0, "seed 0x%llx iteration %u: 0x%llx built as 0x%llx", seed, i, v,
				  got);
		}
		TAP_CHECK(off[2] - off[0] <= 32, "0x%llx takes %u bytes", v, off[2] - off[0]);
	}
	if (!tap_case("random 64-bit constants (seed 0x%llx)", seed))
		printf("# rerun with BPF_JIT_RISCV_SEED=0x%llx\n", seed);
}

/*
 * Expect: the longest slot the JIT writes, a checked ST of a 32-bit
 * immediate past slot 2047 with an offset beyond 12 bits, and a back-edge
 * past slot 2047, whose stops load the slot with LUI+ADDIW:
 *
 *	slots 0-2099: r0 = 1
 *	slot 2100: *(u32 *)(r1 + 0x1234) = 0x12345   (checked)
 *	slot 2101: goto 0                            (a back-edge)
 *	slot 2102: exit
 */
static void case_far_slots(void)
{
	static const u32 store[] = {
		0x00001337u, /* LUI t1, 1: imm 1 << 12 | rd 6 << 7 | 0x37 */
		0x2343031bu, /* ADDIW t1, t1, 0x234: imm 0x234 << 20 | rs1 6 << 15 | rd 6 << 7 | 0x1b */
		0x006502b3u, /* ADD t0, a0, t1: rs2 6 << 20 | rs1 10 << 15 | rd 5 << 7 | 0x33 */
		0x40828333u, /* SUB t1, t0, s0 */
		0x20030313u, /* ADDI t1, t1, 512 */
		0x1fd33313u, /* SLTIU t1, t1, 509 */
		0x02031063u, /* BNE t1, zero, +32: imm[10:5] 1 << 25 | rs1 6 << 15 | 001 << 12 | 0x63 */
		0x41528333u, /* SUB t1, t0, s5 */
		0x00430393u, /* ADDI t2, t1, 4 */
		0x0063e463u, /* BLTU t2, t1, +8 */
		0x007b7863u, /* BGEU s6, t2, +16: rs2 7 << 20 | rs1 22 << 15 | 111 << 12 |
				imm[4:1] 1000 << 8 | 0x63 */
		0x000012b7u, /* LUI t0, 1: rd 5 << 7 | 0x37 */
		0x8342829bu, /* ADDIW t0, t0, -1996 (0x834): 4096 - 1996 = 2100 */
		0,	     /* JAL zero, the bounds stub (checked below) */
		0x00012337u, /* LUI t1, 0x12 */
		0x3453031bu, /* ADDIW t1, t1, 0x345 */
		0x0062a023u, /* SW t1, 0(t0): rs2 6 << 20 | rs1 5 << 15 | 010 << 12 | 0x23 */
	};
	static const u32 spend[] = {
		0x000b9863u, /* BNE s7, zero, +16: rs1 23 << 15 | 001 << 12 | imm[4:1] 1000 << 8 */
		0x000012b7u, /* LUI t0, 1 */
		0x8352829bu, /* ADDIW t0, t0, -1995 (0x835): 2101 */
		0,	     /* JAL zero, the budget stub */
		0xfffb8b93u, /* ADDI s7, s7, -1 */
	};
	struct bpf_jit j;
	const char *why = "";
	u32 i, n = 2103;
	u64 at;
	int err;

	memset(flags, 0, sizeof(flags));
	for (i = 0; i < 2100; i++)
		big[i] = (struct bpf_insn)I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1);
	big[2100] = (struct bpf_insn)I(BPF_ST | BPF_MEM | BPF_W, 1, 0, 0x1234, 0x12345);
	big[2101] = (struct bpf_insn)I(BPF_JMP | BPF_JA, 0, 0, -2102, 0);
	big[2102] = (struct bpf_insn)EXIT();
	flags[2100] = BPF_F_CHECK;
	flags[2101] = BPF_F_BACKEDGE;
	err = jit(big, n, 1, &j, &why);
	TAP_CHECK(err == 0, "jit: %d %s", err, why);
	TAP_CHECK(off[2101] - off[2100] == 4 * ARRAY_SIZE(store), "the store takes %u bytes",
		  off[2101] - off[2100]);
	for (i = 0; i < ARRAY_SIZE(store); i++) {
		at = off[2100] + 4 * i;
		if (store[i])
			TAP_CHECK(word(at) == store[i], "store word %u: %08x, expected %08x", i,
				  word(at), store[i]);
		else
			TAP_CHECK((word(at) & 0xfff) == 0x06f, "store word %u: %08x, a JAL", i,
				  word(at));
	}
	for (i = 0; i < ARRAY_SIZE(spend); i++) {
		at = off[2101] + 4 * i;
		if (spend[i])
			TAP_CHECK(word(at) == spend[i], "spend word %u: %08x, expected %08x", i,
				  word(at), spend[i]);
		else
			TAP_CHECK((word(at) & 0xfff) == 0x06f, "spend word %u: %08x, a JAL", i,
				  word(at));
	}
	at = off[2101] + 4 * ARRAY_SIZE(spend);
	TAP_CHECK(at + dec_j(word(at)) == off[0], "jal back to slot 0: %lld",
		  (long long)dec_j(word(at)));
	/* the two stops reach the same stubs the first slots would */
	TAP_CHECK(off[2100] + 52 + dec_j(word(off[2100] + 52)) + 8 ==
			  off[2101] + 12 + dec_j(word(off[2101] + 12)),
		  "the bounds stub is 8 bytes before the budget's");
	tap_case("slots past 2047: the longest slot, and stops that load the slot with LUI+ADDIW");
}

int main(void)
{
	const char *s = getenv("BPF_JIT_RISCV_SEED");
	u64 seed = s ? strtoull(s, NULL, 0) : 0x5eedb9f0c0de1ull;

	tap_start();
	case_alu_mem();
	case_branch_short();
	case_branch_long();
	case_relax();
	case_write_checks();
	case_backedge();
	case_checked_load();
	case_far_slots();
	case_calls();
	case_local_call();
	case_atomics();
	case_refusals();
	case_random_li(seed ? seed : 1);
	return tap_done();
}
