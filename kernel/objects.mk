# The kernel proper: what runs once the final tables are live.
# The module loader: the generic linker, the loader and the export table.
obj-y		+= kernel/module_link.o kernel/module.o kernel/exports.o
# eBPF: loading from the initramfs, running, comparing (docs/bpf.md).
obj-y		+= kernel/bpf/core.o kernel/bpf/object.o kernel/bpf/helpers.o
# eBPF: the verifier and the reference interpreter.
obj-y		+= kernel/bpf/verifier.o kernel/bpf/interp.o
# Processors: the generic half of SMP (include/lander/smp.h); the boot CPU's cpu_info and stack always.
obj-y		+= kernel/smp.o
