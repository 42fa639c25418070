// SPDX-License-Identifier: GPL-2.0
/*
 * The early-device table, proved with a device added the way a driver
 * would add one: the EARLY_DEV() below is all it takes for the DT scan to
 * find the RTC, the early and final tables to map its registers in its
 * fixmap slot, and start_kernel() to switch it there. QEMU's virt
 * machines have one: a PL031 on arm64 ("arm,pl031", ARM DDI 0224: RTCDR,
 * the seconds counter, at 0x000; the PrimeCell ID 0x0d at 0xff0) and a
 * Goldfish RTC on riscv ("google,goldfish-rtc": TIME_LOW at 0x00, then
 * TIME_HIGH at 0x04, nanoseconds since the epoch).
 */
#include <lander/boot.h>
#include <lander/console_dev.h>
#include <lander/early_dev.h>
#include <lander/io.h>
#include <lander/ktest.h>
#include <lander/poweroff.h>
#include <lander/string.h>
#include <mm/fixmap.h>
#include <mm/kernel_pt.h>
#include <mm/pgtable.h>

#define RTC_PL031    1
#define RTC_GOLDFISH 2

#define PL031_RTCDR	   0x000
#define PL031_CELLID0	   0xff0
#define GOLDFISH_TIME_LOW  0x00
#define GOLDFISH_TIME_HIGH 0x04

/* 2020-09-13, in seconds since the epoch: any clock QEMU gives is later. */
#define PLAUSIBLE_SECONDS 1600000000ull

EARLY_DEV(ktest_rtc) = {
	.name = "rtc",
	.find = EARLY_DEV_BY_COMPATIBLE,
	.match = {
		{ "arm,pl031", RTC_PL031 },
		{ "google,goldfish-rtc", RTC_GOLDFISH },
	},
};

/* The first node the tree has compatible with either RTC, found with a walk of its own. */
static int first_rtc_node(void)
{
	const struct fdt *fdt = boot_fdt();
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	int node = -1;

	while (fdt_walk(fdt, &w, &it) > 0) {
		u32 pos = 0;
		int n;

		if (it.type == FDT_ITEM_NODE)
			node = it.offset;
		if (it.type != FDT_ITEM_PROP || strcmp(it.name, "compatible") ||
		    !fdt_getprop(fdt, node, "reg", NULL))
			continue;
		while ((n = fdt_string_next(it.value, it.len, &pos)) >= 0) {
			const char *s = (const char *)it.value + pos - n - 1;

			if (!strcmp(s, "arm,pl031") || !strcmp(s, "google,goldfish-rtc"))
				return node;
		}
	}
	return -1;
}

/* The table holds the console, the poweroff device and this RTC, each once. */
static void test_early_dev_table(struct ktest *t)
{
	unsigned int n, i, seen = 0;
	struct early_dev *d = early_dev_table(&n);

	KEXPECT_TRUE(t, n >= 3 && n <= EARLY_DEV_MAX);
	for (i = 0; i < n; i++) {
		seen += &d[i] == &console_dev;
		seen += (&d[i] == &poweroff_dev) << 4;
		seen += (&d[i] == &ktest_rtc) << 8;
		/* A device found has its registers at its fixmap slot now. */
		if (d[i].regs.pa)
			KEXPECT_EQ(t, d[i].regs.base,
				   fix_to_virt(FIX_EARLY_DEV + i) +
					   (d[i].regs.pa & (PAGE_SIZE - 1)));
	}
	KEXPECT_EQ(t, seen, 0x111);
}

/* The scan found the tree's first RTC, with its model and reg. */
static void test_early_dev_found(struct ktest *t)
{
	int node = first_rtc_node();

	if (node < 0) {
		ktest_skip(t, "this device tree has no PL031 or Goldfish RTC");
		return;
	}
	KEXPECT_EQ(t, ktest_rtc.node, node);
	KEXPECT_TRUE(t, ktest_rtc.model == RTC_PL031 || ktest_rtc.model == RTC_GOLDFISH);
	KEXPECT_NE(t, ktest_rtc.reg.base, 0);
	KEXPECT_EQ(t, ktest_rtc.regs.pa, ktest_rtc.reg.base);
}

/*
 * Its page is mapped in the live tables at slot FIX_EARLY_DEV + i, as a
 * device, and reading the clock through it gives a date after 2020.
 */
static void test_early_dev_mapped(struct ktest *t)
{
	unsigned int n;
	struct early_dev *d = early_dev_table(&n);
	unsigned int i = (unsigned int)(&ktest_rtc - d);
	virt_addr_t va = fix_to_virt(FIX_EARLY_DEV + i);
	struct pt_leaf leaf;
	struct pt_ctx live;
	u64 seconds = 0;

	if (!ktest_rtc.model) {
		ktest_skip(t, "no RTC found");
		return;
	}
	KEXPECT_EQ(t, ktest_rtc.regs.base, va + (ktest_rtc.regs.pa & (PAGE_SIZE - 1)));
	kernel_pt_ctx(&live);
	KEXPECT_EQ(t, pt_lookup(&live, va, &leaf), 0);
	KEXPECT_EQ(t, leaf.pa + (va - leaf.va), ALIGN_DOWN(ktest_rtc.regs.pa, PAGE_SIZE));
	/* Read-write, never executable (riscv without Svpbmt has no device type to show). */
	KEXPECT_EQ(t, leaf.prot & (PROT_READ | PROT_WRITE | PROT_EXEC), PROT_READ | PROT_WRITE);

	if (ktest_rtc.model == RTC_PL031) {
		KEXPECT_EQ(t, readl(ktest_rtc.regs.base + PL031_CELLID0) & 0xff, 0x0d);
		seconds = readl(ktest_rtc.regs.base + PL031_RTCDR);
	} else {
		/* Reading TIME_LOW latches TIME_HIGH. */
		u64 low = readl(ktest_rtc.regs.base + GOLDFISH_TIME_LOW);
		u64 high = readl(ktest_rtc.regs.base + GOLDFISH_TIME_HIGH);

		seconds = ((high << 32) | low) / 1000000000ull;
	}
	if (seconds < PLAUSIBLE_SECONDS)
		ktest_fail(t, __FILE__, __LINE__, "the RTC reads %llu seconds", seconds);
}

static const struct ktest_case early_dev_cases[] = {
	KTEST_CASE(test_early_dev_table),
	KTEST_CASE(test_early_dev_found),
	KTEST_CASE(test_early_dev_mapped),
	{},
};
KTEST_SUITE(early_devices, early_dev_cases);
