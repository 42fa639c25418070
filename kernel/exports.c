// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel exports to modules (include/lander/module.h declares
 * them). The list is here rather than next to each definition because
 * those files are in the early subset, which may hold no absolute
 * address; an export table entry is two.
 */
#include <lander/export.h>
#include <lander/machine.h>
#include <lander/printk.h>
#include <lander/string.h>

EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(vprintk);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strnlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(strchr);
EXPORT_SYMBOL(panic);
