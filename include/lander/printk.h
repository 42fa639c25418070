/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output.
 *
 * Formats: %d %i %u %x %X %o %c %s %p %% with the flags '-', '0', '+', ' ',
 * '#', a width and a precision (either may be '*'), and the length
 * modifiers hh h l ll z t. %p prints a pointer as 0x followed by 16 hex
 * digits. %s of NULL prints "(null)".
 *
 * Everything here works before relocation and with the MMU off: no static
 * pointers, no jump tables.
 */
#ifndef LANDER_PRINTK_H
#define LANDER_PRINTK_H

#include <lander/types.h>
#include <lander/compiler.h>

#include <stdarg.h> /* the compiler's own, allowed freestanding */

/*
 * Format into buf, writing at most size bytes including the terminating
 * NUL (none when size is 0). Returns the length the full output would have.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * The lock that keeps a message whole when several CPUs print (defined by
 * kernel/smp.c; weak no-ops in lib/printk.c). printk_lock() returns
 * whether it took the lock, to hand to printk_unlock().
 */
bool printk_lock(void);
void printk_unlock(bool locked);

/* Format to the console (console_write()). Returns the characters written. */
int vprintk(const char *fmt, va_list ap);
int printk(const char *fmt, ...) __printf(1, 2);

#define pr_info(fmt, ...) printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk("warning: " fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)  printk("error: " fmt, ##__VA_ARGS__)

#endif
