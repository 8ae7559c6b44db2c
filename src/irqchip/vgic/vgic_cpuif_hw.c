// SPDX-License-Identifier: MIT
/*
 * The hardware GIC CPU interface (vgic_cpuif.h) for GICv3: the vGIC's list
 * registers are ICH_LR<n>_EL2, its VMCR ICH_VMCR_EL2, its active
 * priorities ICH_AP{0,1}R<n>_EL2 (IHI 0069 12.4), as KVM's vgic-v3.c and
 * hyp/vgic-v3-sr.c.  Built into the EL2 image only (AV_EL2_IMAGE); the EL2
 * engine offers it (engine_vm_caps: ENGINE_CAP_GICV3_CPUIF) and provides
 * the register accessors (vgic_hw_regs.h).
 *
 * The guest's ICC_* accesses then go to the virtual CPU interface (ICV_*)
 * without a trap: acknowledge, EOI, deactivate, PMR, BPR, IGRPEN, APRs.
 * Only SGI generation traps (ICC_SGI1R/ASGI1R/SGI0R_EL1 trap to EL2
 * whenever HCR_EL2.IMO/FMO is set: IHI 0069 12.2, the registers'
 * configurations) and is routed through the shared SGI code.
 *
 * Registers: a shadow (struct vgic_hw_cpuif) while the vCPU is out of the
 * physical interface; between load and put (the run loop's fast path
 * included) the hardware holds them and the ops act on it directly, on
 * the vCPU's own pCPU.
 *  - populate: vINTID, priority, group, state; a mapped physical
 *    interrupt (the virtual timer, PPI 27) gets HW = 1 and its pINTID, so
 *    that the guest's deactivation deactivates it (IHI 0069 4.9 / 12.4.10
 *    ICH_LR<n>_EL2.HW); a level-sensitive software interrupt gets
 *    EOI = 1, so that its deactivation raises the maintenance interrupt
 *    and the run loop re-samples its level (KVM vgic_v3_populate_lr).
 *  - fold: the IRQ named by the shadow, the state the hardware left.
 *  - underflow / no-pending: ICH_HCR_EL2.UIE / NPIE; the maintenance
 *    interrupt (PPI 25) makes the vCPU exit and the run loop refill.
 *
 * Only writes that change something reach the interface, and only LRs in
 * use are read: under QEMU's TCG every ICH_* write re-evaluates the
 * virtual and maintenance interrupts (1-2 us each), and the fold, flush,
 * load and put of the run loop are on the path of every interrupt.  The
 * rules that make it safe: while live, an LR the shadow holds as 0 is
 * invalid in the hardware with no EOI maintenance pending (the guest can
 * only move a valid LR towards invalid; the maintenance handler only edits
 * LRs flagged in EISR); an invalid LR with no EOI request does nothing
 * (IHI 0069 12.4.10: ICH_ELRSR_EL2 counts it as empty), so the fold can
 * leave it in place; and the vCPU owns its physical CPU (one vCPU per
 * pCPU), so VMCR and the APRs saved by put are still there at the next
 * load.
 */
#ifdef AV_EL2_IMAGE

#include <errno.h>
#include <string.h>

#include "irqchip/vgic/vgic.h"
#include "irqchip/vgic/vgic_hw_regs.h"

static struct vgic_hw_cpuif *hw_of(av_vcpu *v)
{
	return &vgic_cpu_of(v)->hw;
}

static uint64_t v3_lr_value(const struct vgic_lr *lr)
{
	uint64_t val = lr->vintid;

	val |= (uint64_t)(lr->state & 3) << VGIC_ICH_LR_STATE_SHIFT;
	val |= (uint64_t)(lr->priority & VGIC_PRI_MASK)
	       << VGIC_ICH_LR_PRIORITY_SHIFT;
	if (lr->group)
		val |= VGIC_ICH_LR_GROUP;
	if (lr->phys_irq)
		val |= VGIC_ICH_LR_HW |
		       (uint64_t)(lr->pintid & 0x1fff)
			       << VGIC_ICH_LR_PINTID_SHIFT;
	else if (lr->level && lr->state)
		/* (never on an invalid LR: EISR would flag it at once) */
		val |= VGIC_ICH_LR_EOI;
	return val;
}

/* En, the maintenance enables asked, and TDIR: the guest's ICC_DIR_EL1
 * traps (see icc_write_dir). */
static void v3_write_hcr(struct vgic_hw_cpuif *h)
{
	if (h->live)
		el2_vgic_v3_write_hcr(VGIC_ICH_HCR_EN | VGIC_ICH_HCR_TDIR |
				      h->hcr);
}

/* ---- the ops ------------------------------------------------------------ */

/*
 * ICC_DIR_EL1, trapped (ICH_HCR_EL2.TDIR).  A deactivation of an IRQ in no
 * LR only counts in ICH_HCR_EL2.EOIcount, which cannot tell a DIR from an
 * EOI with EOImode 1 (QEMU 7.2 counts those too): so every DIR comes here
 * and the model deactivates the IRQ, listed or not; with EOImode 0 DIR has
 * no effect (IHI 0069 12.2.x ICC_DIR_EL1).
 */
#define ICC_DIR_EL1 SYSREG_ENC(3, 0, 12, 11, 1)

static int icc_dir_read(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	return -ENOENT; /* write-only: UNDEFINED */
}

static int icc_dir_write(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	struct vgic_vmcr m;

	if (el < 1 || !vgic_cpu_of(v))
		return -ENOENT;
	vgic_cpuif_of(v)->get_vmcr(v, &m);
	if (!m.eoimode)
		return 0;
	vgic_unload_lrs(v);
	vgic_deactivate_irq(v, (uint32_t)(val & 0xffffff));
	vgic_cpuif_resync(v);
	return 0;
}

static const struct sysreg_desc v3_hw_sysregs[] = {
	{ ICC_DIR_EL1, "ICC_DIR_EL1", icc_dir_read, icc_dir_write },
};

static int v3_register_sysregs(struct vgic_dist *d)
{
	int ret = vgic_v3_register_sgi_sysregs(d);

	return ret ? ret : vm_register_sysregs(d->vm, v3_hw_sysregs, 1);
}

static void v3_vcpu_reset(av_vcpu *v, int version)
{
	const struct av_vm_config *cfg = vm_config(vcpu_vm(v));
	struct vgic_hw_cpuif *h = hw_of(v);
	unsigned n = el2_vgic_v3_nr_lrs();

	memset(h, 0, sizeof(*h));
	/* As many LRs as ICH_VTR_EL2.ListRegs says; fewer if the VM asks
	 * (--lrs, so that the refill paths can be exercised). */
	if (cfg && cfg->nr_lrs && cfg->nr_lrs < n)
		n = cfg->nr_lrs;
	h->nr_lrs = n > VGIC_MAX_LRS ? VGIC_MAX_LRS : n;
	h->nr_aprs = el2_vgic_v3_nr_aprs();
	if (h->nr_aprs > VGIC_HW_MAX_APRS)
		h->nr_aprs = VGIC_HW_MAX_APRS;
	/* ICH_VMCR_EL2 reset as the virtual CPU interface's: groups off,
	 * PMR 0, binary points at their minimum. */
	h->vmcr = (uint32_t)VGIC_MIN_BPR0 << VGIC_ICH_VMCR_BPR0_SHIFT |
		  (uint32_t)VGIC_MIN_BPR1 << VGIC_ICH_VMCR_BPR1_SHIFT;
	(void)version;
}

static unsigned v3_nr_lrs(av_vcpu *v)
{
	return hw_of(v)->nr_lrs;
}

static void v3_populate_lr(av_vcpu *v, const struct vgic_lr *lr, unsigned i)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	h->lr[i] = *lr;
	h->lr_reg[i] = v3_lr_value(lr);
	if (h->live)
		el2_vgic_v3_write_lr(i, h->lr_reg[i]);
}

static void v3_clear_lr(av_vcpu *v, unsigned i)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	bool was = h->lr_reg[i] != 0;

	memset(&h->lr[i], 0, sizeof(h->lr[i]));
	h->lr_reg[i] = 0;
	if (h->live && was)
		el2_vgic_v3_write_lr(i, 0);
}

/* A folded LR the hardware may keep as it is: invalid, and no EOI
 * maintenance asked (the EOI bit means that only with HW = 0). */
static bool lr_inert(uint64_t reg, unsigned state, uint64_t hw, uint64_t eoi)
{
	return !state && ((reg & hw) || !(reg & eoi));
}

static void forget_lr(struct vgic_hw_cpuif *h, unsigned i)
{
	memset(&h->lr[i], 0, sizeof(h->lr[i]));
	h->lr_reg[i] = 0;
}

/* Each used LR's state back into its IRQ, then the LR emptied: what the
 * model folded must not stay deliverable in the hardware.  Then the EOIs
 * of interrupts that were in no LR (EOIcount). */
static void v3_fold_lr_state(av_vcpu *v, unsigned used)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	uint32_t listed[VGIC_MAX_LRS];
	unsigned n = 0, eoicount;

	for (unsigned i = 0; i < used && i < h->nr_lrs; i++) {
		uint64_t reg = h->live ? el2_vgic_v3_read_lr(i) : h->lr_reg[i];
		struct vgic_lr lr = h->lr[i];

		lr.state = (uint8_t)((reg >> VGIC_ICH_LR_STATE_SHIFT) & 3);
		lr.consumed = h->lr[i].state && !lr.state;
		listed[n++] = lr.vintid;
		vgic_fold_lr(v, &lr);
		if (h->live && lr_inert(reg, lr.state, VGIC_ICH_LR_HW,
					VGIC_ICH_LR_EOI))
			forget_lr(h, i);
		else
			v3_clear_lr(v, i);
	}
	eoicount = h->live ? el2_vgic_v3_read_hcr() >>
				     VGIC_ICH_HCR_EOICOUNT_SHIFT
			   : h->eoicount;
	h->eoicount = 0;
	/* With EOImode 1 only DIR deactivates, and DIR traps. */
	if (eoicount &&
	    ((h->live ? el2_vgic_v3_read_vmcr() : h->vmcr) & VGIC_ICH_VMCR_EOIM))
		eoicount = 0;
	else if (!eoicount && !h->hcr)
		return; /* ICH_HCR_EL2 already En | TDIR, EOIcount 0 */
	while (eoicount-- && vgic_deactivate_unlisted_highest(v, listed, n))
		;
	h->hcr = 0;
	v3_write_hcr(h); /* EOIcount back to 0 too */
}

/*
 * More IRQs than LRs (KVM vgic_set_underflow, with the cases KVM's LR
 * counts never meet): EOIs of the active IRQs left out are counted
 * (LRENPIE); underflow (UIE: at most one LR valid) is asked only when two
 * or more are, else it would be true at once and the guest never ran;
 * with a pending LR, "none pending" (NPIE) says when the guest took them
 * all; with none pending (only active IRQs listed), each software LR
 * raises the maintenance interrupt when deactivated (EOI bit).
 */
static void v3_set_underflow(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	unsigned valid = 0;
	bool pending = false;

	for (unsigned i = 0; i < h->nr_lrs; i++) {
		unsigned st = (h->lr_reg[i] >> VGIC_ICH_LR_STATE_SHIFT) & 3;

		valid += st != 0;
		pending = pending || (st & VGIC_LR_PENDING);
	}
	h->hcr |= VGIC_ICH_HCR_LRENPIE;
	if (valid >= 2)
		h->hcr |= VGIC_ICH_HCR_UIE;
	if (pending) {
		h->hcr |= VGIC_ICH_HCR_NPIE;
	} else {
		for (unsigned i = 0; i < h->nr_lrs; i++) {
			if (!(h->lr_reg[i] >> VGIC_ICH_LR_STATE_SHIFT) ||
			    (h->lr_reg[i] & VGIC_ICH_LR_HW))
				continue;
			h->lr_reg[i] |= VGIC_ICH_LR_EOI;
			if (h->live)
				el2_vgic_v3_write_lr(i, h->lr_reg[i]);
		}
	}
	v3_write_hcr(h);
}

static void v3_set_npie(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	h->hcr |= VGIC_ICH_HCR_NPIE;
	v3_write_hcr(h);
}

static void v3_get_vmcr(av_vcpu *v, struct vgic_vmcr *m)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	uint32_t r = h->live ? el2_vgic_v3_read_vmcr() : h->vmcr;

	memset(m, 0, sizeof(*m));
	m->grpen0 = r & VGIC_ICH_VMCR_ENG0;
	m->grpen1 = r & VGIC_ICH_VMCR_ENG1;
	m->cbpr = r & VGIC_ICH_VMCR_CBPR;
	m->eoimode = r & VGIC_ICH_VMCR_EOIM;
	m->bpr1 = (r >> VGIC_ICH_VMCR_BPR1_SHIFT) & 7;
	m->bpr0 = (r >> VGIC_ICH_VMCR_BPR0_SHIFT) & 7;
	m->pmr = (uint8_t)(r >> VGIC_ICH_VMCR_PMR_SHIFT);
}

static void v3_set_vmcr(av_vcpu *v, const struct vgic_vmcr *m)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	h->vmcr = (m->grpen0 ? VGIC_ICH_VMCR_ENG0 : 0) |
		  (m->grpen1 ? VGIC_ICH_VMCR_ENG1 : 0) |
		  (m->cbpr ? VGIC_ICH_VMCR_CBPR : 0) |
		  (m->eoimode ? VGIC_ICH_VMCR_EOIM : 0) |
		  (uint32_t)(m->bpr1 & 7) << VGIC_ICH_VMCR_BPR1_SHIFT |
		  (uint32_t)(m->bpr0 & 7) << VGIC_ICH_VMCR_BPR0_SHIFT |
		  (uint32_t)m->pmr << VGIC_ICH_VMCR_PMR_SHIFT;
	if (h->live)
		el2_vgic_v3_write_vmcr(h->vmcr);
}

static uint32_t v3_get_apr(av_vcpu *v, unsigned group, unsigned n)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	if (n >= h->nr_aprs)
		return 0;
	if (h->live)
		return group ? el2_vgic_v3_read_ap1r(n)
			     : el2_vgic_v3_read_ap0r(n);
	return group ? h->ap1r[n] : h->ap0r[n];
}

static void v3_set_apr(av_vcpu *v, unsigned group, unsigned n, uint32_t val)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	if (n >= h->nr_aprs)
		return;
	if (group)
		h->ap1r[n] = val;
	else
		h->ap0r[n] = val;
	if (h->live) {
		if (group)
			el2_vgic_v3_write_ap1r(n, val);
		else
			el2_vgic_v3_write_ap0r(n, val);
	}
}

/* The virtual CPU interface signals the guest itself: no HCR_EL2.VI/VF
 * (which QEMU would OR in, docs/el2.md). */
static void v3_lines(av_vcpu *v, bool *irq, bool *fiq)
{
	*irq = *fiq = false;
}

/* Into the physical interface before the guest runs (KVM
 * __vgic_v3_restore_state): VMCR, APRs, every LR, then ICH_HCR_EL2.En. */
static void v3_load(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	bool all = !h->hw_known;

	if (all || h->vmcr != h->hw_vmcr)
		el2_vgic_v3_write_vmcr(h->vmcr);
	for (unsigned i = 0; i < h->nr_aprs; i++) {
		if (all || h->ap0r[i] != h->hw_ap0r[i])
			el2_vgic_v3_write_ap0r(i, h->ap0r[i]);
		if (all || h->ap1r[i] != h->hw_ap1r[i])
			el2_vgic_v3_write_ap1r(i, h->ap1r[i]);
	}
	/* put left every LR invalid and inert */
	for (unsigned i = 0; i < h->nr_lrs; i++)
		if (all || h->lr_reg[i])
			el2_vgic_v3_write_lr(i, h->lr_reg[i]);
	h->live = true;
	v3_write_hcr(h);
}

/* Back out (KVM __vgic_v3_save_state): the interface off first, so that
 * no maintenance interrupt is raised while the vCPU is out. */
static void v3_put(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	if (!h->live)
		return;
	h->eoicount = el2_vgic_v3_read_hcr() >> VGIC_ICH_HCR_EOICOUNT_SHIFT;
	el2_vgic_v3_write_hcr(0);
	h->vmcr = h->hw_vmcr = el2_vgic_v3_read_vmcr();
	for (unsigned i = 0; i < h->nr_aprs; i++) {
		h->ap0r[i] = h->hw_ap0r[i] = el2_vgic_v3_read_ap0r(i);
		h->ap1r[i] = h->hw_ap1r[i] = el2_vgic_v3_read_ap1r(i);
	}
	for (unsigned i = 0; i < h->nr_lrs; i++) {
		if (!h->lr_reg[i])
			continue; /* invalid and inert already */
		h->lr_reg[i] = el2_vgic_v3_read_lr(i);
		el2_vgic_v3_write_lr(i, 0);
	}
	h->hw_known = true;
	h->live = false;
}

const struct vgic_cpuif_ops vgic_cpuif_hw_v3 = {
	.name = "ICH_*_EL2",
	.hardware = true,
	.register_v3_sysregs = v3_register_sysregs,
	.register_v2_cpu = vgic_v2_register_cpuif,
	.vcpu_reset = v3_vcpu_reset,
	.nr_lrs = v3_nr_lrs,
	.populate_lr = v3_populate_lr,
	.clear_lr = v3_clear_lr,
	.fold_lr_state = v3_fold_lr_state,
	.set_underflow = v3_set_underflow,
	.set_npie = v3_set_npie,
	.get_vmcr = v3_get_vmcr,
	.set_vmcr = v3_set_vmcr,
	.get_apr = v3_get_apr,
	.set_apr = v3_set_apr,
	.lines = v3_lines,
	.load = v3_load,
	.put = v3_put,
};

/* ---- GICv2: GICH_* and the GICV frame (IHI 0048B 5.3, 5.5) -------------
 *
 * The same scheme on the GICv2 virtual interface: the guest's GICC window
 * is the GICV frame mapped by stage 2, so its IAR/EOIR/DIR/PMR/... accesses
 * never trap; the LRs are GICH_LR<n> (GICv2 SGIs carry their source CPU in
 * CPUID), VMCR is GICH_VMCR, the active priorities GICH_APR (both groups
 * in one register).  There is no TDIR on GICv2: with EOImode 1, an EOIR or
 * DIR of an IRQ in no LR cannot be told apart in EOICount, so EOICount is
 * acted on with EOImode 0 only.
 */
static uint32_t v2_lr_value(const struct vgic_lr *lr)
{
	uint32_t val = lr->vintid & 0x3ff;

	val |= (uint32_t)(lr->state & 3) << VGIC_GICH_LR_STATE_SHIFT;
	val |= (uint32_t)((lr->priority & VGIC_PRI_MASK) >> 3)
	       << VGIC_GICH_LR_PRIORITY_SHIFT;
	if (lr->group)
		val |= VGIC_GICH_LR_GRP1;
	if (lr->phys_irq) {
		val |= VGIC_GICH_LR_HW |
		       (lr->pintid & 0x3ff) << VGIC_GICH_LR_PHYSID_SHIFT;
	} else {
		if (lr->vintid < VGIC_NR_SGIS)
			val |= (uint32_t)(lr->source & 7)
			       << VGIC_GICH_LR_CPUID_SHIFT;
		if (lr->level && lr->state)
			val |= VGIC_GICH_LR_EOI;
	}
	return val;
}

static void v2_write_hcr(struct vgic_hw_cpuif *h)
{
	if (h->live)
		el2_vgic_v2_write_hcr(VGIC_GICH_HCR_EN | h->hcr);
}

static int v2_register_cpu(struct vgic_dist *d, uint64_t base)
{
	return el2_engine_map_gicv(d->vm, base);
}

static void v2_vcpu_reset(av_vcpu *v, int version)
{
	const struct av_vm_config *cfg = vm_config(vcpu_vm(v));
	struct vgic_hw_cpuif *h = hw_of(v);
	unsigned n = el2_vgic_v2_nr_lrs();

	memset(h, 0, sizeof(*h));
	if (cfg && cfg->nr_lrs && cfg->nr_lrs < n)
		n = cfg->nr_lrs;
	h->nr_lrs = n > VGIC_MAX_LRS ? VGIC_MAX_LRS : n;
	h->nr_aprs = 1;
	h->vmcr = (uint32_t)VGIC_MIN_BPR0 << VGIC_GICH_VMCR_BP_SHIFT |
		  (uint32_t)VGIC_MIN_BPR1 << VGIC_GICH_VMCR_ABP_SHIFT;
	(void)version;
}

static void v2_populate_lr(av_vcpu *v, const struct vgic_lr *lr, unsigned i)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	h->lr[i] = *lr;
	h->lr_reg[i] = v2_lr_value(lr);
	if (h->live)
		el2_vgic_v2_write_lr(i, (uint32_t)h->lr_reg[i]);
}

static void v2_clear_lr(av_vcpu *v, unsigned i)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	bool was = h->lr_reg[i] != 0;

	memset(&h->lr[i], 0, sizeof(h->lr[i]));
	h->lr_reg[i] = 0;
	if (h->live && was)
		el2_vgic_v2_write_lr(i, 0);
}

static void v2_fold_lr_state(av_vcpu *v, unsigned used)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	uint32_t listed[VGIC_MAX_LRS];
	unsigned n = 0, eoicount;
	uint32_t vmcr;

	for (unsigned i = 0; i < used && i < h->nr_lrs; i++) {
		uint32_t reg = h->live ? el2_vgic_v2_read_lr(i)
				       : (uint32_t)h->lr_reg[i];
		struct vgic_lr lr = h->lr[i];

		lr.state = (uint8_t)((reg >> VGIC_GICH_LR_STATE_SHIFT) & 3);
		lr.consumed = h->lr[i].state && !lr.state;
		listed[n++] = lr.vintid;
		vgic_fold_lr(v, &lr);
		if (h->live && lr_inert(reg, lr.state, VGIC_GICH_LR_HW,
					VGIC_GICH_LR_EOI))
			forget_lr(h, i);
		else
			v2_clear_lr(v, i);
	}
	eoicount = h->live ? el2_vgic_v2_read_hcr() >>
				     VGIC_GICH_HCR_EOICOUNT_SHIFT
			   : h->eoicount;
	h->eoicount = 0;
	if (!eoicount && !h->hcr)
		return; /* GICH_HCR already En, EOICount 0 */
	vmcr = eoicount ? (h->live ? el2_vgic_v2_read_vmcr() : h->vmcr) : 0;
	if (vmcr & VGIC_GICH_VMCR_VEM)
		eoicount = 0;
	while (eoicount-- && vgic_deactivate_unlisted_highest(v, listed, n))
		;
	h->hcr = 0;
	v2_write_hcr(h);
}

static void v2_set_underflow(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	unsigned valid = 0;
	bool pending = false;

	for (unsigned i = 0; i < h->nr_lrs; i++) {
		unsigned st = (h->lr_reg[i] >> VGIC_GICH_LR_STATE_SHIFT) & 3;

		valid += st != 0;
		pending = pending || (st & VGIC_LR_PENDING);
	}
	h->hcr |= VGIC_GICH_HCR_LRENPIE;
	if (valid >= 2)
		h->hcr |= VGIC_GICH_HCR_UIE;
	if (pending) {
		h->hcr |= VGIC_GICH_HCR_NPIE;
	} else {
		for (unsigned i = 0; i < h->nr_lrs; i++) {
			if (!((h->lr_reg[i] >> VGIC_GICH_LR_STATE_SHIFT) & 3) ||
			    (h->lr_reg[i] & VGIC_GICH_LR_HW))
				continue;
			h->lr_reg[i] |= VGIC_GICH_LR_EOI;
			if (h->live)
				el2_vgic_v2_write_lr(i, (uint32_t)h->lr_reg[i]);
		}
	}
	v2_write_hcr(h);
}

static void v2_set_npie(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	h->hcr |= VGIC_GICH_HCR_NPIE;
	v2_write_hcr(h);
}

static void v2_get_vmcr(av_vcpu *v, struct vgic_vmcr *m)
{
	struct vgic_hw_cpuif *h = hw_of(v);
	uint32_t r = h->live ? el2_vgic_v2_read_vmcr() : h->vmcr;

	memset(m, 0, sizeof(*m));
	m->grpen0 = r & VGIC_GICH_VMCR_GRP0EN;
	m->grpen1 = r & VGIC_GICH_VMCR_GRP1EN;
	m->ackctl = r & VGIC_GICH_VMCR_ACKCTL;
	m->fiqen = r & VGIC_GICH_VMCR_FIQEN;
	m->cbpr = r & VGIC_GICH_VMCR_CBPR;
	m->eoimode = r & VGIC_GICH_VMCR_VEM;
	m->bpr0 = (r >> VGIC_GICH_VMCR_BP_SHIFT) & 7;
	m->bpr1 = (r >> VGIC_GICH_VMCR_ABP_SHIFT) & 7;
	m->pmr = (uint8_t)((r >> VGIC_GICH_VMCR_PRIMASK_SHIFT) << 3);
}

static void v2_set_vmcr(av_vcpu *v, const struct vgic_vmcr *m)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	h->vmcr = (m->grpen0 ? VGIC_GICH_VMCR_GRP0EN : 0) |
		  (m->grpen1 ? VGIC_GICH_VMCR_GRP1EN : 0) |
		  (m->ackctl ? VGIC_GICH_VMCR_ACKCTL : 0) |
		  (m->fiqen ? VGIC_GICH_VMCR_FIQEN : 0) |
		  (m->cbpr ? VGIC_GICH_VMCR_CBPR : 0) |
		  (m->eoimode ? VGIC_GICH_VMCR_VEM : 0) |
		  (uint32_t)(m->bpr0 & 7) << VGIC_GICH_VMCR_BP_SHIFT |
		  (uint32_t)(m->bpr1 & 7) << VGIC_GICH_VMCR_ABP_SHIFT |
		  (uint32_t)(m->pmr >> 3) << VGIC_GICH_VMCR_PRIMASK_SHIFT;
	if (h->live)
		el2_vgic_v2_write_vmcr(h->vmcr);
}

/* One GICH_APR for both groups (the model's group 0, register 0). */
static uint32_t v2_get_apr(av_vcpu *v, unsigned group, unsigned n)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	if (group || n)
		return 0;
	return h->live ? el2_vgic_v2_read_apr() : h->ap0r[0];
}

static void v2_set_apr(av_vcpu *v, unsigned group, unsigned n, uint32_t val)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	if (group || n)
		return;
	h->ap0r[0] = val;
	if (h->live)
		el2_vgic_v2_write_apr(val);
}

static void v2_load(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	bool all = !h->hw_known;

	if (all || h->vmcr != h->hw_vmcr)
		el2_vgic_v2_write_vmcr(h->vmcr);
	if (all || h->ap0r[0] != h->hw_ap0r[0])
		el2_vgic_v2_write_apr(h->ap0r[0]);
	for (unsigned i = 0; i < h->nr_lrs; i++) /* see v3_load */
		if (all || h->lr_reg[i])
			el2_vgic_v2_write_lr(i, (uint32_t)h->lr_reg[i]);
	h->live = true;
	v2_write_hcr(h);
}

static void v2_put(av_vcpu *v)
{
	struct vgic_hw_cpuif *h = hw_of(v);

	if (!h->live)
		return;
	h->eoicount = el2_vgic_v2_read_hcr() >> VGIC_GICH_HCR_EOICOUNT_SHIFT;
	el2_vgic_v2_write_hcr(0);
	h->vmcr = h->hw_vmcr = el2_vgic_v2_read_vmcr();
	h->ap0r[0] = h->hw_ap0r[0] = el2_vgic_v2_read_apr();
	for (unsigned i = 0; i < h->nr_lrs; i++) {
		if (!h->lr_reg[i])
			continue; /* invalid and inert already */
		h->lr_reg[i] = el2_vgic_v2_read_lr(i);
		el2_vgic_v2_write_lr(i, 0);
	}
	h->hw_known = true;
	h->live = false;
}

const struct vgic_cpuif_ops vgic_cpuif_hw_v2 = {
	.name = "GICH/GICV",
	.hardware = true,
	.register_v3_sysregs = v3_register_sysregs,
	.register_v2_cpu = v2_register_cpu,
	.vcpu_reset = v2_vcpu_reset,
	.nr_lrs = v3_nr_lrs,
	.populate_lr = v2_populate_lr,
	.clear_lr = v2_clear_lr,
	.fold_lr_state = v2_fold_lr_state,
	.set_underflow = v2_set_underflow,
	.set_npie = v2_set_npie,
	.get_vmcr = v2_get_vmcr,
	.set_vmcr = v2_set_vmcr,
	.get_apr = v2_get_apr,
	.set_apr = v2_set_apr,
	.lines = v3_lines,
	.load = v2_load,
	.put = v2_put,
};

#endif /* AV_EL2_IMAGE */
