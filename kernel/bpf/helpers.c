// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF helpers (docs/bpf.md), by their stable IDs:
 *   5  u64 counter(void)           1, 2, 3, ... within one run: monotonic
 *   6  long print(fmt, size, a, b, c)   a line "bpf NAME: print: ..." on the console
 *   7  u32 random(void)           xorshift64*, seeded from the program's name
 *   8  u32 cpu_id(void)           the CPU the program runs on
 *
 * Each run starts from the same state (bpf_helpers_reset()), so the
 * interpreter and the JIT see the same values and their results can be
 * compared. print takes its format from the program's memory (which the
 * verifier or the engine has checked) and does only the conversions that
 * take no pointer (%d %i %u %x %c %%, with l or ll).
 */
#include <lander/bpf_loader.h>
#include <lander/compiler.h>
#include <lander/machine.h>
#include <lander/printk.h>
#include <lander/string.h>

#define PRINT_FMT_MAX 128
#define PRINT_OUT_MAX 160

static struct {
	const char *name;
	u64 counter;
	u64 rng;
	bool print;
	u64 hash; /* FNV-1a over every print's output */
} env;

void bpf_helpers_reset(const char *name, void *ctx, u64 ctx_len, bool print)
{
	u64 seed = 0xcbf29ce484222325ULL;
	const char *p;

	for (p = name; *p; p++)
		seed = (seed ^ (u8)*p) * 0x100000001b3ULL;
	env.name = name;
	env.counter = 0;
	env.rng = seed | 1;
	env.print = print;
	env.hash = 0xcbf29ce484222325ULL;
}

u64 bpf_helpers_output_hash(void)
{
	return env.hash;
}

static u64 helper_counter(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	return ++env.counter;
}

/* xorshift64* (Vigna, "An experiment with Marsaglia's xorshift generators"). */
static u64 helper_random(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	env.rng ^= env.rng >> 12;
	env.rng ^= env.rng << 25;
	env.rng ^= env.rng >> 27;
	return (u32)((env.rng * 0x2545f4914f6cdd1dULL) >> 32);
}

static u64 helper_cpu_id(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	return (u32)machine_cpu_id();
}

/*
 * Format fmt (n bytes, NUL-terminated or not) with up to three integer
 * arguments: %d %i %u %x %c %%, with l or ll (without, the argument is
 * 32-bit). Returns the length written, or -1 for any other conversion.
 */
static int print_format(char *out, size_t size, const char *fmt, u64 n, const u64 *args)
{
	size_t len = 0;
	int used = 0;
	u64 i;

	for (i = 0; i < n && fmt[i] && len + 1 < size; i++) {
		bool wide = false;
		u64 v;
		char c;
		int w;

		if (fmt[i] != '%') {
			out[len++] = fmt[i];
			continue;
		}
		while (i + 1 < n && fmt[i + 1] == 'l')
			wide = true, i++;
		c = i + 1 < n ? fmt[++i] : 0;
		if (c == '%') {
			out[len++] = '%';
			continue;
		}
		if (!c || !strchr("diuxc", c) || used == 3)
			return -1;
		v = args[used++];
		if (c == 'd' || c == 'i')
			w = snprintf(out + len, size - len, "%lld",
				     wide ? (long long)v : (long long)(s32)v);
		else if (c == 'u')
			w = snprintf(out + len, size - len, "%llu", wide ? v : (u32)v);
		else if (c == 'x')
			w = snprintf(out + len, size - len, "%llx", wide ? v : (u32)v);
		else
			w = snprintf(out + len, size - len, "%c", (int)(u8)v);
		len += w > 0 ? MIN((size_t)w, size - 1 - len) : 0;
	}
	out[len] = 0;
	return (int)len;
}

static u64 helper_print(u64 fmt, u64 size, u64 a3, u64 a4, u64 a5)
{
	char buf[PRINT_FMT_MAX], out[PRINT_OUT_MAX];
	const u64 args[3] = { a3, a4, a5 };
	int len, i;

	/*
	 * [fmt, fmt + size) is the program's memory: the verifier proved it,
	 * or the engine checked it before the call (include/lander/bpf.h).
	 */
	if (!size || size > PRINT_FMT_MAX)
		return (u64)-22; /* -EINVAL */
	memcpy(buf, (const void *)(uintptr_t)fmt, size);
	len = print_format(out, sizeof(out), buf, size, args);
	if (len < 0)
		return (u64)-22; /* -EINVAL: a conversion print does not do */
	for (i = 0; i < len; i++)
		env.hash = (env.hash ^ (u8)out[i]) * 0x100000001b3ULL;
	env.hash = (env.hash ^ '\n') * 0x100000001b3ULL;
	if (env.print)
		printk("bpf %s: print: %s%s", env.name, out,
		       len && out[len - 1] == '\n' ? "" : "\n");
	return len;
}

const bpf_helper_fn bpf_kernel_helpers[BPF_NR_HELPERS] = {
	[BPF_HELPER_COUNTER] = helper_counter,
	[BPF_HELPER_PRINT] = helper_print,
	[BPF_HELPER_RANDOM] = helper_random,
	[BPF_HELPER_CPU_ID] = helper_cpu_id,
};
