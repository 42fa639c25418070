#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make kaslr-spread: where KASLR puts the kernel, over many boots.

Builds each arch's defconfig with CONFIG_RANDOMIZE_BASE=y in
build/bench/ARCH-kaslr, boots it N times under QEMU (-kernel, so QEMU
makes a fresh /chosen/kaslr-seed and rng-seed for every boot), two at a
time, and reads each boot's placement from the banner ("displacement
0x..."; "loaded at PA 0x...", or the "kaslr: image moved ... to PA
0x..." line when physical KASLR moved it). It reports, per arch:

  - the distinct virtual and physical placements (and of RAM in the
    linear map), and how many distinct image placements N uniform draws
    would give on average;
  - a chi-squared test of uniformity of the virtual placements over 16
    buckets of the displacement range (15 degrees of freedom; 37.70 is
    the 0.1% critical value), and its p-value;
  - the entropy in bits, log2 of the number of possible displacements;
  - KASLR's instruction cost: one traced boot of the KASLR build against
    one of the plain defconfig, each counted from the kernel's first
    instruction to its final tables and to "lander: ready"
    (scripts/bench.py's milestones).

  kaslr_spread.py [--arch arm64,riscv] [-n 200] [--jobs 2] [--no-cost] [--write]

A full run (both arches, the cost measured) with --write also writes
docs/kaslr-spread.md, generated: docs/kaslr.md points there.

Benchmark, not test: nothing here decides pass or fail (make check boots
KASLR with known seeds; docs/kaslr.md).
"""
import argparse
import concurrent.futures
import datetime
import json
import math
import os
import re
import subprocess
import sys
import tempfile

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
import bench  # noqa: E402  (the machine, the traced boot and its milestones)
import toolchain  # noqa: E402

# include/mm/layout.h's KIMAGE_ALIGN; the largest displacement comes from
# the build's layout manifest ($O/layout.json, mm/layout.c's own figure).
KIMAGE_ALIGN = 2 << 20
BUCKETS = 16
CHI2_CRIT_15_001 = 37.70  # chi-squared, 15 degrees of freedom, 0.1% upper tail


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def build(arch):
    """The defconfig with KASLR, in build/bench/ARCH-kaslr; returns its directory."""
    out = os.path.join("build", "bench", arch + "-kaslr")
    os.makedirs(os.path.join(SRCTREE, out), exist_ok=True)
    frag = os.path.join(SRCTREE, out, "fragment.config")
    with open(frag, "w") as f:
        f.write("CONFIG_RANDOMIZE_BASE=y\n")
    base = ["make", "-C", SRCTREE, "--no-print-directory", *toolchain.make_vars(arch),
            f"O={out}"]
    for goal in (["defconfig", f"CONFIG_FRAGMENTS={frag}"], ["-j2", "all"]):
        r = subprocess.run(base + goal, capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"kaslr_spread.py: {' '.join(base + goal)} failed:\n{r.stdout}{r.stderr}")
    return os.path.join(SRCTREE, out)


def boot(arch, image, timeout=60):
    """One plain boot at 1 GB; returns (displacement, the PA the image runs at, RAM's
    VA in the linear map, the seed line) or raises."""
    cmd = bench.machine_cmd(arch, "1G") + ["-kernel", image]
    with tempfile.TemporaryFile() as con:
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=con, stderr=subprocess.STDOUT,
                       timeout=timeout)
        con.seek(0)
        text = con.read().decode(errors="replace")
    d = re.search(r"displacement (0x[0-9a-f]+),", text)
    pa = re.search(r"kaslr: image moved from PA 0x[0-9a-f]+ to PA (0x[0-9a-f]+)", text) or \
        re.search(r"loaded at PA (0x[0-9a-f]+)", text)
    lin = re.search(r"linear map: PA 0x[0-9a-f]+ at VA (0x[0-9a-f]+)", text)
    seed = re.search(r"^(kaslr: .*?)\r?$", text, re.M)
    if not d or not pa or not lin or "lander: ready" not in text:
        raise RuntimeError("boot did not report its placement:\n" + text[-2000:])
    return (int(d.group(1), 16), int(pa.group(1), 16), int(lin.group(1), 16),
            seed.group(1) if seed else None)


def chi2_sf(x, k):
    """P(X > x) for chi-squared with k degrees of freedom (k odd or even), by series."""
    # regularised upper incomplete gamma Q(k/2, x/2), series for P then 1 - P
    a, z = k / 2, x / 2
    if z == 0:
        return 1.0
    term = total = 1 / a
    n = 1
    while term > total * 1e-15:
        term *= z / (a + n)
        total += term
        n += 1
    p = total * math.exp(-z + a * math.log(z) - math.lgamma(a))
    return max(0.0, 1 - p)


def spread(arch, kdir, n, jobs):
    with open(os.path.join(kdir, "layout.json")) as f:
        max_disp = int(json.load(f)["max_displacement"], 16)
    image = os.path.join(kdir, "Image")
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        runs = list(pool.map(lambda _: boot(arch, image), range(n)))
    disps = [r[0] for r in runs]
    pas = [r[1] for r in runs]
    lins = [r[2] for r in runs]
    seeds = sorted({r[3] for r in runs if r[3]})
    positions = max_disp // KIMAGE_ALIGN + 1
    per = positions / BUCKETS
    counts = [0] * BUCKETS
    for d in disps:
        counts[min(BUCKETS - 1, int(d // KIMAGE_ALIGN / per))] += 1
    e = n / BUCKETS
    chi2 = sum((c - e) ** 2 / e for c in counts)
    return {"boots": n, "distinct_va": len(set(disps)), "distinct_pa": len(set(pas)),
            "distinct_linear": len(set(lins)),
            "expected_distinct": positions * (1 - (1 - 1 / positions) ** n),
            "positions": positions, "bits": math.log2(positions), "buckets": counts,
            "chi2": chi2, "p": chi2_sf(chi2, BUCKETS - 1), "seed_lines": seeds,
            "bad": [hex(d) for d in disps if d % KIMAGE_ALIGN or d > max_disp]}


def cost(arch, kdir, tracecount):
    """Instructions to the final tables and to ready, KASLR build and plain defconfig."""
    plain = bench.build(arch)
    rows = {}
    for name, d in (("plain", plain), ("kaslr", kdir)):
        row = bench.measure(arch, "1G", d, tracecount, 900)
        rows[name] = row["counts"]
        if row["problems"]:
            sys.exit(f"kaslr_spread.py: {arch} {name}: {'; '.join(row['problems'])}")
    return rows


def write_doc(results, n):
    """docs/kaslr-spread.md from this run's figures."""
    commit = subprocess.run(["git", "-C", SRCTREE, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    arches = list(results)
    rows = [
        (f"distinct image placements in {n} boots", lambda s, c:
         f"{s['distinct_va']} ({s['expected_distinct']:.1f} expected of {s['positions']} "
         f"places)"),
        ("entropy of the image's place", lambda s, c: f"{s['bits']:.2f} bits"),
        (f"chi-squared over {BUCKETS} buckets (0.1% critical value {CHI2_CRIT_15_001})",
         lambda s, c: f"{s['chi2']:.2f} (p = {s['p']:.2f})"),
        ("the buckets", lambda s, c: " ".join(map(str, s["buckets"]))),
        ("distinct places of RAM in the linear map", lambda s, c: str(s["distinct_linear"])),
        ("distinct physical placements", lambda s, c: str(s["distinct_pa"])),
        ("seed lines seen", lambda s, c: "; ".join(f"`{l}`" for l in s["seed_lines"])),
    ]
    for m, what in (("milestone_final_tables_live", "the final tables"),
                    ("milestone_ready", "`lander: ready`")):
        rows.append((f"instructions to {what}, plain / KASLR", lambda s, c, m=m:
                     f"{c['plain'][m]:,} / {c['kaslr'][m]:,} "
                     f"({100 * (c['kaslr'][m] - c['plain'][m]) / c['plain'][m]:+.1f}%)"))
    text = ["# KASLR spread", "",
            "Generated by `make kaslr-spread` (`scripts/kaslr_spread.py --write`); do not edit "
            f"by hand. Last run: {datetime.date.today().isoformat()}, tree at {commit}. "
            "`docs/kaslr.md` says what is measured and how.", "",
            "| | " + " | ".join(arches) + " |", "|---|" + "---|" * len(arches)]
    for label, f in rows:
        text.append(f"| {label} | " + " | ".join(f(*results[a]) for a in arches) + " |")
    with open(os.path.join(SRCTREE, "docs", "kaslr-spread.md"), "w") as out:
        out.write("\n".join(text) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="arm64,riscv")
    p.add_argument("-n", type=int, default=200, help="boots per arch (default 200)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--no-cost", action="store_true", help="skip the two traced boots")
    p.add_argument("--write", action="store_true", help="write docs/kaslr-spread.md")
    args = p.parse_args()
    results = {}
    tracecount = None if args.no_cost else bench.build_tracecount()
    for arch in [a for a in args.arch.split(",") if a]:
        kdir = build(arch)
        s = spread(arch, kdir, args.n, args.jobs)
        print(f"{arch}: {s['boots']} boots: {s['distinct_va']} distinct virtual placements "
              f"({s['expected_distinct']:.1f} expected of uniform draws from {s['positions']}), "
              f"{s['distinct_pa']} physical, {s['distinct_linear']} places of RAM in the "
              f"linear map")
        print(f"{arch}: entropy {s['bits']:.2f} bits (log2 {s['positions']} displacements, "
              f"2 MB apart); chi-squared over {BUCKETS} buckets {s['chi2']:.2f} "
              f"(p = {s['p']:.3f}; 0.1% critical value {CHI2_CRIT_15_001}); "
              f"buckets {' '.join(map(str, s['buckets']))}")
        print(f"{arch}: seed lines: {'; '.join(s['seed_lines'])}")
        if s["bad"]:
            print(f"{arch}: PLACEMENTS OUTSIDE THE SLOTS: {' '.join(s['bad'])}")
        if tracecount:
            c = cost(arch, kdir, tracecount)
            for m, what in (("milestone_final_tables_live", "the final tables"),
                            ("milestone_ready", "ready")):
                plain, kaslr = c["plain"][m], c["kaslr"][m]
                print(f"{arch}: to {what}: {plain:,} instructions plain, {kaslr:,} with "
                      f"KASLR: {kaslr - plain:+,} ({100 * (kaslr - plain) / plain:+.1f}%)")
            results[arch] = (s, c)
    if args.write:
        if set(results) != {"arm64", "riscv"}:
            sys.exit("kaslr_spread.py: --write needs both arches and the cost")
        write_doc(results, args.n)
        log("kaslr_spread.py: wrote docs/kaslr-spread.md")


if __name__ == "__main__":
    main()
