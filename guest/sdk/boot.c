// SPDX-License-Identifier: MIT
/* C start-up on the boot CPU: check the boot state, find the platform in the
 * device tree, turn the MMU on and run main(). */
#include "sdk.h"

const void *boot_dtb;
uint64_t ram_base, ram_size;

bool platform_is_qemu(void)
{
	return fdt_node_by_compatible(-1, "qemu,fw-cfg-mmio") >= 0;
}

/* MIDR_EL1 (Arm ARM D17.2.100): Implementer [31:24], Variant [23:20],
 * Architecture [19:16], PartNum [15:4], Revision [3:0].  QEMU's max CPU
 * sets Implementer 0 and PartNum 'Q' (0x051), measured 0x000f0510 on
 * QEMU 7.2. */
bool cpu_is_qemu_max(void)
{
	uint64_t midr = read_sysreg(midr_el1);

	return ((midr >> 24) & 0xff) == 0 && ((midr >> 4) & 0xfff) == 0x051;
}

void sdk_boot(const void *dtb)
{
	unsigned int el = current_el();

	boot_dtb = dtb;
	if (el != 1) {
		/* PLATFORM.md: the boot vCPU enters at EL1. */
		printf_unlocked("ERROR: entered at EL%u, expected EL1\n", el);
		printf_unlocked("EXIT: STATUS=%d\n", EXIT_ABORT);
		for (;;)
			wfi();
	}
	if (fdt_init(dtb))
		report_abort("no valid device tree at x0 = %p", dtb);
	if (fdt_memory(&ram_base, &ram_size) || !ram_size)
		report_abort("no /memory node in the device tree");
	mmu_init(ram_base, ram_size);
	main();
	report_summary();
}
