/* SPDX-License-Identifier: MIT */
/*
 * The in-kernel irqchip device API (KVM_CREATE_DEVICE and
 * KVM_SET/GET_DEVICE_ATTR on the device fd, KVM api.rst 4.80 and
 * devices/arm-vgic-v3.rst): creating the rVIC, and the attributes of
 * whichever irqchip the VM has (the chip's set_attr/get_attr).
 *
 * Like the VM ioctls it imitates, it is meant to be called from the thread
 * that sets the VM up, before any vCPU exists.
 */
#include <errno.h>

#include "core/internal.h"
#include "irqchip/irqchip.h"
#include "irqchip/rvic/rvic.h"

int av_vm_create_irqchip(av_vm *vm, uint32_t type)
{
	int ret;

	if (!vm)
		return -EINVAL;
	if (type != AV_DEV_TYPE_ARM_RVIC)
		return -ENODEV; /* KVM_CREATE_DEVICE: unknown type */
	plat_mutex_lock(&vm->lock);
	if (vm->cfg.irqchip != AV_IRQCHIP_USER)
		ret = -EEXIST; /* the config already chose an in-kernel chip */
	else if (atomic_load(&vm->nr_created))
		ret = -EBUSY; /* vCPUs got no rVIC state */
	else
		ret = 0;
	plat_mutex_unlock(&vm->lock);
	if (ret)
		return ret;
	/* Default sizes, settable once through NR_IRQS. */
	ret = rvic_create(vm, RVIC_DEFAULT_TRUSTED, RVIC_DEFAULT_TOTAL, false);
	if (ret)
		return ret;
	plat_mutex_lock(&vm->lock);
	vm->irqchip = &rvic_flow;
	vm->cfg.irqchip = AV_IRQCHIP_RVIC;
	plat_mutex_unlock(&vm->lock);
	return 0;
}

int av_vm_set_irqchip_attr(av_vm *vm, uint32_t group, uint64_t attr,
			   const void *val)
{
	if (!vm)
		return -EINVAL;
	/* val may be NULL for attributes that carry none (CTRL_INIT). */
	if (!vm->irqchip || !vm->irqchip->set_attr)
		return -ENXIO; /* no device to set attributes on */
	return vm->irqchip->set_attr(vm, group, attr, val);
}

int av_vm_get_irqchip_attr(av_vm *vm, uint32_t group, uint64_t attr,
			   void *val)
{
	if (!vm || !val)
		return -EINVAL;
	if (!vm->irqchip || !vm->irqchip->get_attr)
		return -ENXIO;
	return vm->irqchip->get_attr(vm, group, attr, val);
}
