// SPDX-License-Identifier: GPL-2.0
/*
 * The console: the UART /chosen/stdout-path names, or the arch's early
 * output until the DT scan has found one. Early subset: used with the MMU
 * off.
 */
#include <lander/console.h>
#include <lander/console_dev.h>
#include <lander/cpu.h>

#define CONSOLE_REG_SHIFT    0 /* value[] indices of the properties asked for */
#define CONSOLE_REG_IO_WIDTH 1

EARLY_DEV(console_dev) = {
	.name = "console",
	.find = EARLY_DEV_BY_STDOUT,
	.match = {
		{ "arm,pl011", UART_PL011 },
		{ "ns16550a", UART_NS16550 },
		{ "ns16550", UART_NS16550 },
		{ "brcm,bcm2835-aux-uart", UART_BCM2835_AUX },
		{ "sifive,uart0", UART_SIFIVE },
	},
	.prop = {
		[CONSOLE_REG_SHIFT] = { "reg-shift", 0 },
		[CONSOLE_REG_IO_WIDTH] = { "reg-io-width", 1 },
	},
};

static void console_putc(char c)
{
	const struct early_dev *d = &console_dev;

	switch (d->model) {
	case UART_PL011: pl011_putc(d->regs.base, c); break;
	case UART_NS16550:
		ns16550_putc(d->regs.base, d->value[CONSOLE_REG_SHIFT] & 3,
			     d->value[CONSOLE_REG_IO_WIDTH], c);
		break;
	case UART_BCM2835_AUX: bcm2835_aux_putc(d->regs.base, c); break;
	case UART_SIFIVE: sifive_uart_putc(d->regs.base, c); break;
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
