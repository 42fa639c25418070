// SPDX-License-Identifier: GPL-2.0
/*
 * calc: a relocation workout. Each check reaches its data or code a
 * different way, so that the compilers emit as many kinds of relocation
 * as ordinary C makes them: global and static data read and written, a
 * const table, a large zero-initialised (bss) array, pointers held in data
 * (to functions, strings and data), a switch dense enough for a jump
 * table, struct copies the compiler turns into memcpy/memset calls, 64-bit
 * arithmetic, and a static function called through a pointer. The build
 * compiles it with every compiler, optimisation level, section and PIE
 * setting (tests/modules/modules.mk). init_module() returns 0 when every
 * check passes, else the number of the first check that failed.
 *
 * Inputs are read with READ_ONCE() so that the compiler cannot fold the
 * checks away at build time; every expected value is worked out by hand
 * in the comment next to it.
 */
#include <lander/module.h>

int calc_global = 5;
static int calc_static = 7;
static u8 calc_bss[256 * 1024];
static const u32 primes[8] = { 2, 3, 5, 7, 11, 13, 17, 19 };
static const char *const names[] = { "zero", "one", "two", "three" };
static char greeting[] = "calc";
static int *const global_ptr = &calc_global;

/* Runtime inputs: the compiler sees only that they may change. */
static int eight = 8;
static int two = 2;
static u32 hundred = 100, seven = 7;
static u64 seed64 = 0x0123456789abcdefULL;
static u64 trillion = 1000000000000ULL;
static s64 minus_trillion = -1000000000000LL;
static s64 minus_256 = -256;

/* Global and static data, read and then written. Check 1. */
static int check_data(void)
{
	if (READ_ONCE(calc_global) != 5 || READ_ONCE(calc_static) != 7)
		return 1;
	WRITE_ONCE(calc_global, READ_ONCE(calc_global) + 10);
	WRITE_ONCE(calc_static, READ_ONCE(calc_static) * 3);
	/* 5 + 10 = 15 through a pointer held in const data; 7 * 3 = 21. */
	if (*global_ptr != 15 || READ_ONCE(calc_static) != 21)
		return 1;
	return 0;
}

/* A const table indexed at run time. Check 2. */
static int check_table(void)
{
	u32 sum = 0;
	int i, n = READ_ONCE(eight);

	for (i = 0; i < n; i++)
		sum += primes[i];
	/* 2 + 3 + 5 + 7 + 11 + 13 + 17 + 19 = 77 */
	return sum == 77 ? 0 : 2;
}

/* The bss array starts zeroed and is writable to its last byte. Check 3. */
static int check_bss(void)
{
	size_t i;

	for (i = 0; i < sizeof(calc_bss); i++)
		if (READ_ONCE(calc_bss[i]) != 0)
			return 3;
	WRITE_ONCE(calc_bss[sizeof(calc_bss) - 1], 0xa5);
	WRITE_ONCE(calc_bss[0], 0x5a);
	if (READ_ONCE(calc_bss[sizeof(calc_bss) - 1]) != 0xa5 || READ_ONCE(calc_bss[0]) != 0x5a)
		return 3;
	return 0;
}

static int op_add(int a, int b)
{
	return a + b;
}

static int op_sub(int a, int b)
{
	return a - b;
}

static int op_mul(int a, int b)
{
	return a * b;
}

static int op_xor(int a, int b)
{
	return a ^ b;
}

static int (*const ops[4])(int, int) = { op_add, op_sub, op_mul, op_xor };
static int (*ops_rw[2])(int, int) = { op_sub, op_add };

/* Function pointers in const and in writable data. Check 4. */
static int check_fnptrs(void)
{
	/* 12 + 5, 12 - 5, 12 * 5, 0b1100 ^ 0b0101 = 0b1001 */
	static const int expect[4] = { 17, 7, 60, 9 };
	int (*tmp)(int, int);
	int i;

	for (i = 0; i < READ_ONCE(eight) / 2; i++)
		if (ops[i](12, 5) != expect[i])
			return 4;
	tmp = READ_ONCE(ops_rw[0]);
	WRITE_ONCE(ops_rw[0], READ_ONCE(ops_rw[1]));
	WRITE_ONCE(ops_rw[1], tmp);
	if (ops_rw[0](12, 5) != 17 || ops_rw[1](12, 5) != 7)
		return 4;
	return 0;
}

/*
 * Ten cases that each do different work, dense from 0: what compilers turn
 * into a jump table. Unknown operations give 0xffffffff.
 */
static __noinline u32 calc_op(int op, u32 a, u32 b)
{
	switch (op) {
	case 0: return a + b;
	case 1: return a - b;
	case 2: return a * b;
	case 3: return a & b;
	case 4: return a | b;
	case 5: return a ^ b;
	case 6: return a << (b & 31);
	case 7: return a >> (b & 3);
	case 8: return a % b;
	case 9: return a / b;
	default: return 0xffffffffu;
	}
}

/* The switch, every case and the default. Check 5. */
static int check_switch(void)
{
	/*
	 * a = 100 = 0b1100100, b = 7 = 0b111: 107, 93, 700, 0b100, 0b1100111,
	 * 0b1100011, 100 * 128, 100 >> 3, 100 - 98, 14.
	 */
	static const u32 expect[10] = { 107, 93, 700, 4, 103, 99, 12800, 12, 2, 14 };
	u32 a = READ_ONCE(hundred), b = READ_ONCE(seven);
	int op;

	for (op = 0; op < 10; op++)
		if (calc_op(op, a, b) != expect[op])
			return 5;
	if (calc_op(READ_ONCE(eight) + 34, a, b) != 0xffffffffu)
		return 5;
	return 0;
}

/* String literals, through pointers in const data and in place. Check 6. */
static int check_strings(void)
{
	const char *s = names[READ_ONCE(two)];

	if (strcmp(s, "two") != 0 || strlen(names[READ_ONCE(two) + 1]) != 5)
		return 6;
	greeting[0] = 'C';
	if (strcmp(greeting, "Calc") != 0)
		return 6;
	return 0;
}

struct record {
	u64 words[32];
	char tag[16];
};

static struct record rec_template = {
	.words = { [0] = 0x1111, [31] = 0x3131 },
	.tag = "template",
};
static struct record rec_saved;

/* The sum of a record's words plus its tag's first character. */
static __noinline u64 record_sum(const struct record *r)
{
	u64 sum = r->tag[0];
	int i;

	for (i = 0; i < 32; i++)
		sum += r->words[i];
	return sum;
}

/* Struct copies and zero-filled structs, large enough for memcpy/memset calls. Check 7. */
static int check_structs(void)
{
	struct record copy = rec_template;
	struct record blank = { .tag = "b" };

	copy.words[5] = 5;
	/* 0x1111 + 0x3131 + 5 + 't' = 4369 + 12593 + 5 + 116 */
	if (record_sum(&copy) != 17083)
		return 7;
	/* Only the tag's 'b' is not zero. */
	if (record_sum(&blank) != 98)
		return 7;
	rec_saved = copy;
	if (record_sum(&rec_saved) != 17083 || rec_saved.words[5] != 5)
		return 7;
	return 0;
}

/* 64-bit multiply, shifts, rotation, division, signed and unsigned. Check 8. */
static int check_arith64(void)
{
	u64 x = READ_ONCE(seed64), t = READ_ONCE(trillion);
	s64 m = READ_ONCE(minus_trillion), n = READ_ONCE(minus_256);

	/* 0x02468acf13579bde + 0x0123456789abcdef, word by word, no carry between */
	if (x * 3 != 0x0369d0369d0369cdULL)
		return 8;
	/* drop the nine low hex digits 789abcdef */
	if (x >> 36 != 0x123456)
		return 8;
	/* 0x89abcdef ^ 0x01234567 = 0x88888888 */
	if ((x ^ (x >> 32)) != 0x0123456788888888ULL)
		return 8;
	if (((x << 8) | (x >> 56)) != 0x23456789abcdef01ULL)
		return 8;
	/* 10^6 = 1 (mod 7), so 10^12 = 1 (mod 7) */
	if (t / 1000 != 1000000000ULL || t % 7 != 1)
		return 8;
	if (m / 1000 != -1000000000LL || m % 7 != -1 || n >> 4 != -16)
		return 8;
	return 0;
}

static int twice(int v)
{
	return 2 * v;
}

static int (*volatile twice_ptr)(int) = twice;

/* A static function called through a pointer held in writable data. Check 9. */
static int check_static_call(void)
{
	return twice_ptr(21) == 42 ? 0 : 9;
}

static int (*const checks[])(void) = {
	check_data,    check_table,   check_bss,     check_fnptrs,	check_switch,
	check_strings, check_structs, check_arith64, check_static_call,
};

/* Run every check in order. Returns 0 or the number of the first that failed. */
int init_module(void)
{
	size_t i;
	int failed;

	for (i = 0; i < ARRAY_SIZE(checks); i++) {
		failed = checks[i]();
		if (failed) {
			printk("calc: check %d failed\n", failed);
			return failed;
		}
	}
	printk("calc: all checks passed\n");
	return 0;
}
