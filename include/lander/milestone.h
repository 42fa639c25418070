/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot milestones for the benchmark (scripts/bench.py): empty calls at
 * the points it measures. Relocations applied (MMU off), first code on
 * the early tables, first code on the final tables, ready; and a module
 * load.
 */
#ifndef LANDER_MILESTONE_H
#define LANDER_MILESTONE_H

void milestone_relocated(void);
void milestone_early_tables_live(void);
void milestone_final_tables_live(void);
void milestone_ready(void);

/*
 * Around the first module load (the benchmark boots an initramfs of one
 * module): entering module_load(), and the module linked, mapped and its
 * code synchronised, just before its init_module runs.
 */
void milestone_module_load(void);
void milestone_module_linked(void);

#endif
