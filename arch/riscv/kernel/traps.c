// SPDX-License-Identifier: GPL-2.0
/*
 * riscv trap decoding: scause into a generic struct trap (privileged
 * spec, table "Supervisor cause register (scause) values after trap").
 */
#include <lander/printk.h>
#include <lander/trap.h>

struct riscv_regs {
	u64 x[32]; /* x[0] unused */
	u64 sepc, sstatus, scause, stval;
};

void riscv_trap(struct riscv_regs *regs);

/* The name of an exception code; interrupts are reported by number. */
static const char *exception_name(u64 code)
{
	switch (code) {
	case 0: return "instruction address misaligned";
	case 1: return "instruction access fault";
	case 2: return "illegal instruction";
	case 3: return "breakpoint";
	case 4: return "load address misaligned";
	case 5: return "load access fault";
	case 6: return "store/AMO address misaligned";
	case 7: return "store/AMO access fault";
	case 8: return "environment call from U-mode";
	case 9: return "environment call from S-mode";
	case 12: return "instruction page fault";
	case 13: return "load page fault";
	case 15: return "store/AMO page fault";
	}
	return "reserved exception";
}

/*
 * Decode the trap into a struct trap: an exception the extable (or a
 * probe) fixes up resumes at its fixup, anything else is fatal. The cause
 * is a string constant, or for an interrupt (always fatal) a buffer on
 * this stack: no state shared between harts that trap at once.
 */
void riscv_trap(struct riscv_regs *regs)
{
	char irq_cause[32];
	bool interrupt = regs->scause >> 63;
	u64 code = regs->scause & ~(1ULL << 63);
	struct trap t = {
		.kind = TRAP_OTHER,
		.code = regs->scause,
		.pc = regs->sepc,
		.ret = regs->x[1],
		.addr = regs->stval,
		.sp = regs->x[2],
		.cause = exception_name(code),
	};
	virt_addr_t resume = 0;

	if (interrupt) {
		snprintf(irq_cause, sizeof(irq_cause), "interrupt %llu", code);
		t.cause = irq_cause;
	} else {
		if (code == 1 || code == 12)
			t.kind = TRAP_EXEC;
		else if (code == 5 || code == 13)
			t.kind = TRAP_READ;
		else if (code == 7 || code == 15)
			t.kind = TRAP_WRITE;
		resume = trap_fixup(&t);
	}
	if (resume) {
		regs->sepc = resume;
		return;
	}
	trap_die(&t, regs);
}

/* The ABI names of x1..x31, in order. */
#define REG_NAMES                                                          \
	"ra  sp  gp  tp  t0  t1  t2  s0  s1  a0  a1  a2  a3  a4  a5  a6  " \
	"a7  s2  s3  s4  s5  s6  s7  s8  s9  s10 s11 t3  t4  t5  t6  "

void arch_dump_regs(const void *p)
{
	const struct riscv_regs *regs = p;
	const char *names = REG_NAMES;
	int i;

	for (i = 1; i < 32; i++)
		printk("  %.3s %016llx%s", names + (i - 1) * 4, regs->x[i], i % 3 ? "" : "\n");
	printk("\n  sepc %016llx  sstatus %016llx  scause %016llx  stval %016llx\n", regs->sepc,
	       regs->sstatus, regs->scause, regs->stval);
}
