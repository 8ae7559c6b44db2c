// SPDX-License-Identifier: MIT
/*
 * gic_irq: interrupt state and prioritisation on one CPU, through the
 * distributor (SPIs), the redistributor / banked distributor (PPIs, SGIs)
 * and the CPU interface:
 *  - many interrupts pending at once, more than the vGIC has list
 *    registers, delivered one by one in priority order (IHI 0069 4.8.1);
 *  - preemption: a higher-priority interrupt preempts a running handler
 *    that re-enabled IRQs (nested), an equal or lower one waits for the
 *    EOI (IHI 0069 4.8.2, "preemption" needs group priority > running);
 *  - active state: pending while active, and set/clear active through
 *    GICD/GICR_I[SC]ACTIVER (IHI 0069 12.9.7, 12.9.22; 4.1.1 state machine);
 *  - enable/disable and set/clear pending of SPIs and PPIs (12.9.8, 12.9.23,
 *    12.9.10, 12.9.25; 12.11 for the GICR copies);
 *  - EOImode 1: EOI drops the running priority only; DIR deactivates
 *    (IHI 0069 4.1.1 "Priority drop and interrupt deactivation").
 * SPIs 40..63 and PPIs 16..23 have no device behind them on either
 * platform; they are made pending by software.
 */
#include "gic_test.h"

#define SPI(n) (40u + (n))
#define PPI(n) (16u + (n))

static void quiet(unsigned intid)
{
	gic_disable_irq(intid);
	gic_clear_pending(intid);
	gic_clear_active(intid);
}

static void prep(unsigned intid, uint8_t prio)
{
	quiet(intid);
	if (intid >= 32)
		gic_set_config(intid, true);
	gic_set_priority(intid, prio);
	gic_enable_irq(intid);
}

/* ---- priority order, more than the list registers ---------------------- */
static void test_priority_order(void)
{
	/* Distinct priorities (multiples of 0x10: distinct group priorities
	 * with any binary point the platform allows), in a shuffled order. */
	static const uint8_t spi_prio[12] = {0x80, 0x20, 0x60, 0xb0, 0x40,
					     0xc0, 0x10, 0x90, 0x30, 0xa0,
					     0x70, 0x50};
	static const uint8_t ppi_prio = 0x58, sgi_prio = 0x68;
	uint32_t want[14], n = 0;
	bool ok;

	for (unsigned i = 0; i < 12; i++)
		prep(SPI(i), spi_prio[i]);
	prep(PPI(2), ppi_prio);
	gic_set_priority(1, sgi_prio);
	gic_enable_irq(1);

	/* The order the GIC must choose: by priority value. */
	for (unsigned p = 0; p < 256; p += 8) {
		for (unsigned i = 0; i < 12; i++)
			if (spi_prio[i] == p)
				want[n++] = SPI(i);
		if (p == (ppi_prio & 0xf8))
			want[n++] = PPI(2);
		if (p == (sgi_prio & 0xf8))
			want[n++] = 1;
	}

	gt_reset_logs();
	local_irq_disable();
	for (int i = 11; i >= 0; i--)
		gic_set_pending(SPI(i));
	gic_set_pending(PPI(2));
	gic_send_sgi_self(1);
	ok = true;
	for (unsigned i = 0; i < 12; i++)
		if (!gic_is_pending(SPI(i)))
			ok = false;
	report(ok && gic_is_pending(PPI(2)),
	       "14 interrupts pending at once (masked), read back from "
	       "ISPENDR");
	local_irq_enable();
	ok = gt_wait(&gt_log[0].n, n);
	gt_settle();
	report(ok && gt_log[0].n == n, "all %u delivered once (%u deliveries)",
	       n, gt_log[0].n);
	ok = true;
	for (unsigned i = 0; i < n && i < GT_LOG; i++)
		if (gt_log[0].order[i] != want[i]) {
			report_info("delivery %u: INTID %u, want %u", i,
				    gt_log[0].order[i], want[i]);
			ok = false;
		}
	report(ok, "delivered in priority order");
	for (unsigned i = 0; i < 12; i++)
		quiet(SPI(i));
	quiet(PPI(2));
}

/* ---- preemption ------------------------------------------------------- */
static volatile uint32_t nest_rpr, nest_seen_hi, nest_seen_lo, nest_seen_eq;
static volatile uint32_t nest_depth, nest_max_depth;

static bool preempt_hook(int cpu, uint32_t iar)
{
	unsigned irq = gic_irqnr(iar);

	nest_depth++;
	if (nest_depth > nest_max_depth)
		nest_max_depth = nest_depth;
	if (irq == SPI(0)) {
		nest_rpr = gic_rpr();
		gic_set_pending(SPI(2)); /* lower: 0xc0 */
		gic_set_pending(SPI(3)); /* equal: 0xa0 */
		gic_set_pending(SPI(1)); /* higher: 0x40 */
		local_irq_enable();      /* nested IRQs from here on */
		gt_wait(&gt_log[cpu].count[SPI(1)], 1);
		udelay(5000);
		local_irq_disable();
		nest_seen_hi = gt_log[cpu].count[SPI(1)];
		nest_seen_lo = gt_log[cpu].count[SPI(2)];
		nest_seen_eq = gt_log[cpu].count[SPI(3)];
	}
	nest_depth--;
	return true;
}

static void test_preemption(void)
{
	bool ok;

	prep(SPI(0), 0xa0);
	prep(SPI(1), 0x40);
	prep(SPI(2), 0xc0);
	prep(SPI(3), 0xa0);
	gt_reset_logs();
	nest_max_depth = 0;
	gt_hook = preempt_hook;
	gic_set_pending(SPI(0));
	ok = gt_wait(&gt_log[0].n, 4);
	gt_settle();
	gt_hook = NULL;
	report(ok && gt_log[0].n == 4, "4 deliveries (%u)", gt_log[0].n);
	report(nest_rpr == 0xa0, "RPR in the handler of a 0xa0 interrupt: "
				 "%#x",
	       nest_rpr);
	report(nest_seen_hi == 1 && nest_max_depth == 2,
	       "a higher-priority interrupt preempts the running handler "
	       "(nested, depth %u)",
	       nest_max_depth);
	report(nest_seen_lo == 0, "a lower-priority one waits for the EOI");
	report(nest_seen_eq == 0, "an equal-priority one waits for the EOI");
	report(gt_log[0].order[0] == SPI(0) && gt_log[0].order[1] == SPI(1) &&
		   gt_log[0].order[2] == SPI(3) && gt_log[0].order[3] == SPI(2),
	       "order: %u %u %u %u (want %u %u %u %u)", gt_log[0].order[0],
	       gt_log[0].order[1], gt_log[0].order[2], gt_log[0].order[3],
	       SPI(0), SPI(1), SPI(3), SPI(2));
	report(gic_rpr() == 0xff, "RPR idle afterwards: %#x", gic_rpr());
	for (unsigned i = 0; i < 4; i++)
		quiet(SPI(i));
}

/* ---- active state ---------------------------------------------------- */
static void test_active(unsigned intid, const char *kind)
{
	uint32_t iar;

	prep(intid, 0x80);
	gt_reset_logs();
	local_irq_disable();
	gic_set_pending(intid);
	report(gic_is_pending(intid) && !gic_is_active(intid),
	       "%s %u: pending, not active", kind, intid);
	iar = gic_ack();
	report(gic_irqnr(iar) == intid, "%s %u: acknowledged (IAR %#x)", kind,
	       intid, iar);
	report(gic_is_active(intid) && !gic_is_pending(intid),
	       "%s %u: active, not pending after the acknowledge", kind,
	       intid);
	gic_set_pending(intid);
	report(gic_is_active(intid) && gic_is_pending(intid),
	       "%s %u: pending while active", kind, intid);
	report(gic_irqnr(gic_ack()) == GIC_SPURIOUS,
	       "%s %u: an active interrupt is not acknowledged again", kind,
	       intid);
	gic_eoi(iar);
	report(!gic_is_active(intid) && gic_is_pending(intid),
	       "%s %u: after EOI pending, not active", kind, intid);
	local_irq_enable();
	gt_wait(&gt_log[0].count[intid], 1);
	gt_settle();
	report(gt_log[0].count[intid] == 1,
	       "%s %u: the second pending delivered once (%u)", kind, intid,
	       gt_log[0].count[intid]);

	/* Set active through I[SC]ACTIVER: a pending+active interrupt is
	 * not signalled until it is deactivated. */
	gt_reset_logs();
	gic_set_active(intid);
	report(gic_is_active(intid), "%s %u: ISACTIVER sets active", kind,
	       intid);
	gic_set_pending(intid);
	gt_settle();
	report(gt_log[0].count[intid] == 0,
	       "%s %u: pending+active is not delivered", kind, intid);
	gic_clear_active(intid);
	report(!gic_is_active(intid) || gt_log[0].count[intid] == 1,
	       "%s %u: ICACTIVER clears active", kind, intid);
	gt_wait(&gt_log[0].count[intid], 1);
	gt_settle();
	report(gt_log[0].count[intid] == 1,
	       "%s %u: delivered once after ICACTIVER (%u)", kind, intid,
	       gt_log[0].count[intid]);
	quiet(intid);
}

/* ---- enable / disable, set / clear pending ----------------------------- */
static void test_enable_pending(unsigned intid, const char *kind)
{
	prep(intid, 0x80);
	gic_disable_irq(intid);
	report(!gic_is_enabled(intid), "%s %u: ICENABLER disables", kind,
	       intid);
	gt_reset_logs();
	gic_set_pending(intid);
	gt_settle();
	report(gic_is_pending(intid) && gt_log[0].count[intid] == 0,
	       "%s %u: pending while disabled, not delivered", kind, intid);
	gic_clear_pending(intid);
	report(!gic_is_pending(intid), "%s %u: ICPENDR clears pending", kind,
	       intid);
	gic_enable_irq(intid);
	report(gic_is_enabled(intid), "%s %u: ISENABLER enables", kind,
	       intid);
	gt_settle();
	report(gt_log[0].count[intid] == 0,
	       "%s %u: a cleared pending state is not delivered", kind,
	       intid);
	gic_disable_irq(intid);
	gic_set_pending(intid);
	gic_enable_irq(intid);
	gt_wait(&gt_log[0].count[intid], 1);
	gt_settle();
	report(gt_log[0].count[intid] == 1,
	       "%s %u: pending while disabled is delivered once on enable",
	       kind, intid);
	report(!gic_is_pending(intid), "%s %u: not pending after delivery",
	       kind, intid);
	quiet(intid);
}

/* ---- EOImode 1 ------------------------------------------------------- */
static void test_eoimode1(void)
{
	unsigned a = SPI(6), b = SPI(7);
	uint32_t ia, ib;

	prep(a, 0xa0);
	prep(b, 0xa0);
	gt_reset_logs();
	local_irq_disable();
	gic_set_eoimode(1);
	gic_set_pending(a);
	ia = gic_ack();
	report(gic_irqnr(ia) == a && gic_rpr() == 0xa0,
	       "EOImode 1: INTID %u acknowledged, RPR %#x", gic_irqnr(ia),
	       gic_rpr());
	gic_set_pending(b);
	report(gic_irqnr(gic_hppir()) == b || gic_irqnr(gic_hppir()) == a,
	       "EOImode 1: HPPIR sees a pending interrupt (%u)",
	       gic_irqnr(gic_hppir()));
	gic_eoi(ia);
	report(gic_rpr() == 0xff, "EOImode 1: EOI drops the running priority "
				  "(RPR %#x)",
	       gic_rpr());
	report(gic_is_active(a), "EOImode 1: still active after EOI");
	/* With the priority dropped, an equal-priority one can be taken. */
	ib = gic_ack();
	report(gic_irqnr(ib) == b,
	       "EOImode 1: equal priority acknowledged after the drop (%u)",
	       gic_irqnr(ib));
	gic_set_pending(a);
	gic_eoi(ib);
	gic_dir(ib);
	report(!gic_is_active(b), "EOImode 1: DIR deactivates %u", b);
	report(gic_irqnr(gic_ack()) == GIC_SPURIOUS && gic_is_pending(a),
	       "EOImode 1: %u pending+active is not acknowledged", a);
	gic_dir(ia);
	report(!gic_is_active(a), "EOImode 1: DIR deactivates %u", a);
	gt_eoimode1 = true;
	local_irq_enable();
	gt_wait(&gt_log[0].count[a], 1);
	gt_settle();
	report(gt_log[0].count[a] == 1,
	       "EOImode 1: the re-pended %u delivered once after DIR", a);
	report(!gic_is_active(a) && gic_rpr() == 0xff,
	       "EOImode 1: handler's EOI+DIR leave it inactive and idle");
	local_irq_disable();
	gt_eoimode1 = false;
	gic_set_eoimode(0);
	local_irq_enable();
	quiet(a);
	quiet(b);
}

int main(void)
{
	if (!gt_init())
		return 0;
	report_prefix("order");
	test_priority_order();
	report_prefix("preempt");
	test_preemption();
	report_prefix("active");
	test_active(SPI(4), "SPI");
	test_active(PPI(3), "PPI");
	report_prefix("enable");
	test_enable_pending(SPI(5), "SPI");
	test_enable_pending(PPI(4), "PPI");
	report_prefix("eoimode1");
	test_eoimode1();
	report_prefix("");
	return 0;
}
