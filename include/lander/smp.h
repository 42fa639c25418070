/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symmetric multiprocessing: every CPU the device tree lists joins the
 * kernel's tables (docs/smp.md).
 *
 * The boot CPU starts the others one at a time (smp_init()): for each, the
 * arch's way (arm64 PSCI CPU_ON or a spin table, riscv SBI HSM) enters
 * the arch's secondary entry at a physical address with the MMU off; the
 * entry turns translation on with the boot CPU's final tables, takes the
 * CPU's own stack and per-CPU pointer, and calls secondary_start(). The
 * CPU prints its "up" line, goes online and waits for work (smp_call()).
 *
 * Generic half: kernel/smp.c. Arch half: asm/smp.h (the per-CPU pointer)
 * and arch/ARCH/kernel/smp.c (starting, idling, waking and stopping CPUs),
 * the arch_ functions below; docs/porting.md lists them.
 */
#ifndef LANDER_SMP_H
#define LANDER_SMP_H

/*
 * Every CPU's stack, the boot CPU's too once smp_prepare_boot_cpu() ran:
 * SMP_STACK_SIZE bytes at an odd multiple of SMP_STACK_SIZE in the
 * vmalloc area, with the SMP_STACK_SIZE below it never mapped (the
 * guard). So bit SMP_STACK_SHIFT of an address in a stack is 1 and in its
 * guard 0: the exception entry tells an overflowed stack with one bit
 * test, and switches to the CPU's emergency stack (overflow_sp) to report
 * it, naming the CPU.
 */
#if CONFIG_PAGE_SHIFT > 14
#define SMP_STACK_SHIFT CONFIG_PAGE_SHIFT /* a page at least */
#else
#define SMP_STACK_SHIFT 14 /* 16 KB */
#endif
#define SMP_STACK_SIZE (1 << SMP_STACK_SHIFT)

/* The offsets of struct cpu_info's first fields, for the arch's assembly. */
#define CPU_INFO_OVERFLOW_SP_OFFSET 0
#define CPU_INFO_STACK_BASE_OFFSET  8
#define CPU_INFO_STACK_TOP_OFFSET   16

#ifndef __ASSEMBLER__

#include <lander/compiler.h>
#include <lander/trap.h>
#include <lander/types.h>

enum cpu_state {
	CPU_ABSENT,   /* not started (skipped, or beyond what the kernel keeps) */
	CPU_STARTING, /* the arch was asked to start it */
	CPU_ONLINE,   /* running secondary_start()'s loop, or the boot CPU */
	CPU_FAILED,   /* did not come up in time, or the arch refused */
	CPU_STOPPED,  /* smp_stop_others() took it out */
};

/*
 * One per CPU, reached through the arch's per-CPU pointer (TPIDR_EL1,
 * riscv tp): arch_this_cpu(). The first two fields are read by the
 * exception entry in assembly, the third by the secondary entry: their
 * offsets are fixed (the CPU_INFO_*_OFFSET values, checked below).
 */
struct cpu_info {
	virt_addr_t overflow_sp; /* top of the emergency stack for a stack overflow */
	virt_addr_t stack_base;	 /* lowest byte of the stack; the guard lies below */
	virt_addr_t stack_top;	 /* the stack's initial sp */
	unsigned int cpu;	 /* logical number: 0 the boot CPU, then /cpus order */
	u64 hwid;		 /* MPIDR affinity (arm64), hart id (riscv) */
	u32 state;		 /* enum cpu_state: READ_ONCE/WRITE_ONCE */
	/* Work for a secondary (smp_call()): posted when job_seq moves past done_seq. */
	void (*job)(void *arg);
	void *job_arg;
	u32 job_seq;
	u32 done_seq;
	struct trap last_fault; /* the last fault a fixup absorbed on this CPU */
	u64 arch[4];		/* the arch's own per-CPU words */
};

/*
 * The CPUs the kernel keeps: CONFIG_NR_CPUS of them, from memblock
 * (smp_prepare_boot_cpu(): not .bss, which the early boot clears);
 * smp_cpus[0] is the boot CPU; smp_nr_cpus in use.
 */
extern struct cpu_info *smp_cpus;
extern unsigned int smp_nr_cpus;

/*
 * The cost of keeping every CPU's view of the kernel tables in step, since
 * boot: cross-CPU maintenance operations asked for (TLB and instruction
 * cache), the hardware-broadcast invalidations they issued (arm64 TLBI
 * ...IS, IC IVAU), and the calls to other CPUs or firmware they needed
 * (IPIs, riscv SBI RFENCE calls). Written only by the CPU that edits the
 * tables.
 */
struct smp_flush_stats {
	u64 ops;
	u64 broadcasts;
	u64 remote_calls;
};
extern struct smp_flush_stats smp_flush_stats;

/* Is ci online (running, reachable by smp_call() and remote flushes)? */
static inline bool cpu_online(const struct cpu_info *ci)
{
	return READ_ONCE(ci->state) == CPU_ONLINE;
}

/* Online CPUs, the boot CPU included. */
unsigned int smp_online_count(void);

/*
 * Give the boot CPU its cpu_info and a guarded stack, then call fn on that
 * stack; fn does not return. After paging_init() (the stacks are mapped
 * with the walker).
 */
void __noreturn smp_prepare_boot_cpu(void (*fn)(void));

/*
 * Start every usable CPU the device tree lists, one at a time, each
 * within a bounded time; print why a CPU is skipped or failed. Returns
 * how many are online, the boot CPU included.
 */
unsigned int smp_init(void);

/*
 * Run fn(arg) on ci (online, not the caller) and return at once; ci runs
 * jobs in order. smp_wait(ci) waits until it has finished them.
 */
void smp_call(struct cpu_info *ci, void (*fn)(void *), void *arg);
void smp_wait(struct cpu_info *ci);

/*
 * Stop every other online CPU (arch_cpu_stop()) and wait, boundedly, until
 * each has left: before the machine ends, so its status is this CPU's.
 */
void smp_stop_others(void);

/* The C entry of a secondary CPU: never returns (arch head.S calls it). */
void __noreturn secondary_start(struct cpu_info *ci);

/* A monotonic clock for bounded waits: nanoseconds since some point. */
u64 smp_clock_ns(void);

/*
 * asm/smp.h: arch_this_cpu() and arch_set_this_cpu(), the per-CPU pointer
 * (NULL until smp_prepare_boot_cpu() sets the boot CPU's), and
 * arch_cpu_relax(), the wait-loop hint.
 */
#include <asm/smp.h>

/* The running CPU's cpu_info; NULL before smp_prepare_boot_cpu(). */
static inline struct cpu_info *this_cpu(void)
{
	return arch_this_cpu();
}

/* In a loop that waits for another CPU: arch_cpu_relax() (asm/smp.h). */
static inline void cpu_relax(void)
{
	arch_cpu_relax();
}

_Static_assert(__builtin_offsetof(struct cpu_info, overflow_sp) == CPU_INFO_OVERFLOW_SP_OFFSET,
	       "the exception entry reads overflow_sp here");
_Static_assert(__builtin_offsetof(struct cpu_info, stack_base) == CPU_INFO_STACK_BASE_OFFSET,
	       "the exception entry reads stack_base here");
_Static_assert(__builtin_offsetof(struct cpu_info, stack_top) == CPU_INFO_STACK_TOP_OFFSET,
	       "the secondary entry reads stack_top here");

/* ---- The arch half (arch/ARCH/kernel/smp.c) ---- */
struct dt_cpu;
struct fdt;

/*
 * NULL if the kernel knows how to start c, else why not, as a sentence
 * fragment ("enable-method \"foo\" is not supported"). Also says no to
 * CPUs the kernel cannot run on (riscv: mmu-type "riscv,none").
 */
const char *arch_cpu_usable(const struct dt_cpu *c);

/*
 * Once, before the first arch_cpu_start(): what every secondary needs
 * (arm64: an identity map of the entry code, the boot CPU's translation
 * registers; riscv: the final satp). Returns NULL or why no secondary
 * can start.
 */
const char *arch_smp_prepare(const struct fdt *fdt);

/*
 * Ask the firmware or hardware to start ci (described by c) at the arch's
 * secondary entry. Returns 0, or a negative value with why[0..why_size)
 * saying what the firmware answered. The CPU is up when ci->state turns
 * CPU_ONLINE (secondary_start()).
 */
int arch_cpu_start(struct cpu_info *ci, const struct dt_cpu *c, char *why, unsigned int why_size);

/*
 * ci did not come up in time after arch_cpu_start(): what the firmware
 * says of it, as a note for the console line (" (SBI HSM: START_PENDING)"),
 * or an empty string when there is nothing to ask (a spin table).
 */
void arch_cpu_lost(struct cpu_info *ci, char *note, unsigned int note_size);

/* Wait until arch_cpu_kick() (or anything else) wakes this CPU; may return early. */
void arch_cpu_idle(void);

/* Wake ci from arch_cpu_idle(). */
void arch_cpu_kick(struct cpu_info *ci);

/* Take this (secondary) CPU out for good: PSCI CPU_OFF, SBI HSM hart_stop, or a park. */
void __noreturn arch_cpu_stop(void);

/* Switch this CPU to the stack whose top is sp and call fn there (smp_prepare_boot_cpu()). */
void __noreturn arch_call_on_stack(void (*fn)(void), virt_addr_t sp);

/* The arch's counter and its frequency (arm64 CNTVCT_EL0; riscv time, /cpus timebase-frequency). */
u64 arch_counter(void);
u64 arch_counter_hz(void);

#endif /* __ASSEMBLER__ */
#endif
