/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every architecture's CPU code provides (arch/ARCH/kernel/cpu.c):
 * the out-of-line half of the CPU contract. The inline half, with
 * arch_mb(), arch_halt(), arch_cpu_id() and arch_early_cache_inval(), is
 * asm/cpu.h, included here. docs/porting.md lists both.
 */
#ifndef LANDER_CPU_H
#define LANDER_CPU_H

#include <lander/types.h>
#include <asm/cpu.h>

/*
 * Write one character where the arch can before any UART is known
 * (arm64: semihosting, if a probe finds it; riscv: the SBI legacy console).
 */
void arch_early_putc(char c);

/*
 * End the machine with status code the arch's own way (arm64: semihosting
 * SYS_EXIT where semihosting answers, else PSCI SYSTEM_OFF through /psci's
 * conduit; riscv: SBI system reset, which OpenSBI 1.1 reports as success
 * whatever the code, so machine_exit() prefers the SiFive test device).
 * With no way to power off, print a final line and park the CPU in wfi.
 */
void __noreturn arch_exit(int code);

/*
 * Choose the paging format this CPU runs: the virtual-address bits of a
 * format arch_pt_format() can answer, at most CONFIG_VA_BITS. Returns NULL
 * with *va_bits set, or why this CPU cannot run this configuration at all.
 * cpu_node is the boot CPU's /cpus node (< 0: none). Called by early_boot()
 * with the MMU off, before any table is built; early_boot() then hands the
 * choice to arch_set_pt_format().
 */
struct fdt;
const char *arch_choose_va_bits(const struct fdt *fdt, int cpu_node, unsigned int *va_bits);

/*
 * Make instructions written at [va, va + size) visible to this CPU's
 * instruction fetch. va is where they are mapped executable (and
 * readable); they were written through another alias of the same
 * memory. arm64: DC CVAU and IC IVAU over the range with the barriers
 * the Arm ARM's "concurrent modification and execution" rules ask for;
 * riscv: fence.i (Zifencei).
 */
void arch_sync_icache(virt_addr_t va, u64 size);

/*
 * The CPU's own random-number instruction, one source of the KASLR seed
 * (arch/ARCH/kernel/seed.c: arm64 FEAT_RNG's RNDR, riscv Zkr's seed
 * CSR). Both run in the early subset (paging off, before relocation) and
 * later alike, and never take an exception the caller sees.
 *
 * arch_seed_probe(): may the kernel use it now? fdt is the device tree
 * early_boot() validated, cpu_node the boot CPU's /cpus node (< 0: none). Returns the source's name for the banner
 * ("RNDR", "Zkr"), or NULL. The name is a string in the image, at its
 * physical address when called with the MMU off: keep the fact (or a
 * copy), not the pointer, across the switch.
 *
 * arch_seed_u64(): read 64 bits of it into *out (untouched on failure),
 * retrying a bounded number of times inside. Only meaningful after the
 * probe returned a name; without a source it returns false, never
 * executing an instruction the CPU lacks unguarded.
 */
const char *arch_seed_probe(const struct fdt *fdt, int cpu_node);
bool arch_seed_u64(u64 *out);

#endif
