// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's tables are shared by every CPU. While all the other online
 * CPUs read a signed test region in a loop, the boot CPU changes how the
 * region is mapped: to other memory with the same contents, block to
 * pages and back, read-only. A reader may fault while an entry is
 * invalid between break and make (the probe absorbs it and the reader
 * counts it), but must never read a wrong word; and once the region is
 * read-only, a write faults on every CPU, whichever translation it had
 * cached before. (QEMU's TCG keeps a software TLB per CPU, and a
 * flush that does not reach a CPU leaves its stale translation there.)
 *
 * Each case runs a fixed number of changes, so it ends in bounded time,
 * and reports each reader's iterations. With one CPU online there are no
 * readers, and the cases check the boot CPU alone (and the remap's cost
 * with one CPU).
 */
#include <lander/boot.h>
#include <lander/errno.h>
#include <lander/ktest.h>
#include <lander/printk.h>
#include <lander/smp.h>
#include <lander/string.h>
#include <lander/trap.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

/* A word's expected value: the signature and its offset in the region. */
#define SMP_SIGNATURE	 0x5eed5a1ad0c0ffeeULL
#define SMP_REMAP_ROUNDS 64
#define SMP_SPLIT_ROUNDS 16
/* The region's distance from the image (vm_layout_spare()): clear of the other tests' spans. */
#define SMP_REGION_DIST (4ULL << 30)
/* The largest block the split case maps (64K pages: 512 MB is too much to ask). */
#define SMP_BLOCK_MAX (32ULL << 20)

static inline u64 expected_word(u64 off)
{
	return SMP_SIGNATURE ^ off;
}

/*
 * The region: size bytes at va, mapped to one of two copies of the same
 * signed contents, at mem and mem + size.
 */
struct smp_region {
	struct pt_ctx ctx;
	virt_addr_t va;
	u64 size;
	phys_addr_t mem;
};

/* What one reader saw. */
struct reader_stats {
	u64 reads, faults, wrong;
	u64 wrong_off, wrong_val;
	int write_ret;		   /* the write probe's result (the read-only case) */
	enum trap_kind write_kind; /* and how it faulted */
};

static struct reader_stats stats[CONFIG_NR_CPUS];
static u32 readers_started, readers_stop;

/*
 * Take a span of vmalloc nothing maps, size bytes aligned to size, and
 * two copies of the signed contents. Returns false (the case skipped)
 * when the machine cannot spare them.
 */
static bool region_init(struct ktest *t, struct smp_region *r, u64 size)
{
	struct vm_layout layout;
	struct pt_leaf leaf;
	u64 off;

	kernel_pt_ctx(&r->ctx);
	r->size = size;
	vm_layout_compute(r->ctx.fmt, ARCH_HAS_IDMAP, &boot_info.place, &layout);
	r->va = vm_layout_spare(&layout, SMP_REGION_DIST, size, size);
	if (!r->va || !kernel_lookup(r->va, &leaf) || !kernel_lookup(r->va + size - 1, &leaf)) {
		ktest_skip(t, "the test span of vmalloc is in use");
		return false;
	}
	r->mem = memblock_alloc(&memblock, 2 * size, size);
	if (!r->mem) {
		ktest_skip(t, "no two free blocks of RAM");
		return false;
	}
	for (off = 0; off < size; off += 8) {
		*(u64 *)(uintptr_t)__va(r->mem + off) = expected_word(off);
		*(u64 *)(uintptr_t)__va(r->mem + size + off) = expected_word(off);
	}
	return true;
}

static void region_done(struct smp_region *r)
{
	pt_unmap(&r->ctx, r->va, r->size);
	memblock_free(&memblock, r->mem, 2 * r->size);
}

/*
 * Map [off, off + size) of the region to copy (0 or 1). A change of
 * output address goes through break-before-make in the walker, which
 * flushes the old entry on every CPU; the new entry, written over an
 * invalid one, is published to every CPU (kernel_pt_publish()).
 */
static int region_map(struct smp_region *r, u64 off, u64 size, int copy, unsigned int prot)
{
	int err = pt_map(&r->ctx, r->va + off, r->mem + copy * r->size + off, size, prot);

	kernel_pt_publish();
	return err;
}

/* A reader: words across the region, one per iteration, until told to stop. */
static void reader_job(void *arg)
{
	const struct smp_region *r = arg;
	struct reader_stats *s = &stats[this_cpu()->cpu];
	u64 words = r->size / 8, i = this_cpu()->cpu * 97, off, val;

	memset(s, 0, sizeof(*s));
	__atomic_add_fetch(&readers_started, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&readers_stop, __ATOMIC_ACQUIRE)) {
		/* A stride coprime to the word count visits every page in turn. */
		i = (i + 4099) % words;
		off = i * 8;
		s->reads++;
		if (probe_read((const void *)(uintptr_t)(r->va + off), &val))
			s->faults++;
		else if (val != expected_word(off) && !s->wrong++) {
			s->wrong_off = off;
			s->wrong_val = val;
		}
		cpu_relax();
	}
}

/* Start a reader on every other online CPU and wait until each runs. */
static unsigned int readers_start(struct smp_region *r)
{
	unsigned int i, n = 0;

	WRITE_ONCE(readers_stop, 0);
	WRITE_ONCE(readers_started, 0);
	for (i = 1; i < smp_nr_cpus; i++) {
		if (!cpu_online(&smp_cpus[i]))
			continue;
		smp_call(&smp_cpus[i], reader_job, r);
		n++;
	}
	while (__atomic_load_n(&readers_started, __ATOMIC_ACQUIRE) < n)
		cpu_relax();
	return n;
}

/*
 * Stop the readers and check them: each read, none saw a wrong word.
 * Reports each reader's counts as a diagnostic line.
 */
static void readers_stop_and_check(struct ktest *t)
{
	unsigned int i;

	__atomic_store_n(&readers_stop, 1, __ATOMIC_RELEASE);
	for (i = 1; i < smp_nr_cpus; i++) {
		struct reader_stats *s = &stats[i];

		if (!cpu_online(&smp_cpus[i]))
			continue;
		smp_wait(&smp_cpus[i]);
		printk("    # CPU %u: %llu reads, %llu faults during breaks, %llu wrong\n", i,
		       s->reads, s->faults, s->wrong);
		if (s->wrong)
			ktest_fail(
				t, __FILE__, __LINE__,
				"CPU %u read 0x%llx at offset 0x%llx, expected 0x%llx (%llu wrong)",
				i, s->wrong_val, s->wrong_off, expected_word(s->wrong_off),
				s->wrong);
		KEXPECT_TRUE(t, s->reads > 0);
	}
}

/*
 *   | page A0 | page A1 | page A2 | page A3 |    copy 0
 *   | page B0 | page B1 | page B2 | page B3 |    copy 1, the same words
 *   each round moves one page to the other copy, every fourth the whole span
 *
 * Expect no reader to read a wrong word, and the cost of one live remap
 * (flushes, broadcast invalidations, calls to other CPUs) reported.
 */
static void test_readers_see_remaps(struct ktest *t)
{
	struct smp_flush_stats before, after;
	struct smp_region r;
	int round, copy = 0;
	u64 ns;

	if (!region_init(t, &r, 4 * PAGE_SIZE))
		return;
	KEXPECT_EQ(t, region_map(&r, 0, r.size, 0, PAGE_KERNEL), 0);
	readers_start(&r);
	for (round = 0; round < SMP_REMAP_ROUNDS; round++) {
		u64 page = (round % 4) * PAGE_SIZE;

		if (round % 4 == 3) {
			copy ^= 1;
			KEXPECT_EQ(t, region_map(&r, 0, r.size, copy, PAGE_KERNEL), 0);
		} else {
			KEXPECT_EQ(t, region_map(&r, page, PAGE_SIZE, copy ^ 1, PAGE_KERNEL), 0);
		}
	}
	/* One more, measured: a single page to the other copy. */
	before = smp_flush_stats;
	ns = smp_clock_ns();
	KEXPECT_EQ(t, region_map(&r, 0, PAGE_SIZE, copy ^ 1, PAGE_KERNEL), 0);
	ns = smp_clock_ns() - ns;
	after = smp_flush_stats;
	readers_stop_and_check(t);
	printk("    # one live remap with %u CPUs online: %llu flushes, %llu broadcast "
	       "invalidations, %llu remote calls, %llu ns\n",
	       smp_online_count(), after.ops - before.ops, after.broadcasts - before.broadcasts,
	       after.remote_calls - before.remote_calls, ns);
	region_done(&r);
}

/*
 *   |                 one block                  |    readers read across it
 *   | page | page | .. | page (read-only) | .. |       split: a page's permission changes
 *   |                 one block                  |    merge: pt_map over the table
 *
 * Expect no reader to read a wrong word while the block is split into
 * pages and merged back, again and again.
 */
static void test_readers_see_split_and_merge(struct ktest *t)
{
	const struct pt_format *f = arch_pt_format();
	int level = f->levels - 2, round;
	struct smp_region r;
	struct pt_leaf leaf;
	u64 block, inner;

	if (!pt_level_has_blocks(f, level)) {
		ktest_skip(t, "no blocks above the last level");
		return;
	}
	block = 1ULL << pt_level_shift(f, level);
	if (block > SMP_BLOCK_MAX) {
		ktest_skip(t, "the smallest block is larger than 32 MB");
		return;
	}
	if (!region_init(t, &r, block))
		return;
	inner = ALIGN_DOWN(block / 2 + block / 8, PAGE_SIZE);
	KEXPECT_EQ(t, region_map(&r, 0, block, 0, PAGE_KERNEL), 0);
	KEXPECT_EQ(t, kernel_lookup(r.va, &leaf), 0);
	KEXPECT_EQ(t, leaf.level, level);
	readers_start(&r);
	for (round = 0; round < SMP_SPLIT_ROUNDS; round++) {
		KEXPECT_EQ(t, pt_protect(&r.ctx, r.va + inner, PAGE_SIZE, PAGE_KERNEL_RO), 0);
		KEXPECT_EQ(t, kernel_lookup(r.va + inner, &leaf), 0);
		KEXPECT_EQ(t, leaf.level, f->levels - 1);
		KEXPECT_EQ(t, region_map(&r, 0, block, round & 1, PAGE_KERNEL), 0);
		KEXPECT_EQ(t, kernel_lookup(r.va + inner, &leaf), 0);
		KEXPECT_EQ(t, leaf.level, level);
	}
	readers_stop_and_check(t);
	region_done(&r);
}

/* Write the first word back through the region; record how it went. */
static void write_job(void *arg)
{
	const struct smp_region *r = arg;
	struct reader_stats *s = &stats[this_cpu()->cpu];

	s->write_ret = probe_write((void *)(uintptr_t)r->va, expected_word(0));
	s->write_kind = s->write_ret ? trap_last_fault.kind : TRAP_OTHER;
}

/* Run write_job on every other online CPU and wait for them. */
static void write_everywhere(struct smp_region *r)
{
	unsigned int i;

	for (i = 1; i < smp_nr_cpus; i++)
		if (cpu_online(&smp_cpus[i]))
			smp_call(&smp_cpus[i], write_job, r);
	for (i = 1; i < smp_nr_cpus; i++)
		if (cpu_online(&smp_cpus[i]))
			smp_wait(&smp_cpus[i]);
}

/*
 *   every CPU writes the page (its TLB now holds a writable translation)
 *   the boot CPU makes it read-only
 *   every CPU writes again
 *
 * Expect the first writes to succeed and every second one to fault as a
 * write, on every CPU, the boot CPU too.
 */
static void test_read_only_is_seen_by_every_cpu(struct ktest *t)
{
	struct smp_region r;
	unsigned int i;

	if (!region_init(t, &r, PAGE_SIZE))
		return;
	KEXPECT_EQ(t, region_map(&r, 0, PAGE_SIZE, 0, PAGE_KERNEL), 0);
	write_everywhere(&r);
	for (i = 1; i < smp_nr_cpus; i++)
		if (cpu_online(&smp_cpus[i]) && stats[i].write_ret)
			ktest_fail(t, __FILE__, __LINE__,
				   "CPU %u could not write the writable page", i);
	KEXPECT_EQ(t, pt_protect(&r.ctx, r.va, PAGE_SIZE, PAGE_KERNEL_RO), 0);
	write_everywhere(&r);
	for (i = 1; i < smp_nr_cpus; i++) {
		if (!cpu_online(&smp_cpus[i]))
			continue;
		if (stats[i].write_ret != -EFAULT || stats[i].write_kind != TRAP_WRITE)
			ktest_fail(t, __FILE__, __LINE__,
				   "CPU %u wrote the page after it became read-only (%d)", i,
				   stats[i].write_ret);
	}
	KEXPECT_EQ(t, probe_write((void *)(uintptr_t)r.va, expected_word(0)), -EFAULT);
	region_done(&r);
}

static const struct ktest_case smp_cases[] = { KTEST_CASE(test_readers_see_remaps),
					       KTEST_CASE(test_readers_see_split_and_merge),
					       KTEST_CASE(test_read_only_is_seen_by_every_cpu),
					       {} };
KTEST_SUITE(smp, smp_cases);
