/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel self-tests, reported as KTAP (Documentation/dev-tools/ktap.rst
 * in Linux: "KTAP version 1", a plan "1..N", one "ok"/"not ok" line per
 * case, suites as indented subtests).
 *
 * A suite is a named array of cases placed in the .ktest section:
 *
 *	static void test_one(struct ktest *t) { KEXPECT_EQ(t, 1 + 1, 2); }
 *	static const struct ktest_case cases[] = { KTEST_CASE(test_one), {} };
 *	KTEST_SUITE(arith, cases);
 *
 * The runner (ktest_run_all) runs every suite at boot when CONFIG_KTEST
 * is set and ends the machine with the result.
 */
#ifndef LANDER_KTEST_H
#define LANDER_KTEST_H

#include <lander/types.h>
#include <lander/compiler.h>
#include <lander/string.h>

struct ktest {
	const char *case_name;
	int failures;
	bool skipped;
	const char *skip_reason;
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	/* Optional: return false (with a reason) to skip the whole suite. */
	bool (*enabled)(const char **why);
};

#define KTEST_CASE(fn)  \
	{               \
#fn, fn \
	}

#define KTEST_SUITE(sname, case_array)                                                   \
	static const struct ktest_suite __ktest_suite_##sname __used __section(".ktest") \
		__aligned(8) = { #sname, case_array, NULL }

#define KTEST_SUITE_IF(sname, case_array, enabled_fn)                                    \
	static const struct ktest_suite __ktest_suite_##sname __used __section(".ktest") \
		__aligned(8) = { #sname, case_array, enabled_fn }

/* Record a failure with a diagnostic line ("# file:line: ..."). */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...) __printf(4, 5);
/* Mark the running case skipped. */
void ktest_skip(struct ktest *t, const char *why);

#define KEXPECT_TRUE(t, cond)                                                    \
	do {                                                                     \
		if (!(cond))                                                     \
			ktest_fail(t, __FILE__, __LINE__, "expected %s", #cond); \
	} while (0)

#define KEXPECT_EQ(t, a, b)                                                                      \
	do {                                                                                     \
		unsigned long long __a = (unsigned long long)(a);                                \
		unsigned long long __b = (unsigned long long)(b);                                \
		if (__a != __b)                                                                  \
			ktest_fail(t, __FILE__, __LINE__, "expected %s == %s: 0x%llx != 0x%llx", \
				   #a, #b, __a, __b);                                            \
	} while (0)

#define KEXPECT_NE(t, a, b)                                                                     \
	do {                                                                                    \
		unsigned long long __a = (unsigned long long)(a);                               \
		unsigned long long __b = (unsigned long long)(b);                               \
		if (__a == __b)                                                                 \
			ktest_fail(t, __FILE__, __LINE__, "expected %s != %s: both 0x%llx", #a, \
				   #b, __a);                                                    \
	} while (0)

#define KEXPECT_STREQ(t, a, b)                                                                   \
	do {                                                                                     \
		const char *__a = (a), *__b = (b);                                               \
		if (!__a || !__b || strcmp(__a, __b))                                            \
			ktest_fail(t, __FILE__, __LINE__, "expected %s == %s: \"%s\" != \"%s\"", \
				   #a, #b, __a, __b);                                            \
	} while (0)

/* Run every suite, print KTAP, return the number of failed cases. */
int ktest_run_all(void);

/*
 * With the boot option ktest.fault=read|exec|pa|pa_symbol|bbm, do that
 * wrong thing on purpose (tests/kernel/fault_inject.c).
 */
void ktest_provoke_fault(void);

#endif
