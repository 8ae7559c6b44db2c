// SPDX-License-Identifier: MIT
/* PSCI / SMCCC calls through HVC #0 (PLATFORM.md: the /psci node says
 * method = "hvc"). */
#include "sdk.h"

void smccc_hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
	       struct smccc_res *res)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	/* SMCCC 1.1 (DEN0028 2.6): results in x0..x3; treat x4..x17 as
	 * clobbered, as SMCCC 1.0 allowed. */
	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "memory");
	if (res) {
		res->a0 = x0;
		res->a1 = x1;
		res->a2 = x2;
		res->a3 = x3;
	}
}

int64_t hvc_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct smccc_res res;

	smccc_hvc(fn, a1, a2, a3, &res);
	return (int64_t)res.a0;
}

int64_t psci_cpu_off(void) { return hvc_call(PSCI_CPU_OFF, 0, 0, 0); }

void psci_system_off(void)
{
	hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void psci_system_reset(void)
{
	hvc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		wfi();
}
