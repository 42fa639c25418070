# The generic boot: early_boot() (early subset), then start_kernel().
pi-obj-y	+= boot/early.o boot/cmdline.o boot/relocate.o boot/milestones.o boot/kaslr.o
obj-y		+= boot/main.o
# The EFI stub (CONFIG_EFI, docs/efi.md): the PE/COFF header, and the stub,
# which runs in the firmware's world before the kernel's relocation.
obj-$(CONFIG_EFI)	+= boot/efi/pe_header.o
pi-obj-$(CONFIG_EFI)	+= boot/efi/stub.o boot/efi/memmap.o
