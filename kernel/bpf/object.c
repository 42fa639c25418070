// SPDX-License-Identifier: GPL-2.0
/*
 * Where programs come from: the initramfs. Two forms (docs/bpf.md):
 *
 *   NAME.bpf     raw little-endian RFC 9669 bytecode, 8 bytes a slot
 *   NAME.bpf.o   an ELF object from clang -target bpf: every executable
 *                section but .text is a program (or .text, when it is the
 *                only one), with .text appended when the program calls
 *                into it; the calls are relocated (R_BPF_64_32)
 *
 * NAME.mem in the same archive, if any, is the context: r1 points to a
 * copy of it and r2 holds its length.
 */
#include <lander/bpf_loader.h>
#include <lander/compiler.h>
#include <lander/cpio.h>
#include <lander/elf.h>
#include <lander/errno.h>
#include <lander/printk.h>
#include <lander/string.h>
#include <mm/layout.h>
#include <mm/memblock.h>
#include <mm/physaddr.h>

#define R_BPF_64_64	1  /* ld_imm64 of an address: maps, global data */
#define R_BPF_64_32	10 /* a call's imm: (target - call) / 8 - 1 */
#define BPF_PSEUDO_CALL 1
#define BPF_NAME_MAX	64

/* "dir/NAME.ext" -> "NAME" when path ends in ext. */
static bool base_name(const char *path, const char *ext, char *out, size_t n)
{
	const char *base = path, *p;
	size_t len, elen = strlen(ext);

	for (p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	len = strlen(base);
	if (len <= elen || strcmp(base + len - elen, ext))
		return false;
	snprintf(out, n, "%.*s", (int)(len - elen), base);
	return true;
}

/* The archive's NAME.mem, if any. */
static const void *find_mem(const void *archive, u64 size, const char *name, u64 *len)
{
	char base[BPF_NAME_MAX];
	struct cpio_file f;
	struct cpio cpio;

	*len = 0;
	if (cpio_init(&cpio, archive, size))
		return NULL;
	while (cpio_next(&cpio, &f) == 1) {
		if (base_name(f.name, ".mem", base, sizeof(base)) && !strcmp(base, name)) {
			*len = f.size;
			return f.data;
		}
	}
	return NULL;
}

/*
 * Relocate the calls of relocation section rel (applying to the slots at
 * prog + first) of object o: each R_BPF_64_32 on a local call into .text
 * (section index text, appended at slot text_base). NULL or why not.
 */
static const char *relocate_calls(const struct elf_obj *o, const struct elf64_shdr *rel,
				  struct bpf_insn *prog, u32 first, u32 nslots, unsigned int text,
				  u32 text_base, u32 text_slots, char *buf, size_t n)
{
	u64 i;

	for (i = 0; i < elf_rela_count(o, rel); i++) {
		struct elf64_rela r;
		struct elf64_sym s;
		struct bpf_insn *call;
		u64 slot, target;

		elf_rela(o, rel, i, &r);
		if (ELF64_R_TYPE(r.r_info) == R_BPF_64_64)
			return "relocation R_BPF_64_64 (maps or global data) is not supported";
		if (ELF64_R_TYPE(r.r_info) != R_BPF_64_32) {
			snprintf(buf, n, "unsupported relocation %u", ELF64_R_TYPE(r.r_info));
			return buf;
		}
		if (r.r_offset % 8 || r.r_offset / 8 >= nslots || ELF64_R_SYM(r.r_info) >= o->nsyms)
			return "a relocation's offset or symbol is out of range";
		slot = first + r.r_offset / 8;
		call = &prog[slot];
		elf_sym(o, ELF64_R_SYM(r.r_info), &s);
		if (call->code != (BPF_JMP | BPF_CALL) || BPF_SRC(call) != BPF_PSEUDO_CALL)
			return "R_BPF_64_32 on something other than a local call";
		if (!text || s.st_shndx != text || s.st_value % 8)
			return "a local call to something other than a function in .text";
		/* The target's slot in .text: the symbol plus the call's own imm + 1 slots. */
		target = s.st_value / 8 + (u64)((s64)call->imm + 1);
		if (target >= text_slots)
			return "a local call past the end of .text";
		call->imm = (s32)((s64)(text_base + target) - (s64)(slot + 1));
	}
	return NULL;
}

/* Run the program of section sec of object o (named NAME/SECTION). */
static void run_section(const struct elf_obj *o, unsigned int sec, unsigned int text,
			const char *name, const void *mem, u64 mem_len)
{
	struct elf64_shdr sh, th = { 0 }, rel;
	char full[BPF_NAME_MAX + 32], buf[48];
	u32 slots, appended, text_slots, text_base;
	const char *why = NULL;
	struct bpf_insn *prog;
	phys_addr_t pa;
	u64 bytes;
	unsigned int i;

	elf_shdr(o, sec, &sh);
	snprintf(full, sizeof(full), "%s/%s", name, elf_section_name(o, sec));
	if (text && text != sec)
		elf_shdr(o, text, &th);
	if (sh.sh_type != SHT_PROGBITS || sh.sh_size % 8 || th.sh_size % 8 ||
	    (sh.sh_size + th.sh_size) / 8 > BPF_MAX_INSNS) {
		printk("bpf %s: rejected: its code is not a whole number of slots, or too long\n",
		       full);
		return;
	}
	/* .text is appended to another section; as the program itself, it calls into itself. */
	slots = sh.sh_size / 8;
	appended = th.sh_size / 8;
	text_base = sec == text ? 0 : slots;
	text_slots = sec == text ? slots : appended;
	bytes = (u64)(slots + appended) * 8;
	pa = memblock_alloc(&memblock, ALIGN_UP(bytes, PAGE_SIZE), PAGE_SIZE);
	if (!pa) {
		printk("bpf %s: rejected: out of memory\n", full);
		return;
	}
	prog = (struct bpf_insn *)(uintptr_t)__va(pa);
	memcpy(prog, elf_section_data(o, sec), sh.sh_size);
	if (appended)
		memcpy(prog + slots, elf_section_data(o, text), th.sh_size);
	for (i = 1; i < o->shnum && !why; i++) {
		elf_shdr(o, i, &rel);
		if (rel.sh_type != SHT_REL && rel.sh_type != SHT_RELA)
			continue;
		if (rel.sh_info == sec)
			why = relocate_calls(o, &rel, prog, 0, slots, text, text_base, text_slots,
					     buf, sizeof(buf));
		else if (appended && rel.sh_info == text)
			why = relocate_calls(o, &rel, prog, text_base, text_slots, text, text_base,
					     text_slots, buf, sizeof(buf));
	}
	if (why)
		printk("bpf %s: rejected: %s\n", full, why);
	else
		bpf_run_program(full, prog, bytes, mem, mem_len, bpf_window());
	memblock_free(&memblock, pa, ALIGN_UP(bytes, PAGE_SIZE));
}

/* Every program of the BPF object data[0, size). */
static void run_object(const char *name, const void *data, u64 size, const void *mem, u64 mem_len)
{
	unsigned int i, text = 0, progs = 0;
	struct elf_obj o;
	const char *why;

	if (elf_open(&o, data, size, EM_BPF, &why)) {
		printk("bpf %s: rejected: %s\n", name, why);
		return;
	}
	for (i = 1; i < o.shnum; i++) {
		struct elf64_shdr s;

		elf_shdr(&o, i, &s);
		if (!(s.sh_flags & SHF_EXECINSTR) || !s.sh_size)
			continue;
		if (!strcmp(elf_section_name(&o, i), ".text"))
			text = i;
		else
			progs++;
	}
	for (i = 1; i < o.shnum; i++) {
		struct elf64_shdr s;

		elf_shdr(&o, i, &s);
		if ((s.sh_flags & SHF_EXECINSTR) && s.sh_size && (i != text || !progs))
			run_section(&o, i, text, name, mem, mem_len);
	}
	if (!text && !progs)
		printk("bpf %s: rejected: it has no executable section\n", name);
}

void bpf_run_initramfs(const void *archive, u64 size)
{
	char name[BPF_NAME_MAX];
	struct cpio_file f;
	struct cpio cpio;
	const void *mem;
	u64 mem_len;

	if (cpio_init(&cpio, archive, size))
		return;
	while (cpio_next(&cpio, &f) == 1) {
		if (base_name(f.name, ".bpf", name, sizeof(name))) {
			mem = find_mem(archive, size, name, &mem_len);
			bpf_run_program(name, f.data, f.size, mem, mem_len, bpf_window());
		} else if (base_name(f.name, ".bpf.o", name, sizeof(name))) {
			mem = find_mem(archive, size, name, &mem_len);
			run_object(name, f.data, f.size, mem, mem_len);
		}
	}
}
