// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of lib/dt_cpus.c, the /cpus reader.
 *
 *	test_dt_cpus FIXTURE_DIR
 *
 * Trees are written with libfdt's sequential-write calls (loaded with
 * dlopen, as in test_fdt.c: its names clash with the kernel's), copied
 * into a buffer of exactly their size so that AddressSanitizer sees any
 * read past the blob. First come hand-written trees shaped like the ones
 * QEMU and real boards give (each with its expectation worked out from the
 * Devicetree Specification and the bindings), then structure blocks broken
 * on purpose, then every fixture and board tree against an oracle that
 * reads /cpus with libfdt's own navigation (the boards' trees come from
 * make board-dtbs; FDT_BOARDS=DIR for another place), the Raspberry Pi
 * 3B's against values read off its source, then a seeded random
 * differential test against a model of the trees it writes, and last a
 * random-mutation loop. DT_CPUS_SEED=N picks the seed, DT_CPUS_ROUNDS=N
 * the number of random trees (and mutations).
 */
#include <dirent.h>
#include <dlfcn.h>
#include <endian.h>
#include <stdint.h>
#include <string.h>

#include <lander/dt_cpus.h>
#include <lander/fdt.h>

#include "libfdt_dl.h"
#include "splitmix.h"
#include "tap.h"

#define BUF_SIZE    65536
#define MAX_OUT	    16
#define ALL_FLAGS   0x1f
#define FDT_END_TAG 9

/* ------------------------------------------------------------------ */
/* libfdt, loaded at run time */

static struct {
	int (*create)(void *buf, int bufsize);
	int (*finish_reservemap)(void *fdt);
	int (*begin_node)(void *fdt, const char *name);
	int (*property)(void *fdt, const char *name, const void *val, int len);
	int (*end_node)(void *fdt);
	int (*finish)(void *fdt);
	int (*check_full)(const void *fdt, size_t bufsize);
	int (*first_subnode)(const void *fdt, int offset);
	int (*next_subnode)(const void *fdt, int offset);
	const char *(*get_name)(const void *fdt, int node, int *lenp);
	const void *(*getprop)(const void *fdt, int node, const char *name, int *lenp);
} lf;

static int load_libfdt(void)
{
	void *h = libfdt_open();

	if (!h)
		return -1;
#define LOAD(field, sym)                           \
	do {                                       \
		if (libfdt_sym(h, &lf.field, sym)) \
			return -1;                 \
	} while (0)
	LOAD(create, "fdt_create");
	LOAD(finish_reservemap, "fdt_finish_reservemap");
	LOAD(begin_node, "fdt_begin_node");
	LOAD(property, "fdt_property");
	LOAD(end_node, "fdt_end_node");
	LOAD(finish, "fdt_finish");
	LOAD(check_full, "fdt_check_full");
	LOAD(first_subnode, "fdt_first_subnode");
	LOAD(next_subnode, "fdt_next_subnode");
	LOAD(get_name, "fdt_get_name");
	LOAD(getprop, "fdt_getprop");
#undef LOAD
	return 0;
}

/* ------------------------------------------------------------------ */
/* Writing trees */

/* A tree being written; err keeps the first libfdt error. */
struct tree {
	u8 buf[BUF_SIZE];
	int err;
};

static void note(struct tree *t, int err)
{
	if (err && !t->err)
		t->err = err;
}

/* Start a tree: the header, an empty reservation map and the root node. */
static void t_start(struct tree *t)
{
	t->err = 0;
	note(t, lf.create(t->buf, BUF_SIZE));
	note(t, lf.finish_reservemap(t->buf));
	note(t, lf.begin_node(t->buf, ""));
}

static void t_node(struct tree *t, const char *name)
{
	note(t, lf.begin_node(t->buf, name));
}

static void t_end(struct tree *t)
{
	note(t, lf.end_node(t->buf));
}

static void t_prop(struct tree *t, const char *name, const void *val, int len)
{
	note(t, lf.property(t->buf, name, val, len));
}

/* A string property with its NUL. */
static void t_str(struct tree *t, const char *name, const char *s)
{
	t_prop(t, name, s, (int)strlen(s) + 1);
}

/* A property of n big-endian cells. */
static void t_cells(struct tree *t, const char *name, int n, const u32 *cells)
{
	u8 be[64];
	int i;

	for (i = 0; i < n; i++) {
		be[4 * i] = cells[i] >> 24;
		be[4 * i + 1] = cells[i] >> 16;
		be[4 * i + 2] = cells[i] >> 8;
		be[4 * i + 3] = cells[i];
	}
	t_prop(t, name, be, 4 * n);
}

static void t_u32(struct tree *t, const char *name, u32 v)
{
	t_cells(t, name, 1, &v);
}

/*
 * End the root and the tree: a copy of exactly the blob's size (the
 * caller frees it), or NULL if libfdt refused a step.
 */
static u8 *t_finish(struct tree *t, size_t *size)
{
	u8 *blob;

	t_end(t);
	note(t, lf.finish(t->buf));
	if (t->err) {
		printf("# libfdt refused to write the tree: %d\n", t->err);
		return NULL;
	}
	*size = be32toh(*(u32 *)(t->buf + 4));
	blob = malloc(*size);
	memcpy(blob, t->buf, *size);
	return blob;
}

/* The root of a 64-bit machine: 2 address cells, 2 size cells. */
static void t_root(struct tree *t, const char *compatible)
{
	t_start(t);
	t_u32(t, "#address-cells", 2);
	t_u32(t, "#size-cells", 2);
	t_str(t, "compatible", compatible);
}

/* /cpus with acells address cells and no size cells (left open). */
static void t_cpus(struct tree *t, u32 acells)
{
	t_node(t, "cpus");
	t_u32(t, "#address-cells", acells);
	t_u32(t, "#size-cells", 0);
}

/* A cpu node named cpu@ID (left open): reg in acells cells, device_type "cpu". */
static void t_cpu(struct tree *t, u32 acells, u64 id)
{
	u32 reg[2] = { (u32)(id >> 32), (u32)id };
	char name[32];

	snprintf(name, sizeof(name), "cpu@%llx", (unsigned long long)id);
	t_node(t, name);
	t_str(t, "device_type", "cpu");
	t_cells(t, "reg", (int)acells, acells == 2 ? reg : reg + 1);
}

/* ------------------------------------------------------------------ */
/* Reading and checking */

/* dt_cpus_read() on the blob: fdt_init() must accept it. */
static int read_cpus(const u8 *blob, size_t size, struct dt_cpu *out, int max)
{
	struct fdt f;
	int err = fdt_init(&f, blob, size);

	TAP_CHECK(err == 0, "fdt_init: %d", err);
	if (err)
		return 1000;
	return dt_cpus_read(&f, out, max);
}

/* The name of the node at offset node, or "?". */
static const char *node_name(const u8 *blob, int node)
{
	const char *name = lf.get_name(blob, node, NULL);

	return name ? name : "?";
}

/* What one entry should hold. */
struct want {
	const char *name;
	u64 id;
	u32 flags;
	u64 release_addr;
	const char *method, *mmu_type;
};

/* The node names cpu@0 .. cpu@7, for the wants. */
static const char *const cpu_names[8] = { "cpu@0", "cpu@1", "cpu@2", "cpu@3",
					  "cpu@4", "cpu@5", "cpu@6", "cpu@7" };

static struct want want(const char *name, u64 id, u32 flags, u64 release_addr, const char *method,
			const char *mmu_type)
{
	return (struct want){ name, id, flags, release_addr, method, mmu_type };
}

static void check_cpu(const u8 *blob, const struct dt_cpu *c, const struct want *w, int i)
{
	TAP_CHECK(!strcmp(node_name(blob, c->node), w->name), "cpu %d: node %s, want %s", i,
		  node_name(blob, c->node), w->name);
	TAP_CHECK(c->id == w->id, "cpu %d: id 0x%llx, want 0x%llx", i, (unsigned long long)c->id,
		  (unsigned long long)w->id);
	TAP_CHECK(c->flags == w->flags, "cpu %d: flags 0x%x, want 0x%x", i, c->flags, w->flags);
	TAP_CHECK(c->release_addr == w->release_addr, "cpu %d: release 0x%llx, want 0x%llx", i,
		  (unsigned long long)c->release_addr, (unsigned long long)w->release_addr);
	TAP_CHECK(!strcmp(c->method, w->method), "cpu %d: method '%s', want '%s'", i, c->method,
		  w->method);
	TAP_CHECK(!strcmp(c->mmu_type, w->mmu_type), "cpu %d: mmu-type '%s', want '%s'", i,
		  c->mmu_type, w->mmu_type);
}

/* Finish the tree, read it with room for max, and compare with n wanted entries (count total). */
static void expect(struct tree *t, int max, int count, const struct want *w, int n)
{
	struct dt_cpu out[MAX_OUT];
	size_t size;
	u8 *blob = t_finish(t, &size);
	int got, i;

	TAP_CHECK(blob, "tree not written");
	if (!blob)
		return;
	TAP_CHECK(lf.check_full(blob, size) == 0, "libfdt refuses the tree");
	memset(out, 0xa5, sizeof(out));
	got = read_cpus(blob, size, out, max);
	TAP_CHECK(got == count, "read %d, want %d", got, count);
	for (i = 0; got == count && i < n; i++)
		check_cpu(blob, &out[i], &w[i], i);
	/* Nothing is stored past max. */
	for (i = max; i < MAX_OUT; i++)
		TAP_CHECK(out[i].node == (int)0xa5a5a5a5, "entry %d written past max %d", i, max);
	free(blob);
}

/* ------------------------------------------------------------------ */
/* Hand-written trees */

/* The shape of QEMU's arm64 virt tree: PSCI, 4 cpus, 1 or 2 address cells. */
static void qemu_arm64(struct tree *t, u32 acells, const u64 *ids)
{
	int i;

	t_root(t, "linux,dummy-virt");
	t_node(t, "psci");
	t_str(t, "compatible", "arm,psci-1.0");
	t_str(t, "method", "hvc");
	t_end(t);
	t_cpus(t, acells);
	for (i = 0; i < 4; i++) {
		t_cpu(t, acells, ids[i]);
		t_str(t, "compatible", "arm,cortex-a57");
		t_str(t, "enable-method", "psci");
		t_end(t);
	}
	t_end(t);
	t_node(t, "chosen");
	t_end(t);
}

static void test_qemu_arm64(void)
{
	static const u64 ids1[4] = { 0, 1, 2, 3 };
	static const u64 ids2[4] = { 0, 1, 0x100000100ULL, 0x100000101ULL };
	struct want w[4];
	struct tree *t = malloc(sizeof(*t));
	char names[4][32];
	int i;

	/*
	 *	/cpus #address-cells 1: cpu@0 .. cpu@3, enable-method "psci"
	 * Expect 4 entries, ids 0..3, method "psci", no flags.
	 */
	qemu_arm64(t, 1, ids1);
	for (i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "cpu@%x", i);
		w[i] = want(names[i], ids1[i], 0, 0, "psci", "");
	}
	expect(t, MAX_OUT, 4, w, 4);
	tap_case("qemu arm64 virt, #address-cells 1, psci");

	/*
	 *	/cpus #address-cells 2: reg <0 0>, <0 1>, <1 0x100>, <1 0x101> (MPIDR Aff3 set)
	 * Expect ids 0, 1, 0x1_0000_0100 and 0x1_0000_0101: both cells read, high first.
	 */
	qemu_arm64(t, 2, ids2);
	for (i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "cpu@%llx", (unsigned long long)ids2[i]);
		w[i] = want(names[i], ids2[i], 0, 0, "psci", "");
	}
	expect(t, MAX_OUT, 4, w, 4);
	tap_case("qemu arm64 virt, #address-cells 2, Aff3 set");
	free(t);
}

/* The Raspberry Pi 3B's spin table: cpu-release-addr of 8 bytes, or of 4. */
static void test_spin_table(void)
{
	static const struct want w64[4] = {
		{ "cpu@0", 0, DT_CPU_HAS_RELEASE_ADDR, 0xd8, "spin-table", "" },
		{ "cpu@1", 1, DT_CPU_HAS_RELEASE_ADDR, 0xe0, "spin-table", "" },
		{ "cpu@2", 2, DT_CPU_HAS_RELEASE_ADDR, 0xe8, "spin-table", "" },
		{ "cpu@3", 3, DT_CPU_HAS_RELEASE_ADDR, 0xf0, "spin-table", "" },
	};
	struct tree *t = malloc(sizeof(*t));
	struct want w[4];
	int i;

	/*
	 *	cpu@N: enable-method "spin-table", cpu-release-addr = /bits/ 64 <0xd8 + 8N>
	 * Expect the 64-bit addresses, DT_CPU_HAS_RELEASE_ADDR on each.
	 */
	t_root(t, "raspberrypi,3-model-b");
	t_cpus(t, 1);
	for (i = 0; i < 4; i++) {
		u32 rel[2] = { 0, 0xd8 + 8 * (u32)i };

		t_cpu(t, 1, (u64)i);
		t_str(t, "compatible", "arm,cortex-a53");
		t_str(t, "enable-method", "spin-table");
		t_cells(t, "cpu-release-addr", 2, rel);
		t_end(t);
	}
	t_end(t);
	expect(t, MAX_OUT, 4, w64, 4);
	tap_case("raspi3b spin table, 64-bit cpu-release-addr");

	/*
	 *	cpu-release-addr = <0xd8> (one cell) on cpu@0, and an 8-byte one above 4G on cpu@1
	 * Expect 0xd8 read as a u32, and 0x1_0000_00e0 as a u64, big-endian.
	 */
	t_root(t, "raspberrypi,3-model-b");
	t_cpus(t, 1);
	t_cpu(t, 1, 0);
	t_str(t, "enable-method", "spin-table");
	t_u32(t, "cpu-release-addr", 0xd8);
	t_end(t);
	t_cpu(t, 1, 1);
	t_str(t, "enable-method", "spin-table");
	t_cells(t, "cpu-release-addr", 2, (const u32[]){ 1, 0xe0 });
	t_end(t);
	t_end(t);
	w[0] = w64[0];
	w[1] = w64[1];
	w[1].release_addr = 0x1000000e0ULL;
	expect(t, MAX_OUT, 2, w, 2);
	tap_case("spin table, 32-bit and above-4G cpu-release-addr");

	/*
	 *	cpu-release-addr of 2, 12 and 0 bytes
	 * Expect DT_CPU_BAD_RELEASE_ADDR each time, release_addr 0, no HAS flag.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	for (i = 0; i < 3; i++) {
		static const u8 junk[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

		t_cpu(t, 1, (u64)i);
		t_prop(t, "cpu-release-addr", junk, (int[]){ 2, 12, 0 }[i]);
		t_end(t);
	}
	t_end(t);
	for (i = 0; i < 3; i++)
		w[i] = want(cpu_names[i], (u64)i, DT_CPU_BAD_RELEASE_ADDR, 0, "", "");
	expect(t, MAX_OUT, 3, w, 3);
	tap_case("cpu-release-addr neither 4 nor 8 bytes");
	free(t);
}

/* A SiFive FU540-like riscv tree: an E51 without MMU, four Sv39 harts. */
static void test_riscv(void)
{
	struct tree *t = malloc(sizeof(*t));
	struct want w[5];
	int i;

	/*
	 *	cpu@0 mmu-type "riscv,none"; cpu@1..4 "riscv,sv39"; each with an
	 *	interrupt-controller subnode; a cpu-map after them
	 * Expect 5 harts, ids 0..4, the mmu types copied, no enable-method.
	 */
	t_root(t, "sifive,fu540");
	t_cpus(t, 1);
	t_u32(t, "timebase-frequency", 1000000);
	for (i = 0; i < 5; i++) {
		t_cpu(t, 1, (u64)i);
		t_str(t, "compatible", "sifive,rocket0");
		t_str(t, "riscv,isa", i ? "rv64imafdc" : "rv64imac");
		t_str(t, "mmu-type", i ? "riscv,sv39" : "riscv,none");
		t_str(t, "status", "okay");
		t_node(t, "interrupt-controller");
		t_str(t, "compatible", "riscv,cpu-intc");
		t_u32(t, "#interrupt-cells", 1);
		/* A property after the subnode would be malformed: none here. */
		t_end(t);
		t_end(t);
		w[i] = want(cpu_names[i], (u64)i, 0, 0, "", i ? "riscv,sv39" : "riscv,none");
	}
	t_node(t, "cpu-map");
	t_node(t, "cluster0");
	t_node(t, "core0");
	t_u32(t, "cpu", 1);
	t_end(t);
	t_end(t);
	t_end(t);
	t_end(t);
	expect(t, MAX_OUT, 5, w, 5);
	tap_case("riscv fu540-like: riscv,none and riscv,sv39 harts");
	free(t);
}

/* status: "okay", "ok" and absent enable; anything else disables. */
static void test_status(void)
{
	static const char *const status[] = { "okay", "ok", NULL,	"disabled",
					      "fail", "",   "fail-sss", "OKAY" };
	struct tree *t = malloc(sizeof(*t));
	struct want w[8];
	int i;

	/*
	 *	status "okay", "ok", (none), "disabled", "fail", "", "fail-sss", "OKAY"
	 * Expect the first three enabled, the other five DT_CPU_DISABLED (the compare is exact).
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	for (i = 0; i < 8; i++) {
		t_cpu(t, 1, (u64)i);
		t_str(t, "enable-method", "psci");
		if (status[i])
			t_str(t, "status", status[i]);
		t_end(t);
		w[i] = want(cpu_names[i], (u64)i, i < 3 ? 0 : DT_CPU_DISABLED, 0, "psci", "");
	}
	t_end(t);
	expect(t, MAX_OUT, 8, w, 8);
	tap_case("status: okay, ok, absent enabled; disabled, fail and others not");
	free(t);
}

/* reg missing or not one id of #address-cells. */
static void test_no_reg(void)
{
	struct tree *t = malloc(sizeof(*t));
	static const struct want w[4] = {
		{ "cpu@0", 0, DT_CPU_NO_REG, 0, "psci", "" },
		{ "cpu@1", 0, DT_CPU_NO_REG, 0, "psci", "" },
		{ "cpu@2", 0, DT_CPU_NO_REG, 0, "psci", "" },
		{ "cpu@3", 3, 0, 0, "psci", "" },
	};
	struct want w2;

	/*
	 *	cpu@0 no reg; cpu@1 reg of 2 cells under #address-cells 1 (two threads);
	 *	cpu@2 reg of 0 bytes; cpu@3 a good reg
	 * Expect the first three DT_CPU_NO_REG with id 0, all four counted.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	t_node(t, "cpu@0");
	t_str(t, "device_type", "cpu");
	t_str(t, "enable-method", "psci");
	t_end(t);
	t_node(t, "cpu@1");
	t_str(t, "device_type", "cpu");
	t_cells(t, "reg", 2, (const u32[]){ 1, 2 });
	t_str(t, "enable-method", "psci");
	t_end(t);
	t_node(t, "cpu@2");
	t_str(t, "device_type", "cpu");
	t_prop(t, "reg", "", 0);
	t_str(t, "enable-method", "psci");
	t_end(t);
	t_cpu(t, 1, 3);
	t_str(t, "enable-method", "psci");
	t_end(t);
	t_end(t);
	expect(t, MAX_OUT, 4, w, 4);
	tap_case("device_type cpu without a usable reg");

	/*
	 *	no #address-cells in /cpus: the spec's default of 2; reg <0x1 0x2>
	 * Expect id 0x1_0000_0002.
	 */
	t_root(t, "x");
	t_node(t, "cpus");
	t_u32(t, "#size-cells", 0);
	t_cpu(t, 2, 0x100000002ULL);
	t_end(t);
	t_end(t);
	w2 = want("cpu@100000002", 0x100000002ULL, 0, 0, "", "");
	expect(t, MAX_OUT, 1, &w2, 1);
	tap_case("no #address-cells: 2 cells by default");
	free(t);
}

/* Subnodes of /cpus that are not cpus, and subnodes of cpus, are passed over. */
static void test_ignored_nodes(void)
{
	struct tree *t = malloc(sizeof(*t));
	static const struct want w[2] = {
		{ "cpu@0", 0, 0, 0, "psci", "" },
		{ "cpu@1", 1, 0, 0, "psci", "" },
	};

	/*
	 *	/cpus: cpu-map (clusters and cores), cpu@0 with an l2-cache subnode
	 *	whose device_type is "cpu", an l3-cache (device_type "cache"),
	 *	cpu@1, a "cpux" device_type, idle-states; /soc/cpus with a cpu
	 * Expect only cpu@0 and cpu@1.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	t_node(t, "cpu-map");
	t_node(t, "cluster0");
	t_node(t, "core0");
	t_u32(t, "cpu", 1);
	t_end(t);
	t_end(t);
	t_end(t);
	t_cpu(t, 1, 0);
	t_str(t, "enable-method", "psci");
	t_node(t, "l2-cache");
	t_str(t, "device_type", "cpu");
	t_u32(t, "reg", 7);
	t_end(t);
	t_end(t);
	t_node(t, "l3-cache");
	t_str(t, "device_type", "cache");
	t_u32(t, "reg", 8);
	t_end(t);
	t_cpu(t, 1, 1);
	t_str(t, "enable-method", "psci");
	t_end(t);
	t_node(t, "cpu@2");
	t_str(t, "device_type", "cpux");
	t_u32(t, "reg", 2);
	t_end(t);
	t_node(t, "idle-states");
	t_end(t);
	t_end(t);
	t_node(t, "soc");
	t_node(t, "cpus");
	t_u32(t, "#address-cells", 1);
	t_cpu(t, 1, 9);
	t_end(t);
	t_end(t);
	t_end(t);
	expect(t, MAX_OUT, 2, w, 2);
	tap_case("cpu-map, caches, other device_types and deeper cpus ignored");

	/*
	 *	a second depth-1 "cpus", and a "cpus@0", after the first /cpus
	 * Expect only the first /cpus read: its one cpu.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	t_cpu(t, 1, 0);
	t_str(t, "enable-method", "psci");
	t_end(t);
	t_end(t);
	t_cpus(t, 3);
	t_cpu(t, 1, 5);
	t_end(t);
	t_end(t);
	t_node(t, "cpus@0");
	t_u32(t, "#address-cells", 1);
	t_cpu(t, 1, 6);
	t_end(t);
	t_end(t);
	expect(t, MAX_OUT, 1, w, 1);
	tap_case("only the first /cpus counts");
	free(t);
}

/* More cpus than room. */
static void test_max(void)
{
	struct tree *t = malloc(sizeof(*t));
	struct want w[6];
	char names[6][16];
	int i, max;

	/*
	 *	6 cpus, room for max = 4, 1, 0
	 * Expect 6 returned each time, the first max stored, nothing after them.
	 */
	for (max = 4; max >= 0; max -= max == 4 ? 3 : 1) {
		t_root(t, "x");
		t_cpus(t, 1);
		for (i = 0; i < 6; i++) {
			t_cpu(t, 1, (u64)i * 0x100);
			t_str(t, "enable-method", "psci");
			t_end(t);
			snprintf(names[i], sizeof(names[i]), "cpu@%x", i * 0x100);
			w[i] = want(names[i], (u64)i * 0x100, 0, 0, "psci", "");
		}
		t_end(t);
		expect(t, max, 6, w, max);
		tap_case("6 cpus, room for %d", max);
	}
	free(t);
}

/* Trees with no /cpus, or one that cannot be read. */
static void test_no_cpus(void)
{
	struct tree *t = malloc(sizeof(*t));
	size_t size;
	u8 *blob;
	u32 bad;

	/*
	 *	a root with /chosen and /memory only
	 * Expect 0 cpus.
	 */
	t_root(t, "x");
	t_node(t, "chosen");
	t_end(t);
	t_node(t, "memory@40000000");
	t_str(t, "device_type", "memory");
	t_end(t);
	expect(t, MAX_OUT, 0, NULL, 0);
	tap_case("no /cpus: 0");

	/*
	 *	an empty /cpus
	 * Expect 0 cpus.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	t_end(t);
	expect(t, MAX_OUT, 0, NULL, 0);
	tap_case("empty /cpus: 0");

	/*
	 *	/cpus #address-cells 3, 0, 4294967295, and one of 8 bytes, each with a cpu
	 * Expect -FDT_ERR_BADCELLS each time, whether /cpus has children or not.
	 */
	for (bad = 0; bad < 5; bad++) {
		t_root(t, "x");
		t_node(t, "cpus");
		if (bad < 3)
			t_u32(t, "#address-cells", (u32[]){ 3, 0, 0xffffffff }[bad]);
		else
			t_cells(t, "#address-cells", 2, (const u32[]){ 0, 1 });
		if (bad != 4) {
			t_cpu(t, 1, 0);
			t_end(t);
		}
		t_end(t);
		blob = t_finish(t, &size);
		if (blob)
			TAP_CHECK(read_cpus(blob, size, NULL, 0) == -FDT_ERR_BADCELLS,
				  "case %u not refused", bad);
		free(blob);
	}
	tap_case("#address-cells 3, 0, ~0 or not one cell: -FDT_ERR_BADCELLS");
	free(t);
}

/* Strings without their NUL, too long, or lists. */
static void test_strings(void)
{
	static const char long30[] = "abcdefghijklmnopqrstuvwxyz0123";
	static const char cut[] = "abcdefghijklmnopqrstuvw"; /* its first 23 */
	struct tree *t = malloc(sizeof(*t));
	struct want w[6];

	/*
	 *	cpu@0: device_type "cpu", enable-method "psci", status "okay", all without NUL
	 *	cpu@1: enable-method of 30 characters, mmu-type of 23 (fits exactly)
	 *	cpu@2: enable-method of 23, mmu-type of 24 without NUL
	 *	cpu@3: enable-method "spin-table\0psci" (a list), mmu-type "" (empty)
	 *	cpu@4: enable-method of 30 without NUL, the last property of the block's node
	 *	cpu@5: enable-method "ps\0ci" without a final NUL
	 * Expect each string cut at its first NUL or at the property's end, 23 kept at most,
	 * DT_CPU_LONG_STRING on cpu@1, cpu@2 and cpu@4 only.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	t_node(t, "cpu@0");
	t_prop(t, "device_type", "cpu", 3);
	t_u32(t, "reg", 0);
	t_prop(t, "enable-method", "psci", 4);
	t_prop(t, "status", "okay", 4);
	t_end(t);
	t_cpu(t, 1, 1);
	t_str(t, "enable-method", long30);
	t_prop(t, "mmu-type", long30, 23);
	t_prop(t, "mmu-type-pad", "", 1);
	t_end(t);
	t_cpu(t, 1, 2);
	t_prop(t, "enable-method", long30, 24);
	t_prop(t, "mmu-type", long30, 24);
	t_end(t);
	t_cpu(t, 1, 3);
	t_prop(t, "enable-method", "spin-table\0psci", 16);
	t_str(t, "mmu-type", "");
	t_end(t);
	t_cpu(t, 1, 4);
	t_prop(t, "enable-method", long30, 30);
	t_end(t);
	t_cpu(t, 1, 5);
	t_prop(t, "enable-method", "ps\0ci", 5);
	t_end(t);
	t_end(t);
	w[0] = want("cpu@0", 0, 0, 0, "psci", "");
	w[1] = want("cpu@1", 1, DT_CPU_LONG_STRING, 0, cut, cut);
	w[2] = want("cpu@2", 2, DT_CPU_LONG_STRING, 0, cut, cut);
	w[3] = want("cpu@3", 3, 0, 0, "spin-table", "");
	w[4] = want("cpu@4", 4, DT_CPU_LONG_STRING, 0, cut, "");
	w[5] = want("cpu@5", 5, 0, 0, "ps", "");
	/* cpu@1's mmu-type is 23 bytes, no NUL: it fits, so the flag there is the method's. */
	expect(t, MAX_OUT, 6, w, 6);
	tap_case("strings without NUL, lists, and over-long ones truncated");

	/*
	 *	enable-method of exactly 23 characters with its NUL
	 * Expect it whole, no DT_CPU_LONG_STRING.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	t_cpu(t, 1, 0);
	t_prop(t, "enable-method", cut, 24);
	t_end(t);
	t_end(t);
	w[0] = want("cpu@0", 0, 0, 0, cut, "");
	expect(t, MAX_OUT, 1, w, 1);
	tap_case("a 23-character string fits");
	free(t);
}

/* ------------------------------------------------------------------ */
/* Broken structure blocks */

/* The blob offset of the FDT_BEGIN_NODE token of the node called name, or 0. */
static u32 find_node(const u8 *blob, const char *name)
{
	u32 off_struct = be32toh(*(const u32 *)(blob + 8));
	u32 size_struct = be32toh(*(const u32 *)(blob + 36)), o;
	size_t n = strlen(name) + 1;

	for (o = 4; o + n <= size_struct; o += 4)
		if (!memcmp(blob + off_struct + o, name, n) &&
		    be32toh(*(const u32 *)(blob + off_struct + o - 4)) == 1)
			return off_struct + o - 4;
	return 0;
}

/* The blob offset of the FDT_END token (the structure block's last word). */
static u32 find_end(const u8 *blob)
{
	return be32toh(*(const u32 *)(blob + 8)) + be32toh(*(const u32 *)(blob + 36)) - 4;
}

static void test_broken(void)
{
	struct tree *t = malloc(sizeof(*t));
	struct dt_cpu out[4];
	size_t size;
	u8 *blob;
	u32 at;

	/*
	 *	a good two-cpu tree, then FDT_END replaced by a bad token; then a token
	 *	inside /cpus replaced; then #address-cells 3 and FDT_END broken
	 * Expect -FDT_ERR_BADSTRUCTURE each time: the broken structure wins over the cells.
	 */
	for (int round = 0; round < 3; round++) {
		t_root(t, "x");
		t_cpus(t, round == 2 ? 3 : 1);
		t_cpu(t, 1, 0);
		t_end(t);
		t_cpu(t, 1, 1);
		t_end(t);
		t_end(t);
		t_node(t, "after");
		t_end(t);
		blob = t_finish(t, &size);
		if (!blob)
			continue;
		at = round == 1 ? find_node(blob, "cpu@1") : find_end(blob);
		TAP_CHECK(at && be32toh(*(u32 *)(blob + at)) == (round == 1 ? 1u : FDT_END_TAG),
			  "token not found");
		if (at)
			*(u32 *)(blob + at) = htobe32(0x77);
		TAP_CHECK(read_cpus(blob, size, out, 4) == -FDT_ERR_BADSTRUCTURE, "round %d",
			  round);
		free(blob);
	}
	tap_case("broken structure: -FDT_ERR_BADSTRUCTURE, before the cells' error");

	/*
	 *	the tree with its structure block's size cut right after cpu@0's name
	 * Expect -FDT_ERR_TRUNCATED: no token past the block is read.
	 */
	t_root(t, "x");
	t_cpus(t, 1);
	t_cpu(t, 1, 0);
	t_str(t, "enable-method", "psci");
	t_end(t);
	t_end(t);
	blob = t_finish(t, &size);
	if (blob) {
		/* cpu@0's name ends the block: its token is whole, no token follows. */
		at = find_node(blob, "cpu@0") + 12;
		*(u32 *)(blob + 36) = htobe32(at - be32toh(*(u32 *)(blob + 8)));
		TAP_CHECK(read_cpus(blob, size, out, 4) == -FDT_ERR_TRUNCATED, "cut block");
		free(blob);
	}
	tap_case("structure block ending inside /cpus: -FDT_ERR_TRUNCATED");
	free(t);
}

/* ------------------------------------------------------------------ */
/* The model: what a cpu node's properties give, worked out on their own */

/* A property as the model sees it: len < 0 when absent. */
struct mprop {
	const u8 *v;
	int len;
};

/* The string of a present property: its bytes up to the first NUL, or all. */
static size_t mstr_len(struct mprop p)
{
	const u8 *nul = memchr(p.v, 0, (size_t)p.len);

	return nul ? (size_t)(nul - p.v) : (size_t)p.len;
}

static bool mstr_is(struct mprop p, const char *s)
{
	return p.len >= 0 && mstr_len(p) == strlen(s) && !memcmp(p.v, s, strlen(s));
}

/* Copy the property's string, cut to DT_CPU_STRING_MAX - 1 bytes; true if cut. */
static bool mstr_copy(char *dst, struct mprop p)
{
	size_t n = p.len < 0 ? 0 : mstr_len(p);
	bool cut = n >= DT_CPU_STRING_MAX;

	if (cut)
		n = DT_CPU_STRING_MAX - 1;
	if (n)
		memcpy(dst, p.v, n);
	dst[n] = '\0';
	return cut;
}

static u64 mbe(const u8 *v, int bytes)
{
	u64 x = 0;
	int i;

	for (i = 0; i < bytes; i++)
		x = x << 8 | v[i];
	return x;
}

/* The entry a cpu node's reg, status, enable-method, cpu-release-addr and mmu-type give. */
static void model_cpu(struct dt_cpu *c, int node, u32 acells, const struct mprop *p)
{
	struct mprop reg = p[0], status = p[1], method = p[2], rel = p[3], mmu = p[4];

	memset(c, 0, sizeof(*c));
	c->node = node;
	if (reg.len == (int)(4 * acells))
		c->id = mbe(reg.v, reg.len);
	else
		c->flags |= DT_CPU_NO_REG;
	if (status.len >= 0 && !mstr_is(status, "okay") && !mstr_is(status, "ok"))
		c->flags |= DT_CPU_DISABLED;
	if (rel.len == 4 || rel.len == 8) {
		c->release_addr = mbe(rel.v, rel.len);
		c->flags |= DT_CPU_HAS_RELEASE_ADDR;
	} else if (rel.len >= 0) {
		c->flags |= DT_CPU_BAD_RELEASE_ADDR;
	}
	if (mstr_copy(c->method, method))
		c->flags |= DT_CPU_LONG_STRING;
	if (mstr_copy(c->mmu_type, mmu))
		c->flags |= DT_CPU_LONG_STRING;
}

/* The model's entry for the node at node, whose properties libfdt reads. */
static void oracle_cpu(const u8 *blob, int node, u32 acells, struct dt_cpu *c)
{
	static const char *const names[5] = { "reg", "status", "enable-method", "cpu-release-addr",
					      "mmu-type" };
	struct mprop p[5];
	int i, len;

	for (i = 0; i < 5; i++) {
		p[i].v = lf.getprop(blob, node, names[i], &len);
		p[i].len = p[i].v ? len : -1;
	}
	model_cpu(c, node, acells, p);
}

/* /cpus read with libfdt's navigation: the count or an error, the first max entries. */
static int oracle(const u8 *blob, struct dt_cpu *out, int max)
{
	const u8 *ac, *dt;
	int cpus, node, len, count = 0;
	u32 acells = 2;

	for (cpus = lf.first_subnode(blob, 0); cpus >= 0; cpus = lf.next_subnode(blob, cpus))
		if (!strcmp(lf.get_name(blob, cpus, NULL), "cpus"))
			break;
	if (cpus < 0)
		return 0;
	ac = lf.getprop(blob, cpus, "#address-cells", &len);
	if (ac) {
		if (len != 4 || (mbe(ac, 4) != 1 && mbe(ac, 4) != 2))
			return -FDT_ERR_BADCELLS;
		acells = (u32)mbe(ac, 4);
	}
	for (node = lf.first_subnode(blob, cpus); node >= 0; node = lf.next_subnode(blob, node)) {
		dt = lf.getprop(blob, node, "device_type", &len);
		if (!dt || !mstr_is((struct mprop){ dt, len }, "cpu"))
			continue;
		if (count < max)
			oracle_cpu(blob, node, acells, &out[count]);
		count++;
	}
	return count;
}

static bool same_cpu(const struct dt_cpu *a, const struct dt_cpu *b)
{
	return a->node == b->node && a->id == b->id && a->flags == b->flags &&
	       a->release_addr == b->release_addr && !strcmp(a->method, b->method) &&
	       !strcmp(a->mmu_type, b->mmu_type);
}

static void print_cpu(const char *who, const struct dt_cpu *c)
{
	printf("#   %s: node %d id 0x%llx flags 0x%x release 0x%llx method '%s' mmu '%s'\n", who,
	       c->node, (unsigned long long)c->id, c->flags, (unsigned long long)c->release_addr,
	       c->method, c->mmu_type);
}

/* The reader and the oracle on one blob: true if they agree. */
static bool agree(const u8 *blob, size_t size, const char *what)
{
	struct dt_cpu got[MAX_OUT], want[MAX_OUT];
	int n, m, i;
	struct fdt f;

	if (fdt_init(&f, blob, size)) {
		printf("# %s: fdt_init refuses\n", what);
		return false;
	}
	n = dt_cpus_read(&f, got, MAX_OUT);
	m = oracle(blob, want, MAX_OUT);
	if (n != m) {
		printf("# %s: read %d, oracle %d\n", what, n, m);
		return false;
	}
	for (i = 0; i < MIN(n, MAX_OUT); i++) {
		if (!same_cpu(&got[i], &want[i])) {
			printf("# %s: entry %d differs\n", what, i);
			print_cpu("read", &got[i]);
			print_cpu("oracle", &want[i]);
			return false;
		}
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Fixtures and boards */

static u8 *load_file(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	u8 *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (n <= 0 || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*size = (size_t)n;
	return buf;
}

/*
 * Every *.dtb under dir (the boards' are in vendor directories) against the
 * oracle: *files counts them; returns how many had cpus.
 */
static int test_dir(const char *dir, int *files)
{
	char path[4096];
	struct dirent *de;
	int with_cpus = 0;
	size_t size, l;
	DIR *d = opendir(dir);
	u8 *blob;

	while (d && (de = readdir(d))) {
		struct dt_cpu c[MAX_OUT];
		struct fdt f;

		if (de->d_type == DT_DIR && de->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			with_cpus += test_dir(path, files);
			continue;
		}
		l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".dtb"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		blob = load_file(path, &size);
		if (!blob || fdt_init(&f, blob, size) || lf.check_full(blob, size)) {
			free(blob);
			continue; /* the broken fixtures are test_fdt's */
		}
		(*files)++;
		TAP_CHECK(agree(blob, size, path), "%s", path);
		if (dt_cpus_read(&f, c, MAX_OUT) > 0)
			with_cpus++;
		free(blob);
	}
	if (d)
		closedir(d);
	return with_cpus;
}

/* The Raspberry Pi 3B's own tree (bcm2837.dtsi), if make board-dtbs fetched it. */
static void test_rpi3b(const char *boards)
{
	struct dt_cpu c[MAX_OUT];
	char path[4096];
	size_t size;
	u8 *blob;
	int i, n;

	/*
	 *	/cpus: cpu@0..3, reg <0>..<3>, "spin-table", cpu-release-addr <0 0xd8> + 8N,
	 *	an l2-cache node beside them
	 * Expect 4 cpus, the four release addresses, no other flags.
	 */
	blob = NULL;
	if (snprintf(path, sizeof(path), "%s/broadcom/bcm2837-rpi-3-b.dtb", boards) <
	    (int)sizeof(path))
		blob = load_file(path, &size);
	if (!blob) {
		tap_case("raspi3b board tree: skipped (none: make board-dtbs)");
		return;
	}
	n = read_cpus(blob, size, c, MAX_OUT);
	TAP_CHECK(n == 4, "read %d", n);
	for (i = 0; n == 4 && i < 4; i++) {
		struct want w = want(cpu_names[i], (u64)i, DT_CPU_HAS_RELEASE_ADDR,
				     0xd8 + 8 * (u64)i, "spin-table", "");

		check_cpu(blob, &c[i], &w, i);
	}
	free(blob);
	tap_case("raspi3b board tree: 4 cpus on the spin table");
}

/* ------------------------------------------------------------------ */
/* Random trees */

static uint64_t rng;

static u32 rnd(u32 n)
{
	return (u32)(splitmix64(&rng) % n);
}

/* A random string value: sometimes without NUL, long, a list or empty. */
static int rnd_string(u8 *v, const char *const *pool, int npool)
{
	const char *s = pool[rnd((u32)npool)];
	int len = (int)strlen(s);

	memcpy(v, s, (size_t)len + 1);
	switch (rnd(6)) {
	case 0: return len; /* no NUL */
	case 1:
		memcpy(v + len + 1, "second", 7); /* a list */
		return len + 8;
	default: return len + 1;
	}
}

/* Write a random property name of a cpu node, maybe: value into v, the length returned. */
static int rnd_prop(int which, u32 acells, u8 *v)
{
	static const char *const methods[] = { "psci",
					       "spin-table",
					       "",
					       "an-enable-method-too-long-to-keep",
					       "exactly-23-characters-x",
					       "exactly-24-characters-xy" };
	static const char *const statuses[] = { "okay", "ok", "disabled", "fail", "", "okayish" };
	static const char *const mmus[] = { "riscv,sv39", "riscv,sv48", "riscv,none",
					    "riscv,sv57-and-some-more-text" };
	static const char *const types[] = { "cpu", "cpu", "cpu", "cache", "cpux", "" };
	int i, len;

	if (rnd(5) == 0)
		return -1;
	switch (which) {
	case 0: return rnd_string(v, types, 6);
	case 1: /* reg: usually right */
		len = rnd(4) ? (int)(4 * acells) : (int)(4 * rnd(4));
		break;
	case 2: return rnd_string(v, statuses, 6);
	case 3: return rnd_string(v, methods, 6);
	case 4: /* cpu-release-addr */ len = (int[]){ 4, 8, 8, 0, 2, 12 }[rnd(6)]; break;
	default: return rnd_string(v, mmus, 4);
	}
	for (i = 0; i < len; i++)
		v[i] = (u8)splitmix64(&rng);
	return len;
}

/* A random node with a few properties and maybe subnodes, depth levels down at most. */
static void rnd_filler(struct tree *t, int depth)
{
	char name[16];
	int i, n = (int)rnd(3);

	snprintf(name, sizeof(name), "n%u", rnd(1000));
	t_node(t, name);
	if (rnd(2))
		t_str(t, "device_type", rnd(2) ? "cpu" : "memory");
	if (rnd(2))
		t_u32(t, "reg", rnd(4));
	for (i = 0; depth > 0 && i < n; i++)
		rnd_filler(t, depth - 1);
	t_end(t);
}

/* One random tree against the model of what was written; true if they agree. */
static bool random_tree(struct tree *t)
{
	static const char *const prop_names[6] = { "device_type",      "reg",
						   "status",	       "enable-method",
						   "cpu-release-addr", "mmu-type" };
	struct dt_cpu got[MAX_OUT], want[MAX_OUT];
	u8 val[6][64];
	int len[6], i, j, k, n, count = 0, expect_err = 0, max, got_n, order[6], tmp;
	char names[MAX_OUT + 4][16], want_names[MAX_OUT][16];
	u32 acells = 2, ac_kind;
	bool has_cpus = rnd(8) != 0;
	size_t size;
	u8 *blob;
	struct fdt f;
	bool ok = true;

	t_root(t, "random");
	for (i = (int)rnd(3); i > 0; i--)
		rnd_filler(t, 2);
	if (has_cpus) {
		t_node(t, "cpus");
		ac_kind = rnd(12);
		if (ac_kind < 5) {
			acells = 1;
			t_u32(t, "#address-cells", 1);
		} else if (ac_kind < 10) {
			t_u32(t, "#address-cells", 2);
		} else if (ac_kind == 10) {
			t_u32(t, "#address-cells", rnd(2) ? 3 : 0);
			expect_err = -FDT_ERR_BADCELLS;
		} /* else: none, 2 by default */
		t_u32(t, "#size-cells", 0);
		n = (int)rnd(MAX_OUT + 4);
		for (i = 0; i < n; i++) {
			snprintf(names[i], sizeof(names[i]), "c%d", i);
			t_node(t, names[i]);
			for (j = 0; j < 6; j++)
				len[j] = rnd_prop(j, acells, val[j]);
			/* The properties in any order, with others among them. */
			for (j = 0; j < 6; j++)
				order[j] = j;
			for (j = 5; j > 0; j--) {
				k = (int)rnd((u32)j + 1);
				tmp = order[j];
				order[j] = order[k];
				order[k] = tmp;
			}
			k = (int)rnd(7); /* where compatible goes */
			for (j = 0; j < 6; j++) {
				if (j == k)
					t_str(t, "compatible", "arm,cortex-a53");
				if (len[order[j]] >= 0)
					t_prop(t, prop_names[order[j]], val[order[j]],
					       len[order[j]]);
			}
			for (j = (int)rnd(3); j > 0; j--)
				rnd_filler(t, 1);
			t_end(t);
			if (len[0] >= 0 && mstr_is((struct mprop){ val[0], len[0] }, "cpu")) {
				if (count < MAX_OUT) {
					struct mprop p[5];

					for (j = 0; j < 5; j++)
						p[j] = (struct mprop){ val[j + 1], len[j + 1] };
					/* The node is checked by its name. */
					model_cpu(&want[count], 0, acells, p);
					memcpy(want_names[count], names[i], sizeof(names[i]));
				}
				count++;
			}
		}
		t_end(t);
	}
	for (i = (int)rnd(3); i > 0; i--)
		rnd_filler(t, 2);
	blob = t_finish(t, &size);
	if (!blob)
		return false;
	max = (int)rnd(MAX_OUT + 1);
	if (fdt_init(&f, blob, size)) {
		free(blob);
		return false;
	}
	memset(got, 0, sizeof(got));
	got_n = dt_cpus_read(&f, got, max);
	if (got_n != (expect_err ? expect_err : count)) {
		printf("# read %d, model %d\n", got_n, expect_err ? expect_err : count);
		ok = false;
	}
	for (i = 0; ok && i < MIN(got_n, max); i++) {
		want[i].node = got[i].node;
		if (!same_cpu(&got[i], &want[i]) ||
		    strcmp(node_name(blob, got[i].node), want_names[i])) {
			printf("# entry %d (%s) differs\n", i, want_names[i]);
			print_cpu("read", &got[i]);
			print_cpu("model", &want[i]);
			ok = false;
		}
	}
	/* And libfdt's reading agrees too. */
	if (ok && !agree(blob, size, "random"))
		ok = false;
	free(blob);
	return ok;
}

static void test_random(u64 seed, long rounds)
{
	struct tree *t = malloc(sizeof(*t));
	long i;

	/*
	 *	random /cpus trees: cell counts, cpus and other children, properties in any
	 *	order, good and bad, strings with and without NUL, filler nodes around
	 * Expect the reader to match the model of what was written, and libfdt's reading.
	 */
	for (i = 0; i < rounds; i++) {
		u64 s = seed + (u64)i;

		rng = s;
		if (!random_tree(t)) {
			TAP_CHECK(0,
				  "tree %ld differs: DT_CPUS_SEED=0x%llx reproduces it (round 0)",
				  i, (unsigned long long)s);
			break;
		}
	}
	tap_case("random differential: %ld trees, seed 0x%llx", rounds, (unsigned long long)seed);
	free(t);
}

/*
 * Random byte changes to written trees: whatever fdt_init() accepts is read
 * inside the blob (AddressSanitizer), and an error is the walk's own or
 * the cells'.
 */
static void test_mutations(u64 seed, long rounds)
{
	struct tree *t = malloc(sizeof(*t));
	struct dt_cpu out[4];
	long i, accepted = 0;
	size_t size;
	u8 *blob;

	/*
	 *	random trees, each with 1-8 random bytes changed
	 * Expect no read outside the blob, the walk's error when it fails, else a count or
	 * -FDT_ERR_BADCELLS, and each stored entry's strings terminated.
	 */
	for (i = 0; i < rounds; i++) {
		struct fdt_walker w = { 0 };
		struct fdt_item it;
		struct fdt f;
		int n, werr, j, k;

		rng = seed ^ 0x5a5a5a5a5a5a5a5aULL ^ (u64)i;
		random_tree(t);
		rng = seed + (u64)i;
		size = be32toh(*(u32 *)(t->buf + 4));
		blob = malloc(size);
		memcpy(blob, t->buf, size);
		for (j = (int)rnd(8) + 1; j > 0; j--)
			blob[40 + rnd((u32)size - 40)] ^= (u8)(1u << rnd(8));
		if (fdt_init(&f, blob, size)) {
			free(blob);
			continue;
		}
		accepted++;
		while ((werr = fdt_walk(&f, &w, &it)) > 0)
			;
		n = dt_cpus_read(&f, out, 4);
		if (werr)
			TAP_CHECK(n == werr, "mutation %ld: read %d, walk %d", i, n, werr);
		else
			TAP_CHECK(n >= 0 || n == -FDT_ERR_BADCELLS, "mutation %ld: read %d", i, n);
		for (k = 0; k < MIN(n, 4); k++) {
			TAP_CHECK(strnlen(out[k].method, DT_CPU_STRING_MAX) < DT_CPU_STRING_MAX &&
					  strnlen(out[k].mmu_type, DT_CPU_STRING_MAX) <
						  DT_CPU_STRING_MAX,
				  "mutation %ld: unterminated string", i);
			TAP_CHECK(!(out[k].flags & ~ALL_FLAGS), "mutation %ld: flags", i);
			TAP_CHECK(fdt_node_name(&f, out[k].node, NULL), "mutation %ld: node", i);
		}
		if (!werr && lf.check_full(blob, size) == 0)
			TAP_CHECK(agree(blob, size, "mutation"), "mutation %ld: seed 0x%llx", i,
				  (unsigned long long)seed);
		free(blob);
		if (tap_case_failures)
			break;
	}
	tap_case("random mutations: %ld, %ld accepted by fdt_init", rounds, accepted);
	free(t);
}

int main(int argc, char **argv)
{
	u64 seed = 0xc0ffee5eedULL;
	long rounds = 3000;
	const char *env;
	char boards[4096];
	int files = 0, with;

	tap_start();
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
		return 2;
	}
	env = getenv("DT_CPUS_SEED");
	if (env && *env)
		seed = strtoull(env, NULL, 0);
	env = getenv("DT_CPUS_ROUNDS");
	if (env && *env)
		rounds = strtol(env, NULL, 0);
	printf("# DT_CPUS_SEED=0x%llx DT_CPUS_ROUNDS=%ld\n", (unsigned long long)seed, rounds);

	TAP_CHECK(load_libfdt() == 0, "libfdt not available");
	if (!tap_case("libfdt loaded"))
		return tap_done();

	test_qemu_arm64();
	test_spin_table();
	test_riscv();
	test_status();
	test_no_reg();
	test_ignored_nodes();
	test_max();
	test_no_cpus();
	test_strings();
	test_broken();

	with = test_dir(argv[1], &files);
	/* QEMU's dumps all have /cpus. */
	TAP_CHECK(files >= 4 && with >= 4, "%d fixtures, %d with cpus", files, with);
	tap_case("fixtures against libfdt: %d trees, %d with cpus", files, with);
	env = getenv("FDT_BOARDS");
	snprintf(boards, sizeof(boards), "%s", env && *env ? env : argv[1]);
	if (!(env && *env))
		snprintf(boards, sizeof(boards), "%s/../boards", argv[1]);
	files = 0;
	with = test_dir(boards, &files);
	tap_case("board trees against libfdt: %d trees, %d with cpus%s", files, with,
		 files ? "" : " (none: make board-dtbs)");
	test_rpi3b(boards);

	test_random(seed, rounds);
	test_mutations(seed, rounds);
	return tap_done();
}
