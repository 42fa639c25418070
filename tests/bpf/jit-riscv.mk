# SPDX-License-Identifier: GPL-2.0
# The riscv64 JIT's differential harness under qemu-user:
#
#   make jit-fuzz ARCH=riscv [N=programs] [SEED=n]
#
# builds tests/bpf/jit-harness-riscv.c statically with the riscv64 cross
# compiler (libc6-dev-riscv64-cross) from the real JIT, verifier and
# interpreter sources, and runs it with qemu-riscv64(-static). Included by
# the top Makefile for ARCH=riscv.

N		?= 1000
SEED		?= 1
JIT_QEMU	:= $(firstword $(wildcard /usr/bin/qemu-riscv64-static /usr/bin/qemu-riscv64))
jit-harness	:= $(hostobj)/jit-harness-riscv
jit-harness-src	:= $(addprefix $(srctree)/,tests/bpf/jit-harness-riscv.c arch/riscv/kernel/bpf_jit.c) \
		   $(wildcard $(srctree)/kernel/bpf/verifier.c $(srctree)/kernel/bpf/interp.c)
jit-harness-cflags := -DBPF_BACKEDGE_BUDGET=4096 $(if $(wildcard $(srctree)/kernel/bpf/interp.c),-DHAVE_BPF_CORE) \
		   $(if $(wildcard $(srctree)/tests/unit/bpf_gen.h),-DHAVE_BPF_GEN)

$(jit-harness): $(jit-harness-src) $(wildcard $(srctree)/include/lander/*.h) \
		$(wildcard $(srctree)/tests/unit/bpf_*.h)
	$(quiet) CROSSCC jit-harness-riscv
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CROSS_COMPILE_riscv)gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
		-Wno-missing-field-initializers -static -I$(srctree)/include \
		-include $(srctree)/include/lander/compiler.h $(jit-harness-cflags) \
		$(filter %.c,$^) -o $@

.PHONY: jit-fuzz
jit-fuzz: $(jit-harness)
	$(Q)test -n "$(JIT_QEMU)" || { echo "jit-fuzz: install qemu-user-static"; exit 1; }
	$(Q)$(JIT_QEMU) $(jit-harness) $(N) $(SEED)
