/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The poweroff device the DT describes, if any: the SiFive test device
 * ("sifive,test1"/"sifive,test0", on QEMU riscv virt), which ends QEMU
 * with an exit status. Without one, machine_exit() uses the arch's way.
 */
#ifndef LANDER_POWEROFF_H
#define LANDER_POWEROFF_H

#include <lander/fdt.h>
#include <mm/fixmap.h>

extern struct mmio poweroff_regs;

/* Use dev (dev->node < 0: none). Returns 0, or -ENODEV. */
struct dt_device;
int poweroff_probe(const struct dt_device *dev);

#endif
