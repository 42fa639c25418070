# SPDX-License-Identifier: GPL-2.0
"""Each arch's cross toolchain, as the Makefile names it.

The Makefile is the one place the prefixes are spelled; this asks it
("make toolchain"), so CROSS_COMPILE=, CROSS_COMPILE_arm64= or
CROSS_COMPILE_riscv= on the make command line (which make hands to the
scripts it runs through MAKEFLAGS) or in the environment reach every script.
Scripts that run make for one arch pass make_vars(arch), so that a
CROSS_COMPILE meant for one arch does not leak into the other's build.
"""
import functools
import os
import subprocess

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.lru_cache(maxsize=None)
def _vars():
    r = subprocess.run(["make", "-s", "--no-print-directory", "-C", SRCTREE, "toolchain"],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"make toolchain failed: {r.stderr.strip()}")
    return dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)


def cross(arch):
    """The cross prefix of arch ("arm64" or "riscv"), e.g. "aarch64-linux-gnu-"."""
    return _vars()[f"CROSS_COMPILE_{arch}"]


def tool(arch, name):
    """A binutils or gcc command of arch's toolchain, e.g. tool("riscv", "objdump")."""
    return cross(arch) + name


def make_vars(arch):
    """The make arguments that build arch with its toolchain."""
    return [f"ARCH={arch}", f"CROSS_COMPILE={cross(arch)}"]
