// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of arch/riscv/kernel/svmode.c: which Sv mode a riscv kernel
 * runs, from its configured mode, the boot hart's optional mmu-type and
 * the modes its satp took when probed. QEMU 7.2's harts all take Sv57,
 * so the fallbacks on harts with less are proved here.
 */
#include <string.h>
#include "../../arch/riscv/kernel/svmode.h"
#include "tap.h"

#define SV39_48	   (RISCV_SV(39) | RISCV_SV(48))
#define SV39_48_57 (RISCV_SV(39) | RISCV_SV(48) | RISCV_SV(57))

struct choice {
	const char *what;
	const char *mmu;     /* mmu-type, NULL: none */
	unsigned int config; /* CONFIG_VA_BITS */
	u64 implemented;     /* the modes the probe finds */
	unsigned int expect; /* VA bits chosen, 0: refused */
	const char *refusal; /* start of the message when refused */
};

static const struct choice choices[] = {
	{ "Sv57 kernel, no mmu-type, Sv57 hart", NULL, 57, SV39_48_57, 57, NULL },
	{ "Sv57 kernel, no mmu-type, hart without Sv57", NULL, 57, SV39_48, 48, NULL },
	{ "Sv57 kernel, no mmu-type, Sv39-only hart", NULL, 57, RISCV_SV(39), 39, NULL },
	{ "Sv48 kernel, no mmu-type, Sv57 hart", NULL, 48, SV39_48_57, 48, NULL },
	{ "Sv39 kernel, no mmu-type, Sv57 hart", NULL, 39, SV39_48_57, 39, NULL },
	{ "Sv57 kernel, mmu-type sv48 caps an Sv57 hart", "riscv,sv48", 57, SV39_48_57, 48, NULL },
	{ "Sv57 kernel, mmu-type sv57, hart without Sv57", "riscv,sv57", 57, SV39_48, 48, NULL },
	{ "Sv48 kernel, mmu-type sv39", "riscv,sv39", 48, SV39_48_57, 39, NULL },
	{ "Sv39 kernel, mmu-type sv57", "riscv,sv57", 39, SV39_48_57, 39, NULL },
	{ "unknown mmu-type is ignored", "riscv,svxx", 57, SV39_48_57, 57, NULL },
	{ "mmu-type riscv,none refuses", "riscv,none", 39, SV39_48_57, 0,
	  "the boot hart has no MMU" },
	{ "mmu-type riscv,sv32 refuses", "riscv,sv32", 39, SV39_48_57, 0,
	  "the boot hart's MMU has no Sv39" },
	{ "no mode takes: nothing chosen", NULL, 57, 0, 0, NULL },
};

/* What arch_choose_va_bits() does with the decisions, probe results given. */
static unsigned int choose(const struct choice *c, const char **why)
{
	unsigned int ceiling;

	*why = riscv_sv_ceiling(c->mmu, c->mmu ? strlen(c->mmu) + 1 : 0, c->config, &ceiling);
	if (*why)
		return 0;
	return riscv_sv_largest(c->implemented, ceiling);
}

int main(void)
{
	unsigned int i;

	tap_start();
	for (i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		const struct choice *c = &choices[i];
		const char *why;
		unsigned int bits = choose(c, &why);

		TAP_CHECK(bits == c->expect, "chose %u, expected %u", bits, c->expect);
		if (c->refusal)
			TAP_CHECK(why && !strncmp(why, c->refusal, strlen(c->refusal)),
				  "refusal \"%s\"", why ? why : "(none)");
		else
			TAP_CHECK(!why, "refused: %s", why);
		tap_case("%s", c->what);
	}
	return tap_done();
}
