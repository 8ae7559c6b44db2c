// SPDX-License-Identifier: MIT
/*
 * The vGIC's CPU interface seam (src/irqchip/vgic/vgic_cpuif.h) with a
 * second implementation behind it: this file's vgic_cpuif_hw_v3 keeps the
 * list registers, VMCR, APRs and HCR in software in the formats of the
 * GICv3 virtualization registers (ICH_LR<n>_EL2, ICH_VMCR_EL2,
 * ICH_AP{0,1}R<n>_EL2, ICH_HCR_EL2; IHI 0069 12.4, field layouts from
 * src/engine/el2/vgic_hw.h), standing for the EL2 engine's real ones.  The
 * null engine reports a GICv3 CPU interface (null_engine_set_caps), so the
 * vGIC picks it, and the tests act as the hardware and the guest would:
 * they read what the model wrote into the LRs while the guest runs, change
 * LR states as the guest's ICV_IAR1/EOIR1 accesses would, and check what
 * the model folds back.  It shows that the model works through the ops
 * alone, with an LR format it has never seen.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_engine.h"
#include "engine/el2/vgic_hw.h"
#include "vgic_harness.h"

#define NR_ICH_LRS 4
#define ICH_LR_STATE_PENDING (1ull << ICH_LR_STATE_SHIFT)
#define ICH_LR_STATE_ACTIVE (2ull << ICH_LR_STATE_SHIFT)
#define ICH_LR_STATE_MASK (3ull << ICH_LR_STATE_SHIFT)
#define ICH_LR_PINTID_MASK (0x1fffull << ICH_LR_PINTID_SHIFT)
/* ICH_VMCR_EL2 (IHI 0069 12.4) */
#define VMCR_ENG0 (1u << 0)
#define VMCR_ENG1 (1u << 1)
#define VMCR_ACKCTL (1u << 2)
#define VMCR_FIQEN (1u << 3)
#define VMCR_CBPR (1u << 4)
#define VMCR_EOIM (1u << 9)
#define VMCR_BPR1_SHIFT 18
#define VMCR_BPR0_SHIFT 21
#define VMCR_PMR_SHIFT 24

/* ---- software "ICH" registers, one set per vCPU ----------------------- */

struct ich_regs {
	uint64_t lr[NR_ICH_LRS];
	uint32_t hcr, vmcr, ap0r[4], ap1r[4];
	unsigned loads, puts;
	bool loaded;
};

static struct ich_regs ich[4];

static struct ich_regs *ich_of(av_vcpu *v)
{
	return &ich[av_vcpu_id(v)];
}

static int hw_register_v3(struct vgic_dist *d)
{
	/* ICV_* accesses do not trap; SGI generation does. */
	return vgic_v3_register_sgi_sysregs(d);
}

static int hw_register_v2(struct vgic_dist *d, uint64_t base)
{
	return -ENXIO;
}

static void hw_vcpu_reset(av_vcpu *v, int version)
{
	memset(ich_of(v), 0, sizeof(*ich_of(v)));
}

static unsigned hw_nr_lrs(av_vcpu *v)
{
	return NR_ICH_LRS; /* ICH_VTR_EL2.ListRegs + 1 */
}

static void hw_populate_lr(av_vcpu *v, const struct vgic_lr *lr, unsigned i)
{
	uint64_t val = lr->vintid |
		       (uint64_t)lr->priority << ICH_LR_PRIORITY_SHIFT |
		       (uint64_t)lr->state << ICH_LR_STATE_SHIFT;

	if (lr->group)
		val |= ICH_LR_GROUP;
	if (lr->hw)
		val |= ICH_LR_HW | (uint64_t)lr->pintid << ICH_LR_PINTID_SHIFT;
	ich_of(v)->lr[i] = val;
}

static void hw_clear_lr(av_vcpu *v, unsigned i)
{
	ich_of(v)->lr[i] = 0;
}

static void hw_fold_lr_state(av_vcpu *v, unsigned used)
{
	struct ich_regs *r = ich_of(v);

	for (unsigned i = 0; i < used; i++) {
		uint64_t val = r->lr[i];
		struct vgic_lr lr = {
			.vintid = (uint32_t)(val & ICH_LR_VINTID_MASK),
			.state = (uint8_t)(val >> ICH_LR_STATE_SHIFT & 3),
			.priority = (uint8_t)(val >> ICH_LR_PRIORITY_SHIFT),
			.group = !!(val & ICH_LR_GROUP),
			.hw = !!(val & ICH_LR_HW),
		};

		if (lr.hw)
			lr.pintid = (uint32_t)((val & ICH_LR_PINTID_MASK) >>
					       ICH_LR_PINTID_SHIFT);
		vgic_fold_lr(v, &lr);
	}
	r->hcr &= ~(ICH_HCR_UIE | ICH_HCR_NPIE);
}

static void hw_set_underflow(av_vcpu *v)
{
	ich_of(v)->hcr |= ICH_HCR_UIE;
}

static void hw_set_npie(av_vcpu *v)
{
	ich_of(v)->hcr |= ICH_HCR_NPIE;
}

static void hw_get_vmcr(av_vcpu *v, struct vgic_vmcr *m)
{
	uint32_t x = ich_of(v)->vmcr;

	*m = (struct vgic_vmcr){
		.pmr = (uint8_t)(x >> VMCR_PMR_SHIFT),
		.bpr0 = x >> VMCR_BPR0_SHIFT & 7,
		.bpr1 = x >> VMCR_BPR1_SHIFT & 7,
		.grpen0 = x & VMCR_ENG0,
		.grpen1 = x & VMCR_ENG1,
		.eoimode = x & VMCR_EOIM,
		.cbpr = x & VMCR_CBPR,
		.ackctl = x & VMCR_ACKCTL,
		.fiqen = x & VMCR_FIQEN,
	};
}

static void hw_set_vmcr(av_vcpu *v, const struct vgic_vmcr *m)
{
	ich_of(v)->vmcr = (uint32_t)m->pmr << VMCR_PMR_SHIFT |
			  (uint32_t)m->bpr0 << VMCR_BPR0_SHIFT |
			  (uint32_t)m->bpr1 << VMCR_BPR1_SHIFT |
			  (m->grpen0 ? VMCR_ENG0 : 0) |
			  (m->grpen1 ? VMCR_ENG1 : 0) |
			  (m->eoimode ? VMCR_EOIM : 0) |
			  (m->cbpr ? VMCR_CBPR : 0) |
			  (m->ackctl ? VMCR_ACKCTL : 0) |
			  (m->fiqen ? VMCR_FIQEN : 0);
}

static uint32_t hw_get_apr(av_vcpu *v, unsigned group, unsigned n)
{
	return group ? ich_of(v)->ap1r[n & 3] : ich_of(v)->ap0r[n & 3];
}

static void hw_set_apr(av_vcpu *v, unsigned group, unsigned n, uint32_t val)
{
	if (group)
		ich_of(v)->ap1r[n & 3] = val;
	else
		ich_of(v)->ap0r[n & 3] = val;
}

static void hw_lines(av_vcpu *v, bool *irq, bool *fiq)
{
	*irq = *fiq = false; /* the interface signals vIRQ/vFIQ itself */
}

static void hw_load(av_vcpu *v)
{
	ich_of(v)->loads++;
	ich_of(v)->loaded = true;
}

static void hw_put(av_vcpu *v)
{
	ich_of(v)->puts++;
	ich_of(v)->loaded = false;
}

const struct vgic_cpuif_ops vgic_cpuif_hw_v3 = {
	.name = "test ICH registers",
	.register_v3_sysregs = hw_register_v3,
	.register_v2_cpu = hw_register_v2,
	.vcpu_reset = hw_vcpu_reset,
	.nr_lrs = hw_nr_lrs,
	.populate_lr = hw_populate_lr,
	.clear_lr = hw_clear_lr,
	.fold_lr_state = hw_fold_lr_state,
	.set_underflow = hw_set_underflow,
	.set_npie = hw_set_npie,
	.get_vmcr = hw_get_vmcr,
	.set_vmcr = hw_set_vmcr,
	.get_apr = hw_get_apr,
	.set_apr = hw_set_apr,
	.lines = hw_lines,
	.load = hw_load,
	.put = hw_put,
};

/* ---- the guest, acting on the "hardware" while it runs ---------------- */

/* What the guest's handler does on one entry, and what it saw. */
struct guest_step {
	uint64_t lr[NR_ICH_LRS]; /* as the model loaded them */
	uint32_t hcr;
	bool loaded, irq_line;
	enum { NOTHING, ACK_LR0, EOI_LR0, COMPLETE_ALL } action;
	uint8_t ack_prio; /* AP1R bit for an acknowledge */
};

static void guest_hook(av_vcpu *v, const struct engine_entry *in, void *arg)
{
	struct guest_step *g = arg;
	struct ich_regs *r = ich_of(v);

	memcpy(g->lr, r->lr, sizeof(g->lr));
	g->hcr = r->hcr;
	g->loaded = r->loaded;
	g->irq_line = in->irq;
	switch (g->action) {
	case ACK_LR0: /* ICV_IAR1_EL1: pending -> active, priority kept */
		r->lr[0] = (r->lr[0] & ~ICH_LR_STATE_MASK) |
			   ICH_LR_STATE_ACTIVE;
		r->ap1r[0] |= 1u << (g->ack_prio >> 3);
		break;
	case EOI_LR0: /* ICV_EOIR1_EL1, EOImode 0: drop and deactivate */
		r->lr[0] &= ~ICH_LR_STATE_MASK;
		r->ap1r[0] = 0;
		break;
	case COMPLETE_ALL: /* every LR acknowledged and EOIed */
		for (unsigned i = 0; i < NR_ICH_LRS; i++)
			r->lr[i] &= ~ICH_LR_STATE_MASK;
		break;
	case NOTHING:
		break;
	}
	g->action = NOTHING;
}

static void run_guest(av_vcpu *v, struct guest_step *g)
{
	null_engine_set_hook(v, guest_hook, g);
	nh_run(v);
	null_engine_set_hook(v, NULL, NULL);
}

static av_vm *hw_vm(unsigned nr_vcpus)
{
	av_vm *vm;

	memset(ich, 0, sizeof(ich));
	null_engine_set_caps(ENGINE_CAP_GICV3_CPUIF);
	vm = vgic_vm(nr_vcpus, 3, 0);
	null_engine_set_caps(0);
	gic_wr(av_vm_vcpu(vm, 0), GICD, 4, 2); /* EnableGrp1A */
	/* The guest's ICC_PMR_EL1 / ICC_IGRPEN1_EL1 writes land in
	 * ICH_VMCR_EL2 (ICV_*), with no trap. */
	for (unsigned i = 0; i < nr_vcpus; i++)
		ich[i].vmcr = 0xf8u << VMCR_PMR_SHIFT | 2u << VMCR_BPR0_SHIFT |
			      3u << VMCR_BPR1_SHIFT | VMCR_ENG1;
	return vm;
}

/* ---- tests -------------------------------------------------------------- */

static void test_selection(void **state)
{
	av_vm *vm = hw_vm(1);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct vgic_dist *d = vgic_dist_of(vm);

	assert_ptr_equal(d->cpuif, &vgic_cpuif_hw_v3);
	assert_int_equal(vgic_cpu_of(v)->nr_lrs, NR_ICH_LRS);
	/* Only SGI generation traps; the rest is the hardware's. */
	assert_true(core_sysreg_traps(v, ICC_SGI1R));
	assert_true(core_sysreg_traps(v, ICC_SGI0R));
	assert_false(core_sysreg_traps(v, ICC_PMR));
	assert_false(core_sysreg_traps(v, ICC_IAR1));
	nh_vm_free(vm);

	/* Without the capability (Unicorn, plain null): emulated. */
	vm = vgic_vm(1, 3, 0);
	v = av_vm_vcpu(vm, 0);
	assert_ptr_equal(vgic_dist_of(vm)->cpuif, &vgic_cpuif_emulated);
	assert_true(core_sysreg_traps(v, ICC_PMR));
	assert_true(core_sysreg_traps(v, ICC_IAR1));
	nh_vm_free(vm);
	/* GICv2 has no hardware implementation linked here: emulated even
	 * when the engine offers GICH. */
	null_engine_set_caps(ENGINE_CAP_GICV2_CPUIF);
	vm = vgic_vm(1, 2, 0);
	null_engine_set_caps(0);
	assert_ptr_equal(vgic_dist_of(vm)->cpuif, &vgic_cpuif_emulated);
	nh_vm_free(vm);
}

/* The virtual timer, hardware-mapped by its first run: its LR carries HW
 * and the physical INTID; the guest's acknowledge and EOI, read back from
 * the LR, reach the physical side. */
static void test_hw_lr_round_trip(void **state)
{
	av_vm *vm = hw_vm(1);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);
	struct guest_step g = { 0 };
	uint64_t lr;

	ppi_setup(v, 27, 0xa0);
	nh_run(v); /* first run: the timers own and map their INTIDs */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CVAL, 0), 0);
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CTL, 1), 0);

	run_guest(v, &g);
	lr = g.lr[0];
	assert_int_equal(lr & ICH_LR_VINTID_MASK, 27);
	assert_true(lr & ICH_LR_HW);
	assert_int_equal((lr & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT, 27);
	assert_true(lr & ICH_LR_GROUP);
	assert_int_equal(lr >> ICH_LR_PRIORITY_SHIFT & 0xff, 0xa0);
	assert_int_equal(lr & ICH_LR_STATE_MASK, ICH_LR_STATE_PENDING);
	assert_true(g.loaded);    /* loaded before the guest ran */
	assert_false(g.irq_line); /* the interface signals by itself */
	assert_false(f->map_is_active(v, 27));

	/* The guest acknowledges: the fold sees the LR active. */
	g.action = ACK_LR0;
	g.ack_prio = 0xa0;
	run_guest(v, &g);
	assert_true(f->map_is_active(v, 27));
	assert_true(gic_rd(v, GICR + SGI_FRAME + 0x300, 4) & (1u << 27));
	run_guest(v, &g);
	/* Active, the line still high: never pending+active with HW. */
	assert_int_equal(g.lr[0] & ICH_LR_STATE_MASK, ICH_LR_STATE_ACTIVE);
	/* The running priority the model reads comes from ICH_AP1R0. */
	{
		struct vgic_vmcr m;
		uint32_t apr[2];

		vgic_cpuif_state(v, &m, apr);
		assert_int_equal(apr[1], 1u << (0xa0 >> 3));
		assert_int_equal(vgic_running_priority(apr), 0xa0);
	}

	/* The timer is quiet, then the guest EOIs: deactivated through the
	 * HW bit, resampled low, nothing listed. */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CTL, 0), 0);
	g.action = EOI_LR0;
	run_guest(v, &g);
	assert_false(f->map_is_active(v, 27));
	run_guest(v, &g);
	assert_int_equal(g.lr[0], 0);
	assert_int_equal(ich_of(v)->loads, ich_of(v)->puts);
	assert_false(ich_of(v)->loaded);
	nh_vm_free(vm);
}

/* More pending than LRs: the model asks for the underflow maintenance
 * (ICH_HCR_EL2.UIE) and refills after the guest used them up. */
static void test_underflow(void **state)
{
	av_vm *vm = hw_vm(1);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct guest_step g = { 0 };
	unsigned seen = 0;

	for (unsigned i = 0; i < 6; i++) {
		spi_setup(v, 40 + i, (uint8_t)(0x10 * (i + 1)));
		gic_wr(v, GICD + 0x204, 4, 1u << (8 + i)); /* ISPENDR1 */
	}
	run_guest(v, &g);
	assert_true(g.hcr & ICH_HCR_UIE);
	for (unsigned i = 0; i < NR_ICH_LRS; i++) {
		assert_int_equal(g.lr[i] & ICH_LR_STATE_MASK,
				 ICH_LR_STATE_PENDING);
		/* By priority: 40, 41, 42, 43. */
		assert_int_equal(g.lr[i] & ICH_LR_VINTID_MASK, 40 + i);
	}
	assert_int_equal(ich_of(v)->hcr & ICH_HCR_UIE, 0); /* folded */

	/* The guest takes and completes all four (ICV_IAR1 + EOIR1 leave
	 * each LR invalid); after the exit the next entry lists the other
	 * two, and no underflow is asked for any more. */
	g.action = COMPLETE_ALL;
	run_guest(v, &g);
	assert_int_equal(gic_rd(v, GICD + 0x204, 4) >> 8 & 0x3f, 0x30);
	run_guest(v, &g);
	assert_false(g.hcr & ICH_HCR_UIE);
	for (unsigned i = 0; i < NR_ICH_LRS; i++)
		if (g.lr[i] & ICH_LR_STATE_MASK)
			seen |= 1u << ((g.lr[i] & ICH_LR_VINTID_MASK) - 40);
	assert_int_equal(seen, 0x30);
	nh_vm_free(vm);
}

/* The WFI wake-up check reads the guest's PMR and group enable from the
 * interface (ICH_VMCR_EL2), not from a copy of its own. */
static void test_pending_uses_vmcr(void **state)
{
	av_vm *vm = hw_vm(1);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);
	uint32_t open = ich_of(v)->vmcr;

	spi_setup(v, 50, 0x80);
	gic_wr(v, GICD + 0x204, 4, 1u << 18);
	assert_true(f->vcpu_pending_irq(v));
	ich_of(v)->vmcr = (open & ~(0xffu << VMCR_PMR_SHIFT)) |
			  0x80u << VMCR_PMR_SHIFT; /* PMR 0x80 masks 0x80 */
	assert_false(f->vcpu_pending_irq(v));
	ich_of(v)->vmcr = open & ~VMCR_ENG1;
	assert_false(f->vcpu_pending_irq(v));
	ich_of(v)->vmcr = open;
	ich_of(v)->ap1r[0] = 1u << (0x40 >> 3); /* running at 0x40 */
	assert_false(f->vcpu_pending_irq(v));
	ich_of(v)->ap1r[0] = 0;
	assert_true(f->vcpu_pending_irq(v));
	nh_vm_free(vm);
}

/* SGIs trap whatever the interface and reach the target's LRs. */
static void test_sgi_traps(void **state)
{
	av_vm *vm = hw_vm(2);
	av_vcpu *v0 = av_vm_vcpu(vm, 0), *v1 = av_vm_vcpu(vm, 1);
	struct guest_step g = { 0 };
	struct engine_entry a;

	a = nh_guest_sysreg(v0, ICC_SGI1R, true, 1, 5ull << 24 | 0x2);
	assert_int_equal(a.result, ENGINE_DONE);
	run_guest(v1, &g);
	assert_int_equal(g.lr[0] & ICH_LR_VINTID_MASK, 5);
	assert_int_equal(g.lr[0] & ICH_LR_STATE_MASK, ICH_LR_STATE_PENDING);
	assert_false(g.lr[0] & ICH_LR_HW);
	/* ICC_PMR_EL1 is not trapped: the CPU model's (the hardware's). */
	a = nh_guest_sysreg(v0, ICC_PMR, false, 1, 0);
	assert_int_equal(a.result, ENGINE_MODEL);
	nh_vm_free(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_hw_lr_round_trip),
		cmocka_unit_test(test_underflow),
		cmocka_unit_test(test_pending_uses_vmcr),
		cmocka_unit_test(test_sgi_traps),
	};

	return cmocka_run_group_tests_name("vgic_cpuif", tests, NULL, NULL);
}
