// SPDX-License-Identifier: MIT
/*
 * Detached VMs (detached.h): the core objects an in-library device model
 * expects, without an engine.  Only what a device model reaches is set up:
 * the configuration, the registration tables, the irqchip and its per-vCPU
 * state; vCPU requests and kicks work as usual but never find a vCPU in
 * guest mode, so they stay request bits.
 */
#include <errno.h>

#include "core/detached.h"
#include "core/internal.h"
#include "irqchip/irqchip.h"

static void detached_free_vcpus(av_vm *vm)
{
	unsigned n = atomic_load(&vm->nr_created);

	for (unsigned i = 0; i < n; i++) {
		av_vcpu *v = vm->vcpus[i];

		if (vm->irqchip && vm->irqchip->vcpu_destroy)
			vm->irqchip->vcpu_destroy(v);
		plat_event_destroy(&v->wake);
		plat_free(v);
		vm->vcpus[i] = NULL;
	}
	atomic_store(&vm->nr_created, 0);
}

av_vm *vm_create_detached(const struct av_vm_config *cfg, int *err)
{
	av_vm *vm;
	int ret = -EINVAL;

	if (!cfg || cfg->nr_vcpus < 1 || cfg->nr_vcpus > AV_MAX_VCPUS)
		goto fail;
	ret = -ENOMEM;
	vm = plat_zalloc(sizeof(*vm));
	if (!vm)
		goto fail;
	vm->cfg = *cfg;
	plat_mutex_init(&vm->lock);
	ret = irqchip_vm_init(vm, cfg->irqchip, &vm->irqchip);
	if (ret)
		goto fail_free;
	for (unsigned i = 0; i < cfg->nr_vcpus; i++) {
		av_vcpu *v = plat_zalloc(sizeof(*v));

		ret = -ENOMEM;
		if (!v)
			goto fail_vcpus;
		v->vm = vm;
		v->id = i;
		v->mpidr = (1ull << 31) | ((uint64_t)(i / 16) << 8) | (i % 16);
		plat_event_init(&v->wake);
		atomic_store(&v->power, AV_POWER_ON);
		ret = vm->irqchip->vcpu_init ? vm->irqchip->vcpu_init(v) : 0;
		if (ret) {
			plat_event_destroy(&v->wake);
			plat_free(v);
			goto fail_vcpus;
		}
		vm->vcpus[i] = v;
		atomic_store(&vm->nr_created, i + 1);
	}
	if (err)
		*err = 0;
	return vm;

fail_vcpus:
	if (vm->irqchip && vm->irqchip->destroy)
		vm->irqchip->destroy(vm); /* also its per-vCPU state */
	detached_free_vcpus(vm);
fail_free:
	plat_mutex_destroy(&vm->lock);
	plat_free(vm);
fail:
	if (err)
		*err = ret;
	return NULL;
}

void vm_destroy_detached(av_vm *vm)
{
	if (!vm)
		return;
	if (vm->irqchip && vm->irqchip->destroy)
		vm->irqchip->destroy(vm);
	detached_free_vcpus(vm);
	plat_mutex_destroy(&vm->lock);
	plat_free(vm);
}

int vm_detached_mmio(av_vcpu *v, uint64_t addr, unsigned len, bool is_write,
		     uint64_t *val)
{
	const struct mmio_region *r = vm_find_mmio(v->vm, addr);
	uint64_t off;

	/* As core_mmio_access: the frame that holds the first byte; its
	 * handlers treat what lies beyond as RAZ/WI. */
	if (!r)
		return -ENODEV;
	off = addr - r->base;
	if (is_write)
		return r->ops->write(r->opaque, v, off, len, *val);
	*val = 0;
	return r->ops->read(r->opaque, v, off, len, val);
}
