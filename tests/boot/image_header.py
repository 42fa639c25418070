# SPDX-License-Identifier: GPL-2.0
"""Check both Images' 64-byte headers field by field against the boot
documents (Linux Documentation/arch/arm64/booting.rst and
Documentation/arch/riscv/boot-image-header.rst), their PE/COFF headers
(CONFIG_EFI) against Microsoft's PE Format and UEFI 2.10, 2.1.1, and that
the tools recognise them: file(1) both, objdump(1) the arm64 one (binutils
2.40 has no riscv PE target). Expected values are written here from those
documents, not read from the kernel's sources."""
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "scripts"))
import toolchain  # noqa: E402


def elf_syms(elf, readelf):
    """The symbols the headers describe, from the ELF's symbol table."""
    out = subprocess.run([readelf, "-sW", elf], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[7] in ("_text", "_stext", "_sdata", "_edata", "_end",
                                    "efi_pe_entry"):
            syms[f[7]] = int(f[1], 16)
    return syms


def elf_sizes(elf, readelf):
    """(_end - _text) from the ELF's symbol table."""
    syms = elf_syms(elf, readelf)
    return syms["_end"] - syms["_text"]


# PE Format: machine types, section flags; UEFI: the EFI application subsystem.
PE_MACHINE = {"arm64": 0xaa64, "riscv": 0x5064}
SCN_CODE, SCN_IDATA = 0x20, 0x40
SCN_EXEC, SCN_READ, SCN_WRITE = 0x20000000, 0x40000000, 0x80000000


def check_pe(arch, image, elf):
    """The PE/COFF view of the Image: what a UEFI loader reads."""
    d = open(image, "rb").read()
    syms = elf_syms(elf, toolchain.tool(arch, "readelf"))
    text = syms["_text"]
    yield "starts with MZ", d[:2] == b"MZ", repr(d[:2])
    pe = struct.unpack_from("<I", d, 0x3c)[0]
    yield "PE header offset at 0x3c is 0x40", pe == 0x40, f"{pe:#x}"
    yield "PE signature", d[pe:pe + 4] == b"PE\0\0", repr(d[pe:pe + 4])
    machine, nsect, _, _, _, optsize, chars = struct.unpack_from("<HHIIIHH", d, pe + 4)
    yield f"Machine {PE_MACHINE[arch]:#x}", machine == PE_MACHINE[arch], f"{machine:#x}"
    yield "2 sections", nsect == 2, str(nsect)
    yield "executable image, relocations not stripped", chars & 2 and not chars & 1, \
        f"{chars:#x}"
    opt = pe + 24
    magic, = struct.unpack_from("<H", d, opt)
    yield "PE32+ optional header", magic == 0x20b, f"{magic:#x}"
    (code_size, idata, bss, entry, base_of_code) = struct.unpack_from("<IIIII", d, opt + 4)
    image_base, salign, falign = struct.unpack_from("<QII", d, opt + 24)
    size_of_image, size_of_headers, _, subsystem, dllchars = \
        struct.unpack_from("<IIIHH", d, opt + 56)
    ndirs, = struct.unpack_from("<I", d, opt + 108)
    yield "subsystem: EFI application (10)", subsystem == 10, str(subsystem)
    yield "ImageBase 0: no preferred place", image_base == 0, f"{image_base:#x}"
    yield "SectionAlignment 4 KB, FileAlignment 512", (salign, falign) == (4096, 512), \
        f"{salign} {falign}"
    yield "SizeOfImage is image_size (_end - _text)", size_of_image == syms["_end"] - text, \
        f"{size_of_image:#x}"
    yield "SizeOfImage a multiple of SectionAlignment", size_of_image % salign == 0, ""
    yield "entry point is efi_pe_entry", entry == syms["efi_pe_entry"] - text, f"{entry:#x}"
    yield "no base relocations (the kernel relocates itself)", ndirs < 6 or \
        struct.unpack_from("<II", d, opt + 112 + 5 * 8) == (0, 0), ""
    yield "SizeOfOptionalHeader fits the directories", optsize == 112 + 8 * ndirs, str(optsize)
    sects = []
    for i in range(nsect):
        o = opt + optsize + 40 * i
        name = d[o:o + 8].rstrip(b"\0").decode()
        vsize, va, rawsize, rawptr = struct.unpack_from("<IIII", d, o + 8)
        flags, = struct.unpack_from("<I", d, o + 36)
        sects.append((name, vsize, va, rawsize, rawptr, flags))
    (tn, tvs, tva, trs, trp, tf), (dn, dvs, dva, drs, drp, df) = sects
    yield ".text: code, read, execute", tn == ".text" and tf == SCN_CODE | SCN_READ | SCN_EXEC, \
        f"{tn} {tf:#x}"
    yield ".data: data, read, write", dn == ".data" and df == SCN_IDATA | SCN_READ | SCN_WRITE, \
        f"{dn} {df:#x}"
    yield "headers end where .text starts (_stext)", \
        size_of_headers == tva == syms["_stext"] - text and base_of_code == tva, \
        f"{size_of_headers:#x} {tva:#x}"
    yield "each section lies in the file where it lies in memory", tva == trp and dva == drp, ""
    yield ".text runs to .data (_sdata), .data to _end", \
        tva + tvs == dva == syms["_sdata"] - text and dva + dvs == size_of_image, ""
    yield ".data's file part ends at _edata", drs == syms["_edata"] - syms["_sdata"], \
        f"{drs:#x}"
    yield "raw sizes are multiples of FileAlignment", trs % falign == 0 and drs % falign == 0, ""
    yield "the file holds every section's raw data", len(d) >= drp + drs and trs == tvs, \
        f"file {len(d):#x}"
    yield "entry point inside .text", tva <= entry < tva + tvs, f"{entry:#x}"
    yield "size fields: code, data, bss", \
        (code_size, idata, bss) == (tvs, drs, size_of_image - dva - drs), \
        f"{code_size:#x} {idata:#x} {bss:#x}"
    out = subprocess.run(["file", "-b", image], capture_output=True, text=True).stdout
    if arch == "riscv":
        yield "file(1) says PE32+ EFI application, RISC-V 64-bit", \
            "PE32+ executable (EFI application) RISC-V 64-bit" in out, out
    else:
        dump = subprocess.run([toolchain.tool(arch, "objdump"), "-x", image],
                              capture_output=True, text=True).stdout
        yield "objdump -x reads it as pei-aarch64-little with its two sections", \
            "file format pei-aarch64-little" in dump and "Subsystem\t\t0000000a" in dump \
            and ".text" in dump and ".data" in dump, dump[:200]


def check_arm64(image, elf):
    h = open(image, "rb").read(64)
    code0, code1, text_offset, image_size, flags, r2, r3, r4, magic, r5 = \
        struct.unpack("<IIQQQQQQII", h)
    want_size = elf_sizes(elf, toolchain.tool("arm64", "readelf"))
    # code0 is "MZ" (PE/COFF) as CCMP x18, #0, #0xd, pl: it only sets NZCV
    # (Arm ARM, CCMP (immediate): sf=1 op=1 S=1, 11010010, imm5=0, cond=0101,
    # 1, 0, Rn=18, 0, nzcv=1101).
    yield "code0 is CCMP x18, #0, #0xd, pl (\"MZ\")", code0 == 0xfa405a4d, f"code0 {code0:#x}"
    yield "code1 is a branch (B imm26)", code1 >> 26 == 0b000101, f"{code1:#x}"
    yield "text_offset is 0", text_offset == 0, f"{text_offset:#x}"
    yield "image_size covers _text.._end", image_size == want_size, \
        f"{image_size:#x} != {want_size:#x}"
    yield "flags: little-endian", flags & 1 == 0, f"{flags:#x}"
    yield "flags: 4K page size (1)", (flags >> 1) & 3 == 1, f"{flags:#x}"
    yield "flags: placed anywhere (bit 3)", flags & 8 == 8, f"{flags:#x}"
    yield "flags: reserved bits 0", flags >> 4 == 0, f"{flags:#x}"
    yield "res2..res4 are 0", (r2, r3, r4) == (0, 0, 0), f"{r2:#x} {r3:#x} {r4:#x}"
    yield "magic is ARM\\x64", magic == 0x644d5241, f"{magic:#x}"
    yield "res5 is the PE header's offset", r5 == 0x40, f"{r5:#x}"
    out = subprocess.run(["file", "-b", image], capture_output=True, text=True).stdout
    yield "file(1) says Linux ARM64 boot image", \
        "Linux kernel ARM64 boot executable Image" in out, out


def check_riscv(image, elf):
    h = open(image, "rb").read(64)
    code0, code1, text_offset, image_size, flags, version, res1, res2, magic, magic2, res3 = \
        struct.unpack("<IIQQQIIQ8s4sI", h)
    want_size = elf_sizes(elf, toolchain.tool("riscv", "readelf"))
    # code0 starts with "MZ" as C.LI s4, -13 (RVC: funct3 010, imm[5]=1, rd=20,
    # imm[4:0]=10011, op 01); then a JAL x0 (j) over the 2 bytes at offset 2.
    jal = struct.unpack_from("<I", h, 2)[0]
    yield "code0 starts with C.LI s4, -13 (\"MZ\")", code0 & 0xffff == 0x5a4d, f"{code0:#x}"
    yield "then a JAL x0 (j)", jal & 0xfff == 0x06f, f"{jal:#x}"
    yield "text_offset is 2 MB", text_offset == 0x200000, f"{text_offset:#x}"
    yield "image_size covers _text.._end", image_size == want_size, \
        f"{image_size:#x} != {want_size:#x}"
    yield "flags: little-endian", flags == 0, f"{flags:#x}"
    yield "version 0.2", version == 2, f"{version:#x}"
    yield "res1, res2 are 0", (res1, res2) == (0, 0), ""
    yield "res3 is the PE header's offset", res3 == 0x40, f"{res3:#x}"
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
        for name, ok, detail in check_pe(arch, image, elf):
            yield f"{arch}: PE/COFF: {name}", ok, detail


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
