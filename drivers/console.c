// SPDX-License-Identifier: GPL-2.0
/*
 * The console: the UART /chosen/stdout-path names, or the arch's early
 * output until one is known. Early subset: used with the MMU off.
 */
#include <lander/console.h>
#include <lander/console_dev.h>
#include <lander/cpu.h>
#include <lander/dt_info.h>
#include <lander/errno.h>

struct console_dev console;

int console_probe(const struct fdt *fdt, const struct dt_device *dev)
{
	int node = dev->node;
	u32 v;

	if (node < 0 || !dev->reg.base)
		return -ENOENT;
	if (fdt_is_compatible(fdt, node, "arm,pl011")) {
		console.kind = UART_PL011;
	} else if (fdt_is_compatible(fdt, node, "ns16550a") ||
		   fdt_is_compatible(fdt, node, "ns16550")) {
		console.kind = UART_NS16550;
		console.reg_shift = fdt_getprop_u32(fdt, node, "reg-shift", &v) ? 0 : v & 3;
		console.io_width = fdt_getprop_u32(fdt, node, "reg-io-width", &v) ? 1 : v;
	} else {
		return -ENODEV;
	}
	console.regs.pa = dev->reg.base;
	console.regs.base = dev->reg.base;
	console.regs.slot = FIX_CONSOLE;
	return 0;
}

static void console_putc(char c)
{
	switch (console.kind) {
	case UART_PL011: pl011_putc(console.regs.base, c); break;
	case UART_NS16550:
		ns16550_putc(console.regs.base, console.reg_shift, console.io_width, c);
		break;
	default: arch_early_putc(c); break;
	}
}

void console_write(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			console_putc('\r');
		console_putc(s[i]);
	}
}
