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
 * The regions are where a kernel without KASLR puts them (the image at
 * the link address, the windows right below it); "ranges" are the spans
 * each region can take under KASLR, from the image's lowest place with
 * the windows' largest gaps to its highest place with none. KASLR's
 * entropy is log2 of the number of places the image can take: every
 * multiple of KASLR_ALIGN from kimage_lowest to kimage_highest
 * (docs/kaslr.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mm/layout.h>
#include <mm/vm_layout.h>

static const struct {
	const char *arch;
	const struct pt_format *fmt;
	int idmap;
} formats[] = {
	{ "arm64", &pt_format_arm64_4k_39, 1 },	 { "arm64", &pt_format_arm64_4k_48, 1 },
	{ "arm64", &pt_format_arm64_4k_52, 1 },	 { "arm64", &pt_format_arm64_16k_47, 1 },
	{ "arm64", &pt_format_arm64_16k_48, 1 }, { "arm64", &pt_format_arm64_16k_52, 1 },
	{ "arm64", &pt_format_arm64_64k_42, 1 }, { "arm64", &pt_format_arm64_64k_48, 1 },
	{ "arm64", &pt_format_arm64_64k_52, 1 }, { "riscv", &pt_format_riscv_sv39, 0 },
	{ "riscv", &pt_format_riscv_sv48, 0 },	 { "riscv", &pt_format_riscv_sv57, 0 },
};

static void print_region(const struct vm_region *r, const struct vm_layout *l, const char *sep)
{
	printf("    {\"name\": \"%s\", \"start\": \"0x%016llx\", \"end\": \"0x%016llx\", "
	       "\"size\": %llu, \"parent\": %s%s%s}%s\n",
	       r->name, r->start, r->end, r->end - r->start, r->parent < VM_NR_REGIONS ? "\"" : "",
	       r->parent < VM_NR_REGIONS ? l->region[r->parent].name : "null",
	       r->parent < VM_NR_REGIONS ? "\"" : "", sep);
}

static int print_one(const char *arch, const struct pt_format *f, int idmap, const char *sep)
{
	struct kimage_range range = kimage_range(f);
	struct kimage_place linked = kimage_place(LAYOUT_KERNEL_LINK_ADDR(f->page_shift), 0, 0);
	struct kimage_place lo = kimage_place(range.lowest, MODULES_GAP_PLACES - 1,
					      BPF_GAP_PLACES - 1);
	struct kimage_place hi = kimage_place(range.highest, 0, 0);
	struct vm_layout l, l_lo, l_hi, span;
	const char *why = NULL;
	int i;

	vm_layout_compute(f, idmap, &linked, &l);
	vm_layout_compute(f, idmap, &lo, &l_lo);
	vm_layout_compute(f, idmap, &hi, &l_hi);
	if (vm_layout_check(&l, f, &why) || vm_layout_check(&l_lo, f, &why) ||
	    vm_layout_check(&l_hi, f, &why)) {
		fprintf(stderr, "layout-manifest: %s: %s\n", f->name, why);
		return 1;
	}
	printf("%s{\n  \"arch\": \"%s\", \"format\": \"%s\", \"va_bits\": %u, \"page_shift\": %u,\n"
	       "  \"levels\": %u, \"kernel_link_addr\": \"0x%016llx\",\n"
	       "  \"kimage_lowest\": \"0x%016llx\", \"kimage_highest\": \"0x%016llx\",\n"
	       "  \"kaslr_align\": %llu, \"kaslr_positions\": %llu, \"kaslr_bits\": %.2f,\n"
	       "  \"modules_gap_max\": %llu, \"bpf_gap_max\": %llu, \"early_pool_pages\": %llu,\n"
	       "  \"regions\": [\n",
	       sep, arch, f->name, f->va_bits, f->page_shift, f->levels, linked.kimage_va,
	       range.lowest, range.highest, (unsigned long long)KASLR_ALIGN,
	       (unsigned long long)kimage_positions(range), log2((double)kimage_positions(range)),
	       (unsigned long long)MODULES_GAP_MAX, (unsigned long long)BPF_GAP_MAX,
	       l.early_pool_pages);
	for (i = 0; i < VM_NR_REGIONS; i++)
		print_region(&l.region[i], &l, i + 1 < VM_NR_REGIONS ? "," : "");
	printf("  ],\n  \"ranges\": [\n");
	span = l;
	for (i = 0; i < VM_NR_REGIONS; i++) {
		span.region[i].start = l_lo.region[i].start;
		span.region[i].end = l_hi.region[i].end;
		print_region(&span.region[i], &span, i + 1 < VM_NR_REGIONS ? "," : "");
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
			u64 n = kimage_positions(kimage_range(formats[i].fmt));

			printf("%-6s %-12s %10llu %6.2f\n", formats[i].arch, formats[i].fmt->name,
			       (unsigned long long)n, log2((double)n));
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
