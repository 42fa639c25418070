#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make kaslr-spread: where KASLR puts the kernel, over many boots.

Builds each arch's defconfig with CONFIG_RANDOMIZE_BASE=y in
build/bench/ARCH-kaslr, boots it N times under QEMU (-kernel, so QEMU
makes a fresh /chosen/kaslr-seed and rng-seed for every boot), two at a
time, and reads each boot's placement from the banner ("running at VA
0x..."; "loaded at PA 0x..."; the virtual layout's modules and bpf
lines; "kaslr: image moved ... to PA 0x..." when physical KASLR moved
the image). It reports, per arch:

  - the distinct virtual and physical placements (and of the modules and
    BPF windows, and of RAM in the linear map), and how many distinct
    image placements N uniform draws would give on average;
  - a chi-squared test of uniformity of the virtual placements over 16
    buckets of the image's places (15 degrees of freedom; 37.70 is the
    0.1% critical value), and its p-value;
  - the entropy in bits, log2 of the number of the image's places;
  - any window out of 2 GB reach of the image (there must be none);
  - KASLR's instruction cost: one traced boot of the KASLR build against
    one of the plain defconfig, each counted from the kernel's first
    instruction to its final tables and to "lander: ready"
    (scripts/bench.py's milestones).

  kaslr_spread.py [--arch arm64,riscv] [-n 200] [--jobs 2] [--no-cost] [--write]

A full run (both arches, the cost measured) with --write also writes
docs/kaslr-spread.md, docs/kaslr-spread.json and the histogram
docs/kaslr-spread.png, and re-renders docs/benchmarks.md, whose KASLR
section shows them.

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
sys.path.insert(0, os.path.join(SRCTREE, "scripts", "bench"))
import render  # noqa: E402  (its histogram; docs/benchmarks.md shows this run's figures)
import toolchain  # noqa: E402

# The image's places come from the build's layout manifest ($O/layout.json,
# mm/layout.c's own figures: kimage_lowest, kimage_highest, kaslr_align).
BUCKETS = 16
MODULES_SIZE, BPF_SIZE, KIMAGE_MAX_SIZE = 512 << 20, 128 << 20, 32 << 20
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
    """One plain boot at 1 GB; returns a dict of its placements, or raises."""
    cmd = bench.machine_cmd(arch, "1G") + ["-kernel", image]
    with tempfile.TemporaryFile() as con:
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=con, stderr=subprocess.STDOUT,
                       timeout=timeout)
        con.seek(0)
        text = con.read().decode(errors="replace")
    va = re.search(r"running at VA (0x[0-9a-f]+)", text)
    pa = re.search(r"loaded at PA (0x[0-9a-f]+)", text)
    moved = re.search(r"^kaslr: image moved from PA 0x[0-9a-f]+ to PA (0x[0-9a-f]+)", text, re.M)
    lin = re.search(r"linear map: PA 0x[0-9a-f]+ at VA (0x[0-9a-f]+)", text)
    mods = re.search(r"^  modules  (0x[0-9a-f]+)-", text, re.M)
    bpf = re.search(r"^  bpf      (0x[0-9a-f]+)-", text, re.M)
    size = re.search(r"^image (0x[0-9a-f]+) bytes", text, re.M)
    fdt = re.search(r"DTB at PA (0x[0-9a-f]+) \((\d+) bytes\)", text)
    seed = re.search(r"^(kaslr: seed .*?)\r?$", text, re.M)
    if not (va and pa and lin and mods and bpf and size and fdt) or "lander: ready" not in text:
        raise RuntimeError("boot did not report its placement:\n" + text[-2000:])
    return {"va": int(va.group(1), 16), "loaded": int(pa.group(1), 16),
            "pa": int((moved or pa).group(1), 16), "linear": int(lin.group(1), 16),
            "modules": int(mods.group(1), 16), "bpf": int(bpf.group(1), 16),
            "size": int(size.group(1), 16), "fdt": int(fdt.group(1), 16),
            "fdt_size": int(fdt.group(2)), "seed": seed.group(1) if seed else None}


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


def out_of_reach(r):
    """Does any byte of either window lie 2 GB or more from a byte of the image's room?"""
    lo, hi = r["va"], r["va"] + KIMAGE_MAX_SIZE
    return any(hi - w > 1 << 31 or w + size - lo > 1 << 31
               for w, size in ((r["modules"], MODULES_SIZE), (r["bpf"], BPF_SIZE)))


def buckets_of(values, lo, hi, step):
    """Counts of values over BUCKETS equal spans of the places lo, lo + step, ... hi."""
    places = (hi - lo) // step + 1
    counts = [0] * BUCKETS
    for v in values:
        counts[min(BUCKETS - 1, (v - lo) // step * BUCKETS // places)] += 1
    return counts


# QEMU virt's RAM at 1 GB, and what the physical move must avoid besides the
# DTB and the loaded image: riscv's OpenSBI keeps its first 2 MB (a no-map
# /reserved-memory child in the tree it passes).
RAM = {"arm64": (0x40000000, 1 << 30), "riscv": (0x80000000, 1 << 30)}
FIRMWARE = {"arm64": [], "riscv": [(0x80000000, 2 << 20)]}
PHYS_ALIGN = 2 << 20


def phys_places(arch, r):
    """The 2 MB aligned places where boot r's image could move (a model of the kernel's)."""
    base, size = RAM[arch]
    avoid = FIRMWARE[arch] + [(r["loaded"], r["size"]), (r["fdt"], r["fdt_size"])]
    return [pa for pa in range(base, base + size - r["size"] + 1, PHYS_ALIGN)
            if all(pa + r["size"] <= a or a + n <= pa for a, n in avoid)]


def phys_spread(arch, runs):
    """Distinct physical places, and chi-squared over BUCKETS spans of the possible ones."""
    moved = [r for r in runs if r["pa"] != r["loaded"]]
    if not moved:
        return {"phys_places": 0, "phys_buckets": [], "phys_chi2": None, "phys_p": None}
    places = phys_places(arch, moved[0])
    index = {pa: i for i, pa in enumerate(places)}
    counts = [0] * BUCKETS
    bad = []
    for r in moved:
        if r["pa"] in index:
            counts[index[r["pa"]] * BUCKETS // len(places)] += 1
        else:
            bad.append(hex(r["pa"]))
    e = [len(moved) * len([i for i in range(len(places)) if i * BUCKETS // len(places) == b])
         / len(places) for b in range(BUCKETS)]
    chi2 = sum((c - x) ** 2 / x for c, x in zip(counts, e))
    return {"phys_places": len(places), "phys_buckets": counts, "phys_chi2": chi2,
            "phys_p": chi2_sf(chi2, BUCKETS - 1), "phys_bad": bad,
            "phys_bits": math.log2(len(places))}


def spread(arch, kdir, n, jobs):
    with open(os.path.join(kdir, "layout.json")) as f:
        m = json.load(f)
    lowest, highest = int(m["kimage_lowest"], 16), int(m["kimage_highest"], 16)
    align = m["kaslr_align"]
    image = os.path.join(kdir, "Image")
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        runs = list(pool.map(lambda _: boot(arch, image), range(n)))
    vas = [r["va"] for r in runs]
    seeds = sorted({r["seed"] for r in runs if r["seed"]})
    positions = m["kaslr_positions"]
    counts = buckets_of(vas, lowest, highest, align)
    e = n / BUCKETS
    chi2 = sum((c - e) ** 2 / e for c in counts)
    s = {"boots": n, "distinct_va": len(set(vas)), "distinct_pa": len({r["pa"] for r in runs}),
         "moved": sum(r["pa"] != r["loaded"] for r in runs),
         "distinct_linear": len({r["linear"] for r in runs}),
         "distinct_modules": len({r["modules"] for r in runs}),
         "distinct_bpf": len({r["bpf"] for r in runs}),
         "expected_distinct": positions * (1 - (1 - 1 / positions) ** n),
         "positions": positions, "bits": math.log2(positions), "buckets": counts,
         "chi2": chi2, "p": chi2_sf(chi2, BUCKETS - 1), "seed_lines": seeds,
         "bad": [hex(r["va"]) for r in runs
                 if (r["va"] - lowest) % align or not lowest <= r["va"] <= highest
                 or out_of_reach(r)]}
    s.update(phys_spread(arch, runs))
    return s


def cost(arch, kdir, tracecount):
    """Instructions to the final tables and to ready: the plain defconfig, the KASLR
    build, and the KASLR build with the physical move off (kaslr.phys=off)."""
    plain = bench.build(arch)
    rows = {}
    for name, d, extra in (("plain", plain, ()), ("kaslr", kdir, ()),
                           ("virtual", kdir, ("-append", "kaslr.phys=off"))):
        row = bench.measure(arch, "1G", d, tracecount, 900, extra=extra)
        rows[name] = row["counts"]
        if row["problems"]:
            sys.exit(f"kaslr_spread.py: {arch} {name}: {'; '.join(row['problems'])}")
    return rows


def rows_of(n):
    """The summary table's rows: (label, function of (spread, cost) -> cell)."""
    rows = [
        (f"distinct image placements in {n} boots", lambda s, c:
         f"{s['distinct_va']} ({s['expected_distinct']:.1f} expected of {s['positions']:,} "
         f"places)"),
        ("entropy of the image's place", lambda s, c: f"{s['bits']:.2f} bits"),
        (f"chi-squared over {BUCKETS} buckets (0.1% critical value {CHI2_CRIT_15_001})",
         lambda s, c: f"{s['chi2']:.2f} (p = {s['p']:.2f})"),
        ("the buckets", lambda s, c: " ".join(map(str, s["buckets"]))),
        ("distinct places of the modules / BPF windows",
         lambda s, c: f"{s['distinct_modules']} / {s['distinct_bpf']}"),
        ("windows out of 2 GB reach of the image", lambda s, c: str(len(s["bad"]))),
        ("distinct places of RAM in the linear map", lambda s, c: str(s["distinct_linear"])),
        ("boots that moved the image physically", lambda s, c: str(s["moved"])),
        ("distinct physical placements", lambda s, c:
         f"{s['distinct_pa']}" + (f" (of {s['phys_places']} places, {s['phys_bits']:.2f} bits)"
                                  if s["phys_places"] else "")),
        (f"physical chi-squared over {BUCKETS} buckets", lambda s, c:
         f"{s['phys_chi2']:.2f} (p = {s['phys_p']:.2f})" if s["phys_chi2"] is not None
         else "n/a"),
        ("the physical buckets", lambda s, c: " ".join(map(str, s["phys_buckets"])) or "n/a"),
        ("seed lines seen", lambda s, c: "; ".join(f"`{l}`" for l in s["seed_lines"])),
    ]
    for m, what in (("milestone_final_tables_live", "the final tables"),
                    ("milestone_ready", "`lander: ready`")):
        for k, how in (("kaslr", "KASLR"), ("virtual", "KASLR with `kaslr.phys=off`")):
            rows.append((f"instructions to {what}, plain / {how}", lambda s, c, m=m, k=k:
                         f"{c['plain'][m]:,} / {c[k][m]:,} "
                         f"({100 * (c[k][m] - c['plain'][m]) / c['plain'][m]:+.1f}%)"))
    return rows


def table(results, n):
    arches = list(results)
    text = ["| | " + " | ".join(arches) + " |", "|---|" + "---|" * len(arches)]
    for label, f in rows_of(n):
        text.append(f"| {label} | " + " | ".join(f(*results[a]) for a in arches) + " |")
    return "\n".join(text)


def plot(results, png):
    """The placements' histograms, virtual and physical, per arch; False without gnuplot."""
    colors = iter(["#1f77b4", "#aec7e8", "#d62728", "#ff9896"])
    series = []
    for a, (s, _) in results.items():
        series.append((f"{a}: image, virtual", next(colors), s["buckets"]))
        if s["phys_buckets"]:
            series.append((f"{a}: image, physical", next(colors), s["phys_buckets"]))
    n = next(iter(results.values()))[0]["boots"]
    return render.histogram(
        png, f"lander KASLR: {n} boots per arch, placements over {BUCKETS} equal spans of the "
        "possible ones", [str(b + 1) for b in range(BUCKETS)], series, height=480,
        settings=["set yrange [0:*]", "set xlabel 'bucket (lowest places to highest)'",
                  "set ylabel 'boots'"],
        extra=[f"{n / BUCKETS} with lines lw 2 dt 2 lc rgb '#444444' title 'uniform'"])


def write_doc(results, n):
    """docs/kaslr-spread.md, .json and .png from this run's figures; benchmarks.md re-rendered."""
    commit = subprocess.run(["git", "-C", SRCTREE, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    docs = os.path.join(SRCTREE, "docs")
    have_png = plot(results, os.path.join(docs, "kaslr-spread.png"))
    data = {"date": datetime.date.today().isoformat(), "commit": commit, "boots": n,
            "table": table(results, n), "png": have_png}
    with open(os.path.join(docs, "kaslr-spread.json"), "w") as out:
        json.dump(data, out, indent=1)
    text = ["# KASLR spread", "",
            "Generated by `make kaslr-spread` (`scripts/kaslr_spread.py --write`); do not edit "
            f"by hand. Last run: {data['date']}, tree at {commit}. "
            "`docs/kaslr.md` says what is measured and how.", "", data["table"]]
    if have_png:
        text += ["", "![KASLR placements](kaslr-spread.png)"]
    with open(os.path.join(docs, "kaslr-spread.md"), "w") as out:
        out.write("\n".join(text) + "\n")
    with open(os.path.join(docs, "benchmarks.json")) as f:
        render.render(json.load(f), docs)


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
        print(f"{arch}: entropy {s['bits']:.2f} bits (log2 {s['positions']} places, "
              f"64 KB apart); chi-squared over {BUCKETS} buckets {s['chi2']:.2f} "
              f"(p = {s['p']:.3f}; 0.1% critical value {CHI2_CRIT_15_001}); "
              f"buckets {' '.join(map(str, s['buckets']))}")
        print(f"{arch}: seed lines: {'; '.join(s['seed_lines'])}")
        print(f"{arch}: {s['distinct_modules']} distinct modules windows, {s['distinct_bpf']} "
              f"BPF windows; {s['moved']} boots moved the image physically"
              + (f", chi-squared over the {s['phys_places']} physical places "
                 f"{s['phys_chi2']:.2f} (p = {s['phys_p']:.3f}); buckets "
                 f"{' '.join(map(str, s['phys_buckets']))}" if s["phys_chi2"] is not None else ""))
        if s["bad"]:
            print(f"{arch}: PLACEMENTS OFF THE PLACES OR OUT OF REACH: {' '.join(s['bad'])}")
        if s.get("phys_bad"):
            print(f"{arch}: PHYSICAL PLACEMENTS THE MODEL FORBIDS: {' '.join(s['phys_bad'])}")
        if tracecount:
            c = cost(arch, kdir, tracecount)
            for m, what in (("milestone_final_tables_live", "the final tables"),
                            ("milestone_ready", "ready")):
                plain, kaslr, virt = c["plain"][m], c["kaslr"][m], c["virtual"][m]
                print(f"{arch}: to {what}: {plain:,} instructions plain, {kaslr:,} with "
                      f"KASLR: {kaslr - plain:+,} ({100 * (kaslr - plain) / plain:+.1f}%); "
                      f"{virt:,} with kaslr.phys=off: {virt - plain:+,} "
                      f"({100 * (virt - plain) / plain:+.1f}%)")
            results[arch] = (s, c)
    if args.write:
        if set(results) != {"arm64", "riscv"}:
            sys.exit("kaslr_spread.py: --write needs both arches and the cost")
        write_doc(results, args.n)
        log("kaslr_spread.py: wrote docs/kaslr-spread.md")


if __name__ == "__main__":
    main()
