/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What head.S's secondary entry and park loop share with arch/riscv/kernel/smp.c,
 * for assembly (offsets) and C (the structs, checked against the offsets).
 *
 * The handoff: written by the boot hart before it starts each secondary
 * (one at a time, so one suffices), read by the secondary with paging
 * off at its physical address, then at its virtual one.
 *
 * The park mailbox: the harts that lost head.S's lottery wait in the
 * copy of the image the loader loaded until the boot hart names one of
 * them here and sends it an IPI; that hart then enters the secondary
 * entry of the running copy at entry_pa.
 */
#ifndef RISCV_HANDOFF_H
#define RISCV_HANDOFF_H

#define HANDOFF_SATP	0  /* the satp value to write: mode and the final root */
#define HANDOFF_CONT_VA 8  /* riscv_secondary_switched's virtual address */
#define HANDOFF_CPU	16 /* the hart's struct cpu_info: tp, and its stack_top */
#define HANDOFF_HARTID	24 /* the hart expected: any other that enters parks */

#define MAILBOX_HARTID	 0 /* the parked hart to release, or RISCV_HARTID_NONE */
#define MAILBOX_ENTRY_PA 8 /* where it goes: the running copy's secondary entry */

/* No hart: hart ids above RISCV_HARTID_MAX are refused (arch_cpu_usable()). */
#define RISCV_HARTID_NONE (-1)

/* sie.SSIE and sip.SSIP: the supervisor software interrupt, bit 1 of both. */
#define RISCV_SSI_BIT 2

#ifndef __ASSEMBLER__
#include <lander/types.h>

struct riscv_handoff {
	u64 satp;
	virt_addr_t cont_va;
	virt_addr_t cpu_va;
	u64 hartid;
};

struct riscv_park_mailbox {
	u64 hartid;
	phys_addr_t entry_pa;
};

_Static_assert(__builtin_offsetof(struct riscv_handoff, satp) == HANDOFF_SATP, "head.S");
_Static_assert(__builtin_offsetof(struct riscv_handoff, cont_va) == HANDOFF_CONT_VA, "head.S");
_Static_assert(__builtin_offsetof(struct riscv_handoff, cpu_va) == HANDOFF_CPU, "head.S");
_Static_assert(__builtin_offsetof(struct riscv_handoff, hartid) == HANDOFF_HARTID, "head.S");
_Static_assert(__builtin_offsetof(struct riscv_park_mailbox, hartid) == MAILBOX_HARTID, "head.S");
_Static_assert(__builtin_offsetof(struct riscv_park_mailbox, entry_pa) == MAILBOX_ENTRY_PA,
	       "head.S");

/* In head.S: the secondary's physical entry and its virtual continuation. */
extern char riscv_secondary_entry[], riscv_secondary_switched[];
extern struct riscv_handoff riscv_handoff;
extern struct riscv_park_mailbox riscv_park_mailbox;
#endif

#endif
