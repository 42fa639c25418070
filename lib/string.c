// SPDX-License-Identifier: GPL-2.0
/*
 * The string and memory functions, written for a freestanding kernel.
 *
 * The compiler emits calls to memset() and memcpy() on its own (for struct
 * copies and for loops it recognises), so these two must never be compiled
 * into calls to themselves. Their loops therefore pass the destination
 * pointer through hide(), an empty asm statement: the compiler can no longer
 * see what the loop stores where, so it cannot recognise it as a memset or
 * memcpy pattern. They move 8-byte words through word_t, which may alias
 * anything, when both pointers allow it, and bytes otherwise: arm64 runs
 * this with strict alignment before the MMU is on.
 */
#include <lander/string.h>
#include <lander/errno.h>

typedef u64 __attribute__((__may_alias__)) word_t;

#define WORD sizeof(word_t)

/* Make the optimiser forget what p points to; emits no instruction. */
#define hide(p) __asm__("" : "+r"(p))

/* Whether all of the bits of x below WORD are clear. */
static bool word_aligned(uintptr_t x)
{
	return (x & (WORD - 1)) == 0;
}

/*
 * Fill n bytes at s with the byte c. Bytes up to the first word boundary,
 * then whole words holding c eight times, sixteen to a round while 128
 * bytes are left (a page table, .bss: arm64 stores them in pairs, so a
 * round is a dozen instructions), then the words and bytes left.
 */
void *memset(void *s, int c, size_t n)
{
	u8 *p = s;
	word_t word = (u8)c * 0x0101010101010101ULL;

	for (; n && !word_aligned((uintptr_t)p); n--, p++) {
		hide(p);
		*p = (u8)c;
	}
	for (; n >= 16 * WORD; n -= 16 * WORD, p += 16 * WORD) {
		word_t *w = (word_t *)p;

		hide(w);
		w[0] = word;
		w[1] = word;
		w[2] = word;
		w[3] = word;
		w[4] = word;
		w[5] = word;
		w[6] = word;
		w[7] = word;
		w[8] = word;
		w[9] = word;
		w[10] = word;
		w[11] = word;
		w[12] = word;
		w[13] = word;
		w[14] = word;
		w[15] = word;
	}
	for (; n >= WORD; n -= WORD, p += WORD) {
		hide(p);
		*(word_t *)p = word;
	}
	for (; n; n--, p++) {
		hide(p);
		*p = (u8)c;
	}
	return s;
}

/*
 * Copy n bytes from src to dst going forwards, which is also right for
 * overlapping areas when dst is below src. Words are used only when both
 * pointers are word-aligned, sixteen to a round while 128 bytes are left
 * (physical KASLR copies the whole image with it): a round reads its 128
 * bytes before it writes any, which the overlap allows (what it writes
 * lies below what later rounds read) and lets arm64 load and store them
 * in pairs.
 */
static void copy_forward(u8 *d, const u8 *s, size_t n)
{
	if (word_aligned((uintptr_t)d | (uintptr_t)s)) {
		for (; n >= 16 * WORD; n -= 16 * WORD, d += 16 * WORD, s += 16 * WORD) {
			word_t *w = (word_t *)d;
			const word_t *r = (const word_t *)s;
			word_t r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5],
			       r6 = r[6], r7 = r[7], r8 = r[8], r9 = r[9], r10 = r[10], r11 = r[11],
			       r12 = r[12], r13 = r[13], r14 = r[14], r15 = r[15];

			hide(w);
			w[0] = r0;
			w[1] = r1;
			w[2] = r2;
			w[3] = r3;
			w[4] = r4;
			w[5] = r5;
			w[6] = r6;
			w[7] = r7;
			w[8] = r8;
			w[9] = r9;
			w[10] = r10;
			w[11] = r11;
			w[12] = r12;
			w[13] = r13;
			w[14] = r14;
			w[15] = r15;
		}
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD) {
			hide(d);
			*(word_t *)d = *(const word_t *)s;
		}
	}
	for (; n; n--, d++, s++) {
		hide(d);
		*d = *s;
	}
}

/*
 * Copy n bytes from src to dst going backwards, from the last byte down,
 * which is right for overlapping areas when dst is above src.
 */
static void copy_backward(u8 *d, const u8 *s, size_t n)
{
	d += n;
	s += n;
	if (word_aligned((uintptr_t)d | (uintptr_t)s)) {
		for (; n >= WORD; n -= WORD) {
			d -= WORD;
			s -= WORD;
			hide(d);
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--) {
		d--;
		s--;
		hide(d);
		*d = *s;
	}
}

/* Copy n bytes from src to dst; the two areas must not overlap. */
void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

/* Copy n bytes from src to dst; the two areas may overlap. */
void *memmove(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst <= (uintptr_t)src || (uintptr_t)dst >= (uintptr_t)src + n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

/*
 * Compare n bytes as unsigned chars. Returns the difference of the first
 * pair that differs, or 0.
 */
int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

/* The number of characters before the terminating NUL. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

/* Like strlen(), but looks at no more than max characters. */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/*
 * Compare two strings as unsigned chars. Returns the difference of the
 * first pair that differs, or 0 when they are equal.
 */
int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

/* Like strcmp(), but compares no more than n characters. */
int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

/*
 * The first occurrence of the character c in s, or NULL. The terminating
 * NUL counts as part of the string, so strchr(s, 0) finds the end.
 */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* The value of the hex digit c, or -1 if it is none. */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Parse an unsigned number at *s: decimal, or hex after "0x" or "0X", then
 * an optional suffix K, M or G (either case) multiplying it by 2^10, 2^20
 * or 2^30. There is no sign and no leading space. On success stores the
 * value, moves *s past the number and its suffix and returns 0. Returns
 * -EINVAL when there is no digit (also for a bare "0x") and -ERANGE when
 * the value does not fit in 64 bits; then *s and *out are left alone.
 */
int parse_u64(const char **s, u64 *out)
{
	const char *p = *s;
	unsigned int base = 10, shift = 0;
	u64 v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	d = hex_digit(*p);
	if (d < 0 || d >= (int)base)
		return -EINVAL;
	for (; d >= 0 && d < (int)base; d = hex_digit(*++p)) {
		if (v > (U64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}

	if (*p == 'K' || *p == 'k')
		shift = 10;
	else if (*p == 'M' || *p == 'm')
		shift = 20;
	else if (*p == 'G' || *p == 'g')
		shift = 30;
	if (shift) {
		if (v > U64_MAX >> shift)
			return -ERANGE;
		v <<= shift;
		p++;
	}

	*out = v;
	*s = p;
	return 0;
}
