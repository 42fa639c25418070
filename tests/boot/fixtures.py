# SPDX-License-Identifier: GPL-2.0
"""Device trees for the boot tests, made from QEMU's own (dumpdtb).

make(kind, arch, tmpdir) returns the path of a DTB:
  corrupt    QEMU's DTB with its magic broken
  truncated  QEMU's DTB cut in the middle of its structure block
  smallram   /memory shrunk to the first 8 MB of RAM
  nomemory   no /memory node at all
  multibank  (2 GB machine) RAM in two banks with a gap, a no-map hole,
             a reserved range, and an empty and a sub-page bank to ignore
  mmu-svNN   the boot hart's mmu-type says riscv,svNN (or mmu-none)
  mmu-absent the boot hart's node has no mmu-type (the binding allows it)
  nopsci     (arm64) no /psci node: no way to power off without semihosting
  psci-smc   (arm64) /psci says smc, which the machine (no EL3) does not have
  rpi3b-noranges  (arm64) the Raspberry Pi 3's own tree (make board-dtbs)
             with /soc's ranges removed: the console's address does not
             translate
  rpi3b-pl011  (arm64) the Raspberry Pi 3's own tree with stdout-path on
             serial0, the PL011 (also behind /soc's ranges)
  memreserve130k  130 000 /memreserve/ entries: a 2 MB blob, more than the
             kernel keeps (it must refuse to boot, not drop any)
  nomap4k    a no-map /reserved-memory range aligned to 4K only, inside
             one 64K page and across a 64K boundary (as on Qualcomm sm8450)
  cpus-bad   (arm64, a 4-CPU machine) cpu@1's enable-method unknown, cpu@2
             disabled, cpu@3's reg an MPIDR no CPU has (PSCI refuses it)
  cpus-spin-nobody  (arm64, a 2-CPU machine) cpu@1 says spin-table with a
             cpu-release-addr nobody watches: it never comes up
Every riscv tree also reserves OpenSBI's memory, as OpenSBI's own DT does.
"""
import os
import shutil
import subprocess

RAM_BASE = {"arm64": 0x40000000, "riscv": 0x80000000}
BOARDS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "build", "host", "boards")


def qemu_dtb(arch, path, mem="1G", smp=1):
    if arch == "arm64":
        cmd = ["qemu-system-aarch64", "-M", "virt,dumpdtb=" + path, "-cpu", "cortex-a57",
               "-nic", "none", "-m", mem, "-nographic", "-smp", str(smp)]
    else:
        cmd = ["qemu-system-riscv64", "-M", "virt,dumpdtb=" + path, "-m", mem, "-nographic",
               "-smp", str(smp)]
    subprocess.run(cmd, check=True, capture_output=True)
    return path


def fdtput(path, *args):
    subprocess.run(["fdtput", path] + [str(a) for a in args], check=True)


def cells(addr, size):
    """A reg entry with two address and two size cells."""
    return [hex(addr >> 32), hex(addr & 0xffffffff), hex(size >> 32), hex(size & 0xffffffff)]


def multibank(arch, path):
    """Two banks with a 256 MB gap: [base, +512M) and [base+768M, +1G); a
    2 MB no-map hole and a 1 MB reserved range in the second; an empty
    bank and a 2 KB bank that must be ignored with a warning."""
    b = RAM_BASE[arch]
    qemu_dtb(arch, path, mem="2G")
    mem = f"/memory@{b:x}"
    fdtput(path, "-t", "x", mem, "reg", *cells(b, 512 << 20))
    for name, base, size in (("memory@%x" % (b + (768 << 20)), b + (768 << 20), 1 << 30),
                             ("memory@%x" % (b + (1 << 31)), b + (1 << 31), 0),
                             ("memory@%x" % (b + (1 << 31) + 0x1000), b + (1 << 31) + 0x1000,
                              0x800)):
        fdtput(path, "-c", "/" + name)
        fdtput(path, "-t", "s", "/" + name, "device_type", "memory")
        fdtput(path, "-t", "x", "/" + name, "reg", *cells(base, size))
    rm = "/reserved-memory"
    subprocess.run(["fdtput", "-c", path, rm], check=False, capture_output=True)
    fdtput(path, "-t", "x", rm, "#address-cells", 2)
    fdtput(path, "-t", "x", rm, "#size-cells", 2)
    fdtput(path, "-t", "s", rm, "ranges", "")
    hole = b + (1024 << 20)
    fdtput(path, "-c", f"{rm}/hole@{hole:x}")
    fdtput(path, "-t", "x", f"{rm}/hole@{hole:x}", "reg", *cells(hole, 2 << 20))
    fdtput(path, "-t", "s", f"{rm}/hole@{hole:x}", "no-map", "")
    fw = b + (1280 << 20)
    fdtput(path, "-c", f"{rm}/firmware@{fw:x}")
    fdtput(path, "-t", "x", f"{rm}/firmware@{fw:x}", "reg", *cells(fw, 1 << 20))
    return path


def nomap4k(arch, path):
    """Two no-map ranges that only 4K pages could leave out exactly:
    [base+512M+4K, +4K) inside one 64K page, [base+768M-8K, +12K) across a
    64K boundary. 16K and 64K kernels must widen them to whole pages."""
    b = RAM_BASE[arch]
    rm = "/reserved-memory"
    subprocess.run(["fdtput", "-c", path, rm], check=False, capture_output=True)
    fdtput(path, "-t", "x", rm, "#address-cells", 2)
    fdtput(path, "-t", "x", rm, "#size-cells", 2)
    fdtput(path, "-t", "s", rm, "ranges", "")
    for base, size in ((b + (512 << 20) + 0x1000, 0x1000), (b + (768 << 20) - 0x2000, 0x3000)):
        node = f"{rm}/fw@{base:x}"
        fdtput(path, "-c", node)
        fdtput(path, "-t", "x", node, "reg", *cells(base, size))
        fdtput(path, "-t", "s", node, "no-map", "")
    return path


def reserve_opensbi(path):
    """What OpenSBI adds to the DT it passes on (a --dtb replaces that one):
    its own memory, which S-mode may not even read."""
    b = RAM_BASE["riscv"]
    rm = "/reserved-memory"
    if subprocess.run(["fdtget", path, rm, "#size-cells"], capture_output=True).returncode:
        fdtput(path, "-c", rm)
        fdtput(path, "-t", "x", rm, "#address-cells", 2)
        fdtput(path, "-t", "x", rm, "#size-cells", 2)
        fdtput(path, "-t", "s", rm, "ranges", "")
    fdtput(path, "-c", f"{rm}/mmode_resv0@{b:x}")
    fdtput(path, "-t", "x", f"{rm}/mmode_resv0@{b:x}", "reg", *cells(b, 0x40000))


def make(kind, arch, tmp):
    path = os.path.join(tmp, f"{kind}-{arch}.dtb")
    if kind == "rpi3b-noranges":
        shutil.copy(os.path.join(BOARDS, "broadcom", "bcm2837-rpi-3-b.dtb"), path)
        subprocess.run(["fdtput", "-d", path, "/soc", "ranges"], check=True)
        return path
    if kind == "rpi3b-pl011":
        shutil.copy(os.path.join(BOARDS, "broadcom", "bcm2837-rpi-3-b.dtb"), path)
        fdtput(path, "-t", "s", "/chosen", "stdout-path", "serial0:115200n8")
        return path
    if kind not in ("corrupt", "truncated", "memreserve130k"):
        path = make_tree(kind, arch, tmp, path)
        if arch == "riscv":
            reserve_opensbi(path)
        return path
    return make_blob(kind, arch, tmp, path)


def make_tree(kind, arch, tmp, path):
    """A well-formed tree, changed the way kind says."""
    if kind == "multibank":
        return multibank(arch, path)
    if kind == "cpus-bad":
        qemu_dtb(arch, path, smp=4)
        fdtput(path, "-t", "s", "/cpus/cpu@1", "enable-method", "acme,parking-lot")
        fdtput(path, "-t", "s", "/cpus/cpu@2", "status", "disabled")
        fdtput(path, "-t", "x", "/cpus/cpu@3", "reg", "0x100")
        return path
    if kind == "cpus-spin-nobody":
        qemu_dtb(arch, path, smp=2)
        fdtput(path, "-t", "s", "/cpus/cpu@1", "enable-method", "spin-table")
        fdtput(path, "-t", "x", "/cpus/cpu@1", "cpu-release-addr", "0x0", hex(RAM_BASE[arch] + 0x1000))
        return path
    qemu_dtb(arch, path)
    if kind == "smallram":
        fdtput(path, "-t", "x", f"/memory@{RAM_BASE[arch]:x}", "reg",
               *cells(RAM_BASE[arch], 0x800000))
    elif kind == "nomemory":
        subprocess.run(["fdtput", "-r", path, f"/memory@{RAM_BASE[arch]:x}"], check=True)
    elif kind == "mmu-absent":
        subprocess.run(["fdtput", "-d", path, "/cpus/cpu@0", "mmu-type"], check=True)
    elif kind == "nopsci":
        subprocess.run(["fdtput", "-r", path, "/psci"], check=True)
    elif kind == "psci-smc":
        fdtput(path, "-t", "s", "/psci", "method", "smc")
    elif kind == "nomap4k":
        nomap4k(arch, path)
    elif kind == "kaslr-none":
        # no seed at all: the loader passed neither property
        for prop in ("kaslr-seed", "rng-seed"):
            subprocess.run(["fdtput", "-d", path, "/chosen", prop], capture_output=True)
    elif kind == "kaslr-badsize":
        # kaslr-seed of one cell (4 bytes, not 8) and an empty rng-seed: both ignored
        subprocess.run(["fdtput", "-d", path, "/chosen", "rng-seed"], capture_output=True)
        fdtput(path, "-t", "x", "/chosen", "kaslr-seed", "0x12345678")
        fdtput(path, "/chosen", "rng-seed")  # no value: an empty property
    elif kind.startswith("mmu-"):
        # The boot hart says its MMU stops at another mode: "mmu-sv39".
        fdtput(path, "-t", "s", "/cpus/cpu@0", "mmu-type", "riscv," + kind[4:])
    else:
        raise ValueError(f"unknown fixture {kind}")
    return path


def with_memreserve(blob, entries):
    """blob (version 17, packed by dtc or QEMU) rebuilt with a reservation
    map of the given (address, size) entries."""
    def be32(off):
        return int.from_bytes(blob[off:off + 4], "big")
    off_st, off_str, size_str, size_st = be32(8), be32(12), be32(32), be32(36)
    rsv = b"".join(a.to_bytes(8, "big") + s.to_bytes(8, "big") for a, s in entries)
    rsv += bytes(16)
    new_st = 40 + len(rsv)
    new_str = new_st + size_st
    out = bytearray(blob[:40]) + rsv + blob[off_st:off_st + size_st] + \
        blob[off_str:off_str + size_str]
    for off, val in ((4, len(out)), (8, new_st), (12, new_str), (16, 40)):
        out[off:off + 4] = val.to_bytes(4, "big")
    return out


def make_blob(kind, arch, tmp, path):
    """A broken blob, or one no tool writes."""
    base = qemu_dtb(arch, os.path.join(tmp, f"qemu-{arch}.dtb"))
    blob = bytearray(open(base, "rb").read())
    if kind == "memreserve130k":
        # One page every 8K from 256 MB into RAM: 2 080 000 bytes of map.
        b = RAM_BASE[arch] + (256 << 20)
        blob = with_memreserve(blob, [(b + i * 0x2000, 0x1000) for i in range(130000)])
    elif kind == "corrupt":
        blob[0:4] = b"\xde\xad\xbe\xef"
    elif kind == "truncated":
        # Cut through the structure block; the RAM after it reads as zeros.
        off_struct = int.from_bytes(blob[8:12], "big")
        size_struct = int.from_bytes(blob[36:40], "big")
        blob = blob[: off_struct + size_struct // 2]
    else:
        raise ValueError(f"unknown fixture {kind}")
    with open(path, "wb") as f:
        f.write(blob)
    return path


INITRAMFS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "initramfs")


def make_initramfs(kind, tmp, build_dir=None):
    """A newc archive of tests/initramfs/ made with cpio, as kind says:
    "good", "truncated" (cut inside its second entry) or "gzip"; or
    "modules", the archive "make initramfs" built in build_dir (the boot's
    kernel build directory): tests/initramfs/ then the test modules."""
    if kind == "modules":
        if build_dir is None:
            raise ValueError("initramfs-modules needs the build directory")
        path = os.path.join(build_dir, "initramfs.cpio")
        if not os.path.exists(path):
            raise FileNotFoundError(f"{path}: run make initramfs with that O= first")
        return path
    names = []
    for root, dirs, files in os.walk(INITRAMFS_DIR):
        dirs.sort()
        for n in sorted(dirs + files):
            names.append(os.path.relpath(os.path.join(root, n), INITRAMFS_DIR))
    names.sort()
    archive = subprocess.run(["cpio", "--quiet", "-H", "newc", "-o", "-R", "0:0",
                              "--reproducible"], cwd=INITRAMFS_DIR, check=True,
                             input="\n".join(names).encode() + b"\n",
                             stdout=subprocess.PIPE).stdout
    path = os.path.join(tmp, f"initramfs-{kind}.cpio")
    if kind == "truncated":
        # Cut in the middle of the second entry's 110-byte header: the
        # first entry's name and data sizes (newc fields 6 and 11, eight
        # hex digits after the 6-byte magic) say where it starts.
        filesize, namesize = int(archive[54:62], 16), int(archive[94:102], 16)
        second = (((110 + namesize + 3) & ~3) + filesize + 3) & ~3
        archive = archive[:second + 60]
    elif kind == "gzip":
        archive = subprocess.run(["gzip", "-n"], input=archive, check=True,
                                 stdout=subprocess.PIPE).stdout
    elif kind != "good":
        raise ValueError(f"unknown initramfs {kind}")
    with open(path, "wb") as f:
        f.write(archive)
    return path
