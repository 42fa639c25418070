// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the eBPF verifier and interpreter: arbitrary bytes
 * are a context length (the first byte, 0..64) and a program (the rest, 8
 * bytes a slot). Every program the verifier accepts is run in the
 * interpreter with a context of exactly that many heap bytes, so the
 * sanitizers report any access outside the context or the frames; the
 * budget is lowered (-DBPF_BACKEDGE_BUDGET) so that no input runs long.
 * The asserts check what the two promise: a rejection names a rule and a
 * slot inside the program; a run ends with a known stop at a slot inside
 * the program; a stop leaves r0 at 0.
 *
 * Random bytes rarely make a valid program, so a first byte of 0xff
 * selects a second mode: the next 8 bytes seed the program generator
 * (tests/unit/bpf_gen.h), and each following group of 9 bytes overwrites
 * one slot (a slot index, then the instruction), which reaches the
 * interpreter with programs that are nearly valid.
 */
#include <lander/bpf.h>
#include <lander/errno.h>
#include <lander/string.h>

#include <stdlib.h>

#include "../unit/bpf_gen.h"

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

static const u8 *print_buf;
static u64 print_len;

/* The print helper touches every byte it is given, so ASan sees a bad range. */
static u64 fuzz_print(u64 fmt, u64 size, u64 a3, u64 a4, u64 a5)
{
	const volatile u8 *p = (const volatile u8 *)(uintptr_t)fmt;
	u64 i, sum = 0;

	for (i = 0; i < size; i++)
		sum += p[i];
	print_buf = (const u8 *)(uintptr_t)fmt;
	print_len = size;
	return sum;
}

static u64 fuzz_counter(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	static u64 n;

	return ++n;
}

static u64 fuzz_const(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	return 0x2545f491;
}

static const bpf_helper_fn fuzz_helpers[BPF_NR_HELPERS] = {
	[BPF_HELPER_COUNTER] = fuzz_counter,
	[BPF_HELPER_PRINT] = fuzz_print,
	[BPF_HELPER_RANDOM] = fuzz_const,
	[BPF_HELPER_CPU_ID] = fuzz_const,
};

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct bpf_prog p = { 0 };
	struct bpf_run run = { 0 };
	struct bpf_insn *insns;
	u8 *flags, *ctx;
	void *work;
	const char *why;
	u32 n, at;
	int ret;

	if (size < 1 + sizeof(struct bpf_insn))
		return 0;
	if (data[0] == 0xff) {
		static struct bpf_insn gen[BPF_GEN_MAX_SLOTS];
		struct bpf_gen g;
		u64 seed;
		size_t i;

		memcpy(&seed, data + 1, sizeof(seed));
		bpf_gen_seed(&g, seed);
		n = bpf_gen_prog(&g, gen, BPF_GEN_MAX_SLOTS);
		for (i = 9; i + 9 <= size; i += 9)
			memcpy(&gen[data[i] % n], data + i + 1, sizeof(gen[0]));
		insns = malloc(n * sizeof(*insns));
		CHECK(insns);
		memcpy(insns, gen, n * sizeof(*insns));
		p.ctx_len = BPF_GEN_CTX_LEN;
	} else {
		n = (size - 1) / sizeof(struct bpf_insn);
		if (n > BPF_MAX_INSNS)
			n = BPF_MAX_INSNS;
		insns = malloc(n * sizeof(*insns));
		CHECK(insns);
		memcpy(insns, data + 1, n * sizeof(*insns));
		p.ctx_len = data[0] % 65;
	}
	flags = malloc(n);
	ctx = p.ctx_len ? malloc(p.ctx_len) : NULL;
	CHECK(flags && (ctx || !p.ctx_len));
	if (ctx)
		memset(ctx, 0xa5, p.ctx_len);
	p.insns = insns;
	p.len = n;
	p.flags = flags;

	/* Exactly the working memory the header promises (ASan checks the claim). */
	work = malloc(BPF_VERIFY_WORK_BYTES(n));
	CHECK(work);
	ret = bpf_verify(&p, work, &why, &at);
	free(work);
	CHECK(ret == 0 || ret == -EINVAL);
	if (ret) {
		CHECK(why && *why && at < n);
	} else {
		CHECK(p.nr_funcs >= 1 && p.nr_funcs <= BPF_MAX_FUNCS && p.func_start[0] == 0);
		run.ctx = ctx;
		run.ctx_len = p.ctx_len;
		run.helpers = fuzz_helpers;
		bpf_interp_run(&p, &run);
		CHECK(run.stop <= BPF_STOP_DEPTH && run.stop_at < n);
		CHECK(run.stop == BPF_OK || run.r0 == 0);
		CHECK(run.executed >= 1);
	}
	free(ctx);
	free(flags);
	free(insns);
	return 0;
}
