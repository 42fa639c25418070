/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiler helpers. The kernel is one position-independent executable, so
 * every symbol is hidden: the compiler then reaches globals PC-relatively
 * and never through a GOT, which is what lets the early code run before
 * its own relocations are applied. The build force-includes this header.
 */
#ifndef LANDER_COMPILER_H
#define LANDER_COMPILER_H

#if defined(__KERNEL__) && !defined(__ASSEMBLER__)
#pragma GCC visibility push(hidden)
#endif

#define __section(s)	__attribute__((__section__(s)))
#define __aligned(n)	__attribute__((__aligned__(n)))
#define __used		__attribute__((__used__))
#define __unused	__attribute__((__unused__))
#define __noreturn	__attribute__((__noreturn__))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __packed	__attribute__((__packed__))
#define __weak		__attribute__((__weak__))
#define __always_inline inline __attribute__((__always_inline__))
#define __noinline	__attribute__((__noinline__))
/* Code only the boot runs: unmapped and freed once start_kernel() is done with it. */
#define __init __section(".init.text")

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)	   (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	   (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a)   ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a)   (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define MIN(a, b)	   ((a) < (b) ? (a) : (b))
#define MAX(a, b)	   ((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* IS_ENABLED(CONFIG_FOO): 1 when CONFIG_FOO is defined to 1, else 0. */
#define __ARG_PLACEHOLDER_1		     0,
#define __take_second_arg(ignored, val, ...) val
#define ____is_defined(arg1_or_junk)	     __take_second_arg(arg1_or_junk 1, 0)
#define ___is_defined(val)		     ____is_defined(__ARG_PLACEHOLDER_##val)
#define __is_defined(x)			     ___is_defined(x)
#define IS_ENABLED(option)		     __is_defined(option)

#endif
