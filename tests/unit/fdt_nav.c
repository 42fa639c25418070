// SPDX-License-Identifier: GPL-2.0
/*
 * Device-tree navigation for the tests (see fdt_nav.h). It decodes tokens
 * itself (nav_token()), checking each against the block as the kernel's
 * reader does, and leaves reg decoding, string lists, property lookup and
 * node names to the kernel's primitives, which the tests thereby exercise
 * on every node.
 */
#include <string.h>

#include "fdt_nav.h"

int nav_check(const void *blob, size_t size)
{
	struct fdt_walker w = { 0 };
	struct fdt_item it;
	struct fdt f;
	int err = fdt_init(&f, blob, size);

	if (err)
		return err;
	while ((err = fdt_walk(&f, &w, &it)) > 0)
		;
	return err;
}

#define T_BEGIN_NODE 1
#define T_END_NODE   2
#define T_PROP	     3
#define T_NOP	     4
#define T_END	     9

/* The token at off: its tag and *next, or a negative error (as lib/fdt.c). */
static int nav_token(const struct fdt *fdt, int off, int *next)
{
	u32 size = fdt->size_struct, tag, len, room;
	const u8 *s;
	u64 end;
	size_t n;

	if (off < 0 || (off & 3) || (u32)off > size || size - (u32)off < 4)
		return -FDT_ERR_TRUNCATED;
	s = fdt->blob + fdt->off_struct;
	room = size - (u32)off - 4;
	tag = fdt32_ld(s + off);
	switch (tag) {
	case T_BEGIN_NODE:
		n = strnlen((const char *)s + off + 4, room);
		if (n == room)
			return -FDT_ERR_BADSTRUCTURE;
		end = (u64)off + 4 + n + 1;
		break;
	case T_PROP:
		if (room < 8)
			return -FDT_ERR_BADSTRUCTURE;
		len = fdt32_ld(s + off + 4);
		if (len > room - 8)
			return -FDT_ERR_BADSTRUCTURE;
		if (fdt32_ld(s + off + 8) >= fdt->strings_end)
			return -FDT_ERR_BADSTRING;
		end = (u64)off + 12 + len;
		break;
	case T_END_NODE:
	case T_NOP:
	case T_END: end = (u64)off + 4; break;
	default: return -FDT_ERR_BADSTRUCTURE;
	}
	*next = (int)((end + 3) & ~3ull);
	return (int)tag;
}

static int nav_check_node(const struct fdt *fdt, int node, int *next)
{
	return nav_token(fdt, node, next) == T_BEGIN_NODE ? 0 : -FDT_ERR_BADOFFSET;
}

/* From off, skip NOPs: the first other token's tag, *at its offset. */
static int nav_skip_nops(const struct fdt *fdt, int off, int *at, int *next)
{
	int tag;

	for (;;) {
		tag = nav_token(fdt, off, next);
		if (tag != T_NOP) {
			*at = off;
			return tag;
		}
		off = *next;
	}
}

int nav_root(const struct fdt *fdt)
{
	(void)fdt;
	return 0;
}

int nav_next_node(const struct fdt *fdt, int node, int *depth)
{
	int off, next, tag, d = 0;

	if (nav_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	for (;;) {
		off = next;
		tag = nav_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == T_END)
			return -FDT_ERR_NOTFOUND;
		if (tag == T_END_NODE)
			d--;
		if (tag == T_BEGIN_NODE) {
			if (depth)
				*depth += d + 1;
			return off;
		}
	}
}

int nav_first_child(const struct fdt *fdt, int node)
{
	int off, next, tag;

	if (nav_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	do {
		off = next;
		tag = nav_token(fdt, off, &next);
	} while (tag == T_PROP || tag == T_NOP);
	if (tag == T_BEGIN_NODE)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

int nav_next_sibling(const struct fdt *fdt, int node)
{
	int off, next, tag, level = 0;

	if (nav_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	off = node;
	do {
		tag = nav_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == T_END)
			return -FDT_ERR_BADSTRUCTURE;
		if (tag == T_BEGIN_NODE)
			level++;
		if (tag == T_END_NODE)
			level--;
		off = next;
	} while (level > 0);
	tag = nav_skip_nops(fdt, off, &off, &next);
	if (tag == T_BEGIN_NODE)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

/* Walk from the root keeping the last node seen at each depth. */
int nav_parent(const struct fdt *fdt, int node)
{
	int path[FDT_MAX_DEPTH];
	int n = 0, d = 0, next;

	if (nav_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	if (node == 0)
		return -FDT_ERR_NOTFOUND;
	while (n >= 0 && n < node) {
		if (d < 0 || d >= FDT_MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		path[d] = n;
		n = nav_next_node(fdt, n, &d);
	}
	if (n != node)
		return n < 0 && n != -FDT_ERR_NOTFOUND ? n : -FDT_ERR_BADOFFSET;
	if (d < 1 || d > FDT_MAX_DEPTH)
		return -FDT_ERR_BADSTRUCTURE;
	return path[d - 1];
}

static int span_to(const char *p, const char *end, char c)
{
	int n = 0;

	while (p + n < end && p[n] != c)
		n++;
	return n;
}

static int nav_subnode(const struct fdt *fdt, int parent, const char *name, int len)
{
	int child;

	for (child = nav_first_child(fdt, parent); child >= 0;
	     child = nav_next_sibling(fdt, child)) {
		if (fdt_node_name_matches(fdt_node_name(fdt, child, NULL), name, len))
			return child;
	}
	return child;
}

static int nav_walk_path(const struct fdt *fdt, int node, const char *p, const char *end)
{
	int n;

	while (node >= 0) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		n = span_to(p, end, '/');
		node = nav_subnode(fdt, node, p, n);
		p += n;
	}
	return node;
}

static int nav_alias(const struct fdt *fdt, const char *name, int len)
{
	const char *val;
	u32 vlen;
	int aliases;

	aliases = nav_subnode(fdt, 0, "aliases", 7);
	if (aliases < 0)
		return aliases;
	val = fdt_getprop_namelen(fdt, aliases, name, (u32)len, &vlen);
	if (!val)
		return -FDT_ERR_NOTFOUND;
	if (!vlen || strnlen(val, vlen) == vlen || val[0] != '/')
		return -FDT_ERR_BADVALUE;
	return nav_walk_path(fdt, 0, val, val + strlen(val));
}

int nav_path_offset(const struct fdt *fdt, const char *path, int len)
{
	const char *end;
	int node, n;

	if (nav_check_node(fdt, 0, &n))
		return -FDT_ERR_BADOFFSET;
	if (!path)
		return -FDT_ERR_NOTFOUND;
	end = path + (len < 0 ? strlen(path) : strnlen(path, (size_t)len));
	if (path == end)
		return -FDT_ERR_NOTFOUND;
	if (*path == '/')
		return nav_walk_path(fdt, 0, path, end);
	n = span_to(path, end, '/');
	node = nav_alias(fdt, path, n);
	return nav_walk_path(fdt, node, path + n, end);
}

int nav_first_prop(const struct fdt *fdt, int node)
{
	int off, next, tag;

	if (nav_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	tag = nav_skip_nops(fdt, next, &off, &next);
	if (tag == T_PROP)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

int nav_next_prop(const struct fdt *fdt, int prop)
{
	int off, next, tag;

	if (nav_token(fdt, prop, &next) != T_PROP)
		return -FDT_ERR_BADOFFSET;
	tag = nav_skip_nops(fdt, next, &off, &next);
	if (tag == T_PROP)
		return off;
	return tag < 0 ? tag : -FDT_ERR_NOTFOUND;
}

const void *nav_prop(const struct fdt *fdt, int prop, const char **name, u32 *len)
{
	const u8 *p;
	int next;

	if (nav_token(fdt, prop, &next) != T_PROP) {
		if (name)
			*name = NULL;
		if (len)
			*len = 0;
		return NULL;
	}
	p = fdt->blob + fdt->off_struct + prop;
	if (name)
		*name = (const char *)fdt->blob + fdt->off_strings + fdt32_ld(p + 8);
	if (len)
		*len = fdt32_ld(p + 4);
	return p + 12;
}

bool nav_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	size_t want = strlen(compat);
	const char *list;
	u32 len, pos = 0;
	int n;

	list = fdt_getprop(fdt, node, "compatible", &len);
	while (list && (n = fdt_string_next(list, len, &pos)) >= 0)
		if ((size_t)n == want && !memcmp(list + pos - n - 1, compat, want))
			return true;
	return false;
}

int nav_find_compatible(const struct fdt *fdt, int start, const char *compat)
{
	int node;

	node = start < 0 ? 0 : nav_next_node(fdt, start, NULL);
	for (; node >= 0; node = nav_next_node(fdt, node, NULL))
		if (nav_is_compatible(fdt, node, compat))
			return node;
	return node;
}

static int nav_cells(const struct fdt *fdt, int node, const char *name, int dflt)
{
	u32 val;
	int err;

	err = fdt_getprop_u32(fdt, node, name, &val);
	if (err == -FDT_ERR_NOTFOUND)
		return dflt;
	if (err)
		return err;
	if (val > 2)
		return -FDT_ERR_BADCELLS;
	return (int)val;
}

int nav_address_cells(const struct fdt *fdt, int node)
{
	return nav_cells(fdt, node, "#address-cells", 2);
}

int nav_size_cells(const struct fdt *fdt, int node)
{
	return nav_cells(fdt, node, "#size-cells", 1);
}

/* node's reg and its parent's cell counts (the root's: 2 and 1). */
static int nav_reg(const struct fdt *fdt, int node, const void **reg, u32 *len, int *ac, int *sc)
{
	int parent, next;

	if (nav_check_node(fdt, node, &next))
		return -FDT_ERR_BADOFFSET;
	*reg = fdt_getprop(fdt, node, "reg", len);
	if (!*reg)
		return -FDT_ERR_NOTFOUND;
	parent = nav_parent(fdt, node);
	if (parent == -FDT_ERR_NOTFOUND) {
		*ac = 2;
		*sc = 1;
		return 0;
	}
	if (parent < 0)
		return parent;
	*ac = nav_address_cells(fdt, parent);
	if (*ac < 0)
		return *ac;
	*sc = nav_size_cells(fdt, parent);
	return *sc < 0 ? *sc : 0;
}

int nav_read_reg(const struct fdt *fdt, int node, unsigned int index, struct fdt_range *out)
{
	const void *reg;
	u32 len;
	int ac, sc, err;

	err = nav_reg(fdt, node, &reg, &len, &ac, &sc);
	if (err)
		return err;
	return fdt_reg_entry(reg, len, (u32)ac, (u32)sc, index, out);
}

int nav_memory_banks(const struct fdt *fdt, struct fdt_range *banks, int max)
{
	struct fdt_range r;
	const char *type;
	const void *reg;
	int node, err, count = 0, ac, sc;
	u32 len, i;

	for (node = 0; node >= 0; node = nav_next_node(fdt, node, NULL)) {
		type = fdt_getprop(fdt, node, "device_type", &len);
		if (!type || len < 7 || memcmp(type, "memory", 7))
			continue;
		err = nav_reg(fdt, node, &reg, &len, &ac, &sc);
		if (err == -FDT_ERR_NOTFOUND)
			continue;
		if (err)
			return err;
		if (sc == 0)
			return -FDT_ERR_BADCELLS;
		for (i = 0; (err = fdt_reg_entry(reg, len, (u32)ac, (u32)sc, i, &r)) == 0;
		     i++, count++)
			if (banks && count < max)
				banks[count] = r;
		if (err != -FDT_ERR_NOTFOUND)
			return err;
	}
	return node == -FDT_ERR_NOTFOUND ? count : node;
}

int nav_num_mem_rsv(const struct fdt *fdt)
{
	return fdt->blob ? (int)fdt->rsv_count : -FDT_ERR_BADOFFSET;
}

int nav_get_mem_rsv(const struct fdt *fdt, int i, struct fdt_range *out)
{
	if (!fdt->blob)
		return -FDT_ERR_BADOFFSET;
	if (i < 0 || (u32)i >= fdt->rsv_count)
		return -FDT_ERR_NOTFOUND;
	fdt_mem_rsv(fdt, (u32)i, out);
	return 0;
}

const char *nav_bootargs(const struct fdt *fdt)
{
	const char *args;
	u32 len;
	int chosen;

	chosen = nav_path_offset(fdt, "/chosen", -1);
	if (chosen < 0)
		return NULL;
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (!args || !len || strnlen(args, len) == len)
		return NULL;
	return args;
}

int nav_stdout_node(const struct fdt *fdt)
{
	const char *path;
	u32 len;
	int chosen;

	chosen = nav_path_offset(fdt, "/chosen", -1);
	if (chosen < 0)
		return chosen;
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!path)
		return -FDT_ERR_NOTFOUND;
	if (!len || strnlen(path, len) == len)
		return -FDT_ERR_BADVALUE;
	return nav_path_offset(fdt, path, span_to(path, path + len, ':'));
}
