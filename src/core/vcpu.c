/* SPDX-License-Identifier: MIT */
/* vCPU objects: creation, accessors, power state, one-reg and attributes. */
#include <errno.h>

#include "core/internal.h"
#include "debug/debug.h"
#include "pmu/pmu.h"
#include "timer/arch_timer.h"

/* PLATFORM.md: MPIDR_EL1 of vCPU n is Aff0 = n % 16, Aff1 = n / 16, bit 31
 * set (RES1, Arm ARM D17.2.101), as QEMU virt with GICv3. */
static uint64_t mpidr_for(unsigned n)
{
	return (1ull << 31) | ((uint64_t)(n / 16) << 8) | (n % 16);
}

void vcpu_destroy(av_vcpu *v);

av_vcpu *av_vcpu_create(av_vm *vm, unsigned id, unsigned flags, int *err)
{
	av_vcpu *v = NULL;
	int ret = -EINVAL;

	if (!vm || id >= vm->cfg.nr_vcpus || (flags & ~AV_VCPU_POWER_OFF))
		goto fail;
	plat_mutex_lock(&vm->lock);
	/* ids are created in order, as KVM_CREATE_VCPU indexes them. */
	if (id != atomic_load(&vm->nr_created)) {
		ret = id < atomic_load(&vm->nr_created) ? -EEXIST : -EINVAL;
		goto unlock;
	}
	if (!vm->nr_slots) {
		ret = -ENOMEM; /* no guest RAM to run from */
		goto unlock;
	}
	ret = -ENOMEM;
	v = plat_zalloc(sizeof(*v));
	if (!v)
		goto unlock;
	v->vm = vm;
	v->id = id;
	v->mpidr = mpidr_for(id);
	plat_event_init(&v->wake);
	atomic_store(&v->power,
		     (flags & AV_VCPU_POWER_OFF) ? AV_POWER_OFF : AV_POWER_ON);
	ret = engine_vcpu_create(vm->evm, v, &v->ev);
	if (ret)
		goto free;
	vcpu_reset_state(v, 0, 0);
	ret = timer_vcpu_init(v);
	if (ret)
		goto engine;
	ret = debug_vcpu_init(v);
	if (ret)
		goto timer;
	ret = pmu_vcpu_init(v);
	if (ret)
		goto debug;
	if (vm->irqchip && vm->irqchip->vcpu_init) {
		ret = vm->irqchip->vcpu_init(v);
		if (ret)
			goto pmu;
	}
	vm->vcpus[id] = v;
	atomic_store(&vm->nr_created, id + 1); /* publishes vcpus[id] */
	plat_mutex_unlock(&vm->lock);
	if (err)
		*err = 0;
	return v;

pmu:
	pmu_vcpu_destroy(v);
debug:
	debug_vcpu_destroy(v);
timer:
	timer_vcpu_destroy(v);
engine:
	engine_vcpu_destroy(v->ev);
free:
	plat_event_destroy(&v->wake);
	plat_free(v);
	v = NULL;
unlock:
	plat_mutex_unlock(&vm->lock);
fail:
	if (err)
		*err = ret;
	return NULL;
}

void vcpu_destroy(av_vcpu *v)
{
	if (v->vm->irqchip && v->vm->irqchip->vcpu_destroy)
		v->vm->irqchip->vcpu_destroy(v);
	pmu_vcpu_destroy(v);
	debug_vcpu_destroy(v);
	timer_vcpu_destroy(v);
	engine_vcpu_destroy(v->ev);
	plat_event_destroy(&v->wake);
	plat_free(v);
}

void vcpu_reset_state(av_vcpu *v, uint64_t pc, uint64_t x0)
{
	engine_vcpu_reset(v->ev, pc, x0);
	v->pstate = engine_pstate(v->ev);
	/* CPU_ON resets debug and PMU state as KVM's vCPU reset does (at
	 * creation they do not exist yet and start reset). */
	if (v->debug)
		debug_vcpu_reset(v);
	if (v->pmu)
		pmu_vcpu_reset(v);
}

unsigned av_vcpu_id(const av_vcpu *v)
{
	return v ? v->id : AV_VCPU_ID_NONE;
}

uint64_t av_vcpu_mpidr(const av_vcpu *v)
{
	return v ? v->mpidr : 0; /* a real MPIDR_EL1 has RES1 bit 31 set */
}

struct av_run *av_vcpu_run_struct(av_vcpu *v)
{
	return v ? &v->run : NULL;
}

/* ---- power (PSCI mechanism; the VMM owns the policy) ---- */

int av_vcpu_power_on(av_vcpu *target, uint64_t pc, uint64_t context)
{
	int expected = AV_POWER_OFF;

	if (!target)
		return -EINVAL;
	/* Exactly one concurrent caller wins the OFF -> ON_PENDING edge
	 * (PSCI DEN0022 5.6: CPU_ON returns ALREADY_ON / ON_PENDING). */
	if (!atomic_compare_exchange_strong(&target->power, &expected,
					    AV_POWER_ON_PENDING))
		return expected == AV_POWER_ON ? -EALREADY : -EINPROGRESS;
	/* Only the winner writes these; the request's barrier publishes them
	 * to the target, which reads them after vcpu_check_request. */
	target->on_pc = pc;
	target->on_context = context;
	vcpu_request_and_kick(target, REQ_POWER_ON);
	return 0;
}

int av_vcpu_power_off(av_vcpu *self)
{
	if (!self)
		return -EINVAL;
	atomic_store(&self->power, AV_POWER_OFF);
	return 0;
}

int av_vcpu_power_state(const av_vcpu *v)
{
	if (!v)
		return -EINVAL;
	return atomic_load(&((av_vcpu *)v)->power);
}

/* ---- one-reg ---- */

static bool is_timer_reg(uint64_t id)
{
	return id == AV_REG_ARM_TIMER_CTL || id == AV_REG_ARM_TIMER_CNT ||
	       id == AV_REG_ARM_TIMER_CVAL || id == AV_REG_ARM_PTIMER_CTL ||
	       id == AV_REG_ARM_PTIMER_CVAL || id == AV_REG_ARM_PTIMER_CNT;
}

/*
 * The system registers one-reg reaches are the guest's own, EL0 and EL1:
 * op0 2 (debug) or 3, op1 0..3.  op1 4..7 encode EL2 and EL3 registers and
 * the EL12/EL02 aliases -- the hypervisor's state, which the engine uses
 * for itself (HCR_EL2, SCR_EL3: SCR_EL3 = 0 made HVC UNDEFINED) -- and get
 * -ENOENT, as KVM answers ids it does not expose (api.rst KVM_GET_ONE_REG).
 * op0 0 and 1 are instructions, not registers.
 */
static bool sysreg_id_allowed(uint64_t id)
{
	const uint64_t sysreg =
	    AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM64_SYSREG;
	unsigned op0 = (id >> 14) & 3, op1 = (id >> 11) & 7;

	if ((id & ~0xffffull) != sysreg)
		return true; /* not a system register id: the engine decides */
	return op0 >= 2 && op1 <= 3;
}

/* A system register id whose register the core models (debug, PMU): -1 if
 * not a sysreg id. */
static int core_sysreg_enc(uint64_t id)
{
	const uint64_t sysreg =
	    AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM64_SYSREG;

	return (id & ~0xffffull) == sysreg ? (int)(id & 0xffff) : -1;
}

static bool vcpu_running_guest(av_vcpu *v)
{
	/* Registers belong to the vCPU thread while it is in av_vcpu_run. */
	return atomic_load(&v->mode) != OUTSIDE_GUEST_MODE;
}

int av_vcpu_get_one_reg(av_vcpu *v, uint64_t id, uint64_t *val)
{
	if (!v || !val)
		return -EINVAL;
	if (is_timer_reg(id))
		return timer_get_reg(v, id, val);
	if (id == AV_REG_MPIDR_EL1) {
		*val = v->mpidr;
		return 0;
	}
	if (id == AV_REG_ARMVISOR_STAT_EXITS) {
		*val = atomic_load_explicit(&v->stats.c[VCPU_STAT_EXITS],
					    memory_order_relaxed);
		return 0;
	}
	if (!sysreg_id_allowed(id))
		return -ENOENT;
	if (vcpu_running_guest(v))
		return -EBUSY;
	if (core_sysreg_enc(id) >= 0) {
		int enc = core_sysreg_enc(id), ret;

		ret = debug_get_reg(v, (uint32_t)enc, val);
		if (ret == -ENOENT)
			ret = pmu_get_reg(v, (uint32_t)enc, val);
		if (ret != -ENOENT)
			return ret;
	}
	return engine_get_reg(v->ev, id, val);
}

int av_vcpu_set_one_reg(av_vcpu *v, uint64_t id, uint64_t val)
{
	if (!v)
		return -EINVAL;
	if (is_timer_reg(id))
		return timer_set_reg(v, id, val);
	if (id == AV_REG_MPIDR_EL1)
		return val == v->mpidr ? 0 : -EINVAL;
	if (id == AV_REG_ARMVISOR_STAT_EXITS)
		return -EINVAL; /* read-only */
	if (!sysreg_id_allowed(id))
		return -ENOENT;
	if (vcpu_running_guest(v))
		return -EBUSY;
	if (core_sysreg_enc(id) >= 0) {
		int enc = core_sysreg_enc(id), ret;

		ret = debug_set_reg(v, (uint32_t)enc, val);
		if (ret == -ENOENT)
			ret = pmu_set_reg(v, (uint32_t)enc, val);
		if (ret != -ENOENT)
			return ret;
	}
	return engine_set_reg(v->ev, id, val);
}

int av_vcpu_set_attr(av_vcpu *v, uint32_t group, uint64_t attr,
		     const void *val)
{
	if (!v || !val)
		return -EINVAL;
	if (group == AV_ARM_VCPU_TIMER_CTRL)
		return timer_set_attr(v, attr, val);
	return -ENXIO; /* KVM: unknown group */
}

int av_vcpu_get_attr(av_vcpu *v, uint32_t group, uint64_t attr, void *val)
{
	if (!v || !val)
		return -EINVAL;
	if (group == AV_ARM_VCPU_TIMER_CTRL)
		return timer_get_attr(v, attr, val);
	return -ENXIO;
}

int av_vm_set_counter_offset(av_vm *vm, uint64_t offset)
{
	if (!vm)
		return -EINVAL;
	for (unsigned i = 0; i < atomic_load(&vm->nr_created); i++)
		if (atomic_load(&vm->vcpus[i]->in_run))
			return -EBUSY;
	return timer_set_counter_offset(vm, offset);
}

/* ---- core.h accessors ---- */

unsigned vcpu_index(const av_vcpu *v)
{
	return v->id;
}

uint64_t vcpu_get_mpidr(const av_vcpu *v)
{
	return v->mpidr;
}

av_vm *vcpu_vm(const av_vcpu *v)
{
	return v->vm;
}

bool vcpu_has_run(const av_vcpu *v)
{
	return v->has_run;
}

void *vcpu_irqchip_data(av_vcpu *v)
{
	return v->irqchip_data;
}

void vcpu_set_irqchip_data(av_vcpu *v, void *data)
{
	v->irqchip_data = data;
}

const struct timer_hw_ops *vcpu_timer_hw(av_vcpu *v)
{
	return engine_timer_hw(v->ev);
}

struct vcpu_timers *vcpu_timers(av_vcpu *v)
{
	return v->timers;
}

void vcpu_set_timers(av_vcpu *v, struct vcpu_timers *t)
{
	v->timers = t;
}

struct debug_regs *vcpu_debug(av_vcpu *v)
{
	return v->debug;
}

void vcpu_set_debug(av_vcpu *v, struct debug_regs *d)
{
	v->debug = d;
}

struct vcpu_pmu *vcpu_pmu(av_vcpu *v)
{
	return v->pmu;
}

void vcpu_set_pmu(av_vcpu *v, struct vcpu_pmu *p)
{
	v->pmu = p;
}

uint64_t vcpu_insns_retired(av_vcpu *v)
{
	return engine_vcpu_insns(v->ev);
}

void vcpu_set_insn_alarm(av_vcpu *v, uint64_t at)
{
	engine_vcpu_set_insn_alarm(v->ev, at);
}

struct av_run *vcpu_run_struct(av_vcpu *v)
{
	return &v->run;
}

uint32_t vcpu_pstate(av_vcpu *v)
{
	return v->pstate;
}

void vcpu_set_irq_lines(av_vcpu *v, bool irq, bool fiq)
{
	atomic_store(&v->irq_line, irq);
	atomic_store(&v->fiq_line, fiq);
}
