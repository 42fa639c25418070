/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The header for module authors (docs/modules.md).
 *
 * A module is an ELF64 relocatable object for the kernel's machine, named
 * NAME.ko in the initramfs. It defines a global
 *
 *	int init_module(void);
 *
 * which the loader calls once the module is mapped: 0 keeps the module,
 * anything else unloads it. It may define
 *
 *	void cleanup_module(void);
 *
 * called before the module is unloaded. It may call every function this
 * header declares (the kernel's exports) and whatever earlier modules
 * exported with EXPORT_SYMBOL().
 */
#ifndef LANDER_MODULE_H
#define LANDER_MODULE_H

#include <lander/export.h>
#include <lander/machine.h>
#include <lander/printk.h>
#include <lander/string.h>

int init_module(void);
void cleanup_module(void);

#endif
