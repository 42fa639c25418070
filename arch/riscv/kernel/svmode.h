/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing the riscv Sv mode (arch_choose_va_bits()): the decisions alone,
 * without CSR access, so the host tests run them. Modes are named by their
 * VA bits: 39, 48 or 57.
 */
#ifndef RISCV_SVMODE_H
#define RISCV_SVMODE_H

#include <lander/types.h>

/* The mode with va_bits bits of VA, as a member of a set of modes (u64). */
#define RISCV_SV(va_bits) (1ULL << (va_bits))

/*
 * The largest mode to try: config_bits, lowered by the boot hart's
 * mmu-type when it has one (mmu: the property's len bytes, or NULL).
 * Returns NULL and sets *ceiling, or why this hart cannot run the kernel.
 */
const char *riscv_sv_ceiling(const char *mmu, u32 len, unsigned int config_bits,
			     unsigned int *ceiling);

/* The largest mode of the set implemented that is at most ceiling, or 0. */
unsigned int riscv_sv_largest(u64 implemented, unsigned int ceiling);

#endif
