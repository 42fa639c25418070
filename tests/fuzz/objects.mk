# libFuzzer targets (clang -fsanitize=fuzzer,address,undefined).
#
#   fuzz-y += NAME
#   fuzz-NAME-src := tests/fuzz/fuzz_NAME.c lib/foo.c ...
# Seed corpus: tests/fuzz/corpus/NAME/

fuzz-y += fdt
fuzz-fdt-src := tests/fuzz/fuzz_fdt.c tests/unit/fdt_nav.c lib/fdt.c lib/dt_info.c lib/dt_cpus.c

# The EFI stub's device-tree editor: arbitrary source trees, then edits
# chosen by the bytes after the tree's totalsize.
fuzz-y += fdt_edit
fuzz-fdt_edit-src := tests/fuzz/fuzz_fdt_edit.c tests/unit/fdt_nav.c lib/fdt_edit.c lib/fdt.c

# The self-relocation engine on a synthetic image, rela table and displacement.
fuzz-y += reloc
fuzz-reloc-src := tests/fuzz/fuzz_reloc.c boot/relocate.c

# The initramfs (newc cpio) reader on arbitrary bytes.
fuzz-y += cpio
fuzz-cpio-src := tests/fuzz/fuzz_cpio.c lib/cpio.c

# The module linker on arbitrary bytes: the ELF reader, the generic linker
# and both arches' relocation code. lib/printk.c formats the linker's
# messages; its functions have libc's names, which the sanitizer runtimes
# call, so they are renamed as for the printk unit test.
fuzz-y += module
fuzz-module-src := tests/fuzz/fuzz_module.c lib/elf.c kernel/module_link.c lib/printk.c \
	arch/arm64/kernel/module_reloc.c arch/riscv/kernel/module_reloc.c
fuzz-module-cflags := -Dvsnprintf=lander_vsnprintf -Dsnprintf=lander_snprintf \
	-Dvprintk=lander_vprintk -Dprintk=lander_printk
# The eBPF verifier on arbitrary programs, and the interpreter on every one
# it accepts, with a small back-edge budget.
fuzz-y += bpf
fuzz-bpf-src := tests/fuzz/fuzz_bpf.c kernel/bpf/verifier.c kernel/bpf/interp.c
fuzz-bpf-cflags := -DBPF_BACKEDGE_BUDGET=64
# The EFI stub's reading of a firmware memory map: places and reservations.
fuzz-y += efi_memmap
fuzz-efi_memmap-src := tests/fuzz/fuzz_efi_memmap.c boot/efi/memmap.c lib/fdt_edit.c lib/fdt.c
fuzz-efi_memmap-cflags := -I$(srctree)/arch/arm64/include -DCONFIG_VA_BITS=48 \
	-DCONFIG_PAGE_SHIFT=12 -DCONFIG_EFI=1
