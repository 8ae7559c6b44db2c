// SPDX-License-Identifier: MIT
/* SMC calls to the firmware (psci.h). */
#include "platform/el2/arch.h"
#include "platform/el2/psci.h"

int64_t el2_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	/* SMCCC (DEN0028) v1.0: x4-x17 are not preserved across the call. */
	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

void psci_system_off(void)
{
	el2_smc(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}
