# SPDX-License-Identifier: GPL-2.0
# The boot tests' loader shims, one per arch (tests/shim/*.S), linked at a
# fixed address just above where the firmware or QEMU's boot code lives.
shimobj		:= $(abspath build/shim)

$(shimobj)/shim-arm64.elf: $(srctree)/tests/shim/shim-arm64.S
	$(quiet) SHIM shim-arm64.elf
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CROSS_COMPILE_arm64)gcc -nostdlib -static -Wl,-Ttext=0x40100000 -Wl,--build-id=none $< -o $@

# OpenSBI enters its payload at 0x80200000; QEMU would take an ELF's lowest
# segment address instead, so the riscv shim is a raw binary.
$(shimobj)/shim-riscv.elf: $(srctree)/tests/shim/shim-riscv.S
	$(quiet) SHIM shim-riscv.elf
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CROSS_COMPILE_riscv)gcc -nostdlib -static -march=rv64imac -mabi=lp64 \
		-Wl,-Ttext=0x80200000 -Wl,--build-id=none $< -o $@
	$(Q)$(CROSS_COMPILE_riscv)objcopy -O binary $@ $(@:.elf=.bin)

.PHONY: shims
shims: $(shimobj)/shim-arm64.elf $(shimobj)/shim-riscv.elf
