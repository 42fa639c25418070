// SPDX-License-Identifier: GPL-2.0
/*
 * The self-test runner: every suite in the .ktest section, reported as
 * KTAP version 1 (suites as indented subtests).
 */
#include <lander/ktest.h>
#include <lander/printk.h>

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

int ktest_run_all(void)
{
	const struct ktest_suite *s;
	int failed = 0;

	printk("KTAP version 1\n1..%d\n", (int)(__ktest_end - __ktest_start));
	for (s = __ktest_start; s < __ktest_end; s++)
		failed += run_suite(s, (int)(s - __ktest_start) + 1);
	printk("# ktest: %d failed case%s\n", failed, failed == 1 ? "" : "s");
	return failed;
}
