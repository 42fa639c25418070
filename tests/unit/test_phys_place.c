// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of mm/phys_place.c, the places in RAM physical KASLR may move
 * the image to.
 *
 * Each case draws its ranges in a small picture and says what it expects,
 * worked out by hand. Then a seeded random differential test compares the
 * count and every place with a model that tries each aligned address of
 * each bank in turn.
 *
 *	PHYS_PLACE_SEED=N	replay the random test with seed N
 *	PHYS_PLACE_RUNS=N	number of random requests (default 3000)
 */
#include <mm/phys_place.h>

#include <string.h>
#include "splitmix.h"
#include "tap.h"

#define MB	 (1ULL << 20)
#define GB	 (1ULL << 30)
#define ALIGN_2M (2 * MB)

static struct dt_info dt;
static struct phys_place_request req;

/* A fresh request: no banks, no reservations, no initrd, 2 MB alignment. */
static void reset(void)
{
	memset(&dt, 0, sizeof(dt));
	memset(&req, 0, sizeof(req));
	req.dt = &dt;
	req.align = ALIGN_2M;
}

static void bank(u64 base, u64 size)
{
	dt.bank[dt.nr_banks].base = base;
	dt.bank[dt.nr_banks].size = size;
	dt.nr_banks++;
}

static void reserve(u64 base, u64 size, bool nomap)
{
	dt.reserved[dt.nr_reserved].base = base;
	dt.reserved[dt.nr_reserved].size = size;
	dt.reserved[dt.nr_reserved].nomap = nomap;
	dt.nr_reserved++;
}

/* The image loaded at pa, its extent size, and it needs as much at its new place. */
static void image(u64 pa, u64 size)
{
	req.image_pa = pa;
	req.image_size = size;
	req.need = size;
}

static void fdt(u64 pa, u64 size)
{
	req.fdt_pa = pa;
	req.fdt_size = size;
}

/* Check the count, the first and the last place, and that there is none past them. */
#define EXPECT_PLACES(count, first, last) expect_places(__FILE__, __LINE__, count, first, last)
static void expect_places(const char *file, int line, u64 count, u64 first, u64 last)
{
	u64 n = phys_place_count(&req);
	phys_addr_t pa = 0x1234;

	if (n != count)
		tap_fail_at(file, line, "count %llu, expected %llu", n, count);
	if (count && (!phys_place_nth(&req, 0, &pa) || pa != first))
		tap_fail_at(file, line, "place 0 is 0x%llx, expected 0x%llx", pa, first);
	if (count && (!phys_place_nth(&req, count - 1, &pa) || pa != last))
		tap_fail_at(file, line, "place %llu is 0x%llx, expected 0x%llx", count - 1, pa,
			    last);
	pa = 0x1234;
	if (phys_place_nth(&req, count, &pa) || pa != 0x1234)
		tap_fail_at(file, line, "a place %llu past the count (0x%llx)", count, pa);
}

static void test_qemu_arm64(void)
{
	/*
	 *   0x40000000   0x40200000   0x40500000            0x80000000
	 *   | DTB 1M |   | image 3M  |  ...free...           |
	 *   |<------------------- bank 1 GB ---------------->|
	 *
	 * Expect the 2 MB aligned places from 0x40600000 (the first above the
	 * image) to 0x7fc00000 (the last whose 3 MB end at or below 1 GB):
	 * (0x7fc00000 - 0x40600000) / 2M + 1 = 507 + 1 = 508. The 1 MB gap
	 * between the DTB and the image holds none.
	 */
	reset();
	bank(0x40000000, GB);
	fdt(0x40000000, MB);
	image(0x40200000, 3 * MB);
	EXPECT_PLACES(508, 0x40600000, 0x7fc00000);
	tap_case("a QEMU-like arm64 bank: the places above the image");
}

static void test_firmware_at_start(void)
{
	/*
	 *   0x80000000 0x80080000 0x80200000 0x80400000     0x8fe00000 0x90000000
	 *   | no-map fw |  gap    | image 2M |  ...free...  | DTB 8K |   |
	 *   |<--------------------- bank 256 MB ------------------------>|
	 *
	 * Expect nothing below the image (the firmware's gap is 1.5 MB), from
	 * 0x80400000 to 0x8fc00000 above it: 0xf800000 / 2M + 1 = 125, and
	 * nothing above the DTB (0x8fe02000 aligns up to the bank's end).
	 */
	reset();
	bank(0x80000000, 256 * MB);
	reserve(0x80000000, 0x80000, true);
	image(0x80200000, 2 * MB);
	fdt(0x8fe00000, 0x2000);
	EXPECT_PLACES(125, 0x80400000, 0x8fc00000);
	tap_case("firmware reserved at the bank's start, the DTB at its end");
}

static void test_reservation_at_end(void)
{
	/*
	 *   0x40000000   0x40400000 0x40410000               0x40ffffff 0x41000000
	 *   | image 4M   | DTB 64K  |  ...free...             | 1 byte  |
	 *   |<-------------------- bank 16 MB ----------------------->|
	 *
	 * Expect 0x40600000, 0x40800000 and 0x40a00000: 0x40c00000 + 4 MB would
	 * reach the reserved last byte.
	 */
	reset();
	bank(0x40000000, 16 * MB);
	image(0x40000000, 4 * MB);
	fdt(0x40400000, 0x10000);
	reserve(0x40ffffff, 1, false);
	EXPECT_PLACES(3, 0x40600000, 0x40a00000);
	tap_case("a one-byte reservation at the bank's end takes the last place");

	/* Without it, expect the last place to end exactly at the bank's end. */
	dt.nr_reserved = 0;
	EXPECT_PLACES(4, 0x40600000, 0x40c00000);
	tap_case("a place may end at the bank's last byte");
}

static void test_two_banks_initrd(void)
{
	/*
	 *   bank 0: 0x40000000 +64M: | image 48M | 16M free |
	 *   bank 1: 0x100000000 +128M: | 16M free | initrd 16M | 96M free |
	 *
	 * Expect none in bank 0 (16 MB free, 48 MB needed), none below the
	 * initrd, and 0x102000000 to 0x105000000 above it: 0x3000000 / 2M + 1
	 * = 25.
	 */
	reset();
	bank(0x40000000, 64 * MB);
	bank(0x100000000, 128 * MB);
	image(0x40000000, 48 * MB);
	fdt(0x43f00000, 0x10000);
	dt.initrd_start = 0x101000000;
	dt.initrd_end = 0x102000000;
	EXPECT_PLACES(25, 0x102000000, 0x105000000);
	tap_case("two banks with a hole; the initrd splits the second");

	/* Expect an empty or inverted initrd to be no initrd: 0x100000000 to 0x105000000. */
	dt.initrd_start = 0x102000000;
	dt.initrd_end = 0x101000000;
	EXPECT_PLACES(41, 0x100000000, 0x105000000);
	tap_case("an inverted initrd range avoids nothing");
}

static void test_bank_order(void)
{
	/*
	 *   bank 0 (listed first): 0x200000000 +8M, empty
	 *   bank 1:                0x40000000  +8M: | image 2M | 6M |
	 *
	 * Expect the places counted in the tree's order: 0x200000000 to
	 * 0x200600000 first (4), then 0x40200000 to 0x40600000 (3).
	 */
	reset();
	bank(0x200000000, 8 * MB);
	bank(0x40000000, 8 * MB);
	image(0x40000000, 2 * MB);
	EXPECT_PLACES(7, 0x200000000, 0x40600000);
	phys_addr_t pa = 0;
	TAP_CHECK(phys_place_nth(&req, 4, &pa) && pa == 0x40200000, "place 4 is 0x%llx", pa);
	tap_case("banks are counted in the order the tree lists them");
}

static void test_no_room(void)
{
	/*
	 *   0x40000000          0x41000000          0x42000000
	 *   | image 16M          | 16M free, but a reservation in its middle |
	 *
	 * Expect no place: 16 MB do not fit in either 8 MB half.
	 */
	reset();
	bank(0x40000000, 32 * MB);
	image(0x40000000, 16 * MB);
	reserve(0x41800000, 0x1000, true);
	EXPECT_PLACES(0, 0, 0);
	tap_case("no room: the image fits nowhere else");

	/* Expect no place when RAM is the image alone. */
	reset();
	bank(0x80200000, 4 * MB);
	image(0x80200000, 4 * MB);
	EXPECT_PLACES(0, 0, 0);
	tap_case("no room: RAM is the loaded image");

	/* Expect no place without RAM. */
	reset();
	image(0x80200000, 4 * MB);
	EXPECT_PLACES(0, 0, 0);
	tap_case("no room: no bank");
}

static void test_limit(void)
{
	/*
	 *   0x40000000   0x40200000                 0x60000000      0x80000000
	 *   | DTB 1M |   | image 2M |  ...free...   | limit          |
	 *   |<------------------- bank 1 GB ------------------------>|
	 *
	 * Expect the places to end at the limit: 0x40400000 to 0x5fe00000,
	 * (0x5fe00000 - 0x40400000) / 2M + 1 = 253 + 1 = 254. A limit at the
	 * bank's end or above changes nothing; one below the image leaves
	 * only 0x40000000... which the DTB takes: none.
	 */
	reset();
	bank(0x40000000, GB);
	fdt(0x40000000, MB);
	image(0x40200000, 2 * MB);
	req.limit = 0x60000000;
	EXPECT_PLACES(254, 0x40400000, 0x5fe00000);
	req.limit = 0x80000000;
	EXPECT_PLACES(510, 0x40400000, 0x7fe00000);
	req.limit = 0x40200000;
	EXPECT_PLACES(0, 0, 0);
	tap_case("a limit: places end at or below it (the RAM the linear map holds)");
}

static void test_unaligned_bank(void)
{
	/*
	 *   0x40100000 (bank start, not 2M aligned)   0x40a80000 (end)
	 *   | 1M | 0x40200000 ... 0x40800000 ... |
	 *
	 * The image is elsewhere. Expect 0x40200000 to 0x40800000 for 2.5 MB:
	 * 0x40800000 + 2.5M = 0x40a80000, the bank's end.
	 */
	reset();
	bank(0x40100000, 0x980000);
	image(0x80000000, 0x280000);
	EXPECT_PLACES(4, 0x40200000, 0x40800000);
	tap_case("a bank that starts and ends off the alignment");
}

static void test_hostile(void)
{
	int i;

	/* Expect nothing at all when the tree had more reservations than dt keeps. */
	reset();
	bank(0x40000000, GB);
	image(0x40000000, 2 * MB);
	dt.dropped_reserved = 1;
	EXPECT_PLACES(0, 0, 0);
	tap_case("reservations left out: no place (one could be firmware's)");

	/*
	 * A bank that wraps past 2^64 and an empty one: expect them ignored,
	 * and the sane bank's places only.
	 */
	reset();
	bank(0xffffffffffe00000ULL, 4 * MB);
	bank(0x40000000, 0);
	bank(0x80000000, 8 * MB);
	image(0x80000000, 2 * MB);
	EXPECT_PLACES(3, 0x80200000, 0x80600000);
	tap_case("a bank that wraps and an empty bank hold no place");

	/*
	 * A reservation that wraps past 2^64 avoids everything above its base;
	 * overlapping reservations avoid their union. Expect only 0x80600000
	 * (0x80200000-0x80600000 is covered twice, 0x80800000 up by the wrap).
	 */
	reset();
	bank(0x80000000, 64 * MB);
	image(0x80000000, 2 * MB);
	reserve(0x80200000, 3 * MB, false);
	reserve(0x80300000, 3 * MB, true);
	reserve(0x80800000, U64_MAX, false);
	EXPECT_PLACES(1, 0x80600000, 0x80600000);
	tap_case("a reservation that wraps, and overlapping ones");

	/*
	 * The whole of the lower half of the address space as one bank:
	 * expect (2^63 - 4M) / 2M + 1 places above a 2 MB image at 0, counted
	 * at once.
	 */
	reset();
	bank(0, 1ULL << 63);
	image(0, 2 * MB);
	EXPECT_PLACES((1ULL << 62) / MB - 1, 2 * MB, (1ULL << 63) - 2 * MB);
	tap_case("a 2^63-byte bank is counted arithmetically");

	/*
	 * Every bank and every reservation dt_info holds: bank i is 8 MB at
	 * (i + 1) * 4 GB, with two 4K reservations at its 4 MB mark. Expect
	 * 3 places per bank for a 2 MB image kept elsewhere: 0 and 2 MB below
	 * the reservations, 6 MB above them.
	 */
	reset();
	for (i = 0; i < DT_MAX_BANKS; i++)
		bank(0x100000000ULL * (i + 1), 8 * MB);
	for (i = 0; i < DT_MAX_RESERVED; i++)
		reserve(0x100000000ULL * (i % DT_MAX_BANKS + 1) + 4 * MB, 0x1000, i & 1);
	image(0x40000000, 2 * MB);
	EXPECT_PLACES(3 * DT_MAX_BANKS, 0x100000000, 0x100000000ULL * DT_MAX_BANKS + 6 * MB);
	tap_case("the most banks and reservations dt_info keeps");

	/* A bad alignment or size is refused rather than trusted. */
	reset();
	bank(0x40000000, GB);
	image(0x40000000, 2 * MB);
	req.align = 3 * MB;
	EXPECT_PLACES(0, 0, 0);
	req.align = ALIGN_2M;
	req.need = 0;
	EXPECT_PLACES(0, 0, 0);
	tap_case("an alignment that is not a power of two, or nothing needed: no place");
}

/* ---- random differential test against a slot-by-slot model ------------- */

static uint64_t rng_state;

static u64 rnd(void)
{
	return splitmix64(&rng_state);
}

static bool overlaps(u64 a, u64 size, u64 base, u64 len)
{
	return len && a < base + len && base < a + size;
}

/*
 * The model: every aligned address of every bank in turn, kept if the
 * image fits in the bank from there, below the limit, and overlaps nothing to avoid. The
 * random world stays far below 2^64, so no end wraps. Returns the count;
 * fills places[] with the first max of them.
 */
static u64 model(u64 *places, u64 max)
{
	u64 n = 0;
	int b, i;

	if (dt.dropped_reserved)
		return 0;
	for (b = 0; b < dt.nr_banks; b++) {
		u64 base = dt.bank[b].base, end = base + dt.bank[b].size, a;

		if (req.limit && end > req.limit)
			end = req.limit;

		for (a = ALIGN_UP(base, req.align); a + req.need <= end; a += req.align) {
			bool ok = !overlaps(a, req.need, req.fdt_pa, req.fdt_size) &&
				  !overlaps(a, req.need, req.image_pa, req.image_size);

			if (dt.initrd_end > dt.initrd_start)
				ok = ok && !overlaps(a, req.need, dt.initrd_start,
						     dt.initrd_end - dt.initrd_start);
			for (i = 0; i < dt.nr_reserved; i++)
				ok = ok && !overlaps(a, req.need, dt.reserved[i].base,
						     dt.reserved[i].size);
			if (!ok)
				continue;
			if (n < max)
				places[n] = a;
			n++;
		}
	}
	return n;
}

/* A random range inside the 8 GB world, often on a 2 MB or 4K boundary. */
static u64 random_addr(void)
{
	u64 a = rnd() % (8 * GB);

	switch (rnd() % 3) {
	case 0: return a & ~(ALIGN_2M - 1);
	case 1: return a & ~0xfffULL;
	default: return a;
	}
}

static void test_random(void)
{
	const char *env = getenv("PHYS_PLACE_SEED"), *runs_env = getenv("PHYS_PLACE_RUNS");
	u64 seed = env ? strtoull(env, NULL, 0) : 0x706879735f706c63ULL;
	long runs = runs_env ? strtol(runs_env, NULL, 0) : 3000, r;
	static u64 places[2 * GB / 0x10000 * 4];
	bool ok = true;
	int i;

	printf("# random differential test: PHYS_PLACE_SEED=0x%llx PHYS_PLACE_RUNS=%ld\n", seed,
	       runs);
	rng_state = seed;
	for (r = 0; r < runs && ok; r++) {
		u64 n, want, k;
		phys_addr_t pa;

		reset();
		for (i = rnd() % 5; i > 0; i--)
			bank(random_addr(), rnd() % (2 * GB));
		for (i = rnd() % 8; i > 0; i--)
			reserve(random_addr(), rnd() % 4 ? rnd() % (16 * MB) : rnd() % GB,
				rnd() & 1);
		image(random_addr(), (rnd() % 48 + 1) * 0x10000);
		if (rnd() % 4 == 0)
			req.need = (rnd() % 64 + 1) * MB;
		fdt(random_addr(), rnd() % (2 * MB));
		if (rnd() % 2) {
			dt.initrd_start = random_addr();
			dt.initrd_end = dt.initrd_start + rnd() % (64 * MB);
		}
		if (rnd() % 4 == 0)
			req.align = 0x10000ULL << (rnd() % 6);
		if (rnd() % 4 == 0)
			req.limit = random_addr();

		want = model(places, sizeof(places) / sizeof(places[0]));
		n = phys_place_count(&req);
		if (n != want) {
			printf("# run %ld: count %llu, the model %llu\n", r, n, want);
			ok = false;
			break;
		}
		for (k = 0; k < n && k<sizeof(places) / sizeof(places[0]); k += n> 1000 ?
				    rnd() % (n / 100) + 1 :
				    1) {
			if (!phys_place_nth(&req, k, &pa) || pa != places[k]) {
				printf("# run %ld: place %llu is 0x%llx, the model 0x%llx\n", r, k,
				       pa, places[k]);
				ok = false;
				break;
			}
		}
		if (ok && phys_place_nth(&req, n, &pa)) {
			printf("# run %ld: a place past the count\n", r);
			ok = false;
		}
	}
	TAP_CHECK(ok, "phys_place and the model differ (PHYS_PLACE_SEED=0x%llx)", seed);
	tap_case("random: %ld requests agree with a slot-by-slot model", r);
}

int main(int argc, char **argv)
{
	tap_start();
	test_qemu_arm64();
	test_firmware_at_start();
	test_reservation_at_end();
	test_two_banks_initrd();
	test_bank_order();
	test_no_room();
	test_unaligned_bank();
	test_limit();
	test_hostile();
	test_random();
	return tap_done();
}
