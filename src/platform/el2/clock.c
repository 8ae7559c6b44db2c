// SPDX-License-Identifier: MIT
/* The EL2 image's clock (clock.h). */
#include "platform/el2/clock.h"

uint64_t el2_cntfrq;

void el2_clock_init(void)
{
	el2_cntfrq = read_sysreg(cntfrq_el0);
}

void el2_udelay(uint64_t us)
{
	uint64_t end = el2_ticks() + counter_ns_to_ticks(us * 1000, el2_cntfrq);

	while (el2_ticks() < end)
		cpu_relax();
}
