/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing the arm64 paging (arch_choose_va_bits()): the decision alone,
 * from the ID register values, so the host tests run it.
 */
#ifndef ARM64_VABITS_H
#define ARM64_VABITS_H

#include <lander/types.h>

/*
 * The VA size this configuration (page_shift, config_bits) runs with on
 * a CPU whose ID_AA64MMFR0_EL1 and ID_AA64MMFR2_EL1 read mmfr0 and mmfr2:
 * config_bits, or 48 for a 52-bit configuration on a CPU without FEAT_LPA2
 * (4K, 16K) or FEAT_LVA (64K). Returns NULL and sets *va_bits, or why the
 * CPU cannot run it at all (no such granule).
 */
const char *arm64_choose_va_bits(u64 mmfr0, u64 mmfr2, unsigned int page_shift,
				 unsigned int config_bits, unsigned int *va_bits);

#endif
