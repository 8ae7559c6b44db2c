// SPDX-License-Identifier: MIT
/*
 * rvic_timer: the EL1 virtual and physical timers as rVIC trusted level
 * interrupts (intids from the DT /timer node: 27 and 30 by default).  Each
 * timer fires; the first time, its handler leaves the timer alone, so the
 * EOI's RESAMPLE finds the line still high and the interrupt comes back
 * (the series' level-source rule); the second time the handler quiets the
 * timer (IMASK) and nothing more arrives.  Also: RESAMPLE of a low line and
 * ACKNOWLEDGE leaving the timer intid masked.  armvisor --irqchip rvic only.
 */
#include "sdk.h"

#define CTL_ENABLE 1u
#define CTL_IMASK 2u
#define CTL_ISTATUS 4u

static volatile unsigned hits[2];

static uint64_t read_ctl(int t)
{
	return t ? read_sysreg(cntp_ctl_el0) : read_sysreg(cntv_ctl_el0);
}

static void write_ctl(int t, uint64_t v)
{
	if (t)
		write_sysreg(v, cntp_ctl_el0);
	else
		write_sysreg(v, cntv_ctl_el0);
	isb();
}

static void write_cval(int t, uint64_t v)
{
	if (t)
		write_sysreg(v, cntp_cval_el0);
	else
		write_sysreg(v, cntv_cval_el0);
	isb();
}

static uint64_t now(int t)
{
	isb();
	return t ? read_sysreg(cntpct_el0) : read_sysreg(cntvct_el0);
}

static void timer_handler(uint32_t intid, void *arg)
{
	int t = (int)(uintptr_t)arg;

	/* First time: leave the line high; the EOI's RESAMPLE re-pends. */
	if (hits[t]++ >= 1)
		write_ctl(t, CTL_ENABLE | CTL_IMASK);
	(void)intid;
}

static bool wait_hits(int t, unsigned want, uint64_t us)
{
	uint64_t end = cnt_read() + us_to_ticks(us);

	while (hits[t] < want && cnt_read() < end)
		wfi();
	return hits[t] >= want;
}

static void test_timer(int t, uint32_t intid)
{
	const char *name = t ? "ptimer" : "vtimer";

	rvic_request(intid, true, timer_handler, (void *)(uintptr_t)t);
	rvic_unmask(intid);
	write_cval(t, now(t) + us_to_ticks(2000));
	write_ctl(t, CTL_ENABLE);
	local_irq_enable();
	report(wait_hits(t, 2, 5000000), "%s (intid %u): fired, resampled "
	       "while high and delivered again (%u)", name, intid, hits[t]);
	udelay(20000);
	local_irq_disable();
	report(hits[t] == 2, "%s: quiet after IMASK (%u deliveries)", name,
	       hits[t]);
	report(read_ctl(t) & CTL_ISTATUS, "%s: ISTATUS still set", name);

	/* By hand: ACKNOWLEDGE leaves it masked, RESAMPLE of a high line
	 * pends it again, of a low line does not. */
	bool p = false;
	uint32_t got = 0;

	write_ctl(t, CTL_ENABLE); /* unmask the timer: line high again */
	report(rvic_acknowledge(&got) == 0 && got == intid,
	       "%s: ACKNOWLEDGE by hand returns %u", name, got);
	rvic_is_pending(smp_processor_id(), intid, &p);
	report(!p && rvic_acknowledge(&got) == RVIC_ST(RVIC_NO_INTERRUPTS, 0),
	       "%s: acknowledged: masked and not pending", name);
	report(rvic_resample(intid) == 0 &&
		   rvic_is_pending(smp_processor_id(), intid, &p) == 0 && p,
	       "%s: RESAMPLE with the line high: pending again", name);
	write_ctl(t, 0); /* line low: the pending request goes with it */
	rvic_is_pending(smp_processor_id(), intid, &p);
	report(!p, "%s: timer disabled: no longer pending", name);
	report(rvic_resample(intid) == 0 &&
		   rvic_is_pending(smp_processor_id(), intid, &p) == 0 && !p,
	       "%s: RESAMPLE with the line low: not pending", name);
	rvic_unmask(intid);
}

int main(void)
{
	if (rvic_probe()) {
		report_skip("no rVIC (armvisor --irqchip rvic only)");
		return 0;
	}
	report(rvic_cpu_init() == 0, "ENABLE");
	test_timer(0, rvic.vtimer_intid);
	test_timer(1, rvic.ptimer_intid);
	return 0;
}
