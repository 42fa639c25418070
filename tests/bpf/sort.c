// SPDX-License-Identifier: GPL-2.0
/*
 * Insertion sort of the context's u32 array in place: checked loads and
 * stores at computed addresses, nested loops. The result proves the
 * order: the sum of (i + 1) * a[i] over the sorted array, the largest any
 * order of the values gives (the rearrangement inequality), or ~0 if a
 * neighbouring pair is out of order afterwards.
 */
#include "bpf_prog.h"

/* Sort ctx[0, len / 4) ascending and return the weighted sum. */
SEC("insertion") u64 insertion_main(u32 *a, u64 len)
{
	u64 n = len / 4, i, j, sum = 0;

	for (i = 1; i < n; i++) {
		u32 v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
	for (i = 0; i < n; i++) {
		if (i && a[i - 1] > a[i])
			return ~0ULL;
		sum += (i + 1) * a[i];
	}
	return sum;
}
