#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# reloc-census.sh MODDIR...: which relocation types the built test modules
# contain, counted per compiler and flag set. MODDIR is a $(O)/modules
# directory of "make modules"; the groups are gcc/ and clang/ (every module
# at -O2) and each calc.c variant. Prints one line per group:
#
#   GROUP  TYPE=COUNT TYPE=COUNT ...
#
# then one line per type with the total. READELF (default readelf: GNU
# readelf names every machine's types) reads the objects.
set -eu
READELF=${READELF:-readelf}

# types FILE...: one relocation type name per relocation, from readelf -r.
types() {
	for f in "$@"; do
		"$READELF" -rW "$f"
	done | awk '$1 ~ /^[0-9a-f]+$/ && $2 ~ /^[0-9a-f]+$/ && NF >= 3 { print $3 }'
}

# count: "TYPE=N ..." from a list of names, most frequent first.
count() {
	sort | uniq -c | sort -k1,1nr -k2 | awk '{ printf " %s=%s", $2, $1 } END { print "" }'
}

for dir in "$@"; do
	echo "== $dir"
	for group in gcc clang; do
		printf '%-24s' "$group/*.ko"
		types "$dir"/$group/*.ko | count
	done
	for f in "$dir"/calc-*.ko; do
		printf '%-24s' "$(basename "$f" .ko)"
		types "$f" | count
	done
	echo "-- totals"
	types "$dir"/gcc/*.ko "$dir"/clang/*.ko "$dir"/calc-*.ko | sort | uniq -c | sort -k1,1nr |
		awk '{ printf "%-28s %s\n", $2, $1 }'
done
