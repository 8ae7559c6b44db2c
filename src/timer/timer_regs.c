/* SPDX-License-Identifier: MIT */
/*
 * The timers' guest and VMM interface: the CNT* system registers (Arm ARM
 * D11.3, D17.8) with CNTKCTL_EL1's EL0 rules, the one-reg ids (KVM api.rst
 * "ARM64 registers"), the VM counter offset (KVM_ARM_SET_COUNTER_OFFSET) and
 * the KVM_ARM_VCPU_TIMER_CTRL attributes.  The contexts they act on, the
 * output line and the host timer are arch_timer.c's (timer.h).
 */
#include <errno.h>
#include <string.h>

#include "core/core.h"
#include "irqchip/irqchip.h"
#include "platform/platform.h"
#include "timer/arch_timer.h"
#include "timer/counter.h"
#include "timer/timer.h"

/* ---- system registers (Arm ARM D11.3 and D17.8) ---- */

#define ENC_CNTFRQ SYSREG_ENC(3, 3, 14, 0, 0)
#define ENC_CNTPCT SYSREG_ENC(3, 3, 14, 0, 1)
#define ENC_CNTVCT SYSREG_ENC(3, 3, 14, 0, 2)
#define ENC_CNTKCTL SYSREG_ENC(3, 0, 14, 1, 0)
#define ENC_CNTP_TVAL SYSREG_ENC(3, 3, 14, 2, 0)
#define ENC_CNTP_CTL SYSREG_ENC(3, 3, 14, 2, 1)
#define ENC_CNTP_CVAL SYSREG_ENC(3, 3, 14, 2, 2)
#define ENC_CNTV_TVAL SYSREG_ENC(3, 3, 14, 3, 0)
#define ENC_CNTV_CTL SYSREG_ENC(3, 3, 14, 3, 1)
#define ENC_CNTV_CVAL SYSREG_ENC(3, 3, 14, 3, 2)

/* CNTKCTL_EL1 EL0 access controls (Arm ARM D17.8 CNTKCTL_EL1). */
#define CNTKCTL_EL0PCTEN (1u << 0)
#define CNTKCTL_EL0VCTEN (1u << 1)
#define CNTKCTL_EL0VTEN (1u << 8)
#define CNTKCTL_EL0PTEN (1u << 9)
#define CNTKCTL_MASK 0x3ffu

/*
 * EL0 accesses that CNTKCTL_EL1 forbids are trapped to EL1 with EC 0x18
 * (Arm ARM D17.8 CNTKCTL_EL1: "EL0 accesses ... are trapped to EL1"; the
 * registers' accessibility pseudocode: AArch64.SystemAccessTrap(EL1, 0x18)),
 * which is what real hardware gives a KVM guest: -EPERM.  CNTKCTL_EL1 is an
 * EL1 register: UNDEFINED at EL0 (-EACCES).  0 if the access is allowed.
 */
static int el0_access(struct vcpu_timers *vt, uint32_t enc)
{
	uint32_t k = vt->cntkctl;
	bool ok;

	/* With hardware timers CNTKCTL_EL1 is the guest's own register, and
	 * the CPU applied it before the access could trap to EL2 (Arm ARM
	 * D11.2: EL0 accesses check CNTKCTL_EL1, trapping to EL1, before
	 * CNTHCTL_EL2's traps to EL2): what arrives here is allowed. */
	if (vt->hw)
		return enc == ENC_CNTKCTL ? -EACCES : 0;

	switch (enc) {
	case ENC_CNTFRQ:
		ok = k & (CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN);
		break;
	case ENC_CNTPCT:
		ok = k & CNTKCTL_EL0PCTEN;
		break;
	case ENC_CNTVCT:
		ok = k & CNTKCTL_EL0VCTEN;
		break;
	case ENC_CNTP_TVAL:
	case ENC_CNTP_CTL:
	case ENC_CNTP_CVAL:
		ok = k & CNTKCTL_EL0PTEN;
		break;
	case ENC_CNTV_TVAL:
	case ENC_CNTV_CTL:
	case ENC_CNTV_CVAL:
		ok = k & CNTKCTL_EL0VTEN;
		break;
	default:
		return -EACCES; /* CNTKCTL_EL1 itself */
	}
	return ok ? 0 : -EPERM;
}

static struct timer_ctx *ctx_for(struct vcpu_timers *vt, uint32_t enc)
{
	return ((enc >> 3) & 15) == 3 ? &vt->ctx[TIMER_VTIMER]
				      : &vt->ctx[TIMER_PTIMER];
}

static int timer_sysreg_read(av_vcpu *v, uint32_t enc, unsigned el,
			     uint64_t *val)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	int ret = 0;

	plat_mutex_lock(&vt->lock);
	if (el == 0 && (ret = el0_access(vt, enc)))
		goto out;
	switch (enc) {
	case ENC_CNTFRQ:
		*val = vt->vmt->freq;
		break;
	case ENC_CNTPCT:
		*val = timer_ctx_count(&vt->ctx[TIMER_PTIMER]);
		break;
	case ENC_CNTVCT:
		*val = timer_ctx_count(&vt->ctx[TIMER_VTIMER]);
		break;
	case ENC_CNTKCTL:
		*val = vt->cntkctl;
		break;
	case ENC_CNTP_CTL:
	case ENC_CNTV_CTL:
		*val = timer_ctx_read_ctl(ctx_for(vt, enc));
		break;
	case ENC_CNTP_CVAL:
	case ENC_CNTV_CVAL:
		*val = ctx_for(vt, enc)->cval;
		break;
	case ENC_CNTP_TVAL:
	case ENC_CNTV_TVAL:
		*val = timer_ctx_read_tval(ctx_for(vt, enc));
		break;
	default:
		ret = -EACCES;
	}
out:
	plat_mutex_unlock(&vt->lock);
	return ret;
}

static int timer_sysreg_write(av_vcpu *v, uint32_t enc, unsigned el,
			      uint64_t val)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	struct timer_ctx *t = ctx_for(vt, enc);
	int ret = 0;

	plat_mutex_lock(&vt->lock);
	if (el == 0 && (ret = el0_access(vt, enc)))
		goto out;
	switch (enc) {
	case ENC_CNTKCTL:
		vt->cntkctl = (uint32_t)val & CNTKCTL_MASK;
		goto out;
	case ENC_CNTP_CTL:
	case ENC_CNTV_CTL:
		/* ISTATUS is read-only (D17.8 CNTV_CTL_EL0). */
		t->ctl = val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
		break;
	case ENC_CNTP_CVAL:
	case ENC_CNTV_CVAL:
		t->cval = val;
		break;
	case ENC_CNTP_TVAL:
	case ENC_CNTV_TVAL:
		timer_ctx_write_tval(t, val);
		break;
	default:
		/* CNTFRQ_EL0 is writable only at the highest EL; the counters
		 * are read-only: UNDEFINED at EL1. */
		ret = -EACCES;
		goto out;
	}
	if (trace_on(AV_TRACE_CLASS_TIMER))
		trace_instant(v, enc == ENC_CNTP_CTL || enc == ENC_CNTV_CTL
					 ? AV_TRACE_TIMER_CTL
					 : AV_TRACE_TIMER_CVAL,
			      t->idx,
			      enc == ENC_CNTP_CTL || enc == ENC_CNTV_CTL ? t->ctl
									 : t->cval);
	timer_ctx_written(t);
	timer_notify_user(vt, v);
	if (vt->in_guest)
		timer_arm_host(vt);
out:
	plat_mutex_unlock(&vt->lock);
	return ret;
}

static const struct sysreg_desc timer_sysregs[] = {
	{ ENC_CNTFRQ, "CNTFRQ_EL0", timer_sysreg_read, timer_sysreg_write },
	{ ENC_CNTPCT, "CNTPCT_EL0", timer_sysreg_read, timer_sysreg_write },
	{ ENC_CNTVCT, "CNTVCT_EL0", timer_sysreg_read, timer_sysreg_write },
	{ ENC_CNTKCTL, "CNTKCTL_EL1", timer_sysreg_read, timer_sysreg_write },
	{ ENC_CNTP_TVAL, "CNTP_TVAL_EL0", timer_sysreg_read,
	  timer_sysreg_write },
	{ ENC_CNTP_CTL, "CNTP_CTL_EL0", timer_sysreg_read,
	  timer_sysreg_write },
	{ ENC_CNTP_CVAL, "CNTP_CVAL_EL0", timer_sysreg_read,
	  timer_sysreg_write },
	{ ENC_CNTV_TVAL, "CNTV_TVAL_EL0", timer_sysreg_read,
	  timer_sysreg_write },
	{ ENC_CNTV_CTL, "CNTV_CTL_EL0", timer_sysreg_read,
	  timer_sysreg_write },
	{ ENC_CNTV_CVAL, "CNTV_CVAL_EL0", timer_sysreg_read,
	  timer_sysreg_write },
};

int timer_register_sysregs(av_vm *vm)
{
	return vm_register_sysregs(vm, timer_sysregs,
				   sizeof(timer_sysregs) /
					   sizeof(timer_sysregs[0]));
}

/* ---- one-reg (KVM api.rst "ARM64 registers": timer ids) ---- */

int timer_get_reg(av_vcpu *v, uint64_t id, uint64_t *val)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	int ret = 0;

	plat_mutex_lock(&vt->lock);
	if (id == AV_REG_ARM_TIMER_CTL)
		*val = timer_ctx_read_ctl(&vt->ctx[TIMER_VTIMER]);
	else if (id == AV_REG_ARM_TIMER_CVAL)
		*val = vt->ctx[TIMER_VTIMER].cval;
	else if (id == AV_REG_ARM_TIMER_CNT)
		*val = timer_ctx_count(&vt->ctx[TIMER_VTIMER]);
	else if (id == AV_REG_ARM_PTIMER_CTL)
		*val = timer_ctx_read_ctl(&vt->ctx[TIMER_PTIMER]);
	else if (id == AV_REG_ARM_PTIMER_CVAL)
		*val = vt->ctx[TIMER_PTIMER].cval;
	else if (id == AV_REG_ARM_PTIMER_CNT)
		*val = timer_ctx_count(&vt->ctx[TIMER_PTIMER]);
	else
		ret = -ENOENT;
	plat_mutex_unlock(&vt->lock);
	return ret;
}

int timer_set_reg(av_vcpu *v, uint64_t id, uint64_t val)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	struct timer_ctx *t;
	int ret = 0;

	plat_mutex_lock(&vt->lock);
	if (id == AV_REG_ARM_TIMER_CTL || id == AV_REG_ARM_TIMER_CVAL ||
	    id == AV_REG_ARM_TIMER_CNT)
		t = &vt->ctx[TIMER_VTIMER];
	else
		t = &vt->ctx[TIMER_PTIMER];
	if (id == AV_REG_ARM_TIMER_CTL || id == AV_REG_ARM_PTIMER_CTL) {
		/* ISTATUS is computed: writes of it are ignored. */
		t->ctl = val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
	} else if (id == AV_REG_ARM_TIMER_CVAL ||
		   id == AV_REG_ARM_PTIMER_CVAL) {
		t->cval = val;
	} else if (id == AV_REG_ARM_TIMER_CNT ||
		   id == AV_REG_ARM_PTIMER_CNT) {
		/* Writing CNT sets this context's offset so that the counter
		 * reads val now; ignored once the VMM set a VM-wide offset
		 * (KVM api.rst KVM_ARM_SET_COUNTER_OFFSET). */
		if (!vt->vmt->offset_set)
			t->offset = timer_vm_ticks(vt->vmt) - val;
	} else {
		ret = -ENOENT;
		goto out;
	}
	timer_ctx_written(t);
	if (vt->in_guest)
		timer_arm_host(vt);
out:
	plat_mutex_unlock(&vt->lock);
	return ret;
}

int timer_set_counter_offset(av_vm *vm, uint64_t offset)
{
	struct vm_timers *vmt = vm_timers(vm);

	plat_mutex_lock(&vmt->lock);
	vmt->vm_offset = offset;
	vmt->offset_set = true;
	plat_mutex_unlock(&vmt->lock);
	for (unsigned i = 0; i < vm_nr_vcpus(vm); i++) {
		av_vcpu *v = vm_get_vcpu(vm, i);
		struct vcpu_timers *vt;

		if (!v)
			continue;
		vt = vcpu_timers(v);
		plat_mutex_lock(&vt->lock);
		for (int k = 0; k < NR_TIMERS; k++)
			vt->ctx[k].offset = offset;
		plat_mutex_unlock(&vt->lock);
		vcpu_request_and_kick(v, REQ_TIMER);
	}
	return 0;
}

/* ---- attributes: KVM_ARM_VCPU_TIMER_CTRL ---- */

int timer_set_attr(av_vcpu *v, uint64_t attr, const void *val)
{
	struct vm_timers *vmt = vcpu_timers(v)->vmt;
	int irq;
	int ret = 0;

	if (attr != AV_ARM_VCPU_TIMER_IRQ_VTIMER &&
	    attr != AV_ARM_VCPU_TIMER_IRQ_PTIMER)
		return -ENXIO;
	memcpy(&irq, val, sizeof(irq));
	/* KVM api.rst: the value must be a PPI (16..31). */
	if (irq < 16 || irq > 31)
		return -EINVAL;
	plat_mutex_lock(&vmt->lock);
	/* -EBUSY once any vCPU has run; one setting applies to the VM. */
	if (vm_has_run(vcpu_vm(v)))
		ret = -EBUSY;
	else
		vmt->irq[attr == AV_ARM_VCPU_TIMER_IRQ_VTIMER ? TIMER_VTIMER
							     : TIMER_PTIMER] =
			(uint32_t)irq;
	plat_mutex_unlock(&vmt->lock);
	return ret;
}

int timer_get_attr(av_vcpu *v, uint64_t attr, void *val)
{
	struct vm_timers *vmt = vcpu_timers(v)->vmt;
	int irq;

	if (attr != AV_ARM_VCPU_TIMER_IRQ_VTIMER &&
	    attr != AV_ARM_VCPU_TIMER_IRQ_PTIMER)
		return -ENXIO;
	irq = (int)vmt->irq[attr == AV_ARM_VCPU_TIMER_IRQ_VTIMER
				    ? TIMER_VTIMER
				    : TIMER_PTIMER];
	memcpy(val, &irq, sizeof(irq));
	return 0;
}
