# SPDX-License-Identifier: GPL-2.0
"""The boot tests "make check" runs: which kernels to build, how to boot them.

BUILDS: name -> (arch, llvm, config fragment lines). Each builds in
build/check/NAME with the arch's defconfig plus tests/ktest.config plus
the lines given; a fragment of one "@TARGET" line (allnoconfig,
allyesconfig, alldefconfig) is that Kconfig target instead, alone.

BOOTS: one dict per boot:
  name      unique, shown in the results
  build     a BUILDS name
  qemu      extra scripts/qemu.py arguments (list)
  status    the exit status QEMU must end with (None: any)
  expect    regular expressions the console must match, in order; an entry
            may be a function of the console that returns the expression
            (for a line that depends on figures the console prints)
  ktap      True if the KTAP report must be complete and count its cases
  pad       boot the build relinked with this many KB of padding
  parks     (seconds) the machine cannot power off: the boot must print its
            expected lines and then not end; QEMU is stopped after that long
  A qemu argument "@KIND:ARCH" is replaced by a DTB from fixtures.make(),
  "%initramfs-KIND" by an archive from fixtures.make_initramfs();
  "%initramfs-modules" is the build's own $(O)/initramfs.cpio, with the
  test modules (make initramfs, which check.py runs for every build).
"""
import hashlib
import os
import re
import sys

# Self-test builds run where they are linked, so that a boot is the same
# every time; the -kaslr builds (and the whole-tree configurations) are
# randomised.
KTEST = ["CONFIG_KTEST=y", "# CONFIG_RANDOMIZE_BASE is not set"]

BUILDS = {
    "arm64": ("arm64", False, KTEST),
    "arm64-llvm": ("arm64", True, KTEST),
    "riscv": ("riscv", False, KTEST),
    "riscv-llvm": ("riscv", True, KTEST),
    "arm64-16k": ("arm64", False, KTEST + ["CONFIG_ARM64_16K_PAGES=y",
                                             "CONFIG_ARM64_VA_BITS_47=y"]),
    "arm64-16k48": ("arm64", False, KTEST + ["CONFIG_ARM64_16K_PAGES=y"]),
    "arm64-64k": ("arm64", False, KTEST + ["CONFIG_ARM64_64K_PAGES=y"]),
    "arm64-64k42": ("arm64", False, KTEST + ["CONFIG_ARM64_64K_PAGES=y",
                                             "CONFIG_ARM64_VA_BITS_42=y"]),
    "arm64-4k39": ("arm64", False, KTEST + ["CONFIG_ARM64_VA_BITS_39=y"]),
    # 52-bit VA: FEAT_LPA2 (4K, 16K), FEAT_LVA (64K); 48 on a CPU without
    "arm64-4k52": ("arm64", False, KTEST + ["CONFIG_ARM64_VA_BITS_52=y"]),
    "arm64-16k52": ("arm64", False, KTEST + ["CONFIG_ARM64_16K_PAGES=y",
                                             "CONFIG_ARM64_VA_BITS_52=y"]),
    "arm64-64k52": ("arm64", False, KTEST + ["CONFIG_ARM64_64K_PAGES=y",
                                             "CONFIG_ARM64_VA_BITS_52=y"]),
    "arm64-4k52-kaslr": ("arm64", True, KTEST + ["CONFIG_ARM64_VA_BITS_52=y",
                                                 "CONFIG_RANDOMIZE_BASE=y"]),
    "riscv-sv48": ("riscv", False, KTEST + ["CONFIG_RISCV_SV48=y"]),
    "riscv-sv57": ("riscv", False, KTEST + ["CONFIG_RISCV_SV57=y"]),
    "arm64-debug-virtual": ("arm64", False, KTEST + ["CONFIG_DEBUG_VIRTUAL=y",
                                                     "CONFIG_DEBUG_PGTABLE=y"]),
    "riscv-debug-virtual": ("riscv", False, KTEST + ["CONFIG_DEBUG_VIRTUAL=y",
                                                     "CONFIG_DEBUG_PGTABLE=y"]),
    "arm64-kaslr": ("arm64", False, KTEST + ["CONFIG_RANDOMIZE_BASE=y"]),
    "riscv-kaslr": ("riscv", False, KTEST + ["CONFIG_RANDOMIZE_BASE=y"]),
    "arm64-kaslr-nokt": ("arm64", False, ["CONFIG_RANDOMIZE_BASE=y"]),
    # keeps 4 CPUs: a machine with more boots the first and says so
    "arm64-nr4": ("arm64", False, KTEST + ["CONFIG_NR_CPUS=4"]),
}
# Kconfig hygiene: the whole-tree configurations each build and boot.
KCONFIG_TARGETS = ("allnoconfig", "allyesconfig", "alldefconfig")
for _arch in ("arm64", "riscv"):
    for _t in KCONFIG_TARGETS:
        BUILDS[f"{_arch}-{_t}"] = (_arch, False, ["@" + _t])

# The image-size sweep: the same objects relinked with 0 to 4.5 MB of
# padding in 256 KB steps (make pad-image), so _end crosses two 2 MB block
# boundaries and the early tables' shape changes with it.
SWEEP_PADS_KB = list(range(0, 4608 + 1, 256))

READY = [r"lander: ready"]
BOOTED = [r"lander \S+ for (arm64|riscv64) \(", r"loaded at PA 0x", r"RAM: \d+ MB"]


def ok(name, build, qemu=(), expect=(), ktap=True, pad=None):
    return {"name": name, "build": build, "qemu": list(qemu), "status": 0,
            "expect": BOOTED + list(expect) + READY, "ktap": ktap, "pad": pad}


def fails(name, build, qemu, message, status=1):
    return {"name": name, "build": build, "qemu": list(qemu), "status": status,
            "expect": [message], "ktap": False}


BOOTS = []
# The kernel half's size (log2) each build runs with on QEMU virt: the image's
# places run from 2 GB - 32 MB above the start of vmalloc, its upper half, to
# 34 MB below 0xffffffff80000000, 64 KB apart (docs/layout.md).
KVA_BITS = {"arm64": 48, "arm64-llvm": 48, "riscv": 38, "riscv-llvm": 38, "arm64-16k": 47,
            "arm64-16k48": 48, "arm64-64k": 48, "arm64-64k42": 42, "arm64-4k39": 39,
            "riscv-sv48": 47, "arm64-4k52": 52, "arm64-16k52": 52, "arm64-64k52": 52}
LINK_ADDR = 0xffffffff28000000
HIGHEST = 0xffffffff80000000 - (34 << 20)


def lowest_place(kb):
    return (1 << 64) - (1 << (kb - 1)) + (2 << 30) - (32 << 20)


def displacement_re(va):
    """The banner's displacement of an image at va, signed."""
    d = va - LINK_ADDR
    return rf"displacement {'-' if d < 0 else ''}{abs(d):#x},"


def extremes(b, qemu=()):
    """Boots of build b with the image at its lowest and its highest place."""
    for name, va in (("lowest", lowest_place(KVA_BITS[b])), ("highest", HIGHEST)):
        d = va - LINK_ADDR
        opt = f"kernel_displacement={'-' if d < 0 else ''}{abs(d):#x}"
        yield ok(f"{b}/{name}-place", b, list(qemu) + ["--append", opt],
                 [displacement_re(va), rf"running at VA {va:#x}$"])


for b in ("arm64", "arm64-llvm", "riscv", "riscv-llvm"):
    BOOTS.append(ok(f"{b}/default", b))
    BOOTS.append(ok(f"{b}/displaced", b, ["--append", "kernel_displacement=0x6400000"],
                    [r"displacement 0x6400000"]))
    # down, and by 64 KB steps that are no multiple of a block
    BOOTS.append(ok(f"{b}/displaced-down", b, ["--append", "kernel_displacement=-0x123450000"],
                    [r"displacement -0x123450000,"]))
    BOOTS += extremes(b)

# Four or more physical load addresses per arch, through the loader shim,
# with and without a displacement; arm64 also above 4 GB.
LOADS = {
    "arm64": ["0x40400000", "0x48000000", "0x7fe00000", "0x200000000"],
    "riscv": ["0x80400000", "0x88000000", "0xbfc00000", "0x100000000"],
}
for arch, addrs in LOADS.items():
    for b in (arch, arch + "-llvm"):
        for a in addrs:
            mem = ["--mem", "12G"] if int(a, 16) >= 1 << 32 else []
            BOOTS.append(ok(f"{b}/load-{a}", b, ["--load-addr", a] + mem,
                            [rf"loaded at PA {a}"]))
            BOOTS.append(ok(f"{b}/load-{a}-displaced", b,
                            ["--load-addr", a, "--append", "kernel_displacement=0x20000000"] + mem,
                            [rf"loaded at PA {a}", r"displacement 0x20000000"]))

BOOTS += [
    ok("arm64/el2-entry", "arm64", ["--extra", "-M virt,virtualization=on"]),
    # A loader may enter with SP_EL0 selected; exceptions at EL1 use SP_EL1,
    # so the kernel must select it (the KTAP exception cases take faults).
    ok("arm64/entry-sp-el0", "arm64", ["--entry-sp-el0"]),
    ok("arm64/el2-entry-sp-el0", "arm64", ["--entry-sp-el0", "--extra",
                                           "-M virt,virtualization=on"]),
    ok("arm64/el2-entry-max", "arm64", ["--cpu", "max", "--extra", "-M virt,virtualization=on"]),
    ok("riscv/fw_jump", "riscv", ["--firmware", "fw_jump"]),
    ok("riscv/fw_dynamic-debian", "riscv", ["--firmware", "fw_dynamic_deb"]),
    ok("arm64/u-boot", "arm64", ["--firmware", "uboot", "--append", "kernel_displacement=0x400000"],
       [r"displacement 0x400000"]),
    ok("riscv/u-boot", "riscv", ["--firmware", "uboot", "--append", "kernel_displacement=0x400000"],
       [r"displacement 0x400000"]),
    ok("riscv/smp4", "riscv", ["--smp", "4"]),
    ok("arm64/2G", "arm64", ["--mem", "2G"]),
]
# riscv harts that enter the kernel by themselves (the loader shim starts
# every hart at the entry, as U-Boot SPL does): the lottery's losers wait
# in the loaded copy's park loop until smp_init() releases them, with the
# image where it was loaded and moved by physical KASLR.
# 4 harts with the self-tests (see the riscv SMP boots below), 8 without.
for b, n in (("riscv", 4), ("riscv-kaslr", 4), ("riscv-alldefconfig", 8)):
    BOOTS.append(ok(f"{b}/all-harts", b, ["--smp", str(n), "--all-harts"],
                    [rf"smp: {n} CPUs online \(0 failed, 0 skipped\)"], ktap=b != "riscv-alldefconfig"))
# The CPU's random-number instruction (arch_seed_probe(), the arch_seed KTAP suite):
# -cpu max has RNDR, cortex-a72 does not; under OpenSBI 1.1 (no
# mseccfg.SSEED) a riscv hart's seed CSR traps in S-mode even where its
# device tree lists zkr, and the probe must say "none" without a crash.
SEED = r"^    # arch seed source: "
for b in ("arm64", "arm64-llvm"):
    BOOTS += [
        ok(f"{b}/seed-rndr", b, ["--cpu", "max"], [SEED + "RNDR$"]),
        ok(f"{b}/seed-none", b, ["--cpu", "cortex-a72"], [SEED + "none$"]),
    ]
for b in ("riscv", "riscv-llvm"):
    BOOTS += [
        ok(f"{b}/seed-none", b, [], [SEED + "none$"]),
        ok(f"{b}/seed-zkr-traps", b, ["--cpu", "rv64,zkr=on", "--smp", "2"], [SEED + "none$"]),
    ]
# An initramfs from QEMU's -initrd (/chosen linux,initrd-start/-end): its
# files listed; a corrupt or compressed one explained, and the boot goes on.
INITRAMFS_LIST = [r"initramfs: 4 files, 5044 bytes", r"^  etc/config +14 bytes",
                  r"^  etc/empty +0 bytes", r"^  hello.txt +30 bytes",
                  r"^  data/5000-bytes.bin +5000 bytes"]
for b in ("arm64", "riscv"):
    BOOTS += [
        ok(f"{b}/initramfs", b, ["--initrd", "%initramfs-good"], INITRAMFS_LIST),
        ok(f"{b}/initramfs-truncated", b, ["--initrd", "%initramfs-truncated"],
           [r"initramfs: not used: cpio header or name runs past the end"]),
        ok(f"{b}/initramfs-gzip", b, ["--initrd", "%initramfs-gzip"],
           [r"initramfs: not used: archive is compressed \(gzip\)"]),
    ]
# Every paging geometry. Cortex-A57 has no 16K granule: those use -cpu max.
for b in ("arm64-16k", "arm64-16k48", "arm64-64k", "arm64-64k42", "arm64-4k39",
          "riscv-sv48"):
    cpu = ["--cpu", "max"] if "16k" in b else []
    BOOTS.append(ok(f"{b}/default", b, cpu))
    BOOTS.append(ok(f"{b}/displaced", b, cpu + ["--append", "kernel_displacement=0x10000000"]))
    BOOTS += extremes(b, cpu)
# No-map ranges aligned to 4K only are widened to whole 16K and 64K pages.
for b in ("arm64-16k", "arm64-64k"):
    cpu = ["--cpu", "max"] if "16k" in b else []
    BOOTS.append(ok(f"{b}/nomap-4k-aligned", b, cpu + ["--dtb", "@nomap4k:arm64"],
                    [r"RAM: 1024 MB in 1 bank, \d+ reserved ranges? \(2 no-map\)"]))
# QEMU 7.2's virt DT says mmu-type "riscv,sv48": an Sv57 kernel runs Sv48
# there, and any kernel runs Sv39 on a hart that stops at Sv39.
BOOTS += [
    ok("riscv-sv57/falls-back-to-sv48", "riscv-sv57", [],
       [r"48-bit VA, 4 levels \(less than configured"]),
    ok("riscv-sv57/hart-sv39", "riscv-sv57", ["--dtb", "@mmu-sv39:riscv"],
       [r"39-bit VA, 3 levels \(less than configured"]),
    ok("riscv-sv48/hart-sv39", "riscv-sv48", ["--dtb", "@mmu-sv39:riscv"],
       [r"39-bit VA, 3 levels \(less than configured"]),
    fails("riscv/hart-without-mmu", "riscv", ["--dtb", "@mmu-none:riscv"],
          r"Kernel panic: cannot run this configuration: the boot hart has no MMU"),
]
# The Sv mode is probed through satp (WARL), so a hart node without the
# optional mmu-type boots, in the largest mode it takes: QEMU 7.2's harts
# take Sv57, so the Sv57 kernel runs Sv57 there.
for b, va, levels in (("riscv", 39, 3), ("riscv-sv48", 48, 4), ("riscv-sv57", 57, 5)):
    BOOTS.append(ok(f"{b}/no-mmu-type", b, ["--dtb", "@mmu-absent:riscv"],
                    [rf"{va}-bit VA, {levels} levels\n"]))
BOOTS.append(fails("arm64-16k/no-16k-granule", "arm64-16k", [],
                   r"Kernel panic: cannot run this configuration: this CPU has no 16K "
                   r"translation granule"))

for b in ("arm64", "arm64-llvm", "riscv", "riscv-llvm"):
    for pad in SWEEP_PADS_KB:
        BOOTS.append(ok(f"{b}/pad-{pad}K", b, ktap=False, pad=pad))

# Final tables at every RAM size: arm64 up to 1 TB (48-bit VA); riscv Sv39
# up to what its 128 GB linear map holds, and 256 GB clipped with a message.
for arch, sizes in (("arm64", ["128M", "1G", "4G", "64G", "1T"]),
                    ("riscv", ["128M", "1G", "4G", "64G", "128G"])):
    for m in sizes:
        BOOTS.append(ok(f"{arch}/ram-{m}", arch, ["--mem", m],
                        [r"final tables: (\d+) pages \(minimum \1\)"]))
BOOTS.append(ok("riscv/ram-256G-clipped", "riscv", ["--mem", "256G"],
                [r"warning: memory: 131072 MB of RAM above 0x[0-9a-f]+ clipped: the linear map "
                 r"holds 128 GB"]))
BOOTS.append(ok("riscv-sv48/ram-256G", "riscv-sv48", ["--mem", "256G"],
                [r"RAM: 262144 MB in 1 bank"]))
for arch in ("arm64", "riscv"):
    BOOTS.append(ok(f"{arch}/multibank", arch, ["--mem", "2G", "--dtb", f"@multibank:{arch}"],
                    [r"warning: memory: ignoring bank 0x[0-9a-f]+\+0x0: empty",
                     r"warning: memory: ignoring bank 0x[0-9a-f]+\+0x800: smaller than a page",
                     r"RAM: 1536 MB in 2 banks, \d+ reserved ranges? \(1 no-map\)"]))
    BOOTS.append(ok(f"{arch}/ptdump", arch, ["--append", "ptdump"],
                    [r"---\[ linear \]---", r"---\[ kernel \]---", r"L\d page +ro x +normal",
                     r"W\^X check: 0 writable and executable mappings"]))
    BOOTS.append(fails(f"{arch}/no-memory", arch, ["--dtb", f"@nomemory:{arch}"],
                       r"Kernel panic: the device tree describes no memory"))
# A 2 MB DTB of 130 000 /memreserve/ entries: read in linear time, and
# refused, since the kernel cannot keep them all (none may be dropped).
BOOTS.append(fails("arm64/memreserve-130k", "arm64", ["--load-addr", "0x48000000", "--dtb",
                                                   "@memreserve130k:arm64"],
                   r"error: memory: the device tree lists 130000 reservations, more than the "
                   r"\d+ this kernel keeps"))
BOOTS[-1]["expect"].append(r"Kernel panic: the device tree lists more RAM banks or "
                           r"reservations than this kernel keeps")

# An unexpected exception is decoded and ends the machine with a failure.
BOOTS += [
    fails("arm64/unexpected-fault", "arm64", ["--append", "ktest.fault=read"],
          r"Unexpected exception on CPU 0: data abort on read, translation fault, level \d"),
    fails("riscv/unexpected-fault", "riscv", ["--append", "ktest.fault=read"],
          r"Unexpected exception on CPU 0: load page fault"),
    fails("arm64/unexpected-exec-fault", "arm64", ["--append", "ktest.fault=exec"],
          r"Unexpected exception on CPU 0: instruction abort, translation fault"),
    fails("riscv/unexpected-exec-fault", "riscv", ["--append", "ktest.fault=exec"],
          r"Unexpected exception on CPU 0: instruction page fault"),
    fails("arm64-debug-virtual/wrong-conversion", "arm64-debug-virtual",
          ["--append", "ktest.fault=pa"],
          r"Kernel panic: __pa\(0x[0-9a-f]+\) from 0x[0-9a-f]+: not a linear-map address "
          r"\(an image symbol: use __pa_symbol\)"),
    fails("riscv-debug-virtual/wrong-conversion", "riscv-debug-virtual",
          ["--append", "ktest.fault=pa_symbol"],
          r"Kernel panic: __pa_symbol\(0x[0-9a-f]+\) from 0x[0-9a-f]+: not in the kernel image"),
]
for arch in ("arm64", "riscv"):
    BOOTS.append(fails(f"{arch}-debug-virtual/bbm-violation", f"{arch}-debug-virtual",
                       ["--append", "ktest.fault=bbm"],
                       r"Kernel panic: break-before-make violation at VA 0x[0-9a-f]+, level \d: "
                       r"live entry 0x[0-9a-f]+ replaced by 0x[0-9a-f]+"))
    BOOTS.append(fails(f"{arch}/bbm-unchecked", arch, ["--append", "ktest.fault=bbm"],
                       r"ktest.fault=bbm: the violation went unnoticed", status=0))
BOOTS += [ok("arm64-debug-virtual/default", "arm64-debug-virtual"),
          ok("riscv-debug-virtual/default", "riscv-debug-virtual")]

# Bad input: a clear message and a failure exit, never a hang. (riscv's
# OpenSBI 1.1 reports every SBI reset as success, so a riscv failure exit
# needs the SiFive test device: a refused tree is still searched for it,
# dt_info_salvage(), which finds it behind a broken magic.)
BOOTS += [
    fails("arm64/misaligned-load", "arm64", ["--load-addr", "0x40500000"],
          r"Kernel panic: the kernel was loaded at 0x40500000, which is not 2 MB aligned"),
    fails("riscv/misaligned-load", "riscv", ["--load-addr", "0x80500000"],
          r"Kernel panic: the kernel was loaded at 0x80500000, which is not 2 MB aligned"),
    fails("arm64/corrupt-dtb", "arm64", ["--dtb", "@corrupt:arm64"],
          r"Kernel panic: the device tree at 0x[0-9a-f]+ is malformed: bad device tree magic"),
    fails("riscv/corrupt-dtb", "riscv", ["--dtb", "@corrupt:riscv"],
          r"Kernel panic: the device tree at 0x[0-9a-f]+ is malformed: bad device tree magic"),
    fails("arm64/truncated-dtb", "arm64", ["--dtb", "@truncated:arm64"],
          r"Kernel panic: the device tree at 0x[0-9a-f]+ is malformed"),
    fails("arm64/outside-ram", "arm64", ["--dtb", "@smallram:arm64", "--load-addr", "0x40800000"],
          r"Kernel panic: the kernel image at 0x40800000-0x[0-9a-f]+ is not inside the RAM"),
    fails("riscv/outside-ram", "riscv", ["--dtb", "@smallram:riscv", "--load-addr", "0x80800000"],
          r"Kernel panic: the kernel image at 0x80800000-0x[0-9a-f]+ is not inside the RAM"),
    fails("arm64/bad-displacement", "arm64", ["--append", "kernel_displacement=0x308000"],
          r"Kernel panic: kernel_displacement=0x308000 is not a multiple of 64 KB"),
    fails("riscv/huge-displacement", "riscv", ["--append", "kernel_displacement=0x55e10000"],
          r"Kernel panic: kernel_displacement=0x55e10000 puts the image outside the kernel "
          r"region \(from -0x1eaa000000 to 0x55e00000\)"),
    fails("riscv/deep-displacement", "riscv", ["--append", "kernel_displacement=-0x1eaa010000"],
          r"Kernel panic: kernel_displacement=-0x1eaa010000 puts the image outside"),
    fails("arm64/negative-not-a-number", "arm64", ["--append", "kernel_displacement=-"],
          r"Kernel panic: kernel_displacement: not a number"),
]

# TTBR0 holds as many VA bits as the kernel half: with 39 (4K pages) the
# identity map cannot reach a load at 512 GB or above, which is refused
# with a clear message before any table is built.
BOOTS.append(fails("arm64-4k39/load-above-idmap", "arm64-4k39",
                   ["--cpu", "max", "--mem", "1T", "--load-addr", "0x8000000000"],
                   r"Kernel panic: the kernel was loaded at 0x8000000000, but this 39-bit VA "
                   r"configuration can identity-map it only below 0x8000000000"))

# arm64 as on hardware, without semihosting: the kernel finds that hlt #0xf000
# is undefined, prints on the PL011 and powers off through PSCI (hvc on virt,
# smc with EL3 and EL2 there), which QEMU reports as status 0; a failure still
# prints why before it powers off.
BOOTS += [
    ok("arm64/no-semihosting", "arm64", ["--no-semihosting"]),
    ok("arm64/no-semihosting-el2", "arm64",
       ["--no-semihosting", "--extra", "-M virt,virtualization=on"]),
    fails("arm64/no-semihosting-failure", "arm64",
          ["--no-semihosting", "--append", "kernel_displacement=0x308000"],
          r"Kernel panic: kernel_displacement=0x308000 is not a multiple of 64 KB", status=0),
    # No semihosting and no /psci: a final line, then the CPU parks in wfi.
    dict(ok("arm64/no-semihosting-no-psci", "arm64",
            ["--no-semihosting", "--dtb", "@nopsci:arm64"],
            [r"lander: no way to power off \(no semihosting, no PSCI\): halted with status 0"]),
         parks=15),
    # A wrong conduit: smc without EL3 is undefined, so powering off faults,
    # the fault panics and that panic's power-off faults again. The panic
    # inside the panic must say so once and park, never recurse.
    dict(fails("arm64/panic-in-panic", "arm64",
               ["--no-semihosting", "--dtb", "@psci-smc:arm64"],
               r"Kernel panic while panicking: unexpected exception\s+lander: halted"),
         parks=15),
    # Before any console is known: the refused tree is still searched for
    # the PL011 and /psci (dt_info_salvage()).
    fails("arm64/no-semihosting-corrupt-dtb", "arm64",
          ["--no-semihosting", "--dtb", "@corrupt:arm64"],
          r"Kernel panic: the device tree at 0x[0-9a-f]+ is malformed: bad device tree magic",
          status=0),
]

# Real boards' models (docs/boards.md), with their own RAM, CPUs, serial
# wiring and firmware path: raspi3b boots with the board's own tree (make
# board-dtbs), RAM at 0 and its console, the mini UART, behind /soc's
# ranges; sifive_u boots under OpenSBI on a U54, its console the SiFive
# UART, and ends through SBI's reboot (status 0 whatever the result: the
# KTAP report says whether the tests passed).
BOOTS += [
    ok("arm64/board-raspi3b", "arm64", ["--board", "raspi3b"],
       [r"loaded at PA 0x200000, DTB at PA 0x8000000",
        r"RAM: 0x0000000000000000-0x000000003bffffff \(960 MB\)"]),
    ok("riscv/board-sifive_u", "riscv", ["--board", "sifive_u"],
       [r"boot CPU: cpu@[1-4]$",  # OpenSBI never enters the E51 (hart 0): no S-mode
        r"RAM: 0x0000000080000000-0x00000000bfffffff \(1024 MB\)"]),
    # Without /soc's ranges the mini UART's bus address means nothing to
    # the CPU: a warning, and the console stays on semihosting.
    # The PL011 works as the console too when stdout-path chooses it.
    ok("arm64/board-raspi3b-pl011", "arm64",
       ["--board", "raspi3b", "--dtb", "@rpi3b-pl011:arm64", "--serial", "stdio,null"],
       [r"loaded at PA 0x200000"]),
    ok("arm64/board-raspi3b-no-ranges", "arm64",
       ["--board", "raspi3b", "--dtb", "@rpi3b-noranges:arm64"],
       [r"warning: console: serial@7e215040 not used: address 0x7e215040 does not translate "
        r"at bus \"soc\", which has no ranges"]),
]

# SMP (docs/smp.md): every CPU the tree lists comes up, one at a time, and
# the smp suite's readers run on all the others. The contract lines:
#   CPU N (id 0xID) up
#   smp: N CPUs online (F failed, S skipped)
#   CPU N did not come up: REASON
# An idle arm64 CPU waits in WFE, which QEMU 7.2 runs as a yield, so many
# CPUs on two host cores share them with the busy one: the big machines
# run all their CPUs on one host thread (-accel tcg,thread=single).
ONE_THREAD = "-accel tcg,thread=single"


def all_up(n):
    return [rf"^CPU {n - 1} \(id 0x[0-9a-f]+\) up$", rf"^smp: {n} CPUs online \(0 failed, 0 skipped\)$"]


BOOTS += [
    ok("arm64/smp8", "arm64", ["--smp", "8"], all_up(8)),
    ok("arm64-llvm/smp4", "arm64-llvm", ["--smp", "4"], all_up(4)),
    ok("arm64/smp64-gicv3", "arm64", ["--smp", "64", "--extra", f"-M virt,gic-version=3 {ONE_THREAD}"],
       all_up(64)),
    ok("arm64-16k/smp8", "arm64-16k", ["--smp", "8", "--cpu", "max", "--extra", ONE_THREAD],
       all_up(8)),
    ok("arm64-64k/smp8", "arm64-64k", ["--smp", "8", "--extra", ONE_THREAD], all_up(8)),
    # secondaries enter at EL2 too, and PSCI's conduit is smc
    ok("arm64/el2-smp4", "arm64", ["--smp", "4", "--extra", "-M virt,virtualization=on"], all_up(4)),
    ok("arm64/u-boot-smp4", "arm64", ["--firmware", "uboot", "--smp", "4"], all_up(4)),
    ok("arm64-kaslr/smp4", "arm64-kaslr", ["--smp", "4"], all_up(4)),
    # the spin tables of the Raspberry Pi 3's own tree
    ok("arm64/board-raspi3b-smp", "arm64", ["--board", "raspi3b"], all_up(4)),
    # bad input: an unknown enable-method, a disabled CPU, an MPIDR PSCI
    # refuses, a spin table nobody watches, more CPUs than the kernel keeps
    ok("arm64/smp-bad-cpus", "arm64", ["--smp", "4", "--dtb", "@cpus-bad:arm64"],
       [r'^smp: cpu@1 \(id 0x1, enable-method "acme,parking-lot"\) skipped: this kernel knows '
        r'only the enable-methods "psci" and "spin-table"$',
        r'^smp: cpu@2 \(id 0x2, enable-method "psci"\) skipped: its status is not "okay"$',
        r"^CPU 1 did not come up: PSCI CPU_ON returned -2 \(INVALID_PARAMETERS\)$",
        r"^smp: 1 CPU online \(1 failed, 2 skipped\)$"]),
    ok("arm64/smp-spin-nobody", "arm64", ["--smp", "2", "--dtb", "@cpus-spin-nobody:arm64"],
       [r"^CPU 1 did not come up: no sign of it within 5000 ms$",
        r"^smp: 1 CPU online \(1 failed, 0 skipped\)$"]),
    ok("arm64-nr4/smp8", "arm64-nr4", ["--smp", "8"],
       [r"^smp: the device tree lists 8 CPUs, this kernel keeps at most 4 \(CONFIG_NR_CPUS\): "
        r"4 ignored$", r"^smp: 4 CPUs online \(0 failed, 0 skipped\)$"]),
    # a stack overflow on a secondary: its guard page faults, the report names the CPU
    fails("arm64/smp-stack-overflow", "arm64", ["--smp", "4", "--append", "ktest.fault=overflow"],
          r"^Kernel stack overflow on CPU 3 \(id 0x3\): sp 0x[0-9a-f]+, stack 0x[0-9a-f]+-0x[0-9a-f]+, "
          r"guard below it$"),
    fails("arm64/stack-overflow", "arm64", ["--append", "ktest.fault=overflow"],
          r"^Kernel stack overflow on CPU 0 \(id 0x0\)"),
]

# riscv SMP. Harts start through SBI HSM and idle in WFI, which QEMU runs
# as a real wait, so every CPU keeps its own host thread. A remote TLB
# flush (SBI RFENCE) needs every target hart to run it, so the smp suite's
# readers nap on the SBI timer between reads (arch_cpu_relax()). Starting
# a hart is slow with many: OpenSBI 1.1's stopped harts share the host
# with the one starting (about 1 s a hart at 64 on 2 host cores).
BOOTS += [
    ok("riscv/smp8", "riscv", ["--smp", "8"], all_up(8)),
    dict(ok("riscv/smp64", "riscv", ["--smp", "64"], all_up(64)), timeout=400),
    ok("riscv-llvm/smp4", "riscv-llvm", ["--smp", "4"], all_up(4)),
    ok("riscv-kaslr/smp4", "riscv-kaslr", ["--smp", "4"], all_up(4)),
    ok("riscv/u-boot-smp4", "riscv", ["--firmware", "uboot", "--smp", "4"], all_up(4)),
    ok("riscv/fw_jump-smp4", "riscv", ["--firmware", "fw_jump", "--smp", "4"], all_up(4)),
    # sifive_u: the E51 (hart 0, disabled in QEMU's tree) is skipped, the
    # three U54s that did not win OpenSBI's lottery start
    ok("riscv/board-sifive_u-smp", "riscv", ["--board", "sifive_u"],
       [r'^smp: cpu@0 \(id 0x0\) skipped: its status is not "okay"$',
        r"^smp: 4 CPUs online \(0 failed, 1 skipped\)$"]),
    # a stack overflow on a secondary hart: its guard page faults, the report names the CPU
    fails("riscv/smp-stack-overflow", "riscv", ["--smp", "4", "--append", "ktest.fault=overflow"],
          r"^Kernel stack overflow on CPU 3 \(id 0x3\): sp 0x[0-9a-f]+, stack 0x[0-9a-f]+-0x[0-9a-f]+, "
          r"guard below it$"),
    fails("riscv/stack-overflow", "riscv", ["--append", "ktest.fault=overflow"],
          r"^Kernel stack overflow on CPU 0 \(id 0x0\)"),
]

# Loadable modules (docs/modules.md): the build's own initramfs, with the
# test modules from both compilers, every calc.c variant, the modules that
# must fail, and the crafted bad objects. The console lines are a contract:
#   module NAME: loaded at 0xVA (N relocations, M veneers)
#   module NAME: init_module returned N
#   module NAME: rejected: REASON
CALC_VARIANTS = [f"calc-{c}-{o}{fs}{pie}" for c in ("gcc", "clang") for o in ("O0", "O2", "Os")
                 for fs in ("", "-fs") for pie in ("", "-pie")]
GOOD_MODULES = (["hello-gcc", "hello-clang", "mathlib-gcc", "mathuser-gcc", "mathuser-clang",
                 "mathuser-gcc-pie", "mathuser-clang-pie"] + CALC_VARIANTS
                + ["align-gcc", "align-clang", "farref-gcc", "farref-clang"])
MODULE_LINES = []
for m in GOOD_MODULES:
    MODULE_LINES += [rf"^module {m}: loaded at 0xffff[0-9a-f]{{12}} \(\d+ relocations, \d+ veneers\)$",
                     rf"^module {m}: init_module returned 0$"]
MODULE_LINES += [
    r"^align: functions at 64- and 128-byte boundaries$",
    r"^module failinit-gcc: init_module returned -22$",
    r"^module failinit-gcc: unloaded$",
    r"^module undef-gcc: rejected: undefined symbol no_such_export$",
    r"^module dupexport-gcc: rejected: duplicate export mathlib_checksum$",
]
# Each crafted object (tests/modules/make-bad-modules.py) and its reason.
BAD_MODULE_REASONS = {
    "truncated": r"section header table extends past the end of the file",
    "magic": r"not an ELF file",
    "class32": r"not a 64-bit ELF file",
    "big-endian": r"not little-endian",
    "wrong-machine": r"built for another machine",
    "et-dyn": r"not a relocatable object \(ET_REL\)",
    "shentsize": r"section header size is not 64",
    "shoff-past-end": r"section header table extends past the end of the file",
    "section-past-end": r"section \.text extends past the end of the file",
    "symtab-link": r"the symbol table's string table does not exist",
    "reloc-sym-range": r"relocation R_\w+ at \.text\+0x0 names symbol (\d+) of \1",
    "reloc-type-unknown": r"unsupported relocation 250 at \.text\+0x0",
    "reloc-offset-range": r"relocation R_\w+ at \.text\+0x[0-9a-f]+ is past its end",
    "reloc-target-unalloc": r"relocation R_\w+ at \.data\+0x[0-9a-f]+ is against \S+, in a "
                            r"section that is not loaded",
    "bss-1g": r"it needs \d+ KB, more than the modules window holds \(524288 KB\)",
    "sym-shndx-range": r"symbol \w+ is in section (\d+) of \1",
}
MODULE_LINES += [rf"^module bad-{b}: rejected: {why}$" for b, why in BAD_MODULE_REASONS.items()]
# The self-test build unloads the rest at the end, users before what they use.
# The self-test placing farref 8 GB away, beyond what its reference to printk reaches.
MODULE_LINES += [r"^module ktest-farref: rejected: relocation R_\w+ at \.text\+0x[0-9a-f]+ "
                 r"against printk out of range$"]
MODULE_LINES += [r"^hello: goodbye$", r"^module mathuser-gcc: unloaded$",
                 r"^module mathlib-gcc: unloaded\n", r"W\^X check: 0 writable and executable mappings"]
# The modules window ends at most 64 MB below the image and fills from the
# top, so the first modules sit within arm64's BL reach (128 MB) of the
# kernel: no call takes a veneer (the far-window self-test makes them).
# riscv's AUIPC+JALR reaches 2 GB, the windows' whole reach: none does.
MODULE_VENEERS = {
    "arm64": r"^module hello-gcc: loaded at 0x\S+ \(\d+ relocations, 0 veneers\)$",
    "riscv": r"^module hello-gcc: loaded at 0x\S+ \(\d+ relocations, 0 veneers\)$",
}
for b in ("arm64", "arm64-llvm", "riscv", "riscv-llvm", "arm64-16k", "arm64-64k", "arm64-4k39",
          "riscv-sv48", "riscv-sv57", "arm64-4k52", "arm64-16k52", "arm64-64k52"):
    arch = b.split("-")[0]
    cpu = ["--cpu", "max"] if "16k" in b or "52" in b else []
    BOOTS.append(ok(f"{b}/modules", b, cpu + ["--initrd", "%initramfs-modules"],
                    MODULE_LINES + [MODULE_VENEERS[arch]]))
for arch in ("arm64", "riscv"):
    BOOTS += [
        # The image at the far end of its slots: modules still reach it.
        ok(f"{arch}/modules-displaced", arch, ["--initrd", "%initramfs-modules", "--append",
                                               "kernel_displacement=0x50000000"],
           MODULE_LINES + [r"displacement 0x50000000"]),
        # The image at its lowest place, the windows at their largest gaps
        # below it: at the bottom of vmalloc (seed from the KASLR section).
        ok(f"{arch}/modules-lowest", arch, ["--initrd", "%initramfs-modules", "--append",
                                            "kernel_displacement=" +
                                            f"-{LINK_ADDR - lowest_place(KVA_BITS[arch]):#x}"],
           MODULE_LINES + [MODULE_VENEERS[arch]]),
        # U-Boot's booti ADDR:SIZE names the initramfs in /chosen.
        ok(f"{arch}/modules-u-boot", arch, ["--firmware", "uboot", "--initrd",
                                            "%initramfs-modules"], MODULE_LINES),
        # ptdump shows each module's text, rodata and data with their permissions.
        ok(f"{arch}/modules-ptdump", arch, ["--initrd", "%initramfs-modules", "--append", "ptdump"],
           [rf"---\[ modules \]---\n(0x.*\n)*0x\S+-0x\S+ +\d+K L\d page +{prot} +normal\n"
            for prot in ("ro x ", "ro NX", "RW NX")]
           + [r"W\^X check: 0 writable and executable mappings"]),
    ]

# eBPF programs (docs/bpf.md): the same archive's bpf/ directory, every
# program verified, interpreted, JIT-compiled into the BPF window and run
# again. One line per program, each from tests/bpf/expect.py (results
# worked out there, independently of the kernel):
#   bpf NAME: r0=0xHEX | rejected: REASON | stopped: REASON
# and no "mismatch" line anywhere: the interpreter and the JIT agree on
# every program (the lookahead matches only a console without one).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bpf"))
import expect as bpf_expect  # noqa: E402

BPF_LINES = [pattern for _, pattern in bpf_expect.lines()]
BPF_LINES += [r"\A(?![\s\S]*^bpf \S+: mismatch: )"]
for b in ("arm64", "arm64-llvm", "riscv", "riscv-llvm", "riscv-sv48", "arm64-64k"):
    BOOTS.append(ok(f"{b}/bpf", b, ["--initrd", "%initramfs-modules"], BPF_LINES))
for arch in ("arm64", "riscv"):
    # The image at the far end of its slots: the JIT's calls to the
    # helpers in the image still take a PC-relative form.
    BOOTS.append(ok(f"{arch}/bpf-displaced", arch, ["--initrd", "%initramfs-modules", "--append",
                                                    "kernel_displacement=0x50000000"],
                    BPF_LINES + [r"displacement 0x50000000"]))


# KASLR (docs/kaslr.md). The placements kaslr.seed=N must give are worked
# out here with Python's BLAKE2s (hashlib), from the construction the doc
# describes, not from the kernel's code: the seed is BLAKE2s-256 over the
# sources, each as a tag byte, a 32-bit little-endian length and its
# bytes; draws 0 and 1 are the seed's first 16 bytes, draws 2 + 4j to
# 5 + 4j the BLAKE2s-256 of its last 16 bytes followed by j (64-bit
# little-endian); values below 2^64 mod n are rejected.
def kaslr_key(seed):
    def mix(tag, data):
        return bytes([ord(tag)]) + len(data).to_bytes(4, "little") + data
    return hashlib.blake2s(mix("o", seed.to_bytes(8, "little"))).digest()


def kaslr_value(key, i):
    """The i-th 64-bit value the key gives (the kernel's rng counter i)."""
    if i < 2:
        raw = key[8 * i:8 * i + 8]
    else:
        j, k = divmod(i - 2, 4)
        raw = hashlib.blake2s(key[16:] + j.to_bytes(8, "little")).digest()[8 * k:8 * k + 8]
    return int.from_bytes(raw, "little")


def kaslr_draw_at(seed, i, n):
    """A draw in [0, n) that starts at value i; returns (the draw, the next value's index)."""
    key = kaslr_key(seed)
    while True:
        x = kaslr_value(key, i)
        i += 1
        if x >= (1 << 64) % n:
            return x % n, i


def kaslr_draws(seed, kb):
    """The virtual placements of kaslr.seed=seed in a kernel half of 2^kb bytes."""
    # the image: one of its places, 64 KB apart from 2 GB - 32 MB above the
    # start of vmalloc (the upper half of the kernel half) to 34 MB below its
    # end, 0xffffffff80000000 (docs/layout.md)
    slot, i = kaslr_draw_at(seed, 0, (HIGHEST - lowest_place(kb)) // 0x10000 + 1)
    va = lowest_place(kb) + slot * 0x10000
    # RAM in the linear map (1 GB at a 1 GB-aligned base; the format's largest
    # block is 1 GB on both arches' defaults): a whole number of blocks up the
    # region (2^47 bytes on arm64 4K/48, 2^37 on riscv Sv39)
    lin, i = kaslr_draw_at(seed, i, (1 << 64) - 1)
    # the modules window ends 0 to 64 MB below the image, the BPF window
    # 0 to 1312 MB below that, in 64 KB steps
    gap, i = kaslr_draw_at(seed, i, (64 << 20) // 0x10000 + 1)
    modules = va - gap * 0x10000 - (512 << 20)
    gap, i = kaslr_draw_at(seed, i, (1312 << 20) // 0x10000 + 1)
    bpf = modules - gap * 0x10000 - (128 << 20)
    assert i == KASLR_PHYS_DRAW, "a draw rejected a value: KASLR_PHYS_DRAW assumes none did"
    return va, lin, modules, bpf


# Physical KASLR's draw is the boot's last: the kernel's draw number
# KASLR_PHYS_DRAW (0-based), after the image's (0), RAM's place in the
# linear map (1) and the windows' gaps (2, 3). Each draw before it takes
# one 64-bit value (a draw over n rejects a value with probability
# n / 2^64; kaslr_draws() checks the ones it makes), so the physical draw
# starts at value KASLR_PHYS_DRAW. A draw added before it in early_boot()
# adds one here.
KASLR_PHYS_DRAW = 4


def phys_places(banks, avoid, need, align=2 << 20):
    """Physical KASLR's places (mm/phys_place.c's contract), tried slot by
    slot: each aligned a, bank by bank in the tree's order, from which
    [a, a + need) lies in the bank and overlaps no (start, end) of avoid."""
    out = []
    for base, size in banks:
        a = -(-base // align) * align
        while a + need <= base + size:
            if all(not (a < end and start < a + need) for start, end in avoid):
                out.append(a)
            a += align
    return out


def kaslr_moved(seed, reserved=()):
    """An expectation worked out from the console: where kaslr.seed=seed
    must move the image, from the banner's load address, DTB and image
    size, the RAM lines and the firmware's reserved ranges (reserved:
    (start, end) pairs, known per machine), with no initrd."""
    def expect(log):
        b = re.search(r"^loaded at PA (0x\w+), DTB at PA (0x\w+) \((\d+) bytes\)", log, re.M)
        img = re.search(r"^image (0x\w+) bytes", log, re.M)
        banks = [(int(lo, 16), int(hi, 16) + 1 - int(lo, 16)) for lo, hi in
                 re.findall(r"^RAM: (0x\w+)-(0x\w+) \(\d+ MB\)$", log, re.M)]
        if not (b and img and banks):
            return r"^the banner's load address, image size and RAM lines$"
        loaded, fdt, fdt_size = int(b.group(1), 16), int(b.group(2), 16), int(b.group(3))
        size = int(img.group(1), 16)
        avoid = [(loaded, loaded + size), (fdt, fdt + fdt_size)] + list(reserved)
        places = phys_places(banks, avoid, size)
        if not places:
            return rf"^kaslr: RAM too small to move the image: kept at PA {loaded:#x}$"
        k, _ = kaslr_draw_at(seed, KASLR_PHYS_DRAW, len(places))
        return rf"^kaslr: image moved from PA {loaded:#x} to PA {places[k]:#x}$"
    return expect


def kaslr_linear_va(kb, lin, block=1 << 30):
    """Where RAM's first block (of the format's largest block size) lands in
    the linear map for draw lin."""
    start = (1 << 64) - (1 << kb)
    places = ((1 << (kb - 1)) - block) // block + 1
    return start + lin % places * block


# What the firmware reserves, for physical KASLR's model: nothing on
# arm64 (QEMU's PSCI needs no RAM; U-Boot is gone once it jumps); riscv:
# OpenSBI, at RAM's start below the image, taken here as the whole 2 MB
# (the places are the same wherever its end lies in them).
FIRMWARE_RESERVED = {"arm64": [], "riscv": [(0x80000000, 0x80200000)]}
NOT_MOVED = r"\A(?![\s\S]*^kaslr: image moved)"

for arch in ("arm64", "riscv"):
    b = arch + "-kaslr"
    seeds = "kaslr-seed, rng-seed" if arch == "arm64" else "rng-seed"
    BOOTS.append(ok(f"{b}/default", b, [], [rf"kaslr: seed from {seeds}$"]))
    base = 0x40000000 if arch == "arm64" else 0x80000000
    fw = FIRMWARE_RESERVED[arch]
    for seed in (1, 0x5eed, 0xffffffffffffffff):
        va, lin, modules, bpf = kaslr_draws(seed, 48 if arch == "arm64" else 38)
        BOOTS.append(ok(f"{b}/seed-{seed:x}", b, ["--append", f"kaslr.seed={seed:#x}"],
                        [displacement_re(va), r"kaslr: seed from kaslr.seed=$",
                         rf"running at VA {va:#x}$",
                         rf"  bpf      {bpf:#018x}-{bpf + (128 << 20) - 1:#018x}      128 MB$",
                         rf"  modules  {modules:#018x}-{modules + (512 << 20) - 1:#018x}      512 MB$",
                         rf"linear map: PA {base:#x} at VA {kaslr_linear_va(48 if arch == 'arm64' else 38, lin):#x}$",
                         kaslr_moved(seed, fw)]))
    # modules and BPF programs in windows placed at random below a random image
    BOOTS.append(ok(f"{b}/modules-seed", b, ["--initrd", "%initramfs-modules", "--append",
                                             "kaslr.seed=0x5eed"],
                    MODULE_LINES + [MODULE_VENEERS[arch]]))
    BOOTS.append(ok(f"{b}/bpf-seed", b, ["--initrd", "%initramfs-modules", "--append",
                                         "kaslr.seed=0x1"], BPF_LINES))
    # Physical KASLR (CONFIG_RANDOMIZE_PHYS): off for one boot, with the
    # same virtual placement; a bad value; RAM with no other place for the
    # image (arm64: 4 MB, the DTB in the first 2 MB and the image in the
    # second; riscv: 6 MB, OpenSBI, the image and the DTB in a 2 MB each),
    # and the boot goes on; the loaders, moving it.
    va, _, _, _ = kaslr_draws(1, 48 if arch == "arm64" else 38)
    BOOTS += [
        ok(f"{b}/phys-off", b, ["--append", "kaslr.seed=1 kaslr.phys=off"],
           [rf"loaded at PA {base + 0x200000:#x},", displacement_re(va),
            r"^kaslr: physical placement off: kaslr.phys=off$", NOT_MOVED]),
        fails(f"{b}/phys-bad-value", b, ["--append", "kaslr.phys=no"],
              r"kaslr.phys: the value must be on or off"),
        ok(f"{b}/phys-ram-too-small", b, ["--append", "kaslr.seed=1"] + (
            ["--mem", "4M", "--load-addr", "0x40200000", "--dtb-addr", "0x40000000"]
            if arch == "arm64" else ["--mem", "6M"]),
           [rf"^kaslr: RAM too small to move the image: kept at PA {base + 0x200000:#x}$",
            kaslr_moved(1, fw), NOT_MOVED]),
        ok(f"{b}/phys-u-boot", b, ["--firmware", "uboot", "--append", "kaslr.seed=0x5eed"],
           [kaslr_moved(0x5eed, fw)]),
        # the initramfs survives the move (the chooser avoids it)
        ok(f"{b}/phys-initramfs", b, ["--initrd", "%initramfs-good", "--append", "kaslr.seed=1"],
           [r"^kaslr: image moved from PA 0x[0-9a-f]+ to PA 0x[0-9a-f]+$"] + INITRAMFS_LIST),
    ]
    if arch == "riscv":
        BOOTS += [
            ok(f"{b}/phys-fw_jump", b, ["--firmware", "fw_jump", "--append", "kaslr.seed=1"],
               [kaslr_moved(1, fw)]),
            # three harts park in the loaded copy, which stays reserved
            ok(f"{b}/phys-smp4", b, ["--smp", "4", "--append", "kaslr.seed=0x5eed"],
               [kaslr_moved(0x5eed, fw)]),
            # more RAM than Sv39's linear map holds (128 GB): the image stays in
            # the RAM kept, which the RAM lines (and so the model) show
            ok(f"{b}/phys-ram-clipped", b, ["--mem", "192G", "--append", "kaslr.seed=6"],
               [r"65536 MB of RAM above 0x2080000000 clipped", kaslr_moved(6, fw)]),
        ]
    if arch == "arm64":
        # FEAT_RNG: the third source
        BOOTS.append(ok(f"{b}/rndr", b, ["--cpu", "max"],
                        [r"kaslr: seed from kaslr-seed, rng-seed, RNDR$"]))
        BOOTS.append(ok(f"{b}/rndr-only", b, ["--cpu", "max", "--dtb", f"@kaslr-none:{arch}"],
                        [r"kaslr: seed from RNDR$"]))
    # through the firmware and the loaders, on two banks, and across the image sizes
    BOOTS.append(ok(f"{b}/u-boot", b, ["--firmware", "uboot"], [r"kaslr: seed from "]))
    if arch == "riscv":
        BOOTS.append(ok(f"{b}/fw_jump", b, ["--firmware", "fw_jump"],
                        [r"kaslr: seed from rng-seed$"]))
    # (a fixture tree keeps the seeds QEMU made when it was dumped, and no bootargs)
    BOOTS.append(ok(f"{b}/multibank", b, ["--mem", "2G", "--dtb", f"@multibank:{arch}"],
                    [r"kaslr: seed from ", r"RAM: 1536 MB in 2 banks"]))
    for pad in SWEEP_PADS_KB:
        BOOTS.append(ok(f"{b}/pad-{pad}K", b, ["--append", f"kaslr.seed={pad + 1:#x}"],
                        [r"kaslr: seed from kaslr.seed=$"], ktap=False, pad=pad))
    BOOTS.append(ok(f"{b}/nokaslr", b, ["--append", "nokaslr"],
                    [r"displacement 0x0,", r"kaslr: disabled by nokaslr$",
                     rf"linear map: PA {base:#x} at VA 0x{(1 << 64) - (1 << (48 if arch == 'arm64' else 38)):x}$"]))
    BOOTS.append(ok(f"{b}/displacement-option", b,
                    ["--append", "kernel_displacement=0x6400000"],
                    [r"displacement 0x6400000,", r"kaslr: disabled by kernel_displacement=$"]))
    BOOTS.append(ok(f"{b}/no-seed", b, ["--dtb", f"@kaslr-none:{arch}"],
                    [r"displacement 0x0,", r"kaslr: no seed: booting unrandomised$"]))
    BOOTS.append(ok(f"{b}/bad-seed-sizes", b, ["--dtb", f"@kaslr-badsize:{arch}"],
                    [r"displacement 0x0,",
                     r"warning: kaslr: /chosen/kaslr-seed is not 8 bytes long: ignored",
                     r"warning: kaslr: /chosen/rng-seed is empty: ignored",
                     r"kaslr: no seed: booting unrandomised$"]))
    # much RAM: fewer places for it in the linear map, and every page still mapped
    BOOTS.append(ok(f"{b}/ram-64G", b, ["--mem", "64G"],
                    [r"RAM: 65536 MB in 1 bank", rf"linear map: PA {base:#x} at VA 0x"]))
    BOOTS.append(fails(f"{b}/seed-not-a-number", b, ["--append", "kaslr.seed=zz"],
                       r"kaslr.seed: not a number"))
BOOTS.append(ok("arm64-kaslr-nokt/seed-refused", "arm64-kaslr-nokt",
                ["--append", "kaslr.seed=1"],
                [r"warning: kaslr: kaslr.seed= is accepted only in self-test builds: ignored",
                 r"kaslr: seed from kaslr-seed, rng-seed$"], ktap=False))


# Kconfig hygiene (make ARCH=... allnoconfig, allyesconfig, alldefconfig):
# each configuration boots to ready; allyesconfig has the self-tests
# (CONFIG_KTEST) and KASLR, so its KTAP report must be complete too.
for arch in ("arm64", "riscv"):
    for t in KCONFIG_TARGETS:
        BOOTS.append(ok(f"{arch}-{t}/boot", f"{arch}-{t}", [],
                        [r"\(custom\)"], ktap=(t == "allyesconfig")))


# 52-bit VA on -cpu max (FEAT_LPA2, FEAT_LVA), the image at both ends of
# its 2^35 places; and the same kernels on CPUs without the feature, which
# run the 48-bit layout and say so. Cortex-A72 has no 16K granule at all:
# the 16K kernel falls back on -cpu max without FEAT_LPA2, and on a
# Cortex-A76.
LESS = r" \(less than configured: the CPU has no more\)$"
for b, levels, fallback, levels48 in (("arm64-4k52", 5, ["cortex-a72", "max,lpa2=off"], 4),
                                      ("arm64-16k52", 4, ["max,lpa2=off", "cortex-a76"], 4),
                                      ("arm64-64k52", 3, ["cortex-a72"], 3)):
    BOOTS.append(ok(f"{b}/default", b, ["--cpu", "max"], [rf"52-bit VA, {levels} levels$"]))
    BOOTS += extremes(b, ["--cpu", "max"])
    for cpu in fallback:
        BOOTS.append(ok(f"{b}/falls-back-{cpu.replace(',', '-').replace('=', '-')}", b,
                        ["--cpu", cpu], [rf"48-bit VA, {levels48} levels" + LESS]))
BOOTS += [
    ok("arm64-4k52/smp4", "arm64-4k52", ["--smp", "4", "--cpu", "max"], all_up(4)),
    ok("arm64-4k52/u-boot", "arm64-4k52", ["--cpu", "max", "--firmware", "uboot"],
       [r"52-bit VA, 5 levels$"]),
    ok("arm64-64k52/ram-1T", "arm64-64k52", ["--cpu", "max", "--mem", "1T"],
       [r"52-bit VA, 3 levels$", r"RAM: 1048576 MB in 1 bank"]),
]
# KASLR in both layouts of one kernel: the same seed draws from 2^35
# places of the 52-bit kernel half, and from 2^31 when the CPU has 48 bits.
# FEAT_LPA2's 512 GB blocks place RAM in the linear map 512 GB at a time,
# from PA 0.
for cpu, kb, block in (("max", 52, 1 << 39), ("cortex-a72", 48, 1 << 30)):
    va, lin, modules, bpf = kaslr_draws(0x5eed, kb)
    BOOTS.append(ok(f"arm64-4k52-kaslr/seed-5eed-{cpu}", "arm64-4k52-kaslr",
                    ["--cpu", cpu, "--append", "kaslr.seed=0x5eed"],
                    [rf"{kb}-bit VA", displacement_re(va), rf"running at VA {va:#x}$",
                     rf"  bpf      {bpf:#018x}-{bpf + (128 << 20) - 1:#018x}      128 MB$",
                     rf"  modules  {modules:#018x}-{modules + (512 << 20) - 1:#018x}      512 MB$",
                     rf"linear map: PA {0x40000000 & -block:#x} at VA "
                     rf"{kaslr_linear_va(kb, lin, block):#x}$"]))

# UEFI (docs/efi.md): the same Image as an EFI application. EDK2 (arm64,
# Debian's AAVMF) boots it from a FAT disk's default path; U-Boot's bootefi
# (both arches) from the boot script. Each boot says where its seed came
# from: EFI_RNG_PROTOCOL where the firmware offers one (--rng gives both
# arm64 firmwares a virtio RNG; Debian's riscv U-Boot has no EFI RNG).
def efi_placed(how):
    return rf"^efi: image placed by the EFI stub: {how}$"


EFI_RNG_SEED = r"^lander: EFI stub: KASLR seed from EFI_RNG_PROTOCOL$"
EFI_NO_RNG = r"^lander: EFI stub: no EFI_RNG_PROTOCOL"
BOOTS += [
    ok("arm64-kaslr/efi-edk2", "arm64-kaslr", ["--firmware", "edk2", "--rng"],
       [r"^lander: EFI stub$", EFI_RNG_SEED, r"^kaslr: seed from kaslr-seed", efi_placed("random")]),
    # a build without KASLR asks the firmware for no seed, and says so
    ok("arm64/efi-edk2", "arm64", ["--firmware", "edk2"],
       [r"^lander: EFI stub: KASLR is not built: no seed asked for$",
        r"^lander: EFI stub: the image (runs where the firmware loaded it|moves from)",
        efi_placed("(loaded|lowest)")]),
    # EDK2 at EL2: the stub turns off the MMU of the EL it runs at; then 4 CPUs through PSCI
    ok("arm64/efi-edk2-el2-smp4", "arm64", ["--firmware", "edk2", "--smp", "4", "--cpu", "max",
                                            "--extra", "-M virt,virtualization=on"],
       [r"^lander: EFI stub: KASLR is not built", efi_placed("(loaded|lowest)")] + all_up(4)),
    # With the machine's ACPI tables EDK2 gives no device tree: the stub says so and
    # returns to EDK2, whose shell (startup.nsh, scripts/qemu.py) then powers off.
    {"name": "arm64/efi-edk2-no-dt", "build": "arm64", "qemu": ["--firmware", "edk2", "--acpi"],
     "status": 0, "ktap": False,
     "expect": [r"^lander: EFI stub: error: no device tree in the EFI configuration table",
                r"^lander-test: back in the firmware"]},
    # EDK2's shell starts the Image with a command line: LoadOptions become the boot options
    ok("arm64-kaslr/efi-edk2-shell-nokaslr", "arm64-kaslr",
       ["--firmware", "edk2", "--rng", "--append", "nokaslr"],
       [r"^lander: EFI stub: command line: fs0:\\lander.efi nokaslr$",
        r"^kaslr: disabled by nokaslr$", efi_placed("(loaded|lowest)")]),
    ok("arm64-kaslr/efi-u-boot", "arm64-kaslr", ["--firmware", "uboot-efi", "--rng"],
       [EFI_RNG_SEED, r"^kaslr: seed from kaslr-seed", efi_placed("random")]),
    # bootefi hands U-Boot's $bootargs over in /chosen: the stub honours nokaslr too
    ok("arm64-kaslr/efi-u-boot-nokaslr", "arm64-kaslr",
       ["--firmware", "uboot-efi", "--rng", "--append", "nokaslr"],
       [r"^lander: EFI stub: KASLR is off \(nokaslr or kernel_displacement=\)",
        r"^kaslr: disabled by nokaslr$", efi_placed("(loaded|lowest)")]),
    ok("riscv-kaslr/efi-u-boot", "riscv-kaslr", ["--firmware", "uboot-efi", "--rng"],
       [EFI_NO_RNG, r"^kaslr: seed from rng-seed", efi_placed("(loaded|lowest)")]),
    ok("riscv/efi-u-boot-smp4", "riscv", ["--firmware", "uboot-efi", "--smp", "4"],
       [r"^lander: EFI stub: KASLR is not built", efi_placed("(loaded|lowest)")] + all_up(4)),
]
