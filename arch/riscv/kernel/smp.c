// SPDX-License-Identifier: GPL-2.0
/*
 * The riscv half of SMP (lander/smp.h): which harts the kernel can run
 * on, starting them through the SBI (v1.0: HSM, IPI and RFENCE
 * extensions), idling, waking and stopping them, the clock for bounded
 * waits, and the remote half of TLB and instruction-cache maintenance.
 *
 * A hart reaches the kernel one of two ways. Most firmware keeps every
 * hart but the boot one stopped until asked: SBI HSM hart_start sends it
 * to head.S's riscv_secondary_entry. Some loaders (U-Boot SPL, older
 * firmware) start every hart at the kernel's entry; the lottery's losers
 * wait in head.S's park loop, in the copy the loader loaded, until the
 * boot hart names one in the park mailbox and sends it an IPI. Either
 * way the hart then turns paging on with what riscv_handoff holds.
 */
#include <lander/boot.h>
#include <lander/cpu.h>
#include <lander/dt_cpus.h>
#include <lander/errno.h>
#include <lander/fdt.h>
#include <lander/machine.h>
#include <lander/printk.h>
#include <lander/sections.h>
#include <lander/smp.h>
#include <lander/string.h>
#include <mm/kernel_pt.h>
#include <mm/physaddr.h>
#include <asm/mmu.h>
#include "handoff.h"
#include "sbi.h"
#include "svmode.h"

/*
 * The largest hart id the kernel starts: one /cpus reg cell. Hart masks
 * reach any id (a window of 64 from hart_mask_base), and the park
 * mailbox's RISCV_HARTID_NONE stays out of reach.
 */
#define RISCV_HARTID_MAX 0xffffffffULL

/* What the firmware offers (arch_smp_prepare()). */
static bool sbi_has_hsm, sbi_has_ipi, sbi_has_rfence, sbi_has_time;
/* The satp value every secondary writes: the boot hart's mode, the final root. */
static u64 secondary_satp;
/* /cpus timebase-frequency: the rate of the time CSR. */
static u64 timebase_hz;

/* The spec's name of an SBI error code (SBI v1.0, table 1), for messages. */
static const char *sbi_error_name(long error)
{
	switch (error) {
	case SBI_ERR_FAILED: return "SBI_ERR_FAILED";
	case SBI_ERR_NOT_SUPPORTED: return "SBI_ERR_NOT_SUPPORTED";
	case SBI_ERR_INVALID_PARAM: return "SBI_ERR_INVALID_PARAM";
	case SBI_ERR_DENIED: return "SBI_ERR_DENIED";
	case SBI_ERR_INVALID_ADDRESS: return "SBI_ERR_INVALID_ADDRESS";
	case SBI_ERR_ALREADY_AVAILABLE: return "SBI_ERR_ALREADY_AVAILABLE";
	case SBI_ERR_ALREADY_STARTED: return "SBI_ERR_ALREADY_STARTED";
	case SBI_ERR_ALREADY_STOPPED: return "SBI_ERR_ALREADY_STOPPED";
	}
	return "an unknown SBI error";
}

/* The spec's name of an HSM hart state (SBI v1.0, table "HSM Hart States"). */
static const char *hsm_state_name(long state)
{
	switch (state) {
	case SBI_HSM_STARTED: return "STARTED";
	case SBI_HSM_STOPPED: return "STOPPED";
	case SBI_HSM_START_PENDING: return "START_PENDING";
	case SBI_HSM_STOP_PENDING: return "STOP_PENDING";
	case SBI_HSM_SUSPENDED: return "SUSPENDED";
	case SBI_HSM_SUSPEND_PENDING: return "SUSPEND_PENDING";
	case SBI_HSM_RESUME_PENDING: return "RESUME_PENDING";
	}
	return "unknown";
}

/*
 * NULL if the kernel can start hart c, else why not: a hart without an
 * MMU (sifive_u's E51 monitor core), one whose MMU lacks the boot hart's
 * Sv mode (every hart writes the same satp), or an id beyond
 * RISCV_HARTID_MAX. The reason is in a static buffer, good until the
 * next call.
 */
const char *arch_cpu_usable(const struct dt_cpu *c)
{
	static char why[96];
	unsigned int ceiling;

	if (!strcmp(c->mmu_type, "riscv,none"))
		return "it has no MMU (mmu-type \"riscv,none\")";
	if (c->id > RISCV_HARTID_MAX) {
		snprintf(why, sizeof(why),
			 "hart id 0x%llx is beyond the largest this kernel supports (0x%llx)",
			 c->id, RISCV_HARTID_MAX);
		return why;
	}
	if (c->mmu_type[0] &&
	    (riscv_sv_ceiling(c->mmu_type, strlen(c->mmu_type) + 1, boot_info.va_bits, &ceiling) ||
	     ceiling < boot_info.va_bits)) {
		snprintf(why, sizeof(why), "its MMU (mmu-type \"%s\") lacks the boot hart's Sv%u",
			 c->mmu_type, boot_info.va_bits);
		return why;
	}
	return NULL;
}

/* The offset of /cpus in fdt, or a negative value if the tree has none. */
static int find_cpus_node(const struct fdt *fdt)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;

	while (fdt_walk(fdt, &w, &it) > 0) {
		if (it.type == FDT_ITEM_NODE && it.depth == 1 &&
		    fdt_node_name_matches(it.name, "cpus", 4))
			return it.offset;
	}
	return -1;
}

/*
 * /cpus timebase-frequency (one or two cells, devicetree binding
 * riscv/cpus.yaml), or 0 if the tree has none.
 */
static u64 read_timebase(const struct fdt *fdt)
{
	int cpus = find_cpus_node(fdt);
	const void *p;
	u32 len = 0;

	if (cpus < 0)
		return 0;
	p = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
	if (p && len == 4)
		return fdt32_ld(p);
	if (p && len == 8)
		return fdt64_ld(p);
	return 0;
}

/*
 * Before the first start: what the firmware offers, the clock's rate and
 * the satp value of the final tables (live now). The IPI extension wakes
 * idle harts and releases parked ones; RFENCE keeps every hart's TLB in
 * step with the kernel tables; HSM starts stopped harts (without it only
 * parked harts can join).
 */
const char *arch_smp_prepare(const struct fdt *fdt)
{
	sbi_has_hsm = sbi_probe_extension(SBI_EXT_HSM);
	sbi_has_ipi = sbi_probe_extension(SBI_EXT_IPI);
	sbi_has_rfence = sbi_probe_extension(SBI_EXT_RFENCE);
	sbi_has_time = sbi_probe_extension(SBI_EXT_TIME);
	if (!sbi_has_ipi)
		return "the SBI firmware has no IPI extension: no way to wake another hart";
	if (!sbi_has_rfence)
		return "the SBI firmware has no RFENCE extension: no way to keep other harts' TLBs "
		       "in step";
	if (!timebase_hz)
		timebase_hz = read_timebase(fdt);
	if (!timebase_hz)
		return "/cpus has no timebase-frequency: no clock to bound the waits";
	if (!sbi_has_hsm)
		printk("smp: the SBI firmware has no HSM extension: only harts parked in the "
		       "kernel's entry can join\n");
	secondary_satp = (u64)riscv_satp_mode << 60 | kernel_pt_root() >> 12;
	return NULL;
}

/* Send the supervisor software interrupt to one hart. Returns the SBI error. */
static long send_ipi(u64 hartid)
{
	u64 base = hartid & ~(u64)(SBI_HART_MASK_BITS - 1);

	return sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1UL << (hartid - base), base, 0, 0).error;
}

/*
 * The park mailbox the parked harts read: in the copy the loader loaded,
 * which is the running one unless physical KASLR moved the image. The
 * loaded copy stays reserved and the linear map reaches it.
 */
static struct riscv_park_mailbox *loaded_mailbox(void)
{
	virt_addr_t off = (virt_addr_t)&riscv_park_mailbox - (virt_addr_t)_text;

	if (boot_info.loaded_pa == boot_info.kimage_pa)
		return &riscv_park_mailbox;
	return (struct riscv_park_mailbox *)(uintptr_t)__va(boot_info.loaded_pa + off);
}

/*
 * Name hartid in the park mailbox: entry_pa first, then the hart id that
 * releases it (the loop reads them in the other order, with a fence
 * between). The boot hart starts one hart at a time and waits for each
 * to go online, so a released hart has left the loop before the mailbox
 * names another.
 */
static void name_in_mailbox(u64 hartid, phys_addr_t entry_pa)
{
	struct riscv_park_mailbox *mb = loaded_mailbox();

	WRITE_ONCE(mb->entry_pa, entry_pa);
	__asm__ volatile("fence w, w" ::: "memory");
	WRITE_ONCE(mb->hartid, hartid);
}

/* Release a hart waiting in head.S's park loop: name it, then the IPI that wakes it. */
static int release_parked(u64 hartid, phys_addr_t entry_pa, char *why, unsigned int why_size)
{
	long err;

	name_in_mailbox(hartid, entry_pa);
	arch_mb(); /* the handoff and the mailbox before the IPI */
	err = send_ipi(hartid);
	if (err) {
		snprintf(why, why_size, "SBI send_ipi to release it from the park loop failed: %s",
			 sbi_error_name(err));
		return -EIO;
	}
	return 0;
}

/*
 * Start ci (hart c->id): fill the handoff, then ask SBI HSM for the hart's
 * state. STOPPED: hart_start at the secondary entry's physical address.
 * STARTED: the hart entered the kernel by itself and waits in the park
 * loop: release it. Without HSM, only that second way is possible.
 */
int arch_cpu_start(struct cpu_info *ci, const struct dt_cpu *c, char *why, unsigned int why_size)
{
	phys_addr_t entry_pa = __pa_symbol(riscv_secondary_entry);
	struct sbi_ret r;

	/*
	 * The hart id last, and cleared first, with fences between: a hart
	 * the boot gave up on that turns up late reads either its own old
	 * handoff whole or a hart id not its own before and after the other
	 * fields (head.S checks both), so it never takes this one's stack.
	 */
	WRITE_ONCE(riscv_handoff.hartid, RISCV_HARTID_NONE);
	__asm__ volatile("fence w, w" ::: "memory");
	riscv_handoff.satp = secondary_satp;
	riscv_handoff.cont_va = (virt_addr_t)riscv_secondary_switched;
	riscv_handoff.cpu_va = (virt_addr_t)ci;
	__asm__ volatile("fence w, w" ::: "memory");
	WRITE_ONCE(riscv_handoff.hartid, ci->hwid);

	if (!sbi_has_hsm)
		return release_parked(ci->hwid, entry_pa, why, why_size);
	r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, ci->hwid, 0, 0, 0);
	if (r.error) {
		snprintf(why, why_size, "SBI HSM hart_get_status failed: %s",
			 sbi_error_name(r.error));
		return -EIO;
	}
	if (r.value == SBI_HSM_STARTED)
		return release_parked(ci->hwid, entry_pa, why, why_size);
	if (r.value != SBI_HSM_STOPPED) {
		snprintf(why, why_size, "SBI HSM says the hart is %s, neither STOPPED nor STARTED",
			 hsm_state_name(r.value));
		return -EBUSY;
	}
	/*
	 * The hart is named in the park mailbox too. OpenSBI's hart_start
	 * (lib/sbi/sbi_hsm.c) marks the hart START_PENDING before it stores
	 * the start address, with no barrier between: a hart that leaves its
	 * wait in that window jumps to the address it was given at boot, the
	 * kernel's entry in the loaded copy, loses the lottery and parks,
	 * where the mailbox sends it on to the secondary entry all the same.
	 * A hart that still does not come up is reported with what HSM says
	 * of it (arch_cpu_lost()).
	 *
	 * The handoff and the mailbox must be visible to the hart before it
	 * runs: the fence orders the stores before the ecall, and the
	 * firmware's own start of the hart comes after the ecall.
	 */
	name_in_mailbox(ci->hwid, entry_pa);
	arch_mb();
	r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, ci->hwid, entry_pa, 0, 0);
	if (r.error) {
		snprintf(why, why_size, "SBI HSM hart_start failed: %s", sbi_error_name(r.error));
		return -EIO;
	}
	return 0;
}

/* SBI HSM hart_get_status for a hart that did not come up. */
void arch_cpu_lost(struct cpu_info *ci, char *note, unsigned int note_size)
{
	struct sbi_ret r;

	if (!sbi_has_hsm)
		return;
	r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, ci->hwid, 0, 0, 0);
	if (r.error)
		snprintf(note, note_size, " (SBI HSM hart_get_status: %s)",
			 sbi_error_name(r.error));
	else
		snprintf(note, note_size, " (SBI HSM: %s)", hsm_state_name(r.value));
}

/*
 * Wait for an IPI: WFI with sie.SSIE set wakes when SSIP goes pending,
 * and with sstatus.SIE off takes no trap (privileged spec v1.12, 4.1.3).
 * Clearing SSIP after lets the next IPI wake the next wait; one that came
 * before the WFI makes it return at once, so the caller's check for work
 * after this call sees anything posted before the kick.
 */
void arch_cpu_idle(void)
{
	__asm__ volatile("csrs sie, %0\n\t"
			 "wfi\n\t"
			 "csrc sip, %0" ::"r"(RISCV_SSI_BIT)
			 : "memory");
}

/* The supervisor timer interrupt's bit in sie and sip (privileged spec 4.1.3). */
#define RISCV_STI_BIT (1UL << 5)
/* A wait loop's nap. */
#define RISCV_NAP_NS 10000

/*
 * arch_cpu_relax(): a hart waiting for another naps for RISCV_NAP_NS on
 * the SBI timer: WFI with only sie.STIE (and SSIE, for a kick) enabled,
 * sstatus.SIE off, so no trap is taken; then the timer is pushed to the
 * end of time, which clears sip.STIP (SBI v1.0, "Timer Extension"). A
 * hart in WFI leaves the hardware (or an emulator's host CPU) to the
 * others, the one being waited for among them: a spinning reader would
 * slow every remote fence it has to answer. Before the SBI timer is known
 * (arch_smp_prepare()), PAUSE.
 */
void riscv_cpu_nap(void)
{
	if (!sbi_has_time || !timebase_hz) {
		__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010 /* pause */" ::: "memory");
		return;
	}
	sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER,
		 arch_counter() + timebase_hz * RISCV_NAP_NS / 1000000000ULL + 1, 0, 0, 0);
	__asm__ volatile("csrs sie, %0\n\t"
			 "wfi\n\t"
			 "csrc sie, %0" ::"r"(RISCV_STI_BIT)
			 : "memory");
	sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0UL, 0, 0, 0);
}

/* Wake ci from arch_cpu_idle(): a failed IPI would leave it asleep for good. */
void arch_cpu_kick(struct cpu_info *ci)
{
	long err;

	arch_mb(); /* the posted work before the wake-up */
	err = send_ipi(ci->hwid);
	if (err)
		panic("SBI send_ipi to hart %llu (CPU %u) failed: %s", ci->hwid, ci->cpu,
		      sbi_error_name(err));
}

/* SBI HSM hart_stop: returns only on failure; then the hart waits forever. */
void __noreturn arch_cpu_stop(void)
{
	__asm__ volatile("csrw sie, zero" ::: "memory");
	if (sbi_has_hsm)
		sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0, 0);
	arch_halt();
}

/* The time CSR: a constant-rate counter shared by every hart (privileged spec 3.1.11). */
u64 arch_counter(void)
{
	u64 t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* /cpus timebase-frequency; read on first use if arch_smp_prepare() has not run. */
u64 arch_counter_hz(void)
{
	if (!timebase_hz)
		timebase_hz = read_timebase(boot_fdt());
	return timebase_hz;
}

/*
 * The lowest hart_mask_base above *base (or the lowest at all, if first)
 * of a window holding another online hart, into *base. Returns false when
 * there is none.
 */
static bool next_window(u64 *base, bool first)
{
	u64 self = arch_cpu_id(), best = 0;
	bool found = false;
	unsigned int i;

	for (i = 0; i < smp_nr_cpus; i++) {
		const struct cpu_info *ci = &smp_cpus[i];
		u64 w = ci->hwid & ~(u64)(SBI_HART_MASK_BITS - 1);

		if (ci->hwid == self || !cpu_online(ci) || (!first && w <= *base))
			continue;
		if (!found || w < best)
			best = w;
		found = true;
	}
	*base = best;
	return found;
}

/* The other online harts in the window of 64 from base, as an SBI hart mask. */
static unsigned long window_mask(u64 base)
{
	u64 self = arch_cpu_id();
	unsigned long mask = 0;
	unsigned int i;

	for (i = 0; i < smp_nr_cpus; i++) {
		const struct cpu_info *ci = &smp_cpus[i];

		if (ci->hwid != self && cpu_online(ci) && ci->hwid - base < SBI_HART_MASK_BITS)
			mask |= 1UL << (ci->hwid - base);
	}
	return mask;
}

/*
 * Run RFENCE function fid (start, size its address range) on every other
 * online hart, one SBI call per window of 64 hart ids, and count the
 * calls. A failure is fatal: a hart left with a stale translation or
 * instruction would run wrong without a sign.
 */
static void remote_fence(unsigned long fid, virt_addr_t start, u64 size)
{
	u64 base = 0;
	bool first = true;

	/*
	 * The table (or instruction) stores before the request: the other
	 * hart's fence must come after them (unprivileged ISA, "Zifencei": a
	 * data FENCE by the writer, then the remote FENCE.I).
	 */
	arch_mb();
	while (next_window(&base, first)) {
		struct sbi_ret r = sbi_call(SBI_EXT_RFENCE, fid, window_mask(base), base, start,
					    size);

		first = false;
		smp_flush_stats.remote_calls++;
		if (r.error)
			panic("SBI RFENCE %s for harts 0x%lx from %llu failed: %s",
			      fid == SBI_RFENCE_FENCE_I ? "remote_fence_i" : "remote_sfence_vma",
			      window_mask(base), base, sbi_error_name(r.error));
	}
}

/* SFENCE.VMA on every other online hart: [start, start + size), or all with size ~0. */
void riscv_remote_sfence_vma(virt_addr_t start, u64 size)
{
	remote_fence(SBI_RFENCE_SFENCE_VMA, start, size);
}

/* FENCE.I on every other online hart. */
void riscv_remote_fence_i(void)
{
	remote_fence(SBI_RFENCE_FENCE_I, 0, 0);
}
