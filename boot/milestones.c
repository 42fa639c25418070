// SPDX-License-Identifier: GPL-2.0
/*
 * Boot milestones: empty functions called at the points the boot-path
 * benchmark measures (scripts/bench.py counts the instructions from the
 * kernel's first one to the first execution of each). Early subset.
 */
#include <lander/milestone.h>

/* Each is a real call the compiler may not remove or merge. */
#define MILESTONE(name)                            \
	__noinline void name(void)                 \
	{                                          \
		__asm__ volatile("" ::: "memory"); \
	}

MILESTONE(milestone_relocated)
MILESTONE(milestone_early_tables_live)
MILESTONE(milestone_final_tables_live)
MILESTONE(milestone_ready)
MILESTONE(milestone_secondary_up)
MILESTONE(milestone_module_load)
MILESTONE(milestone_module_linked)
MILESTONE(milestone_bpf_verify)
MILESTONE(milestone_bpf_verified)
MILESTONE(milestone_bpf_interp)
MILESTONE(milestone_bpf_interp_done)
MILESTONE(milestone_bpf_jit_measure)
MILESTONE(milestone_bpf_jit_measured)
MILESTONE(milestone_bpf_jit_write)
MILESTONE(milestone_bpf_jit_written)
MILESTONE(milestone_bpf_jit_run)
MILESTONE(milestone_bpf_jit_run_done)
