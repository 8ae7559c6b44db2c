/* SPDX-License-Identifier: MIT */
/* One-reg access for the Unicorn backend (KVM core-register and sysreg ids). */
#include <errno.h>

#include "core/core.h"
#include "engine/unicorn/uc_internal.h"

static int core_reg_uc(uint64_t word)
{
	if (word < 62 && !(word & 1)) {
		unsigned n = word / 2;

		if (n <= 28)
			return UC_ARM64_REG_X0 + n;
		return n == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30;
	}
	return -1;
}

/* KVM's regs.sp is SP_EL0 and sp_el1 is SP_EL1 whatever SPSel says; Unicorn
 * keeps the SP in use in UC_ARM64_REG_SP and the other in SP_ELn. */
static int sp_reg(struct engine_vcpu *ev, unsigned el_of_sp)
{
	uint32_t ps = 0;
	unsigned el;

	uc_reg_read(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	el = (ps & 1) ? (ps >> 2) & 3 : 0;
	if (el == el_of_sp)
		return UC_ARM64_REG_SP;
	return el_of_sp ? UC_ARM64_REG_SP_EL1 : UC_ARM64_REG_SP_EL0;
}

static int reg_for_id(struct engine_vcpu *ev, uint64_t id, uint32_t *enc)
{
	*enc = 0;
	if ((id & ~0xffffull) == (AV_REG_ARM64 | AV_REG_SIZE_U64 |
				  AV_REG_ARM_CORE)) {
		uint64_t word = id & 0xffff;
		int r = core_reg_uc(word);

		if (r >= 0)
			return r;
		switch (word) {
		case 62:
			return sp_reg(ev, 0);
		case 64:
			return UC_ARM64_REG_PC;
		case 66:
			return UC_ARM64_REG_PSTATE;
		case 68:
			return sp_reg(ev, 1);
		case 70:
			return UC_ARM64_REG_ELR_EL1;
		default:
			return -1;
		}
	}
	if ((id & ~0xffffull) ==
	    (AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM64_SYSREG)) {
		*enc = id & 0xffff;
		return UC_ARM64_REG_CP_REG;
	}
	return -1;
}

/*
 * System registers one-reg may read from the model.  Not the spaces the
 * model never sees (uc_sysreg.c: the core models what exists there), and
 * not the special registers whose raw read asserts in Unicorn 2.0.1
 * (measured: NZCV and CurrentEL; MDCCINT_EL1, OSLAR_EL1, OSDLR_EL1 and
 * PMSWINC_EL0 are in the trapped spaces) -- an abort of the whole process.
 */
static bool model_reg_readable(uint32_t enc)
{
	return !uc_sysreg_trapped(enc) && enc != SYSREG_ENC(3, 3, 4, 2, 0) &&
	       enc != SYSREG_ENC(3, 0, 4, 2, 2);
}

int engine_get_reg(struct engine_vcpu *ev, uint64_t id, uint64_t *val)
{
	uint32_t enc;
	int r = reg_for_id(ev, id, &enc);

	if (r < 0)
		return -ENOENT;
	if (r == UC_ARM64_REG_CP_REG)
		return model_reg_readable(enc) ? uc_read_sysreg(ev, enc, val)
					       : -ENOENT;
	if (r == UC_ARM64_REG_PSTATE) {
		uint32_t ps = 0;

		uc_reg_read(ev->uc, r, &ps);
		*val = ps;
		return 0;
	}
	return uc_reg_read(ev->uc, r, val) == UC_ERR_OK ? 0 : -EINVAL;
}

int engine_set_reg(struct engine_vcpu *ev, uint64_t id, uint64_t val)
{
	uint32_t enc;
	int r = reg_for_id(ev, id, &enc);

	if (r < 0)
		return -ENOENT;
	/* Parked inside uc_emu_start (an MMIO exit the VMM answers): the
	 * translated block keeps registers of its own until it ends, so a
	 * write now could be lost.  KVM_RUN completes the access first. */
	if (ev->in_emu)
		return -EBUSY;
	if (r == UC_ARM64_REG_CP_REG)
		return model_reg_readable(enc) ? uc_write_sysreg(ev, enc, val)
					       : -ENOENT;
	if (r == UC_ARM64_REG_PSTATE) {
		/* Only EL1h/EL1t/EL0t AArch64 states; see uc_exception.c for
		 * why EL changes by register write are not honoured later. */
		uint32_t ps = (uint32_t)val;

		if ((ps & 0x10) || ((ps >> 2) & 3) > 1)
			return -EINVAL;
		uc_reg_write(ev->uc, r, &ps);
		return 0;
	}
	return uc_reg_write(ev->uc, r, &val) == UC_ERR_OK ? 0 : -EINVAL;
}

/* ---- the engine's own register access (uc_internal.h) ---- */

static uc_arm64_cp_reg cp_from_enc(uint32_t enc)
{
	uc_arm64_cp_reg cp = {
		.op0 = (enc >> 14) & 3,
		.op1 = (enc >> 11) & 7,
		.crn = (enc >> 7) & 15,
		.crm = (enc >> 3) & 15,
		.op2 = enc & 7,
	};
	return cp;
}

int uc_read_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t *val)
{
	uc_arm64_cp_reg cp = cp_from_enc(enc);

	if (uc_reg_read(ev->uc, UC_ARM64_REG_CP_REG, &cp) != UC_ERR_OK)
		return -ENOENT;
	*val = cp.val;
	return 0;
}

int uc_write_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t val)
{
	uc_arm64_cp_reg cp = cp_from_enc(enc);

	cp.val = val;
	return uc_reg_write(ev->uc, UC_ARM64_REG_CP_REG, &cp) == UC_ERR_OK
		       ? 0
		       : -ENOENT;
}

void uc_set_hcr(struct engine_vcpu *ev, uint64_t hcr)
{
	if (hcr == ev->hcr)
		return;
	uc_write_sysreg(ev, SYSREG_ENC(3, 4, 1, 1, 0), hcr);
	ev->hcr = hcr;
}

unsigned uc_current_el(struct engine_vcpu *ev)
{
	uint32_t ps = 0;

	uc_reg_read(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	return (ps >> 2) & 3;
}

static const int gpr_ids[31] = {
	UC_ARM64_REG_X0,  UC_ARM64_REG_X1,  UC_ARM64_REG_X2,  UC_ARM64_REG_X3,
	UC_ARM64_REG_X4,  UC_ARM64_REG_X5,  UC_ARM64_REG_X6,  UC_ARM64_REG_X7,
	UC_ARM64_REG_X8,  UC_ARM64_REG_X9,  UC_ARM64_REG_X10, UC_ARM64_REG_X11,
	UC_ARM64_REG_X12, UC_ARM64_REG_X13, UC_ARM64_REG_X14, UC_ARM64_REG_X15,
	UC_ARM64_REG_X16, UC_ARM64_REG_X17, UC_ARM64_REG_X18, UC_ARM64_REG_X19,
	UC_ARM64_REG_X20, UC_ARM64_REG_X21, UC_ARM64_REG_X22, UC_ARM64_REG_X23,
	UC_ARM64_REG_X24, UC_ARM64_REG_X25, UC_ARM64_REG_X26, UC_ARM64_REG_X27,
	UC_ARM64_REG_X28, UC_ARM64_REG_X29, UC_ARM64_REG_X30,
};

/* regs[31] is the current SP. */
void uc_read_gprs(struct engine_vcpu *ev, uint64_t regs[32])
{
	for (int i = 0; i < 31; i++)
		uc_reg_read(ev->uc, gpr_ids[i], &regs[i]);
	uc_reg_read(ev->uc, UC_ARM64_REG_SP, &regs[31]);
}

void uc_write_gprs(struct engine_vcpu *ev, const uint64_t regs[32])
{
	for (int i = 0; i < 31; i++)
		uc_reg_write(ev->uc, gpr_ids[i], &regs[i]);
	uc_reg_write(ev->uc, UC_ARM64_REG_SP, &regs[31]);
}

/* X0..X30 to 0 (vCPU reset; SP is the reset state's). */
void uc_clear_gprs(struct engine_vcpu *ev)
{
	uint64_t zero = 0;

	for (int i = 0; i < 31; i++)
		uc_reg_write(ev->uc, gpr_ids[i], &zero);
}
