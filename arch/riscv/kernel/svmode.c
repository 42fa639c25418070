// SPDX-License-Identifier: GPL-2.0
/*
 * The riscv Sv mode decisions (svmode.h): what the device tree allows and
 * which of the modes the boot hart takes to use. Early subset: runs with
 * paging off, before relocation.
 */
#include <lander/string.h>
#include "svmode.h"

/*
 * mmu-type ("riscv,sv39", "riscv,sv48", "riscv,sv57" or "riscv,none") is
 * optional in the binding, so it only lowers the start: "riscv,none"
 * refuses, a mode below Sv39 refuses, and a value not of that form is
 * ignored (the probe decides).
 */
const char *riscv_sv_ceiling(const char *mmu, u32 len, unsigned int config_bits,
			     unsigned int *ceiling)
{
	unsigned int bits;

	*ceiling = config_bits;
	if (!mmu || len != 11 || memcmp(mmu, "riscv,", 6) || mmu[10])
		return NULL;
	if (!memcmp(mmu + 6, "none", 4))
		return "the boot hart has no MMU (mmu-type riscv,none)";
	if (memcmp(mmu + 6, "sv", 2) || mmu[8] < '0' || mmu[8] > '9' || mmu[9] < '0' ||
	    mmu[9] > '9')
		return NULL;
	bits = (mmu[8] - '0') * 10 + (mmu[9] - '0');
	if (bits < 39)
		return "the boot hart's MMU has no Sv39, the least this kernel needs";
	if (bits < config_bits)
		*ceiling = bits < 48 ? 39 : 48;
	return NULL;
}

unsigned int riscv_sv_largest(u64 implemented, unsigned int ceiling)
{
	static const unsigned char modes[] = { 57, 48, 39 };
	unsigned int i;

	for (i = 0; i < sizeof(modes); i++)
		if (modes[i] <= ceiling && (implemented & RISCV_SV(modes[i])))
			return modes[i];
	return 0;
}
