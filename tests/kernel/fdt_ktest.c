// SPDX-License-Identifier: GPL-2.0
/*
 * The device-tree reader on the live DTB, the one the kernel booted with.
 * The host tests (tests/unit/test_fdt.c) cover the reader in depth; these
 * check that it reads this machine's tree the way the kernel relies on:
 * a root, /chosen, RAM, a console, every reg, every path.
 */
#include <lander/boot.h>
#include <lander/fdt.h>
#include <lander/ktest.h>
#include <lander/string.h>

/* Room for one path; deeper or longer ones are skipped, not failed. */
#define PATH_MAX_LEN 256
#define MAX_BANKS    16

/* The boot DTB, or a failure if the kernel has none. */
static const struct fdt *live_fdt(struct ktest *t)
{
	const struct fdt *fdt = boot_fdt();

	if (!fdt)
		ktest_fail(t, __FILE__, __LINE__, "boot_fdt() returned NULL");
	return fdt;
}

/*
 * Write node's absolute path into buf by collecting the names of its
 * ancestors. Returns false if it does not fit.
 */
static bool node_path(const struct fdt *fdt, int node, char *buf, size_t size)
{
	const char *names[FDT_MAX_DEPTH];
	int depth = 0, n;
	size_t len = 0, l;

	for (n = node; n > 0; n = fdt_parent(fdt, n)) {
		if (depth == FDT_MAX_DEPTH)
			return false;
		names[depth++] = fdt_node_name(fdt, n, NULL);
	}
	if (n < 0 && n != -FDT_ERR_NOTFOUND)
		return false;
	if (depth == 0)
		buf[len++] = '/';
	while (depth-- > 0) {
		l = strlen(names[depth]);
		if (len + l + 2 > size)
			return false;
		buf[len++] = '/';
		memcpy(buf + len, names[depth], l);
		len += l;
	}
	buf[len] = '\0';
	return true;
}

/* Checking the blob again from scratch gives the same view. */
static void test_fdt_revalidate(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	struct fdt again;

	if (!fdt)
		return;
	KEXPECT_EQ(t, fdt_init(&again, fdt->blob, fdt->totalsize), 0);
	KEXPECT_EQ(t, again.off_struct, fdt->off_struct);
	KEXPECT_EQ(t, again.size_struct, fdt->size_struct);
	KEXPECT_EQ(t, again.off_strings, fdt->off_strings);
	KEXPECT_TRUE(t, fdt->version >= 16);
}

/* The root node is at offset 0, nameless, and says what the machine is. */
static void test_fdt_root(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	const char *compat, *name;
	u32 len = 0;
	int root, nlen = -1;

	if (!fdt)
		return;
	root = fdt_root(fdt);
	KEXPECT_EQ(t, root, 0);
	name = fdt_node_name(fdt, root, &nlen);
	KEXPECT_STREQ(t, name, "");
	KEXPECT_EQ(t, nlen, 0);
	KEXPECT_EQ(t, fdt_parent(fdt, root), -FDT_ERR_NOTFOUND);
	compat = fdt_getprop(fdt, root, "compatible", &len);
	KEXPECT_TRUE(t, compat != NULL);
	KEXPECT_TRUE(t, len > 1);
	if (compat && len > 1)
		KEXPECT_TRUE(t, fdt_is_compatible(fdt, root, compat));
	KEXPECT_EQ(t, fdt_path_offset(fdt, "/", -1), root);
}

static void test_fdt_chosen(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	int chosen;

	if (!fdt)
		return;
	chosen = fdt_path_offset(fdt, "/chosen", -1);
	KEXPECT_TRUE(t, chosen > 0);
	KEXPECT_EQ(t, fdt_parent(fdt, chosen), fdt_root(fdt));
	KEXPECT_STREQ(t, fdt_node_name(fdt, chosen, NULL), "chosen");
}

/* At least one bank of RAM, none empty, none wrapping around. */
static void test_fdt_memory_banks(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	struct fdt_range banks[MAX_BANKS];
	int n, i;

	if (!fdt)
		return;
	n = fdt_memory_banks(fdt, banks, MAX_BANKS);
	KEXPECT_TRUE(t, n >= 1);
	/* Banks may be empty (the kernel ignores those), but none wraps... */
	for (i = 0; i < n && i < MAX_BANKS; i++)
		KEXPECT_TRUE(t, banks[i].base + banks[i].size >= banks[i].base);
	/* ...and one of them holds the running kernel. */
	for (i = 0; i < n && i < MAX_BANKS; i++) {
		if (boot_info.kimage_pa - banks[i].base < banks[i].size)
			break;
	}
	KEXPECT_TRUE(t, i < n && i < MAX_BANKS);
	KEXPECT_EQ(t, fdt_memory_banks(fdt, NULL, 0), n);
}

/* The console /chosen/stdout-path names is a real device. */
static void test_fdt_stdout(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	struct fdt_range reg;
	int node;

	if (!fdt)
		return;
	node = fdt_stdout_node(fdt);
	KEXPECT_TRUE(t, node > 0);
	if (node <= 0)
		return;
	KEXPECT_TRUE(t, fdt_getprop(fdt, node, "compatible", NULL) != NULL);
	KEXPECT_TRUE(t, fdt_getprop(fdt, node, "reg", NULL) != NULL);
	KEXPECT_EQ(t, fdt_read_reg(fdt, node, 0, &reg), 0);
	KEXPECT_NE(t, reg.size, 0);
}

/*
 * Every reg decodes, except below a parent whose cell counts a 64-bit
 * kernel cannot use (PCI's three address cells): that is refused on
 * purpose with -FDT_ERR_BADCELLS.
 */
static void test_fdt_every_reg(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	struct fdt_range r;
	int node, err, regs = 0;
	unsigned int i;

	if (!fdt)
		return;
	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		if (!fdt_getprop(fdt, node, "reg", NULL) || node == fdt_root(fdt))
			continue;
		if (fdt_address_cells(fdt, fdt_parent(fdt, node)) == -FDT_ERR_BADCELLS ||
		    fdt_size_cells(fdt, fdt_parent(fdt, node)) == -FDT_ERR_BADCELLS)
			continue;
		for (i = 0; (err = fdt_read_reg(fdt, node, i, &r)) == 0; i++)
			;
		if (err != -FDT_ERR_NOTFOUND || i == 0)
			ktest_fail(t, __FILE__, __LINE__, "%s: reg entry %u: %s",
				   fdt_node_name(fdt, node, NULL), i, fdt_strerror(err));
		regs++;
	}
	KEXPECT_EQ(t, node, -FDT_ERR_NOTFOUND);
	KEXPECT_TRUE(t, regs > 0);
}

/* Children and parents agree, and the walk's depth matches. */
static void test_fdt_tree_links(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	int node, child, depth = 0, d, p;

	if (!fdt)
		return;
	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		for (d = 0, p = node; p > 0; p = fdt_parent(fdt, p))
			d++;
		KEXPECT_EQ(t, d, depth);
		for (child = fdt_first_child(fdt, node); child >= 0;
		     child = fdt_next_sibling(fdt, child))
			KEXPECT_EQ(t, fdt_parent(fdt, child), node);
		KEXPECT_EQ(t, child, -FDT_ERR_NOTFOUND);
	}
	KEXPECT_EQ(t, node, -FDT_ERR_NOTFOUND);
}

/*
 * A component without a unit address also matches a sibling's name with
 * one, and the first match wins: "/a" finds "a@1" if it comes before "a".
 */
static bool earlier_namesake(const struct fdt *fdt, int node, int found)
{
	const char *want = fdt_node_name(fdt, node, NULL);
	const char *got = found >= 0 ? fdt_node_name(fdt, found, NULL) : NULL;
	size_t len;

	if (!want || !got || found > node || strchr(want, '@'))
		return false;
	len = strlen(want);
	return fdt_parent(fdt, found) == fdt_parent(fdt, node) && !strncmp(want, got, len) &&
	       got[len] == '@';
}

/* Each node's full path, built from its ancestors, leads back to it. */
static void test_fdt_path_round_trip(struct ktest *t)
{
	const struct fdt *fdt = live_fdt(t);
	char path[PATH_MAX_LEN];
	int node, found, nodes = 0;

	if (!fdt)
		return;
	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		if (!node_path(fdt, node, path, sizeof(path)))
			continue;
		found = fdt_path_offset(fdt, path, -1);
		if (found != node && !earlier_namesake(fdt, node, found))
			ktest_fail(t, __FILE__, __LINE__, "%s: offset %d, want %d", path, found,
				   node);
		nodes++;
	}
	KEXPECT_TRUE(t, nodes > 1);
}

static const struct ktest_case fdt_cases[] = {
	KTEST_CASE(test_fdt_revalidate),
	KTEST_CASE(test_fdt_root),
	KTEST_CASE(test_fdt_chosen),
	KTEST_CASE(test_fdt_memory_banks),
	KTEST_CASE(test_fdt_stdout),
	KTEST_CASE(test_fdt_every_reg),
	KTEST_CASE(test_fdt_tree_links),
	KTEST_CASE(test_fdt_path_round_trip),
	{},
};
KTEST_SUITE(fdt, fdt_cases);
