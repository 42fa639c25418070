#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make check: every test of the project, ending with "N passed, N failed".

  1. host unit tests (TAP), built with gcc and clang under ASan+UBSan
  2. fuzz smoke: each libFuzzer target for --fuzz-seconds
  3. build checks: make lint (format and static analysis) is clean; the
     early-subset check catches a planted absolute relocation; image
     headers match the boot documents; savedefconfig round-trips each
     arch's defconfig; make matrix finds each granule's VA sizes in Kconfig
  4. kernel builds (tests/boot/scenarios.py BUILDS), make -j2 each, then
     make modules initramfs in the same O= (the "%initramfs-modules" archive)
  5. boot tests (BOOTS), two QEMUs at a time, each with a timeout; the
     KTAP each prints is parsed and every case counts
  6. a loose guard on the boot path's instruction counts (2x the
     figures in docs/benchmarks.json; make bench measures properly)
  7. a sample of random configurations (scripts/randcheck.py): ten seeds
     per arch, a new ten each day (the seeds come from the date), each
     built with gcc and clang (-j1, two builds at a time) and booted; one
     result per configuration and toolchain, named with its seed

Options: --only SUBSTR (boots/builds/random configurations whose name
contains it), --no-fuzz, --no-unit, --no-randconfig, --randconfigs N,
--randconfig-seed S (another day's sample), --fuzz-seconds N, --jobs N,
--timeout S, -v.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import threading

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "tests", "boot"))
import scenarios  # noqa: E402
import fixtures  # noqa: E402
import image_header  # noqa: E402
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
import toolchain  # noqa: E402
import randcheck  # noqa: E402

PYTHON = "/usr/bin/python3"
lock = threading.Lock()


class Results:
    def __init__(self, verbose):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []
        self.verbose = verbose

    def record(self, name, ok, detail="", skip=False):
        with lock:
            if skip:
                self.skipped += 1
                if self.verbose:
                    print(f"skip {name}")
                return
            if ok:
                self.passed += 1
                if self.verbose:
                    print(f"ok   {name}")
            else:
                self.failed += 1
                self.failures.append(name)
                print(f"FAIL {name}")
                if detail:
                    for line in detail.rstrip().splitlines()[-25:]:
                        print(f"     | {line}")
            sys.stdout.flush()


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=SRCTREE, capture_output=True, text=True, **kw)


# --- TAP / KTAP ------------------------------------------------------------

RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+)\s*-?\s*(.*?)(\s+#\s*(SKIP|skip)\b(.*))?$")
PLAN = re.compile(r"^(\s*)1\.\.(\d+)")


def parse_tap(text, prefix, res, nested_only=False):
    """Count TAP/KTAP results. With nested_only, count the indented case
    lines of KTAP subtests (the suites' own lines summarise them), and
    check every subtest plan was completed."""
    seen = 0
    plan_indent, plan_n, got = None, None, 0
    suite = ""
    for line in text.splitlines():
        m = re.match(r"^\s*# Subtest: (\S+)", line)
        if m:
            suite = m.group(1)
            continue
        p = PLAN.match(line)
        if p and nested_only and p.group(1):
            if plan_n is not None and got < plan_n:
                res.record(f"{prefix}/{suite}: {plan_n - got} cases never reported", False)
            plan_indent, plan_n, got = p.group(1), int(p.group(2)), 0
            continue
        m = RESULT.match(line)
        if not m:
            continue
        indent, status, _, name, _, skip, _ = m.groups()
        if nested_only and not indent:
            if plan_n is not None and got < plan_n:
                res.record(f"{prefix}/{suite}: {plan_n - got} cases never reported", False)
                plan_n = None
            if skip:
                res.record(f"{prefix}/{name}", True, skip=True)
                seen += 1
            continue
        got += 1
        full = f"{prefix}/{suite + '/' if nested_only else ''}{name}"
        res.record(full, status == "ok", skip=bool(skip))
        seen += 1
    return seen


# --- steps -------------------------------------------------------------------

def make_target(res, target):
    """Build a make target; a failure is recorded as one failed test."""
    r = sh(["make", "-j2", target])
    if r.returncode:
        res.record(f"make {target}", False, r.stdout + r.stderr)
    return r.returncode == 0


def run_unit(res, args):
    # The board trees first: a failure to fetch them is a failed test, so
    # make check never passes with the board cases quietly skipped.
    make_target(res, "board-dtbs")
    if not make_target(res, "unit-build"):
        return
    fixtures_dir = os.path.join(SRCTREE, "build", "host", "fixtures")
    unit_dir = os.path.join(SRCTREE, "build", "host", "unit")
    for b in sorted(os.listdir(unit_dir)):
        path = os.path.join(unit_dir, b)
        r = subprocess.run([path, fixtures_dir], cwd=SRCTREE, capture_output=True, text=True,
                           timeout=900)
        n = parse_tap(r.stdout, f"unit/{b}", res)
        if r.returncode or n == 0:
            res.record(f"unit/{b} exited {r.returncode}", False, r.stdout[-3000:] + r.stderr)


def run_fuzz(res, args):
    if not make_target(res, "fuzz-build"):
        return
    fuzz_dir = os.path.join(SRCTREE, "build", "host", "fuzz")
    for t in sorted(f for f in os.listdir(fuzz_dir) if not f.startswith("corpus")):
        work = tempfile.mkdtemp(prefix=f"fuzz-{t}-")
        r = subprocess.run([os.path.join(fuzz_dir, t), f"-max_total_time={args.fuzz_seconds}",
                            "-print_final_stats=1", "-seed=1", work,
                            os.path.join(SRCTREE, "tests", "fuzz", "corpus", t)],
                           cwd=SRCTREE, capture_output=True, text=True)
        execs = re.search(r"stat::number_of_executed_units:\s*(\d+)", r.stderr)
        res.record(f"fuzz/{t} ({execs.group(1) if execs else '?'} execs, "
                   f"{args.fuzz_seconds}s)", r.returncode == 0, r.stderr[-3000:])


def run_jit_fuzz(res, args):
    """Each eBPF JIT against the interpreter under qemu-user (tests/bpf/jit-ARCH.mk):
    a fixed seed, so the run is the same every time; make jit-fuzz N=... runs longer."""
    for arch in ("arm64", "riscv"):
        r = sh(["make", *toolchain.make_vars(arch), f"O=build/check/jit-{arch}",
                "jit-fuzz", f"N={args.jit_programs}", "SEED=1"])
        passed = re.findall(r"^PASS: (.*)$", r.stdout, re.M)
        res.record(f"jit-fuzz/{arch} (seed 1, {args.jit_programs} random programs and the "
                   f"hand-made ones against the interpreter)",
                   r.returncode == 0 and bool(passed), (r.stdout + r.stderr)[-3000:])


def run_docs(res, args):
    """docs/layout.md must be what the layout manifest produces today."""
    tool = os.path.join(SRCTREE, "build", "host", "layout-manifest")
    r = sh(["make", "-s", tool])
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "layout.md")
        g = sh([PYTHON, "scripts/gen-layout-doc.py", tool, out])
        same = g.returncode == 0 and open(out).read() == open(
            os.path.join(SRCTREE, "docs", "layout.md")).read()
    res.record("docs/layout.md matches the layout manifest (make docs)", same,
               r.stderr + g.stderr)


def run_savedefconfig(res, args):
    """make savedefconfig gives back each arch's defconfig (comments aside)."""
    for arch in ("arm64", "riscv"):
        out = os.path.join("build", "check", f"savedefconfig-{arch}")
        base = ["make", *toolchain.make_vars(arch), f"O={out}"]
        r = sh(base + ["defconfig"])
        if r.returncode == 0:
            r = sh(base + ["savedefconfig"])
        def lines(path):
            with open(path) as f:
                return sorted(l.strip() for l in f if l.strip() and not l.startswith("#"))
        same = r.returncode == 0 and lines(os.path.join(SRCTREE, out, "defconfig")) == \
            lines(os.path.join(SRCTREE, "arch", arch, "configs", "defconfig"))
        res.record(f"kconfig/{arch}: savedefconfig round-trips the defconfig", same,
                   r.stdout[-2000:] + r.stderr[-2000:])


# What make matrix must find in Kconfig (each granule's VA sizes, and no
# other's); a VA size added to Kconfig is welcome without changing this.
MATRIX_OFFERS = {"arm64": {"4k": ({39, 48}, {42, 47}), "16k": ({47, 48}, {39, 42}),
                           "64k": ({42, 48}, {39, 47})},
                 "riscv": {"sv": ({39, 48, 57}, set())}}


def run_matrix_formats(res, args):
    """make matrix's enumeration of the paging formats from Kconfig (matrix.py --formats)."""
    r = sh([PYTHON, "scripts/matrix.py", "--formats"])
    found = {}
    for line in r.stdout.splitlines():
        arch, name, _, kaslr = line.split()
        m = re.fullmatch(r"(\d+k|sv)(\d+)", name)
        found.setdefault((arch, m.group(1)), set()).add(int(m.group(2)))
        res.record(f"matrix/{arch}-{name}: KASLR may be on and off", kaslr == "kaslr=on,off",
                   line)
    for arch, prefixes in MATRIX_OFFERS.items():
        for prefix, (offered, refused) in prefixes.items():
            got = found.get((arch, prefix), set())
            res.record(f"matrix/{arch} {prefix}: Kconfig offers VA sizes {sorted(offered)} and "
                       f"not {sorted(refused)}", offered <= got and not got & refused,
                       f"found {sorted(got)}\n{r.stderr}")


def run_lint(res, args):
    """make lint is clean, and a planted absolute address in early code
    fails the build check."""
    r = sh(["make", "-s", "lint"])
    res.record("lint: clang-format and cppcheck clean (make lint)", r.returncode == 0,
               r.stdout[-3000:] + r.stderr[-3000:])
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "planted.c")
        with open(src, "w") as f:
            f.write("extern int target;\nint *const planted_pointer = &target;\n")
        for arch in ("arm64", "riscv"):
            obj = os.path.join(tmp, f"planted-{arch}.o")
            subprocess.run([toolchain.tool(arch, "gcc"), "-fPIE", "-O2", "-c", src, "-o", obj],
                           check=True)
            r = sh(["scripts/check-pi-relocs.sh", obj])
            res.record(f"lint/{arch}: planted absolute relocation rejected",
                       r.returncode != 0 and "holds absolute" in r.stderr, r.stderr)


def build_kernel(name, res):
    arch, llvm, frag = scenarios.BUILDS[name]
    out = os.path.join("build", "check", name)
    os.makedirs(os.path.join(SRCTREE, out), exist_ok=True)
    fragfile = os.path.join(SRCTREE, out, "fragment.config")
    text = "\n".join(frag) + "\n"
    if not os.path.exists(fragfile) or open(fragfile).read() != text:
        with open(fragfile, "w") as f:
            f.write(text)
        base = ["make", *toolchain.make_vars(arch), f"O={out}"] + (["LLVM=1"] if llvm else [])
        if len(frag) == 1 and frag[0].startswith("@"):
            r = sh(base + [frag[0][1:]])    # a whole-tree Kconfig target
        else:
            r = sh(base + ["defconfig", f"CONFIG_FRAGMENTS={fragfile}"])
        if r.returncode:
            os.unlink(fragfile)
            return r.stdout + r.stderr
    base = ["make", *toolchain.make_vars(arch), f"O={out}"] + (["LLVM=1"] if llvm else [])
    r = sh(base + ["-j2", "all"])
    if r.returncode:
        return r.stdout + r.stderr
    return None


def build_modules(name):
    """The test modules and the initramfs that carries them, in the same
    build directory: both compilers whatever the kernel was built with.
    None or the error output."""
    arch, llvm, _ = scenarios.BUILDS[name]
    r = sh(["make", *toolchain.make_vars(arch), f"O=build/check/{name}", "-j2", "modules",
            "initramfs"] + (["LLVM=1"] if llvm else []))
    return None if r.returncode == 0 else r.stdout + r.stderr


def build_pad(build, pad):
    """Relink build with pad KB of padding; None or the error output."""
    arch, llvm, _ = scenarios.BUILDS[build]
    r = sh(["make", *toolchain.make_vars(arch), f"O=build/check/{build}", f"IMAGE_PAD_KB={pad}",
            "pad-image"] + (["LLVM=1"] if llvm else []))
    return None if r.returncode == 0 else r.stdout + r.stderr


def resolve_qemu_args(qargs, tmp, build_dir):
    """qargs with each "@KIND:ARCH" replaced by a DTB from fixtures.make() and each
    "%initramfs-KIND" by an archive from fixtures.make_initramfs(), made in tmp
    (build_dir is the kernel's O=, whose initramfs "%initramfs-modules" is)."""
    out = []
    for a in qargs:
        if a.startswith("@"):
            kind, farch = a[1:].split(":")
            a = fixtures.make(kind, farch, tmp)
        elif a.startswith("%initramfs-"):
            a = fixtures.make_initramfs(a[len("%initramfs-"):], tmp, build_dir)
        out.append(a)
    return out


def boot(b, res, args):
    arch = scenarios.BUILDS[b["build"]][0]
    image = os.path.join(SRCTREE, "build", "check", b["build"], "Image")
    if b.get("pad") is not None:
        image = os.path.join(SRCTREE, "build", "check", b["build"], "pad", str(b["pad"]), "Image")
    with tempfile.TemporaryDirectory() as tmp:
        qargs = resolve_qemu_args(b["qemu"], tmp,
                                  os.path.join(SRCTREE, "build", "check", b["build"]))
        timeout = b.get("parks") or max(args.timeout, b.get("timeout", 0))
        cmd = [PYTHON, "scripts/qemu.py", "--arch", arch, "--image", image, "--quiet",
               "--timeout", str(timeout), "--log", os.path.join(tmp, "console.log"),
               "--shim-dir", os.path.join(SRCTREE, "build", "shim")] + qargs
        r = sh(cmd)
        try:
            log = open(os.path.join(tmp, "console.log"), errors="replace").read()
        except FileNotFoundError:  # qemu.py stopped before QEMU ran: say why
            log = r.stdout + r.stderr
    problems = []
    if b.get("parks"):
        if r.returncode != 124:
            problems.append(f"exit status {r.returncode}: the CPU should have parked")
    elif r.returncode == 124:
        problems.append("hung: " + r.stderr.strip())
    elif b["status"] is not None and r.returncode != b["status"]:
        problems.append(f"exit status {r.returncode}, expected {b['status']}")
    for pat in b["expect"]:
        if callable(pat):
            pat = pat(log)
        if not re.search(pat, log, re.M):
            problems.append(f"console never matched /{pat}/")
    if b["ktap"]:
        if "KTAP version 1" not in log:
            problems.append("no KTAP report")
        else:
            parse_tap(log[log.index("KTAP version 1"):], b["name"], res, nested_only=True)
    detail = "\n".join(problems) + "\n-- console tail --\n" + "\n".join(log.splitlines()[-20:])
    res.record(f"boot/{b['name']}", not problems, detail)


def run_randconfig(res, args):
    """args.randconfigs random configurations per arch from the day's first
    seed, each with both toolchains: built (-j1) and booted args.jobs at a
    time by randcheck.one(), one result each; a failure ends with the
    command that reproduces it."""
    first = args.randconfig_seed if args.randconfig_seed is not None else \
        randcheck.first_seed()
    jobs = [j for j in randcheck.configurations(randcheck.ARCHES, first, args.randconfigs)
            if args.only in f"randconfig/{randcheck.name(*j)}"]
    if not jobs:
        return
    print(f"== {len(jobs)} random configurations (seeds {first} to "
          f"{first + args.randconfigs - 1}), {args.jobs} at a time", flush=True)

    def check(job):
        r = randcheck.one(*job, timeout=args.timeout, root="build/check/rand")
        ran = f"; ran {r.ran}" if r.ran else ""
        res.record(f"randconfig/{randcheck.name(*job)}: {r.config}{ran}", r.why is None,
                   randcheck.report(r) if r.why else "")
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        list(ex.map(check, jobs))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default="")
    p.add_argument("--no-fuzz", action="store_true")
    p.add_argument("--no-unit", action="store_true")
    p.add_argument("--no-boot", action="store_true")
    p.add_argument("--no-randconfig", action="store_true",
                   help="skip the day's sample of random configurations")
    p.add_argument("--randconfigs", type=int, default=10,
                   help="random configurations per arch (default 10)")
    p.add_argument("--randconfig-seed", type=int,
                   help="their first seed (default: from the date, as make randcheck)")
    p.add_argument("--fuzz-seconds", type=int, default=20)
    p.add_argument("--jit-programs", type=int, default=500)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    res = Results(args.verbose)

    if not args.no_unit and not args.only:
        print("== host unit tests", flush=True)
        run_unit(res, args)
    if not args.no_fuzz and not args.only:
        print("== fuzz smoke", flush=True)
        run_fuzz(res, args)
        print("== eBPF JITs against the interpreter (qemu-user)", flush=True)
        run_jit_fuzz(res, args)
    if not args.only:
        print("== build checks", flush=True)
        run_lint(res, args)
        run_docs(res, args)
        run_savedefconfig(res, args)
        run_matrix_formats(res, args)

    if not args.no_boot:
        boots = [b for b in scenarios.BOOTS if args.only in b["name"]]
        builds = sorted({b["build"] for b in boots})
        print(f"== building {len(builds)} kernels", flush=True)
        make_target(res, "shims")
        if any("--board" in b["qemu"] for b in boots):
            # The boards' own trees (raspi3b): Debian's arm64 kernel package.
            make_target(res, "board-dtbs")
        broken = set()
        for name in builds:
            err = build_kernel(name, res)
            res.record(f"build/{name}", err is None, err or "")
            if err:
                broken.add(name)
                continue
            err = build_modules(name)
            res.record(f"modules/{name}", err is None, err or "")
        if not args.only:
            for name, ok, detail in image_header.check_all(SRCTREE):
                res.record(f"image/{name}", ok, detail)
        for b in list(boots):
            if b.get("pad") is not None and b["build"] not in broken:
                err = build_pad(b["build"], b["pad"])
                res.record(f"link/{b['build']}-pad-{b['pad']}K", err is None, err or "")
                if err:
                    boots.remove(b)
        boots = [b for b in boots if b["build"] not in broken]
        print(f"== {len(boots)} boots, {args.jobs} at a time", flush=True)
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            list(ex.map(lambda b: boot(b, res, args), boots))

    if not args.no_boot and not args.only:
        print("== boot-path guard (instructions at most 2x docs/benchmarks.json)", flush=True)
        r = sh([PYTHON, "scripts/bench.py", "--guard"])
        res.record("bench/guard: instructions to ready within 2x the recorded figures",
                   r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:])

    if not args.no_boot and not args.no_randconfig:
        run_randconfig(res, args)

    if res.failures:
        print("\nFailed:")
        for f in res.failures:
            print(f"  {f}")
    skipped = f", {res.skipped} skipped" if res.skipped else ""
    print(f"{res.passed} passed, {res.failed} failed{skipped}")
    sys.exit(1 if res.failed else 0)


if __name__ == "__main__":
    main()
