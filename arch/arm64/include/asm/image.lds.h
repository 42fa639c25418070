/* SPDX-License-Identifier: GPL-2.0 */
/* What the generic linker script needs to know about arm64. */
OUTPUT_ARCH(aarch64)
