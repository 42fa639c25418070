#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crafted bad modules for the loader's rejection tests.

  make-bad-modules.py GOOD.ko OUTDIR [NAME...]

writes OUTDIR/NAME.ko for each NAME (default: all, in the order below),
each a copy of GOOD.ko with one thing broken. GOOD.ko must be a little-
endian ELF64 relocatable object with a symbol table, a SHT_RELA section
applying to a loaded section, and a SHT_NOBITS section (tests/modules/
calc.c built by gcc has them all). The layouts follow the System V gABI
"ELF-64 Object File Format": the file header, 64-byte section headers,
24-byte symbols and 24-byte Elf64_Rela entries.
"""
import os
import struct
import sys

EM_AARCH64, EM_RISCV = 183, 243
SHT_SYMTAB, SHT_RELA, SHT_NOBITS = 2, 4, 8
SHF_ALLOC = 0x2
STB_GLOBAL = 1

# The ELF64 file header from e_type on (offset 16), and a section header.
EHDR = struct.Struct("<HHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
RELA = struct.Struct("<QQq")
SH_FIELDS = ("name", "type", "flags", "addr", "offset", "size", "link", "info", "addralign",
             "entsize")


class Elf:
    """A mutable ELF64 object: its bytes and the offsets of its parts."""

    def __init__(self, data):
        self.data = bytearray(data)
        f = EHDR.unpack_from(self.data, 16)
        (self.e_type, self.e_machine, _, _, _, self.e_shoff, _, _, _, _, self.e_shentsize,
         self.e_shnum, _) = f
        if self.data[:4] != b"\x7fELF" or self.data[4] != 2 or self.data[5] != 1:
            raise ValueError("not a little-endian ELF64 object")

    def shdr_off(self, i):
        return self.e_shoff + i * self.e_shentsize

    def sh(self, i):
        return dict(zip(SH_FIELDS, SHDR.unpack_from(self.data, self.shdr_off(i))))

    def set_sh(self, i, field, value):
        sh = self.sh(i)
        sh[field] = value
        SHDR.pack_into(self.data, self.shdr_off(i), *(sh[k] for k in SH_FIELDS))

    def find(self, pred):
        """The index of the first section header pred accepts."""
        for i in range(1, self.e_shnum):
            if pred(self.sh(i)):
                return i
        raise ValueError("no such section")

    def rela(self):
        """A non-empty RELA section whose target is loaded (SHF_ALLOC)."""
        return self.find(lambda s: s["type"] == SHT_RELA and s["size"] >= RELA.size and
                         self.sh(s["info"])["flags"] & SHF_ALLOC)

    def symtab(self):
        return self.find(lambda s: s["type"] == SHT_SYMTAB)

    def set_ehdr(self, offset, fmt, value):
        struct.pack_into(fmt, self.data, offset, value)


# Each mutation breaks one thing, described in one line.
def truncated(e):
    """The file ends in the middle of the section header table."""
    return e.data[:e.shdr_off(e.e_shnum // 2) + 20]


def magic(e):
    """e_ident starts "\\x7fELX", not "\\x7fELF"."""
    e.data[3] = ord("X")


def class32(e):
    """EI_CLASS says ELFCLASS32 (1)."""
    e.data[4] = 1


def big_endian(e):
    """EI_DATA says ELFDATA2MSB (2), big-endian."""
    e.data[5] = 2


def wrong_machine(e):
    """e_machine is the other arch's (EM_AARCH64 183 <-> EM_RISCV 243)."""
    e.set_ehdr(18, "<H", EM_RISCV if e.e_machine == EM_AARCH64 else EM_AARCH64)


def et_dyn(e):
    """e_type is ET_DYN (3), a shared object, not ET_REL."""
    e.set_ehdr(16, "<H", 3)


def shentsize(e):
    """e_shentsize is 40, the ELF32 section header's size, not 64."""
    e.set_ehdr(58, "<H", 40)


def shoff_past_end(e):
    """e_shoff points at the end of the file: the whole table lies past it."""
    e.set_ehdr(40, "<Q", len(e.data))


def section_past_end(e):
    """The first loaded PROGBITS section's offset + size runs one byte past the end."""
    i = e.find(lambda s: s["type"] == 1 and s["flags"] & SHF_ALLOC and s["size"])
    e.set_sh(i, "size", len(e.data) - e.sh(i)["offset"] + 1)


def symtab_link(e):
    """The symbol table's sh_link (its string table) is e_shnum, one past the last section."""
    e.set_sh(e.symtab(), "link", e.e_shnum)


def first_rela(e):
    sh = e.sh(e.rela())
    return sh["offset"], RELA.unpack_from(e.data, sh["offset"])


def reloc_sym_range(e):
    """A relocation's symbol index is the symbol count, one past the last symbol."""
    off, (r_offset, r_info, addend) = first_rela(e)
    nsyms = e.sh(e.symtab())["size"] // SYM.size
    RELA.pack_into(e.data, off, r_offset, (nsyms << 32) | (r_info & 0xffffffff), addend)


def reloc_type_unknown(e):
    """A relocation's type is 250, which neither psABI defines."""
    off, (r_offset, r_info, addend) = first_rela(e)
    RELA.pack_into(e.data, off, r_offset, (r_info >> 32) << 32 | 250, addend)


def reloc_offset_range(e):
    """A relocation's r_offset is its target section's size: it patches past the end."""
    i = e.rela()
    off, (_, r_info, addend) = first_rela(e)
    RELA.pack_into(e.data, off, e.sh(e.sh(i)["info"])["size"], r_info, addend)


def reloc_target_unalloc(e):
    """A relocated section has SHF_ALLOC cleared, so it is not loaded, but its RELA stays."""
    target = e.sh(e.rela())["info"]
    e.set_sh(target, "flags", e.sh(target)["flags"] & ~SHF_ALLOC)


def bss_1g(e):
    """The first NOBITS section is 1 GB, more than the 512 MB modules window."""
    e.set_sh(e.find(lambda s: s["type"] == SHT_NOBITS), "size", 1 << 30)


def sym_shndx_range(e):
    """The first defined global symbol's st_shndx is e_shnum, one past the last section."""
    sh = e.sh(e.symtab())
    for off in range(sh["offset"] + SYM.size, sh["offset"] + sh["size"], SYM.size):
        name, info, other, shndx, value, size = SYM.unpack_from(e.data, off)
        if info >> 4 == STB_GLOBAL and 0 < shndx < e.e_shnum:
            SYM.pack_into(e.data, off, name, info, other, e.e_shnum, value, size)
            return
    raise ValueError("no defined global symbol")


MUTATIONS = {
    "truncated": truncated,
    "magic": magic,
    "class32": class32,
    "big-endian": big_endian,
    "wrong-machine": wrong_machine,
    "et-dyn": et_dyn,
    "shentsize": shentsize,
    "shoff-past-end": shoff_past_end,
    "section-past-end": section_past_end,
    "symtab-link": symtab_link,
    "reloc-sym-range": reloc_sym_range,
    "reloc-type-unknown": reloc_type_unknown,
    "reloc-offset-range": reloc_offset_range,
    "reloc-target-unalloc": reloc_target_unalloc,
    "bss-1g": bss_1g,
    "sym-shndx-range": sym_shndx_range,
}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    good = open(sys.argv[1], "rb").read()
    outdir = sys.argv[2]
    names = sys.argv[3:] or list(MUTATIONS)
    unknown = [n for n in names if n not in MUTATIONS]
    if unknown:
        sys.exit(f"unknown bad module(s): {' '.join(unknown)}; known: {' '.join(MUTATIONS)}")
    os.makedirs(outdir, exist_ok=True)
    for name in names:
        e = Elf(good)
        out = MUTATIONS[name](e)
        with open(os.path.join(outdir, name + ".ko"), "wb") as f:
            f.write(out if out is not None else e.data)


if __name__ == "__main__":
    main()
