// SPDX-License-Identifier: GPL-2.0
/*
 * Boot options: space-separated "name" or "name=value" words from the
 * built-in CONFIG_CMDLINE and then /chosen/bootargs (boot_info.dt's copy).
 * Early subset.
 */
#include <lander/boot.h>
#include <lander/cmdline.h>
#include <lander/string.h>

/* Look for name in the len bytes at s; remember the last match. */
static bool find_option(const char *s, int len, const char *name, const char **value, int *vlen)
{
	int nlen = strlen(name), i = 0;
	bool found = false;

	while (i < len) {
		int start, end;

		while (i < len && s[i] == ' ')
			i++;
		start = i;
		while (i < len && s[i] != ' ' && s[i] != '\0')
			i++;
		end = i;
		if (end - start >= nlen && !memcmp(s + start, name, nlen)) {
			if (end - start == nlen) {
				*value = s + end;
				*vlen = 0;
				found = true;
			} else if (s[start + nlen] == '=') {
				*value = s + start + nlen + 1;
				*vlen = end - start - nlen - 1;
				found = true;
			}
		}
		if (i < len && s[i] == '\0')
			break;
	}
	return found;
}

bool boot_option_in(const char *bootargs, u32 len, const char *name, const char **value, int *vlen)
{
	const char *builtin = CONFIG_CMDLINE;
	const char *v;
	int l;
	bool found;

	if (!value || !vlen) {
		value = &v;
		vlen = &l;
	}
	found = find_option(builtin, strlen(builtin), name, value, vlen);
	if (bootargs && find_option(bootargs, len, name, value, vlen))
		found = true;
	return found;
}

bool boot_option(const char *name, const char **value, int *len)
{
	const char *args = boot_info.dt.bootargs;

	return boot_option_in(args, strlen(args), name, value, len);
}
