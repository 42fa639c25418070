/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a hart's extensions from its device-tree node: the riscv,isa
 * string and the riscv,isa-extensions list. Pure functions over bytes,
 * without CSR access, so the host tests run them.
 */
#ifndef RISCV_ISA_H
#define RISCV_ISA_H

#include <lander/types.h>

/*
 * Does the ISA string isa (the property's len bytes: a NUL ends it early)
 * name the extension ext? ext is a lowercase name without a version: one
 * letter ("m") or a multi-letter name ("zkr"). The string follows the
 * unprivileged spec's naming rules ("ISA Extension Naming Conventions"):
 * "rv" and the XLEN, then single-letter extensions (each may carry a
 * version, "2p1"), then multi-letter ones starting with z, s or x (the
 * first may follow the single letters directly, the others follow an
 * underscore; each may end in a version, "zkr1p0"); case does not matter.
 * Only exact names count: no expansion of g or of bundles (zk). A string
 * that breaks the rules names nothing.
 */
bool riscv_isa_has(const char *isa, u32 len, const char *ext);

/*
 * Does the riscv,isa-extensions string list (NUL-terminated names, len
 * bytes in all) hold ext (as above), ignoring case?
 */
bool riscv_isa_list_has(const char *list, u32 len, const char *ext);

#endif
