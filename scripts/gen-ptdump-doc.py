#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write docs/ptdump.md: the kernel's own dump of its final page tables,
booted with "ptdump" on both arches (4 GB of RAM), so the document shows
what the code really builds. Usage: gen-ptdump-doc.py ARM64_IMAGE RISCV_IMAGE OUT"""
import subprocess
import sys

HEAD = """# The final kernel page tables, as the kernel dumps them

Printed by the kernel itself with the boot option `ptdump`
(`mm/ptdump.c`), here for the test configuration of each arch under QEMU
with 4 GB of RAM; regenerate with `scripts/gen-ptdump-doc.py build/check/arm64/Image
build/check/riscv/Image docs/ptdump.md`. Each line is a run of
leaves with the same level and attributes: virtual range, size, level
(0 is the root), block or page, read-only or read-write, executable or
not (NX), memory type. Things to see:

- the linear map uses the largest blocks alignment allows (1 GB, then
  2 MB), and is split into pages only where it aliases the image's text
  and rodata, which are read-only there;
- the image is in segments: text read-only and executable, rodata
  read-only, data and bss read-write and non-executable; the init segment
  was unmapped after boot ("Freeing init memory");
- the fixmap holds the console's registers (device memory on arm64; on
  riscv the memory type comes from the platform's PMAs) and the DTB;
- no mapping is both writable and executable (the W^X count).
"""


def dump(arch, image):
    out = subprocess.run([sys.executable, "scripts/qemu.py", "--arch", arch, "--image", image,
                          "--mem", "4G", "--timeout", "60", "--append", "ptdump"],
                         capture_output=True, text=True).stdout
    lines = out.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("lander "))
    end = next(i for i, l in enumerate(lines) if l.startswith("W^X check"))
    return "\n".join(l.rstrip("\r") for l in lines[start:end + 1])


def main():
    arm64, riscv, out = sys.argv[1:4]
    text = [HEAD]
    for arch, image in (("arm64", arm64), ("riscv", riscv)):
        text.append(f"\n## {arch}\n\n```\n{dump(arch, image)}\n```\n")
    with open(out, "w") as f:
        f.write("".join(text))


if __name__ == "__main__":
    main()
