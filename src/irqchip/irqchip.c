/* SPDX-License-Identifier: MIT */
/*
 * irqchip selection: the VM picks its irqchip at creation (user:
 * irqchip/user, GICv3/v2: irqchip/vgic, rVIC: irqchip/rvic).
 */
#include <errno.h>

#include "irqchip/irqchip.h"

/* Provided by irqchip/vgic and irqchip/rvic when they are built in. */
int vgic_vm_init(av_vm *vm, int version) __attribute__((weak));
int rvic_vm_init(av_vm *vm) __attribute__((weak));
extern const struct irqchip_flow rvic_flow;

int irqchip_vm_init(av_vm *vm, enum av_irqchip_kind kind,
		    const struct irqchip_flow **flow)
{
	switch (kind) {
	case AV_IRQCHIP_USER:
		*flow = &irqchip_user_flow;
		return 0;
	case AV_IRQCHIP_GICV3:
	case AV_IRQCHIP_GICV2:
		if (!vgic_vm_init)
			return -ENODEV;
		*flow = kind == AV_IRQCHIP_GICV3 ? &vgic_v3_flow
						 : &vgic_v2_flow;
		return vgic_vm_init(vm, kind == AV_IRQCHIP_GICV3 ? 3 : 2);
	case AV_IRQCHIP_RVIC:
		if (!rvic_vm_init)
			return -ENODEV;
		*flow = &rvic_flow;
		return rvic_vm_init(vm);
	default:
		return -EINVAL;
	}
}
