/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The poweroff device the DT describes, if any: the SiFive test device
 * ("sifive,test1"/"sifive,test0", on QEMU riscv virt), which ends QEMU
 * with an exit status. Without one, machine_exit() uses the arch's way.
 */
#ifndef LANDER_POWEROFF_H
#define LANDER_POWEROFF_H

#include <lander/early_dev.h>

extern struct early_dev poweroff_dev;

#endif
