// SPDX-License-Identifier: GPL-2.0
/*
 * The self-test runner: every suite in the .ktest section, reported as
 * KTAP version 1 (suites as indented subtests).
 */
#include <lander/boot.h>
#include <lander/ktest.h>
#include <lander/printk.h>
#include <lander/string.h>
#include <mm/fixmap.h>
#include <mm/kernel_pt.h>
#include <mm/memory.h>
#include <mm/paging.h>

extern const struct ktest_suite __ktest_start[], __ktest_end[];

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("        # %s: %s:%d: %s\n", t->case_name, file, line, msg);
	t->failures++;
}

void ktest_skip(struct ktest *t, const char *why)
{
	t->skipped = true;
	t->skip_reason = why;
}

/* Run one suite; returns its failed cases. */
static int run_suite(const struct ktest_suite *s, int number)
{
	const struct ktest_case *c;
	const char *why = "";
	int n = 0, failed = 0, i;

	for (c = s->cases; c->name; c++)
		n++;
	if (s->enabled && !s->enabled(&why)) {
		printk("ok %d %s # SKIP %s\n", number, s->name, why);
		return 0;
	}
	printk("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name, n);
	for (i = 0; i < n; i++) {
		struct ktest t = { .case_name = s->cases[i].name };

		s->cases[i].run(&t);
		if (t.skipped)
			printk("    ok %d %s # SKIP %s\n", i + 1, t.case_name, t.skip_reason);
		else
			printk("    %s %d %s\n", t.failures ? "not ok" : "ok", i + 1, t.case_name);
		failed += t.failures != 0;
	}
	printk("%s %d %s\n", failed ? "not ok" : "ok", number, s->name);
	return failed;
}

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
static void ktest_provoke_fault(void)
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

int ktest_run_all(void)
{
	const struct ktest_suite *s;
	int failed = 0;

	printk("KTAP version 1\n1..%d\n", (int)(__ktest_end - __ktest_start));
	for (s = __ktest_start; s < __ktest_end; s++)
		failed += run_suite(s, (int)(s - __ktest_start) + 1);
	printk("# ktest: %d failed case%s\n", failed, failed == 1 ? "" : "s");
	ktest_provoke_fault();
	return failed;
}
