// SPDX-License-Identifier: GPL-2.0
/*
 * lib/blake2s.c against RFC 7693: the "abc" example of its appendix B,
 * and the self-test of its appendix E, whose one grand hash covers
 * digests of 16, 20, 28 and 32 bytes, unkeyed and keyed, of inputs of 0,
 * 3, 64, 65, 255 and 1024 bytes (the expected value is the RFC's).
 * Expect also: the digest does not depend on how the input is cut into
 * update calls, and out-of-range lengths are refused.
 */
#include <lander/blake2s.h>

#include "tap.h"

/* Appendix E's deterministic input: a Fibonacci generator's top bytes. */
static void selftest_seq(u8 *out, u32 len, u32 seed)
{
	u32 a = 0xdead4bad * seed, b = 1, t, i;

	for (i = 0; i < len; i++) {
		t = a + b;
		a = b;
		b = t;
		out[i] = (u8)(t >> 24);
	}
}

static void hash(u8 *out, u32 outlen, const u8 *key, u32 keylen, const u8 *in, u32 inlen)
{
	struct blake2s s;

	blake2s_init(&s, outlen, key, keylen);
	blake2s_update(&s, in, inlen);
	blake2s_final(&s, out);
}

static void case_abc(void)
{
	static const u8 expect[32] = {
		0x50, 0x8c, 0x5e, 0x8c, 0x32, 0x7c, 0x14, 0xe2, 0xe1, 0xa7, 0x2b,
		0xa3, 0x4e, 0xeb, 0x45, 0x2f, 0x37, 0x45, 0x8b, 0x20, 0x9e, 0xd6,
		0x3a, 0x29, 0x4d, 0x99, 0x9b, 0x4c, 0x86, 0x67, 0x59, 0x82,
	};
	u8 out[32];
	u32 i;

	hash(out, 32, NULL, 0, (const u8 *)"abc", 3);
	for (i = 0; i < 32; i++)
		TAP_CHECK(out[i] == expect[i], "byte %u: %02x, expected %02x", i, out[i],
			  expect[i]);
	tap_case("BLAKE2s-256(\"abc\"), RFC 7693 appendix B");
}

static void case_selftest(void)
{
	static const u8 expect[32] = {
		0x6a, 0x41, 0x1f, 0x08, 0xce, 0x25, 0xad, 0xcd, 0xfb, 0x02, 0xab,
		0xa6, 0x41, 0x45, 0x1c, 0xec, 0x53, 0xc5, 0x98, 0xb2, 0x4f, 0x4f,
		0xc7, 0x87, 0xfb, 0xdc, 0x88, 0x79, 0x7f, 0x4c, 0x1d, 0xfe,
	};
	static const u32 outlens[] = { 16, 20, 28, 32 }, inlens[] = { 0, 3, 64, 65, 255, 1024 };
	static u8 in[1024];
	u8 md[32], key[32], out[32];
	struct blake2s grand;
	u32 i, j;

	blake2s_init(&grand, 32, NULL, 0);
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 6; j++) {
			selftest_seq(in, inlens[j], inlens[j]);
			hash(md, outlens[i], NULL, 0, in, inlens[j]);
			blake2s_update(&grand, md, outlens[i]);
			selftest_seq(key, outlens[i], outlens[i]);
			hash(md, outlens[i], key, outlens[i], in, inlens[j]);
			blake2s_update(&grand, md, outlens[i]);
		}
	}
	blake2s_final(&grand, out);
	for (i = 0; i < 32; i++)
		TAP_CHECK(out[i] == expect[i], "byte %u: %02x, expected %02x", i, out[i],
			  expect[i]);
	tap_case("RFC 7693 appendix E self-test: the grand hash of 48 digests");
}

static void case_splits(void)
{
	static u8 in[300];
	u8 whole[32], cut[32], key[7];
	struct blake2s s;
	u32 len, a, b, i;

	selftest_seq(in, sizeof(in), 7);
	selftest_seq(key, sizeof(key), 3);
	for (len = 0; len <= sizeof(in); len += 13) {
		hash(whole, 32, key, sizeof(key), in, len);
		for (a = 0; a <= len; a += 29) {
			for (b = a; b <= len; b += 31) {
				blake2s_init(&s, 32, key, sizeof(key));
				blake2s_update(&s, in, a);
				blake2s_update(&s, in + a, b - a);
				blake2s_update(&s, in + b, len - b);
				blake2s_final(&s, cut);
				for (i = 0; i < 32 && cut[i] == whole[i]; i++)
					;
				TAP_CHECK(i == 32, "%u bytes cut at %u and %u: differs at byte %u",
					  len, a, b, i);
			}
		}
	}
	tap_case("the digest does not depend on how the input is cut");
}

static void case_refusals(void)
{
	struct blake2s s;
	u8 key[33] = { 0 };

	TAP_CHECK(blake2s_init(&s, 0, NULL, 0) == -1, "digest of 0 bytes");
	TAP_CHECK(blake2s_init(&s, 33, NULL, 0) == -1, "digest of 33 bytes");
	TAP_CHECK(blake2s_init(&s, 32, key, 33) == -1, "key of 33 bytes");
	TAP_CHECK(blake2s_init(&s, 1, key, 32) == 0, "1-byte digest, 32-byte key");
	tap_case("lengths out of range are refused");
}

int main(void)
{
	tap_start();
	case_abc();
	case_selftest();
	case_splits();
	case_refusals();
	return tap_done();
}
