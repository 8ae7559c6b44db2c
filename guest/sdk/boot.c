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
