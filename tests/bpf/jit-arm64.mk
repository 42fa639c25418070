# SPDX-License-Identifier: GPL-2.0
# The arm64 JIT's differential harness (tests/bpf/jit-harness-arm64.c):
# a static aarch64 Linux program, cross-built against Debian's
# libc6-dev-arm64-cross and run under qemu-user. Included by the top
# Makefile as tests/bpf/jit-$(ARCH).mk, so only when ARCH=arm64.
#
#   make jit-fuzz ARCH=arm64 [N=1000] [SEED=1]
#
# It runs twice: as the kernel builds the JIT, then with every conditional
# branch in its long form (B.!cond over B, A64_JIT_LONG_BRANCHES=1), which
# real programs are too small to need.
#
# The interpreter and the verifier (kernel/bpf/) and the random program
# generator (tests/unit/bpf_gen.h) are compiled in when the tree has them;
# without them the harness runs its hand-made programs only.

N		?= 1000
SEED		?= 1
JIT_HARNESS	:= $(objtree)/tests/jit-harness-arm64
JIT_QEMU	:= $(firstword $(wildcard /usr/bin/qemu-aarch64-static /usr/bin/qemu-aarch64))
jit-src		:= tests/bpf/jit-harness-arm64.c arch/arm64/kernel/bpf_jit.c
# A lower back-edge budget (bpf.h allows it on the host) keeps the
# mutants that loop until it runs out quick, in both engines alike.
jit-cflags	:= -DBPF_BACKEDGE_BUDGET=65536
ifneq ($(wildcard $(srctree)/kernel/bpf/interp.c),)
ifneq ($(wildcard $(srctree)/kernel/bpf/verifier.c),)
jit-src		+= kernel/bpf/interp.c kernel/bpf/verifier.c
jit-cflags	+= -DHAVE_BPF_INTERP
endif
endif
ifneq ($(wildcard $(srctree)/tests/unit/bpf_gen.h),)
jit-cflags	+= -DHAVE_BPF_GEN
endif

$(JIT_HARNESS) $(JIT_HARNESS)-long: $(addprefix $(srctree)/,$(jit-src)) $(wildcard $(srctree)/include/lander/*.h) \
		$(wildcard $(srctree)/tests/unit/bpf_*.h) $(srctree)/tests/bpf/jit-arm64.mk
	$(quiet) CC $(notdir $@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CROSS_COMPILE_arm64)gcc -static -std=gnu11 -O2 -g -Wall -Wextra -Werror \
		-Wno-unused-parameter -I$(srctree)/include -include $(srctree)/include/lander/compiler.h \
		$(jit-cflags) $(if $(filter %-long,$@),-DA64_JIT_LONG_BRANCHES=1) \
		$(addprefix $(srctree)/,$(jit-src)) -o $@

.PHONY: jit-fuzz
jit-fuzz: $(JIT_HARNESS) $(JIT_HARNESS)-long
	$(Q)test -n "$(JIT_QEMU)" || { echo "jit-fuzz: no qemu-aarch64 (install qemu-user-static)"; exit 1; }
	$(Q)echo "# jit-harness-arm64"; $(JIT_QEMU) $(JIT_HARNESS) $(N) $(SEED)
	$(Q)echo "# jit-harness-arm64-long"; $(JIT_QEMU) $(JIT_HARNESS)-long $(N) $(SEED)
