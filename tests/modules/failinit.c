// SPDX-License-Identifier: GPL-2.0
/*
 * failinit: init_module() fails with -22 (-EINVAL). It proves that the
 * loader unloads a module whose init fails, and that cleanup_module() is
 * not called for a module that never started.
 */
#include <lander/module.h>

/* Report the failure that is about to happen, then fail. */
int init_module(void)
{
	printk("failinit: returning -22\n");
	return -22;
}

/* Must never run: init_module() failed. */
void cleanup_module(void)
{
	printk("failinit: cleanup must not run\n");
}
