// SPDX-License-Identifier: GPL-2.0
/*
 * The generic linker for relocatable objects: lays out the loaded
 * sections in three areas (text, rodata, data), sizes the veneers and the
 * GOT from the relocations before layout, resolves symbols and walks
 * every relocation, handing each to the arch's apply() fully resolved.
 * See include/lander/module_link.h. It runs the same in the kernel, in
 * the host tests and under the fuzzer: it touches no memory but the
 * object, the caller's scratch and the caller's image buffer.
 */
#include <lander/compiler.h>
#include <lander/errno.h>
#include <lander/link.h>
#include <lander/printk.h>
#include <lander/string.h>

#define SYM_PLT	     0x1 /* a veneer for this symbol (addend 0) is counted */
#define SYM_GOT	     0x2 /* a GOT entry likewise */
#define SYM_RESOLVED 0x4 /* value is its final address */
#define SYM_UNLOADED 0x8 /* defined in a section that is not loaded */

#define LINK_GOT_ENTRY 8

static int link_fail(struct link_state *l, int err, const char *fmt, ...) __printf(3, 4);

/* Record why the link failed; returns err. */
static int link_fail(struct link_state *l, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->why, sizeof(l->why), fmt, ap);
	va_end(ap);
	return err;
}

/* A relocation type's name for messages, or its number. */
static const char *link_type_name(const struct link_state *l, u32 type, char *buf, size_t n)
{
	const char *name = l->arch->type_name(type);

	if (name)
		return name;
	snprintf(buf, n, "%u", type);
	return buf;
}

u64 link_scratch_size(const struct elf_obj *o)
{
	u64 relas = 0;
	unsigned int i;

	for (i = 1; i < o->shnum; i++) {
		struct elf64_shdr s;

		elf_shdr(o, i, &s);
		if (s.sh_type == SHT_RELA)
			relas += elf_rela_count(o, &s);
	}
	return ALIGN_UP(o->shnum * sizeof(struct link_sec), 8) +
	       ALIGN_UP((u64)o->nsyms * sizeof(struct link_sym), 8) +
	       relas * (sizeof(struct link_del) + sizeof(u64));
}

/* Which area a section loads into, or LINK_NR_AREAS; NULL or why it cannot load. */
static const char *link_classify(const struct elf64_shdr *s, u8 *area)
{
	*area = LINK_NR_AREAS;
	if (!(s->sh_flags & SHF_ALLOC) || !s->sh_size)
		return NULL;
	if (s->sh_flags & SHF_TLS)
		return "is thread-local storage";
	if ((s->sh_flags & SHF_EXECINSTR) && (s->sh_flags & SHF_WRITE))
		return "is both writable and executable";
	if (s->sh_flags & SHF_EXECINSTR)
		*area = s->sh_type == SHT_NOBITS ? LINK_DATA : LINK_TEXT;
	else if (s->sh_flags & SHF_WRITE)
		*area = LINK_DATA;
	else
		*area = s->sh_type == SHT_NOBITS ? LINK_DATA : LINK_RODATA;
	if (s->sh_flags & SHF_EXECINSTR && s->sh_type == SHT_NOBITS)
		return "is executable but has no bytes (SHT_NOBITS)";
	return NULL;
}

/*
 * A section offset before deletions, after them: every byte a deletion
 * before it removed is gone; an offset inside a deletion moves to its
 * start.
 */
static u64 link_map_offset(const struct link_state *l, unsigned int sec, u64 off)
{
	const struct link_sec *s = &l->sec[sec];
	u64 gone = 0;
	u32 i;

	for (i = 0; i < s->ndel; i++) {
		const struct link_del *d = &l->del[s->del + i];

		if (off < d->off)
			break;
		gone = d->before + (off < d->off + d->len ? off - d->off : d->len);
	}
	return off - gone;
}

/* True when [off, off + 1) was deleted from section sec. */
static bool link_deleted(const struct link_state *l, unsigned int sec, u64 off)
{
	const struct link_sec *s = &l->sec[sec];
	u32 i;

	for (i = 0; i < s->ndel; i++) {
		const struct link_del *d = &l->del[s->del + i];

		if (off >= d->off && off - d->off < d->len)
			return true;
	}
	return false;
}

/*
 * The alignment padding a relaxing assembler left in executable section
 * target (riscv R_RISCV_ALIGN): delete what the code after each padding
 * does not need, as a linker does whether or not it relaxes. Offsets are
 * checked in the order the relocations list them, which must be
 * increasing. A section's padding must all be listed by one relocation
 * section: its deletions are then in order, as link_map_offset() and the
 * copy need.
 */
static int link_plan_deletions(struct link_state *l, unsigned int rela, const struct elf64_shdr *rs,
			       unsigned int target, const struct elf64_shdr *ts)
{
	struct link_sec *s = &l->sec[target];
	u64 i, n = elf_rela_count(l->obj, rs), removed = 0, last = 0;
	u32 earlier = s->ndel;

	if (!l->arch->align_request || s->area != LINK_TEXT)
		return 0;
	for (i = 0; i < n; i++) {
		struct elf64_rela r;
		u64 align, at, need;

		elf_rela(l->obj, rs, i, &r);
		align = l->arch->align_request(ELF64_R_TYPE(r.r_info), r.r_addend);
		if (!align)
			continue;
		if (earlier)
			return link_fail(l, -ENOEXEC,
					 "alignment padding at %s+0x%llx is in a second relocation "
					 "section",
					 elf_section_name(l->obj, target), r.r_offset);
		if (r.r_addend < 0 || r.r_offset > ts->sh_size ||
		    (u64)r.r_addend > ts->sh_size - r.r_offset || r.r_offset < last)
			return link_fail(l, -ENOEXEC, "alignment padding at %s+0x%llx is malformed",
					 elf_section_name(l->obj, target), r.r_offset);
		if (align > ts->sh_addralign)
			return link_fail(l, -ENOEXEC,
					 "alignment padding at %s+0x%llx asks for more alignment "
					 "(%llu) than its section has",
					 elf_section_name(l->obj, target), r.r_offset, align);
		at = r.r_offset - removed;
		need = ALIGN_UP(at, align) - at;
		if (need > (u64)r.r_addend)
			return link_fail(
				l, -ENOEXEC,
				"alignment padding at %s+0x%llx is too short for its alignment",
				elf_section_name(l->obj, target), r.r_offset);
		last = r.r_offset + r.r_addend;
		if (need == (u64)r.r_addend)
			continue;
		if (!s->ndel)
			s->del = l->ndel;
		if (l->ndel >= l->max_del)
			return link_fail(l, -ENOEXEC, "too many alignment deletions");
		l->del[l->ndel++] = (struct link_del){
			.off = r.r_offset + need,
			.len = r.r_addend - need,
			.before = removed,
		};
		s->ndel++;
		removed += r.r_addend - need;
	}
	s->size -= removed;
	return 0;
}

/* Count the veneers and GOT entries relocation section rs may need. */
static int link_plan_counts(struct link_state *l, const struct elf64_shdr *rs, unsigned int target)
{
	u64 i, n = elf_rela_count(l->obj, rs);
	char buf[16];

	for (i = 0; i < n; i++) {
		struct elf64_rela r;
		struct elf64_sym sym;
		u32 type, symi;
		enum link_kind kind;

		elf_rela(l->obj, rs, i, &r);
		type = ELF64_R_TYPE(r.r_info);
		symi = ELF64_R_SYM(r.r_info);
		kind = l->arch->kind(type);
		if (kind == LINK_UNKNOWN)
			return link_fail(l, -ENOEXEC, "unsupported relocation %s at %s+0x%llx",
					 link_type_name(l, type, buf, sizeof(buf)),
					 elf_section_name(l->obj, target), r.r_offset);
		if (symi >= l->obj->nsyms)
			return link_fail(
				l, -ENOEXEC, "relocation %s at %s+0x%llx names symbol %u of %u",
				link_type_name(l, type, buf, sizeof(buf)),
				elf_section_name(l->obj, target), r.r_offset, symi, l->obj->nsyms);
		elf_sym(l->obj, symi, &sym);
		if (kind == LINK_BRANCH && sym.st_shndx == SHN_UNDEF && symi) {
			if (r.r_addend)
				l->plt_max++;
			else if (!(l->sym[symi].flags & SYM_PLT)) {
				l->sym[symi].flags |= SYM_PLT;
				l->plt_max++;
			}
		}
		if (kind == LINK_GOT) {
			if (r.r_addend)
				l->got_max++;
			else if (!(l->sym[symi].flags & SYM_GOT)) {
				l->sym[symi].flags |= SYM_GOT;
				l->got_max++;
			}
		}
	}
	return 0;
}

int link_plan(struct link_state *l, const struct link_arch *arch, const struct elf_obj *o,
	      u64 page_size, void *scratch)
{
	u64 cursor[LINK_NR_AREAS] = { 0 }, off;
	u8 *mem = scratch;
	unsigned int i;
	int err, a;

	memset(l, 0, sizeof(*l));
	l->arch = arch;
	l->obj = o;
	l->page_size = page_size;
	l->sec = (struct link_sec *)mem;
	mem += ALIGN_UP(o->shnum * sizeof(struct link_sec), 8);
	l->sym = (struct link_sym *)mem;
	mem += ALIGN_UP((u64)o->nsyms * sizeof(struct link_sym), 8);
	l->max_del = (link_scratch_size(o) - (u64)(mem - (u8 *)scratch)) /
		     (sizeof(struct link_del) + sizeof(u64));
	l->del = (struct link_del *)mem;
	l->plt_target = (u64 *)(mem + l->max_del * sizeof(struct link_del));
	memset(scratch, 0, link_scratch_size(o));

	for (i = 1; i < o->shnum; i++) {
		struct elf64_shdr s;
		const char *why;

		elf_shdr(o, i, &s);
		why = link_classify(&s, &l->sec[i].area);
		if (why)
			return link_fail(l, -ENOEXEC, "section %s %s", elf_section_name(o, i), why);
		if (l->sec[i].area == LINK_NR_AREAS)
			continue;
		if (s.sh_addralign > page_size)
			return link_fail(l, -ENOEXEC, "section %s asks for %llu-byte alignment",
					 elf_section_name(o, i), s.sh_addralign);
		l->sec[i].size = s.sh_size;
		l->sec[i].file_size = s.sh_size;
	}

	/* Deletions first (they shrink sections), then the counts. */
	for (i = 1; i < o->shnum; i++) {
		struct elf64_shdr rs, ts;

		elf_shdr(o, i, &rs);
		if (rs.sh_type != SHT_RELA || l->sec[rs.sh_info].area == LINK_NR_AREAS)
			continue;
		elf_shdr(o, rs.sh_info, &ts);
		err = link_plan_deletions(l, i, &rs, rs.sh_info, &ts);
		if (!err)
			err = link_plan_counts(l, &rs, rs.sh_info);
		if (err)
			return err;
	}
	if (arch->plt_uses_got)
		l->got_max += l->plt_max;

	/* Sections in file order inside their areas, then the veneers and the GOT. */
	for (i = 1; i < o->shnum; i++) {
		struct link_sec *s = &l->sec[i];
		struct elf64_shdr sh;

		if (s->area == LINK_NR_AREAS)
			continue;
		elf_shdr(o, i, &sh);
		s->off = ALIGN_UP(cursor[s->area], sh.sh_addralign ? sh.sh_addralign : 1);
		cursor[s->area] = s->off + s->size;
		if (cursor[s->area] < s->off || cursor[s->area] > (1ULL << 40))
			return link_fail(l, -ENOEXEC, "section %s is too large",
					 elf_section_name(o, i));
	}
	l->plt_off = ALIGN_UP(cursor[LINK_TEXT], 8);
	cursor[LINK_TEXT] = l->plt_off + l->plt_max * arch->plt_size;
	l->got_off = ALIGN_UP(cursor[LINK_RODATA], LINK_GOT_ENTRY);
	cursor[LINK_RODATA] = l->got_off + l->got_max * LINK_GOT_ENTRY;

	for (a = 0, off = 0; a < LINK_NR_AREAS; a++) {
		l->area_off[a] = off;
		l->area_size[a] = ALIGN_UP(cursor[a], page_size);
		off += l->area_size[a];
	}
	l->size = off;
	/* Offsets so far were inside each area: make them image offsets. */
	for (i = 1; i < o->shnum; i++)
		if (l->sec[i].area != LINK_NR_AREAS)
			l->sec[i].off += l->area_off[l->sec[i].area];
	l->plt_off += l->area_off[LINK_TEXT];
	l->got_off += l->area_off[LINK_RODATA];
	return 0;
}

/* Copy a section's bytes into the image, leaving out its deletions. */
static void link_copy_section(struct link_state *l, unsigned int i)
{
	const struct link_sec *s = &l->sec[i];
	u8 *dst = l->buf + s->off;
	struct elf64_shdr sh;
	const u8 *src;
	u64 from = 0;
	u32 d;

	elf_shdr(l->obj, i, &sh);
	if (sh.sh_type == SHT_NOBITS)
		return; /* the buffer is zeroed */
	/* Only now: a SHT_NOBITS section's offset may be anything, even past the address space. */
	src = elf_section_data(l->obj, i);
	for (d = 0; d < s->ndel; d++) {
		const struct link_del *del = &l->del[s->del + d];

		memcpy(dst, src + from, del->off - from);
		dst += del->off - from;
		from = del->off + del->len;
	}
	memcpy(dst, src + from, sh.sh_size - from);
}

/* Give every symbol its final value; undefined ones through resolve. */
static int link_resolve(struct link_state *l, bool (*resolve)(void *, const char *, u64 *),
			void *arg)
{
	const struct elf_obj *o = l->obj;
	u32 i;

	for (i = 1; i < o->nsyms; i++) {
		struct link_sym *ls = &l->sym[i];
		struct elf64_sym s;
		const char *name;

		elf_sym(o, i, &s);
		name = elf_sym_name(o, &s);
		if (s.st_shndx == SHN_UNDEF) {
			if (!resolve(arg, name, &ls->value)) {
				if (ELF64_ST_BIND(s.st_info) != STB_WEAK)
					return link_fail(l, -ENOENT, "undefined symbol %s", name);
				ls->value = 0;
			}
		} else if (s.st_shndx == SHN_ABS) {
			ls->value = s.st_value;
		} else if (s.st_shndx == SHN_COMMON) {
			return link_fail(l, -ENOEXEC, "common symbol %s (build with -fno-common)",
					 name);
		} else if (s.st_shndx >= o->shnum) {
			return link_fail(l, -ENOEXEC, "symbol %s is in section %u of %u", name,
					 s.st_shndx, o->shnum);
		} else if (l->sec[s.st_shndx].area == LINK_NR_AREAS) {
			ls->flags |= SYM_UNLOADED;
			continue;
		} else {
			struct elf64_shdr sh;

			elf_shdr(o, s.st_shndx, &sh);
			if (s.st_value > sh.sh_size)
				return link_fail(l, -ENOEXEC,
						 "symbol %s lies outside its section %s", name,
						 elf_section_name(o, s.st_shndx));
			ls->value = l->base + l->sec[s.st_shndx].off +
				    link_map_offset(l, s.st_shndx, s.st_value);
		}
		ls->flags |= SYM_RESOLVED;
	}
	return 0;
}

/*
 * Resolve relocation r of the section being applied into *site: S, A and
 * P at their final addresses, loc in the buffer. A section symbol of a
 * section that lost bytes carries its offset in the addend: map it too.
 * A marker may sit on bytes that were deleted (an R_RISCV_ALIGN whose
 * padding all went): it moves to where they were, and apply() still sees it.
 */
static int link_resolve_site(struct link_state *l, const struct elf64_rela *r,
			     struct link_site *site)
{
	unsigned int t = l->cur_target;
	const struct link_sec *ts = &l->sec[t];
	u32 symi = ELF64_R_SYM(r->r_info);
	struct elf64_sym s;
	u64 off;

	if (r->r_offset >= ts->file_size)
		return -ENOSPC;
	/* Only a marker may sit where bytes went: an ALIGN whose padding all goes. */
	if (link_deleted(l, t, r->r_offset) &&
	    l->arch->kind(ELF64_R_TYPE(r->r_info)) != LINK_MARKER)
		return -EFAULT;
	off = link_map_offset(l, t, r->r_offset);
	elf_sym(l->obj, symi, &s);
	if (symi && !(l->sym[symi].flags & SYM_RESOLVED))
		return -ENOENT;
	site->type = ELF64_R_TYPE(r->r_info);
	site->loc = l->buf + ts->off + off;
	site->room = ts->size - off;
	site->P = l->base + ts->off + off;
	site->S = symi ? l->sym[symi].value : 0;
	site->A = r->r_addend;
	if (ELF64_ST_TYPE(s.st_info) == STT_SECTION && s.st_shndx < l->obj->shnum &&
	    l->sec[s.st_shndx].ndel && r->r_addend >= 0) {
		site->S = l->base + l->sec[s.st_shndx].off +
			  link_map_offset(l, s.st_shndx, r->r_addend);
		site->A = 0;
	}
	return 0;
}

int link_site_at(struct link_state *l, u64 place, struct link_site *out)
{
	struct elf64_shdr rs;
	u64 i, n;

	elf_shdr(l->obj, l->cur_rela, &rs);
	n = elf_rela_count(l->obj, &rs);
	/* The HI20 a LO12 names comes just before it in practice: look back first. */
	for (i = l->cur_index + 1; i-- > 0;) {
		struct elf64_rela r;

		elf_rela(l->obj, &rs, i, &r);
		if (l->arch->kind(ELF64_R_TYPE(r.r_info)) != LINK_MARKER &&
		    !link_resolve_site(l, &r, out) && out->P == place)
			return 0;
	}
	for (i = l->cur_index + 1; i < n; i++) {
		struct elf64_rela r;

		elf_rela(l->obj, &rs, i, &r);
		if (l->arch->kind(ELF64_R_TYPE(r.r_info)) != LINK_MARKER &&
		    !link_resolve_site(l, &r, out) && out->P == place)
			return 0;
	}
	return -ENOENT;
}

u64 link_got_entry(struct link_state *l, u64 value)
{
	u8 *got = l->buf + l->got_off;
	u64 i, v;

	for (i = 0; i < l->got_used; i++) {
		memcpy(&v, got + i * LINK_GOT_ENTRY, sizeof(v));
		if (v == value)
			return l->base + l->got_off + i * LINK_GOT_ENTRY;
	}
	if (l->got_used == l->got_max)
		return 0;
	memcpy(got + i * LINK_GOT_ENTRY, &value, sizeof(value));
	l->got_used++;
	return l->base + l->got_off + i * LINK_GOT_ENTRY;
}

u64 link_plt_entry(struct link_state *l, u64 target)
{
	u64 i, size = l->arch->plt_size, got = 0;
	u8 *plt = l->buf + l->plt_off;

	for (i = 0; i < l->plt_used; i++)
		if (l->plt_target[i] == target)
			return l->base + l->plt_off + i * size;
	if (l->plt_used == l->plt_max)
		return 0;
	if (l->arch->plt_uses_got) {
		got = link_got_entry(l, target);
		if (!got)
			return 0;
	}
	if (l->arch->write_plt(plt + i * size, l->base + l->plt_off + i * size, target, got))
		return 0;
	l->plt_target[i] = target;
	l->plt_used++;
	return l->base + l->plt_off + i * size;
}

/* The name a message gives relocation r's symbol: its own, or its section's. */
static const char *link_sym_label(const struct link_state *l, u32 symi)
{
	struct elf64_sym s;

	if (!symi)
		return "no symbol";
	elf_sym(l->obj, symi, &s);
	if (ELF64_ST_TYPE(s.st_info) == STT_SECTION && s.st_shndx && s.st_shndx < l->obj->shnum)
		return elf_section_name(l->obj, s.st_shndx);
	return elf_sym_name(l->obj, &s);
}

/*
 * The message for relocation r of the section being applied, which
 * failed with err (from link_resolve_site() when resolving, else from
 * the arch's apply()). Names are looked up only here, on failure.
 */
static int link_site_error(struct link_state *l, const struct elf64_rela *r, int err,
			   bool resolving)
{
	const char *sec = elf_section_name(l->obj, l->cur_target), *type, *sym;
	char buf[16];

	type = link_type_name(l, ELF64_R_TYPE(r->r_info), buf, sizeof(buf));
	sym = link_sym_label(l, ELF64_R_SYM(r->r_info));
	if (resolving && err == -ENOSPC)
		return link_fail(l, -ENOEXEC, "relocation %s at %s+0x%llx is past its end", type,
				 sec, r->r_offset);
	if (resolving && err == -EFAULT)
		return link_fail(l, -ENOEXEC, "relocation %s at %s+0x%llx patches deleted padding",
				 type, sec, r->r_offset);
	if (resolving)
		return link_fail(l, -ENOEXEC,
				 "relocation %s at %s+0x%llx is against %s, in a section that is "
				 "not loaded",
				 type, sec, r->r_offset, sym);
	if (err == -ERANGE)
		return link_fail(l, -ERANGE, "relocation %s at %s+0x%llx against %s out of range",
				 type, sec, r->r_offset, sym);
	if (err == -EINVAL)
		return link_fail(l, -ENOEXEC,
				 "relocation %s at %s+0x%llx against %s: misaligned, or not the "
				 "instruction it patches",
				 type, sec, r->r_offset, sym);
	if (err == -ENOSPC)
		return link_fail(l, -ENOEXEC,
				 "relocation %s at %s+0x%llx runs past the end of its section",
				 type, sec, r->r_offset);
	return link_fail(l, -ENOEXEC,
			 "relocation %s at %s+0x%llx against %s cannot be applied (no partner "
			 "relocation)",
			 type, sec, r->r_offset, sym);
}

/* Apply every relocation of section rela to its target; the first failure stops. */
static int link_apply_section(struct link_state *l, unsigned int rela)
{
	struct elf64_shdr rs;
	u64 i, n;

	elf_shdr(l->obj, rela, &rs);
	n = elf_rela_count(l->obj, &rs);
	l->cur_rela = rela;
	l->cur_target = rs.sh_info;
	for (i = 0; i < n; i++) {
		struct link_site site;
		struct elf64_rela r;
		int err;

		elf_rela(l->obj, &rs, i, &r);
		l->cur_index = i;
		err = link_resolve_site(l, &r, &site);
		if (err)
			return link_site_error(l, &r, err, true);
		err = l->arch->apply(l, &site);
		if (err)
			return link_site_error(l, &r, err, false);
		if (l->arch->kind(site.type) != LINK_MARKER)
			l->nr_relocs++;
	}
	return 0;
}

int link_apply(struct link_state *l, u64 base, u8 *buf,
	       bool (*resolve)(void *arg, const char *name, u64 *addr), void *arg)
{
	const struct elf_obj *o = l->obj;
	unsigned int i;
	int err;

	l->base = base;
	l->buf = buf;
	for (i = 1; i < o->shnum; i++)
		if (l->sec[i].area != LINK_NR_AREAS)
			link_copy_section(l, i);
	err = link_resolve(l, resolve, arg);
	for (i = 1; i < o->shnum && !err; i++) {
		struct elf64_shdr rs;

		elf_shdr(o, i, &rs);
		if (rs.sh_type == SHT_RELA && l->sec[rs.sh_info].area != LINK_NR_AREAS)
			err = link_apply_section(l, i);
	}
	return err;
}

u64 link_symbol(const struct link_state *l, const char *name, enum link_area area)
{
	const struct elf_obj *o = l->obj;
	u32 i;

	for (i = 1; i < o->nsyms; i++) {
		struct elf64_sym s;

		elf_sym(o, i, &s);
		if (ELF64_ST_BIND(s.st_info) != STB_GLOBAL || !(l->sym[i].flags & SYM_RESOLVED) ||
		    s.st_shndx == SHN_UNDEF || s.st_shndx >= o->shnum ||
		    l->sec[s.st_shndx].area != area)
			continue;
		if (!strcmp(elf_sym_name(o, &s), name))
			return l->sym[i].value;
	}
	return 0;
}

bool link_section(const struct link_state *l, const char *name, u64 *off, u64 *size)
{
	unsigned int i;

	for (i = 1; i < l->obj->shnum; i++) {
		if (l->sec[i].area == LINK_NR_AREAS || strcmp(elf_section_name(l->obj, i), name))
			continue;
		*off = l->sec[i].off;
		*size = l->sec[i].size;
		return true;
	}
	return false;
}
