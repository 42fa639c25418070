// SPDX-License-Identifier: GPL-2.0
/*
 * The generic page-table walker.
 *
 * One recursive walk (pt_walk) serves every operation on every format:
 * it visits the entries of one table that overlap a VA range and hands
 * each to pt_walk_entry, which maps, unmaps, changes permissions or
 * reports leaves, descending into the next level where the range covers
 * only part of an entry. Shifts and sizes come from the struct pt_format.
 *
 * This file runs before the kernel is relocated and with the MMU off, so
 * it has no writable or pointer-initialised globals, no switch statements
 * and no assembly: TLB maintenance is the caller's ops->flush.
 */
#include <lander/errno.h>
#include <lander/string.h>
#include <mm/pgtable.h>

enum pt_op {
	PT_OP_MAP,
	PT_OP_UNMAP,
	PT_OP_PROTECT,
	PT_OP_VISIT,
};

/* What one walk does, shared by every level of it. */
struct pt_walk {
	enum pt_op op;
	virt_addr_t va; /* start of the whole range */
	phys_addr_t pa; /* what va maps to (map) */
	u64 attrs;	/* attribute bits of new leaves (map, protect) */
	int (*fn)(const struct pt_leaf *leaf, void *arg); /* visit */
	void *arg;
};

/* The attribute bits of a format for a generic protection. */
static u64 pt_prot_attrs(const struct pt_format *f, unsigned int prot)
{
	u64 a;

	a = (prot & PROT_DEVICE) ? f->attr_device : f->attr_normal;
	a |= (prot & PROT_WRITE) ? f->attr_rw : f->attr_ro;
	a |= (prot & PROT_EXEC) ? f->attr_x : f->attr_nx;
	return a & f->attr_mask;
}

/* A leaf entry at level for pa with the given attribute bits. */
static u64 pt_leaf_entry(const struct pt_format *f, int level, phys_addr_t pa, u64 attrs)
{
	u64 e = level == f->levels - 1 ? f->page_bits : f->block_bits;

	return e | f->valid | pt_oa_bits(f, pa) | (attrs & f->attr_mask);
}

/* Returns a table entry pointing at the table page at table_pa. */
u64 pt_make_table(const struct pt_format *f, phys_addr_t table_pa)
{
	return f->valid | f->table_type | pt_oa_bits(f, table_pa);
}

/*
 * Returns a leaf entry at level mapping pa with prot: a block at a
 * non-last level (which must be one that holds blocks), a page at the last.
 * Every leaf is readable; PROT_READ is implied.
 */
u64 pt_make_leaf(const struct pt_format *f, int level, phys_addr_t pa, unsigned int prot)
{
	return pt_leaf_entry(f, level, pa, pt_prot_attrs(f, prot));
}

/*
 * Returns the generic protection leaf entry e grants: always PROT_READ,
 * PROT_WRITE and PROT_EXEC from the attribute bits, and PROT_DEVICE when
 * the format tells device from normal memory in its entries at all.
 */
unsigned int pt_leaf_prot(const struct pt_format *f, u64 e)
{
	unsigned int prot = PROT_READ;
	u64 rw = f->attr_ro | f->attr_rw, x = f->attr_x | f->attr_nx;
	u64 type = f->attr_normal | f->attr_device;

	if ((e & rw) == f->attr_rw)
		prot |= PROT_WRITE;
	if ((e & x) == f->attr_x)
		prot |= PROT_EXEC;
	if (f->attr_normal != f->attr_device && (e & type) == f->attr_device)
		prot |= PROT_DEVICE;
	return prot;
}

/*
 * Returns true when replacing old by new at level needs break-before-make:
 * both valid and the output address, the kind (table or leaf) or the
 * memory type differ. Permission changes alone do not.
 */
static bool pt_needs_break(const struct pt_format *f, int level, u64 old, u64 new)
{
	if (!pt_entry_valid(f, old) || !pt_entry_valid(f, new))
		return false;
	return pt_entry_is_table(f, level, old) != pt_entry_is_table(f, level, new) ||
	       pt_entry_pa(f, old) != pt_entry_pa(f, new) ||
	       ((old ^ new) & (f->attr_normal | f->attr_device));
}

/*
 * The only place an entry is written. In a live tree, a write that would
 * need break-before-make is reported to ops->bbm_violation (the write is
 * still made). ops->trace, if set, is told of every write.
 */
void pt_write_entry(struct pt_ctx *c, u64 *ptep, int level, virt_addr_t va, u64 new)
{
	u64 old = READ_ONCE(*ptep);

	if (c->live && c->ops->bbm_violation && pt_needs_break(c->fmt, level, old, new))
		c->ops->bbm_violation(c, va, level, old, new);
	WRITE_ONCE(*ptep, new);
	if (c->ops->trace)
		c->ops->trace(c, ptep, level, va, old, new);
}

/*
 * Write up to n leaves into the empty entries from ptep on: the first
 * entry e (for the span at va, 1 << shift bytes), each next one the next
 * span's (e + step). Stops early at an entry already in use. Returns the
 * number of leaves written. This is most of the work of building a linear
 * map, so a tree nobody watches is written directly, in a loop of a few
 * instructions an entry.
 */
static u64 pt_fill_leaves(struct pt_ctx *c, u64 *ptep, int level, unsigned int shift,
			  virt_addr_t va, u64 n, u64 e, u64 step)
{
	u64 valid = c->fmt->valid, *p = ptep, *end = ptep + n;

	if (!c->live && !c->ops->trace) {
		for (; p != end && (READ_ONCE(*p) & valid) != valid; p++, e += step)
			WRITE_ONCE(*p, e);
		return p - ptep;
	}
	for (; p != end && (READ_ONCE(*p) & valid) != valid; p++, e += step)
		pt_write_entry(c, p, level, va + ((u64)(p - ptep) << shift), e);
	return p - ptep;
}

/*
 * How many of n leaves of span 2^shift from pa on (pa aligned to it) are
 * encoded by adding the same step each time: with a split OA, up to where
 * the high part changes, since the low part's carry does not reach it.
 */
static u64 pt_oa_run(const struct pt_format *f, phys_addr_t pa, unsigned int shift, u64 n)
{
	u64 left;

	if (!f->oa_hi_mask)
		return n;
	left = (((pa | ((1ULL << f->oa_hi_shift) - 1)) - pa) >> shift) + 1;
	return MIN(n, left);
}

/*
 * Replace the entry at ptep (level, span starting at va) by new the way a
 * live tree needs: through an invalid entry and a flush when the change
 * needs a break, with a flush after the entry went invalid or changed in
 * place. A tree that is not live is simply written.
 */
static void pt_set(struct pt_ctx *c, u64 *ptep, int level, virt_addr_t va, u64 new)
{
	u64 old = READ_ONCE(*ptep);

	if (old == new)
		return;
	if (!c->live || !pt_entry_valid(c->fmt, old)) {
		pt_write_entry(c, ptep, level, va, new);
		return;
	}
	if (pt_needs_break(c->fmt, level, old, new)) {
		pt_write_entry(c, ptep, level, va, 0);
		c->ops->flush(c, va, level);
		pt_write_entry(c, ptep, level, va, new);
		return;
	}
	pt_write_entry(c, ptep, level, va, new);
	c->ops->flush(c, va, level);
}

/*
 * Allocate a zeroed table page for level and count it. Returns 0 and its
 * address in *pa, or -ENOMEM.
 */
static int pt_new_table(struct pt_ctx *c, int level, phys_addr_t *pa)
{
	*pa = c->ops->alloc(c);
	if (!*pa)
		return -ENOMEM;
	memset(c->ops->table(c, *pa, level), 0, (size_t)1 << c->fmt->page_shift);
	c->tables++;
	return 0;
}

/* Give back the table page at pa and uncount it. */
static void pt_free_table(struct pt_ctx *c, phys_addr_t pa)
{
	if (c->ops->free)
		c->ops->free(c, pa);
	c->tables--;
}

/*
 * Free the table at pa (at level) and every table below it. Nothing may
 * point at it any more (in a live tree: already unlinked and flushed).
 */
static void pt_free_tree(struct pt_ctx *c, phys_addr_t pa, int level)
{
	const struct pt_format *f = c->fmt;
	u64 *t = c->ops->table(c, pa, level);
	unsigned int i, n = pt_entries(f, level);

	for (i = 0; i < n; i++) {
		u64 e = READ_ONCE(t[i]);

		if (pt_entry_is_table(f, level, e))
			pt_free_tree(c, pt_entry_pa(f, e), level + 1);
	}
	pt_free_table(c, pa);
}

/* Returns true when the table at pa (at level) has no valid entry. */
static bool pt_table_empty(struct pt_ctx *c, phys_addr_t pa, int level)
{
	const struct pt_format *f = c->fmt;
	u64 *t = c->ops->table(c, pa, level);
	unsigned int i, n = pt_entries(f, level);

	for (i = 0; i < n; i++)
		if (pt_entry_valid(f, READ_ONCE(t[i])))
			return false;
	return true;
}

/*
 * Replace leaf e at ptep (level, span starting at va) by a table of
 * next-level leaves that map the same memory with the same attributes.
 * Returns 0 or -ENOMEM (then nothing changed).
 */
static int pt_split(struct pt_ctx *c, u64 *ptep, int level, virt_addr_t va, u64 e)
{
	const struct pt_format *f = c->fmt;
	u64 sub = 1ULL << pt_level_shift(f, level + 1);
	phys_addr_t pa = pt_entry_pa(f, e), tpa;
	unsigned int i, n = pt_entries(f, level + 1);
	u64 *t;
	int ret;

	ret = pt_new_table(c, level + 1, &tpa);
	if (ret)
		return ret;
	t = c->ops->table(c, tpa, level + 1);
	for (i = 0; i < n; i++)
		pt_write_entry(c, &t[i], level + 1, va + i * sub,
			       pt_leaf_entry(f, level + 1, pa + i * sub, e & f->attr_mask));
	pt_set(c, ptep, level, va, pt_make_table(f, tpa));
	return 0;
}

static int pt_walk(struct pt_ctx *c, const struct pt_walk *w, phys_addr_t table, int level,
		   virt_addr_t va, virt_addr_t last);

/*
 * Apply the walk to the entry at ptep (level), whose span starts at start,
 * for the part [va, last] of the range that falls in it (whole: all of
 * the span). Descends when the entry is, or must become, a table, and
 * frees that table if the walk left it empty. Returns 0, a negative errno,
 * or what a visit callback returned.
 */
static int pt_walk_entry(struct pt_ctx *c, const struct pt_walk *w, u64 *ptep, int level,
			 virt_addr_t start, virt_addr_t va, virt_addr_t last, bool whole)
{
	const struct pt_format *f = c->fmt;
	u64 mask = (1ULL << pt_level_shift(f, level)) - 1;
	u64 e = READ_ONCE(*ptep);
	bool valid = pt_entry_valid(f, e);
	bool table = pt_entry_is_table(f, level, e);
	phys_addr_t pa = w->pa + (va - w->va), tpa;
	int ret;

	if (w->op == PT_OP_VISIT) {
		struct pt_leaf leaf;

		if (!valid)
			return 0;
		if (table)
			return pt_walk(c, w, pt_entry_pa(f, e), level + 1, va, last);
		leaf.va = start;
		leaf.pa = pt_entry_pa(f, e);
		leaf.size = mask + 1;
		leaf.level = level;
		leaf.prot = pt_leaf_prot(f, e);
		leaf.entry = e;
		leaf.ptep = ptep;
		return w->fn(&leaf, w->arg);
	}

	if (w->op == PT_OP_MAP) {
		if (whole && pt_level_has_blocks(f, level) && !(pa & mask)) {
			pt_set(c, ptep, level, start, pt_leaf_entry(f, level, pa, w->attrs));
			if (table)
				pt_free_tree(c, pt_entry_pa(f, e), level + 1);
			return 0;
		}
		if (!valid) {
			ret = pt_new_table(c, level + 1, &tpa);
			if (ret)
				return ret;
			pt_set(c, ptep, level, start, pt_make_table(f, tpa));
		} else if (!table) {
			/* Already mapped this way: nothing to split. */
			if (pt_entry_pa(f, e) + (va - start) == pa &&
			    e == pt_leaf_entry(f, level, pt_entry_pa(f, e), w->attrs))
				return 0;
			ret = pt_split(c, ptep, level, start, e);
			if (ret)
				return ret;
		}
	} else {
		if (!valid)
			return 0;
		if (whole && w->op == PT_OP_UNMAP) {
			pt_set(c, ptep, level, start, 0);
			if (table)
				pt_free_tree(c, pt_entry_pa(f, e), level + 1);
			return 0;
		}
		if (!table) {
			u64 new = pt_leaf_entry(f, level, pt_entry_pa(f, e), w->attrs);

			if (whole || e == new) {
				pt_set(c, ptep, level, start, new);
				return 0;
			}
			ret = pt_split(c, ptep, level, start, e);
			if (ret)
				return ret;
		}
	}

	/* Descend into the (possibly new) table. */
	tpa = pt_entry_pa(f, READ_ONCE(*ptep));
	ret = pt_walk(c, w, tpa, level + 1, va, last);
	if ((ret || w->op == PT_OP_UNMAP) && pt_table_empty(c, tpa, level + 1)) {
		pt_set(c, ptep, level, start, 0);
		pt_free_table(c, tpa);
	}
	return ret;
}

/*
 * Walk the entries of the table at physical address table (at level) that
 * overlap [va, last] (last is the range's last byte, so a range may end at
 * the top of the address space), in address order. Returns the first
 * non-zero result of pt_walk_entry, else 0.
 */
static int pt_walk(struct pt_ctx *c, const struct pt_walk *w, phys_addr_t table, int level,
		   virt_addr_t va, virt_addr_t last)
{
	const struct pt_format *f = c->fmt;
	unsigned int shift = pt_level_shift(f, level);
	u64 mask = (1ULL << shift) - 1;
	u64 *t = c->ops->table(c, table, level);
	/* The range lies inside this table's span: its entries are consecutive. */
	u64 *ptep = &t[(va >> shift) & (pt_entries(f, level) - 1)];
	/* Mapping onto empty entries, a whole aligned span is one leaf: the common case. */
	bool leaves = w->op == PT_OP_MAP && pt_level_has_blocks(f, level) &&
		      !((w->pa - w->va) & mask);
	u64 leaf = leaves ? pt_leaf_entry(f, level, 0, w->attrs) : 0;
	phys_addr_t pa = w->pa + (va - w->va);

	for (;;) {
		virt_addr_t start = va & ~mask;
		virt_addr_t end = MIN(last, start + mask);
		bool whole = va == start && end == start + mask;
		int ret;

		if (leaves && whole) {
			/* The whole spans from va on, as far as they are empty. */
			u64 n = pt_fill_leaves(c, ptep, level, shift, va,
					       pt_oa_run(f, pa, shift, ((last - end) >> shift) + 1),
					       leaf | pt_oa_bits(f, pa),
					       (mask + 1) >> f->oa_rshift);

			if (n) {
				if ((n << shift) - 1 == last - va)
					return 0;
				ptep += n;
				pa += n << shift;
				va += n << shift;
				continue;
			}
		}
		ret = pt_walk_entry(c, w, ptep, level, start, va, end, whole);
		if (ret || end == last)
			return ret;
		ptep++;
		pa += end + 1 - va;
		va = end + 1;
	}
}

/*
 * Check a range of size bytes at va: canonical, in one half, not wrapping.
 * With align, va and size must also be page aligned. Returns 0 and the
 * range's last byte in *last, or -EINVAL.
 */
static int pt_check_range(const struct pt_format *f, virt_addr_t va, u64 size, bool align,
			  virt_addr_t *last)
{
	u64 top = va >> f->kva_bits;

	if (align && ((va | size) & ((1ULL << f->page_shift) - 1)))
		return -EINVAL;
	*last = va + size - 1;
	if (*last < va)
		return -EINVAL;
	if (top != 0 && top != U64_MAX >> f->kva_bits)
		return -EINVAL;
	if (*last >> f->kva_bits != top)
		return -EINVAL;
	return 0;
}

/*
 * Run w over [va, va + size): page aligned unless w only visits. A map
 * also checks its physical range and allocates the root first when c->root
 * is 0; the other walks have nothing to do in an empty tree. Returns 0,
 * -EINVAL for a bad range, or what the walk returned.
 */
static int pt_walk_range(struct pt_ctx *c, const struct pt_walk *w, virt_addr_t va, u64 size)
{
	const struct pt_format *f = c->fmt;
	u64 page_mask = (1ULL << f->page_shift) - 1;
	virt_addr_t last;
	int ret;

	if (!size)
		return 0;
	ret = pt_check_range(f, va, size, w->op != PT_OP_VISIT, &last);
	if (ret)
		return ret;
	if (w->op == PT_OP_MAP) {
		if ((w->pa & page_mask) || w->pa + (size - 1) < w->pa ||
		    (w->pa + (size - 1)) >> f->pa_bits)
			return -EINVAL;
		if (!c->root) {
			ret = pt_new_table(c, 0, &c->root);
			if (ret)
				return ret;
		}
	}
	if (!c->root)
		return 0;
	return pt_walk(c, w, c->root, 0, va, last);
}

/*
 * Map [va, va + size) to pa with prot (see the header). Returns 0, -EINVAL
 * or -ENOMEM; after -ENOMEM part of the range may be mapped, and the tree
 * stays consistent.
 */
int pt_map(struct pt_ctx *c, virt_addr_t va, phys_addr_t pa, u64 size, unsigned int prot)
{
	struct pt_walk w = {
		.op = PT_OP_MAP, .va = va, .pa = pa, .attrs = pt_prot_attrs(c->fmt, prot)
	};

	return pt_walk_range(c, &w, va, size);
}

/* Unmap [va, va + size) (see the header). Returns 0, -EINVAL or -ENOMEM. */
int pt_unmap(struct pt_ctx *c, virt_addr_t va, u64 size)
{
	struct pt_walk w = { .op = PT_OP_UNMAP };

	return pt_walk_range(c, &w, va, size);
}

/* Change the protection in [va, va + size) (see the header). Returns 0 or an errno. */
int pt_protect(struct pt_ctx *c, virt_addr_t va, u64 size, unsigned int prot)
{
	struct pt_walk w = { .op = PT_OP_PROTECT, .attrs = pt_prot_attrs(c->fmt, prot) };

	return pt_walk_range(c, &w, va, size);
}

/*
 * Call fn for every leaf overlapping [va, va + size) in address order; va
 * and size need no alignment. Returns 0, fn's first non-zero value, or
 * -EINVAL for a non-canonical range.
 */
int pt_for_each_leaf(struct pt_ctx *c, virt_addr_t va, u64 size,
		     int (*fn)(const struct pt_leaf *leaf, void *arg), void *arg)
{
	struct pt_walk w = { .op = PT_OP_VISIT, .fn = fn, .arg = arg };

	return pt_walk_range(c, &w, va, size);
}

/* pt_lookup's visit: copy the one leaf found and stop. */
static int pt_lookup_leaf(const struct pt_leaf *leaf, void *arg)
{
	*(struct pt_leaf *)arg = *leaf;
	return 1;
}

/*
 * Translate va. Returns 0 with the leaf containing it in *out, -ENOENT
 * when va is not mapped, -EINVAL when it is not canonical.
 */
int pt_lookup(struct pt_ctx *c, virt_addr_t va, struct pt_leaf *out)
{
	int ret = pt_for_each_leaf(c, va, 1, pt_lookup_leaf, out);

	if (ret < 0)
		return ret;
	return ret ? 0 : -ENOENT;
}

/*
 * For pt_min_tables: the k-th (0 or 1) run of level-l entry indices that
 * range r needs a next-level table for. When level l may not hold r's
 * leaves (no blocks there, or va and pa disagree below the entry size),
 * every entry r touches needs one (k 0); otherwise only a first (k 0) or
 * last (k 1) entry that r covers in part. Returns false when there is no
 * such run.
 */
static bool pt_range_tables(const struct pt_format *f, const struct pt_range *r, int level, int k,
			    u64 *lo, u64 *hi)
{
	unsigned int shift = pt_level_shift(f, level);
	u64 mask = (1ULL << shift) - 1;
	virt_addr_t last = r->va + r->size - 1;
	u64 a = r->va >> shift, b = last >> shift;
	bool head_part = (r->va & mask) || (a == b && (last & mask) != mask);
	bool tail_part = (last & mask) != mask || (a == b && (r->va & mask));

	if (!r->size)
		return false;
	if (!pt_level_has_blocks(f, level) || ((r->va ^ r->pa) & mask)) {
		*lo = a;
		*hi = b;
		return k == 0;
	}
	*lo = *hi = k ? b : a;
	return k ? tail_part : head_part;
}

/*
 * The table pages (root included) that mapping the ranges into an empty
 * tree takes, with the largest leaves (the walker's choice). Per level,
 * counts the entry indices in the union of the runs pt_range_tables gives:
 * ranges in increasing address order give runs that start in increasing
 * order too, so one pass that remembers how far it counted is enough.
 */
unsigned long pt_min_tables(const struct pt_format *f, const struct pt_range *ranges, int n)
{
	unsigned long count = 1;
	int level, i, k;

	for (level = 0; level < f->levels - 1; level++) {
		u64 next = 0; /* every index below next is counted */

		for (i = 0; i < n; i++) {
			for (k = 0; k < 2; k++) {
				u64 lo, hi;

				if (!pt_range_tables(f, &ranges[i], level, k, &lo, &hi) ||
				    hi < next)
					continue;
				count += hi - MAX(lo, next) + 1;
				next = hi + 1;
			}
		}
	}
	return count;
}
