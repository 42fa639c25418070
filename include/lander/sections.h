/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel image's boundaries, as boot/kernel.lds.S defines them. Each
 * symbol is an address, never a variable: take it, do not read it.
 *
 *   _text                                 the Image's first byte (its header)
 *   _stext .. _etext                      text (.head.text, .text)
 *   _srodata .. _erodata                  read-only data
 *   __init_begin .. __init_end            init text, then init data (freed after boot)
 *   _sdata .. _edata                      data
 *   __bss_start .. __bss_stop             zeroed by early_boot()
 *   init_pg_dir .. init_pg_end            the early tables' pool
 *   boot_stack .. boot_stack_top          the boot CPU's stack
 *   _end                                  the end of image_size
 */
#ifndef LANDER_SECTIONS_H
#define LANDER_SECTIONS_H

extern char _text[], _stext[], _etext[], _srodata[], _erodata[];
extern char __init_begin[], __init_data_begin[], __init_end[], _sinittext[], _einittext[];
extern char _sdata[], _edata[], __bss_start[], __bss_stop[], _end[];
extern char __idmap_text_start[], __idmap_text_end[];
extern char init_pg_dir[], init_pg_end[], boot_stack[], boot_stack_top[];

#endif
