/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width integers and the two address types.
 *
 * Every address in the kernel is either physical (phys_addr_t) or virtual
 * (virt_addr_t). Where both meet in one function, names end in _pa or _va.
 * This header is also compiled into the host tests, so it uses only the
 * compiler's predefined types, never libc's.
 */
#ifndef LANDER_TYPES_H
#define LANDER_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __UINTPTR_TYPE__ uintptr_t;

typedef u64 phys_addr_t; /* an address on the memory bus */
typedef u64 virt_addr_t; /* an address the MMU translates */

#if !defined(__cplusplus) && !defined(__bool_true_false_are_defined)
typedef _Bool bool;
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#define U64_MAX (~0ULL)

#endif
