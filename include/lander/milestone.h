/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot milestones for the benchmark (scripts/bench.py): empty calls at
 * the points it measures. Relocations applied (MMU off), first code on
 * the early tables, first code on the final tables, ready; a module load;
 * and the phases of an eBPF program.
 */
#ifndef LANDER_MILESTONE_H
#define LANDER_MILESTONE_H

void milestone_relocated(void);
void milestone_early_tables_live(void);
void milestone_final_tables_live(void);
void milestone_ready(void);

/* A secondary CPU in secondary_start(), about to print its "up" line. */
void milestone_secondary_up(void);

/*
 * Around the first module load (the benchmark boots an initramfs of one
 * module): entering module_load(), and the module linked, mapped and its
 * code synchronised, just before its init_module runs.
 */
void milestone_module_load(void);
void milestone_module_linked(void);

/*
 * Around the phases of the first eBPF program run (kernel/bpf/core.c's
 * bpf_run_program(); the benchmark boots an initramfs of one program
 * object): each pair is called just before and just after its phase.
 * The JIT's two passes each have a pair; allocating the window range and
 * the code pages between them, and the mapping after the second, are
 * outside both.
 */
void milestone_bpf_verify(void);
void milestone_bpf_verified(void);
void milestone_bpf_interp(void);
void milestone_bpf_interp_done(void);
void milestone_bpf_jit_measure(void);
void milestone_bpf_jit_measured(void);
void milestone_bpf_jit_write(void);
void milestone_bpf_jit_written(void);
void milestone_bpf_jit_run(void);
void milestone_bpf_jit_run_done(void);

#endif
