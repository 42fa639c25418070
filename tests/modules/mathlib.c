// SPDX-License-Identifier: GPL-2.0
/*
 * mathlib: a module that exports things for the modules loaded after it
 * (mathuser.c uses them, dupexport.c clashes with one): two functions and
 * a const table. It proves that EXPORT_SYMBOL() in a module works for both
 * code and data.
 */
#include <lander/module.h>

/*
 * Adler-32 of len bytes at data, as RFC 1950 section 8.2 defines it: two
 * running sums modulo 65521, the second in the high half.
 */
u32 mathlib_checksum(const void *data, size_t len);
u32 mathlib_checksum(const void *data, size_t len)
{
	const u8 *p = data;
	u32 a = 1, b = 0;

	while (len--) {
		a = (a + *p++) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}
EXPORT_SYMBOL(mathlib_checksum);

static unsigned long counter;

/* Returns how many times it was called before, counting from 0. */
unsigned long mathlib_next(void);
unsigned long mathlib_next(void)
{
	return counter++;
}
EXPORT_SYMBOL(mathlib_next);

/* The squares of 0 to 15. */
const u32 mathlib_squares[16] = {
	0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225,
};
EXPORT_SYMBOL(mathlib_squares);

/* Nothing to set up. */
int init_module(void)
{
	printk("mathlib: loaded\n");
	return 0;
}

/* Nothing to tear down but a line to show it ran. */
void cleanup_module(void)
{
	printk("mathlib: unloaded\n");
}
