/* SPDX-License-Identifier: GPL-2.0 */
/* Device register access: volatile, in the device's own width. */
#ifndef LANDER_IO_H
#define LANDER_IO_H

#include <lander/types.h>

static inline u8 readb(virt_addr_t a)
{
	return *(volatile u8 *)a;
}

static inline void writeb(virt_addr_t a, u8 v)
{
	*(volatile u8 *)a = v;
}

static inline u32 readl(virt_addr_t a)
{
	return *(volatile u32 *)a;
}

static inline void writel(virt_addr_t a, u32 v)
{
	*(volatile u32 *)a = v;
}

#endif
