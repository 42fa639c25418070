// SPDX-License-Identifier: GPL-2.0
/*
 * A model of the data cache during arm64's MMU-off boot, to show why
 * head.S invalidates .bss, the early tables and the stack BEFORE they are
 * written, and early_finish() invalidates after writing only inside the
 * loaded file. (A copy physical KASLR makes is the same case as the
 * region past the file: boot/early.c invalidates all of it before the
 * copy writes.)
 *
 * What the model takes from the Arm ARM (DDI 0487):
 * - with SCTLR_EL1.M = 0 (and HCR_EL2.DC = 0) data accesses are Device:
 *   a store goes to memory and neither reads nor changes a cached line
 *   of the same address;
 * - a dirty line may be written back and evicted at any time;
 * - DC IVAC discards a line, but with HCR_EL2.VM or DC set it may be
 *   performed as DC CIVAC: a dirty line is written back first;
 * - once the MMU and caches are on, a read hits a valid line, or fills
 *   one from memory.
 * What the boot protocol promises: the loaded file is clean to the PoC
 * (no dirty line in it); beyond it, nothing.
 *
 * Each trial draws a seeded random starting cache (lines invalid, clean
 * or dirty with stale data, dirty only beyond the file), writes every
 * line with the MMU off with random evictions in between, in the old and
 * in the new order, and reads everything back with the caches on.
 * Expect: the new order always reads the fresh data, with or without the
 * upgrade; the old order loses it in some trials either way (a stale dirty
 * line evicted over a fresh store, or written back by the upgraded IVAC),
 * which shows the model can see the defect. CACHE_SEED=N picks the seed.
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"

#define LINES	   64
#define FILE_LINES 24 /* lines [0, FILE_LINES) are in the loaded file */
#define TRIALS	   2000

enum line_state { INVALID, CLEAN, DIRTY };

struct machine {
	uint32_t mem[LINES];
	uint32_t data[LINES];
	enum line_state state[LINES];
	int ivac_is_civac; /* HCR_EL2.VM or DC */
	uint64_t rng;
};

static uint32_t rnd(struct machine *m)
{
	m->rng ^= m->rng << 13;
	m->rng ^= m->rng >> 7;
	m->rng ^= m->rng << 17;
	return (uint32_t)m->rng;
}

static void evict(struct machine *m, int l)
{
	if (m->state[l] == DIRTY)
		m->mem[l] = m->data[l];
	m->state[l] = INVALID;
}

/* Maybe evict a random line: the cache may do so at any time. */
static void maybe_evict(struct machine *m)
{
	if (rnd(m) % 4 == 0)
		evict(m, (int)(rnd(m) % LINES));
}

static void dc_ivac(struct machine *m, int l)
{
	if (m->ivac_is_civac)
		evict(m, l);
	else
		m->state[l] = INVALID;
	maybe_evict(m);
}

/* A store with the MMU off: Device memory, straight to RAM. */
static void store_mmu_off(struct machine *m, int l, uint32_t v)
{
	m->mem[l] = v;
	maybe_evict(m);
}

static uint32_t load_cached(struct machine *m, int l)
{
	if (m->state[l] == INVALID) {
		m->data[l] = m->mem[l];
		m->state[l] = CLEAN;
	}
	return m->data[l];
}

/* The loader's leftovers: the file clean (protocol), beyond it anything. */
static void start(struct machine *m, uint64_t seed, int upgrade)
{
	int l;

	m->rng = seed | 1;
	m->ivac_is_civac = upgrade;
	for (l = 0; l < LINES; l++) {
		m->mem[l] = (l < FILE_LINES ? 0x1000u : 0xdead0000u) + (uint32_t)l;
		m->state[l] = (enum line_state)(rnd(m) % (l < FILE_LINES ? 2 : 3));
		m->data[l] = m->state[l] == DIRTY ? 0xbad00000u + (uint32_t)l : m->mem[l];
	}
}

static uint32_t fresh(int l)
{
	return 0x5eed0000u + (uint32_t)l;
}

/* Before: write everything (the relocated words in the file, .bss, tables), then invalidate. */
static void boot_old(struct machine *m)
{
	int l;

	for (l = 0; l < LINES; l++)
		store_mmu_off(m, l, fresh(l));
	for (l = 0; l < LINES; l++)
		dc_ivac(m, l);
}

/* Now: invalidate past the file first (head.S), write, invalidate the file (early_finish()). */
static void boot_new(struct machine *m)
{
	int l;

	for (l = FILE_LINES; l < LINES; l++)
		dc_ivac(m, l);
	for (l = 0; l < LINES; l++)
		store_mmu_off(m, l, fresh(l));
	for (l = 0; l < FILE_LINES; l++)
		dc_ivac(m, l);
}

/* How many lines read back stale with the caches on. */
static int stale_lines(struct machine *m)
{
	int l, n = 0;

	for (l = 0; l < LINES; l++)
		n += load_cached(m, l) != fresh(l);
	return n;
}

int main(void)
{
	const char *env = getenv("CACHE_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x9e3779b97f4a7c15ULL;
	static struct machine m;
	int upgrade, t, old_bad, new_bad;

	tap_start();
	printf("# CACHE_SEED=0x%llx\n", (unsigned long long)seed);
	for (upgrade = 0; upgrade <= 1; upgrade++) {
		old_bad = new_bad = 0;
		for (t = 0; t < TRIALS; t++) {
			start(&m, seed + (uint64_t)t * 2654435761u, upgrade);
			boot_new(&m);
			if (stale_lines(&m)) {
				if (!new_bad)
					printf("# new order: trial %d stale\n", t);
				new_bad++;
			}
			start(&m, seed + (uint64_t)t * 2654435761u, upgrade);
			boot_old(&m);
			old_bad += stale_lines(&m) != 0;
		}
		TAP_CHECK(new_bad == 0, "invalidate-first read stale data in %d of %d trials",
			  new_bad, TRIALS);
		if (upgrade)
			TAP_CHECK(old_bad > 0,
				  "the model never showed the defect of the old order");
		tap_case("MMU-off writes read back fresh, DC IVAC %s (old order stale in %d of %d)",
			 upgrade ? "as DC CIVAC (HCR_EL2.VM/DC)" : "as itself", old_bad, TRIALS);
	}
	return tap_done();
}
