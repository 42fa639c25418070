// SPDX-License-Identifier: GPL-2.0
/*
 * tracecount: read a QEMU "-d exec,nochain -singlestep" log on stdin, one
 * line per executed translation block (so one per instruction), and print
 * for each distinct guest PC the index of its first execution and how many
 * times it ran. The trace is streamed: nothing but the table is kept.
 *
 * QEMU 7.2's line: "Trace 0: 0x7f33bc000100 [cs_base/pc/flags/cflags] sym".
 * It is printed just before the block runs; when QEMU then leaves the block
 * before its first instruction (an exit request, e.g. a pending interrupt),
 * it says "Stopped execution of TB chain before 0x7f... [pc] sym", and the
 * block runs again later: so such a line takes its instruction back.
 *
 * Output: "lines N" (instructions counted), "bad N" (lines not understood),
 * then "pc first count" per PC (hex, decimal, decimal).
 *
 * "tracecount FROM TO" (two hex PCs) also counts, per PC, the executions
 * in a window: from the first execution of FROM (inclusive) to the first
 * of TO (exclusive). Each line then has a fourth number, that count.
 * Up to MAX_WINDOWS pairs may be given, each a window of its own and a
 * number more on each line, in the order given.
 *
 * "tracecount -c N ..." keeps only the instructions of QEMU's CPU index N
 * (the number after "Trace"): the counts, first executions and windows
 * are then that CPU's alone. A "Stopped" line names no CPU: it belongs to
 * the CPU whose last executed PC, not yet taken back, is its PC. When
 * CPU N and another CPU both have that PC last, it is not known whose it
 * is, and the line counts as not understood.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WINDOWS 4
/* QEMU's largest CPU index, and more. */
#define MAX_CPUS 4096

struct slot {
	uint64_t pc;
	uint64_t first;
	uint64_t count;
	uint64_t in_window[MAX_WINDOWS];
	int used;
};

static struct slot *tab;
static size_t cap = 1 << 14, used;

static size_t hash(uint64_t pc)
{
	pc ^= pc >> 29;
	pc *= 0xbf58476d1ce4e5b9ULL;
	pc ^= pc >> 32;
	return (size_t)pc;
}

static struct slot *lookup(uint64_t pc)
{
	size_t i = hash(pc) & (cap - 1);

	while (tab[i].used && tab[i].pc != pc)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void grow(void)
{
	struct slot *old = tab;
	size_t i, oldcap = cap;

	cap *= 2;
	tab = calloc(cap, sizeof(*tab));
	if (!tab) {
		perror("tracecount");
		exit(1);
	}
	for (i = 0; i < oldcap; i++)
		if (old[i].used)
			*lookup(old[i].pc) = old[i];
	free(old);
}

#define FIRST_UNSET UINT64_MAX
#define NO_PC	    UINT64_MAX

/* With -c: each CPU's last executed PC not taken back by a "Stopped" line, or NO_PC. */
static uint64_t last_pc[MAX_CPUS];

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The window's state after an execution of pc: it opens at the first
 * execution of from and closes for good at the first of to.
 */
static int window_next(int state, uint64_t pc, uint64_t from, uint64_t to)
{
	if (state == 0 && pc == from)
		return 1;
	if (state == 1 && pc == to)
		return 2;
	return state;
}

/*
 * With -c keep: which CPU a "Stopped" line at pc is about: the one CPU
 * whose last PC it is; -1 if none (a line not understood, as without -c),
 * -2 if keep and another CPU both have it last (not understood either).
 */
static int stopped_owner(uint64_t pc, long keep)
{
	int cpu, owner = -1;

	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (last_pc[cpu] != pc)
			continue;
		if (owner >= 0 && (owner == keep || cpu == keep))
			return -2;
		if (owner < 0 || cpu == keep)
			owner = cpu;
	}
	return owner;
}

int main(int argc, char **argv)
{
	static char line[4096];
	uint64_t n = 0, bad = 0, from[MAX_WINDOWS], to[MAX_WINDOWS];
	int window[MAX_WINDOWS]; /* 0 before, 1 inside, 2 after */
	long keep = -1;		 /* -c: the only CPU index counted */
	int w, nwin;
	size_t i;

	if (argc > 2 && !strcmp(argv[1], "-c")) {
		keep = strtol(argv[2], NULL, 10);
		argv += 2;
		argc -= 2;
	}
	nwin = (argc - 1) / 2;
	if (argc % 2 != 1 || nwin > MAX_WINDOWS || keep < -1 || keep >= MAX_CPUS) {
		fprintf(stderr,
			"usage: tracecount [-c CPU] [FROM TO]... < trace (at most %d pairs)\n",
			MAX_WINDOWS);
		return 2;
	}
	for (w = 0; w < nwin; w++) {
		from[w] = strtoull(argv[1 + 2 * w], NULL, 16);
		to[w] = strtoull(argv[2 + 2 * w], NULL, 16);
		window[w] = 0;
	}
	for (i = 0; i < MAX_CPUS; i++)
		last_pc[i] = NO_PC;

	tab = calloc(cap, sizeof(*tab));
	if (!tab) {
		perror("tracecount");
		return 1;
	}
	while (fgets(line, sizeof(line), stdin)) {
		const char *p;
		char *end;
		uint64_t pc = 0;
		struct slot *s;
		long cpu;
		int v, digits = 0;

		if (!strncmp(line, "Stopped execution of TB chain", 29)) {
			p = strchr(line, '[');
			for (p = p ? p + 1 : ""; (v = hexval(*p)) >= 0; p++, digits++)
				pc = pc << 4 | (uint64_t)v;
			if (keep >= 0 && digits && *p == ']') {
				int owner = stopped_owner(pc, keep);

				if (owner < 0) {
					bad++;
					continue;
				}
				last_pc[owner] = NO_PC;
				if (owner != keep)
					continue;
			}
			s = digits && *p == ']' ? lookup(pc) : NULL;
			if (!s || !s->used || !s->count) {
				bad++;
				continue;
			}
			if (--s->count == 0)
				s->first = FIRST_UNSET;
			for (w = 0; w < nwin; w++) {
				if (window[w] == 1 && s->in_window[w])
					s->in_window[w]--;
				/* A window edge that did not run after all is not crossed yet. */
				if (s->first == FIRST_UNSET && pc == to[w] && window[w] == 2)
					window[w] = 1;
				else if (s->first == FIRST_UNSET && pc == from[w] && window[w] == 1)
					window[w] = 0;
			}
			n--;
			continue;
		}
		if (strncmp(line, "Trace ", 6)) {
			/* A tail of an overlong line, or other log output. */
			if (strchr(line, '\n'))
				bad++;
			continue;
		}
		cpu = strtol(line + 6, &end, 10);
		p = strchr(line, '[');
		p = p ? strchr(p, '/') : NULL;
		if (!p ||
		    (keep >= 0 && (end == line + 6 || *end != ':' || cpu < 0 || cpu >= MAX_CPUS))) {
			bad++;
			continue;
		}
		for (p++; (v = hexval(*p)) >= 0; p++, digits++)
			pc = pc << 4 | (uint64_t)v;
		if (!digits || *p != '/') {
			bad++;
			continue;
		}
		if (keep >= 0) {
			last_pc[cpu] = pc;
			if (cpu != keep)
				continue;
		}
		s = lookup(pc);
		if (!s->used) {
			s->used = 1;
			s->pc = pc;
			s->first = n;
			if (++used * 2 > cap)
				grow();
			s = lookup(pc);
		} else if (s->first == FIRST_UNSET) {
			s->first = n;
		}
		s->count++;
		for (w = 0; w < nwin; w++) {
			window[w] = window_next(window[w], pc, from[w], to[w]);
			s->in_window[w] += window[w] == 1;
		}
		n++;
	}
	printf("lines %llu\nbad %llu\n", (unsigned long long)n, (unsigned long long)bad);
	for (i = 0; i < cap; i++) {
		if (!tab[i].used || !tab[i].count)
			continue;
		printf("%llx %llu %llu", (unsigned long long)tab[i].pc,
		       (unsigned long long)tab[i].first, (unsigned long long)tab[i].count);
		for (w = 0; w < nwin; w++)
			printf(" %llu", (unsigned long long)tab[i].in_window[w]);
		printf("\n");
	}
	return 0;
}
