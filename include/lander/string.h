/* SPDX-License-Identifier: GPL-2.0 */
/* The freestanding string and memory functions the kernel provides itself. */
#ifndef LANDER_STRING_H
#define LANDER_STRING_H

#include <lander/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/*
 * Parse an unsigned integer at *s in base 10, or base 16 after "0x", with an
 * optional K, M or G suffix (binary multiples). Advances *s past what it
 * read. Returns 0 on success, -EINVAL if no digit was found, -ERANGE on
 * overflow.
 */
int parse_u64(const char **s, u64 *out);

#endif
