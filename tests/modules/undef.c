// SPDX-License-Identifier: GPL-2.0
/*
 * undef: calls a function that neither the kernel nor any module exports.
 * It proves that the loader refuses a module with an unresolved symbol and
 * names the symbol (no_such_export) when it does.
 */
#include <lander/module.h>

int no_such_export(int x);

/* Never runs: the module cannot be linked. */
int init_module(void)
{
	return no_such_export(1);
}
