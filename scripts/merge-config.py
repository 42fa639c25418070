#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Merge configuration fragments into $KCONFIG_CONFIG.

Usage: SRCARCH=arch KCONFIG_CONFIG=.config merge-config.py FRAGMENT...

Each fragment holds CONFIG_X=... lines; later ones win. A symbol whose
requested value did not stick (a failed dependency) is an error, so a
test configuration can never silently lose what it asked for.
"""
import os
import sys

import kconfiglib


def main():
    kconf = kconfiglib.Kconfig("Kconfig", warn_to_stderr=False)
    config = os.environ.get("KCONFIG_CONFIG", ".config")
    kconf.load_config(config)
    wanted = {}
    for frag in sys.argv[1:]:
        kconf.load_config(frag, replace=False)
        with open(frag) as f:
            for line in f:
                line = line.strip()
                if line.startswith("CONFIG_") and "=" in line:
                    name, val = line[len("CONFIG_"):].split("=", 1)
                    wanted[name] = val.strip('"')
                elif line.startswith("# CONFIG_") and line.endswith(" is not set"):
                    wanted[line[len("# CONFIG_"):-len(" is not set")]] = "n"
    kconf.write_config(config)
    bad = [f"CONFIG_{n}={v} (got {kconf.syms[n].str_value or 'n'})"
           for n, v in wanted.items()
           if n not in kconf.syms or kconf.syms[n].str_value != v]
    if bad:
        sys.exit("merge-config: these did not take effect: " + ", ".join(bad))


if __name__ == "__main__":
    main()
