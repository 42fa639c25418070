# Library code. printk, string and fdt also run with the MMU off.
pi-obj-y	+= lib/printk.o lib/string.o lib/fdt.o lib/dt_info.o lib/panic.o lib/blake2s.o
# The EFI stub's device-tree editor runs in firmware's address space, before relocation.
pi-obj-$(CONFIG_EFI)	+= lib/fdt_edit.o
obj-y		+= lib/trap.o lib/ktest.o
# The initramfs and ELF readers run after the final tables: no MMU-off constraints.
obj-y		+= lib/cpio.o lib/elf.o
# The /cpus reader runs once SMP bring-up starts, long after the MMU is on.
obj-y		+= lib/dt_cpus.o
