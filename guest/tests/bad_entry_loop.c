// SPDX-License-Identifier: MIT
/*
 * bad_entry_loop (not a manifest test: it never ends by itself).  CPU_ON
 * of CPU 1 at an entry outside RAM, whose vector is outside RAM too: a
 * fetch abort loop for ever; the boot CPU then waits for ever.  Only
 * --timeout ends it; tests/guest_limits.sh checks that it does and that
 * the VMM's memory stays flat meanwhile (issue 9, finding 3).
 */
#include "sdk.h"

int main(void)
{
	psci_cpu_on(cpu_mpidr(1), ram_base + ram_size + 0x100000, 0);
	report_info("bad_entry_loop: CPU 1 loops on fetch aborts; only "
		    "--timeout ends this guest");
	for (;;)
		wfi();
	return 0;
}
