/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module loader (kernel/module.c): loads the *.ko files of the
 * initramfs into the modules window, in archive order, and keeps them
 * until they are unloaded. docs/modules.md describes the format and the
 * console lines, which are a contract:
 *
 *	module NAME: loaded at 0xVA (N relocations, M veneers)
 *	module NAME: init_module returned N
 *	module NAME: rejected: REASON
 */
#ifndef LANDER_MODULE_LOADER_H
#define LANDER_MODULE_LOADER_H

#include <lander/export.h>
#include <lander/types.h>
#include <mm/vm_window.h>

#define MODULE_NAME_MAX 40
#define MODULES_MAX	64

struct module {
	char name[MODULE_NAME_MAX];
	virt_addr_t va; /* the image: text, rodata, data areas */
	u64 size;
	phys_addr_t pa;			  /* its memory, one block */
	struct vm_window *window;	  /* where va came from */
	void (*cleanup)(void);		  /* cleanup_module, or NULL */
	const struct kernel_symbol *syms; /* its exports (in its rodata) */
	u64 nr_syms;
	u64 text_size, rodata_size, data_size;
	u64 nr_relocs, nr_veneers, nr_got;
	unsigned int tables; /* page-table pages its mapping added */
};

/* What module_load() did: the module (NULL when rejected) and init's result. */
struct module_result {
	struct module *mod;
	int init_ret; /* init_module's return value, when it was called */
	bool init_called;
	int err; /* 0, or the negative errno of the rejection */
};

/* The modules window of the layout. */
struct vm_window *modules_window(void);

/*
 * Load one module named name from data[0, size) into window w: link it,
 * map it W^X, call init_module and print the contract lines. A module
 * whose init_module returns non-zero is unloaded. A rejected one leaves
 * nothing mapped or allocated.
 */
struct module_result module_load(const char *name, const void *data, u64 size, struct vm_window *w);

/* Call cleanup_module (if call_cleanup and it has one), unmap and free m. */
void module_unload(struct module *m, bool call_cleanup);

/* Load every *.ko of the archive, in order. Returns how many stayed loaded. */
int modules_load_initramfs(const void *archive, u64 size);

/* Unload every module, last loaded first, calling cleanup_module. */
void modules_unload_all(void);

/* The loaded modules, oldest first. */
struct module *module_list(int *count);

/* The address of an exported symbol (the kernel's, then the modules'), or 0. */
u64 module_find_export(const char *name);

#endif
