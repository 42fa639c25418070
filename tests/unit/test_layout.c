// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the virtual layout (mm/layout.c, include/mm/layout.h) for
 * every paging format both architectures describe.
 *
 * The expected addresses and sizes below are literals worked out by hand
 * from the layout's definition (kernel half 2^kva_bits, linear map its
 * lower half, vmalloc up to the 2 GB boundary below the fixmap, the image
 * linked 640 MB above the bottom of vmalloc's top 2 GB with the BPF and
 * modules windows below it, the image's places 64 KB apart from 2 GB -
 * 32 MB above vmalloc's bottom to 34 MB below its top, fixmap of whole
 * last-level tables one table below the top), never computed with the
 * macros under test. Every invariant is then checked with this file's own
 * arithmetic, at the link address and at the extremes of KASLR's
 * placements, and the early table pool bound is checked by building the
 * worst-case early tables with the real walker (mm/pgtable.c) over a
 * simulated page allocator and counting the pages it takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lander/errno.h>
#include <mm/layout.h>
#include <mm/pgtable.h>
#include <mm/vm_layout.h>
#include "tap.h"

#define MB	(1ULL << 20)
#define GB	(1ULL << 30)
#define S32_MAX 0x7fffffffLL
#define S32_MIN (-0x80000000LL)

/* vmalloc ends at 0xffffffff80000000 in every format; the link address is the same. */
#define X_VMALLOC_END	0xffffffff80000000ULL
#define X_BPF_START	0xffffffff00000000ULL /* link - 640 MB */
#define X_MODULES_START 0xffffffff08000000ULL /* link - 512 MB */
#define X_LINK		0xffffffff28000000ULL
#define X_KIMAGE_ROOM	(32 * MB)
/* The highest place: 2 MB guard and a 32 MB image below vmalloc's end. */
#define X_HIGHEST 0xffffffff7de00000ULL
/* The lowest place is 2 GB - 32 MB above vmalloc's start. */
#define X_LOWEST_ABOVE_VMALLOC 0x7e000000ULL
#define X_STEP		       0x10000ULL

/* One format and the layout expected for it. */
struct lgeom {
	const struct pt_format *f;
	const char *name;
	bool idmap; /* arm64: a separate identity root */
	unsigned int kb, ps, levels;
	u64 kva_start;	   /* 2^64 - 2^kb */
	u64 vmalloc_start; /* 2^64 - 2^(kb - 1) */
	u64 table_span;	   /* what one last-level table maps */
	u64 fix_start, fix_end;
	unsigned int fix_slots; /* 16 + 2 MB / page + 1 */
	unsigned int fix_tables;
	u64 pool_pages;
	u64 positions;	  /* (X_HIGHEST - lowest) / 64 KB + 1 */
	double goal_bits; /* issue's entropy goal, 0: as much as vmalloc allows */
};

static const struct lgeom geoms[] = {
	{ &pt_format_arm64_4k_39, "arm64-4K-39", true, 39, 12, 3, 0xffffff8000000000ULL,
	  0xffffffc000000000ULL, 2 * MB, 0xffffffffffa00000ULL, 0xffffffffffe00000ULL, 529, 2, 32,
	  4128737, 0 },
	{ &pt_format_arm64_4k_48, "arm64-4K-48", true, 48, 12, 4, 0xffff000000000000ULL,
	  0xffff800000000000ULL, 2 * MB, 0xffffffffffa00000ULL, 0xffffffffffe00000ULL, 529, 2, 38,
	  2147418081, 30 },
	{ &pt_format_arm64_16k_47, "arm64-16K-47", true, 47, 14, 3, 0xffff800000000000ULL,
	  0xffffc00000000000ULL, 32 * MB, 0xfffffffffc000000ULL, 0xfffffffffe000000ULL, 145, 1, 16,
	  1073676257, 0 },
	{ &pt_format_arm64_16k_48, "arm64-16K-48", true, 48, 14, 4, 0xffff000000000000ULL,
	  0xffff800000000000ULL, 32 * MB, 0xfffffffffc000000ULL, 0xfffffffffe000000ULL, 145, 1, 22,
	  2147418081, 0 },
	{ &pt_format_arm64_64k_42, "arm64-64K-42", true, 42, 16, 2, 0xfffffc0000000000ULL,
	  0xfffffe0000000000ULL, 512 * MB, 0xffffffffc0000000ULL, 0xffffffffe0000000ULL, 49, 1, 9,
	  33488865, 0 },
	{ &pt_format_arm64_64k_48, "arm64-64K-48", true, 48, 16, 3, 0xffff000000000000ULL,
	  0xffff800000000000ULL, 512 * MB, 0xffffffffc0000000ULL, 0xffffffffe0000000ULL, 49, 1, 15,
	  2147418081, 0 },
	/* 52-bit VA: a kernel half of 4 PB, the same top; 2^35 places for the image */
	{ &pt_format_arm64_4k_52, "arm64-4K-52", true, 52, 12, 5, 0xfff0000000000000ULL,
	  0xfff8000000000000ULL, 2 * MB, 0xffffffffffa00000ULL, 0xffffffffffe00000ULL, 529, 2, 44,
	  34359672801ULL, 0 },
	{ &pt_format_arm64_16k_52, "arm64-16K-52", true, 52, 14, 4, 0xfff0000000000000ULL,
	  0xfff8000000000000ULL, 32 * MB, 0xfffffffffc000000ULL, 0xfffffffffe000000ULL, 145, 1, 22,
	  34359672801ULL, 0 },
	{ &pt_format_arm64_64k_52, "arm64-64K-52", true, 52, 16, 3, 0xfff0000000000000ULL,
	  0xfff8000000000000ULL, 512 * MB, 0xffffffffc0000000ULL, 0xffffffffe0000000ULL, 49, 1, 15,
	  34359672801ULL, 0 },
	{ &pt_format_riscv_sv39, "riscv-sv39", false, 38, 12, 3, 0xffffffc000000000ULL,
	  0xffffffe000000000ULL, 2 * MB, 0xffffffffffa00000ULL, 0xffffffffffe00000ULL, 529, 2, 27,
	  2031585, 20 },
	{ &pt_format_riscv_sv48, "riscv-sv48", false, 47, 12, 4, 0xffff800000000000ULL,
	  0xffffc00000000000ULL, 2 * MB, 0xffffffffffa00000ULL, 0xffffffffffe00000ULL, 529, 2, 31,
	  1073676257, 29 },
	{ &pt_format_riscv_sv57, "riscv-sv57", false, 56, 12, 5, 0xff00000000000000ULL,
	  0xff80000000000000ULL, 2 * MB, 0xffffffffffa00000ULL, 0xffffffffffe00000ULL, 529, 2, 35,
	  549755748321ULL, 0 },
};

/* The last byte of a region (its end is exclusive, 0 meaning the top). */
static u64 last_byte(const struct vm_region *r)
{
	return r->end - 1;
}

/* Does [a] lie wholly inside [b]? */
static bool region_in(const struct vm_region *a, const struct vm_region *b)
{
	return a->start >= b->start && last_byte(a) <= last_byte(b);
}

/* Do a and b share a byte? */
static bool region_overlap(const struct vm_region *a, const struct vm_region *b)
{
	return a->start <= last_byte(b) && b->start <= last_byte(a);
}

/* The computed layout is the one worked out by hand. */
static void case_expected(const struct lgeom *g, const struct vm_layout *l)
{
	static const char *const names[VM_NR_REGIONS] = {
		"linear", "vmalloc", "bpf", "modules", "kernel", "fixmap",
	};
	static const u8 parents[VM_NR_REGIONS] = {
		VM_NR_REGIONS, VM_NR_REGIONS, VM_VMALLOC, VM_VMALLOC, VM_VMALLOC, VM_NR_REGIONS,
	};
	const u64 start[VM_NR_REGIONS] = {
		g->kva_start, g->vmalloc_start, X_BPF_START, X_MODULES_START, X_LINK, g->fix_start,
	};
	const u64 end[VM_NR_REGIONS] = {
		g->vmalloc_start, X_VMALLOC_END,	  X_MODULES_START,
		X_LINK,		  X_LINK + X_KIMAGE_ROOM, g->fix_end,
	};
	int i;

	TAP_CHECK(g->f->kva_bits == g->kb && g->f->page_shift == g->ps && g->f->levels == g->levels,
		  "format geometry %u/%u/%u", g->f->kva_bits, g->f->page_shift, g->f->levels);
	for (i = 0; i < VM_NR_REGIONS; i++) {
		const struct vm_region *r = &l->region[i];

		TAP_CHECK(!strcmp(r->name, names[i]), "region %d named '%.12s'", i, r->name);
		TAP_CHECK(r->parent == parents[i], "%s: parent %u", names[i], r->parent);
		TAP_CHECK(r->start == start[i] && r->end == end[i],
			  "%s: [0x%llx, 0x%llx), expected [0x%llx, 0x%llx)", names[i], r->start,
			  r->end, start[i], end[i]);
	}
	TAP_CHECK(l->range.lowest == g->vmalloc_start + X_LOWEST_ABOVE_VMALLOC &&
			  l->range.highest == X_HIGHEST,
		  "image places 0x%llx..0x%llx", l->range.lowest, l->range.highest);
	TAP_CHECK(l->early_pool_pages == g->pool_pages, "early_pool_pages %llu, expected %llu",
		  l->early_pool_pages, g->pool_pages);
	TAP_CHECK(LAYOUT_FIX_SLOTS(g->ps) == g->fix_slots, "LAYOUT_FIX_SLOTS %llu",
		  LAYOUT_FIX_SLOTS(g->ps));
	TAP_CHECK(LAYOUT_FIX_TABLES(g->ps) == g->fix_tables, "LAYOUT_FIX_TABLES %llu",
		  LAYOUT_FIX_TABLES(g->ps));
	TAP_CHECK(LAYOUT_TABLE_SPAN(g->ps) == g->table_span, "LAYOUT_TABLE_SPAN 0x%llx",
		  LAYOUT_TABLE_SPAN(g->ps));
	tap_case("%s: layout matches the hand-computed addresses", g->name);
}

/* vm_layout_check() accepts the computed layout. */
static void case_check_ok(const struct lgeom *g, const struct vm_layout *l)
{
	const char *why = NULL;
	int ret = vm_layout_check(l, g->f, &why);

	TAP_CHECK(ret == 0, "returned %d: %s", ret, why ? why : "(no reason)");
	tap_case("%s: vm_layout_check accepts the layout", g->name);
}

/*
 * Regions are non-empty, inside the kernel half, and disjoint except
 * BPF, modules and the image's room, which nest in vmalloc (and not in
 * each other).
 */
static void case_disjoint(const struct lgeom *g, const struct vm_layout *l)
{
	const struct vm_region *r = l->region;
	int i, j;

	for (i = 0; i < VM_NR_REGIONS; i++) {
		TAP_CHECK(r[i].end == 0 || r[i].end > r[i].start, "%s is empty", r[i].name);
		TAP_CHECK(r[i].start >= g->kva_start, "%s starts below the kernel half", r[i].name);
		for (j = i + 1; j < VM_NR_REGIONS; j++) {
			bool nest = (j >= VM_BPF && j <= VM_KIMAGE && i == VM_VMALLOC);

			if (nest)
				TAP_CHECK(region_in(&r[j], &r[i]), "%s not inside %s", r[j].name,
					  r[i].name);
			else
				TAP_CHECK(!region_overlap(&r[i], &r[j]), "%s overlaps %s",
					  r[i].name, r[j].name);
		}
	}
	/* Above the fixmap: at least one last-level table of guard, up to the top. */
	TAP_CHECK(0 - r[VM_FIXMAP].end >= g->table_span, "guard above the fixmap 0x%llx",
		  0 - r[VM_FIXMAP].end);
	tap_case("%s: regions inside the kernel half, disjoint except nesting in vmalloc", g->name);
}

/*
 * KERNEL_LINK_ADDR is 2 MB aligned, one of the image's places, in the top
 * 2 GB of vmalloc (which every paging mode of the page size has); the
 * places are as many as the hand count says, and as many bits as the
 * issue's goal for the format.
 */
static void case_link_addr(const struct lgeom *g, const struct vm_layout *l)
{
	u64 link = LAYOUT_KERNEL_LINK_ADDR(g->ps), n = kimage_positions(l->range);
	unsigned int bits = 0;

	while (n >> (bits + 1))
		bits++;
	TAP_CHECK(link == X_LINK, "KERNEL_LINK_ADDR 0x%llx", link);
	TAP_CHECK(link % (2 * MB) == 0, "KERNEL_LINK_ADDR 0x%llx not 2 MB aligned", link);
	TAP_CHECK(link >= l->range.lowest && link <= l->range.highest &&
			  (link - l->range.lowest) % X_STEP == 0,
		  "KERNEL_LINK_ADDR not one of the image's places");
	TAP_CHECK(link >= X_VMALLOC_END - 2 * GB, "KERNEL_LINK_ADDR below vmalloc's top 2 GB");
	TAP_CHECK(n == g->positions, "%llu places, expected %llu", n, g->positions);
	TAP_CHECK(!g->goal_bits || n >= (1ULL << (unsigned int)g->goal_bits),
		  "%llu places: fewer than 2^%.0f", n, g->goal_bits);
	TAP_CHECK(X_HIGHEST + X_KIMAGE_ROOM + 2 * MB == X_VMALLOC_END, "highest place literal");
	tap_case("%s: KERNEL_LINK_ADDR one of %llu places (%u bits, goal %.0f)", g->name, n, bits,
		 g->goal_bits);
}

/*
 * Can code anywhere in window [ws, we) and code anywhere in image [is, ie)
 * reach each other with a signed 32-bit PC-relative offset (target - pc),
 * both ways?
 */
static bool reach32(u64 ws, u64 we, u64 is, u64 ie)
{
	s64 lo = (s64)(is - (we - 1)), hi = (s64)((ie - 1) - ws); /* image - window */

	return lo >= S32_MIN && hi <= S32_MAX && -hi >= S32_MIN && -lo <= S32_MAX;
}

/*
 * One placement, checked with this file's arithmetic: the windows lie in
 * vmalloc below the image's room, disjoint, 64 KB aligned, the modules
 * window at most 64 MB below _text, and both reach every byte of the
 * room; and vm_layout_check() agrees. Returns the number of failures.
 */
static int check_place(const struct lgeom *g, const struct kimage_place *p)
{
	struct vm_layout l;
	const char *why = NULL;
	u64 is = p->kimage_va, ie = is + X_KIMAGE_ROOM;
	u64 ms = p->modules_start, me = ms + 512 * MB, bs = p->bpf_start, be = bs + 128 * MB;
	int bad = 0;

	bad += !(bs >= g->vmalloc_start && be <= ms && me <= is && ie + 2 * MB <= X_VMALLOC_END);
	bad += !(is - me <= 64 * MB);
	bad += !((is | ms | bs) % X_STEP == 0);
	bad += !reach32(ms, me, is, ie) + !reach32(bs, be, is, ie);
	vm_layout_compute(g->f, g->idmap, p, &l);
	bad += vm_layout_check(&l, g->f, &why) != 0;
	if (bad)
		printf("# %s: image 0x%llx modules 0x%llx bpf 0x%llx: %d failures (%s)\n", g->name,
		       is, ms, bs, bad, why ? why : "");
	return bad;
}

/*
 * The windows reach every byte of a KIMAGE_MAX_SIZE image at both ends of
 * the image's places, with the smallest and the largest gaps and mixes of
 * them, and at random placements. One step past each extreme fails the
 * check.
 */
static void case_reach(const struct lgeom *g, const struct vm_layout *l)
{
	const u64 mg = 64 * MB / X_STEP, bg = (2 * GB - 32 * MB - 640 * MB - 64 * MB) / X_STEP;
	const u64 gaps[][2] = { { 0, 0 }, { mg, bg }, { mg, 0 }, { 0, bg }, { mg + 1, bg + 1 } };
	const u64 va[] = { l->range.lowest, l->range.highest, X_LINK };
	struct kimage_place p;
	struct vm_layout bad;
	const char *why;
	unsigned int i, j;
	int fails = 0;

	TAP_CHECK(MODULES_GAP_PLACES == mg + 1 && BPF_GAP_PLACES == bg + 1, "gap places %llu %llu",
		  (u64)MODULES_GAP_PLACES, (u64)BPF_GAP_PLACES);
	for (i = 0; i < ARRAY_SIZE(va); i++) {
		for (j = 0; j < ARRAY_SIZE(gaps); j++) {
			p = kimage_place(va[i], gaps[j][0], gaps[j][1]);
			fails += check_place(g, &p);
			if (j == 4) /* one past the largest wraps to none */
				TAP_CHECK(p.modules_start == va[i] - 512 * MB &&
						  p.bpf_start == va[i] - 640 * MB,
					  "gaps past the largest");
			if (j == 1)
				TAP_CHECK(p.bpf_start == va[i] - (2 * GB - 32 * MB),
					  "largest gaps: BPF at 0x%llx", p.bpf_start);
		}
	}
	for (i = 0; i < 2000; i++) {
		u64 n = kimage_positions(l->range);
		u64 r = ((u64)rand() << 31 | (u64)rand()) % n;

		p = kimage_place(l->range.lowest + r * X_STEP, (u64)rand(), (u64)rand());
		fails += check_place(g, &p);
	}
	TAP_CHECK(fails == 0, "%d failures", fails);
	/* One step past: BPF window further down, image below its lowest, above its highest. */
	p = kimage_place(l->range.lowest, mg, bg);
	p.bpf_start -= X_STEP;
	vm_layout_compute(g->f, g->idmap, &p, &bad);
	TAP_CHECK(vm_layout_check(&bad, g->f, &why) != 0, "BPF window one step too far accepted");
	p = kimage_place(X_LINK, 0, 0);
	p.modules_start = X_LINK + 32 * MB - 2 * GB - X_STEP;
	vm_layout_compute(g->f, g->idmap, &p, &bad);
	TAP_CHECK(vm_layout_check(&bad, g->f, &why) != 0 && strstr(why, "2 GB"),
		  "modules window out of reach accepted");
	p = kimage_place(l->range.lowest - X_STEP, 0, 0);
	vm_layout_compute(g->f, g->idmap, &p, &bad);
	TAP_CHECK(vm_layout_check(&bad, g->f, &why) != 0, "image below its lowest place accepted");
	p = kimage_place(l->range.highest + X_STEP, 0, 0);
	vm_layout_compute(g->f, g->idmap, &p, &bad);
	TAP_CHECK(vm_layout_check(&bad, g->f, &why) != 0, "image above its highest place accepted");
	tap_case("%s: modules and BPF within +-2 GB of the image at its extremes and 2000 random "
		 "placements",
		 g->name);
}

/*
 * vm_layout_spare() finds a span in vmalloc at least dist from the image's
 * room and clear of the windows: below the image, or above it when the
 * image is at its lowest place; and within dist + size + align of it.
 */
static void case_spare(const struct lgeom *g, const struct vm_layout *l)
{
	const u64 va[] = { l->range.lowest, l->range.highest, X_LINK };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(va); i++) {
		struct kimage_place p = kimage_place(va[i], 64 * MB / X_STEP, 0);
		struct vm_layout pl;
		u64 s;

		vm_layout_compute(g->f, g->idmap, &p, &pl);
		s = vm_layout_spare(&pl, 3 * GB, 64 * MB, GB);
		TAP_CHECK(s != 0, "no spare span for the image at 0x%llx", va[i]);
		if (!s)
			continue;
		TAP_CHECK(s % GB == 0 && s >= g->vmalloc_start && s + 64 * MB <= X_VMALLOC_END,
			  "spare 0x%llx", s);
		TAP_CHECK(s + 64 * MB + 3 * GB <= va[i] || s >= va[i] + 32 * MB + 3 * GB,
			  "spare 0x%llx too near", s);
		TAP_CHECK(s + 64 * MB + 2 * GB <= p.bpf_start || s >= va[i] + 32 * MB,
			  "spare 0x%llx on a window", s);
		TAP_CHECK(s >= va[i] ? s + 64 * MB - va[i] <= 32 * MB + 3 * GB + 64 * MB + GB :
				       va[i] + 32 * MB - s <= 32 * MB + 3 * GB + 64 * MB + GB,
			  "spare 0x%llx too far", s);
	}
	tap_case("%s: a spare span 3 GB away from the image and its windows", g->name);
}

/* The fixmap's slots fit its tables and it starts and ends on table boundaries. */
static void case_fixmap(const struct lgeom *g, const struct vm_layout *l)
{
	const struct vm_region *fx = &l->region[VM_FIXMAP];
	u64 page = 1ULL << g->ps, entries = page / 8;

	TAP_CHECK(g->fix_slots == 16 + (2 * MB >> g->ps) + 1, "slot literal");
	TAP_CHECK(g->fix_slots <= g->fix_tables * entries, "%u slots in %u tables of %llu",
		  g->fix_slots, g->fix_tables, entries);
	TAP_CHECK((g->fix_tables - 1) * entries < g->fix_slots, "a whole table to spare");
	TAP_CHECK((u64)g->fix_slots * page <= fx->end - fx->start, "slots overflow the fixmap");
	TAP_CHECK(fx->end - fx->start == g->fix_tables * g->table_span, "fixmap size 0x%llx",
		  fx->end - fx->start);
	TAP_CHECK(fx->start % g->table_span == 0, "fixmap start 0x%llx not table aligned",
		  fx->start);
	TAP_CHECK(fx->end % g->table_span == 0, "fixmap end 0x%llx not table aligned", fx->end);
	/* A DTB of MAX_FDT_SIZE at any page offset fits its slots. */
	TAP_CHECK(((MAX_FDT_SIZE + page - 1) >> g->ps) + 1 <= LAYOUT_FIX_FDT_SLOTS(g->ps),
		  "DTB slots");
	tap_case("%s: fixmap slots fit its tables, aligned to a last-level table", g->name);
}

/* The linear map is at least half the kernel half. */
static void case_linear(const struct lgeom *g, const struct vm_layout *l)
{
	const struct vm_region *r = &l->region[VM_LINEAR];

	TAP_CHECK(r->end - r->start >= 1ULL << (g->kb - 1), "linear map 0x%llx bytes",
		  r->end - r->start);
	TAP_CHECK(r->start == g->kva_start, "linear map does not start the kernel half");
	tap_case("%s: linear map holds at least half the kernel half", g->name);
}

/* --- the early pool, measured with the real walker ------------------------ */

#define SIM_PAGES   256
#define SIM_PA_BASE 0x100000000ULL

/* A page allocator for the walker: table pages are host heap blocks. */
struct sim {
	unsigned int ps;
	unsigned int used;
	u64 *pages[SIM_PAGES];
};

/* The host copy of the table page at pa. */
static u64 *sim_table(struct pt_ctx *c, phys_addr_t pa, int level)
{
	struct sim *s = c->priv;

	return s->pages[(pa - SIM_PA_BASE) >> s->ps];
}

/* The next table page, or 0 when the simulation's cap is reached. */
static phys_addr_t sim_alloc(struct pt_ctx *c)
{
	struct sim *s = c->priv;

	if (s->used == SIM_PAGES)
		return 0;
	if (!s->pages[s->used]) {
		s->pages[s->used] = malloc(1ULL << s->ps);
		if (!s->pages[s->used])
			exit(2);
	}
	return SIM_PA_BASE + ((u64)s->used++ << s->ps);
}

static const struct pt_ops sim_ops = { .table = sim_table, .alloc = sim_alloc };

/*
 * The early tables for one placement, as early_map() builds them: the
 * image (size KIMAGE_MAX_SIZE) at va -> pa, the whole fixmap with pages,
 * and with idmap a second root identity-mapping 2 pages at id_pa.
 * Returns the table pages used (roots included), or -1 if a map failed.
 */
static long sim_early(struct sim *s, const struct pt_format *f, u64 va, u64 pa, bool idmap,
		      u64 id_pa, u64 fix_start, u64 fix_end)
{
	struct pt_ctx c = { .fmt = f, .ops = &sim_ops, .priv = s };
	u64 page = 1ULL << f->page_shift;
	long n;

	s->used = 0;
	if (pt_map(&c, va, pa, KIMAGE_MAX_SIZE, PAGE_KERNEL_RWX))
		return -1;
	/* One page off the VA's alignment: no block anywhere in the fixmap. */
	if (pt_map(&c, fix_start, 0x200000000ULL + page, fix_end - fix_start, PAGE_KERNEL_RO))
		return -1;
	n = c.tables;
	if (idmap) {
		struct pt_ctx id = { .fmt = f, .ops = &sim_ops, .priv = s };

		if (pt_map(&id, id_pa, id_pa, 2 * page, PAGE_KERNEL_ROX))
			return -1;
		n += id.tables;
	}
	if (n != (long)s->used)
		return -1;
	return n;
}

/* Map the early tables for one placement and check them against the pool. */
static long pool_try(struct sim *s, const struct lgeom *g, const struct vm_layout *l, u64 va,
		     u64 pa, long *worst)
{
	u64 id_pa = (1ULL << (g->f->va_bits - 1)) - (1ULL << g->ps);
	long n = sim_early(s, g->f, va, pa, g->idmap, id_pa, g->fix_start, g->fix_end);

	TAP_CHECK(n > 0 && n <= (long)l->early_pool_pages,
		  "VA 0x%llx PA 0x%llx: %ld tables, pool %llu", va, pa, n, l->early_pool_pages);
	*worst = MAX(*worst, n);
	return 1;
}

/*
 * Map a KIMAGE_MAX_SIZE image at the worst placements and check the
 * tables taken never exceed early_pool_pages:
 *   - the lowest, highest and link places, with the PA congruent to the
 *     VA (blocks wherever possible), 2 MB aligned but off every larger
 *     block, and one page off (no blocks at all);
 *   - at every level's span, 64 KB places one page below a boundary and
 *     one image minus a page above it, for the first 16 and last 16
 *     boundaries among the places and 32 random ones (every boundary class:
 *     the image straddles one table of each level in turn);
 *   - random places, with the PA one page off.
 * The arm64 identity map is 2 pages straddling a table boundary.
 */
static void case_pool(const struct lgeom *g, const struct vm_layout *l)
{
	static struct sim s;
	const struct pt_format *f = g->f;
	const u64 page = 1ULL << g->ps, pa_base = 1ULL << 40;
	const u64 lo = l->range.lowest, hi = l->range.highest;
	const u64 skews[] = { 0, 2 * MB, page };
	const u64 ends[] = { lo, hi, X_LINK };
	u64 va, placements = 0;
	long worst = 0;
	unsigned int i, j, lv;

	for (i = 0; i < SIM_PAGES; i++)
		free(s.pages[i]);
	memset(&s, 0, sizeof(s));
	s.ps = g->ps;

	for (i = 0; i < ARRAY_SIZE(ends); i++)
		for (j = 0; j < ARRAY_SIZE(skews); j++)
			placements += pool_try(&s, g, l, ends[i],
					       pa_base + (ends[i] & ((1ULL << 39) - 1)) + skews[j],
					       &worst);
	for (lv = 0; lv < g->levels - 1; lv++) {
		u64 span = 1ULL << pt_level_shift(f, lv);
		u64 first = ALIGN_UP(lo + X_STEP, span),
		    last = ALIGN_DOWN(hi + X_KIMAGE_ROOM, span);
		u64 count = first <= last ? (last - first) / span + 1 : 0, k;

		for (k = 0; k < 64 && k < count; k++) {
			u64 idx = k < 16 ? k :
				  k < 32 ? count - 1 - (k - 16) :
					   ((u64)rand() << 31 | (u64)rand()) % count;
			u64 b = first + idx * span;
			u64 cand[2] = { ALIGN_DOWN(b - page, X_STEP),
					ALIGN_UP(b - X_KIMAGE_ROOM + page, X_STEP) };

			for (i = 0; i < 2; i++) {
				va = cand[i];
				if (va < lo || va > hi)
					continue;
				placements += pool_try(&s, g, l, va,
						       pa_base + (va & (GB - 1)) + page, &worst);
			}
		}
	}
	for (i = 0; i < 64; i++) {
		u64 r = ((u64)rand() << 31 | (u64)rand()) % kimage_positions(l->range);

		va = lo + r * X_STEP;
		placements += pool_try(&s, g, l, va, pa_base + (va & (GB - 1)) + page, &worst);
	}
	printf("# %s: worst case %ld table pages of a %llu-page pool (%llu placements)\n", g->name,
	       worst, l->early_pool_pages, placements);
	tap_case("%s: early pool covers the worst-case image, fixmap%s", g->name,
		 g->idmap ? " and identity map" : "");
}

/* --- vm_layout_check on corrupted layouts --------------------------------- */

/* One corruption of a good layout and a word its message must contain. */
struct corruption {
	const char *what;
	const char *expect; /* NULL: any message */
	void (*apply)(struct vm_layout *l, const struct lgeom *g);
};

/* The fixmap slides down into the top of vmalloc. */
static void c_fixmap_overlap(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_FIXMAP].start = l->region[VM_VMALLOC].end - g->table_span;
}

/* The linear map grows into vmalloc. */
static void c_linear_overlap(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_LINEAR].end += 2 * MB;
}

/* The BPF window ends inside the modules window. */
static void c_bpf_overlap(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_BPF].end = l->region[VM_MODULES].start + 2 * MB;
}

/* The modules window moves 2 GB further down, still inside vmalloc. */
static void c_modules_far(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_MODULES].start -= 2 * GB;
	l->region[VM_MODULES].end -= 2 * GB;
}

/* The BPF window moves 1.5 GB down. */
static void c_bpf_far(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_BPF].start -= 3 * GB / 2;
	l->region[VM_BPF].end -= 3 * GB / 2;
}

/* The image sits one 64 KB step above its highest place. */
static void c_image_high(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_KIMAGE].start = l->range.highest + X_STEP;
	l->region[VM_KIMAGE].end = l->region[VM_KIMAGE].start + X_KIMAGE_ROOM;
}

/* The image sits half a step off its places. */
static void c_image_misaligned(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_KIMAGE].start += X_STEP / 2;
	l->region[VM_KIMAGE].end += X_STEP / 2;
}

/* The linear map starts below the kernel half. */
static void c_outside(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_LINEAR].start -= GB;
}

/* The BPF window is empty. */
static void c_empty(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_BPF].end = l->region[VM_BPF].start;
}

/* The image's room runs past the end of vmalloc. */
static void c_parent(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_KIMAGE].end = l->region[VM_VMALLOC].end + 2 * MB;
}

/* The fixmap starts one page into a last-level table. */
static void c_fixmap_align(struct vm_layout *l, const struct lgeom *g)
{
	l->region[VM_FIXMAP].start += 1ULL << g->ps;
}

static const struct corruption corruptions[] = {
	{ "fixmap overlapping vmalloc", "overlap", c_fixmap_overlap },
	{ "linear map overlapping vmalloc", "overlap", c_linear_overlap },
	{ "BPF overlapping modules", "overlap", c_bpf_overlap },
	{ "modules window 2 GB too low", "2 GB", c_modules_far },
	{ "BPF window 1.5 GB too low", NULL, c_bpf_far },
	{ "image above its highest place", "places", c_image_high },
	{ "image off its 64 KB steps", "places", c_image_misaligned },
	{ "linear map below the kernel half", "kernel half", c_outside },
	{ "empty BPF window", "empty", c_empty },
	{ "image room past vmalloc", "parent", c_parent },
	{ "fixmap off a table boundary", "table", c_fixmap_align },
};

/* Each corruption makes vm_layout_check() fail with a message. */
static void case_corrupt(const struct lgeom *g, const struct vm_layout *good)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(corruptions); i++) {
		const struct corruption *c = &corruptions[i];
		struct vm_layout l = *good;
		const char *why = NULL;
		int ret;

		c->apply(&l, g);
		ret = vm_layout_check(&l, g->f, &why);
		TAP_CHECK(ret == -EINVAL, "%s: returned %d", c->what, ret);
		TAP_CHECK(why && why[0], "%s: no message", c->what);
		if (why && c->expect)
			TAP_CHECK(strstr(why, c->expect), "%s: message '%s' lacks '%s'", c->what,
				  why, c->expect);
		if (g == &geoms[0] && why)
			printf("# %s: %s\n", c->what, why);
	}
	tap_case("%s: corrupted layouts rejected with a message (%zu corruptions)", g->name,
		 ARRAY_SIZE(corruptions));
}

/*
 * The format's levels are the formula's (include/mm/layout.h), which the
 * linker script also sizes the early pool with. Expect the smallest number
 * of levels whose tables, with the page offset, cover the VA bits: the
 * root resolves at least one bit and at most a whole table's worth.
 */
static void case_levels(const struct lgeom *g, const struct vm_layout *l)
{
	const struct pt_format *f = g->f;
	unsigned int per_level = f->page_shift - 3, n = 0;
	unsigned int formula = LAYOUT_PT_LEVELS(f->va_bits, f->page_shift);
	unsigned int root_bits;

	while (f->page_shift + n * per_level < f->va_bits)
		n++;
	TAP_CHECK(f->levels == n, "levels %u, smallest that covers %u bits %u", f->levels,
		  f->va_bits, n);
	TAP_CHECK(formula == f->levels, "LAYOUT_PT_LEVELS %u, format %u", formula, f->levels);
	TAP_CHECK(f->levels >= 1 && f->levels <= PT_MAX_LEVELS, "levels %u", f->levels);
	root_bits = f->va_bits - f->page_shift - (f->levels - 1) * per_level;
	TAP_CHECK(root_bits >= 1 && root_bits <= per_level, "root resolves %u bits", root_bits);
	TAP_CHECK(!(f->block_levels >> f->levels), "block_levels 0x%x beyond %u levels",
		  f->block_levels, f->levels);
	TAP_CHECK(LAYOUT_EARLY_POOL_PAGES(f->page_shift, formula, g->idmap ? 1 : 0) ==
			  l->early_pool_pages,
		  "pool from the formula %llu, from the format %llu",
		  LAYOUT_EARLY_POOL_PAGES(f->page_shift, formula, g->idmap ? 1 : 0),
		  l->early_pool_pages);
	tap_case("%s: %u levels, as LAYOUT_PT_LEVELS(%u, %u) and the early pool say", g->name,
		 f->levels, f->va_bits, f->page_shift);
}

int main(void)
{
	unsigned int i;

	srand(20240603);
	tap_start();
	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		const struct lgeom *g = &geoms[i];
		struct kimage_place linked = kimage_place(X_LINK, 0, 0);
		struct vm_layout l;

		memset(&l, 0x5a, sizeof(l));
		vm_layout_compute(g->f, g->idmap, &linked, &l);
		case_expected(g, &l);
		case_levels(g, &l);
		case_check_ok(g, &l);
		case_disjoint(g, &l);
		case_link_addr(g, &l);
		case_reach(g, &l);
		case_spare(g, &l);
		case_fixmap(g, &l);
		case_linear(g, &l);
		case_pool(g, &l);
		case_corrupt(g, &l);
	}
	return tap_done();
}
