// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of lib/string.c.
 *
 * The kernel's functions have libc's names, so the build renames them
 * (unit-string-cflags in objects.mk: memset becomes lander_memset and so
 * on). The lander header is read while those macros are in force and
 * declares the lander_ names; then the macros are dropped, so that libc's
 * <string.h> and the plain names in this file mean libc's, which serve as
 * the reference.
 */
#include <lander/string.h>
#include <lander/errno.h>

#ifndef memset
#error "build with unit-string-cflags from tests/unit/objects.mk"
#endif
#undef memset
#undef memcpy
#undef memmove
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef parse_u64

#include <string.h>
#include "tap.h"

#define AREA 448 /* room for the longest copy (400 bytes) at the largest offset */

/* Fill a with a pattern that differs at every offset. */
static void pattern(unsigned char *a, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		a[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

/* The sign of x: -1, 0 or 1. */
static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_memset(void)
{
	unsigned char got[AREA], want[AREA];
	size_t off, len;
	int c, bad = 0;

	for (c = 0; c < 0x200; c += 0xff) {
		for (off = 0; off < 16; off++) {
			for (len = 0; len < 80; len++) {
				pattern(got, AREA, 1);
				pattern(want, AREA, 1);
				if (lander_memset(got + off, c, len) != got + off)
					bad++;
				memset(want + off, c, len);
				bad += memcmp(got, want, AREA) != 0;
			}
		}
	}
	TAP_CHECK(bad == 0, "%d wrong fills", bad);
	tap_case("memset at every alignment and length, returns its pointer");
}

/*
 * Long fills go 128 bytes a round, then words, then bytes. Expect the same
 * bytes as libc's memset for every start alignment and every length up to
 * three rounds and a bit, so each mix of rounds, words and bytes is seen.
 */
static void test_memset_rounds(void)
{
	static unsigned char got[512], want[512];
	size_t off, len;
	int bad = 0;

	for (off = 0; off < 16; off++) {
		for (len = 0; len <= 400; len++) {
			pattern(got, sizeof(got), 2);
			pattern(want, sizeof(want), 2);
			lander_memset(got + off, 0x5a, len);
			memset(want + off, 0x5a, len);
			bad += memcmp(got, want, sizeof(got)) != 0;
		}
	}
	TAP_CHECK(bad == 0, "%d wrong fills", bad);
	tap_case("memset of up to 400 bytes: 128-byte rounds, words and bytes");
}

static void test_memcpy(void)
{
	unsigned char src[AREA], got[AREA], want[AREA];
	size_t so, d, len;
	int bad = 0;

	pattern(src, AREA, 2);
	for (so = 0; so < 16; so++) {
		for (d = 0; d < 16; d++) {
			for (len = 0; len < 80 || (len < 400 && d % 8 == so % 8); len++) {
				pattern(got, AREA, 3);
				pattern(want, AREA, 3);
				if (lander_memcpy(got + d, src + so, len) != got + d)
					bad++;
				memcpy(want + d, src + so, len);
				bad += memcmp(got, want, AREA) != 0;
			}
		}
	}
	TAP_CHECK(bad == 0, "%d wrong copies", bad);
	tap_case("memcpy at every pair of alignments and length (to 400 bytes when words "
		 "fit: 128-byte rounds)");
}

/*
 * Move within one area, with every source and destination offset below 40
 * and every length below 80, and to 300 where both are word-aligned (the
 * 128-byte rounds): covers overlaps in both directions, aligned and not,
 * and the disjoint case.
 */
static void test_memmove(void)
{
	unsigned char got[AREA], want[AREA];
	size_t s, d, len;
	int bad = 0;

	for (s = 0; s < 40; s++) {
		for (d = 0; d < 40; d++) {
			for (len = 0; len < 80 || (len < 300 && (s | d) % 8 == 0); len++) {
				pattern(got, AREA, 4);
				pattern(want, AREA, 4);
				if (lander_memmove(got + d, got + s, len) != got + d)
					bad++;
				memmove(want + d, want + s, len);
				if (memcmp(got, want, AREA) && bad++ < 5)
					printf("# memmove d %zu s %zu len %zu wrong\n", d, s, len);
			}
		}
	}
	TAP_CHECK(bad == 0, "%d wrong moves", bad);
	tap_case("memmove with overlaps both ways");
}

static void test_memcmp(void)
{
	TAP_CHECK(lander_memcmp("abc", "abd", 3) < 0, "less");
	TAP_CHECK(lander_memcmp("abd", "abc", 3) > 0, "greater");
	TAP_CHECK(lander_memcmp("abc", "abd", 2) == 0, "equal prefix");
	TAP_CHECK(lander_memcmp("a", "b", 0) == 0, "length 0");
	/* Bytes compare as unsigned: 0x80 is above 0x7f. */
	TAP_CHECK(lander_memcmp("\x80", "\x7f", 1) > 0, "unsigned");
	TAP_CHECK(lander_memcmp("a\0b", "a\0c", 3) < 0, "past a NUL");
	tap_case("memcmp order, unsigned bytes, length 0");
}

static void test_strlen(void)
{
	char big[300];

	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	TAP_CHECK(lander_strlen("") == 0, "empty");
	TAP_CHECK(lander_strlen("hello") == 5, "hello");
	TAP_CHECK(lander_strlen(big) == 299, "long");
	TAP_CHECK(lander_strnlen("hello", 3) == 3, "max below");
	TAP_CHECK(lander_strnlen("hello", 5) == 5, "max equal");
	TAP_CHECK(lander_strnlen("hello", 99) == 5, "max above");
	TAP_CHECK(lander_strnlen("hello", 0) == 0, "max 0");
	tap_case("strlen and strnlen");
}

static void test_strcmp(void)
{
	static const char *const s[] = {
		"", "a", "ab", "abc", "abd", "b", "\x80", "\x7f", "ab\x80", "A",
	};
	size_t i, j, n;
	int bad = 0;

	for (i = 0; i < ARRAY_SIZE(s); i++) {
		for (j = 0; j < ARRAY_SIZE(s); j++) {
			bad += sign(lander_strcmp(s[i], s[j])) != sign(strcmp(s[i], s[j]));
			for (n = 0; n < 5; n++)
				bad += sign(lander_strncmp(s[i], s[j], n)) !=
				       sign(strncmp(s[i], s[j], n));
		}
	}
	TAP_CHECK(bad == 0, "%d results differ from libc", bad);
	TAP_CHECK(lander_strncmp("abcX", "abcY", 3) == 0, "stops at n");
	TAP_CHECK(lander_strncmp("ab", "ab\0x", 4) == 0, "stops at NUL");
	TAP_CHECK(lander_strncmp("abc", "abd", 0) == 0, "n 0");
	TAP_CHECK(lander_strncmp("\x80", "a", 1) > 0, "unsigned");
	tap_case("strcmp and strncmp agree in sign with libc");
}

static void test_strchr(void)
{
	const char *s = "hello, world";

	TAP_CHECK(lander_strchr(s, 'h') == s, "first");
	TAP_CHECK(lander_strchr(s, 'o') == s + 4, "first of two");
	TAP_CHECK(lander_strchr(s, 'd') == s + 11, "last");
	TAP_CHECK(lander_strchr(s, 'z') == NULL, "absent");
	TAP_CHECK(lander_strchr(s, '\0') == s + 12, "the NUL");
	TAP_CHECK(lander_strchr("", '\0') != NULL, "NUL of empty");
	TAP_CHECK(lander_strchr("", 'a') == NULL, "empty");
	/* c is converted to char, as libc does. */
	TAP_CHECK(lander_strchr(s, 0x100 + 'w') == strchr(s, 0x100 + 'w'), "int wider than char");
	TAP_CHECK(lander_strchr("a\xe9", 0xe9) == strchr("a\xe9", 0xe9), "high byte");
	tap_case("strchr, including '\\0'");
}

struct parse_case {
	const char *in;
	int ret;
	u64 val;  /* when ret is 0 */
	int used; /* characters consumed, when ret is 0 */
};

static void test_parse_u64(void)
{
	static const struct parse_case cases[] = {
		{ "0", 0, 0, 1 },
		{ "7", 0, 7, 1 },
		{ "007", 0, 7, 3 },
		{ "123abc", 0, 123, 3 },
		{ "42 rest", 0, 42, 2 },
		{ "0x1f", 0, 31, 4 },
		{ "0X1F", 0, 31, 4 },
		{ "0xDeadBeef,", 0, 0xdeadbeef, 10 },
		{ "0x0", 0, 0, 3 },
		{ "1K", 0, 1024, 2 },
		{ "4k", 0, 4096, 2 },
		{ "2M", 0, 2ULL << 20, 2 },
		{ "3m", 0, 3ULL << 20, 2 },
		{ "1G", 0, 1ULL << 30, 2 },
		{ "5g", 0, 5ULL << 30, 2 },
		{ "0x10G", 0, 16ULL << 30, 5 },
		{ "12KB", 0, 12ULL << 10, 3 },
		{ "9T", 0, 9, 1 },
		{ "18446744073709551615", 0, U64_MAX, 20 },
		{ "0xffffffffffffffff", 0, U64_MAX, 18 },
		{ "0x00000000000000000001", 0, 1, 22 },
		{ "17179869183G", 0, 17179869183ULL << 30, 12 },
		{ "18014398509481983K", 0, 18014398509481983ULL << 10, 18 },
		{ "18446744073709551616", -ERANGE, 0, 0 },
		{ "99999999999999999999", -ERANGE, 0, 0 },
		{ "0x10000000000000000", -ERANGE, 0, 0 },
		{ "17179869184G", -ERANGE, 0, 0 },
		{ "18014398509481984K", -ERANGE, 0, 0 },
		{ "", -EINVAL, 0, 0 },
		{ "abc", -EINVAL, 0, 0 },
		{ "K", -EINVAL, 0, 0 },
		{ "-1", -EINVAL, 0, 0 },
		{ "+1", -EINVAL, 0, 0 },
		{ " 1", -EINVAL, 0, 0 },
		{ "0x", -EINVAL, 0, 0 },
		{ "0xg", -EINVAL, 0, 0 },
		{ "x10", -EINVAL, 0, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct parse_case *c = &cases[i];
		const char *p = c->in;
		u64 v = 0x5a5a;
		int ret = lander_parse_u64(&p, &v);

		if (c->ret) {
			/* On failure neither the cursor nor the value moves. */
			TAP_CHECK(ret == c->ret && p == c->in && v == 0x5a5a,
				  "\"%s\": ret %d (want %d) used %td value 0x%llx", c->in, ret,
				  c->ret, p - c->in, v);
		} else {
			TAP_CHECK(ret == 0 && v == c->val && p == c->in + c->used,
				  "\"%s\": ret %d value %llu (want %llu) used %td (want %d)", c->in,
				  ret, v, c->val, p - c->in, c->used);
		}
	}
	tap_case("parse_u64: bases, suffixes, -ERANGE on overflow, -EINVAL without digits");
}

int main(void)
{
	tap_start();
	test_memset();
	test_memset_rounds();
	test_memcpy();
	test_memmove();
	test_memcmp();
	test_strlen();
	test_strcmp();
	test_strchr();
	test_parse_u64();
	return tap_done();
}
