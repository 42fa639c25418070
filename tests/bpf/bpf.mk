# SPDX-License-Identifier: GPL-2.0
# The eBPF test programs (docs/bpf.md), built into $(O)/bpf/. Included by
# the top Makefile; tests/modules/modules.mk puts them in the initramfs.
#
#   make bpf-progs    $(O)/bpf/NAME.bpf.o from tests/bpf/NAME.c (clang
#                     -target bpf), NAME.mem for their contexts (mkmem.py),
#                     and the raw programs NAME.bpf with their NAME.mem
#                     (mkraw.py, which lists them in $(O)/bpf/raw.list)
#
# Only clang is needed: the objects are for the BPF target whatever ARCH is.

bpfobj		:= $(objtree)/bpf
BPF_SRC		:= $(srctree)/tests/bpf

# The C programs, in archive order (tests/bpf/expect.py's C_OBJECTS).
BPF_C_NAMES	:= checksum hash sort loops calls helpers bad_global
# The C programs that have a context (mkmem.py's CONTEXTS).
BPF_MEM_NAMES	:= checksum hash sort

# -mcpu=v3: 32-bit ALU and JMP32 instructions where clang finds a use for
# them, so the compiled programs exercise those classes too.
BPF_CC		:= clang -target bpf
BPF_CFLAGS	:= -O2 -mcpu=v3 -g0 -Wall -Wextra -Werror -Wno-unused-parameter \
		   -ffreestanding -nostdinc -fno-stack-protector

BPF_OBJS	:= $(addprefix $(bpfobj)/,$(addsuffix .bpf.o,$(BPF_C_NAMES)))
BPF_MEMS	:= $(addprefix $(bpfobj)/,$(addsuffix .mem,$(BPF_MEM_NAMES)))
BPF_RAW_LIST	:= $(bpfobj)/raw.list

$(bpfobj)/%.bpf.o: $(BPF_SRC)/%.c $(BPF_SRC)/bpf_prog.h
	$(quiet) BPFCC bpf/$*.bpf.o
	$(Q)mkdir -p $(dir $@)
	$(Q)$(BPF_CC) $(BPF_CFLAGS) -c $< -o $@

$(BPF_MEMS) &: $(BPF_SRC)/mkmem.py
	$(quiet) GEN bpf/*.mem
	$(Q)$(PYTHON) $< $(bpfobj)

$(BPF_RAW_LIST): $(BPF_SRC)/mkraw.py
	$(quiet) GEN bpf/*.bpf
	$(Q)$(PYTHON) $< $(bpfobj)

# Every file of $(O)/bpf/ the archive carries, in archive order: each C
# object after its context, then the raw programs as mkraw.py lists them.
bpf-archive-list = $(foreach n,$(BPF_C_NAMES),$(if $(filter $(n),$(BPF_MEM_NAMES)),$(n).mem) \
		   $(n).bpf.o) $(shell cat $(BPF_RAW_LIST) 2>/dev/null)

.PHONY: bpf-progs
bpf-progs: $(BPF_OBJS) $(BPF_MEMS) $(BPF_RAW_LIST)
