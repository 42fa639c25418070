// SPDX-License-Identifier: GPL-2.0
/*
 * Mistakes made on purpose, after the self-tests, so that boot tests can
 * check the kernel reports them clearly and ends with a failure status.
 * Chosen by the boot option ktest.fault=.
 */
#include <lander/boot.h>
#include <lander/cmdline.h>
#include <lander/sections.h>
#include <lander/ktest.h>
#include <lander/printk.h>
#include <lander/string.h>
#include <mm/fixmap.h>
#include <mm/kernel_pt.h>
#include <mm/paging.h>
#include <mm/physaddr.h>

/*
 * Point a live leaf at another page directly, skipping break-before-make:
 * the mistake CONFIG_DEBUG_PGTABLE exists to catch. The leaf is a spare
 * fixmap slot mapping the image's first page read-only; the new entry
 * maps the next page, so nothing else is disturbed if the check is missing.
 */
static void ktest_break_bbm(void)
{
	struct pt_ctx c;
	struct pt_leaf leaf;
	virt_addr_t va = fix_to_virt(FIX_TABLE);
	u64 *ptep;

	kernel_pt_ctx(&c);
	fixmap_set(FIX_TABLE, boot_info.kimage_pa, PAGE_KERNEL_RO);
	if (pt_lookup(&c, va, &leaf) || leaf.level != c.fmt->levels - 1)
		return;
	ptep = leaf.ptep;
	pt_write_entry(&c, ptep, leaf.level, va,
		       pt_make_leaf(c.fmt, leaf.level, leaf.pa + PAGE_SIZE, PAGE_KERNEL_RO));
	printk("# ktest.fault=bbm: the violation went unnoticed\n");
}

/*
 * ktest.fault=read|exec|pa|pa_symbol|bbm: after the suites, do something wrong
 * on purpose with no fixup, so a boot test can check that the kernel
 * reports it clearly and ends with a failure status.
 */
void ktest_provoke_fault(void)
{
	virt_addr_t hole = fix_to_virt(FIX_HOLE);
	const char *what;
	int len;

	if (!boot_option("ktest.fault", &what, &len))
		return;
	printk("# ktest.fault: doing '%.*s' on purpose\n", len, what);
	if (len == 4 && !memcmp(what, "read", 4))
		printk("read %llx\n", *(volatile u64 *)hole);
	else if (len == 4 && !memcmp(what, "exec", 4))
		((void (*)(void))hole)();
	else if (len == 2 && !memcmp(what, "pa", 2))
		printk("pa %llx\n", __pa((virt_addr_t)_text));
	else if (len == 9 && !memcmp(what, "pa_symbol", 9))
		printk("pa %llx\n", __pa_symbol(__va(boot_info.kimage_pa)));
	else if (len == 3 && !memcmp(what, "bbm", 3))
		ktest_break_bbm();
}
