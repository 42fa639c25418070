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
#include <lander/smp.h>
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
 * Recurse until the stack runs into its guard page. Each frame keeps a
 * buffer the compiler cannot drop, so the depth needed is the stack's
 * size over the frame's, whatever the optimiser does.
 */
static volatile unsigned long recurse_limit = ~0UL;

static unsigned long __attribute__((noinline)) recurse(unsigned long depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == recurse_limit)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static void overflow_job(void *arg)
{
	recurse(0);
}

/*
 * Overflow a stack on purpose: the last online CPU's (the boot CPU's when
 * it runs alone). The exception entry must move to the CPU's emergency
 * stack and the report name the CPU.
 */
static void ktest_overflow_stack(void)
{
	unsigned int i;

	for (i = smp_nr_cpus; i-- > 1;) {
		if (cpu_online(&smp_cpus[i])) {
			smp_call(&smp_cpus[i], overflow_job, NULL);
			smp_wait(&smp_cpus[i]);
			return;
		}
	}
	recurse(0);
}

/*
 * ktest.fault=read|exec|pa|pa_symbol|bbm|overflow: after the suites, do something wrong
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
	else if (len == 8 && !memcmp(what, "overflow", 8))
		ktest_overflow_stack();
}
