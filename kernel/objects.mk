# The kernel proper: what runs once the final tables are live.
# The module loader: the generic linker, the loader and the export table.
obj-y		+= kernel/module_link.o kernel/module.o kernel/exports.o
# eBPF: the verifier and the reference interpreter.
obj-y		+= kernel/bpf/verifier.o kernel/bpf/interp.o
