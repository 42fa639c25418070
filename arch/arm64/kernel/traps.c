// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 exception decoding: ESR_EL1 into a generic struct trap (DDI 0487
 * D19.2.37: EC in bits 31:26, ISS below; for aborts, xFSC in bits 5:0 and
 * WnR in bit 6).
 */
#include <lander/printk.h>
#include <lander/trap.h>

struct arm64_regs {
	u64 x[31];
	u64 elr, spsr, esr, far, sp, vector, pad;
};

void arm64_trap(struct arm64_regs *regs);

#define EC_UNKNOWN  0x00
#define EC_SVC64    0x15
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR   0x2f
#define EC_BRK64    0x3c

/* The fault-status code of an abort, as text. */
static const char *fault_status(u64 fsc)
{
	switch (fsc & 0x3c) {
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	}
	if (fsc == 0x00 || fsc == 0x01 || fsc == 0x02 || fsc == 0x03)
		return "address size fault";
	if (fsc == 0x21)
		return "alignment fault";
	if (fsc == 0x10)
		return "synchronous external abort";
	return "other fault";
}

void arm64_trap(struct arm64_regs *regs)
{
	static char cause[96];
	u64 ec = regs->esr >> 26, iss = regs->esr & 0x1ffffff;
	struct trap t = {
		.kind = TRAP_OTHER,
		.code = regs->esr,
		.pc = regs->elr,
		.ret = regs->x[30],
		.addr = regs->far,
		.sp = regs->sp,
		.cause = cause,
	};
	virt_addr_t resume;

	switch (ec) {
	case EC_IABT_CUR:
	case EC_IABT_LOW:
		t.kind = TRAP_EXEC;
		snprintf(cause, sizeof(cause), "instruction abort, %s, level %llu",
			 fault_status(iss & 0x3f), iss & 3);
		break;
	case EC_DABT_CUR:
	case EC_DABT_LOW:
		t.kind = (iss & (1 << 6)) ? TRAP_WRITE : TRAP_READ;
		snprintf(cause, sizeof(cause), "data abort on %s, %s, level %llu",
			 t.kind == TRAP_WRITE ? "write" : "read", fault_status(iss & 0x3f),
			 iss & 3);
		break;
	case EC_PC_ALIGN: snprintf(cause, sizeof(cause), "PC alignment fault"); break;
	case EC_SP_ALIGN: snprintf(cause, sizeof(cause), "SP alignment fault"); break;
	case EC_UNKNOWN: snprintf(cause, sizeof(cause), "undefined instruction"); break;
	case EC_BRK64: snprintf(cause, sizeof(cause), "BRK #%llu", iss & 0xffff); break;
	case EC_SVC64: snprintf(cause, sizeof(cause), "SVC #%llu", iss & 0xffff); break;
	case EC_SERROR: snprintf(cause, sizeof(cause), "SError"); break;
	default: snprintf(cause, sizeof(cause), "exception class 0x%llx", ec); break;
	}
	if (regs->vector % 4 != 0) /* IRQ, FIQ or SError vectors */
		snprintf(cause, sizeof(cause), "asynchronous exception (vector %llu)",
			 regs->vector);

	resume = (regs->vector % 4 == 0) ? trap_fixup(&t) : 0;
	if (resume) {
		regs->elr = resume;
		return;
	}
	trap_die(&t, regs);
}

void arch_dump_regs(const void *p)
{
	const struct arm64_regs *regs = p;
	int i;

	for (i = 0; i < 31; i += 2) {
		if (i == 30)
			printk("  x30 %016llx  sp  %016llx\n", regs->x[30], regs->sp);
		else
			printk("  x%-2d %016llx  x%-2d %016llx\n", i, regs->x[i], i + 1,
			       regs->x[i + 1]);
	}
	printk("  elr %016llx  spsr %016llx  esr %016llx  far %016llx\n", regs->elr, regs->spsr,
	       regs->esr, regs->far);
}
