// SPDX-License-Identifier: GPL-2.0
/*
 * Printing and checking the live kernel mappings, from the kernel root
 * through the generic walker.
 */
#include <lander/boot.h>
#include <lander/printk.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/ptdump.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

/* A run of leaves printed as one line. */
struct ptdump_state {
	const struct vm_layout *layout;
	int region; /* the region last named, or -1 */
	bool open;
	virt_addr_t start, end;
	int level;
	unsigned int prot;
	bool block;
	unsigned long wx;
};

/* "4K", "2M", "1G", ... the size of a span. */
static void print_size(u64 size)
{
	static const char units[] = "KMGTPE";
	int u = 0;

	size >>= 10;
	while (size >= 1024 && !(size & 1023) && u < 5) {
		size >>= 10;
		u++;
	}
	printk("%7llu%c", size, units[u]);
}

static void flush_run(struct ptdump_state *s)
{
	if (!s->open)
		return;
	printk("0x%016llx-0x%016llx ", s->start, s->end);
	print_size(s->end - s->start);
	printk(" L%d %-5s %s %s %s\n", s->level, s->block ? "block" : "page",
	       s->prot & PROT_WRITE ? "RW" : "ro", s->prot & PROT_EXEC ? "x " : "NX",
	       s->prot & PROT_DEVICE ? "device" : "normal");
	s->open = false;
}

/* Name the layout region va is in, once per region. */
static void name_region(struct ptdump_state *s, virt_addr_t va)
{
	int i, best = -1;

	for (i = 0; i < VM_NR_REGIONS; i++) {
		const struct vm_region *r = &s->layout->region[i];

		/* The innermost region wins: children come after their parent. */
		if (va >= r->start && va - r->start < r->end - r->start)
			best = i;
	}
	if (best != s->region) {
		flush_run(s);
		s->region = best;
		printk("---[ %s ]---\n",
		       best < 0 ? "outside the layout" : s->layout->region[best].name);
	}
}

static int dump_leaf(const struct pt_leaf *leaf, void *arg)
{
	struct ptdump_state *s = arg;
	bool block = leaf->level != arch_pt_format()->levels - 1;

	name_region(s, leaf->va);
	if (s->open && leaf->va == s->end && leaf->level == s->level && leaf->prot == s->prot &&
	    block == s->block) {
		s->end += leaf->size;
		return 0;
	}
	flush_run(s);
	*s = (struct ptdump_state){ .layout = s->layout,
				    .region = s->region,
				    .open = true,
				    .start = leaf->va,
				    .end = leaf->va + leaf->size,
				    .level = leaf->level,
				    .prot = leaf->prot,
				    .block = block,
				    .wx = s->wx };
	return 0;
}

static int count_wx(const struct pt_leaf *leaf, void *arg)
{
	struct ptdump_state *s = arg;

	if ((leaf->prot & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC)) {
		if (!s->wx)
			printk("W^X: 0x%llx-0x%llx is writable and executable\n", leaf->va,
			       leaf->va + leaf->size);
		s->wx++;
	}
	return 0;
}

/* Walk the whole kernel half with fn. */
static void walk_kernel_half(int (*fn)(const struct pt_leaf *, void *), struct ptdump_state *s)
{
	struct pt_ctx c;
	virt_addr_t start = LAYOUT_KVA_START(arch_pt_format()->kva_bits);

	kernel_pt_ctx(&c);
	pt_for_each_leaf(&c, start, 0 - start, fn, s);
}

void ptdump_kernel(void)
{
	struct vm_layout layout;
	struct ptdump_state s = { .layout = &layout, .region = -2 };

	vm_layout_compute(arch_pt_format(), ARCH_HAS_IDMAP, &boot_info.place, &layout);
	printk("Kernel page tables (root at 0x%llx):\n", kernel_pt_root());
	walk_kernel_half(dump_leaf, &s);
	flush_run(&s);
}

unsigned long ptdump_count_wx(void)
{
	struct ptdump_state s = { .wx = 0 };

	walk_kernel_half(count_wx, &s);
	return s.wx;
}
