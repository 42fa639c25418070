# SPDX-License-Identifier: GPL-2.0
"""Check both Images' 64-byte headers field by field against the boot
documents (Linux Documentation/arch/arm64/booting.rst and
Documentation/arch/riscv/boot-image-header.rst), and that file(1)
recognises the arm64 one. Expected values are written here from those
documents, not read from the kernel's sources."""
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "scripts"))
import toolchain  # noqa: E402


def elf_sizes(elf, readelf):
    """(_end - _text) from the ELF's symbol table."""
    out = subprocess.run([readelf, "-sW", elf], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[7] in ("_text", "_end"):
            syms[f[7]] = int(f[1], 16)
    return syms["_end"] - syms["_text"]


def check_arm64(image, elf):
    h = open(image, "rb").read(64)
    code0, code1, text_offset, image_size, flags, r2, r3, r4, magic, r5 = \
        struct.unpack("<IIQQQQQQII", h)
    want_size = elf_sizes(elf, toolchain.tool("arm64", "readelf"))
    yield "code0 is a branch (B imm26)", code0 >> 26 == 0b000101, f"code0 {code0:#x}"
    yield "code1 is 0", code1 == 0, f"{code1:#x}"
    yield "text_offset is 0", text_offset == 0, f"{text_offset:#x}"
    yield "image_size covers _text.._end", image_size == want_size, \
        f"{image_size:#x} != {want_size:#x}"
    yield "flags: little-endian", flags & 1 == 0, f"{flags:#x}"
    yield "flags: 4K page size (1)", (flags >> 1) & 3 == 1, f"{flags:#x}"
    yield "flags: placed anywhere (bit 3)", flags & 8 == 8, f"{flags:#x}"
    yield "flags: reserved bits 0", flags >> 4 == 0, f"{flags:#x}"
    yield "res2..res4 are 0", (r2, r3, r4) == (0, 0, 0), f"{r2:#x} {r3:#x} {r4:#x}"
    yield "magic is ARM\\x64", magic == 0x644d5241, f"{magic:#x}"
    yield "res5 (PE offset) is 0", r5 == 0, f"{r5:#x}"
    out = subprocess.run(["file", "-b", image], capture_output=True, text=True).stdout
    yield "file(1) says Linux ARM64 boot image", \
        "Linux kernel ARM64 boot executable Image" in out, out


def check_riscv(image, elf):
    h = open(image, "rb").read(64)
    code0, code1, text_offset, image_size, flags, version, res1, res2, magic, magic2, res3 = \
        struct.unpack("<IIQQQIIQ8s4sI", h)
    want_size = elf_sizes(elf, toolchain.tool("riscv", "readelf"))
    yield "code0 is a JAL x0 (j)", code0 & 0xfff == 0x06f, f"code0 {code0:#x}"
    yield "text_offset is 2 MB", text_offset == 0x200000, f"{text_offset:#x}"
    yield "image_size covers _text.._end", image_size == want_size, \
        f"{image_size:#x} != {want_size:#x}"
    yield "flags: little-endian", flags == 0, f"{flags:#x}"
    yield "version 0.2", version == 2, f"{version:#x}"
    yield "res1, res2, res3 are 0", (res1, res2, res3) == (0, 0, 0), ""
    yield "magic is RISCV\\0\\0\\0", magic == b"RISCV\0\0\0", repr(magic)
    yield "magic2 is RSC\\x05", magic2 == b"RSC\x05", repr(magic2)


def check_all(srctree):
    yield from check_link(srctree)
    yield from check_headers(srctree)


def check_headers(srctree):
    for arch, fn in (("arm64", check_arm64), ("riscv", check_riscv)):
        d = os.path.join(srctree, "build", "check", arch)
        image, elf = os.path.join(d, "Image"), os.path.join(d, "lander.elf")
        if not os.path.exists(image):
            yield f"{arch}: Image missing", False, image
            continue
        for name, ok, detail in fn(image, elf):
            yield f"{arch}: {name}", ok, detail


def check_link(srctree):
    """Each base build is linked at the manifest's KERNEL_LINK_ADDR, inside
    the vmalloc zone, with only RELATIVE (or empty NONE) dynamic relocations."""
    import json
    for build, arch in (("arm64", "arm64"), ("riscv", "riscv"),
                        ("arm64-llvm", "arm64"), ("riscv-llvm", "riscv")):
        readelf = toolchain.tool(arch, "readelf")
        d = os.path.join(srctree, "build", "check", build)
        elf = os.path.join(d, "lander.elf")
        if not os.path.exists(elf):
            continue
        m = json.load(open(os.path.join(d, "layout.json")))
        link = int(m["kernel_link_addr"], 16)
        vm = [r for r in m["regions"] if r["name"] == "vmalloc"][0]
        hdr = subprocess.run([readelf, "-hlW", elf], capture_output=True, text=True).stdout
        entry = int(hdr.split("Entry point address:")[1].split()[0], 16)
        first_load = min(int(l.split()[2], 16) for l in hdr.splitlines()
                         if l.strip().startswith("LOAD"))
        yield (f"{build}: linked at KERNEL_LINK_ADDR {link:#x}",
               entry == link and first_load == link, f"entry {entry:#x}, first LOAD {first_load:#x}")
        yield (f"{build}: KERNEL_LINK_ADDR inside vmalloc",
               int(vm["start"], 16) <= link < int(vm["end"], 16), str(vm))
        rel = subprocess.run([readelf, "-rW", elf], capture_output=True, text=True).stdout
        types = {l.split()[2] for l in rel.splitlines()
                 if len(l.split()) > 2 and l.split()[0].startswith("ffff")}
        yield (f"{build}: only RELATIVE dynamic relocations ({', '.join(sorted(types))})",
               bool(types) and all(t.endswith("_RELATIVE") or t.endswith("_NONE") for t in types),
               str(types))
