// SPDX-License-Identifier: GPL-2.0
/*
 * The EFI stub (boot/efi/stub.c, boot/efi/memmap.c) on the host, against
 * a pretend UEFI firmware written here from the UEFI 2.10 specification:
 * a system table, boot services that allocate pages out of a 64 MB arena
 * (physical addresses are host addresses), a memory map whose descriptors
 * are 48 bytes apart (more than the 40 the structure takes, as the
 * specification allows), EFI_RNG_PROTOCOL, a console that collects what
 * the stub prints, and ExitBootServices() with a map key. The image the
 * stub copies is a stretch of the arena (_text, _edata, _end are defined
 * on it below); arch_efi_enter() records its arguments and jumps back
 * here instead of entering anything.
 *
 * Expected results come from the specification and a brute-force model:
 * every 2 MB boundary of the arena is tried against the free regions for
 * the places; the reservations are the firmware's kept regions merged by
 * sorting. Device trees are made and read back with libfdt (dlopen).
 *
 * Built twice: with the image loaded 4 KB aligned (the stub must move it)
 * and, with -DTEST_LOADED_ALIGNED, 2 MB aligned (it may run in place).
 */
#include <lander/efi_stub.h>
#include <lander/fdt_edit.h>
#include <lander/boot.h>
#undef vsnprintf
#undef snprintf
#undef vprintk
#undef printk

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libfdt_dl.h"
#include "read_file.h"
#include "splitmix.h"
#include "tap.h"

struct boot_info boot_info; /* boot/cmdline.c's boot_option() reads it; the stub does not */

/* lib/printk.c's console: the stub prints only through the EFI console, so nothing comes here. */
void console_write(const char *s, size_t len);
void console_write(const char *s, size_t len)
{
	printf("# unexpected printk: %.*s\n", (int)len, s);
}

/* --- the arena, and the image in it ---------------------------------------------------------- */

#define ARENA_SIZE (64ULL << 20)
#define MB	   (1ULL << 20)
#ifdef TEST_LOADED_ALIGNED
#define IMG_OFF	  0x400000ULL /* where the firmware loaded the image: 2 MB aligned */
#define IMG_OFF_S "0x400000"
#else
#define IMG_OFF	  0x301000ULL /* 4 KB aligned only */
#define IMG_OFF_S "0x301000"
#endif
#define IMG_FILE 0x20000ULL  /* _edata - _text */
#define IMG_SIZE 0x40000ULL  /* _end - _text */
#define DT_OFF	 0x380000ULL /* the firmware's tree */
#define DT_PAGES 64	     /* 256 KB: the largest board tree is 123 KB */

u8 test_arena[ARENA_SIZE] __attribute__((aligned(2 << 20)));
/* _text, _edata and _end are renamed (objects.mk): the host's linker defines its own _edata and _end. */
__asm__(".globl test_image_text, test_image_edata, test_image_end\n"
	".set test_image_text, test_arena + " IMG_OFF_S "\n"
	".set test_image_edata, test_arena + " IMG_OFF_S " + 0x20000\n"
	".set test_image_end, test_arena + " IMG_OFF_S " + 0x40000\n");

static u64 A(u64 off)
{
	return (u64)(uintptr_t)test_arena + off;
}

/* --- libfdt ---------------------------------------------------------------------------------- */

static struct libfdt_calls lf;

/* The firmware's tree: /chosen with bootargs (NULL: no /chosen at all), one reservation. */
static void make_tree(const char *bootargs)
{
	void *t = test_arena + DT_OFF;
	int chosen;

	/* An empty tree (sequential write), then opened for editing in place. */
	lf.create(t, 0x10000);
	lf.finish_reservemap(t);
	lf.begin_node(t, "");
	lf.end_node(t);
	lf.finish(t);
	lf.open_into(t, t, 0x10000);
	lf.add_mem_rsv(t, A(60 * MB + 0x1000), 0x1000); /* inside the firmware's reserved RAM */
	lf.setprop(t, 0, "compatible", "test,efi", 9);
	if (bootargs) {
		chosen = lf.add_subnode(t, 0, "chosen");
		lf.setprop(t, chosen, "bootargs", bootargs, strlen(bootargs) + 1);
	}
	lf.add_subnode(t, 0, "soc");
}

/* --- the pretend firmware -------------------------------------------------------------------- */

struct region {
	u64 start, pages;
	u32 type;
	u64 attr;
};

#define DESC_SIZE 48

static struct fw {
	struct region r[512];
	int n;
	u64 key;
	int allocs, frees; /* the stub's allocate_pages() and free_pages() calls that succeeded */
	int fail_alloc_at; /* the allocation (1-based) that fails, 0: none */
	int alloc_calls;
	int ebs_stale;		 /* ExitBootServices() finds the map changed this many times */
	efi_status_t ebs_status; /* or fails like this (0: no) */
	int ebs_calls;
	bool exited;
	bool rng, rng_fails;
	int rng_calls;
	u8 rnd[16];
	bool no_dt;
	efi_char16_t options[64]; /* the loaded image's LoadOptions */
	u32 options_size;	  /* bytes; 0: the protocol gives none */
	struct region snap[512];  /* the map at the stub's first full GetMemoryMap() */
	int nsnap, map_calls;
	char log[8192];
	size_t loglen;
	bool log_bad; /* a character outside ASCII, or a LF without its CR */
} fw;

static void add_region(u64 start, u64 pages, u32 type)
{
	fw.r[fw.n++] = (struct region){ start, pages, type, EFI_MEMORY_WB };
}

/*
 * Turn [start, start + pages) of region i into a new region of type:
 * region i keeps what lies before it, and what follows becomes another.
 */
static void carve(int i, u64 start, u64 pages, u32 type)
{
	struct region r = fw.r[i];
	u64 end = start + (pages << EFI_PAGE_SHIFT), rend = r.start + (r.pages << EFI_PAGE_SHIFT);

	fw.r[i].pages = (start - r.start) >> EFI_PAGE_SHIFT;
	if (rend > end)
		add_region(end, (rend - end) >> EFI_PAGE_SHIFT, r.type);
	add_region(start, pages, type);
	fw.key++;
}

static efi_status_t fw_allocate_pages(u32 how, u32 type, size_t pages, u64 *addr)
{
	int i, best = -1;

	if (++fw.alloc_calls == fw.fail_alloc_at)
		return EFI_OUT_OF_RESOURCES;
	for (i = 0; i < fw.n; i++) {
		struct region *r = &fw.r[i];
		u64 end = r->start + (r->pages << EFI_PAGE_SHIFT);

		if (r->type != EFI_CONVENTIONAL_MEMORY || r->pages < pages)
			continue;
		if (how == EFI_ALLOCATE_ADDRESS) {
			if (*addr >= r->start && *addr + (pages << EFI_PAGE_SHIFT) <= end) {
				best = i;
				break;
			}
		} else if (how == EFI_ALLOCATE_ANY_PAGES) {
			/* Top down, as EDK2 does. */
			if (best < 0 || r->start > fw.r[best].start)
				best = i;
		}
	}
	if (best < 0)
		return how == EFI_ALLOCATE_ADDRESS ? EFI_NOT_FOUND : EFI_OUT_OF_RESOURCES;
	if (how == EFI_ALLOCATE_ANY_PAGES)
		*addr = fw.r[best].start + ((fw.r[best].pages - pages) << EFI_PAGE_SHIFT);
	carve(best, *addr, pages, type);
	fw.allocs++;
	return EFI_SUCCESS;
}

static efi_status_t fw_free_pages(u64 addr, size_t pages)
{
	int i;

	for (i = 0; i < fw.n; i++)
		if (fw.r[i].start == addr && fw.r[i].pages == pages &&
		    (fw.r[i].type == EFI_LOADER_DATA || fw.r[i].type == EFI_LOADER_CODE)) {
			fw.r[i].type = EFI_CONVENTIONAL_MEMORY;
			fw.frees++;
			fw.key++;
			return EFI_SUCCESS;
		}
	return EFI_NOT_FOUND;
}

static efi_status_t fw_get_memory_map(size_t *size, void *map, size_t *key, size_t *dsize,
				      u32 *version)
{
	size_t need = (size_t)fw.n * DESC_SIZE;
	int i;

	*dsize = DESC_SIZE;
	*version = 1;
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	memset(map, 0xa5, need); /* the bytes past each descriptor's 40 mean nothing */
	for (i = 0; i < fw.n; i++) {
		struct efi_memory_desc *d = (void *)((u8 *)map + (size_t)i * DESC_SIZE);

		d->type = fw.r[i].type;
		d->phys_start = fw.r[i].start;
		d->virt_start = 0;
		d->num_pages = fw.r[i].pages;
		d->attribute = fw.r[i].attr;
	}
	*size = need;
	*key = fw.key;
	if (!fw.map_calls++) {
		memcpy(fw.snap, fw.r, sizeof(fw.r));
		fw.nsnap = fw.n;
	}
	return EFI_SUCCESS;
}

static efi_status_t fw_exit_boot_services(efi_handle_t image, size_t key)
{
	(void)image;
	fw.ebs_calls++;
	if (fw.ebs_stale) {
		fw.ebs_stale--;
		fw.key++; /* an event allocated memory in between */
		add_region(A(ARENA_SIZE + 16 * MB), 1, EFI_RUNTIME_SERVICES_DATA);
		return EFI_INVALID_PARAMETER;
	}
	if (fw.ebs_status)
		return fw.ebs_status;
	if (key != fw.key)
		return EFI_INVALID_PARAMETER;
	fw.exited = true;
	return EFI_SUCCESS;
}

static efi_status_t fw_get_rng(struct efi_rng_protocol *self, efi_guid_t *alg, size_t len, u8 *out)
{
	(void)self;
	fw.rng_calls++;
	if (fw.rng_fails || alg || len > sizeof(fw.rnd))
		return EFI_UNSUPPORTED;
	memcpy(out, fw.rnd, len);
	return EFI_SUCCESS;
}

static struct efi_rng_protocol fw_rng = { .get_rng = fw_get_rng };

static efi_status_t fw_locate_protocol(efi_guid_t *guid, void *reg, void **iface)
{
	efi_guid_t rng = EFI_RNG_PROTOCOL_GUID;

	(void)reg;
	if (fw.rng && !memcmp(guid, &rng, sizeof(rng))) {
		*iface = &fw_rng;
		return EFI_SUCCESS;
	}
	return EFI_NOT_FOUND;
}

static efi_status_t fw_output_string(struct efi_simple_text_output *self, efi_char16_t *s)
{
	(void)self;
	if (fw.exited)
		fw.log_bad = true; /* no boot services after ExitBootServices() */
	for (; *s; s++) {
		if (*s >= 0x80 || (*s == '\n' && (fw.loglen == 0 || fw.log[fw.loglen - 1] != '\r')))
			fw.log_bad = true;
		if (fw.loglen + 1 < sizeof(fw.log))
			fw.log[fw.loglen++] = (char)*s;
	}
	fw.log[fw.loglen] = 0;
	return EFI_SUCCESS;
}

static struct efi_loaded_image fw_loaded_image;

static efi_status_t fw_handle_protocol(efi_handle_t handle, efi_guid_t *guid, void **iface)
{
	efi_guid_t li = EFI_LOADED_IMAGE_PROTOCOL_GUID;

	if (handle != (efi_handle_t)0x1234 || memcmp(guid, &li, sizeof(li)))
		return EFI_UNSUPPORTED;
	fw_loaded_image.load_options = fw.options_size ? fw.options : NULL;
	fw_loaded_image.load_options_size = fw.options_size;
	*iface = &fw_loaded_image;
	return EFI_SUCCESS;
}

static void set_options(const char *ascii, u32 extra)
{
	u32 i;

	for (i = 0; ascii[i]; i++)
		fw.options[i] = (u8)ascii[i];
	fw.options[i] = 0;
	fw.options_size = (i + 1 + extra) * 2;
}

static struct efi_simple_text_output fw_con = { .output_string = fw_output_string };
static struct efi_boot_services fw_bs = {
	.allocate_pages = fw_allocate_pages,
	.free_pages = fw_free_pages,
	.get_memory_map = fw_get_memory_map,
	.exit_boot_services = fw_exit_boot_services,
	.locate_protocol = fw_locate_protocol,
	.handle_protocol = fw_handle_protocol,
};
static struct efi_config_table fw_tables[2];
static struct efi_system_table fw_st = {
	.con_out = &fw_con,
	.boot_services = &fw_bs,
	.tables = fw_tables,
};

/*
 * A fresh firmware: runtime code and data low in the arena, the loaded
 * image, the tree, a reserved stretch near the top, and free RAM between.
 * Regions are listed out of address order, as nothing says a map is sorted.
 */
static void fw_reset(const char *bootargs)
{
	memset(&fw, 0, sizeof(fw));
	add_region(A(3 * MB), (57 * MB) >> EFI_PAGE_SHIFT, EFI_CONVENTIONAL_MEMORY);
	add_region(A(0), (1 * MB) >> EFI_PAGE_SHIFT, EFI_RUNTIME_SERVICES_DATA);
	add_region(A(1 * MB), 16, EFI_RUNTIME_SERVICES_CODE);
	add_region(A(1 * MB + 0x10000), (2 * MB - 0x10000) >> EFI_PAGE_SHIFT,
		   EFI_CONVENTIONAL_MEMORY);
	add_region(A(60 * MB), (1 * MB) >> EFI_PAGE_SHIFT, EFI_RESERVED_MEMORY);
	add_region(A(61 * MB), (3 * MB) >> EFI_PAGE_SHIFT, EFI_CONVENTIONAL_MEMORY);
	/* MMIO far from RAM: not write-back, so never a place nor a reservation. */
	fw.r[fw.n++] = (struct region){ 0x9000000, 16, EFI_MEMORY_MAPPED_IO, 0 };
	/* The loaded image and the tree, carved out of the free RAM. */
	carve(0, A(IMG_OFF), IMG_SIZE >> EFI_PAGE_SHIFT, EFI_LOADER_CODE);
	{
		int i;

		for (i = 0; i < fw.n; i++)
			if (fw.r[i].type == EFI_CONVENTIONAL_MEMORY && A(DT_OFF) >= fw.r[i].start &&
			    A(DT_OFF) < fw.r[i].start + (fw.r[i].pages << EFI_PAGE_SHIFT))
				carve(i, A(DT_OFF), DT_PAGES, EFI_BOOT_SERVICES_DATA);
	}
	fw.allocs = fw.frees = 0;
	make_tree(bootargs);
	for (u64 i = 0; i < IMG_FILE; i++)
		test_arena[IMG_OFF + i] = (u8)(i * 7 + 3);
	fw_tables[0] = (struct efi_config_table){ EFI_GUID(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
						  NULL };
	fw_tables[1] = (struct efi_config_table){ EFI_DTB_TABLE_GUID, test_arena + DT_OFF };
	fw_st.nr_tables = 2;
	for (int i = 0; i < 16; i++)
		fw.rnd[i] = (u8)(0x10 * i + 1);
}

/* --- arch_efi_enter(): record and come back -------------------------------------------------- */

static jmp_buf entered_jmp;
static struct {
	bool entered;
	u64 text_pa, fdt_pa, arg, image_size, fdt_size;
} got;

void arch_efi_enter(phys_addr_t text_pa, phys_addr_t fdt_pa, u64 arg, u64 image_size, u64 fdt_size)
{
	got.entered = true;
	got.text_pa = text_pa;
	got.fdt_pa = fdt_pa;
	got.arg = arg;
	got.image_size = image_size;
	got.fdt_size = fdt_size;
	longjmp(entered_jmp, 1);
}

static efi_status_t run_stub(void)
{
	memset(&got, 0, sizeof(got));
	if (setjmp(entered_jmp))
		return EFI_SUCCESS;
	return efi_pe_entry((efi_handle_t)0x1234, &fw_st);
}

/* --- the model ------------------------------------------------------------------------------- */

/* The 2 MB aligned places of IMG_SIZE in the free RAM of regions r, in map order: brute force. */
static int model_places(const struct region *r, int n, u64 *out, int max)
{
	int i, k = 0;

	for (i = 0; i < n; i++) {
		u64 end = r[i].start + (r[i].pages << EFI_PAGE_SHIFT), a;

		if (r[i].type != EFI_CONVENTIONAL_MEMORY || !(r[i].attr & EFI_MEMORY_WB))
			continue;
		for (a = A(0); a < A(ARENA_SIZE); a += 2 * MB)
			if (a >= r[i].start && a + IMG_SIZE <= end && k < max)
				out[k++] = a;
	}
	return k;
}

static int cmp_range(const void *a, const void *b)
{
	const struct fdt_range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* The firmware's kept, write-back regions, sorted and merged where they touch. */
static int model_reserved(struct fdt_range *out)
{
	int i, n = 0, m = 0;

	for (i = 0; i < fw.n; i++) {
		u32 t = fw.r[i].type;

		if (!(fw.r[i].attr & EFI_MEMORY_WB) || !fw.r[i].pages || t == EFI_LOADER_CODE ||
		    t == EFI_LOADER_DATA || t == EFI_BOOT_SERVICES_CODE ||
		    t == EFI_BOOT_SERVICES_DATA || t == EFI_CONVENTIONAL_MEMORY)
			continue;
		out[n++] = (struct fdt_range){ fw.r[i].start, fw.r[i].pages << EFI_PAGE_SHIFT };
	}
	qsort(out, n, sizeof(*out), cmp_range);
	for (i = 0; i < n; i++) {
		if (m && out[m - 1].base + out[m - 1].size >= out[i].base) {
			u64 e = out[i].base + out[i].size;

			if (e > out[m - 1].base + out[m - 1].size)
				out[m - 1].size = e - out[m - 1].base;
		} else {
			out[m++] = out[i];
		}
	}
	return m;
}

/* The tree the stub handed over: valid, and its /chosen properties. */
static void check_handed_tree(const char *placement, const u8 *seed)
{
	const void *t = (const void *)(uintptr_t)got.fdt_pa;
	struct fdt_range want[512];
	int chosen, len, n, i;
	const char *p;
	uint64_t base, size;

	if (!got.entered)
		return;
	TAP_CHECK(lf.check_full(t, got.fdt_size) == 0, "libfdt refuses the tree handed over");
	chosen = lf.path_offset(t, "/chosen");
	TAP_CHECK(chosen >= 0, "no /chosen");
	p = lf.getprop(t, chosen, "lander,efi-placement", &len);
	TAP_CHECK(p && len == (int)strlen(placement) + 1 && !strcmp(p, placement),
		  "lander,efi-placement is %s, expected %s", p ? p : "(none)", placement);
	p = lf.getprop(t, chosen, "kaslr-seed", &len);
	if (seed)
		TAP_CHECK(p && len == 8 && !memcmp(p, seed, 8),
			  "kaslr-seed is not the RNG's bytes");
	else
		TAP_CHECK(!p, "a kaslr-seed without a seed from the firmware");
	/* The tree's own reservation first, then the firmware's kept regions. */
	n = model_reserved(want);
	TAP_CHECK(lf.num_mem_rsv(t) == n + 1, "%d reservations, expected %d", lf.num_mem_rsv(t),
		  n + 1);
	lf.get_mem_rsv(t, 0, &base, &size);
	TAP_CHECK(base == A(60 * MB + 0x1000) && size == 0x1000,
		  "the tree's own reservation was lost");
	for (i = 0; i < n && i + 1 < lf.num_mem_rsv(t); i++) {
		lf.get_mem_rsv(t, i + 1, &base, &size);
		TAP_CHECK(base == want[i].base && size == want[i].size,
			  "reservation %d: 0x%llx+0x%llx, expected 0x%llx+0x%llx", i,
			  (unsigned long long)base, (unsigned long long)size,
			  (unsigned long long)want[i].base, (unsigned long long)want[i].size);
	}
}

static void check_entered_image(void)
{
	TAP_CHECK(got.entered, "the stub did not enter the kernel: %s", fw.log);
	if (!got.entered)
		return;
	TAP_CHECK(fw.exited, "entered without ExitBootServices()");
	TAP_CHECK(got.text_pa % (2 * MB) == 0, "entered at 0x%llx, not 2 MB aligned",
		  (unsigned long long)got.text_pa);
	TAP_CHECK(got.image_size == IMG_SIZE, "image_size %llu",
		  (unsigned long long)got.image_size);
	TAP_CHECK(got.arg == 0, "arm64 takes no entry argument");
	TAP_CHECK(!memcmp((void *)(uintptr_t)got.text_pa, test_arena + IMG_OFF, IMG_FILE),
		  "the image at its place is not the file as loaded");
	TAP_CHECK(!fw.log_bad, "console output: non-ASCII, a bare LF, or after ExitBootServices()");
}

static u64 seed_k(void)
{
	u64 k;

	memcpy(&k, fw.rnd + 8, 8);
	return k;
}

/* --- cases ----------------------------------------------------------------------------------- */

static void case_random(void)
{
	u64 places[64];
	int n;

	fw_reset("console=ttyAMA0");
	fw.rng = true;
	TAP_CHECK(run_stub() == EFI_SUCCESS, "status");
	check_entered_image();
	n = model_places(fw.snap, fw.nsnap, places, 64);
	TAP_CHECK(n > 0 && got.text_pa == places[seed_k() % n],
		  "placed at 0x%llx, the model says place %llu of %d: 0x%llx",
		  (unsigned long long)got.text_pa, (unsigned long long)(seed_k() % n), n,
		  (unsigned long long)(n ? places[seed_k() % n] : 0));
	check_handed_tree("random", fw.rnd);
	TAP_CHECK(strstr(fw.log, "KASLR seed from EFI_RNG_PROTOCOL\r\n"), "log: %s", fw.log);
	TAP_CHECK(fw.frees == 0, "freed %d allocations on success", fw.frees);
	tap_case(
		"EFI_RNG: the image at the model's random place, kaslr-seed set, firmware reserved");

	/* Every seed gives the place the model says. */
	for (int s = 0; s < 40; s++) {
		uint64_t st = 0x5eed + s;

		fw_reset("");
		fw.rng = true;
		for (int i = 0; i < 16; i++)
			fw.rnd[i] = (u8)splitmix64(&st);
		run_stub();
		n = model_places(fw.snap, fw.nsnap, places, 64);
		TAP_CHECK(got.entered && n && got.text_pa == places[seed_k() % n], "seed %d", s);
	}
	tap_case("40 seeds: each at the model's place");
}

static void case_no_rng(void)
{
	u64 places[64];
	int n;

	fw_reset(NULL);
	TAP_CHECK(run_stub() == EFI_SUCCESS, "status");
	check_entered_image();
	n = model_places(fw.snap, fw.nsnap, places, 64);
	(void)n;
#ifdef TEST_LOADED_ALIGNED
	TAP_CHECK(got.text_pa == A(IMG_OFF), "moved an aligned image without a seed");
	check_handed_tree("loaded", NULL);
	TAP_CHECK(fw.allocs == 2, "%d allocations: the tree and the map only", fw.allocs);
#else
	TAP_CHECK(n && got.text_pa == places[0], "not at the lowest place 0x%llx",
		  (unsigned long long)(n ? places[0] : 0));
	check_handed_tree("lowest", NULL);
#endif
	TAP_CHECK(strstr(fw.log, "no EFI_RNG_PROTOCOL"), "log: %s", fw.log);
	tap_case("no EFI_RNG, no /chosen: %s, no kaslr-seed, /chosen added",
		 IMG_OFF % (2 * MB) ? "the lowest place" : "in place");
}

static void case_options(void)
{
	fw_reset("earlycon nokaslr");
	fw.rng = true;
	run_stub();
	check_entered_image();
	TAP_CHECK(fw.rng_calls == 0, "nokaslr, yet the RNG was asked");
	TAP_CHECK(strstr(fw.log,
			 "lander: EFI stub: KASLR is off (nokaslr or kernel_displacement=): "
			 "no seed asked for\r\n"),
		  "log: %s", fw.log);
	check_handed_tree(IMG_OFF % (2 * MB) ? "lowest" : "loaded", NULL);
	tap_case("nokaslr: no seed asked for, no random place");

	fw_reset("kaslr.phys=off");
	fw.rng = true;
	run_stub();
	check_entered_image();
	check_handed_tree(IMG_OFF % (2 * MB) ? "lowest" : "loaded", fw.rnd);
	tap_case("kaslr.phys=off: a seed for the kernel, no random place");

	fw_reset("kernel_displacement=0x200000");
	fw.rng = true;
	run_stub();
	TAP_CHECK(got.entered && fw.rng_calls == 0, "kernel_displacement=: RNG asked");
	tap_case("kernel_displacement=: no seed asked for");

	fw_reset("");
	fw.rng = true;
	fw.rng_fails = true;
	run_stub();
	check_entered_image();
	check_handed_tree(IMG_OFF % (2 * MB) ? "lowest" : "loaded", NULL);
	TAP_CHECK(strstr(fw.log, "EFI_RNG_PROTOCOL gave nothing (EFI_UNSUPPORTED)"), "log: %s",
		  fw.log);
	tap_case("EFI_RNG fails: said, and booted without a seed");
}

static void case_load_options(void)
{
	const void *t;
	const char *p;
	int len;

	fw_reset("console=ttyAMA0");
	fw.rng = true;
	set_options("nokaslr earlycon", 0);
	run_stub();
	check_entered_image();
	TAP_CHECK(fw.rng_calls == 0, "nokaslr on the EFI command line, yet the RNG was asked");
	t = (const void *)(uintptr_t)got.fdt_pa;
	p = got.entered ? lf.getprop(t, lf.path_offset(t, "/chosen"), "bootargs", &len) : NULL;
	TAP_CHECK(p && !strcmp(p, "nokaslr earlycon") && len == 17, "bootargs: %s", p ? p : "-");
	TAP_CHECK(strstr(fw.log, "lander: EFI stub: command line: nokaslr earlycon\r\n"), "log: %s",
		  fw.log);
	tap_case("LoadOptions replace /chosen/bootargs, and their nokaslr counts");

	fw_reset("nokaslr");
	fw.rng = true;
	set_options("ab", 0);
	fw.options[1] = 0x263a; /* not ASCII: a boot entry's binary data */
	run_stub();
	check_entered_image();
	t = (const void *)(uintptr_t)got.fdt_pa;
	p = got.entered ? lf.getprop(t, lf.path_offset(t, "/chosen"), "bootargs", &len) : NULL;
	TAP_CHECK(p && !strcmp(p, "nokaslr"), "the tree's bootargs were replaced: %s", p ? p : "-");
	TAP_CHECK(strstr(fw.log, "is not printable ASCII"), "log: %s", fw.log);
	TAP_CHECK(fw.rng_calls == 0, "the tree's nokaslr was not honoured");
	tap_case("LoadOptions that are not text: said, ignored, the tree's bootargs kept");

	fw_reset("kaslr.phys=off");
	set_options("   ", 3); /* spaces, then NULs past the first */
	run_stub();
	t = (const void *)(uintptr_t)got.fdt_pa;
	p = got.entered ? lf.getprop(t, lf.path_offset(t, "/chosen"), "bootargs", &len) : NULL;
	TAP_CHECK(p && !strcmp(p, "kaslr.phys=off"), "blank LoadOptions replaced bootargs");
	tap_case("blank LoadOptions: the tree's bootargs kept");
}

static void case_ebs_retry(void)
{
	fw_reset("");
	fw.rng = true;
	fw.ebs_stale = 1;
	TAP_CHECK(run_stub() == EFI_SUCCESS, "status");
	check_entered_image();
	TAP_CHECK(fw.ebs_calls == 2, "%d ExitBootServices() calls", fw.ebs_calls);
	/* The model reads the final map, which has the region the first try added. */
	check_handed_tree("random", fw.rnd);
	tap_case("the map changed before ExitBootServices(): fetched again, reserved once, booted");
}

/* A failure: its status, its message, nothing left allocated, nothing entered. */
static void check_failed(efi_status_t status, efi_status_t want, const char *msg)
{
	TAP_CHECK(status == want, "status 0x%llx, expected 0x%llx", (unsigned long long)status,
		  (unsigned long long)want);
	TAP_CHECK(!got.entered, "entered the kernel after a failure");
	TAP_CHECK(strstr(fw.log, msg), "no \"%s\" in: %s", msg, fw.log);
	TAP_CHECK(fw.allocs == fw.frees, "%d allocations, %d freed", fw.allocs, fw.frees);
}

static void case_failures(void)
{
	efi_status_t st;
	int i;

	fw_reset("");
	fw_st.nr_tables = 1;
	check_failed(run_stub(), EFI_NOT_FOUND,
		     "lander: EFI stub: error: no device tree in the EFI configuration table");
	TAP_CHECK(!fw.log_bad, "console");
	tap_case("no device tree in the configuration table: EFI_NOT_FOUND, said why");

	fw_reset("");
	memcpy(test_arena + DT_OFF, "\xd0\x0d\xfe\xee", 4);
	check_failed(run_stub(), EFI_LOAD_ERROR, "is malformed: bad device tree magic");
	tap_case("a device tree with a bad magic: EFI_LOAD_ERROR, said why");

	/* Each allocation the stub makes, failing in turn. */
	for (i = 1; i <= 3; i++) {
		fw_reset("");
		fw.rng = true;
		fw.fail_alloc_at = i;
		st = run_stub();
		check_failed(st, EFI_OUT_OF_RESOURCES, "could not allocate");
		tap_case("allocation %d of 3 fails: EFI_OUT_OF_RESOURCES, the others freed", i);
	}

	fw_reset("");
	fw.ebs_stale = 2;
	check_failed(run_stub(), EFI_INVALID_PARAMETER,
		     "ExitBootServices() failed twice, with a fresh memory map "
		     "(EFI_INVALID_PARAMETER)");
	TAP_CHECK(fw.ebs_calls == 2, "%d calls", fw.ebs_calls);
	tap_case("the map changes before both ExitBootServices() calls: said, returned");

	fw_reset("");
	fw.ebs_status = EFI_UNSUPPORTED;
	check_failed(run_stub(), EFI_UNSUPPORTED, "ExitBootServices() failed (EFI_UNSUPPORTED)");
	TAP_CHECK(fw.ebs_calls == 1, "retried on an error other than a changed map");
	tap_case("ExitBootServices() fails otherwise: no retry, said, returned");

	/* More kept regions than the kernel takes reservations: every other page runtime data. */
	fw_reset("");
	for (i = 0; i < 200; i++)
		add_region(A(64 * MB) + (u64)i * 2 * EFI_PAGE_SIZE, 1, EFI_RUNTIME_SERVICES_DATA);
	check_failed(run_stub(), EFI_OUT_OF_RESOURCES,
		     "cannot reserve the firmware's memory in the device tree");
	tap_case("200 separate kept regions: more than the kernel's 128 reservations, refused");
}

/* --- the pure functions on random maps ------------------------------------------------------- */

/*
 * Every real board's tree (make board-dtbs, next to the fixtures) as the
 * firmware's: the stub hands over a tree both readers accept, with the
 * seed, the placement, and the board's own reservations before the
 * firmware's.
 */
static void case_boards(const char *fixtures)
{
	char dir[4096], **files = NULL;
	size_t n = 0, i, size, bad = 0;
	struct fdt_range want[512];
	struct fdt f;
	u8 *blob;

	snprintf(dir, sizeof(dir), "%s/../boards", fixtures);
	test_list_files(dir, ".dtb", &files, &n);
	if (!n) {
		tap_case("boards: no trees in %s (make board-dtbs): skipped", dir);
		return;
	}
	for (i = 0; i < n; i++) {
		const void *t;
		int nrsv, orig;

		blob = test_read_file(files[i], &size);
		if (!blob || size > DT_PAGES * EFI_PAGE_SIZE) {
			TAP_CHECK(0, "%s: unreadable or over 256 KB", files[i]);
			bad++;
			free(blob);
			continue;
		}
		fw_reset("");
		memcpy(test_arena + DT_OFF, blob, size);
		orig = lf.num_mem_rsv(blob);
		fw.rng = true;
		run_stub();
		t = (const void *)(uintptr_t)got.fdt_pa;
		nrsv = model_reserved(want);
		if (!got.entered || lf.check_full(t, got.fdt_size) ||
		    fdt_init(&f, t, got.fdt_size) || lf.num_mem_rsv(t) != orig + nrsv ||
		    !lf.getprop(t, lf.path_offset(t, "/chosen"), "kaslr-seed", NULL) ||
		    !lf.getprop(t, lf.path_offset(t, "/chosen"), "lander,efi-placement", NULL)) {
			TAP_CHECK(0, "%s: %s", files[i],
				  got.entered ? "the tree handed over" : fw.log);
			bad++;
		}
		free(blob);
		free(files[i]);
	}
	free(files);
	tap_case("boards: %zu trees as the firmware's, %zu handed over wrong", n, bad);
}

static void case_memmap_random(void)
{
	static u8 buf[64 * DESC_SIZE];
	struct efi_map map = { buf, 0, DESC_SIZE };
	uint64_t st = 20261203;
	int round, bad = 0;

	for (round = 0; round < 2000; round++) {
		int n = 1 + (int)(splitmix64(&st) % 40), i;
		struct efi_place_request req = {
			.need = (1 + splitmix64(&st) % 8) * EFI_PAGE_SIZE * 128,
			.align = EFI_PAGE_SIZE << (splitmix64(&st) % 10),
			.limit = U64_MAX,
		};
		u64 cnt = 0, k;

		for (i = 0; i < n; i++) {
			struct efi_memory_desc *d = (void *)(buf + i * DESC_SIZE);

			d->type = splitmix64(&st) % 3 ? EFI_CONVENTIONAL_MEMORY :
							(u32)(splitmix64(&st) % 16);
			d->phys_start = (splitmix64(&st) % 4096) << EFI_PAGE_SHIFT;
			d->num_pages = splitmix64(&st) % 2048;
			d->attribute = splitmix64(&st) % 8 ? EFI_MEMORY_WB : 0;
		}
		map.size = (size_t)n * DESC_SIZE;
		if (splitmix64(&st) % 4 == 0)
			req.limit = (splitmix64(&st) % 4096) << EFI_PAGE_SHIFT;
		/* The model: every aligned address of each free descriptor, one by one. */
		for (i = 0; i < n; i++) {
			struct efi_memory_desc *d = (void *)(buf + i * DESC_SIZE);
			u64 end = d->phys_start + (d->num_pages << EFI_PAGE_SHIFT), a;

			if (d->type != EFI_CONVENTIONAL_MEMORY || !(d->attribute & EFI_MEMORY_WB))
				continue;
			for (a = 0; a < (4096ULL + 2048) << EFI_PAGE_SHIFT; a += req.align)
				if (a >= d->phys_start && a + req.need <= end &&
				    a + req.need <= req.limit)
					cnt++;
		}
		if (efi_place_count(&map, &req) != cnt)
			bad++;
		k = cnt ? splitmix64(&st) % cnt : 0;
		if (cnt) {
			/* The k-th in the model's order. */
			u64 want = 0, j = 0;

			for (i = 0; i < n && !want; i++) {
				struct efi_memory_desc *d = (void *)(buf + i * DESC_SIZE);
				u64 end = d->phys_start + (d->num_pages << EFI_PAGE_SHIFT), a;

				if (d->type != EFI_CONVENTIONAL_MEMORY ||
				    !(d->attribute & EFI_MEMORY_WB))
					continue;
				for (a = 0; a < (4096ULL + 2048) << EFI_PAGE_SHIFT; a += req.align)
					if (a >= d->phys_start && a + req.need <= end &&
					    a + req.need <= req.limit && j++ == k) {
						want = a + 1; /* +1: a place may be 0 */
						break;
					}
			}
			if (efi_place_nth(&map, &req, k) != want - 1)
				bad++;
		}
	}
	TAP_CHECK(bad == 0, "%d of 2000 random maps disagree with the model", bad);
	tap_case(
		"places on 2000 random maps (descriptors 48 bytes apart) match a brute-force model");
}

static void case_memmap_edges(void)
{
	static u8 buf[4 * DESC_SIZE];
	struct efi_map map = { buf, 0, DESC_SIZE };
	struct efi_memory_desc *d = (void *)buf;
	struct efi_place_request req = { 2 * MB, 2 * MB, U64_MAX };

	/* A descriptor whose end wraps past 2^64 counts nothing. */
	d->type = EFI_CONVENTIONAL_MEMORY;
	d->attribute = EFI_MEMORY_WB;
	d->phys_start = 0xfffffffffff00000ULL;
	d->num_pages = 1ULL << 40;
	map.size = DESC_SIZE;
	TAP_CHECK(efi_place_count(&map, &req) == 0, "a wrapping descriptor has places");
	/* A map shorter than one descriptor, or a descriptor size below 40: nothing read. */
	map.size = 39;
	TAP_CHECK(efi_place_count(&map, &req) == 0, "a partial descriptor was read");
	map.size = 2 * DESC_SIZE;
	map.desc_size =
		44; /* not a multiple of 8: the second descriptor's fields would be misaligned */
	TAP_CHECK(efi_place_count(&map, &req) == 0, "descriptors 44 bytes apart were read");
	map.size = DESC_SIZE;
	map.desc_size = 32;
	TAP_CHECK(efi_place_count(&map, &req) == 0 && efi_place_limit(&map) == 0,
		  "descriptors 32 bytes apart were read");
	/* The limit: 256 GB above the lowest RAM rounded down to 1 GB. */
	map.desc_size = DESC_SIZE;
	d->phys_start = 0x80200000;
	d->num_pages = 16;
	TAP_CHECK(efi_place_limit(&map) == 0x80000000ULL + (256ULL << 30), "limit 0x%llx",
		  (unsigned long long)efi_place_limit(&map));
	tap_case(
		"memory map edges: wrapping, partial, short and misaligned descriptors; the limit");
}

int main(int argc, char **argv)
{
	tap_start();
	if (libfdt_load(&lf)) {
		printf("Bail out! libfdt is needed\n");
		return 1;
	}
	case_random();
	case_no_rng();
	case_options();
	case_load_options();
	case_ebs_retry();
	case_failures();
	case_boards(argc > 1 ? argv[1] : "build/host/fixtures");
	case_memmap_random();
	case_memmap_edges();
	return tap_done();
}
