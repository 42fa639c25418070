#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Render docs/benchmarks.md and docs/benchmarks.png from docs/benchmarks.json.

  render.py [--json FILE] [--out DIR]

scripts/bench.py measures and writes the JSON, then calls this; run it by
hand (or "make bench-docs") after editing the prose, which lives in
scripts/bench/benchmarks.md.in. Nothing here boots or builds anything: the
same JSON always gives the same page. The figure needs gnuplot; without it
the page has no figure section.
"""
import argparse
import json
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.dirname(os.path.dirname(HERE))
TEMPLATE = os.path.join(HERE, "benchmarks.md.in")

SHORT = {"milestone_relocated": "relocated",
         "milestone_early_tables_live": "early tables live",
         "milestone_final_tables_live": "final tables live",
         "milestone_ready": "ready"}
FINAL = "milestone_final_tables_live"
# Entry to final tables live at 1 GB, per arch (issue 9's goals; 275 K for both before).
GOAL_FINAL_1G = {"arm64": 150_000, "riscv": 120_000}
GOAL_SPREAD = 0.10
# The eBPF goals (the BPF benchmark issue): the JIT's run at least this many
# times fewer instructions than the interpreter's; native instructions per
# BPF slot, averaged over the programs; verify and JIT compile per slot.
GOAL_BPF_SPEEDUP = 10
GOAL_BPF_NATIVE = {"arm64": 3, "riscv": 4}
GOAL_BPF_COMPILE = 500


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --- formatting ----------------------------------------------------------------

def fmt_count(v):
    """A count with thousands separators; None (not in the build) is n/a."""
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    return f"{v:,}"


def fmt_tables(t):
    return f"{t[0]} / {t[1]}" if t else "n/a"


def per(value, divisor, scale=1):
    """value * scale / divisor, a rate: one decimal under 100, else whole.

    n/a unless both are counts.
    """
    if not isinstance(value, int) or not isinstance(divisor, int) or not divisor:
        return "n/a"
    rate = value * scale / divisor
    return f"{rate:,.1f}" if rate < 100 else f"{rate:,.0f}"


def fmt_seconds(v):
    """Host seconds to the millisecond; None (no valid run) is n/a."""
    return "n/a" if v is None else f"{v:.3f}"


def fmt_mem(mem):
    return mem.replace("M", " MB").replace("G", " GB").replace("T", " TB")


def bpf_compile(row):
    """A BPF row's verify and JIT compile (both passes) instructions; None if not measured."""
    v = [row["phases"].get(p) for p in ("verify", "jit_measure", "jit_write")]
    return sum(v) if all(isinstance(x, int) for x in v) else None


# --- the template ----------------------------------------------------------------

def load_blocks(path=TEMPLATE):
    """The template's blocks: {name: text}, each without surrounding blank lines."""
    blocks, name = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"^%% (\w+)\n$", line)
            if m:
                name = m.group(1)
                blocks[name] = ""
            elif name and not line.startswith("%% "):
                blocks[name] += line
            elif name:
                sys.exit(f"render.py: {path}: a comment inside block {name}: {line.strip()}")
    return {k: v.strip("\n") for k, v in blocks.items()}


def fill(block, **values):
    """Substitute values into a block; a part left empty leaves no blank lines."""
    text = string.Template(block).substitute(values)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# --- the parts -----------------------------------------------------------------

def arch_section(blocks, arch, rows, image):
    lines = []
    for r in rows:
        flag = " (!)" if r["problems"] else ""
        lines.append(f"| {fmt_mem(r['mem'])}{flag} | "
                     + " | ".join(fmt_count(v) for v in r["counts"].values())
                     + f" | {fmt_tables(r['tables'])} | {fmt_count(r['relocs'])} | "
                     f"{image['file_size']:,} / {image['image_size']:,} |")
    problems = [f"(!) {fmt_mem(r['mem'])}: {'; '.join(r['problems'])}"
                for r in rows if r["problems"]]
    return fill(blocks["arch"], arch=arch, rows="\n".join(lines), problems="\n".join(problems))


def goals(runs):
    """[(goal, arch, verdict, detail)]: the targets the boot path is held to."""
    out = []
    for arch, rows in runs.items():
        at1g = next((r for r in rows if r["mem"] == "1G"), None)
        v = at1g["counts"][FINAL] if at1g else None
        limit = GOAL_FINAL_1G[arch]
        goal = f"entry to final tables live <= {limit // 1000} K instructions at 1 GB"
        if isinstance(v, int):
            out.append((goal, arch, "met" if v <= limit else "missed", f"{v:,}"))
        else:
            out.append((goal, arch, "missed", f"final tables not measurable ({fmt_count(v)})"))
        goal = (f"within +-10% of the 1 GB figure from {fmt_mem(rows[0]['mem'])} "
                f"to {fmt_mem(rows[-1]['mem'])}")
        vals = [r["counts"][FINAL] for r in rows]
        if at1g and all(isinstance(x, int) for x in vals) and isinstance(v, int):
            worst = max(abs(x - v) / v for x in vals)
            out.append((goal, arch, "met" if worst <= GOAL_SPREAD else "missed",
                        f"worst {worst * 100:.1f}%"))
        else:
            out.append((goal, arch, "missed", "final tables not measurable"))
        goal = "final table pages equal the minimum"
        if all(r["tables"] for r in rows):
            bad = [r["mem"] for r in rows if r["tables"][0] != r["tables"][1]]
            out.append((goal, arch, "met" if not bad else "missed",
                        "at every size" if not bad else "not at " + ", ".join(bad)))
        else:
            out.append((goal, arch, "missed", "no \"final tables:\" line on the console"))
    return out


def comparison(runs):
    """The lander cells of the Linux comparison table: early_ARCH_MEM, final_ARCH_MEM."""
    cells = {}
    for arch in ("arm64", "riscv"):
        by_mem = {r["mem"]: r for r in runs.get(arch, [])}
        for mem in ("1G", "4G"):
            r = by_mem.get(mem)
            for key, m in (("early", "milestone_early_tables_live"), ("final", FINAL)):
                cells[f"{key}_{arch}_{mem}"] = fmt_count(r["counts"][m]) if r else "n/a"
    return cells


def profile_section(blocks, profiles):
    if not profiles:
        return ""
    functions, steps = [], []
    for arch, p in profiles.items():
        total = p["instructions"]
        rows = [f"| `{name}` | {n:,} | {n * 100 / total:.1f}% |"
                for name, n in p["top_functions"]]
        functions.append(fill(blocks["functions"], arch=arch, total=f"{total:,}",
                              rows="\n".join(rows), fdt=f"{p['fdt_instructions']:,}",
                              fdt_share=f"{p['fdt_instructions'] * 100 / total:.0f}"))
        rows = [f"| {start:,} | {n:,} | `{what}`"
                + (" (and smaller steps before it)" if merged else "") + " |"
                for start, n, what, merged in p["steps"]]
        steps.append(fill(blocks["steps"], arch=arch, rows="\n".join(rows)))
    return fill(blocks["profile"], functions="\n\n".join(functions), steps="\n\n".join(steps))


def shares(row):
    """A module row's top functions with their share of its instructions."""
    n = row["instructions"]
    if not isinstance(n, int) or not row.get("top_functions"):
        return "n/a"
    return ", ".join(f"`{f}` {k * 100 / n:.0f}%" for f, k in row["top_functions"])


def module_section(blocks, mods):
    """The module loading part: one table per arch, a row per module.

    Each module was loaded from an 8-byte aligned offset at displacement 0
    and at the image's highest place, and from an offset 4 modulo 8 at
    displacement 0. The row gives the first load's figures, the others'
    instruction counts and the far load's table pages and veneers; a
    second table gives both displacement-0 loads' top functions. Empty
    without module figures (a JSON from before them).
    """
    if not mods:
        return ""
    sections = []
    for arch, runs in mods["runs"].items():
        far = mods["far_displacement"][arch]
        lines, top, problems = [], [], []
        by_key = {(r["module"], r["displacement"], r.get("mod8", 0)): r for r in runs}
        for name in dict.fromkeys(r["module"] for r in runs):
            near, away, off = (by_key.get((name, d, m)) for d, m in ((0, 0), (far, 0), (0, 4)))
            if not near or not away or not off:
                continue
            flag = " (!)" if near["problems"] or away["problems"] or off["problems"] else ""
            n = near["instructions"]
            lines.append(f"| `{name}`{flag} | {fmt_count(n)} | {fmt_count(near['relocs'])} | "
                         f"{per(n, near['relocs'])} | {near['text_bytes']:,} | "
                         f"{per(n, near['text_bytes'], 1024)} | {fmt_count(near['tables'])} | "
                         f"{fmt_count(near['got'])} | {fmt_count(near['veneers'])} | "
                         f"{fmt_count(off['instructions'])} | {fmt_count(away['instructions'])} | "
                         f"{fmt_count(away['tables'])} | {fmt_count(away['veneers'])} |")
            top.append(f"| `{name}` | {shares(near)} | {shares(off)} |")
            problems += [f"(!) {name} at {r['displacement']:#x}, .ko at {r['mod8']} mod 8: "
                         f"{'; '.join(r['problems'])}" for r in (near, away, off) if r["problems"]]
        sections.append(fill(blocks["module_arch"], arch=arch, far=f"{far:#x}",
                             rows="\n".join(lines), top_rows="\n".join(top),
                             problems="\n".join(problems)))
    far = ", ".join(dict.fromkeys(f"{v:#x}" for v in mods["far_displacement"].values()))
    return fill(blocks["modules"], mem=fmt_mem(mods["mem"]), far=far,
                wall=f"{mods['wall_seconds']:.0f}", module_arches="\n\n".join(sections))


def ratio(a, b):
    return a / b if isinstance(a, int) and isinstance(b, int) and b else None


def bpf_goals(bpf):
    """[(goal, arch, verdict, detail)] for the eBPF programs."""
    out = []
    for arch, rows in bpf["runs"].items():
        goal = (f"JIT run >= {GOAL_BPF_SPEEDUP}x fewer executed instructions than the "
                "interpreter run, every program (each is a loop)")
        r = [(ratio(x["phases"]["interp"], x["phases"]["jit_run"]), x["program"]) for x in rows]
        if r and all(v is not None for v, _ in r):
            worst = min(r)
            out.append((goal, arch, "met" if worst[0] >= GOAL_BPF_SPEEDUP else "missed",
                        f"least {worst[0]:.1f}x (`{worst[1]}`), most {max(r)[0]:.1f}x"))
        else:
            out.append((goal, arch, "missed", "not measurable"))
        limit = GOAL_BPF_NATIVE[arch]
        goal = (f"native instructions per BPF slot (JIT body, prologue and epilogue excluded), "
                f"averaged over the programs, <= {limit}")
        r = [ratio(x["body_insns"], x["slots"]) for x in rows]
        if r and None not in r:
            mean = sum(r) / len(r)
            out.append((goal, arch, "met" if mean <= limit else "missed",
                        f"{mean:.2f} (from {min(r):.2f} to {max(r):.2f})"))
        else:
            out.append((goal, arch, "missed", "not measurable"))
        goal = f"verify + JIT compile (both passes) <= {GOAL_BPF_COMPILE} instructions per slot"
        r = [(ratio(bpf_compile(x), x["slots"]), x["program"]) for x in rows]
        if r and all(v is not None for v, _ in r):
            worst = max(r)
            out.append((goal, arch, "met" if worst[0] <= GOAL_BPF_COMPILE else "missed",
                        f"worst {worst[0]:,.0f} (`{worst[1]}`), best {min(r)[0]:,.0f}"))
        else:
            out.append((goal, arch, "missed", "not measurable"))
    return out


def top_shares(top, total):
    """Top functions with their share of total instructions."""
    if not isinstance(total, int) or not total or not top:
        return "n/a"
    return ", ".join(f"`{f}` {n * 100 / total:.0f}%" for f, n in top)


def bpf_section(blocks, bpf, have_plot):
    """The eBPF part: goals, then one table per arch, a row per program."""
    if not bpf:
        return ""
    goal_rows = [f"| {g} | {arch} | **{verdict}** | {detail} |"
                 for g, arch, verdict, detail in bpf_goals(bpf)]
    sections = []
    for arch, rows in bpf["runs"].items():
        lines, top, problems = [], [], []
        for r in rows:
            ph = r["phases"]
            flag = " (!)" if r["problems"] else ""
            comp = bpf_compile(r)
            lines.append(f"| `{r['program']}`{flag} | {fmt_count(r['slots'])} | "
                         f"{fmt_count(r['interp_executed'])} | {fmt_count(ph['verify'])} | "
                         f"{fmt_count(ph['jit_measure'])} | {fmt_count(ph['jit_write'])} | "
                         f"{per(comp, r['slots'])} | {fmt_count(ph['interp'])} | "
                         f"{fmt_count(ph['jit_run'])} | {per(ph['interp'], ph['jit_run'])} | "
                         f"{per(ph['interp'], r['interp_executed'])} | "
                         f"{fmt_count(r['body_insns'])} | {per(r['body_insns'], r['slots'])} | "
                         f"{fmt_count(r['jit_native_executed'])} | "
                         f"{per(r['jit_native_executed'], r['interp_executed'])} | "
                         f"{r['calls_near']} / {r['calls_far']} |")
            tf = r.get("top_functions", {})
            jit = ph["jit_measure"] + ph["jit_write"] if comp is not None else None
            top.append(f"| `{r['program']}` | {top_shares(tf.get('verify'), ph['verify'])} | "
                       f"{top_shares(tf.get('jit'), jit)} |")
            if r["problems"]:
                problems.append(f"(!) {r['program']}: {'; '.join(r['problems'])}")
        sections.append(fill(blocks["bpf_arch"], arch=arch, rows="\n".join(lines),
                             top_rows="\n".join(top), problems="\n".join(problems)))
    missed = [f"{g} on {arch}" for g, arch, verdict, _ in bpf_goals(bpf) if verdict != "met"]
    if missed:
        intro = ("Not met: " + "; ".join(missed) + ". The tables under each arch's figures "
                 "say where the verifier's and the JIT's instructions go.")
        split = []
        for arch, rows in bpf["runs"].items():
            v = [ratio(r["phases"]["verify"], r["slots"]) for r in rows]
            j = [ratio(r["phases"]["jit_measure"], r["slots"]) for r in rows]
            w = [ratio(r["phases"]["jit_write"], r["slots"]) for r in rows]
            if rows and None not in v + j + w:
                split.append(f"on {arch}, the verifier alone {min(v):,.0f} to {max(v):,.0f}, "
                             f"the JIT's measuring pass {min(j):,.0f} to {max(j):,.0f} and "
                             f"its writing pass {min(w):,.0f} to {max(w):,.0f}")
        if split:
            intro += " Per slot, " + "; ".join(split) + "."
    else:
        intro = "Every goal is met on both arches."
    return fill(blocks["bpf"], mem=fmt_mem(bpf["mem"]), wall=f"{bpf['wall_seconds']:.0f}",
                goals="\n".join(goal_rows), goals_intro=intro, bpf_arches="\n\n".join(sections),
                plot=blocks["bpf_plot"] if have_plot else "")


THREAD_MODE = {"single": "one for all CPUs", "multi": "one per CPU"}


def smp_section(blocks, smp):
    """The SMP part: the secondary's path, the time to all CPUs online and
    the live remap's cost, a table each with a row per arch (and per CPU
    count). Empty without SMP figures (a JSON from before them)."""
    if not smp:
        return ""
    path, wall, remap, problems = [], [], [], []
    for arch, part in sorted(smp["runs"].items()):
        r = part["path"]
        flag = " (!)" if r["problems"] else ""
        path.append(f"| {arch}{flag} | `{r['entry']}` | {fmt_count(r['instructions'])} | "
                    f"{fmt_count(r['mmu_off'])} | "
                    f"{top_shares(r['top_functions'], r['instructions'])} |")
        problems += [f"(!) {arch}, the secondary's path: {p}" for p in r["problems"]]
        for r in part["wall"]:
            flag = " (!)" if r["problems"] else ""
            each = (f"{r['bringup_s'] * 1000 / (r['cpus'] - 1):.1f}"
                    if r["bringup_s"] is not None else "n/a")
            runs = ", ".join(f"{a:.3f} / {b:.3f}" for a, b in r["runs"]) or "none valid"
            wall.append(f"| {arch}{flag} | {r['cpus']} | {THREAD_MODE[r['threads']]} | "
                        f"{fmt_seconds(r['to_online_s'])} | {fmt_seconds(r['bringup_s'])} | "
                        f"{each} | {runs} |")
            problems += [f"(!) {arch}, {r['cpus']} CPUs timed: {p}" for p in r["problems"]]
        for r in part["remap"]:
            flag = " (!)" if r["problems"] else ""
            ns = ", ".join(f"{x[3]:,}" for x in r["runs"]) or "none valid"
            remap.append(f"| {arch}{flag} | {r['cpus']} | {THREAD_MODE[r['threads']]} | "
                         f"{fmt_count(r['flushes'])} | {fmt_count(r['broadcasts'])} | "
                         f"{fmt_count(r['remote_calls'])} | {fmt_count(r['ns'])} | {ns} |")
            problems += [f"(!) {arch}, live remap at {r['cpus']} CPUs: {p}"
                         for p in r["problems"]]
    missing = [a for a in ("arm64", "riscv") if a not in smp["runs"]]
    largest = {a: max((r["cpus"] for r in p["wall"] + p["remap"]), default=0)
               for a, p in smp["runs"].items()}
    short = [f"{a} up to {n} CPUs only (`--max-cpus`)" for a, n in largest.items()
             if n < max(largest.values())]
    return fill(blocks["smp"], mem=fmt_mem(smp["mem"]), qemu=smp["qemu"],
                cores=smp["host_cores"], load=" / ".join(f"{x:.1f}" for x in smp["host_load"]),
                runs=", ".join(f"{p.get('runs_each', smp['runs_each'])} on {a}"
                               for a, p in sorted(smp["runs"].items())), wall=f"{smp['wall_seconds']:.0f}",
                missing=(f" Not measured in this run: {', '.join(missing)}." if missing else "")
                + (f" Measured in this run: {'; '.join(short)}." if short else ""),
                path_rows="\n".join(path), wall_rows="\n".join(wall),
                remap_rows="\n".join(remap), problems="\n".join(problems))


def kaslr_section(blocks, kaslr):
    """The last make kaslr-spread run's figures (docs/kaslr-spread.json), if any."""
    if not kaslr:
        return ""
    return fill(blocks["kaslr"], date=kaslr["date"], commit=kaslr["commit"],
                boots=kaslr["boots"], table=kaslr["table"],
                plot=blocks["kaslr_plot"] if kaslr.get("png") else "")


def render_md(data, have_plot, blocks=None, have_bpf_plot=False, kaslr=None):
    """The whole page, as text."""
    blocks = blocks or load_blocks()
    runs = data["runs"]
    sections = [arch_section(blocks, a, rows, data["images"][a]) for a, rows in runs.items()]
    goal_rows = [f"| {g} | {arch} | **{verdict}** | {detail} |"
                 for g, arch, verdict, detail in goals(runs)]
    page = fill(blocks["page"], date=data["generated"][:10], commit=data["commit"],
                qemu=data["qemu"], wall=f"{data['wall_seconds']:.0f}", jobs=data["jobs"],
                arch_sections="\n\n".join(sections), goals="\n".join(goal_rows),
                plot=blocks["plot"] if have_plot else "",
                profile=profile_section(blocks, data.get("profiles")),
                modules=module_section(blocks, data.get("modules")),
                bpf=bpf_section(blocks, data.get("bpf"), have_bpf_plot),
                smp=smp_section(blocks, data.get("smp")),
                kaslr=kaslr_section(blocks, kaslr), **comparison(runs))
    return page + "\n"


# --- the figure ------------------------------------------------------------------

def plot(runs, png):
    """Instructions to three milestones against RAM, per arch; False without gnuplot."""
    if not shutil.which("gnuplot"):
        log("render.py: gnuplot not found, no plot")
        return False
    style = {"arm64": ("#1f77b4", 7), "riscv": ("#d62728", 5)}
    dash = {"milestone_early_tables_live": 3, FINAL: 1, "milestone_ready": 2}
    with tempfile.TemporaryDirectory() as tmp:
        plots = []
        for arch, rows in runs.items():
            for m in dash:
                pts = [(r["mem_bytes"] / (1 << 30), r["counts"][m]) for r in rows
                       if isinstance(r["counts"][m], int)]
                if not pts:
                    continue
                path = os.path.join(tmp, f"{arch}-{m}.dat")
                with open(path, "w") as f:
                    f.writelines(f"{x} {y / 1000}\n" for x, y in pts)
                color, pt = style[arch]
                plots.append(f"'{path}' using 1:2 with linespoints lw 2 pt {pt} ps 1.2 "
                             f"dt {dash[m]} lc rgb '{color}' title '{arch}: {SHORT[m]}'")
        for arch in runs:
            color = style[arch][0]
            plots.append(f"{GOAL_FINAL_1G[arch] / 1000} with lines lw 1 dt 4 lc rgb '{color}' "
                         f"title 'goal {arch}: final tables live'")
        script = os.path.join(tmp, "plot.gp")
        with open(script, "w") as f:
            f.write(f"""set terminal pngcairo size 1000,640 font 'Sans,11'
set output '{png}'
set title 'lander: instructions from the kernel entry to each milestone, against guest RAM (log scale)'
set logscale x 2
set xrange [0.0625:2048]
set xtics ('128 MB' 0.125, '1 GB' 1, '4 GB' 4, '16 GB' 16, '64 GB' 64, '128 GB' 128, '256 GB' 256, '1 TB' 1024)
set ylabel 'instructions (thousands)'
set yrange [0:*]
set label 'goals (thin lines): entry to final tables live at 1 GB, flat within +-10%' at graph 0.02, graph 0.95 left
set grid
set key below vertical maxrows 3 width 2 spacing 1.2
plot {', '.join(plots)}
""")
        subprocess.run(["gnuplot", script], check=True)
    return True


def histogram(png, title, labels, series, height=560, settings=(), extra=()):
    """A clustered bar chart: one cluster per label, one bar per series, a
    (title, colour, values) triple. settings: more gnuplot lines; extra:
    more plot elements after the bars. False without gnuplot."""
    if not shutil.which("gnuplot"):
        log("render.py: gnuplot not found, no plot")
        return False
    with tempfile.TemporaryDirectory() as tmp:
        dat = os.path.join(tmp, "bars.dat")
        with open(dat, "w") as f:
            for i, label in enumerate(labels):
                f.write(f"\"{label}\" " + " ".join(str(s[2][i]) for s in series) + "\n")
        bars = [f"'{dat}' using {i + 2}{':xtic(1)' if i == 0 else ''} title '{t}' lc rgb '{c}'"
                for i, (t, c, _) in enumerate(series)]
        script = os.path.join(tmp, "plot.gp")
        with open(script, "w") as f:
            f.write(f"""set terminal pngcairo size 1000,{height} font 'Sans,11'
set output '{png}'
set title '{title}'
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set key top right
""" + "".join(line + "\n" for line in settings) + "plot " + ", ".join(bars + list(extra)) + "\n")
        subprocess.run(["gnuplot", script], check=True)
    return True


def plot_bpf(bpf, png):
    """Per program and arch: the interpreter's run, the JIT's run, verify and compile.

    Bars on a log scale; False without gnuplot or without BPF figures.
    """
    if not bpf:
        return False
    labels, cols = [], ([], [], [])
    for arch, rows in bpf["runs"].items():
        for r in rows:
            ph = r["phases"]
            vals = [ph["interp"], ph["jit_run"], bpf_compile(r)]
            if not all(isinstance(v, int) for v in vals):
                continue
            labels.append(f"{arch} {r['program'].split('/')[0]}")
            for col, v in zip(cols, vals):
                col.append(v)
    series = [("interpreter run", "#d62728", cols[0]), ("JIT run", "#1f77b4", cols[1]),
              ("verify + JIT compile (both passes)", "#7f7f7f", cols[2])]
    return histogram(png, "lander eBPF: instructions executed per phase of one program run "
                     "(log scale)", labels, series,
                     settings=["set logscale y", "set yrange [1000:*]",
                               "set ylabel 'instructions'", "set xtics rotate by -30"])


def render(data, out_dir):
    """Write benchmarks.md (and the PNGs) into out_dir; return the paths."""
    png = os.path.join(out_dir, "benchmarks.png")
    bpf_png = os.path.join(out_dir, "benchmarks-bpf.png")
    md = os.path.join(out_dir, "benchmarks.md")
    have_plot = plot(data["runs"], png)
    have_bpf_plot = plot_bpf(data.get("bpf"), bpf_png)
    kaslr_json = os.path.join(out_dir, "kaslr-spread.json")
    kaslr = None
    if os.path.exists(kaslr_json):
        with open(kaslr_json) as f:
            kaslr = json.load(f)
    with open(md, "w") as f:
        f.write(render_md(data, have_plot, have_bpf_plot=have_bpf_plot, kaslr=kaslr))
    return [md] + ([png] if have_plot else []) + ([bpf_png] if have_bpf_plot else [])


def main():
    import json
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--json", default=os.path.join(SRCTREE, "docs", "benchmarks.json"))
    p.add_argument("--out", default=os.path.join(SRCTREE, "docs"),
                   help="directory for benchmarks.md and benchmarks.png (default docs/)")
    args = p.parse_args()
    with open(args.json) as f:
        data = json.load(f)
    for path in render(data, args.out):
        log(f"render.py: wrote {os.path.relpath(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
