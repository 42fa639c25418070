// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of boot/kaslr.c: the seed's sources, the wiping of the device
 * tree's seed properties, the refusals, and the draws. The device tree is
 * a buffer with the two properties' values at known offsets (kaslr_seed()
 * reads only what dt_info_scan() recorded); the boot options, the CPU's
 * random instruction and the cache maintenance are this file's functions.
 *
 * The expected key is built from docs/kaslr.md's description with
 * lib/blake2s.c, which test_blake2s.c checks against RFC 7693.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <lander/blake2s.h>
#include <lander/kaslr.h>

#include "tap.h"

/* --- what the test controls ------------------------------------------------ */

static const char *options = "";	  /* the boot options */
static const char *cpu_name;		  /* the CPU instruction, NULL: none */
static int cpu_words_left;		  /* reads that succeed before one fails */
static u64 cpu_next = 0x1111111111111111; /* what the CPU gives next */
static int invalidated;			  /* bytes arch_early_cache_inval() was asked for */
static jmp_buf panicked;
static char panic_msg[128];

bool boot_option(const char *name, const char **value, int *len)
{
	size_t n = strlen(name);
	const char *p = options;

	while ((p = strstr(p, name))) {
		if ((p == options || p[-1] == ' ') && (p[n] == ' ' || !p[n] || p[n] == '=')) {
			const char *v = p[n] == '=' ? p + n + 1 : p + n;

			if (value) {
				*value = v;
				*len = (int)strcspn(v, " ");
			}
			return true;
		}
		p += n;
	}
	return false;
}

const char *arch_seed_probe(const struct fdt *fdt, int cpu_node)
{
	return cpu_name;
}

bool arch_seed_u64(u64 *out)
{
	if (cpu_words_left-- <= 0)
		return false;
	*out = cpu_next;
	cpu_next += 0x0101010101010101ull;
	return true;
}

void arch_early_cache_inval(const void *start, size_t size)
{
	invalidated += (int)size;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	longjmp(panicked, 1);
}

/* --- a device tree with the two properties ------------------------------- */

static u8 blob[256];
static struct fdt fdt = { .blob = blob, .totalsize = sizeof(blob) };
static struct dt_info dt;

/* Place kaslr-seed (ks bytes, 0: absent) at 16 and rng-seed (rs bytes, -1: absent) at 64. */
static void tree(int ks, int rs)
{
	int i;

	for (i = 0; i < (int)sizeof(blob); i++)
		blob[i] = (u8)(0xa5 ^ i);
	memset(&dt, 0, sizeof(dt));
	if (ks)
		dt.kaslr_seed = (struct dt_prop_loc){ 16, (u32)ks };
	if (rs >= 0)
		dt.rng_seed = (struct dt_prop_loc){ 64, (u32)rs };
	invalidated = 0;
}

static bool zero(const u8 *p, u32 n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* The key docs/kaslr.md describes, for the sources given (NULL: absent). */
static void mix(struct blake2s *h, char tag, const void *p, u32 len)
{
	u8 head[5] = { (u8)tag, (u8)len, (u8)(len >> 8), (u8)(len >> 16), (u8)(len >> 24) };

	blake2s_update(h, head, 5);
	blake2s_update(h, p, len);
}

static void expected_key(u8 *key, const u64 *opt, const u8 *ks, const u8 *rs, u32 rs_len,
			 const u64 *cpu)
{
	struct blake2s h;

	blake2s_init(&h, 32, NULL, 0);
	if (opt)
		mix(&h, 'o', opt, 8);
	if (ks)
		mix(&h, 'k', ks, 8);
	if (rs)
		mix(&h, 'r', rs, rs_len);
	if (cpu)
		mix(&h, 'c', cpu, 32);
	blake2s_final(&h, key);
}

/* --- cases ------------------------------------------------------------------ */

/*
 * Expect: with kaslr-seed, rng-seed and the CPU, all three are mixed in
 * that order, the CPU's name is copied, and both properties are zeroed
 * (and their lines invalidated) while the bytes around them are not.
 */
static void case_all_sources(void)
{
	struct kaslr_rng rng;
	struct kaslr_report r;
	u8 ks[8], rs[32], key[32];
	u64 cpu[4];
	int i;

	tree(8, 32);
	memcpy(ks, blob + 16, 8);
	memcpy(rs, blob + 64, 32);
	options = "";
	cpu_name = "RNDR";
	cpu_words_left = 4;
	cpu_next = 0x1111111111111111;
	for (i = 0; i < 4; i++)
		cpu[i] = 0x1111111111111111 + i * 0x0101010101010101ull;
	r = kaslr_seed(&rng, &fdt, &dt);
	TAP_CHECK(r.off == KASLR_ON, "off %u", r.off);
	TAP_CHECK(r.sources == (KASLR_SRC_KASLR_SEED | KASLR_SRC_RNG_SEED | KASLR_SRC_CPU),
		  "sources %x", r.sources);
	TAP_CHECK(!strcmp(r.cpu_name, "RNDR"), "cpu name %s", r.cpu_name);
	expected_key(key, NULL, ks, rs, 32, cpu);
	TAP_CHECK(!memcmp(rng.key, key, 32), "the key is the documented construction");
	TAP_CHECK(zero(blob + 16, 8) && zero(blob + 64, 32), "both properties zeroed");
	TAP_CHECK(blob[15] == (0xa5 ^ 15) && blob[24] == (0xa5 ^ 24) && blob[63] == (0xa5 ^ 63) &&
			  blob[96] == (0xa5 ^ 96),
		  "the bytes around them kept");
	TAP_CHECK(invalidated == 40, "lines invalidated for %d bytes", invalidated);
	tap_case("three sources: mixed in order, properties wiped");
}

/*
 * Expect: a kaslr-seed of the wrong length and an empty rng-seed are
 * ignored (and reported) but still wiped; a CPU whose instruction fails
 * before 256 bits adds nothing; with nothing left, the kernel is not
 * randomised and the key is wiped.
 */
static void case_bad_sources(void)
{
	struct kaslr_rng rng;
	struct kaslr_report r;

	tree(4, 0);
	options = "";
	cpu_name = "Zkr";
	cpu_words_left = 3;
	r = kaslr_seed(&rng, &fdt, &dt);
	TAP_CHECK(r.off == KASLR_NO_SEED, "off %u", r.off);
	TAP_CHECK(r.sources == 0, "sources %x", r.sources);
	TAP_CHECK(r.bad_kaslr_seed == 4, "bad kaslr-seed length %u", r.bad_kaslr_seed);
	TAP_CHECK(r.empty_rng_seed, "empty rng-seed reported");
	TAP_CHECK(r.cpu_name[0] == 0, "no cpu source: \"%s\"", r.cpu_name);
	TAP_CHECK(zero(blob + 16, 4), "the short kaslr-seed zeroed");
	TAP_CHECK(zero(rng.key, 32), "the key wiped");
	tree(12, -1);
	cpu_name = NULL;
	r = kaslr_seed(&rng, &fdt, &dt);
	TAP_CHECK(r.off == KASLR_NO_SEED && r.bad_kaslr_seed == 12, "12-byte kaslr-seed: %u %u",
		  r.off, r.bad_kaslr_seed);
	tap_case("wrong sizes and a failing CPU source are ignored, never read past");
}

/*
 * Expect: nokaslr turns randomisation off but still wipes the properties;
 * kaslr.seed=N (a self-test build: this test is built with CONFIG_KTEST)
 * is then the only source; a malformed one panics.
 */
static void case_options(void)
{
	struct kaslr_rng rng;
	struct kaslr_report r;
	u64 n = 0x5eed;
	u8 key[32];

	tree(8, 32);
	options = "console=x nokaslr";
	cpu_name = NULL;
	r = kaslr_seed(&rng, &fdt, &dt);
	TAP_CHECK(r.off == KASLR_NOKASLR, "nokaslr: off %u", r.off);
	TAP_CHECK(zero(blob + 16, 8) && zero(blob + 64, 32), "properties wiped all the same");
	TAP_CHECK(zero(rng.key, 32), "no key left");
	tree(8, 32);
	options = "kaslr.seed=0x5eed";
	cpu_name = "RNDR";
	cpu_words_left = 4;
	r = kaslr_seed(&rng, &fdt, &dt);
	TAP_CHECK(r.off == KASLR_ON && r.sources == KASLR_SRC_OPTION, "option: %u %x", r.off,
		  r.sources);
	expected_key(key, &n, NULL, NULL, 0, NULL);
	TAP_CHECK(!memcmp(rng.key, key, 32), "the option alone makes the key");
	TAP_CHECK(zero(blob + 16, 8) && zero(blob + 64, 32), "properties wiped");
	tree(8, 32);
	options = "kaslr.seed=0x5eedzz";
	panic_msg[0] = 0;
	if (!setjmp(panicked))
		kaslr_seed(&rng, &fdt, &dt);
	TAP_CHECK(!strcmp(panic_msg, "kaslr.seed: not a number"), "panic: %s", panic_msg);
	options = "kaslr.seed=";
	panic_msg[0] = 0;
	if (!setjmp(panicked))
		kaslr_seed(&rng, &fdt, &dt);
	TAP_CHECK(!strcmp(panic_msg, "kaslr.seed: not a number"), "empty: %s", panic_msg);
	tap_case("nokaslr and kaslr.seed=");
}

/*
 * Expect: draws stay below n, are the key's first 16 bytes, then four a
 * block from the documented BLAKE2s-256 of its last 16 and the block
 * number, and are uniform: a chi-squared statistic over 688 buckets
 * from 68800 draws below the 0.1% critical value of 687
 * degrees of freedom (about 816); n = 2^63 + 1, where nearly half the
 * values are rejected, still gives numbers below n.
 */
static void case_draws(void)
{
	static u32 bucket[688];
	struct kaslr_rng rng;
	struct blake2s h;
	u8 ctr[8] = { 0 }, out[32];
	u64 x, first = 0, n = (1ull << 63) + 1;
	double chi = 0, e = 100;
	u32 i;
	int b;

	memset(&rng, 0, sizeof(rng));
	for (i = 0; i < 32; i++)
		rng.key[i] = (u8)(i * 7 + 1);
	for (b = 7; b >= 0; b--)
		first = first << 8 | rng.key[b];
	x = kaslr_draw(&rng, ~0ull);
	TAP_CHECK(x == first % ~0ull || first == ~0ull, "draw 0: %llx, the key says %llx",
		  (unsigned long long)x, (unsigned long long)first);
	for (first = 0, b = 15; b >= 8; b--)
		first = first << 8 | rng.key[b];
	x = kaslr_draw(&rng, ~0ull);
	TAP_CHECK(x == first % ~0ull || first == ~0ull, "draw 1: %llx, the key says %llx",
		  (unsigned long long)x, (unsigned long long)first);
	/* draws 2 to 5: block 0; draws 6 to 9: block 1 */
	for (i = 2; i < 10; i++) {
		if (i % 4 == 2) {
			ctr[0] = (u8)((i - 2) / 4);
			blake2s_init(&h, 32, NULL, 0);
			blake2s_update(&h, rng.key + 16, 16);
			blake2s_update(&h, ctr, 8);
			blake2s_final(&h, out);
		}
		for (first = 0, b = 7; b >= 0; b--)
			first = first << 8 | out[8 * ((i - 2) % 4) + b];
		x = kaslr_draw(&rng, ~0ull);
		TAP_CHECK(x == first % ~0ull || first == ~0ull, "draw %u: %llx, BLAKE2s says %llx",
			  i, (unsigned long long)x, (unsigned long long)first);
	}
	for (i = 0; i < 68800; i++)
		bucket[kaslr_draw(&rng, 688)]++;
	for (i = 0; i < 688; i++)
		chi += (bucket[i] - e) * (bucket[i] - e) / e;
	TAP_CHECK(chi < 816, "chi-squared %.1f over 688 buckets", chi);
	for (i = 0; i < 1000; i++) {
		x = kaslr_draw(&rng, n);
		TAP_CHECK(x < n, "draw %u: %llx", i, (unsigned long long)x);
		TAP_CHECK(kaslr_draw(&rng, 1) == 0, "n = 1");
	}
	kaslr_done(&rng);
	TAP_CHECK(zero(rng.key, 32) && zero(rng.block, 32) && rng.counter == 0, "kaslr_done wipes");
	tap_case("draws: below n, BLAKE2s of the counter, uniform");
}

int main(void)
{
	tap_start();
	case_all_sources();
	case_bad_sources();
	case_options();
	case_draws();
	return tap_done();
}
