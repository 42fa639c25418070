# arm64: entry, exceptions, CPU helpers and the translation-table format.
obj-y		+= arch/arm64/kernel/head.o arch/arm64/kernel/entry.o
obj-y		+= arch/arm64/kernel/traps.o arch/arm64/mm/mmu.o arch/arm64/mm/switch.o
pi-obj-y	+= arch/arm64/kernel/cpu.o arch/arm64/kernel/vabits.o arch/arm64/mm/pgformat.o
# Module relocation (also built into the host tests) and I-cache maintenance for module text.
obj-y		+= arch/arm64/kernel/module_reloc.o arch/arm64/mm/cacheflush.o
# The eBPF JIT (also built into the host tests and the qemu-user harness).
obj-y		+= arch/arm64/kernel/bpf_jit.o
# The CPU's random numbers (RNDR) for the KASLR seed: early subset too.
pi-obj-y	+= arch/arm64/kernel/seed.o
# SMP: PSCI, spin tables, WFE idling (the arch half of include/lander/smp.h).
obj-y		+= arch/arm64/kernel/smp.o arch/arm64/mm/tlbflush.o
# Leaving the EFI stub for the kernel's entry: caches cleaned, MMU off.
obj-$(CONFIG_EFI)	+= arch/arm64/kernel/efi_enter.o
