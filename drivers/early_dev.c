// SPDX-License-Identifier: GPL-2.0
/*
 * The early-device table (include/lander/early_dev.h): the entries the
 * drivers declare, which the linker collects between __early_dev_start and
 * __early_dev_end. Early subset: the symbols are reached PC-relatively, so
 * the table is found at whatever address the code runs.
 */
#include <lander/early_dev.h>
#include <mm/fixmap.h>

extern struct early_dev __early_dev_start[], __early_dev_end[];

struct early_dev *early_dev_table(unsigned int *count)
{
	*count = (unsigned int)(__early_dev_end - __early_dev_start);
	return __early_dev_start;
}

/* Device i's register page is mapped at slot FIX_EARLY_DEV + i. */
void early_devs_use_fixmap(void)
{
	unsigned int i, n;
	struct early_dev *d = early_dev_table(&n);

	for (i = 0; i < n; i++) {
		if (d[i].regs.pa)
			d[i].regs.base = fix_to_virt(FIX_EARLY_DEV + i) +
					 (d[i].regs.pa & (PAGE_SIZE - 1));
	}
}
