/* SPDX-License-Identifier: MIT */
/*
 * MRS/MSR: every access to an op0 2 or 3 system register reaches these
 * hooks before the CPU model (ENGINE-NOTES "System registers").  The core
 * answers (core_sysreg_access); what it does not model goes to the CPU
 * model, except the spaces uc_sysreg_trapped() names -- debug, PMU, trace,
 * AMU and IMPLEMENTATION DEFINED -- which the model never sees: its
 * breakpoints crash Unicorn 2.0.1 and its PMU is wrong.
 *
 * How a hook's answer takes effect depends on how Unicorn translated the
 * instruction (qemu/target/arm/translate-a64.c handle_sys, measured here):
 *  - if the instruction ends its translation block -- a register the model
 *    does not know or forbids at this EL (UNDEFINED at translation), an MSR
 *    of a register the model knows (the block ends after it), or the last
 *    instruction of a full block -- a hook that returns 1 resumes at the PC
 *    it leaves, so the hook moves PC past the instruction;
 *  - otherwise (an MRS, or an MSR to a constant, of a register the model
 *    knows) returning 1 runs on to the next instruction of the block and a
 *    PC written here is ignored.
 * The block hook records where the block ends, so "is this instruction the
 * last of its block" is exact -- unlike asking the model whether it knows
 * the register, whose raw read asserts for MDCCINT_EL1, OSLAR_EL1,
 * OSDLR_EL1, PMSWINC_EL0, NZCV and CurrentEL.
 *
 * Faults.  For the last instruction of a block the fault is entered when
 * the next block starts (uc_resolve_deferred), with the IRQ/FIQ lines
 * withdrawn until then so that no interrupt can come first.  Inside a
 * block (a register the model knows, read), the model must fault on the
 * instruction itself: its debug and PMU registers trap to EL2 (MDCR_EL2 =
 * UC_MDCR_TRAPS), its timers and PMU at EL0 trap on its own CNTKCTL_EL1
 * and PMUSERENR_EL0 (both stay 0: the core owns the guest's), and
 * uc_handle_intr gives that EXCP_UDEF the syndrome recorded here.
 */
#include <errno.h>

#include "core/core.h"
#include "core/core_engine.h"
#include "engine/unicorn/uc_internal.h"

#define ENC_OP0(e) (((e) >> 14) & 3)
#define ENC_OP1(e) (((e) >> 11) & 7)
#define ENC_CRN(e) (((e) >> 7) & 15)
#define ENC_CRM(e) (((e) >> 3) & 15)
#define ENC_OP2(e) ((e)&7)

#define ENC_TRFCR_EL1 SYSREG_ENC(3, 0, 1, 2, 1)
#define ENC_SCTLR_EL1 SYSREG_ENC(3, 0, 1, 0, 0)

/* SCTLR_EL1 bits that trap EL0 accesses to EL1 (Arm ARM D17.2.118). */
#define SCTLR_UMA (1ull << 9)
#define SCTLR_DZE (1ull << 14)
#define SCTLR_UCT (1ull << 15)
#define SCTLR_UCI (1ull << 26)

bool uc_sysreg_trapped(uint32_t enc)
{
	unsigned op1 = ENC_OP1(enc), crn = ENC_CRN(enc), crm = ENC_CRM(enc);

	if (ENC_OP0(enc) == 2)
		return true; /* debug, OS lock, DCC, trace (op1 = 1) */
	if (ENC_OP0(enc) != 3)
		return false;
	/* D17.1.2 / D17.5: PMU, SPE and trace buffer are CRn 9 */
	if (crn == 9)
		return true;
	/* PMEVCNTR<n>_EL0, PMEVTYPER<n>_EL0, PMCCFILTR_EL0 */
	if (op1 == 3 && crn == 14 && crm >= 8)
		return true;
	/* Activity monitors: AMCR_EL0 .. AMEVTYPER1<n>_EL0 */
	if (op1 == 3 && crn == 13 && crm >= 2 && crm <= 7)
		return true;
	/* DSPSR_EL0, DLR_EL0 (Debug state), TRFCR_EL1 (trace filter) */
	if ((op1 == 3 && crn == 4 && crm == 5) || enc == ENC_TRFCR_EL1)
		return true;
	/* D17.1.3: IMPLEMENTATION DEFINED registers are CRn 11 and 15 */
	return crn == 11 || crn == 15;
}

/* Can the model fault on this register by itself (see the top)? */
static bool model_faults(uint32_t enc, unsigned el)
{
	unsigned op1 = ENC_OP1(enc), crn = ENC_CRN(enc), crm = ENC_CRM(enc);

	if (ENC_OP0(enc) == 2)
		return true; /* MDCR_EL2.TDA, TDOSA, TDRA */
	if (crn == 9 || (op1 == 3 && crn == 14 && crm >= 8))
		return true; /* MDCR_EL2.TPM, TPMCR; PMUSERENR_EL0 = 0 */
	/* the generic timer at EL0: the model's CNTKCTL_EL1 = 0 */
	return el == 0 && op1 == 3 && crn == 14 && crm <= 3;
}

/*
 * Arm ARM D17.2.37, ISS for EC 0x18 (trapped MSR/MRS/System instruction):
 * Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0] (1 = read).
 */
static uint32_t sys64_iss(unsigned op0, unsigned op1, unsigned crn,
			  unsigned crm, unsigned op2, unsigned rt, bool read)
{
	return (op0 & 3) << 20 | (op2 & 7) << 17 | (op1 & 7) << 14 |
	       (crn & 15) << 10 | (rt & 31) << 5 | (crm & 15) << 1 |
	       (read ? 1 : 0);
}

static unsigned rt_of(uc_arm64_reg reg)
{
	if (reg >= UC_ARM64_REG_X0 && reg <= UC_ARM64_REG_X28)
		return reg - UC_ARM64_REG_X0;
	if (reg == UC_ARM64_REG_X29)
		return 29;
	if (reg == UC_ARM64_REG_X30)
		return 30;
	return 31; /* XZR */
}

/* The last instruction of a block faults: move on as if it completed, with
 * no interrupt possible, and enter the fault when the next block starts. */
static void defer_fault(struct engine_vcpu *ev, uint64_t pc, uint32_t ec,
			uint32_t iss)
{
	uint64_t next = pc + 4;

	ev->defer = (struct deferred_fault){
		.pending = true, .pc = pc, .ec = ec, .iss = iss };
	uc_set_hcr(ev, HCR_BASE);
	uc_reg_write(ev->uc, UC_ARM64_REG_PC, &next);
}

bool uc_resolve_deferred(struct engine_vcpu *ev, uint64_t next_pc)
{
	struct deferred_fault f = ev->defer;

	if (!f.pending)
		return false;
	ev->defer.pending = false;
	if (!ev->exc_redirect)
		uc_set_hcr(ev, HCR_BASE | ev->lines);
	if (next_pc != f.pc + 4) {
		/* Not reached: nothing but the next block can follow. */
		uc_log_limited(&ev->rl_error,
			       "sysreg fault at %#llx lost: next block %#llx",
			       (unsigned long long)f.pc,
			       (unsigned long long)next_pc);
		return false;
	}
	uc_reg_write(ev->uc, UC_ARM64_REG_PC, &f.pc);
	uc_inject_sync(ev, f.ec, f.iss, f.pc, false, 0);
	return true;
}

/* Does the core emulate this register?  Cached per vCPU, direct-mapped
 * (the answer is fixed once the VM exists), so that the model's own
 * registers cost no lookup at every MRS/MSR. */
static bool sysreg_traps(struct engine_vcpu *ev, uint32_t enc)
{
	struct sysreg_traps_slot *k = &ev->traps[enc % UC_TRAPS_CACHE];

	if (k->enc != enc + 1) {
		k->enc = enc + 1; /* +1: 0 marks an empty slot */
		k->traps = core_sysreg_traps(ev->v, enc);
	}
	return k->traps;
}

/*
 * The core's answer for an emulated register, as a SYSREG exit handed
 * over from this hook (the fiber waits here; engine/engine.h): 0 with
 * *val, -ENOENT (not the core's), -EPERM (trap to EL1) or -EACCES
 * (UNDEFINED).  Registers the core does not emulate make no exit.
 */
static int sysreg_exit(struct engine_vcpu *ev, uint32_t enc, bool is_write,
		       unsigned el, uint64_t *val)
{
	struct engine_exit e = { .kind = ENGINE_EXIT_SYSREG };
	const struct engine_entry *in;

	if (!sysreg_traps(ev, enc))
		return -ENOENT;
	e.sysreg.enc = enc;
	e.sysreg.is_write = is_write;
	e.sysreg.el = el;
	e.sysreg.val = *val;
	in = uc_exit_to_core(ev, &e);
	if (ev->unwinding)
		return -ENOENT;
	switch (in->result) {
	case ENGINE_DONE:
		*val = in->val;
		return 0;
	case ENGINE_MODEL:
		return -ENOENT;
	case ENGINE_TRAP_EL1:
		return -EPERM;
	default:
		return -EACCES;
	}
}

static uint32_t sysreg_hook(uc_engine *uc, uc_arm64_reg reg,
			    const uc_arm64_cp_reg *cp, bool is_write,
			    struct engine_vcpu *ev)
{
	uint32_t enc = SYSREG_ENC(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2);
	unsigned el = uc_current_el(ev);
	uint64_t val = cp->val, pc;
	uint32_t ec, iss;
	bool last;
	int r = sysreg_exit(ev, enc, is_write, el, &val);

	if (r == -ENOENT) {
		if (!uc_sysreg_trapped(enc)) {
			/* SCTLR_EL1, TTBR0/1_EL1, TCR_EL1: translations the
			 * engine cached (uc_debug.c) may change. */
			if (is_write && cp->op0 == 3 && cp->op1 == 0 &&
			    (cp->crn == 1 || cp->crn == 2))
				ev->xl_gen++;
			return 0; /* the model's own register, or UNDEFINED */
		}
		r = -EACCES;  /* nobody models it: UNDEFINED */
	}
	uc_reg_read(uc, UC_ARM64_REG_PC, &pc);
	last = pc + 4 == ev->block_end;
	if (!r) {
		if (!is_write && reg != UC_ARM64_REG_XZR)
			uc_reg_write(uc, reg, &val);
		if (is_write && cp->op0 == 2)
			ev->stop_rearm = true; /* breakpoints may have moved */
		if (last) {
			pc += 4;
			uc_reg_write(uc, UC_ARM64_REG_PC, &pc);
		}
		return 1;
	}
	/* -EPERM: a configurable trap to EL1, EC 0x18 with the access in the
	 * ISS; anything else: UNDEFINED, EC 0 (Arm ARM D1.10.4). */
	ec = r == -EPERM ? EC_SYS64 : EC_UNKNOWN;
	iss = ec == EC_SYS64 ? sys64_iss(cp->op0, cp->op1, cp->crn, cp->crm,
					 cp->op2, rt_of(reg), !is_write)
			     : 0;
	if (last) {
		defer_fault(ev, pc, ec, iss);
		return 1;
	}
	if (model_faults(enc, el)) {
		ev->sys_trap = true;
		ev->sys_trap_esr = ec << 26 | iss; /* see uc_handle_intr */
		ev->sys_trap_pc = pc;
		return 0;
	}
	/* A register the model implements as a constant it cannot trap
	 * (Unicorn's Cortex-A72 CBAR_EL1): read as zero, writes ignored. */
	uc_log_limited(&ev->rl_error,
		       "system register S%u_%u_C%u_C%u_%u at %#llx: "
		       "RAZ/WI instead of UNDEFINED",
		       cp->op0, cp->op1, cp->crn, cp->crm, cp->op2,
		       (unsigned long long)pc);
	if (!is_write && reg != UC_ARM64_REG_XZR) {
		val = 0;
		uc_reg_write(uc, reg, &val);
	}
	return 1;
}

uint32_t uc_hook_mrs(uc_engine *uc, uc_arm64_reg reg,
		     const uc_arm64_cp_reg *cp, void *u)
{
	return sysreg_hook(uc, reg, cp, false, u);
}

uint32_t uc_hook_msr(uc_engine *uc, uc_arm64_reg reg,
		     const uc_arm64_cp_reg *cp, void *u)
{
	return sysreg_hook(uc, reg, cp, true, u);
}

/*
 * The model raised UNDEFINED for a system instruction at EL0.  For the
 * accesses SCTLR_EL1 controls the architecture says "trapped to EL1" with
 * EC 0x18 (AArch64.SystemAccessTrap(EL1, 0x18), D17.2.118): DAIF and
 * MSR DAIFSet/DAIFClr (UMA), DC ZVA (DZE), CTR_EL0 (UCT), DC CVAU, CVAC,
 * CVAP, CIVAC and IC IVAU (UCI).  Unicorn raises them but does not tell
 * the syndrome, so it is rebuilt from the instruction.
 */
uint32_t uc_udef_syndrome(struct engine_vcpu *ev, uint64_t pc, uint32_t *iss)
{
	uint32_t insn;
	unsigned l, op0, op1, crn, crm, op2, rt;
	uint64_t sctlr = 0, need = 0;

	*iss = 0;
	if (uc_current_el(ev) != 0 || !uc_fetch_insn(ev, pc, &insn))
		return EC_UNKNOWN;
	/* System instruction class: 1101 0101 00 L op0(2) op1 CRn CRm op2 Rt */
	if ((insn & 0xffc00000u) != 0xd5000000u)
		return EC_UNKNOWN;
	l = (insn >> 21) & 1;
	op0 = (insn >> 19) & 3;
	op1 = (insn >> 16) & 7;
	crn = (insn >> 12) & 15;
	crm = (insn >> 8) & 15;
	op2 = (insn >> 5) & 7;
	rt = insn & 31;
	if (op0 == 0 && op1 == 3 && crn == 4 && (op2 == 6 || op2 == 7))
		need = SCTLR_UMA; /* MSR DAIFSet / DAIFClr, #imm */
	else if (op0 == 3 && op1 == 3 && crn == 4 && crm == 2 && op2 == 1)
		need = SCTLR_UMA; /* MRS/MSR DAIF */
	else if (op0 == 3 && op1 == 3 && crn == 0 && crm == 0 && op2 == 1)
		need = SCTLR_UCT; /* CTR_EL0 */
	else if (op0 == 1 && op1 == 3 && crn == 7 && crm == 4 && op2 == 1)
		need = SCTLR_DZE; /* DC ZVA */
	else if (op0 == 1 && op1 == 3 && crn == 7 && op2 == 1 &&
		 (crm == 5 || crm == 10 || crm == 11 || crm == 12 ||
		  crm == 14))
		need = SCTLR_UCI; /* IC IVAU, DC CVAC/CVAU/CVAP/CIVAC */
	if (!need || uc_read_sysreg(ev, ENC_SCTLR_EL1, &sctlr) ||
	    (sctlr & need))
		return EC_UNKNOWN;
	*iss = sys64_iss(op0, op1, crn, crm, op2, rt, l);
	return EC_SYS64;
}
