// SPDX-License-Identifier: GPL-2.0
/*
 * The extensions a riscv,isa string or riscv,isa-extensions list names
 * (isa.h). Early subset: runs with paging off, before relocation.
 */
#include <lander/string.h>
#include "isa.h"

static char isa_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool isa_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Is s[0..n) the lowercase name ext, ignoring the case of s? */
static bool isa_name_is(const char *s, u32 n, const char *ext)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (!ext[i] || isa_lower(s[i]) != ext[i])
			return false;
	return !ext[n];
}

/*
 * The length of s[0..n) without its version, a trailing "<major>" or
 * "<major>p<minor>" (digits).
 */
static u32 isa_strip_version(const char *s, u32 n)
{
	u32 end = n, minor;

	while (end && isa_is_digit(s[end - 1]))
		end--;
	if (end == n)
		return n;
	minor = end;
	if (end >= 2 && isa_lower(s[end - 1]) == 'p' && isa_is_digit(s[end - 2])) {
		end--;
		while (end && isa_is_digit(s[end - 1]))
			end--;
	}
	/* A name is letters first: what is left must still start one. */
	return end ? end : minor;
}

/*
 * Where the version that may follow a single letter, s[pos..n), ends: past
 * "<major>" or "<major>p<minor>", or pos itself without one. A p not
 * between digits is extension P.
 */
static u32 isa_skip_version(const char *s, u32 n, u32 pos)
{
	u32 start = pos;

	while (pos < n && isa_is_digit(s[pos]))
		pos++;
	if (pos > start && pos + 1 < n && isa_lower(s[pos]) == 'p' && isa_is_digit(s[pos + 1])) {
		pos++;
		while (pos < n && isa_is_digit(s[pos]))
			pos++;
	}
	return pos;
}

bool riscv_isa_has(const char *isa, u32 len, const char *ext)
{
	u32 n = strnlen(isa, len), pos = 2, end, name;
	bool found = false;

	if (n < 3 || isa_lower(isa[0]) != 'r' || isa_lower(isa[1]) != 'v' || !isa_is_digit(isa[2]))
		return false;
	while (pos < n && isa_is_digit(isa[pos]))
		pos++;
	while (pos < n) {
		char c = isa_lower(isa[pos]);

		if (c == '_') {
			pos++;
		} else if (c == 'z' || c == 's' || c == 'x') {
			for (end = pos; end < n && isa[end] != '_'; end++)
				;
			name = isa_strip_version(isa + pos, end - pos);
			found |= isa_name_is(isa + pos, name, ext);
			pos = end;
		} else if (c >= 'a' && c <= 'z') {
			found |= isa_name_is(isa + pos, 1, ext);
			pos = isa_skip_version(isa, n, pos + 1);
		} else {
			return false;
		}
	}
	return found;
}

bool riscv_isa_list_has(const char *list, u32 len, const char *ext)
{
	u32 pos = 0, n;

	while (pos < len) {
		for (n = 0; pos + n < len && list[pos + n]; n++)
			;
		if (isa_name_is(list + pos, n, ext))
			return true;
		pos += n + 1;
	}
	return false;
}
