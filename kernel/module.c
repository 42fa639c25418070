// SPDX-License-Identifier: GPL-2.0
/*
 * The module loader: from an ELF relocatable object in the initramfs to
 * code running in the modules window. See include/lander/module_loader.h
 * and docs/modules.md.
 *
 * One load, in order, each step undone if a later one fails:
 *   elf_open()    the object is well formed, for this machine
 *   link_plan()   sections into text/rodata/data areas, veneers and GOT sized
 *   window        a range of the modules window, with a guard page
 *   memory        one block of pages from memblock, zeroed
 *   link_apply()  written through the linear map (the writable alias)
 *   exports       the module's __ksymtab checked, no duplicates
 *   map           text read-only+exec, rodata read-only, data read-write
 *   init_module   called; non-zero unloads the module
 */
#include <lander/boot.h>
#include <lander/compiler.h>
#include <lander/cpio.h>
#include <lander/cpu.h>
#include <lander/elf.h>
#include <lander/errno.h>
#include <lander/milestone.h>
#include <lander/link.h>
#include <lander/module_loader.h>
#include <lander/printk.h>
#include <lander/string.h>
#include <mm/kernel_pt.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>
#include <asm/mmu.h>
#include <asm/module.h>

extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];

static struct module modules[MODULES_MAX];
static int nr_modules;

struct vm_window *modules_window(void)
{
	static struct vm_window w;

	if (!w.end)
		vm_window_init(&w, "modules", boot_info.place.modules_start,
			       boot_info.place.modules_start + MODULES_SIZE, PAGE_SIZE);
	return &w;
}

struct module *module_list(int *count)
{
	*count = nr_modules;
	return modules;
}

/* name in a table of n kernel_symbol entries, or 0. */
static u64 find_in(const struct kernel_symbol *syms, u64 n, const char *name)
{
	u64 i;

	for (i = 0; i < n; i++)
		if (!strcmp(syms[i].name, name))
			return (u64)(uintptr_t)syms[i].addr;
	return 0;
}

u64 module_find_export(const char *name)
{
	u64 addr = find_in(__start___ksymtab, __stop___ksymtab - __start___ksymtab, name);
	int i;

	for (i = 0; !addr && i < nr_modules; i++)
		addr = find_in(modules[i].syms, modules[i].nr_syms, name);
	return addr;
}

static bool resolve_export(void *arg, const char *name, u64 *addr)
{
	*addr = module_find_export(name);
	return *addr != 0;
}

/*
 * The module's own exports, read through the alias: every entry's name
 * and address inside the module, no name exported twice. NULL or why not.
 */
static const char *check_exports(const struct link_state *l, u64 va, const u8 *buf,
				 struct module *m, char *why, size_t n)
{
	const struct kernel_symbol *syms;
	u64 off, size, i, j;

	m->syms = NULL;
	m->nr_syms = 0;
	if (!link_section(l, "__ksymtab", &off, &size))
		return NULL;
	if (size % sizeof(struct kernel_symbol) || off % 8)
		return "its __ksymtab section is not a whole number of entries";
	syms = (const struct kernel_symbol *)(buf + off);
	for (i = 0; i < size / sizeof(*syms); i++) {
		u64 name = (u64)(uintptr_t)syms[i].name - va,
		    addr = (u64)(uintptr_t)syms[i].addr - va;
		const char *s;

		if (name >= l->size || addr >= l->size ||
		    strnlen((const char *)buf + name, l->size - name) == l->size - name)
			return "an export's name or address lies outside the module";
		s = (const char *)buf + name;
		if (module_find_export(s)) {
			snprintf(why, n, "duplicate export %s", s);
			return why;
		}
		for (j = 0; j < i; j++)
			if (!strcmp((const char *)buf + ((u64)(uintptr_t)syms[j].name - va), s)) {
				snprintf(why, n, "duplicate export %s", s);
				return why;
			}
	}
	m->syms = (const struct kernel_symbol *)(uintptr_t)(va + off);
	m->nr_syms = size / sizeof(*syms);
	return NULL;
}

/* Map the three areas with their permissions; 0 or -ENOMEM (nothing left mapped). */
static int map_module(struct module *m, const struct link_state *l)
{
	static const unsigned int prot[LINK_NR_AREAS] = {
		[LINK_TEXT] = PAGE_KERNEL_ROX,
		[LINK_RODATA] = PAGE_KERNEL_RO,
		[LINK_DATA] = PAGE_KERNEL,
	};
	struct pt_ctx c;
	int a, err = 0;

	kernel_pt_ctx(&c);
	for (a = 0; a < LINK_NR_AREAS && !err; a++)
		if (l->area_size[a])
			err = pt_map(&c, m->va + l->area_off[a], m->pa + l->area_off[a],
				     l->area_size[a], prot[a]);
	if (err) {
		pt_unmap(&c, m->va, m->size);
		return err;
	}
	/* The new entries replaced invalid ones: publish them to every CPU. */
	kernel_pt_publish();
	m->tables = c.tables;
	return 0;
}

/* Release what a module holds: its mapping, memory and address range. */
static void release(struct module *m, bool mapped)
{
	struct pt_ctx c;

	if (mapped) {
		kernel_pt_ctx(&c);
		/* Break before make: the walker invalidates and flushes each entry's span. */
		pt_unmap(&c, m->va, m->size);
	}
	memblock_free(&memblock, m->pa, m->size);
	vm_window_free(m->window, m->va);
}

static struct module_result reject(const char *name, int err, const char *why)
{
	printk("module %s: rejected: %s\n", name, why);
	return (struct module_result){ .err = err };
}

/* module_load() on an object at an 8-byte aligned address. */
static struct module_result load_aligned(const char *name, const void *data, u64 size,
					 struct vm_window *w)
{
	struct module_result res = { 0 };
	struct module *m = &modules[nr_modules];
	struct link_state l;
	struct elf_obj o;
	phys_addr_t scratch_pa;
	u64 scratch_size, init;
	const char *why;
	char buf[96];
	int err;

	if (nr_modules == MODULES_MAX)
		return reject(name, -ENOSPC, "too many modules loaded");
	if (elf_open(&o, data, size, arch_link->machine, &why))
		return reject(name, -ENOEXEC, why);
	scratch_size = ALIGN_UP(link_scratch_size(&o), PAGE_SIZE);
	scratch_pa = memblock_alloc(&memblock, scratch_size, PAGE_SIZE);
	if (!scratch_pa)
		return reject(name, -ENOMEM, "out of memory for the linker's tables");
	err = link_plan(&l, arch_link, &o, PAGE_SIZE, (void *)(uintptr_t)__va(scratch_pa));
	if (err) {
		res = reject(name, err, l.why);
		goto free_scratch;
	}

	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->size = l.size;
	m->window = w;
	if (l.size >= w->end - w->start) {
		snprintf(buf, sizeof(buf),
			 "it needs %llu KB, more than the %s window holds (%llu KB)", l.size >> 10,
			 w->name, (w->end - w->start) >> 10);
		res = reject(name, -ENOSPC, buf);
		goto free_scratch;
	}
	m->va = vm_window_alloc(w, l.size);
	if (!m->va) {
		snprintf(buf, sizeof(buf), "no room for %llu KB in the %s window", l.size >> 10,
			 w->name);
		res = reject(name, -ENOSPC, buf);
		goto free_scratch;
	}
	m->pa = memblock_alloc(&memblock, l.size, PAGE_SIZE);
	if (!m->pa) {
		vm_window_free(w, m->va);
		snprintf(buf, sizeof(buf), "out of memory for its %llu KB", l.size >> 10);
		res = reject(name, -ENOMEM, buf);
		goto free_scratch;
	}
	memset((void *)(uintptr_t)__va(m->pa), 0, l.size);
	err = link_apply(&l, m->va, (u8 *)(uintptr_t)__va(m->pa), resolve_export, NULL);
	why = err ? l.why :
		    check_exports(&l, m->va, (u8 *)(uintptr_t)__va(m->pa), m, buf, sizeof(buf));
	init = why ? 0 : link_symbol(&l, "init_module", LINK_TEXT);
	if (!why && !init)
		why = "it has no global init_module function";
	if (!why && map_module(m, &l))
		why = "out of memory for page tables";
	if (why) {
		release(m, false);
		res = reject(name, err ? err : -ENOEXEC, why);
		goto free_scratch;
	}
	arch_sync_icache(m->va + l.area_off[LINK_TEXT], l.area_size[LINK_TEXT]);
	m->cleanup = (void (*)(void))(uintptr_t)link_symbol(&l, "cleanup_module", LINK_TEXT);
	m->text_size = l.area_size[LINK_TEXT];
	m->rodata_size = l.area_size[LINK_RODATA];
	m->data_size = l.area_size[LINK_DATA];
	m->nr_relocs = l.nr_relocs;
	m->nr_veneers = l.plt_used;
	m->nr_got = l.got_used;
	nr_modules++;
	memblock_free(&memblock, scratch_pa, scratch_size);

	milestone_module_linked();
	printk("module %s: loaded at 0x%llx (%llu relocations, %llu veneers)\n", m->name, m->va,
	       m->nr_relocs, m->nr_veneers);
	printk("  text %llu KB, rodata %llu KB, data %llu KB, %llu GOT entries, %u table pages\n",
	       m->text_size >> 10, m->rodata_size >> 10, m->data_size >> 10, m->nr_got, m->tables);
	res.mod = m;
	res.init_called = true;
	res.init_ret = ((int (*)(void))(uintptr_t)init)();
	printk("module %s: init_module returned %d\n", m->name, res.init_ret);
	if (res.init_ret) {
		module_unload(m, false);
		res.mod = NULL;
	}
	return res;

free_scratch:
	memblock_free(&memblock, scratch_pa, scratch_size);
	return res;
}

/*
 * A newc archive aligns a file's data to 4 bytes only. The ELF reader
 * copies every structure out of the file, which costs about twice as much
 * from an address that is not 8-byte aligned (docs/benchmarks.md), so
 * such an object is copied once to aligned pages first.
 */
struct module_result module_load(const char *name, const void *data, u64 size, struct vm_window *w)
{
	struct module_result res;
	phys_addr_t copy_pa;
	u64 copy_size;

	milestone_module_load();
	if (!((uintptr_t)data % 8))
		return load_aligned(name, data, size, w);
	copy_size = ALIGN_UP(size ? size : 1, PAGE_SIZE);
	copy_pa = memblock_alloc(&memblock, copy_size, PAGE_SIZE);
	if (!copy_pa)
		return reject(name, -ENOMEM, "out of memory for an aligned copy of it");
	memcpy((void *)(uintptr_t)__va(copy_pa), data, size);
	res = load_aligned(name, (const void *)(uintptr_t)__va(copy_pa), size, w);
	memblock_free(&memblock, copy_pa, copy_size);
	return res;
}

void module_unload(struct module *m, bool call_cleanup)
{
	int i = m - modules;

	if (call_cleanup && m->cleanup)
		m->cleanup();
	release(m, true);
	printk("module %s: unloaded\n", m->name);
	memmove(&modules[i], &modules[i + 1], (nr_modules - i - 1) * sizeof(modules[0]));
	nr_modules--;
}

void modules_unload_all(void)
{
	while (nr_modules)
		module_unload(&modules[nr_modules - 1], true);
}

/* "dir/NAME.ko" -> "NAME" into out; false when the file is not a module. */
static bool module_name(const char *path, char *out, size_t n)
{
	const char *base = path, *p;
	size_t len;

	for (p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	len = strlen(base);
	if (len <= 3 || strcmp(base + len - 3, ".ko"))
		return false;
	snprintf(out, n, "%.*s", (int)(len - 3), base);
	return true;
}

int modules_load_initramfs(const void *archive, u64 size)
{
	char name[MODULE_NAME_MAX];
	struct cpio_file f;
	struct cpio cpio;
	int kept = 0;

	if (cpio_init(&cpio, archive, size))
		return 0;
	while (cpio_next(&cpio, &f) == 1) {
		if (!module_name(f.name, name, sizeof(name)))
			continue;
		if (module_load(name, f.data, f.size, modules_window()).mod)
			kept++;
	}
	return kept;
}
