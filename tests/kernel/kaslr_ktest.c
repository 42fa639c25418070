// SPDX-License-Identifier: GPL-2.0
/*
 * KASLR's traces in the running kernel: the device tree's seed properties
 * read back as zeros through the cached mapping (the early boot wiped them
 * with the MMU off and dropped the stale lines), and the place it chose is
 * one of the image's places, with the windows where the layout puts them.
 */
#include <lander/boot.h>
#include <lander/ktest.h>
#include <lander/sections.h>
#include <mm/layout.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

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

static void test_place_is_one_of_the_places(struct ktest *t)
{
	const struct kimage_place *p = &boot_info.place;
	struct kimage_range r = kimage_range(arch_pt_format());
	struct vm_layout l;
	const char *why = "";

	KEXPECT_EQ(t, (virt_addr_t)_text, p->kimage_va);
	KEXPECT_EQ(t, p->kimage_va % KASLR_ALIGN, 0);
	KEXPECT_TRUE(t, p->kimage_va >= r.lowest && p->kimage_va <= r.highest);
	vm_layout_compute(arch_pt_format(), ARCH_HAS_IDMAP, p, &l);
	KEXPECT_EQ(t, vm_layout_check(&l, arch_pt_format(), &why), 0);
	/* the windows lie below the image, their gaps within the largest */
	KEXPECT_TRUE(t, p->kimage_va - (p->modules_start + MODULES_SIZE) <= MODULES_GAP_MAX);
	KEXPECT_TRUE(t, p->modules_start - (p->bpf_start + BPF_WINDOW_SIZE) <= BPF_GAP_MAX);
	/* the top of the modules window, filled first, is in an arm64 BL's reach of the image */
	KEXPECT_TRUE(t, (virt_addr_t)_end - (p->modules_start + MODULES_SIZE) < 128 * SZ_1M);
	if (boot_info.kaslr.off != KASLR_ON)
		return;
	/* a random placement came from somewhere, and never from nowhere */
	KEXPECT_NE(t, boot_info.kaslr.sources, 0);
}

static const struct ktest_case kaslr_cases[] = {
	KTEST_CASE(test_seed_properties_are_wiped),
	KTEST_CASE(test_place_is_one_of_the_places),
	{},
};
KTEST_SUITE(kaslr, kaslr_cases);
