// SPDX-License-Identifier: MIT
/* The fake core and platform behind the rVIC unit tests (rvic_fake.h). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rvic_fake.h"

struct av_vcpu {
	unsigned index;
	av_vm *vm;
	uint64_t mpidr;
	atomic_uint requests;
	atomic_uint kicks;
	atomic_bool irq, fiq;
	void *irqchip;
};

struct av_vm {
	struct av_vm_config cfg;
	av_vcpu *vcpus[AV_MAX_VCPUS];
	void *irqchip;
	atomic_bool has_run;
	uint32_t hvc_first, hvc_last;
	hvc_handler_fn hvc;
};

/* The platform layer is the real one (src/platform/platform_posix.c). */

/* ---- core.h ------------------------------------------------------------- */

void vcpu_request_and_kick(av_vcpu *v, unsigned req)
{
	atomic_fetch_or(&v->requests, 1u << (req & REQ_MASK));
	atomic_fetch_add(&v->kicks, 1);
}

unsigned vcpu_index(const av_vcpu *v)
{
	return v->index;
}

av_vm *vcpu_vm(const av_vcpu *v)
{
	return v->vm;
}

unsigned vm_nr_vcpus(const av_vm *vm)
{
	return vm->cfg.nr_vcpus;
}

av_vcpu *vm_get_vcpu(av_vm *vm, unsigned i)
{
	return i < vm->cfg.nr_vcpus ? vm->vcpus[i] : NULL;
}

av_vcpu *vm_vcpu_by_mpidr(av_vm *vm, uint64_t mpidr)
{
	const uint64_t aff = 0xff00ffffffull; /* Aff3..Aff0 */

	for (unsigned i = 0; i < vm->cfg.nr_vcpus; i++)
		if (vm->vcpus[i] &&
		    (vm->vcpus[i]->mpidr & aff) == (mpidr & aff))
			return vm->vcpus[i];
	return NULL;
}

const struct av_vm_config *vm_config(const av_vm *vm)
{
	return &vm->cfg;
}

bool vm_has_run(const av_vm *vm)
{
	return atomic_load(&vm->has_run);
}

void *vm_irqchip_data(av_vm *vm)
{
	return vm->irqchip;
}

void vm_set_irqchip_data(av_vm *vm, void *data)
{
	vm->irqchip = data;
}

void *vcpu_irqchip_data(av_vcpu *v)
{
	return v->irqchip;
}

void vcpu_set_irqchip_data(av_vcpu *v, void *data)
{
	v->irqchip = data;
}

void vcpu_set_irq_lines(av_vcpu *v, bool irq, bool fiq)
{
	atomic_store(&v->irq, irq);
	atomic_store(&v->fiq, fiq);
}

int vm_register_hvc(av_vm *vm, uint32_t first, uint32_t last,
		    hvc_handler_fn fn)
{
	if (vm->hvc)
		return -ENOSPC;
	vm->hvc_first = first;
	vm->hvc_last = last;
	vm->hvc = fn;
	return 0;
}

/* ---- test helpers ------------------------------------------------------- */

uint64_t rf_mpidr(unsigned i)
{
	/* PLATFORM.md: Aff0 = n % 16, Aff1 = n / 16, bit 31 set. */
	return 1ull << 31 | (uint64_t)(i / 16) << 8 | (i % 16);
}

static av_vm *rf_vm_alloc(unsigned nr_vcpus, unsigned trusted,
			  unsigned total)
{
	av_vm *vm = calloc(1, sizeof(*vm));

	vm->cfg.nr_vcpus = nr_vcpus;
	vm->cfg.irqchip = AV_IRQCHIP_RVIC;
	vm->cfg.rvic_trusted = trusted;
	vm->cfg.rvic_total = total;
	for (unsigned i = 0; i < nr_vcpus; i++) {
		av_vcpu *v = calloc(1, sizeof(*v));

		v->index = i;
		v->vm = vm;
		v->mpidr = rf_mpidr(i);
		vm->vcpus[i] = v;
	}
	return vm;
}

int rf_vm_init_status(unsigned trusted, unsigned total)
{
	av_vm *vm = rf_vm_alloc(1, trusted, total);
	int ret = rvic_vm_init(vm);

	rf_vm_free(vm);
	return ret;
}

av_vm *rf_vm_new(unsigned nr_vcpus, unsigned trusted, unsigned total,
		 bool run)
{
	av_vm *vm = rf_vm_alloc(nr_vcpus, trusted, total);

	if (rvic_vm_init(vm))
		abort();
	for (unsigned i = 0; i < nr_vcpus; i++)
		if (rvic_flow.vcpu_init(vm->vcpus[i]))
			abort();
	if (run) {
		rf_set_has_run(vm);
		for (unsigned i = 0; i < nr_vcpus; i++)
			if (rvic_flow.vcpu_first_run(vm->vcpus[i]))
				abort();
	}
	return vm;
}

void rf_vm_free(av_vm *vm)
{
	for (unsigned i = 0; i < vm->cfg.nr_vcpus; i++) {
		if (vm->vcpus[i]->irqchip)
			rvic_flow.vcpu_destroy(vm->vcpus[i]);
		free(vm->vcpus[i]);
	}
	if (vm->irqchip)
		rvic_flow.destroy(vm);
	free(vm);
}

av_vcpu *rf_vcpu(av_vm *vm, unsigned i)
{
	return vm->vcpus[i];
}

void rf_set_has_run(av_vm *vm)
{
	atomic_store(&vm->has_run, true);
}

bool rf_hvc_raw(av_vcpu *v, uint64_t x[8])
{
	av_vm *vm = v->vm;
	uint32_t fn = (uint32_t)x[0];

	if (!vm->hvc || fn < vm->hvc_first || fn > vm->hvc_last)
		return false;
	return vm->hvc(v, x);
}

uint64_t rf_hvc(av_vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2,
		uint64_t a3, uint64_t *x1)
{
	uint64_t x[8] = { fn, a1, a2, a3, 0, 0, 0, 0 };

	if (!rf_hvc_raw(v, x)) {
		fprintf(stderr, "rf_hvc: %#x not handled\n", fn);
		abort();
	}
	if (x1)
		*x1 = x[1];
	return x[0];
}

bool rf_flush(av_vcpu *v)
{
	rvic_flow.flush_hwstate(v);
	return atomic_load(&v->irq);
}

unsigned rf_kicks(av_vcpu *v)
{
	return atomic_load(&v->kicks);
}

bool rf_take_request(av_vcpu *v, unsigned req)
{
	unsigned bit = 1u << (req & REQ_MASK);

	return atomic_fetch_and(&v->requests, ~bit) & bit;
}
