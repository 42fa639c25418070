// SPDX-License-Identifier: GPL-2.0
/*
 * The riscv half of the EFI stub (arch/riscv/kernel/efi.c): which hart
 * boots. Expected from the RISC-V UEFI Protocol Specification 1.0
 * (RISCV_EFI_BOOT_PROTOCOL first) and Linux's /chosen/boot-hartid
 * binding (a u32 or a u64, big-endian, the fallback). Trees are written
 * with libfdt (dlopen) and read with lib/fdt.c, as the stub reads them.
 */
#include <lander/efi.h>
#include <lander/fdt.h>
#include <asm/efi.h>

#include <stdint.h>
#include <string.h>

#include "libfdt_dl.h"
#include "tap.h"

static struct libfdt_calls lf;
static bool proto_present, proto_fails;
static size_t proto_hart;

static efi_status_t get_boot_hartid(struct riscv_efi_boot_protocol *self, size_t *hartid)
{
	(void)self;
	if (proto_fails)
		return EFI_UNSUPPORTED;
	*hartid = proto_hart;
	return EFI_SUCCESS;
}

static struct riscv_efi_boot_protocol proto = { 0x00010000, get_boot_hartid };

static efi_status_t locate_protocol(efi_guid_t *guid, void *reg, void **iface)
{
	efi_guid_t want = RISCV_EFI_BOOT_PROTOCOL_GUID;

	(void)reg;
	if (!proto_present || memcmp(guid, &want, sizeof(want)))
		return EFI_NOT_FOUND;
	*iface = &proto;
	return EFI_SUCCESS;
}

static struct efi_boot_services bs = { .locate_protocol = locate_protocol };
static struct efi_system_table st = { .boot_services = &bs };

/* A tree with /chosen and, if len, boot-hartid of len bytes holding id; *chosen its offset. */
static void make_tree(u8 *t, int len, u64 id, struct fdt *fdt, int *chosen)
{
	u8 be[8];
	int i;

	for (i = 0; i < len; i++)
		be[i] = (u8)(id >> (8 * (len - 1 - i)));
	lf.create(t, 4096);
	lf.finish_reservemap(t);
	lf.begin_node(t, "");
	lf.begin_node(t, "chosen");
	if (len >= 0)
		lf.property(t, "boot-hartid", be, len);
	lf.end_node(t);
	lf.end_node(t);
	lf.finish(t);
	fdt_init(fdt, t, 4096);
	*chosen = lf.path_offset(t, "/chosen");
}

int main(void)
{
	static u8 t[4096];
	struct fdt fdt;
	const char *why;
	u64 hart;
	int chosen;

	tap_start();
	if (libfdt_load(&lf)) {
		printf("Bail out! libfdt is needed\n");
		return 1;
	}

	proto_present = true;
	proto_hart = 3;
	make_tree(t, 4, 7, &fdt, &chosen);
	hart = ~0ull;
	why = arch_efi_entry_arg(&st, &fdt, chosen, &hart);
	TAP_CHECK(!why && hart == 3, "hart %llu: %s", (unsigned long long)hart, why ? why : "");
	tap_case("RISCV_EFI_BOOT_PROTOCOL wins over /chosen/boot-hartid");

	proto_fails = true;
	why = arch_efi_entry_arg(&st, &fdt, chosen, &hart);
	TAP_CHECK(!why && hart == 7, "hart %llu", (unsigned long long)hart);
	tap_case("the protocol fails: /chosen/boot-hartid, a u32");

	proto_present = false;
	make_tree(t, 8, 0x100000002ull, &fdt, &chosen);
	why = arch_efi_entry_arg(&st, &fdt, chosen, &hart);
	TAP_CHECK(!why && hart == 0x100000002ull, "hart %#llx", (unsigned long long)hart);
	tap_case("no protocol: /chosen/boot-hartid, a u64");

	make_tree(t, 2, 1, &fdt, &chosen);
	why = arch_efi_entry_arg(&st, &fdt, chosen, &hart);
	TAP_CHECK(why && strstr(why, "no boot hart"), "a 2-byte boot-hartid was taken");
	make_tree(t, -1, 0, &fdt, &chosen);
	why = arch_efi_entry_arg(&st, &fdt, chosen, &hart);
	TAP_CHECK(why && strstr(why, "no boot hart"), "no boot-hartid, no protocol, yet a hart");
	tap_case("neither, or a boot-hartid of 2 bytes: why there is no boot hart");
	return tap_done();
}
