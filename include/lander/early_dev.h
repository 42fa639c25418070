/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Early devices: the few devices the kernel drives from its first lines,
 * with the MMU off and before relocation (the console, the poweroff
 * device). A driver declares each with EARLY_DEV(): what it matches in
 * the device tree, as plain data. The DT scan (dt_info_scan()) finds and
 * fills every one; the early and final page tables map the registers of
 * device i in fixmap slot FIX_EARLY_DEV + i; start_kernel() switches them
 * all to those addresses (early_devs_use_fixmap()). Adding a device is
 * one EARLY_DEV() in its driver.
 *
 * Nothing here may hold an absolute address (no pointers: names and
 * compatibles are char arrays), since the scan fills the table with the
 * MMU off, before relocation. Drivers dispatch on the model with a switch.
 */
#ifndef LANDER_EARLY_DEV_H
#define LANDER_EARLY_DEV_H

#define EARLY_DEV_MAX  4   /* fixmap slots reserved for early devices */
#define EARLY_DEV_SIZE 328 /* sizeof(struct early_dev), for the linker script */

#if !defined(__ASSEMBLER__)

#include <lander/fdt.h>
#include <lander/types.h>

#define EARLY_DEV_NAME_LEN   16
#define EARLY_DEV_COMPAT_LEN 32
#define EARLY_DEV_MATCHES    6
#define EARLY_DEV_PROP_LEN   16
#define EARLY_DEV_PROPS	     2

/*
 * A device's registers: pa is where they are; base is the address code
 * uses: pa while the MMU is off, the fixmap slot's address after.
 */
struct mmio {
	phys_addr_t pa;
	virt_addr_t base;
};

/* How the scan finds the device. */
enum early_dev_find {
	EARLY_DEV_BY_STDOUT = 1, /* the node /chosen/stdout-path names, if it matches */
	EARLY_DEV_BY_COMPATIBLE, /* the first node (in tree order) that matches */
};

/* One compatible string the driver handles, and its number for the model. */
struct early_dev_match {
	char compatible[EARLY_DEV_COMPAT_LEN]; /* "" ends the list */
	u32 model;			       /* driver-defined, not 0 */
};

/* A one-cell property the driver reads, and its value when absent. */
struct early_dev_prop {
	char name[EARLY_DEV_PROP_LEN]; /* "" for none */
	u32 dflt;
};

struct early_dev {
	/* Declared by the driver. */
	char name[EARLY_DEV_NAME_LEN]; /* for messages */
	u32 find;		       /* enum early_dev_find */
	struct early_dev_match match[EARLY_DEV_MATCHES];
	struct early_dev_prop prop[EARLY_DEV_PROPS];
	/* Filled by the scan; model 0 (and regs.pa 0) when not found. */
	int node;	      /* its offset, or < 0 */
	u32 model;	      /* match[].model of the node's first compatible the driver handles */
	struct fdt_range reg; /* its first reg entry, as its parent bus sees it */
	u32 value[EARLY_DEV_PROPS]; /* prop[i]'s value, or its default */
	struct mmio regs;	    /* reg.base as a CPU address, then its fixmap address */
};

_Static_assert(sizeof(struct early_dev) == EARLY_DEV_SIZE, "EARLY_DEV_SIZE is out of date");

/*
 * Declare an early device: a struct early_dev called var, in the table
 * the linker collects (boot/kernel.lds.S).
 */
#define EARLY_DEV(var) struct early_dev var __used __section(".early_dev") __aligned(8)

/* The table: count gets how many, the result the first (reached PC-relatively). */
struct early_dev *early_dev_table(unsigned int *count);

/*
 * Switch every found device to its fixmap slot's address (the early
 * tables map them all): called once the MMU is on.
 */
void early_devs_use_fixmap(void);

#endif
#endif
