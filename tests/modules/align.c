// SPDX-License-Identifier: GPL-2.0
/*
 * align: code that asks for alignment. gcc assembles riscv code with
 * linker relaxation, so each aligned function and the .balign below
 * leave R_RISCV_ALIGN padding for the linker to trim (riscv ELF psABI,
 * "Alignment"). The checks prove the loader trimmed it so that the
 * alignment holds where the code really runs, and that everything after
 * the padding (calls, data references, the functions' addresses) moved
 * with it. On arm64 the same file checks plain section alignment.
 */
#include <lander/module.h>

static int __attribute__((noinline, aligned(64))) triple_plus_one(int x)
{
	return x * 3 + 1;
}

static int __attribute__((noinline, aligned(128))) flip(int x)
{
	return x ^ 0x55;
}

static int table[4] = { 10, 20, 30, 40 };

/* A loop whose body starts at a 32-byte boundary, padded by the assembler. */
static int __attribute__((noinline)) sum_table(void)
{
	int i, s = 0;

	for (i = 0; i < 4; i++) {
		__asm__ volatile(".balign 32");
		s += table[i];
	}
	return s;
}

/* 0 when every check passes, else the number of the first that fails. */
int init_module(void)
{
	int (*volatile f1)(int) = triple_plus_one, (*volatile f2)(int) = flip;

	if ((unsigned long)f1 % 64)
		return 1;
	if ((unsigned long)f2 % 128)
		return 2;
	if (f1(4) != 13) /* 4 * 3 + 1 */
		return 3;
	if (f2(0x0f) != 0x5a) /* 0000_1111 ^ 0101_0101 = 0101_1010 */
		return 4;
	if (sum_table() != 100) /* 10 + 20 + 30 + 40 */
		return 5;
	printk("align: functions at 64- and 128-byte boundaries\n");
	return 0;
}
