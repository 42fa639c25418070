# SPDX-License-Identifier: GPL-2.0
# make bench: the boot-path benchmark (scripts/bench.py).
.PHONY: bench
bench:
	$(Q)$(PYTHON) scripts/bench.py $(BENCH_FLAGS)
