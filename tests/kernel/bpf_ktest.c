// SPDX-License-Identifier: GPL-2.0
/*
 * eBPF in the running kernel: the JIT's code lies in the BPF window, in
 * reach of the kernel; its helper calls are PC-relative; hostile
 * programs stop the same way in both engines; and a run, accepted,
 * stopped or rejected, leaves no memory, page-table page or window range
 * behind.
 */
#include <lander/boot.h>
#include <lander/bpf_loader.h>
#include <lander/ktest.h>
#include <lander/machine.h>
#include <lander/sections.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include "../unit/bpf_asm.h"

/* What a run may leave behind. */
struct footprint {
	u64 free;
	int ranges;
};

static struct footprint footprint(void)
{
	return (struct footprint){ memblock_free_bytes(&memblock), bpf_window()->count };
}

/* Run prog (n slots) on ctx, check both engines agree and nothing is left behind. */
static struct bpf_outcome run(struct ktest *t, const char *name, const struct bpf_insn *prog, u64 n,
			      const void *ctx, u64 ctx_len)
{
	struct footprint before = footprint(), after;
	struct bpf_outcome o;

	o = bpf_run_program(name, prog, n * sizeof(*prog), ctx, ctx_len, bpf_window());
	after = footprint();
	KEXPECT_EQ(t, after.free, before.free);
	KEXPECT_EQ(t, after.ranges, before.ranges);
	if (!o.rejected)
		KEXPECT_TRUE(t, o.agree);
	return o;
}

static void test_result_and_window(struct ktest *t)
{
	const struct bpf_insn prog[] = {
		ASM_MOV64_K(0, 40),
		ASM_ALU64_K(BPF_ADD, 0, 2),
		ASM_EXIT(),
	};
	u64 text = (u64)(uintptr_t)_text, end = (u64)(uintptr_t)_end;
	struct bpf_outcome o = run(t, "ktest-answer", prog, ARRAY_SIZE(prog), NULL, 0);

	KEXPECT_TRUE(t, !o.rejected);
	KEXPECT_EQ(t, o.interp.r0, 42);
	KEXPECT_EQ(t, o.jit_r0, 42);
	KEXPECT_TRUE(t,
		     o.jit_va >= boot_info.place.bpf_start &&
			     o.jit_va + o.jit.len <= boot_info.place.bpf_start + BPF_WINDOW_SIZE);
	/* Every byte of the code within 2 GB of every byte of the image. */
	KEXPECT_TRUE(t, MAX(end, o.jit_va + o.jit.len) - MIN(text, o.jit_va) <= SZ_2G);
}

/* A helper call is one PC-relative call site, of one form or the other. */
static void test_helper_call_is_pc_relative(struct ktest *t)
{
	const struct bpf_insn prog[] = {
		ASM_CALL_HELPER(BPF_HELPER_CPU_ID),
		ASM_ALU64_K(BPF_ADD, 0, 7),
		ASM_EXIT(),
	};
	struct bpf_outcome o = run(t, "ktest-helper", prog, ARRAY_SIZE(prog), NULL, 0);

	KEXPECT_TRUE(t, !o.rejected);
	KEXPECT_EQ(t, o.jit.calls_near + o.jit.calls_far, 1);
	KEXPECT_EQ(t, o.interp.r0, machine_cpu_id() + 7); /* any hart may boot on riscv */
}

/* A loop with no exit: both engines stop on the budget, at the back edge. */
static void test_endless_loop_stops(struct ktest *t)
{
	const struct bpf_insn prog[] = {
		ASM_MOV64_K(0, 0),
		ASM_ALU64_K(BPF_ADD, 0, 1),
		ASM_JA(-2),
		ASM_EXIT(),
	};
	struct bpf_outcome o = run(t, "ktest-endless", prog, ARRAY_SIZE(prog), NULL, 0);

	KEXPECT_TRUE(t, !o.rejected);
	KEXPECT_EQ(t, o.interp.stop, BPF_STOP_BUDGET);
	KEXPECT_EQ(t, o.jit_exit.stop, BPF_STOP_BUDGET);
	KEXPECT_EQ(t, o.interp.stop_at, 2);
}

/* A pointer computed past the context: checked at run time, stopped, nothing read. */
static void test_computed_pointer_stops(struct ktest *t)
{
	static const u8 ctx[16] = { 1, 2, 3 };
	const struct bpf_insn prog[] = {
		ASM_MOV64_X(3, 1),
		ASM_ALU64_X(BPF_ADD, 3, 2), /* r3 = ctx + len: one past the end */
		ASM_LDX(BPF_B, 0, 3, 0),
		ASM_EXIT(),
	};
	struct bpf_outcome o = run(t, "ktest-past-ctx", prog, ARRAY_SIZE(prog), ctx, sizeof(ctx));

	KEXPECT_TRUE(t, !o.rejected);
	KEXPECT_EQ(t, o.interp.stop, BPF_STOP_BOUNDS);
	KEXPECT_EQ(t, o.jit_exit.stop, BPF_STOP_BOUNDS);
	KEXPECT_EQ(t, o.interp.stop_at, 2);
}

/* Refused before anything runs: a write to r10, an unknown helper, no exit. */
static void test_hostile_rejected(struct ktest *t)
{
	const struct bpf_insn write_fp[] = { ASM_MOV64_K(10, 0), ASM_MOV64_K(0, 0), ASM_EXIT() };
	const struct bpf_insn bad_helper[] = { ASM_CALL_HELPER(99), ASM_EXIT() };
	const struct bpf_insn falls_off[] = { ASM_MOV64_K(0, 1) };

	KEXPECT_TRUE(t,
		     run(t, "ktest-write-r10", write_fp, ARRAY_SIZE(write_fp), NULL, 0).rejected);
	KEXPECT_TRUE(
		t, run(t, "ktest-helper-99", bad_helper, ARRAY_SIZE(bad_helper), NULL, 0).rejected);
	KEXPECT_TRUE(t,
		     run(t, "ktest-no-exit", falls_off, ARRAY_SIZE(falls_off), NULL, 0).rejected);
}

static const struct ktest_case bpf_cases[] = {
	KTEST_CASE(test_result_and_window),  KTEST_CASE(test_helper_call_is_pc_relative),
	KTEST_CASE(test_endless_loop_stops), KTEST_CASE(test_computed_pointer_stops),
	KTEST_CASE(test_hostile_rejected),   {},
};
KTEST_SUITE(bpf, bpf_cases);
