// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the smallest useful module. It proves that a module can call the
 * kernel's exports (printk, snprintf and the string functions) and get the
 * right answers back: each check compares a result with a value worked out
 * by hand from the format or function's definition (include/lander/printk.h,
 * include/lander/string.h). init_module() returns 0 when every check
 * passes, else the number of the first check that failed.
 */
#include <lander/module.h>

static char buf[64];

/*
 * The formatting checks, numbered 1 to 6. Returns 0 or the number of the
 * first one that failed.
 */
static int check_formats(void)
{
	int n;

	n = snprintf(buf, sizeof(buf), "%s=%d", "answer", 42);
	if (n != 9 || strcmp(buf, "answer=42") != 0)
		return 1;
	n = snprintf(buf, sizeof(buf), "%x %llx", 0xbeefu, 0x123456789abcdefULL);
	if (n != 20 || strcmp(buf, "beef 123456789abcdef") != 0)
		return 2;
	/* %p is 0x and 16 hex digits, zero-padded. */
	n = snprintf(buf, sizeof(buf), "%p", (void *)0x1000);
	if (n != 18 || strcmp(buf, "0x0000000000001000") != 0)
		return 3;
	/* Truncation: at most size bytes with the NUL, the full length returned. */
	n = snprintf(buf, 4, "%d", 123456);
	if (n != 6 || strcmp(buf, "123") != 0)
		return 4;
	n = snprintf(buf, sizeof(buf), "%05d|%-3s|%u", -42, "ab", 4000000000u);
	if (n != 20 || strcmp(buf, "-0042|ab |4000000000") != 0)
		return 5;
	n = snprintf(buf, sizeof(buf), "%c%c%%%X", 'o', 'k', 0xabcu);
	if (n != 6 || strcmp(buf, "ok%ABC") != 0)
		return 6;
	return 0;
}

/*
 * The string and memory checks, numbered 7 to 14. Returns 0 or the number
 * of the first one that failed.
 */
static int check_strings(void)
{
	static const char word[] = "lander";
	/* Compared through variables: the compiler must not fold the calls. */
	static const char *volatile abc = "abc", *volatile abd = "abd";
	static const char *volatile abcx = "abcX", *volatile abcy = "abcY";
	static const char *volatile n12345 = "12345", *volatile n12346 = "12346";
	char tmp[16];

	if (strlen(word) != 6 || strlen("") != 0)
		return 7;
	if (strcmp(abc, abd) >= 0 || strcmp(abd, abc) <= 0 || strcmp(abc, "abc") != 0)
		return 8;
	if (strncmp(abcx, abcy, 3) != 0 || strncmp(abcx, abcy, 4) >= 0)
		return 9;
	if (strchr(word, 'd') != word + 3 || strchr(word, 'z') != NULL)
		return 10;
	if (memcmp(n12345, n12346, 4) != 0 || memcmp(n12345, n12346, 5) >= 0)
		return 11;
	memcpy(tmp, "123456789", 10);
	if (strcmp(tmp, "123456789") != 0)
		return 12;
	/* Overlapping move to a higher address: bytes 0..4 land on 2..6. */
	memmove(tmp + 2, tmp, 5);
	if (strcmp(tmp, "121234589") != 0)
		return 13;
	memset(tmp, 'x', 3);
	if (memcmp(tmp, "xxx234589", 10) != 0)
		return 14;
	return 0;
}

/* Print a few formats, then run the checks. Returns 0 or a failing check's number. */
int init_module(void)
{
	int failed;

	printk("hello: %s %d %x %llx %p\n", "module", -7, 0x2au, 0xfedcba9876543210ULL,
	       (void *)buf);
	failed = check_formats();
	if (!failed)
		failed = check_strings();
	if (failed)
		printk("hello: check %d failed\n", failed);
	else
		printk("hello: all checks passed\n");
	return failed;
}

/* Say goodbye, so a test can see that the loader called us on unload. */
void cleanup_module(void)
{
	printk("hello: goodbye\n");
}
