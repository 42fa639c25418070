/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KASLR: the seed and the draws made from it (boot/kaslr.c), early subset.
 *
 * The seed mixes every source present, with BLAKE2s, into a 32-byte key;
 * each draw is BLAKE2s keyed with it over a counter. The sources, in the
 * banner's order: /chosen/kaslr-seed (8 bytes), /chosen/rng-seed (any
 * length), the CPU's random instruction (arch_seed_u64()), and, in self-test
 * builds only, the boot option kaslr.seed= (then the only source, so that
 * a placement can be reproduced). The device tree's seed properties are
 * wiped once read. docs/kaslr.md has the whole story.
 */
#ifndef LANDER_KASLR_H
#define LANDER_KASLR_H

#include <lander/dt_info.h>
#include <lander/fdt.h>
#include <lander/types.h>

/* The seed's sources (bits), for the banner. */
#define KASLR_SRC_KASLR_SEED 1u
#define KASLR_SRC_RNG_SEED   2u
#define KASLR_SRC_CPU	     4u
#define KASLR_SRC_OPTION     8u

/* Why the kernel is not randomised, when it is not. */
enum kaslr_off {
	KASLR_ON,
	KASLR_NOT_BUILT,    /* CONFIG_RANDOMIZE_BASE is off */
	KASLR_NOKASLR,	    /* the boot option nokaslr */
	KASLR_DISPLACEMENT, /* the boot option kernel_displacement= chose the place */
	KASLR_NO_SEED,	    /* no source gave anything */
};

/*
 * Where the image runs physically (CONFIG_RANDOMIZE_PHYS): moved, or why
 * it stayed where the loader put it.
 */
enum kaslr_phys {
	KASLR_PHYS_KEPT,       /* not built, or KASLR is off (off says why) */
	KASLR_PHYS_MOVED,      /* copied to a random place in RAM (mm/phys_place.c) */
	KASLR_PHYS_OPTION_OFF, /* the boot option kaslr.phys=off */
	KASLR_PHYS_NO_ROOM,    /* no place in RAM fits the image */
	KASLR_PHYS_EFI,	       /* the EFI stub placed it (/chosen/lander,efi-placement) */
};

/* What the seed's gathering found, for the banner (plain numbers: it outlives the MMU switch). */
struct kaslr_report {
	u32 off;	     /* enum kaslr_off */
	u32 sources;	     /* KASLR_SRC_* mixed in */
	char cpu_name[8];    /* the CPU instruction mixed in (arch_seed_u64()), "" for none */
	u32 bad_kaslr_seed;  /* kaslr-seed's length when not 8 (ignored), else 0 */
	bool empty_rng_seed; /* rng-seed was empty (ignored) */
	bool option_refused; /* kaslr.seed= given in a build without self-tests */
};

/* The key the draws come from, the block of draws in use, and how many were made. Wiped by kaslr_done(). */
struct kaslr_rng {
	u8 key[32];
	u8 block[32];
	u64 counter;
};

/*
 * Gather the seed for this boot from the device tree at fdt (read by
 * dt_info_scan() into dt) and the CPU, mix it into *rng, and wipe the
 * seed properties in the blob. Returns what it found; report.off is
 * KASLR_ON when *rng may be drawn from.
 */
struct kaslr_report kaslr_seed(struct kaslr_rng *rng, const struct fdt *fdt,
			       const struct dt_info *dt);

/* A number uniform in [0, n) (n > 0), the next draw from rng. */
u64 kaslr_draw(struct kaslr_rng *rng, u64 n);

/* Forget the key. */
void kaslr_done(struct kaslr_rng *rng);

#endif
