// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual layout as data, computed from mm/layout.h's formulas for
 * any paging format and any placement of the image, and its invariants.
 */
#include <lander/errno.h>
#include <lander/string.h>
#include <mm/layout.h>
#include <mm/vm_layout.h>

/* Fill one region (names are copied: the struct holds no pointers). */
static void set_region(struct vm_layout *l, enum vm_region_id id, const char *name, u8 parent,
		       virt_addr_t start, virt_addr_t end)
{
	struct vm_region *r = &l->region[id];

	memset(r->name, 0, sizeof(r->name));
	memcpy(r->name, name, strnlen(name, sizeof(r->name) - 1));
	r->parent = parent;
	r->start = start;
	r->end = end;
}

struct kimage_range kimage_range(const struct pt_format *f)
{
	return (struct kimage_range){ LAYOUT_KIMAGE_LOWEST(f->kva_bits),
				      LAYOUT_KIMAGE_HIGHEST(f->page_shift) };
}

u64 kimage_positions(struct kimage_range r)
{
	return (r.highest - r.lowest) / KASLR_ALIGN + 1;
}

struct kimage_place kimage_place(virt_addr_t kimage_va, u64 modules_gap, u64 bpf_gap)
{
	struct kimage_place p;

	p.kimage_va = kimage_va;
	p.modules_start = kimage_va - (modules_gap % MODULES_GAP_PLACES) * KASLR_ALIGN -
			  MODULES_SIZE;
	p.bpf_start = p.modules_start - (bpf_gap % BPF_GAP_PLACES) * KASLR_ALIGN - BPF_WINDOW_SIZE;
	return p;
}

void vm_layout_compute(const struct pt_format *f, bool idmap, const struct kimage_place *p,
		       struct vm_layout *l)
{
	unsigned int kb = f->kva_bits, ps = f->page_shift;

	set_region(l, VM_LINEAR, "linear", VM_NR_REGIONS, LAYOUT_KVA_START(kb),
		   LAYOUT_VMALLOC_START(kb));
	set_region(l, VM_VMALLOC, "vmalloc", VM_NR_REGIONS, LAYOUT_VMALLOC_START(kb),
		   LAYOUT_VMALLOC_END(ps));
	set_region(l, VM_BPF, "bpf", VM_VMALLOC, p->bpf_start, p->bpf_start + BPF_WINDOW_SIZE);
	set_region(l, VM_MODULES, "modules", VM_VMALLOC, p->modules_start,
		   p->modules_start + MODULES_SIZE);
	set_region(l, VM_KIMAGE, "kernel", VM_VMALLOC, p->kimage_va,
		   p->kimage_va + KIMAGE_MAX_SIZE);
	set_region(l, VM_FIXMAP, "fixmap", VM_NR_REGIONS, LAYOUT_FIXMAP_START(ps),
		   LAYOUT_FIXMAP_END(ps));
	l->range = kimage_range(f);
	l->early_pool_pages = LAYOUT_EARLY_POOL_PAGES(ps, f->levels, idmap ? 1 : 0);
}

/* Is [a, b) inside [c, d)? */
static bool inside(virt_addr_t a, virt_addr_t b, virt_addr_t c, virt_addr_t d)
{
	return a >= c && b <= d && a < b;
}

int vm_layout_check(const struct vm_layout *l, const struct pt_format *f, const char **why)
{
	const struct vm_region *r = l->region;
	virt_addr_t kva = LAYOUT_KVA_START(f->kva_bits);
	virt_addr_t reach_lo, reach_hi;
	int i, j;

	for (i = 0; i < VM_NR_REGIONS; i++) {
		if (!inside(r[i].start, r[i].end, kva, ~0ULL)) {
			*why = "a region lies outside the kernel half or is empty";
			return -EINVAL;
		}
		if (r[i].parent != VM_NR_REGIONS &&
		    !inside(r[i].start, r[i].end, r[r[i].parent].start, r[r[i].parent].end)) {
			*why = "a region is not inside its parent";
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			bool nested = r[i].parent == j || r[j].parent == i;

			if (!nested && r[i].start < r[j].end && r[j].start < r[i].end) {
				*why = "two regions overlap";
				return -EINVAL;
			}
		}
	}
	if (r[VM_KIMAGE].start < l->range.lowest || r[VM_KIMAGE].start > l->range.highest ||
	    r[VM_KIMAGE].start % KASLR_ALIGN) {
		*why = "the image is not at one of its places";
		return -EINVAL;
	}
	/* Every modules and BPF address must reach every image address with a signed 32-bit offset. */
	reach_lo = r[VM_KIMAGE].end - SZ_2G;
	reach_hi = r[VM_KIMAGE].start + SZ_2G;
	if (r[VM_MODULES].start < reach_lo || r[VM_BPF].start < reach_lo ||
	    r[VM_MODULES].end > reach_hi || r[VM_BPF].end > reach_hi) {
		*why = "the modules or BPF window is out of 2 GB reach of the image";
		return -EINVAL;
	}
	if (r[VM_FIXMAP].start & (LAYOUT_TABLE_SPAN(f->page_shift) - 1)) {
		*why = "the fixmap does not start on a last-level table";
		return -EINVAL;
	}
	return 0;
}

virt_addr_t vm_layout_spare(const struct vm_layout *l, u64 dist, u64 size, u64 align)
{
	const struct vm_region *r = l->region;
	virt_addr_t va;

	if (r[VM_KIMAGE].start - r[VM_VMALLOC].start >= dist + size + align) {
		va = ALIGN_DOWN(r[VM_KIMAGE].start - dist - size, align);
		if (va >= r[VM_VMALLOC].start)
			return va;
	}
	va = ALIGN_UP(r[VM_KIMAGE].end + dist, align);
	if (va > r[VM_KIMAGE].end && va < r[VM_VMALLOC].end && r[VM_VMALLOC].end - va >= size)
		return va;
	return 0;
}
