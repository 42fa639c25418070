#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make matrix: build and boot every valid combination, and say what booted.

  matrix.py [--arch arm64,riscv] [--only SUBSTR] [--jobs 2] [--timeout 60] [--write] [--list]

The builds are every paging format x KASLR on/off x gcc+GNU ld and
clang+lld (LLVM=1), each the arch's defconfig plus a fragment with
CONFIG_SMP=y, in build/matrix/NAME. Which formats and KASLR settings exist
is asked of Kconfig itself: every member of the choices that decide
PAGE_SHIFT and VA_BITS (arm64: granule x VA size; riscv: the paging mode)
is set on top of the defconfig, and a combination is kept only if Kconfig
accepted it. This script holds no list of allowed configurations; what it
holds is test-harness data (which QEMU CPU or hart lacks what, which
firmware exists on which arch).

Each build boots with 1 and 4 CPUs through every boot chain of its arch
(arm64: QEMU -kernel and U-Boot booti; riscv: OpenSBI fw_dynamic and
fw_jump, U-Boot booti), and also where its configured VA size is not
there, to see it fall back: a 52-bit arm64 kernel on a CPU with 48 bits,
a riscv kernel on a hart whose device tree stops at a smaller Sv mode.
Every boot must reach "lander: ready" with exit status 0, its banner must
show the VA bits and levels expected there, and every CPU must come up.

Builds run --jobs at a time (make -j1 each), then boots --jobs at a time.
A failure prints the one command that reproduces it and the console's
tail; the last line is "N passed, N failed", and the exit status is 1 on
any failure. --write (make matrix) writes docs/coverage.md from the run's
results; it needs a whole run (no --only or --arch).
"""
import argparse
import concurrent.futures
import datetime
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
import check  # noqa: E402  (fixture resolution, shared with the boot tests)
import fixtures  # noqa: E402  (tests/boot, on the path through check)
import toolchain  # noqa: E402

import kconfiglib  # noqa: E402

PYTHON = "/usr/bin/python3"
ARCHES = ("arm64", "riscv")
OUT = os.path.join("build", "matrix")
LAYOUT_TOOL = os.path.join("build", "host", "layout-manifest")
COVERAGE = os.path.join("docs", "coverage.md")
CPUS = (1, 4)

# --- test-harness data --------------------------------------------------------

# Boot chains: name -> scripts/qemu.py arguments. qemu.py knows how each boots.
CHAINS = {
    "arm64": {"kernel": [], "uboot": ["--firmware", "uboot"]},
    "riscv": {"fw_dynamic": ["--firmware", "fw_dynamic"], "fw_jump": ["--firmware", "fw_jump"],
              "uboot": ["--firmware", "uboot"]},
}
CHAIN_TITLE = {"kernel": "QEMU -kernel", "uboot": "U-Boot booti",
               "fw_dynamic": "OpenSBI fw_dynamic", "fw_jump": "OpenSBI fw_jump",
               "shim": "loader shim (OpenSBI fw_dynamic)"}
# arm64 boots on QEMU's "max", which has every granule and 52-bit VA
# (FEAT_LPA2 for 4K and 16K, FEAT_LVA for 64K); cortex-a57, qemu.py's
# default, has no 16K granule.
ARM64_CPU = "max"
# A CPU with the granule but only 48 VA bits, per page shift: a kernel
# configured for more boots there too and must fall back to 48 bits
# (cortex-a72 has no 16K granule: there, max without FEAT_LPA2).
ARM64_CPU_48 = {12: "cortex-a72", 14: "max,lpa2=off", 16: "cortex-a72"}
FALLBACK = r" \(less than configured: the CPU has no more\)"

lock = threading.Lock()


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=SRCTREE, capture_output=True, text=True, **kw)


def quote(cmd):
    return " ".join(shlex.quote(c) for c in cmd)


# --- what Kconfig allows ------------------------------------------------------

def load_kconfig(arch):
    """Kconfig for arch, with the arch's defconfig loaded."""
    os.environ["SRCARCH"] = arch
    os.environ["srctree"] = SRCTREE
    kconf = kconfiglib.Kconfig(os.path.join(SRCTREE, "Kconfig"), warn_to_stderr=False)
    kconf.load_config(os.path.join(SRCTREE, "arch", arch, "configs", "defconfig"))
    return kconf


def paging_choices(kconf):
    """The choices whose members decide PAGE_SHIFT and VA_BITS, page size first."""
    found = []
    for name in ("PAGE_SHIFT", "VA_BITS"):
        for _, cond in kconf.syms[name].defaults:
            for item in kconfiglib.expr_items(cond):
                if isinstance(item, kconfiglib.Symbol) and item.choice \
                        and item.choice not in found:
                    found.append(item.choice)
    return found


def accepted(kconf, arch, settings):
    """Whether Kconfig keeps every (symbol, tristate) of settings on top of the defconfig."""
    kconf.load_config(os.path.join(SRCTREE, "arch", arch, "configs", "defconfig"))
    for name, val in settings:
        kconf.syms[name].set_value(val)
    return all(kconf.syms[name].tri_value == val for name, val in settings)


def formats(arch):
    """Every paging format Kconfig lets arch be built in.

    A list of dicts: symbols (the choice members set to y), page_shift and
    va_bits (as Kconfig computes them), and whether KASLR may be on and off.
    """
    kconf = load_kconfig(arch)
    out = []
    for combo in itertools.product(*(c.syms for c in paging_choices(kconf))):
        settings = [(s.name, 2) for s in combo]
        if not accepted(kconf, arch, settings):
            continue
        fmt = {"arch": arch, "symbols": [s.name for s in combo],
               "page_shift": int(kconf.syms["PAGE_SHIFT"].str_value),
               "va_bits": int(kconf.syms["VA_BITS"].str_value)}
        fmt["kaslr"] = [on for on in (True, False)
                        if accepted(kconf, arch, settings + [("SMP", 2),
                                                             ("RANDOMIZE_BASE", 2 if on else 0)])]
        out.append(fmt)
    return out


def format_name(fmt):
    """"4k48" (arm64: granule, VA bits), "sv39" (riscv: the paging mode)."""
    if fmt["arch"] == "riscv":
        return f"sv{fmt['va_bits']}"
    return f"{1 << (fmt['page_shift'] - 10)}k{fmt['va_bits']}"


# --- the plan -----------------------------------------------------------------

def machine_sv_bits():
    """The Sv mode QEMU's riscv virt machine gives its harts in its device tree
    (mmu-type): what firmware hands the kernel, and the most it may use."""
    path = os.path.join(SRCTREE, OUT, "virt-riscv.dtb")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fixtures.qemu_dtb("riscv", path)
    r = sh(["fdtget", "-t", "s", path, "/cpus/cpu@0", "mmu-type"], check=True)
    return int(re.fullmatch(r"riscv,sv(\d+)", r.stdout.strip()).group(1))


def plan(archs):
    """The builds (name -> dict) and their boots (list of dicts), in order."""
    builds, boots = {}, []
    fmts = {arch: formats(arch) for arch in archs}
    sv = machine_sv_bits() if "riscv" in archs else None
    for arch in archs:
        sv_modes = sorted({f["va_bits"] for f in fmts[arch]})
        for fmt, llvm in itertools.product(fmts[arch], (False, True)):
            for kaslr in fmt["kaslr"]:
                name = f"{arch}-{format_name(fmt)}-{'llvm' if llvm else 'gcc'}-" \
                    f"{'kaslr' if kaslr else 'nokaslr'}"
                builds[name] = dict(fmt, name=name, llvm=llvm, kaslr_on=kaslr)
                boots += boots_of(builds[name], sv, sv_modes)
    return builds, boots


def boot_entry(build, chain, smp, va, where="", qemu=(), column=""):
    """One boot of build: the chain, CPUs, where it runs and the VA bits expected
    there; column names the machine in docs/coverage.md's table."""
    return {"name": f"{build['name']}/{chain}-{smp}cpu{'-' + where if where else ''}",
            "build": build["name"], "arch": build["arch"], "chain": chain, "smp": smp,
            "where": where, "va_bits": va, "column": (column, chain, smp),
            "qemu": list(qemu) + CHAINS[build["arch"]].get(chain, []) + ["--smp", str(smp)]}


def boots_of(build, sv, sv_modes):
    """Every boot of build: each chain with 1 and 4 CPUs, and the fallbacks."""
    arch, va = build["arch"], build["va_bits"]
    out = []
    if arch == "arm64":
        cpus = [(ARM64_CPU, va, "", "")]
        if va > 48:
            cpu = ARM64_CPU_48[build["page_shift"]]
            cpus.append((cpu, 48, "cpu-" + cpu.replace(",", "-").replace("=", "-"),
                         "48-bit CPU"))
        for (cpu, cpu_va, where, col), chain, smp in itertools.product(cpus, CHAINS[arch], CPUS):
            out.append(boot_entry(build, chain, smp, cpu_va, where, ["--cpu", cpu], col))
        return out
    for chain, smp in itertools.product(CHAINS[arch], CPUS):
        out.append(boot_entry(build, chain, smp, min(va, sv)))
    # A hart whose mmu-type stops at each mode up to the configured one
    # (the tree handed over by the loader shim; one hart, as the fixture has).
    for mode in sv_modes:
        if mode <= va:
            out.append(boot_entry(build, "shim", 1, mode, f"hart-sv{mode}",
                                  ["--dtb", f"@mmu-sv{mode}:riscv"], f"hart Sv{mode}"))
    return out


# --- building and booting -------------------------------------------------------

def make_base(build):
    return ["make", *toolchain.make_vars(build["arch"]), f"O={OUT}/{build['name']}"] + \
        (["LLVM=1"] if build["llvm"] else [])


def fragment(build):
    lines = [f"CONFIG_{s}=y" for s in build["symbols"]] + ["CONFIG_SMP=y"]
    lines.append("CONFIG_RANDOMIZE_BASE=y" if build["kaslr_on"]
                 else "# CONFIG_RANDOMIZE_BASE is not set")
    return "\n".join(lines) + "\n"


def build_command(build, jobs):
    """The shell command that configures and builds build from nothing."""
    base = quote(make_base(build))
    frag = f"{OUT}/{build['name']}/fragment.config"
    return f"{base} defconfig CONFIG_FRAGMENTS={frag} && {base} -j{jobs} all"


def do_build(build):
    """Configure (when the fragment changed) and build; None or the error output."""
    out = os.path.join(SRCTREE, OUT, build["name"])
    os.makedirs(out, exist_ok=True)
    fragfile = os.path.join(out, "fragment.config")
    text = fragment(build)
    if not os.path.exists(fragfile) or open(fragfile).read() != text \
            or not os.path.exists(os.path.join(out, ".config")):
        with open(fragfile, "w") as f:
            f.write(text)
        r = sh(make_base(build) + ["defconfig", f"CONFIG_FRAGMENTS={fragfile}"])
        if r.returncode:
            os.unlink(fragfile)
            return r.stdout + r.stderr
    r = sh(make_base(build) + ["-j1", "all"])
    return None if r.returncode == 0 else r.stdout + r.stderr


def levels(arch, va, page_shift):
    """The page-table levels of a format, from the kernel's own layout code."""
    r = sh([LAYOUT_TOOL, arch, str(va), str(page_shift)])
    if r.returncode:
        return None
    return json.loads(r.stdout)["levels"]


def expectations(build, b):
    """The regular expressions b's console must match, in order."""
    lv = levels(build["arch"], b["va_bits"], build["page_shift"])
    banner = rf"^lander .*: {1 << (build['page_shift'] - 10)}K pages, {b['va_bits']}-bit VA, " \
        rf"{lv} levels" + (FALLBACK if b["va_bits"] < build["va_bits"] else "") + "$"
    kaslr = r"^kaslr: seed from " if build["kaslr_on"] else None
    cpus = rf"^smp: {b['smp']} CPUs? online \(0 failed, 0 skipped\)$"
    return [e for e in (banner, kaslr, cpus, r"^lander: ready$") if e]


def do_boot(build, b, timeout):
    """Boot b; returns (ok, what the console showed, detail for a failure)."""
    image = os.path.join(OUT, build["name"], "Image")
    # The boot's own directory keeps its fixtures and console, so the
    # command printed for a failure runs as it is.
    bootdir = os.path.join(OUT, build["name"], "boots", b["name"].split("/", 1)[1])
    os.makedirs(os.path.join(SRCTREE, bootdir), exist_ok=True)
    qargs = check.resolve_qemu_args(b["qemu"], os.path.join(SRCTREE, bootdir),
                                    os.path.join(SRCTREE, OUT, build["name"]))
    qargs = [os.path.relpath(a, SRCTREE) if a.startswith(SRCTREE + "/") else a for a in qargs]
    cmd = [PYTHON, "scripts/qemu.py", "--arch", build["arch"], "--image", image] + qargs
    log = os.path.join(bootdir, "console.log")
    r = sh(cmd + ["--quiet", "--timeout", str(timeout), "--log", log])
    try:
        console = open(os.path.join(SRCTREE, log), errors="replace").read()
    except FileNotFoundError:
        console = r.stdout + r.stderr
    problems = []
    if r.returncode == 124:
        problems.append("hung: " + r.stderr.strip().splitlines()[0])
    elif r.returncode:
        problems.append(f"exit status {r.returncode}")
    pos = 0
    for pat in expectations(build, b):
        m = re.compile(pat, re.M).search(console, pos)
        if not m:
            after = " after the lines before" if pos else ""
            problems.append(f"console never matched /{pat}/{after}")
        else:
            pos = m.end()
    m = re.search(r"(\d+)-bit VA, (\d+) levels", console)
    shown = f"{m.group(1)}/{m.group(2)}" if m else "?"
    if not problems:
        return True, shown, ""
    again = f"{build_command(build, 2)} && {quote(cmd)}"
    if b["chain"] == "shim":
        again = f"make shims && {again}"
    tail = "\n".join(console.rstrip().splitlines()[-20:])
    return False, shown, "\n".join(problems) + f"\nreproduce: {again}\n-- console tail --\n{tail}"


# --- the report ---------------------------------------------------------------

def version(cmd, pattern):
    r = sh(cmd)
    m = re.search(pattern, r.stdout + r.stderr)
    return m.group(1) if m else "unknown"


def versions():
    """The tools' versions, for the page's header."""
    gcc = {a: version([toolchain.tool(a, "gcc"), "--version"], r"\) (\S+)") for a in ARCHES}
    ld = {a: version([toolchain.tool(a, "ld"), "--version"], r"GNU ld .* (\S+)\n")
          for a in ARCHES}
    pkgs = sh(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", "opensbi", "u-boot-qemu"])
    qemu = version(["qemu-system-aarch64", "--version"], r"version (\S+)")
    clang = version(["clang", "--version"], r"clang version (\S+)")
    lld = version(["ld.lld", "--version"], r"LLD (\S+)")
    return [f"QEMU {qemu}",
            "gcc " + ", ".join(f"{gcc[a]} ({toolchain.cross(a)})" for a in ARCHES) +
            " with GNU ld " + ", ".join(sorted(set(ld.values()))),
            f"clang {clang} with ld.lld {lld}"] + \
        [" ".join(line.split()) for line in pkgs.stdout.splitlines()]


def column_order(boots):
    cols = []
    for b in boots:
        if b["column"] not in cols:
            cols.append(b["column"])
    return cols


def column_title(machine, chain, smp):
    if machine.startswith("hart "):
        return machine
    title = f"{CHAIN_TITLE[chain]}, {smp} CPU{'s' if smp > 1 else ''}"
    return f"{machine}: {title}" if machine else title


def write_coverage(builds, boots, results, build_errors, times, sv):
    """docs/coverage.md from this run's results."""
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tree = sh(["git", "describe", "--always", "--dirty"]).stdout.strip()
    passed = sum(1 for r in results.values() if r[0])
    lines = [
        "# What boots: the build and boot matrix",
        "",
        f"Generated by `scripts/matrix.py --write` (`make matrix`) on {today} from that run's",
        "results, on tree " + f"`{tree}`: do not edit it by hand, regenerate it with `make matrix`",
        "(this run: builds {:.1f} minutes, boots {:.1f}, 2 at a time on 2 cores).".format(
            times[0] / 60, times[1] / 60),
        "",
        "Tools: " + "; ".join(versions()) + ".",
        "",
        f"{len(builds)} builds ({len(build_errors)} failed), {len(boots)} boots: "
        f"{passed} passed, {len(boots) - passed} failed.",
        "",
        "Which paging formats and KASLR settings exist comes from Kconfig: every value of the",
        "choices that decide `PAGE_SHIFT` and `VA_BITS`, kept when Kconfig accepts it on top of",
        "the defconfig. Each build is the defconfig plus those symbols, `CONFIG_SMP=y` and",
        "`CONFIG_RANDOMIZE_BASE` on or off, built with gcc and GNU ld or with clang and ld.lld",
        "(`LLVM=1`). A boot passes when QEMU exits with status 0 after `lander: ready`, the",
        "banner shows the VA bits and levels expected there (with \"less than configured\"",
        "where the CPU has fewer VA bits than the build), every CPU came up and, with KASLR,",
        "the seed line is there. A cell shows the banner's `VA bits/levels`, with `↓` where",
        "the kernel ran less than configured (as expected there); an empty cell is a boot that",
        "does not apply to that build.",
        "",
    ]
    for arch in ARCHES:
        ab = [b for b in boots if b["arch"] == arch]
        if not ab:
            continue
        cols = column_order(ab)
        lines += [f"## {arch}", ""]
        if arch == "arm64":
            lines += [f"Every boot on QEMU's `-cpu {ARM64_CPU}`; a kernel of more than 48 VA "
                      "bits also on a CPU with 48 (the `48-bit CPU` columns): " +
                      ", ".join(f"`{c}` ({1 << (s - 10)}K)" for s, c in ARM64_CPU_48.items()) +
                      ".", ""]
        else:
            lines += [f"QEMU's virt machine says `riscv,sv{sv}` in its harts' `mmu-type`, so "
                      "through the firmware a kernel of more runs that. The `hart SvNN` columns "
                      "boot through the loader shim with a device tree whose hart says "
                      "`riscv,svNN` (`tests/boot/fixtures.py`), with 1 CPU.", ""]
        lines.append("| build | " + " | ".join(column_title(*c) for c in cols) + " |")
        lines.append("|---|" + "---|" * len(cols))
        for name, build in builds.items():
            if build["arch"] != arch:
                continue
            cells = {}
            for b in ab:
                if b["build"] == name:
                    ok, shown, _ = results.get(b["name"], (False, "not run", ""))
                    if ok and b["va_bits"] < build["va_bits"]:
                        shown += " ↓"
                    cells[b["column"]] = shown if ok else f"**FAIL** {shown}"
            label = f"{format_name(build)} {'clang' if build['llvm'] else 'gcc'} " \
                f"{'KASLR' if build['kaslr_on'] else 'no KASLR'}"
            if name in build_errors:
                label += " **(build failed)**"
            lines.append(f"| {label} | " + " | ".join(cells.get(c, "") for c in cols) + " |")
        lines.append("")
    failures = [(b["name"], results.get(b["name"], (False, "", "not run"))[2])
                for b in boots if not results.get(b["name"], (False,))[0]]
    if failures:
        lines += ["## Failures", ""]
        lines += [f"- `{n}`: {(why or 'build failed').splitlines()[0]}" for n, why in failures]
        lines.append("")
    with open(os.path.join(SRCTREE, COVERAGE), "w") as f:
        f.write("\n".join(lines))


# --- main ---------------------------------------------------------------------

def estimate(builds, boots, jobs):
    """A rough run time in seconds: a build ~15 s at -j1, a boot ~1.5 s, 4 s via U-Boot."""
    boot_s = sum(4 if b["chain"] == "uboot" else 1.5 for b in boots)
    return (15 * len(builds) + boot_s) / jobs


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default=",".join(ARCHES))
    p.add_argument("--only", default="", help="only the boots whose name contains SUBSTR")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--timeout", type=int, default=60, help="seconds per boot")
    p.add_argument("--write", action="store_true", help=f"write {COVERAGE}")
    p.add_argument("--list", action="store_true", help="print the plan's boots and stop")
    p.add_argument("--formats", action="store_true",
                   help="print the formats Kconfig allows (arch, name, symbols, KASLR) and stop")
    args = p.parse_args()
    archs = [a for a in ARCHES if a in args.arch.split(",")]
    if args.formats:
        for arch in archs:
            for fmt in formats(arch):
                kaslr = ",".join("on" if k else "off" for k in fmt["kaslr"]) or "none"
                print(f"{arch} {format_name(fmt)} {','.join(fmt['symbols'])} kaslr={kaslr}")
        return 0
    if args.write and (args.only or archs != list(ARCHES)):
        p.error("--write needs the whole matrix: no --only or --arch")
    start = time.monotonic()
    builds, boots = plan(archs)
    boots = [b for b in boots if args.only in b["name"]]
    builds = {n: b for n, b in builds.items() if any(x["build"] == n for x in boots)}
    if args.list:
        for b in boots:
            print(b["name"])
        return 0
    print(f"matrix: {len(builds)} builds, {len(boots)} boots, {args.jobs} at a time: "
          f"about {estimate(builds, boots, args.jobs) / 60:.1f} minutes", flush=True)
    passed = failed = 0

    def report(name, ok, detail=""):
        nonlocal passed, failed
        with lock:
            if ok:
                passed += 1
                print(f"ok   {name}", flush=True)
                return
            failed += 1
            print(f"FAIL {name}", flush=True)
            for line in detail.rstrip().splitlines():
                print(f"     | {line}", flush=True)

    if any(b["chain"] == "shim" for b in boots):
        r = sh(["make", "shims"])
        report("shims", r.returncode == 0, r.stdout + r.stderr)
    build_errors = {}

    def one_build(build):
        err = do_build(build)
        if err:
            build_errors[build["name"]] = err
            tail = "\n".join(err.rstrip().splitlines()[-25:])
            report(f"build/{build['name']}", False,
                   f"reproduce: {build_command(build, 2)}\n{tail}")
        else:
            report(f"build/{build['name']}", True)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(one_build, builds.values()))
    built = time.monotonic()
    results = {}

    def one_boot(b):
        build = builds[b["build"]]
        if b["build"] in build_errors:
            results[b["name"]] = (False, "not built", "")
            return
        ok, shown, detail = do_boot(build, b, args.timeout)
        results[b["name"]] = (ok, shown, detail)
        report(b["name"], ok, detail)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(one_boot, boots))
    elapsed = time.monotonic() - start
    print(f"matrix: {len(builds)} builds and {len(boots)} boots in {elapsed / 60:.1f} minutes"
          f"{f' ({len(build_errors)} builds failed: their boots not run)' if build_errors else ''}",
          flush=True)
    if args.write:
        write_coverage(builds, boots, results, build_errors,
                       (built - start, start + elapsed - built),
                       machine_sv_bits() if "riscv" in archs else None)
        print(f"wrote {COVERAGE}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
