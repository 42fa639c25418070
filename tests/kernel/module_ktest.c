// SPDX-License-Identifier: GPL-2.0
/*
 * The module loader in the running kernel: the modules loaded at boot are
 * mapped W^X with a guard page and stay within reach of the kernel; a
 * module placed far from the kernel calls it through veneers; a rejected
 * or unloaded module leaves no memory, page-table page or address range
 * behind. The good object the cases load again is the initramfs's
 * hello-gcc.ko; without it they are skipped.
 */
#include <lander/boot.h>
#include <lander/cpio.h>
#include <lander/elf.h>
#include <lander/errno.h>
#include <lander/ktest.h>
#include <lander/module_loader.h>
#include <lander/sections.h>
#include <lander/string.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

#define KTEST_MODULE "hello-gcc.ko"

/* A copy of the good module the cases corrupt (4 pages is plenty for it). */
#define COPY_MAX (16 * 1024)
static u8 copy[COPY_MAX] __aligned(8);

/* The bytes of the initramfs file whose name ends in file, or NULL. */
static const void *find_file(const char *file, u64 *size)
{
	const struct dt_info *dt = &boot_info.dt;
	struct cpio_file f;
	struct cpio cpio;
	size_t n = strlen(file);

	if (dt->initrd_end <= dt->initrd_start ||
	    cpio_init(&cpio, (const void *)(uintptr_t)__va(dt->initrd_start),
		      dt->initrd_end - dt->initrd_start))
		return NULL;
	while (cpio_next(&cpio, &f) == 1) {
		if (f.namelen >= n && !strcmp(f.name + f.namelen - n, file)) {
			*size = f.size;
			return f.data;
		}
	}
	return NULL;
}

/* The good module's bytes in the initramfs, or NULL. */
static const void *find_module(u64 *size)
{
	return find_file(KTEST_MODULE, size);
}

/* What a load may leave behind. */
struct footprint {
	u64 free;
	int ranges;
	int modules;
};

static struct footprint footprint(struct vm_window *w)
{
	int n;

	module_list(&n);
	return (struct footprint){ memblock_free_bytes(&memblock), w->count, n };
}

static void expect_same(struct ktest *t, struct footprint a, struct footprint b)
{
	KEXPECT_EQ(t, a.free, b.free);
	KEXPECT_EQ(t, a.ranges, b.ranges);
	KEXPECT_EQ(t, a.modules, b.modules);
}

/* The protection every page of [va, va + size) has, or -1 when they differ or one is missing. */
static int span_prot(virt_addr_t va, u64 size)
{
	struct pt_leaf leaf;
	int prot = -1;
	u64 off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		if (kernel_lookup(va + off, &leaf))
			return -1;
		if (prot >= 0 && (int)leaf.prot != prot)
			return -1;
		prot = leaf.prot;
	}
	return prot;
}

static void test_boot_modules_wx(struct ktest *t)
{
	struct pt_leaf leaf;
	struct module *m;
	int i, n;

	m = module_list(&n);
	if (!n) {
		ktest_skip(t, "no module was loaded at boot");
		return;
	}
	for (i = 0; i < n; i++, m++) {
		virt_addr_t at = m->va;

		if (m->text_size)
			KEXPECT_EQ(t, span_prot(at, m->text_size), PAGE_KERNEL_ROX);
		at += m->text_size;
		if (m->rodata_size)
			KEXPECT_EQ(t, span_prot(at, m->rodata_size), PAGE_KERNEL_RO);
		at += m->rodata_size;
		if (m->data_size)
			KEXPECT_EQ(t, span_prot(at, m->data_size), PAGE_KERNEL);
		at += m->data_size;
		KEXPECT_EQ(t, at, m->va + m->size);
		/* The guard page after it. */
		KEXPECT_EQ(t, kernel_lookup(at, &leaf), -ENOENT);
	}
}

/* Every byte of every loaded module is within 2 GB of every byte of the image. */
static void test_boot_modules_reach(struct ktest *t)
{
	u64 text = (u64)(uintptr_t)_text, end = (u64)(uintptr_t)_end;
	struct module *m;
	int i, n;

	m = module_list(&n);
	if (!n) {
		ktest_skip(t, "no module was loaded at boot");
		return;
	}
	/* The two farthest bytes are the lowest and the highest of both ranges. */
	for (i = 0; i < n; i++, m++)
		KEXPECT_TRUE(t, MAX(end, m->va + m->size) - MIN(text, m->va) <= SZ_2G);
}

/* Load the good module into w; returns the result with its footprint undone by unloading. */
static void load_and_unload(struct ktest *t, struct vm_window *w, bool want_veneers)
{
	struct footprint before = footprint(w);
	struct module_result r;
	const void *data;
	u64 size;

	data = find_module(&size);
	if (!data) {
		ktest_skip(t, "no " KTEST_MODULE " in the initramfs");
		return;
	}
	r = module_load("ktest-hello", data, size, w);
	KEXPECT_TRUE(t, r.mod != NULL);
	KEXPECT_EQ(t, r.init_ret, 0);
	if (!r.mod)
		return;
	KEXPECT_TRUE(t, r.mod->va >= w->start && r.mod->va + r.mod->size <= w->end);
	if (want_veneers)
		KEXPECT_NE(t, r.mod->nr_veneers, 0);
	module_unload(r.mod, true);
	expect_same(t, before, footprint(w));
}

static void test_load_unload_leaves_nothing(struct ktest *t)
{
	load_and_unload(t, modules_window(), false);
}

/*
 * The start of a span of size bytes nothing else uses, dist or a little
 * more from the image (vm_layout_spare()): far windows for the tests below.
 */
static virt_addr_t spare_span(u64 dist, u64 size)
{
	struct vm_layout l;

	vm_layout_compute(arch_pt_format(), ARCH_HAS_IDMAP, &boot_info.place, &l);
	return vm_layout_spare(&l, dist, size, PAGE_SIZE);
}

/*
 * A window a little more than 2 GB from the image: beyond a direct call's
 * reach on both arches (arm64 BL: 128 MB; riscv AUIPC+JALR: 2 GB), within
 * an arm64 ADRP veneer's (4 GB).
 */
static void test_far_module_uses_veneers(struct ktest *t)
{
	static struct vm_window far;
	virt_addr_t start = spare_span(SZ_2G + 64 * SZ_1M, 64 * SZ_1M);

	vm_window_init(&far, "far test", start, start + 64 * SZ_1M, PAGE_SIZE);
	load_and_unload(t, &far, true);
}

/*
 * A window 8 GB from the image: beyond every reference a veneer
 * cannot replace (farref takes printk's address PC-relatively: arm64 ADRP
 * reaches 4 GB, riscv AUIPC 2 GB) and beyond arm64's ADRP veneers too. The
 * module is refused as out of range, and leaves nothing behind.
 */
static void test_far_reference_rejected(struct ktest *t)
{
	static struct vm_window far;
	virt_addr_t start = spare_span(8 * SZ_1G, 64 * SZ_1M);
	struct footprint before;
	struct module_result r;
	const void *data;
	u64 size;

	vm_window_init(&far, "far test", start, start + 64 * SZ_1M, PAGE_SIZE);
	before = footprint(&far);
	data = find_file("farref-gcc.ko", &size);
	if (!data) {
		ktest_skip(t, "no farref-gcc.ko in the initramfs");
		return;
	}
	r = module_load("ktest-farref", data, size, &far);
	KEXPECT_TRUE(t, r.mod == NULL);
	KEXPECT_EQ(t, r.err, -ERANGE);
	expect_same(t, before, footprint(&far));
}

/* Corrupt a copy of the good module with fn, load it, expect a rejection and no trace. */
static void expect_rejected(struct ktest *t, void (*fn)(u8 *obj, u64 *size))
{
	struct footprint before = footprint(modules_window());
	struct module_result r;
	const void *data;
	u64 size;

	data = find_module(&size);
	if (!data || size > COPY_MAX) {
		ktest_skip(t, "no " KTEST_MODULE " (of at most 16 KB) in the initramfs");
		return;
	}
	memcpy(copy, data, size);
	fn(copy, &size);
	r = module_load("ktest-bad", copy, size, modules_window());
	KEXPECT_TRUE(t, r.mod == NULL);
	KEXPECT_TRUE(t, r.err != 0);
	KEXPECT_TRUE(t, !r.init_called);
	expect_same(t, before, footprint(modules_window()));
}

static void cut_in_half(u8 *obj, u64 *size)
{
	*size /= 2;
}

static void wrong_machine(u8 *obj, u64 *size)
{
	obj[18] ^= 0xff; /* e_machine's low byte */
}

/*
 * Write len bytes of val at offset at of every 24-byte entry (from the
 * first) of every section of type sh_type: symbols and relocations are
 * both 24 bytes in ELF64.
 */
static void poke_entries(u8 *obj, u32 sh_type, u64 first, u64 at, const void *val, u64 len)
{
	struct elf64_ehdr h;
	struct elf64_shdr s;
	unsigned int i;
	u64 j;

	memcpy(&h, obj, sizeof(h));
	for (i = 1; i < h.e_shnum; i++) {
		memcpy(&s, obj + h.e_shoff + i * sizeof(s), sizeof(s));
		if (s.sh_type != sh_type)
			continue;
		for (j = first; j + 24 <= s.sh_size; j += 24)
			memcpy(obj + s.sh_offset + j + at, val, len);
	}
}

/* Every relocation's type set to one no psABI defines (r_info's low byte). */
static void unknown_relocation(u8 *obj, u64 *size)
{
	static const u8 type = 250;

	poke_entries(obj, SHT_RELA, 0, 8, &type, 1);
}

/* Every symbol after the null one in a section that does not exist (st_shndx). */
static void bad_symbol_section(u8 *obj, u64 *size)
{
	static const u16 shndx = 0xfff0;

	poke_entries(obj, SHT_SYMTAB, 24, 6, &shndx, 2);
}

/* The init_module symbol renamed, so there is none. */
static void no_init(u8 *obj, u64 *size)
{
	u64 i;

	for (i = 0; i + 11 <= *size; i++)
		if (!memcmp(obj + i, "init_module", 12))
			obj[i] = 'X';
}

static void test_reject_truncated(struct ktest *t)
{
	expect_rejected(t, cut_in_half);
}

static void test_reject_wrong_machine(struct ktest *t)
{
	expect_rejected(t, wrong_machine);
}

static void test_reject_unknown_relocation(struct ktest *t)
{
	expect_rejected(t, unknown_relocation);
}

static void test_reject_bad_symbol_section(struct ktest *t)
{
	expect_rejected(t, bad_symbol_section);
}

static void test_reject_no_init(struct ktest *t)
{
	expect_rejected(t, no_init);
}

/* A module too large for the window it is given. */
static void test_reject_window_too_small(struct ktest *t)
{
	static struct vm_window tiny;
	virt_addr_t start = spare_span(SZ_2G + 64 * SZ_1M, PAGE_SIZE);
	struct footprint before;
	struct module_result r;
	const void *data;
	u64 size;

	vm_window_init(&tiny, "tiny test", start, start + PAGE_SIZE, PAGE_SIZE);
	before = footprint(&tiny);
	data = find_module(&size);
	if (!data) {
		ktest_skip(t, "no " KTEST_MODULE " in the initramfs");
		return;
	}
	r = module_load("ktest-tiny", data, size, &tiny);
	KEXPECT_TRUE(t, r.mod == NULL);
	KEXPECT_EQ(t, r.err, -ENOSPC);
	expect_same(t, before, footprint(&tiny));
}

static const struct ktest_case module_cases[] = {
	KTEST_CASE(test_boot_modules_wx),
	KTEST_CASE(test_boot_modules_reach),
	KTEST_CASE(test_load_unload_leaves_nothing),
	KTEST_CASE(test_far_module_uses_veneers),
	KTEST_CASE(test_far_reference_rejected),
	KTEST_CASE(test_reject_truncated),
	KTEST_CASE(test_reject_wrong_machine),
	KTEST_CASE(test_reject_unknown_relocation),
	KTEST_CASE(test_reject_bad_symbol_section),
	KTEST_CASE(test_reject_no_init),
	KTEST_CASE(test_reject_window_too_small),
	{},
};
/* The suite needs the test modules: a boot without them skips it whole, once. */
static bool modules_present(const char **why)
{
	u64 size;

	*why = "no " KTEST_MODULE " in the initramfs (boot with the test archive: make initramfs)";
	return find_module(&size) != NULL;
}
KTEST_SUITE_IF(modules, module_cases, modules_present);
