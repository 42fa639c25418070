/* SPDX-License-Identifier: GPL-2.0 */
/* The arm64 half of the EFI stub (boot/efi/, include/lander/efi_stub.h). */
#ifndef ASM_EFI_H
#define ASM_EFI_H

/* The PE/COFF machine type: IMAGE_FILE_MACHINE_ARM64 (PE Format, "Machine Types"). */
#define ARCH_PE_MACHINE 0xaa64

#ifdef __ASSEMBLER__
/* clang-format off */
/*
 * A 32-bit PE/COFF field the link fixes, end - start: the linker script's
 * absolute symbol abs holds it (an ABS32 relocation resolves it).
 */
	.macro	pe_link_size32 abs, end, start
	.long	\abs
	.endm
/* clang-format on */
#else
#include <lander/compiler.h>
#include <lander/efi.h>
#include <lander/fdt.h>

/*
 * What the kernel's entry takes besides the tree: nothing on arm64 (x1-x3
 * are 0, Documentation/arch/arm64/booting.rst). Returns NULL: no failure.
 */
static inline const char *arch_efi_entry_arg(struct efi_system_table *st, const struct fdt *fdt,
					     int chosen, u64 *arg)
{
	(void)st, (void)fdt, (void)chosen;
	*arg = 0;
	return NULL;
}

/*
 * After ExitBootServices(): clean the image's extent and the tree to the
 * point of coherency, turn the MMU and the data cache off at the EL the
 * firmware ran the stub at, and enter the image at text_pa as the boot
 * protocol says (x0 = the tree, x1-x3 = 0). arch/arm64/kernel/efi_enter.S.
 */
void __noreturn arch_efi_enter(phys_addr_t text_pa, phys_addr_t fdt_pa, u64 arg, u64 image_size,
			       u64 fdt_size);
#endif

#endif
