/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the arch head.S, the PE/COFF header (boot/efi/pe_header.S) and the
 * linker script share about the Image as a PE/COFF file. Assembler-safe.
 */
#ifndef LANDER_PE_H
#define LANDER_PE_H

/* Sections start on 4 KB in memory and on 512 bytes in the file (the PE Format's minimum). */
#define PE_SECTION_ALIGN 4096
#define PE_FILE_ALIGN	 512

#endif
