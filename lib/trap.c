// SPDX-License-Identifier: GPL-2.0
/*
 * Generic trap handling: exception-table fixups, self-test probes, and the
 * report of an unexpected trap.
 */
#include <lander/errno.h>
#include <lander/machine.h>
#include <lander/printk.h>
#include <lander/smp.h>
#include <lander/trap.h>

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

/* Before the boot CPU has its cpu_info, the last absorbed fault is kept here. */
static struct trap early_last_fault;
static virt_addr_t probe_exec_target;

struct trap *trap_last_fault_slot(void)
{
	struct cpu_info *ci = this_cpu();

	return ci ? &ci->last_fault : &early_last_fault;
}

/*
 * Did t happen because the stack ran into its guard? The faulting
 * address, or the stack pointer the exception entry found, is in the
 * unmapped span below this CPU's stack.
 */
static bool stack_overflowed(const struct cpu_info *ci, const struct trap *t)
{
	virt_addr_t guard = ci->stack_base - SMP_STACK_SIZE;

	return ci->stack_base && ((t->addr >= guard && t->addr < ci->stack_base) ||
				  (t->sp >= guard && t->sp < ci->stack_base));
}

/* The fixup address for a faulting instruction at pc, or 0 (linear search). */
static virt_addr_t extable_find(virt_addr_t pc)
{
	const struct extable_entry *e;

	for (e = __ex_table_start; e < __ex_table_end; e++) {
		if ((virt_addr_t)&e->insn + e->insn == pc)
			return (virt_addr_t)&e->fixup + e->fixup;
	}
	return 0;
}

virt_addr_t trap_fixup(const struct trap *t)
{
	struct cpu_info *ci = this_cpu();
	virt_addr_t resume;

	/* An overflowed stack is never fixed up: the frame is on the emergency stack. */
	if (ci && stack_overflowed(ci, t))
		return 0;
	resume = extable_find(t->pc);

	/* A probed call whose very first fetch faulted returns to its caller. */
	if (!resume && t->kind == TRAP_EXEC && probe_exec_target && t->pc == probe_exec_target)
		resume = t->ret;
	if (resume)
		*trap_last_fault_slot() = *t;
	return resume;
}

void trap_die(const struct trap *t, const void *regs)
{
	struct cpu_info *ci = this_cpu();

	if (ci && stack_overflowed(ci, t)) {
		printk("\nKernel stack overflow on CPU %u (id 0x%llx): sp 0x%llx, stack "
		       "0x%llx-0x%llx, guard below it\n",
		       ci->cpu, ci->hwid, t->sp, ci->stack_base,
		       ci->stack_base + SMP_STACK_SIZE - 1);
		printk("  %s at pc 0x%llx, address 0x%llx\n", t->cause, t->pc, t->addr);
		panic("stack overflow on CPU %u", ci->cpu);
	}
	printk("\nUnexpected exception on CPU %lu: %s\n", machine_cpu_id(), t->cause);
	printk("  cause 0x%llx  pc 0x%llx  address 0x%llx  return address 0x%llx\n", t->code, t->pc,
	       t->addr, t->ret);
	arch_dump_regs(regs);
	panic("unexpected exception");
}

int probe_read(const void *addr, u64 *val)
{
	return arch_probe_read(addr, val);
}

int probe_write(void *addr, u64 val)
{
	return arch_probe_write(addr, val);
}

int probe_exec(void (*fn)(void))
{
	virt_addr_t before = trap_last_fault.pc;

	trap_last_fault.pc = 0;
	WRITE_ONCE(probe_exec_target, (virt_addr_t)fn);
	__asm__ volatile("" ::: "memory");
	fn();
	__asm__ volatile("" ::: "memory");
	WRITE_ONCE(probe_exec_target, 0);
	if (trap_last_fault.pc == (virt_addr_t)fn && trap_last_fault.kind == TRAP_EXEC)
		return -EFAULT;
	trap_last_fault.pc = before;
	return 0;
}
