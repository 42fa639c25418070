/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dumping and checking the live kernel tables.
 */
#ifndef MM_PTDUMP_H
#define MM_PTDUMP_H

#include <lander/types.h>

/*
 * Print every kernel mapping, merging neighbours with the same level and
 * attributes, under the name of the layout region they are in (boot
 * option "ptdump"). Lines look like Linux's kernel_page_tables:
 *   0xffff000040000000-0xffff000080000000     1G L1 block RW NX normal
 */
void ptdump_kernel(void);

/* Count the kernel mappings that are both writable and executable. */
unsigned long ptdump_count_wx(void);

#endif
