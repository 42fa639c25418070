// SPDX-License-Identifier: GPL-2.0
/*
 * KASLR's traces in the running kernel: the device tree's seed properties
 * read back as zeros through the cached mapping (the early boot wiped them
 * with the MMU off and dropped the stale lines), the place it chose is one
 * of the image's places, with the windows where the layout puts them, and
 * the image runs at the physical address boot_info says, with the loaded
 * copy kept reserved when physical KASLR moved it away.
 */
#include <lander/boot.h>
#include <lander/ktest.h>
#include <lander/sections.h>
#include <mm/layout.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>

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

/*
 * A word written through the image's own mapping reads back through the
 * linear map at boot_info.kimage_pa: the image runs there. (Its code is
 * the same bytes in both copies when it moved; a write is not.)
 */
static void test_image_runs_at_kimage_pa(struct ktest *t)
{
	static volatile u64 marker;
	const volatile u64 *alias;

	marker = 0x6b696d6167655f70ull ^ (u64)(uintptr_t)&marker;
	alias = (const volatile u64 *)(uintptr_t)__va(
		boot_info.kimage_pa + ((virt_addr_t)(uintptr_t)&marker - (virt_addr_t)_text));
	KEXPECT_EQ(t, *alias, marker);
	KEXPECT_EQ(t, boot_info.kimage_pa % KIMAGE_ALIGN, 0);
}

/* Is [pa, pa + size) inside one range memblock keeps reserved? */
static bool reserved_whole(phys_addr_t pa, u64 size)
{
	for (int i = 0; i < memblock.reserved.count; i++) {
		const struct memblock_region *r = &memblock.reserved.region[i];

		if (pa >= r->base && pa - r->base < r->size && size <= r->size - (pa - r->base))
			return true;
	}
	return false;
}

/*
 * Moved: the two copies are apart, and the loaded one is reserved whole
 * (harts may be parked in it). Not moved: the image runs where it was loaded.
 */
static void test_loaded_copy_is_reserved(struct ktest *t)
{
	phys_addr_t loaded = boot_info.loaded_pa, now = boot_info.kimage_pa;
	u64 size = boot_info.kimage_size;

	if (boot_info.kaslr_phys != KASLR_PHYS_MOVED) {
		KEXPECT_EQ(t, now, loaded);
		return;
	}
	KEXPECT_TRUE(t, now >= loaded + size || loaded >= now + size);
	KEXPECT_TRUE(t, reserved_whole(loaded, size));
	/* The running copy's init and early tables are freed once used: the rest is kept. */
	KEXPECT_TRUE(t, reserved_whole(now, __init_begin - _text));
}

static const struct ktest_case kaslr_cases[] = {
	KTEST_CASE(test_seed_properties_are_wiped),
	KTEST_CASE(test_place_is_one_of_the_places),
	KTEST_CASE(test_image_runs_at_kimage_pa),
	KTEST_CASE(test_loaded_copy_is_reserved),
	{},
};
KTEST_SUITE(kaslr, kaslr_cases);
