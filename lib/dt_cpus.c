// SPDX-License-Identifier: GPL-2.0
/*
 * The /cpus reader (see include/lander/dt_cpus.h), after the Devicetree
 * Specification v0.4, 3.7 and 3.8.
 *
 * One walk over the whole tree (fdt_walk()), as the boot's scan makes: the
 * first depth-1 node named exactly "cpus" is the one; its #address-cells
 * (2 when absent) must be 1 or 2. Its properties come before its children,
 * so the cell count is settled when the first child, or its end, arrives.
 * A child's properties are collected until its first subnode or its end;
 * then the child is complete and, if its device_type is "cpu", an entry.
 * Grandchildren (cpu-map, caches, a hart's interrupt controller) and
 * children of any other device_type are passed over.
 *
 * A string property's value is taken as its bytes up to the first NUL, or
 * all of them when a hostile tree leaves the NUL out: nothing past the
 * property's length is read. The walk runs to FDT_END even after a bad
 * #address-cells, so that a broken structure block, the likelier cause, is
 * the error reported.
 */
#include <lander/dt_cpus.h>
#include <lander/string.h>

/* The properties of a cpu node the reader uses. */
enum cpu_prop {
	CPU_DEVICE_TYPE,
	CPU_REG,
	CPU_STATUS,
	CPU_ENABLE_METHOD,
	CPU_RELEASE_ADDR,
	CPU_MMU_TYPE,
	CPU_NR_PROPS,
};

static const char cpu_prop_names[CPU_NR_PROPS][20] = {
	[CPU_DEVICE_TYPE] = "device_type",
	[CPU_REG] = "reg",
	[CPU_STATUS] = "status",
	[CPU_ENABLE_METHOD] = "enable-method",
	[CPU_RELEASE_ADDR] = "cpu-release-addr",
	[CPU_MMU_TYPE] = "mmu-type",
};

/* A property's value (NULL: absent) and its length. */
struct cpu_prop_val {
	const char *value;
	u32 len;
};

/* Where the walk stands with respect to /cpus. */
enum cpus_state {
	CPUS_BEFORE,   /* not seen yet */
	CPUS_PROPS,    /* open, its own properties coming */
	CPUS_CHILDREN, /* open, its cell count settled */
	CPUS_AFTER,    /* closed, or its cell count was bad */
};

/* Which of the properties above name is, or CPU_NR_PROPS. */
static u32 cpu_prop_index(const char *name)
{
	u32 i;

	for (i = 0; i < CPU_NR_PROPS; i++)
		if (!strcmp(name, cpu_prop_names[i]))
			return i;
	return CPU_NR_PROPS;
}

/* Is the string of p (its bytes up to a NUL or its end) s? */
static bool cpu_prop_is(const struct cpu_prop_val *p, const char *s)
{
	size_t n = strnlen(p->value, p->len);

	return n == strlen(s) && !memcmp(p->value, s, n);
}

/*
 * Copy the string of p into dst (DT_CPU_STRING_MAX bytes): "" if absent.
 * Returns DT_CPU_LONG_STRING if it was cut short, else 0.
 */
static u32 cpu_prop_copy(char *dst, const struct cpu_prop_val *p)
{
	size_t n = p->value ? strnlen(p->value, p->len) : 0;
	bool cut = n > DT_CPU_STRING_MAX - 1;

	if (cut)
		n = DT_CPU_STRING_MAX - 1;
	if (n)
		memcpy(dst, p->value, n);
	dst[n] = '\0';
	return cut ? DT_CPU_LONG_STRING : 0;
}

/* Fill *c from the properties p of the cpu node at node, whose parent has acells (1 or 2). */
static void cpu_fill(struct dt_cpu *c, int node, const struct cpu_prop_val *p, u32 acells)
{
	const struct cpu_prop_val *reg = &p[CPU_REG], *status = &p[CPU_STATUS];
	const struct cpu_prop_val *rel = &p[CPU_RELEASE_ADDR];
	struct fdt_range r;

	c->node = node;
	c->id = 0;
	c->flags = 0;
	c->release_addr = 0;
	/* One id, no size: /cpus has #size-cells 0. */
	if (reg->value && reg->len == 4 * acells &&
	    !fdt_reg_entry(reg->value, reg->len, acells, 0, 0, &r))
		c->id = r.base;
	else
		c->flags |= DT_CPU_NO_REG;
	if (status->value && !cpu_prop_is(status, "okay") && !cpu_prop_is(status, "ok"))
		c->flags |= DT_CPU_DISABLED;
	if (rel->value && rel->len == 4) {
		c->release_addr = fdt32_ld(rel->value);
		c->flags |= DT_CPU_HAS_RELEASE_ADDR;
	} else if (rel->value && rel->len == 8) {
		c->release_addr = fdt64_ld(rel->value);
		c->flags |= DT_CPU_HAS_RELEASE_ADDR;
	} else if (rel->value) {
		c->flags |= DT_CPU_BAD_RELEASE_ADDR;
	}
	c->flags |= cpu_prop_copy(c->method, &p[CPU_ENABLE_METHOD]);
	c->flags |= cpu_prop_copy(c->mmu_type, &p[CPU_MMU_TYPE]);
}

/* Is /cpus's #address-cells (value, len; NULL: absent) 1 or 2? Store it in *acells. */
static int cpus_address_cells(const struct cpu_prop_val *p, u32 *acells)
{
	if (!p->value) {
		*acells = 2; /* the spec's default */
		return 0;
	}
	if (p->len != 4)
		return -FDT_ERR_BADCELLS;
	*acells = fdt32_ld(p->value);
	return *acells == 1 || *acells == 2 ? 0 : -FDT_ERR_BADCELLS;
}

int dt_cpus_read(const struct fdt *fdt, struct dt_cpu *out, int max)
{
	struct cpu_prop_val p[CPU_NR_PROPS], acells_prop = { NULL, 0 };
	struct fdt_walker w = { 0 };
	/* Zeroed: gcc -O2 cannot see that fdt_walk() fills it before each use. */
	struct fdt_item it = { 0 };
	u32 state = CPUS_BEFORE, acells = 2, i;
	int err, bad = 0, count = 0, cpu = -1; /* cpu: the child collecting properties */

	while ((err = fdt_walk(fdt, &w, &it)) > 0) {
		if (state == CPUS_BEFORE) {
			if (it.type == FDT_ITEM_NODE && it.depth == 1 && it.len == 4 &&
			    !memcmp(it.name, "cpus", 4))
				state = CPUS_PROPS;
			continue;
		}
		if (state == CPUS_AFTER)
			continue;
		if (it.type == FDT_ITEM_PROP) {
			if (state == CPUS_PROPS) {
				/* The first of a name counts, as for a lookup. */
				if (!acells_prop.value && !strcmp(it.name, "#address-cells"))
					acells_prop = (struct cpu_prop_val){ it.value, it.len };
			} else if (cpu >= 0 && it.depth == 2) {
				i = cpu_prop_index(it.name);
				if (i < CPU_NR_PROPS && !p[i].value)
					p[i] = (struct cpu_prop_val){ it.value, it.len };
			}
			continue;
		}
		/* A node begins or ends: whatever collected properties is complete. */
		if (state == CPUS_PROPS) {
			bad = cpus_address_cells(&acells_prop, &acells);
			state = bad ? CPUS_AFTER : CPUS_CHILDREN;
			if (bad)
				continue;
		}
		if (cpu >= 0) {
			if (p[CPU_DEVICE_TYPE].value && cpu_prop_is(&p[CPU_DEVICE_TYPE], "cpu")) {
				if (count < max)
					cpu_fill(&out[count], cpu, p, acells);
				count++;
			}
			cpu = -1;
		}
		if (it.type == FDT_ITEM_NODE && it.depth == 2) {
			cpu = it.offset;
			memset(p, 0, sizeof(p));
		} else if (it.type == FDT_ITEM_END_NODE && it.depth == 1) {
			state = CPUS_AFTER;
		}
	}
	if (err)
		return err;
	return bad ? bad : count;
}
