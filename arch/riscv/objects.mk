# riscv: entry, traps, SBI calls and the translation-table formats.
obj-y		+= arch/riscv/kernel/head.o arch/riscv/kernel/entry.o
obj-y		+= arch/riscv/kernel/traps.o
pi-obj-y	+= arch/riscv/kernel/cpu.o arch/riscv/kernel/svmode.o arch/riscv/mm/pgformat.o
# Making instructions the kernel writes (modules) visible to fetch.
obj-y		+= arch/riscv/mm/cacheflush.o
# SMP: starting, idling, waking and stopping harts through the SBI, and the
# TLB flush that reaches every online hart (lander/smp.h).
obj-y		+= arch/riscv/kernel/smp.o arch/riscv/mm/tlbflush.o
# Relocation of loadable modules (the arch half of kernel/module_link.c).
obj-y		+= arch/riscv/kernel/module_reloc.o
# The eBPF JIT (include/lander/bpf.h): emits into a buffer the BPF window maps.
obj-y		+= arch/riscv/kernel/bpf_jit.o
# The Zkr entropy source for the KASLR seed, and the ISA-string reader its
# probe uses (also built into the host tests): early subset too.
pi-obj-y	+= arch/riscv/kernel/seed.o arch/riscv/kernel/isa.o
# The EFI stub's riscv part: the boot hart, and leaving for the kernel's entry.
obj-$(CONFIG_EFI)	+= arch/riscv/kernel/efi_enter.o
pi-obj-$(CONFIG_EFI)	+= arch/riscv/kernel/efi.o
