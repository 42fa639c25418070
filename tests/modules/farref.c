// SPDX-License-Identifier: GPL-2.0
/*
 * farref: takes the address of a kernel function in code, so the object
 * holds a PC-relative data reference to the kernel (arm64
 * ADR_PREL_PG_HI21 + ADD_ABS_LO12_NC, riscv PCREL_HI20 + PCREL_LO12_I),
 * which no veneer can stand in for. In the modules window it reaches;
 * placed farther than the reference's range (a self-test does), the
 * module must be refused with "relocation ... out of range".
 */
#include <lander/module.h>

/* Written through a volatile pointer so the compiler keeps the reference. */
static int (*volatile kept)(const char *fmt, ...);

/* 0 when the address taken is the kernel's printk and calling it works. */
int init_module(void)
{
	kept = printk;
	if (!kept)
		return 1;
	kept("farref: printk reached through its address\n");
	return 0;
}
