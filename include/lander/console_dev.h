/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console device chosen from /chosen/stdout-path, and the UART
 * drivers behind it. Drivers are picked by a switch, not function
 * pointers, because the console works with the MMU off before relocation.
 */
#ifndef LANDER_CONSOLE_DEV_H
#define LANDER_CONSOLE_DEV_H

#include <lander/fdt.h>
#include <mm/fixmap.h>

enum uart_kind {
	UART_NONE,    /* no console yet: arch_early_putc() */
	UART_PL011,   /* "arm,pl011" */
	UART_NS16550, /* "ns16550a", "ns16550" */
};

struct console_dev {
	enum uart_kind kind;
	u8 reg_shift; /* ns16550: log2 of the register stride */
	u8 io_width;  /* ns16550: register access width in bytes */
	struct mmio regs;
};

extern struct console_dev console;

/*
 * Use dev (the device /chosen/stdout-path names) as the console. Returns
 * 0, or a negative error when there is none or it is no UART we drive
 * (the console then stays on arch_early_putc()).
 */
struct dt_device;
int console_probe(const struct fdt *fdt, const struct dt_device *dev);

void pl011_putc(virt_addr_t base, char c);
void ns16550_putc(virt_addr_t base, unsigned int shift, unsigned int width, char c);

#endif
