// SPDX-License-Identifier: GPL-2.0
/*
 * riscv64 relocation of loadable modules: the arch half of the module
 * linker (include/lander/module_link.h).
 *
 * Relocation numbers, formulas and field names follow the RISC-V ELF
 * psABI ("RISC-V ELF Specification", chapter "Relocations"); instruction
 * formats (B, J, U, I, S and the compressed CB and CJ) follow the RISC-V
 * unprivileged ISA manual, chapters "RV32I Base Integer Instruction Set"
 * (section "Immediate Encoding Variants") and "C Standard Extension for
 * Compressed Instructions". Instructions are little-endian and only
 * 2-byte aligned where the C extension is in use, so every read and
 * write here goes byte by byte, and this file builds on the host too.
 *
 * Whatever a field cannot hold is refused: the range of each immediate,
 * the 2-byte alignment of every branch target and instruction, the
 * bytes left in the section. The exceptions are the in-place arithmetic
 * types (ADDn, SUBn, SETn, SET/SUB_ULEB128): the psABI defines them on
 * the field's width, and they come in pairs whose intermediate values
 * (an absolute address in 6 bits, say) do not fit by design.
 */
#include <lander/reloc.h> /* before elf.h, which uses struct elf64_rela undeclared */
#include <lander/elf.h>
#include <lander/errno.h>
#include <lander/module_link.h>

/* RISC-V ELF psABI, "Relocations": the type numbers. */
#define R_RISCV_NONE		  0
#define R_RISCV_32		  1
#define R_RISCV_64		  2
#define R_RISCV_RELATIVE	  3
#define R_RISCV_COPY		  4
#define R_RISCV_JUMP_SLOT	  5
#define R_RISCV_TLS_DTPMOD32	  6
#define R_RISCV_TLS_DTPMOD64	  7
#define R_RISCV_TLS_DTPREL32	  8
#define R_RISCV_TLS_DTPREL64	  9
#define R_RISCV_TLS_TPREL32	  10
#define R_RISCV_TLS_TPREL64	  11
#define R_RISCV_TLSDESC		  12
#define R_RISCV_BRANCH		  16
#define R_RISCV_JAL		  17
#define R_RISCV_CALL		  18
#define R_RISCV_CALL_PLT	  19
#define R_RISCV_GOT_HI20	  20
#define R_RISCV_TLS_GOT_HI20	  21
#define R_RISCV_TLS_GD_HI20	  22
#define R_RISCV_PCREL_HI20	  23
#define R_RISCV_PCREL_LO12_I	  24
#define R_RISCV_PCREL_LO12_S	  25
#define R_RISCV_HI20		  26
#define R_RISCV_LO12_I		  27
#define R_RISCV_LO12_S		  28
#define R_RISCV_TPREL_HI20	  29
#define R_RISCV_TPREL_LO12_I	  30
#define R_RISCV_TPREL_LO12_S	  31
#define R_RISCV_TPREL_ADD	  32
#define R_RISCV_ADD8		  33
#define R_RISCV_ADD16		  34
#define R_RISCV_ADD32		  35
#define R_RISCV_ADD64		  36
#define R_RISCV_SUB8		  37
#define R_RISCV_SUB16		  38
#define R_RISCV_SUB32		  39
#define R_RISCV_SUB64		  40
#define R_RISCV_GOT32_PCREL	  41
#define R_RISCV_ALIGN		  43
#define R_RISCV_RVC_BRANCH	  44
#define R_RISCV_RVC_JUMP	  45
#define R_RISCV_RELAX		  51
#define R_RISCV_SUB6		  52
#define R_RISCV_SET6		  53
#define R_RISCV_SET8		  54
#define R_RISCV_SET16		  55
#define R_RISCV_SET32		  56
#define R_RISCV_32_PCREL	  57
#define R_RISCV_IRELATIVE	  58
#define R_RISCV_PLT32		  59
#define R_RISCV_SET_ULEB128	  60
#define R_RISCV_SUB_ULEB128	  61
#define R_RISCV_TLSDESC_HI20	  62
#define R_RISCV_TLSDESC_LOAD_LO12 63
#define R_RISCV_TLSDESC_ADD_LO12  64
#define R_RISCV_TLSDESC_CALL	  65
#define R_RISCV_MAX		  65

/* Major opcodes (inst[6:0]) of the unprivileged ISA's base opcode map. */
#define OP_LOAD	     0x03
#define OP_LOAD_FP   0x07
#define OP_OP_IMM    0x13
#define OP_AUIPC     0x17
#define OP_OP_IMM_32 0x1b
#define OP_STORE     0x23
#define OP_STORE_FP  0x27
#define OP_LUI	     0x37
#define OP_BRANCH    0x63
#define OP_JALR	     0x67
#define OP_JAL	     0x6f
#define NOP	     0x00000013u /* addi x0, x0, 0 */
#define C_NOP	     0x0001u	 /* c.nop: quadrant 1, funct3 000, all else 0 */
#define ULEB128_MAX  10		 /* bytes of a ULEB128 holding 64 bits */

/* Veneer registers: t0 is x5 (psABI "Integer Register Convention"). */
#define REG_T1 6

static const char *const riscv_names[R_RISCV_MAX + 1] = {
	[R_RISCV_NONE] = "R_RISCV_NONE",
	[R_RISCV_32] = "R_RISCV_32",
	[R_RISCV_64] = "R_RISCV_64",
	[R_RISCV_RELATIVE] = "R_RISCV_RELATIVE",
	[R_RISCV_COPY] = "R_RISCV_COPY",
	[R_RISCV_JUMP_SLOT] = "R_RISCV_JUMP_SLOT",
	[R_RISCV_TLS_DTPMOD32] = "R_RISCV_TLS_DTPMOD32",
	[R_RISCV_TLS_DTPMOD64] = "R_RISCV_TLS_DTPMOD64",
	[R_RISCV_TLS_DTPREL32] = "R_RISCV_TLS_DTPREL32",
	[R_RISCV_TLS_DTPREL64] = "R_RISCV_TLS_DTPREL64",
	[R_RISCV_TLS_TPREL32] = "R_RISCV_TLS_TPREL32",
	[R_RISCV_TLS_TPREL64] = "R_RISCV_TLS_TPREL64",
	[R_RISCV_TLSDESC] = "R_RISCV_TLSDESC",
	[R_RISCV_BRANCH] = "R_RISCV_BRANCH",
	[R_RISCV_JAL] = "R_RISCV_JAL",
	[R_RISCV_CALL] = "R_RISCV_CALL",
	[R_RISCV_CALL_PLT] = "R_RISCV_CALL_PLT",
	[R_RISCV_GOT_HI20] = "R_RISCV_GOT_HI20",
	[R_RISCV_TLS_GOT_HI20] = "R_RISCV_TLS_GOT_HI20",
	[R_RISCV_TLS_GD_HI20] = "R_RISCV_TLS_GD_HI20",
	[R_RISCV_PCREL_HI20] = "R_RISCV_PCREL_HI20",
	[R_RISCV_PCREL_LO12_I] = "R_RISCV_PCREL_LO12_I",
	[R_RISCV_PCREL_LO12_S] = "R_RISCV_PCREL_LO12_S",
	[R_RISCV_HI20] = "R_RISCV_HI20",
	[R_RISCV_LO12_I] = "R_RISCV_LO12_I",
	[R_RISCV_LO12_S] = "R_RISCV_LO12_S",
	[R_RISCV_TPREL_HI20] = "R_RISCV_TPREL_HI20",
	[R_RISCV_TPREL_LO12_I] = "R_RISCV_TPREL_LO12_I",
	[R_RISCV_TPREL_LO12_S] = "R_RISCV_TPREL_LO12_S",
	[R_RISCV_TPREL_ADD] = "R_RISCV_TPREL_ADD",
	[R_RISCV_ADD8] = "R_RISCV_ADD8",
	[R_RISCV_ADD16] = "R_RISCV_ADD16",
	[R_RISCV_ADD32] = "R_RISCV_ADD32",
	[R_RISCV_ADD64] = "R_RISCV_ADD64",
	[R_RISCV_SUB8] = "R_RISCV_SUB8",
	[R_RISCV_SUB16] = "R_RISCV_SUB16",
	[R_RISCV_SUB32] = "R_RISCV_SUB32",
	[R_RISCV_SUB64] = "R_RISCV_SUB64",
	[R_RISCV_GOT32_PCREL] = "R_RISCV_GOT32_PCREL",
	[R_RISCV_ALIGN] = "R_RISCV_ALIGN",
	[R_RISCV_RVC_BRANCH] = "R_RISCV_RVC_BRANCH",
	[R_RISCV_RVC_JUMP] = "R_RISCV_RVC_JUMP",
	[R_RISCV_RELAX] = "R_RISCV_RELAX",
	[R_RISCV_SUB6] = "R_RISCV_SUB6",
	[R_RISCV_SET6] = "R_RISCV_SET6",
	[R_RISCV_SET8] = "R_RISCV_SET8",
	[R_RISCV_SET16] = "R_RISCV_SET16",
	[R_RISCV_SET32] = "R_RISCV_SET32",
	[R_RISCV_32_PCREL] = "R_RISCV_32_PCREL",
	[R_RISCV_IRELATIVE] = "R_RISCV_IRELATIVE",
	[R_RISCV_PLT32] = "R_RISCV_PLT32",
	[R_RISCV_SET_ULEB128] = "R_RISCV_SET_ULEB128",
	[R_RISCV_SUB_ULEB128] = "R_RISCV_SUB_ULEB128",
	[R_RISCV_TLSDESC_HI20] = "R_RISCV_TLSDESC_HI20",
	[R_RISCV_TLSDESC_LOAD_LO12] = "R_RISCV_TLSDESC_LOAD_LO12",
	[R_RISCV_TLSDESC_ADD_LO12] = "R_RISCV_TLSDESC_ADD_LO12",
	[R_RISCV_TLSDESC_CALL] = "R_RISCV_TLSDESC_CALL",
};

/*
 * What each type needs before layout. Dynamic-only types (RELATIVE,
 * COPY, JUMP_SLOT, IRELATIVE), every TLS type and GOT32_PCREL (whose GOT
 * entry holds S, not S + A as LINK_GOT promises) are LINK_UNKNOWN.
 */
static enum link_kind riscv_kind(u32 type)
{
	switch (type) {
	case R_RISCV_CALL:
	case R_RISCV_CALL_PLT:
	case R_RISCV_PLT32: return LINK_BRANCH;
	case R_RISCV_GOT_HI20: return LINK_GOT;
	case R_RISCV_RELAX:
	case R_RISCV_ALIGN: return LINK_MARKER;
	case R_RISCV_NONE:
	case R_RISCV_32:
	case R_RISCV_64:
	case R_RISCV_BRANCH:
	case R_RISCV_JAL:
	case R_RISCV_PCREL_HI20:
	case R_RISCV_PCREL_LO12_I:
	case R_RISCV_PCREL_LO12_S:
	case R_RISCV_HI20:
	case R_RISCV_LO12_I:
	case R_RISCV_LO12_S:
	case R_RISCV_ADD8:
	case R_RISCV_ADD16:
	case R_RISCV_ADD32:
	case R_RISCV_ADD64:
	case R_RISCV_SUB6:
	case R_RISCV_SUB8:
	case R_RISCV_SUB16:
	case R_RISCV_SUB32:
	case R_RISCV_SUB64:
	case R_RISCV_SET6:
	case R_RISCV_SET8:
	case R_RISCV_SET16:
	case R_RISCV_SET32:
	case R_RISCV_32_PCREL:
	case R_RISCV_RVC_BRANCH:
	case R_RISCV_RVC_JUMP:
	case R_RISCV_SET_ULEB128:
	case R_RISCV_SUB_ULEB128: return LINK_PLAIN;
	default: return LINK_UNKNOWN;
	}
}

/* The psABI's name for type, or NULL for a number it does not assign. */
static const char *riscv_type_name(u32 type)
{
	return type <= R_RISCV_MAX ? riscv_names[type] : NULL;
}

/* Read n (at most 8) little-endian bytes at p. */
static u64 riscv_get(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Write the low n (at most 8) bytes of v at p, little-endian. */
static void riscv_put(u8 *p, unsigned int n, u64 v)
{
	for (unsigned int i = 0; i < n; i++, v >>= 8)
		p[i] = (u8)v;
}

/* Whether v is representable as a bits-wide two's-complement integer. */
static bool riscv_fits(s64 v, unsigned int bits)
{
	s64 half = (s64)1 << (bits - 1);

	return v >= -half && v < half;
}

/* Bit lo..lo+n-1 of v, moved to bit at. */
static u32 riscv_bits(u64 v, unsigned int lo, unsigned int n, unsigned int at)
{
	return (u32)((v >> lo) & ((1u << n) - 1)) << at;
}

/*
 * The hi20 of a 32-bit value split for an AUIPC/LUI and a 12-bit
 * signed immediate: (v + 0x800) >> 12, so that the sign-extended low
 * 12 bits added back give v. Returns false when v + 0x800 does not fit
 * 32 signed bits: U-type immediates are sign-extended from bit 31 on
 * RV64 (unprivileged ISA, "Integer Computational Instructions").
 */
static bool riscv_hi20(s64 v, u32 *hi)
{
	u64 t = (u64)v + 0x800;

	if (!riscv_fits((s64)t, 32))
		return false;
	*hi = (u32)t & 0xfffff000u;
	return true;
}

/* The I-type immediate field (inst[31:20] = imm[11:0]) holding the low 12 bits of v. */
static u32 riscv_imm_i(u64 v)
{
	return riscv_bits(v, 0, 12, 20);
}

/* The S-type immediate fields: inst[31:25] = imm[11:5], inst[11:7] = imm[4:0]. */
static u32 riscv_imm_s(u64 v)
{
	return riscv_bits(v, 5, 7, 25) | riscv_bits(v, 0, 5, 7);
}

/* B-type: inst[31] = imm[12], [30:25] = imm[10:5], [11:8] = imm[4:1], [7] = imm[11]. */
static u32 riscv_imm_b(u64 v)
{
	return riscv_bits(v, 12, 1, 31) | riscv_bits(v, 5, 6, 25) | riscv_bits(v, 1, 4, 8) |
	       riscv_bits(v, 11, 1, 7);
}

/* J-type: inst[31] = imm[20], [30:21] = imm[10:1], [20] = imm[11], [19:12] = imm[19:12]. */
static u32 riscv_imm_j(u64 v)
{
	return riscv_bits(v, 20, 1, 31) | riscv_bits(v, 1, 10, 21) | riscv_bits(v, 11, 1, 20) |
	       riscv_bits(v, 12, 8, 12);
}

/* CB format (c.beqz, c.bnez): inst[12:10] = offset[8|4:3], inst[6:2] = offset[7:6|2:1|5]. */
static u32 riscv_imm_cb(u64 v)
{
	return riscv_bits(v, 8, 1, 12) | riscv_bits(v, 3, 2, 10) | riscv_bits(v, 6, 2, 5) |
	       riscv_bits(v, 1, 2, 3) | riscv_bits(v, 5, 1, 2);
}

/* CJ format (c.j, c.jal): inst[12:2] = offset[11|4|9:8|10|6|7|3:1|5]. */
static u32 riscv_imm_cj(u64 v)
{
	return riscv_bits(v, 11, 1, 12) | riscv_bits(v, 4, 1, 11) | riscv_bits(v, 8, 2, 9) |
	       riscv_bits(v, 10, 1, 8) | riscv_bits(v, 6, 1, 7) | riscv_bits(v, 7, 1, 6) |
	       riscv_bits(v, 1, 3, 3) | riscv_bits(v, 5, 1, 2);
}

/* Whether a 32-bit instruction takes an I-type immediate that a LO12 may patch. */
static bool riscv_is_itype(u32 insn)
{
	switch (insn & 0x7f) {
	case OP_LOAD:
	case OP_LOAD_FP:
	case OP_OP_IMM:
	case OP_OP_IMM_32:
	case OP_JALR: return true;
	default: return false;
	}
}

/* Whether a 32-bit instruction is a store (S-type). */
static bool riscv_is_stype(u32 insn)
{
	return (insn & 0x7f) == OP_STORE || (insn & 0x7f) == OP_STORE_FP;
}

/*
 * Patch the 32-bit instruction at r->loc: check room and the 2-byte
 * instruction alignment, check its major opcode with ok(), then replace
 * the bits outside keep with imm.
 */
static int riscv_patch32(const struct link_site *r, bool (*ok)(u32), u32 keep, u32 imm)
{
	u32 insn;

	if (r->room < 4)
		return -ENOSPC;
	if (r->P & 1)
		return -EINVAL;
	insn = (u32)riscv_get(r->loc, 4);
	if (!ok(insn))
		return -EINVAL;
	riscv_put(r->loc, 4, (insn & keep) | imm);
	return 0;
}

static bool riscv_is_auipc(u32 insn)
{
	return (insn & 0x7f) == OP_AUIPC;
}

static bool riscv_is_lui(u32 insn)
{
	return (insn & 0x7f) == OP_LUI;
}

static bool riscv_is_branch(u32 insn)
{
	return (insn & 0x7f) == OP_BRANCH;
}

static bool riscv_is_jal(u32 insn)
{
	return (insn & 0x7f) == OP_JAL;
}

/* Patch a U-type instruction (AUIPC or LUI, per ok) with the hi20 of v. */
static int riscv_hi(const struct link_site *r, bool (*ok)(u32), s64 v)
{
	u32 hi;

	if (r->room < 4)
		return -ENOSPC;
	if (!riscv_hi20(v, &hi))
		return -ERANGE;
	return riscv_patch32(r, ok, 0xfff, hi);
}

/* Patch the I- or S-type immediate at r->loc with the low 12 bits of v (within hi20 reach). */
static int riscv_lo(const struct link_site *r, bool store, s64 v)
{
	u32 hi;

	if (r->room < 4)
		return -ENOSPC;
	if (!riscv_hi20(v, &hi))
		return -ERANGE;
	if (store)
		return riscv_patch32(r, riscv_is_stype, 0x01fff07f, riscv_imm_s((u64)v));
	return riscv_patch32(r, riscv_is_itype, 0x000fffff, riscv_imm_i((u64)v));
}

/*
 * AUIPC + JALR (CALL, CALL_PLT): S + A - P split as a hi20/lo12 pair,
 * reaching [-2^31 - 2^11, 2^31 - 2^11) around P. A target outside that
 * goes through a veneer, which must itself be in reach.
 */
static int riscv_call(struct link_state *l, const struct link_site *r)
{
	s64 off = (s64)(r->S + (u64)r->A - r->P);
	u32 auipc, jalr, hi;

	if (r->room < 8)
		return -ENOSPC;
	if ((r->P & 1) || (off & 1))
		return -EINVAL;
	auipc = (u32)riscv_get(r->loc, 4);
	jalr = (u32)riscv_get(r->loc + 4, 4);
	if (!riscv_is_auipc(auipc) || (jalr & 0x7f) != OP_JALR)
		return -EINVAL;
	if (!riscv_hi20(off, &hi)) {
		u64 veneer = link_plt_entry(l, r->S + (u64)r->A);

		if (!veneer)
			return -ERANGE;
		off = (s64)(veneer - r->P);
		if ((off & 1) || !riscv_hi20(off, &hi))
			return -ERANGE;
	}
	riscv_put(r->loc, 4, (auipc & 0xfff) | hi);
	riscv_put(r->loc + 4, 4, (jalr & 0x000fffff) | riscv_imm_i((u64)off));
	return 0;
}

/*
 * The value a PCREL_LO12 takes: that of the HI20 at its symbol's address
 * (S + A names the AUIPC, not the target). psABI: PCREL_HI20 is S + A - P
 * and GOT_HI20 is G + A - P, both of the HI20's own site.
 */
static int riscv_pcrel_lo_value(struct link_state *l, const struct link_site *r, s64 *v)
{
	struct link_site hi;
	u64 got;

	if (link_site_at(l, r->S + (u64)r->A, &hi))
		return -ENOEXEC;
	switch (hi.type) {
	case R_RISCV_PCREL_HI20: *v = (s64)(hi.S + (u64)hi.A - hi.P); return 0;
	case R_RISCV_GOT_HI20:
		got = link_got_entry(l, hi.S + (u64)hi.A);
		if (!got)
			return -ERANGE;
		*v = (s64)(got - hi.P);
		return 0;
	default: return -ENOEXEC;
	}
}

/*
 * The ULEB128 at r->loc: its length (stopping at the first byte with bit
 * 7 clear, within room and ULEB128_MAX bytes) and value (bits past 64
 * dropped). Returns the length, or -ENOSPC/-EINVAL when it does not end.
 */
static int riscv_uleb_read(const struct link_site *r, u64 *value)
{
	unsigned int n = 0;
	u64 v = 0;

	for (;;) {
		u8 b;

		if (n == ULEB128_MAX)
			return -EINVAL;
		if (n >= r->room)
			return -ENOSPC;
		b = r->loc[n];
		if (n * 7 < 64)
			v |= (u64)(b & 0x7f) << (n * 7);
		n++;
		if (!(b & 0x80))
			break;
	}
	*value = v;
	return (int)n;
}

/*
 * Rewrite the len-byte ULEB128 at loc with v modulo 2^(7 len), keeping
 * its length (psABI: the field is "uleb128", of the size already there).
 */
static void riscv_uleb_write(u8 *loc, int len, u64 v)
{
	for (int i = 0; i < len; i++) {
		loc[i] = (u8)((i * 7 < 64 ? v >> (i * 7) : 0) & 0x7f);
		if (i < len - 1)
			loc[i] |= 0x80;
	}
}

/* ULEB128 SET (S + A) and SUB (V - S - A), each modulo the field's width. */
static int riscv_uleb(const struct link_site *r)
{
	u64 v;
	int len = riscv_uleb_read(r, &v);

	if (len < 0)
		return len;
	if (r->type == R_RISCV_SET_ULEB128)
		v = r->S + (u64)r->A;
	else
		v = v - r->S - (u64)r->A;
	riscv_uleb_write(r->loc, len, v);
	return 0;
}

/*
 * In-place arithmetic on an n-byte field: ADDn is V + S + A, SUBn is
 * V - S - A, SETn is S + A, each modulo 2^(8n) (psABI).
 */
static int riscv_word_math(const struct link_site *r, unsigned int n, int sign)
{
	u64 v;

	if (r->room < n)
		return -ENOSPC;
	v = riscv_get(r->loc, n);
	if (sign > 0)
		v += r->S + (u64)r->A;
	else if (sign < 0)
		v -= r->S + (u64)r->A;
	else
		v = r->S + (u64)r->A;
	riscv_put(r->loc, n, v);
	return 0;
}

/* SUB6 and SET6: the low 6 bits of a byte (DWARF's DW_CFA_advance_loc), bits 7:6 kept. */
static int riscv_six(const struct link_site *r)
{
	u8 v;

	if (r->room < 1)
		return -ENOSPC;
	v = r->loc[0];
	if (r->type == R_RISCV_SUB6)
		v = (u8)(v - r->S - (u64)r->A);
	else
		v = (u8)(r->S + (u64)r->A);
	r->loc[0] = (u8)((r->loc[0] & 0xc0) | (v & 0x3f));
	return 0;
}

/* A 32-bit PC-relative word (32_PCREL, PLT32): S + A - P, signed. */
static int riscv_word32_pcrel(struct link_state *l, const struct link_site *r)
{
	s64 off = (s64)(r->S + (u64)r->A - r->P);

	if (r->room < 4)
		return -ENOSPC;
	if (!riscv_fits(off, 32) && r->type == R_RISCV_PLT32) {
		u64 veneer = link_plt_entry(l, r->S + (u64)r->A);

		if (!veneer)
			return -ERANGE;
		off = (s64)(veneer - r->P);
	}
	if (!riscv_fits(off, 32))
		return -ERANGE;
	riscv_put(r->loc, 4, (u64)off);
	return 0;
}

/* A compressed branch or jump (RVC_BRANCH: CB, 9-bit offset; RVC_JUMP: CJ, 12-bit). */
static int riscv_rvc(const struct link_site *r)
{
	s64 off = (s64)(r->S + (u64)r->A - r->P);
	bool branch = r->type == R_RISCV_RVC_BRANCH;
	u32 insn, funct3;

	if (r->room < 2)
		return -ENOSPC;
	if ((r->P & 1) || (off & 1))
		return -EINVAL;
	insn = (u32)riscv_get(r->loc, 2);
	funct3 = insn >> 13;
	/* Quadrant 1; c.beqz/c.bnez are funct3 110/111, c.j 101 (c.jal 001 is RV32 only). */
	if ((insn & 3) != 1 || (branch ? funct3 < 6 : funct3 != 5))
		return -EINVAL;
	if (!riscv_fits(off, branch ? 9 : 12))
		return -ERANGE;
	if (branch)
		insn = (insn & 0xe383) | riscv_imm_cb((u64)off);
	else
		insn = (insn & 0xe003) | riscv_imm_cj((u64)off);
	riscv_put(r->loc, 2, insn);
	return 0;
}

/* A B-type branch (13-bit offset, +-4 KiB) or a JAL (21-bit, +-1 MiB): S + A - P. */
static int riscv_jump(const struct link_site *r)
{
	s64 off = (s64)(r->S + (u64)r->A - r->P);

	if (r->room < 4)
		return -ENOSPC;
	if (off & 1)
		return -EINVAL;
	if (r->type == R_RISCV_BRANCH) {
		if (!riscv_fits(off, 13))
			return -ERANGE;
		return riscv_patch32(r, riscv_is_branch, 0x01fff07f, riscv_imm_b((u64)off));
	}
	if (!riscv_fits(off, 21))
		return -ERANGE;
	return riscv_patch32(r, riscv_is_jal, 0xfff, riscv_imm_j((u64)off));
}

/*
 * The alignment an R_RISCV_ALIGN asks for. psABI: the addend is the
 * number of bytes of nops the assembler wrote, the worst case, and the
 * alignment is the addend rounded up to the next power of two. The worst
 * case is alignment - 2 (or - 4 without C), so that power is the
 * smallest one strictly above the addend: 2 -> 4, 6 -> 8, 12 and 14 -> 16.
 * Returns 0 for any other type, or an addend outside (0, 2^32).
 */
static u64 riscv_align_request(u32 type, s64 addend)
{
	u64 align = 1;

	if (type != R_RISCV_ALIGN || addend <= 0 || addend >= ((s64)1 << 32))
		return 0;
	while (align <= (u64)addend)
		align <<= 1;
	return align;
}

/*
 * Rewrite the nops an R_RISCV_ALIGN keeps after the generic linker's
 * deletion: [P, align_up(P, alignment)), a c.nop first when that is not
 * a multiple of 4, then addi x0, x0, 0. The bytes there must still be
 * halves of the assembler's nops (c.nop 0x0001, nop 0x00000013).
 */
static int riscv_align(const struct link_site *r)
{
	u64 align = riscv_align_request(r->type, r->A);
	u64 n, i = 0;

	if (!align || (r->P & 1))
		return -EINVAL;
	n = ((r->P + align - 1) & ~(align - 1)) - r->P;
	if (n > (u64)r->A)
		return -EINVAL;
	if (n > r->room)
		return -ENOSPC;
	for (i = 0; i < n; i += 2) {
		u32 half = (u32)riscv_get(r->loc + i, 2);

		if (half != C_NOP && half != (NOP & 0xffff) && half != NOP >> 16)
			return -EINVAL;
	}
	i = 0;
	if (n & 2) {
		riscv_put(r->loc, 2, C_NOP);
		i = 2;
	}
	for (; i < n; i += 4)
		riscv_put(r->loc + i, 4, NOP);
	return 0;
}

/* Apply one resolved relocation (see struct link_arch for the results). */
static int riscv_apply(struct link_state *l, const struct link_site *r)
{
	s64 pcrel = (s64)(r->S + (u64)r->A - r->P);
	s64 abs = (s64)(r->S + (u64)r->A);
	u64 got;
	int err;

	switch (r->type) {
	case R_RISCV_NONE:
	case R_RISCV_RELAX: return 0;
	case R_RISCV_ALIGN: return riscv_align(r);
	case R_RISCV_32:
		if (r->room < 4)
			return -ENOSPC;
		if ((u64)abs > 0xffffffffu && !riscv_fits(abs, 32))
			return -ERANGE;
		riscv_put(r->loc, 4, (u64)abs);
		return 0;
	case R_RISCV_64: return riscv_word_math(r, 8, 0);
	case R_RISCV_BRANCH:
	case R_RISCV_JAL: return riscv_jump(r);
	case R_RISCV_CALL:
	case R_RISCV_CALL_PLT: return riscv_call(l, r);
	case R_RISCV_GOT_HI20:
		if (r->room < 4)
			return -ENOSPC;
		got = link_got_entry(l, r->S + (u64)r->A);
		if (!got)
			return -ERANGE;
		return riscv_hi(r, riscv_is_auipc, (s64)(got - r->P));
	case R_RISCV_PCREL_HI20: return riscv_hi(r, riscv_is_auipc, pcrel);
	case R_RISCV_PCREL_LO12_I:
	case R_RISCV_PCREL_LO12_S:
		if (r->room < 4)
			return -ENOSPC;
		err = riscv_pcrel_lo_value(l, r, &pcrel);
		if (err)
			return err;
		return riscv_lo(r, r->type == R_RISCV_PCREL_LO12_S, pcrel);
	case R_RISCV_HI20: return riscv_hi(r, riscv_is_lui, abs);
	case R_RISCV_LO12_I:
	case R_RISCV_LO12_S: return riscv_lo(r, r->type == R_RISCV_LO12_S, abs);
	case R_RISCV_ADD8: return riscv_word_math(r, 1, 1);
	case R_RISCV_ADD16: return riscv_word_math(r, 2, 1);
	case R_RISCV_ADD32: return riscv_word_math(r, 4, 1);
	case R_RISCV_ADD64: return riscv_word_math(r, 8, 1);
	case R_RISCV_SUB8: return riscv_word_math(r, 1, -1);
	case R_RISCV_SUB16: return riscv_word_math(r, 2, -1);
	case R_RISCV_SUB32: return riscv_word_math(r, 4, -1);
	case R_RISCV_SUB64: return riscv_word_math(r, 8, -1);
	case R_RISCV_SUB6:
	case R_RISCV_SET6: return riscv_six(r);
	case R_RISCV_SET8: return riscv_word_math(r, 1, 0);
	case R_RISCV_SET16: return riscv_word_math(r, 2, 0);
	case R_RISCV_SET32: return riscv_word_math(r, 4, 0);
	case R_RISCV_32_PCREL:
	case R_RISCV_PLT32: return riscv_word32_pcrel(l, r);
	case R_RISCV_RVC_BRANCH:
	case R_RISCV_RVC_JUMP: return riscv_rvc(r);
	case R_RISCV_SET_ULEB128:
	case R_RISCV_SUB_ULEB128: return riscv_uleb(r);
	default: return -ENOEXEC;
	}
}

/*
 * A veneer at entry_va jumping to the address in the GOT entry got_va,
 * with t1 only. It is a temporary the callee may clobber anyway, and,
 * unlike t0, never an alternate link register (the unprivileged spec's
 * JAL/JALR hints, used by millicode calls such as -msave-restore's), so
 * a call that links through t0 survives its veneer; ra is kept:
 *	auipc	t1, %pcrel_hi(got)	U-type, opcode AUIPC, rd = x6
 *	ld	t1, %pcrel_lo(got)(t1)	I-type, opcode LOAD, funct3 011 (LD)
 *	jr	t1			jalr x0, 0(t1)
 */
static int riscv_write_plt(u8 *entry, u64 entry_va, u64 target, u64 got_va)
{
	s64 off = (s64)(got_va - entry_va);
	u32 hi;

	if (!got_va || !riscv_hi20(off, &hi))
		return -ERANGE;
	riscv_put(entry, 4, hi | REG_T1 << 7 | OP_AUIPC);
	riscv_put(entry + 4, 4,
		  riscv_imm_i((u64)off) | REG_T1 << 15 | 3 << 12 | REG_T1 << 7 | OP_LOAD);
	riscv_put(entry + 8, 4, REG_T1 << 15 | OP_JALR);
	return 0;
}

const struct link_arch link_arch_riscv = {
	.name = "riscv",
	.machine = EM_RISCV,
	.plt_size = 12,
	.plt_uses_got = true,
	.kind = riscv_kind,
	.type_name = riscv_type_name,
	.apply = riscv_apply,
	.write_plt = riscv_write_plt,
	.align_request = riscv_align_request,
};
