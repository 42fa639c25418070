# SPDX-License-Identifier: GPL-2.0
# make bench: the boot-path benchmark (scripts/bench.py). It rewrites
# docs/benchmarks.{md,png,json}; the per-function profile is on by default.
BENCH_FLAGS	?= --profile
.PHONY: bench
bench:
	$(Q)$(PYTHON) scripts/bench.py $(BENCH_FLAGS)
