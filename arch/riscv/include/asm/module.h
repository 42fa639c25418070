/* SPDX-License-Identifier: GPL-2.0 */
/* riscv's relocation code for the module loader (arch/riscv/kernel/module_reloc.c). */
#ifndef ASM_MODULE_H
#define ASM_MODULE_H

#include <lander/module_link.h>

#define arch_link (&link_arch_riscv)

#endif
