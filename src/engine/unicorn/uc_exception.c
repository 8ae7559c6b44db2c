/* SPDX-License-Identifier: MIT */
/*
 * Synchronous exceptions the guest owns (SVC, UNDEFINED, BRK, instruction
 * and data aborts), entered as the Arm ARM says (D1.10 "Exception entry"):
 * ESR_EL1, FAR_EL1, ELR_EL1, SPSR_EL1, PSTATE (DAIF set, EL1h) and the
 * vector: VBAR_EL1 + 0x000 (current EL, SP0), + 0x200 (current EL, SPx),
 * + 0x400 (lower EL, AArch64).
 *
 * Unicorn 2.0.1 swallows these exceptions (ENGINE-NOTES), and a host write
 * of PSTATE does not refresh QEMU's cached translation flags, so an EL0 ->
 * EL1 entry done by register writes would run EL1 code with EL0 rights.
 * Measured here: writing PSTATE and then any register through
 * UC_ARM64_REG_CP_REG does not refresh them either.  So:
 *  - from EL1, the entry is register writes (the EL does not change);
 *  - from EL0, the CPU makes the EL change itself: armvisor raises a
 *    virtual FIQ (HCR_EL2.VF alone), QEMU's own entry runs to VBAR + 0x500
 *    (lower EL FIQ), and at that vector's first block armvisor turns it into
 *    the synchronous exception (ESR/FAR set, PC moved to VBAR + 0x400).  The
 *    CPU already wrote ELR (the preferred return address we set as PC);
 *    SPSR is rewritten there with the PSTATE the exception was taken from.
 *    EL0 with PSTATE.F set would mask the virtual FIQ, so F is cleared in
 *    the model for the entry (it is not part of the cached flags) and the
 *    saved SPSR keeps it set.
 */
#include <errno.h>
#include <string.h>

#include "core/core.h"
#include "engine/unicorn/uc_decode.h"
#include "engine/unicorn/uc_internal.h"
#include "platform/platform.h"

/* QEMU's exception numbers as UC_HOOK_INTR reports them. */
#define EXCP_UDEF 1
#define EXCP_SWI 2
#define EXCP_PREFETCH_ABORT 3
#define EXCP_DATA_ABORT 4
#define EXCP_BKPT 7
#define EXCP_HVC 11
#define EXCP_SMC 13

#define ENC_ESR_EL1 SYSREG_ENC(3, 0, 5, 2, 0)
#define ENC_FAR_EL1 SYSREG_ENC(3, 0, 6, 0, 0)
#define ENC_SPSR_EL1 SYSREG_ENC(3, 0, 4, 0, 0)
#define ENC_ELR_EL1 SYSREG_ENC(3, 0, 4, 0, 1)
#define ENC_VBAR_EL1 SYSREG_ENC(3, 0, 12, 0, 0)
#define ENC_SCTLR_EL1 SYSREG_ENC(3, 0, 1, 0, 0)
#define ENC_TCR_EL1 SYSREG_ENC(3, 0, 2, 0, 2)
#define ENC_TTBR0_EL1 SYSREG_ENC(3, 0, 2, 0, 0)
#define ENC_TTBR1_EL1 SYSREG_ENC(3, 0, 2, 0, 1)
#define ENC_MAIR_EL1 SYSREG_ENC(3, 0, 10, 2, 0)

static uint64_t read_sys(struct engine_vcpu *ev, uint32_t enc)
{
	uint64_t v = 0;

	uc_read_sysreg(ev, enc, &v);
	return v;
}

int uc_inject_sync(struct engine_vcpu *ev, uint32_t ec, uint32_t iss,
		   uint64_t elr, bool has_far, uint64_t far)
{
	uc_engine *uc = ev->uc;
	uint32_t ps = 0;
	uint64_t esr = ((uint64_t)ec << 26) | ESR_IL | (iss & 0x1ffffff);

	vcpu_stat_inc(ev->v, VCPU_STAT_EXCEPTION);
	uc_reg_read(uc, UC_ARM64_REG_PSTATE, &ps);
	/* D2.12.4: SPSR.SS records whether a stepped instruction is still to
	 * complete (the exception came before it did). */
	ps &= ~PSTATE_SS;
	if (uc_debug_spsr_ss(ev, elr))
		ps |= PSTATE_SS;
	if (((ps >> 2) & 3) == 0) {
		uint32_t entry_ps = ps & ~(PSTATE_F | PSTATE_SS);

		ev->orig_pstate = ps;
		ev->orig_pstate_valid = true;
		if (entry_ps != ps)
			uc_reg_write(uc, UC_ARM64_REG_PSTATE, &entry_ps);
		ev->exc = (struct pending_exc){ .pending = true,
						.esr = esr,
						.far = far,
						.elr = elr,
						.has_far = has_far };
		/* VF alone, so that a pending VI cannot be taken first.  The
		 * CPU takes it before the next block: from UC_HOOK_INTR at
		 * once, from an instruction hook because writing PC ends the
		 * block, and outside uc_emu_start at the next entry. */
		ev->exc_redirect = true;
		uc_set_hcr(ev, HCR_BASE | HCR_VF);
		uc_reg_write(uc, UC_ARM64_REG_PC, &elr);
		return 0;
	}

	uint64_t vbar = read_sys(ev, ENC_VBAR_EL1);
	bool spx = ps & 1;
	uint64_t pc = vbar + (spx ? 0x200 : 0x000);
	uint32_t nps = (ps & 0xf0000000u) | PSTATE_DAIF | PSTATE_EL1H;

	uc_write_sysreg(ev, ENC_ESR_EL1, esr);
	if (has_far)
		uc_write_sysreg(ev, ENC_FAR_EL1, far);
	uc_write_sysreg(ev, ENC_ELR_EL1, elr);
	uc_write_sysreg(ev, ENC_SPSR_EL1, ps);
	if (!spx) {
		/* EL1t -> EL1h: bank the SP by hand (QEMU's pstate_write does
		 * not swap SP_EL0/SP_EL1). */
		uint64_t sp, sp1;

		uc_reg_read(uc, UC_ARM64_REG_SP, &sp);
		uc_reg_write(uc, UC_ARM64_REG_SP_EL0, &sp);
		uc_reg_read(uc, UC_ARM64_REG_SP_EL1, &sp1);
		uc_reg_write(uc, UC_ARM64_REG_SP, &sp1);
	}
	uc_reg_write(uc, UC_ARM64_REG_PSTATE, &nps);
	uc_reg_write(uc, UC_ARM64_REG_PC, &pc);
	return 0;
}

bool uc_exc_redirect(struct engine_vcpu *ev, uint64_t addr)
{
	uint64_t vbar = read_sys(ev, ENC_VBAR_EL1);
	uint64_t pc = vbar + 0x400;

	if (addr != vbar + 0x500)
		return false;
	uc_write_sysreg(ev, ENC_ESR_EL1, ev->exc.esr);
	if (ev->exc.has_far)
		uc_write_sysreg(ev, ENC_FAR_EL1, ev->exc.far);
	if (ev->orig_pstate_valid) /* F and SS as they were at EL0 */
		uc_write_sysreg(ev, ENC_SPSR_EL1, ev->orig_pstate);
	ev->orig_pstate_valid = false;
	ev->exc.pending = false;
	ev->exc_redirect = false;
	uc_set_hcr(ev, HCR_BASE | ev->lines);
	uc_reg_write(ev->uc, UC_ARM64_REG_PC, &pc);
	return true;
}

/* ---- guest memory through the guest's own translation ---- */

static bool read_pa64(void *opaque, uint64_t pa, uint64_t *val)
{
	struct engine_vcpu *ev = opaque;
	uint64_t *p = uc_gpa_to_host(ev->evm, pa, 8);

	if (!p || (pa & 7))
		return false;
	*val = __atomic_load_n(p, __ATOMIC_RELAXED);
	return true;
}

static unsigned walk_attr(struct engine_vcpu *ev, uint64_t va,
			  enum walk_access acc, uint64_t *pa, unsigned *attr)
{
	struct walk_regs r = {
		.sctlr = read_sys(ev, ENC_SCTLR_EL1),
		.tcr = read_sys(ev, ENC_TCR_EL1),
		.ttbr0 = read_sys(ev, ENC_TTBR0_EL1),
		.ttbr1 = read_sys(ev, ENC_TTBR1_EL1),
		.pa_bits = ev->pa_bits,
	};

	return walk_stage1_attr(&r, va, acc, uc_current_el(ev), read_pa64, ev,
				pa, attr);
}

static unsigned walk(struct engine_vcpu *ev, uint64_t va, enum walk_access acc,
		     uint64_t *pa)
{
	unsigned attr;

	return walk_attr(ev, va, acc, pa, &attr);
}

unsigned uc_walk(struct engine_vcpu *ev, uint64_t va, int acc, uint64_t *pa)
{
	return walk(ev, va, (enum walk_access)acc, pa);
}

bool uc_is_device(struct engine_vcpu *ev, uint64_t va)
{
	uint64_t pa;
	unsigned idx;

	if (walk_attr(ev, va, WALK_READ, &pa, &idx))
		return false;
	if (idx == WALK_DEVICE_ATTR)
		return true;
	/* MAIR_EL1 Attr<n>[7:4] = 0b0000: Device memory (D17.2.97). */
	return ((read_sys(ev, ENC_MAIR_EL1) >> (8 * idx)) & 0xf0) == 0;
}

/* The instruction at va, through the guest's translation.  A misaligned
 * va is never an instruction (PC alignment fault). */
static bool fetch_insn(struct engine_vcpu *ev, uint64_t va, uint32_t *insn)
{
	uint64_t pa;
	void *p;

	if ((va & 3) || walk(ev, va, WALK_EXEC, &pa))
		return false;
	p = uc_gpa_to_host(ev->evm, pa, 4);
	if (!p)
		return false;
	memcpy(insn, p, 4);
	return true;
}

bool uc_fetch_insn(struct engine_vcpu *ev, uint64_t va, uint32_t *insn)
{
	return fetch_insn(ev, va, insn);
}

static uint64_t read_x(struct engine_vcpu *ev, unsigned n)
{
	uint64_t v = 0;

	if (n == 31)
		uc_reg_read(ev->uc, UC_ARM64_REG_SP, &v);
	else if (n <= 28)
		uc_reg_read(ev->uc, UC_ARM64_REG_X0 + n, &v);
	else
		uc_reg_read(ev->uc, n == 29 ? UC_ARM64_REG_X29
					    : UC_ARM64_REG_X30,
			    &v);
	return v;
}

bool uc_decode_access(struct engine_vcpu *ev, uint32_t insn, uint64_t pc,
		      struct ldst *d)
{
	uint64_t x[32] = { 0 };
	unsigned rn = (insn >> 5) & 31, rm = (insn >> 16) & 31, rt = insn & 31;

	/* cheap reject: neither the loads-and-stores group nor SYS */
	if ((insn & 0x0a000000) != 0x08000000 && (insn & ~31u) != 0xd50b7420u)
		return false;
	/* Only the registers an address needs: Rn, Rm (Rt for DC ZVA).
	 * decode_ldst reads x[31] as SP for a base and as XZR for an index
	 * (index_reg), so x[31] holds SP. */
	x[rn] = read_x(ev, rn);
	x[rm] = read_x(ev, rm);
	x[rt] = read_x(ev, rt);
	x[31] = read_x(ev, 31);
	return decode_ldst(insn, x, pc, d) || decode_dc_zva(insn, x, d);
}

static uint32_t abort_ec(struct engine_vcpu *ev, bool data)
{
	bool lower = uc_current_el(ev) == 0;

	if (data)
		return lower ? EC_DABT_LOW : EC_DABT_CUR;
	return lower ? EC_IABT_LOW : EC_IABT_CUR;
}

/* FAR and DFSC of a data abort at pc, from the instruction and a walk. */
static void data_abort(struct engine_vcpu *ev, uint64_t pc)
{
	uint64_t x[32], pa;
	uint32_t insn;
	struct ldst d;
	unsigned fsc = FSC_ALIGNMENT;
	uint64_t far = 0;
	bool have = false;

	uc_read_gprs(ev, x);
	if (fetch_insn(ev, pc, &insn) && decode_ldst(insn, x, pc, &d)) {
		enum walk_access acc = d.is_write ? WALK_WRITE : WALK_READ;
		uint64_t last = (d.is_pair ? d.va2 : d.va) + d.size - 1;

		have = true;
		far = d.va;
		fsc = walk(ev, d.va, acc, &pa);
		if (!fsc) {
			/* the access crosses into a page that faults */
			fsc = walk(ev, last, acc, &pa);
			if (fsc)
				far = last & ~0xfffull;
		}
		/* Mapped and allowed: QEMU faulted for another reason
		 * (alignment on Device memory or exclusives). */
		fsc = fsc ? WALK_FSC(fsc) : FSC_ALIGNMENT;
		if (d.is_write)
			fsc |= ESR_WNR;
	}
	/* ISV = 0: the instruction syndrome is reported only to EL2 (Arm ARM
	 * D17.2.37 ISS encoding for a Data Abort). */
	uc_inject_sync(ev, abort_ec(ev, true), fsc, pc, have, far);
}

static void insn_abort(struct engine_vcpu *ev, uint64_t pc, bool external)
{
	uint64_t pa;
	unsigned fsc;

	if (pc & 3) {
		/* D1.10.5: PC alignment is checked before the fetch. */
		uc_inject_sync(ev, EC_PC_ALIGN, 0, pc, true, pc);
		return;
	}
	fsc = walk(ev, pc, WALK_EXEC, &pa);
	fsc = fsc ? WALK_FSC(fsc) : FSC_EXT_ABORT;
	uc_inject_sync(ev, abort_ec(ev, false), fsc, pc, true, pc);
}

bool uc_prefetch_fault(struct engine_vcpu *ev, uint64_t pc)
{
	uint64_t pa;

	if (!(pc & 3) && !walk(ev, pc, WALK_EXEC, &pa) &&
	    uc_gpa_to_host(ev->evm, pa, 4))
		return false;
	insn_abort(ev, pc, true);
	return true;
}

static uint32_t imm16_at(struct engine_vcpu *ev, uint64_t va)
{
	uint32_t insn = 0;

	fetch_insn(ev, va, &insn);
	return (insn >> 5) & 0xffff;
}

/* HVC/SMC: an exit to the core once uc_emu_start has returned (the
 * guest's registers are whole there, for the core to read and write). */
static void hypercall(struct engine_vcpu *ev, uint64_t pc, bool smc)
{
	ev->hvc_imm = imm16_at(ev, pc - 4);
	if (smc)
		ev->stop_smc = true;
	else
		ev->stop_hvc = true;
	uc_emu_stop(ev->uc);
}

bool uc_intr_stops(uint32_t intno)
{
	return intno == EXCP_HVC || intno == EXCP_SMC;
}

void uc_handle_intr(struct engine_vcpu *ev, uint32_t intno)
{
	uint64_t pc = 0;

	uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
	switch (intno) {
	case EXCP_UDEF:
		if (ev->sys_trap && ev->sys_trap_pc == pc) {
			/* a fault uc_sysreg.c decided and left to the model */
			uc_inject_sync(ev, ev->sys_trap_esr >> 26,
				       ev->sys_trap_esr & 0x1ffffff, pc, false,
				       0);
		} else {
			uint32_t iss;
			uint32_t ec = uc_udef_syndrome(ev, pc, &iss);

			uc_inject_sync(ev, ec, iss, pc, false, 0);
		}
		ev->sys_trap = false;
		break;
	case EXCP_SWI: /* PC is after the SVC, which is ELR */
		uc_inject_sync(ev, EC_SVC64, imm16_at(ev, pc - 4), pc, false,
			       0);
		break;
	case EXCP_BKPT:
		uc_inject_sync(ev, EC_BRK, imm16_at(ev, pc), pc, false, 0);
		break;
	case EXCP_PREFETCH_ABORT:
		insn_abort(ev, pc, false);
		break;
	case EXCP_DATA_ABORT:
		data_abort(ev, pc);
		break;
	case EXCP_HVC:
		hypercall(ev, pc, false);
		break;
	case EXCP_SMC:
		hypercall(ev, pc, true);
		break;
	default:
		uc_log_limited(&ev->rl_intr,
			       "unexpected engine exception %u at pc %#llx",
			       intno, (unsigned long long)pc);
		/* Treat as UNDEFINED: the guest, not the VMM, pays. */
		uc_inject_sync(ev, EC_UNKNOWN, 0, pc, false, 0);
		break;
	}
}

int uc_handle_emu_error(struct engine_vcpu *ev, uc_err err)
{
	uint64_t pc = 0;

	uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
	switch (err) {
	case UC_ERR_FETCH_PROT:
	case UC_ERR_FETCH_UNMAPPED:
		/* A fetch outside RAM: external abort on the fetch (KVM
		 * injects a prefetch abort for a non-memslot PC). */
		insn_abort(ev, pc, true);
		return 0;
	case UC_ERR_READ_UNMAPPED:
	case UC_ERR_WRITE_UNMAPPED:
		/* An access Unicorn could not route (beyond the catch-all
		 * MMIO map, or DC ZVA outside RAM): uc_mmio_unmapped found
		 * the instruction while it ran. */
		if (ev->mabort.pending) {
			uc_resolve_mmio_abort(ev);
			return 0;
		}
		uc_inject_sync(ev, abort_ec(ev, true),
			       FSC_EXT_ABORT |
				       (ev->unmapped_write ? ESR_WNR : 0),
			       pc, true, ev->unmapped_addr);
		return 0;
	default:
		uc_log_limited(&ev->rl_error, "engine error %d (%s) at pc %#llx",
			       err, uc_strerror(err), (unsigned long long)pc);
		return -EIO;
	}
}
