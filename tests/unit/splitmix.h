/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): the host tests' one generator for their
 * random cases. Deterministic from *state, which any value may seed, so a
 * printed seed reproduces a run.
 */
#ifndef TESTS_UNIT_SPLITMIX_H
#define TESTS_UNIT_SPLITMIX_H

#include <stdint.h>

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
