// SPDX-License-Identifier: GPL-2.0
/*
 * Making newly written instructions visible to instruction fetch on riscv.
 */
#include <lander/cpu.h>
#include <lander/smp.h>

/*
 * FENCE.I orders this hart's earlier stores before its later instruction
 * fetches (RISC-V unprivileged ISA, "Zifencei" chapter), whatever the
 * address, so the range is not needed. It covers only the hart that runs
 * it, so every other online hart runs it too (SBI remote_fence_i), for
 * code that any hart may call. Written as .insn (I-type, MISC-MEM
 * opcode 0x0f, funct3 001, rd = rs1 = x0, imm 0: the word 0x0000100f)
 * because clang 14's -march for this kernel cannot name Zifencei while
 * gcc's must, and a later clang may refuse the mnemonic without it.
 */
void arch_sync_icache(virt_addr_t va, u64 size)
{
	smp_flush_stats.ops++;
	__asm__ volatile(".insn i 0x0f, 1, x0, x0, 0 /* fence.i */" ::: "memory");
	riscv_remote_fence_i();
}
