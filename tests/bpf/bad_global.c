// SPDX-License-Identifier: GPL-2.0
/*
 * A program with global data: clang reaches the variable with an
 * ld_imm64 relocated by R_BPF_64_64, which the loader refuses (there are
 * no maps and no data sections). Its line is a rejection.
 */
#include "bpf_prog.h"

static volatile u64 runs;

/* Count the runs in a global: never loaded. */
SEC("counter") u64 counter_main(void *ctx, u64 len)
{
	return ++runs;
}
