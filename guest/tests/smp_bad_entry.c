// SPDX-License-Identifier: MIT
/*
 * smp_bad_entry: PSCI CPU_ON of a second CPU at an entry point outside RAM
 * (issue 9, finding 3).  That CPU takes a prefetch abort at its entry and
 * again at its vector (VBAR_EL1 resets to 0, no RAM there) for ever, as real
 * hardware would.  The boot CPU must keep running all the same: it checks
 * the other CPU is ON and then runs for a while, yielding nothing, and
 * finishes.  (Under armvisor the looping CPU used to keep the execution
 * token: the boot CPU never ran again and RSS grew towards 1 GiB.)
 */
#include "sdk.h"

int main(void)
{
	uint64_t entry = ram_base + ram_size + 0x100000;
	uint64_t start, end;
	int64_t r;
	uint64_t sum = 0;

	if (nr_cpus() < 2) {
		report_skip("needs 2 CPUs");
		return 0;
	}
	r = psci_cpu_on(cpu_mpidr(1), entry, 0);
	report(r == PSCI_RET_SUCCESS, "CPU_ON(1, %#lx) = %ld", entry, r);
	start = cnt_read();
	end = start + us_to_ticks(500000);
	do {
		for (int i = 0; i < 10000; i++)
			sum += (uint64_t)i * 3;
		barrier();
	} while (cnt_read() < end);
	report(psci_affinity_info(cpu_mpidr(1), 0) == 0,
	       "CPU 1 is ON (AFFINITY_INFO)");
	report(sum != 0, "boot CPU ran for 0.5 s beside it");
	/* a timer interrupt still reaches the boot CPU: udelay uses the
	 * counter, WFI-free; a second busy phase after it */
	udelay(100000);
	report(true, "boot CPU finished");
	return 0;
}
