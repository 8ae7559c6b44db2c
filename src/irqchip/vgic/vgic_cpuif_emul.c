// SPDX-License-Identifier: MIT
/*
 * The emulated GIC CPU interface (vgic_cpuif.h): list registers in a
 * software array and the virtual CPU interface's behaviour over them, as
 * the GIC does in hardware with ICH_LR<n>_EL2, ICH_VMCR_EL2 and
 * ICH_AP{0,1}R<n>_EL2 (IHI 0069 4.8 "Interrupt prioritization", 6.3
 * "Virtual CPU interface"):
 *   - acknowledge takes the highest-priority pending LR of an enabled
 *     group if its priority beats the PMR and its group priority beats the
 *     running priority; the LR becomes active and the active-priority bit
 *     of its group priority is set;
 *   - EOI drops the running priority (clears the highest active-priority
 *     bit) and, with EOImode 0, deactivates the LR;
 *   - DIR deactivates (EOImode 1 only).
 * The trapped registers that use these are vgic_v3_cpuif.c (ICC_*) and
 * vgic_v2_cpuif.c (GICC).
 *
 * Every access runs on the vCPU's thread inside the guest's trapped access
 * (a sysreg or MMIO exit handled in the run loop's fast path): it loads the
 * LRs from the ap_list (flush), operates on them, and folds them back
 * (sync), so the distributor state stays authoritative and other threads
 * always see it whole; vgic_cpuif_resync then recomputes the IRQ line.
 */
#include <string.h>

#include "irqchip/vgic/vgic.h"

static struct vgic_emu_cpuif *emu_of(av_vcpu *v)
{
	return &vgic_cpu_of(v)->emu;
}

/* ---- the ops ------------------------------------------------------------ */

static int emu_register_v3_sysregs(struct vgic_dist *d)
{
	int ret = vgic_v3_register_sgi_sysregs(d);

	return ret ? ret : vgic_v3_register_sysregs(d);
}

static void emu_vcpu_reset(av_vcpu *v, int version)
{
	const struct av_vm_config *cfg = vm_config(vcpu_vm(v));
	struct vgic_emu_cpuif *e = emu_of(v);
	unsigned n = cfg ? cfg->nr_lrs : 0;

	memset(e, 0, sizeof(*e));
	/* The VM asks for the number of LRs (KVM gets ICH_VTR_EL2's). */
	e->nr_lrs = n == 0 ? VGIC_DEFAULT_LRS
		    : n > VGIC_MAX_LRS ? VGIC_MAX_LRS : n;
	/* ICH_VMCR_EL2 / GICH_VMCR reset: PMR 0, both binary points at their
	 * minimum, groups disabled (IHI 0069 12.4, ICH_VMCR_EL2). */
	e->vmcr.bpr0 = VGIC_MIN_BPR0;
	e->vmcr.bpr1 = VGIC_MIN_BPR1;
	(void)version;
}

static unsigned emu_nr_lrs(av_vcpu *v)
{
	return emu_of(v)->nr_lrs;
}

static void emu_populate_lr(av_vcpu *v, const struct vgic_lr *lr, unsigned i)
{
	emu_of(v)->lr[i] = *lr;
}

static void emu_clear_lr(av_vcpu *v, unsigned i)
{
	memset(&emu_of(v)->lr[i], 0, sizeof(emu_of(v)->lr[i]));
}

static void emu_fold_lr_state(av_vcpu *v, unsigned used)
{
	struct vgic_emu_cpuif *e = emu_of(v);

	for (unsigned i = 0; i < used; i++)
		vgic_fold_lr(v, &e->lr[i]);
	e->underflow = e->npie = false;
}

/*
 * The maintenance conditions are recorded, not delivered: this interface
 * re-flushes from the ap_list at every trapped access (vgic_cpuif_resync),
 * which is what a maintenance interrupt would make the hypervisor do.
 */
static void emu_set_underflow(av_vcpu *v)
{
	emu_of(v)->underflow = true;
}

static void emu_set_npie(av_vcpu *v)
{
	emu_of(v)->npie = true;
}

static void emu_get_vmcr(av_vcpu *v, struct vgic_vmcr *m)
{
	*m = emu_of(v)->vmcr;
}

static void emu_set_vmcr(av_vcpu *v, const struct vgic_vmcr *m)
{
	emu_of(v)->vmcr = *m;
}

/* 5 priority bits: one active-priority register per group (IHI 0069
 * 12.2.1: AP{0,1}R{1,2,3} are not implemented). */
static uint32_t emu_get_apr(av_vcpu *v, unsigned group, unsigned n)
{
	return n == 0 ? emu_of(v)->apr[group ? 1 : 0] : 0;
}

static void emu_set_apr(av_vcpu *v, unsigned group, unsigned n, uint32_t val)
{
	if (n == 0)
		emu_of(v)->apr[group ? 1 : 0] = val;
}

/* Group 0 is signalled as FIQ on GICv3 (system-register interface, DS=1)
 * and on GICv2 only with GICV_CTLR.FIQEn; everything else as IRQ. */
static void emu_lines(av_vcpu *v, bool *irq, bool *fiq)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	struct vgic_emu_cpuif *e = &c->emu;

	*irq = *fiq = false;
	for (unsigned i = 0; i < c->used_lrs; i++) {
		const struct vgic_lr *lr = &e->lr[i];

		if (lr->state != VGIC_LR_PENDING ||
		    !vgic_cpuif_can_signal(&e->vmcr, e->apr, lr->priority,
					   lr->group))
			continue;
		if (lr->group == 0 && (d->version == 3 || e->vmcr.fiqen))
			*fiq = true;
		else
			*irq = true;
	}
}

const struct vgic_cpuif_ops vgic_cpuif_emulated = {
	.name = "emulated",
	.register_v3_sysregs = emu_register_v3_sysregs,
	.register_v2_cpu = vgic_v2_register_cpuif,
	.vcpu_reset = emu_vcpu_reset,
	.nr_lrs = emu_nr_lrs,
	.populate_lr = emu_populate_lr,
	.clear_lr = emu_clear_lr,
	.fold_lr_state = emu_fold_lr_state,
	.set_underflow = emu_set_underflow,
	.set_npie = emu_set_npie,
	.get_vmcr = emu_get_vmcr,
	.set_vmcr = emu_set_vmcr,
	.get_apr = emu_get_apr,
	.set_apr = emu_set_apr,
	.lines = emu_lines,
};

/* ---- acknowledge, EOI, deactivate over the LRs ------------------------- */

static bool vgic_group_enabled(const struct vgic_vmcr *m, unsigned group)
{
	return group ? m->grpen1 : m->grpen0;
}

/* The highest-priority pending LR of an enabled group, -1 if none
 * (KVM __vgic_v3_highest_priority_lr).  Pending+active LRs do not count. */
static int vgic_highest_priority_lr(struct vgic_cpu *c)
{
	uint8_t best = VGIC_IDLE_PRIORITY;
	int found = -1;

	for (unsigned i = 0; i < c->used_lrs; i++) {
		const struct vgic_lr *lr = &c->emu.lr[i];

		if (lr->state != VGIC_LR_PENDING ||
		    !vgic_group_enabled(&c->emu.vmcr, lr->group))
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
	if (lr->group == 0 || c->emu.vmcr.ackctl)
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
	if (!vgic_iar_group_ok(c, group, &c->emu.lr[i], &spurious))
		return spurious;
	*lr_out = i;
	return vgic_lr_iar_value(d, &c->emu.lr[i]);
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

static void vgic_set_active_priority(struct vgic_emu_cpuif *e, uint8_t prio,
				     unsigned group)
{
	uint8_t gp = vgic_group_priority(&e->vmcr, prio, group);

	e->apr[group ? 1 : 0] |= 1u << (gp >> VGIC_PRI_SHIFT);
}

/* ICC_IAR{0,1}_EL1 / GICC_IAR / GICC_AIAR (KVM __vgic_v3_read_iar). */
uint32_t vgic_cpuif_ack(av_vcpu *v, int group)
{
	struct vgic_cpu *c = vgic_cpu_of(v);
	struct vgic_emu_cpuif *e = &c->emu;
	struct vgic_lr *lr;
	uint32_t val;
	int i;

	vgic_flush_lr_state(v);
	val = vgic_hppir_locked(v, group, &i);
	if (i < 0)
		goto out;
	lr = &e->lr[i];
	if (lr->priority >= e->vmcr.pmr ||
	    vgic_group_priority(&e->vmcr, lr->priority, lr->group) >=
		    vgic_running_priority(e->apr)) {
		val = VGIC_INTID_SPURIOUS;
		goto out;
	}
	lr->state = VGIC_LR_ACTIVE;
	irq_note_ack(v, lr->vintid);
	vgic_set_active_priority(e, lr->priority, lr->group);
out:
	vgic_fold_lr_state(v);
	return val;
}

/* Priority drop: clear the highest-priority active-priority bit of either
 * group; returns its priority, or 0xff if none was set. */
static uint8_t vgic_clear_highest_active_priority(struct vgic_emu_cpuif *e)
{
	uint32_t ap0 = e->apr[0], ap1 = e->apr[1];
	unsigned b0 = ap0 ? (unsigned)__builtin_ctz(ap0) : 32;
	unsigned b1 = ap1 ? (unsigned)__builtin_ctz(ap1) : 32;

	if (b0 == 32 && b1 == 32)
		return VGIC_IDLE_PRIORITY;
	if (b0 <= b1) {
		e->apr[0] &= ~(1u << b0);
		return (uint8_t)(b0 << VGIC_PRI_SHIFT);
	}
	e->apr[1] &= ~(1u << b1);
	return (uint8_t)(b1 << VGIC_PRI_SHIFT);
}

static int vgic_find_active_lr(struct vgic_dist *d, struct vgic_cpu *c,
			       uint32_t val)
{
	uint32_t intid = val & (d->version == 2 ? 0x3ffu : 0xffffffu);
	unsigned source = (val >> 10) & 7;

	for (unsigned i = 0; i < c->used_lrs; i++) {
		const struct vgic_lr *lr = &c->emu.lr[i];

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

	vgic_deactivate_irq(v, val & (d->version == 2 ? 0x3ffu : 0xffffffu));
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
	c->emu.lr[i].state &= (uint8_t)~VGIC_LR_ACTIVE;
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
	act_prio = vgic_clear_highest_active_priority(&c->emu);
	if (c->emu.vmcr.eoimode) {
		vgic_fold_lr_state(v);
		return;
	}
	i = vgic_find_active_lr(d, c, val);
	if (i >= 0) {
		const struct vgic_lr *lr = &c->emu.lr[i];

		/* Wrong group or priority: the guest broke the rules and
		 * nothing is deactivated (KVM does the same). */
		if ((group >= 0 && lr->group != (unsigned)group) ||
		    vgic_group_priority(&c->emu.vmcr, lr->priority,
					lr->group) != act_prio) {
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

	if (!c->emu.vmcr.eoimode)
		return;
	vgic_flush_lr_state(v);
	vgic_deactivate(v, val);
}
