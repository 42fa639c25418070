# Host unit tests. Each test is one program built twice (gcc and clang)
# under AddressSanitizer and UndefinedBehaviorSanitizer from the real
# kernel sources, run from the top of the tree with the fixture directory
# as its only argument, and printing TAP.
#
#   unit-y += NAME
#   unit-NAME-src := tests/unit/test_NAME.c lib/foo.c ...
#   unit-NAME-ldlibs := -lfoo            (optional)
#   unit-NAME-cflags := -D...            (optional, added to the compile)
#
# lib/printk.c and lib/string.c define functions with libc's names
# (snprintf, memcpy, ...), and their tests compare them against libc's.
# So those builds rename the kernel's functions with -D: every file of the
# test sees lander_snprintf, lander_memcpy, ...; each test program reads its
# lander header with the macros in force, then #undefs them before the libc
# headers, and so calls both by distinct names.

unit-y += printk
unit-printk-src := tests/unit/test_printk.c lib/printk.c
unit-printk-cflags := -Dvsnprintf=lander_vsnprintf -Dsnprintf=lander_snprintf \
	-Dvprintk=lander_vprintk -Dprintk=lander_printk

unit-y += string
unit-string-src := tests/unit/test_string.c lib/string.c
unit-string-cflags := -Dmemset=lander_memset -Dmemcpy=lander_memcpy \
	-Dmemmove=lander_memmove -Dmemcmp=lander_memcmp -Dstrlen=lander_strlen \
	-Dstrnlen=lander_strnlen -Dstrcmp=lander_strcmp -Dstrncmp=lander_strncmp \
	-Dstrchr=lander_strchr -Dparse_u64=lander_parse_u64

# The device-tree reader, compared with libfdt (loaded with dlopen: its
# function names clash with ours, so it cannot be linked in).
unit-y += fdt
unit-fdt-src := tests/unit/test_fdt.c tests/unit/fdt_nav.c lib/fdt.c lib/dt_info.c
unit-fdt-ldlibs := -ldl

# The EFI stub's device-tree editor, against libfdt's own editing of the
# same trees (loaded with dlopen, as above): the fixtures and boards
# opened, /chosen, properties, reservations, running out of room, refused
# sources, and a seeded random differential test.
unit-y += fdt_edit
unit-fdt_edit-src := tests/unit/test_fdt_edit.c tests/unit/fdt_nav.c lib/fdt_edit.c lib/fdt.c
unit-fdt_edit-ldlibs := -ldl

# The /cpus reader, on trees written with libfdt's sequential-write calls
# (loaded with dlopen, as above), against hand-worked expectations, libfdt's
# own reading of the fixtures and boards, and a model of random trees.
unit-y += dt_cpus
unit-dt_cpus-src := tests/unit/test_dt_cpus.c lib/dt_cpus.c lib/fdt.c
unit-dt_cpus-ldlibs := -ldl

unit-y += pgtable
unit-pgtable-src := tests/unit/test_pgtable.c mm/pgtable.c arch/arm64/mm/pgformat.c arch/riscv/mm/pgformat.c

# The self-relocation engine on synthetic rela tables.
unit-y += reloc
unit-reloc-src := tests/unit/test_reloc.c boot/relocate.c

# The virtual layout of every paging format, and the early pool bound
# measured with the real walker.
unit-y += layout
unit-layout-src := tests/unit/test_layout.c mm/layout.c mm/pgtable.c arch/arm64/mm/pgformat.c \
	arch/riscv/mm/pgformat.c

# The physical memory lists and allocator, against a bitmap model.
unit-y += memblock
unit-memblock-src := tests/unit/test_memblock.c mm/memblock.c

# memblock filled from device trees: the fixtures, QEMU's dumps, trees
# the test writes and real boards' trees (libfdt, loaded with dlopen, as
# the oracle). Every read of a /memreserve/ entry goes through the test's
# wrapper of fdt_mem_rsv() (--wrap), which counts them. lib/printk.c is renamed as for the printk test; the
# riscv asm headers and a configured layout (Sv39) let mm/physaddr.h and
# mm/physaddr.c compile on the host.
unit-y += memory_init
unit-memory_init-src := tests/unit/test_memory_init.c mm/memory_init.c mm/memblock.c \
	mm/physaddr.c lib/fdt.c lib/dt_info.c lib/printk.c arch/arm64/mm/pgformat.c \
	arch/riscv/mm/pgformat.c
unit-memory_init-ldlibs := -ldl -Wl,--wrap=fdt_mem_rsv
unit-memory_init-cflags := -Dvsnprintf=lander_vsnprintf -Dsnprintf=lander_snprintf \
	-Dvprintk=lander_vprintk -Dprintk=lander_printk \
	-I$(srctree)/arch/riscv/include -DCONFIG_VA_BITS=39 -DCONFIG_PAGE_SHIFT=12

# The riscv Sv mode choice: configured mode, optional mmu-type, probed modes.
unit-y += svmode
unit-svmode-src := tests/unit/test_svmode.c arch/riscv/kernel/svmode.c

# The arm64 VA size: granule, configured size, FEAT_LPA2 / FEAT_LVA or not.
unit-y += arm64_vabits
unit-arm64_vabits-src := tests/unit/test_arm64_vabits.c arch/arm64/kernel/vabits.c

# A model of the D-cache during arm64's MMU-off boot: why head.S invalidates
# past the loaded file before writing there (no kernel source: the order is
# the subject).
unit-y += bitops
unit-bitops-src := tests/unit/test_bitops.c

# BLAKE2s against RFC 7693's examples.
unit-y += blake2s
unit-blake2s-src := tests/unit/test_blake2s.c lib/blake2s.c

# The KASLR seed: its sources, the wiping, the refusals and the draws, with
# the CPU's instruction, the cache maintenance and the boot options faked
# (tests/unit/kaslr_shim/asm/).
unit-y += kaslr
# lib/string.c gives parse_u64() and the kernel's memset(); its names are
# renamed as for the string test.
unit-kaslr-src := tests/unit/test_kaslr.c boot/kaslr.c lib/blake2s.c lib/string.c
unit-kaslr-cflags := -I$(srctree)/tests/unit/kaslr_shim -DCONFIG_RANDOMIZE_BASE=1 -DCONFIG_KTEST=1 \
	$(unit-string-cflags)

unit-y += cache_order
unit-cache_order-src := tests/unit/test_cache_order.c

# The initramfs (newc cpio) reader, against archives the cpio tool makes.
unit-y += cpio
unit-cpio-src := tests/unit/test_cpio.c lib/cpio.c

# The ELF64 relocatable-object reader, on objects the test builds in memory
# (tests/unit/elf_build.h) and on the module objects make modules built.
unit-y += elf
unit-elf-src := tests/unit/test_elf.c lib/elf.c

# The generic module linker, with a fake arch of the test's own, against
# hand-worked images and a model; then the real arches on the module
# objects make modules built. kernel/module_link.c formats its messages
# with lib/printk.c, renamed as for the printk test.
unit-y += module_link
unit-module_link-src := tests/unit/test_module_link.c kernel/module_link.c lib/elf.c lib/printk.c \
	arch/arm64/kernel/module_reloc.c arch/riscv/kernel/module_reloc.c
unit-module_link-cflags := -Dvsnprintf=lander_vsnprintf -Dsnprintf=lander_snprintf \
	-Dvprintk=lander_vprintk -Dprintk=lander_printk

# riscv64 module relocation against a fake linker state (veneer and GOT
# slots, HI20 sites), with a random differential test.
unit-y += link_riscv
unit-link_riscv-src := tests/unit/test_link_riscv.c arch/riscv/kernel/module_reloc.c

# arm64 module relocation against hand-worked encodings and a decoder, with
# a fake veneer/GOT state in place of the generic linker.
unit-y += link_arm64
unit-link_arm64-src := tests/unit/test_link_arm64.c arch/arm64/kernel/module_reloc.c

# The eBPF interpreter on hand-worked programs for every opcode of the
# six conformance groups (RFC 9669), with the verifier accepting each.
unit-y += bpf_interp
unit-bpf_interp-src := tests/unit/test_bpf_interp.c kernel/bpf/interp.c kernel/bpf/verifier.c

# The eBPF verifier: one rejection per rule with its text and slot, and
# the flags it leaves on programs it accepts.
unit-y += bpf_verifier
unit-bpf_verifier-src := tests/unit/test_bpf_verifier.c kernel/bpf/verifier.c

# The seeded program generator the JIT harnesses share: its programs
# verify, end in an exit or a bounds stop, and repeat exactly.
unit-y += bpf_gen
unit-bpf_gen-src := tests/unit/test_bpf_gen.c kernel/bpf/interp.c kernel/bpf/verifier.c

# The arm64 eBPF JIT: hand-worked encodings, call forms by distance, no absolute call addresses.
unit-y += bpf_jit_arm64
unit-bpf_jit_arm64-src := tests/unit/test_bpf_jit_arm64.c arch/arm64/kernel/bpf_jit.c
# The riscv64 eBPF JIT: encodings worked out by hand from the ISA manual,
# the call forms by distance, and random constants through a small model.
unit-y += bpf_jit_riscv
unit-bpf_jit_riscv-src := tests/unit/test_bpf_jit_riscv.c arch/riscv/kernel/bpf_jit.c

# The riscv extension names in a hart's riscv,isa string and
# riscv,isa-extensions list (the Zkr check of the seed probe).
unit-y += riscv_isa
unit-riscv_isa-src := tests/unit/test_riscv_isa.c arch/riscv/kernel/isa.c

# Physical KASLR's places for the image: hand-worked requests, then a
# random differential test against a slot-by-slot model.
unit-y += phys_place
unit-phys_place-src := tests/unit/test_phys_place.c mm/phys_place.c

# The EFI stub against a pretend UEFI firmware (tests/unit/test_efi_stub.c):
# the image loaded 4 KB aligned, and (efi_stub_inplace) 2 MB aligned. The
# arm64 headers give the stub its arch half; the early printk formats its
# messages, renamed as for the printk test; the image's bounds are renamed
# too, as the host's linker has an _edata and an _end of its own.
efi-stub-src := tests/unit/test_efi_stub.c boot/efi/stub.c boot/efi/memmap.c boot/cmdline.c \
	lib/fdt.c lib/fdt_edit.c lib/printk.c
efi-stub-cflags := -Dvsnprintf=lander_vsnprintf -Dsnprintf=lander_snprintf \
	-Dvprintk=lander_vprintk -Dprintk=lander_printk \
	-I$(srctree)/arch/arm64/include -DCONFIG_VA_BITS=48 -DCONFIG_PAGE_SHIFT=12 \
	-DCONFIG_RANDOMIZE_BASE=1 -DCONFIG_RANDOMIZE_PHYS=1 -DCONFIG_EFI=1 '-DCONFIG_CMDLINE=""' \
	-D_text=test_image_text -D_edata=test_image_edata -D_end=test_image_end
unit-y += efi_stub
unit-efi_stub-src := $(efi-stub-src)
unit-efi_stub-ldlibs := -ldl
unit-efi_stub-cflags := $(efi-stub-cflags)
unit-y += efi_stub_inplace
unit-efi_stub_inplace-src := $(efi-stub-src)
unit-efi_stub_inplace-ldlibs := -ldl
unit-efi_stub_inplace-cflags := $(efi-stub-cflags) -DTEST_LOADED_ALIGNED

# The riscv half of the EFI stub: the boot hart from the protocol or the tree.
unit-y += efi_riscv
unit-efi_riscv-src := tests/unit/test_efi_riscv.c arch/riscv/kernel/efi.c lib/fdt.c
unit-efi_riscv-ldlibs := -ldl
unit-efi_riscv-cflags := -I$(srctree)/arch/riscv/include
