#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make-boot-disk.sh DISK IMAGE BOOTCMD [INITRD]
#
# Build DISK, a raw disk image the way a board's U-Boot expects to find a
# kernel: an MBR with one bootable Linux partition (1 MiB .. end) holding an
# ext4 file system with
#   /Image     a copy of IMAGE (a Linux-format arm64 or riscv Image)
#   /boot.scr  BOOTCMD (a U-Boot command file) wrapped by mkimage -T script
#   /initrd    a copy of INITRD, when given
# U-Boot's distro boot (boot_targets ... virtio0 ...) finds /boot.scr on
# partition 1 by itself and runs it.
#
# Needs no root and no loop devices: the partition table is written by hand
# and mkfs.ext4 -d fills the file system inside the file at the partition's
# offset. The architecture given to mkimage comes from the Image header.
# DISK is replaced atomically; running the script again just rebuilds it.
#
# Environment: DISK_MB (total size in MiB, default 16).
set -eu

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }

[ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: $prog DISK IMAGE BOOTCMD [INITRD]"
disk=$1 image=$2 bootcmd=$3 initrd=${4:-}

[ -f "$image" ] || die "$image: no such kernel Image"
[ -f "$bootcmd" ] || die "$bootcmd: no such boot command file"
[ -z "$initrd" ] || [ -f "$initrd" ] || die "$initrd: no such initrd"
PATH=$PATH:/sbin:/usr/sbin
for tool in mkfs.ext4 mkimage od dd; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found (packages: e2fsprogs for mkfs.ext4, u-boot-tools for mkimage)"
done

# The Image header says which architecture it is for (both keep a magic
# number at offset 0x38: "ARM\x64" for arm64, "RSC\x05" for riscv).
magic=$(od -An -tx1 -j56 -N4 "$image" | tr -d ' \n')
case $magic in
41524d64) arch=arm64 ;;
52534305) arch=riscv ;;
*) die "$image: not an arm64 or riscv Linux-format Image (magic at 0x38: '$magic')" ;;
esac
# U-Boot's riscv booti refuses an Image whose header has no image_size.
if [ "$arch" = riscv ] && [ "$(od -An -tx1 -j16 -N8 "$image" | tr -d ' \n0')" = "" ]; then
	echo "$prog: warning: $image: image_size (header offset 0x10) is 0;" \
		"U-Boot's booti will refuse it" >&2
fi

disk_mb=${DISK_MB:-16}
case $disk_mb in
'' | *[!0-9]*) die "DISK_MB=$disk_mb: not a number of MiB" ;;
esac
[ "$disk_mb" -ge 4 ] || die "DISK_MB=$disk_mb: need at least 4 MiB"
img_bytes=$(wc -c <"$image")
[ -z "$initrd" ] || img_bytes=$((img_bytes + $(wc -c <"$initrd")))
[ "$img_bytes" -lt $(((disk_mb - 3) << 20)) ] ||
	die "$image ($img_bytes bytes) does not fit a $disk_mb MiB disk: set DISK_MB"

part_start=2048                                 # sectors: 1 MiB
part_sectors=$(((disk_mb << 11) - part_start))  # to the end of the disk

dir=$(dirname -- "$disk")
[ -d "$dir" ] || die "$dir: no such directory for $disk"
work=$(mktemp -d "$dir/.boot-disk.XXXXXX") || die "cannot make a temporary directory in $dir"
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

mkdir "$work/root"
cp -- "$image" "$work/root/Image"
[ -z "$initrd" ] || cp -- "$initrd" "$work/root/initrd"
mkimage -A "$arch" -O linux -T script -C none -n "lander boot script" \
	-d "$bootcmd" "$work/root/boot.scr" >"$work/mkimage.log" 2>&1 ||
	die "mkimage failed: $(cat "$work/mkimage.log")"

# Write the 32-bit value $1 as 4 little-endian bytes.
le32() {
	printf '%b' "$(printf '\\0%03o\\0%03o\\0%03o\\0%03o' $(($1 & 255)) \
		$((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)))"
}

out=$work/disk.img
dd if=/dev/zero of="$out" bs=1M count=0 seek="$disk_mb" 2>/dev/null ||
	die "cannot create $out"

# MBR: disk signature at 440, partition entry 1 at 446, 0x55 0xaa at 510.
# The entry: active, CHS fields saturated (LBA only), type 0x83 (Linux).
{
	le32 0x4c414e44
	printf '\000\000\200\376\377\377\203\376\377\377'
	le32 $part_start
	le32 $part_sectors
	dd if=/dev/zero bs=1 count=48 2>/dev/null
	printf '\125\252'
} >"$work/mbr"
[ "$(wc -c <"$work/mbr")" -eq 72 ] || die "internal error: bad MBR tail"
dd if="$work/mbr" of="$out" bs=1 seek=440 conv=notrunc 2>/dev/null ||
	die "cannot write the partition table"

# The file system, written straight into the partition.
mkfs.ext4 -q -F -L lander -U 4c616e64-6572-4000-8000-626f6f746469 \
	-E "offset=$((part_start * 512))" -d "$work/root" \
	"$out" "$((part_sectors / 2))k" >"$work/mkfs.log" 2>&1 ||
	die "mkfs.ext4 failed: $(cat "$work/mkfs.log")"

mv -f -- "$out" "$disk" || die "cannot move the disk into place as $disk"
