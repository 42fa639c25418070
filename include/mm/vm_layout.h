/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual layout of one paging format as data, with the image and
 * its windows where one boot put them: for printing at boot, the build's
 * manifest, and the host tests' invariant checks. The formulas live in
 * mm/layout.h.
 */
#ifndef MM_VM_LAYOUT_H
#define MM_VM_LAYOUT_H

#include <mm/pgtable.h>

enum vm_region_id {
	VM_LINEAR,
	VM_VMALLOC,
	VM_BPF,
	VM_MODULES,
	VM_KIMAGE, /* room for the largest image (KIMAGE_MAX_SIZE) at _text */
	VM_FIXMAP,
	VM_NR_REGIONS,
};

struct vm_region {
	char name[12];
	u8 parent; /* enclosing region's id, or VM_NR_REGIONS */
	virt_addr_t start;
	virt_addr_t end; /* exclusive; 0 means the top of the address space */
};

/* Where one boot put the image and the windows that must reach it. */
struct kimage_place {
	virt_addr_t kimage_va;	   /* _text */
	virt_addr_t modules_start; /* MODULES_SIZE bytes */
	virt_addr_t bpf_start;	   /* BPF_WINDOW_SIZE bytes */
};

/* The places _text may take in one format: lowest to highest, KASLR_ALIGN apart. */
struct kimage_range {
	virt_addr_t lowest;
	virt_addr_t highest;
};

struct vm_layout {
	struct vm_region region[VM_NR_REGIONS];
	struct kimage_range range; /* the image's places in this format */
	u64 early_pool_pages;
};

/* The places of _text in format f. */
struct kimage_range kimage_range(const struct pt_format *f);

/* How many places a range has (its entropy is log2 of this). */
u64 kimage_positions(struct kimage_range r);

/*
 * Place the windows below an image at kimage_va: the modules window ends
 * modules_gap KASLR_ALIGN steps below it (at most MODULES_GAP_MAX), the BPF
 * window bpf_gap steps below that (at most BPF_GAP_MAX). Gaps past the
 * largest are taken modulo their number of places, so any draw will do.
 */
struct kimage_place kimage_place(virt_addr_t kimage_va, u64 modules_gap, u64 bpf_gap);

/* Fill *l for format f and placement p; idmap: the arch needs an identity root. */
void vm_layout_compute(const struct pt_format *f, bool idmap, const struct kimage_place *p,
		       struct vm_layout *l);

/*
 * Check the invariants: regions inside the kernel half, disjoint unless
 * nested, the image at one of its places, every modules and BPF address
 * within 2 GB of every address of the image's room. Returns 0, or
 * -EINVAL with *why naming the first violated invariant.
 */
int vm_layout_check(const struct vm_layout *l, const struct pt_format *f, const char **why);

/*
 * A span of size bytes, aligned to align, in vmalloc, starting dist or a
 * little more (the alignment) from the image's room: below it when
 * vmalloc has room there, else above it; or 0 if there is none. With dist
 * of 2 GB or more it clears the windows too, which lie within 2 GB below
 * the image. For tests that need an address nothing else uses, at a
 * known distance from the kernel.
 */
virt_addr_t vm_layout_spare(const struct vm_layout *l, u64 dist, u64 size, u64 align);

#endif
