// SPDX-License-Identifier: GPL-2.0
/*
 * FEAT_RNG's RNDR (DDI 0487, "RNDR, Random Number"), the arm64 source of
 * the KASLR seed. Early subset: runs with the MMU off, before relocation,
 * and later as well; it keeps no state.
 */
#include <lander/types.h>
#include <lander/cpu.h>

/* ID_AA64ISAR0_EL1.RNDR, bits [63:60]: 0b0001 and above, RNDR and RNDRRS exist. */
#define ID_AA64ISAR0_RNDR_SHIFT 60

/* RNDR reads that may fail before arch_seed_u64() gives up. */
#define RNDR_TRIES 16

/* Does this CPU implement RNDR? The ID register is readable at EL1 on every ARMv8 CPU. */
static bool arm64_has_rndr(void)
{
	u64 isar0;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return (isar0 >> ID_AA64ISAR0_RNDR_SHIFT & 0xf) >= 1;
}

/*
 * One RNDR read (s3_3_c2_c4_0: older assemblers lack the name). It sets
 * NZCV to 0b0000 with a random value, or to 0b0100 (Z) and the value 0 when
 * none could be had in a reasonable time. Returns false on the latter.
 */
static bool arm64_rndr(u64 *out)
{
	unsigned long ok;
	u64 v;

	__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\t"
			 "cset %1, ne"
			 : "=r"(v), "=r"(ok)
			 :
			 : "cc");
	*out = v;
	return ok;
}

/* The device tree has nothing to add: the ID register is the whole story. */
const char *arch_seed_probe(const struct fdt *fdt, int cpu_node)
{
	return arm64_has_rndr() ? "RNDR" : NULL;
}

bool arch_seed_u64(u64 *out)
{
	unsigned int i;
	u64 v;

	if (!arm64_has_rndr())
		return false;
	for (i = 0; i < RNDR_TRIES; i++)
		if (arm64_rndr(&v)) {
			*out = v;
			return true;
		}
	return false;
}
