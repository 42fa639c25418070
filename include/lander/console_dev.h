/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console device chosen from /chosen/stdout-path (an early device,
 * include/lander/early_dev.h), and the UART drivers behind it. Drivers are
 * picked by a switch on the model, not function pointers, because the
 * console works with the MMU off before relocation.
 */
#ifndef LANDER_CONSOLE_DEV_H
#define LANDER_CONSOLE_DEV_H

#include <lander/early_dev.h>

/* The console's models (early_dev.model). */
enum uart_kind {
	UART_NONE,	  /* no console yet: arch_early_putc() */
	UART_PL011,	  /* "arm,pl011" */
	UART_NS16550,	  /* "ns16550a", "ns16550" */
	UART_BCM2835_AUX, /* "brcm,bcm2835-aux-uart": the Raspberry Pi's mini UART */
	UART_SIFIVE,	  /* "sifive,uart0" */
};

/* The console: value[0] is reg-shift, value[1] reg-io-width (ns16550). */
extern struct early_dev console_dev;

void pl011_putc(virt_addr_t base, char c);
void ns16550_putc(virt_addr_t base, unsigned int shift, unsigned int width, char c);
void bcm2835_aux_putc(virt_addr_t base, char c);
void sifive_uart_putc(virt_addr_t base, char c);

#endif
