// SPDX-License-Identifier: MIT
/*
 * The EL1 virtual and physical timers on one CPU (Arm ARM D11 "The Generic
 * Timer"), each checked the same way:
 *  - the interrupt never arrives before CVAL and does arrive after it (the
 *    lateness is INFO: tests never assert on wall time);
 *  - IMASK: ISTATUS set, no interrupt; unmasking an expired timer fires it
 *    at once (CVAL in the past);
 *  - disabling or masking an asserted timer drops the line: no stale
 *    interrupt once IRQs are unmasked;
 *  - TVAL: a write sets CVAL = count + SignExtend(TVAL); it reads negative
 *    after expiry;
 *  - WFI with PSTATE.I set wakes on the timer;
 *  - CVAL far in the future never fires;
 *  - the line is level-triggered: an interrupt EOIed (or, with no GIC,
 *    returned from) while the timer still fires is taken again - with a
 *    vGIC, the resample on deactivation (hardware-mapped, active mode).  In
 *    mask mode the hypervisor sets IMASK on delivery (guest-visible), which
 *    the test reports as INFO;
 * plus the counters (CNTPCT - CNTVCT: the virtual offset, zero unless the
 * VMM set one) and CNTFRQ.  Interrupts are found at the INTIDs the DT's
 * /timer node gives (run with --vtimer-irq/--ptimer-irq to move them), or,
 * with no GIC (--irqchip user), from CNTx_CTL.  Passes in both
 * --timer-irq-mode active and mask.
 */
#include "timer_test.h"

#define SOON_US 2000      /* a deadline the test then waits for */
#define QUIET_US 3000     /* how long "no interrupt" is watched */
#define TIMEOUT_US 500000 /* an interrupt that is due arrives within this */

static struct tt_timer_log *lg(enum arch_timer t)
{
	return &tt_log[0].t[t];
}

static void check_gic_pending(enum arch_timer t, bool want, const char *what)
{
	if (!tt_gic)
		return;
	report(gic_is_pending((unsigned)tt_intid[t]) == want,
	       "%s: %s: GIC pending = %d", timer_name(t), what, want);
}

/* D11.2.4: the timer condition is met when count >= CVAL; the interrupt is
 * taken then, and never before. */
static void test_fires_after_cval(enum arch_timer t)
{
	uint64_t cval;
	bool got;

	tt_reset_logs();
	cval = timer_count(t) + us_to_ticks(SOON_US);
	timer_arm_cval(t, cval);
	local_irq_enable();
	got = tt_wait(&lg(t)->count, 1, TIMEOUT_US);
	local_irq_disable();
	report(got && lg(t)->count == 1, "%s: one interrupt after CVAL",
	       timer_name(t));
	report(got && !lg(t)->early && lg(t)->entry >= cval,
	       "%s: not before CVAL", timer_name(t));
	if (got)
		report_info("%s: handler entered %lu ns after CVAL",
			    timer_name(t),
			    (unsigned long)tt_ticks_to_ns(lg(t)->entry - cval));
	timer_disable(t);
}

/* IMASK: ISTATUS still reports the condition, the output stays low
 * (D17.8 CNTV_CTL_EL0.IMASK).  Then unmasking fires at once. */
static void test_masked(enum arch_timer t)
{
	uint64_t ctl;

	tt_reset_logs();
	timer_write_cval(t, 0); /* long past */
	timer_write_ctl(t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	local_irq_enable();
	udelay(QUIET_US);
	ctl = timer_read_ctl(t);
	report(ctl & CNT_CTL_ISTATUS, "%s: masked: ISTATUS set (ctl %#lx)",
	       timer_name(t), (unsigned long)ctl);
	report(lg(t)->count == 0, "%s: masked: no interrupt", timer_name(t));
	check_gic_pending(t, false, "masked");
	/* CVAL in the past: unmasking fires at once. */
	timer_write_ctl(t, CNT_CTL_ENABLE);
	report(tt_wait(&lg(t)->count, 1, TIMEOUT_US) && !lg(t)->early,
	       "%s: CVAL in the past: fires on unmask", timer_name(t));
	local_irq_disable();
	timer_disable(t);
}

/* An asserted line that the guest quiets (disable, or IMASK) drops: the
 * interrupt is no longer pending and none arrives later. */
static void test_quiet_drops_line(enum arch_timer t, bool by_mask)
{
	const char *how = by_mask ? "masked" : "disabled";

	tt_reset_logs();
	timer_write_cval(t, 0);
	timer_write_ctl(t, CNT_CTL_ENABLE); /* PSTATE.I set: not taken */
	udelay(500);
	check_gic_pending(t, true, "asserted");
	if (by_mask)
		timer_write_ctl(t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	else
		timer_disable(t);
	udelay(500);
	check_gic_pending(t, false, how);
	local_irq_enable();
	udelay(QUIET_US);
	local_irq_disable();
	report(lg(t)->count == 0, "%s: %s before IRQs unmasked: no stale "
	       "interrupt", timer_name(t), how);
	timer_disable(t);
}

/* D11.2.4 TVAL. */
static void test_tval(enum arch_timer t)
{
	const int32_t tval = (int32_t)us_to_ticks(500);
	uint64_t c0, c1, cval, end;
	int32_t after;

	timer_write_ctl(t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	c0 = timer_count(t);
	timer_write_tval(t, tval);
	c1 = timer_count(t);
	cval = timer_read_cval(t);
	report(cval >= c0 + (uint64_t)tval && cval <= c1 + (uint64_t)tval,
	       "%s: TVAL write sets CVAL = count + TVAL", timer_name(t));
	end = cnt_read() + us_to_ticks(TIMEOUT_US);
	while (!(timer_read_ctl(t) & CNT_CTL_ISTATUS) && cnt_read() < end)
		;
	udelay(100);
	after = timer_read_tval(t);
	report(after < 0, "%s: TVAL negative after expiry (%d)", timer_name(t),
	       after);
	/* A negative TVAL write: CVAL in the past, condition met at once. */
	c0 = timer_count(t);
	timer_write_tval(t, -1000);
	cval = timer_read_cval(t);
	report(cval + 1000 >= c0 && (timer_read_ctl(t) & CNT_CTL_ISTATUS),
	       "%s: TVAL -1000 sets CVAL = count - 1000, ISTATUS at once",
	       timer_name(t));
	timer_disable(t);
}

/* D1.16.2: WFI wakes on a pending interrupt even with PSTATE.I set. */
static void test_wfi_masked(enum arch_timer t)
{
	uint64_t cval, end;
	unsigned wakes = 0;

	tt_reset_logs();
	cval = timer_count(t) + us_to_ticks(SOON_US);
	timer_arm_cval(t, cval);
	end = cnt_read() + us_to_ticks(TIMEOUT_US);
	/* An early WFI return is allowed (D1.16.2): loop until the timer is
	 * due, never past the timeout. */
	while (!(timer_read_ctl(t) & CNT_CTL_ISTATUS) && cnt_read() < end) {
		wfi();
		wakes++;
	}
	report(timer_count(t) >= cval && lg(t)->count == 0,
	       "%s: WFI with PSTATE.I set woke on the timer (%u WFI)",
	       timer_name(t), wakes);
	local_irq_enable();
	report(tt_wait(&lg(t)->count, 1, TIMEOUT_US),
	       "%s: taken once IRQs are unmasked", timer_name(t));
	local_irq_disable();
	timer_disable(t);
}

/* Level-triggered, resampled on deactivation (IHI 0069 4.1.4 / KVM's
 * mapped timer interrupt): still firing after the EOI, it comes back. */
static void test_refire_while_firing(enum arch_timer t)
{
	bool got;

	tt_reset_logs();
	tt_refire = 3;
	timer_write_cval(t, 0);
	timer_write_ctl(t, CNT_CTL_ENABLE);
	local_irq_enable();
	got = tt_wait(&lg(t)->count, 3, TIMEOUT_US);
	local_irq_disable();
	tt_refire = 0;
	if (lg(t)->imask_seen) {
		/* armvisor keeps the line asserted while it holds the
		 * interrupt, so an EOI without a timer write re-delivers. */
		report_info("%s: IMASK set by the hypervisor on delivery "
			    "(--timer-irq-mode mask); EOI without a timer "
			    "write: %u interrupt(s)",
			    timer_name(t), lg(t)->count);
		report(lg(t)->count >= 1, "%s: delivered while held",
		       timer_name(t));
	} else {
		report(got, "%s: still firing after EOI: taken again (%u)",
		       timer_name(t), lg(t)->count);
	}
	timer_disable(t);
}

/* CVAL at the top of the counter's range: not in this machine's life. */
static void test_far_future(enum arch_timer t)
{
	tt_reset_logs();
	timer_arm_cval(t, ~0ull);
	local_irq_enable();
	udelay(QUIET_US);
	local_irq_disable();
	report(!(timer_read_ctl(t) & CNT_CTL_ISTATUS) && lg(t)->count == 0,
	       "%s: CVAL = 2^64-1: ISTATUS clear, no interrupt",
	       timer_name(t));
	/* TVAL is (CVAL - count)[31:0] read as signed: 2^30 - elapsed. */
	timer_arm_cval(t, timer_count(t) + (1ull << 40) + (1ull << 30));
	udelay(QUIET_US / 3);
	report(!(timer_read_ctl(t) & CNT_CTL_ISTATUS) &&
		       timer_read_tval(t) > 0,
	       "%s: CVAL = count + 2^40 + 2^30: not met, TVAL = low 32 bits "
	       "> 0",
	       timer_name(t));
	timer_disable(t);
}

/* D11.1.2 / D11.2.1: CNTVCT = CNTPCT - CNTVOFF.  Without a VMM-set offset
 * (armvisor: av_vm_set_counter_offset; KVM: KVM_ARM_SET_COUNTER_OFFSET) the
 * difference is zero; either way it is constant. */
static void test_counters(void)
{
	uint64_t v1, p, v2, off_lo = 0, off_hi = 0;
	bool stable = true;

	for (int i = 0; i < 100; i++) {
		isb();
		v1 = read_sysreg(cntvct_el0);
		isb();
		p = read_sysreg(cntpct_el0);
		isb();
		v2 = read_sysreg(cntvct_el0);
		/* offset = p - v, v in [v1, v2] read around p */
		uint64_t lo = p - v2, hi = p - v1;

		if (i == 0) {
			off_lo = lo;
			off_hi = hi;
		} else if ((int64_t)(hi - off_lo) < 0 ||
			   (int64_t)(off_hi - lo) < 0) {
			stable = false; /* the windows do not overlap */
		}
	}
	report(stable, "CNTPCT - CNTVCT is constant");
	/* zero lies in the window [p - v2, p - v1] */
	report((int64_t)off_lo <= 0 && (int64_t)off_hi >= 0,
	       "CNTPCT - CNTVCT = 0 without a configured offset (window "
	       "%ld..%ld)",
	       (long)(int64_t)off_lo, (long)(int64_t)off_hi);
	if (cnt_freq() != 62500000)
		report_info("CNTFRQ_EL0 = %lu Hz (the virt default is 62.5 "
			    "MHz)",
			    (unsigned long)cnt_freq());
	else
		report(true, "CNTFRQ_EL0 = 62.5 MHz");
	v1 = cnt_read();
	udelay(1000);
	v2 = cnt_read();
	report(v2 - v1 >= us_to_ticks(1000), "CNTVCT advances");
}

int main(void)
{
	tt_init();
	test_counters();
	for (int t = 0; t < NR_ARCH_TIMERS; t++) {
		test_fires_after_cval(t);
		test_masked(t);
		test_quiet_drops_line(t, false);
		test_quiet_drops_line(t, true);
		test_tval(t);
		test_wfi_masked(t);
		test_refire_while_firing(t);
		test_far_future(t);
	}
	report(tt_log[0].other == 0, "no interrupt at another INTID (%u)",
	       tt_log[0].other);
	report_info("spurious entries: %u", tt_log[0].spurious);
	return 0;
}
