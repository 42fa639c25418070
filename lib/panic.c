// SPDX-License-Identifier: GPL-2.0
/* panic(): say why, then end the machine with a failure status. */
#include <lander/machine.h>
#include <lander/printk.h>

/* How many panics have begun; more than one means a panic inside panic. */
static unsigned int panic_depth;

/*
 * A panic while panicking (the console or the power-off path faulted)
 * must not recurse: the second says why once and parks the CPU, a third
 * (printing faulted too) parks it at once.
 */
void panic(const char *fmt, ...)
{
	va_list ap;

	if (++panic_depth > 1) {
		if (panic_depth == 2) {
			printk("\nKernel panic while panicking: ");
			va_start(ap, fmt);
			vprintk(fmt, ap);
			va_end(ap);
			printk("\nlander: halted\n");
		}
		arch_halt();
	}
	printk("\nKernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	machine_exit(1);
}
