// SPDX-License-Identifier: GPL-2.0
/*
 * KASLR's traces in the running kernel: the device tree's seed properties
 * read back as zeros through the cached mapping (the early boot wiped them
 * with the MMU off and dropped the stale lines), and the displacement it
 * chose is one of the image slots.
 */
#include <lander/boot.h>
#include <lander/ktest.h>
#include <mm/layout.h>

/* The bytes of a /chosen seed property, as the live tree holds them, are all zero. */
static void expect_wiped(struct ktest *t, const struct dt_prop_loc *loc)
{
	const u8 *v = boot_fdt()->blob + loc->off;
	u32 i, nonzero = 0;

	if (!loc->off)
		return; /* the loader passed none */
	for (i = 0; i < loc->len; i++)
		nonzero += v[i] != 0;
	KEXPECT_EQ(t, nonzero, 0);
}

static void test_seed_properties_are_wiped(struct ktest *t)
{
	if (!IS_ENABLED(CONFIG_RANDOMIZE_BASE))
		return;
	expect_wiped(t, &boot_info.dt.kaslr_seed);
	expect_wiped(t, &boot_info.dt.rng_seed);
}

static void test_displacement_is_a_slot(struct ktest *t)
{
	KEXPECT_EQ(t, boot_info.displacement % KIMAGE_ALIGN, 0);
	KEXPECT_TRUE(t, boot_info.displacement <= MAX_DISPLACEMENT);
	if (boot_info.kaslr.off != KASLR_ON)
		return;
	/* a random placement came from somewhere, and never from nowhere */
	KEXPECT_NE(t, boot_info.kaslr.sources, 0);
}

static const struct ktest_case kaslr_cases[] = {
	KTEST_CASE(test_seed_properties_are_wiped),
	KTEST_CASE(test_displacement_is_a_slot),
	{},
};
KTEST_SUITE(kaslr, kaslr_cases);
