// SPDX-License-Identifier: MIT
/*
 * Synchronous exceptions injected into the guest's EL1 (vcpu.h): what the
 * CPU would do on exception entry to EL1 (Arm ARM D1.10.2 "exception
 * entry", pseudocode AArch64.TakeException): SPSR_EL1 = PSTATE, ELR_EL1 =
 * the preferred return address, ESR_EL1/FAR_EL1 = syndrome and address,
 * then PSTATE = EL1h with DAIF set and PC = VBAR_EL1 + the vector offset.
 */
#include "engine/el2/vcpu.h"
#include "platform/el2/arch.h"

/* SCTLR_EL1 bits that shape PSTATE at exception entry */
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_DSSBS (1ull << 44)

/* Vector offsets from VBAR_EL1 (Arm ARM D1.10.2, table "vector offsets") */
#define VEC_CUR_SP0 0x000
#define VEC_CUR_SPX 0x200
#define VEC_LOWER_A64 0x400

static unsigned id_field(uint64_t reg, unsigned shift)
{
	return (reg >> shift) & 0xf;
}

static void enter_el1_sync(struct el2_vcpu *v, uint64_t return_pc,
			   uint32_t esr, bool set_far, uint64_t far)
{
	uint64_t old = v->frame.spsr, pstate, vbar, sctlr, off;
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	uint64_t pfr1 = read_sysreg(id_aa64pfr1_el1);
	unsigned mode = old & PSR_MODE_MASK;

	sctlr = read_sysreg(sctlr_el1);
	vbar = read_sysreg(vbar_el1);
	if (mode == PSR_MODE_EL0t)
		off = VEC_LOWER_A64;
	else if (mode == PSR_MODE_EL1t)
		off = VEC_CUR_SP0;
	else
		off = VEC_CUR_SPX;

	write_sysreg(old, spsr_el1);
	write_sysreg(return_pc, elr_el1);
	write_sysreg(esr, esr_el1);
	if (set_far)
		write_sysreg(far, far_el1);

	/* New PSTATE: EL1h, D A I F set, SS and IL 0, BTYPE 0; NZCV, DIT
	 * kept.  PAN set unless SCTLR_EL1.SPAN (FEAT_PAN); UAO cleared
	 * (FEAT_UAO); SSBS = SCTLR_EL1.DSSBS (FEAT_SSBS); TCO set
	 * (FEAT_MTE). */
	pstate = (old & ~(uint64_t)(PSR_MODE_MASK | PSR_MODE32 | PSR_SS |
				    PSR_IL | PSR_BTYPE_MASK | PSR_UAO |
				    PSR_SSBS | PSR_TCO)) |
		 PSR_MODE_EL1h | PSR_DAIF;
	if (id_field(mmfr1, 20) && !(sctlr & SCTLR_SPAN)) /* MMFR1.PAN */
		pstate |= PSR_PAN;
	if (id_field(pfr1, 4) && (sctlr & SCTLR_DSSBS)) /* PFR1.SSBS */
		pstate |= PSR_SSBS;
	if (id_field(pfr1, 8)) /* PFR1.MTE */
		pstate |= PSR_TCO;
	v->frame.spsr = pstate;
	v->frame.elr = vbar + off;
}

/* The address of e's instruction: an HVC's ELR_EL2 is already past it. */
static uint64_t insn_pc(const struct el2_vcpu *v, const struct el2_exit *e)
{
	return e->kind == EL2_EXIT_HVC ? v->frame.elr - 4 : v->frame.elr;
}

void el2_vcpu_inject_undef(struct el2_vcpu *v, const struct el2_exit *e)
{
	/* ESR_EL1: EC 0x00 (unknown reason), IL = 1 (Arm ARM D17.2.37). */
	enter_el1_sync(v, insn_pc(v, e), ESR_IL, false, 0);
}

void el2_vcpu_inject_abort(struct el2_vcpu *v, const struct el2_exit *e)
{
	bool from_el0 = (v->frame.spsr & PSR_MODE_MASK) == PSR_MODE_EL0t;
	bool iabt = e->kind == EL2_EXIT_IABT;
	uint32_t ec, iss = ESR_FSC_EXTABT;

	if (iabt) {
		ec = from_el0 ? ESR_EC_IABT_LOW : ESR_EC_IABT_CUR;
	} else {
		ec = from_el0 ? ESR_EC_DABT_LOW : ESR_EC_DABT_CUR;
		if (e->kind == EL2_EXIT_MMIO ? e->mmio.is_write
					     : e->abort.is_write)
			iss |= ESR_DABT_WNR;
	}
	enter_el1_sync(v, insn_pc(v, e), ec << ESR_EC_SHIFT | ESR_IL | iss,
		       true, e->far);
}

void el2_vcpu_inject_dabt(struct el2_vcpu *v, const struct el2_exit *e,
			  unsigned fsc, bool wnr)
{
	bool from_el0 = (v->frame.spsr & PSR_MODE_MASK) == PSR_MODE_EL0t;
	uint32_t ec = from_el0 ? ESR_EC_DABT_LOW : ESR_EC_DABT_CUR;
	uint32_t iss = (fsc & ESR_FSC_MASK) | (wnr ? ESR_DABT_WNR : 0);

	enter_el1_sync(v, insn_pc(v, e), ec << ESR_EC_SHIFT | ESR_IL | iss,
		       true, e->far);
}

void el2_vcpu_inject_sync(struct el2_vcpu *v, const struct el2_exit *e,
			  uint32_t esr)
{
	enter_el1_sync(v, insn_pc(v, e), esr, false, 0);
}
