# SPDX-License-Identifier: GPL-2.0
#
# lander: one non-recursive Makefile for both architectures.
#
#   make [ARCH=arm64|riscv] [O=DIR] [LLVM=1] [CROSS_COMPILE=prefix] [V=1] [target]
#
# Each directory lists its objects in objects.mk; .config comes from
# Kconfig through Debian's python3-kconfiglib. "make help" lists targets.

LANDER_VERSION	:= 0.1
# A board (make run BOARD=...) implies its architecture.
board_arch_raspi3b  := arm64
board_arch_sifive_u := riscv
ifneq ($(BOARD),)
ifeq ($(board_arch_$(BOARD)),)
$(error BOARD=$(BOARD) is not supported: use raspi3b or sifive_u)
endif
ARCH		?= $(board_arch_$(BOARD))
endif
ARCH		?= arm64
SRCARCH		:= $(ARCH)
ifeq ($(filter $(ARCH),arm64 riscv),)
$(error ARCH=$(ARCH) is not supported: use arm64 or riscv)
endif

srctree		:= $(CURDIR)
O		?= build/$(ARCH)$(if $(LLVM),-llvm)
objtree		:= $(abspath $(O))
hostobj		:= $(abspath build/host)

ifeq ($(V),1)
Q		:=
quiet		= @true
else
Q		:= @
quiet		= @printf '  %-8s %s\n'
endif

# Debian's python3-kconfiglib installs into the system interpreter.
PYTHON		?= /usr/bin/python3
KCONFIG_ENV	:= SRCARCH=$(SRCARCH) KCONFIG_CONFIG=$(objtree)/.config
KCONFIG		:= $(KCONFIG_ENV) $(PYTHON)

# --- toolchain ---------------------------------------------------------------

# The one place the toolchains are named. CROSS_COMPILE (command line or
# environment) is ARCH's prefix; CROSS_COMPILE_arm64 and CROSS_COMPILE_riscv
# set each arch's prefix, for targets that build both (check, bench, shims).
# Scripts ask "make toolchain" (scripts/toolchain.py), so the make command
# line reaches them too.
CROSS_COMPILE_arm64	?= aarch64-linux-gnu-
CROSS_COMPILE_riscv	?= riscv64-linux-gnu-
CLANG_TARGET_arm64	?= aarch64-linux-gnu
CLANG_TARGET_riscv	?= riscv64-linux-gnu
ifneq ($(CROSS_COMPILE),)
CROSS_COMPILE_$(ARCH)	:= $(CROSS_COMPILE)
endif
CROSS_COMPILE		:= $(CROSS_COMPILE_$(ARCH))

ifeq ($(LLVM),1)
CC		:= clang --target=$(CLANG_TARGET_$(ARCH))
LD		:= ld.lld
OBJCOPY		:= llvm-objcopy
READELF		:= llvm-readelf
NM		:= llvm-nm
else
CC		:= $(CROSS_COMPILE)gcc
LD		:= $(CROSS_COMPILE)ld
OBJCOPY		:= $(CROSS_COMPILE)objcopy
READELF		:= $(CROSS_COMPILE)readelf
NM		:= $(CROSS_COMPILE)nm
endif

HOSTCC		?= gcc

# --- configuration -----------------------------------------------------------

config_files	:= $(objtree)/include/generated/autoconf.h $(objtree)/include/config/auto.conf
kconfig_files	:= $(shell find $(srctree) -name Kconfig -not -path '*/build/*')

config_targets	:= defconfig %_defconfig menuconfig olddefconfig savedefconfig \
		   allnoconfig allyesconfig alldefconfig randconfig
no_config	:= $(filter $(config_targets) help clean mrproper unit unit-build fixtures board-dtbs fuzz fuzz-build coverage shims docs lint format initramfs \
		   modules bad-modules bpf-progs \
		   lint check bench bench-docs kaslr-spread randcheck matrix toolchain,$(MAKECMDGOALS))

ifeq ($(no_config),)
-include $(objtree)/include/config/auto.conf
endif

# --- flags -------------------------------------------------------------------

KBUILD_CPPFLAGS	:= -D__KERNEL__ -nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
		   -I$(srctree)/include \
		   -I$(srctree)/arch/$(ARCH)/include -I$(objtree)/include \
		   -include $(objtree)/include/generated/autoconf.h \
		   -include $(srctree)/include/lander/compiler.h
KBUILD_CPPFLAGS	+= -DLANDER_VERSION=\"$(LANDER_VERSION)\"
KBUILD_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
		   -Wmissing-prototypes -Wstrict-prototypes \
		   -ffreestanding -fno-builtin -fno-common -fno-strict-aliasing \
		   -fPIE -fno-plt -fno-jump-tables -fno-stack-protector \
		   -fno-asynchronous-unwind-tables -fno-unwind-tables \
		   -ffunction-sections -fdata-sections
KBUILD_AFLAGS	:= -D__ASSEMBLER__ -g
KBUILD_LDFLAGS	:= -pie --no-dynamic-linker -z notext -z max-page-size=4096 \
		   --build-id=none -nostdlib --gc-sections

include $(srctree)/arch/$(ARCH)/Makefile.flags

# --- objects -----------------------------------------------------------------

obj-y		:=
pi-obj-y	:=
include $(srctree)/arch/$(ARCH)/objects.mk
include $(srctree)/boot/objects.mk
include $(srctree)/mm/objects.mk
include $(srctree)/lib/objects.mk
include $(srctree)/drivers/objects.mk
include $(srctree)/kernel/objects.mk
include $(srctree)/tests/kernel/objects.mk

# Early objects run before relocation with the MMU off; they are part of obj-y.
all-obj		:= $(addprefix $(objtree)/,$(sort $(obj-y) $(pi-obj-y)))
pi-obj		:= $(addprefix $(objtree)/,$(sort $(pi-obj-y)))

ELF		:= $(objtree)/lander.elf
IMAGE		:= $(objtree)/Image
LDS		:= $(objtree)/kernel.lds

.PHONY: all
all: $(IMAGE)

include $(srctree)/tests/unit/unit.mk
include $(srctree)/tests/shim/shim.mk
include $(srctree)/scripts/bench.mk
include $(srctree)/tests/bpf/bpf.mk
include $(srctree)/tests/modules/modules.mk
-include $(srctree)/tests/bpf/jit-$(ARCH).mk

$(objtree)/%.o: $(srctree)/%.c $(config_files)
	$(quiet) CC $*.o
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(CFLAGS_$(notdir $*).o) -MMD -MP -c $< -o $@

$(objtree)/%.o: $(srctree)/%.S $(config_files)
	$(quiet) AS $*.o
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KBUILD_CPPFLAGS) $(KBUILD_AFLAGS) -MMD -MP -c $< -o $@

# A linker script whose dependency file is missing (a build directory from
# before it was written) is remade: the headers it includes are unknown.
$(LDS): $(srctree)/boot/kernel.lds.S $(config_files) $(if $(wildcard $(LDS).d),,FORCE)
	$(quiet) LDS kernel.lds
	$(Q)$(CC) $(KBUILD_CPPFLAGS) -D__ASSEMBLER__ -D__LINKER__ -E -P -x c -MMD -MP -MT $@ -MF $@.d $< -o $@

# The early subset must not hold an absolute address anywhere.
$(objtree)/.pi-checked: $(pi-obj) $(srctree)/scripts/check-pi-relocs.sh
	$(quiet) CHECK early-subset
	$(Q)READELF="$(READELF)" $(srctree)/scripts/check-pi-relocs.sh $(pi-obj)
	$(Q)touch $@

# link(elf, lds): link, then accept only RELATIVE dynamic relocations.
define link-kernel
	$(Q)$(LD) $(KBUILD_LDFLAGS) -T $(2) -Map=$(1:.elf=.map) -o $(1).tmp $(all-obj)
	$(Q)READELF="$(READELF)" $(srctree)/scripts/check-dyn-relocs.sh $(1).tmp
	$(Q)mv $(1).tmp $(1)
endef

$(ELF): $(all-obj) $(LDS) $(objtree)/.pi-checked $(srctree)/scripts/check-dyn-relocs.sh
	$(quiet) LD lander.elf
	$(call link-kernel,$@,$(LDS))

$(IMAGE): $(ELF) $(LAYOUT_TOOL)
	$(quiet) OBJCOPY Image
	$(Q)$(OBJCOPY) -O binary $< $@
	$(Q)$(LAYOUT_TOOL) $(ARCH) $(CONFIG_VA_BITS) $(CONFIG_PAGE_SHIFT) > $(objtree)/layout.json

# "make IMAGE_PAD_KB=N pad-image": the same objects relinked with N KB of
# padding (overriding CONFIG_IMAGE_PAD_KB) into $(O)/pad/N/, so a test can
# sweep the image size across table boundaries without recompiling.
PADDIR		:= $(objtree)/pad/$(IMAGE_PAD_KB)
.PHONY: pad-image
pad-image: $(PADDIR)/Image
$(PADDIR)/kernel.lds: $(srctree)/boot/kernel.lds.S $(config_files) \
		$(if $(wildcard $(PADDIR)/kernel.lds.d),,FORCE)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KBUILD_CPPFLAGS) -D__ASSEMBLER__ -D__LINKER__ -DIMAGE_PAD_KB=$(IMAGE_PAD_KB) \
		-E -P -x c -MMD -MP -MT $@ -MF $@.d $< -o $@
$(PADDIR)/lander.elf: $(all-obj) $(PADDIR)/kernel.lds $(objtree)/.pi-checked
	$(quiet) LD pad/$(IMAGE_PAD_KB)/lander.elf
	$(call link-kernel,$@,$(PADDIR)/kernel.lds)
$(PADDIR)/Image: $(PADDIR)/lander.elf
	$(Q)$(OBJCOPY) -O binary $< $@

-include $(all-obj:.o=.d) $(LDS:=.d) $(PADDIR)/kernel.lds.d

.PHONY: FORCE
FORCE:

# --- Kconfig -----------------------------------------------------------------

$(objtree)/.config:
	$(Q)mkdir -p $(objtree)
	$(Q)$(KCONFIG) -m defconfig --kconfig Kconfig arch/$(ARCH)/configs/defconfig

$(config_files): $(objtree)/.config $(kconfig_files)
	$(quiet) GEN autoconf.h
	$(Q)mkdir -p $(objtree)/include/generated $(objtree)/include/config
	$(Q)$(KCONFIG) -m olddefconfig Kconfig >/dev/null
	$(Q)$(KCONFIG) -m genconfig --header-path $(objtree)/include/generated/autoconf.h \
		--config-out $(objtree)/include/config/auto.conf Kconfig

.PHONY: defconfig menuconfig olddefconfig savedefconfig allnoconfig allyesconfig alldefconfig \
	randconfig
# NAME_defconfig reads arch/$(ARCH)/configs/NAME_defconfig; CONFIG_FRAGMENTS
# (files of CONFIG_X=... lines) are merged on top, as for "make check".
define load-defconfig
	$(Q)mkdir -p $(objtree)
	$(Q)test -f arch/$(ARCH)/configs/$@ || { echo "no such file: arch/$(ARCH)/configs/$@"; exit 1; }
	$(Q)$(KCONFIG) -m defconfig --kconfig Kconfig arch/$(ARCH)/configs/$@
	$(Q)$(if $(CONFIG_FRAGMENTS),$(KCONFIG) scripts/merge-config.py $(CONFIG_FRAGMENTS))
endef
defconfig:
	$(load-defconfig)
%_defconfig:
	$(load-defconfig)
menuconfig olddefconfig allnoconfig allyesconfig alldefconfig:
	$(Q)mkdir -p $(objtree)
	$(Q)$(KCONFIG) -m $@ Kconfig
savedefconfig:
	$(Q)$(KCONFIG) -m savedefconfig --kconfig Kconfig --out $(objtree)/defconfig
	@echo "wrote $(O)/defconfig"
# SEED=N reproduces a configuration; without it, a new seed (printed).
randconfig:
	$(Q)mkdir -p $(objtree)
	$(Q)$(KCONFIG) scripts/randconfig.py $(or $(SEED),$(shell od -An -N4 -tu4 /dev/urandom))

# N random configurations per arch (default 10; SEED=S the first seed, else
# from the date), each built with both toolchains and booted; SUMMARY=FILE
# writes the run (seeds, results, counts, time) as Markdown.
.PHONY: randcheck
randcheck:
	$(Q)$(PYTHON) scripts/randcheck.py $(if $(N),-n $(N)) $(if $(SEED),--seed $(SEED)) \
		$(if $(SUMMARY),--summary $(SUMMARY))

# Every paging format Kconfig allows x KASLR on/off x gcc and clang, each
# booted with 1 and 4 CPUs through every boot chain and where it must fall
# back; writes docs/coverage.md. Quick runs: scripts/matrix.py --only SUBSTR.
.PHONY: matrix
matrix:
	$(Q)$(PYTHON) scripts/matrix.py --write

# --- running -----------------------------------------------------------------

.PHONY: run
# BOARD=raspi3b|sifive_u boots a real board's model (docs/boards.md);
# SMP=N the virt machine's CPUs (the boards have their own).
SMP		?= 4
run: $(IMAGE) $(if $(filter raspi3b,$(BOARD)),board-dtbs)
	$(Q)$(PYTHON) scripts/qemu.py --arch $(ARCH) --image $(IMAGE) \
		$(if $(BOARD),--board $(BOARD) --boards-dir $(board_dtbs),--smp $(SMP)) \
		$(if $(INITRD),--initrd $(INITRD)) $(QEMU_FLAGS)

# --- host tests, fuzzing, checks ---------------------------------------------

# Format (the checked-in .clang-format) and a static analyser (cppcheck,
# once per arch, with that arch's headers), over every C source.
LINT_SOURCES	= $(shell git ls-files '*.c' '*.h')
CPPCHECK	:= cppcheck --quiet --std=c11 --error-exitcode=1 --inline-suppr \
		   --enable=warning,portability,performance --suppress=comparePointers \
		   -D__KERNEL__ -DCONFIG_PAGE_SHIFT=12 \
		   -DCONFIG_CMDLINE='""' -DCONFIG_IMAGE_PAD_KB=0 -I include \
		   --include=include/lander/compiler.h
.PHONY: lint format
lint:
	$(Q)clang-format --dry-run --Werror $(LINT_SOURCES)
	$(Q)$(CPPCHECK) -DCONFIG_VA_BITS=48 -I arch/arm64/include \
		boot mm lib drivers kernel arch/arm64 tests/kernel tests/modules
	$(Q)$(CPPCHECK) -DCONFIG_VA_BITS=39 -I arch/riscv/include \
		boot mm lib drivers kernel arch/riscv tests/kernel tests/modules
	@echo "lint: clean"

format:
	$(Q)clang-format -i $(LINT_SOURCES)

.PHONY: docs
docs: $(LAYOUT_TOOL)
	$(Q)$(PYTHON) scripts/gen-layout-doc.py $(LAYOUT_TOOL) docs/layout.md
	@echo "wrote docs/layout.md"

.PHONY: check
check:
	$(Q)$(PYTHON) scripts/check.py $(CHECK_FLAGS)

# --- housekeeping ------------------------------------------------------------

# For scripts (scripts/toolchain.py): each arch's prefix and clang target.
.PHONY: toolchain
toolchain:
	@echo 'CROSS_COMPILE_arm64=$(CROSS_COMPILE_arm64)'
	@echo 'CROSS_COMPILE_riscv=$(CROSS_COMPILE_riscv)'
	@echo 'CLANG_TARGET_arm64=$(CLANG_TARGET_arm64)'
	@echo 'CLANG_TARGET_riscv=$(CLANG_TARGET_riscv)'

.PHONY: clean mrproper help
clean:
	$(Q)rm -rf $(objtree)/*.o $(objtree)/*/ $(ELF) $(IMAGE) $(objtree)/.pi-checked

mrproper:
	$(Q)rm -rf build

help:
	@echo 'Configuration (ARCH=arm64|riscv, O=DIR for the output directory):'
	@echo '  defconfig          - the default configuration, arch/$$ARCH/configs/defconfig'
	@echo '  NAME_defconfig     - arch/$$ARCH/configs/NAME_defconfig'
	@echo '  menuconfig         - edit .config in a terminal menu'
	@echo '  olddefconfig       - update .config, new options at their defaults'
	@echo '  savedefconfig      - write a minimal defconfig to $$O/defconfig'
	@echo '  randconfig         - a random valid configuration (SEED=N reproduces one)'
	@echo '  randcheck          - N random configurations per arch, built with gcc and clang, booted (N=10;'
	@echo '                       SEED=S the first seed, else from the date; SUMMARY=FILE records the run)'
	@echo 'Building and running:'
	@echo '  all (default)      - lander.elf and the Linux-format Image'
	@echo '  run                - boot the Image under QEMU (QEMU_FLAGS=... for scripts/qemu.py,'
	@echo '                       INITRD=FILE for an initramfs)'
	@echo '                       BOARD=raspi3b|sifive_u: a real board'"'"'s model (docs/boards.md)'
	@echo '  modules            - the test modules (tests/modules/) for ARCH, gcc and clang,'
	@echo '                       the calc.c variants and the crafted bad ones, in $$O/modules/'
	@echo '  bpf-progs          - the eBPF test programs (tests/bpf/, clang -target bpf) in $$O/bpf/'
	@echo '  initramfs          - $$O/initramfs.cpio: tests/initramfs/, the modules and the eBPF'
	@echo '                       programs (needs cpio),'
	@echo '                       for make run INITRD=$$O/initramfs.cpio'
	@echo 'Testing:'
	@echo '  check              - host unit tests, fuzz smoke, boot tests on both arches'
	@echo '  matrix             - every paging format x KASLR x toolchain, booted with 1 and 4 CPUs'
	@echo '                       by every boot chain and on CPUs that lack the VA size; writes'
	@echo '                       docs/coverage.md (scripts/matrix.py --only SUBSTR: a subset)'
	@echo '  unit               - host unit tests only (gcc and clang, ASan+UBSan)'
	@echo '  board-dtbs         - real boards'"'"' device trees from Debian'"'"'s arm64 kernel package'
	@echo '  fuzz               - run each fuzzer for FUZZ_TIME seconds (default 600)'
	@echo '  coverage           - line coverage of mm/ and lib/ from the unit tests'
	@echo '  lint               - clang-format check and cppcheck over every C source'
	@echo '  format             - reformat every C source with .clang-format'
	@echo '  bench              - instructions per boot phase against RAM size (docs/benchmarks.md)'
	@echo '  bench-docs         - render docs/benchmarks.{md,png} from docs/benchmarks.json'
	@echo '  kaslr-spread       - N KASLR boots per arch: placements, uniformity, entropy, cost (N=200)'
	@echo '  docs               - regenerate docs/layout.md from the layout manifest'
	@echo 'Other:'
	@echo '  clean, mrproper    - remove objects / every build directory'
	@echo '  toolchain          - print each arch'"'"'s cross prefix and clang target'
	@echo 'Variables: ARCH, O, LLVM=1, CROSS_COMPILE (for ARCH), CROSS_COMPILE_arm64,'
	@echo '  CROSS_COMPILE_riscv (for targets that build both), V=1'
