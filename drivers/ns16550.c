// SPDX-License-Identifier: GPL-2.0
/*
 * NS16550A UART output, polled: wait for THRE ("transmitter holding
 * register empty", LSR bit 5), then write THR. Registers are reg_shift
 * apart and io_width bytes wide, as the DT's reg-shift and reg-io-width
 * say.
 */
#include <lander/console_dev.h>
#include <lander/io.h>

#define UART_THR      0
#define UART_LSR      5
#define UART_LSR_THRE (1u << 5)

static u32 reg_read(virt_addr_t base, unsigned int shift, unsigned int width, unsigned int reg)
{
	virt_addr_t a = base + ((virt_addr_t)reg << shift);

	return width == 4 ? readl(a) : readb(a);
}

static void reg_write(virt_addr_t base, unsigned int shift, unsigned int width, unsigned int reg,
		      u32 v)
{
	virt_addr_t a = base + ((virt_addr_t)reg << shift);

	if (width == 4)
		writel(a, v);
	else
		writeb(a, (u8)v);
}

void ns16550_putc(virt_addr_t base, unsigned int shift, unsigned int width, char c)
{
	while (!(reg_read(base, shift, width, UART_LSR) & UART_LSR_THRE))
		;
	reg_write(base, shift, width, UART_THR, (unsigned char)c);
}
