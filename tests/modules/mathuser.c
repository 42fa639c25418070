// SPDX-License-Identifier: GPL-2.0
/*
 * mathuser: calls what mathlib.c exports, so it loads only after mathlib.
 * It proves that a module's undefined symbols resolve to another module's
 * exports, functions and data alike. init_module() returns 0 when every
 * check passes, else the number of the first check that failed.
 */
#include <lander/module.h>

u32 mathlib_checksum(const void *data, size_t len);
unsigned long mathlib_next(void);
extern const u32 mathlib_squares[16];

/* Run the checks. Returns 0 or a failing check's number. */
int init_module(void)
{
	unsigned long first;

	/* RFC 1950: the Adler-32 of nothing is 1. */
	if (mathlib_checksum("", 0) != 1)
		return 1;
	/*
	 * "abc" = 97, 98, 99: a = 1+97 = 98, 1+97+98 = 196, 196+99 = 295;
	 * b = 98 + 196 + 295 = 589 = 0x24d; a = 295 = 0x127.
	 */
	if (mathlib_checksum("abc", 3) != 0x024d0127)
		return 2;
	/* The worked example of the Adler-32 entry in most references. */
	if (mathlib_checksum("Wikipedia", 9) != 0x11e60398)
		return 3;
	first = mathlib_next();
	if (mathlib_next() != first + 1)
		return 4;
	if (mathlib_squares[7] != 49 || mathlib_squares[15] != 225)
		return 5;
	printk("mathuser: all checks passed\n");
	return 0;
}

/* A line to show the unload ran. */
void cleanup_module(void)
{
	printk("mathuser: unloaded\n");
}
