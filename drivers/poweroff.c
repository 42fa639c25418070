// SPDX-License-Identifier: GPL-2.0
/*
 * Ending the machine with a status. The SiFive test device takes a 32-bit
 * store: 0x5555 is "pass", (code << 16) | 0x3333 is "fail with code", and
 * QEMU exits with that status. Early subset: works with the MMU off.
 */
#include <lander/io.h>
#include <lander/machine.h>
#include <lander/poweroff.h>

#define SIFIVE_TEST_PASS 0x5555
#define SIFIVE_TEST_FAIL 0x3333

#define SIFIVE_TEST 1 /* the one model */

EARLY_DEV(poweroff_dev) = {
	.name = "poweroff",
	.find = EARLY_DEV_BY_COMPATIBLE,
	.match = {
		{ "sifive,test1", SIFIVE_TEST },
		{ "sifive,test0", SIFIVE_TEST },
	},
};

void machine_exit(int code)
{
	if (poweroff_dev.model == SIFIVE_TEST) {
		arch_mb();
		writel(poweroff_dev.regs.base,
		       code ? ((u32)(code & 0xffff) << 16) | SIFIVE_TEST_FAIL : SIFIVE_TEST_PASS);
	}
	arch_exit(code);
}
