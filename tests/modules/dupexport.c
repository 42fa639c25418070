// SPDX-License-Identifier: GPL-2.0
/*
 * dupexport: exports mathlib_checksum, a name mathlib.c already exports.
 * It proves that the loader refuses a second export of one name instead of
 * letting it shadow or replace the first.
 */
#include <lander/module.h>

/* A stand-in with mathlib's name; nothing should ever call it. */
u32 mathlib_checksum(const void *data, size_t len);
u32 mathlib_checksum(const void *data, size_t len)
{
	return 0;
}
EXPORT_SYMBOL(mathlib_checksum);

/* Never runs: the module is refused before init. */
int init_module(void)
{
	printk("dupexport: must not be loaded\n");
	return 0;
}
