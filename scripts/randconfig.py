#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A random valid configuration, reproducible from its seed.

Usage: SRCARCH=arch KCONFIG_CONFIG=.config randconfig.py SEED

Walks the menu tree in order, as Kconfiglib presents it: each visible
bool or tristate symbol takes one of the values it may be assigned, each
visible choice one of its visible members, at random; int, hex and string
symbols keep their defaults (as Linux's randconfig does). What Kconfig's
dependencies forbid can never be chosen, so a configuration written here
that does not build or boot is a bug in the code or in a dependency.
"make randconfig SEED=N" runs it; "make randcheck" builds and boots many.
"""
import os
import random
import sys

import kconfiglib


def randomise(kconf, rnd):
    """Assign every visible bool, tristate and choice at random, in menu order."""
    for node in kconf.node_iter():
        item = node.item
        if isinstance(item, kconfiglib.Choice):
            members = [s for s in item.syms if s.visibility]
            if item.visibility and members:
                rnd.choice(members).set_value(2)
        elif (isinstance(item, kconfiglib.Symbol) and item.choice is None
              and item.type in (kconfiglib.BOOL, kconfiglib.TRISTATE) and item.assignable):
            item.set_value(rnd.choice(item.assignable))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: randconfig.py SEED")
    seed = int(sys.argv[1], 0)
    kconf = kconfiglib.Kconfig("Kconfig", warn_to_stderr=False)
    randomise(kconf, random.Random(seed))
    config = os.environ.get("KCONFIG_CONFIG", ".config")
    kconf.write_config(config, header=f"# randconfig SEED={seed}\n")
    print(f"randconfig: SEED={seed} wrote {config}")


if __name__ == "__main__":
    main()
