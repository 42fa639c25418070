/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the arch's exception handler hands the generic code: a decoded
 * trap. The generic code either finds a fixup (an __ex_table entry for
 * the faulting instruction, or a self-test's armed probe) and says where
 * to resume, or reports the trap and ends the machine.
 */
#ifndef LANDER_TRAP_H
#define LANDER_TRAP_H

#include <lander/types.h>
#include <lander/compiler.h>

enum trap_kind {
	TRAP_OTHER,
	TRAP_READ,  /* a load faulted */
	TRAP_WRITE, /* a store faulted */
	TRAP_EXEC,  /* an instruction fetch faulted */
};

struct trap {
	enum trap_kind kind;
	const char *cause; /* "data abort, permission fault, level 3" */
	u64 code;	   /* ESR_EL1 or scause */
	virt_addr_t pc;	   /* the faulting instruction */
	virt_addr_t ret;   /* the return-address register (x30, ra) */
	virt_addr_t addr;  /* FAR_EL1 or stval */
	virt_addr_t sp;	   /* the stack pointer the exception interrupted */
};

/* __ex_table entry: offsets from the entry's own fields. */
struct extable_entry {
	s32 insn;
	s32 fixup;
};

/*
 * Where to resume after t, or 0 if nothing expected it. Records t as the
 * last expected fault (trap_last_fault).
 */
virt_addr_t trap_fixup(const struct trap *t);

/* Print t, the arch's registers (arch_dump_regs) and end the machine. */
void __noreturn trap_die(const struct trap *t, const void *regs);

/* Printed by trap_die: the arch's register file. */
void arch_dump_regs(const void *regs);

/* The last fault a fixup or probe absorbed on this CPU. */
struct trap *trap_last_fault_slot(void);
#define trap_last_fault (*trap_last_fault_slot())

/*
 * Probes for self-tests. Each returns 0, or -EFAULT if the access faulted
 * (trap_last_fault then says how).
 */
int arch_probe_read(const void *addr, u64 *val);
int arch_probe_write(void *addr, u64 val);
int probe_read(const void *addr, u64 *val);
int probe_write(void *addr, u64 val);
/* Call fn; if fetching fn's first instruction faults, return -EFAULT. */
int probe_exec(void (*fn)(void));

#endif
