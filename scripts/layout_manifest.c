// SPDX-License-Identifier: GPL-2.0
/*
 * Print the virtual layout of one paging configuration as JSON: the
 * build's machine-readable manifest, computed by the kernel's own
 * mm/layout.c from the same formulas the kernel uses.
 *
 * Usage: layout-manifest ARCH VA_BITS PAGE_SHIFT   (one configuration)
 *        layout-manifest --all                      (every format)
 *        layout-manifest --kaslr                    (KASLR's entropy, every format)
 *
 * KASLR's entropy is log2 of the number of places the image can take:
 * every displacement in [0, max_displacement] that is a multiple of
 * KIMAGE_ALIGN (docs/kaslr.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mm/layout.h>
#include <mm/vm_layout.h>

extern const struct pt_format pt_format_arm64_4k_39, pt_format_arm64_4k_48, pt_format_arm64_16k_47,
	pt_format_arm64_16k_48, pt_format_arm64_64k_42, pt_format_arm64_64k_48,
	pt_format_riscv_sv39, pt_format_riscv_sv48, pt_format_riscv_sv57;

static const struct {
	const char *arch;
	const struct pt_format *fmt;
	int idmap;
} formats[] = {
	{ "arm64", &pt_format_arm64_4k_39, 1 },	 { "arm64", &pt_format_arm64_4k_48, 1 },
	{ "arm64", &pt_format_arm64_16k_47, 1 }, { "arm64", &pt_format_arm64_16k_48, 1 },
	{ "arm64", &pt_format_arm64_64k_42, 1 }, { "arm64", &pt_format_arm64_64k_48, 1 },
	{ "riscv", &pt_format_riscv_sv39, 0 },	 { "riscv", &pt_format_riscv_sv48, 0 },
	{ "riscv", &pt_format_riscv_sv57, 0 },
};

/* The image's possible places under KASLR. */
static unsigned long long kaslr_positions(const struct vm_layout *l)
{
	return l->max_displacement / KIMAGE_ALIGN + 1;
}

static int print_one(const char *arch, const struct pt_format *f, int idmap, const char *sep)
{
	struct vm_layout l;
	const char *why = NULL;
	int i;

	vm_layout_compute(f, idmap, &l);
	if (vm_layout_check(&l, f, &why)) {
		fprintf(stderr, "layout-manifest: %s: %s\n", f->name, why);
		return 1;
	}
	printf("%s{\n  \"arch\": \"%s\", \"format\": \"%s\", \"va_bits\": %u, \"page_shift\": %u,\n"
	       "  \"levels\": %u, \"kernel_link_addr\": \"0x%016llx\",\n"
	       "  \"max_displacement\": \"0x%llx\", \"early_pool_pages\": %llu,\n"
	       "  \"kaslr_positions\": %llu, \"kaslr_bits\": %.2f,\n"
	       "  \"regions\": [\n",
	       sep, arch, f->name, f->va_bits, f->page_shift, f->levels, l.region[VM_KIMAGE].start,
	       l.max_displacement, l.early_pool_pages, kaslr_positions(&l),
	       log2((double)kaslr_positions(&l)));
	for (i = 0; i < VM_NR_REGIONS; i++) {
		const struct vm_region *r = &l.region[i];

		printf("    {\"name\": \"%s\", \"start\": \"0x%016llx\", \"end\": \"0x%016llx\", "
		       "\"size\": %llu, \"parent\": %s%s%s}%s\n",
		       r->name, r->start, r->end, r->end - r->start,
		       r->parent < VM_NR_REGIONS ? "\"" : "",
		       r->parent < VM_NR_REGIONS ? l.region[r->parent].name : "null",
		       r->parent < VM_NR_REGIONS ? "\"" : "", i + 1 < VM_NR_REGIONS ? "," : "");
	}
	printf("  ]\n}");
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;
	int err = 0, n = 0;

	if (argc == 2 && !strcmp(argv[1], "--kaslr")) {
		printf("%-6s %-12s %10s %6s\n", "arch", "format", "positions", "bits");
		for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
			struct vm_layout l;

			vm_layout_compute(formats[i].fmt, formats[i].idmap, &l);
			printf("%-6s %-12s %10llu %6.2f\n", formats[i].arch, formats[i].fmt->name,
			       kaslr_positions(&l), log2((double)kaslr_positions(&l)));
		}
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--all")) {
		printf("[\n");
		for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			err |= print_one(formats[i].arch, formats[i].fmt, formats[i].idmap,
					 i ? ",\n" : "");
		printf("\n]\n");
		return err;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: layout-manifest ARCH VA_BITS PAGE_SHIFT | --all\n");
		return 2;
	}
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const struct pt_format *f = formats[i].fmt;

		if (!strcmp(formats[i].arch, argv[1]) && f->va_bits == atoi(argv[2]) &&
		    f->page_shift == atoi(argv[3])) {
			err |= print_one(argv[1], f, formats[i].idmap, "");
			printf("\n");
			n++;
		}
	}
	if (!n) {
		fprintf(stderr, "layout-manifest: no %s format with %s-bit VA and page shift %s\n",
			argv[1], argv[2], argv[3]);
		return 1;
	}
	return err;
}
