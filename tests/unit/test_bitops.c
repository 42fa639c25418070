// SPDX-License-Identifier: GPL-2.0
/*
 * include/lander/bitops.h against the plainest model: count the zero bits
 * from the bottom one at a time.
 * Expect: for every bit position, alone and under seeded random higher
 * bits, ctz64() names the lowest set bit.
 */
#include <lander/bitops.h>

#include "tap.h"

static u32 model_ctz(u64 x)
{
	u32 n = 0;

	while (!(x & 1)) {
		x >>= 1;
		n++;
	}
	return n;
}

int main(void)
{
	u64 r = 0x9e3779b97f4a7c15ull;
	u32 i, k;

	tap_start();
	for (i = 0; i < 64; i++)
		TAP_CHECK(ctz64(1ull << i) == i, "bit %u alone: %u", i, ctz64(1ull << i));
	tap_case("ctz64 of each single bit");
	for (i = 0; i < 64; i++) {
		for (k = 0; k < 1000; k++) {
			u64 x;

			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			x = (r | 1) << i; /* bit i set, anything above it */
			TAP_CHECK(ctz64(x) == model_ctz(x), "0x%llx: %u, model %u",
				  (unsigned long long)x, ctz64(x), model_ctz(x));
		}
	}
	tap_case("ctz64 under random higher bits, against counting");
	return tap_done();
}
