#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make-efi-disk.sh DISK IMAGE [STARTUP_NSH [FILE]]
#
# Build DISK, a raw disk image the way UEFI firmware finds a removable
# boot medium: one FAT file system over the whole disk (no partition
# table: EDK2 and U-Boot both read such a "superfloppy") holding
#   /EFI/BOOT/BOOTAA64.EFI or BOOTRISCV64.EFI   a copy of IMAGE, named by
#                      the default boot path for its architecture
#                      (UEFI 2.10, 3.5.1.1, "Removable Media Boot Behavior")
#   /startup.nsh       STARTUP_NSH, when given: the UEFI shell runs it if
#                      the firmware falls back to its shell
# With FILE (a path such as /lander.efi) the Image goes there instead, so
# that the firmware finds nothing to boot by itself and falls back to its
# shell, whose startup.nsh can start the Image with a command line.
# Needs no root and no loop devices: mkfs.vfat writes into the file and
# mtools copies into it. The architecture comes from the Image header.
# DISK is replaced atomically.
set -eu

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }

[ $# -ge 2 ] && [ $# -le 4 ] || die "usage: $prog DISK IMAGE [STARTUP_NSH [FILE]]"
disk=$1 image=$2 startup=${3:-} file=${4:-}
[ -f "$image" ] || die "$image: no such kernel Image"
[ -z "$startup" ] || [ -f "$startup" ] || die "$startup: no such file"
PATH=$PATH:/sbin:/usr/sbin
for tool in mkfs.vfat mmd mcopy od; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found (packages: dosfstools for mkfs.vfat, mtools for mmd and mcopy)"
done

# Both Image headers keep a magic number at 0x38 and start with "MZ" when
# the Image is also a PE/COFF file (CONFIG_EFI).
magic=$(od -An -tx1 -j56 -N4 "$image" | tr -d ' \n')
case $magic in
41524d64) name=BOOTAA64.EFI ;;
52534305) name=BOOTRISCV64.EFI ;;
*) die "$image: not an arm64 or riscv Linux-format Image (magic at 0x38: '$magic')" ;;
esac
[ "$(od -An -c -N2 "$image" | tr -d ' \n')" = MZ ] ||
	die "$image: no PE/COFF header (\"MZ\" at offset 0): build with CONFIG_EFI=y"

img_kb=$(( ($(wc -c <"$image") + 1023) / 1024 ))
disk_kb=$(( img_kb + 4096 ))
[ "$disk_kb" -ge 16384 ] || disk_kb=16384
tmp=$disk.tmp.$$
trap 'rm -f "$tmp"' EXIT
rm -f "$tmp"
mkfs.vfat -C -n LANDER "$tmp" "$disk_kb" >/dev/null
export MTOOLS_SKIP_CHECK=1
if [ -n "$file" ]; then
	mcopy -i "$tmp" "$image" "::$file"
else
	mmd -i "$tmp" ::/EFI ::/EFI/BOOT
	mcopy -i "$tmp" "$image" "::/EFI/BOOT/$name"
fi
[ -z "$startup" ] || mcopy -i "$tmp" "$startup" ::/startup.nsh
mv -f "$tmp" "$disk"
trap - EXIT
