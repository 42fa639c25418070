/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BLAKE2s (RFC 7693): the hash that mixes the KASLR seed sources. Small,
 * 32-bit arithmetic, no tables but the message schedule, and it runs
 * with the MMU off (early subset).
 */
#ifndef LANDER_BLAKE2S_H
#define LANDER_BLAKE2S_H

#include <lander/types.h>

#define BLAKE2S_BLOCK	64
#define BLAKE2S_OUT_MAX 32
#define BLAKE2S_KEY_MAX 32

struct blake2s {
	u32 h[8];	       /* the chained state */
	u32 t[2];	       /* bytes hashed so far (the counter, low then high) */
	u8 buf[BLAKE2S_BLOCK]; /* the block being filled */
	u32 fill;	       /* bytes in buf */
	u32 outlen;	       /* digest bytes, 1 to 32 */
};

/*
 * Start a hash of outlen bytes (1 to 32), keyed with keylen bytes of key
 * (0 to 32; 0: unkeyed). Returns 0, or -1 for a length out of range.
 */
int blake2s_init(struct blake2s *s, u32 outlen, const void *key, u32 keylen);

/* Hash len more bytes of in. */
void blake2s_update(struct blake2s *s, const void *in, u64 len);

/* Finish: the outlen-byte digest into out; s is wiped. */
void blake2s_final(struct blake2s *s, void *out);

#endif
