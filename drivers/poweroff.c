// SPDX-License-Identifier: GPL-2.0
/*
 * Ending the machine with a status. The SiFive test device takes a 32-bit
 * store: 0x5555 is "pass", (code << 16) | 0x3333 is "fail with code", and
 * QEMU exits with that status. Early subset: works with the MMU off.
 */
#include <lander/dt_info.h>
#include <lander/errno.h>
#include <lander/io.h>
#include <lander/machine.h>
#include <lander/poweroff.h>

#define SIFIVE_TEST_PASS 0x5555
#define SIFIVE_TEST_FAIL 0x3333

struct mmio poweroff_regs;

int poweroff_probe(const struct dt_device *dev)
{
	if (dev->node < 0 || !dev->reg.base)
		return -ENODEV;
	poweroff_regs.pa = dev->reg.base;
	poweroff_regs.base = dev->reg.base;
	poweroff_regs.slot = FIX_POWEROFF;
	return 0;
}

void machine_exit(int code)
{
	if (poweroff_regs.pa) {
		arch_mb();
		writel(poweroff_regs.base,
		       code ? ((u32)(code & 0xffff) << 16) | SIFIVE_TEST_FAIL : SIFIVE_TEST_PASS);
	}
	arch_exit(code);
}
