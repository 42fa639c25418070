// SPDX-License-Identifier: GPL-2.0
/*
 * Zkr, the entropy source (RISC-V scalar cryptography spec v1.0.1,
 * "Entropy Source"): the seed CSR (0x015). Early subset: runs with paging
 * off, before relocation, and later as well.
 *
 * The device tree saying zkr is not enough: S-mode may read seed only when
 * M-mode firmware set mseccfg.SSEED, which OpenSBI does only from v1.4;
 * otherwise the read raises an illegal-instruction exception. So every
 * read goes through riscv_seed_csr_read(), which catches that exception
 * with a handler of its own and reports it as a failure.
 */
#include <lander/fdt.h>
#include <lander/string.h>
#include <lander/cpu.h>
#include "isa.h"

/* seed's OPST field, bits [31:30] ("Entropy Source", the seed CSR). */
#define SEED_OPST_SHIFT 30
#define SEED_OPST_BIST	0 /* built-in self-test running: try again */
#define SEED_OPST_WAIT	1 /* not enough entropy yet: try again */
#define SEED_OPST_ES16	2 /* bits [15:0] are 16 bits of entropy */
#define SEED_OPST_DEAD	3 /* unrecoverable self-test failure: give up */

/* Reads of seed allowed for one u64 (four ES16 results) before giving up. */
#define SEED_READ_BUDGET 256

/*
 * Read seed once into *val with CSRRW rd, seed, x0 (the spec requires a
 * write form: CSRRS/CSRRC with x0 raise an illegal-instruction exception
 * even where seed is accessible). For the duration of the read stvec
 * points at a handler in this function (direct mode, so 4-byte aligned)
 * that resumes after the read with the result "trapped"; the old stvec is
 * put back either way. Everything is PC-relative, so it works at the
 * physical and at the virtual address. Returns false (and leaves *val) if
 * the read trapped.
 */
static bool riscv_seed_csr_read(unsigned long *val)
{
	unsigned long saved, v = 0, ok;

	__asm__ volatile("	csrr	%[saved], stvec\n"
			 "	lla	%[ok], 3f\n"
			 "	csrw	stvec, %[ok]\n"
			 "	li	%[ok], 0\n"
			 "	csrrw	%[v], 0x015, zero\n"
			 "	li	%[ok], 1\n"
			 "	j	4f\n"
			 "	.balign	4\n"
			 "3:	lla	%[ok], 4f\n" /* the trap: resume at 4 with ok = 0 */
			 "	csrw	sepc, %[ok]\n"
			 "	li	%[ok], 0\n"
			 "	sret\n"
			 "4:	csrw	stvec, %[saved]\n"
			 : [saved] "=&r"(saved), [v] "+&r"(v), [ok] "=&r"(ok)
			 :
			 : "memory");
	if (ok)
		*val = v;
	return ok;
}

/* Does a hart node whose riscv,isa-extensions (ext) or riscv,isa (isa) is given have Zkr? */
static bool riscv_hart_has_zkr(const char *ext, u32 ext_len, const char *isa, u32 isa_len)
{
	/* The list, where present, is the binding's primary description. */
	if (ext)
		return riscv_isa_list_has(ext, ext_len, "zkr") ||
		       riscv_isa_list_has(ext, ext_len, "zk");
	if (isa)
		return riscv_isa_has(isa, isa_len, "zkr") || riscv_isa_has(isa, isa_len, "zk");
	return false;
}

/*
 * Do all the harts of /cpus (its children with device_type "cpu") have
 * Zkr? Zk (Zkn, Zkr, Zkt) counts. False if there is no hart node.
 */
static bool riscv_all_harts_have_zkr(const struct fdt *fdt)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	const char *ext = NULL, *isa = NULL;
	u32 ext_len = 0, isa_len = 0;
	bool in_cpus = false, is_cpu = false;
	int harts = 0;

	while (fdt_walk(fdt, &w, &it) > 0) {
		if (it.type == FDT_ITEM_NODE && it.depth == 1) {
			in_cpus = it.len == 4 && !memcmp(it.name, "cpus", 4);
		} else if (it.type == FDT_ITEM_NODE && it.depth == 2 && in_cpus) {
			ext = isa = NULL;
			is_cpu = false;
		} else if (it.type == FDT_ITEM_PROP && it.depth == 2 && in_cpus) {
			if (!strcmp(it.name, "device_type"))
				is_cpu = it.len == 4 && !memcmp(it.value, "cpu", 4);
			else if (!strcmp(it.name, "riscv,isa-extensions"))
				ext = it.value, ext_len = it.len;
			else if (!strcmp(it.name, "riscv,isa"))
				isa = it.value, isa_len = it.len;
		} else if (it.type == FDT_ITEM_END_NODE && it.depth == 2 && in_cpus && is_cpu) {
			if (!riscv_hart_has_zkr(ext, ext_len, isa, isa_len))
				return false;
			harts++;
		}
	}
	return harts > 0;
}

/*
 * Zkr is usable when a read does not trap and does not report DEAD, and
 * every hart's node lists it (a seed the boot hart reads must mean the
 * same on any hart). The read comes first: it is safe anywhere (a CPU
 * without the CSR traps as one whose firmware withholds it, and the trap
 * is caught), and where it traps, as under OpenSBI 1.1, the tree is not
 * read at all; then the boot hart's node, then every hart's.
 */
const char *arch_seed_probe(const struct fdt *fdt, int cpu_node)
{
	const char *ext, *isa;
	u32 ext_len = 0, isa_len = 0;
	unsigned long v;

	if (cpu_node < 0 || !riscv_seed_csr_read(&v) || (u32)v >> SEED_OPST_SHIFT == SEED_OPST_DEAD)
		return NULL;
	ext = fdt_getprop(fdt, cpu_node, "riscv,isa-extensions", &ext_len);
	isa = fdt_getprop(fdt, cpu_node, "riscv,isa", &isa_len);
	if (!riscv_hart_has_zkr(ext, ext_len, isa, isa_len) || !riscv_all_harts_have_zkr(fdt))
		return NULL;
	return "Zkr";
}

/* Four ES16 results, the first in the top bits; BIST and WAIT are retried. */
bool arch_seed_u64(u64 *out)
{
	unsigned int reads, got = 0;
	unsigned long v;
	u64 seed = 0;

	for (reads = 0; got < 4 && reads < SEED_READ_BUDGET; reads++) {
		if (!riscv_seed_csr_read(&v))
			return false;
		v = (u32)v;
		if (v >> SEED_OPST_SHIFT == SEED_OPST_DEAD)
			return false;
		if (v >> SEED_OPST_SHIFT == SEED_OPST_ES16) {
			seed = seed << 16 | (v & 0xffff);
			got++;
		}
	}
	if (got < 4)
		return false;
	*out = seed;
	return true;
}
