// SPDX-License-Identifier: MIT
/*
 * vGIC unit tests, part 1: the model (ap_list, list registers, the virtual
 * CPU interface, HW-mapped interrupts, level SPIs, injection rules).
 * Part 2 (register semantics, SGI routing, sweeps) is test_vgic_regs.c,
 * part 3 (threads) test_vgic_stress.c.  All over the real core and the null
 * engine (vgic_harness.h): guest entries and ICC accesses go through
 * av_vcpu_run, GIC frame accesses through the core's MMIO dispatch.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vgic_harness.h"

/* ---- ap_list ordering --------------------------------------------------- */

static void test_ap_list_order(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct vgic_cpu *c = vgic_cpu_of(v);
	static const uint8_t prio[] = { 0x80, 0x10, 0xf0, 0x40, 0x40, 0x08 };
	struct lr_snap s;
	struct vgic_list *n;
	uint32_t last_key = 0;
	unsigned count = 0;

	for (unsigned i = 0; i < 6; i++)
		spi_setup(v, 40 + i, prio[i]);
	/* 42 (0xf0) active and pending: deliverable IRQs sort first, the
	 * active one after them (vgic_ap_sort_key). */
	gic_wr(v, GICD + 0x300 + 4, 4, 1u << (42 - 32));
	for (unsigned i = 0; i < 6; i++)
		gic_wr(v, GICD + 0x200 + 4, 4, 1u << (40 + i - 32));

	plat_mutex_lock(&c->ap_list_lock);
	vgic_sort_ap_list(c);
	for (n = c->ap_list.next; n != &c->ap_list; n = n->next) {
		struct vgic_irq *irq = (struct vgic_irq *)((char *)n -
			offsetof(struct vgic_irq, ap_node));

		if (count == 0)
			assert_int_equal(irq->intid, 45); /* pending, 0x08 */
		if (count == 5)
			assert_int_equal(irq->intid, 42); /* the active one */
		assert_true(irq->ap_sort_key >= last_key);
		last_key = irq->ap_sort_key;
		count++;
	}
	plat_mutex_unlock(&c->ap_list_lock);
	assert_int_equal(count, 6);
	/* Pending by priority: 45 (0x08), 41 (0x10), 43, 44 (0x40); 40 and
	 * the active 42 wait for a later flush. */
	vgic_enter(v, &s);
	assert_int_equal(s.lr[0].vintid, 45);
	assert_int_equal(s.lr[0].state, VGIC_LR_PENDING);
	assert_int_equal(s.lr[1].vintid, 41);
	assert_int_equal(s.lr[2].priority, 0x40);
	assert_int_equal(s.lr[3].priority, 0x40);
	assert_true(s.underflow);
	assert_false(s.npie); /* only GICv2 SGIs with more sources need it */
	nh_vm_free(vm);
}

/* ---- more pending than LRs: all delivered, in priority order ----------- */

static void run_overflow(unsigned nr_lrs)
{
	av_vm *vm = v3_vm(1, nr_lrs);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct vgic_cpu *c = vgic_cpu_of(v);
	static const uint8_t prio[10] = { 0x90, 0x20, 0x70, 0x10, 0xa0,
					  0x30, 0x00, 0x60, 0x50, 0x40 };
	unsigned got[10], n = 0;
	struct lr_snap s;

	for (unsigned i = 0; i < 10; i++) {
		spi_setup(v, 64 + i, prio[i]);
		gic_wr(v, GICD + 0x200 + 8, 4, 1u << i);
	}
	vgic_enter(v, &s);
	assert_int_equal(s.used_lrs, c->nr_lrs < 10 ? c->nr_lrs : 10);
	assert_true(s.irq);

	/* The guest's handler: each access is a trapped MRS/MSR with the
	 * LRs loaded (through the run loop). */
	for (;;) {
		uint32_t intid;

		intid = (uint32_t)icc_rd(v, ICC_IAR1);
		if (intid == 1023)
			break;
		assert_true(n < 10);
		got[n++] = intid;
		icc_wr(v, ICC_EOIR1, intid);
	}
	assert_int_equal(n, 10);
	for (unsigned i = 1; i < n; i++)
		assert_true(prio[got[i - 1] - 64] < prio[got[i] - 64]);
	vgic_enter(v, &s);
	assert_false(s.irq);
	assert_int_equal(s.used_lrs, 0);
	nh_vm_free(vm);
}

static void test_lr_overflow(void **state)
{
	run_overflow(0);  /* default: 4 LRs */
	run_overflow(1);
	run_overflow(16);
}

/* ---- IAR / EOI / DIR with EOImode 0 and 1 ----------------------------- */

static void test_eoimode(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);

	spi_setup(v, 50, 0x40);
	/* EOImode 0: EOI drops priority and deactivates. */
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 18);
	assert_int_equal(icc_rd(v, ICC_HPPIR1), 50);
	assert_int_equal(icc_rd(v, ICC_IAR1), 50);
	assert_int_equal(icc_rd(v, ICC_RPR), 0x40);
	assert_int_equal(icc_rd(v, ICC_AP1R0), 1u << (0x40 >> 3));
	assert_true(gic_rd(v, GICD + 0x300 + 4, 4) & (1u << 18));
	icc_wr(v, ICC_DIR, 50); /* ignored with EOImode 0 */
	assert_true(gic_rd(v, GICD + 0x300 + 4, 4) & (1u << 18));
	icc_wr(v, ICC_EOIR1, 50);
	assert_int_equal(icc_rd(v, ICC_RPR), 0xff);
	assert_false(gic_rd(v, GICD + 0x300 + 4, 4) & (1u << 18));
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);

	/* EOImode 1: EOI only drops priority; DIR deactivates. */
	icc_wr(v, ICC_CTLR, 2);
	assert_int_equal(icc_rd(v, ICC_CTLR) & 2, 2);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 18);
	assert_int_equal(icc_rd(v, ICC_IAR1), 50);
	icc_wr(v, ICC_EOIR1, 50);
	assert_int_equal(icc_rd(v, ICC_RPR), 0xff);
	assert_true(gic_rd(v, GICD + 0x300 + 4, 4) & (1u << 18));
	/* Active, so not acknowledged again even though the PE is idle. */
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 18);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	icc_wr(v, ICC_DIR, 50);
	assert_false(gic_rd(v, GICD + 0x300 + 4, 4) & (1u << 18));
	assert_int_equal(icc_rd(v, ICC_IAR1), 50); /* the re-pended one */
	icc_wr(v, ICC_EOIR1, 50);
	icc_wr(v, ICC_DIR, 50);
	assert_int_equal(gic_rd(v, GICD + 0x300 + 4, 4), 0);
	assert_int_equal(gic_rd(v, GICD + 0x200 + 4, 4), 0);
	nh_vm_free(vm);
}

/* ---- priority, PMR, BPR, running priority ------------------------------- */

static void test_priority_pmr_bpr(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);
	struct lr_snap s;

	spi_setup(v, 40, 0x80);
	spi_setup(v, 41, 0x70);
	spi_setup(v, 42, 0x50);
	spi_setup(v, 43, 0x48);

	/* PMR: only priorities strictly higher (lower value) than 0x80. */
	icc_wr(v, ICC_PMR, 0x80);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 8);
	vgic_enter(v, &s);
	assert_false(s.irq);
	assert_false(f->vcpu_pending_irq(v));
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 9);
	assert_true(f->vcpu_pending_irq(v));
	vgic_enter(v, &s);
	assert_true(s.irq);
	assert_int_equal(icc_rd(v, ICC_IAR1), 41);
	assert_int_equal(icc_rd(v, ICC_RPR), 0x70);
	icc_wr(v, ICC_EOIR1, 41);
	gic_wr(v, GICD + 0x280 + 4, 4, 1u << 8);
	icc_wr(v, ICC_PMR, 0xff);

	/* Running priority 0x50 (BPR1 = 3: all 5 bits are group priority):
	 * 0x48 preempts. */
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 10);
	assert_int_equal(icc_rd(v, ICC_IAR1), 42);
	assert_int_equal(icc_rd(v, ICC_RPR), 0x50);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 11);
	vgic_enter(v, &s);
	assert_true(s.irq);
	assert_int_equal(icc_rd(v, ICC_IAR1), 43);
	assert_int_equal(icc_rd(v, ICC_RPR), 0x48);
	/* Nested: EOI the inner, then the outer. */
	icc_wr(v, ICC_EOIR1, 43);
	assert_int_equal(icc_rd(v, ICC_RPR), 0x50);
	icc_wr(v, ICC_EOIR1, 42);
	assert_int_equal(icc_rd(v, ICC_RPR), 0xff);

	/* BPR1 = 6: group priority [7:6].  Active 0x50 -> running 0x40;
	 * 0x48 has group priority 0x40 too and does not preempt. */
	icc_wr(v, ICC_BPR1, 6);
	assert_int_equal(icc_rd(v, ICC_BPR1), 6);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 10);
	assert_int_equal(icc_rd(v, ICC_IAR1), 42);
	assert_int_equal(icc_rd(v, ICC_RPR), 0x40);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 11);
	vgic_enter(v, &s);
	assert_false(s.irq);
	assert_false(f->vcpu_pending_irq(v));
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	icc_wr(v, ICC_EOIR1, 42);
	assert_int_equal(icc_rd(v, ICC_IAR1), 43);
	icc_wr(v, ICC_EOIR1, 43);

	/* BPR minimum is 3 for Group 1, 2 for Group 0; CBPR makes BPR1 read
	 * BPR0 + 1. */
	icc_wr(v, ICC_BPR1, 0);
	assert_int_equal(icc_rd(v, ICC_BPR1), 3);
	icc_wr(v, ICC_BPR0, 0);
	assert_int_equal(icc_rd(v, ICC_BPR0), 2);
	icc_wr(v, ICC_BPR0, 4);
	icc_wr(v, ICC_CTLR, 1);
	assert_int_equal(icc_rd(v, ICC_BPR1), 5);
	icc_wr(v, ICC_CTLR, 0);

	/* Group enable gates signalling. */
	icc_wr(v, ICC_IGRPEN1, 0);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 10);
	assert_false(f->vcpu_pending_irq(v));
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	icc_wr(v, ICC_IGRPEN1, 1);
	assert_int_equal(icc_rd(v, ICC_IAR1), 42);
	icc_wr(v, ICC_EOIR1, 42);
	nh_vm_free(vm);
}

/* Group 0 on GICv3: signalled as FIQ, acknowledged through ICC_IAR0. */
static void test_group0_fiq(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct lr_snap s;

	spi_setup(v, 60, 0x20);
	gic_wr(v, GICD + 0x80 + 4, 4, 0); /* all of 32..63 to Group 0 */
	icc_wr(v, ICC_IGRPEN0, 1);
	gic_wr(v, GICD + 0x200 + 4, 4, 1u << 28);
	vgic_enter(v, &s);
	assert_true(s.fiq);
	assert_false(s.irq);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	assert_int_equal(icc_rd(v, ICC_HPPIR0), 60);
	assert_int_equal(icc_rd(v, ICC_IAR0), 60);
	assert_int_equal(icc_rd(v, ICC_AP0R0), 1u << (0x20 >> 3));
	icc_wr(v, ICC_EOIR0, 60);
	assert_int_equal(icc_rd(v, ICC_RPR), 0xff);
	assert_int_equal(gic_rd(v, GICD + 0x300 + 4, 4), 0);
	nh_vm_free(vm);
}

/* ---- hardware-mapped interrupts ---------------------------------------- */

struct fake_src {
	struct irq_phys_source src;
	bool level;
	int set_active_calls;
	int level_reads;
};

static bool fake_src_level(struct irq_phys_source *s)
{
	struct fake_src *f = (struct fake_src *)s;

	f->level_reads++;
	return f->level;
}

static void fake_src_set_active(struct irq_phys_source *s, bool active)
{
	((struct fake_src *)s)->set_active_calls++;
}

static void assert_no_hw_pending_active(const struct lr_snap *s)
{
	for (unsigned i = 0; i < s->used_lrs; i++)
		if (s->lr[i].hw)
			assert_int_not_equal(s->lr[i].state,
					     VGIC_LR_PENDING | VGIC_LR_ACTIVE);
}

static void test_hw_mapped(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);
	struct lr_snap s;
	struct fake_src ts = { .src = { .name = "vtimer",
					.get_input_level = fake_src_level,
					.set_active = fake_src_set_active } };
	struct fake_src other = { .src = { .name = "other" } };
	int owner;

	/* INTID 27 is this test's source: the timers go elsewhere before
	 * the first run makes them the owners of theirs. */
	nh_move_timers(vm, 26, 29);
	ppi_setup(v, 27, 0xa0);
	assert_int_equal(f->set_owner(v, 27, &owner), 0);
	assert_int_equal(f->map_phys_irq(v, 27, &ts.src), 0);
	assert_int_equal(f->map_phys_irq(v, 27, &other.src), -EBUSY);

	/* The timer fires. */
	ts.level = true;
	assert_int_equal(f->inject_irq(vm, v, 27, true, &owner), 0);
	assert_true(take_request(v, REQ_IRQ_PENDING));
	vgic_enter(v, &s);
	assert_int_equal(s.used_lrs, 1);
	assert_true(s.lr[0].hw);
	assert_int_equal(s.lr[0].pintid, 27);
	assert_int_equal(s.lr[0].state, VGIC_LR_PENDING);
	assert_true(s.irq);
	assert_false(f->map_is_active(v, 27));

	/* Acknowledge: the physical side becomes active with the virtual. */
	assert_int_equal(icc_rd(v, ICC_IAR1), 27);
	assert_true(ts.src.active);
	assert_true(f->map_is_active(v, 27));
	assert_int_equal(ts.set_active_calls, 1);
	/* Line still high, yet a HW LR never shows pending+active. */
	vgic_enter(v, &s);
	assert_int_equal(s.lr[0].state, VGIC_LR_ACTIVE);
	assert_no_hw_pending_active(&s);
	assert_false(s.irq);

	/* Deactivate with the line still high: resampled, pending again. */
	icc_wr(v, ICC_EOIR1, 27);
	assert_false(ts.src.active);
	assert_false(f->map_is_active(v, 27));
	assert_int_equal(ts.set_active_calls, 2);
	assert_true(ts.level_reads > 0);
	vgic_enter(v, &s);
	assert_int_equal(s.lr[0].state, VGIC_LR_PENDING);
	assert_true(s.irq);
	assert_int_equal(icc_rd(v, ICC_IAR1), 27);

	/* The guest reprograms the timer: the line drops while active (the
	 * timer has not told the vGIC yet).  Deactivation resamples it low:
	 * no new delivery. */
	ts.level = false;
	icc_wr(v, ICC_EOIR1, 27);
	assert_false(ts.src.active);
	vgic_enter(v, &s);
	assert_int_equal(s.used_lrs, 0);
	assert_false(s.irq);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);

	/* EOImode 1: DIR deactivates the physical side. */
	icc_wr(v, ICC_CTLR, 2);
	ts.level = true;
	assert_int_equal(f->inject_irq(vm, v, 27, true, &owner), 0);
	assert_int_equal(icc_rd(v, ICC_IAR1), 27);
	icc_wr(v, ICC_EOIR1, 27);
	assert_true(ts.src.active);
	ts.level = false;
	icc_wr(v, ICC_DIR, 27);
	assert_false(ts.src.active);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);

	/* reset_mapped_irq clears both sides. */
	ts.level = true;
	assert_int_equal(f->inject_irq(vm, v, 27, true, &owner), 0);
	assert_int_equal(icc_rd(v, ICC_IAR1), 27);
	assert_true(ts.src.active);
	f->reset_mapped_irq(v, 27);
	assert_false(ts.src.active);
	assert_false(f->map_is_active(v, 27));
	assert_int_equal(gic_rd(v, GICR + SGI_FRAME + 0x200, 4) & (1u << 27),
			 0);
	assert_int_equal(gic_rd(v, GICR + SGI_FRAME + 0x300, 4) & (1u << 27),
			 0);
	icc_wr(v, ICC_EOIR1, 27); /* drops the priority the guest still holds */
	assert_int_equal(icc_rd(v, ICC_RPR), 0xff);
	vgic_enter(v, &s);
	assert_int_equal(s.used_lrs, 0);

	assert_int_equal(f->unmap_phys_irq(v, 27), 0);
	assert_int_equal(f->unmap_phys_irq(v, 27), -EINVAL);
	nh_vm_free(vm);
}

/* ---- level SPI from a device line ------------------------------------- */

static void test_level_spi(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);
	struct nh_parked p;
	struct lr_snap s;

	spi_setup(v, 33, 0x80);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, 1),
			 0);
	assert_true(gic_rd(v, GICD + 0x200 + 4, 4) & 2);
	/* Pending for as long as the line is high. */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(icc_rd(v, ICC_IAR1), 33);
		icc_wr(v, ICC_EOIR1, 33);
		assert_true(gic_rd(v, GICD + 0x200 + 4, 4) & 2);
	}
	/* The device handler clears the condition while 33 is active. */
	assert_int_equal(icc_rd(v, ICC_IAR1), 33);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, 0),
			 0);
	icc_wr(v, ICC_EOIR1, 33);
	assert_false(gic_rd(v, GICD + 0x200 + 4, 4) & 2);
	vgic_enter(v, &s);
	assert_false(s.irq);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);

	/* Dropped while pending in an LR (never acknowledged): gone.  The
	 * device lowers the line while the vCPU runs the guest. */
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, 1);
	nh_park(v, &p);
	assert_true(nh_irq(v));
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, 0);
	nh_unpark(&p);
	assert_false(nh_irq(v)); /* kicked, re-entered without it */
	vgic_enter(v, &s);
	assert_false(s.irq);

	/* Latched by ISPENDR with the line low: pending until acknowledged. */
	gic_wr(v, GICD + 0x200 + 4, 4, 2);
	assert_true(gic_rd(v, GICD + 0x200 + 4, 4) & 2);
	assert_int_equal(icc_rd(v, ICC_IAR1), 33);
	icc_wr(v, ICC_EOIR1, 33);
	assert_false(gic_rd(v, GICD + 0x200 + 4, 4) & 2);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	/* ICPENDR does not clear a high line. */
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, 1);
	gic_wr(v, GICD + 0x280 + 4, 4, 2);
	assert_true(gic_rd(v, GICD + 0x200 + 4, 4) & 2);
	nh_vm_free(vm);
}

/* An edge SPI (ICFGR) latches one rising edge; falling does nothing. */
static void test_edge_spi(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);

	spi_setup(v, 34, 0x80);
	gic_wr(v, GICD + 0xc00 + 8, 4, 2u << 4); /* ICFGR2: INTID 34 edge */
	assert_int_equal(gic_rd(v, GICD + 0xc00 + 8, 4), 2u << 4);
	f->inject_irq(vm, NULL, 34, true, NULL);
	f->inject_irq(vm, NULL, 34, false, NULL);
	assert_int_equal(icc_rd(v, ICC_IAR1), 34);
	/* A new edge while active: pending+active, delivered after EOI. */
	f->inject_irq(vm, NULL, 34, true, NULL);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	icc_wr(v, ICC_EOIR1, 34);
	assert_int_equal(icc_rd(v, ICC_IAR1), 34);
	icc_wr(v, ICC_EOIR1, 34);
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	nh_vm_free(vm);
}

/* ---- KVM_IRQ_LINE argument rules and owners --------------------------- */

static void test_userspace_irq_rules(void **state)
{
	av_vm *vm = v3_vm(2, 4);
	av_vcpu *v1 = av_vm_vcpu(vm, 1);
	const struct irqchip_flow *f = vm_irqchip(vm);
	int owner, other;

	nh_move_timers(vm, 26, 29); /* 27 is this test's */
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 31, 1),
			 -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 256, 1),
			 -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 255, 1),
			 0);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_PPI, 0, 15, 1),
			 -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_PPI, 0, 32, 1),
			 -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_PPI, 2, 20, 1),
			 -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_CPU, 0, 0, 1),
			 -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_PPI, 1, 20, 1),
			 0);
	assert_true(gic_rd(v1, GICR + GICR_STRIDE + SGI_FRAME + 0x200, 4) &
		    (1u << 20));
	assert_false(gic_rd(v1, GICR + SGI_FRAME + 0x200, 4) & (1u << 20));

	/* A PPI owned by the timer ignores other injectors. */
	assert_int_equal(f->set_owner(v1, 27, &owner), 0);
	assert_int_equal(f->set_owner(v1, 27, &other), -EBUSY);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_PPI, 1, 27, 1),
			 0);
	assert_false(gic_rd(v1, GICR + GICR_STRIDE + SGI_FRAME + 0x200, 4) &
		     (1u << 27));
	assert_int_equal(f->inject_irq(vm, v1, 27, true, &owner), 0);
	assert_true(gic_rd(v1, GICR + GICR_STRIDE + SGI_FRAME + 0x200, 4) &
		    (1u << 27));
	assert_int_equal(f->inject_irq(vm, NULL, 27, true, NULL), -EINVAL);
	assert_int_equal(f->inject_irq(vm, NULL, 4000, true, NULL), -EINVAL);
	nh_vm_free(vm);
}

/* Disabled distributor: nothing is delivered; enabling lists what was
 * pending. */
static void test_dist_enable(void **state)
{
	av_vm *vm = v3_vm(1, 4);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const struct irqchip_flow *f = vm_irqchip(vm);

	spi_setup(v, 35, 0x80);
	gic_wr(v, GICD, 4, 0);
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 35, 1);
	assert_false(f->vcpu_pending_irq(v));
	assert_int_equal(icc_rd(v, ICC_IAR1), 1023);
	take_request(v, REQ_IRQ_PENDING);
	gic_wr(v, GICD, 4, 2);
	assert_true(take_request(v, REQ_IRQ_PENDING));
	assert_true(f->vcpu_pending_irq(v));
	assert_int_equal(icc_rd(v, ICC_IAR1), 35);
	icc_wr(v, ICC_EOIR1, 35);
	nh_vm_free(vm);
}

int vgic_regs_tests(void);
int vgic_stress_tests(void);

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ap_list_order),
		cmocka_unit_test(test_lr_overflow),
		cmocka_unit_test(test_eoimode),
		cmocka_unit_test(test_priority_pmr_bpr),
		cmocka_unit_test(test_group0_fiq),
		cmocka_unit_test(test_hw_mapped),
		cmocka_unit_test(test_level_spi),
		cmocka_unit_test(test_edge_spi),
		cmocka_unit_test(test_userspace_irq_rules),
		cmocka_unit_test(test_dist_enable),
	};
	int failed = cmocka_run_group_tests_name("vgic_model", tests, NULL,
						 NULL);

	failed += vgic_regs_tests();
	failed += vgic_stress_tests();
	return failed ? 1 : 0;
}
