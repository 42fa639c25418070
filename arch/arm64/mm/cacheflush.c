// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 instruction-cache maintenance: making code the kernel wrote (a
 * module's text) visible to instruction fetch.
 */
#include <lander/compiler.h>
#include <lander/cpu.h>

/*
 * CTR_EL0, the Cache Type Register (Arm ARM D23, "CTR_EL0"): IminLine
 * [3:0] and DminLine [19:16] are log2 of the smallest I- and D-cache
 * line in 4-byte words; IDC [28] set means cleaning the D-cache to the
 * Point of Unification is not needed for instruction/data coherence;
 * DIC [29] set means invalidating the I-cache is not needed either.
 */
#define CTR_IMINLINE(ctr) ((ctr)&0xf)
#define CTR_DMINLINE(ctr) (((ctr) >> 16) & 0xf)
#define CTR_IDC		  (1ULL << 28)
#define CTR_DIC		  (1ULL << 29)

/*
 * The sequence the Arm ARM gives for instructions written by data stores
 * ("Concurrent modification and execution of instructions" and
 * "Ordering and completion of data and instruction cache instructions"):
 * DC CVAU over the range, DSB ISH, IC IVAU over the range, DSB ISH, ISB.
 * Lines are stepped by the smallest line size CTR_EL0 reports, from the
 * line holding va. The ISB only resynchronizes this CPU; the module's
 * code first runs here (init_module), and another CPU reaches it only
 * after an exception return or ISB of its own.
 */
void arch_sync_icache(virt_addr_t va, u64 size)
{
	u64 ctr, line, addr, end = va + size;

	if (!size)
		return;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));

	if (!(ctr & CTR_IDC)) {
		line = 4ULL << CTR_DMINLINE(ctr);
		for (addr = ALIGN_DOWN(va, line); addr < end; addr += line)
			__asm__ volatile("dc cvau, %0" ::"r"(addr) : "memory");
	}
	/*
	 * The cleans (or, with IDC, the stores themselves) must complete to
	 * the Point of Unification before the I-cache is invalidated, or a
	 * refill could fetch the old bytes: a DC CVAU, like a store, is
	 * ordered before a later IC IVAU only by a DSB.
	 */
	__asm__ volatile("dsb ish" ::: "memory");

	if (!(ctr & CTR_DIC)) {
		line = 4ULL << CTR_IMINLINE(ctr);
		for (addr = ALIGN_DOWN(va, line); addr < end; addr += line)
			__asm__ volatile("ic ivau, %0" ::"r"(addr) : "memory");
		/* An IC IVAU is complete, for every PE in the Inner Shareable domain, only after a DSB. */
		__asm__ volatile("dsb ish" ::: "memory");
	}
	/*
	 * Instructions already fetched into this PE's pipeline are discarded
	 * only by a context synchronization event: the ISB.
	 */
	__asm__ volatile("isb" ::: "memory");
}
