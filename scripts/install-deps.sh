#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages lander builds and tests with. Idempotent
# and quick when everything is there; prints the exact command when it
# cannot install (not root and no sudo).
set -eu

PACKAGES="make gcc clang lld llvm
gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu binutils-aarch64-linux-gnu binutils-riscv64-linux-gnu
qemu-system-arm qemu-system-misc opensbi u-boot-qemu u-boot-tools qemu-efi-aarch64 mtools dosfstools
qemu-user-static libc6-dev-arm64-cross libc6-dev-riscv64-cross
device-tree-compiler libfdt-dev python3 python3-kconfiglib
libclang-rt-14-dev file gnuplot-nox e2fsprogs clang-format cppcheck git cpio"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# Real boards' device trees come from Debian's arm64 kernel package
# (tests/fixtures/fetch-board-dtbs.sh downloads it, never installs it):
# apt must know the arm64 architecture's package lists.
need_arm64=""
dpkg --print-foreign-architectures | grep -qx arm64 &&
	apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1 || need_arm64=yes
[ -z "$missing" ] && [ -z "$need_arm64" ] && exit 0

echo "install-deps: installing:${missing:- (none)}${need_arm64:+; adding the arm64 package lists}"
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "install-deps: not root; run:" >&2
	echo "  sudo dpkg --add-architecture arm64 && sudo apt-get update &&" \
		"sudo apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
[ -n "$need_arm64" ] && $SUDO dpkg --add-architecture arm64
$SUDO apt-get update -qq
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
echo "install-deps: done"
