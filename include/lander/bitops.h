/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bit scans that need no library: the kernel links without libgcc, and
 * an ISA without a count instruction (rv64 without Zbb) would turn the
 * compiler's builtins into calls to it.
 */
#ifndef LANDER_BITOPS_H
#define LANDER_BITOPS_H

#include <lander/types.h>

/*
 * The index of the lowest set bit of x, which must not be 0. x & -x keeps
 * that bit alone; multiplying a power of two by a de Bruijn sequence B(2, 6)
 * puts a distinct 6-bit pattern in the top bits, which the table maps back
 * to the bit's index.
 */
static inline u32 ctz64(u64 x)
{
	static const u8 index[64] = {
		0,  1,	48, 2,	57, 49, 28, 3,	61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,	13, 8,	7,  6,
	};

	return index[((x & -x) * 0x03f79d71b4cb0a89ull) >> 58];
}

#endif
