/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer for the host unit tests.
 *
 *	TAP_CHECK(cond, "what %d", x);	one assertion inside the current case
 *	tap_case("name %d", i);		ends a case: one "ok"/"not ok" line
 *
 * Each test program prints "TAP version 13", one line per case and the plan
 * "1..N" at the end (tap_done), and exits non-zero if any case failed.
 */
#ifndef TESTS_UNIT_TAP_H
#define TESTS_UNIT_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>

static int tap_count, tap_failed_cases, tap_case_failures;

static inline void tap_start(void)
{
	printf("TAP version 13\n");
	fflush(stdout);
}

__attribute__((format(printf, 3, 4))) static inline void tap_fail_at(const char *file, int line,
								     const char *fmt, ...)
{
	va_list ap;

	tap_case_failures++;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Report a failed check: the condition's text, then the caller's message. */
__attribute__((format(printf, 4, 5))) static inline void tap_check_failed(const char *file,
									  int line,
									  const char *cond,
									  const char *fmt, ...)
{
	va_list ap;

	tap_case_failures++;
	printf("# %s:%d: check failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define TAP_CHECK(cond, ...)                                                      \
	do {                                                                      \
		if (!(cond))                                                      \
			tap_check_failed(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/* End the current case; name it. Returns true if it passed. */
__attribute__((format(printf, 1, 2))) static inline int tap_case(const char *fmt, ...)
{
	va_list ap;
	int ok = tap_case_failures == 0;

	tap_count++;
	printf("%s %d - ", ok ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		tap_failed_cases++;
	tap_case_failures = 0;
	return ok;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed_cases ? 1 : 0;
}

#endif
