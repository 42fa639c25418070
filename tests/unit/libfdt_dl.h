/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libfdt, the device-tree tests' oracle, opened at run time: the tests
 * build against lander's own fdt.h, whose names libfdt's header would
 * clash with, so each test takes the libfdt functions it compares
 * against through dlsym() into a table of its own.
 */
#ifndef TESTS_LIBFDT_DL_H
#define TESTS_LIBFDT_DL_H

#include <dlfcn.h>
#include <stdio.h>

/* libfdt's handle, or NULL (and a "# ..." line saying why). */
static inline void *libfdt_open(void)
{
	void *h = dlopen("libfdt.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		h = dlopen("libfdt.so", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		printf("# dlopen libfdt: %s\n", dlerror());
	return h;
}

/* Resolve sym into the function pointer at slot. Returns 0, or -1 with a "# ..." line. */
static inline int libfdt_sym(void *h, void *slot, const char *sym)
{
	*(void **)slot = dlsym(h, sym);
	if (!*(void **)slot) {
		printf("# dlsym %s: %s\n", sym, dlerror());
		return -1;
	}
	return 0;
}

#endif
