// SPDX-License-Identifier: GPL-2.0
/*
 * Replacing the live kernel root on arm64.
 *
 * TTBR1_EL1 cannot simply be rewritten: the old and new tables map the
 * running image, and for a moment the TLB could hold entries from both,
 * which the architecture calls a TLB conflict (DDI 0487 D8.16.1,
 * break-before-make). So an identity-mapped helper points TTBR1 at an
 * empty root, invalidates the TLB, then installs the new root. The helper
 * is called at its physical address (__pa_symbol, not __pa: it is an
 * image symbol; thread "Re: [PATCH v3 3/5] arm64/mm: Create initial page
 * tables in init_pg_dir", linux-kernel mailing list, 6 Jul 2018).
 */
#include <lander/compiler.h>
#include <mm/layout.h>
#include <mm/physaddr.h>
#include <asm/mmu.h>

/* An all-invalid root for TTBR1 during the switch and for TTBR0 after. */
u64 arm64_empty_root[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

/* In .idmap.text: TTBR1 = empty, TLBI, TTBR1 = root (x0, x1: TTBR values). */
void arm64_replace_ttbr1(u64 root, u64 empty);

void arch_switch_kernel_root(phys_addr_t root)
{
	void (*replace)(u64, u64) = (void (*)(u64, u64))__pa_symbol(arm64_replace_ttbr1);
	u64 empty = arm64_ttbr(__pa_symbol(arm64_empty_root));

	replace(arm64_ttbr(root), empty);
	/* And the identity map goes too: TTBR0 gets the empty root. */
	__asm__ volatile("msr ttbr0_el1, %0\n\tisb\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::"r"(empty)
			 : "memory");
}
