/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device-tree navigation for the host tests and the fuzzer: what the
 * kernel does not need (it reads the tree in one pass, lib/dt_info.c) but
 * a test does, to look at a tree node by node and compare it with libfdt.
 * Built on the kernel's primitives (include/lander/fdt.h) where it can be,
 * with a token reader of its own otherwise. Offsets and errors work as in
 * the kernel's reader: an offset that names no node (or no property, where
 * one is expected) gives -FDT_ERR_BADOFFSET, or NULL.
 *
 * Use it on a blob that fdt_init() and the scan have accepted.
 */
#ifndef TESTS_FDT_NAV_H
#define TESTS_FDT_NAV_H

#include <lander/fdt.h>

/*
 * What the kernel accepts: fdt_init() on the size bytes at blob and a
 * whole fdt_walk(). Returns 0 or the reader's (negative) error.
 */
int nav_check(const void *blob, size_t size);

/* The root node's offset (always 0 in a valid blob). */
int nav_root(const struct fdt *fdt);

/* Depth-first walk: the node after node, *depth adjusted; -FDT_ERR_NOTFOUND at the end. */
int nav_next_node(const struct fdt *fdt, int node, int *depth);

/* The first child, or the next sibling, of node; -FDT_ERR_NOTFOUND if none. */
int nav_first_child(const struct fdt *fdt, int node);
int nav_next_sibling(const struct fdt *fdt, int node);

/* The parent of node; -FDT_ERR_NOTFOUND for the root. */
int nav_parent(const struct fdt *fdt, int node);

/*
 * The node at a path: absolute, or starting with an alias ("serial0",
 * "serial0/child"). A component without a unit address matches the first
 * sibling with one too. Only the first len bytes count (len < 0: all).
 */
int nav_path_offset(const struct fdt *fdt, const char *path, int len);

/* Properties: the first of node, the one after prop, and one's name, value and length. */
int nav_first_prop(const struct fdt *fdt, int node);
int nav_next_prop(const struct fdt *fdt, int prop);
const void *nav_prop(const struct fdt *fdt, int prop, const char **name, u32 *len);

/* Does node's compatible list hold compat (with fdt_string_next())? */
bool nav_is_compatible(const struct fdt *fdt, int node, const char *compat);

/* The first node after start (-1: from the root) compatible with compat. */
int nav_find_compatible(const struct fdt *fdt, int start, const char *compat);

/* #address-cells and #size-cells for node's children: 0..2, or an error. */
int nav_address_cells(const struct fdt *fdt, int node);
int nav_size_cells(const struct fdt *fdt, int node);

/* Entry index of node's reg with its parent's cells (fdt_reg_entry()). */
int nav_read_reg(const struct fdt *fdt, int node, unsigned int index, struct fdt_range *out);

/* Every reg entry of the device_type "memory" nodes: up to max stored, the count returned. */
int nav_memory_banks(const struct fdt *fdt, struct fdt_range *banks, int max);

/* The /memreserve/ entries: the count, and entry i (-FDT_ERR_NOTFOUND out of range). */
int nav_num_mem_rsv(const struct fdt *fdt);
int nav_get_mem_rsv(const struct fdt *fdt, int i, struct fdt_range *out);

/* /chosen/bootargs if it is a NUL-terminated string, else NULL. */
const char *nav_bootargs(const struct fdt *fdt);

/* The node /chosen/stdout-path (or linux,stdout-path) names, or an error. */
int nav_stdout_node(const struct fdt *fdt);

#endif
