/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every test program (tests/bpf/NAME.c) includes: fixed-width types,
 * the section marker that names a program, and the kernel's helpers
 * (docs/bpf.md) by their stable IDs. A helper is called through a
 * constant function pointer: clang -target bpf turns a call through the
 * constant N into "call N" (RFC 9669 section 4.3.1, src 0: a helper).
 *
 * No global or static data: the loader refuses R_BPF_64_64, so constants
 * live in code or on the stack.
 */
#ifndef TESTS_BPF_PROG_H
#define TESTS_BPF_PROG_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed long long s64;

/* A program: the kernel runs it as NAME/SECTION (docs/bpf.md). */
#define SEC(name) __attribute__((section(name), used))

/* A local function: kept out of line, so it is a bpf-to-bpf call into .text. */
#define LOCAL static __attribute__((noinline))

static u64 (*bpf_counter)(void) = (void *)5;
static long (*bpf_print)(const char *fmt, u32 size, ...) = (void *)6;
static u32 (*bpf_random)(void) = (void *)7;
static u32 (*bpf_cpu_id)(void) = (void *)8;

#endif
