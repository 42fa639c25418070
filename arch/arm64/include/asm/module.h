/* SPDX-License-Identifier: GPL-2.0 */
/* arm64's relocation code for the module loader (arch/arm64/kernel/module_reloc.c). */
#ifndef ASM_MODULE_H
#define ASM_MODULE_H

#include <lander/module_link.h>

#define arch_link (&link_arch_arm64)

#endif
