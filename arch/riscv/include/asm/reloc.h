/* SPDX-License-Identifier: GPL-2.0 */
/* The one dynamic relocation type the riscv image may hold (RISC-V psABI). */
#ifndef ASM_RELOC_H
#define ASM_RELOC_H

#define ARCH_R_RELATIVE	     3 /* R_RISCV_RELATIVE: B + A */
#define ARCH_R_RELATIVE_NAME "R_RISCV_RELATIVE"

#endif
