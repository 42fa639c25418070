/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot options (docs/boot-options.md): space-separated "name" or
 * "name=value" words from CONFIG_CMDLINE, then from /chosen/bootargs.
 */
#ifndef LANDER_CMDLINE_H
#define LANDER_CMDLINE_H

#include <lander/types.h>

/*
 * Find option name in the boot options (CONFIG_CMDLINE, then the copy of
 * /chosen/bootargs the early boot kept: the later one wins). With a value
 * ("name=value"), *value and *len describe it; a bare "name" gives *len = 0
 * (value and len may be NULL). Returns true if present. Works with the MMU
 * off.
 */
bool boot_option(const char *name, const char **value, int *len);

/*
 * The same over CONFIG_CMDLINE and the len bytes of bootargs (which may
 * be NULL), for code that runs before boot_info holds them: the EFI stub.
 */
bool boot_option_in(const char *bootargs, u32 len, const char *name, const char **value, int *vlen);

#endif
