// SPDX-License-Identifier: GPL-2.0
/*
 * The program generator (tests/unit/bpf_gen.h) the JIT harnesses rely on,
 * checked against what it promises: every program it writes for a seed is
 * accepted by the verifier, runs to an exit or to an out-of-bounds stop
 * (never the budget or the depth), and gives the same r0, stop, context
 * bytes and helper trace when run again on the same context. Prints the
 * seed of any failure.
 */
#include <lander/bpf.h>

#include <string.h>

#include "bpf_gen.h"
#include "tap.h"

#define SEEDS 3000

static struct bpf_insn insns[BPF_GEN_MAX_SLOTS];
static u8 flags[BPF_GEN_MAX_SLOTS];

struct outcome {
	struct bpf_run run;
	u64 trace;
	u8 ctx[BPF_GEN_CTX_LEN];
};

/* Run p on a context filled from seed; record everything that must repeat. */
static void run_once(const struct bpf_prog *p, u64 seed, struct outcome *o)
{
	static u64 ctx[BPF_GEN_CTX_LEN / 8]; /* 8-aligned */
	u32 i;

	for (i = 0; i < ARRAY_SIZE(ctx); i++)
		ctx[i] = bpf_gen_mix(seed, i);
	memset(&o->run, 0, sizeof(o->run));
	o->run.ctx = ctx;
	o->run.ctx_len = sizeof(ctx);
	o->run.helpers = bpf_gen_helpers;
	bpf_gen_reset_helpers();
	bpf_interp_run(p, &o->run);
	o->trace = bpf_gen_trace;
	memcpy(o->ctx, ctx, sizeof(ctx));
}

int main(void)
{
	u32 rejected = 0, differ = 0, bad_stop = 0, stops = 0, funcs = 0, checked = 0;
	u64 seed, executed = 0;

	tap_start();
	for (seed = 1; seed <= SEEDS; seed++) {
		struct bpf_prog p = { .insns = insns, .ctx_len = BPF_GEN_CTX_LEN, .flags = flags };
		struct outcome a, b;
		struct bpf_gen g;
		const char *why;
		u32 at, i;

		bpf_gen_seed(&g, seed);
		p.len = bpf_gen_prog(&g, insns, BPF_GEN_MAX_SLOTS);
		if (bpf_verify(&p, bpf_verify_work, &why, &at)) {
			if (rejected++ < 5)
				printf("# seed %llu: rejected at %u: %s\n", seed, at, why);
			continue;
		}
		funcs += p.nr_funcs > 1;
		for (i = 0; i < p.len; i++)
			checked += !!(flags[i] & BPF_F_CHECK);
		run_once(&p, seed, &a);
		run_once(&p, seed, &b);
		executed += a.run.executed;
		if (a.run.stop != BPF_OK && a.run.stop != BPF_STOP_BOUNDS) {
			if (bad_stop++ < 5)
				printf("# seed %llu: stop %d at %u\n", seed, a.run.stop,
				       a.run.stop_at);
		}
		stops += a.run.stop != BPF_OK;
		if (a.run.r0 != b.run.r0 || a.run.stop != b.run.stop ||
		    a.run.stop_at != b.run.stop_at || a.trace != b.trace ||
		    memcmp(a.ctx, b.ctx, sizeof(a.ctx))) {
			if (differ++ < 5)
				printf("# seed %llu: runs differ (r0 %#llx / %#llx)\n", seed,
				       a.run.r0, b.run.r0);
		}
	}
	printf("# %u programs: %u with functions, %u checked slots, %u stopped, %llu insns run\n",
	       SEEDS, funcs, checked, stops, executed);
	TAP_CHECK(rejected == 0, "%u rejected", rejected);
	tap_case("every generated program verifies");
	TAP_CHECK(bad_stop == 0, "%u", bad_stop);
	tap_case("runs end in an exit or a bounds stop");
	TAP_CHECK(differ == 0, "%u", differ);
	tap_case("a second run repeats the first");
	TAP_CHECK(funcs > SEEDS / 4 && checked > SEEDS / 2 && stops > 0 && stops < SEEDS / 10,
		  "funcs %u checked %u stops %u", funcs, checked, stops);
	tap_case("the programs cover functions, run-time checks and stops");
	return tap_done();
}
