// SPDX-License-Identifier: GPL-2.0
/*
 * Running eBPF programs: see include/lander/bpf_loader.h and docs/bpf.md.
 *
 * One program, in order (nothing of it stays afterwards):
 *   copy       its slots into aligned memory, its context twice
 *   verify     bpf_verify() against the context's length, in working
 *              memory of its own that is given back right after
 *   interpret  bpf_interp_run() on the first copy of the context
 *   JIT        arch_bpf_jit() measures, a range of the BPF window and
 *              pages are taken, the code is written through the linear
 *              map, mapped read-only and executable, made visible to
 *              instruction fetch
 *   run        the JIT's function on the second copy
 *   compare    r0 (or the stop and its slot), the contexts, the helpers' output
 *   free       unmapped (break-before-make, TLB flush), pages and range given back
 *
 * Verify, interpret, each of the JIT's two passes and the run are each
 * between a pair of milestone calls (include/lander/milestone.h), where
 * scripts/bench.py counts their instructions.
 */
#include <lander/boot.h>
#include <lander/bpf_loader.h>
#include <lander/compiler.h>
#include <lander/cpu.h>
#include <lander/errno.h>
#include <lander/milestone.h>
#include <lander/printk.h>
#include <lander/string.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>
#include <asm/mmu.h>

struct vm_window *bpf_window(void)
{
	static struct vm_window w;

	if (!w.end)
		vm_window_init(&w, "bpf", boot_info.place.bpf_start,
			       boot_info.place.bpf_start + BPF_WINDOW_SIZE, PAGE_SIZE);
	return &w;
}

/* Pages of memblock for n bytes, reached through the linear map (0 pages: NULL). */
struct scratch {
	phys_addr_t pa;
	u64 size;
	void *va;
};

static bool scratch_get(struct scratch *s, u64 n)
{
	s->size = ALIGN_UP(n ? n : 1, PAGE_SIZE);
	s->pa = memblock_alloc(&memblock, s->size, PAGE_SIZE);
	s->va = s->pa ? (void *)(uintptr_t)__va(s->pa) : NULL;
	return s->pa != 0;
}

static void scratch_put(struct scratch *s)
{
	if (s->pa)
		memblock_free(&memblock, s->pa, s->size);
	s->pa = 0;
}

static const char *const stop_reason[] = {
	[BPF_OK] = "exited",
	[BPF_STOP_BOUNDS] = "out-of-bounds access",
	[BPF_STOP_BUDGET] = "back-edge budget exhausted",
	[BPF_STOP_DEPTH] = "local calls nested too deep",
};

static const char *stop_name(u32 stop)
{
	return stop < ARRAY_SIZE(stop_reason) ? stop_reason[stop] : "unknown stop";
}

/*
 * JIT p into window w and run it on ctx. Returns 0, or a negative errno
 * with *why set when the program could not be compiled or mapped.
 */
static int jit_and_run(const struct bpf_prog *p, struct vm_window *w, void *ctx, u64 ctx_len,
		       struct bpf_outcome *o, const char **why)
{
	struct scratch off, code;
	struct pt_ctx c;
	bpf_jit_fn fn;
	int err, i;

	memset(&o->jit, 0, sizeof(o->jit));
	for (i = 0; i < BPF_NR_HELPERS; i++)
		o->jit.helper_va[i] = (u64)(uintptr_t)bpf_kernel_helpers[i];
	if (!scratch_get(&off, (u64)p->len * sizeof(u32))) {
		*why = "out of memory";
		return -ENOMEM;
	}
	o->jit.insn_off = off.va;
	o->jit.va = w->start; /* a stand-in while measuring: the window's reach is the same */
	milestone_bpf_jit_measure();
	err = arch_bpf_jit(p, &o->jit, why);
	milestone_bpf_jit_measured();
	if (err)
		goto out_off;
	o->jit_va = vm_window_alloc(w, o->jit.len);
	if (!o->jit_va) {
		*why = "no room in the BPF window";
		err = -ENOSPC;
		goto out_off;
	}
	if (!scratch_get(&code, o->jit.len)) {
		*why = "out of memory";
		err = -ENOMEM;
		goto out_range;
	}
	memset(code.va, 0, code.size);
	o->jit.buf = code.va;
	o->jit.va = o->jit_va;
	o->jit.size = code.size;
	o->jit.calls_near = o->jit.calls_far = o->jit.body_insns = 0;
	milestone_bpf_jit_write();
	err = arch_bpf_jit(p, &o->jit, why);
	milestone_bpf_jit_written();
	if (err)
		goto out_code;

	/* W^X: written through the linear map, mapped read-only and executable. */
	kernel_pt_ctx(&c);
	err = pt_map(&c, o->jit_va, code.pa, code.size, PAGE_KERNEL_ROX);
	if (err) {
		pt_unmap(&c, o->jit_va, code.size);
		*why = "out of memory for page tables";
		goto out_code;
	}
	kernel_pt_publish(); /* new entries over invalid ones */
	arch_sync_icache(o->jit_va, o->jit.len);

	fn = (bpf_jit_fn)(uintptr_t)o->jit_va;
	o->jit_exit.stop = BPF_OK;
	o->jit_exit.at = 0;
	milestone_bpf_jit_run();
	o->jit_r0 = fn(ctx, ctx_len, &o->jit_exit);
	milestone_bpf_jit_run_done();

	/* Break before make: the walker invalidates each entry and flushes its span. */
	pt_unmap(&c, o->jit_va, code.size);
out_code:
	scratch_put(&code);
out_range:
	vm_window_free(w, o->jit_va);
out_off:
	scratch_put(&off);
	return err;
}

struct bpf_outcome bpf_run_program(const char *name, const void *insns, u64 size, const void *mem,
				   u64 mem_len, struct vm_window *w)
{
	struct bpf_outcome o = { 0 };
	struct scratch prog, flags, ctx, work;
	struct bpf_prog p = { 0 };
	const char *why = NULL;
	u64 interp_hash;
	u32 at = 0;
	int err;

	o.rejected = true;
	if (size % sizeof(struct bpf_insn) || !size) {
		printk("bpf %s: rejected: %llu bytes is not a whole number of 8-byte slots\n", name,
		       size);
		return o;
	}
	if (size / sizeof(struct bpf_insn) > BPF_MAX_INSNS) {
		printk("bpf %s: rejected: more than %u slots\n", name, BPF_MAX_INSNS);
		return o;
	}
	/* The contexts: two copies side by side, one for each run. */
	if (!scratch_get(&prog, size)) {
		printk("bpf %s: rejected: out of memory\n", name);
		return o;
	}
	if (!scratch_get(&flags, size / sizeof(struct bpf_insn))) {
		printk("bpf %s: rejected: out of memory\n", name);
		goto out_prog;
	}
	if (!scratch_get(&ctx, 2 * mem_len)) {
		printk("bpf %s: rejected: out of memory\n", name);
		goto out_flags;
	}
	memcpy(prog.va, insns, size);
	p.insns = prog.va;
	p.len = size / sizeof(struct bpf_insn);
	p.ctx_len = mem_len;
	p.flags = flags.va;
	if (!scratch_get(&work, BPF_VERIFY_WORK_BYTES(p.len))) {
		printk("bpf %s: rejected: out of memory\n", name);
		goto out_ctx;
	}
	milestone_bpf_verify();
	err = bpf_verify(&p, work.va, &why, &at);
	milestone_bpf_verified();
	scratch_put(&work);
	if (err) {
		printk("bpf %s: rejected: %s (slot %u)\n", name, why, at);
		goto out_ctx;
	}

	memcpy(ctx.va, mem, mem_len);
	memcpy((u8 *)ctx.va + mem_len, mem, mem_len);
	o.interp.ctx = mem_len ? ctx.va : NULL;
	o.interp.ctx_len = mem_len;
	o.interp.helpers = bpf_kernel_helpers;
	bpf_helpers_reset(name, o.interp.ctx, mem_len, true);
	milestone_bpf_interp();
	bpf_interp_run(&p, &o.interp);
	milestone_bpf_interp_done();
	interp_hash = bpf_helpers_output_hash();

	bpf_helpers_reset(name, mem_len ? (u8 *)ctx.va + mem_len : NULL, mem_len, false);
	err = jit_and_run(&p, w, mem_len ? (u8 *)ctx.va + mem_len : NULL, mem_len, &o, &why);
	if (err) {
		printk("bpf %s: rejected: the JIT cannot compile it: %s\n", name, why);
		goto out_ctx;
	}
	o.rejected = false;
	o.agree = o.jit_exit.stop == (u32)o.interp.stop &&
		  (o.interp.stop != BPF_OK || o.jit_r0 == o.interp.r0) &&
		  (o.interp.stop == BPF_OK || o.jit_exit.at == o.interp.stop_at) &&
		  !memcmp(ctx.va, (u8 *)ctx.va + mem_len, mem_len) &&
		  bpf_helpers_output_hash() == interp_hash;
	if (!o.agree)
		printk("bpf %s: mismatch: jit=0x%llx interp=0x%llx\n", name, o.jit_r0, o.interp.r0);
	else if (o.interp.stop != BPF_OK)
		printk("bpf %s: stopped: %s at slot %u\n", name, stop_name(o.interp.stop),
		       o.interp.stop_at);
	else
		printk("bpf %s: r0=0x%llx\n", name, o.interp.r0);
	if (!o.agree)
		printk("  interp: %s at slot %u; jit: %s at slot %u%s%s\n",
		       stop_name(o.interp.stop), o.interp.stop_at, stop_name(o.jit_exit.stop),
		       o.jit_exit.at,
		       memcmp(ctx.va, (u8 *)ctx.va + mem_len, mem_len) ? "; contexts differ" : "",
		       bpf_helpers_output_hash() != interp_hash ? "; helper output differs" : "");
	printk("  %u slots, %llu executed; jit: %llu bytes at 0x%llx, %u native instructions, "
	       "calls %u near %u far\n",
	       p.len, o.interp.executed, o.jit.len, o.jit_va, o.jit.body_insns, o.jit.calls_near,
	       o.jit.calls_far);
out_ctx:
	scratch_put(&ctx);
out_flags:
	scratch_put(&flags);
out_prog:
	scratch_put(&prog);
	return o;
}
