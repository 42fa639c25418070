// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for kernel/module_link.c, the generic half of the module
 * linker, independently of the real arches.
 *
 * The test brings its own struct link_arch, "fake", with a handful of
 * relocation types small enough to compute by hand: a 64-bit absolute
 * (S + A), a 32-bit PC-relative with a range check (S + A - P), a branch
 * that reaches only +-32 KiB and so goes through veneers, a GOT-relative
 * type, an alignment marker that asks for padding to be deleted, and a
 * HI/LO pair whose LO finds its HI with link_site_at(). Objects are made
 * in memory by tests/unit/elf_build.h. Every expected offset, address and
 * byte below is worked out by hand from the layout rules the header
 * states (areas text, rodata, data in that order, each a whole number of
 * pages; sections in file order at their alignment; veneers after the
 * text, the GOT after the rodata); none is read back from the linker.
 *
 * The last case is differential: random small objects (sections of every
 * kind, symbols, absolute and PC-relative relocations) are linked by the
 * generic code and by a plain model in this file, and the images must be
 * equal byte for byte. The seed is printed; MODULE_LINK_SEED replays it.
 *
 * Last, every module object make modules built is linked with the real
 * relocation code of its arch (link_arch_arm64, link_arch_riscv): the
 * generic and arch halves together on what the compilers really emit.
 *
 * kernel/module_link.c formats its messages with lib/printk.c, whose
 * functions have libc's names: the build renames them (unit-module_link-
 * cflags), as for the printk test.
 */
#include <lander/console.h>
#include <lander/elf.h>
#include <lander/errno.h>
#include <lander/link.h>
#include <lander/module_link.h>
#include <lander/printk.h>

#ifndef snprintf
#error "build with unit-module_link-cflags from tests/unit/objects.mk"
#endif
#undef vsnprintf
#undef snprintf
#undef vprintk
#undef printk

#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_build.h"
#include "tap.h"

/* lib/printk.c writes through this; the linker never prints. */
void console_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
}

#define BASE 0xffff800010000000ULL
#define PAGE 4096ULL

/* ---- the fake arch ---------------------------------------------------- */

enum {
	FK_NONE = 0,
	FK_ABS64 = 1, /* 8 bytes: S + A */
	FK_PC32 = 2,  /* 4 bytes: S + A - P, signed 32-bit */
	FK_BR16 = 3,  /* 4 bytes: S + A - P, within [-0x8000, 0x7fff], else via a veneer */
	FK_GOT32 = 4, /* 4 bytes: G(S + A) - P */
	FK_ALIGN = 5, /* marker: A bytes of padding, aligning to the next power of two >= A + 2 */
	FK_HI = 6,    /* 4 bytes: (S + A - P + 0x8000) >> 16 */
	FK_LO = 7,    /* 4 bytes: the low 16 bits of the HI's S + A - P, the HI being at S */
	FK_W32 = 8,   /* 4 bytes: S + A, at a place aligned to 4 */
	FK_UNKNOWN = 99,
};

#define FK_PLT_SIZE 16

/* What apply() saw for markers: their P, to check it is after deletions. */
static u64 marker_P[8];
static unsigned int nr_markers;

/* What each fake type asks of the linker before layout. */
static enum link_kind fk_kind(u32 type)
{
	switch (type) {
	case FK_ABS64:
	case FK_PC32:
	case FK_HI:
	case FK_LO:
	case FK_W32: return LINK_PLAIN;
	case FK_BR16: return LINK_BRANCH;
	case FK_GOT32: return LINK_GOT;
	case FK_NONE:
	case FK_ALIGN: return LINK_MARKER;
	}
	return LINK_UNKNOWN;
}

/* The fake types' names for messages; NULL for an unknown one. */
static const char *fk_type_name(u32 type)
{
	static const char *const names[] = { "FK_NONE", "FK_ABS64", "FK_PC32",
					     "FK_BR16", "FK_GOT32", "FK_ALIGN",
					     "FK_HI",	"FK_LO",    "FK_W32" };

	return type < ARRAY_SIZE(names) ? names[type] : NULL;
}

/* Store the low n bytes of v at the site (little-endian), within its room. */
static int fk_put(const struct link_site *r, u64 v, unsigned int n)
{
	if (r->room < n)
		return -ENOSPC;
	memcpy(r->loc, &v, n);
	return 0;
}

/*
 * Apply one fake relocation, with the errors module_link.h lists:
 * -ERANGE when the value does not fit (after a veneer, for FK_BR16),
 * -ENOSPC past the room, -EINVAL misaligned, -ENOEXEC a LO with no HI.
 */
static int fk_apply(struct link_state *l, const struct link_site *r)
{
	struct link_site hi;
	u64 target;
	s64 v;

	switch (r->type) {
	case FK_ABS64: return fk_put(r, r->S + r->A, 8);
	case FK_PC32:
		v = (s64)(r->S + r->A - r->P);
		if (v != (s32)v)
			return -ERANGE;
		return fk_put(r, (u64)v, 4);
	case FK_BR16:
		target = r->S + r->A;
		v = (s64)(target - r->P);
		if (v < -0x8000 || v > 0x7fff) {
			target = link_plt_entry(l, target);
			v = (s64)(target - r->P);
			if (!target || v < -0x8000 || v > 0x7fff)
				return -ERANGE;
		}
		return fk_put(r, (u64)v, 4);
	case FK_GOT32:
		target = link_got_entry(l, r->S + r->A);
		v = (s64)(target - r->P);
		if (!target || v != (s32)v)
			return -ERANGE;
		return fk_put(r, (u64)v, 4);
	case FK_NONE:
	case FK_ALIGN:
		if (nr_markers < ARRAY_SIZE(marker_P))
			marker_P[nr_markers++] = r->P;
		return 0;
	case FK_HI: return fk_put(r, (r->S + r->A - r->P + 0x8000) >> 16, 4);
	case FK_LO:
		if (link_site_at(l, r->S, &hi))
			return -ENOEXEC;
		return fk_put(r, (hi.S + hi.A - hi.P) & 0xffff, 4);
	case FK_W32:
		if (r->P & 3)
			return -EINVAL;
		return fk_put(r, r->S + r->A, 4);
	}
	return -ENOEXEC;
}

/* A veneer: "VENR", four zero bytes, then the GOT entry's address or the target. */
static int fk_write_plt(u8 *entry, u64 entry_va, u64 target, u64 got_va)
{
	u64 v = got_va ? got_va : target;

	memcpy(entry, "VENR\0\0\0\0", 8);
	memcpy(entry + 8, &v, 8);
	return 0;
}

/* FK_ALIGN's alignment: the power of two its A bytes of padding can reach. */
static u64 fk_align_request(u32 type, s64 addend)
{
	u64 a = 2;

	if (type != FK_ALIGN)
		return 0;
	if (addend < 0 || addend > 4096)
		return 1;
	while (a < (u64)addend + 2)
		a <<= 1;
	return a;
}

static const struct link_arch fake = {
	.name = "fake",
	.machine = EM_AARCH64,
	.plt_size = FK_PLT_SIZE,
	.kind = fk_kind,
	.type_name = fk_type_name,
	.apply = fk_apply,
	.write_plt = fk_write_plt,
	.align_request = fk_align_request,
};

/* The same, with each veneer loading its target from a GOT entry. */
static const struct link_arch fake_got = {
	.name = "fakegot",
	.machine = EM_AARCH64,
	.plt_size = FK_PLT_SIZE,
	.plt_uses_got = true,
	.kind = fk_kind,
	.type_name = fk_type_name,
	.apply = fk_apply,
	.write_plt = fk_write_plt,
	.align_request = fk_align_request,
};

/* ---- the harness ------------------------------------------------------ */

/* Undefined symbols the resolver knows. */
struct known {
	const char *name;
	u64 addr;
};
static const struct known *known;
static unsigned int nr_known;

/* The resolver: the name's address in the known table, or false. */
static bool fk_resolve(void *arg, const char *name, u64 *addr)
{
	unsigned int i;

	for (i = 0; i < nr_known; i++) {
		if (!strcmp(known[i].name, name)) {
			*addr = known[i].addr;
			return true;
		}
	}
	return false;
}

struct lk {
	u8 *img;
	struct elf_obj o;
	struct link_state l;
	void *scratch;
	u8 *buf;
	int err;
};

/* Build b's object (freeing b) and plan its link; returns link_plan()'s result. */
static int lk_plan(struct lk *k, struct eb *b, const struct link_arch *arch, u64 page)
{
	const char *why = NULL;
	u64 size;

	memset(k, 0, sizeof(*k));
	size = eb_build(b, &k->img);
	eb_free(b);
	if (elf_open(&k->o, k->img, size, arch->machine, &why)) {
		printf("# the test's object does not open: %s\n", why);
		abort();
	}
	k->scratch = malloc(link_scratch_size(&k->o) + 8);
	nr_markers = 0;
	k->err = link_plan(&k->l, arch, &k->o, page, k->scratch);
	return k->err;
}

/* Link the planned object at BASE into an exact malloc of l.size zeroed bytes. */
static int lk_apply(struct lk *k, const struct known *table, unsigned int n)
{
	known = table;
	nr_known = n;
	k->buf = calloc(1, k->l.size ? k->l.size : 1);
	k->err = link_apply(&k->l, BASE, k->buf, fk_resolve, NULL);
	return k->err;
}

/* Free what lk_plan() and lk_apply() allocated. */
static void lk_free(struct lk *k)
{
	free(k->img);
	free(k->scratch);
	free(k->buf);
}

/* Plan and link; check the result is err with message why (NULL: success). */
static void lk_expect(struct eb *b, const struct known *table, unsigned int n, int err,
		      const char *why, const char *what)
{
	struct lk k;

	if (!lk_plan(&k, b, &fake, PAGE))
		lk_apply(&k, table, n);
	TAP_CHECK(k.err == err, "returned %d, want %d (%s)", k.err, err, k.l.why);
	if (why)
		TAP_CHECK(!strcmp(k.l.why, why), "why \"%s\"\n#   want \"%s\"", k.l.why, why);
	lk_free(&k);
	tap_case("%s", what);
}

/* Little-endian loads and stores at any alignment (the host is little-endian). */
static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

static u64 get64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

/* Compare the linked image with want; name the first differing byte. */
static void check_image(const struct lk *k, const u8 *want, u64 size)
{
	u64 i;

	TAP_CHECK(k->l.size == size, "size %llu, want %llu", k->l.size, size);
	if (k->l.size != size || !k->buf)
		return;
	for (i = 0; i < size; i++) {
		if (k->buf[i] != want[i]) {
			TAP_CHECK(0, "image byte 0x%llx is 0x%02x, want 0x%02x", i, k->buf[i],
				  want[i]);
			return;
		}
	}
}

/* ---- layout ----------------------------------------------------------- */

static const u8 pattern[64] = {
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
	0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
	0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d,
	0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d,
	0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c,
};

/*
 * The sections of the layout object (indices 4 on; 1 to 3 are the tables).
 *
 *	4 .text    AX  align 4   10 bytes	 -> text   0
 *	5 .rodata  A   align 8    5 bytes	 -> rodata 0
 *	6 .data    WA  align 16   3 bytes	 -> data   0
 *	7 .bss     WA  NOBITS align 32, 100	 -> data   32
 *	8 .comment     7 bytes, not SHF_ALLOC	 -> not loaded
 *	9 .rodata2 A   align 64   1 byte	 -> rodata 64
 *	10 .robss  A   NOBITS align 8, 12	 -> data   136 (132 rounded up to 8)
 *	11 .empty  AX  0 bytes			 -> not loaded
 *	12 .text2  AX  align 2    3 bytes	 -> text   10
 */
static void layout_object(struct eb *b)
{
	eb_init(b, EM_AARCH64);
	eb_section(b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, pattern, 10);
	eb_section(b, ".rodata", SHT_PROGBITS, SHF_ALLOC, 8, pattern + 10, 5);
	eb_section(b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 16, pattern + 15, 3);
	eb_section(b, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 32, NULL, 100);
	eb_section(b, ".comment", SHT_PROGBITS, 0, 1, pattern + 18, 7);
	eb_section(b, ".rodata2", SHT_PROGBITS, SHF_ALLOC, 64, pattern + 25, 1);
	eb_section(b, ".robss", SHT_NOBITS, SHF_ALLOC, 8, NULL, 12);
	eb_section(b, ".empty", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, NULL, 0);
	eb_section(b, ".text2", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 2, pattern + 26, 3);
	eb_sym(b, "init_module", STB_GLOBAL, STT_FUNC, 4, 2);
	eb_sym(b, "helper", STB_LOCAL, STT_FUNC, 4, 4);
	eb_sym(b, "wfn", STB_WEAK, STT_FUNC, 4, 6);
	eb_sym(b, "gdata", STB_GLOBAL, STT_OBJECT, 7, 8);
	eb_sym(b, "text2_end", STB_GLOBAL, STT_FUNC, 12, 3);
}

/*
 * Expect with 4 KiB pages:
 *
 *	text   [0, 4096)	.text 0..10, .text2 10..13, veneers at 16 (none)
 *	rodata [4096, 8192)	.rodata 4096..4101, .rodata2 4160, GOT at 4168 (none)
 *	data   [8192, 12288)	.data 8192..8195, .bss 8224..8324, .robss 8328..8340
 */
static void test_layout_4k(void)
{
	static const struct {
		const char *name;
		u64 off, size;
	} want[] = {
		{ ".text", 0, 10 },	 { ".text2", 10, 3 },  { ".rodata", 4096, 5 },
		{ ".rodata2", 4160, 1 }, { ".data", 8192, 3 }, { ".bss", 8224, 100 },
		{ ".robss", 8328, 12 },
	};
	static u8 image[12288];
	struct eb b;
	struct lk k;
	unsigned int i;
	u64 off = 0, size = 0;

	layout_object(&b);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(k.l.size == 12288, "size %llu", k.l.size);
	TAP_CHECK(k.l.area_off[LINK_TEXT] == 0 && k.l.area_size[LINK_TEXT] == 4096, "text area");
	TAP_CHECK(k.l.area_off[LINK_RODATA] == 4096 && k.l.area_size[LINK_RODATA] == 4096,
		  "rodata area");
	TAP_CHECK(k.l.area_off[LINK_DATA] == 8192 && k.l.area_size[LINK_DATA] == 4096, "data area");
	TAP_CHECK(k.l.plt_off == 16 && k.l.plt_max == 0, "veneers at %llu, %llu", k.l.plt_off,
		  k.l.plt_max);
	TAP_CHECK(k.l.got_off == 4168 && k.l.got_max == 0, "GOT at %llu, %llu", k.l.got_off,
		  k.l.got_max);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		bool found = link_section(&k.l, want[i].name, &off, &size);

		TAP_CHECK(found && off == want[i].off && size == want[i].size,
			  "%s at %llu size %llu", want[i].name, off, size);
	}
	TAP_CHECK(!link_section(&k.l, ".comment", &off, &size), ".comment is not loaded");
	TAP_CHECK(!link_section(&k.l, ".empty", &off, &size), ".empty is not loaded");
	TAP_CHECK(!link_section(&k.l, ".rela.text", &off, &size), "no such section");

	memset(image, 0, sizeof(image));
	memcpy(image + 0, pattern, 10);
	memcpy(image + 10, pattern + 26, 3);
	memcpy(image + 4096, pattern + 10, 5);
	memcpy(image + 4160, pattern + 25, 1);
	memcpy(image + 8192, pattern + 15, 3);
	check_image(&k, image, sizeof(image));

	/* link_symbol: global symbols only, in the area asked for. */
	TAP_CHECK(link_symbol(&k.l, "init_module", LINK_TEXT) == BASE + 2, "init_module");
	TAP_CHECK(link_symbol(&k.l, "init_module", LINK_DATA) == 0, "init_module not in data");
	TAP_CHECK(link_symbol(&k.l, "helper", LINK_TEXT) == 0, "a local symbol is not found");
	TAP_CHECK(link_symbol(&k.l, "wfn", LINK_TEXT) == 0, "a weak one is not a global one");
	TAP_CHECK(link_symbol(&k.l, "gdata", LINK_DATA) == BASE + 8224 + 8, "gdata");
	TAP_CHECK(link_symbol(&k.l, "text2_end", LINK_TEXT) == BASE + 13, "text2_end");
	TAP_CHECK(link_symbol(&k.l, "nope", LINK_TEXT) == 0, "an unknown name");
	lk_free(&k);
	tap_case("layout: areas by flags, alignment inside areas, whole pages (4 KiB)");
}

/* Expect the same offsets inside each area, the areas at 0, 16 KiB and 32 KiB. */
static void test_layout_16k(void)
{
	struct eb b;
	struct lk k;
	u64 off = 0, size = 0;

	layout_object(&b);
	TAP_CHECK(lk_plan(&k, &b, &fake, 16384) == 0, "plan: %s", k.l.why);
	TAP_CHECK(k.l.size == 3 * 16384, "size %llu", k.l.size);
	TAP_CHECK(k.l.area_off[LINK_RODATA] == 16384 && k.l.area_off[LINK_DATA] == 32768,
		  "areas at %llu and %llu", k.l.area_off[LINK_RODATA], k.l.area_off[LINK_DATA]);
	TAP_CHECK(link_section(&k.l, ".rodata2", &off, &size) && off == 16384 + 64, ".rodata2");
	TAP_CHECK(link_section(&k.l, ".robss", &off, &size) && off == 32768 + 136, ".robss");
	lk_free(&k);
	tap_case("layout: whole 16 KiB pages");
}

/* One section that cannot load, and the message naming it. */
static void test_layout_rejects(void)
{
	static const struct {
		const char *name;
		u32 type;
		u64 flags, align;
		const char *why;
	} cases[] = {
		{ ".wx", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR, 4,
		  "section .wx is both writable and executable" },
		{ ".tdata", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE | SHF_TLS, 8,
		  "section .tdata is thread-local storage" },
		{ ".tbss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE | SHF_TLS, 8,
		  "section .tbss is thread-local storage" },
		{ ".xbss", SHT_NOBITS, SHF_ALLOC | SHF_EXECINSTR, 4,
		  "section .xbss is executable but has no bytes (SHT_NOBITS)" },
		{ ".big", SHT_PROGBITS, SHF_ALLOC, 8192,
		  "section .big asks for 8192-byte alignment" },
		/* Not SHF_ALLOC: never loaded, so never refused. */
		{ ".wxnote", SHT_PROGBITS, SHF_WRITE | SHF_EXECINSTR, 4, NULL },
		{ ".tlsnote", SHT_PROGBITS, SHF_TLS, 4, NULL },
		{ ".page", SHT_PROGBITS, SHF_ALLOC, 4096, NULL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct eb b;

		eb_init(&b, EM_AARCH64);
		eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, pattern, 8);
		eb_section(&b, cases[i].name, cases[i].type, cases[i].flags, cases[i].align,
			   pattern, 8);
		lk_expect(&b, NULL, 0, cases[i].why ? -ENOEXEC : 0, cases[i].why, cases[i].name);
	}
}

/* Expect a section whose end would pass 2^40 bytes into its area refused. */
static void test_layout_too_large(void)
{
	struct eb b;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 8);
	eb_section(&b, ".huge", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, (1ULL << 40) - 7);
	lk_expect(&b, NULL, 0, -ENOEXEC, "section .huge is too large",
		  "layout: a section ending past 2^40 is refused");
	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".wrap", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, ~0ULL);
	lk_expect(&b, NULL, 0, -ENOEXEC, "section .wrap is too large",
		  "layout: a size that wraps is refused");
}

/* ---- veneers and the GOT ------------------------------------------------ */

/*
 * A 64-byte .text with branches and GOT loads. far and far2 are undefined;
 * loc is .text+60.
 *
 *	off  type   symbol  addend   counted
 *	0    BR16   far     0        veneer for far
 *	4    BR16   far     0        (same)
 *	8    BR16   far     0        (same)
 *	12   BR16   far     4        a veneer of its own
 *	16   BR16   far     4        another (addend != 0 counts every time)
 *	20   BR16   far2    0        veneer for far2
 *	24   BR16   loc     0        none: defined here
 *	28   GOT32  far     0        GOT entry for far
 *	32   GOT32  far     0        (same)
 *	36   GOT32  far     8        a GOT entry of its own
 *	40   GOT32  loc     0        GOT entry for loc
 *	44   ABS64  far     0        none
 *
 * Expect 4 veneers and 3 GOT entries planned (7 when veneers use the GOT).
 */
static void veneer_object(struct eb *b)
{
	unsigned int r;
	u32 far, far2, loc;

	eb_init(b, EM_AARCH64);
	eb_section(b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, NULL, 64);
	r = eb_rela_section(b, 4);
	far = eb_sym(b, "far", STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0);
	far2 = eb_sym(b, "far2", STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0);
	loc = eb_sym(b, "loc", STB_LOCAL, STT_FUNC, 4, 60);
	eb_rela(b, r, 0, far, FK_BR16, 0);
	eb_rela(b, r, 4, far, FK_BR16, 0);
	eb_rela(b, r, 8, far, FK_BR16, 0);
	eb_rela(b, r, 12, far, FK_BR16, 4);
	eb_rela(b, r, 16, far, FK_BR16, 4);
	eb_rela(b, r, 20, far2, FK_BR16, 0);
	eb_rela(b, r, 24, loc, FK_BR16, 0);
	eb_rela(b, r, 28, far, FK_GOT32, 0);
	eb_rela(b, r, 32, far, FK_GOT32, 0);
	eb_rela(b, r, 36, far, FK_GOT32, 8);
	eb_rela(b, r, 40, loc, FK_GOT32, 0);
	eb_rela(b, r, 44, far, FK_ABS64, 0);
}

#define FAR (BASE + 0x100000)

/*
 * far and far2 both resolve to FAR, 1 MiB away: out of the branch's reach.
 * Expect veneer 0 (at 64) for FAR, shared by the calls at 0, 4, 8 and 20
 * (same target); veneer 1 (at 80) for FAR + 4; the GOT at 4096 holding
 * FAR, FAR + 8 and loc; the call to loc direct.
 */
static void test_veneers(void)
{
	static const struct known syms[] = { { "far", FAR }, { "far2", FAR } };
	static u8 image[8192];
	struct eb b;
	struct lk k;

	veneer_object(&b);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(k.l.plt_max == 4, "veneers planned: %llu", k.l.plt_max);
	TAP_CHECK(k.l.got_max == 3, "GOT entries planned: %llu", k.l.got_max);
	TAP_CHECK(k.l.plt_off == 64 && k.l.got_off == 4096, "veneers at %llu, GOT at %llu",
		  k.l.plt_off, k.l.got_off);
	TAP_CHECK(lk_apply(&k, syms, 2) == 0, "apply: %s", k.l.why);
	TAP_CHECK(k.l.plt_used == 2 && k.l.got_used == 3, "used %llu veneers, %llu GOT entries",
		  k.l.plt_used, k.l.got_used);
	TAP_CHECK(k.l.nr_relocs == 12, "applied %llu", k.l.nr_relocs);

	memset(image, 0, sizeof(image));
	put32(image + 0, 64);
	put32(image + 4, 60);
	put32(image + 8, 56);
	put32(image + 12, 80 - 12);
	put32(image + 16, 80 - 16);
	put32(image + 20, 64 - 20);
	put32(image + 24, 60 - 24);
	put32(image + 28, 4096 - 28);
	put32(image + 32, 4096 - 32);
	put32(image + 36, 4104 - 36);
	put32(image + 40, 4112 - 40);
	put64(image + 44, FAR);
	memcpy(image + 64, "VENR\0\0\0\0", 8);
	put64(image + 72, FAR);
	memcpy(image + 80, "VENR\0\0\0\0", 8);
	put64(image + 88, FAR + 4);
	put64(image + 4096, FAR);
	put64(image + 4104, FAR + 8);
	put64(image + 4112, BASE + 60);
	check_image(&k, image, sizeof(image));

	/* Two of the four veneers are left; then none. A known target is still shared. */
	TAP_CHECK(link_plt_entry(&k.l, FAR + 100) == BASE + 96, "third veneer");
	TAP_CHECK(link_plt_entry(&k.l, FAR + 100) == BASE + 96, "third veneer, shared");
	TAP_CHECK(link_plt_entry(&k.l, FAR + 200) == BASE + 112, "fourth veneer");
	TAP_CHECK(link_plt_entry(&k.l, FAR + 300) == 0, "none left");
	TAP_CHECK(link_plt_entry(&k.l, FAR) == BASE + 64, "FAR's veneer still found");
	TAP_CHECK(k.l.plt_used == 4, "used %llu", k.l.plt_used);
	TAP_CHECK(link_got_entry(&k.l, 12345) == 0, "no GOT entry left");
	TAP_CHECK(link_got_entry(&k.l, BASE + 60) == BASE + 4112, "loc's GOT entry shared");
	lk_free(&k);
	tap_case("veneers and GOT: planned per symbol, shared by target, exhausted");
}

/*
 * Veneers that load their target from the GOT. Expect 4 + 3 GOT entries
 * planned; in use, in order of first use: FAR (veneer 0), FAR + 4
 * (veneer 1), FAR + 8 and loc (the GOT loads; the one for FAR is shared).
 */
static void test_veneers_got(void)
{
	static const struct known syms[] = { { "far", FAR }, { "far2", FAR } };
	struct eb b;
	struct lk k;

	veneer_object(&b);
	TAP_CHECK(lk_plan(&k, &b, &fake_got, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(k.l.plt_max == 4 && k.l.got_max == 7, "planned %llu veneers, %llu GOT entries",
		  k.l.plt_max, k.l.got_max);
	TAP_CHECK(lk_apply(&k, syms, 2) == 0, "apply: %s", k.l.why);
	if (!k.err) {
		TAP_CHECK(k.l.plt_used == 2 && k.l.got_used == 4, "used %llu, %llu", k.l.plt_used,
			  k.l.got_used);
		TAP_CHECK(get64(k.buf + 72) == BASE + 4096, "veneer 0 loads GOT entry 0");
		TAP_CHECK(get64(k.buf + 88) == BASE + 4104, "veneer 1 loads GOT entry 1");
		TAP_CHECK(get64(k.buf + 4096) == FAR && get64(k.buf + 4104) == FAR + 4 &&
				  get64(k.buf + 4112) == FAR + 8 &&
				  get64(k.buf + 4120) == BASE + 60,
			  "GOT contents");
		TAP_CHECK(get32(k.buf + 28) == 4096 - 28 && get32(k.buf + 36) == 4112 - 36 &&
				  get32(k.buf + 40) == 4120 - 40,
			  "GOT loads");
	}
	lk_free(&k);
	tap_case("veneers through the GOT: plt_uses_got adds a GOT entry per veneer");
}

/*
 * The contract's message for a value that does not fit: a branch from
 * .text+0x0 to end (.text+0xfffc, a defined symbol, so no veneer was
 * planned), from .text+0x4 to .text's own section symbol + 0xfffc, and a
 * PC32 in .data to a symbol 4 GiB away.
 */
static void test_out_of_range(void)
{
	static const struct known syms[] = { { "far", BASE + 0x100000000ULL } };
	struct eb b;
	unsigned int r;
	u32 end, sec, far;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, NULL, 0x10000);
	r = eb_rela_section(&b, 4);
	end = eb_sym(&b, "end", STB_LOCAL, STT_FUNC, 4, 0xfffc);
	eb_rela(&b, r, 0, end, FK_BR16, 0);
	lk_expect(&b, NULL, 0, -ERANGE, "relocation FK_BR16 at .text+0x0 against end out of range",
		  "out of range: a branch with no veneer planned");

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, NULL, 0x10000);
	r = eb_rela_section(&b, 4);
	sec = eb_section_sym(&b, 4);
	eb_rela(&b, r, 4, sec, FK_BR16, 0xfffc);
	lk_expect(&b, NULL, 0, -ERANGE,
		  "relocation FK_BR16 at .text+0x4 against .text out of range",
		  "out of range: a section symbol is named by its section");

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 16);
	r = eb_rela_section(&b, 4);
	far = eb_sym(&b, "far", STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0);
	eb_rela(&b, r, 0, far, FK_PC32, -0x100000000LL);
	eb_rela(&b, r, 4, far, FK_PC32, 0);
	lk_expect(&b, syms, 1, -ERANGE, "relocation FK_PC32 at .data+0x4 against far out of range",
		  "out of range: PC32 4 GiB away (the one before it, 4 GiB less, fits)");
}

/* ---- symbols ---------------------------------------------------------- */

/*
 * .data (24 bytes, image offset 0: the text and rodata areas are empty)
 * with ABS64 at 0 against wk (weak, unresolved) + 5, at 8 against absv
 * (SHN_ABS 0x1234) + 1, at 16 against wk2 (weak, resolved) + 0.
 * Expect 5, 0x1235, and wk2's address.
 */
static void test_symbols(void)
{
	static const struct known syms[] = { { "wk2", 0xabcdef } };
	static u8 image[4096];
	struct eb b;
	struct lk k;
	unsigned int r;
	u32 wk, absv, wk2;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 24);
	r = eb_rela_section(&b, 4);
	wk = eb_sym(&b, "wk", STB_WEAK, STT_NOTYPE, SHN_UNDEF, 0);
	absv = eb_sym(&b, "absv", STB_GLOBAL, STT_NOTYPE, SHN_ABS, 0x1234);
	wk2 = eb_sym(&b, "wk2", STB_WEAK, STT_NOTYPE, SHN_UNDEF, 0);
	eb_sym(&b, "at_end", STB_GLOBAL, STT_OBJECT, 4, 24);
	eb_rela(&b, r, 0, wk, FK_ABS64, 5);
	eb_rela(&b, r, 8, absv, FK_ABS64, 1);
	eb_rela(&b, r, 16, wk2, FK_ABS64, 0);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, syms, 1) == 0, "apply: %s", k.l.why);
	memset(image, 0, sizeof(image));
	put64(image + 0, 5);
	put64(image + 8, 0x1235);
	put64(image + 16, 0xabcdef);
	check_image(&k, image, sizeof(image));
	TAP_CHECK(link_symbol(&k.l, "at_end", LINK_DATA) == BASE + 24, "a symbol at the end");
	TAP_CHECK(link_symbol(&k.l, "absv", LINK_DATA) == 0, "SHN_ABS is in no area");
	lk_free(&k);
	tap_case("symbols: weak undefined is 0, SHN_ABS is its value, one at the end");
}

/* One bad symbol in an object with .data (section 4) and .rela.data (5): shnum 6. */
static void bad_symbol(const char *name, u8 bind, u16 shndx, u64 value, int err, const char *why,
		       const char *what)
{
	struct eb b;
	unsigned int r;
	u32 s;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 16);
	r = eb_rela_section(&b, 4);
	s = eb_sym(&b, name, bind, STT_OBJECT, shndx, value);
	eb_rela(&b, r, 0, s, FK_ABS64, 0);
	lk_expect(&b, NULL, 0, err, why, what);
}

/* Each refusal link_resolve() makes, and one value it must accept. */
static void test_bad_symbols(void)
{
	bad_symbol("missing", STB_GLOBAL, SHN_UNDEF, 0, -ENOENT, "undefined symbol missing",
		   "symbols: an undefined one is named");
	bad_symbol("c", STB_GLOBAL, SHN_COMMON, 8, -ENOEXEC,
		   "common symbol c (build with -fno-common)", "symbols: SHN_COMMON is refused");
	bad_symbol("s", STB_LOCAL, 50, 0, -ENOEXEC, "symbol s is in section 50 of 6",
		   "symbols: section index past the table");
	bad_symbol("r", STB_LOCAL, SHN_LORESERVE, 0, -ENOEXEC, "symbol r is in section 65280 of 6",
		   "symbols: a reserved section index other than ABS and COMMON");
	bad_symbol("o", STB_GLOBAL, 4, 17, -ENOEXEC, "symbol o lies outside its section .data",
		   "symbols: a value past its section's end");
	bad_symbol("e", STB_GLOBAL, 4, 16, 0, NULL, "symbols: a value at its section's end");
}

/* ---- relocations the generic part refuses or skips --------------------- */

/*
 * .data (section 4) and .comment (5, not SHF_ALLOC, with a symbol note in
 * it), and .rela.comment full of nonsense that must be skipped.
 */
static void unloaded_object(struct eb *b, u32 *note, u32 *comment_sym)
{
	unsigned int r;

	eb_init(b, EM_AARCH64);
	eb_section(b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 16);
	eb_section(b, ".comment", SHT_PROGBITS, 0, 1, pattern, 8);
	*note = eb_sym(b, "note", STB_LOCAL, STT_OBJECT, 5, 2);
	*comment_sym = eb_section_sym(b, 5);
	r = eb_rela_section(b, 5);
	eb_rela(b, r, 0, 999, FK_UNKNOWN, 0);
	eb_rela(b, r, 1000, *note, FK_ABS64, 0);
}

/* Relocations against sections that are not loaded: refused; relocations in them: skipped. */
static void test_unloaded(void)
{
	struct eb b;
	struct lk k;
	unsigned int r;
	u32 note, cs;

	unloaded_object(&b, &note, &cs);
	r = eb_rela_section(&b, 4);
	eb_rela(&b, r, 8, note, FK_ABS64, 0);
	lk_expect(&b, NULL, 0, -ENOEXEC,
		  "relocation FK_ABS64 at .data+0x8 is against note, in a section that is not "
		  "loaded",
		  "unloaded: a symbol in a section that is not loaded");

	unloaded_object(&b, &note, &cs);
	r = eb_rela_section(&b, 4);
	eb_rela(&b, r, 0, cs, FK_ABS64, 0);
	lk_expect(&b, NULL, 0, -ENOEXEC,
		  "relocation FK_ABS64 at .data+0x0 is against .comment, in a section that is not "
		  "loaded",
		  "unloaded: a section symbol of a section that is not loaded");

	/* Expect the relocations of .comment skipped, the ones of .data applied. */
	unloaded_object(&b, &note, &cs);
	r = eb_rela_section(&b, 4);
	eb_rela(&b, r, 0, 0, FK_ABS64, 7);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	TAP_CHECK(k.l.nr_relocs == 1 && get64(k.buf) == 7, "applied %llu", k.l.nr_relocs);
	lk_free(&k);
	tap_case("unloaded: relocations of a section that is not loaded are skipped");
}

/*
 * A .bss whose sh_offset is near 2^64: SHT_NOBITS has no bytes, so the
 * offset means nothing and elf_open() accepts it, but pointing into the
 * file with it overflows (UBSan reports that). Expect a clean link.
 */
static void test_nobits_offset(void)
{
	struct elf64_shdr sh;
	const char *why = NULL;
	struct eb b;
	struct lk k;
	u64 size;

	memset(&k, 0, sizeof(k));
	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 64);
	size = eb_build(&b, &k.img);
	eb_free(&b);
	img_shdr(k.img, 4, &sh);
	sh.sh_offset = ~0ULL - 0x1000;
	img_set_shdr(k.img, 4, &sh);
	TAP_CHECK(elf_open(&k.o, k.img, size, EM_AARCH64, &why) == 0, "open: %s", why);
	k.scratch = malloc(link_scratch_size(&k.o));
	TAP_CHECK(link_plan(&k.l, &fake, &k.o, PAGE, k.scratch) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	lk_free(&k);
	tap_case("unloaded: SHT_NOBITS with an offset near 2^64 is never pointed into");
}

/* A .data of 16 bytes with one relocation. */
static void one_reloc(u64 off, u32 type, u32 symi, const char *why, int err, const char *what)
{
	struct eb b;
	unsigned int r;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 16);
	r = eb_rela_section(&b, 4);
	eb_sym(&b, "x", STB_LOCAL, STT_OBJECT, 4, 0);
	eb_rela(&b, r, off, symi, type, 0);
	lk_expect(&b, NULL, 0, err, why, what);
}

/* r_offset against the section's end, apply()'s errors, unknown types and symbols. */
static void test_bad_relocs(void)
{
	one_reloc(16, FK_ABS64, 1, "relocation FK_ABS64 at .data+0x10 is past its end", -ENOEXEC,
		  "relocs: r_offset at the section's end");
	one_reloc(~0ULL, FK_ABS64, 1,
		  "relocation FK_ABS64 at .data+0xffffffffffffffff is past its end", -ENOEXEC,
		  "relocs: r_offset ~0");
	one_reloc(12, FK_ABS64, 1,
		  "relocation FK_ABS64 at .data+0xc runs past the end of its section", -ENOEXEC,
		  "relocs: 8 bytes at 4 from the end (apply says -ENOSPC)");
	one_reloc(12, FK_PC32, 1, NULL, 0, "relocs: 4 bytes at 4 from the end fit");
	one_reloc(2, FK_W32, 1,
		  "relocation FK_W32 at .data+0x2 against x: misaligned, or not the instruction it "
		  "patches",
		  -ENOEXEC, "relocs: apply says -EINVAL");
	one_reloc(0, FK_PC32, 0, "relocation FK_PC32 at .data+0x0 against no symbol out of range",
		  -ERANGE, "relocs: symbol 0 is named \"no symbol\"");
	one_reloc(0, FK_UNKNOWN, 1, "unsupported relocation 99 at .data+0x0", -ENOEXEC,
		  "relocs: an unknown type is named by number");
	one_reloc(0, FK_ABS64, 2, "relocation FK_ABS64 at .data+0x0 names symbol 2 of 2", -ENOEXEC,
		  "relocs: a symbol index past the table");
}

/* ---- alignment deletion ------------------------------------------------ */

/*
 * .text (align 16, 24 bytes) with two paddings:
 *
 *	0     4        10    14  16       24
 *	| A×4 | pad×6  | B×4 |p×2| C×4 D×4 |
 *
 * ALIGN at 4, addend 6 (align 8): 4 bytes reach 8, so 2 of the 6 go
 * (8..10). ALIGN at 14, addend 2 (align 4): 14 - 2 = 12 is aligned, both go
 * (14..16). Expect .text of 20 bytes: A×4, pad×4, B×4, C×4, D×4; f2 (10)
 * at 8, f3 (16) at 12, mid (15, deleted) at 12, end (24) at 20.
 *
 * Relocations: PC32 at .text+20 (D, now at 16) against f1 (0): -16.
 * .data (image offset 4096) with ABS64 at 0 against f3, at 8 against
 * .text's section symbol + 16, at 16 against mid, at 24 against
 * .text's section symbol + 10. Expect BASE + 12, + 12, + 12, + 8.
 */
static void align_object(struct eb *b, u64 text_align, unsigned int *rt)
{
	u8 text[24];

	memset(text, 0xa1, 4);
	memset(text + 4, 0x90, 6);
	memset(text + 10, 0xb2, 4);
	memset(text + 14, 0x90, 2);
	memset(text + 16, 0xc3, 4);
	memset(text + 20, 0xd4, 4);
	eb_init(b, EM_AARCH64);
	eb_section(b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text_align, text, 24);
	eb_section(b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 32);
	*rt = eb_rela_section(b, 4);
}

/* align_object() with its symbols and relocations: expect the picture above. */
static void test_alignment_deletion(void)
{
	static u8 image[8192];
	struct eb b;
	struct lk k;
	unsigned int rt, rd;
	u32 f1, f3, mid, sec;
	u64 off = 0, size = 0;

	align_object(&b, 16, &rt);
	rd = eb_rela_section(&b, 5);
	f1 = eb_sym(&b, "f1", STB_LOCAL, STT_FUNC, 4, 0);
	eb_sym(&b, "f2", STB_GLOBAL, STT_FUNC, 4, 10);
	f3 = eb_sym(&b, "f3", STB_LOCAL, STT_FUNC, 4, 16);
	mid = eb_sym(&b, "mid", STB_LOCAL, STT_FUNC, 4, 15);
	eb_sym(&b, "end", STB_GLOBAL, STT_FUNC, 4, 24);
	sec = eb_section_sym(&b, 4);
	eb_rela(&b, rt, 4, 0, FK_ALIGN, 6);
	eb_rela(&b, rt, 14, 0, FK_ALIGN, 2);
	eb_rela(&b, rt, 20, f1, FK_PC32, 0);
	eb_rela(&b, rd, 0, f3, FK_ABS64, 0);
	eb_rela(&b, rd, 8, sec, FK_ABS64, 16);
	eb_rela(&b, rd, 16, mid, FK_ABS64, 0);
	eb_rela(&b, rd, 24, sec, FK_ABS64, 10);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	TAP_CHECK(link_section(&k.l, ".text", &off, &size) && off == 0 && size == 20,
		  ".text at %llu, %llu bytes", off, size);
	TAP_CHECK(link_section(&k.l, ".data", &off, &size) && off == 4096 && size == 32,
		  ".data at %llu, %llu bytes", off, size);
	TAP_CHECK(link_symbol(&k.l, "f2", LINK_TEXT) == BASE + 8, "f2");
	TAP_CHECK(link_symbol(&k.l, "end", LINK_TEXT) == BASE + 20, "end");
	TAP_CHECK(k.l.nr_relocs == 5, "applied %llu (markers not counted)", k.l.nr_relocs);
	TAP_CHECK(nr_markers == 2 && marker_P[0] == BASE + 4 && marker_P[1] == BASE + 12,
		  "markers seen at their places after deletion");

	memset(image, 0, sizeof(image));
	memset(image, 0xa1, 4);
	memset(image + 4, 0x90, 4);
	memset(image + 8, 0xb2, 4);
	memset(image + 12, 0xc3, 4);
	put32(image + 16, (u32)-16);
	put64(image + 4096, BASE + 12);
	put64(image + 4104, BASE + 12);
	put64(image + 4112, BASE + 12);
	put64(image + 4120, BASE + 8);
	check_image(&k, image, sizeof(image));
	lk_free(&k);
	tap_case("alignment deletion: bytes, symbols, offsets and section addends move");
}

/* The same padding in a section that is not text: expect nothing deleted. */
static void test_alignment_text_only(void)
{
	struct eb b;
	struct lk k;
	u64 off = 0, size = 0;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".rodata", SHT_PROGBITS, SHF_ALLOC, 16, pattern, 24);
	eb_rela(&b, eb_rela_section(&b, 4), 4, 0, FK_ALIGN, 6);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	TAP_CHECK(link_section(&k.l, ".rodata", &off, &size) && size == 24, "%llu bytes", size);
	TAP_CHECK(!memcmp(k.buf + off, pattern, 24), "bytes kept");
	lk_free(&k);
	tap_case("alignment deletion: only in text");
}

/* One padding relocation set in align_object's .text; expect why. */
static void bad_padding(u64 text_align, const u64 (*pads)[2], unsigned int n, u64 reloc_at, int err,
			const char *why, const char *what)
{
	struct eb b;
	unsigned int rt, i;

	align_object(&b, text_align, &rt);
	for (i = 0; i < n; i++)
		eb_rela(&b, rt, pads[i][0], 0, FK_ALIGN, (s64)pads[i][1]);
	if (reloc_at != ~0ULL)
		eb_rela(&b, rt, reloc_at, 0, FK_ABS64, 0);
	lk_expect(&b, NULL, 0, err, why, what);
}

/* Relocations in deleted and kept padding, and each malformed padding. */
static void test_alignment_errors(void)
{
	static const u64 ok[2][2] = { { 4, 6 }, { 14, 2 } };
	static const u64 backwards[2][2] = { { 14, 2 }, { 4, 6 } };
	static const u64 overlap[2][2] = { { 4, 6 }, { 8, 2 } };
	static const u64 negative[1][2] = { { 4, -1ULL } };
	static const u64 past[1][2] = { { 18, 14 } };
	static const u64 short_[1][2] = { { 1, 2 } };
	static const u64 to_end[1][2] = { { 16, 8 } };

	bad_padding(16, ok, 2, 8, -ENOEXEC,
		    "relocation FK_ABS64 at .text+0x8 patches deleted padding",
		    "alignment deletion: a relocation in deleted bytes");
	bad_padding(16, ok, 2, 15, -ENOEXEC,
		    "relocation FK_ABS64 at .text+0xf patches deleted padding",
		    "alignment deletion: a relocation in the last deleted byte");
	bad_padding(16, ok, 2, 7, 0, NULL, "alignment deletion: a relocation in kept padding");
	bad_padding(
		4, ok, 2, ~0ULL, -ENOEXEC,
		"alignment padding at .text+0x4 asks for more alignment (8) than its section has",
		"alignment deletion: more than the section's alignment");
	bad_padding(16, short_, 1, ~0ULL, -ENOEXEC,
		    "alignment padding at .text+0x1 is too short for its alignment",
		    "alignment deletion: padding too short");
	bad_padding(16, negative, 1, ~0ULL, -ENOEXEC, "alignment padding at .text+0x4 is malformed",
		    "alignment deletion: a negative addend");
	bad_padding(16, past, 1, ~0ULL, -ENOEXEC, "alignment padding at .text+0x12 is malformed",
		    "alignment deletion: padding past the section's end");
	bad_padding(16, backwards, 2, ~0ULL, -ENOEXEC,
		    "alignment padding at .text+0x4 is malformed",
		    "alignment deletion: paddings out of order");
	bad_padding(16, overlap, 2, ~0ULL, -ENOEXEC, "alignment padding at .text+0x8 is malformed",
		    "alignment deletion: overlapping paddings");
	bad_padding(16, to_end, 1, ~0ULL, 0, NULL,
		    "alignment deletion: padding up to the section's end");
}

/*
 * Padding in .text listed by two relocation sections (no compiler does
 * this, but an object may): the second's offsets would be counted from
 * scratch, its deletions would not follow the first's, and copying the
 * section would run backwards. Expect the object refused when the first
 * already deleted bytes, and accepted when it deleted none.
 */
static void test_alignment_two_sections(void)
{
	struct eb b;
	struct lk k;
	unsigned int rt, rt2;
	u64 off = 0, size = 0;

	align_object(&b, 16, &rt);
	rt2 = eb_rela_section(&b, 4);
	eb_rela(&b, rt, 16, 0, FK_ALIGN, 6);
	eb_rela(&b, rt2, 4, 0, FK_ALIGN, 6);
	lk_expect(&b, NULL, 0, -ENOEXEC,
		  "alignment padding at .text+0x4 is in a second relocation section",
		  "alignment deletion: padding in two relocation sections");

	/*
	 * The first deletes nothing (4 + 4 is aligned to 8), the second all 6
	 * bytes at 16 (already aligned to 8): expect 18 bytes.
	 */
	align_object(&b, 16, &rt);
	rt2 = eb_rela_section(&b, 4);
	eb_rela(&b, rt, 4, 0, FK_ALIGN, 4);
	eb_rela(&b, rt2, 16, 0, FK_ALIGN, 6);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	TAP_CHECK(link_section(&k.l, ".text", &off, &size) && size == 18, "%llu bytes", size);
	lk_free(&k);

	/* The first deletes 2 bytes, the second has no padding: expect 22 bytes still. */
	align_object(&b, 16, &rt);
	rt2 = eb_rela_section(&b, 4);
	eb_rela(&b, rt, 4, 0, FK_ALIGN, 6);
	eb_rela(&b, rt2, 0, 0, FK_ABS64, 0);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	TAP_CHECK(link_section(&k.l, ".text", &off, &size) && size == 22, "%llu bytes", size);
	lk_free(&k);
	tap_case("alignment deletion: a second relocation section that deletes nothing more");
}

/* ---- link_site_at ------------------------------------------------------ */

/*
 * .text (16 bytes) and .data (8; image offset 4096, var at .data+4 =
 * BASE + 4100). hi0 labels .text+0, hi1 labels .text+4.
 *
 *	rela  off  type     symbol  addend
 *	0     0    FK_NONE  var     100       a marker at the HI's place: not it
 *	1     0    FK_HI    var     0x12345   S + A - P = 0x13349: hi 1
 *	2     8    FK_LO    hi0               finds rela 1, looking back: 0x3349
 *	3     12   FK_LO    hi1               finds rela 4, looking on: 0x1010
 *	4     4    FK_HI    var     0x10      4100 + 16 - 4 = 0x1010: hi 0
 */
static void test_site_at(void)
{
	static u8 image[8192];
	struct eb b;
	struct lk k;
	unsigned int r;
	u32 var, hi0, hi1;

	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, NULL, 16);
	eb_section(&b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8, NULL, 8);
	r = eb_rela_section(&b, 4);
	var = eb_sym(&b, "var", STB_LOCAL, STT_OBJECT, 5, 4);
	hi0 = eb_sym(&b, "hi0", STB_LOCAL, STT_NOTYPE, 4, 0);
	hi1 = eb_sym(&b, "hi1", STB_LOCAL, STT_NOTYPE, 4, 4);
	eb_rela(&b, r, 0, var, FK_NONE, 100);
	eb_rela(&b, r, 0, var, FK_HI, 0x12345);
	eb_rela(&b, r, 8, hi0, FK_LO, 0);
	eb_rela(&b, r, 12, hi1, FK_LO, 0);
	eb_rela(&b, r, 4, var, FK_HI, 0x10);
	TAP_CHECK(lk_plan(&k, &b, &fake, PAGE) == 0, "plan: %s", k.l.why);
	TAP_CHECK(lk_apply(&k, NULL, 0) == 0, "apply: %s", k.l.why);
	memset(image, 0, sizeof(image));
	put32(image + 0, 1);
	put32(image + 4, 0);
	put32(image + 8, 0x3349);
	put32(image + 12, 0x1010);
	check_image(&k, image, sizeof(image));
	lk_free(&k);
	tap_case("link_site_at: the HI at a LO's label, before or after it, markers skipped");

	/* Expect a LO whose label has no relocation to be refused. */
	eb_init(&b, EM_AARCH64);
	eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 4, NULL, 16);
	r = eb_rela_section(&b, 4);
	hi0 = eb_sym(&b, "lonely", STB_LOCAL, STT_NOTYPE, 4, 12);
	eb_rela(&b, r, 12, hi0, FK_NONE, 0);
	eb_rela(&b, r, 8, hi0, FK_LO, 0);
	lk_expect(&b, NULL, 0, -ENOEXEC,
		  "relocation FK_LO at .text+0x8 against lonely cannot be applied (no partner "
		  "relocation)",
		  "link_site_at: no partner at the label (only a marker)");
}

/* ---- random objects against a model ------------------------------------ */

static u64 rng_state;

/* xorshift64*: the same sequence on every host. */
static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A random number below n (0 when n is 0). */
static u64 rnd_below(u64 n)
{
	return n ? rnd() % n : 0;
}

#define R_MAX_SEC  6
#define R_MAX_SYM  32
#define R_MAX_REL  24
#define R_MAX_SIZE 48

/* One random object, as the model sees it. */
struct r_obj {
	unsigned int nsec;
	struct {
		u32 type;
		u64 flags, align, size;
		u8 bytes[R_MAX_SIZE];
		int area; /* the model's: 0 text, 1 rodata, 2 data, -1 not loaded */
		u64 off;  /* the model's image offset */
		unsigned int nrel;
		struct {
			u64 off;
			u32 type, sym;
			s64 addend;
		} rel[R_MAX_REL];
	} sec[R_MAX_SEC];
	unsigned int nsym;
	struct {
		char name[8];
		u8 bind, type;
		u16 shndx; /* the object's section index (first ours is 4) */
		u64 value;
		u64 addr; /* the model's */
	} sym[R_MAX_SYM];
	struct known ext[4];
	unsigned int next;
};

/* The model's area for a section, from module_link.h's rules; -1: not loaded. */
static int r_area(u32 type, u64 flags, u64 size)
{
	if (!(flags & SHF_ALLOC) || !size)
		return -1;
	if (flags & SHF_EXECINSTR)
		return 0;
	if ((flags & SHF_WRITE) || type == SHT_NOBITS)
		return 2;
	return 1;
}

/* Make a random object: sections, symbols, then relocations against loadable symbols. */
static void r_generate(struct r_obj *m)
{
	static const u64 flags[] = { SHF_ALLOC | SHF_EXECINSTR, SHF_ALLOC, SHF_ALLOC | SHF_WRITE,
				     SHF_ALLOC | SHF_WRITE, 0 };
	unsigned int i, j, usable[R_MAX_SYM], nusable = 0;

	memset(m, 0, sizeof(*m));
	m->nsec = 1 + rnd_below(R_MAX_SEC);
	for (i = 0; i < m->nsec; i++) {
		unsigned int kind = rnd_below(ARRAY_SIZE(flags));

		m->sec[i].flags = flags[kind];
		m->sec[i].type = kind == 3 || (kind == 1 && !rnd_below(4)) ? SHT_NOBITS :
									     SHT_PROGBITS;
		m->sec[i].align = 1ULL << rnd_below(7);
		m->sec[i].size = rnd_below(R_MAX_SIZE + 1);
		for (j = 0; j < m->sec[i].size; j++)
			m->sec[i].bytes[j] = (u8)rnd();
		m->sec[i].area = r_area(m->sec[i].type, m->sec[i].flags, m->sec[i].size);
	}
	/* Undefined symbols: mostly near the image, sometimes 4 GiB away. */
	m->next = 1 + rnd_below(3);
	for (i = 0; i < m->next; i++) {
		static char names[4][4] = { "u0", "u1", "u2", "u3" };

		m->ext[i].name = names[i];
		m->ext[i].addr = rnd_below(8) ? BASE + rnd_below(1 << 20) - (1 << 19) :
						BASE + (1ULL << 32) + rnd_below(64);
		m->sym[m->nsym].bind = STB_GLOBAL;
		m->sym[m->nsym].shndx = SHN_UNDEF;
		memcpy(m->sym[m->nsym].name, names[i], 3);
		usable[nusable++] = m->nsym++;
	}
	m->sym[m->nsym].bind = STB_GLOBAL;
	m->sym[m->nsym].shndx = SHN_ABS;
	m->sym[m->nsym].value = rnd_below(2) ? rnd() : BASE + rnd_below(1 << 16);
	strcpy(m->sym[m->nsym].name, "abs");
	usable[nusable++] = m->nsym++;
	for (i = 0; i < m->nsec && m->nsym < R_MAX_SYM - 4; i++) {
		unsigned int n = rnd_below(4);

		m->sym[m->nsym].type = STT_SECTION;
		m->sym[m->nsym].shndx = 4 + i;
		if (m->sec[i].area >= 0)
			usable[nusable++] = m->nsym;
		m->nsym++;
		for (j = 0; j < n && m->nsym < R_MAX_SYM; j++) {
			m->sym[m->nsym].bind = rnd_below(2) ? STB_GLOBAL : STB_LOCAL;
			m->sym[m->nsym].type = STT_OBJECT;
			m->sym[m->nsym].shndx = 4 + i;
			m->sym[m->nsym].value = rnd_below(m->sec[i].size + 1);
			snprintf(m->sym[m->nsym].name, sizeof(m->sym[0].name), "s%u", m->nsym);
			if (m->sec[i].area >= 0)
				usable[nusable++] = m->nsym;
			m->nsym++;
		}
	}
	for (i = 0; i < m->nsec; i++) {
		unsigned int n = rnd_below(R_MAX_REL / 2);

		if (m->sec[i].type == SHT_NOBITS || m->sec[i].size < 8)
			continue;
		for (j = 0; j < n; j++) {
			u32 type = rnd_below(2) ? FK_ABS64 : FK_PC32;
			u64 width = type == FK_ABS64 ? 8 : 4;

			m->sec[i].rel[j].type = type;
			m->sec[i].rel[j].off = rnd_below(m->sec[i].size - width + 1);
			m->sec[i].rel[j].sym = usable[rnd_below(nusable)];
			m->sec[i].rel[j].addend = (s64)rnd_below(129) - 64;
		}
		m->sec[i].nrel = n;
	}
}

/* Turn the model's object into ELF: sections 4.., symbols 1.., then one .rela per section. */
static void r_build(const struct r_obj *m, struct eb *b)
{
	static const char *const names[] = { ".s0", ".s1", ".s2", ".s3", ".s4", ".s5" };
	unsigned int i, j;

	eb_init(b, EM_AARCH64);
	for (i = 0; i < m->nsec; i++)
		eb_section(b, names[i], m->sec[i].type, m->sec[i].flags, m->sec[i].align,
			   m->sec[i].bytes, m->sec[i].size);
	for (i = 0; i < m->nsym; i++)
		eb_sym(b, m->sym[i].type == STT_SECTION ? NULL : m->sym[i].name, m->sym[i].bind,
		       m->sym[i].type, m->sym[i].shndx, m->sym[i].value);
	for (i = 0; i < m->nsec; i++) {
		unsigned int r;

		if (!m->sec[i].nrel)
			continue;
		r = eb_rela_section(b, 4 + i);
		for (j = 0; j < m->sec[i].nrel; j++)
			eb_rela(b, r, m->sec[i].rel[j].off, m->sec[i].rel[j].sym + 1,
				m->sec[i].rel[j].type, m->sec[i].rel[j].addend);
	}
}

/*
 * The model: the layout as module_link.h states it, then every relocation
 * in section order. Writes the image to want (*size bytes) and returns 0,
 * or -ERANGE with why set for the first PC32 that does not fit.
 */
static int r_model(struct r_obj *m, u8 *want, u64 *size, char *why, size_t n)
{
	static const char *const names[] = { ".s0", ".s1", ".s2", ".s3", ".s4", ".s5" };
	u64 end[3] = { 0 }, start[3], pos = 0;
	unsigned int i, j, a;

	for (a = 0; a < 3; a++) {
		for (i = 0; i < m->nsec; i++) {
			if (m->sec[i].area != (int)a)
				continue;
			end[a] = (end[a] + m->sec[i].align - 1) / m->sec[i].align * m->sec[i].align;
			m->sec[i].off = end[a];
			end[a] += m->sec[i].size;
		}
	}
	for (a = 0; a < 3; a++) {
		start[a] = pos;
		pos += (end[a] + PAGE - 1) / PAGE * PAGE;
	}
	*size = pos;
	memset(want, 0, pos);
	for (i = 0; i < m->nsec; i++) {
		if (m->sec[i].area < 0)
			continue;
		m->sec[i].off += start[m->sec[i].area];
		if (m->sec[i].type != SHT_NOBITS)
			memcpy(want + m->sec[i].off, m->sec[i].bytes, m->sec[i].size);
	}
	for (i = 0; i < m->nsym; i++) {
		if (m->sym[i].shndx == SHN_UNDEF)
			m->sym[i].addr = m->ext[m->sym[i].name[1] - '0'].addr;
		else if (m->sym[i].shndx == SHN_ABS)
			m->sym[i].addr = m->sym[i].value;
		else
			m->sym[i].addr = BASE + m->sec[m->sym[i].shndx - 4].off + m->sym[i].value;
	}
	for (i = 0; i < m->nsec; i++) {
		for (j = 0; j < m->sec[i].nrel; j++) {
			u64 off = m->sec[i].off + m->sec[i].rel[j].off;
			u64 S = m->sym[m->sec[i].rel[j].sym].addr, A = m->sec[i].rel[j].addend;
			s64 v = (s64)(S + A - (BASE + off));

			if (m->sec[i].area < 0)
				continue;
			if (m->sec[i].rel[j].type == FK_ABS64) {
				put64(want + off, S + A);
				continue;
			}
			if (v < INT32_MIN || v > INT32_MAX) {
				const char *label = m->sym[m->sec[i].rel[j].sym].name;

				if (m->sym[m->sec[i].rel[j].sym].type == STT_SECTION)
					label = names[m->sym[m->sec[i].rel[j].sym].shndx - 4];
				snprintf(why, n,
					 "relocation FK_PC32 at %s+0x%llx against %s out of range",
					 names[i], m->sec[i].rel[j].off, label);
				return -ERANGE;
			}
			put32(want + off, (u32)v);
		}
	}
	return 0;
}

/* rounds random objects: the linker's result must be the model's, byte for byte. */
static void test_random(u64 seed, unsigned int rounds)
{
	static u8 want[3 * PAGE];
	unsigned int i, failures = 0, ranges = 0;

	for (i = 0; i < rounds && failures < 3; i++) {
		struct r_obj m;
		struct eb b;
		struct lk k;
		char why[160] = "";
		u64 size;
		int err;

		rng_state = seed + i * 0x9e3779b97f4a7c15ULL;
		rng_state += !rng_state;
		r_generate(&m);
		r_build(&m, &b);
		err = r_model(&m, want, &size, why, sizeof(why));
		ranges += err != 0;
		if (!lk_plan(&k, &b, &fake, PAGE))
			lk_apply(&k, m.ext, m.next);
		if (k.err != err || (err && strcmp(k.l.why, why)) ||
		    (!err && (k.l.size != size || memcmp(k.buf, want, size)))) {
			printf("# round %u (MODULE_LINK_SEED=%llu): returned %d (%s), want %d (%s)\n",
			       i, seed, k.err, k.l.why, err, why);
			check_image(&k, want, size);
			failures++;
		}
		lk_free(&k);
	}
	TAP_CHECK(failures == 0, "%u of %u rounds differ", failures, rounds);
	tap_case("random objects against the model: %u rounds, %u out of range (seed %llu)", i,
		 ranges, seed);
}

/*
 * Resolve any name but the one the undef module asks for, each to its own
 * address 1 MiB and more below the image (in reach of every branch).
 */
static bool real_resolve(void *arg, const char *name, u64 *addr)
{
	u64 h = 0;

	if (!strcmp(name, "no_such_export"))
		return false;
	while (*name)
		h = h * 31 + (u8)*name++;
	*addr = BASE - 0x100000 - (h % 4096) * 16;
	return true;
}

/*
 * Every module make modules built (the gcc/ and clang/ ones and the calc
 * variants; not the crafted bad/ ones), linked with the real arch of its
 * machine: expect each to link, but undef (its symbol is missing).
 */
static void test_real_objects(void)
{
	static const char *const patterns[] = { "build/*/modules/*/*.ko", "build/*/modules/*.ko" };
	unsigned int p, linked = 0;
	size_t i;

	for (p = 0; p < ARRAY_SIZE(patterns); p++) {
		glob_t g;

		if (glob(patterns[p], 0, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++) {
			const char *path = g.gl_pathv[i], *why = NULL;
			const struct link_arch *arch;
			bool undef = strstr(path, "/undef.ko") != NULL;
			struct link_state l;
			struct elf_obj o;
			void *scratch;
			u8 *obj, *buf;
			long n;
			FILE *f;
			int ret;

			if (strstr(path, "/bad/"))
				continue;
			f = fopen(path, "rb");
			if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 20) {
				TAP_CHECK(0, "cannot read %s", path);
				if (f)
					fclose(f);
				continue;
			}
			rewind(f);
			obj = malloc(n);
			if (!obj || fread(obj, 1, n, f) != (size_t)n)
				abort();
			fclose(f);
			arch = obj[18] == EM_RISCV ? &link_arch_riscv : &link_arch_arm64;
			ret = elf_open(&o, obj, n, arch->machine, &why);
			TAP_CHECK(ret == 0, "%s: %s", path, why);
			if (ret) {
				free(obj);
				continue;
			}
			scratch = malloc(link_scratch_size(&o));
			ret = link_plan(&l, arch, &o, PAGE, scratch);
			TAP_CHECK(ret == 0, "%s: %s", path, l.why);
			buf = ret ? NULL : calloc(1, l.size);
			if (buf)
				ret = link_apply(&l, BASE, buf, real_resolve, NULL);
			if (undef)
				TAP_CHECK(ret == -ENOENT, "%s: %d %s", path, ret, l.why);
			else
				TAP_CHECK(ret == 0, "%s: %s", path, l.why);
			linked += !ret;
			free(buf);
			free(scratch);
			free(obj);
		}
		globfree(&g);
	}
	if (!linked) {
		printf("ok %d - module objects # SKIP none under build/*/modules (make modules)\n",
		       ++tap_count);
		return;
	}
	tap_case("%u module objects link with their arch's relocation code", linked);
}

int main(void)
{
	const char *s = getenv("MODULE_LINK_SEED");
	u64 seed = s ? strtoull(s, NULL, 0) : 20261202;

	tap_start();
	printf("# MODULE_LINK_SEED=%llu\n", seed);
	test_layout_4k();
	test_layout_16k();
	test_layout_rejects();
	test_layout_too_large();
	test_veneers();
	test_veneers_got();
	test_out_of_range();
	test_symbols();
	test_bad_symbols();
	test_unloaded();
	test_nobits_offset();
	test_bad_relocs();
	test_alignment_deletion();
	test_alignment_text_only();
	test_alignment_errors();
	test_alignment_two_sections();
	test_site_at();
	test_random(seed, 3000);
	test_real_objects();
	return tap_done();
}
