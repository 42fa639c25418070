#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make randcheck: random configurations, each built with both toolchains and booted.

  randcheck.py [--arch arm64,riscv] [-n 10] [--seed S] [--jobs 2] [--timeout 90]
               [--summary FILE] [--keep]

Configuration i of an arch is "make randconfig SEED=S+i" (scripts/randconfig.py),
built with -j1 in build/rand/ARCH-SEED-gcc and -llvm, --jobs builds at a
time, and booted under QEMU's virt with two CPUs (arm64 on -cpu max, which
has every granule) to "lander: ready" and exit status 0. Every seed is
printed; a failure prints the one command that reproduces it and the
configuration's difference from the arch's defconfig (savedefconfig), and
the last line is "N passed, N failed". A passing configuration's build
directory is removed (--keep keeps it); a failing one's stays. Without
--seed, S comes from the date, so each day tries other configurations.
--summary FILE writes the run as Markdown (every seed and its result, the
counts per arch, the time taken), to be kept in docs/.

make check runs a sample of ten seeds per arch through one() (scripts/check.py).
"""
import argparse
import collections
import concurrent.futures
import datetime
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
import toolchain  # noqa: E402

ARCHES = ("arm64", "riscv")
TOOLCHAINS = ("gcc", "llvm")
SMP = 2


# One configuration with one toolchain: why is None when it built and
# booted, else "build failed" or "boot failed", with the console or
# compiler's last lines (log), the savedefconfig diff and the command.
# ran is the paging the banner says ran, which can be less than the
# configuration's when the CPU has no more (an Sv57 kernel on QEMU 7.2).
Result = collections.namedtuple("Result", "arch seed tc config ran why log diff command")
BANNER = re.compile(r"^lander \S+ for \S+ \(.*?\): (.*)$", re.M)


def sh(cmd, timeout=None):
    return subprocess.run(cmd, cwd=SRCTREE, capture_output=True, text=True, timeout=timeout)


def first_seed(day=None):
    """The default first seed: day (today) as YYYYMMDD000, a new set each day."""
    return int((day or datetime.date.today()).strftime("%Y%m%d")) * 1000


def configurations(arches, first, n):
    """The (arch, seed, toolchain) of n seeds from first, for each arch and both toolchains."""
    return [(a, first + i, tc) for a in arches for i in range(n) for tc in TOOLCHAINS]


def name(arch, seed, tc):
    """How a configuration is called in every report: arch, seed and toolchain."""
    return f"{arch} SEED={seed} {tc}"


def config_diff(arch, out):
    """The configuration's savedefconfig against the arch's defconfig, as a diff."""
    sh(["make", *toolchain.make_vars(arch), f"O={out}", "savedefconfig"])
    r = sh(["diff", "-u", f"arch/{arch}/configs/defconfig", os.path.join(out, "defconfig")])
    return r.stdout


def describe(out):
    """The configuration in one line: the paging choice and every other bool set."""
    try:
        with open(os.path.join(SRCTREE, out, ".config")) as f:
            on = [line[7:-3] for line in f if line.startswith("CONFIG_") and line.endswith("=y\n")]
    except FileNotFoundError:
        return "?"
    return " ".join(s for s in on if s not in ("ARM64", "RISCV"))


def boot_command(arch, out, timeout):
    """The QEMU boot of a randcheck build (scripts/qemu.py)."""
    return ["python3", "scripts/qemu.py", "--arch", arch, "--image", os.path.join(out, "Image"),
            "--smp", str(SMP), "--timeout", str(timeout)] + \
        (["--cpu", "max"] if arch == "arm64" else [])


def one(arch, seed, tc, timeout=90, keep=False, root="build/rand"):
    """Build configuration seed of arch with toolchain tc (-j1) in root/ARCH-SEED-TC
    and boot it; a Result."""
    out = os.path.join(root, f"{arch}-{seed}-{tc}")
    make = ["make", *toolchain.make_vars(arch), f"O={out}"] + (["LLVM=1"] if tc == "llvm" else [])
    build = [make + ["randconfig", f"SEED={seed}"], make + ["-j1", "all"]]
    boot = boot_command(arch, out, timeout)

    def result(why, log="", cmds=(), console=""):
        command = " && ".join(shlex.join(c) for c in cmds)
        diff = config_diff(arch, out) if why else ""
        banner = BANNER.search(console)
        return Result(arch, seed, tc, describe(out), banner.group(1) if banner else "", why,
                      log, diff, command)

    shutil.rmtree(os.path.join(SRCTREE, out), ignore_errors=True)
    for cmd in build:
        r = sh(cmd)
        if r.returncode:
            tail = "\n".join((r.stdout + r.stderr).splitlines()[-30:])
            return result("build failed", tail, build)
    # The console goes to a file, so a hang's report is the console and
    # not qemu.py's copy of it; the command printed shows it on the terminal.
    console = os.path.join(SRCTREE, out, "console.log")
    try:
        r = sh(boot + ["--quiet", "--log", console], timeout=timeout + 30)
        status = r.returncode
        note = [line for line in r.stderr.splitlines() if line.startswith("qemu.py:")]
    except subprocess.TimeoutExpired:
        status, note = None, [f"no exit after {timeout + 30} s"]
    try:
        with open(console, errors="replace") as f:
            log = f.read()
    except FileNotFoundError:  # qemu.py stopped before QEMU ran
        log = r.stdout + r.stderr if status is not None else ""
    why = "hung" if status in (None, 124) else f"exit status {status}" if status else \
        None if "lander: ready" in log else 'no "lander: ready" on the console'
    if why:
        tail = "\n".join(log.splitlines()[-20:] + note[:1])
        return result(f"boot failed ({why})", tail, build + [boot], log)
    res = result(None, console=log)
    if not keep:
        shutil.rmtree(os.path.join(SRCTREE, out), ignore_errors=True)
    return res


def report(r):
    """A failure's detail: its last lines, why, the diff from the defconfig, the command."""
    return f"{r.log}\n{r.why}; the configuration against the defconfig:\n{r.diff}" \
        f"reproduce: {r.command}"


def git_head():
    r = sh(["git", "describe", "--always", "--dirty"])
    return r.stdout.strip() or "?"


def write_summary(path, args, first, results, seconds):
    """The run as Markdown: the command, the counts per arch, then every seed."""
    last = first + args.n - 1
    lines = [f"# randcheck: seeds {first} to {last}", "",
             f"`scripts/randcheck.py --arch {args.arch} -n {args.n} --seed {first} "
             f"--jobs {args.jobs}` on {datetime.date.today()} at tree {git_head()}: "
             f"{len(results)} builds and boots in {seconds / 60:.0f} min "
             f"({seconds:.0f} s, {args.jobs} at a time).", "",
             "| arch | configurations | builds and boots | passed | failed |",
             "|---|---|---|---|---|"]
    for arch in args.arch.split(","):
        mine = [r for r in results if r.arch == arch]
        bad = sum(1 for r in mine if r.why)
        lines.append(f"| {arch} | {len({r.seed for r in mine})} | {len(mine)} | "
                     f"{len(mine) - bad} | {bad} |")
    failures = [r for r in results if r.why]
    lines += ["", f"Failures: {len(failures)}"] + ([""] if failures else [])
    for r in failures:
        lines.append(f"- {name(r.arch, r.seed, r.tc)}: {r.why} (`{r.command}`)")
    lines += ["", "| arch | seed | configuration | ran | gcc | llvm |", "|---|---|---|---|---|---|"]
    by = {(r.arch, r.seed, r.tc): r for r in results}
    for arch in args.arch.split(","):
        for seed in range(first, last + 1):
            rs = [by.get((arch, seed, tc)) for tc in TOOLCHAINS]
            if not any(rs):
                continue
            config = next(r.config for r in rs if r)
            ran = next((r.ran for r in rs if r and r.ran), "")
            cells = ["-" if r is None else r.why or "ok" for r in rs]
            lines.append(f"| {arch} | {seed} | {config} | {ran} | {' | '.join(cells)} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default=",".join(ARCHES))
    p.add_argument("-n", type=int, default=10, help="configurations per arch (default 10)")
    p.add_argument("--seed", type=int, help="the first seed (default: from the date)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--timeout", type=int, default=90, help="seconds per boot")
    p.add_argument("--summary", help="write the run's seeds, results and time here (Markdown)")
    p.add_argument("--keep", action="store_true", help="keep the build directories that pass")
    args = p.parse_args()
    first = args.seed if args.seed is not None else first_seed()
    jobs = configurations([a for a in args.arch.split(",") if a], first, args.n)
    print(f"randcheck: seeds {first} to {first + args.n - 1}, {len(jobs)} builds", flush=True)
    start = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for r in pool.map(lambda j: one(*j, args.timeout, args.keep), jobs):
            results.append(r)
            if r.why:
                print(f"FAIL {name(r.arch, r.seed, r.tc)}: {r.why}\n{report(r)}", flush=True)
            else:
                print(f"ok   {name(r.arch, r.seed, r.tc)}: {r.config}; ran {r.ran}", flush=True)
    seconds = time.monotonic() - start
    failed = sum(1 for r in results if r.why)
    if args.summary:
        write_summary(args.summary, args, first, results, seconds)
        print(f"randcheck: wrote {args.summary}")
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
