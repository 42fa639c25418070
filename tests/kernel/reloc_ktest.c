// SPDX-License-Identifier: GPL-2.0
/*
 * Relocation and the kernel's place in memory: the image runs at
 * KERNEL_LINK_ADDR + displacement, from the load address, with every
 * absolute pointer relocated, and the two address conversions agree with
 * the page tables.
 */
#include <lander/boot.h>
#include <lander/sections.h>
#include <lander/ktest.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/physaddr.h>

static int add_one(int x)
{
	return x + 1;
}

static int times_three(int x)
{
	return x * 3;
}

/* Absolute pointers: each is a RELATIVE relocation that early_boot() applied. */
static const struct {
	int (*fn)(int);
	const char *name;
	int in, out;
} relocated_table[] = {
	{ add_one, "add_one", 41, 42 },
	{ times_three, "times_three", 5, 15 },
};
static char *const text_pointer = _text;

static void test_text_runs_at_its_place(struct ktest *t)
{
	/* _text here is computed PC-relatively: where we really run. */
	KEXPECT_EQ(t, (virt_addr_t)_text, boot_info.place.kimage_va);
	/* ...and an absolute pointer to it says the same. */
	KEXPECT_EQ(t, (virt_addr_t)text_pointer, (virt_addr_t)_text);
}

static void test_text_is_at_load_address(struct ktest *t)
{
	struct pt_leaf leaf;

	KEXPECT_EQ(t, kernel_lookup((virt_addr_t)_text, &leaf), 0);
	KEXPECT_EQ(t, leaf.pa + ((virt_addr_t)_text - leaf.va), boot_info.kimage_pa);
	KEXPECT_EQ(t, __pa_symbol(_text), boot_info.kimage_pa);
}

static void test_relocated_pointers_work(struct ktest *t)
{
	unsigned int i;

	KEXPECT_STREQ(t, relocated_table[0].name, "add_one");
	KEXPECT_STREQ(t, relocated_table[1].name, "times_three");
	for (i = 0; i < ARRAY_SIZE(relocated_table); i++) {
		virt_addr_t fn = (virt_addr_t)relocated_table[i].fn;

		KEXPECT_TRUE(t, fn >= (virt_addr_t)_stext && fn < (virt_addr_t)_etext);
		KEXPECT_EQ(t, relocated_table[i].fn(relocated_table[i].in), relocated_table[i].out);
	}
}

static void test_symbol_conversion_matches_tables(struct ktest *t)
{
	virt_addr_t syms[] = { (virt_addr_t)_text,	 (virt_addr_t)_etext,
			       (virt_addr_t)_srodata,	 (virt_addr_t)_sdata,
			       (virt_addr_t)__bss_start, (virt_addr_t)init_pg_dir,
			       (virt_addr_t)_end - 1 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(syms); i++) {
		struct pt_leaf leaf;
		virt_addr_t va = syms[i];

		KEXPECT_EQ(t, kernel_lookup(va, &leaf), 0);
		KEXPECT_EQ(t, leaf.pa + (va - leaf.va), __pa_symbol(va));
	}
}

static void test_linear_conversion_round_trips(struct ktest *t)
{
	phys_addr_t pas[] = { phys_base, boot_info.kimage_pa, boot_info.fdt_pa,
			      boot_info.kimage_pa + boot_info.kimage_size - 1 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pas); i++) {
		KEXPECT_TRUE(t, is_linear_va(__va(pas[i])));
		KEXPECT_EQ(t, __pa(__va(pas[i])), pas[i]);
	}
	KEXPECT_EQ(t, (virt_addr_t)lm_alias(_text), __va(boot_info.kimage_pa));
	KEXPECT_NE(t, (virt_addr_t)lm_alias(_text), (virt_addr_t)_text);
}

/* Could a signed 32-bit PC-relative offset from 'from' reach 'to'? */
static bool reaches(virt_addr_t from, virt_addr_t to)
{
	s64 d = (s64)(to - from);

	return d >= -(s64)SZ_2G && d < (s64)SZ_2G;
}

static void test_windows_reach_image(struct ktest *t)
{
	const struct kimage_place *p = &boot_info.place;
	virt_addr_t ends[] = { p->modules_start, p->modules_start + MODULES_SIZE - 1, p->bpf_start,
			       p->bpf_start + BPF_WINDOW_SIZE - 1 };
	/* The image, and the end of the room the layout keeps for the largest one. */
	virt_addr_t img[] = { (virt_addr_t)_text, (virt_addr_t)_end - 1,
			      (virt_addr_t)_text + KIMAGE_MAX_SIZE - 1 };
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(ends); i++) {
		for (j = 0; j < ARRAY_SIZE(img); j++) {
			KEXPECT_TRUE(t, reaches(ends[i], img[j]));
			KEXPECT_TRUE(t, reaches(img[j], ends[i]));
		}
	}
}

static const struct ktest_case reloc_cases[] = { KTEST_CASE(test_text_runs_at_its_place),
						 KTEST_CASE(test_text_is_at_load_address),
						 KTEST_CASE(test_relocated_pointers_work),
						 KTEST_CASE(test_symbol_conversion_matches_tables),
						 KTEST_CASE(test_linear_conversion_round_trips),
						 KTEST_CASE(test_windows_reach_image),
						 {} };
KTEST_SUITE(relocation, reloc_cases);
