# SPDX-License-Identifier: GPL-2.0
"""Device trees for the boot tests, made from QEMU's own (dumpdtb).

make(kind, arch, tmpdir) returns the path of a DTB:
  corrupt    QEMU's DTB with its magic broken
  truncated  QEMU's DTB cut in the middle of its structure block
  smallram   /memory shrunk to the first 8 MB of RAM
"""
import os
import subprocess

RAM_BASE = {"arm64": 0x40000000, "riscv": 0x80000000}


def qemu_dtb(arch, path, mem="1G"):
    if arch == "arm64":
        cmd = ["qemu-system-aarch64", "-M", "virt,dumpdtb=" + path, "-cpu", "cortex-a57",
               "-nic", "none", "-m", mem, "-nographic"]
    else:
        cmd = ["qemu-system-riscv64", "-M", "virt,dumpdtb=" + path, "-m", mem, "-nographic"]
    subprocess.run(cmd, check=True, capture_output=True)
    return path


def make(kind, arch, tmp):
    path = os.path.join(tmp, f"{kind}-{arch}.dtb")
    base = qemu_dtb(arch, os.path.join(tmp, f"qemu-{arch}.dtb"))
    blob = bytearray(open(base, "rb").read())
    if kind == "corrupt":
        blob[0:4] = b"\xde\xad\xbe\xef"
    elif kind == "truncated":
        # Cut through the structure block; the RAM after it reads as zeros.
        off_struct = int.from_bytes(blob[8:12], "big")
        size_struct = int.from_bytes(blob[36:40], "big")
        blob = blob[: off_struct + size_struct // 2]
    elif kind == "smallram":
        node = f"/memory@{RAM_BASE[arch]:x}"
        with open(path, "wb") as f:
            f.write(blob)
        subprocess.run(["fdtput", "-t", "x", path, node, "reg", "0", hex(RAM_BASE[arch]),
                        "0", "0x800000"], check=True)
        return path
    else:
        raise ValueError(f"unknown fixture {kind}")
    with open(path, "wb") as f:
        f.write(blob)
    return path
