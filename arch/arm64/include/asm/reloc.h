/* SPDX-License-Identifier: GPL-2.0 */
/* The one dynamic relocation type the arm64 image may hold (AAELF64 5.7.12). */
#ifndef ASM_RELOC_H
#define ASM_RELOC_H

#define ARCH_R_RELATIVE	     1027 /* R_AARCH64_RELATIVE: B + A */
#define ARCH_R_RELATIVE_NAME "R_AARCH64_RELATIVE"

#endif
