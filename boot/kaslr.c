// SPDX-License-Identifier: GPL-2.0
/*
 * The KASLR seed (include/lander/kaslr.h). Early subset: runs with the MMU
 * off, before relocation, so it keeps no pointer in data and what it
 * reports is plain numbers and bytes.
 *
 * Every source present goes into one BLAKE2s hash, each as a tag, its
 * length and its bytes, so that no source's bytes can pass for
 * another's; the 32-byte digest is the key of the draws. A source that
 * is predictable adds nothing but takes nothing away.
 */
#include <lander/blake2s.h>
#include <lander/cmdline.h>
#include <lander/cpu.h>
#include <lander/kaslr.h>
#include <lander/machine.h>
#include <lander/string.h>

/* Hash one source into h: tag, length (little-endian), bytes. */
static void __init mix(struct blake2s *h, u8 tag, const void *p, u32 len)
{
	u8 head[5] = { tag, (u8)len, (u8)(len >> 8), (u8)(len >> 16), (u8)(len >> 24) };

	blake2s_update(h, head, sizeof(head));
	blake2s_update(h, p, len);
}

/*
 * Zero a property's value in the blob, as Linux does, so that nothing
 * after the early boot can read the seed. The write went to memory (the
 * MMU and so the data cache are off): drop any clean line that still
 * holds the old bytes, or the first cached read would see them again.
 */
static void __init wipe(const struct fdt *fdt, const struct dt_prop_loc *loc)
{
	u8 *v = (u8 *)(uintptr_t)fdt->blob + loc->off;

	if (!loc->off)
		return;
	memset(v, 0, loc->len);
	arch_early_cache_inval(v, loc->len);
}

/*
 * The CPU's random instruction (include/lander/cpu.h): 256 bits of it, or nothing.
 * Its name goes into name (copied: the string is read at its physical
 * address now, and the report outlives the switch to virtual ones).
 * Returns whether it gave them.
 */
static bool __init mix_cpu(struct blake2s *h, const struct fdt *fdt, const struct dt_info *dt,
			   char *name, u32 size)
{
	const char *n = arch_seed_probe(fdt, dt->boot_cpu_node);
	u64 w[4];
	u32 i;

	if (!n)
		return false;
	for (i = 0; i < ARRAY_SIZE(w); i++)
		if (!arch_seed_u64(&w[i]))
			break;
	if (i == ARRAY_SIZE(w))
		mix(h, 'c', w, sizeof(w));
	memset(w, 0, sizeof(w));
	if (i < ARRAY_SIZE(w))
		return false;
	for (i = 0; i + 1 < size && n[i]; i++)
		name[i] = n[i];
	name[i] = '\0';
	return true;
}

struct kaslr_report __init kaslr_seed(struct kaslr_rng *rng, const struct fdt *fdt,
				      const struct dt_info *dt)
{
	struct kaslr_report r = { 0 };
	const struct dt_prop_loc *ks = &dt->kaslr_seed, *rs = &dt->rng_seed;
	const u8 *blob = fdt->blob;
	struct blake2s h;
	const char *val;
	int len;
	u64 opt;

	memset(rng, 0, sizeof(*rng));
	if (!IS_ENABLED(CONFIG_RANDOMIZE_BASE)) {
		r.off = KASLR_NOT_BUILT;
		return r;
	}
	blake2s_init(&h, sizeof(rng->key), NULL, 0);
	if (boot_option("kaslr.seed", &val, &len)) {
		if (!IS_ENABLED(CONFIG_KTEST)) {
			r.option_refused = true;
		} else {
			const char *end = val + len;
			u8 le[8];
			int i;

			/* the whole value, a number and nothing after it */
			if (!len || parse_u64(&val, &opt) || val != end)
				panic("kaslr.seed: not a number");

			for (i = 0; i < 8; i++)
				le[i] = (u8)(opt >> (8 * i));
			mix(&h, 'o', le, sizeof(le));
			r.sources = KASLR_SRC_OPTION;
		}
	}
	if (!r.sources) {
		if (ks->off && ks->len == 8) {
			mix(&h, 'k', blob + ks->off, 8);
			r.sources |= KASLR_SRC_KASLR_SEED;
		} else if (ks->off) {
			r.bad_kaslr_seed = ks->len ? ks->len : ~0u;
		}
		if (rs->off && rs->len) {
			mix(&h, 'r', blob + rs->off, rs->len);
			r.sources |= KASLR_SRC_RNG_SEED;
		} else if (rs->off) {
			r.empty_rng_seed = true;
		}
		if (mix_cpu(&h, fdt, dt, r.cpu_name, sizeof(r.cpu_name)))
			r.sources |= KASLR_SRC_CPU;
	}
	wipe(fdt, ks);
	wipe(fdt, rs);
	blake2s_final(&h, rng->key);
	if (boot_option("nokaslr", NULL, NULL))
		r.off = KASLR_NOKASLR;
	else if (!r.sources)
		r.off = KASLR_NO_SEED;
	if (r.off != KASLR_ON)
		kaslr_done(rng);
	return r;
}

/*
 * The next 64 bits. Draws 0 and 1 are the digest's first 16 bytes, so
 * that the image's place and RAM's place in the linear map cost no
 * compression beyond the seed's. The draws after come four at a time:
 * draws 2 + 4j to 5 + 4j are block j, the BLAKE2s-256 digest of the key's
 * last 16 bytes and j (64 bits little-endian), 24 bytes, one compression
 * (BLAKE2 has no length extension, so hashing the key in front is a sound
 * keyed function, and no draw's bytes are part of that key).
 */
static u64 __init kaslr_next(struct kaslr_rng *rng)
{
	u64 k = rng->counter - 2, x = 0;
	struct blake2s h;
	const u8 *p;
	u8 ctr[8];
	int i;

	if (rng->counter < 2) {
		p = rng->key + 8 * rng->counter;
	} else {
		if (k % 4 == 0) {
			for (i = 0; i < 8; i++)
				ctr[i] = (u8)((k / 4) >> (8 * i));
			blake2s_init(&h, sizeof(rng->block), NULL, 0);
			blake2s_update(&h, rng->key + 16, sizeof(rng->key) - 16);
			blake2s_update(&h, ctr, sizeof(ctr));
			blake2s_final(&h, rng->block);
		}
		p = rng->block + 8 * (k % 4);
	}
	rng->counter++;
	for (i = 0; i < 8; i++)
		x |= (u64)p[i] << (8 * i);
	return x;
}

u64 __init kaslr_draw(struct kaslr_rng *rng, u64 n)
{
	/* Reject the lowest 2^64 mod n values, so that every remainder is as likely. */
	u64 floor = (0 - n) % n, x;

	do
		x = kaslr_next(rng);
	while (x < floor);
	return x % n;
}

void __init kaslr_done(struct kaslr_rng *rng)
{
	memset(rng, 0, sizeof(*rng));
}
