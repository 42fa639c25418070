// SPDX-License-Identifier: GPL-2.0
/*
 * Adler-32 (RFC 1950 section 8.2) over the context: a byte loop with a
 * run-time bounds check on every load, the modulo of divmul64.
 */
#include "bpf_prog.h"

#define ADLER_BASE 65521

/* Adler-32 of ctx[0, len): the sums reduced after every byte. */
SEC("adler32") u64 adler32_main(const u8 *ctx, u64 len)
{
	u64 a = 1, b = 0, i;

	for (i = 0; i < len; i++) {
		a = (a + ctx[i]) % ADLER_BASE;
		b = (b + a) % ADLER_BASE;
	}
	return (b << 16) | a;
}
