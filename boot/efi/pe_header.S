/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PE/COFF header that makes the Image an EFI application too
 * (Microsoft PE Format; UEFI 2.10, 2.1.1). The arch's Image header at
 * offset 0 starts with "MZ" (an instruction that does no harm there) and
 * holds this header's offset at 0x3c, where a PE loader looks for it;
 * the linker script puts this header right after it.
 *
 * The file is its own memory image: each section's place in the file is
 * its place in memory (PointerToRawData = VirtualAddress), so the loader
 * copies the Image as it is and the stub can copy it again. There are
 * two sections, and no base relocations: the kernel relocates itself.
 *   .text  from the end of the headers to _sdata: code, read-only data,
 *          init code and data, the kernel's own relocations
 *   .data  from _sdata: .data in the file, then .bss, the early page
 *          tables and the stack, which the loader fills with zeros
 * SizeOfImage is the Image header's image_size, _end - _text. Every field
 * the link decides comes from the linker script (boot/kernel.lds.S).
 */
#include <lander/pe.h>
#include <asm/efi.h>

#define IMAGE_FILE_EXECUTABLE_IMAGE	0x0002
#define IMAGE_FILE_LINE_NUMS_STRIPPED	0x0004
#define IMAGE_FILE_LARGE_ADDRESS_AWARE	0x0020
#define IMAGE_FILE_DEBUG_STRIPPED	0x0200
#define PE_OPT_MAGIC_PE32PLUS		0x020b
#define IMAGE_SUBSYSTEM_EFI_APPLICATION	10
#define IMAGE_DLLCHARACTERISTICS_NX_COMPAT 0x0100
#define IMAGE_SCN_CNT_CODE		0x00000020
#define IMAGE_SCN_CNT_INITIALIZED_DATA	0x00000040
#define IMAGE_SCN_MEM_EXECUTE		0x20000000
#define IMAGE_SCN_MEM_READ		0x40000000
#define IMAGE_SCN_MEM_WRITE		0x80000000

	.section .head.pe, "a"
	.balign	8
	.ascii	"PE\0\0"
	.short	ARCH_PE_MACHINE		/* Machine */
	.short	(sections_end - sections) / 40 /* NumberOfSections */
	.long	0			/* TimeDateStamp */
	.long	0			/* PointerToSymbolTable */
	.long	0			/* NumberOfSymbols */
	.short	opt_end - opt		/* SizeOfOptionalHeader */
	.short	IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LINE_NUMS_STRIPPED | \
		IMAGE_FILE_LARGE_ADDRESS_AWARE | IMAGE_FILE_DEBUG_STRIPPED /* Characteristics */

opt:	/* The optional header, PE32+ */
	.short	PE_OPT_MAGIC_PE32PLUS	/* Magic */
	.byte	0, 0			/* Major/MinorLinkerVersion */
	pe_link_size32 __pe_text_size, _sdata, _stext		/* SizeOfCode */
	pe_link_size32 __pe_data_file_size, _edata, _sdata	/* SizeOfInitializedData */
	pe_link_size32 __pe_bss_size, _end, _edata		/* SizeOfUninitializedData */
	pe_link_size32 __pe_entry, efi_pe_entry, _text		/* AddressOfEntryPoint: efi_pe_entry() */
	pe_link_size32 __pe_text_start, _stext, _text		/* BaseOfCode */
	.quad	0			/* ImageBase: none preferred */
	.long	PE_SECTION_ALIGN	/* SectionAlignment */
	.long	PE_FILE_ALIGN		/* FileAlignment */
	.short	0, 0			/* Major/MinorOperatingSystemVersion */
	.short	0, 0			/* Major/MinorImageVersion */
	.short	0, 0			/* Major/MinorSubsystemVersion */
	.long	0			/* Win32VersionValue */
	pe_link_size32 __pe_image_size, _end, _text		/* SizeOfImage */
	pe_link_size32 __pe_text_start, _stext, _text		/* SizeOfHeaders: everything before .text */
	.long	0			/* CheckSum */
	.short	IMAGE_SUBSYSTEM_EFI_APPLICATION /* Subsystem */
	.short	IMAGE_DLLCHARACTERISTICS_NX_COMPAT /* DllCharacteristics */
	.quad	0, 0, 0, 0		/* SizeOfStack/HeapReserve/Commit */
	.long	0			/* LoaderFlags */
	.long	(dirs_end - dirs) / 8	/* NumberOfRvaAndSizes */
dirs:	/* Export, import, resource, exception, certificate, base relocation: none */
	.quad	0, 0, 0, 0, 0, 0
dirs_end:
opt_end:

sections:
	.ascii	".text\0\0\0"
	pe_link_size32 __pe_text_size, _sdata, _stext		/* VirtualSize */
	pe_link_size32 __pe_text_start, _stext, _text		/* VirtualAddress */
	pe_link_size32 __pe_text_size, _sdata, _stext		/* SizeOfRawData */
	pe_link_size32 __pe_text_start, _stext, _text		/* PointerToRawData */
	.long	0, 0			/* PointerToRelocations, PointerToLinenumbers */
	.short	0, 0			/* NumberOfRelocations, NumberOfLinenumbers */
	.long	IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_EXECUTE

	.ascii	".data\0\0\0"
	pe_link_size32 __pe_data_size, _end, _sdata		/* VirtualSize: through _end */
	pe_link_size32 __pe_data_start, _sdata, _text		/* VirtualAddress */
	pe_link_size32 __pe_data_file_size, _edata, _sdata	/* SizeOfRawData: through _edata */
	pe_link_size32 __pe_data_start, _sdata, _text		/* PointerToRawData */
	.long	0, 0
	.short	0, 0
	.long	IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE
sections_end:
