# SPDX-License-Identifier: GPL-2.0
# make bench: the boot-path benchmark (scripts/bench.py). It measures into
# docs/benchmarks.json, then renders docs/benchmarks.{md,png} from it
# (scripts/bench/render.py); the per-function profile is on by default.
# make bench-docs: only the rendering, after an edit of the page's prose
# (scripts/bench/benchmarks.md.in).
BENCH_FLAGS	?= --profile
.PHONY: bench bench-docs
bench:
	$(Q)$(PYTHON) scripts/bench.py $(BENCH_FLAGS)
bench-docs:
	$(Q)$(PYTHON) scripts/bench/render.py
# make kaslr-spread: many KASLR boots per arch, their placements' spread and
# uniformity, the entropy and KASLR's instruction cost (docs/kaslr.md).
KASLR_SPREAD_FLAGS ?= -n 200 --write
.PHONY: kaslr-spread
kaslr-spread:
	$(Q)$(PYTHON) scripts/kaslr_spread.py $(KASLR_SPREAD_FLAGS)
