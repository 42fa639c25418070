/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console: where printk's characters go.
 *
 * Until a UART is chosen from /chosen/stdout-path, the arch's early output
 * (arch_early_putc) is used, which may be a no-op. Host tests supply their
 * own console_write().
 */
#ifndef LANDER_CONSOLE_H
#define LANDER_CONSOLE_H

#include <lander/types.h>

/* Write len bytes to the console, turning "\n" into "\r\n". */
void console_write(const char *s, size_t len);

#endif
