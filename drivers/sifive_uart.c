// SPDX-License-Identifier: GPL-2.0
/*
 * The SiFive UART (FU540-C000 manual, chapter 13): txdata at +0x00 takes
 * the byte in bits 7:0 and reads back "full" in bit 31 while the transmit
 * FIFO has no room. Output polled; the firmware's (OpenSBI's) divisor and
 * txctrl enable are kept as they are.
 */
#include <lander/console_dev.h>
#include <lander/io.h>

#define SIFIVE_UART_TXDATA	0x00
#define SIFIVE_UART_TXDATA_FULL (1u << 31)

void sifive_uart_putc(virt_addr_t base, char c)
{
	while (readl(base + SIFIVE_UART_TXDATA) & SIFIVE_UART_TXDATA_FULL)
		;
	writel(base + SIFIVE_UART_TXDATA, (unsigned char)c);
}
