// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of lib/printk.c.
 *
 * The kernel's vsnprintf and snprintf have the names of libc's, and this
 * program needs both, so the build renames ours: unit-printk-cflags in
 * objects.mk defines snprintf as lander_snprintf and so on. The lander
 * header is included while those macros are in force, so it declares the
 * lander_ names; the macros are then dropped, so that libc's headers and
 * this file's plain snprintf mean libc's.
 *
 * The main check is differential: thousands of random conversions (flags,
 * width, precision, length modifier, conversion, value and buffer size) are
 * formatted by both and must give the same bytes and the same return value.
 * The seed is printed; set PRINTK_SEED to replay a run.
 */
#include <lander/printk.h>
#include <lander/console.h>

#ifndef snprintf
#error "build with unit-printk-cflags from tests/unit/objects.mk"
#endif
#undef vsnprintf
#undef snprintf
#undef vprintk
#undef printk

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "splitmix.h"
#include "tap.h"

/* ---- console capture for printk ---- */

static char cap[4096];
static size_t cap_len;
static int cap_calls;

void console_write(const char *s, size_t len)
{
	if (len <= sizeof(cap) - cap_len) {
		memcpy(cap + cap_len, s, len);
		cap_len += len;
	}
	cap_calls++;
}

static void cap_reset(void)
{
	cap_len = 0;
	cap_calls = 0;
}

/* ---- a small deterministic generator, the same on every libc ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	return splitmix64(&rng_state);
}

/* A number in [0, n). */
static unsigned int below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

/* A value with a random number of significant bits, or a special one. */
static uint64_t rnd_value(void)
{
	switch (below(8)) {
	case 0: return 0;
	case 1: return (uint64_t)-1;
	case 2: return (uint64_t)1 << 63;
	case 3: return below(20);
	default: return rnd() >> below(64);
	}
}

/* Show a buffer of n bytes in a diagnostic line, escaping the unprintable. */
static const char *show(const char *s, size_t n)
{
	static char out[2048];
	size_t i, o = 0;

	for (i = 0; i < n && o < sizeof(out) - 5; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)sprintf(out + o, "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

/* ---- the differential test ---- */

enum argtype { A_INT, A_UINT, A_LONG, A_ULONG, A_LL, A_ULL, A_SIZE, A_PTRDIFF, A_CHAR, A_STR };

static const char *const strings[] = {
	"",	     "a",
	"hello",     "lander kernel",
	"\xe9t\xe9", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
};

#define BUFSZ 512

static unsigned long long diff_seed;
static int diff_reported;

/*
 * Make one random conversion of conv, run it through both implementations
 * and compare. Returns false on a mismatch.
 */
static int diff_one(char conv, unsigned int iter)
{
	char fmt[64], exp[BUFSZ], got[BUFSZ];
	int star[2], nstar = 0, r1 = 0, r2 = 0;
	bool numeric = conv != 'c' && conv != 's';
	bool is_signed = conv == 'd' || conv == 'i';
	enum argtype type;
	uint64_t v = rnd_value();
	const char *str = strings[below(ARRAY_SIZE(strings))];
	size_t f = 0, size;

	if (below(3) == 0)
		fmt[f++] = '<';

	/* Flags; '#' only where C defines it, and only '-' for %c and %s. */
	fmt[f++] = '%';
	if (below(4) == 0)
		fmt[f++] = '-';
	if (numeric) {
		if (below(4) == 0)
			fmt[f++] = '0';
		if (below(5) == 0)
			fmt[f++] = '+';
		if (below(5) == 0)
			fmt[f++] = ' ';
		if (conv != 'd' && conv != 'i' && conv != 'u' && below(3) == 0)
			fmt[f++] = '#';
	}

	/* Width: none, a number or '*' (which may be negative). */
	switch (below(3)) {
	case 1: f += (size_t)sprintf(fmt + f, "%u", 1 + below(30)); break;
	case 2:
		fmt[f++] = '*';
		star[nstar++] = (int)below(61) - 30;
		break;
	}

	/* Precision: none, '.', a number or '*' (negative means none). */
	if (conv != 'c') {
		switch (below(5)) {
		case 1: fmt[f++] = '.'; break;
		case 2:
		case 3: f += (size_t)sprintf(fmt + f, ".%u", below(30)); break;
		case 4:
			fmt[f++] = '.';
			fmt[f++] = '*';
			star[nstar++] = (int)below(36) - 5;
			break;
		}
	}

	/* Length modifier, and the type the argument has to be passed as. */
	type = is_signed ? A_INT : A_UINT;
	if (numeric) {
		switch (below(7)) {
		case 1: f += (size_t)sprintf(fmt + f, "hh"); break;
		case 2: fmt[f++] = 'h'; break;
		case 3:
			fmt[f++] = 'l';
			type = is_signed ? A_LONG : A_ULONG;
			break;
		case 4:
			f += (size_t)sprintf(fmt + f, "ll");
			type = is_signed ? A_LL : A_ULL;
			break;
		case 5:
			fmt[f++] = 'z';
			type = is_signed ? A_PTRDIFF : A_SIZE;
			break;
		case 6:
			fmt[f++] = 't';
			type = is_signed ? A_PTRDIFF : A_SIZE;
			break;
		}
	} else {
		type = conv == 'c' ? A_CHAR : A_STR;
	}
	fmt[f++] = conv;
	if (below(3) == 0)
		fmt[f++] = '>';
	fmt[f] = '\0';

	/* Buffer size: none, tiny, random or plenty. */
	switch (below(5)) {
	case 0: size = 0; break;
	case 1: size = 1 + below(2); break;
	case 2: size = 1 + below(40); break;
	default: size = BUFSZ; break;
	}

	memset(exp, 0x5a, sizeof(exp));
	memset(got, 0x5a, sizeof(got));

#define RUN(T, val)                                                                \
	do {                                                                       \
		T a = (T)(val);                                                    \
		if (nstar == 0) {                                                  \
			r1 = snprintf(exp, size, fmt, a);                          \
			r2 = lander_snprintf(got, size, fmt, a);                   \
		} else if (nstar == 1) {                                           \
			r1 = snprintf(exp, size, fmt, star[0], a);                 \
			r2 = lander_snprintf(got, size, fmt, star[0], a);          \
		} else {                                                           \
			r1 = snprintf(exp, size, fmt, star[0], star[1], a);        \
			r2 = lander_snprintf(got, size, fmt, star[0], star[1], a); \
		}                                                                  \
	} while (0)

	switch (type) {
	case A_INT: RUN(int, v); break;
	case A_UINT: RUN(unsigned int, v); break;
	case A_LONG: RUN(long, v); break;
	case A_ULONG: RUN(unsigned long, v); break;
	case A_LL: RUN(long long, v); break;
	case A_ULL: RUN(unsigned long long, v); break;
	case A_SIZE: RUN(size_t, v); break;
	case A_PTRDIFF: RUN(ptrdiff_t, v); break;
	case A_CHAR: RUN(int, v & 0xff); break;
	case A_STR: RUN(const char *, str); break;
	}
#undef RUN

	if (r1 == r2 && !memcmp(exp, got, sizeof(exp)))
		return 1;
	if (diff_reported++ < 10) {
		char args[64];

		snprintf(args, sizeof(args), "value 0x%llx", (unsigned long long)v);
		if (type == A_STR)
			snprintf(args, sizeof(args), "\"%s\"", str);
		printf("# PRINTK_SEED=%llu iteration %u: fmt \"%s\" size %zu stars %d %d %s\n",
		       diff_seed, iter, fmt, size, nstar > 0 ? star[0] : 0, nstar > 1 ? star[1] : 0,
		       args);
		printf("#   libc   %d \"%s\"\n", r1, show(exp, size ? strlen(exp) + 1 : 0));
		printf("#   lander %d \"%s\"\n", r2, show(got, size ? strlen(got) + 1 : 0));
		if (memcmp(exp + size, got + size, sizeof(exp) - size))
			printf("#   bytes past size differ\n");
	}
	return 0;
}

static void test_differential(void)
{
	const char *convs = "diuxXocs";
	const char *env = getenv("PRINTK_SEED");
	unsigned int i, n = 5000, bad;

	diff_seed = env ? strtoull(env, NULL, 0) : 20240601;
	printf("# differential seed: PRINTK_SEED=%llu\n", diff_seed);
	rng_state = diff_seed;
	for (; *convs; convs++) {
		for (i = bad = 0; i < n; i++)
			bad += !diff_one(*convs, i);
		TAP_CHECK(bad == 0, "%u of %u differ (PRINTK_SEED=%llu)", bad, n, diff_seed);
		tap_case("%%%c matches libc snprintf over %u random specifications", *convs, n);
	}
}

/* ---- fixed cases ---- */

/* Format with lander_vsnprintf into a big buffer and compare with expect. */
__attribute__((format(printf, 3, 4))) static void check_fmt(int line, const char *expect,
							    const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lander_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, expect) || n != (int)strlen(expect))
		tap_fail_at(__FILE__, line, "\"%s\": got %d \"%s\", want %d \"%s\"", fmt, n, buf,
			    (int)strlen(expect), expect);
}

#define CHECK_FMT(expect, ...) check_fmt(__LINE__, expect, __VA_ARGS__)

/* Return s by way of a volatile, out of sight of gcc's format checks. */
static const char *opaque(const char *s)
{
	const char *volatile v = s;

	return v;
}

static void test_truncation(void)
{
	char buf[16];
	int n;

	/* Size 0: nothing written, not even a NUL; the buffer may be NULL. */
	n = lander_snprintf(NULL, 0, "hello %d", 42);
	TAP_CHECK(n == 8, "size 0, NULL buffer: n %d", n);
	memset(buf, 'x', sizeof(buf));
	n = lander_snprintf(buf, 0, "hello");
	TAP_CHECK(n == 5 && buf[0] == 'x', "size 0: n %d", n);

	/* Size 1: only the NUL. */
	memset(buf, 'x', sizeof(buf));
	n = lander_snprintf(buf, 1, "hello");
	TAP_CHECK(n == 5 && buf[0] == '\0' && buf[1] == 'x', "size 1: n %d", n);

	/* Size equal to the length: the last character gives way to the NUL. */
	memset(buf, 'x', sizeof(buf));
	n = lander_snprintf(buf, 5, "hello");
	TAP_CHECK(n == 5 && !strcmp(buf, "hell") && buf[5] == 'x', "size 5: n %d", n);

	/* One more: it all fits. */
	memset(buf, 'x', sizeof(buf));
	n = lander_snprintf(buf, 6, "hello");
	TAP_CHECK(n == 5 && !strcmp(buf, "hello") && buf[6] == 'x', "size 6: n %d", n);

	/* Cut in the middle of a conversion, and a result far longer than the buffer. */
	n = lander_snprintf(buf, 4, "%d", 123456);
	TAP_CHECK(n == 6 && !strcmp(buf, "123"), "cut number: n %d \"%s\"", n, buf);
	n = lander_snprintf(buf, sizeof(buf), "%300d|", 1);
	TAP_CHECK(n == 301 && strlen(buf) == 15, "long: n %d", n);
	n = lander_snprintf(buf, sizeof(buf), "%s", "");
	TAP_CHECK(n == 0 && buf[0] == '\0', "empty format: n %d", n);
	tap_case("truncation and return value for size 0, 1, exact and short");
}

static void test_pointer(void)
{
	CHECK_FMT("0x0000000000001234", "%p", (void *)0x1234);
	CHECK_FMT("0x0000000000000000", "%p", NULL);
	CHECK_FMT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	CHECK_FMT("0xdeadbeefcafef00d", "%p", (void *)0xdeadbeefcafef00dULL);
	CHECK_FMT("  0x0000000000000010|", "%20p|", (void *)16);
	CHECK_FMT("0x0000000000000010  |", "%-20p|", (void *)16);
	CHECK_FMT("0x0000000000000010", "%5p", (void *)16);
	tap_case("%%p prints 0x and 16 hex digits, with width");
}

static void test_string_null(void)
{
	CHECK_FMT("(null)", "%s", opaque(NULL));
	CHECK_FMT("[  (null)]", "[%8s]", opaque(NULL));
	CHECK_FMT("[(null)  ]", "[%-8s]", opaque(NULL));
	CHECK_FMT("(nu", "%.3s", opaque(NULL));
	CHECK_FMT("abc", "%.3s", "abcdef");
	CHECK_FMT("ab", "%.*s", 2, "abcdef");
	/* The precision bounds the read: the array needs no NUL. */
	{
		char raw[3] = { 'x', 'y', 'z' };

		CHECK_FMT("xyz", "%.3s", raw);
	}
	tap_case("%%s of NULL prints (null); precision bounds strings");
}

static void test_char_percent(void)
{
	char buf[8];
	int n;

	CHECK_FMT("A", "%c", 'A');
	CHECK_FMT("  A|", "%3c|", 'A');
	CHECK_FMT("A  |", "%-3c|", 'A');
	CHECK_FMT("\xff", "%c", 0x1ff);
	CHECK_FMT("%", "%%");
	CHECK_FMT("100% sure", "100%% sure");
	CHECK_FMT("a%b", "a%%%c", 'b');

	/* %c of 0 writes a NUL byte that still counts. */
	memset(buf, 'x', sizeof(buf));
	n = lander_snprintf(buf, sizeof(buf), "a%cb", 0);
	TAP_CHECK(n == 3 && !memcmp(buf, "a\0b\0", 4), "NUL char: n %d", n);
	tap_case("%%c and %%%%");
}

static void test_star(void)
{
	CHECK_FMT("   42", "%*d", 5, 42);
	CHECK_FMT("42   |", "%*d|", -5, 42);
	CHECK_FMT("42|", "%*d|", 0, 42);
	CHECK_FMT("00042", "%.*d", 5, 42);
	CHECK_FMT("42", "%.*d", -3, 42);
	CHECK_FMT("  004", "%*.*d", 5, 3, 4);
	CHECK_FMT("ab   |", "%-*.*s|", 5, 2, "abcdef");
	CHECK_FMT("0042", "%0*d", 4, 42);
	CHECK_FMT("42  |", "%0*d|", -4, 42);
	tap_case("'*' width and precision, negative values included");
}

static void test_mixed(void)
{
	CHECK_FMT("1 two 3 ff 0x0000000000000004 -5 %", "%d %s %c %llx %p %hhd %%", 1, "two", '3',
		  255ULL, (void *)4, (signed char)-5);
	CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_FMT("1777777777777777777777", "%llo", ULLONG_MAX);
	CHECK_FMT("-2147483648", "%d", INT_MIN);
	CHECK_FMT("-1", "%zd", (ptrdiff_t)-1);
	CHECK_FMT("-0000042", "%08d", -42);
	CHECK_FMT("+42", "%+d", 42);
	CHECK_FMT(" 42", "% d", 42);
	CHECK_FMT("", "%.0d", 0);
	CHECK_FMT("0", "%#.0o", 0);
	CHECK_FMT("0", "%#x", 0);
	CHECK_FMT("0X00FF", "%#06X", 255);
	tap_case("several conversions in one format, and extremes");
}

/* These formats are wrong on purpose: keep the compiler's checker quiet. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static void test_malformed(void)
{
	int n;

	/* Unknown conversions and a format ending mid-spec print as written. */
	CHECK_FMT("%q", "%q");
	CHECK_FMT("x%-5q", "x%-5q");
	CHECK_FMT("ab%", "ab%");
	CHECK_FMT("%08l", "%08l");
	/* Widths beyond FIELD_MAX (1 << 20) are cut, not overflowed. */
	n = lander_snprintf(NULL, 0, opaque("%99999999999999d"), 1);
	TAP_CHECK(n == 1 << 20, "huge width: n %d", n);
	n = lander_snprintf(NULL, 0, opaque("%*d"), INT_MIN, 1);
	TAP_CHECK(n == 1 << 20, "INT_MIN width: n %d", n);
	tap_case("malformed formats");
}
#pragma GCC diagnostic pop

static int call_vprintk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lander_vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static void test_printk(void)
{
	char want[1024];
	int n;

	cap_reset();
	n = lander_printk("hello %d\n", 42);
	TAP_CHECK(n == 9 && cap_len == 9 && !memcmp(cap, "hello 42\n", 9) && cap_calls == 1,
		  "short: n %d len %zu calls %d", n, cap_len, cap_calls);

	cap_reset();
	n = call_vprintk("%s=%#x", "v", 0x10);
	TAP_CHECK(n == 6 && cap_len == 6 && !memcmp(cap, "v=0x10", 6), "vprintk: n %d", n);

	cap_reset();
	n = lander_printk("%s", "");
	TAP_CHECK(n == 0 && cap_calls == 0, "empty: n %d calls %d", n, cap_calls);

	/* Exactly one buffer, then one byte more, then several buffers. */
	cap_reset();
	n = lander_printk("%256d", 7);
	TAP_CHECK(n == 256 && cap_len == 256 && cap_calls == 1, "256: calls %d", cap_calls);
	cap_reset();
	n = lander_printk("%257d", 7);
	TAP_CHECK(n == 257 && cap_len == 257 && cap_calls == 2, "257: calls %d", cap_calls);

	cap_reset();
	n = lander_printk("<%-700s>%d\n", "start", 99);
	snprintf(want, sizeof(want), "<%-700s>%d\n", "start", 99);
	TAP_CHECK(n == (int)strlen(want) && cap_len == strlen(want) &&
			  !memcmp(cap, want, cap_len) && cap_calls == 3,
		  "long: n %d len %zu calls %d", n, cap_len, cap_calls);
	tap_case("printk writes everything to console_write in 256-byte chunks");
}

int main(void)
{
	tap_start();
	test_differential();
	test_truncation();
	test_pointer();
	test_string_null();
	test_char_percent();
	test_star();
	test_mixed();
	test_malformed();
	test_printk();
	return tap_done();
}
