// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU's random-number instruction (include/lander/cpu.h): where the probe finds
 * one, it gives values that change; where it finds none, the probe said
 * so without a trap reaching the kernel, and a read fails cleanly. Either
 * way the exception vectors still work afterwards (riscv's probe swaps
 * stvec for the duration of each read).
 */
#include <lander/boot.h>
#include <lander/errno.h>
#include <lander/ktest.h>
#include <lander/printk.h>
#include <lander/trap.h>
#include <mm/fixmap.h>
#include <lander/cpu.h>

#define SEED_READS 8

static void test_seed_source(struct ktest *t)
{
	const char *name = arch_seed_probe(boot_fdt(), boot_info.dt.boot_cpu_node);
	u64 v[SEED_READS], untouched = 0x5eed5eed5eed5eedULL;
	int i, same = 0;

	/* The boot scenarios read this line to know which case ran. */
	printk("    # arch seed source: %s\n", name ? name : "none");
	if (!name) {
		KEXPECT_TRUE(t, !arch_seed_u64(&untouched));
		KEXPECT_EQ(t, untouched, 0x5eed5eed5eed5eedULL);
		return;
	}
	for (i = 0; i < SEED_READS; i++) {
		v[i] = 0;
		KEXPECT_TRUE(t, arch_seed_u64(&v[i]));
	}
	for (i = 1; i < SEED_READS; i++)
		same += v[i] == v[0];
	KEXPECT_NE(t, same, SEED_READS - 1);
	for (i = 0; i < SEED_READS; i++)
		KEXPECT_NE(t, v[i], 0);
}

/* After the probe and the reads, a fault still reaches the kernel's own handler. */
static void test_vectors_intact(struct ktest *t)
{
	virt_addr_t hole = fix_to_virt(FIX_HOLE) + 8;
	u64 val, out;

	arch_seed_probe(boot_fdt(), boot_info.dt.boot_cpu_node);
	arch_seed_u64(&out);
	KEXPECT_EQ(t, probe_read((const void *)hole, &val), -EFAULT);
	KEXPECT_EQ(t, trap_last_fault.kind, TRAP_READ);
	KEXPECT_EQ(t, trap_last_fault.addr, hole);
}

static const struct ktest_case seed_cases[] = { KTEST_CASE(test_seed_source),
						KTEST_CASE(test_vectors_intact),
						{} };
KTEST_SUITE(arch_seed, seed_cases);
