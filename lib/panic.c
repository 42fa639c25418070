// SPDX-License-Identifier: GPL-2.0
/* panic(): say why, then end the machine with a failure status. */
#include <lander/machine.h>
#include <lander/printk.h>

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("\nKernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	machine_exit(1);
}
