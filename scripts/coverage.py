#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Line coverage of the kernel's generic code by the host unit tests.

Usage: coverage.py COVERAGE_DIR [--missing]

`make coverage` builds each unit test with gcc --coverage into
COVERAGE_DIR, runs it, and calls this script. It runs gcov (JSON output)
on every .gcda file found there, merges the line counts of each source
file over all the test programs that compiled it, and prints one row per
file of mm/, lib/ and boot/relocate.c, then the totals for mm/ and lib/.
Sources of mm/ and lib/ that no unit test compiles are listed after the
table. With --missing, each row also lists the lines never executed.

Exits 0, or 1 when COVERAGE_DIR holds no coverage data at all.
"""

import json
import os
import subprocess
import sys
import tempfile

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GCOV = os.environ.get("GCOV", "gcov")


def wanted(rel):
    """Is rel (a path relative to the tree) a file the report covers?"""
    return rel.endswith(".c") and (rel.startswith(("mm/", "lib/")) or rel == "boot/relocate.c")


def gcov_json(gcda, tmp):
    """Yield the JSON documents gcov prints for one .gcda file."""
    res = subprocess.run([GCOV, "--json-format", "--stdout", "--object-directory",
                          os.path.dirname(gcda), gcda],
                         cwd=tmp, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        print(f"coverage: gcov failed on {gcda}: {res.stderr.strip()}", file=sys.stderr)
        return
    dec = json.JSONDecoder()
    text, pos = res.stdout, 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return
        doc, pos = dec.raw_decode(text, pos)
        yield doc


def collect(covdir):
    """Map each wanted source (relative path) to {line: total count}."""
    gcdas = []
    for root, _, files in os.walk(covdir):
        gcdas += [os.path.join(root, f) for f in files if f.endswith(".gcda")]
    lines = {}
    with tempfile.TemporaryDirectory() as tmp:
        for gcda in sorted(gcdas):
            for doc in gcov_json(gcda, tmp):
                cwd = doc.get("current_working_directory", covdir)
                for f in doc.get("files", []):
                    path = os.path.normpath(os.path.join(cwd, f["file"]))
                    rel = os.path.relpath(path, SRCTREE)
                    if not wanted(rel):
                        continue
                    counts = lines.setdefault(rel, {})
                    for ln in f.get("lines", []):
                        n = ln["line_number"]
                        counts[n] = counts.get(n, 0) + ln["count"]
    return len(gcdas), lines


def ranges(nums):
    """'3-5,9' for [3, 4, 5, 9]."""
    out, start, prev = [], None, None
    for n in sorted(nums) + [None]:
        if start is not None and (n is None or n != prev + 1):
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ",".join(out)


def pct(hit, total):
    """A percentage for the table."""
    return f"{100.0 * hit / total:6.1f}%" if total else "     -"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    missing = "--missing" in sys.argv[1:]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    covdir = os.path.abspath(args[0])
    ngcda, lines = collect(covdir)
    if not lines:
        print(f"coverage: no coverage data in {covdir} ({ngcda} .gcda files)", file=sys.stderr)
        return 1

    width = max(len(f) for f in lines) + 2
    print(f"{'file':<{width}}{'lines':>7}{'hit':>7}{'cover':>9}")
    print("-" * (width + 23))
    totals = {}
    for rel in sorted(lines):
        counts = lines[rel]
        total, hit = len(counts), sum(1 for c in counts.values() if c)
        row = f"{rel:<{width}}{total:7}{hit:7}  {pct(hit, total)}"
        if missing and hit < total:
            row += "  missed: " + ranges(n for n, c in counts.items() if not c)
        print(row)
        top = rel.split("/")[0]
        t = totals.setdefault(top, [0, 0])
        t[0] += total
        t[1] += hit
    print("-" * (width + 23))
    for top in ("mm", "lib"):
        total, hit = totals.get(top, (0, 0))
        print(f"{'total ' + top + '/':<{width}}{total:7}{hit:7}  {pct(hit, total)}")

    unmeasured = []
    for top in ("mm", "lib"):
        for root, _, files in os.walk(os.path.join(SRCTREE, top)):
            for f in files:
                rel = os.path.relpath(os.path.join(root, f), SRCTREE)
                if rel.endswith(".c") and rel not in lines:
                    unmeasured.append(rel)
    if unmeasured:
        print(f"not compiled into any unit test ({len(unmeasured)}, not in the totals): "
              + " ".join(sorted(unmeasured)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
