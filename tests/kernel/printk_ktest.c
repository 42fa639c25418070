// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel tests of snprintf(), run on the target itself.
 *
 * Every expected string below was written by hand from the C standard's
 * rules for the conversion, never produced by the code under test. Each
 * check also compares the return value with the expected length.
 */
#include <lander/ktest.h>
#include <lander/printk.h>
#include <lander/string.h>

#define INT_MAX_   2147483647
#define INT_MIN_   (-INT_MAX_ - 1)
#define LLONG_MAX_ 9223372036854775807LL
#define LLONG_MIN_ (-LLONG_MAX_ - 1)

/*
 * Format into a 128-byte buffer and compare with want, reporting a failure
 * at the caller's line. Going through vsnprintf() keeps the compiler from
 * evaluating the format itself.
 */
static void vcheck(struct ktest *t, int line, const char *want, const char *fmt, va_list ap)
{
	char buf[128];
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (strcmp(buf, want) || n != (int)strlen(want))
		ktest_fail(t, __FILE__, line, "\"%s\": got %d \"%s\", want %d \"%s\"", fmt, n, buf,
			   (int)strlen(want), want);
}

/* vcheck() with the compiler checking the arguments against the format. */
static void __printf(4, 5) check(struct ktest *t, int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(t, line, want, fmt, ap);
	va_end(ap);
}

/*
 * vcheck() without the compiler's format checking, for what C defines but
 * compilers warn about: flags that cancel out, and int arguments to %hh
 * and %h that do not fit the narrower type.
 */
static void check_quiet(struct ktest *t, int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(t, line, want, fmt, ap);
	va_end(ap);
}

#define CHECK(t, want, ...)	  check(t, __LINE__, want, __VA_ARGS__)
#define CHECK_QUIET(t, want, ...) check_quiet(t, __LINE__, want, __VA_ARGS__)

/* Format into buf of the given size; the compiler cannot see through it. */
static int __printf(3, 4) format_into(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_signed(struct ktest *t)
{
	signed char c200 = (signed char)-56; /* what 200 becomes as a signed char */

	CHECK(t, "0", "%d", 0);
	CHECK(t, "42", "%d", 42);
	CHECK(t, "-42", "%i", -42);
	CHECK(t, "2147483647", "%d", INT_MAX_);
	CHECK(t, "-2147483648", "%d", INT_MIN_);
	CHECK(t, "-128", "%hhd", (signed char)-128);
	CHECK(t, "-56", "%hhd", c200);
	CHECK_QUIET(t, "-56", "%hhd", 200); /* converted to signed char */
	CHECK(t, "-32768", "%hd", (short)-32768);
	CHECK_QUIET(t, "-25536", "%hd", 40000); /* 40000 - 65536 */
	CHECK(t, "-1", "%ld", -1L);
	CHECK(t, "9223372036854775807", "%ld", 9223372036854775807L);
	CHECK(t, "9223372036854775807", "%lld", LLONG_MAX_);
	CHECK(t, "-9223372036854775808", "%lld", LLONG_MIN_);
	CHECK(t, "-5", "%zd", (ptrdiff_t)-5);
	CHECK(t, "-7", "%td", (ptrdiff_t)-7);
	CHECK(t, "123456789012", "%td", (ptrdiff_t)123456789012LL);
}

static void test_unsigned(struct ktest *t)
{
	CHECK(t, "0", "%u", 0u);
	CHECK(t, "4294967295", "%u", 4294967295u);
	CHECK(t, "255", "%hhu", (unsigned char)255);
	CHECK_QUIET(t, "0", "%hhu", 256u); /* 256 as unsigned char */
	CHECK(t, "65535", "%hu", (unsigned short)65535);
	CHECK_QUIET(t, "0", "%hu", 65536u);
	CHECK(t, "18446744073709551615", "%lu", ~0UL);
	CHECK(t, "18446744073709551615", "%llu", ~0ULL);
	CHECK(t, "123", "%zu", (size_t)123);
	CHECK(t, "4294967296", "%zu", (size_t)4294967296ULL);
}

static void test_hex_octal(struct ktest *t)
{
	CHECK(t, "ff", "%x", 255u);
	CHECK(t, "FF", "%X", 255u);
	CHECK(t, "0xff", "%#x", 255u);
	CHECK(t, "0XABC", "%#X", 0xabcu);
	CHECK(t, "0", "%#x", 0u); /* no prefix on zero */
	CHECK(t, "10", "%o", 8u);
	CHECK(t, "010", "%#o", 8u);
	CHECK(t, "0", "%#o", 0u);
	CHECK(t, "0", "%#.0o", 0u); /* '#' forces the one zero */
	CHECK(t, "000010", "%#.6o", 8u);
	CHECK(t, "ffffffffffffffff", "%llx", ~0ULL);
	CHECK(t, "1777777777777777777777", "%llo", ~0ULL);
	CHECK_QUIET(t, "ff", "%hhx", 0x1ffu);
	CHECK(t, "deadbeefcafe", "%lx", 0xdeadbeefcafeUL);
	CHECK(t, "DEADBEEFCAFE", "%lX", 0xdeadbeefcafeUL);
	CHECK(t, "0000beef", "%08x", 0xbeefu);
	CHECK(t, "0x0000beef", "%#010x", 0xbeefu);
	CHECK(t, "    0xbeef", "%#10x", 0xbeefu);
	CHECK(t, "0xbeef    |", "%-#10x|", 0xbeefu);
	CHECK(t, "0x00beef", "%#.6x", 0xbeefu);
}

static void test_width_precision(struct ktest *t)
{
	CHECK(t, "   42", "%5d", 42);
	CHECK(t, "42   |", "%-5d|", 42);
	CHECK(t, "42", "%1d", 42);
	CHECK(t, "-0042", "%05d", -42);
	CHECK(t, "+5", "%+d", 5);
	CHECK(t, " 5", "% d", 5);
	CHECK_QUIET(t, "+5", "%+ d", 5); /* '+' wins over ' ' */
	CHECK(t, "-5", "% d", -5);
	CHECK(t, "+0", "%+d", 0);
	CHECK(t, "   +5", "%+5d", 5);
	CHECK(t, "+0005", "%+05d", 5);
	CHECK(t, "007", "%.3d", 7);
	CHECK(t, "    -007", "%8.3d", -7);
	CHECK_QUIET(t, "     007", "%08.3d", 7);  /* '0' ignored with a precision */
	CHECK_QUIET(t, "7       |", "%-08d|", 7); /* '0' ignored with '-' */
	CHECK(t, "", "%.0d", 0);
	CHECK(t, "     |", "%5.0d|", 0);
	CHECK(t, "+", "%+.0d", 0);
	CHECK(t, "12345", "%.2d", 12345);
	CHECK(t, "   1", "%*d", 4, 1);
	CHECK(t, "1   |", "%*d|", -4, 1); /* negative '*' width: '-' flag */
	CHECK(t, "001", "%.*d", 3, 1);
	CHECK(t, "0", "%.*d", -1, 0); /* negative '*' precision: none */
	CHECK(t, "  -0000000000000000001", "%22.19lld", -1LL);
}

static void test_pointer(struct ktest *t)
{
	CHECK(t, "0x0000000000000000", "%p", (void *)0);
	CHECK(t, "0x0000000080000000", "%p", (void *)0x80000000UL);
	CHECK(t, "0xffffffffffffffff", "%p", (void *)~0UL);
	CHECK(t, "0xffff000012345678", "%p", (void *)0xffff000012345678UL);
	CHECK(t, "  0x0000000000000001|", "%20p|", (void *)1);
	CHECK(t, "0x0000000000000001  |", "%-20p|", (void *)1);
}

static void test_string_char(struct ktest *t)
{
	const char *volatile null_str = NULL; /* hidden from format checking */

	CHECK(t, "abc", "%s", "abc");
	CHECK(t, "", "%s", "");
	CHECK(t, "  abc|", "%5s|", "abc");
	CHECK(t, "abc  |", "%-5s|", "abc");
	CHECK(t, "abc", "%2s", "abc");
	CHECK(t, "ab", "%.2s", "abc");
	CHECK(t, "abc", "%.5s", "abc");
	CHECK(t, "|", "%.0s|", "abc");
	CHECK(t, "   x|", "%*.*s|", 4, 1, "xyz");
	CHECK(t, "(null)", "%s", null_str);
	CHECK(t, "(nu", "%.3s", null_str);
	CHECK(t, "x", "%c", 'x');
	CHECK(t, "  x|", "%3c|", 'x');
	CHECK(t, "x  |", "%-3c|", 'x');
	CHECK(t, "%", "%%");
	CHECK(t, "a%b", "a%%b");
	CHECK(t, "no conversions", "no conversions");
	CHECK(t, "v=42 name=lander c=Z x=0x1f%", "v=%d name=%s c=%c x=%#x%%", 42, "lander", 'Z',
	      0x1fu);
}

static void test_truncation(struct ktest *t)
{
	char buf[8];
	int n;

	memset(buf, '#', sizeof(buf));
	n = format_into(buf, sizeof(buf), "%d", 123456789);
	KEXPECT_EQ(t, n, 9);
	KEXPECT_STREQ(t, buf, "1234567");

	memset(buf, '#', sizeof(buf));
	n = format_into(buf, 5, "%s", "hello");
	KEXPECT_EQ(t, n, 5);
	KEXPECT_STREQ(t, buf, "hell");
	KEXPECT_EQ(t, buf[5], '#');

	memset(buf, '#', sizeof(buf));
	n = format_into(buf, 6, "%s", "hello");
	KEXPECT_EQ(t, n, 5);
	KEXPECT_STREQ(t, buf, "hello");
	KEXPECT_EQ(t, buf[6], '#');

	memset(buf, '#', sizeof(buf));
	n = format_into(buf, 1, "%s", "hello");
	KEXPECT_EQ(t, n, 5);
	KEXPECT_EQ(t, buf[0], '\0');
	KEXPECT_EQ(t, buf[1], '#');

	memset(buf, '#', sizeof(buf));
	n = format_into(buf, 0, "%s", "hello");
	KEXPECT_EQ(t, n, 5);
	KEXPECT_EQ(t, buf[0], '#');

	n = format_into(NULL, 0, "%p", (void *)0);
	KEXPECT_EQ(t, n, 18);

	n = format_into(buf, sizeof(buf), "%-100d|", 1);
	KEXPECT_EQ(t, n, 101);
	KEXPECT_STREQ(t, buf, "1      ");
}

static const struct ktest_case printk_cases[] = {
	KTEST_CASE(test_signed),     KTEST_CASE(test_unsigned),
	KTEST_CASE(test_hex_octal),  KTEST_CASE(test_width_precision),
	KTEST_CASE(test_pointer),    KTEST_CASE(test_string_char),
	KTEST_CASE(test_truncation), {}
};
KTEST_SUITE(printk, printk_cases);
