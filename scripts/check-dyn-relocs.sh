#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fail unless every dynamic relocation of the linked kernel is the arch's
# RELATIVE type (or an empty R_*_NONE slot): the only ones early_boot()
# applies.
#
# Usage: READELF=... check-dyn-relocs.sh lander.elf
set -eu
READELF=${READELF:-readelf}
elf=$1
other=$($READELF -rW "$elf" | awk '
	/^Relocation section/ { dyn = ($3 ~ /rela\.dyn/); next }
	dyn && NF >= 3 && $1 ~ /^[0-9a-f]+$/ && $3 !~ /_RELATIVE$/ && $3 !~ /_NONE$/ { print "  " $3 " at " $1 }')
if [ -n "$other" ]; then
	echo "error: $elf has dynamic relocations other than RELATIVE:" >&2
	echo "$other" >&2
	exit 1
fi

# And early_boot() must see all of them: __rela_start..__rela_end must be
# the whole .rela.dyn section (GNU ld once added entries past a symbol
# assigned inside the section, and they went unapplied).
size=$($READELF -SW "$elf" | awk '$2 == ".rela.dyn" { print $6 } $3 == ".rela.dyn" { print $7 }')
start=$($READELF -sW "$elf" | awk '$NF == "__rela_start" { print $2 }')
end=$($READELF -sW "$elf" | awk '$NF == "__rela_end" { print $2 }')
# (The shell's arithmetic is signed 64-bit: compare the low 32 bits.)
covered=$(( (0x${end#????????} - 0x${start#????????}) & 0xffffffff ))
if [ -n "$size" ] && [ "$covered" -ne $((0x$size)) ]; then
	echo "error: $elf: __rela_start..__rela_end covers $covered bytes of" \
		"the $((0x$size))-byte .rela.dyn" >&2
	exit 1
fi
