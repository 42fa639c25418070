#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The contexts (NAME.mem) of the C test programs (tests/bpf/NAME.c).

Each is a fixed number of pseudo-random bytes from a 64-bit linear
congruential generator (Knuth's MMIX constants) seeded from the name, so
the files are the same on every build. expect.py reads the same data
(through contexts()) to work out each program's result on its own.

    mkmem.py OUTDIR     writes OUTDIR/NAME.mem for every entry of CONTEXTS
"""
import os
import struct
import sys

# name -> length in bytes. checksum and hash: bytes; sort: 256 u32
# (little-endian); hash's length is not a multiple of 8, so the word-wise
# program has a tail to leave out.
CONTEXTS = {
    "checksum": 4096,
    "hash": 4099,
    "sort": 1024,
}

MASK64 = (1 << 64) - 1


def lcg_bytes(name, n):
    """n bytes: the top byte of each step of x = x * a + c (mod 2^64)."""
    x = sum(ord(ch) << (8 * (i % 8)) for i, ch in enumerate(name)) & MASK64
    out = bytearray()
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK64
        out.append(x >> 56)
    return bytes(out)


def contexts():
    """name -> the context's bytes."""
    return {name: lcg_bytes(name, n) for name, n in CONTEXTS.items()}


def u32_array(data):
    """The little-endian u32 values of data."""
    return list(struct.unpack(f"<{len(data) // 4}I", data[:len(data) // 4 * 4]))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in contexts().items():
        with open(os.path.join(out, name + ".mem"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
