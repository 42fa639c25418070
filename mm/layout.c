// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual layout as data, computed from mm/layout.h's formulas for
 * any paging format, and its invariants.
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

void vm_layout_compute(const struct pt_format *f, bool idmap, struct vm_layout *l)
{
	unsigned int kb = f->kva_bits, ps = f->page_shift;

	set_region(l, VM_LINEAR, "linear", VM_NR_REGIONS, LAYOUT_KVA_START(kb),
		   LAYOUT_VMALLOC_START(kb));
	set_region(l, VM_VMALLOC, "vmalloc", VM_NR_REGIONS, LAYOUT_VMALLOC_START(kb),
		   LAYOUT_VMALLOC_END(ps));
	set_region(l, VM_MODULES, "modules", VM_VMALLOC, LAYOUT_MODULES_START(ps),
		   LAYOUT_BPF_START(ps));
	set_region(l, VM_BPF, "bpf", VM_VMALLOC, LAYOUT_BPF_START(ps), LAYOUT_KIMAGE_START(ps));
	set_region(l, VM_KIMAGE, "kernel", VM_VMALLOC, LAYOUT_KIMAGE_START(ps),
		   LAYOUT_KIMAGE_END(ps));
	set_region(l, VM_FIXMAP, "fixmap", VM_NR_REGIONS, LAYOUT_FIXMAP_START(ps),
		   LAYOUT_FIXMAP_END(ps));
	l->max_displacement = LAYOUT_MAX_DISPLACEMENT(ps);
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
	if (r[VM_KIMAGE].start + l->max_displacement + KIMAGE_MAX_SIZE > r[VM_KIMAGE].end) {
		*why = "the largest displacement pushes the image out of its slots";
		return -EINVAL;
	}
	/*
	 * The image may sit anywhere in [kernel.start, kernel.start +
	 * max_displacement + KIMAGE_MAX_SIZE). Every modules and BPF address
	 * must reach every image address with a signed 32-bit offset.
	 */
	reach_lo = r[VM_KIMAGE].start + l->max_displacement + KIMAGE_MAX_SIZE - SZ_2G;
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
