// SPDX-License-Identifier: MIT
/*
 * A guest that computes without pausing still gets its timer ticks.
 *
 * The EL1 virtual timer is programmed as a periodic tick (the handler moves
 * CVAL on by one period, as Linux's clockevent does in effect), and the CPU
 * then runs a busy loop - register arithmetic and stores, no WFI, no device
 * access, the counter read only every few thousand iterations - for one
 * second of counter time.  The Arm ARM (D11.2.4) asserts the timer's output
 * whenever CVAL <= count, so every period must bring one interrupt: the
 * test counts them against the counter and wants at least half of them
 * (the slack is for a loaded host; a hypervisor that loses the deadline
 * after the guest deactivates the interrupt delivers a handful in a second).
 * The longest gap between two ticks is printed as INFO.
 *
 * With a GIC the handler acknowledges and EOIs the timer's INTID (from the
 * DT); with no GIC (armvisor --irqchip user) the line is the IRQ pin and the
 * handler finds the timer firing in CNTV_CTL.  Moving CVAL on drops the
 * level-triggered line before the EOI; CTL is rewritten with IMASK clear
 * as Linux does, which also releases a hypervisor's mask-mode hold.
 */
#include "timer_test.h"

#define PERIOD_US 4000       /* 250 Hz, as Linux's HZ=250 */
#define RUN_US 1000000       /* one second of counter time */
#define CHECK_EVERY 4096     /* loop iterations between counter reads */

static volatile uint32_t ticks;
static volatile uint64_t max_gap, last_entry;
static uint64_t period;
static volatile uint64_t sink[64]; /* stores: the busy loop's data */

static void on_tick(void)
{
	uint64_t now = timer_count(TIMER_VIRT);
	uint64_t cval = timer_read_cval(TIMER_VIRT);

	if (last_entry && now - last_entry > max_gap)
		max_gap = now - last_entry;
	last_entry = now;
	/* The next deadline: one period on, or a period from now if the
	 * guest fell more than a period behind (no burst of catch-ups). */
	cval += period;
	if (cval <= now)
		cval = now + period;
	timer_write_cval(TIMER_VIRT, cval);
	/* ENABLE with IMASK clear, as Linux's set_next_event writes it: in
	 * --timer-irq-mode mask the hypervisor set IMASK on delivery. */
	timer_write_ctl(TIMER_VIRT, CNT_CTL_ENABLE);
	ticks++;
}

static void busy_irq(struct exc_frame *f)
{
	(void)f;
	if (tt_gic) {
		uint32_t iar = gic_ack();
		unsigned irq = gic_irqnr(iar);

		if (irq >= 1020)
			return;
		if ((int)irq == tt_intid[TIMER_VIRT])
			on_tick();
		gic_eoi(iar);
		return;
	}
	if (timer_ctl_fires(timer_read_ctl(TIMER_VIRT)))
		on_tick();
}

/* Work the CPU until the counter passes end; returns the iterations. */
static uint64_t busy_until(uint64_t end)
{
	uint64_t x = 0x9e3779b97f4a7c15ull, n = 0;

	for (;;) {
		for (int i = 0; i < CHECK_EVERY; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			sink[i & 63] = x;
		}
		n += CHECK_EVERY;
		if (cnt_read() >= end)
			return n;
	}
}

int main(void)
{
	uint64_t start, end, iters, expect;

	tt_init();
	install_irq_handler(busy_irq);
	period = us_to_ticks(PERIOD_US);
	expect = RUN_US / PERIOD_US;

	start = cnt_read();
	timer_arm_cval(TIMER_VIRT, timer_count(TIMER_VIRT) + period);
	local_irq_enable();
	end = start + us_to_ticks(RUN_US);
	iters = busy_until(end);
	local_irq_disable();
	timer_disable(TIMER_VIRT);

	report_info("%u ticks in %u ms of counter time (%lu expected), "
		    "%lu loop iterations; longest gap %lu us",
		    ticks, RUN_US / 1000, (unsigned long)expect,
		    (unsigned long)iters,
		    (unsigned long)(tt_ticks_to_ns(max_gap) / 1000));
	report(ticks >= expect / 2,
	       "busy guest: at least half of the %lu periodic timer ticks "
	       "arrive (got %u)",
	       (unsigned long)expect, ticks);
	report(ticks <= expect + 1,
	       "busy guest: no more ticks than periods (got %u)", ticks);
	report_summary();
}
