// SPDX-License-Identifier: MIT
/*
 * vector_loop (not a manifest test: it never ends by itself).  VBAR_EL1
 * points at an unmapped VA with the MMU on, then one UDF: the exception
 * entry's own fetch faults, and so does the next one, for ever -- as on
 * hardware.  Only --timeout ends it; tests/guest_limits.sh checks that it
 * does, promptly (issue 9, finding 2).
 */
#include "sdk.h"

int main(void)
{
	report_info("vector_loop: VBAR_EL1 unmapped, then UDF; only "
		    "--timeout ends this guest");
	write_sysreg(0x1000000000ul, vbar_el1); /* L1 index 64: unmapped */
	isb();
	asm volatile("udf #0");
	report(false, "not reached");
	return 0;
}
