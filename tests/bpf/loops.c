// SPDX-License-Identifier: GPL-2.0
/*
 * Loop-heavy programs without a context: many back edges, 32-bit and
 * 64-bit arithmetic, data-dependent branches.
 */
#include "bpf_prog.h"

#define COLLATZ_N 3000

/*
 * Collatz: for every n in [1, COLLATZ_N], the steps n -> n / 2 (even) or
 * 3n + 1 (odd) take to reach 1. Returns the total steps in the low 32
 * bits and the n with the most steps in the high 32.
 */
SEC("collatz") u64 collatz_main(void *ctx, u64 len)
{
	u64 n, total = 0, best = 0, best_n = 0;

	for (n = 1; n <= COLLATZ_N; n++) {
		u64 x = n, steps = 0;

		while (x != 1) {
			x = (x & 1) ? 3 * x + 1 : x / 2;
			steps++;
		}
		total += steps;
		if (steps > best) {
			best = steps;
			best_n = n;
		}
	}
	return best_n << 32 | total;
}

/* The number of primes below 5000, by trial division (32-bit divmul). */
SEC("primes") u64 primes_main(void *ctx, u64 len)
{
	u32 n, d, count = 0;

	for (n = 2; n < 5000; n++) {
		for (d = 2; d * d <= n; d++)
			if (n % d == 0)
				break;
		if (d * d > n)
			count++;
	}
	return count;
}
