// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions: a fault provoked on purpose is caught by the fixup
 * mechanism and decoded (kind, address), and the kernel carries on.
 */
#include <lander/errno.h>
#include <lander/ktest.h>
#include <lander/trap.h>
#include <mm/fixmap.h>

/* fix_to_virt(FIX_HOLE) is never mapped. */
static void test_read_unmapped_faults(struct ktest *t)
{
	virt_addr_t hole = fix_to_virt(FIX_HOLE) + 8;
	u64 val = 0x1234;

	KEXPECT_EQ(t, probe_read((const void *)hole, &val), -EFAULT);
	KEXPECT_EQ(t, trap_last_fault.kind, TRAP_READ);
	KEXPECT_EQ(t, trap_last_fault.addr, hole);
	KEXPECT_EQ(t, val, 0x1234);
}

static void test_write_unmapped_faults(struct ktest *t)
{
	virt_addr_t hole = fix_to_virt(FIX_HOLE) + 16;

	KEXPECT_EQ(t, probe_write((void *)hole, 42), -EFAULT);
	KEXPECT_EQ(t, trap_last_fault.kind, TRAP_WRITE);
	KEXPECT_EQ(t, trap_last_fault.addr, hole);
}

static void test_mapped_access_does_not_fault(struct ktest *t)
{
	static u64 word = 0x5a5a5a5a5a5a5a5aULL;
	u64 val = 0;

	KEXPECT_EQ(t, probe_read(&word, &val), 0);
	KEXPECT_EQ(t, val, 0x5a5a5a5a5a5a5a5aULL);
	KEXPECT_EQ(t, probe_write(&word, 7), 0);
	KEXPECT_EQ(t, word, 7);
}

static void test_exec_unmapped_faults(struct ktest *t)
{
	void (*fn)(void) = (void (*)(void))(fix_to_virt(FIX_HOLE) + 0x40);

	KEXPECT_EQ(t, probe_exec(fn), -EFAULT);
	KEXPECT_EQ(t, trap_last_fault.kind, TRAP_EXEC);
	KEXPECT_EQ(t, trap_last_fault.pc, (virt_addr_t)fn);
}

static void test_noncanonical_read_faults(struct ktest *t)
{
	/* Neither half of the address space: a fault of its own kind. */
	u64 val;

	KEXPECT_EQ(t, probe_read((const void *)0x00f0000000000000ULL, &val), -EFAULT);
}

static const struct ktest_case trap_cases[] = {
	KTEST_CASE(test_read_unmapped_faults),	       KTEST_CASE(test_write_unmapped_faults),
	KTEST_CASE(test_mapped_access_does_not_fault), KTEST_CASE(test_exec_unmapped_faults),
	KTEST_CASE(test_noncanonical_read_faults),     {}
};
KTEST_SUITE(exceptions, trap_cases);
