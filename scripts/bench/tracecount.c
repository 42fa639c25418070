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
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	uint64_t pc;
	uint64_t first;
	uint64_t count;
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

int main(void)
{
	static char line[4096];
	uint64_t n = 0, bad = 0;
	size_t i;

	tab = calloc(cap, sizeof(*tab));
	if (!tab) {
		perror("tracecount");
		return 1;
	}
	while (fgets(line, sizeof(line), stdin)) {
		const char *p;
		uint64_t pc = 0;
		struct slot *s;
		int v, digits = 0;

		if (!strncmp(line, "Stopped execution of TB chain", 29)) {
			p = strchr(line, '[');
			for (p = p ? p + 1 : ""; (v = hexval(*p)) >= 0; p++, digits++)
				pc = pc << 4 | (uint64_t)v;
			s = digits && *p == ']' ? lookup(pc) : NULL;
			if (!s || !s->used || !s->count) {
				bad++;
				continue;
			}
			if (--s->count == 0)
				s->first = FIRST_UNSET;
			n--;
			continue;
		}
		if (strncmp(line, "Trace ", 6)) {
			/* A tail of an overlong line, or other log output. */
			if (strchr(line, '\n'))
				bad++;
			continue;
		}
		p = strchr(line, '[');
		p = p ? strchr(p, '/') : NULL;
		if (!p) {
			bad++;
			continue;
		}
		for (p++; (v = hexval(*p)) >= 0; p++, digits++)
			pc = pc << 4 | (uint64_t)v;
		if (!digits || *p != '/') {
			bad++;
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
		n++;
	}
	printf("lines %llu\nbad %llu\n", (unsigned long long)n, (unsigned long long)bad);
	for (i = 0; i < cap; i++)
		if (tab[i].used && tab[i].count)
			printf("%llx %llu %llu\n", (unsigned long long)tab[i].pc,
			       (unsigned long long)tab[i].first, (unsigned long long)tab[i].count);
	return 0;
}
