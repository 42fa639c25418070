#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The boot-path benchmark: instructions from the kernel's first one to each milestone.

This script measures; scripts/bench/render.py turns what it measured
(docs/benchmarks.json) into docs/benchmarks.md and docs/benchmarks.png.

  bench.py [--arch arm64,riscv] [--mem 1G,4G] [--jobs 2] [--profile]
           [--timeout S] [--write] [--no-build] [-v]
  bench.py --modules [--arch ...]
                          only the module loading boots; merged into the recorded figures
  bench.py --bpf [--arch ...]
                          only the eBPF program boots; merged into the recorded figures
  bench.py --smp [--arch ...]
                          only the SMP boots; merged into the recorded figures
  bench.py --guard        boot each arch once at 1G; fail above 2x the recorded figure
  bench.py --selftest     check the counting on tiny programs of known length

Each arch's default configuration is built in build/bench/ARCH, then booted
under QEMU once per RAM size with one instruction per translation block
("-singlestep") and an exec trace ("-d exec,nochain"). The trace is streamed
through a pipe into a small C filter (scripts/bench/tracecount.c) that keeps,
per guest PC, the index of its first execution and its execution count;
nothing else of the trace is stored. The count to a milestone is the number
of instructions executed from the kernel's entry (inclusive) up to the first
execution of the milestone's first instruction (exclusive).

The module part (also run alone by --modules) boots each arch at 1G once
per measured module and displacement, with an initramfs holding only that
module, and counts the instructions from the first execution of
milestone_module_load to the first of milestone_module_linked: the whole
load up to the call of init_module. It is done at displacement 0 and at
the largest displacement the kernel accepts, where the image is farthest
from the modules window.

The eBPF part (also run alone by --bpf) boots each arch at 1G once per
measured program object, with an initramfs holding only that object and
its context, and counts the instructions of each phase of its first
program (verify, interpreter run, the JIT's two passes, the JIT's run)
between the milestones kernel/bpf/core.c calls around them.

The SMP part (also run alone by --smp) measures, per arch, with the same
build: a secondary CPU's instructions from its first one (the arch's
secondary entry) to the first execution of milestone_secondary_up, just
before its "up" line, in a traced boot with two CPUs where tracecount keeps
that CPU's trace lines only (-c); the host's wall time from QEMU's start
to the line "smp: N CPUs online (0 failed, 0 skipped)", and from the
"final tables:" line to it (the bring-up alone), in untraced boots of 8,
64 and the most CPUs the machine takes on one host thread, and of 8 with
one thread per CPU, the median of three each, one boot at a time; and
the cost of one live remap (flushes, broadcast invalidations, calls to
other CPUs, nanoseconds) at 1, 8 and 64 CPUs, which the smp self-test
suite prints in a KTEST build of the arch (build/bench/ARCH-ktest), the
median of three.

A full run (no --arch/--mem) writes docs/benchmarks.json (the figures,
the profile, the module loads, the SMP figures and the ones --guard
checks), then renders the page from it; a full --modules (or --bpf, or
--smp) run replaces only that part of it.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import types

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
import qemu  # noqa: E402  (machine_args: the same machine "make run" boots)
import toolchain  # noqa: E402
sys.path.insert(0, os.path.join(SRCTREE, "scripts", "bench"))
import render  # noqa: E402  (the page, and the number formats of the printed tables)

ARCHES = ["arm64", "riscv"]
# RAM sizes per arch. riscv's default Sv39 linear map holds 128 GB and RAM
# starts at 2 GB, so 128G is its largest map (QEMU itself accepts more).
MEMS = {"arm64": ["128M", "1G", "4G", "16G", "64G", "256G", "1T"],
        "riscv": ["128M", "1G", "4G", "16G", "64G", "128G"]}
# Where QEMU's -kernel enters the Image (the banner says where it really was).
DEFAULT_ENTRY = {"arm64": 0x40200000, "riscv": 0x80200000}
# riscv: OpenSBI runs ~12 M instructions in [RAM base, 0x80200000) before the
# kernel; logging them would cost ~25 s a boot, so the trace is filtered to
# PCs at or above the payload address. The kernel makes no SBI call on the
# default boot path (verify with --no-filter: the counts must not change).
TRACE_FLOOR = {"arm64": None, "riscv": 0x80200000}
MILESTONES = ["milestone_relocated", "milestone_early_tables_live",
              "milestone_final_tables_live", "milestone_ready"]
# The profile keeps this many functions, and folds the boot's steps under
# STEP_FOLD instructions into the next one.
TOP_FUNCTIONS = 10
STEP_FOLD = 1000

BENCH = os.path.join(SRCTREE, "build", "bench")
DOCS = os.path.join(SRCTREE, "docs")
DOC_JSON = os.path.join(SRCTREE, "docs", "benchmarks.json")
TRACECOUNT_SRC = os.path.join(SRCTREE, "scripts", "bench", "tracecount.c")
TRACECOUNT = os.path.join(BENCH, "tracecount")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def size_bytes(s):
    return qemu.size_arg(s)


# --- building ----------------------------------------------------------------

def make(arch, *targets, verbose=False, out=None):
    out = out or os.path.join("build", "bench", arch)
    cmd = ["make", "-C", SRCTREE, "--no-print-directory", *toolchain.make_vars(arch), f"O={out}"]
    cmd += list(targets)
    r = subprocess.run(cmd, stdout=None if verbose else subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        sys.exit(f"bench.py: {' '.join(cmd)} failed:\n{r.stdout or ''}")


def build(arch, verbose=False):
    """The defconfig without KASLR, whose placements (and so counts) would
    vary from boot to boot: make kaslr-spread measures KASLR's cost."""
    os.makedirs(os.path.join(BENCH, arch), exist_ok=True)
    frag = os.path.join(BENCH, arch, "fragment.config")
    with open(frag, "w") as f:
        f.write("# CONFIG_RANDOMIZE_BASE is not set\n")
    # Two invocations: the Makefile reads .config only when no config target
    # is among the goals.
    make(arch, "defconfig", f"CONFIG_FRAGMENTS={frag}", verbose=verbose)
    make(arch, "all", verbose=verbose)
    return os.path.join(BENCH, arch)


def build_tracecount():
    """The trace filter, built once from scripts/bench/tracecount.c."""
    if (os.path.exists(TRACECOUNT)
            and os.path.getmtime(TRACECOUNT) >= os.path.getmtime(TRACECOUNT_SRC)):
        return TRACECOUNT
    os.makedirs(BENCH, exist_ok=True)
    cc = os.environ.get("HOSTCC", "gcc")
    r = subprocess.run([cc, "-O2", "-Wall", "-Wextra", "-o", TRACECOUNT + ".tmp",
                        TRACECOUNT_SRC], capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"bench.py: cannot build {TRACECOUNT_SRC}:\n{r.stderr.strip()}")
    os.replace(TRACECOUNT + ".tmp", TRACECOUNT)
    return TRACECOUNT


# --- the ELF and the Image -----------------------------------------------------

def nm_tool(arch):
    for t in (toolchain.tool(arch, "nm"), "llvm-nm", "nm"):
        if shutil.which(t):
            return t
    sys.exit("bench.py: no nm found")


def elf_symbols(arch, elf):
    """(name -> address, sorted [(address, size, name)] of functions)."""
    r = subprocess.run([nm_tool(arch), "-S", "-n", elf], capture_output=True, text=True,
                       check=True)
    syms, funcs = {}, []
    for line in r.stdout.splitlines():
        f = line.split()
        if len(f) == 4:
            addr, size, kind, name = int(f[0], 16), int(f[1], 16), f[2], f[3]
        elif len(f) == 3:
            addr, size, kind, name = int(f[0], 16), 0, f[1], f[2]
        else:
            continue
        syms.setdefault(name, addr)
        if kind in "tTwW" and not name.startswith("$"):
            funcs.append((addr, size, name))
    return syms, funcs


def image_info(path):
    with open(path, "rb") as f:
        head = f.read(64)
    return {"file_size": os.path.getsize(path),
            "image_size": int.from_bytes(head[16:24], "little")}


# --- one traced boot -------------------------------------------------------------

def machine_cmd(arch, mem, smp=1):
    ns = types.SimpleNamespace(arch=arch, mem=mem, cpu=None, firmware="fw_dynamic", smp=smp)
    return qemu.machine_args(ns)


def traced_boot(arch, mem, image, tracecount, timeout, no_filter=False, extra=None,
                window=None, windows=(), smp=1, cpu=None):
    """Boot image with a streamed exec trace; return (console, status, pcs, lines).

    window, a (from, to) pair of PCs, also gives "window": {pc: executions
    from the first execution of from up to the first of to}; windows, a
    list of such pairs, gives "windows", a list of such dicts. smp: the
    machine's CPUs; cpu, a QEMU CPU index: count that CPU's instructions only.
    """
    windows = ([window] if window else []) + list(windows)
    rfd, wfd = os.pipe()
    cmd = machine_cmd(arch, mem, smp) + ["-kernel", image, "-singlestep",
                                     "-d", "exec,nochain", "-D", f"/dev/fd/{wfd}"]
    if TRACE_FLOOR[arch] is not None and not no_filter:
        cmd += ["-dfilter", f"{TRACE_FLOOR[arch]:#x}..0xffffffffffffffff"]
    cmd += extra or []
    keep = ["-c", str(cpu)] if cpu is not None else []
    filt = subprocess.Popen([tracecount] + keep + [f"{pc:x}" for w in windows for pc in w],
                            stdin=rfd, stdout=subprocess.PIPE)
    os.close(rfd)
    with tempfile.TemporaryFile() as con:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=con,
                                stderr=subprocess.STDOUT, pass_fds=(wfd,))
        os.close(wfd)
        try:
            status = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            status = "timeout"
        elapsed = time.monotonic() - start
        text = filt.communicate()[0].decode()
        con.seek(0)
        console = con.read().decode(errors="replace")
    lines = text.splitlines()
    total = int(lines[0].split()[1])
    bad = int(lines[1].split()[1])
    pcs, inside = {}, [{} for _ in windows]
    for l in lines[2:]:
        pc, first, count, *win = l.split()
        pcs[int(pc, 16)] = (int(first), int(count))
        for i, n in enumerate(win):
            if int(n):
                inside[i][int(pc, 16)] = int(n)
    return {"cmd": cmd, "console": console, "status": status, "pcs": pcs,
            "window": inside[0] if window else {}, "windows": inside,
            "lines": total, "bad": bad, "seconds": elapsed}


def parse_console(console):
    def grab(pat, conv=lambda s: int(s, 0)):
        m = re.search(pat, console)
        return conv(m.group(1)) if m else None
    m = re.search(r"final tables: (\d+) pages \(minimum (\d+)\)", console)
    load_pa = grab(r"loaded at PA (0x[0-9a-fA-F]+)")
    # physical KASLR: the early boot goes on in a copy (docs/kaslr.md)
    run_pa = grab(r"kaslr: image moved from PA 0x[0-9a-fA-F]+ to PA (0x[0-9a-fA-F]+)")
    return {"load_pa": load_pa, "run_pa": run_pa if run_pa is not None else load_pa,
            "kimage_va": grab(r"running at VA (0x[0-9a-fA-F]+)"),
            "relocs": grab(r"(\d+) relocations applied", int),
            "tables": (int(m.group(1)), int(m.group(2))) if m else None,
            "ready": "lander: ready" in console}


def measure(arch, mem, kdir, tracecount, timeout, verbose=False, no_filter=False, extra=()):
    """One benchmark row (extra: more QEMU arguments)."""
    elf = os.path.join(kdir, "lander.elf")
    image = os.path.join(kdir, "Image")
    syms, _ = elf_symbols(arch, elf)
    t = traced_boot(arch, mem, image, tracecount, timeout, no_filter, extra=list(extra))
    c = parse_console(t["console"])
    text = syms["_text"]
    load_pa = c["load_pa"] if c["load_pa"] is not None else DEFAULT_ENTRY[arch]
    run_pa = c["run_pa"] if c["run_pa"] is not None else load_pa
    kimage_va = c["kimage_va"] if c["kimage_va"] is not None else text
    pcs = t["pcs"]
    problems = []
    if t["status"] != 0:
        problems.append(f"QEMU exit status {t['status']}")
    if not c["ready"]:
        problems.append('no "lander: ready" on the console')
    if t["bad"]:
        problems.append(f"{t['bad']} trace lines not understood")
    floor = TRACE_FLOOR[arch]
    if floor is not None and load_pa < floor and not no_filter:
        problems.append(f"load PA {load_pa:#x} is below the trace filter {floor:#x}")
    entry = pcs.get(load_pa)
    counts = {}
    for m in MILESTONES:
        if m not in syms:
            counts[m] = None                 # not in the ELF (gc-sections)
            continue
        if m == "milestone_relocated":       # MMU off: its physical address where it runs
            addr = run_pa + (syms[m] - text)
        else:
            addr = kimage_va + (syms[m] - text)
        hit = pcs.get(addr)
        if entry is None or hit is None:
            counts[m] = "not reached"
        else:
            counts[m] = hit[0] - entry[0]
    if entry is None:
        problems.append(f"the entry {load_pa:#x} never ran")
    row = {"arch": arch, "mem": mem, "mem_bytes": size_bytes(mem), "counts": counts,
           "tables": c["tables"], "relocs": c["relocs"], "load_pa": load_pa, "run_pa": run_pa,
           "kimage_va": kimage_va, "trace_lines": t["lines"],
           "total_after_entry": t["lines"] - entry[0] if entry else None,
           "seconds": round(t["seconds"], 1), "problems": problems}
    log(f"  {arch} {mem}: {t['lines']:,} trace lines in {t['seconds']:.1f}s"
        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""))
    if problems or verbose:
        for l in t["console"].splitlines()[-10 if problems else None:]:
            log("    | " + l)
    row["_pcs"] = pcs
    return row


# --- modules ---------------------------------------------------------------------

# The measured test modules (make modules, O=build/bench/ARCH): a name for
# the tables, and the file under $O/modules/. Small and large, both
# compilers, one split into a section per function.
MODULES = [("hello-gcc", "gcc/hello.ko"), ("hello-clang", "clang/hello.ko"),
           ("calc-gcc-O2", "calc-gcc-O2.ko"), ("calc-clang-O0", "calc-clang-O0.ko"),
           ("calc-gcc-O0-fs", "calc-gcc-O0-fs.ko")]
MODULE_MEM = "1G"
# The module rows keep this many of the load's functions.
MODULE_TOP = 5
# An aligned displacement above the image's highest place in every format
# (0x55e00000): the kernel refuses it and names the largest it accepts.
DISPLACEMENT_PROBE = 0x80000000
MODULE_RE = re.compile(r"module (\S+): loaded at (0x[0-9a-fA-F]+) \((\d+) relocations, "
                       r"(\d+) veneers\)\s+text (\d+) KB, rodata (\d+) KB, data (\d+) KB, "
                       r"(\d+) GOT entries, (\d+) table pages")
# ELF section header flags (System V gABI): allocated, executable.
SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS = 0x2, 0x4, 8


def module_text_bytes(path):
    """The bytes of a relocatable object's code: its SHF_ALLOC|SHF_EXECINSTR sections.

    The console's text size is whole KB of the text area, which also holds
    the veneers; this is the compiler's output alone, for a per-KB figure.
    """
    import struct
    with open(path, "rb") as f:
        elf = f.read()
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3a)
    total = 0
    for i in range(shnum):
        _, sh_type, flags, _, _, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        if flags & SHF_ALLOC and flags & SHF_EXECINSTR and sh_type != SHT_NOBITS:
            total += size
    return total


def by_function(counts, funcs, text, base):
    """{pc: instructions} of an image running at base, summed per function, largest first."""
    import bisect
    starts = [f[0] for f in funcs]
    per = {}
    for pc, n in counts.items():
        link = text + pc - base
        i = bisect.bisect_right(starts, link) - 1
        name = funcs[i][2] if i >= 0 and link < funcs[i][0] + max(funcs[i][1], 1) \
            else "[outside the image's functions]"
        per[name] = per.get(name, 0) + n
    return sorted(per.items(), key=lambda kv: -kv[1])


def newc_data_offset(archive, name):
    """Where the data of the newc entry called name starts in archive.

    A newc entry is a 110-byte ASCII header, the name and its NUL padded to
    4 bytes, then the data padded to 4 bytes; the header's sixth and
    eleventh fields (eight hex digits each, after the 6-byte magic) are the
    data and name sizes.
    """
    off = 0
    while off + 110 <= len(archive):
        filesize = int(archive[off + 54:off + 62], 16)
        namesize = int(archive[off + 94:off + 102], 16)
        data = (off + 110 + namesize + 3) & ~3
        if archive[off + 110:off + 110 + namesize - 1] == name.encode():
            return data
        off = (data + filesize + 3) & ~3
    raise ValueError(f"{name} is not in the archive")


def module_archive(arch, kdir, name, ko, tmp, mod8):
    """A newc archive, made with cpio, holding the module as NAME.ko, its data at mod8 modulo 8.

    newc keeps data 4-byte aligned only, so where a module's bytes fall
    modulo 8 depends on the names before them; an empty directory entry
    "dd" in front (110 + 3 bytes, padded to 116) moves them by 4.
    """
    shutil.copyfile(os.path.join(kdir, "modules", ko), os.path.join(tmp, name + ".ko"))
    for lead in ([], ["dd"]):
        for d in lead:
            os.makedirs(os.path.join(tmp, d), exist_ok=True)
        archive = subprocess.run(["cpio", "--quiet", "-H", "newc", "-o", "-R", "0:0",
                                  "--reproducible"], cwd=tmp,
                                 input="".join(f"{n}\n" for n in lead + [name + ".ko"]).encode(),
                                 stdout=subprocess.PIPE, check=True).stdout
        if newc_data_offset(archive, name + ".ko") % 8 == mod8:
            break
    else:
        sys.exit(f"bench.py: cannot place {name}.ko at {mod8} modulo 8 in a newc archive")
    path = os.path.join(tmp, f"{arch}-{name}-{mod8}.cpio")
    with open(path, "wb") as f:
        f.write(archive)
    return path


def far_displacement(arch, kdir, timeout):
    """The largest displacement the kernel accepts, from its refusal of a larger one.

    An untraced boot with DISPLACEMENT_PROBE panics with "... outside the
    kernel region (from -0x... to 0x...)"; the second figure puts the image
    at its highest place (KIMAGE_HIGHEST, include/mm/layout.h), a multiple
    of 64 KB.
    """
    cmd = machine_cmd(arch, MODULE_MEM) + [
        "-kernel", os.path.join(kdir, "Image"),
        "-append", f"kernel_displacement={DISPLACEMENT_PROBE:#x}"]
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           errors="replace", timeout=timeout)
        out = r.stdout
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
    m = re.search(r"outside the kernel region \(from -0x[0-9a-fA-F]+ to (0x[0-9a-fA-F]+)\)", out)
    if not m:
        sys.exit(f"bench.py: {arch}: no largest displacement in the kernel's refusal of "
                 f"{DISPLACEMENT_PROBE:#x}:\n{out[-2000:]}")
    return int(m.group(1), 16) & ~(0x10000 - 1)


def measure_module(arch, kdir, name, ko, cpio, mod8, disp, tracecount, timeout, verbose=False):
    """One traced boot loading one module at one displacement: a module row.

    The image runs at its link address plus disp, so the two milestones'
    addresses are known before the boot: the trace filter also counts the
    instructions between them per PC, for the load's top functions.
    """
    syms, funcs = elf_symbols(arch, os.path.join(kdir, "lander.elf"))
    text = syms["_text"]
    kimage_va = text + disp
    window = tuple(kimage_va + syms[ms] - text
                   for ms in ("milestone_module_load", "milestone_module_linked"))
    t = traced_boot(arch, MODULE_MEM, os.path.join(kdir, "Image"), tracecount, timeout,
                    extra=["-initrd", cpio, "-append", f"kernel_displacement={disp:#x}"],
                    window=window)
    c = parse_console(t["console"])
    problems = []
    if c["kimage_va"] != kimage_va:
        problems.append(f"the image runs at {render.fmt_count(c['kimage_va'])}, "
                        f"not at {kimage_va:#x}")
    if t["status"] != 0:
        problems.append(f"QEMU exit status {t['status']}")
    if not c["ready"]:
        problems.append('no "lander: ready" on the console')
    if t["bad"]:
        problems.append(f"{t['bad']} trace lines not understood")
    if f"module {name}: init_module returned 0" not in t["console"]:
        problems.append(f'no "module {name}: init_module returned 0" on the console')
    first = [t["pcs"].get(pc, (None,))[0] for pc in window]
    if None in first:
        problems.append("a module milestone was not reached")
        count = "not reached"
    else:
        count = first[1] - first[0]
        if sum(t["window"].values()) != count:
            problems.append(f"the per-PC counts add up to {sum(t['window'].values()):,}, "
                            f"not {count:,}")
    m = MODULE_RE.search(t["console"])
    if not m or m.group(1) != name:
        problems.append("no module detail lines on the console")
    g = [int(x, 0) for x in m.groups()[1:]] if m else [None] * 8
    row = {"arch": arch, "module": name, "file": ko, "displacement": disp, "mod8": mod8,
           "instructions": count, "va": g[0], "relocs": g[1], "veneers": g[2],
           "text_bytes": module_text_bytes(os.path.join(kdir, "modules", ko)),
           "text_kb": g[3], "rodata_kb": g[4], "data_kb": g[5], "got": g[6], "tables": g[7],
           "top_functions": [[f, n] for f, n in by_function(t["window"], funcs, text,
                                                              kimage_va)[:MODULE_TOP]],
           "seconds": round(t["seconds"], 1), "problems": problems}
    log(f"  {arch} {name} at {disp:#x}, data at {mod8} mod 8: "
        f"{render.fmt_count(count)} instructions, "
        f"{t['lines']:,} trace lines in {t['seconds']:.1f}s"
        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""))
    if problems or verbose:
        for l in t["console"].splitlines()[-10 if problems else None:]:
            log("    | " + l)
    return row


def run_modules(arches, kdirs, tracecount, jobs, timeout, verbose=False):
    """Every measured module on each arch at displacement 0 and at the far end.

    The module's bytes lie 8-byte aligned in the archive (QEMU loads the
    archive page-aligned), and once more, at displacement 0, 4 bytes off:
    the loader reads the ELF's headers and entries with memcpy, which copies
    words only when both sides are word-aligned.

    Builds the modules in each bench build directory first. Returns the
    "modules" part of benchmarks.json.
    """
    start = time.monotonic()
    far = {}
    for a in arches:
        make(a, "modules", verbose=verbose)
        far[a] = far_displacement(a, kdirs[a], 60)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = []
        for a in arches:
            os.makedirs(os.path.join(tmp, a))
            for name, ko in MODULES:
                for mod8, disps in ((0, (0, far[a])), (4, (0,))):
                    cpio = module_archive(a, kdirs[a], name, ko, os.path.join(tmp, a), mod8)
                    for d in disps:
                        futs.append(ex.submit(measure_module, a, kdirs[a], name, ko, cpio,
                                              mod8, d, tracecount, timeout, verbose))
        rows = [f.result() for f in futs]
    return {"mem": MODULE_MEM,
            "note": "instructions from the first execution of milestone_module_load to the "
                    "first of milestone_module_linked, one module per boot; written by "
                    "scripts/bench.py (a full run, or --modules alone)",
            "wall_seconds": round(time.monotonic() - start, 1),
            "far_displacement": {a: far[a] for a in arches},
            "runs": {a: [r for r in rows if r["arch"] == a] for a in arches}}


def print_modules(mods):
    hdr = ["arch", "module", "displacement", "mod 8", "instructions", "relocs", "per reloc",
           "text bytes", "per KB", "tables", "veneers"]
    print("  ".join(f"{h:>14}" for h in hdr))
    for a, rows in mods["runs"].items():
        for r in rows:
            cells = [a, r["module"], f"{r['displacement']:#x}", r["mod8"],
                     render.fmt_count(r["instructions"]), render.fmt_count(r["relocs"]),
                     render.per(r["instructions"], r["relocs"]), f"{r['text_bytes']:,}",
                     render.per(r["instructions"], r["text_bytes"], 1024),
                     render.fmt_count(r["tables"]), render.fmt_count(r["veneers"])]
            print("  ".join(f"{c:>14}" for c in cells))


# --- eBPF programs ---------------------------------------------------------------

# The measured eBPF programs (tests/bpf/, make bpf-progs in build/bench/ARCH):
# the object, and the name of its first program, the one measured (the
# milestones count the first execution of each, so only the first program
# of an object counts; the others run after the window). All compute-bound:
# a checksum, a hash, a sort and a loop-heavy one.
BPF_PROGRAMS = [("checksum", "checksum/adler32"), ("hash", "hash/fnv1a"),
                ("sort", "sort/insertion"), ("loops", "loops/collatz")]
BPF_MEM = "1G"
# The phases of one program in kernel/bpf/core.c's bpf_run_program(): a name,
# and the milestones just before and just after it.
BPF_PHASES = [("verify", "milestone_bpf_verify", "milestone_bpf_verified"),
              ("interp", "milestone_bpf_interp", "milestone_bpf_interp_done"),
              ("jit_measure", "milestone_bpf_jit_measure", "milestone_bpf_jit_measured"),
              ("jit_write", "milestone_bpf_jit_write", "milestone_bpf_jit_written"),
              ("jit_run", "milestone_bpf_jit_run", "milestone_bpf_jit_run_done")]
# The windows counted per PC: the verifier, each of the JIT's two passes
# (without the allocations between them), the JIT's run.
BPF_WINDOWS = [("milestone_bpf_verify", "milestone_bpf_verified"),
               ("milestone_bpf_jit_measure", "milestone_bpf_jit_measured"),
               ("milestone_bpf_jit_write", "milestone_bpf_jit_written"),
               ("milestone_bpf_jit_run", "milestone_bpf_jit_run_done")]
# The BPF rows keep this many functions of the verifier and of the JIT.
BPF_TOP = 5
BPF_DETAIL_RE = re.compile(r"^  (\d+) slots, (\d+) executed; jit: (\d+) bytes at "
                           r"(0x[0-9a-fA-F]+), (\d+) native instructions, "
                           r"calls (\d+) near (\d+) far", re.M)


def bpf_expected():
    """program name -> r0, worked out by tests/bpf/expect.py without running it."""
    sys.path.insert(0, os.path.join(SRCTREE, "tests", "bpf"))
    import expect
    return expect.c_results()


def bpf_archive(arch, kdir, obj, tmp):
    """A newc archive, made with cpio, holding obj's .bpf.o and its .mem, if any."""
    names = [f"{obj}.mem", f"{obj}.bpf.o"]
    names = [n for n in names if os.path.exists(os.path.join(kdir, "bpf", n))]
    for n in names:
        shutil.copyfile(os.path.join(kdir, "bpf", n), os.path.join(tmp, n))
    archive = subprocess.run(["cpio", "--quiet", "-H", "newc", "-o", "-R", "0:0",
                              "--reproducible"], cwd=tmp,
                             input="".join(f"{n}\n" for n in names).encode(),
                             stdout=subprocess.PIPE, check=True).stdout
    path = os.path.join(tmp, f"{arch}-{obj}.cpio")
    with open(path, "wb") as f:
        f.write(archive)
    return path


def measure_bpf(arch, kdir, obj, prog, cpio, expected, tracecount, timeout, verbose=False):
    """One traced boot running one object's programs: a BPF row for its first.

    The image runs at its link address, so the milestones' addresses are
    known before the boot; the trace filter counts per PC from the first
    program's verify to the end of its JIT run, in four windows (verify,
    each of the JIT's passes, the JIT's run), which gives the native
    instructions executed in the JIT's code (its range is on the console)
    and the top functions of the verifier and of the JIT's passes.
    """
    syms, funcs = elf_symbols(arch, os.path.join(kdir, "lander.elf"))
    text = syms["_text"]
    windows = [(syms[a], syms[b]) for a, b in BPF_WINDOWS]
    t = traced_boot(arch, BPF_MEM, os.path.join(kdir, "Image"), tracecount, timeout,
                    extra=["-initrd", cpio, "-append", "kernel_displacement=0"],
                    windows=windows)
    c = parse_console(t["console"])
    problems = []
    if c["kimage_va"] != text:
        problems.append(f"the image runs at {render.fmt_count(c['kimage_va'])}, "
                        f"not at {text:#x}")
    if t["status"] != 0:
        problems.append(f"QEMU exit status {t['status']}")
    if not c["ready"]:
        problems.append('no "lander: ready" on the console')
    if t["bad"]:
        problems.append(f"{t['bad']} trace lines not understood")
    phases = {}
    for name, before, after in BPF_PHASES:
        first = [t["pcs"].get(syms[m], (None,))[0] for m in (before, after)]
        phases[name] = first[1] - first[0] if None not in first else "not reached"
    if any(not isinstance(v, int) for v in phases.values()):
        problems.append("a BPF milestone was not reached")
    # The first program's result line and the detail line under it.
    want = f"bpf {prog}: r0={expected:#x}" if isinstance(expected, int) else None
    m = re.search(rf"^bpf {re.escape(prog)}: (.*?)\r?$", t["console"], re.M)
    if not m or f"bpf {prog}: {m.group(1)}" != want:
        problems.append(f"expected \"{want}\", the console has "
                        f"\"{m.group(0).strip() if m else 'nothing'}\"")
    d = BPF_DETAIL_RE.search(t["console"], m.end()) if m else None
    if not d:
        problems.append("no BPF detail line on the console")
    g = [int(x, 0) for x in d.groups()] if d else [None] * 7
    slots, executed, jit_bytes, jit_va, body, near, far = g
    verify, measure, write, run = t["windows"]
    jit = {pc: measure.get(pc, 0) + write.get(pc, 0) for pc in {**measure, **write}}
    for name, win in zip(("verify", "jit_measure", "jit_write", "jit_run"), t["windows"]):
        if isinstance(phases[name], int) and sum(win.values()) != phases[name]:
            problems.append(f"the per-PC counts of {name} add up to {sum(win.values()):,}, "
                            f"not {phases[name]:,}")
    native = sum(n for pc, n in run.items() if jit_va <= pc < jit_va + jit_bytes) if d else None
    top = {"verify": by_function(verify, funcs, text, text)[:BPF_TOP],
           "jit": by_function(jit, funcs, text, text)[:BPF_TOP]}
    row = {"arch": arch, "object": obj, "program": prog, "phases": phases, "slots": slots,
           "interp_executed": executed, "jit_bytes": jit_bytes, "jit_va": jit_va,
           "body_insns": body, "calls_near": near, "calls_far": far,
           "jit_native_executed": native,
           "top_functions": {k: [[f, n] for f, n in v] for k, v in top.items()},
           "seconds": round(t["seconds"], 1), "problems": problems}
    log(f"  {arch} {prog}: verify {render.fmt_count(phases['verify'])}, interp "
        f"{render.fmt_count(phases['interp'])}, jit {render.fmt_count(phases['jit_measure'])}"
        f" + {render.fmt_count(phases['jit_write'])}, run {render.fmt_count(phases['jit_run'])}"
        f"; {t['lines']:,} trace lines in {t['seconds']:.1f}s"
        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""))
    if problems or verbose:
        for l in t["console"].splitlines()[-10 if problems else None:]:
            log("    | " + l)
    return row


def run_bpf(arches, kdirs, tracecount, jobs, timeout, verbose=False):
    """Every measured BPF program on each arch, one traced boot each.

    Builds the programs in each bench build directory first. Returns the
    "bpf" part of benchmarks.json.
    """
    start = time.monotonic()
    expected = bpf_expected()
    for a in arches:
        make(a, "bpf-progs", verbose=verbose)
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = []
        # The loop-heavy program's boots are by far the longest: first, so
        # that none of them ends up alone at the end.
        for obj, prog in sorted(BPF_PROGRAMS, key=lambda p: p[0] != "loops"):
            for a in arches:
                d = os.path.join(tmp, a, obj)
                os.makedirs(d)
                cpio = bpf_archive(a, kdirs[a], obj, d)
                futs.append(ex.submit(measure_bpf, a, kdirs[a], obj, prog, cpio,
                                      expected.get(prog), tracecount, timeout, verbose))
        done = [f.result() for f in futs]
    # In BPF_PROGRAMS order for the tables.
    order = [p for _, p in BPF_PROGRAMS]
    rows = sorted(done, key=lambda r: order.index(r["program"]))
    return {"mem": BPF_MEM,
            "note": "instructions between the milestones around each phase of the first "
                    "program of a one-object archive, one boot per program; written by "
                    "scripts/bench.py (a full run, or --bpf alone)",
            "wall_seconds": round(time.monotonic() - start, 1),
            "runs": {a: [r for r in rows if r["arch"] == a] for a in arches}}


def print_bpf(bpf):
    hdr = ["arch", "program", "slots", "verify", "interp", "jit measure", "jit write",
           "jit run", "interp/run", "native/slot", "dyn native/BPF", "compile/slot", "near/far"]
    print("  ".join(f"{h:>16}" for h in hdr))
    for a, rows in bpf["runs"].items():
        for r in rows:
            ph = r["phases"]
            comp = render.bpf_compile(r)
            cells = [a, r["program"], render.fmt_count(r["slots"])]
            cells += [render.fmt_count(ph[p]) for p, _, _ in BPF_PHASES]
            cells += [render.per(ph["interp"], ph["jit_run"]),
                      render.per(r["body_insns"], r["slots"]),
                      render.per(r["jit_native_executed"], r["interp_executed"]),
                      render.per(comp, r["slots"]), f"{r['calls_near']}/{r['calls_far']}"]
            print("  ".join(f"{c:>16}" for c in cells))


# --- SMP -------------------------------------------------------------------------

SMP_MEM = "1G"
# Each arch's secondary entry (head.S), where a started CPU's first instruction is.
SMP_ENTRY = {"arm64": "secondary_entry", "riscv": "riscv_secondary_entry"}
# arm64's virt with GICv3 for every SMP boot: GICv2 stops at 8 CPUs.
SMP_MACHINE = {"arm64": ["-M", "virt,gic-version=3"], "riscv": []}
# QEMU's two TCG thread modes: one host thread per CPU (MTTCG, the default
# on both arches) or every CPU round-robin on one host thread.
THREADS = {"multi": [], "single": ["-accel", "tcg,thread=single"]}
# The timed boots: (CPUs, thread mode) per arch: 8, 64 and the most the
# machine takes (arm64's GICv3 low redistributor region holds 123 CPUs,
# OpenSBI 1.1 128 harts), then 8 in the other thread mode. QEMU 7.2 runs
# arm64's WFE as a yield, so idle arm64 CPUs spin and starve the busy one
# with a thread each (docs/smp.md): arm64 runs round-robin on one host
# thread. riscv's waiting harts nap in WFI, and on one thread those naps
# make a boot far slower: riscv keeps QEMU's default, a thread per hart.
SMP_WALL = {"arm64": [(8, "single"), (64, "single"), (123, "single"), (8, "multi")],
            "riscv": [(8, "multi"), (64, "multi"), (128, "multi"), (8, "single")]}
# The live remap's cost (the smp self-test suite's diagnostic line) in a
# KTEST build: (CPUs, thread mode) per arch. arm64 on one host thread, as
# its timed boots. riscv with one thread per hart: a remote flush (SBI
# RFENCE) is run by each target hart in M-mode, so it waits until every
# one has run (docs/smp.md), which one thread for all makes far slower.
SMP_REMAP = {"arm64": [(1, "single"), (8, "single"), (64, "single")],
             "riscv": [(1, "multi"), (8, "multi"), (64, "multi")]}
# After the "smp: ... online" line, the rest of a timed boot may take this
# many seconds before QEMU is stopped and the boot flagged.
SMP_AFTER_ONLINE = 60
# Each timed boot and each remap boot is run this many times: the median is recorded.
SMP_RUNS = 3
# Timed and remap rows above this many CPUs are left out (--max-cpus).
SMP_MAX_CPUS = 1 << 16
# The secondary path's rows keep this many functions.
SMP_TOP = 5
ONLINE_RE = re.compile(r"^smp: (\d+) CPUs? online \((\d+) failed, (\d+) skipped\)\r?$", re.M)
REMAP_RE = re.compile(r"# one live remap with (\d+) CPUs? online: (\d+) flushes, (\d+) broadcast "
                      r"invalidations, (\d+) remote calls, (\d+) ns")


def build_ktest(arch, verbose=False):
    """The arch's self-test build, as make check builds it, without KASLR,
    in build/bench/ARCH-ktest: the smp suite prints the cost of one live remap."""
    out = os.path.join(BENCH, f"{arch}-ktest")
    os.makedirs(out, exist_ok=True)
    frag = os.path.join(out, "fragment.config")
    with open(os.path.join(SRCTREE, "tests", "ktest.config")) as f:
        text = f.read()
    with open(frag, "w") as f:
        f.write(text + "# CONFIG_RANDOMIZE_BASE is not set\n")
    rel = os.path.relpath(out, SRCTREE)
    make(arch, "defconfig", f"CONFIG_FRAGMENTS={frag}", verbose=verbose, out=rel)
    make(arch, "all", verbose=verbose, out=rel)
    return out


def online_problems(console, cpus):
    """What is wrong with the console's "smp: N CPUs online" line for a machine of cpus."""
    m = ONLINE_RE.search(console)
    if not m:
        return ['no "smp: N CPUs online" line on the console']
    online, failed, skipped = (int(x) for x in m.groups())
    if (online, failed, skipped) != (cpus, 0, 0):
        return [f"{online} CPUs online ({failed} failed, {skipped} skipped), not all {cpus}"]
    return []


def secondary_path(arch, kdir, tracecount, timeout, verbose=False):
    """A traced boot with two CPUs: CPU 1's instructions from its entry to its "up" line.

    The trace keeps the QEMU CPU index of the kernel's CPU 1 only (on
    riscv, OpenSBI may have made the other hart the boot hart: if the up
    line names another hart, the boot is traced again with that one). The
    count runs from the first execution of the arch's secondary entry, at
    its physical address with the MMU off, to the first execution of
    milestone_secondary_up, which secondary_start() calls just before it
    prints the up line; the window's per-PC counts give its functions.
    All CPUs run on one host thread (the count does not depend on it).
    """
    elf = os.path.join(kdir, "lander.elf")
    image = os.path.join(kdir, "Image")
    syms, funcs = elf_symbols(arch, elf)
    text, size = syms["_text"], syms["_end"] - syms["_text"]
    load_pa = DEFAULT_ENTRY[arch]
    window = (load_pa + syms[SMP_ENTRY[arch]] - text, syms["milestone_secondary_up"])
    index = 1
    for _ in range(2):
        # One host thread: with one per CPU, the traced boot CPU and a loaded
        # host can keep riscv's hart 1 (in OpenSBI's part of hart_start,
        # under -singlestep too) from reaching the kernel in the time it is given.
        t = traced_boot(arch, SMP_MEM, image, tracecount, timeout, window=window, smp=2,
                        cpu=index, extra=THREADS["single"])
        m = re.search(r"^CPU 1 \(id (0x[0-9a-fA-F]+)\) up", t["console"], re.M)
        if not m or int(m.group(1), 16) == index:
            break
        index = int(m.group(1), 16)
    c = parse_console(t["console"])
    problems = online_problems(t["console"], 2)
    if t["status"] != 0:
        problems.append(f"QEMU exit status {t['status']}")
    if not c["ready"]:
        problems.append('no "lander: ready" on the console')
    if t["bad"]:
        problems.append(f"{t['bad']} trace lines not understood")
    if c["load_pa"] != load_pa or c["kimage_va"] != text:
        problems.append(f"the image was loaded at {render.fmt_count(c['load_pa'])} and runs at "
                        f"{render.fmt_count(c['kimage_va'])}, not at {load_pa:#x} and {text:#x}")
    if not m or int(m.group(1), 16) != index:
        problems.append(f"CPU 1 is not QEMU's CPU {index}")
    first = [t["pcs"].get(pc, (None,))[0] for pc in window]
    if None in first:
        problems.append("the secondary entry or milestone_secondary_up was not reached")
        count = "not reached"
    else:
        count = first[1] - first[0]
        if first[0] != 0:
            problems.append(f"CPU {index} ran {first[0]:,} instructions before its entry")
        if sum(t["window"].values()) != count:
            problems.append(f"the per-PC counts add up to {sum(t['window'].values()):,}, "
                            f"not {count:,}")
    # head.S's entries have no ELF size: each runs to the next function.
    funcs = [(a, n or (funcs[i + 1][0] - a if i + 1 < len(funcs) else 0), f)
             for i, (a, n, f) in enumerate(funcs)]
    # The entry's part runs at physical addresses, the rest at the image's VA.
    phys = {pc: n for pc, n in t["window"].items() if load_pa <= pc < load_pa + size}
    virt = {pc: n for pc, n in t["window"].items() if pc not in phys}
    per = dict(by_function(phys, funcs, text, load_pa))
    for name, n in by_function(virt, funcs, text, text):
        per[name] = per.get(name, 0) + n
    top = sorted(per.items(), key=lambda kv: -kv[1])[:SMP_TOP]
    row = {"arch": arch, "cpus": 2, "qemu_cpu": index, "entry": SMP_ENTRY[arch],
           "instructions": count, "mmu_off": sum(phys.values()),
           "top_functions": [[f, n] for f, n in top],
           "seconds": round(t["seconds"], 1), "problems": problems}
    log(f"  {arch} CPU 1 (QEMU CPU {index}): {render.fmt_count(count)} instructions from "
        f"{SMP_ENTRY[arch]} to milestone_secondary_up; {t['lines']:,} trace lines in "
        f"{t['seconds']:.1f}s" + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""))
    if problems or verbose:
        for l in t["console"].splitlines()[-10 if problems else None:]:
            log("    | " + l)
    return row


def timed_boot(arch, image, cpus, threads, timeout):
    """One untraced boot, its console read line by line as it comes.

    Returns (console, status, {line's start: host seconds from QEMU's start
    to the line}) for the "final tables:" line and the "smp: ... online"
    line. QEMU is stopped after timeout seconds, or SMP_AFTER_ONLINE after
    the online line; status is then "timeout".
    """
    cmd = (machine_cmd(arch, SMP_MEM, cpus) + SMP_MACHINE[arch] + THREADS[threads]
           + ["-kernel", image])
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    timers = [threading.Timer(timeout, proc.kill)]
    timers[0].start()
    console, seen = [], {}
    for raw in proc.stdout:
        now = time.monotonic() - start
        line = raw.decode(errors="replace")
        console.append(line)
        if line.startswith("final tables:"):
            seen.setdefault("final tables:", now)
        elif ONLINE_RE.match(line) and "smp: " not in seen:
            seen["smp: "] = now
            timers.append(threading.Timer(SMP_AFTER_ONLINE, proc.kill))
            timers[-1].start()
    status = proc.wait()
    for t in timers:
        t.cancel()
    if status < 0:
        status = "timeout"
    return "".join(console), status, seen


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def wall_row(arch, kdir, cpus, threads, timeout, verbose=False):
    """SMP_RUNS timed boots of cpus CPUs: the medians from QEMU's start to
    all CPUs online, and from the final tables to all CPUs online."""
    image = os.path.join(kdir, "Image")
    runs, problems = [], []
    for _ in range(SMP_RUNS):
        console, status, seen = timed_boot(arch, image, cpus, threads, timeout)
        # The timings need every CPU online and both lines; what follows is checked too.
        bad = online_problems(console, cpus)
        if "final tables:" not in seen:
            bad.append('no "final tables:" line on the console')
        if not bad:
            runs.append([round(seen["smp: "], 3), round(seen["smp: "] - seen["final tables:"], 3)])
        if status != 0:
            bad.append(f"QEMU exit status {status}")
        if "lander: ready" not in console:
            bad.append('no "lander: ready" on the console')
        if bad or verbose:
            for l in console.splitlines()[-10 if bad else None:]:
                log("    | " + l)
        problems += [p for p in bad if p not in problems]
    row = {"arch": arch, "cpus": cpus, "threads": threads,
           "machine": " ".join(SMP_MACHINE[arch] + THREADS[threads]) or "-M virt",
           "runs": runs,
           "to_online_s": median([r[0] for r in runs]) if runs else None,
           "bringup_s": median([r[1] for r in runs]) if runs else None,
           "problems": problems}
    log(f"  {arch} {cpus} CPUs ({threads} thread{'s' if threads == 'multi' else ''}): "
        + ", ".join(f"{a:.3f}s / {b:.3f}s" for a, b in runs) + " (start to online / bring-up)"
        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""))
    return row


def remap_row(arch, kdir, cpus, threads, timeout, verbose=False):
    """SMP_RUNS boots of the self-test build with cpus CPUs: the cost of one live remap."""
    cmd = (machine_cmd(arch, SMP_MEM, cpus) + SMP_MACHINE[arch] + THREADS[threads]
           + ["-kernel", os.path.join(kdir, "Image")])
    runs, problems = [], []
    for _ in range(SMP_RUNS):
        try:
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               errors="replace", timeout=timeout)
            console, status = r.stdout, r.returncode
        except subprocess.TimeoutExpired as e:
            console, status = (e.stdout or b"").decode(errors="replace"), "timeout"
        bad = online_problems(console, cpus)
        if status != 0:
            bad.append(f"QEMU exit status {status}")
        if not re.search(r"^ok \d+ smp\r?$", console, re.M):
            bad.append('no "ok N smp" KTAP line on the console')
        if "# ktest: 0 failed cases" not in console:
            bad.append('no "# ktest: 0 failed cases" on the console')
        m = REMAP_RE.search(console)
        if not m or int(m.group(1)) != cpus:
            bad.append(f'no "one live remap with {cpus} CPUs online" line on the console')
        if bad or verbose:
            for l in console.splitlines()[-10 if bad else None:]:
                log("    | " + l)
        problems += [p for p in bad if p not in problems]
        if bad:
            break                   # the same boot again would fail the same way
        runs.append([int(x) for x in m.groups()[1:]])
    keys = ("flushes", "broadcasts", "remote_calls", "ns")
    row = {"arch": arch, "cpus": cpus, "threads": threads,
           "machine": " ".join(SMP_MACHINE[arch] + THREADS[threads]) or "-M virt",
           "runs": runs, "problems": problems}
    for i, k in enumerate(keys):
        row[k] = median([r[i] for r in runs]) if runs else None
    log(f"  {arch} live remap, {cpus} CPUs: "
        + ", ".join(f"{r[0]} flushes {r[1]} broadcasts {r[2]} remote {r[3]:,} ns" for r in runs)
        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else ""))
    return row


def run_smp(arches, kdirs, tracecount, jobs, timeout, verbose=False):
    """The SMP part: per arch, the secondary's path (traced), the timed
    boots to all CPUs online and the live remap's cost (a KTEST build).

    The traced boots run jobs at a time; the timed ones one at a time, each
    alone on the host. Returns the "smp" part of benchmarks.json.
    """
    start = time.monotonic()
    ktest = {a: build_ktest(a, verbose) for a in arches}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(secondary_path, a, kdirs[a], tracecount, timeout, verbose)
                for a in arches]
        path = [f.result() for f in futs]
    wall = [wall_row(a, kdirs[a], n, th, timeout, verbose) for a in arches
            for n, th in SMP_WALL[a] if n <= SMP_MAX_CPUS]
    remap = [remap_row(a, ktest[a], n, th, timeout, verbose) for a in arches
             for n, th in SMP_REMAP[a] if n <= SMP_MAX_CPUS]
    return {"mem": SMP_MEM,
            "note": "instructions of CPU 1 from its secondary entry to milestone_secondary_up "
                    "(traced, 2 CPUs); host seconds from QEMU's start, and from the final "
                    "tables line, to the smp online line (untraced, median of "
                    f"{SMP_RUNS}); the smp self-test's cost of one live remap (median of "
                    f"{SMP_RUNS}); written by scripts/bench.py (a full run, or --smp alone)",
            "runs_each": SMP_RUNS,
            "host_cores": os.cpu_count(),
            "host_load": [round(x, 2) for x in os.getloadavg()],
            "qemu": qemu_version(),
            "wall_seconds": round(time.monotonic() - start, 1),
            "runs": {a: {"runs_each": SMP_RUNS,
                         "path": next(r for r in path if r["arch"] == a),
                         "wall": [r for r in wall if r["arch"] == a],
                         "remap": [r for r in remap if r["arch"] == a]} for a in arches}}


def smp_problems(smp):
    """Every problem of the SMP part's rows, as "arch: what"."""
    out = []
    for a, part in smp["runs"].items():
        for r in [part["path"]] + part["wall"] + part["remap"]:
            out += [f"{a}: {p}" for p in r["problems"]]
    return out


def print_smp(smp):
    print(f"{'arch':>8}  {'entry':>22}  {'to up':>10}  {'MMU off':>8}  top functions")
    for a, part in smp["runs"].items():
        r = part["path"]
        print(f"{a:>8}  {r['entry']:>22}  {render.fmt_count(r['instructions']):>10}  "
              f"{r['mmu_off']:>8,}  {render.top_shares(r['top_functions'], r['instructions'])}")
    print(f"\n{'arch':>8}  {'CPUs':>5}  {'threads':>8}  {'start to online':>16}  {'bring-up':>10}")
    for a, part in smp["runs"].items():
        for r in part["wall"]:
            print(f"{a:>8}  {r['cpus']:>5}  {r['threads']:>8}  "
                  f"{render.fmt_seconds(r['to_online_s']):>16}  "
                  f"{render.fmt_seconds(r['bringup_s']):>10}")
    print(f"\n{'arch':>8}  {'CPUs':>5}  {'flushes':>8}  {'broadcasts':>10}  {'remote':>8}  "
          f"{'ns':>10}")
    for a, part in smp["runs"].items():
        for r in part["remap"]:
            print(f"{a:>8}  {r['cpus']:>5}  {render.fmt_count(r['flushes']):>8}  "
                  f"{render.fmt_count(r['broadcasts']):>10}  "
                  f"{render.fmt_count(r['remote_calls']):>8}  {render.fmt_count(r['ns']):>10}")


# --- profile -------------------------------------------------------------------

def profile(row, funcs, text, size):
    """Instructions per function over the whole traced run (entry to exit)."""
    import bisect
    starts = [f[0] for f in funcs]
    per = {}
    for pc, (_, n) in row["_pcs"].items():
        run_pa = row.get("run_pa", row["load_pa"])
        if row["load_pa"] <= pc < row["load_pa"] + size:
            link = text + pc - row["load_pa"]
            where = " (MMU off)"
        elif run_pa <= pc < run_pa + size:
            link = text + pc - run_pa
            where = " (MMU off, moved)"
        elif row["kimage_va"] <= pc < row["kimage_va"] + size:
            link = text + pc - row["kimage_va"]
            where = ""
        else:
            per["[outside the image]"] = per.get("[outside the image]", 0) + n
            continue
        i = bisect.bisect_right(starts, link) - 1
        name = funcs[i][2] if i >= 0 else "[before _text]"
        per[name + where] = per.get(name + where, 0) + n
    return sorted(per.items(), key=lambda kv: -kv[1])


# The top-level boot functions, and where each runs: the load PA (MMU off),
# the PA the image runs at (the same, unless physical KASLR moved it), or
# the image's VA.
TOP_LEVEL = [("early_boot", "load_pa"), ("early_finish", "run_pa"), ("start_kernel", "kimage_va")]
CALL_RE = re.compile(r"^\s*([0-9a-f]+):\s+(bl|jal|jalr|call)\s.*<([\w.]+)>\s*$")


def steps(arch, elf, row, funcs, text):
    """The boot as a sequence of the top-level functions' calls.

    Each call site of early_boot(), early_finish() and start_kernel() is placed at the first
    execution of its call instruction; a step's cost is the instructions up
    to the next step (so it includes the callee and the caller's own code
    that follows it). Returns [(start, cost, "caller: callee")].
    """
    objdump = toolchain.tool(arch, "objdump")
    if not shutil.which(objdump):
        objdump = "llvm-objdump"
    entry = row["_pcs"].get(row["load_pa"])
    if entry is None:
        return []
    out = []
    for name, where in TOP_LEVEL:
        f = next((f for f in funcs if f[2] == name), None)
        if not f or not f[1]:
            continue
        r = subprocess.run([objdump, "-d", "--no-show-raw-insn",
                            f"--start-address={f[0]:#x}", f"--stop-address={f[0] + f[1]:#x}",
                            elf], capture_output=True, text=True)
        base = row.get(where, row["load_pa"])
        for line in r.stdout.splitlines():
            m = CALL_RE.match(line)
            if not m:
                continue
            hit = row["_pcs"].get(base + int(m.group(1), 16) - text)
            if hit:
                out.append((hit[0] - entry[0], f"{name}: {m.group(3)}"))
    out.sort()
    end = row["total_after_entry"]
    return [(s, (out[i + 1][0] if i + 1 < len(out) else end) - s, what)
            for i, (s, what) in enumerate(out)]


def fold_steps(st):
    """Fold each step under STEP_FOLD instructions (but the last) into the next.

    Returns [[start, cost, what, folded]]: folded says that the step also
    holds smaller ones before it.
    """
    out, folded = [], 0
    for i, (start, cost, what) in enumerate(st):
        if cost < STEP_FOLD and i != len(st) - 1:
            folded += cost
            continue
        out.append([start - folded, cost + folded, what, bool(folded)])
        folded = 0
    return out


def profile_summary(arch, row, kdir):
    """The profile of one boot as benchmarks.json keeps it; also printed."""
    elf = os.path.join(kdir, "lander.elf")
    syms, funcs = elf_symbols(arch, elf)
    prof = profile(row, funcs, syms["_text"], syms["_end"] - syms["_text"])
    st = steps(arch, elf, row, funcs, syms["_text"])
    total = sum(n for _, n in prof)
    print(f"\n{arch} {row['mem']}: instructions per function ({total:,} in all)")
    for name, n in prof[:TOP_FUNCTIONS]:
        print(f"  {n:>12,}  {n * 100 / total:5.1f}%  {name}")
    print(f"{arch} {row['mem']}: the boot step by step (instructions from the entry)")
    for start_at, cost, what in st:
        print(f"  {start_at:>12,}  {cost:>10,}  {what}")
    return {"mem": row["mem"], "instructions": total,
            "fdt_instructions": sum(n for name, n in prof if name.startswith("fdt_")),
            "top_functions": [[name, n] for name, n in prof[:TOP_FUNCTIONS]],
            "steps": fold_steps(st)}


# --- output --------------------------------------------------------------------

def print_rows(rows):
    hdr = ["arch", "RAM"] + [render.SHORT[m] for m in MILESTONES] + ["tables/min", "relocs"]
    print("  ".join(f"{h:>17}" for h in hdr))
    for r in rows:
        cells = [r["arch"], r["mem"]] + [render.fmt_count(r["counts"][m]) for m in MILESTONES]
        cells += [render.fmt_tables(r["tables"]), render.fmt_count(r["relocs"])]
        print("  ".join(f"{c:>17}" for c in cells))


def qemu_version():
    r = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True, text=True)
    return r.stdout.splitlines()[0] if r.stdout else "?"


def write_json(rows_by_arch, images, profiles, wall, jobs, modules=None, bpf=None, smp=None):
    """Everything docs/benchmarks.md shows, and the figures --guard checks."""
    commit = subprocess.run(["git", "-C", SRCTREE, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    data = {"generated": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"),
            "qemu": qemu_version(),
            "commit": commit,
            "wall_seconds": round(wall, 1),
            "jobs": jobs,
            "note": "instructions from the kernel's entry to the first execution of each "
                    "milestone; written by scripts/bench.py",
            "images": images,
            "runs": {arch: [{k: v for k, v in r.items() if not k.startswith("_")}
                            for r in rows] for arch, rows in rows_by_arch.items()},
            "profiles": profiles,
            "guard": {}}
    # A part not measured this run (--no-modules, --no-bpf, --no-smp) keeps its recorded figures.
    try:
        with open(DOC_JSON) as f:
            old = json.load(f)
    except (OSError, ValueError):
        old = {}
    for key, part in (("modules", modules), ("bpf", bpf), ("smp", smp)):
        if part or key in old:
            data[key] = part or old[key]
    for arch, rows in rows_by_arch.items():
        r = next((r for r in rows if r["mem"] == "1G"), None)
        if r and isinstance(r["counts"]["milestone_ready"], int) and not r["problems"]:
            data["guard"][arch] = {"mem": "1G",
                                   "milestone_ready": r["counts"]["milestone_ready"]}
    with open(DOC_JSON, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    return data


# --- modes -----------------------------------------------------------------------

def run_all(jobs, tasks, kdirs, tracecount, timeout, verbose, no_filter):
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(measure, a, m, kdirs[a], tracecount, timeout, verbose, no_filter)
                for a, m in tasks]
        for f in futs:
            rows.append(f.result())
    return rows


def guard(args):
    start = time.monotonic()
    try:
        with open(DOC_JSON) as f:
            recorded = json.load(f)["guard"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"bench.py --guard: no recorded figures in {DOC_JSON} ({e}); "
                 "run make bench first")
    arches = [a for a in args.arch if a in recorded]
    kdirs = {a: build(a, args.verbose) for a in arches}
    tc = build_tracecount()
    rows = run_all(args.jobs, [(a, "1G") for a in arches], kdirs, tc, args.timeout,
                   args.verbose, False)
    failed = 0
    for r in rows:
        ref = recorded[r["arch"]]["milestone_ready"]
        got = r["counts"]["milestone_ready"]
        ok = isinstance(got, int) and got <= 2 * ref and not r["problems"]
        failed += not ok
        print(f"bench guard {r['arch']} 1G: {render.fmt_count(got)} instructions to "
              f"milestone_ready (recorded {ref:,}, limit {2 * ref:,}): "
              f"{'ok' if ok else 'FAIL'}"
              + (f" ({'; '.join(r['problems'])})" if r["problems"] else ""))
    print(f"bench guard: {time.monotonic() - start:.1f}s")
    return 1 if failed else 0


def selftest(args):
    """Trace tiny programs whose instruction count is known exactly."""
    tc = build_tracecount()
    here = os.path.join(SRCTREE, "scripts", "bench")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for arch in args.arch:
            src = os.path.join(here, f"selftest-{arch}.S")
            elf = os.path.join(tmp, f"selftest-{arch}.elf")
            base = {"arm64": "0x40080000", "riscv": "0x80000000"}[arch]
            subprocess.run([toolchain.tool(arch, "gcc"), "-nostdlib", "-static", "-no-pie",
                            f"-Wl,-Ttext={base}", "-Wl,--build-id=none", "-o", elf, src],
                           check=True)
            syms, _ = elf_symbols(arch, elf)
            extra = ["-bios", "none"] if arch == "riscv" else []
            expect = syms["expected_count"] if "expected_count" in syms else None
            # Once as the boot rows count, once keeping CPU 0 alone (tracecount -c, the SMP rows).
            for cpu in (None, 0):
                t = traced_boot(arch, "128M", elf, tc, 30, no_filter=True, extra=extra, cpu=cpu)
                start = t["pcs"].get(syms["_start"])
                got = t["lines"] - start[0] if start else None
                ok = t["status"] == 0 and got == expect and t["bad"] == 0
                failed += not ok
                print(f"selftest {arch}{'' if cpu is None else f' (CPU {cpu} only)'}: {got} "
                      f"trace lines from _start to the exit, expected {expect}: "
                      f"{'ok' if ok else 'FAIL'} (status {t['status']})")
    return 1 if failed else 0


def part_only(args, subset, key, boots, run, show, problems=None):
    """--modules, --bpf or --smp: one part of the benchmark alone (boots
    traced boots per arch, measured by run and printed by show), merged
    into the recorded figures under key. problems: the part's problems
    (default: those of each row of its runs)."""
    start = time.monotonic()
    kdirs = {a: os.path.join(BENCH, a) if args.no_build else build(a, args.verbose)
             for a in args.arch}
    tc = build_tracecount()
    log(f"bench.py: {len(args.arch) * boots} traced boots ({key}), {args.jobs} at a time")
    part = run(args.arch, kdirs, tc, args.jobs, args.timeout, args.verbose)
    show(part)
    print(f"\nbench.py: {time.monotonic() - start:.0f}s")
    if not subset or args.write:
        try:
            with open(DOC_JSON) as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            sys.exit(f"bench.py --{key}: cannot read {DOC_JSON} ({e}); run make bench")
        # A run of some arches keeps the other arches' recorded runs.
        for a, runs in (data.get(key) or {}).get("runs", {}).items():
            part["runs"].setdefault(a, runs)
        data[key] = part
        with open(DOC_JSON, "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
        written = [DOC_JSON] + render.render(data, DOCS)
        log(f"bench.py: wrote {', '.join(os.path.relpath(f, SRCTREE) for f in written)}")
    if problems:
        bad = problems(part)
        for p in bad:
            log(f"bench.py: PROBLEM: {p}")
        return 1 if bad else 0
    return 1 if any(r["problems"] for rows in part["runs"].values() for r in rows) else 0


def modules_only(args, subset):
    """--modules: the module part alone."""
    return part_only(args, subset, "modules", len(MODULES) * 3, run_modules, print_modules)


def bpf_only(args, subset):
    """--bpf: the eBPF part alone."""
    return part_only(args, subset, "bpf", len(BPF_PROGRAMS), run_bpf, print_bpf)


def smp_only(args, subset):
    """--smp: the SMP part alone."""
    return part_only(args, subset, "smp", 1, run_smp, print_smp, smp_problems)


def main():
    global SMP_RUNS, SMP_MAX_CPUS
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default=",".join(ARCHES),
                   help="comma-separated: arm64,riscv")
    p.add_argument("--mem", help="comma-separated RAM sizes (default: all for each arch)")
    p.add_argument("--jobs", type=int, default=2, help="boots at a time (default 2)")
    p.add_argument("--timeout", type=float, default=900, help="seconds per boot")
    p.add_argument("--profile", action="store_true",
                   help="add the top-10 functions by instructions (1 GB boot) to the doc")
    p.add_argument("--write", action="store_true",
                   help="write the docs even for a subset run")
    p.add_argument("--no-build", action="store_true", help="use build/bench/ARCH as is")
    p.add_argument("--no-filter", action="store_true",
                   help="riscv: trace the firmware too (slow), to check the filter")
    p.add_argument("--modules", action="store_true",
                   help="only the module loading boots (merged into benchmarks.json)")
    p.add_argument("--no-modules", action="store_true",
                   help="skip the module loading boots")
    p.add_argument("--bpf", action="store_true",
                   help="only the eBPF program boots (merged into benchmarks.json)")
    p.add_argument("--no-bpf", action="store_true", help="skip the eBPF program boots")
    p.add_argument("--smp", action="store_true",
                   help="only the SMP boots (merged into benchmarks.json)")
    p.add_argument("--no-smp", action="store_true", help="skip the SMP boots")
    p.add_argument("--runs", type=int, default=SMP_RUNS,
                   help=f"SMP: timed and remap boots per row (default {SMP_RUNS})")
    p.add_argument("--max-cpus", type=int, default=SMP_MAX_CPUS,
                   help="SMP: leave out the timed and remap rows above this many CPUs")
    p.add_argument("--guard", action="store_true")
    p.add_argument("--selftest", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    SMP_RUNS, SMP_MAX_CPUS = args.runs, args.max_cpus
    subset = args.mem is not None or args.arch != ",".join(ARCHES)
    args.arch = [a for a in args.arch.split(",") if a]
    for a in args.arch:
        if a not in ARCHES:
            p.error(f"unknown arch {a}")
    if args.guard:
        return guard(args)
    if args.selftest:
        return selftest(args)
    if args.modules:
        return modules_only(args, subset)
    if args.bpf:
        return bpf_only(args, subset)
    if args.smp:
        return smp_only(args, subset)

    start = time.monotonic()
    kdirs, images = {}, {}
    for a in args.arch:
        kdirs[a] = os.path.join(BENCH, a) if args.no_build else build(a, args.verbose)
        images[a] = image_info(os.path.join(kdirs[a], "Image"))
    tc = build_tracecount()
    tasks = []
    for a in args.arch:
        for m in (args.mem.split(",") if args.mem else MEMS[a]):
            tasks.append((a, m))
    # Largest first, so the slowest boots do not end up alone at the end.
    tasks.sort(key=lambda t: -size_bytes(t[1]))
    log(f"bench.py: {len(tasks)} traced boots, {args.jobs} at a time")
    rows = run_all(args.jobs, tasks, kdirs, tc, args.timeout, args.verbose, args.no_filter)
    rows_by_arch = {a: sorted((r for r in rows if r["arch"] == a),
                              key=lambda r: r["mem_bytes"]) for a in args.arch}
    print_rows([r for a in args.arch for r in rows_by_arch[a]])
    profiles = {}
    if args.profile:
        for a in args.arch:
            r = next((r for r in rows_by_arch[a] if r["mem"] == "1G"), rows_by_arch[a][0])
            profiles[a] = profile_summary(a, r, kdirs[a])
    mods = None
    if not args.no_modules and args.mem is None:
        mods = run_modules(args.arch, kdirs, tc, args.jobs, args.timeout, args.verbose)
        print()
        print_modules(mods)
    bpf = None
    if not args.no_bpf and args.mem is None:
        bpf = run_bpf(args.arch, kdirs, tc, args.jobs, args.timeout, args.verbose)
        print()
        print_bpf(bpf)
    smp = None
    if not args.no_smp and args.mem is None:
        smp = run_smp(args.arch, kdirs, tc, args.jobs, args.timeout, args.verbose)
        print()
        print_smp(smp)
    wall = time.monotonic() - start
    print(f"\nbench.py: {wall:.0f}s")
    if not subset or args.write:
        data = write_json(rows_by_arch, images, profiles, wall, args.jobs, mods, bpf, smp)
        written = [DOC_JSON] + render.render(data, DOCS)
        log(f"bench.py: wrote {', '.join(os.path.relpath(f, SRCTREE) for f in written)}")
    bad = any(r["problems"] for r in rows)
    if mods:
        bad |= any(r["problems"] for rs in mods["runs"].values() for r in rs)
    if bpf:
        bad |= any(r["problems"] for rs in bpf["runs"].values() for r in rs)
    if smp:
        for p in smp_problems(smp):
            log(f"bench.py: PROBLEM: {p}")
            bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
