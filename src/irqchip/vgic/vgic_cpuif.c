// SPDX-License-Identifier: MIT
/*
 * The CPU interface seam (vgic_cpuif.h), the parts every implementation
 * shares: which one a VM uses, the priority rules of the GIC's (virtual)
 * CPU interface (IHI 0069 4.8 "Interrupt prioritization"), and keeping
 * the engine's IRQ/FIQ lines in step with the list registers.
 */
#include "irqchip/vgic/vgic.h"

/*
 * A hardware implementation where the VM's engine runs guests on a GIC
 * with virtualization support and one is linked; the emulated one
 * otherwise, which works on any engine (always on Unicorn and null).
 */
const struct vgic_cpuif_ops *vgic_cpuif_select(av_vm *vm, int version)
{
	const struct vgic_cpuif_ops *hw =
		version == 3 ? &vgic_cpuif_hw_v3 : &vgic_cpuif_hw_v2;

	if (hw && vm_hw_gic_cpuif(vm, version))
		return hw;
	return &vgic_cpuif_emulated;
}

const struct vgic_cpuif_ops *vgic_cpuif_of(av_vcpu *v)
{
	return vgic_dist_of(vcpu_vm(v))->cpuif;
}

void vgic_cpuif_state(av_vcpu *v, struct vgic_vmcr *m, uint32_t apr[2])
{
	const struct vgic_cpuif_ops *ops = vgic_cpuif_of(v);

	ops->get_vmcr(v, m);
	apr[0] = ops->get_apr(v, 0, 0);
	apr[1] = ops->get_apr(v, 1, 0);
}

/* ---- priority rules ---------------------------------------------------- */

/* The group priority: the bits above the binary point (IHI 0069 4.8.3;
 * ICC_BPR0 splits at [7:n+1], ICC_BPR1 at [7:n]; with CBPR, Group 1 uses
 * ICC_BPR0's split). */
uint8_t vgic_group_priority(const struct vgic_vmcr *m, uint8_t prio,
			    unsigned group)
{
	unsigned shift;

	if (group == 0 || m->cbpr)
		shift = m->bpr0 + 1u;
	else
		shift = m->bpr1;
	return (uint8_t)(prio & (0xffu << shift));
}

/* Running priority (ICC_RPR_EL1): the highest active priority, from the
 * active-priority registers of both groups; idle is 0xff. */
uint8_t vgic_running_priority(const uint32_t apr[2])
{
	uint32_t ap = apr[0] | apr[1];

	if (!ap)
		return VGIC_IDLE_PRIORITY;
	return (uint8_t)(__builtin_ctz(ap) << VGIC_PRI_SHIFT);
}

/* Could an interrupt of this priority and group be signalled now?  Its
 * group enabled, its priority above the PMR and its group priority above
 * the running priority (IHI 0069 4.8.2). */
bool vgic_cpuif_can_signal(const struct vgic_vmcr *m, const uint32_t apr[2],
			   uint8_t prio, unsigned group)
{
	bool enabled = group ? m->grpen1 : m->grpen0;

	return enabled && prio < m->pmr &&
	       vgic_group_priority(m, prio, group) <
		       vgic_running_priority(apr);
}

/* ---- the engine's lines ------------------------------------------------- */

/* The lines the implementation says the engine must deliver, given the
 * loaded LRs (none with a hardware interface, which signals by itself). */
void vgic_update_lines(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);
	bool irq, fiq;

	vgic_cpuif_of(v)->lines(v, &irq, &fiq);
	c->line_irq = irq;
	c->line_fiq = fiq;
	vcpu_set_irq_lines(v, irq, fiq);
}

/*
 * The engine delivers the lines it was entered with until the next entry
 * (ENGINE-NOTES: HCR_EL2.VI/VF are written on entry).  A trapped access
 * handled without an exit can change what the virtual CPU interface
 * signals (an acknowledge drops the line, an EOI or a PMR write can raise
 * it): hardware recomputes the virtual IRQ at once, so do the same by
 * leaving the guest when the lines changed (IHI 0069 4.8 / 6.3: the virtual
 * CPU interface signals the highest-priority pending LR).
 */
void vgic_cpuif_resync(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);
	bool changed;

	if (!c)
		return;
	if (vgic_cpuif_of(v)->hardware) {
		/* The guest goes on with whatever the LRs hold: refill them
		 * now (the access folded them, vgic_unload_lrs). */
		if (c->cpuif_loaded)
			vgic_flush_lr_state(v);
		return;
	}
	vgic_flush_lr_state(v);
	changed = c->line_irq != c->entry_irq || c->line_fiq != c->entry_fiq;
	vgic_fold_lr_state(v);
	if (changed) {
		vcpu_stat_inc_any(v, VCPU_STAT_IRQ_WINDOW_EXIT);
		vgic_kick_vcpu(v);
	}
}

void vgic_unload_lrs(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);

	if (c && c->lrs_loaded)
		vgic_fold_lr_state(v);
}
