// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's helpers (docs/bpf.md): counter (5), print (6), random (7)
 * and cpu id (8), one program each. The interpreter's run and the JIT's
 * start from the same helper state, so each result is exact.
 */
#include "bpf_prog.h"

/* Three counter calls: 1, 2, 3 within one run. Returns 0x030201. */
SEC("counter") u64 counter_main(void *ctx, u64 len)
{
	u64 a = bpf_counter(), b = bpf_counter(), c = bpf_counter();

	return a | b << 8 | c << 16;
}

/* The first two random values, the first in the high half. */
SEC("random") u64 random_main(void *ctx, u64 len)
{
	u64 hi = bpf_random();

	return hi << 32 | bpf_random();
}

/* The CPU id plus 0x100 (0x100 on the boot CPU). */
SEC("cpu_id") u64 cpu_id_main(void *ctx, u64 len)
{
	return bpf_cpu_id() + 0x100;
}

/*
 * One console line, its format on the stack, three arguments (the second
 * negative). Returns what print returns: the length of the text.
 */
SEC("print") u64 print_main(void *ctx, u64 len)
{
	char fmt[] = "answer %d neg %d hex %x";

	return bpf_print(fmt, sizeof(fmt), 42, -7, 0xbeef);
}
