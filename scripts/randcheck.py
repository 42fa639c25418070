#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make randcheck: random configurations, each built with both toolchains and booted.

  randcheck.py [--arch arm64,riscv] [-n 10] [--seed S] [--jobs 2] [--timeout 90]

Configuration i of an arch is "make randconfig SEED=S+i" (scripts/randconfig.py),
built in build/rand/ARCH-SEED-gcc and -llvm, and booted under QEMU's virt
(arm64 on -cpu max, which has every granule) to "lander: ready". Every
seed is printed; a failure prints the one command that reproduces it and
the configuration's difference from the arch's defconfig (savedefconfig),
and the last line is "N passed, N failed". Without --seed, S comes from the
date, so each day tries other configurations.
"""
import argparse
import concurrent.futures
import datetime
import os
import subprocess
import sys

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
import toolchain  # noqa: E402


def sh(cmd, timeout=None):
    return subprocess.run(cmd, cwd=SRCTREE, capture_output=True, text=True, timeout=timeout)


def config_diff(arch, out):
    """The configuration's savedefconfig against the arch's defconfig, as a diff."""
    sh(["make", *toolchain.make_vars(arch), f"O={out}", "savedefconfig"])
    r = sh(["diff", "-u", f"arch/{arch}/configs/defconfig", os.path.join(out, "defconfig")])
    return r.stdout


def one(arch, seed, llvm, timeout):
    """Build and boot one configuration; returns (name, None) or (name, why)."""
    tc = "llvm" if llvm else "gcc"
    out = os.path.join("build", "rand", f"{arch}-{seed}-{tc}")
    base = ["make", *toolchain.make_vars(arch), f"O={out}"] + (["LLVM=1"] if llvm else [])
    name = f"{arch} SEED={seed} {tc}"
    again = f"make {' '.join(base[1:])} randconfig SEED={seed} && make {' '.join(base[1:])}"
    r = sh(base + ["randconfig", f"SEED={seed}"])
    if r.returncode == 0:
        r = sh(base + ["-j1", "all"])
    if r.returncode:
        return name, f"build failed ({again}):\n{(r.stdout + r.stderr)[-3000:]}" \
            f"\n{config_diff(arch, out)}"
    cmd = ["python3", "scripts/qemu.py", "--arch", arch, "--image", os.path.join(out, "Image"),
           "--timeout", str(timeout)] + (["--cpu", "max"] if arch == "arm64" else [])
    try:
        r = sh(cmd, timeout=timeout + 30)
        log = r.stdout + r.stderr
        good = r.returncode == 0 and "lander: ready" in log
    except subprocess.TimeoutExpired as e:
        log, good = (e.stdout or ""), False
    if not good:
        tail = "\n".join(log.splitlines()[-20:])
        return name, f"boot failed ({again}; make run):\n{tail}\n{config_diff(arch, out)}"
    return name, None


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="arm64,riscv")
    p.add_argument("-n", type=int, default=10, help="configurations per arch (default 10)")
    p.add_argument("--seed", type=int, help="the first seed (default: from the date)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--timeout", type=int, default=90, help="seconds per boot")
    args = p.parse_args()
    first = args.seed if args.seed is not None else \
        int(datetime.date.today().strftime("%Y%m%d")) * 1000
    jobs = [(a, first + i, llvm) for a in args.arch.split(",") if a for i in range(args.n)
            for llvm in (False, True)]
    print(f"randcheck: seeds {first} to {first + args.n - 1}, {len(jobs)} builds", flush=True)
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for name, why in pool.map(lambda j: one(*j, args.timeout), jobs):
            if why:
                failed += 1
                print(f"FAIL {name}: {why}", flush=True)
            else:
                passed += 1
                print(f"ok   {name}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
