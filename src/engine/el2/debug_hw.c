// SPDX-License-Identifier: MIT
/*
 * The guest's self-hosted debug on the hardware (debug_hw.h).
 *
 * MDCR_EL2.TDA, TDOSA and TDRA (hyp.c) trap every EL1/EL0 access to the
 * debug registers (Arm ARM D19.2 MDCR_EL2; D2.x "AArch64 self-hosted
 * debug"): they are the core's (src/debug), as on the Unicorn engine.
 * Before each entry the engine loads the model's breakpoints, watchpoints
 * and MDSCR_EL1 into the CPU, which then generates the debug exceptions
 * itself, straight to the guest's EL1 (MDCR_EL2.TDE = 0).
 *
 * The OS lock.  The hardware's stays unlocked; the guest's is the model's
 * OSLSR_EL1.OSLK.  While it is locked, no breakpoint, watchpoint or step
 * exception may be generated (AArch64.GenerateDebugExceptionsFrom(): OSLK
 * = 1 -> FALSE), so the CPU gets MDSCR_EL1 with MDE, KDE and SS clear: no
 * breakpoint or watchpoint at either EL, no step.  KVM emulates the OS
 * lock the same way (arch/arm64/kvm/debug.c: OSLAR/OSLSR trapped by
 * TDOSA, and debug exceptions kept off in the MDSCR_EL1 the CPU runs with
 * while the guest's lock is set).  A CPU that honours its own OS lock
 * would do this by itself, but QEMU 7.2's does not (it takes breakpoints
 * with OSLSR_EL1.OSLK set: tests/guest debug on QEMU virt).  BRK is not a
 * debug event of this kind and still works, as the architecture says.
 */
#include "engine/el2/debug_hw.h"
#include "platform/el2/arch.h"

#define BPWP_CASE(n, op2, v)                                                   \
	case n:                                                                \
		write_sysreg(v, s2_0_c0_c##n##_##op2);                         \
		break

#define BPWP_SWITCH(n, op2, v)                                                 \
	switch (n) {                                                           \
		BPWP_CASE(0, op2, v);                                          \
		BPWP_CASE(1, op2, v);                                          \
		BPWP_CASE(2, op2, v);                                          \
		BPWP_CASE(3, op2, v);                                          \
		BPWP_CASE(4, op2, v);                                          \
		BPWP_CASE(5, op2, v);                                          \
		BPWP_CASE(6, op2, v);                                          \
		BPWP_CASE(7, op2, v);                                          \
		BPWP_CASE(8, op2, v);                                          \
		BPWP_CASE(9, op2, v);                                          \
		BPWP_CASE(10, op2, v);                                         \
		BPWP_CASE(11, op2, v);                                         \
		BPWP_CASE(12, op2, v);                                         \
		BPWP_CASE(13, op2, v);                                         \
		BPWP_CASE(14, op2, v);                                         \
		BPWP_CASE(15, op2, v);                                         \
	default:                                                               \
		break;                                                         \
	}

/* DBGBVR/DBGBCR/DBGWVR/DBGWCR<n>_EL1: op0 2, op1 0, CRn 0, CRm n, op2
 * 4..7 (D17.3.2-D17.3.13). */
static void write_bvr(unsigned n, uint64_t v) { BPWP_SWITCH(n, 4, v) }
static void write_bcr(unsigned n, uint64_t v) { BPWP_SWITCH(n, 5, v) }
static void write_wvr(unsigned n, uint64_t v) { BPWP_SWITCH(n, 6, v) }
static void write_wcr(unsigned n, uint64_t v) { BPWP_SWITCH(n, 7, v) }

/* ID_AA64DFR0_EL1.BRPs [15:12] and WRPs [23:20]: the count minus one. */
static unsigned hw_bps(void)
{
	return ((read_sysreg(id_aa64dfr0_el1) >> 12) & 0xf) + 1;
}

static unsigned hw_wps(void)
{
	return ((read_sysreg(id_aa64dfr0_el1) >> 20) & 0xf) + 1;
}

uint64_t el2_debug_hw_mdscr(const struct debug_regs *d)
{
	if (d->oslk)
		return d->mdscr & ~(MDSCR_MDE | MDSCR_KDE | MDSCR_SS);
	return d->mdscr;
}

void el2_debug_load(const struct debug_regs *d)
{
	unsigned nb = hw_bps(), nw = hw_wps();

	/* Breakpoints and watchpoints the model does not have (the CPU may
	 * have more) stay disabled; those it has beyond the CPU's cannot be
	 * armed (D2.x: the counts the guest reads are the CPU's ID). */
	for (unsigned n = 0; n < nb; n++) {
		bool mine = n < DEBUG_NR_BPS;

		write_bcr(n, mine ? d->bcr[n] : 0);
		write_bvr(n, mine ? d->bvr[n] : 0);
	}
	for (unsigned n = 0; n < nw; n++) {
		bool mine = n < DEBUG_NR_WPS;

		write_wcr(n, mine ? d->wcr[n] : 0);
		write_wvr(n, mine ? d->wvr[n] : 0);
	}
	write_sysreg(el2_debug_hw_mdscr(d), mdscr_el1);
	write_sysreg(d->mdccint, s2_0_c0_c2_0); /* MDCCINT_EL1 */
	isb();
}
