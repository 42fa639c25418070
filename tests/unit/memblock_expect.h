/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking memblock lists in the host tests: EXPECT_LIST(list, R(base,
 * size), ...) and EXPECT_EMPTY(list) fail the current TAP case and print
 * both lists when they differ.
 */
#ifndef TESTS_UNIT_MEMBLOCK_EXPECT_H
#define TESTS_UNIT_MEMBLOCK_EXPECT_H

#include <mm/memblock.h>
#include "tap.h"

#define R(b, s)                          \
	{                                \
		.base = (b), .size = (s) \
	}

static void print_list(const char *what, const struct memblock_region *r, int n)
{
	int i;

	printf("#   %s:", what);
	if (n < 0 || n > MEMBLOCK_MAX_REGIONS) {
		printf(" (count %d)\n", n);
		return;
	}
	for (i = 0; i < n; i++)
		printf(" [0x%llx+0x%llx]", r[i].base, r[i].size);
	printf("%s\n", n ? "" : " (empty)");
}

static void check_list_at(const char *file, int line, const char *name,
			  const struct memblock_list *l, const struct memblock_region *want, int n)
{
	bool same = l->count == n;
	int i;

	for (i = 0; same && i < n; i++)
		same = l->region[i].base == want[i].base && l->region[i].size == want[i].size;
	if (same)
		return;
	tap_fail_at(file, line, "%s differs", name);
	print_list("got ", l->region, l->count);
	print_list("want", want, n);
}

#define EXPECT_LIST(l, ...)                                                                 \
	do {                                                                                \
		const struct memblock_region want_[] = { __VA_ARGS__ };                     \
		check_list_at(__FILE__, __LINE__, #l, &(l), want_, (int)ARRAY_SIZE(want_)); \
	} while (0)

#define EXPECT_EMPTY(l) check_list_at(__FILE__, __LINE__, #l, &(l), NULL, 0)

#endif
