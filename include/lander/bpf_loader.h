/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the eBPF programs of the initramfs (kernel/bpf/core.c): each is
 * verified, run in the interpreter, JIT-compiled into the BPF window, run
 * again, and the two results compared. docs/bpf.md describes the forms
 * and the console lines, which are a contract (one line per program, in
 * archive order):
 *
 *	bpf NAME: r0=0xHEX
 *	bpf NAME: mismatch: jit=0xHEX interp=0xHEX
 *	bpf NAME: rejected: REASON
 *	bpf NAME: stopped: REASON
 */
#ifndef LANDER_BPF_LOADER_H
#define LANDER_BPF_LOADER_H

#include <lander/bpf.h>
#include <lander/types.h>
#include <mm/vm_window.h>

/* The BPF window of the layout. */
struct vm_window *bpf_window(void);

/* What running one program did. */
struct bpf_outcome {
	bool rejected;	       /* by the verifier or the JIT: nothing ran */
	bool agree;	       /* the interpreter and the JIT agree */
	struct bpf_run interp; /* the interpreter's run */
	struct bpf_jit_exit jit_exit;
	u64 jit_r0;
	struct bpf_jit jit; /* the JIT's figures (calls_near, calls_far, ...) */
	virt_addr_t jit_va; /* where its code was */
};

/*
 * Verify, interpret, JIT into window w, run and compare the program
 * insns[0, len) with a copy of mem[0, mem_len) as its context; print the
 * contract line. Nothing of it stays mapped or allocated.
 */
struct bpf_outcome bpf_run_program(const char *name, const void *insns, u64 size, const void *mem,
				   u64 mem_len, struct vm_window *w);

/* Run every NAME.bpf and NAME.bpf.o of the archive, in archive order. */
void bpf_run_initramfs(const void *archive, u64 size);

/* The helper table the kernel's runs use (kernel/bpf/helpers.c). */
extern const bpf_helper_fn bpf_kernel_helpers[BPF_NR_HELPERS];

/*
 * Helpers' per-run state: reset before each run so that the interpreter
 * and the JIT see the same counter and random sequence; print output is
 * printed during the first run and only hashed during the second.
 */
void bpf_helpers_reset(const char *name, void *ctx, u64 ctx_len, bool print);
u64 bpf_helpers_output_hash(void);

#endif
