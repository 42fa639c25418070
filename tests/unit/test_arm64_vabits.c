// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of arch/arm64/kernel/vabits.c: the VA size an arm64 kernel
 * runs with, from its granule and configured VA size and the CPU's
 * ID_AA64MMFR0_EL1 and ID_AA64MMFR2_EL1. The register values are built
 * from the fields as the Arm ARM (DDI 0487, D19.2) lays them out:
 * MMFR0.TGran4 bits 31:28 (0 4K, 1 4K with FEAT_LPA2, 0xf none),
 * TGran64 bits 27:24 (0 64K, 0xf none), TGran16 bits 23:20 (0 none, 1 16K,
 * 2 16K with FEAT_LPA2); MMFR2.VARange bits 19:16 (1: FEAT_LVA). The
 * boot tests run the same decisions on QEMU's CPUs.
 */
#include <string.h>
#include "../../arch/arm64/kernel/vabits.h"
#include "tap.h"

#define TGRAN4(v)  ((u64)(v) << 28)
#define TGRAN64(v) ((u64)(v) << 24)
#define TGRAN16(v) ((u64)(v) << 20)
#define VARANGE(v) ((u64)(v) << 16)
/* PARange 52 bits, 16-bit ASIDs: fields the decision must ignore. */
#define OTHER (0x6ULL | 0x20ULL)
/* Every granule, FEAT_LPA2 for 4K and 16K ("-cpu max" in QEMU 7.2). */
#define MAX_MMFR0 (TGRAN4(1) | TGRAN64(0) | TGRAN16(2) | OTHER)
/* Cortex-A72 (TRM, ID_AA64MMFR0_EL1 = 0x00001124): 4K and 64K, no 16K. */
#define A72_MMFR0 0x00001124ULL
/* Cortex-A76 (TRM, ID_AA64MMFR0_EL1 = 0x00101122): 4K, 16K and 64K, no LPA2. */
#define A76_MMFR0 0x00101122ULL

struct choice {
	const char *what;
	u64 mmfr0, mmfr2;
	unsigned int page_shift, config;
	unsigned int expect; /* VA bits chosen, 0: refused */
	const char *refusal; /* start of the message when refused */
};

static const struct choice choices[] = {
	{ "4K 52-bit, FEAT_LPA2", MAX_MMFR0, 0, 12, 52, 52, NULL },
	{ "4K 52-bit on Cortex-A72: 48", A72_MMFR0, 0, 12, 52, 48, NULL },
	{ "4K 52-bit, TGran4 future value 7 counts as LPA2", TGRAN4(7), 0, 12, 52, 52, NULL },
	{ "4K 52-bit, FEAT_LVA alone does not do for 4K", TGRAN4(0), VARANGE(1), 12, 52, 48, NULL },
	{ "4K 48-bit stays 48 with FEAT_LPA2", MAX_MMFR0, 0, 12, 48, 48, NULL },
	{ "4K 39-bit stays 39", MAX_MMFR0, VARANGE(1), 12, 39, 39, NULL },
	{ "4K without the granule", TGRAN4(0xf), 0, 12, 48, 0, "this CPU has no 4K" },
	{ "16K 52-bit, FEAT_LPA2", MAX_MMFR0, 0, 14, 52, 52, NULL },
	{ "16K 52-bit, 16K without LPA2 (A76): 48", A76_MMFR0, 0, 14, 52, 48, NULL },
	{ "16K 52-bit, LPA2 for 4K only: 48", TGRAN4(1) | TGRAN16(1), 0, 14, 52, 48, NULL },
	{ "16K 47-bit", A76_MMFR0, 0, 14, 47, 47, NULL },
	{ "16K on Cortex-A72: no granule", A72_MMFR0, 0, 14, 48, 0, "this CPU has no 16K" },
	{ "16K 52-bit on Cortex-A72: no granule", A72_MMFR0, 0, 14, 52, 0, "this CPU has no 16K" },
	{ "64K 52-bit, FEAT_LVA", MAX_MMFR0, VARANGE(1), 16, 52, 52, NULL },
	{ "64K 52-bit without FEAT_LVA: 48", MAX_MMFR0, 0, 16, 52, 48, NULL },
	{ "64K 52-bit on Cortex-A72: 48", A72_MMFR0, 0, 16, 52, 48, NULL },
	{ "64K 42-bit with FEAT_LVA stays 42", MAX_MMFR0, VARANGE(1), 16, 42, 42, NULL },
	{ "64K without the granule", TGRAN64(0xf), VARANGE(1), 16, 52, 0, "this CPU has no 64K" },
};

int main(void)
{
	unsigned int i;

	tap_start();
	for (i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		const struct choice *c = &choices[i];
		unsigned int bits = 0;
		const char *why = arm64_choose_va_bits(c->mmfr0, c->mmfr2, c->page_shift, c->config,
						       &bits);

		if (c->expect) {
			TAP_CHECK(!why, "%s: refused: %s", c->what, why);
			TAP_CHECK(bits == c->expect, "%s: %u bits, want %u", c->what, bits,
				  c->expect);
		} else {
			TAP_CHECK(why && !strncmp(why, c->refusal, strlen(c->refusal)), "%s: %s",
				  c->what, why ? why : "(accepted)");
		}
		tap_case("%s", c->what);
	}
	return tap_done();
}
