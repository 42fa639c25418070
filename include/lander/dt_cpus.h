/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPUs the device tree lists: the /cpus children whose device_type
 * is "cpu", in tree order, with what bringing each one up needs. The
 * reader only reports what the tree says; which CPUs the kernel can use,
 * and how to start them, is the arch's decision (arch_cpu_usable()).
 */
#ifndef LANDER_DT_CPUS_H
#define LANDER_DT_CPUS_H

#include <lander/fdt.h>

#define DT_CPU_STRING_MAX 24 /* enable-method and mmu-type, NUL included */

/* Why a /cpus child was not returned as a usable entry. */
enum dt_cpu_flags {
	DT_CPU_DISABLED = 1 << 0, /* status is neither "okay" nor "ok" */
	DT_CPU_NO_REG = 1 << 1,	  /* no reg, or a reg that is not one id of #address-cells */
	DT_CPU_HAS_RELEASE_ADDR = 1 << 2, /* cpu-release-addr present and well formed */
	DT_CPU_BAD_RELEASE_ADDR = 1 << 3, /* cpu-release-addr present but not 4 or 8 bytes */
	DT_CPU_LONG_STRING = 1 << 4,	  /* enable-method or mmu-type did not fit: truncated */
};

struct dt_cpu {
	int node;			  /* the node's offset */
	u64 id;				  /* reg: MPIDR affinity (arm64), hart id (riscv) */
	u32 flags;			  /* enum dt_cpu_flags */
	u64 release_addr;		  /* cpu-release-addr (with DT_CPU_HAS_RELEASE_ADDR) */
	char method[DT_CPU_STRING_MAX];	  /* enable-method's first string, "" if none */
	char mmu_type[DT_CPU_STRING_MAX]; /* mmu-type, "" if none */
};

/*
 * Read the /cpus children of fdt (accepted by fdt_init()) whose
 * device_type is "cpu" into out[0..max). Returns how many the tree lists
 * (which may be more than max: the rest are counted, not stored), or a
 * negative enum fdt_error for a malformed structure block or a /cpus
 * whose #address-cells is not 1 or 2. A tree without /cpus lists 0.
 */
int dt_cpus_read(const struct fdt *fdt, struct dt_cpu *out, int max);

#endif
