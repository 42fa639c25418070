// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of arch/riscv/kernel/isa.c: which extensions a hart's
 * riscv,isa string or riscv,isa-extensions list names. Every expectation
 * comes from the unprivileged spec's naming rules ("ISA Extension Naming
 * Conventions"): single letters after "rv" and the XLEN, each with an
 * optional "<major>p<minor>" version; multi-letter names starting with z,
 * s or x, the first of which may follow the single letters directly and
 * the rest after underscores; case-insensitive. A multi-letter name is a
 * whole token: "zkr" inside "zkrx" or "xzkr" is not Zkr, and the letters
 * inside "zkr" or a version's "p" are not single-letter extensions.
 */
#include <string.h>
#include "../../arch/riscv/kernel/isa.h"
#include "tap.h"

struct isa_case {
	const char *what;
	const char *isa; /* the property's bytes */
	u32 len;	 /* its length; 0: strlen + 1 (with the NUL, as in a DTB) */
	const char *ext;
	bool expect;
};

/* QEMU 7.2's rv64 hart, as -M virt,dumpdtb shows it, and with zkr=on. */
#define QEMU_RV64 "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"
#define QEMU_ZKR  "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_zkr_sstc"
/* Debian 12's riscv64 gcc, -march=rv64gc_zkr: the object's Tag_RISCV_arch. */
#define GCC_CANON "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0_zmmul1p0_zkr1p0"

static const struct isa_case strings[] = {
	{ "QEMU rv64: no zkr", QEMU_RV64, 0, "zkr", false },
	{ "QEMU rv64: zicsr", QEMU_RV64, 0, "zicsr", true },
	{ "QEMU rv64: sstc, the last token", QEMU_RV64, 0, "sstc", true },
	{ "QEMU rv64: h, a single letter before the first underscore", QEMU_RV64, 0, "h", true },
	{ "QEMU rv64: no v", QEMU_RV64, 0, "v", false },
	{ "QEMU rv64: zb is no extension of its own", QEMU_RV64, 0, "zb", false },
	{ "QEMU rv64,zkr=on: zkr", QEMU_ZKR, 0, "zkr", true },
	{ "QEMU rv64,zkr=on: still zba", QEMU_ZKR, 0, "zba", true },
	{ "SiFive U74 (fu740): rv64imafdc has m", "rv64imafdc", 0, "m", true },
	{ "SiFive U74 (fu740): rv64imafdc has no zkr", "rv64imafdc", 0, "zkr", false },
	{ "StarFive JH7110: rv64imafdc_zba_zbb, no zkr", "rv64imafdc_zba_zbb", 0, "zkr", false },
	{ "gcc canonical string: zkr1p0 is zkr", GCC_CANON, 0, "zkr", true },
	{ "gcc canonical string: m2p0 is m", GCC_CANON, 0, "m", true },
	{ "gcc canonical string: zifencei2p0 is zifencei", GCC_CANON, 0, "zifencei", true },
	{ "versions without underscores: m", "rv64i2p1m2p0a2p1c2p0", 0, "m", true },
	{ "versions without underscores: c", "rv64i2p1m2p0a2p1c2p0", 0, "c", true },
	{ "a version's p is not extension P", "rv64i2p1m2p0a2p1c2p0", 0, "p", false },
	{ "extension P itself", "rv64imacp", 0, "p", true },
	{ "major version only: zkr2", "rv64imac_zkr2", 0, "zkr", true },
	{ "zkr2p0 then more tokens", "rv64imafdc_zkr2p0_zkt", 0, "zkr", true },
	{ "first multi-letter name right after the letters", "rv32imaczkr", 0, "zkr", true },
	{ "first multi-letter name right after the letters, more after", "rv64gczkr_zkt", 0, "zkt",
	  true },
	{ "upper case", "RV64IMAFDC_ZICSR_ZKR", 0, "zkr", true },
	{ "mixed case", "Rv64ImAfDc_Zicsr_ZkR", 0, "zkr", true },
	{ "upper case single letter", "RV64IMAFDC", 0, "f", true },
	{ "zkrx is another extension", "rv64imafdc_zkrx", 0, "zkr", false },
	{ "xzkr is a custom extension", "rv64imafdc_xzkr", 0, "zkr", false },
	{ "szkr is no zkr", "rv64imafdc_szkr", 0, "zkr", false },
	{ "zk is the bundle's own name", "rv64imafdc_zk", 0, "zk", true },
	{ "zk alone does not name zkr", "rv64imafdc_zk", 0, "zkr", false },
	{ "zkn and zkt hold no zkr", "rv64imafdc_zkn_zkt", 0, "zkr", false },
	{ "zkr does not name zk", "rv64imafdc_zkr", 0, "zk", false },
	{ "the letters of zkr are not single letters (z)", "rv64ima_zkr", 0, "z", false },
	{ "the letters of zkr are not single letters (k)", "rv64ima_zkr", 0, "k", false },
	{ "the letters of zkr are not single letters (r)", "rv64ima_zkr", 0, "r", false },
	{ "the s of sstc is not a single letter", "rv64ima_sstc", 0, "s", false },
	{ "vector and its subsets: v", "rv64imafdcv_zve64d_zkr", 0, "v", true },
	{ "vector and its subsets: zkr after zve64d", "rv64imafdcv_zve64d_zkr", 0, "zkr", true },
	{ "a name with digits inside keeps them: zve32x", "rv64imac_zve32x1p0", 0, "zve32x", true },
	{ "zkr among many", "rv64imafdc_zicsr_zifencei_zkr_zvkb_svinval", 0, "zkr", true },
	{ "rv128", "rv128imac_zkr", 0, "zkr", true },
	{ "no rv prefix names nothing", "imafdc_zkr", 0, "zkr", false },
	{ "no XLEN names nothing", "rvimafdc_zkr", 0, "zkr", false },
	{ "bare zkr names nothing", "zkr", 0, "zkr", false },
	{ "empty string", "", 0, "zkr", false },
	{ "a space breaks the rules", "rv64ima fdc_zkr", 0, "zkr", false },
	{ "a NUL ends the string early", "rv64imafdc\0_zkr", sizeof("rv64imafdc\0_zkr"), "zkr",
	  false },
	{ "the property ends before the r", "rv64imafdc_zkr", 13, "zkr", false },
	{ "the property ends before the NUL", "rv64imafdc_zkr", 14, "zkr", true },
	{ "zero length", "rv64imafdc_zkr", 0xffffffff, "zkr", false },
};

/* riscv,isa-extensions lists, each given with its length. */
#define LIST(s) s, sizeof(s) - 1

static const struct isa_case lists[] = {
	{ "list: QEMU-like with zkr", LIST("i\0m\0a\0f\0d\0c\0zicsr\0zifencei\0zkr\0"), "zkr",
	  true },
	{ "list: first entry", LIST("zkr\0i\0"), "zkr", true },
	{ "list: without zkr", LIST("i\0m\0a\0f\0d\0c\0zicsr\0"), "zkr", false },
	{ "list: zkrx is not zkr", LIST("i\0m\0zkrx\0"), "zkr", false },
	{ "list: xzkr is not zkr", LIST("i\0m\0xzkr\0"), "zkr", false },
	{ "list: zk is not zkr", LIST("i\0m\0zk\0"), "zkr", false },
	{ "list: zkr is not zk", LIST("i\0m\0zkr\0"), "zk", false },
	{ "list: zk and r apart are not zkr", LIST("i\0zk\0r\0"), "zkr", false },
	{ "list: upper case", LIST("I\0M\0ZKR\0"), "zkr", true },
	{ "list: single letter", LIST("i\0m\0c\0"), "c", true },
	{ "list: one string holding rv64 is not a list entry", LIST("rv64imac_zkr\0"), "zkr",
	  false },
	{ "list: empty", LIST(""), "zkr", false },
};

int main(void)
{
	unsigned int i;

	tap_start();
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		const struct isa_case *c = &strings[i];
		u32 len = c->len == 0xffffffff ? 0 : c->len ? c->len : strlen(c->isa) + 1;

		TAP_CHECK(riscv_isa_has(c->isa, len, c->ext) == c->expect, "\"%s\" %s %s", c->isa,
			  c->expect ? "must name" : "must not name", c->ext);
		tap_case("%s", c->what);
	}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const struct isa_case *c = &lists[i];

		TAP_CHECK(riscv_isa_list_has(c->isa, c->len, c->ext) == c->expect, "%s %s",
			  c->expect ? "must hold" : "must not hold", c->ext);
		tap_case("%s", c->what);
	}
	return tap_done();
}
