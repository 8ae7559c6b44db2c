/* SPDX-License-Identifier: MIT */
/* VM objects: creation, memory slots, capabilities, registration tables. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "core/core_engine.h"
#include "core/internal.h"
#include "debug/debug.h"
#include "irqchip/irqchip.h"
#include "pmu/pmu.h"
#include "timer/arch_timer.h"

#define RAM_PAGE 4096ull

/* MPIDR_EL1 is the core's: every engine instance would report CPU 0. */
static int mpidr_read(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	*val = vcpu_get_mpidr(v);
	return 0;
}

static int read_only(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	return -EACCES; /* MSR to a read-only register is UNDEFINED */
}

static const struct sysreg_desc core_sysregs[] = {
	{ SYSREG_ENC(3, 0, 0, 0, 5), "MPIDR_EL1", mpidr_read, read_only },
};

static int check_config(const struct av_vm_config *cfg)
{
	if (!cfg || cfg->nr_vcpus < 1 || cfg->nr_vcpus > AV_MAX_VCPUS)
		return -EINVAL;
	switch (cfg->irqchip) {
	case AV_IRQCHIP_USER:
	case AV_IRQCHIP_GICV3:
	case AV_IRQCHIP_GICV2:
	case AV_IRQCHIP_RVIC:
		break;
	default:
		return -EINVAL;
	}
	/* GICv2 has an 8-CPU target list (IHI 0048B 4.3.12). */
	if (cfg->irqchip == AV_IRQCHIP_GICV2 &&
	    cfg->nr_vcpus > AV_GICV2_MAX_VCPUS)
		return -EINVAL;
	if (cfg->nr_lrs > AV_MAX_LRS)
		return -EINVAL;
	if (cfg->timer_irq_mode > AV_TIMER_IRQ_MODE_MASK)
		return -EINVAL;
	/* 1 kHz .. 1 GHz: exact scaling in timer/counter.h needs freq <= 1e9. */
	if (cfg->cntfrq &&
	    (cfg->cntfrq < AV_MIN_CNTFRQ || cfg->cntfrq > AV_MAX_CNTFRQ))
		return -EINVAL;
	/* rVIC sizes are checked by rvic_create (rvic_check_sizes). */
	return 0;
}

av_vm *av_vm_create(const struct av_vm_config *cfg, int *err)
{
	int ret = check_config(cfg);
	av_vm *vm = NULL;

	if (ret)
		goto fail;
	ret = -ENOMEM;
	vm = plat_zalloc(sizeof(*vm));
	if (!vm)
		goto fail;
	vm->cfg = *cfg;
	atomic_init(&vm->max_halt_poll_ns, AV_HALT_POLL_NS_DEFAULT);
	if (!vm->cfg.cntfrq)
		vm->cfg.cntfrq = AV_DEFAULT_CNTFRQ;
	if (!vm->cfg.nr_lrs)
		vm->cfg.nr_lrs = 4;
	plat_mutex_init(&vm->lock);
	ret = engine_vm_create(vm, &vm->evm);
	if (ret)
		goto fail_free;
	ret = vm_register_sysregs(vm, core_sysregs, 1);
	if (!ret)
		ret = debug_vm_init(vm);
	if (!ret)
		ret = pmu_vm_init(vm);
	if (ret)
		goto fail_engine;
	ret = timer_vm_init(vm);
	if (ret)
		goto fail_engine;
	ret = irqchip_vm_init(vm, cfg->irqchip, &vm->irqchip);
	if (ret)
		goto fail_timer;
	if (err)
		*err = 0;
	return vm;

fail_timer:
	timer_vm_destroy(vm);
fail_engine:
	engine_vm_destroy(vm->evm);
fail_free:
	plat_mutex_destroy(&vm->lock);
	plat_free(vm);
fail:
	if (err)
		*err = ret;
	return NULL;
}

void vcpu_destroy(av_vcpu *v);

/*
 * Claim every vCPU as av_vcpu_run does, so that none is or gets inside it
 * while the VM is torn down; if one is, release the claims taken and let
 * the caller stop its threads first (armvisor.h).
 */
static bool vm_claim_all_vcpus(av_vm *vm, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		bool idle = false;

		if (!atomic_compare_exchange_strong(&vm->vcpus[i]->in_run,
						    &idle, true)) {
			while (i-- > 0)
				atomic_store(&vm->vcpus[i]->in_run, false);
			return false;
		}
	}
	return true;
}

int av_vm_destroy(av_vm *vm)
{
	unsigned n;

	if (!vm)
		return -EINVAL;
	n = atomic_load(&vm->nr_created);
	if (!vm_claim_all_vcpus(vm, n))
		return -EBUSY;
	/* No vCPU is in av_vcpu_run (claimed above).  As KVM: let the
	 * irqchip tear down (it may still reach the vCPUs), then free the
	 * vCPUs. */
	if (vm->irqchip && vm->irqchip->destroy)
		vm->irqchip->destroy(vm);
	for (unsigned i = 0; i < n; i++)
		vcpu_destroy(vm->vcpus[i]);
	atomic_store(&vm->nr_created, 0);
	timer_vm_destroy(vm);
	engine_vm_destroy(vm->evm);
	plat_mutex_destroy(&vm->lock);
	plat_free(vm);
	return 0;
}

static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

int av_vm_set_user_memory_region(av_vm *vm, unsigned slot, uint64_t gpa,
				 uint64_t size, void *host)
{
	int ret = 0;

	if (!vm || slot >= AV_MAX_MEMSLOTS || !size || !host)
		return -EINVAL;
	if ((gpa | size) & (RAM_PAGE - 1) || ((uintptr_t)host & (RAM_PAGE - 1)))
		return -EINVAL;
	if (gpa + size < gpa || gpa + size > (1ull << 40))
		return -EINVAL;
	plat_mutex_lock(&vm->lock);
	if (atomic_load(&vm->nr_created)) {
		ret = -EBUSY;
		goto out;
	}
	for (unsigned i = 0; i < vm->nr_slots; i++) {
		if (i != slot && vm->slots[i].size &&
		    ranges_overlap(gpa, size, vm->slots[i].gpa,
				   vm->slots[i].size)) {
			ret = -EEXIST;
			goto out;
		}
	}
	for (unsigned i = 0; i < vm->nr_mmio; i++) {
		if (ranges_overlap(gpa, size, vm->mmio[i].base,
				   vm->mmio[i].size)) {
			ret = -EEXIST;
			goto out;
		}
	}
	vm->slots[slot] = (struct memslot){ gpa, size, host };
	if (slot >= vm->nr_slots)
		vm->nr_slots = slot + 1;
	ret = engine_vm_set_memslots(vm->evm, vm->slots, vm->nr_slots);
out:
	plat_mutex_unlock(&vm->lock);
	return ret;
}

int av_vm_check_extension(av_vm *vm, uint32_t cap)
{
	switch (cap) {
	case AV_CAP_ARM_USER_IRQ:
		/* KVM api.rst: returns the number of device_irq_level bits. */
		return 1;
	case AV_CAP_NR_VCPUS:
		return AV_MAX_VCPUS;
	case AV_CAP_ARM_PSCI_0_2:
	case AV_CAP_COUNTER_OFFSET:
	case AV_CAP_ARM_PMU_V3: /* the emulated PMUv3, src/pmu */
	case AV_CAP_HALT_POLL:
		return 1;
	default:
		return 0;
	}
}

int av_vm_enable_cap(av_vm *vm, uint32_t cap, uint64_t arg)
{
	if (!vm)
		return -EINVAL;
	switch (cap) {
	case AV_CAP_ARM_USER_IRQ:
		/* Meaningful only without an in-kernel irqchip (KVM api.rst
		 * KVM_CAP_ARM_USER_IRQ). */
		if (!vm_reports_levels(vm))
			return -EINVAL;
		return 0; /* the user irqchip reports levels from the start */
	case AV_CAP_HALT_POLL:
		/* KVM api.rst 7.x KVM_CAP_HALT_POLL: a 32-bit ns value. */
		if (arg > UINT32_MAX)
			return -EINVAL;
		atomic_store(&vm->max_halt_poll_ns, arg);
		return 0;
	default:
		return -EINVAL;
	}
}

int av_vm_irq_line(av_vm *vm, uint32_t type, uint32_t vcpu, uint32_t irq,
		   int level)
{
	if (!vm)
		return -EINVAL;
	/* KVM_ARM_IRQ_TYPE_CPU: only without an in-kernel irqchip (the user
	 * flow takes it; the others answer -ENXIO). */
	if (type != AV_IRQ_TYPE_CPU && type != AV_IRQ_TYPE_SPI &&
	    type != AV_IRQ_TYPE_PPI)
		return -EINVAL;
	if (type == AV_IRQ_TYPE_CPU && !vm_reports_levels(vm))
		return -ENXIO;
	if (!vm->irqchip || !vm->irqchip->inject_userspace_irq)
		return -ENXIO;
	if (level)
		vm_stat_inc(vm, VM_STAT_IRQ_LINE_HIGH);
	return vm->irqchip->inject_userspace_irq(vm, type, vcpu, irq, !!level);
}

int av_vm_system_event(av_vm *vm, uint32_t type)
{
	uint32_t expected = 0;

	if (!vm || type < AV_SYSTEM_EVENT_SHUTDOWN ||
	    type > AV_SYSTEM_EVENT_CRASH)
		return -EINVAL;
	/* The first event wins; later ones see it already set. */
	atomic_compare_exchange_strong(&vm->system_event, &expected, type);
	vm_make_all_cpus_request(vm, REQ_SLEEP);
	return 0;
}

av_vcpu *av_vm_vcpu(av_vm *vm, unsigned id)
{
	return vm_get_vcpu(vm, id);
}

/* ---- core.h accessors ---- */

unsigned vm_nr_vcpus(const av_vm *vm)
{
	return vm->cfg.nr_vcpus;
}

av_vcpu *vm_get_vcpu(av_vm *vm, unsigned i)
{
	if (!vm || i >= atomic_load(&vm->nr_created))
		return NULL;
	return vm->vcpus[i];
}

av_vcpu *vm_vcpu_by_mpidr(av_vm *vm, uint64_t mpidr)
{
	const uint64_t aff = 0xff00ffffffull;

	for (unsigned i = 0; i < atomic_load(&vm->nr_created); i++)
		if ((vm->vcpus[i]->mpidr & aff) == (mpidr & aff))
			return vm->vcpus[i];
	return NULL;
}

const struct av_vm_config *vm_config(const av_vm *vm)
{
	return &vm->cfg;
}

bool vm_has_run(const av_vm *vm)
{
	return atomic_load(&((av_vm *)vm)->has_run);
}

void *vm_irqchip_data(av_vm *vm)
{
	return vm->irqchip_data;
}

void vm_set_irqchip_data(av_vm *vm, void *data)
{
	vm->irqchip_data = data;
}

const struct irqchip_flow *vm_irqchip(av_vm *vm)
{
	return vm->irqchip;
}

bool vm_reports_levels(av_vm *vm)
{
	return vm->irqchip && vm->irqchip->reports_levels;
}

bool vm_hw_gic_cpuif(av_vm *vm, int gic_version)
{
	unsigned caps;

	if (!vm->evm)
		return false; /* a detached VM (detached.h): no CPU at all */
	caps = engine_vm_caps(vm->evm);

	return caps & (gic_version == 3 ? ENGINE_CAP_GICV3_CPUIF
					: ENGINE_CAP_GICV2_CPUIF);
}

bool vm_counts_insns(av_vm *vm)
{
	return !(engine_vm_caps(vm->evm) & ENGINE_CAP_NO_INSN_COUNT);
}

struct engine_vcpu *core_vcpu_engine(av_vcpu *v)
{
	return v ? v->ev : NULL;
}

struct vm_timers *vm_timers(av_vm *vm)
{
	return vm->timers;
}

void vm_set_timers(av_vm *vm, struct vm_timers *t)
{
	vm->timers = t;
}

/* ---- registration tables ---- */

int vm_register_sysregs(av_vm *vm, const struct sysreg_desc *table,
			unsigned n)
{
	int ret = 0;

	plat_mutex_lock(&vm->lock);
	if (vm->nr_sysreg_tables == AV_MAX_SYSREG_TABLES) {
		ret = -ENOSPC;
	} else {
		vm->sysreg_tables[vm->nr_sysreg_tables] = table;
		vm->sysreg_counts[vm->nr_sysreg_tables] = n;
		vm->nr_sysreg_tables++;
	}
	plat_mutex_unlock(&vm->lock);
	return ret;
}

const struct sysreg_desc *vm_find_sysreg(av_vm *vm, uint32_t enc)
{
	/* Later tables win; tables are small and registered before run. */
	for (unsigned t = vm->nr_sysreg_tables; t-- > 0;) {
		const struct sysreg_desc *d = vm->sysreg_tables[t];

		for (unsigned i = 0; i < vm->sysreg_counts[t]; i++)
			if (d[i].enc == enc)
				return &d[i];
	}
	return NULL;
}

int vm_register_mmio(av_vm *vm, uint64_t base, uint64_t size,
		     const struct mmio_ops *ops, void *opaque)
{
	int ret = 0;

	if (!size || base + size < base)
		return -EINVAL;
	plat_mutex_lock(&vm->lock);
	if (vm->nr_mmio == AV_MAX_MMIO) {
		ret = -ENOSPC;
		goto out;
	}
	for (unsigned i = 0; i < vm->nr_mmio; i++)
		if (ranges_overlap(base, size, vm->mmio[i].base,
				   vm->mmio[i].size)) {
			ret = -EEXIST;
			goto out;
		}
	for (unsigned i = 0; i < vm->nr_slots; i++)
		if (vm->slots[i].size &&
		    ranges_overlap(base, size, vm->slots[i].gpa,
				   vm->slots[i].size)) {
			ret = -EEXIST;
			goto out;
		}
	vm->mmio[vm->nr_mmio++] = (struct mmio_region){ base, size, ops,
							 opaque };
out:
	plat_mutex_unlock(&vm->lock);
	return ret;
}

const struct mmio_region *vm_find_mmio(av_vm *vm, uint64_t addr)
{
	for (unsigned i = 0; i < vm->nr_mmio; i++)
		if (addr - vm->mmio[i].base < vm->mmio[i].size)
			return &vm->mmio[i];
	return NULL;
}

int vm_register_hvc(av_vm *vm, uint32_t first, uint32_t last,
		    hvc_handler_fn fn)
{
	int ret = 0;

	if (first > last || !fn)
		return -EINVAL;
	plat_mutex_lock(&vm->lock);
	if (vm->nr_hvc == AV_MAX_HVC)
		ret = -ENOSPC;
	else
		vm->hvc[vm->nr_hvc++] = (struct hvc_range){ first, last, fn };
	plat_mutex_unlock(&vm->lock);
	return ret;
}

bool core_hvc_fast(av_vcpu *v, uint64_t x[8])
{
	av_vm *vm = v->vm;
	uint32_t fn = (uint32_t)x[0];

	for (unsigned i = 0; i < vm->nr_hvc; i++) {
		if (fn >= vm->hvc[i].first && fn <= vm->hvc[i].last) {
			bool handled = vm->hvc[i].fn(v, x);

			timer_rearm_pending(v); /* e.g. rVIC DEACTIVATE */
			return handled;
		}
	}
	return false;
}

const char *av_version(void)
{
	return "armvisor 0.1.0";
}

const char *av_strerror(int err)
{
	/* -INT_MIN does not exist; no errno is anywhere near it. */
	if (err == INT_MIN)
		return "Unknown error";
	return strerror(err < 0 ? -err : err);
}
