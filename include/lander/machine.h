/* SPDX-License-Identifier: GPL-2.0 */
/* Ending the machine, and panics. */
#ifndef LANDER_MACHINE_H
#define LANDER_MACHINE_H

#include <lander/compiler.h>
#include <lander/cpu.h>
#include <lander/types.h>

/*
 * Stop the machine and make QEMU exit with status code (0: success):
 * through the poweroff device the device tree names, else the arch's way.
 */
void __noreturn machine_exit(int code);

/* Print "Kernel panic: <message>" and end the machine with status 1. */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

static inline unsigned long machine_cpu_id(void)
{
	return arch_cpu_id();
}

#endif
