// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of mm/memory_init.c: memblock filled from a device tree.
 *
 *	test_memory_init FIXTURE_DIR
 *
 * Three sources of trees: the fixtures of tests/fixtures (multibank.dts,
 * whose expected lists are worked out by hand below), QEMU's own DTBs
 * (qemu-ARCH-mM-smpS.dtb: one bank of M at the arch's RAM base), and
 * small trees this file writes in memory for the corners: no /memory,
 * empty and sub-page banks, RAM the linear map cannot hold, /memreserve/,
 * /reserved-memory with and without no-map, too many banks or
 * reservations, cells of other buses. And real boards' trees (make
 * board-dtbs), checked against libfdt (loaded with dlopen(): its names
 * clash with the kernel's).
 *
 * lib/printk.c's snprintf and friends have libc's names: the build
 * renames them (unit-memory_init-cflags in objects.mk), and this file
 * drops the macros before any libc header. console_write() captures the
 * warnings, whose text is checked.
 *
 * mm/physaddr.c (linear_map_choose) also holds the checked address
 * conversions, which refer to _text, _end and panic(): the host
 * definitions below stand in for them; nothing here calls them.
 */
#define _GNU_SOURCE /* REG_EFL, the x86 flags in a signal's context */
#include <lander/console.h>
#include <lander/dt_info.h>
#include <lander/early_dev.h>
#include <lander/errno.h>
#include <lander/fdt.h>
#include <lander/machine.h>
#include <mm/memblock.h>
#include <mm/memory_init.h>
#include <mm/pgtable.h>
#include <mm/physaddr.h>

#ifndef printk
#error "build with unit-memory_init-cflags from tests/unit/objects.mk"
#endif
#undef vsnprintf
#undef snprintf
#undef vprintk
#undef printk

#include <dirent.h>
#include <dlfcn.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include "libfdt_dl.h"
#include "read_file.h"
#include "tap.h"
#include "memblock_expect.h"

/* ---- host stand-ins for the kernel's symbols ------------------------------ */

char _text[1], _end[1];

void panic(const char *fmt, ...)
{
	va_list ap;

	printf("# panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nBail out! panic() called\n");
	fflush(stdout);
	abort();
}

static char cap[8192];
static size_t cap_len;

void console_write(const char *s, size_t len)
{
	if (len > sizeof(cap) - 1 - cap_len)
		len = sizeof(cap) - 1 - cap_len;
	memcpy(cap + cap_len, s, len);
	cap_len += len;
	cap[cap_len] = 0;
}

static void cap_reset(void)
{
	cap_len = 0;
	cap[0] = 0;
}

#define EXPECT_CONSOLE(want)                                                                  \
	do {                                                                                  \
		if (strcmp(cap, want))                                                        \
			tap_fail_at(__FILE__, __LINE__,                                       \
				    "console:\n#   got  \"%s\"\n#   want \"%s\"", cap, want); \
	} while (0)

static struct memblock mb;
static struct memory_init_report rep;

/* The report, field by field: banks, ignored, reserved, nomap, clipped. */
#define EXPECT_REPORT(b, i, r, n, c)                                                           \
	TAP_CHECK(rep.banks == (b) && rep.ignored_banks == (i) && rep.reserved == (r) &&       \
			  rep.nomap == (n) && rep.clipped == (c),                              \
		  "report banks %d ignored %d reserved %d nomap %d clipped 0x%llx", rep.banks, \
		  rep.ignored_banks, rep.reserved, rep.nomap, rep.clipped)

/* ---- a small DTB writer ------------------------------------------------------ */

#define T_BEGIN_NODE 1
#define T_END_NODE   2
#define T_PROP	     3
#define T_END	     9

struct dtw {
	u8 st[16384];
	u32 st_len;
	char str[1024];
	u32 str_len;
	u64 rsv[16][2];
	int nrsv;
	u8 blob[20480];
	u32 size;
	struct fdt fdt;
};

static struct dtw dt;

static void put32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void dt_word(u32 v)
{
	if (dt.st_len + 4 > sizeof(dt.st))
		abort();
	put32(dt.st + dt.st_len, v);
	dt.st_len += 4;
}

static void dt_bytes(const void *p, u32 len)
{
	if (dt.st_len + len + 3 > sizeof(dt.st))
		abort();
	if (len)
		memcpy(dt.st + dt.st_len, p, len);
	dt.st_len += len;
	while (dt.st_len % 4)
		dt.st[dt.st_len++] = 0;
}

static u32 dt_string(const char *name)
{
	u32 off = 0, len = strlen(name) + 1;

	while (off < dt.str_len) {
		if (!strcmp(dt.str + off, name))
			return off;
		off += strlen(dt.str + off) + 1;
	}
	if (dt.str_len + len > sizeof(dt.str))
		abort();
	memcpy(dt.str + dt.str_len, name, len);
	dt.str_len += len;
	return off;
}

static void dt_prop(const char *name, const void *val, u32 len)
{
	dt_word(T_PROP);
	dt_word(len);
	dt_word(dt_string(name));
	dt_bytes(val, len);
}

static void dt_prop_str(const char *name, const char *s)
{
	dt_prop(name, s, strlen(s) + 1);
}

static void dt_prop_u32(const char *name, u32 v)
{
	u8 b[4];

	put32(b, v);
	dt_prop(name, b, 4);
}

static void dt_begin(const char *name)
{
	dt_word(T_BEGIN_NODE);
	dt_bytes(name, strlen(name) + 1);
}

static void dt_end(void)
{
	dt_word(T_END_NODE);
}

/* Start a tree: the root node, with the given cell counts (0: none given). */
static void dt_start(u32 acells, u32 scells)
{
	memset(&dt, 0, sizeof(dt));
	dt_begin("");
	if (acells)
		dt_prop_u32("#address-cells", acells);
	if (scells)
		dt_prop_u32("#size-cells", scells);
}

/* A reg of n (base, size) pairs in acells and scells cells each. */
static void dt_reg(u32 acells, u32 scells, const u64 *pairs, int n)
{
	u8 b[(DT_MAX_BANKS + 1) * 16];
	u32 len = 0;
	int i;

	for (i = 0; i < 2 * n; i++) {
		u32 cells = i % 2 ? scells : acells;

		if (cells == 2)
			put32(b + len, pairs[i] >> 32), len += 4;
		put32(b + len, pairs[i]);
		len += 4;
	}
	dt_prop("reg", b, len);
}

/* A /memory node with n banks, in the root's cells. */
static void dt_memory(const char *name, u32 acells, u32 scells, const u64 *pairs, int n)
{
	dt_begin(name);
	dt_prop_str("device_type", "memory");
	dt_reg(acells, scells, pairs, n);
	dt_end();
}

static void dt_memreserve(u64 base, u64 size)
{
	dt.rsv[dt.nrsv][0] = base;
	dt.rsv[dt.nrsv][1] = size;
	dt.nrsv++;
}

/* End the root and the tree; lay out the blob and check it with fdt_init(). */
static int dt_finish(void)
{
	u32 off_rsv = 40, off_st, off_str, i;
	int err;

	dt_end();
	dt_word(T_END);
	off_st = off_rsv + (dt.nrsv + 1) * 16;
	off_str = off_st + dt.st_len;
	dt.size = off_str + dt.str_len;
	if (dt.size > sizeof(dt.blob))
		abort();
	memset(dt.blob, 0, sizeof(dt.blob));
	put32(dt.blob + 0, FDT_MAGIC);
	put32(dt.blob + 4, dt.size);
	put32(dt.blob + 8, off_st);
	put32(dt.blob + 12, off_str);
	put32(dt.blob + 16, off_rsv);
	put32(dt.blob + 20, 17);
	put32(dt.blob + 24, 16);
	put32(dt.blob + 32, dt.str_len);
	put32(dt.blob + 36, dt.st_len);
	for (i = 0; i < (u32)dt.nrsv; i++) {
		put32(dt.blob + off_rsv + 16 * i, dt.rsv[i][0] >> 32);
		put32(dt.blob + off_rsv + 16 * i + 4, dt.rsv[i][0]);
		put32(dt.blob + off_rsv + 16 * i + 8, dt.rsv[i][1] >> 32);
		put32(dt.blob + off_rsv + 16 * i + 12, dt.rsv[i][1]);
	}
	memcpy(dt.blob + off_st, dt.st, dt.st_len);
	memcpy(dt.blob + off_str, dt.str, dt.str_len);
	err = fdt_init(&dt.fdt, dt.blob, dt.size);
	if (err)
		printf("# the test's own DTB is refused: %s\n", fdt_strerror(err));
	return err;
}

/* ---- running memblock_init_from_fdt ------------------------------------------ */

/* What the boot does: dt_info_scan(), then memblock_init(). */
static int memblock_init_from_fdt(struct memblock *m, const struct fdt *fdt,
				  const struct pt_format *f, const struct boot_ranges *boot,
				  struct memory_init_report *r)
{
	static struct dt_info dt;
	int err = dt_info_scan(fdt, 0, NULL, 0, &dt);

	if (err)
		return err;
	return memblock_init(m, &dt, f, boot, r);
}

/* No image or DTB to reserve. */
static const struct boot_ranges no_boot = { 0 };

static int init(const struct fdt *fdt, const struct pt_format *f, const struct boot_ranges *boot)
{
	cap_reset();
	memset(&mb, 0xa5, sizeof(mb)); /* the function must clear it */
	memset(&rep, 0xa5, sizeof(rep));
	return memblock_init_from_fdt(&mb, fdt, f, boot, &rep);
}

static int init_dt(const struct pt_format *f, const struct boot_ranges *boot)
{
	if (dt_finish())
		return -1000;
	return init(&dt.fdt, f, boot);
}

static u8 *read_file(const char *dir, const char *name, size_t *size)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return test_read_file(path, size);
}

static const char *fixture_dir;

/* Load a fixture DTB; NULL (with a failed check) if it cannot be. */
static u8 *load_fixture(const char *name, struct fdt *fdt)
{
	size_t size = 0;
	u8 *buf = read_file(fixture_dir, name, &size);

	TAP_CHECK(buf != NULL, "cannot read %s/%s", fixture_dir, name);
	if (!buf)
		return NULL;
	if (fdt_init(fdt, buf, size)) {
		TAP_CHECK(0, "%s: refused by fdt_init", name);
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- the fixtures ------------------------------------------------------------ */

/*
 * multibank.dts, by hand (#address-cells = #size-cells = 2):
 *
 *   /memreserve/  0x40000000+0x10000, 0x48000000+0x200000
 *   memory@40000000  0x40000000+0x20000000, 0x80000000+0x40000000
 *   memory@100000000 0x100000000+0x100000000
 *   reserved-memory: secmon@5e000000 0x5e000000+0x100000 no-map
 *                    dma-pool@50000000 0x50000000+0x1000000 (reusable: reserved)
 *
 * With the image at 0x40200000+0x800000 and the DTB at 0x48200000+0x10000
 * (just above the second /memreserve/, so the two merge):
 *
 *   0x40000000      0x60000000   0x80000000      0xc0000000   0x100000000    0x200000000
 *   |---------RAM-------|        |------RAM--------|          |------RAM--------|
 *   |r| |img| |rr+dtb|  |dma| |N|
 *
 * Expect memory: the three banks (none touch); reserved: 0x40000000+0x10000,
 * the image, 0x48000000+0x210000, 0x50000000+0x1000000; nomap: the secmon;
 * report: 3 banks, 4 reservations of which 1 no-map, nothing ignored or
 * clipped; no message. The same for every paging format (all banks are
 * 64K aligned, and 8 GB of RAM fits every linear map).
 */
static void test_multibank(void)
{
	static const struct {
		const struct pt_format *f;
		phys_addr_t phys_base;
	} formats[] = {
		{ &pt_format_arm64_4k_39, 0x40000000 },
		{ &pt_format_arm64_4k_48, 0x40000000 },
		{ &pt_format_arm64_16k_47, 0x40000000 },
		{ &pt_format_arm64_16k_48, 0x40000000 },
		{ &pt_format_arm64_64k_42, 0x40000000 },
		{ &pt_format_arm64_64k_48, 0x40000000 },
		{ &pt_format_arm64_4k_52, 0 },	/* 512 GB blocks at L0 (FEAT_LPA2) */
		{ &pt_format_arm64_16k_52, 0 }, /* 64 GB blocks at L1 (FEAT_LPA2) */
		{ &pt_format_arm64_64k_52, 0x40000000 },
		{ &pt_format_riscv_sv39, 0x40000000 },
		{ &pt_format_riscv_sv48, 0 }, /* 512 GB leaves at the root */
		{ &pt_format_riscv_sv57, 0 },
	};
	const struct boot_ranges boot = { .kimage_pa = 0x40200000,
					  .kimage_size = 0x800000,
					  .fdt_pa = 0x48200000,
					  .fdt_size = 0x10000 };
	struct memblock_region r;
	struct fdt fdt;
	unsigned int i;
	u8 *buf = load_fixture("multibank.dtb", &fdt);

	if (!buf) {
		tap_case("multibank.dts: the lists worked out by hand");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(formats) && !tap_case_failures; i++) {
		int err = init(&fdt, formats[i].f, &boot);

		TAP_CHECK(err == 0, "%s: %d", formats[i].f->name, err);
		EXPECT_LIST(mb.memory, R(0x40000000, 0x20000000), R(0x80000000, 0x40000000),
			    R(0x100000000, 0x100000000));
		EXPECT_LIST(mb.reserved, R(0x40000000, 0x10000), R(0x40200000, 0x800000),
			    R(0x48000000, 0x210000), R(0x50000000, 0x1000000));
		EXPECT_LIST(mb.nomap, R(0x5e000000, 0x100000));
		EXPECT_REPORT(3, 0, 4, 1, 0);
		EXPECT_CONSOLE("");
		TAP_CHECK(mb.limit == 0, "limit 0x%llx", mb.limit);
		TAP_CHECK(rep.linear.phys_base == formats[i].phys_base, "phys_base 0x%llx",
			  rep.linear.phys_base);
		TAP_CHECK(memblock_total(&mb) == 0x160000000, "total 0x%llx", memblock_total(&mb));
		TAP_CHECK(memblock_free_bytes(&mb) == 0x160000000 - 0x100000 - 0x10000 - 0x800000 -
							      0x210000 - 0x1000000,
			  "free 0x%llx", memblock_free_bytes(&mb));
		TAP_CHECK(memblock_usable_range(&mb, 0, &r) && r.base == 0x40000000 &&
				  r.size == 0x1e000000,
			  "usable 0: 0x%llx+0x%llx", r.base, r.size);
		TAP_CHECK(memblock_usable_range(&mb, 1, &r) && r.base == 0x5e100000 &&
				  r.size == 0x1f00000,
			  "usable 1: 0x%llx+0x%llx", r.base, r.size);
		TAP_CHECK(!memblock_usable_range(&mb, 4, &r), "usable 4");
		if (tap_case_failures)
			printf("# with format %s\n", formats[i].f->name);
	}
	free(buf);
	tap_case("multibank.dts: the lists worked out by hand, in every paging format");
}

static void test_cells32(void)
{
	/*
	 * cells32.dts (one-cell addresses and sizes):
	 *   /memreserve/ 0x80000000+0x1000
	 *   memory           0x80000000+0x8000000
	 *   memory@90000000  0x90000000+0x4000000, 0xa0000000+0x1000000,
	 *                    0xc0000000+0x100000
	 *   memory@f0000000  no reg: skipped
	 *   not-memory@0     device_type "memoryx": not memory
	 *
	 *   0x80000000   0x90000000   0xa0000000   0xc0000000
	 *   |--RAM--|    |-RAM-|      |RAM|        |R|
	 *   |r|img|
	 * Expect 4 regions; reserved 0x80000000+0x201000 (the entry and the
	 * image right after it, touching; no DTB size given); 1 reservation.
	 */
	const struct boot_ranges boot = { .kimage_pa = 0x80001000,
					  .kimage_size = 0x200000,
					  .fdt_pa = 0x9f000000 };
	struct fdt fdt;
	u8 *buf = load_fixture("cells32.dtb", &fdt);

	if (buf) {
		TAP_CHECK(init(&fdt, &pt_format_riscv_sv39, &boot) == 0, "init");
		EXPECT_LIST(mb.memory, R(0x80000000, 0x8000000), R(0x90000000, 0x4000000),
			    R(0xa0000000, 0x1000000), R(0xc0000000, 0x100000));
		EXPECT_LIST(mb.reserved, R(0x80000000, 0x201000));
		EXPECT_EMPTY(mb.nomap);
		EXPECT_REPORT(4, 0, 1, 0, 0);
		EXPECT_CONSOLE("");
		TAP_CHECK(rep.linear.phys_base == 0x80000000, "phys_base 0x%llx",
			  rep.linear.phys_base);
		free(buf);
	}
	tap_case("cells32.dts: one-cell banks over three nodes");
}

static void test_edge(void)
{
	/*
	 * edge.dts: memory@0 at the root (default cells 2 and 1):
	 * 0x0+0x10000000; memory@20000000 below a bus with 1 address cell and
	 * 2 size cells: 0x20000000+0x10000000.
	 *
	 *   0           0x10000000   0x20000000   0x30000000
	 *   |----RAM-----|            |----RAM-----|
	 *     |img|    |dtb|
	 * Expect both, with RAM at physical 0 and phys_base 0.
	 */
	const struct boot_ranges boot = { .kimage_pa = 0x200000,
					  .kimage_size = 0x100000,
					  .fdt_pa = 0x0ff00000,
					  .fdt_size = 0x1000 };
	struct fdt fdt;
	u8 *buf = load_fixture("edge.dtb", &fdt);

	if (buf) {
		TAP_CHECK(init(&fdt, &pt_format_arm64_4k_48, &boot) == 0, "init");
		EXPECT_LIST(mb.memory, R(0, 0x10000000), R(0x20000000, 0x10000000));
		EXPECT_LIST(mb.reserved, R(0x200000, 0x100000), R(0x0ff00000, 0x1000));
		EXPECT_REPORT(2, 0, 0, 0, 0);
		TAP_CHECK(rep.linear.phys_base == 0, "phys_base 0x%llx", rep.linear.phys_base);
		free(buf);
	}
	tap_case("edge.dts: memory below a bus, and at address 0");
}

static void test_no_memory_fixtures(void)
{
	/*
	 *   minimal.dts:   / { };                       no RAM at all
	 *   badcells.dts:  parent { #size-cells = <0>; memory@0 { reg = <0x0>; }; };
	 * Expect -ENOENT for the first and the reader's error,
	 * -FDT_ERR_BADCELLS, for the second.
	 */
	struct fdt fdt;
	u8 *buf = load_fixture("minimal.dtb", &fdt);

	if (buf) {
		TAP_CHECK(init(&fdt, &pt_format_arm64_4k_48, &no_boot) == -ENOENT, "minimal");
		EXPECT_EMPTY(mb.memory);
		free(buf);
	}
	buf = load_fixture("badcells.dtb", &fdt);
	if (buf) {
		int err = init(&fdt, &pt_format_arm64_4k_48, &no_boot);

		TAP_CHECK(err == -FDT_ERR_BADCELLS, "badcells: %d", err);
		free(buf);
	}
	tap_case("minimal.dts: -ENOENT; badcells.dts: the reader's error");
}

/* Each qemu-ARCH-mSIZE-smpN.dtb: one bank of SIZE at the arch's RAM base. */
static void test_qemu_dumps(void)
{
	DIR *d = opendir(fixture_dir);
	struct dirent *e;
	int seen = 0;

	TAP_CHECK(d != NULL, "cannot open %s", fixture_dir);
	while (d && (e = readdir(d))) {
		char arch[32];
		unsigned long long mem;
		char unit;
		int smp;
		const struct pt_format *f;
		phys_addr_t ram, img;
		int failures_before = tap_case_failures;
		struct fdt fdt;
		u8 *buf;

		if (sscanf(e->d_name, "qemu-%31[^-]-m%llu%c-smp%d.dtb", arch, &mem, &unit, &smp) !=
		    4)
			continue;
		mem <<= unit == 'G' ? 30 : unit == 'M' ? 20 : 0;
		if (!strcmp(arch, "aarch64")) {
			f = &pt_format_arm64_4k_48;
			ram = 0x40000000;
		} else if (!strcmp(arch, "riscv64")) {
			f = &pt_format_riscv_sv39;
			ram = 0x80000000;
		} else {
			continue;
		}
		buf = load_fixture(e->d_name, &fdt);
		if (!buf)
			continue;
		seen++;
		/*
		 *   memory:  |----------------------- M bytes ----------------------|
		 *   reserved:   |--image--|                                   |dtb|
		 * Expect one region at the RAM base, the image and the DTB
		 * reserved, nothing else; no message.
		 */
		img = ram + 0x200000;
		{
			const struct boot_ranges boot = { .kimage_pa = img,
							  .kimage_size = 0x1400000,
							  .fdt_pa = ram + mem - 0x100000,
							  .fdt_size = fdt.totalsize };
			int err = init(&fdt, f, &boot);

			TAP_CHECK(err == 0, "%s: %d", e->d_name, err);
			if (err) {
				free(buf);
				continue;
			}
			EXPECT_LIST(mb.memory, R(ram, mem));
			EXPECT_LIST(mb.reserved, R(img, 0x1400000),
				    R(ram + mem - 0x100000, fdt.totalsize));
			EXPECT_EMPTY(mb.nomap);
			EXPECT_REPORT(1, 0, 0, 0, 0);
			EXPECT_CONSOLE("");
			TAP_CHECK(rep.linear.phys_base == ram, "%s: phys_base 0x%llx", e->d_name,
				  rep.linear.phys_base);
			TAP_CHECK(memblock_free_bytes(&mb) == mem - 0x1400000 - fdt.totalsize,
				  "%s: free 0x%llx", e->d_name, memblock_free_bytes(&mb));
		}
		free(buf);
		if (tap_case_failures > failures_before)
			printf("# in %s\n", e->d_name);
	}
	if (d)
		closedir(d);
	if (!seen) {
		tap_count++;
		printf("ok %d - QEMU dumps # SKIP none in %s (no QEMU?)\n", tap_count, fixture_dir);
		tap_case_failures = 0;
		return;
	}
	tap_case("QEMU dumps: one bank at the RAM base, image and DTB reserved (%d DTBs)", seen);
}

/* ---- trees written here -------------------------------------------------------- */

static void test_no_memory(void)
{
	/*
	 *   / { chosen { };
	 *       memory@80000000 { reg = <...>; };   no device_type = "memory"
	 *   };
	 *   / { memory@80000000 { device_type = "memory"; }; };   no reg
	 * Expect -ENOENT and no memory for both.
	 */
	static const u64 bank[] = { 0x80000000, 0x10000000 };

	dt_start(2, 2);
	dt_begin("chosen");
	dt_prop_str("bootargs", "");
	dt_end();
	dt_begin("memory@80000000");
	dt_reg(2, 2, bank, 1);
	dt_end();
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == -ENOENT, "no memory node");
	EXPECT_EMPTY(mb.memory);

	/* A memory node without reg. */
	dt_start(2, 2);
	dt_begin("memory@80000000");
	dt_prop_str("device_type", "memory");
	dt_end();
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == -ENOENT, "memory without reg");
	tap_case("no /memory: -ENOENT");
}

static void test_ignored_banks(void)
{
	/*
	 *   page:      |....|....|....|....|....|
	 *   bank A:      |-------------|             (unaligned both ends: A')
	 *   bank E:   (size 0)
	 *   bank S:                 |.|              (0x800 bytes)
	 *   bank T:           |--|--|                (0x1000 bytes straddling a page line)
	 * Expect A aligned inwards to whole pages, E, S and T ignored with a
	 * warning each, counted in ignored_banks; banks 1.
	 */
	static const u64 banks[] = {
		0x80000800, 0x3000, /* A: [0x80001000, 0x80003000) */
		0x90000000, 0,	    /* E */
		0x90100000, 0x800,  /* S */
		0x90200800, 0x1000, /* T */
	};

	dt_start(2, 2);
	dt_memory("memory@80000000", 2, 2, banks, 4);
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init");
	EXPECT_LIST(mb.memory, R(0x80001000, 0x2000));
	EXPECT_REPORT(1, 3, 0, 0, 0);
	EXPECT_CONSOLE("warning: memory: ignoring bank 0x90000000+0x0: empty\n"
		       "warning: memory: ignoring bank 0x90100000+0x800: smaller than a page\n"
		       "warning: memory: ignoring bank 0x90200800+0x1000: smaller than a page\n");

	/*
	 *   64K pages:  |.......64K.......|
	 *   bank:       |--32K--|             (a whole 4K page eight times over)
	 * Expect the bank ignored with the 64K format, kept with 4K.
	 */
	{
		static const u64 b2[] = { 0x80000000, 0x8000, 0x90000000, 0x100000 };

		dt_start(2, 2);
		dt_memory("memory@80000000", 2, 2, b2, 2);
		TAP_CHECK(init_dt(&pt_format_arm64_64k_48, &no_boot) == 0, "64K init");
		EXPECT_LIST(mb.memory, R(0x90000000, 0x100000));
		EXPECT_REPORT(1, 1, 0, 0, 0);
		EXPECT_CONSOLE("warning: memory: ignoring bank 0x80000000+0x8000: "
			       "smaller than a page\n");
		TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &no_boot) == 0, "4K init");
		EXPECT_LIST(mb.memory, R(0x80000000, 0x8000), R(0x90000000, 0x100000));
		EXPECT_REPORT(2, 0, 0, 0, 0);
	}

	/*
	 *   bank E: (size 0)     bank S: |.|
	 * Expect -ENOENT when every bank is ignored, the count still given.
	 */
	{
		static const u64 b3[] = { 0x80000000, 0, 0x80100000, 0xfff };

		dt_start(2, 2);
		dt_memory("memory@80000000", 2, 2, b3, 2);
		TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == -ENOENT, "all ignored");
		TAP_CHECK(rep.ignored_banks == 2 && rep.banks == 0, "ignored %d banks %d",
			  rep.ignored_banks, rep.banks);
	}
	tap_case("banks: aligned inwards; empty and sub-page ones ignored with a warning");
}

static void test_banks_merge(void)
{
	/*
	 *   node 1:  |---A---|           |---C---|          (listed C, A)
	 *   node 2:          |--B--|          |---D---|
	 * Expect touching and overlapping banks from different nodes, in any
	 * order, merged: one region A..B, one C..D; banks 4.
	 */
	static const u64 n1[] = { 0x90000000, 0x8000000, 0x80000000, 0x8000000 };
	static const u64 n2[] = { 0x88000000, 0x4000000, 0x94000000, 0x8000000 };

	dt_start(2, 2);
	dt_memory("memory@90000000", 2, 2, n1, 2);
	dt_memory("memory@88000000", 2, 2, n2, 2);
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init");
	EXPECT_LIST(mb.memory, R(0x80000000, 0xc000000), R(0x90000000, 0xc000000));
	EXPECT_REPORT(4, 0, 0, 0, 0);
	TAP_CHECK(rep.linear.phys_base == 0x80000000, "phys_base 0x%llx", rep.linear.phys_base);
	tap_case("banks: from several nodes, out of order, merged");
}

static void test_too_many_banks(void)
{
	/*
	 *   memory: |0| |1| |2| ... |n-1|      (n one-page banks, apart)
	 * Expect all DT_MAX_BANKS used when n is that, and the tree refused
	 * (-E2BIG, with a message) when n is one more: no bank is left out.
	 */
	static u64 b[2 * (DT_MAX_BANKS + 1)];
	char want[256];
	int i, n;

	for (n = DT_MAX_BANKS; n <= DT_MAX_BANKS + 1; n++) {
		for (i = 0; i < n; i++) {
			b[2 * i] = 0x80000000 + i * 0x10000ULL;
			b[2 * i + 1] = 0x1000;
		}
		dt_start(2, 2);
		dt_memory("memory@80000000", 2, 2, b, n);
		if (n == DT_MAX_BANKS) {
			TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init");
			TAP_CHECK(mb.memory.count == n, "count %d", mb.memory.count);
			EXPECT_REPORT(n, 0, 0, 0, 0);
			EXPECT_CONSOLE("");
			continue;
		}
		TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == -E2BIG, "init");
		snprintf(want, sizeof(want),
			 "error: memory: the device tree lists %d RAM banks, more than the %d this "
			 "kernel keeps: refusing to boot\n",
			 n, DT_MAX_BANKS);
		EXPECT_CONSOLE(want);
	}
	tap_case("banks: %d all used, %d refused with a message", DT_MAX_BANKS, DT_MAX_BANKS + 1);
}

static void test_pci_cells(void)
{
	/*
	 *   / { memory@80000000 { reg = <RAM>; };
	 *       pcie@30000000 { #address-cells = <3>; #size-cells = <2>;
	 *                       ranges = <...>; };      (as in QEMU's virt)
	 *   };
	 * Expect the RAM found: three address cells are normal for PCI, and
	 * only a reg below such a node would be unreadable.
	 */
	static const u64 ram[] = { 0x80000000, 0x8000000 };
	static const u8 ranges[28] = { 0 };

	dt_start(2, 2);
	dt_memory("memory@80000000", 2, 2, ram, 1);
	dt_begin("pcie@30000000");
	dt_prop_u32("#address-cells", 3);
	dt_prop_u32("#size-cells", 2);
	dt_prop_str("device_type", "pci");
	dt_prop("ranges", ranges, sizeof(ranges));
	dt_end();
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init");
	EXPECT_LIST(mb.memory, R(0x80000000, 0x8000000));
	tap_case("cells: a PCI node's #address-cells = <3> does not hide the RAM");
}

static void test_clip_sv39(void)
{
	/*
	 * Sv39: the linear map holds 128 GB from phys_base (RAM's base
	 * aligned down to 1 GB).
	 *
	 *   0x80000000                        0x2080000000 (limit)
	 *   |--------------- 128 GB -----------|
	 *   |---------------------- RAM: 256 GB -------------------------|
	 * Expect RAM clipped at the limit, 128 GB clipped, a warning.
	 */
	static const u64 big[] = { 0x80000000, 0x4000000000 };

	dt_start(2, 2);
	dt_memory("memory@80000000", 2, 2, big, 1);
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init");
	EXPECT_LIST(mb.memory, R(0x80000000, 0x2000000000));
	EXPECT_REPORT(1, 0, 0, 0, 0x2000000000);
	TAP_CHECK(mb.limit == 0x2080000000, "limit 0x%llx", mb.limit);
	EXPECT_CONSOLE("warning: memory: 131072 MB of RAM above 0x2080000000 clipped: "
		       "the linear map holds 128 GB\n");

	/*
	 *   |A: 64 GB|  |B: 100 GB--------|--|  |C: 1 GB|
	 *                        limit ---^
	 * Expect A whole, B cut at the limit (38 GB off), C gone (1 GB off):
	 * 39 GB clipped.
	 */
	{
		static const u64 three[] = { 0x80000000,   0x1000000000, 0x1100000000,
					     0x1900000000, 0x4000000000, 0x40000000 };

		dt_start(2, 2);
		dt_memory("memory@80000000", 2, 2, three, 3);
		TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init 3");
		EXPECT_LIST(mb.memory, R(0x80000000, 0x1000000000), R(0x1100000000, 0xf80000000));
		EXPECT_REPORT(3, 0, 0, 0, 0x9c0000000);
		EXPECT_CONSOLE("warning: memory: 39936 MB of RAM above 0x2080000000 clipped: "
			       "the linear map holds 128 GB\n");
	}

	/*
	 *   0x80200000 (not 1 GB aligned: phys_base 0x80000000)
	 *   |---------------------- RAM: 128 GB ----------------------|
	 *                                        limit 0x2080000000 ---^
	 * Expect the last 2 MB clipped: the map starts at phys_base, below RAM.
	 */
	{
		static const u64 off[] = { 0x80200000, 0x2000000000 };

		dt_start(2, 2);
		dt_memory("memory@80200000", 2, 2, off, 1);
		TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init off");
		EXPECT_LIST(mb.memory, R(0x80200000, 0x1fffe00000));
		EXPECT_REPORT(1, 0, 0, 0, 0x200000);
		TAP_CHECK(rep.linear.phys_base == 0x80000000, "phys_base 0x%llx",
			  rep.linear.phys_base);
		EXPECT_CONSOLE("warning: memory: 2 MB of RAM above 0x2080000000 clipped: "
			       "the linear map holds 128 GB\n");
	}

	/*
	 *   |---------------------- RAM: exactly 128 GB -----------------|
	 *                                        limit 0x2080000000 ------^
	 * Expect nothing clipped, no message, limit left 0.
	 */
	{
		static const u64 exact[] = { 0x80000000, 0x2000000000 };

		dt_start(2, 2);
		dt_memory("memory@80000000", 2, 2, exact, 1);
		TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init exact");
		EXPECT_LIST(mb.memory, R(0x80000000, 0x2000000000));
		EXPECT_REPORT(1, 0, 0, 0, 0);
		EXPECT_CONSOLE("");
		TAP_CHECK(mb.limit == 0, "limit 0x%llx", mb.limit);
	}
	tap_case("clip: RAM beyond the Sv39 linear map (128 GB) is dropped, with a warning");
}

static void test_clip_arm64(void)
{
	/*
	 * arm64 4K pages, 39-bit VA: the linear map holds 256 GB.
	 *
	 *   0x40000000                 0x4040000000 (limit)
	 *   |-------- 256 GB ---------|
	 *   |------------- RAM: 512 GB -------------|
	 * Expect 256 GB clipped; with 48-bit VA (128 TB) nothing clipped.
	 */
	static const u64 big[] = { 0x40000000, 0x8000000000 };

	dt_start(2, 2);
	dt_memory("memory@40000000", 2, 2, big, 1);
	TAP_CHECK(init_dt(&pt_format_arm64_4k_39, &no_boot) == 0, "init");
	EXPECT_LIST(mb.memory, R(0x40000000, 0x4000000000));
	EXPECT_REPORT(1, 0, 0, 0, 0x4000000000);
	EXPECT_CONSOLE("warning: memory: 262144 MB of RAM above 0x4040000000 clipped: "
		       "the linear map holds 256 GB\n");
	TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &no_boot) == 0, "init 48");
	EXPECT_LIST(mb.memory, R(0x40000000, 0x8000000000));
	EXPECT_REPORT(1, 0, 0, 0, 0);
	EXPECT_CONSOLE("");
	tap_case("clip: the arm64 4K/39 linear map holds 256 GB; 4K/48 holds it all");
}

static void test_memreserve(void)
{
	/*
	 *   memory:    |------------------------ RAM ------------------------|
	 *   memreserve:  |-A-|   |-B-|(0)  |-C-|                                |-D-|
	 *   (B's neighbour entry has size 0; D lies above RAM)
	 * Expect A, C and D reserved (D too: reserved outside RAM is harmless),
	 * the empty entry skipped and not counted: 3 reservations.
	 */
	static const u64 ram[] = { 0x80000000, 0x10000000 };

	dt_start(2, 2);
	dt_memreserve(0x80000000, 0x10000);
	dt_memreserve(0x81000000, 0);
	dt_memreserve(0x82000000, 0x1000);
	dt_memreserve(0xa0000000, 0x100000);
	dt_memory("memory@80000000", 2, 2, ram, 1);
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &no_boot) == 0, "init");
	EXPECT_LIST(mb.reserved, R(0x80000000, 0x10000), R(0x82000000, 0x1000),
		    R(0xa0000000, 0x100000));
	EXPECT_EMPTY(mb.nomap);
	EXPECT_REPORT(1, 0, 3, 0, 0);
	TAP_CHECK(memblock_free_bytes(&mb) == 0x10000000 - 0x11000, "free 0x%llx",
		  memblock_free_bytes(&mb));
	tap_case("/memreserve/: entries reserved, empty ones skipped");
}

static void test_reserved_memory(void)
{
	/*
	 *   memory:   |-------------------------- RAM ---------------------------|
	 *   /reserved-memory (1 address cell, 1 size cell):
	 *     fw@80000000   |-F-|                          no-map      -> nomap
	 *     pool@84000000       |--P--|                              -> reserved
	 *     two@88000000              |T1|  |T2|         two entries -> reserved
	 *     zero@8c000000                        (0)     size 0      -> skipped
	 *     dyn                                          no reg      -> skipped
	 *     hole@8f000000                          |H|   no-map, two entries -> nomap
	 * Expect nomap F, H1, H2; reserved P, T1, T2; 6 reservations of which
	 * 3 no-map; nomap not reserved; usable ranges skip F and H.
	 */
	static const u64 ram[] = { 0x80000000, 0x10000000 };
	static const u64 f[] = { 0x80000000, 0x200000 };
	static const u64 p[] = { 0x84000000, 0x400000 };
	static const u64 t[] = { 0x88000000, 0x1000, 0x88100000, 0x2000 };
	static const u64 z[] = { 0x8c000000, 0 };
	static const u64 h[] = { 0x8f000000, 0x10000, 0x8ff00000, 0x100000 };
	const struct boot_ranges boot = { .kimage_pa = 0x80200000,
					  .kimage_size = 0x1000000,
					  .fdt_pa = 0x88002000,
					  .fdt_size = 0x1000 };
	struct memblock_region r;

	dt_start(2, 2);
	dt_memory("memory@80000000", 2, 2, ram, 1);
	dt_begin("reserved-memory");
	dt_prop_u32("#address-cells", 1);
	dt_prop_u32("#size-cells", 1);
	dt_prop("ranges", NULL, 0);
	dt_begin("fw@80000000");
	dt_reg(1, 1, f, 1);
	dt_prop("no-map", NULL, 0);
	dt_end();
	dt_begin("pool@84000000");
	dt_prop_str("compatible", "shared-dma-pool");
	dt_reg(1, 1, p, 1);
	dt_prop("reusable", NULL, 0);
	dt_end();
	dt_begin("two@88000000");
	dt_reg(1, 1, t, 2);
	dt_end();
	dt_begin("zero@8c000000");
	dt_reg(1, 1, z, 1);
	dt_prop("no-map", NULL, 0);
	dt_end();
	dt_begin("dyn");
	dt_prop_u32("size", 0x100000);
	dt_end();
	dt_begin("hole@8f000000");
	dt_prop("no-map", NULL, 0);
	dt_reg(1, 1, h, 2);
	dt_end();
	dt_end();
	TAP_CHECK(init_dt(&pt_format_riscv_sv39, &boot) == 0, "init");
	EXPECT_LIST(mb.memory, R(0x80000000, 0x10000000));
	EXPECT_LIST(mb.nomap, R(0x80000000, 0x200000), R(0x8f000000, 0x10000),
		    R(0x8ff00000, 0x100000));
	/* The image touches fw's no-map range but is reserved on its own. */
	EXPECT_LIST(mb.reserved, R(0x80200000, 0x1000000), R(0x84000000, 0x400000),
		    R(0x88000000, 0x1000), R(0x88002000, 0x1000), R(0x88100000, 0x2000));
	EXPECT_REPORT(1, 0, 6, 3, 0);
	EXPECT_CONSOLE("");
	TAP_CHECK(memblock_usable_range(&mb, 0, &r) && r.base == 0x80200000 && r.size == 0xee00000,
		  "usable 0: 0x%llx+0x%llx", r.base, r.size);
	TAP_CHECK(memblock_usable_range(&mb, 1, &r) && r.base == 0x8f010000 && r.size == 0xef0000,
		  "usable 1: 0x%llx+0x%llx", r.base, r.size);
	TAP_CHECK(!memblock_usable_range(&mb, 2, &r), "usable 2");
	TAP_CHECK(memblock_free_bytes(&mb) == 0x10000000 - 0x200000 - 0x110000 - 0x1000000 -
						      0x400000 - 0x1000 - 0x1000 - 0x2000,
		  "free 0x%llx", memblock_free_bytes(&mb));
	tap_case("/reserved-memory: no-map children to nomap, the others reserved");
}

static void test_boot_ranges(void)
{
	/*
	 *   memory:      |---------------- RAM -----------------|
	 *   memreserve:     |-M-|
	 *   image:              |----I----|                 (touches M: merged)
	 *   DTB:                                |D|
	 * Expect the image and DTB reserved, merged with what they touch; not
	 * counted as reservations of the DT. Then both outside RAM: reserved
	 * all the same.
	 */
	static const u64 ram[] = { 0x40000000, 0x40000000 };
	const struct boot_ranges boot = { .kimage_pa = 0x40200000,
					  .kimage_size = 0x1600000,
					  .fdt_pa = 0x4c000000,
					  .fdt_size = 0x2345 };
	const struct boot_ranges outside = { .kimage_pa = 0x10000000,
					     .kimage_size = 0x100000,
					     .fdt_pa = 0x20000000,
					     .fdt_size = 0x100 };
	struct boot_ranges moved = { .kimage_pa = 0x46000000,
				     .kimage_size = 0x400000,
				     .fdt_pa = 0x4c000000,
				     .fdt_size = 0x2345,
				     .loaded_pa = 0x40400000 };

	dt_start(2, 2);
	dt_memreserve(0x40100000, 0x100000);
	dt_memory("memory@40000000", 2, 2, ram, 1);
	TAP_CHECK(init_dt(&pt_format_arm64_4k_48, &boot) == 0, "init");
	EXPECT_LIST(mb.reserved, R(0x40100000, 0x1700000), R(0x4c000000, 0x2345));
	EXPECT_REPORT(1, 0, 1, 0, 0);
	TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &outside) == 0, "init outside");
	EXPECT_LIST(mb.reserved, R(0x10000000, 0x100000), R(0x20000000, 0x100),
		    R(0x40100000, 0x100000));
	TAP_CHECK(memblock_free_bytes(&mb) == 0x40000000 - 0x100000, "free 0x%llx",
		  memblock_free_bytes(&mb));
	tap_case("boot ranges: the image and the DTB are reserved");

	/*
	 *   memory:      |---------------- RAM -----------------|
	 *   memreserve:     |-M-|
	 *   loaded copy:          |-L-|
	 *   image:                         |-I-|   (KASLR moved it from L)
	 *   DTB:                                |D|
	 * Expect both copies reserved: harts may be parked in the loaded one.
	 * Not moved, the same addresses reserve the image only.
	 */
	moved.moved = true;
	TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &moved) == 0, "init moved");
	EXPECT_LIST(mb.reserved, R(0x40100000, 0x100000), R(0x40400000, 0x400000),
		    R(0x46000000, 0x400000), R(0x4c000000, 0x2345));
	EXPECT_REPORT(1, 0, 1, 0, 0);
	moved.moved = false;
	TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &moved) == 0, "init not moved");
	EXPECT_LIST(mb.reserved, R(0x40100000, 0x100000), R(0x46000000, 0x400000),
		    R(0x4c000000, 0x2345));
	tap_case("boot ranges: the loaded copy stays reserved when KASLR moved the image");
}

static void test_linear_offset(void)
{
	/*
	 *   linear region: |----------------------------------------------|
	 *   RAM, draw 0:   |-R-|
	 *   RAM, draw d:            |-R-|          (d mod places) blocks up
	 * Expect: without a draw RAM's base sits at the region's start; with
	 * one, a whole number of the format's largest blocks above it, the
	 * number being the draw modulo the places that leave RAM's span (in
	 * whole blocks) inside the region; RAM as large as the region has one
	 * place; __va() of RAM's last byte stays inside the region.
	 */
	static const struct {
		const struct pt_format *f;
		u64 ram_base, ram_size, block, region;
	} cases[] = {
		/* arm64 4K/48: 1 GB blocks, 128 TB linear region */
		{ &pt_format_arm64_4k_48, 0x40000000, 0x40000000, 1ULL << 30, 1ULL << 47 },
		/* riscv Sv39: 1 GB gigapages, 128 GB linear region, RAM not block aligned */
		{ &pt_format_riscv_sv39, 0x80200000, 0x3fe00000, 1ULL << 30, 1ULL << 37 },
		/* riscv Sv39 with 100 GB: 28 places */
		{ &pt_format_riscv_sv39, 0x80000000, 100ULL << 30, 1ULL << 30, 1ULL << 37 },
		/* RAM filling the region: one place */
		{ &pt_format_riscv_sv39, 0x80000000, 1ULL << 37, 1ULL << 30, 1ULL << 37 },
	};
	static const u64 draws[] = { 0, 1, 5, 12345, 0xfedcba9876543210ULL, ~0ULL };

	for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
		u64 base = cases[c].ram_base & ~(cases[c].block - 1);
		u64 span = (cases[c].ram_base + cases[c].ram_size - base + cases[c].block - 1) &
			   ~(cases[c].block - 1);
		u64 places = (cases[c].region - span) / cases[c].block + 1;
		u64 ram[] = { cases[c].ram_base, cases[c].ram_size };

		for (unsigned int d = 0; d < ARRAY_SIZE(draws); d++) {
			struct boot_ranges boot = { .linear_draw = draws[d] };
			u64 start = LAYOUT_KVA_START(cases[c].f->kva_bits);
			u64 expect = start + draws[d] % places * cases[c].block;

			dt_start(2, 2);
			dt_memory("memory@0", 2, 2, ram, 1);
			TAP_CHECK(init_dt(cases[c].f, &boot) == 0, "case %u draw %u: init", c, d);
			TAP_CHECK(rep.linear.phys_base == base, "case %u: phys_base 0x%llx", c,
				  rep.linear.phys_base);
			TAP_CHECK(
				rep.linear.start == expect,
				"case %u draw 0x%llx: RAM at 0x%llx, expected 0x%llx (%llu places)",
				c, draws[d], rep.linear.start, expect, places);
			TAP_CHECK(rep.linear.end == start + cases[c].region, "case %u: end 0x%llx",
				  c, rep.linear.end);
			TAP_CHECK(rep.linear.start + (cases[c].ram_base + cases[c].ram_size - 1 -
						      base) <
					  rep.linear.end,
				  "case %u draw %u: RAM's last byte beyond the region", c, d);
			TAP_CHECK(rep.clipped == 0, "case %u draw %u: %llu bytes clipped", c, d,
				  rep.clipped);
		}
	}
	tap_case("KASLR's draw places RAM a whole number of blocks up the linear region");
}

static void test_boot_initrd(void)
{
	/*
	 *   memory:   |---- bank 0 ----|        |---- bank 1 ----|
	 *   initrd:         |-R-|                                    inside: kept
	 *   initrd:                  |----R----|                     across the gap
	 *   initrd:                                 ...    |--R--|  past the end
	 * Expect an initrd inside one bank reserved; one that leaves RAM (into
	 * the gap or past the end, or wrapping) reported and not reserved.
	 */
	static const u64 ram[] = { 0x40000000, 0x1000000, 0x50000000, 0x1000000 };
	const struct boot_ranges inside = { .kimage_pa = 0x40200000,
					    .kimage_size = 0x100000,
					    .fdt_pa = 0x40f00000,
					    .fdt_size = 0x1000,
					    .initrd_pa = 0x40800000,
					    .initrd_size = 0x12345 };
	const struct boot_ranges gap = { .kimage_pa = 0x40200000,
					 .kimage_size = 0x100000,
					 .fdt_pa = 0x40f00000,
					 .fdt_size = 0x1000,
					 .initrd_pa = 0x40ff0000,
					 .initrd_size = 0x20000 };
	const struct boot_ranges past = { .kimage_pa = 0x40200000,
					  .kimage_size = 0x100000,
					  .fdt_pa = 0x40f00000,
					  .fdt_size = 0x1000,
					  .initrd_pa = 0x50fff000,
					  .initrd_size = 0x2000 };
	const struct boot_ranges wrap = { .kimage_pa = 0x40200000,
					  .kimage_size = 0x100000,
					  .fdt_pa = 0x40f00000,
					  .fdt_size = 0x1000,
					  .initrd_pa = 0x50000000,
					  .initrd_size = ~0ULL - 0xfff };

	dt_start(2, 2);
	dt_memory("memory@40000000", 2, 2, ram, 2);
	TAP_CHECK(init_dt(&pt_format_arm64_4k_48, &inside) == 0, "init");
	EXPECT_LIST(mb.reserved, R(0x40200000, 0x100000), R(0x40800000, 0x12345),
		    R(0x40f00000, 0x1000));
	TAP_CHECK(!rep.initrd_outside, "inside");
	TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &gap) == 0, "init gap");
	EXPECT_LIST(mb.reserved, R(0x40200000, 0x100000), R(0x40f00000, 0x1000));
	TAP_CHECK(rep.initrd_outside, "gap");
	TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &past) == 0, "init past");
	TAP_CHECK(rep.initrd_outside && mb.reserved.count == 2, "past");
	TAP_CHECK(init(&dt.fdt, &pt_format_arm64_4k_48, &wrap) == 0, "init wrap");
	TAP_CHECK(rep.initrd_outside && mb.reserved.count == 2, "wrap");
	tap_case("boot ranges: an initrd inside one RAM bank is reserved, else reported");
}

static void test_reserved_many(void)
{
	/*
	 *   /reserved-memory: |0| |1| ... |n-2|   (one page each, apart)
	 *   /memreserve/:                        |M|
	 * Expect all n reservations kept when n is DT_MAX_RESERVED, whichever
	 * list they come from, and the tree refused (-E2BIG, with a message)
	 * when n is one more: a reservation left out would be handed out as
	 * RAM (memblock_alloc()), so none may be.
	 */
	static const u64 ram[] = { 0x80000000, 0x10000000 };
	char name[32], want[256];
	int i, n, err;

	for (n = DT_MAX_RESERVED; n <= DT_MAX_RESERVED + 1; n++) {
		dt_start(2, 2);
		dt_memreserve(0x8f000000, 0x1000);
		dt_memory("memory@80000000", 2, 2, ram, 1);
		dt_begin("reserved-memory");
		dt_prop_u32("#address-cells", 2);
		dt_prop_u32("#size-cells", 2);
		dt_prop("ranges", NULL, 0);
		for (i = 0; i < n - 1; i++) {
			const u64 r[] = { 0x80000000 + i * 0x10000ULL, 0x1000 };

			snprintf(name, sizeof(name), "r@%llx", r[0]);
			dt_begin(name);
			if (i % 2)
				dt_prop("no-map", NULL, 0);
			dt_reg(2, 2, r, 1);
			dt_end();
		}
		dt_end();
		err = init_dt(&pt_format_riscv_sv39, &no_boot);
		if (n == DT_MAX_RESERVED) {
			TAP_CHECK(err == 0, "got %d", err);
			EXPECT_REPORT(1, 0, n, (n - 1) / 2, 0);
			TAP_CHECK(mb.reserved.count == n - (n - 1) / 2 &&
					  mb.nomap.count == (n - 1) / 2,
				  "reserved %d nomap %d", mb.reserved.count, mb.nomap.count);
			TAP_CHECK(mb.reserved.region[mb.reserved.count - 1].base == 0x8f000000,
				  "last 0x%llx", mb.reserved.region[mb.reserved.count - 1].base);
			EXPECT_CONSOLE("");
			continue;
		}
		TAP_CHECK(err == -E2BIG, "got %d", err);
		snprintf(want, sizeof(want),
			 "error: memory: the device tree lists %d reservations, more than the %d "
			 "this kernel keeps: refusing to boot rather than use reserved memory as "
			 "RAM\n",
			 n, DT_MAX_RESERVED);
		EXPECT_CONSOLE(want);
	}
	tap_case("reservations: %d all kept, %d refused with a message", DT_MAX_RESERVED,
		 DT_MAX_RESERVED + 1);
}

/* Is every usable range of mb made of whole pages of size page? */
static bool usable_in_pages(u64 page)
{
	struct memblock_region r;
	int i;

	for (i = 0; memblock_usable_range(&mb, i, &r); i++)
		if ((r.base | r.size) & (page - 1))
			return false;
	return true;
}

static void test_nomap_unaligned(void)
{
	/*
	 *   memory:   |-------------------------- RAM ---------------------------|
	 *   no-map:      |A|                 |--B--|      (4K aligned only)
	 *   pages:    |..........|..........|..........|  (16K or 64K)
	 *                  0x80010000     0x81000000
	 * A = 0x80011000+0x1000 lies inside one large page; B =
	 * 0x80ffe000+0x3000 straddles a 64K boundary. Expect each no-map range
	 * widened to whole pages of the format (the linear map cannot leave
	 * out part of a page), and every usable range made of whole pages. At
	 * 4K nothing changes.
	 */
	static const struct {
		const struct pt_format *f;
		u64 page;
	} fmts[] = {
		{ &pt_format_arm64_4k_48, 0x1000 },
		{ &pt_format_arm64_16k_48, 0x4000 },
		{ &pt_format_arm64_64k_48, 0x10000 },
	};
	static const u64 ram[] = { 0x80000000, 0x10000000 };
	static const u64 a[] = { 0x80011000, 0x1000 }, b[] = { 0x80ffe000, 0x3000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		u64 pg = fmts[i].page;

		dt_start(2, 2);
		dt_memory("memory@80000000", 2, 2, ram, 1);
		dt_begin("reserved-memory");
		dt_prop_u32("#address-cells", 2);
		dt_prop_u32("#size-cells", 2);
		dt_prop("ranges", NULL, 0);
		dt_begin("a@80011000");
		dt_prop("no-map", NULL, 0);
		dt_reg(2, 2, a, 1);
		dt_end();
		dt_begin("b@80ffe000");
		dt_prop("no-map", NULL, 0);
		dt_reg(2, 2, b, 1);
		dt_end();
		dt_end();
		TAP_CHECK(init_dt(fmts[i].f, &no_boot) == 0, "init, %lluK pages", pg >> 10);
		EXPECT_LIST(
			mb.nomap,
			R(ALIGN_DOWN(a[0], pg), ALIGN_UP(a[0] + a[1], pg) - ALIGN_DOWN(a[0], pg)),
			R(ALIGN_DOWN(b[0], pg), ALIGN_UP(b[0] + b[1], pg) - ALIGN_DOWN(b[0], pg)));
		TAP_CHECK(pg != 0x10000 || (mb.nomap.region[0].base == 0x80010000 &&
					    mb.nomap.region[1].base == 0x80ff0000 &&
					    mb.nomap.region[1].size == 0x20000),
			  "64K: by hand");
		TAP_CHECK(usable_in_pages(pg), "usable RAM not in whole %lluK pages", pg >> 10);
		EXPECT_REPORT(1, 0, 2, 2, 0);
		EXPECT_CONSOLE("");
	}
	tap_case("no-map: 4K-aligned ranges widened to whole 16K and 64K pages");
}

/* ---- a reservation map of 130 K entries --------------------------------------- */

/*
 * Every read of a /memreserve/ entry the kernel makes goes through
 * fdt_mem_rsv(): the build links this file's wrapper in its place
 * (-Wl,--wrap, unit-memory_init-ldlibs), which counts them.
 */
void __real_fdt_mem_rsv(const struct fdt *fdt, u32 i, struct fdt_range *out);
void __wrap_fdt_mem_rsv(const struct fdt *fdt, u32 i, struct fdt_range *out);
static unsigned long rsv_reads;

void __wrap_fdt_mem_rsv(const struct fdt *fdt, u32 i, struct fdt_range *out)
{
	rsv_reads++;
	__real_fdt_mem_rsv(fdt, i, out);
}

/*
 * A blob with n /memreserve/ entries (one page every 8K from 0x80000000)
 * and 2 GB of RAM there, built around the small writer's structure block.
 * Returns it (malloc'd) and its size.
 */
static u8 *big_rsv_blob(u32 n, u32 *size)
{
	static const u64 ram[] = { 0x80000000, 0x80000000 };
	u32 off_st = 40 + (n + 1) * 16, off_str, i;
	u8 *blob;

	dt_start(2, 2);
	dt_memory("memory@80000000", 2, 2, ram, 1);
	if (dt_finish())
		return NULL;
	off_str = off_st + dt.st_len;
	*size = off_str + dt.str_len;
	blob = calloc(1, *size);
	if (!blob)
		return NULL;
	memcpy(blob, dt.blob, 40);
	put32(blob + 4, *size);
	put32(blob + 8, off_st);
	put32(blob + 12, off_str);
	for (i = 0; i < n; i++) {
		u64 base = 0x80000000 + i * 0x2000ULL;

		put32(blob + 40 + 16 * i, base >> 32);
		put32(blob + 40 + 16 * i + 4, base);
		put32(blob + 40 + 16 * i + 12, 0x1000);
	}
	memcpy(blob + off_st, dt.st, dt.st_len);
	memcpy(blob + off_str, dt.str, dt.str_len);
	return blob;
}

static void test_memreserve_many(void)
{
	/*
	 *   /memreserve/: |0| |1| |2| ... |n-1|     (one page every 8K)
	 *   memory:       |------------- 2 GB ------------------|
	 * A 2 MB blob holds about 130 K entries. Expect the kernel's whole
	 * path (fdt_init(), the scan, memblock_init()) to read each entry
	 * exactly once, n reads for n entries at any n: linear, however
	 * large the map. Expect the n that fit kept, and 130 000 refused
	 * (-E2BIG) with the message: more than DT_MAX_RESERVED.
	 */
	static const u32 counts[] = { 100, DT_MAX_RESERVED, 1000, 130000 };
	static struct dt_info info;
	char want[256];
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(counts); k++) {
		u32 n = counts[k], size = 0;
		u8 *blob = big_rsv_blob(n, &size);
		struct fdt fdt;
		int err;

		TAP_CHECK(blob, "blob of %u entries", n);
		if (!blob)
			continue;
		TAP_CHECK(n < 130000 || size <= 2 << 20, "%u bytes: more than 2 MB", size);
		cap_reset();
		rsv_reads = 0;
		err = fdt_init(&fdt, blob, size);
		TAP_CHECK(err == 0 && fdt.rsv_count == n, "fdt_init %d, %u entries", err,
			  fdt.rsv_count);
		if (!err)
			err = dt_info_scan(&fdt, 0, NULL, 0, &info);
		TAP_CHECK(err == 0, "scan %d", err);
		if (!err)
			err = memblock_init(&mb, &info, &pt_format_arm64_4k_48, &no_boot, &rep);
		TAP_CHECK(rsv_reads == n, "%u entries, %lu reads", n, rsv_reads);
		if (n <= DT_MAX_RESERVED) {
			TAP_CHECK(err == 0 && rep.reserved == (int)n && mb.reserved.count == (int)n,
				  "%u entries: %d, %d reserved", n, err, rep.reserved);
			EXPECT_CONSOLE("");
		} else {
			TAP_CHECK(err == -E2BIG, "%u entries: %d", n, err);
			snprintf(want, sizeof(want),
				 "error: memory: the device tree lists %u reservations, more than "
				 "the %d this kernel keeps: refusing to boot rather than use "
				 "reserved memory as RAM\n",
				 n, DT_MAX_RESERVED);
			EXPECT_CONSOLE(want);
		}
		free(blob);
	}
	tap_case("/memreserve/: each of up to 130 K entries read once; beyond %d refused",
		 DT_MAX_RESERVED);
}

/*
 * Counting the loads from the reservation map itself, whoever makes them:
 * its pages are made inaccessible; each load faults once (SIGSEGV), is
 * counted, and runs with the pages readable for one instruction (x86's
 * trap flag: SIGTRAP after it), which then closes them again.
 * Deterministic for a given build, unlike a timing.
 */
static u8 *watch_base;
static size_t watch_len;
static unsigned long map_loads;

/* The trap flag in the saved flags; x86-64 hosts only (others skip the case). */
#ifdef __x86_64__
#define TRAP_FLAGS(uc) ((uc)->uc_mcontext.gregs[REG_EFL])
#else
static long long no_trap_flags;
#define TRAP_FLAGS(uc) (*((void)(uc), &no_trap_flags))
#endif
#define X86_TRAP_FLAG 0x100

static void on_watch_fault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	u8 *a = si->si_addr;

	if (a < watch_base || a >= watch_base + watch_len)
		abort();
	map_loads++;
	mprotect(watch_base, watch_len, PROT_READ);
	TRAP_FLAGS(uc) |= X86_TRAP_FLAG;
}

static void on_watch_step(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	mprotect(watch_base, watch_len, PROT_NONE);
	TRAP_FLAGS(uc) &= ~(long long)X86_TRAP_FLAG;
}

/*
 * The loads from the map of an n-entry blob that fdt_init(), the scan and
 * memblock_init() make; the map sits on pages of its own.
 */
static unsigned long count_map_loads(u32 n)
{
	static const u64 ram[] = { 0x80000000, 0x80000000 };
	struct sigaction segv = { 0 }, trap = { 0 }, old_segv, old_trap;
	static struct dt_info info;
	u32 off_st, off_str, size, i;
	struct fdt fdt;
	u8 *blob;
	int err;

	dt_start(2, 2);
	dt_memory("memory@80000000", 2, 2, ram, 1);
	if (dt_finish())
		return 0;
	off_st = ALIGN_UP(4096 + (n + 1) * 16, 4096);
	off_str = off_st + dt.st_len;
	size = off_str + dt.str_len;
	blob = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (blob == MAP_FAILED)
		return 0;
	memcpy(blob, dt.blob, 40);
	put32(blob + 4, size);
	put32(blob + 8, off_st);
	put32(blob + 12, off_str);
	put32(blob + 16, 4096);
	for (i = 0; i < n; i++) {
		u64 base = 0x80000000 + i * 0x2000ULL;

		put32(blob + 4096 + 16 * i, base >> 32);
		put32(blob + 4096 + 16 * i + 4, base);
		put32(blob + 4096 + 16 * i + 12, 0x1000);
	}
	memcpy(blob + off_st, dt.st, dt.st_len);
	memcpy(blob + off_str, dt.str, dt.str_len);

	watch_base = blob + 4096;
	watch_len = off_st - 4096;
	map_loads = 0;
	segv.sa_sigaction = on_watch_fault;
	segv.sa_flags = SA_SIGINFO;
	trap.sa_sigaction = on_watch_step;
	trap.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &segv, &old_segv);
	sigaction(SIGTRAP, &trap, &old_trap);
	mprotect(watch_base, watch_len, PROT_NONE);

	cap_reset();
	err = fdt_init(&fdt, blob, size);
	if (!err)
		err = dt_info_scan(&fdt, 0, NULL, 0, &info);
	if (!err)
		err = memblock_init(&mb, &info, &pt_format_arm64_4k_48, &no_boot, &rep);

	mprotect(watch_base, watch_len, PROT_READ | PROT_WRITE);
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGTRAP, &old_trap, NULL);
	TAP_CHECK(err == (n > DT_MAX_RESERVED ? -E2BIG : 0), "%u entries: %d", n, err);
	munmap(blob, size);
	return map_loads;
}

static void test_memreserve_linear(void)
{
	/*
	 *   map:  |0|1|2| ... |n-1|end|     on pages of its own
	 * Expect the loads from it, by anyone, to grow by the same amount for
	 * each entry added: loads(n) = loads(0) + n * per_entry, with
	 * per_entry at most 32: each of an entry's 16 bytes loaded at most
	 * twice, once when fdt_init() counts the map and once when the scan
	 * reads the entry (fdt32_ld() loads bytes).
	 */
	static const u32 counts[] = { 0, 16, 64, 256 };
	unsigned long loads[ARRAY_SIZE(counts)], per_entry;
	unsigned int k;

	if (!IS_ENABLED(__x86_64__)) {
		printf("ok %d - /memreserve/ loads # SKIP counted with x86's trap flag\n",
		       ++tap_count);
		return;
	}
	for (k = 0; k < ARRAY_SIZE(counts); k++)
		loads[k] = count_map_loads(counts[k]);
	per_entry = (loads[1] - loads[0]) / counts[1];
	TAP_CHECK(loads[0] && per_entry && per_entry <= 32, "%lu loads for the end, %lu per entry",
		  loads[0], per_entry);
	for (k = 1; k < ARRAY_SIZE(counts); k++)
		TAP_CHECK(loads[k] == loads[0] + counts[k] * per_entry,
			  "%u entries: %lu loads, want %lu", counts[k], loads[k],
			  loads[0] + counts[k] * per_entry);
	printf("# reservation map: %lu loads, then %lu per entry\n", loads[0], per_entry);
	tap_case("/memreserve/: loads from the map linear in its entries (%lu each)", per_entry);
}

/* ---- real boards' trees, against libfdt -------------------------------------- */

static struct {
	int (*path_offset)(const void *fdt, const char *path);
	int (*first_subnode)(const void *fdt, int offset);
	int (*next_subnode)(const void *fdt, int offset);
	const void *(*getprop)(const void *fdt, int node, const char *name, int *lenp);
	int (*num_mem_rsv)(const void *fdt);
	int (*get_mem_rsv)(const void *fdt, int n, uint64_t *address, uint64_t *size);
} lf;

static bool load_libfdt(void)
{
	void *h = libfdt_open();

	if (!h)
		return false;
	*(void **)&lf.path_offset = dlsym(h, "fdt_path_offset");
	*(void **)&lf.first_subnode = dlsym(h, "fdt_first_subnode");
	*(void **)&lf.next_subnode = dlsym(h, "fdt_next_subnode");
	*(void **)&lf.getprop = dlsym(h, "fdt_getprop");
	*(void **)&lf.num_mem_rsv = dlsym(h, "fdt_num_mem_rsv");
	*(void **)&lf.get_mem_rsv = dlsym(h, "fdt_get_mem_rsv");
	return lf.path_offset && lf.first_subnode && lf.next_subnode && lf.getprop &&
	       lf.num_mem_rsv && lf.get_mem_rsv;
}

static u64 be_cells(const u8 *p, int n)
{
	u64 v = 0;

	while (n--) {
		v = v << 32 | (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
		p += 4;
	}
	return v;
}

struct board_rsv {
	u64 base, size;
	bool nomap;
};

/* Every reservation of blob with a size, read with libfdt alone; the count. */
static int libfdt_reservations(const u8 *blob, struct board_rsv *out, int max)
{
	int rm = lf.path_offset(blob, "/reserved-memory"), child, len, i, n = 0, ac = 2, sc = 1;
	uint64_t a, sz;
	const u8 *v;

	if (rm >= 0) {
		v = lf.getprop(blob, rm, "#address-cells", &len);
		ac = v ? (int)be_cells(v, 1) : ac;
		v = lf.getprop(blob, rm, "#size-cells", &len);
		sc = v ? (int)be_cells(v, 1) : sc;
		for (child = lf.first_subnode(blob, rm); child >= 0;
		     child = lf.next_subnode(blob, child)) {
			bool nomap = lf.getprop(blob, child, "no-map", &len) != NULL;

			v = lf.getprop(blob, child, "reg", &len);
			for (i = 0; v && i + 4 * (ac + sc) <= len; i += 4 * (ac + sc)) {
				struct board_rsv r = { be_cells(v + i, ac),
						       be_cells(v + i + 4 * ac, sc), nomap };

				if (r.size && n < max)
					out[n++] = r;
			}
		}
	}
	for (i = 0; i < lf.num_mem_rsv(blob); i++)
		if (!lf.get_mem_rsv(blob, i, &a, &sz) && sz && n < max)
			out[n++] = (struct board_rsv){ a, sz, false };
	return n;
}

/* Is [base, base + size) covered by mb's reserved and nomap regions together? */
static bool covered(u64 base, u64 size)
{
	u64 pos = base, end = base + size;
	const struct memblock_list *lists[] = { &mb.reserved, &mb.nomap };
	unsigned int l;
	int i;

	while (pos < end) {
		u64 next = pos;

		for (l = 0; l < ARRAY_SIZE(lists); l++)
			for (i = 0; i < lists[l]->count; i++) {
				const struct memblock_region *r = &lists[l]->region[i];

				if (r->base <= pos && pos - r->base < r->size)
					next = MAX(next, r->base + r->size);
			}
		if (next == pos)
			return false;
		pos = next;
	}
	return true;
}

static void test_boards(void)
{
	/*
	 *   RAM: the tree's, or where it says 0 bytes (the bootloader fills
	 *        /memory in: sm8450, Raspberry Pi 4), 8 GB from 0x80000000
	 *   reservations: the tree's own, 43-44 on sm8450, no-map ones only
	 *                 4K aligned (0xe55f3000+0x9000 on sm8450-hdk)
	 * Expect every reservation libfdt finds kept (reserved or nomap),
	 * no-map ranges never in a usable range, usable RAM in whole pages
	 * under 4K, 16K and 64K pages, and nothing memblock_alloc() hands out
	 * inside a reservation.
	 */
	static const char *const names[] = {
		"qcom/sm8450-hdk.dtb",
		"qcom/sm8450-qrd.dtb",
		"qcom/sm8450-sony-xperia-nagara-pdx223.dtb",
		"broadcom/bcm2711-rpi-4-b.dtb",
		"rockchip/rk3399-rockpro64.dtb",
		"freescale/imx8mq-evk.dtb",
	};
	static const struct pt_format *const fmts[] = {
		&pt_format_arm64_4k_48, &pt_format_arm64_16k_48, &pt_format_arm64_64k_48,
		&pt_format_arm64_4k_52, &pt_format_arm64_16k_52, &pt_format_arm64_64k_52
	};
	static struct board_rsv want[512];
	static struct dt_info info;
	struct memblock_region u;
	char dir[4096];
	unsigned int b, k;
	int i, j, n, nomap;

	snprintf(dir, sizeof(dir), "%s/../boards", fixture_dir);
	if (!load_libfdt()) {
		printf("ok %d - board trees # SKIP libfdt not found\n", ++tap_count);
		return;
	}
	for (b = 0; b < ARRAY_SIZE(names); b++) {
		size_t size = 0;
		struct fdt fdt;
		u8 *blob = read_file(dir, names[b], &size);

		if (!blob) {
			printf("ok %d - board %s # SKIP not in %s (make board-dtbs)\n", ++tap_count,
			       names[b], dir);
			continue;
		}
		n = libfdt_reservations(blob, want, ARRAY_SIZE(want));
		for (i = 0, nomap = 0; i < n; i++)
			nomap += want[i].nomap;
		TAP_CHECK(fdt_init(&fdt, blob, size) == 0, "%s: fdt_init", names[b]);
		TAP_CHECK(dt_info_scan(&fdt, 0, NULL, 0, &info) == 0, "%s: scan", names[b]);
		for (i = 0; i < info.nr_banks && !info.bank[i].size; i++)
			;
		if (i == info.nr_banks) {
			/* /memory says 0 bytes: the bootloader fills it in. */
			info.nr_banks = 1;
			info.bank[0] = (struct fdt_range){ 0x80000000, 0x200000000ULL };
		}
		for (k = 0; k < ARRAY_SIZE(fmts); k++) {
			u64 page = 1ULL << fmts[k]->page_shift;

			cap_reset();
			TAP_CHECK(memblock_init(&mb, &info, fmts[k], &no_boot, &rep) == 0,
				  "%s: init, %lluK pages: %s", names[b], page >> 10, cap);
			TAP_CHECK(rep.reserved == n && rep.nomap == nomap,
				  "%s: %d reservations (%d no-map), libfdt counts %d (%d)",
				  names[b], rep.reserved, rep.nomap, n, nomap);
			for (i = 0; i < n; i++) {
				TAP_CHECK(covered(want[i].base, want[i].size),
					  "%s: 0x%llx+0x%llx not kept", names[b], want[i].base,
					  want[i].size);
				for (j = 0; want[i].nomap && memblock_usable_range(&mb, j, &u); j++)
					TAP_CHECK(u.base >= want[i].base + want[i].size ||
							  want[i].base >= u.base + u.size,
						  "%s: no-map 0x%llx usable", names[b],
						  want[i].base);
			}
			TAP_CHECK(usable_in_pages(page), "%s: usable RAM not in whole %lluK pages",
				  names[b], page >> 10);
			for (j = 0; j < 64; j++) {
				phys_addr_t pa = memblock_alloc(&mb, page, page);

				for (i = 0; pa && i < n; i++)
					TAP_CHECK(pa >= want[i].base + want[i].size ||
							  want[i].base >= pa + page,
						  "%s: allocated 0x%llx inside 0x%llx+0x%llx",
						  names[b], pa, want[i].base, want[i].size);
			}
		}
		free(blob);
		tap_case("board %s: all %d reservations kept (%d no-map), in 4K, 16K, 64K pages",
			 names[b], n, nomap);
	}
}

static void test_top_page_bank(void)
{
	/*
	 *   0                                                        2^64
	 *   |                                               |.....|S|  (S: 16 bytes
	 *                                                                in the last page)
	 * Expect S ignored as smaller than a page, and -ENOENT (no other RAM).
	 *
	 * Known bug: add_memory() aligns the base up with ALIGN_UP, which wraps
	 * to 0 for a base in the last page, so the "bank" becomes
	 * [0, 2^64 - 4K), then clipped to the linear map: 128 GB of RAM from
	 * address 0 that the DT never described.
	 */
	static const u64 s[] = { 0xfffffffffffff001ULL, 0x10 };
	int err;

	dt_start(2, 2);
	dt_memory("memory@fffffffffffff001", 2, 2, s, 1);
	err = init_dt(&pt_format_riscv_sv39, &no_boot);
	TAP_CHECK(err == -ENOENT, "got %d", err);
	EXPECT_EMPTY(mb.memory);
	TAP_CHECK(rep.ignored_banks == 1, "ignored %d", rep.ignored_banks);
	tap_case("banks: a sub-page bank in the last page of the address space is ignored");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
		return 2;
	}
	fixture_dir = argv[1];
	tap_start();
	test_multibank();
	test_cells32();
	test_edge();
	test_no_memory_fixtures();
	test_qemu_dumps();
	test_no_memory();
	test_ignored_banks();
	test_banks_merge();
	test_too_many_banks();
	test_pci_cells();
	test_clip_sv39();
	test_clip_arm64();
	test_memreserve();
	test_reserved_memory();
	test_boot_ranges();
	test_linear_offset();
	test_boot_initrd();
	test_reserved_many();
	test_nomap_unaligned();
	test_memreserve_many();
	test_memreserve_linear();
	test_boards();
	test_top_page_bank();
	return tap_done();
}
