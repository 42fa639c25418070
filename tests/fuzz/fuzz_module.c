// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the module linker: lib/elf.c, kernel/module_link.c
 * and both arches' relocation code, on arbitrary bytes.
 *
 * The first byte chooses the machine (bit 0: arm64 or riscv), the page
 * size (bits 1-2: 4, 16 or 64 KiB), where the image goes (bits 3-4) and
 * how far the exports are from it (bits 5-7: 1 to 8 times further);
 * the rest is the object, copied to a malloc of exactly its size. An
 * object elf_open() accepts is planned, and when its image is at most
 * 16 MiB it is linked into a zeroed malloc of exactly l.size bytes, so
 * AddressSanitizer reports any write outside the image and any read
 * outside the object or the scratch. The resolver knows the kernel's
 * exports the test modules use: most near the image, a few 3 and 4 GiB
 * away so that calls to them need veneers, one at an odd address. The asserts check what the
 * header promises about the plan and the counts.
 *
 * lib/printk.c formats the linker's messages; its functions have libc's
 * names, which the sanitizer runtimes call, so the build renames them
 * (fuzz-module-cflags), as the printk unit test does.
 */
#include <lander/console.h>
#include <lander/elf.h>
#include <lander/link.h>
#include <lander/module_link.h>
#include <lander/string.h>

#include <stdlib.h>

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define MAX_IMAGE (16ULL << 20)

static const struct {
	const char *name;
	u64 offset; /* from the image's base */
} exports[] = {
	{ "printk", -0x100000ULL },	  { "memcpy", 0xc0000000ULL },
	{ "memset", -0x100000000ULL },	  { "memmove", -0x101000ULL },
	{ "memcmp", -0x101800ULL },	  { "strlen", -0x102000ULL },
	{ "strcmp", 0xc0000000ULL },	  { "strncmp", -0x200000ULL },
	{ "strchr", -0x200800ULL },	  { "snprintf", -0x201000ULL },
	{ "mathlib_next", 0x200000 },	  { "mathlib_squares", 0x200800 },
	{ "mathlib_checksum", 0x201000 }, { "odd_export", 0x201001 },
};

/* lib/printk.c (renamed, see objects.mk) formats the linker's messages; nothing is printed. */
void console_write(const char *s, size_t len)
{
}

/* Where the exports are: base, and a scale for their offsets from it. */
struct place {
	u64 base, scale;
};

/* The resolver: an export's address from the place the first byte chose, or false. */
static bool fuzz_resolve(void *arg, const char *name, u64 *addr)
{
	const struct place *p = arg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(exports); i++) {
		if (!strcmp(exports[i].name, name)) {
			*addr = p->base + exports[i].offset * p->scale;
			return true;
		}
	}
	return false;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u64 pages[4] = { 4096, 16384, 65536, 4096 };
	static const u64 bases[4] = { 0xffffffc000000000ULL, 0xffff800008000000ULL,
				      0xfffffffff0000000ULL, 0x40000000ULL };
	const struct link_arch *arch;
	struct place place;
	struct link_state l;
	struct elf_obj o;
	const char *why;
	u64 page, base, a;
	void *scratch;
	u8 *obj, *buf;
	int ret;

	if (!size)
		return 0;
	arch = data[0] & 1 ? &link_arch_riscv : &link_arch_arm64;
	page = pages[(data[0] >> 1) & 3];
	base = bases[(data[0] >> 3) & 3];
	place.base = base;
	place.scale = 1 + (data[0] >> 5);
	obj = malloc(size - 1 ? size - 1 : 1);
	if (!obj)
		return 0;
	memcpy(obj, data + 1, size - 1);
	if (elf_open(&o, obj, size - 1, arch->machine, &why)) {
		CHECK(why && why[0]);
		free(obj);
		return 0;
	}
	scratch = malloc(link_scratch_size(&o) ? link_scratch_size(&o) : 1);
	if (!scratch) {
		free(obj);
		return 0;
	}
	ret = link_plan(&l, arch, &o, page, scratch);
	if (ret) {
		CHECK(ret < 0 && l.why[0]);
		goto out;
	}
	CHECK(l.size % page == 0);
	for (a = 0; a < LINK_NR_AREAS; a++) {
		CHECK(l.area_off[a] % page == 0 && l.area_size[a] % page == 0);
		CHECK(l.area_off[a] + l.area_size[a] <= l.size);
	}
	CHECK(l.plt_off + l.plt_max * arch->plt_size <=
	      l.area_off[LINK_TEXT] + l.area_size[LINK_TEXT]);
	CHECK(l.got_off + l.got_max * 8 <= l.area_off[LINK_RODATA] + l.area_size[LINK_RODATA]);
	if (l.size > MAX_IMAGE)
		goto out;
	buf = calloc(1, l.size ? l.size : 1);
	if (!buf)
		goto out;
	ret = link_apply(&l, base, buf, fuzz_resolve, &place);
	CHECK(ret <= 0);
	CHECK(!ret || l.why[0]);
	CHECK(l.plt_used <= l.plt_max && l.got_used <= l.got_max);
	if (!ret) {
		u64 off, len;

		a = link_symbol(&l, "init_module", LINK_TEXT);
		CHECK(!a || (a >= base && a <= base + l.area_size[LINK_TEXT]));
		if (link_section(&l, ".text", &off, &len))
			CHECK(off + len <= l.size);
	}
	free(buf);
out:
	free(scratch);
	free(obj);
	return 0;
}
