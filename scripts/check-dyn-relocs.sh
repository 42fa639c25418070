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
