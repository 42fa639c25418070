// SPDX-License-Identifier: GPL-2.0
/*
 * The riscv part of the EFI stub: which hart boots. The RISC-V UEFI
 * Protocol Specification 1.0 gives it through RISCV_EFI_BOOT_PROTOCOL;
 * older firmware put it in /chosen/boot-hartid (a u32 or a u64). Runs in
 * the firmware's world, before relocation: early subset.
 */
#include <lander/efi.h>
#include <lander/fdt.h>
#include <asm/efi.h>

const char *arch_efi_entry_arg(struct efi_system_table *st, const struct fdt *fdt, int chosen,
			       u64 *hartid)
{
	efi_guid_t guid = RISCV_EFI_BOOT_PROTOCOL_GUID;
	struct riscv_efi_boot_protocol *proto = NULL;
	const void *val;
	size_t id;
	u32 len;

	if (st->boot_services->locate_protocol(&guid, NULL, (void **)&proto) == EFI_SUCCESS &&
	    proto && proto->get_boot_hartid(proto, &id) == EFI_SUCCESS) {
		*hartid = id;
		return NULL;
	}
	val = fdt_getprop(fdt, chosen, "boot-hartid", &len);
	if (val && len == 4) {
		*hartid = fdt32_ld(val);
		return NULL;
	}
	if (val && len == 8) {
		*hartid = fdt64_ld(val);
		return NULL;
	}
	return "no boot hart: the firmware has no RISCV_EFI_BOOT_PROTOCOL and the device tree "
	       "no /chosen/boot-hartid of 4 or 8 bytes";
}
