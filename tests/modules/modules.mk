# SPDX-License-Identifier: GPL-2.0
# Test modules (tests/modules/*.c) for ARCH, built by both compilers, and
# the initramfs that carries them. Included by the top Makefile.
#
#   make modules      $(O)/modules/{gcc,clang}/NAME.ko at -O2, the calc.c
#                     variant matrix $(O)/modules/calc-CC-OPT[-fs][-pie].ko,
#                     and the crafted bad objects in $(O)/modules/bad/
#   make initramfs    $(O)/initramfs.cpio: tests/initramfs/, then the modules
#                     in MODULES_ARCHIVE order, then the bad ones, then the
#                     eBPF programs of tests/bpf/bpf.mk under bpf/
#
# A .ko is the compiler's -c output: an ELF64 ET_REL object, nothing more.

modobj		:= $(objtree)/modules
MODULE_NAMES	:= hello mathlib mathuser calc align farref failinit undef dupexport

# The compilers, named as the toolchain section names them, each with its
# own include directory (for stdarg.h).
MOD_CC_gcc	:= $(CROSS_COMPILE_$(ARCH))gcc
MOD_CC_clang	:= clang --target=$(CLANG_TARGET_$(ARCH))
MOD_ISYSTEM_gcc	 = $(shell $(MOD_CC_gcc) -print-file-name=include 2>/dev/null)
MOD_ISYSTEM_clang = $(shell $(MOD_CC_clang) -print-resource-dir 2>/dev/null)/include

# MODULE_CFLAGS: what every module is compiled with, by both compilers.
# Freestanding against include/lander/module.h only; no unwind tables, no
# common symbols, no stack protector (the kernel has no guard to check).
# No __KERNEL__: a module does not get compiler.h's hidden visibility, so
# its references to the kernel are plain undefined symbols (and go through
# the GOT when built -fPIE).
MODULE_CFLAGS	:= -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
		   -Wmissing-prototypes -Wstrict-prototypes \
		   -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables \
		   -fno-unwind-tables -fno-common -nostdinc \
		   -I$(srctree)/include -I$(srctree)/arch/$(ARCH)/include
# Per arch and compiler. arm64: the small code model (AArch64 ELF ABI
# "ELF for the Arm 64-bit Architecture": ADRP+ADD/LDR within +-4 GB), no
# FP/SIMD registers (the kernel does not save them), inline atomics.
# riscv: medany (PC-relative AUIPC pairs), RV64IMAC with the lp64 ABI; the
# compilers' default linker relaxation stays on, since relaxable objects
# are what the loader must accept. (clang 14.0.6 drops it by mistake: its
# objects carry no R_RISCV_RELAX or R_RISCV_ALIGN, gcc's do.)
MODULE_CFLAGS_arm64	:= -mcmodel=small -mgeneral-regs-only -mno-outline-atomics
MODULE_CFLAGS_riscv	:= -mcmodel=medany -mabi=lp64
MODULE_CFLAGS_riscv_gcc	  := -march=rv64imac_zicsr_zifencei
MODULE_CFLAGS_riscv_clang := -march=rv64imac

# mod-cflags(compiler): the full flag set minus optimisation and PIE choice.
mod-cflags	= $(MODULE_CFLAGS) -isystem $(MOD_ISYSTEM_$(1)) $(MODULE_CFLAGS_$(ARCH)) \
		  $(MODULE_CFLAGS_$(ARCH)_$(1))

# mod-rule(output, source, compiler, extra flags)
define mod-rule
$(modobj)/$(1).ko: $(srctree)/tests/modules/$(2).c
	$$(quiet) MODCC modules/$(1).ko
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)$$(MOD_CC_$(3)) $$(call mod-cflags,$(3)) $(4) -MMD -MP -c $$< -o $$@
endef

# gcc/NAME.ko and clang/NAME.ko: every module at -O2, not PIE.
$(foreach c,gcc clang,$(foreach m,$(MODULE_NAMES),\
	$(eval $(call mod-rule,$(c)/$(m),$(m),$(c),-O2 -fno-PIE))))

# mathuser.c again with -fPIE: its reference to mathlib_squares, data
# defined outside the object, is then made through the GOT (calc.c
# references no outside data, so its -pie variants have no GOT entries).
$(foreach c,gcc clang,$(eval $(call mod-rule,$(c)/mathuser-pie,mathuser,$(c),-O2 -fPIE)))

# The calc.c matrix: compiler x -O0/-O2/-Os x sections (-fs: one section
# per function and per object) x code model (-pie: -fPIE, else -fno-PIE).
CALC_VARIANTS	:= $(foreach c,gcc clang,$(foreach o,O0 O2 Os,\
		   calc-$(c)-$(o) calc-$(c)-$(o)-pie calc-$(c)-$(o)-fs calc-$(c)-$(o)-fs-pie))
calc-flags	= -$(word 3,$(subst -, ,$(1))) \
		  $(if $(findstring -fs,$(1)),-ffunction-sections -fdata-sections) \
		  $(if $(findstring -pie,$(1)),-fPIE,-fno-PIE)
$(foreach v,$(CALC_VARIANTS),\
	$(eval $(call mod-rule,$(v),calc,$(word 2,$(subst -, ,$(v))),$(call calc-flags,$(v)))))

MODULES		:= $(foreach c,gcc clang,$(foreach m,$(MODULE_NAMES) mathuser-pie,$(modobj)/$(c)/$(m).ko)) \
		   $(addprefix $(modobj)/,$(addsuffix .ko,$(CALC_VARIANTS)))

# Crafted bad objects, made from gcc/calc.ko in this order (the script's
# own list; tests/modules/make-bad-modules.py says what each breaks).
BAD_MODULES	:= truncated magic class32 big-endian wrong-machine et-dyn shentsize \
		   shoff-past-end section-past-end symtab-link reloc-sym-range reloc-type-unknown \
		   reloc-offset-range reloc-target-unalloc bss-1g sym-shndx-range
BAD_KO		:= $(addprefix $(modobj)/bad/,$(addsuffix .ko,$(BAD_MODULES)))

$(BAD_KO) &: $(modobj)/gcc/calc.ko $(srctree)/tests/modules/make-bad-modules.py
	$(quiet) GEN modules/bad/
	$(Q)$(PYTHON) $(srctree)/tests/modules/make-bad-modules.py $< $(modobj)/bad $(BAD_MODULES)

.PHONY: modules bad-modules
modules: $(MODULES) $(BAD_KO)
bad-modules: $(BAD_KO)

-include $(MODULES:.ko=.d)

# The archive: in-archive name <- built file, in load order. hello from
# both compilers; mathlib from gcc only (a second mathlib would clash with
# the first's exports), mathuser from both against it; every calc
# variant; then the modules that must be refused or unloaded, and last the
# bad objects.
MODULES_ARCHIVE	:= hello-gcc:gcc/hello hello-clang:clang/hello \
		   mathlib-gcc:gcc/mathlib mathuser-gcc:gcc/mathuser mathuser-clang:clang/mathuser \
		   mathuser-gcc-pie:gcc/mathuser-pie mathuser-clang-pie:clang/mathuser-pie \
		   $(foreach v,$(CALC_VARIANTS),$(v):$(v)) align-gcc:gcc/align align-clang:clang/align \
		   farref-gcc:gcc/farref farref-clang:clang/farref \
		   failinit-gcc:gcc/failinit undef-gcc:gcc/undef dupexport-gcc:gcc/dupexport \
		   $(foreach b,$(BAD_MODULES),bad-$(b):bad/$(b))
archive-src	= $(modobj)/$(word 2,$(subst :, ,$(1))).ko
archive-name	= modules/$(word 1,$(subst :, ,$(1))).ko

# tests/initramfs/ in sorted order (owner root, no device numbers), then
# modules/ in MODULES_ARCHIVE order, then bpf/ in the order of
# tests/bpf/bpf.mk's bpf-archive-list, staged under $(O)/initramfs/.
INITRAMFS	:= $(objtree)/initramfs.cpio
initramfs-root	:= $(objtree)/initramfs
.PHONY: initramfs
initramfs: $(INITRAMFS)
$(INITRAMFS): $(shell find $(srctree)/tests/initramfs -type f 2>/dev/null) $(MODULES) $(BAD_KO) \
	      $(BPF_OBJS) $(BPF_MEMS) $(BPF_RAW_LIST)
	$(quiet) CPIO initramfs.cpio
	$(Q)rm -rf $(initramfs-root) && mkdir -p $(initramfs-root)/modules $(initramfs-root)/bpf
	$(Q)cp -R $(srctree)/tests/initramfs/. $(initramfs-root)/
	$(Q)$(foreach e,$(MODULES_ARCHIVE),cp $(call archive-src,$(e)) $(initramfs-root)/$(call archive-name,$(e)) &&) true
	$(Q)cd $(bpfobj) && cp $(bpf-archive-list) $(initramfs-root)/bpf/
	$(Q){ cd $(srctree)/tests/initramfs && find . -mindepth 1 | LC_ALL=C sort; \
	      echo ./modules; \
	      $(foreach e,$(MODULES_ARCHIVE),echo ./$(call archive-name,$(e));) \
	      echo ./bpf; \
	      for f in $(bpf-archive-list); do echo ./bpf/$$f; done; } | \
		(cd $(initramfs-root) && cpio --quiet -H newc -o -R 0:0 --reproducible) > $@.tmp
	$(Q)mv $@.tmp $@
