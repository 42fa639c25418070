# SPDX-License-Identifier: GPL-2.0
# Host-side builds: unit tests, fuzzers, coverage, and the layout manifest
# tool. Included by the top Makefile; everything lands in build/host/.

include $(srctree)/tests/unit/objects.mk
include $(srctree)/tests/fuzz/objects.mk

HOST_CPPFLAGS	:= -I$(srctree)/include -include $(srctree)/include/lander/compiler.h
HOST_CFLAGS	:= -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter
SAN_FLAGS	:= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fixtures	:= $(hostobj)/fixtures

# unit-bin(name, compiler)
define unit-rule
$(hostobj)/unit/$(1)-$(2): $$(unit-$(1)-src) $$(wildcard $(srctree)/include/*/*.h) $$(wildcard $(srctree)/arch/*/include/asm/*.h) $$(wildcard $(srctree)/tests/unit/*.h)
	$$(quiet) HOSTCC unit/$(1)-$(2)
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)$(2) $$(HOST_CPPFLAGS) $$(HOST_CFLAGS) $$(SAN_FLAGS) $$(unit-$(1)-cflags) \
		$$(addprefix $(srctree)/,$$(unit-$(1)-src)) $$(unit-$(1)-ldlibs) -o $$@
endef
$(foreach t,$(unit-y),$(foreach c,gcc clang,$(eval $(call unit-rule,$(t),$(c)))))

unit-bins	:= $(foreach t,$(unit-y),$(hostobj)/unit/$(t)-gcc $(hostobj)/unit/$(t)-clang)

.PHONY: unit unit-build fixtures board-dtbs
fixtures:
	$(Q)$(srctree)/tests/fixtures/make-fixtures.sh $(fixtures)

# Real boards' device trees, from Debian's arm64 kernel package.
board_dtbs	:= $(hostobj)/boards
board-dtbs:
	$(Q)$(srctree)/tests/fixtures/fetch-board-dtbs.sh $(board_dtbs)

# The test modules of both arches (tests/modules/), for the real-object
# cases of the ELF reader's and the linker's tests (build/*/modules/).
.PHONY: unit-modules
unit-modules:
	$(Q)$(MAKE) --no-print-directory ARCH=arm64 O=build/unit-modules-arm64 modules
	$(Q)$(MAKE) --no-print-directory ARCH=riscv O=build/unit-modules-riscv modules

unit-build: $(unit-bins) fixtures unit-modules

# Run every unit program; each prints TAP. The summary comes from check.py.
# The board trees are fetched first, so that make check always compares
# them (a test run by hand without them skips those cases).
unit: unit-build board-dtbs
	$(Q)status=0; for b in $(unit-bins); do \
		echo "# $$(basename $$b)"; $$b $(fixtures) || status=1; done; exit $$status

# --- fuzzing -----------------------------------------------------------------

FUZZ_TIME	?= 600
FUZZ_FLAGS	:= -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

define fuzz-rule
$(hostobj)/fuzz/$(1): $$(fuzz-$(1)-src) $$(wildcard $(srctree)/include/*/*.h) $$(wildcard $(srctree)/tests/unit/*.h)
	$$(quiet) FUZZCC fuzz/$(1)
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)clang $$(HOST_CPPFLAGS) -std=gnu11 $$(FUZZ_FLAGS) $$(fuzz-$(1)-cflags) \
		$$(addprefix $(srctree)/,$$(fuzz-$(1)-src)) -o $$@
endef
$(foreach t,$(fuzz-y),$(eval $(call fuzz-rule,$(t))))

fuzz-bins	:= $(addprefix $(hostobj)/fuzz/,$(fuzz-y))

.PHONY: fuzz fuzz-build
fuzz-build: $(fuzz-bins)

# Each target runs FUZZ_TIME seconds from the checked-in seeds; new inputs
# go to build/host/fuzz/corpus-NAME, never into the tree.
fuzz: fuzz-build
	$(Q)for t in $(fuzz-y); do \
		mkdir -p $(hostobj)/fuzz/corpus-$$t; \
		echo "== fuzz $$t for $(FUZZ_TIME)s"; \
		$(hostobj)/fuzz/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			$(hostobj)/fuzz/corpus-$$t $(srctree)/tests/fuzz/corpus/$$t || exit 1; \
	done

# --- coverage ----------------------------------------------------------------

# Each unit test built with gcc --coverage (no sanitizers) in $(hostobj)/coverage,
# where its .gcno and .gcda files land, and run from a subdirectory of its
# own. A failing test is reported but its coverage still counts.
covdir		:= $(hostobj)/coverage

# cov-run(name): compile one unit test for coverage and run it.
define cov-run
	$(Q)cd $(covdir) && gcc $(HOST_CPPFLAGS) -std=gnu11 -O0 -g --coverage \
		$(unit-$(1)-cflags) $(addprefix $(srctree)/,$(unit-$(1)-src)) \
		$(unit-$(1)-ldlibs) -o cov-$(1)
	$(Q)mkdir -p $(covdir)/$(1) && cd $(covdir)/$(1) && \
		{ ../cov-$(1) $(fixtures) >output.tap || echo "coverage: unit test $(1) failed"; }

endef

.PHONY: coverage
coverage: fixtures
	$(Q)rm -rf $(covdir) && mkdir -p $(covdir)
	$(foreach t,$(unit-y),$(call cov-run,$(t)))
	$(Q)$(PYTHON) $(srctree)/scripts/coverage.py $(covdir)

# --- the layout manifest -----------------------------------------------------

LAYOUT_TOOL	:= $(hostobj)/layout-manifest
$(LAYOUT_TOOL): $(srctree)/scripts/layout_manifest.c $(srctree)/mm/layout.c \
		$(srctree)/arch/arm64/mm/pgformat.c $(srctree)/arch/riscv/mm/pgformat.c \
		$(wildcard $(srctree)/include/*/*.h)
	$(quiet) HOSTCC layout-manifest
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CPPFLAGS) $(HOST_CFLAGS) $(filter %.c,$^) -lm -o $@
