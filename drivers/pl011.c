// SPDX-License-Identifier: GPL-2.0
/*
 * Arm PrimeCell UART (PL011) output, polled (PL011 TRM, DDI 0183: UARTDR
 * at 0x000, UARTFR at 0x018 with TXFF, "transmit FIFO full", in bit 5).
 * QEMU's and the firmware's set-up is kept as it is.
 */
#include <lander/console_dev.h>
#include <lander/io.h>

#define UARTDR	    0x000
#define UARTFR	    0x018
#define UARTFR_TXFF (1u << 5)

void pl011_putc(virt_addr_t base, char c)
{
	while (readl(base + UARTFR) & UARTFR_TXFF)
		;
	writel(base + UARTDR, (unsigned char)c);
}
