// SPDX-License-Identifier: GPL-2.0
/*
 * The EFI stub: the Image run as an EFI application (UEFI 2.10). The
 * firmware loaded the PE/COFF image somewhere in RAM and calls
 * efi_pe_entry() in its own identity map, with boot services up. The stub
 *
 *   1. finds the device tree in the configuration table, and copies it
 *      into a buffer of its own with room for what it adds;
 *   2. takes the EFI command line (LoadOptions) as /chosen/bootargs, and
 *      reads the boot options it must honour (nokaslr, kaslr.phys=off);
 *   3. takes 16 bytes from EFI_RNG_PROTOCOL when the firmware has one:
 *      8 become /chosen/kaslr-seed, for the kernel's virtual placement
 *      (boot/kaslr.c), 8 choose the physical place here;
 *   4. asks the arch for its entry argument (riscv: the boot hart);
 *   5. places the image: at a random 2 MB aligned place in free RAM when
 *      it has a seed, else where the firmware loaded it if that is 2 MB
 *      aligned, else at the lowest such place; every place but the loaded
 *      one is allocated from the firmware and the image copied there. It
 *      tells the kernel in /chosen/lander,efi-placement, and the kernel
 *      then keeps the place (boot/early.c);
 *   6. gets the final memory map, turns every range of RAM the firmware
 *      keeps after ExitBootServices() into a /memreserve/ entry, and
 *      calls ExitBootServices(), fetching the map again once if the
 *      firmware says the map changed;
 *   7. enters the kernel at _text like a bootloader (arch_efi_enter()).
 *
 * On any failure before ExitBootServices() it says why on the EFI console
 * and returns an error status to the firmware, after freeing what it
 * allocated. The stub writes nothing inside the running image: the copy
 * must be the file as loaded.
 *
 * It runs before the kernel's relocation, in the firmware's address
 * space: position independent, like the rest of the early subset.
 */
#include <lander/cmdline.h>
#include <lander/compiler.h>
#include <lander/dt_info.h>
#include <lander/efi_stub.h>
#include <lander/fdt.h>
#include <lander/fdt_edit.h>
#include <lander/printk.h>
#include <lander/sections.h>
#include <lander/string.h>
#include <mm/layout.h>
#include <asm/efi.h>
#include <stdarg.h>

/*
 * Room for the properties the stub adds to the tree (bootargs, at most
 * DT_BOOTARGS_MAX, kaslr-seed, lander,efi-placement, /chosen itself); the
 * reservations get 16 bytes per memory-map descriptor on top.
 */
#define STUB_FDT_ROOM 4096

struct stub {
	struct efi_system_table *st;
	struct efi_boot_services *bs;
	efi_handle_t image;
	/* The pages the stub allocated: the tree, the map, the image's copy. */
	u64 fdt_pa, map_pa, copy_pa;
	size_t fdt_pages, map_pages, copy_pages;
};

/* Print a line on the EFI console: ASCII, "\n" becomes CR LF. */
static void __printf(2, 3) say(const struct stub *s, const char *fmt, ...)
{
	char line[192];
	efi_char16_t out[2 * sizeof(line) + 1];
	unsigned int i, j = 0;
	va_list ap;

	if (!s->st->con_out)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (i = 0; line[i]; i++) {
		if (line[i] == '\n')
			out[j++] = '\r';
		out[j++] = (u8)line[i];
	}
	out[j] = 0;
	s->st->con_out->output_string(s->st->con_out, out);
}

/* The status as the specification writes it, for messages. */
static const char *status_name(efi_status_t status)
{
	if (status == EFI_INVALID_PARAMETER)
		return "EFI_INVALID_PARAMETER";
	if (status == EFI_OUT_OF_RESOURCES)
		return "EFI_OUT_OF_RESOURCES";
	if (status == EFI_NOT_FOUND)
		return "EFI_NOT_FOUND";
	if (status == EFI_BUFFER_TOO_SMALL)
		return "EFI_BUFFER_TOO_SMALL";
	if (status == EFI_UNSUPPORTED)
		return "EFI_UNSUPPORTED";
	return "an error";
}

static bool guid_eq(const efi_guid_t *a, const efi_guid_t *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* The configuration table entry with this GUID, or NULL. */
static void *config_table(const struct efi_system_table *st, efi_guid_t guid)
{
	size_t i;

	for (i = 0; i < st->nr_tables; i++)
		if (guid_eq(&st->tables[i].guid, &guid))
			return st->tables[i].table;
	return NULL;
}

static efi_status_t alloc_pages(struct stub *s, u32 how, u32 type, size_t pages, u64 *pa)
{
	return s->bs->allocate_pages(how, type, pages, pa);
}

/* Give back what the stub allocated: on failure, before returning to the firmware. */
static void free_all(struct stub *s)
{
	if (s->copy_pages)
		s->bs->free_pages(s->copy_pa, s->copy_pages);
	if (s->map_pages)
		s->bs->free_pages(s->map_pa, s->map_pages);
	if (s->fdt_pages)
		s->bs->free_pages(s->fdt_pa, s->fdt_pages);
	s->copy_pages = s->map_pages = s->fdt_pages = 0;
}

static efi_status_t fail(struct stub *s, efi_status_t status)
{
	free_all(s);
	return status;
}

/* The current memory map into the stub's buffer; *key for ExitBootServices(). */
static efi_status_t get_map(struct stub *s, struct efi_map *map, size_t *key)
{
	size_t size = s->map_pages << EFI_PAGE_SHIFT, dsize = 0;
	u32 version;
	efi_status_t status;

	status = s->bs->get_memory_map(&size, (void *)(uintptr_t)s->map_pa, key, &dsize, &version);
	if (status != EFI_SUCCESS)
		return status;
	if (dsize < sizeof(struct efi_memory_desc) || !IS_ALIGNED(dsize, 8) ||
	    size > s->map_pages << EFI_PAGE_SHIFT)
		return EFI_INVALID_PARAMETER;
	map->desc = (const u8 *)(uintptr_t)s->map_pa;
	map->size = size;
	map->desc_size = dsize;
	return EFI_SUCCESS;
}

/*
 * Allocate the buffers: the tree's copy, with room for a reservation per
 * descriptor, and the map, with room for the descriptors the allocations
 * themselves add. The map is fetched into it until ExitBootServices(),
 * which may not be followed by an allocation.
 */
static efi_status_t alloc_buffers(struct stub *s, u32 fdt_size)
{
	size_t size = 0, key, dsize = 0, nr, map_pages, fdt_pages;
	u32 version;
	efi_status_t status;

	status = s->bs->get_memory_map(&size, NULL, &key, &dsize, &version);
	if (status != EFI_BUFFER_TOO_SMALL || dsize < sizeof(struct efi_memory_desc)) {
		say(s, "lander: EFI stub: error: GetMemoryMap() gave no map size (%s)\n",
		    status_name(status));
		return status == EFI_SUCCESS ? EFI_LOAD_ERROR : status;
	}
	nr = size / dsize + 32;
	map_pages = DIV_ROUND_UP(nr * dsize, EFI_PAGE_SIZE);
	fdt_pages = DIV_ROUND_UP((u64)fdt_size + STUB_FDT_ROOM + nr * 16, EFI_PAGE_SIZE);
	status = alloc_pages(s, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, fdt_pages, &s->fdt_pa);
	if (status == EFI_SUCCESS) {
		s->fdt_pages = fdt_pages;
		status = alloc_pages(s, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, map_pages,
				     &s->map_pa);
		if (status == EFI_SUCCESS)
			s->map_pages = map_pages;
	}
	if (status != EFI_SUCCESS)
		say(s,
		    "lander: EFI stub: error: could not allocate %llu KB for the device tree "
		    "and the memory map (%s)\n",
		    (u64)(fdt_pages + map_pages) << (EFI_PAGE_SHIFT - 10), status_name(status));
	return status;
}

/*
 * The command line the firmware passed the image (LoadOptions, UCS-2):
 * typed in a shell, kept in a boot entry, or U-Boot's $bootargs. Printable
 * ASCII up to its NUL replaces /chosen/bootargs, the boot options' source
 * (docs/efi.md); anything else (a boot entry's binary data) is ignored.
 * Returns 0, or the editor's error.
 */
static int take_load_options(struct stub *s, struct fdt_edit *e, int chosen)
{
	efi_guid_t guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li = NULL;
	char args[DT_BOOTARGS_MAX];
	const efi_char16_t *in;
	u32 n, i, words = 0;

	if (s->bs->handle_protocol(s->image, &guid, (void **)&li) != EFI_SUCCESS || !li ||
	    !li->load_options)
		return 0;
	in = li->load_options;
	n = li->load_options_size / sizeof(*in);
	for (i = 0; i < n && in[i]; i++) {
		if (in[i] < 0x20 || in[i] > 0x7e || i == sizeof(args) - 1) {
			say(s,
			    "lander: EFI stub: the EFI command line is not printable ASCII of at "
			    "most %u characters: ignored\n",
			    (u32)sizeof(args) - 1);
			return 0;
		}
		args[i] = (char)in[i];
		words += in[i] != ' ';
	}
	args[i] = '\0';
	if (!words)
		return 0;
	say(s, "lander: EFI stub: command line: %s\n", args);
	return fdt_edit_setprop(e, chosen, "bootargs", args, i + 1);
}

/* What the boot options say of KASLR for the stub's part: *seed and *phys allowed. */
static void read_options(const struct fdt *fdt, int chosen, bool *seed, bool *phys)
{
	const char *args, *val;
	u32 len = 0;
	int vlen;

	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (!args)
		len = 0;
	*seed = IS_ENABLED(CONFIG_RANDOMIZE_BASE) &&
		!boot_option_in(args, len, "nokaslr", NULL, NULL) &&
		!boot_option_in(args, len, "kernel_displacement", NULL, NULL);
	*phys = *seed && IS_ENABLED(CONFIG_RANDOMIZE_PHYS) &&
		!(boot_option_in(args, len, "kaslr.phys", &val, &vlen) && vlen == 3 &&
		  !memcmp(val, "off", 3));
}

/*
 * 16 bytes from EFI_RNG_PROTOCOL's default algorithm into out. Returns
 * whether the firmware gave them.
 */
static bool efi_random(struct stub *s, u8 out[16])
{
	efi_guid_t guid = EFI_RNG_PROTOCOL_GUID;
	struct efi_rng_protocol *rng = NULL;
	efi_status_t status;

	status = s->bs->locate_protocol(&guid, NULL, (void **)&rng);
	if (status != EFI_SUCCESS || !rng) {
		say(s, "lander: EFI stub: no EFI_RNG_PROTOCOL: the tree's own seeds, if any, "
		       "are left to the kernel\n");
		return false;
	}
	status = rng->get_rng(rng, NULL, 16, out);
	if (status != EFI_SUCCESS) {
		say(s, "lander: EFI stub: EFI_RNG_PROTOCOL gave nothing (%s)\n",
		    status_name(status));
		return false;
	}
	return true;
}

/*
 * Choose where the image runs and put it there. Returns its physical
 * address, or 0 after saying why.
 */
static phys_addr_t place_image(struct stub *s, struct fdt_edit *e, int chosen,
			       phys_addr_t loaded_pa, const u8 *place_seed)
{
	struct efi_place_request req = {
		.need = _end - _text,
		.align = KIMAGE_ALIGN,
	};
	struct efi_map map;
	const char *how;
	bool in_place = false;
	phys_addr_t pa;
	efi_status_t status;
	size_t key;
	u64 n, k = 0;
	int err;

	status = get_map(s, &map, &key);
	if (status != EFI_SUCCESS) {
		say(s, "lander: EFI stub: error: GetMemoryMap() failed (%s)\n",
		    status_name(status));
		return 0;
	}
	req.limit = efi_place_limit(&map);
	n = efi_place_count(&map, &req);
	if (place_seed && n) {
		memcpy(&k, place_seed, sizeof(k));
		k %= n; /* n is at most RAM / 2 MB: the modulo's bias, n / 2^64, is negligible */
		how = "random";
	} else if (IS_ALIGNED(loaded_pa, KIMAGE_ALIGN)) {
		how = "loaded";
		in_place = true;
	} else if (n) {
		how = "lowest";
	} else {
		say(s,
		    "lander: EFI stub: error: the image was loaded at 0x%llx, which is not "
		    "2 MB aligned, and no free 2 MB aligned RAM holds its %llu KB\n",
		    loaded_pa, req.need >> 10);
		return 0;
	}
	if (in_place) {
		pa = loaded_pa;
	} else {
		pa = efi_place_nth(&map, &req, k);
		s->copy_pages = DIV_ROUND_UP(req.need, EFI_PAGE_SIZE);
		s->copy_pa = pa;
		status = alloc_pages(s, EFI_ALLOCATE_ADDRESS, EFI_LOADER_CODE, s->copy_pages,
				     &s->copy_pa);
		if (status != EFI_SUCCESS || s->copy_pa != pa) {
			s->copy_pages = 0;
			say(s,
			    "lander: EFI stub: error: could not allocate %llu KB at 0x%llx for "
			    "the image (%s)\n",
			    req.need >> 10, pa, status_name(status));
			return 0;
		}
		memcpy((void *)(uintptr_t)pa, _text, _edata - _text);
	}
	err = fdt_edit_setprop(e, chosen, "lander,efi-placement", how, strlen(how) + 1);
	if (err) {
		say(s, "lander: EFI stub: error: cannot add to the device tree: %s\n",
		    fdt_strerror(err));
		return 0;
	}
	if (pa == loaded_pa)
		say(s, "lander: EFI stub: the image runs where the firmware loaded it, at 0x%llx\n",
		    pa);
	else
		say(s,
		    "lander: EFI stub: the image moves from 0x%llx to 0x%llx (%s, place %llu "
		    "of %llu)\n",
		    loaded_pa, pa, how, k, n);
	return pa;
}

/*
 * Fetch the final map, reserve what the firmware keeps, and leave boot
 * services. The map key ties the two: if the map changed in between,
 * ExitBootServices() refuses with EFI_INVALID_PARAMETER, and the stub
 * fetches it and tries once more (UEFI 2.10, 7.4, ExitBootServices()).
 * Only GetMemoryMap() may be called between the tries, so the buffers were
 * allocated before.
 */
static efi_status_t exit_boot_services(struct stub *s, struct fdt_edit *e, u32 rsv_orig)
{
	struct efi_map map;
	efi_status_t status = EFI_SUCCESS;
	size_t key;
	int tries, n;

	for (tries = 0; tries < 2; tries++) {
		status = get_map(s, &map, &key);
		if (status != EFI_SUCCESS) {
			say(s, "lander: EFI stub: error: GetMemoryMap() failed (%s)\n",
			    status_name(status));
			return status;
		}
		fdt_edit_trim_rsv(e, rsv_orig);
		n = efi_reserve_ranges(e, &map, DT_MAX_RESERVED - rsv_orig);
		if (n < 0) {
			say(s,
			    "lander: EFI stub: error: cannot reserve the firmware's memory in the "
			    "device tree: %s\n",
			    fdt_strerror(n));
			return EFI_OUT_OF_RESOURCES;
		}
		status = s->bs->exit_boot_services(s->image, key);
		if (status != EFI_INVALID_PARAMETER)
			break;
	}
	if (status != EFI_SUCCESS)
		say(s, "lander: EFI stub: error: ExitBootServices() failed%s (%s)\n",
		    tries == 2 ? " twice, with a fresh memory map" : "", status_name(status));
	return status;
}

efi_status_t efi_pe_entry(efi_handle_t image, struct efi_system_table *st)
{
	struct stub s = { .st = st, .bs = st->boot_services, .image = image };
	efi_guid_t dtb_guid = EFI_DTB_TABLE_GUID;
	struct fdt_edit e;
	struct fdt src, view;
	bool want_seed, want_phys, have_seed = false;
	u8 rnd[16];
	const void *blob;
	phys_addr_t pa;
	efi_status_t status;
	u32 rsv_orig;
	u64 arg;
	const char *why;
	int chosen, err;

	say(&s, "lander: EFI stub\n");
	blob = config_table(st, dtb_guid);
	if (!blob) {
		say(&s, "lander: EFI stub: error: no device tree in the EFI configuration table "
			"(the firmware may describe the machine with ACPI only; QEMU's arm64 virt "
			"needs -M virt,acpi=off)\n");
		return EFI_NOT_FOUND;
	}
	err = fdt_init(&src, blob, MAX_FDT_SIZE);
	if (err) {
		say(&s, "lander: EFI stub: error: the device tree at 0x%llx is malformed: %s\n",
		    (u64)(uintptr_t)blob, fdt_strerror(err));
		return EFI_LOAD_ERROR;
	}

	status = alloc_buffers(&s, src.totalsize);
	if (status != EFI_SUCCESS)
		return fail(&s, status);
	err = fdt_edit_open(&e, (void *)(uintptr_t)s.fdt_pa, s.fdt_pages << EFI_PAGE_SHIFT, blob,
			    src.totalsize);
	if (err >= 0)
		err = chosen = fdt_edit_chosen(&e);
	if (err >= 0)
		err = fdt_init(&view, e.buf, e.size);
	if (err < 0) {
		say(&s,
		    "lander: EFI stub: error: the device tree at 0x%llx could not be copied: %s\n",
		    (u64)(uintptr_t)blob, fdt_strerror(err));
		return fail(&s, EFI_LOAD_ERROR);
	}
	rsv_orig = fdt_edit_rsv_count(&e);

	err = take_load_options(&s, &e, chosen);
	if (err) {
		say(&s, "lander: EFI stub: error: cannot add to the device tree: %s\n",
		    fdt_strerror(err));
		return fail(&s, EFI_OUT_OF_RESOURCES);
	}
	fdt_init(&view, e.buf, e.size);
	read_options(&view, chosen, &want_seed, &want_phys);
	if (want_seed)
		have_seed = efi_random(&s, rnd);
	else if (!IS_ENABLED(CONFIG_RANDOMIZE_BASE))
		say(&s, "lander: EFI stub: KASLR is not built: no seed asked for\n");
	else
		say(&s, "lander: EFI stub: KASLR is off (nokaslr or kernel_displacement=): no seed "
			"asked for\n");
	if (have_seed) {
		err = fdt_edit_setprop(&e, chosen, "kaslr-seed", rnd, 8);
		if (err) {
			say(&s, "lander: EFI stub: error: cannot add to the device tree: %s\n",
			    fdt_strerror(err));
			return fail(&s, EFI_OUT_OF_RESOURCES);
		}
		say(&s, "lander: EFI stub: KASLR seed from EFI_RNG_PROTOCOL\n");
	}

	/* The tree may have moved inside the buffer: look again. */
	fdt_init(&view, e.buf, e.size);
	why = arch_efi_entry_arg(st, &view, chosen, &arg);
	if (why) {
		say(&s, "lander: EFI stub: error: %s\n", why);
		return fail(&s, EFI_UNSUPPORTED);
	}

	pa = place_image(&s, &e, chosen, (phys_addr_t)(uintptr_t)_text,
			 have_seed && want_phys ? rnd + 8 : NULL);
	memset(rnd, 0, sizeof(rnd));
	if (!pa)
		return fail(&s, EFI_OUT_OF_RESOURCES);

	say(&s, "lander: EFI stub: device tree at 0x%llx; leaving boot services\n", s.fdt_pa);
	status = exit_boot_services(&s, &e, rsv_orig);
	if (status != EFI_SUCCESS)
		return fail(&s, status);
	arch_efi_enter(pa, s.fdt_pa, arg, _end - _text, fdt_edit_totalsize(&e));
}
