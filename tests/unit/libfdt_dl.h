/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libfdt, the device-tree tests' oracle, opened at run time: the tests
 * build against lander's own fdt.h, whose names libfdt's header would
 * clash with, so each test takes the libfdt functions it compares
 * against through dlsym() into a table of its own.
 */
#ifndef TESTS_LIBFDT_DL_H
#define TESTS_LIBFDT_DL_H

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

/* libfdt's handle, or NULL (and a "# ..." line saying why). */
static inline void *libfdt_open(void)
{
	void *h = dlopen("libfdt.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		h = dlopen("libfdt.so", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		printf("# dlopen libfdt: %s\n", dlerror());
	return h;
}

/* Resolve sym into the function pointer at slot. Returns 0, or -1 with a "# ..." line. */
static inline int libfdt_sym(void *h, void *slot, const char *sym)
{
	*(void **)slot = dlsym(h, sym);
	if (!*(void **)slot) {
		printf("# dlsym %s: %s\n", sym, dlerror());
		return -1;
	}
	return 0;
}

/*
 * The libfdt calls the device-tree editor's tests use (test_fdt_edit.c,
 * fuzz_fdt_edit.c): the reading calls, the read-write ones that edit a
 * model tree the same way, and the sequential-write ones that build
 * trees the fixtures lack. Prototypes as in libfdt.h (1.6).
 */
struct libfdt_calls {
	int (*check_full)(const void *fdt, size_t bufsize);
	const char *(*get_name)(const void *fdt, int node, int *lenp);
	int (*first_subnode)(const void *fdt, int offset);
	int (*next_subnode)(const void *fdt, int offset);
	int (*parent_offset)(const void *fdt, int node);
	int (*path_offset)(const void *fdt, const char *path);
	int (*next_node)(const void *fdt, int offset, int *depth);
	int (*first_property_offset)(const void *fdt, int node);
	int (*next_property_offset)(const void *fdt, int offset);
	const void *(*getprop_by_offset)(const void *fdt, int offset, const char **namep,
					 int *lenp);
	const void *(*getprop)(const void *fdt, int node, const char *name, int *lenp);
	int (*num_mem_rsv)(const void *fdt);
	int (*get_mem_rsv)(const void *fdt, int n, uint64_t *address, uint64_t *size);
	int (*open_into)(const void *fdt, void *buf, int bufsize);
	int (*pack)(void *fdt);
	int (*setprop)(void *fdt, int node, const char *name, const void *val, int len);
	int (*add_subnode)(void *fdt, int parent, const char *name);
	int (*add_mem_rsv)(void *fdt, uint64_t address, uint64_t size);
	int (*del_mem_rsv)(void *fdt, int n);
	int (*create)(void *buf, int bufsize);
	int (*add_reservemap_entry)(void *fdt, uint64_t addr, uint64_t size);
	int (*finish_reservemap)(void *fdt);
	int (*begin_node)(void *fdt, const char *name);
	int (*property)(void *fdt, const char *name, const void *val, int len);
	int (*end_node)(void *fdt);
	int (*finish)(void *fdt);
	const char *(*strerror)(int errval);
};

/* Fill *c from libfdt. Returns 0, or -1 with a "# ..." line saying why. */
static inline int libfdt_load(struct libfdt_calls *c)
{
	void *h = libfdt_open();
	int err = 0;

	if (!h)
		return -1;
	err |= libfdt_sym(h, &c->check_full, "fdt_check_full");
	err |= libfdt_sym(h, &c->get_name, "fdt_get_name");
	err |= libfdt_sym(h, &c->first_subnode, "fdt_first_subnode");
	err |= libfdt_sym(h, &c->next_subnode, "fdt_next_subnode");
	err |= libfdt_sym(h, &c->parent_offset, "fdt_parent_offset");
	err |= libfdt_sym(h, &c->path_offset, "fdt_path_offset");
	err |= libfdt_sym(h, &c->next_node, "fdt_next_node");
	err |= libfdt_sym(h, &c->first_property_offset, "fdt_first_property_offset");
	err |= libfdt_sym(h, &c->next_property_offset, "fdt_next_property_offset");
	err |= libfdt_sym(h, &c->getprop_by_offset, "fdt_getprop_by_offset");
	err |= libfdt_sym(h, &c->getprop, "fdt_getprop");
	err |= libfdt_sym(h, &c->num_mem_rsv, "fdt_num_mem_rsv");
	err |= libfdt_sym(h, &c->get_mem_rsv, "fdt_get_mem_rsv");
	err |= libfdt_sym(h, &c->open_into, "fdt_open_into");
	err |= libfdt_sym(h, &c->pack, "fdt_pack");
	err |= libfdt_sym(h, &c->setprop, "fdt_setprop");
	err |= libfdt_sym(h, &c->add_subnode, "fdt_add_subnode");
	err |= libfdt_sym(h, &c->add_mem_rsv, "fdt_add_mem_rsv");
	err |= libfdt_sym(h, &c->del_mem_rsv, "fdt_del_mem_rsv");
	err |= libfdt_sym(h, &c->create, "fdt_create");
	err |= libfdt_sym(h, &c->add_reservemap_entry, "fdt_add_reservemap_entry");
	err |= libfdt_sym(h, &c->finish_reservemap, "fdt_finish_reservemap");
	err |= libfdt_sym(h, &c->begin_node, "fdt_begin_node");
	err |= libfdt_sym(h, &c->property, "fdt_property");
	err |= libfdt_sym(h, &c->end_node, "fdt_end_node");
	err |= libfdt_sym(h, &c->finish, "fdt_finish");
	err |= libfdt_sym(h, &c->strerror, "fdt_strerror");
	return err ? -1 : 0;
}

#endif
