// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing up the other CPUs, giving them work, and stopping them: the
 * generic half of include/lander/smp.h (docs/smp.md).
 *
 * The boot CPU starts the others one at a time, in /cpus order, so every
 * secondary's entry can take its hand-over from one place and the "up"
 * lines come out in a fixed order. Each gets a stack in the vmalloc area
 * with an unmapped guard below it, mapped by the walker like any other
 * kernel mapping, and waits for work in arch_cpu_idle().
 */
#include <lander/boot.h>
#include <lander/cpu.h>
#include <lander/dt_cpus.h>
#include <lander/errno.h>
#include <lander/fdt.h>
#include <lander/machine.h>
#include <lander/milestone.h>
#include <lander/printk.h>
#include <lander/smp.h>
#include <lander/string.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>
#include <mm/vm_layout.h>
#include <asm/mmu.h>

/* How long a CPU may take to come up, and to leave, before it is given up. */
#define SMP_START_TIMEOUT_MS 5000
#define SMP_STOP_TIMEOUT_MS  1000

/*
 * The stacks' area lies this far from the image's room in vmalloc
 * (vm_layout_spare()): clear of the modules and BPF windows, which lie
 * within 2 GB below the image, and of the self-tests' spare ranges (2 GB).
 */
#define SMP_STACKS_DIST (8ULL << 30)

struct cpu_info *smp_cpus;
unsigned int smp_nr_cpus;
struct smp_flush_stats smp_flush_stats;

/* CPU n's stack: [stacks_va + (2n + 1) S, stacks_va + (2n + 2) S), S = SMP_STACK_SIZE. */
static virt_addr_t stacks_va;

/* Which CPU holds the printk lock: its number + 1, or 0. */
static u32 printk_owner;

/*
 * Take the printk lock once another CPU may print: not before this CPU has
 * its cpu_info (the early boot runs with the MMU off, where exclusive
 * accesses are not to be used), nor when it already holds it (a fault
 * while printing, then the report of it).
 */
bool printk_lock(void)
{
	struct cpu_info *ci = this_cpu();
	u32 me, free;

	if (!ci || READ_ONCE(smp_nr_cpus) < 2)
		return false;
	me = ci->cpu + 1;
	if (READ_ONCE(printk_owner) == me)
		return false;
	do {
		free = 0;
		cpu_relax();
	} while (!__atomic_compare_exchange_n(&printk_owner, &free, me, true, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

void printk_unlock(bool locked)
{
	if (locked)
		__atomic_store_n(&printk_owner, 0, __ATOMIC_RELEASE);
}

u64 smp_clock_ns(void)
{
	u64 hz = arch_counter_hz(), c = arch_counter();

	if (!hz)
		return 0;
	return c / hz * 1000000000ULL + c % hz * 1000000000ULL / hz;
}

/*
 * Give ci its stack (and the emergency page the exception entry moves to
 * when the stack overflows into its guard): pages from memblock, the
 * stack mapped at its place in the stacks' area, the emergency page used
 * through the linear map. Returns 0 or a negative errno.
 */
static int stack_alloc(struct cpu_info *ci)
{
	virt_addr_t base = stacks_va + (2 * (u64)ci->cpu + 1) * SMP_STACK_SIZE;
	phys_addr_t pa = memblock_alloc(&memblock, SMP_STACK_SIZE + PAGE_SIZE, PAGE_SIZE);
	struct pt_ctx c;
	int err;

	if (!pa)
		return -ENOMEM;
	kernel_pt_ctx(&c);
	err = pt_map(&c, base, pa, SMP_STACK_SIZE, PAGE_KERNEL);
	if (err) {
		memblock_free(&memblock, pa, SMP_STACK_SIZE + PAGE_SIZE);
		return err;
	}
	kernel_pt_publish();
	ci->stack_base = base;
	ci->stack_top = base + SMP_STACK_SIZE;
	ci->overflow_sp = __va(pa + SMP_STACK_SIZE) + PAGE_SIZE;
	return 0;
}

/*
 * n zeroed objects of size bytes from memblock, through the linear map:
 * tables sized by CONFIG_NR_CPUS stay out of .bss, which the early boot
 * clears with the MMU off. Returns NULL when RAM cannot spare them.
 */
static void *smp_zalloc(u64 n, u64 size, phys_addr_t *pa)
{
	u64 bytes = ALIGN_UP(n * size, PAGE_SIZE);

	*pa = memblock_alloc(&memblock, bytes, PAGE_SIZE);
	if (!*pa)
		return NULL;
	memset((void *)(uintptr_t)__va(*pa), 0, bytes);
	return (void *)(uintptr_t)__va(*pa);
}

void smp_prepare_boot_cpu(void (*fn)(void))
{
	struct cpu_info *ci;
	struct vm_layout l;
	phys_addr_t pa;
	int err;

	smp_cpus = smp_zalloc(CONFIG_NR_CPUS, sizeof(*smp_cpus), &pa);
	if (!smp_cpus)
		panic("smp: no memory for %u CPUs' cpu_info", CONFIG_NR_CPUS);
	ci = &smp_cpus[0];

	vm_layout_compute(arch_pt_format(), ARCH_HAS_IDMAP, &boot_info.place, &l);
	stacks_va = vm_layout_spare(&l, SMP_STACKS_DIST, 2 * CONFIG_NR_CPUS * SMP_STACK_SIZE,
				    2 * SMP_STACK_SIZE);
	if (!stacks_va)
		panic("smp: no room in vmalloc for %u CPUs' stacks", CONFIG_NR_CPUS);
	ci->cpu = 0;
	ci->hwid = machine_cpu_id();
	err = stack_alloc(ci);
	if (err)
		panic("smp: cannot map the boot CPU's stack (%d)", err);
	ci->state = CPU_ONLINE;
	smp_nr_cpus = 1;
	arch_set_this_cpu(ci);
	arch_call_on_stack(fn, ci->stack_top);
}

unsigned int smp_online_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < smp_nr_cpus; i++)
		n += cpu_online(&smp_cpus[i]);
	return n;
}

/* The node name of a /cpus child, for messages. */
static const char *cpu_node_name(const struct dt_cpu *dc)
{
	return fdt_node_name(boot_fdt(), dc->node, NULL);
}

/*
 * Why the kernel does not start dc, or NULL: what the tree says of it,
 * then what the arch can do.
 */
static const char *cpu_skip_reason(const struct dt_cpu *dc)
{
	if (dc->flags & DT_CPU_NO_REG)
		return "its reg is missing or not one id";
	if (dc->flags & DT_CPU_DISABLED)
		return "its status is not \"okay\"";
	return arch_cpu_usable(dc);
}

/*
 * Start ci (its cpu number and hwid set) and wait until it is online or
 * the time is up. Returns whether it came up.
 */
static bool cpu_bring_up(struct cpu_info *ci, const struct dt_cpu *dc)
{
	char why[80] = "", note[48] = "";
	u64 deadline;
	u32 state;
	int err;

	err = stack_alloc(ci);
	if (err) {
		printk("CPU %u did not come up: no memory for its stack (%d)\n", ci->cpu, err);
		return false;
	}
	__atomic_store_n(&ci->state, CPU_STARTING, __ATOMIC_RELEASE);
	err = arch_cpu_start(ci, dc, why, sizeof(why));
	if (err) {
		WRITE_ONCE(ci->state, CPU_FAILED);
		printk("CPU %u did not come up: %s\n", ci->cpu, why);
		return false;
	}
	deadline = smp_clock_ns() + SMP_START_TIMEOUT_MS * 1000000ULL;
	while (__atomic_load_n(&ci->state, __ATOMIC_ACQUIRE) == CPU_STARTING &&
	       smp_clock_ns() < deadline)
		cpu_relax();
	/* Give it up, unless it went online just now: secondary_start() checks the same word. */
	state = CPU_STARTING;
	if (__atomic_compare_exchange_n(&ci->state, &state, CPU_FAILED, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		arch_cpu_lost(ci, note, sizeof(note));
		printk("CPU %u did not come up: no sign of it within %u ms%s\n", ci->cpu,
		       SMP_START_TIMEOUT_MS, note);
		return false;
	}
	return state == CPU_ONLINE;
}

unsigned int smp_init(void)
{
	const struct fdt *fdt = boot_fdt();
	unsigned int skipped = 0, failed = 0;
	struct dt_cpu *dt_cpus;
	const char *why;
	phys_addr_t pa;
	int n, i;

	if (!IS_ENABLED(CONFIG_SMP))
		return 1;
	/* The /cpus children, for this function only. */
	dt_cpus = smp_zalloc(CONFIG_NR_CPUS, sizeof(*dt_cpus), &pa);
	if (!dt_cpus) {
		printk("smp: no memory to read /cpus: only the boot CPU runs\n");
		return 1;
	}
	n = dt_cpus_read(fdt, dt_cpus, CONFIG_NR_CPUS);
	why = n < 0 ? fdt_strerror(n) : arch_smp_prepare(fdt);
	if (why) {
		memblock_free(&memblock, pa,
			      ALIGN_UP(CONFIG_NR_CPUS * sizeof(*dt_cpus), PAGE_SIZE));
		if (n < 0)
			printk("smp: cannot read /cpus (%s): only the boot CPU runs\n", why);
		else
			printk("smp: no other CPU can start: %s\n", why);
		return 1;
	}
	for (i = 0; i < n && i < CONFIG_NR_CPUS; i++) {
		const struct dt_cpu *dc = &dt_cpus[i];
		struct cpu_info *ci;

		if (!(dc->flags & DT_CPU_NO_REG) && dc->id == smp_cpus[0].hwid)
			continue;
		why = cpu_skip_reason(dc);
		if (why) {
			printk("smp: %s (id 0x%llx%s%s%s) skipped: %s\n", cpu_node_name(dc), dc->id,
			       dc->method[0] ? ", enable-method \"" : "", dc->method,
			       dc->method[0] ? "\"" : "", why);
			skipped++;
			continue;
		}
		if (smp_nr_cpus == CONFIG_NR_CPUS)
			break;
		ci = &smp_cpus[smp_nr_cpus];
		ci->cpu = smp_nr_cpus++;
		ci->hwid = dc->id;
		failed += !cpu_bring_up(ci, dc);
	}
	if (n > i)
		printk("smp: the device tree lists %d CPUs, this kernel keeps at most %u "
		       "(CONFIG_NR_CPUS): %d ignored\n",
		       n, CONFIG_NR_CPUS, n - i);
	memblock_free(&memblock, pa, ALIGN_UP(CONFIG_NR_CPUS * sizeof(*dt_cpus), PAGE_SIZE));
	printk("smp: %u CPU%s online (%u failed, %u skipped)\n", smp_online_count(),
	       smp_online_count() == 1 ? "" : "s", failed, skipped);
	return smp_online_count();
}

void secondary_start(struct cpu_info *ci)
{
	u32 state = CPU_STARTING, seq;

	/* Late (the boot CPU gave up on it): take no part. */
	if (__atomic_load_n(&ci->state, __ATOMIC_ACQUIRE) != CPU_STARTING)
		arch_cpu_stop();
	milestone_secondary_up();
	printk("CPU %u (id 0x%llx) up\n", ci->cpu, ci->hwid);
	if (!__atomic_compare_exchange_n(&ci->state, &state, CPU_ONLINE, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		arch_cpu_stop();
	for (;;) {
		seq = __atomic_load_n(&ci->job_seq, __ATOMIC_ACQUIRE);
		if (seq != ci->done_seq) {
			ci->job(ci->job_arg);
			__atomic_store_n(&ci->done_seq, seq, __ATOMIC_RELEASE);
			continue;
		}
		arch_cpu_idle();
	}
}

void smp_wait(struct cpu_info *ci)
{
	while (__atomic_load_n(&ci->done_seq, __ATOMIC_ACQUIRE) != READ_ONCE(ci->job_seq))
		cpu_relax();
}

void smp_call(struct cpu_info *ci, void (*fn)(void *), void *arg)
{
	smp_wait(ci);
	ci->job = fn;
	ci->job_arg = arg;
	__atomic_store_n(&ci->job_seq, ci->job_seq + 1, __ATOMIC_RELEASE);
	arch_cpu_kick(ci);
}

/* The last job a CPU runs. */
static void stop_job(void *arg)
{
	__atomic_store_n(&this_cpu()->state, CPU_STOPPED, __ATOMIC_RELEASE);
	arch_cpu_stop();
}

void smp_stop_others(void)
{
	struct cpu_info *self = this_cpu();
	unsigned int i, left = 0;
	u64 deadline;

	for (i = 0; i < smp_nr_cpus; i++)
		if (&smp_cpus[i] != self && cpu_online(&smp_cpus[i]))
			smp_call(&smp_cpus[i], stop_job, NULL);
	deadline = smp_clock_ns() + SMP_STOP_TIMEOUT_MS * 1000000ULL;
	for (i = 0; i < smp_nr_cpus; i++) {
		struct cpu_info *ci = &smp_cpus[i];

		if (ci == self || READ_ONCE(ci->job_seq) == 0 || ci->job != stop_job)
			continue;
		while (__atomic_load_n(&ci->state, __ATOMIC_ACQUIRE) != CPU_STOPPED &&
		       smp_clock_ns() < deadline)
			cpu_relax();
		left += READ_ONCE(ci->state) != CPU_STOPPED;
	}
	if (left)
		printk("smp: %u CPUs did not stop within %u ms\n", left, SMP_STOP_TIMEOUT_MS);
}
