// SPDX-License-Identifier: GPL-2.0
/*
 * The final kernel tables: W^X holds in practice (stores to text and
 * rodata fault, instructions in data, bss, the stack and the linear alias
 * of text do not run), RAM translates correctly through the linear map,
 * and the table pages used are the minimum for this RAM map.
 */
#include <lander/boot.h>
#include <lander/cpu.h>
#include <lander/errno.h>
#include <lander/ktest.h>
#include <lander/sections.h>
#include <lander/string.h>
#include <lander/trap.h>
#include <mm/kernel_pt.h>
#include <mm/memblock.h>
#include <mm/paging.h>
#include <mm/physaddr.h>
#include <mm/ptdump.h>

/* A return instruction, to place where execution must be refused. */
#define RET_INSN ARCH_RET_INSN

static u32 data_code[4] = { RET_INSN, RET_INSN, RET_INSN, RET_INSN };
static u32 bss_code[4];
static const u64 rodata_word = 0x0123456789abcdefULL;

static void test_no_wx_mappings(struct ktest *t)
{
	KEXPECT_EQ(t, ptdump_count_wx(), 0);
}

static void test_text_and_rodata_are_read_only(struct ktest *t)
{
	u64 val;

	KEXPECT_EQ(t, probe_write((void *)&rodata_word, 1), -EFAULT);
	KEXPECT_EQ(t, trap_last_fault.kind, TRAP_WRITE);
	KEXPECT_EQ(t, rodata_word, 0x0123456789abcdefULL);
	KEXPECT_EQ(t, probe_write((void *)_stext, 1), -EFAULT);
	KEXPECT_EQ(t, probe_write((void *)test_no_wx_mappings, 1), -EFAULT);
	/* ...but readable. */
	KEXPECT_EQ(t, probe_read(&rodata_word, &val), 0);
	KEXPECT_EQ(t, val, 0x0123456789abcdefULL);
}

/* Execute code at p; it must fault on its first instruction. */
static void expect_no_exec(struct ktest *t, const void *p, const char *what)
{
	int ret = probe_exec((void (*)(void))p);

	if (ret != -EFAULT)
		ktest_fail(t, __FILE__, __LINE__, "code in %s at %p ran", what, p);
	else if (trap_last_fault.kind != TRAP_EXEC || trap_last_fault.pc != (virt_addr_t)p)
		ktest_fail(t, __FILE__, __LINE__, "%s: wrong fault (kind %d at 0x%llx)", what,
			   trap_last_fault.kind, trap_last_fault.pc);
}

static void test_data_bss_stack_do_not_execute(struct ktest *t)
{
	u32 stack_code[4];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		bss_code[i] = RET_INSN;
		WRITE_ONCE(stack_code[i], RET_INSN);
	}
	expect_no_exec(t, data_code, "data");
	expect_no_exec(t, bss_code, "bss");
	expect_no_exec(t, stack_code, "the stack");
}

static void test_linear_alias_of_text(struct ktest *t)
{
	const void *alias = lm_alias(test_no_wx_mappings);

	expect_no_exec(t, alias, "the linear alias of text");
	KEXPECT_EQ(t, probe_write((void *)alias, 1), -EFAULT);
	KEXPECT_EQ(t, probe_write(lm_alias(&rodata_word), 1), -EFAULT);
}

/* Is pa in a reserved range (firmware's memory may refuse even reads)? */
static bool reserved(phys_addr_t pa)
{
	int i;

	for (i = 0; i < memblock.reserved.count; i++) {
		if (pa - memblock.reserved.region[i].base < memblock.reserved.region[i].size)
			return true;
	}
	return false;
}

/*
 * Does the linear map send pa's address to pa, non-executable, and (for
 * memory nobody reserved) can it be read there?
 */
static void check_linear(struct ktest *t, phys_addr_t pa)
{
	struct pt_leaf leaf;
	virt_addr_t va = __va(pa);
	u64 val;

	if (kernel_lookup(va, &leaf)) {
		ktest_fail(t, __FILE__, __LINE__, "PA 0x%llx: VA 0x%llx is not mapped", pa, va);
		return;
	}
	if (leaf.pa + (va - leaf.va) != pa || (leaf.prot & PROT_EXEC))
		ktest_fail(t, __FILE__, __LINE__, "PA 0x%llx: VA 0x%llx maps 0x%llx prot %x", pa,
			   va, leaf.pa + (va - leaf.va), leaf.prot);
	if (!reserved(pa) && probe_read((const void *)ALIGN_DOWN(va, 8), &val))
		ktest_fail(t, __FILE__, __LINE__, "PA 0x%llx: reading VA 0x%llx faults", pa, va);
}

static void test_ram_translates_through_linear_map(struct ktest *t)
{
	struct memblock_region r;
	u64 seed = 0x9e3779b97f4a7c15ULL;
	int i, k;

	for (i = 0; memblock_usable_range(&memblock, i, &r); i++) {
		check_linear(t, r.base);
		check_linear(t, r.base + r.size - PAGE_SIZE);
		check_linear(t, r.base + r.size - 8);
		for (k = 0; k < 16; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			check_linear(t, r.base + ALIGN_DOWN((seed >> 11) % r.size, 8));
		}
	}
}

static void test_nomap_is_not_mapped(struct ktest *t)
{
	struct pt_leaf leaf;
	int i;

	for (i = 0; i < memblock.nomap.count; i++) {
		const struct memblock_region *r = &memblock.nomap.region[i];

		KEXPECT_EQ(t, kernel_lookup(__va(r->base), &leaf), -ENOENT);
		KEXPECT_EQ(t, kernel_lookup(__va(r->base + r->size - 1), &leaf), -ENOENT);
	}
}

static void test_image_data_is_the_same_memory(struct ktest *t)
{
	static u64 shared_word;
	volatile u64 *alias = lm_alias(&shared_word);

	shared_word = 0x1111;
	KEXPECT_EQ(t, *alias, 0x1111);
	*alias = 0x2222;
	KEXPECT_EQ(t, READ_ONCE(shared_word), 0x2222);
}

static void test_tables_are_minimal(struct ktest *t)
{
	KEXPECT_TRUE(t, paging_report.tables > 1);
	KEXPECT_EQ(t, paging_report.tables, paging_report.min_tables);
}

static void test_init_memory_is_gone(struct ktest *t)
{
	u64 val;

	KEXPECT_EQ(t, probe_read(__init_begin, &val), -EFAULT);
	KEXPECT_EQ(t, trap_last_fault.addr, (virt_addr_t)__init_begin);
}

static void test_no_identity_map_left(struct ktest *t)
{
	u64 val;

	/* The image's physical address is no longer a usable virtual one. */
	KEXPECT_EQ(t, probe_read((const void *)(uintptr_t)boot_info.kimage_pa, &val), -EFAULT);
	KEXPECT_NE(t, kernel_pt_root(), boot_info.early_pool_pa);
}

static const struct ktest_case mm_cases[] = { KTEST_CASE(test_no_wx_mappings),
					      KTEST_CASE(test_text_and_rodata_are_read_only),
					      KTEST_CASE(test_data_bss_stack_do_not_execute),
					      KTEST_CASE(test_linear_alias_of_text),
					      KTEST_CASE(test_ram_translates_through_linear_map),
					      KTEST_CASE(test_nomap_is_not_mapped),
					      KTEST_CASE(test_image_data_is_the_same_memory),
					      KTEST_CASE(test_tables_are_minimal),
					      KTEST_CASE(test_init_memory_is_gone),
					      KTEST_CASE(test_no_identity_map_left),
					      {} };
KTEST_SUITE(kernel_tables, mm_cases);
