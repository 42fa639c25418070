// SPDX-License-Identifier: GPL-2.0
/*
 * FNV-1a 64 over the context (the offset basis 0xcbf29ce484222325 and
 * prime 0x100000001b3 of the FNV specification): ld_imm64 constants and a
 * 64-bit multiply per byte. A second program hashes 8 bytes a step,
 * loading u64 words, to exercise the wide checked loads.
 */
#include "bpf_prog.h"

#define FNV_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* FNV-1a 64 of ctx[0, len). */
SEC("fnv1a") u64 fnv1a_main(const u8 *ctx, u64 len)
{
	u64 h = FNV_BASIS, i;

	for (i = 0; i < len; i++)
		h = (h ^ ctx[i]) * FNV_PRIME;
	return h;
}

/* FNV-1a 64 over the context's whole little-endian u64 words (the tail ignored). */
SEC("fnv1a_words") u64 fnv1a_words_main(const u64 *ctx, u64 len)
{
	u64 h = FNV_BASIS, i;

	for (i = 0; i < len / 8; i++)
		h = (h ^ ctx[i]) * FNV_PRIME;
	return h;
}
