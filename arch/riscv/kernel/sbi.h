/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SBI calls (RISC-V Supervisor Binary Interface specification v1.0): the
 * calling convention and the extensions the kernel uses. Inline and
 * PC-relative only, so the early subset (paging off, before relocation)
 * calls it too.
 *
 * An SBI call is an ECALL with the extension id (EID) in a7, the function
 * id (FID) in a6 and up to six arguments in a0..a5; the firmware returns
 * an error code in a0 (SBI_SUCCESS or a negative SBI_ERR_*) and a value
 * in a1, and preserves every other register (SBI v1.0, chapter 3).
 */
#ifndef RISCV_SBI_H
#define RISCV_SBI_H

#include <lander/types.h>

/* Extension ids: the name's ASCII, where the spec gives one. */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE	       0x10
#define SBI_EXT_IPI	       0x735049	  /* "sPI" */
#define SBI_EXT_RFENCE	       0x52464e43 /* "RFNC" */
#define SBI_EXT_HSM	       0x48534d	  /* "HSM" */
#define SBI_EXT_SRST	       0x53525354 /* "SRST" */
#define SBI_EXT_TIME	       0x54494d45 /* "TIME" */

/* Base extension functions. */
#define SBI_BASE_PROBE_EXTENSION 3

/* IPI: send_ipi(hart_mask, hart_mask_base). */
#define SBI_IPI_SEND_IPI 0

/* TIME extension function */
#define SBI_TIME_SET_TIMER 0

/* RFENCE: remote_fence_i(mask, base), remote_sfence_vma(mask, base, start, size). */
#define SBI_RFENCE_FENCE_I    0
#define SBI_RFENCE_SFENCE_VMA 1

/* HSM functions, and the hart states hart_get_status answers (SBI v1.0, 9.1). */
#define SBI_HSM_HART_START	0
#define SBI_HSM_HART_STOP	1
#define SBI_HSM_HART_GET_STATUS 2

#define SBI_HSM_STARTED		0
#define SBI_HSM_STOPPED		1
#define SBI_HSM_START_PENDING	2
#define SBI_HSM_STOP_PENDING	3
#define SBI_HSM_SUSPENDED	4
#define SBI_HSM_SUSPEND_PENDING 5
#define SBI_HSM_RESUME_PENDING	6

/* System reset. */
#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_COLD_REBOOT	1
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE 1

/* Error codes (SBI v1.0, table 1). */
#define SBI_SUCCESS		  0
#define SBI_ERR_FAILED		  -1
#define SBI_ERR_NOT_SUPPORTED	  -2
#define SBI_ERR_INVALID_PARAM	  -3
#define SBI_ERR_DENIED		  -4
#define SBI_ERR_INVALID_ADDRESS	  -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED	  -7
#define SBI_ERR_ALREADY_STOPPED	  -8

/* A hart mask covers 64 harts from hart_mask_base (unsigned long: XLEN bits). */
#define SBI_HART_MASK_BITS 64

/* What an SBI call returns: a0 and a1. */
struct sbi_ret {
	long error;
	long value;
};

/*
 * One SBI call with up to four arguments. The "memory" clobber orders it
 * against the caller's memory accesses as the compiler sees them; the
 * hardware ordering the callee may need (a fence before a call that
 * starts or wakes another hart) is the caller's.
 */
static inline struct sbi_ret sbi_call(unsigned long ext, unsigned long fid, unsigned long arg0,
				      unsigned long arg1, unsigned long arg2, unsigned long arg3)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a3 __asm__("a3") = arg3;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a3), "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbi_ret){ .error = (long)a0, .value = (long)a1 };
}

/*
 * Does the firmware implement extension ext? The base extension's
 * probe_extension answers 0 for absent, nonzero for present (SBI v1.0,
 * 4.8). Firmware older than SBI v0.2 has no base extension and answers
 * with an error: absent too.
 */
static inline bool sbi_probe_extension(unsigned long ext)
{
	struct sbi_ret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, ext, 0, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

#endif
