/* SPDX-License-Identifier: MIT */
/*
 * rVIC and rVID hypercall decoding (SMCCC 1.1 fast calls over HVC #0; DEN
 * 0103 0.3).  Runs on the calling vCPU's thread, inside the guest's HVC.
 *
 * x0 = function id; arguments in x1.. ("argument index" 0 = x1).  Results:
 * x0 = status word (reason in [7:0], offending argument index in [15:8]),
 * x1 = the result value where the call has one.  Other result registers
 * are left as the guest had them.  An id inside 0xc5000100..0xc50002ff that
 * names no call returns SMCCC NOT_SUPPORTED (-1) in x0 (SMCCC 1.1 DEN 0028
 * 5.2: "Unknown Function Identifier").
 */
#include "irqchip/rvic/rvic.h"

/* Targeted calls: (MPIDR, intid) in x1, x2. */
static av_vcpu *rvic_target(av_vcpu *v, uint64_t mpidr)
{
	av_vcpu *t = vm_vcpu_by_mpidr(vcpu_vm(v), mpidr);

	return t && rvic_cpu_of(t) ? t : NULL;
}

/* Status of a targeted call: INVALID_CPU names the MPIDR (index 0),
 * ERROR_PARAMETER the intid (index 1), DISABLED the target (index 0). */
static uint64_t targeted_status(int reason)
{
	return RVIC_STATUS(reason,
			   reason == RVIC_STATUS_ERROR_PARAMETER ? 1 : 0);
}

/* intid arguments are 64-bit registers: out of range before truncation. */
static uint32_t clamp_intid(uint64_t intid)
{
	return intid > RVIC_MAX_TOTAL ? RVIC_MAX_TOTAL : (uint32_t)intid;
}

static void rvic_targeted(av_vcpu *v, uint32_t fn, uint64_t x[8])
{
	av_vcpu *t = rvic_target(v, x[1]);
	uint32_t intid = clamp_intid(x[2]);
	bool pending = false;
	int st;

	if (!t) {
		x[0] = RVIC_STATUS(RVIC_STATUS_INVALID_CPU, 0);
		return;
	}
	switch (fn) {
	case RVIC_FN_SET_MASKED:
		st = rvic_op_set_masked(v, t, intid, true);
		break;
	case RVIC_FN_CLEAR_MASKED:
		st = rvic_op_set_masked(v, t, intid, false);
		break;
	case RVIC_FN_IS_PENDING:
		st = rvic_op_is_pending(t, intid, &pending);
		if (st == RVIC_STATUS_SUCCESS)
			x[1] = pending;
		break;
	case RVIC_FN_SIGNAL:
		st = rvic_op_signal(v, t, intid);
		break;
	default: /* RVIC_FN_CLEAR_PENDING */
		st = rvic_op_clear_pending(v, t, intid);
		break;
	}
	x[0] = targeted_status(st);
}

static void rvic_info(av_vcpu *v, uint64_t x[8])
{
	struct rvic_cpu *c = rvic_cpu_of(v);
	uint32_t trusted, total;

	plat_mutex_lock(&c->lock);
	trusted = c->trusted;
	total = c->nr;
	plat_mutex_unlock(&c->lock);
	switch (x[1]) {
	case RVIC_INFO_KEY_NR_TRUSTED:
		x[0] = RVIC_STATUS(RVIC_STATUS_SUCCESS, 0);
		x[1] = trusted;
		break;
	case RVIC_INFO_KEY_NR_UNTRUSTED:
		x[0] = RVIC_STATUS(RVIC_STATUS_SUCCESS, 0);
		x[1] = total - trusted;
		break;
	default:
		x[0] = RVIC_STATUS(RVIC_STATUS_ERROR_PARAMETER, 0);
		break;
	}
}

static bool rvic_call(av_vcpu *v, uint32_t fn, uint64_t x[8])
{
	uint32_t intid = 0;
	int st;

	switch (fn) {
	case RVIC_FN_VERSION:
		x[0] = RVIC_STATUS(RVIC_STATUS_SUCCESS, 0);
		x[1] = RVIC_VERSION_WORD;
		return true;
	case RVIC_FN_INFO:
		rvic_info(v, x);
		return true;
	case RVIC_FN_ENABLE:
	case RVIC_FN_DISABLE:
		x[0] = RVIC_STATUS(rvic_op_enable(v, fn == RVIC_FN_ENABLE), 0);
		return true;
	case RVIC_FN_SET_MASKED:
	case RVIC_FN_CLEAR_MASKED:
	case RVIC_FN_IS_PENDING:
	case RVIC_FN_SIGNAL:
	case RVIC_FN_CLEAR_PENDING:
		rvic_targeted(v, fn, x);
		return true;
	case RVIC_FN_ACKNOWLEDGE:
		st = rvic_op_acknowledge(v, &intid);
		x[0] = RVIC_STATUS(st, 0);
		if (st == RVIC_STATUS_SUCCESS)
			x[1] = intid;
		return true;
	case RVIC_FN_RESAMPLE:
		x[0] = RVIC_STATUS(rvic_op_resample(v, clamp_intid(x[1])), 0);
		return true;
	default:
		return false;
	}
}

static bool rvid_call(av_vcpu *v, uint32_t fn, uint64_t x[8])
{
	switch (fn) {
	case RVID_FN_VERSION:
		x[0] = RVIC_STATUS(RVIC_STATUS_SUCCESS, 0);
		x[1] = RVIC_VERSION_WORD;
		return true;
	case RVID_FN_MAP:
		x[0] = rvid_op_map(vcpu_vm(v), x[1], x[2], x[3]);
		return true;
	case RVID_FN_UNMAP:
		x[0] = rvid_op_unmap(vcpu_vm(v), x[1]);
		return true;
	default:
		return false;
	}
}

bool rvic_hvc(av_vcpu *v, uint64_t x[8])
{
	uint32_t fn = (uint32_t)x[0];
	struct rvic_cpu *c = rvic_cpu_of(v);
	bool known;

	if (!c) {
		/* No rVIC on this vCPU (cannot happen once it has run). */
		x[0] = SMCCC_RET_NOT_SUPPORTED;
		return true;
	}
	if (fn >= RVIC_FN_BASE)
		known = rvic_call(v, fn, x);
	else
		known = rvid_call(v, fn, x);
	if (!known)
		x[0] = SMCCC_RET_NOT_SUPPORTED;
	return true;
}
