#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fail if an early-subset object (code that runs before relocation or with
# the MMU off) holds an absolute address or goes through a GOT: either
# would read an unrelocated, link-time address there.
#
# Usage: READELF=... check-pi-relocs.sh OBJ...
set -eu
READELF=${READELF:-readelf}
bad='R_AARCH64_ABS64|R_AARCH64_ABS32|R_AARCH64_ADR_GOT_PAGE|R_AARCH64_LD64_GOT_LO12_NC|R_AARCH64_GOT|R_RISCV_64|R_RISCV_32|R_RISCV_HI20|R_RISCV_LO12_I|R_RISCV_LO12_S|R_RISCV_GOT_HI20'
status=0
for obj in "$@"; do
	# Debug sections legitimately hold absolute addresses.
	hits=$($READELF -rW "$obj" | awk -v bad="$bad" '
		/^Relocation section/ { sec = $3; gsub(/\047/, "", sec); next }
		sec ~ /debug|\.eh_frame|\.comment/ { next }
		$3 ~ "^(" bad ")$" { print "  " sec ": " $3 " " $5 }')
	if [ -n "$hits" ]; then
		echo "error: $obj runs before relocation but holds absolute or GOT references:" >&2
		echo "$hits" >&2
		status=1
	fi
done
exit $status
