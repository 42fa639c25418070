// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 half of SMP (include/lander/smp.h): starting CPUs through PSCI
 * CPU_ON or a spin table, idling in WFE, and the generic timer as the
 * clock.
 *
 * A secondary enters secondary_entry (head.S, in .idmap.text) at its
 * physical address with the MMU off, at EL2 or EL1. It reads the
 * hand-over below with the MMU off, so the boot CPU cleans it to the
 * Point of Coherency first; then it programs the boot CPU's TCR_EL1 and
 * MAIR_EL1, TTBR0_EL1 = an identity map of .idmap.text (built here with
 * the walker: the boot's identity map was dropped with the early tables)
 * and TTBR1_EL1 = the live kernel root, turns the MMU on and jumps to
 * secondary_switched at its virtual address.
 */
#include <lander/boot.h>
#include <lander/cpu.h>
#include <lander/dt_cpus.h>
#include <lander/errno.h>
#include <lander/printk.h>
#include <lander/sections.h>
#include <lander/smp.h>
#include <lander/string.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/physaddr.h>
#include <asm/mmu.h>

/* PSCI function ids, SMC64 where they take addresses (Arm DEN0022, "Function IDs"). */
#define PSCI_CPU_OFF	      0x84000002
#define PSCI_CPU_ON_64	      0xc4000003
#define PSCI_AFFINITY_INFO_64 0xc4000004
#define PSCI_SUCCESS	      0
#define PSCI_ERR_MIN	      (-9)

/* How a CPU was started (cpu_info.arch[0]), and so how it stops. */
enum arm64_method { ARM64_PSCI = 1, ARM64_SPIN_TABLE };

/*
 * What secondary_entry reads with the MMU off (offsets fixed: head.S).
 * One is enough: CPUs start one at a time.
 */
struct arm64_secondary_handoff {
	u64 tcr, mair;
	phys_addr_t ttbr0, ttbr1;
	virt_addr_t ci, entry_va;
	phys_addr_t empty_root;
	u64 pad;
};
struct arm64_secondary_handoff arm64_secondary_handoff __aligned(64);

/* head.S */
void secondary_entry(void);
void arm64_secondary_switched(void);

static u64 timer_hz;

u64 arch_counter(void)
{
	u64 c;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c)::"memory");
	return c;
}

u64 arch_counter_hz(void)
{
	return timer_hz;
}

/*
 * A PSCI call through /psci's conduit (SMC Calling Convention, DEN0028:
 * function id in w0, arguments in x1-x3, result in x0).
 */
static long psci_call(u32 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	if (boot_info.dt.psci_conduit == DT_PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return (long)x0;
}

/* PSCI's return codes by name (DEN0022, "Return error codes"). */
static const char *psci_error(long ret)
{
	static const char *const names[] = {
		"NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED",
		"ALREADY_ON",	 "ON_PENDING",	       "INTERNAL_FAILURE",
		"NOT_PRESENT",	 "DISABLED",	       "INVALID_ADDRESS",
	};

	if (ret < 0 && ret >= PSCI_ERR_MIN)
		return names[-ret - 1];
	return "an unknown code";
}

const char *arch_cpu_usable(const struct dt_cpu *c)
{
	if (!strcmp(c->method, "psci")) {
		if (boot_info.dt.psci_conduit == DT_PSCI_NONE)
			return "enable-method \"psci\", but /psci names no method (hvc or smc)";
		return NULL;
	}
	if (!strcmp(c->method, "spin-table")) {
		if (c->flags & DT_CPU_BAD_RELEASE_ADDR)
			return "its cpu-release-addr is not 4 or 8 bytes";
		if (!(c->flags & DT_CPU_HAS_RELEASE_ADDR))
			return "enable-method \"spin-table\" without a cpu-release-addr";
		return NULL;
	}
	if (!c->method[0])
		return "it has no enable-method";
	return "this kernel knows only the enable-methods \"psci\" and \"spin-table\"";
}

/*
 * Clean [va, va + size) to the Point of Coherency (DC CVAC), for a reader
 * with the MMU off (its accesses are Non-cacheable: they miss the caches).
 */
static void clean_to_poc(virt_addr_t va, u64 size)
{
	u64 ctr, line, p;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ULL << ((ctr >> 16) & 0xf);
	__asm__ volatile("dsb ish" ::: "memory");
	for (p = ALIGN_DOWN(va, line); p < va + size; p += line)
		__asm__ volatile("dc cvac, %0" ::"r"(p) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

const char *arch_smp_prepare(const struct fdt *fdt)
{
	struct arm64_secondary_handoff *h = &arm64_secondary_handoff;
	phys_addr_t start = ALIGN_DOWN(__pa_symbol(__idmap_text_start), PAGE_SIZE);
	phys_addr_t end = ALIGN_UP(__pa_symbol(__idmap_text_end), PAGE_SIZE);
	struct mmu_regs regs = arm64_mmu_regs();
	struct pt_ctx c;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(timer_hz));
	if (!timer_hz)
		return "CNTFRQ_EL0 is 0: no clock to bound the wait for a CPU";
	if (end > 1ULL << arch_pt_format()->va_bits)
		return "the kernel lies above what an identity map can reach";
	/* The identity map of the entry code: a fresh tree, TTBR0's half. */
	kernel_pt_ctx(&c);
	c.root = 0;
	c.live = false;
	if (pt_map(&c, start, start, end - start, PAGE_KERNEL_ROX))
		return "no memory for the identity map of the entry code";
	h->tcr = regs.tcr;
	h->mair = regs.mair;
	h->ttbr0 = arm64_ttbr(c.root);
	h->ttbr1 = arm64_ttbr(kernel_pt_root());
	h->entry_va = (virt_addr_t)arm64_secondary_switched;
	h->empty_root = arm64_ttbr(__pa_symbol(arm64_empty_root));
	return NULL;
}

/* Write the entry's address where a spin-table CPU waits for it, then wake it. */
static int spin_table_release(const struct dt_cpu *c, phys_addr_t entry, char *why,
			      unsigned int why_size)
{
	virt_addr_t va = __va(c->release_addr);
	struct pt_leaf leaf;

	if ((c->release_addr & 7) || c->release_addr < phys_base || kernel_lookup(va, &leaf) ||
	    !(leaf.prot & PROT_WRITE)) {
		snprintf(why, why_size, "cpu-release-addr 0x%llx is not RAM the kernel maps",
			 c->release_addr);
		return -EINVAL;
	}
	WRITE_ONCE(*(volatile u64 *)va, entry);
	/* The CPU polls with its MMU off: the value must reach memory, then SEV wakes its WFE. */
	clean_to_poc(va, 8);
	__asm__ volatile("sev" ::: "memory");
	return 0;
}

int arch_cpu_start(struct cpu_info *ci, const struct dt_cpu *c, char *why, unsigned int why_size)
{
	struct arm64_secondary_handoff *h = &arm64_secondary_handoff;
	phys_addr_t entry = __pa_symbol(secondary_entry);
	long ret;

	h->ci = (virt_addr_t)ci;
	clean_to_poc((virt_addr_t)h, sizeof(*h));
	if (!strcmp(c->method, "spin-table")) {
		ci->arch[0] = ARM64_SPIN_TABLE;
		return spin_table_release(c, entry, why, why_size);
	}
	ci->arch[0] = ARM64_PSCI;
	ret = psci_call(PSCI_CPU_ON_64, c->id, entry, 0);
	if (ret != PSCI_SUCCESS) {
		snprintf(why, why_size, "PSCI CPU_ON returned %ld (%s)", ret, psci_error(ret));
		return -EIO;
	}
	return 0;
}

/*
 * PSCI AFFINITY_INFO (DEN0022, "AFFINITY_INFO": 0 ON, 1 OFF, 2 ON_PENDING)
 * for a CPU PSCI was asked to start; nothing for a spin-table CPU.
 */
void arch_cpu_lost(struct cpu_info *ci, char *note, unsigned int note_size)
{
	static const char *const states[] = { "ON", "OFF", "ON_PENDING" };
	long ret;

	if (ci->arch[0] != ARM64_PSCI)
		return;
	ret = psci_call(PSCI_AFFINITY_INFO_64, ci->hwid, 0, 0);
	snprintf(note, note_size, " (PSCI AFFINITY_INFO: %s)",
		 ret >= 0 && ret < 3 ? states[ret] : psci_error(ret));
}

/*
 * WFE: wait for an event (SEV from arch_cpu_kick(), or any other). The
 * ISB after it makes code another CPU wrote and made visible (IC IVAU,
 * DSB ISH: arch_sync_icache()) fetchable here for the job that follows
 * (DDI 0487, "Concurrent modification and execution of instructions").
 */
void arch_cpu_idle(void)
{
	__asm__ volatile("wfe\n\tisb" ::: "memory");
}

/* The job was stored with release semantics; the DSB completes it before the event goes out. */
void arch_cpu_kick(struct cpu_info *ci)
{
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
}

/*
 * PSCI CPU_OFF for a CPU PSCI started; a spin-table CPU cannot be handed
 * back, so it waits in WFE for good with its interrupts masked.
 */
void arch_cpu_stop(void)
{
	struct cpu_info *ci = this_cpu();

	if (ci && ci->arch[0] == ARM64_PSCI)
		psci_call(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfe");
}
