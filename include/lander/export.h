/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exported symbols: what a module may call or read in the kernel and in
 * the modules loaded before it.
 *
 * EXPORT_SYMBOL(sym) puts one struct kernel_symbol in the section
 * "__ksymtab" and the name in "__ksymtab_strings". The kernel's linker
 * script collects its entries between __start___ksymtab and
 * __stop___ksymtab; the module loader reads a module's from its
 * relocated __ksymtab section. Both tables are read-only once built.
 */
#ifndef LANDER_EXPORT_H
#define LANDER_EXPORT_H

struct kernel_symbol {
	const char *name;
	const void *addr;
};

#define EXPORT_SYMBOL(sym)                                                                   \
	static const char __kstrtab_##sym[]                                                  \
		__attribute__((section("__ksymtab_strings"), used, aligned(1))) = #sym;      \
	static const struct kernel_symbol __ksymtab_##sym                                    \
		__attribute__((section("__ksymtab"), used, aligned(8))) = { __kstrtab_##sym, \
									    (const void *)&sym }

#endif
