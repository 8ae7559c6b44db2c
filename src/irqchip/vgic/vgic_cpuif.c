// SPDX-License-Identifier: MIT
/*
 * The virtual CPU interface over the list registers, shared by the GICv3
 * system-register interface (vgic_v3_cpuif.c) and the GICv2 GICC frame
 * (vgic_v2_cpuif.c).  This is what the GIC's virtual CPU interface does in
 * hardware with ICH_LR<n>_EL2, ICH_VMCR_EL2 and ICH_AP{0,1}R<n>_EL2
 * (IHI 0069 4.8 "Interrupt prioritization", 6.3 "Virtual CPU interface"):
 *   - acknowledge takes the highest-priority pending LR of an enabled
 *     group if its priority beats the PMR and its group priority beats the
 *     running priority; the LR becomes active and the active-priority bit
 *     of its group priority is set;
 *   - EOI drops the running priority (clears the highest active-priority
 *     bit) and, with EOImode 0, deactivates the LR;
 *   - DIR deactivates (EOImode 1 only).
 *
 * Every access runs on the vCPU's thread inside the guest's trapped access
 * (a sysreg hook or an MMIO callback), without leaving the guest: it loads
 * the LRs from the ap_list (flush), operates on them, and folds them back
 * (sync), so the distributor state stays authoritative and other threads
 * always see it whole; vgic_cpuif_resync then recomputes the IRQ line.
 */
#include "irqchip/vgic/vgic.h"

void vgic_vmcr_reset(struct vgic_vmcr *m, int version)
{
	*m = (struct vgic_vmcr){
		.pmr = 0,
		.bpr0 = VGIC_MIN_BPR0,
		.bpr1 = VGIC_MIN_BPR1,
	};
	(void)version;
}

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
uint8_t vgic_running_priority(const struct vgic_vmcr *m)
{
	uint32_t ap = m->apr[0] | m->apr[1];

	if (!ap)
		return VGIC_IDLE_PRIORITY;
	return (uint8_t)(__builtin_ctz(ap) << VGIC_PRI_SHIFT);
}

static bool vgic_group_enabled(const struct vgic_vmcr *m, unsigned group)
{
	return group ? m->grpen1 : m->grpen0;
}

/* Could an interrupt of this priority and group be signalled now? */
bool vgic_cpuif_can_signal(const struct vgic_vmcr *m, int version,
			   uint8_t prio, unsigned group)
{
	(void)version;
	return vgic_group_enabled(m, group) && prio < m->pmr &&
	       vgic_group_priority(m, prio, group) < vgic_running_priority(m);
}

/* Group 0 is signalled as FIQ on GICv3 (system-register interface, DS=1)
 * and on GICv2 only with GICV_CTLR.FIQEn; everything else as IRQ. */
void vgic_update_lines(av_vcpu *v)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	bool irq = false, fiq = false;

	for (unsigned i = 0; i < c->used_lrs; i++) {
		const struct vgic_lr *lr = &c->lr[i];

		if (lr->state != VGIC_LR_PENDING ||
		    !vgic_cpuif_can_signal(&c->vmcr, d->version, lr->priority,
					   lr->group))
			continue;
		if (lr->group == 0 && (d->version == 3 || c->vmcr.fiqen))
			fiq = true;
		else
			irq = true;
	}
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
	vgic_flush_lr_state(v);
	changed = c->line_irq != c->entry_irq || c->line_fiq != c->entry_fiq;
	vgic_fold_lr_state(v);
	if (changed)
		vgic_kick_vcpu(v);
}

void vgic_unload_lrs(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);

	if (c && c->lrs_loaded)
		vgic_fold_lr_state(v);
}

/* The highest-priority pending LR of an enabled group, -1 if none
 * (KVM __vgic_v3_highest_priority_lr).  Pending+active LRs do not count. */
static int vgic_highest_priority_lr(struct vgic_cpu *c)
{
	uint8_t best = VGIC_IDLE_PRIORITY;
	int found = -1;

	for (unsigned i = 0; i < c->used_lrs; i++) {
		const struct vgic_lr *lr = &c->lr[i];

		if (lr->state != VGIC_LR_PENDING ||
		    !vgic_group_enabled(&c->vmcr, lr->group))
			continue;
		if (lr->priority >= best)
			continue;
		best = lr->priority;
		found = (int)i;
	}
	return found;
}

static uint32_t vgic_lr_iar_value(struct vgic_dist *d, const struct vgic_lr *lr)
{
	uint32_t val = lr->vintid;

	/* GICv2 GICC_IAR.CPUID: the requesting CPU of an SGI. */
	if (d->version == 2 && lr->vintid < VGIC_NR_SGIS)
		val |= (uint32_t)lr->source << 10;
	return val;
}

/* May an IAR of `group` take this LR?  group < 0: GICv2 GICC_IAR, which
 * takes Group 0, and Group 1 only with AckCtl (else it reads 1022). */
static bool vgic_iar_group_ok(const struct vgic_cpu *c, int group,
			      const struct vgic_lr *lr, uint32_t *spurious)
{
	if (group >= 0) {
		*spurious = VGIC_INTID_SPURIOUS;
		return lr->group == (unsigned)group;
	}
	if (lr->group == 0 || c->vmcr.ackctl)
		return true;
	*spurious = VGIC_INTID_GROUP1_V2;
	return false;
}

static uint32_t vgic_hppir_locked(av_vcpu *v, int group, int *lr_out)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	uint32_t spurious = VGIC_INTID_SPURIOUS;
	int i = vgic_highest_priority_lr(c);

	*lr_out = -1;
	if (i < 0)
		return VGIC_INTID_SPURIOUS;
	if (!vgic_iar_group_ok(c, group, &c->lr[i], &spurious))
		return spurious;
	*lr_out = i;
	return vgic_lr_iar_value(d, &c->lr[i]);
}

/* ICC_HPPIR{0,1}_EL1 / GICC_HPPIR / GICC_AHPPIR. */
uint32_t vgic_cpuif_hppir(av_vcpu *v, int group)
{
	uint32_t val;
	int lr;

	vgic_flush_lr_state(v);
	val = vgic_hppir_locked(v, group, &lr);
	vgic_fold_lr_state(v);
	return val;
}

static void vgic_set_active_priority(struct vgic_vmcr *m, uint8_t prio,
				     unsigned group)
{
	uint8_t gp = vgic_group_priority(m, prio, group);

	m->apr[group ? 1 : 0] |= 1u << (gp >> VGIC_PRI_SHIFT);
}

/* ICC_IAR{0,1}_EL1 / GICC_IAR / GICC_AIAR (KVM __vgic_v3_read_iar). */
uint32_t vgic_cpuif_ack(av_vcpu *v, int group)
{
	struct vgic_cpu *c = vgic_cpu_of(v);
	struct vgic_lr *lr;
	uint32_t val;
	int i;

	vgic_flush_lr_state(v);
	val = vgic_hppir_locked(v, group, &i);
	if (i < 0)
		goto out;
	lr = &c->lr[i];
	if (lr->priority >= c->vmcr.pmr ||
	    vgic_group_priority(&c->vmcr, lr->priority, lr->group) >=
		    vgic_running_priority(&c->vmcr)) {
		val = VGIC_INTID_SPURIOUS;
		goto out;
	}
	lr->state = VGIC_LR_ACTIVE;
	vgic_set_active_priority(&c->vmcr, lr->priority, lr->group);
out:
	vgic_fold_lr_state(v);
	return val;
}

/* Priority drop: clear the highest-priority active-priority bit of either
 * group; returns its priority, or 0xff if none was set. */
static uint8_t vgic_clear_highest_active_priority(struct vgic_vmcr *m)
{
	uint32_t ap0 = m->apr[0], ap1 = m->apr[1];
	unsigned b0 = ap0 ? (unsigned)__builtin_ctz(ap0) : 32;
	unsigned b1 = ap1 ? (unsigned)__builtin_ctz(ap1) : 32;

	if (b0 == 32 && b1 == 32)
		return VGIC_IDLE_PRIORITY;
	if (b0 <= b1) {
		m->apr[0] &= ~(1u << b0);
		return (uint8_t)(b0 << VGIC_PRI_SHIFT);
	}
	m->apr[1] &= ~(1u << b1);
	return (uint8_t)(b1 << VGIC_PRI_SHIFT);
}

static int vgic_find_active_lr(struct vgic_dist *d, struct vgic_cpu *c,
			       uint32_t val)
{
	uint32_t intid = val & (d->version == 2 ? 0x3ffu : 0xffffffu);
	unsigned source = (val >> 10) & 7;

	for (unsigned i = 0; i < c->used_lrs; i++) {
		const struct vgic_lr *lr = &c->lr[i];

		if (lr->vintid != intid || !(lr->state & VGIC_LR_ACTIVE))
			continue;
		if (d->version == 2 && intid < VGIC_NR_SGIS &&
		    lr->source != source)
			continue;
		return (int)i;
	}
	return -1;
}

/* Deactivation of an IRQ that is active but not in an LR (more active
 * IRQs than LRs): act on the distributor state directly, as KVM does with
 * the EOIcount maintenance. */
static void vgic_deactivate_unlisted(av_vcpu *v, uint32_t val)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	uint32_t intid = val & (d->version == 2 ? 0x3ffu : 0xffffffu);
	struct vgic_irq *irq = vgic_get_irq(d, v, intid);

	if (!irq)
		return;
	plat_mutex_lock(&irq->lock);
	if (!irq->active || irq->vcpu != v) {
		plat_mutex_unlock(&irq->lock);
		return;
	}
	irq->active = false;
	if (irq->hw && irq->phys) {
		vgic_irq_set_phys_active(irq, false);
		if (irq->phys->get_input_level)
			irq->line_level = irq->phys->get_input_level(irq->phys);
	}
	vgic_queue_irq_unlock(d, irq);
}

static void vgic_deactivate(av_vcpu *v, uint32_t val)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	int i = vgic_find_active_lr(d, c, val);

	if (i < 0) {
		vgic_fold_lr_state(v);
		vgic_deactivate_unlisted(v, val);
		return;
	}
	/* With the HW bit the deactivation also reaches the physical
	 * interrupt; the fold does that part under the IRQ's lock. */
	c->lr[i].state &= (uint8_t)~VGIC_LR_ACTIVE;
	vgic_fold_lr_state(v);
}

/* ICC_EOIR{0,1}_EL1 / GICC_EOIR / GICC_AEOIR (KVM __vgic_v3_write_eoir).
 * group < 0: GICv2 GICC_EOIR, either group. */
void vgic_cpuif_eoi(av_vcpu *v, uint32_t val, int group)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	uint8_t act_prio;
	int i;

	vgic_flush_lr_state(v);
	act_prio = vgic_clear_highest_active_priority(&c->vmcr);
	if (c->vmcr.eoimode) {
		vgic_fold_lr_state(v);
		return;
	}
	i = vgic_find_active_lr(d, c, val);
	if (i >= 0) {
		const struct vgic_lr *lr = &c->lr[i];

		/* Wrong group or priority: the guest broke the rules and
		 * nothing is deactivated (KVM does the same). */
		if ((group >= 0 && lr->group != (unsigned)group) ||
		    vgic_group_priority(&c->vmcr, lr->priority, lr->group) !=
			    act_prio) {
			vgic_fold_lr_state(v);
			return;
		}
	}
	vgic_deactivate(v, val);
}

/* ICC_DIR_EL1 / GICC_DIR: only meaningful with EOImode 1. */
void vgic_cpuif_dir(av_vcpu *v, uint32_t val)
{
	struct vgic_cpu *c = vgic_cpu_of(v);

	if (!c->vmcr.eoimode)
		return;
	vgic_flush_lr_state(v);
	vgic_deactivate(v, val);
}
