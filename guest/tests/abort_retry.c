// SPDX-License-Identifier: MIT
/*
 * abort_retry (not a manifest test: it never ends by itself).  A load from
 * an address with no device, whose abort handler returns to the same load:
 * an abort per iteration, for ever.  The handler also reads CBAR_EL1, an
 * IMPLEMENTATION DEFINED register Unicorn's Cortex-A72 implements and
 * armvisor can only make RAZ (it logs that).  tests/guest_limits.sh checks
 * that the VMM's log stays a few lines long (issue 9, finding 5) and that
 * --timeout ends it.
 */
#include "sdk.h"

static volatile uint64_t aborts;

static bool retry(struct exc_frame *f)
{
	(void)f;
	(void)read_sysreg(s3_1_c15_c3_0); /* CBAR_EL1 */
	aborts++;
	return true; /* ELR unchanged: the load runs again */
}

int main(void)
{
	uint64_t page = ram_base + ram_size + 0x300000;

	install_sync_handler(EC_DABT_CUR, retry);
	mmu_map_page(page, page, MMU_NORMAL | MMU_EL1_RW);
	/* an unaligned load: the case Unicorn splits in two */
	(void)*(volatile uint32_t *)(page + 0x102);
	report(false, "not reached");
	return 0;
}
