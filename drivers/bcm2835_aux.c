// SPDX-License-Identifier: GPL-2.0
/*
 * The BCM2835 mini UART (the "auxiliary" UART of the Raspberry Pi), output
 * polled (BCM2835 ARM Peripherals, section 2.2.2: the mini UART's block
 * starts at bus address 0x7e215040, the DT's reg; AUX_MU_IO_REG at +0x00
 * takes the byte to send, AUX_MU_LSR_REG at +0x14 has "transmitter empty",
 * room for at least one byte, in bit 5). The firmware's (QEMU's) baud rate
 * and enables are kept as they are.
 */
#include <lander/console_dev.h>
#include <lander/io.h>

#define AUX_MU_IO	  0x00
#define AUX_MU_LSR	  0x14
#define AUX_MU_LSR_TXROOM (1u << 5)

void bcm2835_aux_putc(virt_addr_t base, char c)
{
	while (!(readl(base + AUX_MU_LSR) & AUX_MU_LSR_TXROOM))
		;
	writel(base + AUX_MU_IO, (unsigned char)c);
}
