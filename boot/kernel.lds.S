/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel image, linked at KERNEL_LINK_ADDR in the vmalloc zone as a
 * position-independent executable. Segments (text, rodata, init, data)
 * start on SEGMENT_ALIGN so each can get its own permissions without
 * sharing a page with another.
 */
#include <lander/early_dev.h>
#include <lander/pe.h>
#include <mm/layout.h>
#include <asm/image.lds.h>
#include <asm/mmu.h>

#define SEGMENT_ALIGN	SZ_64K

/* The Makefile's pad-image target overrides the configured padding. */
#ifndef IMAGE_PAD_KB
#define IMAGE_PAD_KB	CONFIG_IMAGE_PAD_KB
#endif

ENTRY(_text)
#ifdef CONFIG_EFI
/* The PE/COFF entry point is found by its offset only: keep it through --gc-sections. */
EXTERN(efi_pe_entry)
#endif

SECTIONS
{
	. = KERNEL_LINK_ADDR;
	_text = .;
	.head.text : {
		KEEP(*(.head.text))
		/* The PE/COFF header (CONFIG_EFI), at the offset the Image header gives. */
		. = ALIGN(8);
		__pe_header = .;
		KEEP(*(.head.pe))
	}

	.text : ALIGN(SZ_4K) {
		_stext = .;
		__idmap_text_start = .;
		KEEP(*(.idmap.text))
		__idmap_text_end = .;
		*(.text .text.*)
		_etext = .;
	}

	. = ALIGN(SEGMENT_ALIGN);
	.rodata : {
		_srodata = .;
		*(.rodata .rodata.* .srodata .srodata.*)
		*(.data.rel.ro .data.rel.ro.*)
		*(.got .got.plt)
		. = ALIGN(8);
		__ktest_start = .;
		KEEP(*(.ktest))
		__ktest_end = .;
		. = ALIGN(8);
		__start___ksymtab = .;
		KEEP(*(__ksymtab))
		__stop___ksymtab = .;
		KEEP(*(__ksymtab_strings))
		. = ALIGN(8);
		__ex_table_start = .;
		KEEP(*(__ex_table))
		__ex_table_end = .;
		/* IMAGE_PAD_KB: zero fill to sweep the image size. */
		. = . + IMAGE_PAD_KB * 1024;
		_erodata = .;
	}

	. = ALIGN(SEGMENT_ALIGN);
	__init_begin = .;
	.init.text : {
		_sinittext = .;
		*(.init.text .init.text.*)
		_einittext = .;
	}
	/* Init data gets its own pages: it is writable, init text is not. */
	. = ALIGN(SEGMENT_ALIGN);
	__init_data_begin = .;
	.init.data : {
		*(.init.data .init.data.*)
	}
	/*
	 * The bounds come from the output section itself: GNU ld adds the
	 * dynamic relocations it makes for some input sections (here those of
	 * __ksymtab) after symbols assigned inside the section's braces are
	 * fixed, and those would then be left out.
	 */
	.rela.dyn : ALIGN(8) {
		*(.rela .rela.*)
	}
	__rela_start = ADDR(.rela.dyn);
	__rela_end = ADDR(.rela.dyn) + SIZEOF(.rela.dyn);
	. = ALIGN(SEGMENT_ALIGN);
	__init_end = .;

	.data : {
		_sdata = .;
		*(.data .data.* .sdata .sdata.*)
		/* The early devices the drivers declare (EARLY_DEV()): no pointers. */
		. = ALIGN(8);
		__early_dev_start = .;
		KEEP(*(.early_dev))
		__early_dev_end = .;
		/* The file ends here: on the PE/COFF file alignment, as its .data section must. */
		. = ALIGN(PE_FILE_ALIGN);
		_edata = .;
	}

	.bss (NOLOAD) : ALIGN(64) {
		__bss_start = .;
		*(.bss .bss.* .sbss .sbss.* COMMON)
		. = ALIGN(8);
		__bss_stop = .;
	}

	/* The early page-table pool: its size is a constant (mm/layout.h). */
	.pgdir (NOLOAD) : ALIGN(PAGE_SIZE) {
		init_pg_dir = .;
		. = . + EARLY_POOL_PAGES * PAGE_SIZE;
		init_pg_end = .;
	}

	.stack (NOLOAD) : ALIGN(16) {
		boot_stack = .;
		. = . + 16384;
		boot_stack_top = .;
	}
	. = ALIGN(PAGE_SIZE);
	_end = .;

	/* For the image header: sizes, not addresses, so no relocation. */
	_kernel_size = ABSOLUTE(_end - _text);
#ifdef CONFIG_EFI
	/* The PE/COFF header's fields (boot/efi/pe_header.S), offsets from _text. */
	__pe_header_off = ABSOLUTE(__pe_header - _text);
	__pe_text_start = ABSOLUTE(_stext - _text);
	__pe_text_size = ABSOLUTE(_sdata - _stext);
	__pe_data_start = ABSOLUTE(_sdata - _text);
	__pe_data_file_size = ABSOLUTE(_edata - _sdata);
	__pe_data_size = ABSOLUTE(_end - _sdata);
	__pe_bss_size = ABSOLUTE(_end - _edata);
	__pe_image_size = ABSOLUTE(_end - _text);
	__pe_entry = ABSOLUTE(efi_pe_entry - _text);
#endif

	.comment 0 : { *(.comment) }
	/DISCARD/ : {
		*(.interp .dynamic .dynsym .dynstr .hash .gnu.hash)
		*(.eh_frame .note .note.* .riscv.attributes)
	}
}

ASSERT(_end - _text <= KIMAGE_MAX_SIZE,
       "the image outgrew KIMAGE_MAX_SIZE, which sizes the early page-table pool")
ASSERT(LAYOUT_TABLES_FOR(PAGE_SHIFT, PGTABLE_LEVELS, _end - _text) <=
       LAYOUT_TABLES_FOR(PAGE_SHIFT, PGTABLE_LEVELS, KIMAGE_MAX_SIZE),
       "the early page-table pool cannot map this image")
ASSERT(__idmap_text_end - __idmap_text_start <= PAGE_SIZE,
       "the identity-mapped text must fit one page")
ASSERT(__early_dev_end - __early_dev_start <= EARLY_DEV_MAX * EARLY_DEV_SIZE,
       "more early devices than EARLY_DEV_MAX, the fixmap slots kept for them")
ASSERT((__early_dev_end - __early_dev_start) % EARLY_DEV_SIZE == 0,
       "the early-device table is not an array of struct early_dev")
ASSERT(KERNEL_LINK_ADDR % KIMAGE_ALIGN == 0, "KERNEL_LINK_ADDR must be 2 MB aligned")
#ifdef CONFIG_EFI
ASSERT(__pe_header_off == 64, "the PE/COFF header must follow the 64-byte Image header")
ASSERT(__pe_text_start % PE_FILE_ALIGN == 0 && __pe_data_start % PE_SECTION_ALIGN == 0,
       "PE/COFF sections must start on the file and section alignments")
ASSERT(__pe_text_start % PE_SECTION_ALIGN == 0 && __pe_image_size % PE_SECTION_ALIGN == 0,
       "PE/COFF .text and SizeOfImage must be multiples of the section alignment")
ASSERT(__pe_data_file_size % PE_FILE_ALIGN == 0, "PE/COFF .data must end on the file alignment")
#endif
