// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 paging decision (vabits.h). Early subset: runs with the MMU
 * off, before relocation.
 *
 * ID_AA64MMFR0_EL1 (DDI 0487, D19.2):
 *	TGran4, bits 31:28, signed: 0b0000 4K granule, 0b0001 4K with 52-bit
 *		addresses (FEAT_LPA2), 0b1111 no 4K granule
 *	TGran64, bits 27:24, signed: 0b0000 64K granule, 0b1111 none
 *	TGran16, bits 23:20: 0b0000 no 16K granule, 0b0001 16K, 0b0010 16K
 *		with 52-bit addresses (FEAT_LPA2)
 * ID_AA64MMFR2_EL1.VARange, bits 19:16: 0b0000 48-bit VA, 0b0001 52-bit
 *	VA with the 64K granule (FEAT_LVA)
 */
#include "vabits.h"

#define FIELD(reg, lsb) (((reg) >> (lsb)) & 0xf)

const char *arm64_choose_va_bits(u64 mmfr0, u64 mmfr2, unsigned int page_shift,
				 unsigned int config_bits, unsigned int *va_bits)
{
	unsigned int tgran4 = FIELD(mmfr0, 28), tgran64 = FIELD(mmfr0, 24);
	unsigned int tgran16 = FIELD(mmfr0, 20), varange = FIELD(mmfr2, 16);
	bool big;

	*va_bits = config_bits;
	if (page_shift == 12) {
		if (tgran4 == 0xf)
			return "this CPU has no 4K translation granule (ID_AA64MMFR0_EL1.TGran4)";
		big = tgran4 >= 1 && tgran4 <= 7; /* the signed field's positive values */
	} else if (page_shift == 14) {
		if (tgran16 == 0)
			return "this CPU has no 16K translation granule (ID_AA64MMFR0_EL1.TGran16)";
		big = tgran16 >= 2;
	} else {
		if (tgran64 == 0xf)
			return "this CPU has no 64K translation granule (ID_AA64MMFR0_EL1.TGran64)";
		big = varange >= 1;
	}
	if (config_bits == 52 && !big)
		*va_bits = 48;
	return NULL;
}
