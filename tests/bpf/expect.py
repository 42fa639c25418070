# SPDX-License-Identifier: GPL-2.0
"""The console lines the eBPF test programs must print (docs/bpf.md).

lines() returns (program name, regular expression) pairs, one per program
of the initramfs's bpf/ directory, for tests/boot/scenarios.py. The result
of each C program (tests/bpf/NAME.c) is worked out here on its own, in
plain Python, from the same contexts mkmem.py writes: zlib's Adler-32,
sorted(), an FNV-1a written from its definition, and so on; never from a
run of the interpreter or the JIT. The raw programs' results come from
mkraw.py's table, where each was worked out by hand from RFC 9669.
"""
import os
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkmem  # noqa: E402
import mkraw  # noqa: E402

MASK64 = (1 << 64) - 1
FNV_BASIS = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3

# The C objects in archive order (tests/bpf/bpf.mk's BPF_C_NAMES).
C_OBJECTS = ["checksum", "hash", "sort", "loops", "calls", "helpers", "bad_global"]


def fnv1a64(data):
    h = FNV_BASIS
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & MASK64
    return h


def fnv1a64_words(data):
    """FNV-1a 64 over whole little-endian u64 words, the tail left out."""
    h = FNV_BASIS
    for i in range(0, len(data) // 8 * 8, 8):
        h = ((h ^ int.from_bytes(data[i:i + 8], "little")) * FNV_PRIME) & MASK64
    return h


def collatz():
    total, best, best_n = 0, 0, 0
    for n in range(1, 3001):
        x, steps = n, 0
        while x != 1:
            x = 3 * x + 1 if x & 1 else x // 2
            steps += 1
        total += steps
        if steps > best:
            best, best_n = steps, n
    return (best_n << 32 | total) & MASK64


def primes_below(n):
    return sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k ** 0.5) + 1)))


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def deep(level):
    return sum(level * 1000 + i for i in range(32)) + (3 * deep(level - 1) if level else 0)


def mixed():
    import math
    r = 0
    for k in range(1, 51):
        args = [k, math.gcd(12 * k, 180), math.isqrt(7 * k * k),
                bin((k * 0x9e3779b97f4a7c15) & MASK64).count("1"), r >> 60]
        r = (r * 31 + sum(w * a for w, a in zip((1, 3, 5, 7, 11), args))) & MASK64
    return r


def xorshift64star(name, count):
    """The random helper's first values for program name (kernel/bpf/helpers.c's
    description: xorshift64* with shifts 12, 25, 27 and Vigna's multiplier,
    the state seeded from FNV-1a 64 of the name with the low bit set, the
    high 32 bits of the product returned)."""
    s = fnv1a64(name.encode()) | 1
    out = []
    for _ in range(count):
        s ^= s >> 12
        s ^= (s << 25) & MASK64
        s ^= s >> 27
        out.append(((s * 0x2545F4914F6CDD1D) & MASK64) >> 32)
    return out


def c_results():
    """program name -> r0 (int) or the rest of its line (str regex)."""
    ctx = mkmem.contexts()
    sort = sorted(mkmem.u32_array(ctx["sort"]))
    rnd = xorshift64star("helpers/random", 2)
    return {
        "checksum/adler32": zlib.adler32(ctx["checksum"]),
        "hash/fnv1a": fnv1a64(ctx["hash"]),
        "hash/fnv1a_words": fnv1a64_words(ctx["hash"]),
        "sort/insertion": sum((i + 1) * v for i, v in enumerate(sort)) & MASK64,
        "loops/collatz": collatz(),
        "loops/primes": primes_below(5000),
        "calls/fibonacci": sum(fib(k) for k in range(7)),
        "calls/frames": deep(5),
        "calls/mixed": mixed(),
        "helpers/counter": 0x030201,
        "helpers/random": rnd[0] << 32 | rnd[1],
        "helpers/cpu_id": 0x100,
        "helpers/print": len("answer 42 neg -7 hex beef"),
        "bad_global/counter": re.escape("rejected: relocation R_BPF_64_64 (maps or global data) "
                                        "is not supported"),
    }


# Lines other than a program's result line.
EXTRA = [("helpers/print", r"^bpf helpers/print: print: answer 42 neg -7 hex beef$"),
         ("call-print-ctx", r"^bpf call-print-ctx: print: ctx 7$")]


def line(name, expect):
    if isinstance(expect, int):
        return rf"^bpf {re.escape(name)}: r0=0x{expect:x}$"
    return rf"^bpf {re.escape(name)}: {expect}$"


def lines():
    """(name, regex) for every program, C objects first, then the raw ones."""
    out = [(n, line(n, e)) for n, e in c_results().items()]
    out += [(n, line(n, e)) for n, _, e, _ in mkraw.PROGRAMS]
    out += [(n, line(n, e)) for n, _, e in mkraw.BAD_FILES]
    return out + EXTRA


if __name__ == "__main__":
    for name, pattern in lines():
        print(f"{name:32} {pattern}")
