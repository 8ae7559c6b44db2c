// SPDX-License-Identifier: MIT
/*
 * Hardware-mapped virtual interrupts and IRQ owners (KVM
 * kvm_vgic_map_phys_irq, kvm_vgic_map_is_active, kvm_vgic_reset_mapped_irq,
 * kvm_vgic_set_owner): "Active interrupt state switching for shared
 * devices".  A mapped IRQ's LR carries the HW bit; the physical source is
 * made active when the guest acknowledges the virtual interrupt and
 * inactive (then resampled) when the guest deactivates it, both in the LR
 * fold (vgic.c).  Locking as in vgic.c: one irq lock at a time.
 */
#include <errno.h>

#include "irqchip/vgic/vgic.h"

/* ---- hardware-mapped interrupts --------------------------------------- */

struct vgic_irq *vgic_vcpu_irq(av_vcpu *v, uint32_t intid)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));

	return d ? vgic_get_irq(d, v, intid) : NULL;
}

int vgic_map_phys_irq(av_vcpu *v, uint32_t vintid,
			     struct irq_phys_source *src)
{
	struct vgic_irq *irq = vgic_vcpu_irq(v, vintid);
	int ret = 0;

	if (!irq || !src)
		return -EINVAL;
	plat_mutex_lock(&irq->lock);
	if (irq->hw && irq->phys != src) {
		ret = -EBUSY;
	} else {
		irq->hw = true;
		irq->phys = src;
	}
	plat_mutex_unlock(&irq->lock);
	return ret;
}

int vgic_unmap_phys_irq(av_vcpu *v, uint32_t vintid)
{
	struct vgic_irq *irq = vgic_vcpu_irq(v, vintid);
	int ret = 0;

	if (!irq)
		return -EINVAL;
	plat_mutex_lock(&irq->lock);
	if (!irq->hw) {
		ret = -EINVAL;
	} else {
		irq->hw = false;
		irq->phys = NULL;
	}
	plat_mutex_unlock(&irq->lock);
	return ret;
}

bool vgic_map_is_active(av_vcpu *v, uint32_t vintid)
{
	struct vgic_irq *irq = vgic_vcpu_irq(v, vintid);
	bool active = false;

	if (!irq)
		return false;
	plat_mutex_lock(&irq->lock);
	if (irq->hw && irq->phys)
		active = irq->phys->active;
	plat_mutex_unlock(&irq->lock);
	return active;
}

/* KVM kvm_vgic_reset_mapped_irq: forget the virtual and physical state. */
void vgic_reset_mapped_irq(av_vcpu *v, uint32_t vintid)
{
	struct vgic_irq *irq = vgic_vcpu_irq(v, vintid);

	if (!irq)
		return;
	plat_mutex_lock(&irq->lock);
	if (irq->hw) {
		irq->active = false;
		irq->pending_latch = false;
		irq->line_level = false;
		vgic_irq_set_phys_active(irq, false);
	}
	plat_mutex_unlock(&irq->lock);
}

/* KVM kvm_vgic_set_owner. */
int vgic_set_owner(av_vcpu *v, uint32_t intid, void *owner)
{
	struct vgic_irq *irq = vgic_vcpu_irq(v, intid);
	int ret = 0;

	if (!irq)
		return -EINVAL;
	plat_mutex_lock(&irq->lock);
	if (irq->owner && irq->owner != owner)
		ret = -EBUSY;
	else
		irq->owner = owner;
	plat_mutex_unlock(&irq->lock);
	return ret;
}
