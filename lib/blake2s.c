// SPDX-License-Identifier: GPL-2.0
/*
 * BLAKE2s, from RFC 7693: section 2 (parameters: 10 rounds, 32-bit words,
 * rotations 16, 12, 8, 7), section 3.1 (G), 3.2 (F, the compression) and
 * 3.3 (padding, the counter, the final-block flag), with the parameter
 * block of section 2.5 reduced to the digest and key lengths (fan-out and
 * depth 1, no salt or personalisation). Words are little-endian.
 *
 * Early subset: runs with the MMU off before relocation, so it holds no
 * pointer in data; its tables are plain numbers.
 */
#include <lander/blake2s.h>
#include <lander/string.h>

/* RFC 7693 section 2.6: the same as SHA-256's initial hash value. */
static const u32 blake2s_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/* RFC 7693 section 2.7: the message word permutations, one row per round. */
static const u8 blake2s_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

static inline u32 ror32(u32 x, u32 n)
{
	return x >> n | x << (32 - n);
}

_Static_assert(__builtin_offsetof(struct blake2s, buf) % 4 == 0, "the block is read as words");

/* A little-endian word from p (4-byte aligned: the block buffer). */
static inline u32 load_le32(const u8 *p)
{
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
		return *(const u32 __attribute__((__may_alias__)) *)p;
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/*
 * G (section 3.1) on a, b, c, d with the message words x and y. A macro
 * over named locals, so that the whole working vector stays in registers
 * (a function over an array would make every step a load and a store).
 */
#define G(a, b, c, d, x, y)           \
	do {                          \
		a = a + b + (x);      \
		d = ror32(d ^ a, 16); \
		c = c + d;            \
		b = ror32(b ^ c, 12); \
		a = a + b + (y);      \
		d = ror32(d ^ a, 8);  \
		c = c + d;            \
		b = ror32(b ^ c, 7);  \
	} while (0)

/* F (section 3.2): compress the block in s->buf into s->h; last sets the final flag. */
static void blake2s_compress(struct blake2s *s, bool last)
{
	u32 m[16], v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15;
	int i, r;

	for (i = 0; i < 16; i++)
		m[i] = load_le32(s->buf + 4 * i);
	v0 = s->h[0], v1 = s->h[1], v2 = s->h[2], v3 = s->h[3];
	v4 = s->h[4], v5 = s->h[5], v6 = s->h[6], v7 = s->h[7];
	v8 = blake2s_iv[0], v9 = blake2s_iv[1], v10 = blake2s_iv[2], v11 = blake2s_iv[3];
	v12 = blake2s_iv[4] ^ s->t[0], v13 = blake2s_iv[5] ^ s->t[1];
	v14 = last ? ~blake2s_iv[6] : blake2s_iv[6], v15 = blake2s_iv[7];
	/* unrolled, each round's permutation becomes constant message indices */
#pragma GCC unroll 10
	for (r = 0; r < 10; r++) {
		const u8 *z = blake2s_sigma[r];

		G(v0, v4, v8, v12, m[z[0]], m[z[1]]);
		G(v1, v5, v9, v13, m[z[2]], m[z[3]]);
		G(v2, v6, v10, v14, m[z[4]], m[z[5]]);
		G(v3, v7, v11, v15, m[z[6]], m[z[7]]);
		G(v0, v5, v10, v15, m[z[8]], m[z[9]]);
		G(v1, v6, v11, v12, m[z[10]], m[z[11]]);
		G(v2, v7, v8, v13, m[z[12]], m[z[13]]);
		G(v3, v4, v9, v14, m[z[14]], m[z[15]]);
	}
	s->h[0] ^= v0 ^ v8, s->h[1] ^= v1 ^ v9, s->h[2] ^= v2 ^ v10, s->h[3] ^= v3 ^ v11;
	s->h[4] ^= v4 ^ v12, s->h[5] ^= v5 ^ v13, s->h[6] ^= v6 ^ v14, s->h[7] ^= v7 ^ v15;
}

/* Count n more bytes into the 64-bit counter. */
static void blake2s_count(struct blake2s *s, u32 n)
{
	s->t[0] += n;
	if (s->t[0] < n)
		s->t[1]++;
}

int blake2s_init(struct blake2s *s, u32 outlen, const void *key, u32 keylen)
{
	int i;

	if (!outlen || outlen > BLAKE2S_OUT_MAX || keylen > BLAKE2S_KEY_MAX)
		return -1;
	memset(s, 0, sizeof(*s));
	for (i = 0; i < 8; i++)
		s->h[i] = blake2s_iv[i];
	/* the parameter block's first word: digest length, key length, fan-out 1, depth 1 */
	s->h[0] ^= 0x01010000 ^ keylen << 8 ^ outlen;
	s->outlen = outlen;
	if (keylen) {
		/* the key, zero-padded, is the first block (section 3.3) */
		memcpy(s->buf, key, keylen);
		s->fill = BLAKE2S_BLOCK;
	}
	return 0;
}

void blake2s_update(struct blake2s *s, const void *in, u64 len)
{
	const u8 *p = in;

	while (len) {
		u32 n;

		/* a full block is compressed only once more input follows: the last is final */
		if (s->fill == BLAKE2S_BLOCK) {
			blake2s_count(s, BLAKE2S_BLOCK);
			blake2s_compress(s, false);
			s->fill = 0;
		}
		n = BLAKE2S_BLOCK - s->fill;
		if (n > len)
			n = (u32)len;
		memcpy(s->buf + s->fill, p, n);
		s->fill += n;
		p += n;
		len -= n;
	}
}

void blake2s_final(struct blake2s *s, void *out)
{
	u8 *o = out;
	u32 i;

	blake2s_count(s, s->fill);
	memset(s->buf + s->fill, 0, BLAKE2S_BLOCK - s->fill);
	blake2s_compress(s, true);
	for (i = 0; i < s->outlen; i++)
		o[i] = (u8)(s->h[i / 4] >> (8 * (i % 4)));
	memset(s, 0, sizeof(*s));
}
