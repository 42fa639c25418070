/* SPDX-License-Identifier: GPL-2.0 */
/* The riscv half of the EFI stub (boot/efi/, include/lander/efi_stub.h). */
#ifndef ASM_EFI_H
#define ASM_EFI_H

/* The PE/COFF machine type: IMAGE_FILE_MACHINE_RISCV64 (PE Format, "Machine Types"). */
#define ARCH_PE_MACHINE 0x5064

#ifdef __ASSEMBLER__
/* clang-format off */
/*
 * A 32-bit PE/COFF field the link fixes, end - start. GNU ld leaves an
 * R_RISCV_32 against an absolute symbol at 0 in a PIE link, so the field
 * is the difference itself, which the assembler turns into an
 * R_RISCV_ADD32/R_RISCV_SUB32 pair the link resolves (abs is unused).
 */
	.macro	pe_link_size32 abs, end, start
	.long	\end - \start
	.endm
/* clang-format on */
#else
#include <lander/compiler.h>
#include <lander/efi.h>
#include <lander/fdt.h>

/*
 * The boot hart's id, which the kernel's entry takes in a0: from
 * RISCV_EFI_BOOT_PROTOCOL when the firmware has it, else from
 * /chosen/boot-hartid (arch/riscv/kernel/efi.c). Returns NULL, or why
 * there is none.
 */
const char *arch_efi_entry_arg(struct efi_system_table *st, const struct fdt *fdt, int chosen,
			       u64 *hartid);

/*
 * After ExitBootServices(): interrupts and paging off, the image's new
 * instructions made visible to fetch, then enter the image at text_pa
 * with a0 = the boot hart, a1 = the tree (arch/riscv/kernel/efi_enter.S).
 */
void __noreturn arch_efi_enter(phys_addr_t text_pa, phys_addr_t fdt_pa, u64 hartid, u64 image_size,
			       u64 fdt_size);
#endif

#endif
