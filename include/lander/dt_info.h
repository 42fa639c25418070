/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel needs from the device tree, read in one pass.
 *
 * early_boot() scans the DTB once, with the MMU off, into boot_info.dt;
 * every later user (the load checks, boot options, memblock) reads that
 * instead of walking the tree again. Nodes are kept as offsets and strings
 * as copies, never as pointers, so it means the same before and after the
 * MMU comes on. The early
 * devices (include/lander/early_dev.h) are filled by the same pass.
 */
#ifndef LANDER_DT_INFO_H
#define LANDER_DT_INFO_H

#include <lander/fdt.h>

/*
 * Sized for every tree of Debian's arm64 kernel package with room to
 * spare (the most: 44 reservations, Qualcomm sm8450). A tree with more is
 * refused at boot (memblock_init()), never partly read: a reservation left
 * out would be handed out as RAM.
 */
#define DT_MAX_BANKS	    64
#define DT_MAX_RESERVED	    128
#define DT_BOOTARGS_MAX	    512
#define DT_MAX_UNTRANSLATED 4 /* EARLY_DEV_MAX */

/* Why an early device's reg could not be translated to a CPU address. */
enum dt_xlate_error {
	DT_XLATE_NO_RANGES = 1, /* a bus on the way has no ranges property */
	DT_XLATE_OUTSIDE,	/* the address is in none of a bus's ranges */
	DT_XLATE_CELLS,		/* a bus's cell counts are 0 or above 2 */
	DT_XLATE_BAD_RANGES,	/* ranges is not a whole number of entries */
};

/* An early device's node that was not used: its reg does not translate. */
struct dt_untranslated {
	int node;  /* the device's node */
	int bus;   /* the ancestor where translation stopped */
	u64 addr;  /* the address as that bus's children see it */
	u32 error; /* enum dt_xlate_error; 0: nothing to report */
};

/* How to call PSCI firmware: /psci's "method" (DEN0022 PSCI, 5.7 device tree bindings). */
enum dt_psci_conduit { DT_PSCI_NONE, DT_PSCI_HVC, DT_PSCI_SMC };

struct dt_reservation {
	u64 base;
	u64 size;
	bool nomap; /* /reserved-memory child with "no-map" */
};

/* A property's value in the blob: offset from the blob's start, length; off 0: absent. */
struct dt_prop_loc {
	u32 off;
	u32 len;
};

struct dt_info {
	int nr_banks; /* reg entries of device_type = "memory" nodes */
	struct fdt_range bank[DT_MAX_BANKS];
	int nr_reserved; /* /reserved-memory children in tree order, then /memreserve/ */
	struct dt_reservation reserved[DT_MAX_RESERVED];
	char bootargs[DT_BOOTARGS_MAX]; /* /chosen/bootargs, "" if none */
	int boot_cpu_node;		/* the /cpus child whose reg is the boot CPU's id, or < 0 */
	int dropped_banks;		/* banks beyond the array (the tree is refused) */
	int dropped_reserved;		/* reservations beyond the array (likewise) */
	int stdout_node;    /* the node /chosen/stdout-path names, if it is an early device's */
	int stdout_rescans; /* second walks for stdout-path (many UARTs before /chosen) */
	u32 psci_conduit;   /* enum dt_psci_conduit: /psci's method, kept even if the scan fails */
	/* /chosen linux,initrd-start and -end (physical, end exclusive); both 0: none. */
	u64 initrd_start, initrd_end;
	/* /chosen kaslr-seed and rng-seed, where their values lie in the blob. */
	struct dt_prop_loc kaslr_seed, rng_seed;
	/* /chosen/lander,efi-placement: the EFI stub placed the image, and how (docs/efi.md). */
	bool efi_placed;
	char efi_placement[8];
	/* Per early device, the first matching node whose reg did not translate. */
	struct dt_untranslated untranslated[DT_MAX_UNTRANSLATED];
};

/*
 * Read fdt (accepted by fdt_init()) into *dt in one walk, which also
 * checks the structure block (fdt_walk()), and fill the nr_devs early
 * devices at devs (the boot passes early_dev_table()): the node each one's
 * way of finding it gives, the model, the first reg entry, the properties
 * it asks for, and in regs.pa that reg translated through the ancestors'
 * ranges to a CPU physical address (a node whose reg does not translate
 * is not used: dt->untranslated says why). boot_cpu is the booting CPU's
 * id as the /cpus nodes' reg gives it. Returns 0, or a negative enum
 * fdt_error for a malformed structure block, reg or cells; the early
 * devices are only filled on success.
 */
struct early_dev;
int dt_info_scan(const struct fdt *fdt, u64 boot_cpu, struct early_dev *devs, unsigned int nr_devs,
		 struct dt_info *dt);

/*
 * After fdt_init() or dt_info_scan() refused the blob at blob: find what
 * can still be found of the early devices (the poweroff device, the
 * console), so that the failure can still say why and end the machine
 * with its status. The header is read without its magic
 * (fdt_init_any_magic()); the walk keeps the devices it matched before
 * any error, and the devices are filled as dt_info_scan() fills them. dt
 * is scratch (the PSCI conduit it finds is kept). Returns how many devices
 * it found, or a negative enum fdt_error when the header itself is
 * unusable (devs are then untouched).
 */
int dt_info_salvage(const void *blob, size_t max_size, struct early_dev *devs, unsigned int nr_devs,
		    struct dt_info *dt);

#endif
