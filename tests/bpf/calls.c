// SPDX-License-Identifier: GPL-2.0
/*
 * bpf-to-bpf calls (RFC 9669 section 4.3.1, src 1: a local call): helper-
 * free subprograms in .text, five arguments in r1-r5, recursion, and a
 * fresh 512-byte frame per call. The deepest chain here is 7 frames, the
 * main program's included; the limit is 8 (BPF_MAX_CALL_DEPTH).
 */
#include "bpf_prog.h"

/* Fibonacci, doubly recursive: fib(6) nests 6 frames. */
LOCAL u64 fib(u64 n)
{
	if (n < 2)
		return n;
	return fib(n - 1) + fib(n - 2);
}

/* fib(0) + fib(1) + ... + fib(6). */
SEC("fibonacci") u64 fibonacci_main(void *ctx, u64 len)
{
	u64 k, sum = 0;

	for (k = 0; k <= 6; k++)
		sum += fib(k);
	return sum;
}

/*
 * Each level fills 32 u64 of its own frame, calls the level below, then
 * sums its frame again: a callee that wrote into its caller's frame
 * would change the sum. deep(level) = sum(level * 1000 + i, i < 32) +
 * 3 * deep(level - 1), deep(-1) = 0.
 */
LOCAL u64 deep(u64 level)
{
	volatile u64 buf[32];
	u64 i, below, sum = 0;

	for (i = 0; i < 32; i++)
		buf[i] = level * 1000 + i;
	below = level ? deep(level - 1) : 0;
	for (i = 0; i < 32; i++)
		sum += buf[i];
	return sum + 3 * below;
}

/* deep(5): 6 frames of deep under the main one. */
SEC("frames") u64 frames_main(void *ctx, u64 len)
{
	return deep(5);
}

/* Euclid's greatest common divisor. */
LOCAL u64 gcd(u64 a, u64 b)
{
	while (b) {
		u64 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* The integer square root by bisection. */
LOCAL u64 isqrt(u64 n)
{
	u64 lo = 0, hi = 1ULL << 32;

	while (hi - lo > 1) {
		u64 mid = (lo + hi) / 2;

		if (mid * mid <= n)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The number of set bits. */
LOCAL u64 popcount(u64 x)
{
	u64 n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/* All five argument registers, weighted so that a swap shows. */
LOCAL u64 mix5(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a + 3 * b + 5 * c + 7 * d + 11 * e;
}

/*
 * For k = 1..50: r = r * 31 + mix5(k, gcd(12k, 180), isqrt(7k^2),
 * popcount(k * 0x9e3779b97f4a7c15), r >> 60), all modulo 2^64.
 */
SEC("mixed") u64 mixed_main(void *ctx, u64 len)
{
	u64 k, r = 0;

	for (k = 1; k <= 50; k++)
		r = r * 31 + mix5(k, gcd(12 * k, 180), isqrt(7 * k * k),
				  popcount(k * 0x9e3779b97f4a7c15ULL), r >> 60);
	return r;
}
