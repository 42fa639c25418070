// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF verifier: decides whether a program (RFC 9669) may run, and
 * records for the interpreter and the JIT what it could not prove.
 *
 * Three passes over the slots:
 *   1. decode: every slot is a known instruction of the six conformance
 *      groups (RFC 9669 section 2.4) with valid registers and fields;
 *      ld_imm64 pairs, the starts of local functions and jump targets are
 *      marked, the jumps listed, and each slot's written registers noted;
 *   2. structure: every jump and local call lands on an instruction of the
 *      program (not the second half of an ld_imm64), jumps stay inside
 *      their function, backward jumps are marked, and each loop's slots
 *      learn which registers the loop writes;
 *   3. flow: a worklist walk of every path with a small abstract state
 *      (per register: not yet written, a number (known or not), the
 *      context or the frame pointer plus an offset (known or not), a
 *      pointer into a caller's frame, or pointer-or-something-else). Only
 *      the slots where paths meet (the entry, every jump and call target:
 *      the "heads") keep a state, the merge of every path that reaches
 *      them. A walk starts at a head with a copy of its state and steps it
 *      slot by slot until it reaches the next head or an exit. The lowest
 *      queued head goes first, so a run of code is walked again only when
 *      the state at its head changed, and a head inside a loop forgets at
 *      once what the loop writes, so most loops are walked once. Each
 *      register can only lose precision, at most three times per head, so
 *      the walk ends after a bounded number of steps. A constant offset
 *      out of bounds is refused only on the settled states (vdefer()).
 *
 * Pointers never become data. A register holds a number or a pointer (into
 * the context, into this frame, into a caller's frame), and the addresses
 * behind a pointer differ between the interpreter and the JIT and must not
 * leak. So a pointer may only be copied (mov64), moved by a number (64-bit
 * add; sub of a number), compared in 64 bits with a pointer into the same
 * context or the same frame (only their difference counts: ordered ones
 * only where neither side can wrap), used as the base of a load or store,
 * spilled to the stack, passed to a local function, or passed as print's
 * fmt (r1). Everything else is refused: any other ALU operation, 32-bit
 * or sign-extending moves, comparisons with a number, storing it to the
 * context, atomics on it, a pointer in r0 at exit or in another helper
 * argument. A number is never an address. Each 8-byte stack slot records
 * whether it may hold a number or a spilled pointer (vspill()): a pointer
 * is spilled and reloaded only whole, and comes back as a pointer.
 *
 * The walk is context-insensitive: a function's entry state is the merge of
 * every call site's arguments. Its tables live in the caller's working
 * memory (BPF_VERIFY_WORK_BYTES): nothing of a verification stays behind,
 * and the kernel's image carries no table sized for the largest program.
 */
#include <lander/bitops.h>
#include <lander/bpf.h>
#include <lander/errno.h>
#include <lander/string.h>

/* What the verifier knows about one register at one slot. */
enum vtype {
	V_UNINIT = 0, /* not written on some path */
	V_SCALAR,     /* a number, value unknown */
	V_CONST,      /* a number, value known (val) */
	V_CTX,	      /* the context pointer plus val bytes */
	V_FP,	      /* this frame's r10 plus val bytes (val <= 0 in a valid access) */
	V_CTX_ANY,    /* the context pointer plus an unknown number of bytes */
	V_FP_ANY,     /* this frame's r10 plus an unknown number of bytes */
	V_OUTER,      /* a pointer into a caller's frame, offset unknown */
	V_MIXED,      /* a pointer on one path, a number or another pointer on another */
};

#define NR_REGS 11

/*
 * One bit per 8-byte slot of this frame (bit 0: [r10 - 512, r10 - 504)) in
 * three masks: the slot may hold a number (frames start zeroed), a spilled
 * context pointer, a spilled stack pointer. Then each register's known
 * offset (always 0 when not known, so that equal values compare equal)
 * and type.
 */
struct vstate {
	u64 slot_num, slot_ctx, slot_fp;
	s32 val[NR_REGS];
	u8 type[NR_REGS];
};

_Static_assert(BPF_STACK_SIZE / 8 == 64, "one u64 mask bit per stack slot");
_Static_assert(sizeof(struct vstate) <= BPF_VSTATE_BYTES, "BPF_VERIFY_WORK_BYTES is too small");

/* No slot: the walk from the current head has ended. */
#define VNONE 0xffffffffu
_Static_assert(BPF_MAX_INSNS < 0xffff, "a head's number fits in a u16");
/* head[] past the last slot: the end of the program. */
#define VEND 0xffffu

/* The longest loop body whose written registers vstructure() gathers. */
#define VLOOP_SCAN 256

static char vwhy[80];

/*
 * One verification. Its tables are carved from the caller's working memory
 * (vtables()). Heads are numbered in slot order, so the lowest queued bit
 * is the lowest queued slot.
 */
struct verifier {
	struct bpf_prog *p;
	const char **why;
	u32 *at;
	struct vstate *st; /* per head: the merge of every path that reached it */
	u64 *queued;	   /* per head: a bit, set while its state has changed unwalked */
	u32 *deferred;	   /* per head: the first refusal its last walk deferred (vdefer()) */
	u16 *head;	   /* per slot: 1 + the number of its head, or 0 for none; then VEND */
	u16 *writes;	   /* per slot: the registers it writes (a bit each) */
	u16 *loop_regs;	   /* per slot: the registers written by the loops it is in */
	u16 *jumps;	   /* the slots of the jumps and local calls, in order */
	u32 njumps;
	u16 *slot_of; /* per head: its slot */
	u32 nheads;
	u32 low;       /* no bit is queued below word low of queued */
	u32 cont;      /* the slot the current walk goes on to, or VNONE */
	u32 *defer_to; /* deferred[] of the head being walked */
};

/*
 * Carve the verifier's per-slot tables for p->len slots out of work (see
 * BPF_VERIFY_WORK_BYTES), after room for the per-head ones (vheads()),
 * and clear head[] and loop_regs[], which lie together.
 */
static void vtables(struct verifier *v, void *work)
{
	u32 len = v->p->len;
	u8 *heads = work;

	v->head = (u16 *)(heads + (u64)len * (BPF_VSTATE_BYTES + sizeof(u32)) +
			  (len + 63) / 64 * sizeof(u64));
	v->loop_regs = v->head + len + 1;
	v->slot_of = v->loop_regs + len;
	v->writes = v->slot_of + len;
	v->jumps = v->writes + len;
	memset(v->head, 0, (2 * (u64)len + 1) * sizeof(v->head[0]));
}

/*
 * The per-head tables at the start of work, once the heads are numbered:
 * st[], then queued[], then deferred[] (each 8-byte aligned), cleared at
 * once. They fit in the room vtables() left: at most one head per slot.
 */
static void vheads(struct verifier *v, void *work)
{
	u32 n = v->nheads;

	v->st = work;
	v->queued = (u64 *)(v->st + n);
	v->deferred = (u32 *)(v->queued + (n + 63) / 64);
	memset(work, 0, (u8 *)(v->deferred + n) - (u8 *)work);
}

/* Append s to vwhy at *pos. */
static void vwhy_put(u32 *pos, const char *s)
{
	while (*s && *pos < sizeof(vwhy) - 1)
		vwhy[(*pos)++] = *s++;
	vwhy[*pos] = 0;
}

/* Append n to vwhy at *pos, in decimal or as 0x-prefixed hex. */
static void vwhy_num(u32 *pos, u64 n, bool hex)
{
	char digits[24];
	u32 i = 0, base = hex ? 16 : 10;

	if (hex)
		vwhy_put(pos, "0x");
	do {
		digits[i++] = "0123456789abcdef"[n % base];
		n /= base;
	} while (n);
	if (hex && i < 2)
		digits[i++] = '0';
	while (i) {
		char c[2] = { digits[--i], 0 };

		vwhy_put(pos, c);
	}
}

/* Record a rejection at slot: a fixed text. Returns -EINVAL. */
static int vfail(struct verifier *v, u32 slot, const char *msg)
{
	*v->why = msg;
	*v->at = slot;
	return -EINVAL;
}

/* Record a rejection whose text holds a number: "<pre><n><post>". Returns -EINVAL. */
static int vfail_num(struct verifier *v, u32 slot, const char *pre, u64 n, bool hex,
		     const char *post)
{
	u32 pos = 0;

	vwhy_put(&pos, pre);
	vwhy_num(&pos, n, hex);
	vwhy_put(&pos, post);
	return vfail(v, slot, vwhy);
}

/* Reject a read of register r before any path wrote it. */
static int vfail_uninit(struct verifier *v, u32 slot, u32 r)
{
	return vfail_num(v, slot, "r", r, false, " read before it is written");
}

/* Bytes moved by a load or store of this size code (RFC 9669 5.1). */
static u32 vsize_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_W: return 4;
	case BPF_H: return 2;
	case BPF_B: return 1;
	default: return 8;
	}
}

/*
 * Pass 1 for one ALU or ALU64 slot (RFC 9669 section 4): the operation
 * exists for this class and source, and the offset field is one the RFC
 * defines for it (1 for signed DIV/MOD, 8/16/32 for MOVSX).
 */
static int vdecode_alu(struct verifier *v, u32 slot, const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	bool x = in->code & BPF_X;

	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_MUL:
	case BPF_OR:
	case BPF_AND:
	case BPF_LSH:
	case BPF_RSH:
	case BPF_XOR:
	case BPF_ARSH:
		if (in->off)
			return vfail(v, slot, "nonzero offset in an ALU instruction");
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (in->off != 0 && in->off != 1)
			return vfail(v, slot, "DIV/MOD offset must be 0 or 1 (signed)");
		break;
	case BPF_NEG:
		if (x || in->off || in->imm)
			return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
		break;
	case BPF_MOV:
		if (!in->off)
			break;
		/* MOVSX: register source only; 32 only in ALU64 (RFC 9669 4.1). */
		if (x && (in->off == 8 || in->off == 16 || (in->off == 32 && cls == BPF_ALU64)))
			break;
		return vfail(v, slot, "bad MOVSX offset");
	case BPF_END:
		if (cls == BPF_ALU64 && x)
			return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
		if (in->imm != 16 && in->imm != 32 && in->imm != 64)
			return vfail(v, slot, "byte swap width must be 16, 32 or 64");
		if (in->off)
			return vfail(v, slot, "nonzero offset in an ALU instruction");
		return 0;
	default: return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
	}
	if (x && in->imm)
		return vfail(v, slot, "nonzero imm in a register-source instruction");
	return 0;
}

/* Pass 1 for one JMP or JMP32 slot (RFC 9669 section 4.3). */
static int vdecode_jmp(struct verifier *v, u32 slot, const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	bool x = in->code & BPF_X;

	switch (op) {
	case BPF_JA:
		if (x)
			return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
		return 0;
	case BPF_CALL:
		if (cls != BPF_JMP || x)
			return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
		if (BPF_DST(in) || in->off)
			return vfail(v, slot, "call with nonzero dst or offset");
		if (BPF_SRC(in) == 0) {
			if (in->imm < 0)
				return vfail_num(v, slot, "unknown helper -", -(s64)in->imm, false,
						 "");
			if (in->imm < BPF_HELPER_COUNTER || in->imm >= BPF_NR_HELPERS)
				return vfail_num(v, slot, "unknown helper ", (u64)in->imm, false,
						 "");
		} else if (BPF_SRC(in) != 1) {
			return vfail(v, slot, "call by BTF id is not supported");
		}
		return 0;
	case BPF_EXIT:
		if (cls != BPF_JMP || x)
			return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
		return 0;
	case BPF_JEQ:
	case BPF_JGT:
	case BPF_JGE:
	case BPF_JSET:
	case BPF_JNE:
	case BPF_JSGT:
	case BPF_JSGE:
	case BPF_JLT:
	case BPF_JLE:
	case BPF_JSLT:
	case BPF_JSLE:
		if (x && in->imm)
			return vfail(v, slot, "nonzero imm in a register-source instruction");
		return 0;
	default: return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
	}
}

/* Pass 1 for one load or store slot (RFC 9669 section 5). */
static int vdecode_mem(struct verifier *v, u32 slot, const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);
	s32 op;

	if (mode == BPF_ABS || mode == BPF_IND)
		return vfail(v, slot, "legacy packet access (BPF_ABS/BPF_IND) is not supported");
	switch (cls) {
	case BPF_LD:
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
		if (BPF_SRC(in))
			return vfail_num(v, slot, "ld_imm64 with src ", BPF_SRC(in), false,
					 " is not supported");
		if (in->off)
			return vfail(v, slot, "nonzero offset in ld_imm64");
		return 0;
	case BPF_LDX:
		if (mode == BPF_MEM || (mode == BPF_MEMSX && BPF_SIZE(in->code) != BPF_DW))
			return 0;
		break;
	case BPF_ST:
		if (mode == BPF_MEM)
			return 0;
		break;
	default: /* BPF_STX */
		if (mode == BPF_MEM)
			return 0;
		if (mode != BPF_ATOMIC ||
		    (BPF_SIZE(in->code) != BPF_W && BPF_SIZE(in->code) != BPF_DW))
			break;
		op = in->imm & ~BPF_FETCH;
		if (op == BPF_ADD || op == BPF_OR || op == BPF_AND || op == BPF_XOR ||
		    in->imm == BPF_XCHG || in->imm == BPF_CMPXCHG)
			return 0;
		return vfail_num(v, slot, "unknown atomic operation ", (u32)in->imm, true, "");
	}
	return vfail_num(v, slot, "unknown opcode ", in->code, true, "");
}

/* Does this slot write its src register? (atomics with FETCH, XCHG, CMPXCHG) */
static bool vwrites_src(const struct bpf_insn *in)
{
	return BPF_CLASS(in->code) == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC &&
	       (in->imm & BPF_FETCH) && in->imm != BPF_CMPXCHG;
}

/* The registers a load or store slot writes, a bit each (r10 may not be written). */
static u16 vwrites_mem(const struct bpf_insn *in)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_LD:
	case BPF_LDX: return 1u << BPF_DST(in);
	case BPF_ST: return 0;
	default:
		if (vwrites_src(in))
			return 1u << BPF_SRC(in);
		if (BPF_MODE(in->code) == BPF_ATOMIC && in->imm == BPF_CMPXCHG)
			return 1u << 0;
		return 0;
	}
}

/* The slot a jump at slot i goes to when taken (RFC 9669 4.3: PC + off + 1). */
static s64 vjump_target(u32 i, const struct bpf_insn *in)
{
	if (in->code == (BPF_JMP32 | BPF_JA))
		return (s64)i + in->imm + 1; /* gotol: the offset is in imm */
	return (s64)i + in->off + 1;
}

/*
 * Pass 1: decode every slot, mark ld_imm64 second halves and call targets,
 * note what each slot writes and list the jumps and local calls (any
 * JMP/JMP32 but helper calls and exit), in slot order.
 */
static int vdecode(struct verifier *v)
{
	struct bpf_prog *p = v->p;
	const struct bpf_insn *in = p->insns;
	u32 i, len = p->len;
	u8 *flags = p->flags;
	int ret;

	for (i = 0; i < len; i++, in++) {
		u16 w;

		if (flags[i] & BPF_F_IMM64_HI) {
			if (in->code || in->regs || in->off)
				return vfail(v, i, "malformed ld_imm64 second slot");
			v->writes[i] = 0;
			continue;
		}
		if (BPF_DST(in) >= NR_REGS || BPF_SRC(in) >= NR_REGS)
			return vfail_num(v, i, "invalid register r",
					 BPF_DST(in) >= NR_REGS ? BPF_DST(in) : BPF_SRC(in), false,
					 "");
		/* Check the slot, and note what it writes and whether it jumps. */
		switch (BPF_CLASS(in->code)) {
		case BPF_ALU:
		case BPF_ALU64:
			ret = vdecode_alu(v, i, in);
			w = 1u << BPF_DST(in);
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if ((ret = vdecode_jmp(v, i, in)))
				return ret;
			w = 0;
			if (BPF_OP(in->code) == BPF_CALL) {
				w = 0x3f; /* r0 the result, r1-r5 clobbered */
				if (BPF_SRC(in) == 1) {
					s64 t = (s64)i + in->imm + 1;

					if (t >= 0 && t < len)
						flags[t] |= BPF_F_FUNC;
					v->jumps[v->njumps++] = i;
				}
			} else if (BPF_OP(in->code) != BPF_EXIT) {
				s64 t = vjump_target(i, in);

				if (t >= 0 && t < len)
					v->head[t] = 1; /* numbered by vstructure() */
				v->jumps[v->njumps++] = i;
			}
			break;
		default:
			if ((ret = vdecode_mem(v, i, in)))
				return ret;
			w = vwrites_mem(in);
			if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				if (i + 1 >= len)
					return vfail(v, i, "ld_imm64 is missing its second slot");
				flags[i + 1] |= BPF_F_IMM64_HI;
			}
			break;
		}
		if (ret)
			return ret;
		if (w & (1u << 10))
			return vfail(v, i, "write to r10");
		v->writes[i] = w;
	}
	return 0;
}

/*
 * Pass 2: functions and control-flow targets. Fills p->func_start and
 * p->nr_funcs, checks every jump and call target, marks backward jumps and
 * local calls (a local call spends budget too: calls without loops can
 * still run for an exponential time), and numbers the heads: slot 0 and
 * every jump and call target, and records for each loop's head (a
 * backward jump's target t, from i) the registers written in [t, i].
 */
static int vstructure(struct verifier *v)
{
	struct bpf_prog *p = v->p;
	u32 i, j, w, f = 0, func_end;

	p->flags[0] |= BPF_F_FUNC;
	p->nr_funcs = 0;
	v->head[p->len] = VEND;
	/* The functions' starts, and the heads' numbers (decode marked the jump targets). */
	v->nheads = 0;
	for (i = 0; i < p->len; i++) {
		/* (A call into an ld_imm64 is reported at the call below.) */
		if ((p->flags[i] & (BPF_F_FUNC | BPF_F_IMM64_HI)) == BPF_F_FUNC) {
			if (p->nr_funcs == BPF_MAX_FUNCS)
				return vfail_num(v, i, "more than ", BPF_MAX_FUNCS, false,
						 " functions");
			p->func_start[p->nr_funcs++] = i;
			v->head[i] = 1;
		}
		if (v->head[i]) {
			v->slot_of[v->nheads] = i;
			v->head[i] = ++v->nheads;
		}
	}
	func_end = p->nr_funcs > 1 ? p->func_start[1] : p->len;
	for (j = 0; j < v->njumps; j++) { /* in slot order */
		const struct bpf_insn *in = &p->insns[i = v->jumps[j]];
		s64 t;

		while (i >= func_end) { /* i is in a later function */
			f++;
			func_end = f + 1 < p->nr_funcs ? p->func_start[f + 1] : p->len;
		}
		if (in->code == (BPF_JMP | BPF_CALL) && BPF_SRC(in) == 1) {
			t = (s64)i + in->imm + 1;
			if (t < 0 || t >= p->len)
				return vfail(v, i, "call out of the program");
			if (p->flags[t] & BPF_F_IMM64_HI)
				return vfail(v, i, "call into the middle of ld_imm64");
			p->flags[i] |= BPF_F_BACKEDGE;
			continue;
		}
		t = vjump_target(i, in);
		if (t < 0 || t >= p->len)
			return vfail(v, i, "jump out of the program");
		if (p->flags[t] & BPF_F_IMM64_HI)
			return vfail(v, i, "jump into the middle of ld_imm64");
		if (t < p->func_start[f] || t >= func_end)
			return vfail(v, i, "jump into another function");
		if (t <= i)
			p->flags[i] |= BPF_F_BACKEDGE;
		/*
		 * A loop: the registers its body [t, i] writes, for each slot
		 * of it (a compiler may enter a loop in its middle). A long
		 * body is skipped, so that this stays linear in the program's
		 * length; its loop then takes one more walk (see vmerge()).
		 */
		if (t <= i && i - t < VLOOP_SCAN) {
			u16 m = 0;

			for (w = t; w <= i; w++)
				m |= v->writes[w];
			for (w = t; w <= i; w++)
				v->loop_regs[w] |= m;
		}
	}
	return 0;
}

/* Does a value of type t carry an offset in val? */
static bool vknown(u8 t)
{
	return t == V_CONST || t == V_CTX || t == V_FP;
}

/* Is a value of type t a pointer, or possibly one (V_MIXED)? */
static bool vis_ptr(u8 t)
{
	return t >= V_CTX;
}

/*
 * The family of a type: what it is once its offset is forgotten (V_SCALAR,
 * V_CTX_ANY, V_FP_ANY, V_OUTER, V_MIXED; V_UNINIT stays itself).
 */
static u8 vfamily(u8 t)
{
	switch (t) {
	case V_CONST: return V_SCALAR;
	case V_CTX: return V_CTX_ANY;
	case V_FP: return V_FP_ANY;
	default: return t;
	}
}

/*
 * Has a path reached this head's state yet? Every state a path carries
 * has r10 as this frame's pointer (it is never written, and a call's
 * callee gets its own), and an unreached one is all zeros (V_UNINIT).
 */
static bool vreached(const struct vstate *d)
{
	return d->type[10] == V_FP;
}

/*
 * Merge state s into the state of head t (a slot); queue t if that changed it. Per
 * register: equal values stay, values of one family lose their offset,
 * values of different families become V_MIXED, and V_UNINIT wins; the
 * stack slot masks are ORed. A register only climbs that order and a mask
 * only gains bits, so the walk ends.
 */
static void vmerge(struct verifier *v, u32 t, const struct vstate *s)
{
	u32 h = v->head[t] - 1;
	struct vstate *d = &v->st[h];
	bool changed = false;
	u32 r;

	if (!vreached(d)) {
		*d = *s;
		changed = true;
		/*
		 * A head inside a loop forgets at once the values and offsets
		 * of the registers the loop's body writes: they are what
		 * changes from turn to turn, and the merge of the first turn's
		 * end would forget them anyway, one more walk later. So most
		 * loops settle in one walk. (Only a speed-up: the walk still
		 * goes on until the states settle, whatever a body's range
		 * missed.)
		 */
		for (r = 0; v->loop_regs[t] >> r; r++) {
			if ((v->loop_regs[t] >> r & 1) && d->type[r] != vfamily(d->type[r])) {
				d->type[r] = vfamily(d->type[r]);
				d->val[r] = 0;
			}
		}
	} else {
		if ((s->slot_num & ~d->slot_num) || (s->slot_ctx & ~d->slot_ctx) ||
		    (s->slot_fp & ~d->slot_fp)) {
			d->slot_num |= s->slot_num;
			d->slot_ctx |= s->slot_ctx;
			d->slot_fp |= s->slot_fp;
			changed = true;
		}
		for (r = 0; r < NR_REGS; r++) {
			u8 dt = d->type[r], st = s->type[r], ty;

			if (dt == st && d->val[r] == s->val[r])
				continue; /* equal (an unknown offset is always 0) */
			if (dt == V_UNINIT || st == V_UNINIT)
				ty = V_UNINIT;
			else if (vfamily(dt) == vfamily(st))
				ty = vfamily(dt);
			else
				ty = V_MIXED;
			if (ty == dt)
				continue;
			d->type[r] = ty;
			d->val[r] = 0;
			changed = true;
		}
	}
	if (changed) {
		v->queued[h / 64] |= 1ull << (h % 64);
		if (h / 64 < v->low)
			v->low = h / 64;
	}
}

/* Take the lowest queued head off the queue: its number, or VNONE when none is left. */
static u32 vnext_head(struct verifier *v)
{
	u32 words = (v->nheads + 63) / 64;

	for (; v->low < words; v->low++) {
		u64 w = v->queued[v->low];

		if (w) {
			u32 b = ctz64(w);

			v->queued[v->low] = w & (w - 1);
			return v->low * 64 + b;
		}
	}
	return VNONE;
}

/* Set register r to a value of type ty; a known offset must fit in s32, else it is forgotten. */
static void vset(struct vstate *s, u32 r, enum vtype ty, s64 val)
{
	if (vknown(ty) && (val < -0x80000000LL || val > 0x7fffffffLL))
		ty = vfamily(ty);
	s->type[r] = ty;
	s->val[r] = vknown(ty) ? (s32)val : 0;
}

/*
 * The refusals of a constant offset, which wait for the states to settle.
 * Each head's last walk is the one with its settled state (a change
 * queues the head again), and it records the first such refusal it met in
 * deferred[] (slot << 2 | kind), replacing what an earlier walk recorded.
 * Once the walk ends, a record left means that every path to that access
 * agrees on the offset (vflow()). So a verdict never depends on the order
 * of the walk.
 */
enum { VDEFER_STACK = 1, VDEFER_CTX, VDEFER_ALIGN };

/* Defer a refusal of kind at slot (see above). Returns 1: step over the access. */
static int vdefer(struct verifier *v, u32 slot, u32 kind)
{
	if (!*v->defer_to)
		*v->defer_to = slot << 2 | kind;
	return 1;
}

/* Refuse the deferred access of record d (slot << 2 | kind). Returns -EINVAL. */
static int vfail_deferred(struct verifier *v, u32 d)
{
	switch (d & 3) {
	case VDEFER_STACK: return vfail(v, d >> 2, "stack access outside the 512-byte frame");
	case VDEFER_CTX:
		return vfail_num(v, d >> 2, "access outside the ", v->p->ctx_len, false,
				 "-byte context");
	default: return vfail(v, d >> 2, "misaligned atomic access");
	}
}

/*
 * Check a load or store of size bytes at reg + off. The base must be a
 * pointer: a constant offset from the frame pointer or the context is
 * proven here (or rejected), any other pointer gets BPF_F_CHECK, and a
 * number (or a register that is a number on some path) is refused.
 * Atomics must also be naturally aligned. A constant offset that fails is
 * not refused at once but deferred (vdefer()), and the access returns 1,
 * to be stepped over without effect: the offset may be one that a later
 * merge forgets (the first turn of a loop).
 */
static int vcheck_mem(struct verifier *v, const struct vstate *s, u32 slot, u32 reg, s16 off,
		      u32 size, bool atomic)
{
	struct bpf_prog *p = v->p;
	s64 a = (s64)s->val[reg] + off;

	switch (s->type[reg]) {
	case V_UNINIT: return vfail_uninit(v, slot, reg);
	case V_FP:
		if (a < -BPF_STACK_SIZE || a + size > 0)
			return vdefer(v, slot, VDEFER_STACK);
		break;
	case V_CTX:
		if (a < 0 || (u64)a + size > p->ctx_len)
			return vdefer(v, slot, VDEFER_CTX);
		break;
	case V_CTX_ANY:
	case V_FP_ANY:
	case V_OUTER: p->flags[slot] |= BPF_F_CHECK; return 0;
	default: return vfail(v, slot, "memory access through a number, not a pointer");
	}
	if (atomic && (a & (size - 1)))
		return vdefer(v, slot, VDEFER_ALIGN);
	return 0;
}

/* The mask of the stack slots [r10 + a, r10 + a + size) touches (a proven access). */
static u64 vslots(s64 a, u32 size)
{
	u32 lo = (u32)(a + BPF_STACK_SIZE) / 8, hi = (u32)(a + BPF_STACK_SIZE + size - 1) / 8;

	return (hi == 63 ? ~0ull : (1ull << (hi + 1)) - 1) & ~((1ull << lo) - 1);
}

/*
 * Spilled pointers, for a load or store the bounds check accepted. A
 * pointer may be spilled only whole (an aligned 8-byte STX at a known
 * stack slot) and reloaded only whole, which gives back a pointer of its
 * kind with its offset forgotten; any partial read or write of a spilled
 * pointer, an atomic on it, or an access at an unknown address while this
 * frame holds one (the run-time check admits the whole frame) is refused,
 * since each would turn the pointer's bytes into a number.
 */
static int vspill(struct verifier *v, struct vstate *s, u32 slot, const struct bpf_insn *in,
		  u32 base)
{
	u8 cls = BPF_CLASS(in->code), ts = cls == BPF_STX ? s->type[BPF_SRC(in)] : V_SCALAR;
	u32 size = vsize_bytes(in->code);
	s64 a = (s64)s->val[base] + in->off;
	bool whole = size == 8 && !(a & 7) && BPF_MODE(in->code) == BPF_MEM;
	u64 spilled = s->slot_ctx | s->slot_fp, m;
	u8 bt = s->type[base];

	if (cls == BPF_LDX)
		vset(s, BPF_DST(in), V_SCALAR, 0); /* unless a whole spilled pointer, below */
	if (v->p->flags[slot] & BPF_F_CHECK) {
		if (spilled)
			return vfail(v, slot,
				     "access at an unknown address while a pointer is "
				     "spilled");
		if (vis_ptr(ts))
			return vfail(v, slot, "pointer spilled other than whole to a known slot");
		return 0;
	}
	if (bt != V_FP)
		return 0; /* the context: holds numbers only */
	m = vslots(a, size);
	if (cls == BPF_LDX) {
		if (!(m & spilled))
			return 0;
		if (!whole)
			return vfail(v, slot, "partial load of a spilled pointer");
		if (m & s->slot_num || (m & s->slot_ctx && m & s->slot_fp))
			vset(s, BPF_DST(in), V_MIXED, 0);
		else
			vset(s, BPF_DST(in), m & s->slot_ctx ? V_CTX_ANY : V_FP_ANY, 0);
		return 0;
	}
	if (BPF_MODE(in->code) == BPF_ATOMIC)
		return (m & spilled) ? vfail(v, slot, "atomic on a spilled pointer") : 0;
	if (vis_ptr(ts) && (!whole || ts == V_OUTER || ts == V_MIXED))
		return vfail(v, slot, "pointer spilled other than whole to a known slot");
	if (!whole) {
		if (m & spilled)
			return vfail(v, slot, "partial overwrite of a spilled pointer");
		return 0;
	}
	s->slot_num &= ~m;
	s->slot_ctx &= ~m;
	s->slot_fp &= ~m;
	if (vfamily(ts) == V_CTX_ANY)
		s->slot_ctx |= m;
	else if (vfamily(ts) == V_FP_ANY)
		s->slot_fp |= m;
	else
		s->slot_num |= m;
	return 0;
}

/* Require registers lo..hi to be written. */
static int vneed(struct verifier *v, const struct vstate *s, u32 slot, u32 lo, u32 hi)
{
	u32 r;

	for (r = lo; r <= hi; r++)
		if (s->type[r] == V_UNINIT)
			return vfail_uninit(v, slot, r);
	return 0;
}

/*
 * The abstract effect of an ALU or ALU64 slot on dst. A pointer may only be
 * copied whole (mov64) or moved by a number (64-bit add, or sub of a
 * number from it); any other operation with a pointer operand is refused.
 */
static int vstep_alu(struct verifier *v, struct vstate *s, u32 slot, const struct bpf_insn *in)
{
	u32 d = BPF_DST(in), sr = BPF_SRC(in);
	u8 op = BPF_OP(in->code), td, ts;
	bool x = in->code & BPF_X, is64 = BPF_CLASS(in->code) == BPF_ALU64;
	int ret;

	if (op != BPF_END && x && (ret = vneed(v, s, slot, sr, sr)))
		return ret;
	if (op != BPF_MOV && (ret = vneed(v, s, slot, d, d)))
		return ret;
	td = s->type[d];
	ts = x && op != BPF_END ? s->type[sr] : V_CONST;
	if (op == BPF_MOV) {
		if (x && vis_ptr(ts) && (!is64 || in->off))
			return vfail(v, slot, "pointer arithmetic other than 64-bit add/sub");
		if (x && is64 && !in->off)
			vset(s, d, ts, s->val[sr]);
		else if (!x)
			vset(s, d, V_CONST, is64 ? (s64)in->imm : (s64)(u32)in->imm);
		else
			vset(s, d, V_SCALAR, 0);
		return 0;
	}
	if (!vis_ptr(td) && !vis_ptr(ts)) {
		vset(s, d, V_SCALAR, 0);
		return 0;
	}
	/* A pointer operand: only pointer +/- number, or number + pointer, in 64 bits. */
	if (!is64 || (op != BPF_ADD && op != BPF_SUB) || td == V_MIXED || ts == V_MIXED ||
	    (vis_ptr(td) && vis_ptr(ts)) || (op == BPF_SUB && vis_ptr(ts)))
		return vfail(v, slot, "pointer arithmetic other than 64-bit add/sub");
	if (vis_ptr(ts)) { /* number + pointer: the pointer moves into dst */
		if (td == V_CONST && vknown(ts))
			vset(s, d, ts, (s64)s->val[sr] + s->val[d]);
		else
			vset(s, d, vfamily(ts), 0);
	} else if (!vknown(td) || ts != V_CONST) {
		vset(s, d, vfamily(td), 0);
	} else {
		s64 k = x ? s->val[sr] : in->imm;

		vset(s, d, td, op == BPF_ADD ? (s64)s->val[d] + k : (s64)s->val[d] - k);
	}
	return 0;
}

/*
 * Go on to the fall-through successor next of slot, refusing to leave the
 * function: the walk goes on there, or, at a head, merges into its state.
 */
static int vfall(struct verifier *v, const struct vstate *s, u32 slot, u32 next)
{
	u16 h = v->head[next]; /* next <= len: head[len] is VEND */

	if (likely(!h)) {
		v->cont = next;
		return 0;
	}
	if (h == VEND)
		return vfail(v, slot, "falls off the end");
	if (v->p->flags[next] & BPF_F_FUNC) /* a function's first slot is a head */
		return vfail(v, slot, "falls off the end of its function");
	vmerge(v, next, s);
	return 0;
}

/*
 * A helper call: arguments, the print helper's buffer, then r0 set and
 * r1-r5 clobbered. Only print takes arguments; its fmt (r1) must be a
 * pointer (unless fmt_size is 0) and the rest numbers. The other helpers
 * read no register, so whatever r1-r5 hold stays unseen.
 */
static int vstep_helper(struct verifier *v, struct vstate *s, u32 slot, const struct bpf_insn *in)
{
	struct bpf_prog *p = v->p;
	u32 r;
	int ret;

	if (in->imm == BPF_HELPER_PRINT) {
		/* fmt (r1) and fmt_size (r2) must describe bytes the program may read. */
		if ((ret = vneed(v, s, slot, 1, 5)))
			return ret;
		for (r = 2; r <= 5; r++)
			if (vis_ptr(s->type[r]))
				return vfail_num(v, slot, "pointer passed to helper 6 as argument ",
						 r, false, "");
		if (!(s->type[2] == V_CONST && s->val[2] == 0) &&
		    (!vis_ptr(s->type[1]) || s->type[1] == V_MIXED))
			return vfail(v, slot, "print's fmt (r1) is not a pointer");
		if (s->type[2] == V_CONST && s->val[2] == 0) {
			/* nothing is read */
		} else if (s->type[2] == V_CONST && s->val[2] > 0 &&
			   ((s->type[1] == V_FP && s->val[1] >= -BPF_STACK_SIZE &&
			     (s64)s->val[1] + s->val[2] <= 0) ||
			    (s->type[1] == V_CTX && s->val[1] >= 0 &&
			     (u64)s->val[1] + (u64)s->val[2] <= p->ctx_len))) {
			/* proven */
		} else {
			p->flags[slot] |= BPF_F_CHECK;
		}
		/* fmt must not show a spilled pointer's bytes (see vspill()). */
		if ((s->slot_ctx | s->slot_fp) &&
		    (p->flags[slot] & BPF_F_CHECK ||
		     (s->type[1] == V_FP && s->val[2] > 0 &&
		      (vslots(s->val[1], s->val[2]) & (s->slot_ctx | s->slot_fp)))))
			return vfail(v, slot, "print of a spilled pointer's slot");
	}
	vset(s, 0, V_SCALAR, 0);
	for (ret = 1; ret <= 5; ret++)
		vset(s, ret, V_UNINIT, 0);
	return 0;
}

/*
 * A local call: the callee's entry state from the arguments, then the
 * return. r1-r5 may carry pointers: the context stays the context, a
 * pointer into this frame (or an outer one) becomes V_OUTER in the callee,
 * usable as a base (checked at run time) but never compared, since the
 * distance between two frames differs between the engines.
 */
static void vstep_call(struct verifier *v, struct vstate *s, u32 slot, const struct bpf_insn *in)
{
	struct vstate callee = *s;
	u32 r;

	for (r = 0; r < NR_REGS; r++) {
		if (r == 0 || r >= 6)
			vset(&callee, r, V_UNINIT, 0);
		else if (callee.type[r] == V_FP || callee.type[r] == V_FP_ANY ||
			 callee.type[r] == V_OUTER)
			vset(&callee, r, V_OUTER, 0); /* a caller's frame: checked at run time */
	}
	vset(&callee, 10, V_FP, 0);
	callee.slot_num = ~0ull; /* a fresh, zeroed frame */
	callee.slot_ctx = 0;
	callee.slot_fp = 0;
	vmerge(v, (u32)((s64)slot + in->imm + 1), &callee);
	vset(s, 0, V_SCALAR, 0);
	for (r = 1; r <= 5; r++)
		vset(s, r, V_UNINIT, 0);
}

/*
 * The pointer rules of a register store (STX, atomics included): a pointer
 * may be spilled to the stack with a plain store, but never written to the
 * context, and never an operand of an atomic (nor cmpxchg's r0).
 */
static int vcheck_store(struct verifier *v, const struct vstate *s, u32 slot,
			const struct bpf_insn *in)
{
	u8 td = s->type[BPF_DST(in)], ts = s->type[BPF_SRC(in)];

	if (BPF_MODE(in->code) == BPF_ATOMIC) {
		if (vis_ptr(ts) || (in->imm == BPF_CMPXCHG && vis_ptr(s->type[0])))
			return vfail(v, slot, "atomic operation with a pointer operand");
		return 0;
	}
	if (vis_ptr(ts) && (vfamily(td) == V_CTX_ANY || td == V_MIXED))
		return vfail(v, slot, "pointer stored to the context");
	return 0;
}

/*
 * Is a pointer of type t and offset val known to lie inside its buffer or
 * just past its end ([r10 - 512, r10] or [ctx, ctx + ctx_len])? Then it
 * cannot wrap around the address space.
 */
static bool vin_buffer(struct verifier *v, u8 t, s32 val)
{
	if (t == V_FP)
		return val >= -BPF_STACK_SIZE && val <= 0;
	return t == V_CTX && val >= 0 && (u64)val <= v->p->ctx_len;
}

/*
 * The pointer rules of a conditional jump: numbers compare freely; two
 * pointers compare only in 64 bits, both into the context or both into
 * this frame (their difference is the program's own); a pointer against a
 * number, another kind of pointer, a caller's frame, or in JSET is refused.
 * JEQ and JNE depend only on the difference modulo 2^64; an ordered
 * comparison also depends on whether one side wrapped around the address
 * space (r10 + K < r10 tells where r10 is), so both sides must be known to
 * lie in their buffer.
 */
static int vcheck_cmp(struct verifier *v, const struct vstate *s, u32 slot,
		      const struct bpf_insn *in)
{
	u8 td = s->type[BPF_DST(in)];
	u8 ts = (in->code & BPF_X) ? s->type[BPF_SRC(in)] : V_CONST;
	u8 fd = vfamily(td);

	if (!vis_ptr(td) && !vis_ptr(ts))
		return 0;
	if (BPF_CLASS(in->code) != BPF_JMP || BPF_OP(in->code) == BPF_JSET || fd != vfamily(ts) ||
	    (fd != V_CTX_ANY && fd != V_FP_ANY))
		return vfail(v, slot, "comparison of a pointer with a number");
	if (BPF_OP(in->code) == BPF_JEQ || BPF_OP(in->code) == BPF_JNE ||
	    (vin_buffer(v, td, s->val[BPF_DST(in)]) && vin_buffer(v, ts, s->val[BPF_SRC(in)])))
		return 0;
	return vfail(v, slot, "ordered comparison of pointers not both in bounds");
}

/*
 * Pass 3 for one slot: check its reads and accesses against the state s
 * before it, turn s into the state after it, and pass that on to its
 * successors (vfall(): v->cont is the slot the walk goes on to, if any).
 */
static int vstep(struct verifier *v, struct vstate *s, u32 slot)
{
	const struct bpf_insn *in = &v->p->insns[slot];
	u32 d = BPF_DST(in), sr = BPF_SRC(in), size;
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int ret = 0;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64: ret = vstep_alu(v, s, slot, in); break;
	case BPF_LD: /* ld_imm64, src 0 (RFC 9669 5.4) */
		vset(s, d, V_CONST, (s64)(((u64)(u32)in[1].imm << 32) | (u32)in->imm));
		return vfall(v, s, slot, slot + 2);
	case BPF_LDX:
		size = vsize_bytes(in->code);
		if ((ret = vcheck_mem(v, s, slot, sr, in->off, size, false)) < 0)
			return ret;
		if (ret) /* not settled yet: a number, whatever it read */
			vset(s, d, V_SCALAR, 0);
		ret = ret ? 0 : vspill(v, s, slot, in, sr);
		break;
	case BPF_ST:
		size = vsize_bytes(in->code);
		if ((ret = vcheck_mem(v, s, slot, d, in->off, size, false)) < 0)
			return ret;
		ret = ret ? 0 : vspill(v, s, slot, in, d);
		break;
	case BPF_STX:
		size = vsize_bytes(in->code);
		if ((ret = vneed(v, s, slot, sr, sr)))
			return ret;
		if (BPF_MODE(in->code) == BPF_ATOMIC && in->imm == BPF_CMPXCHG &&
		    (ret = vneed(v, s, slot, 0, 0)))
			return ret;
		if ((ret = vcheck_store(v, s, slot, in)))
			return ret;
		if ((ret = vcheck_mem(v, s, slot, d, in->off, size,
				      BPF_MODE(in->code) == BPF_ATOMIC)) < 0 ||
		    (!ret && (ret = vspill(v, s, slot, in, d))))
			return ret;
		ret = 0;
		if (in->imm == BPF_CMPXCHG && BPF_MODE(in->code) == BPF_ATOMIC)
			vset(s, 0, V_SCALAR, 0);
		else if (vwrites_src(in))
			vset(s, sr, V_SCALAR, 0);
		break;
	default: /* BPF_JMP, BPF_JMP32 */
		if (op == BPF_EXIT) {
			if ((ret = vneed(v, s, slot, 0, 0)))
				return ret;
			if (vis_ptr(s->type[0]))
				return vfail(v, slot, "exit with a pointer in r0");
			return 0;
		}
		if (op == BPF_CALL) {
			if (sr == 1)
				vstep_call(v, s, slot, in);
			else
				ret = vstep_helper(v, s, slot, in);
			break;
		}
		if (op != BPF_JA) {
			if ((ret = vneed(v, s, slot, d, d)))
				return ret;
			if ((in->code & BPF_X) && (ret = vneed(v, s, slot, sr, sr)))
				return ret;
			if ((ret = vcheck_cmp(v, s, slot, in)))
				return ret;
		}
		vmerge(v, (u32)vjump_target(slot, in), s);
		if (op == BPF_JA)
			return 0;
		break;
	}
	if (ret)
		return ret;
	return vfall(v, s, slot, slot + 1);
}

/* Step the run from head h with a copy of its state, to the next head or an exit. */
static int vwalk(struct verifier *v, u32 h)
{
	struct vstate s = v->st[h];
	u32 i;
	int ret;

	v->defer_to = &v->deferred[h];
	*v->defer_to = 0;
	for (i = v->slot_of[h]; i != VNONE; i = v->cont) {
		v->cont = VNONE;
		if ((ret = vstep(v, &s, i)))
			return ret;
	}
	return 0;
}

/*
 * Pass 3: walk every path from the main function's entry, a head at a
 * time, until the heads' states settle; then refuse the first deferred
 * access (the lowest slot) that the last walks left recorded.
 */
static int vflow(struct verifier *v)
{
	struct vstate entry;
	u32 h, first = 0;
	int ret;

	v->low = 0;
	memset(&entry, 0, sizeof(entry));
	vset(&entry, 1, V_CTX, 0);
	vset(&entry, 2, V_SCALAR, 0);
	vset(&entry, 10, V_FP, 0);
	entry.slot_num = ~0ull;
	vmerge(v, 0, &entry);
	while ((h = vnext_head(v)) != VNONE)
		if ((ret = vwalk(v, h)))
			return ret;
	for (h = 0; h < v->nheads; h++)
		if (v->deferred[h] && (!first || v->deferred[h] < first))
			first = v->deferred[h];
	return first ? vfail_deferred(v, first) : 0;
}

/*
 * Check p->insns for a context of p->ctx_len bytes and fill p->flags,
 * p->nr_funcs and p->func_start. Returns 0, or -EINVAL with *why naming the
 * first rule broken and *at its slot.
 */
int bpf_verify(struct bpf_prog *p, void *work, const char **why, u32 *at)
{
	struct verifier v = { .p = p, .why = why, .at = at };
	int ret;

	*why = NULL;
	*at = 0;
	p->nr_funcs = 0;
	if (!p->len)
		return vfail(&v, 0, "empty program");
	if (p->len > BPF_MAX_INSNS)
		return vfail_num(&v, 0, "more than ", BPF_MAX_INSNS, false, " instructions");
	memset(p->flags, 0, p->len);
	vtables(&v, work);
	if ((ret = vdecode(&v)) || (ret = vstructure(&v)))
		return ret;
	vheads(&v, work);
	if ((ret = vflow(&v)))
		return ret;
	return 0;
}
