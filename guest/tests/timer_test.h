/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the timer_* guest tests: one IRQ handler for both EL1
 * timers on every CPU, with or without a GIC.
 *
 * With a GIC (gicv3/gicv2 in the device tree) the handler acknowledges the
 * interrupt and finds the timer by INTID, as the DT's /timer node gives
 * them.  Without one (armvisor --irqchip user: the timer lines drive the IRQ
 * pin directly, /chosen "armvisor,user-irqchip") it finds the timer from
 * CNTx_CTL: the line is ENABLE && ISTATUS && !IMASK (Arm ARM D11.2.4).
 * Either way it records the counter at entry and masks the timer (IMASK),
 * which drops the level-triggered line before the EOI.
 */
#ifndef GUEST_TESTS_TIMER_TEST_H
#define GUEST_TESTS_TIMER_TEST_H

#include "arch_timer.h"
#include "sdk.h"

#define TT_MAX_CPUS 8

struct tt_timer_log {
	volatile uint32_t count;     /* interrupts taken */
	volatile uint32_t early;     /* taken with count < CVAL */
	volatile uint64_t cval;      /* CVAL at the last one */
	volatile uint64_t entry;     /* count at handler entry, last one */
	volatile uint64_t max_late;  /* ticks, max(entry - CVAL) */
	volatile uint32_t imask_seen; /* IMASK already set at entry */
};

struct tt_cpu_log {
	struct tt_timer_log t[NR_ARCH_TIMERS];
	volatile uint32_t spurious; /* 1023, or no timer firing (no GIC) */
	volatile uint32_t other;    /* an INTID that is not a timer's */
	/* 1 KiB apart: no two CPUs write one cache line (and stores to a
	 * shared page stay few). */
	uint8_t pad[1024 - 2 * sizeof(struct tt_timer_log) - 8];
};

static struct tt_cpu_log tt_log[TT_MAX_CPUS];
static int tt_intid[NR_ARCH_TIMERS];
static bool tt_gic;
/* While an interrupt's count is below tt_refire, the handler leaves the
 * timer firing (no IMASK) to see the level-triggered line come back. */
static volatile uint32_t tt_refire;

static inline void tt_fired(int cpu, enum arch_timer t)
{
	struct tt_timer_log *l = &tt_log[cpu].t[t];
	uint64_t now = timer_count(t);
	uint64_t cval = timer_read_cval(t);
	uint64_t ctl = timer_read_ctl(t);

	/* Set by the hypervisor, not by us: --timer-irq-mode mask. */
	if (ctl & CNT_CTL_IMASK)
		l->imask_seen++;
	/* Quiet the level-triggered source before the EOI. */
	if (l->count + 1 >= tt_refire)
		timer_write_ctl(t, ctl | CNT_CTL_IMASK);
	l->cval = cval;
	l->entry = now;
	if (now < cval)
		l->early++;
	else if (now - cval > l->max_late)
		l->max_late = now - cval;
	dmb(ish);
	l->count++;
}

static __attribute__((unused)) void tt_irq_handler(struct exc_frame *f)
{
	int cpu = smp_processor_id();

	(void)f;
	if (tt_gic) {
		uint32_t iar = gic_ack();
		unsigned irq = gic_irqnr(iar);

		if (irq >= 1020) {
			tt_log[cpu].spurious++;
			return;
		}
		if ((int)irq == tt_intid[TIMER_VIRT])
			tt_fired(cpu, TIMER_VIRT);
		else if ((int)irq == tt_intid[TIMER_PHYS])
			tt_fired(cpu, TIMER_PHYS);
		else
			tt_log[cpu].other++;
		gic_eoi(iar);
		return;
	}
	bool any = false;

	for (int t = 0; t < NR_ARCH_TIMERS; t++) {
		if (timer_ctl_fires(timer_read_ctl(t))) {
			tt_fired(cpu, t);
			any = true;
		}
	}
	if (!any)
		tt_log[cpu].spurious++;
}

/* This CPU: its GIC CPU interface (secondaries) and both timer PPIs. */
static inline void tt_cpu_init(bool boot)
{
	timer_disable(TIMER_VIRT);
	timer_disable(TIMER_PHYS);
	if (!tt_gic)
		return;
	if (!boot)
		gic_init_secondary();
	for (int t = 0; t < NR_ARCH_TIMERS; t++)
		gic_enable_irq((unsigned)tt_intid[t]);
}

/* Boot CPU, once: find the timers' INTIDs and the GIC, install the
 * handler.  Aborts if the DT has no usable /timer node. */
static inline void tt_init(void)
{
	for (int t = 0; t < NR_ARCH_TIMERS; t++) {
		tt_intid[t] = timer_dt_intid(t);
		if (tt_intid[t] < 0)
			report_abort("no %s timer interrupt in the DT /timer "
				     "node",
				     timer_name(t));
	}
	tt_gic = gic_version() != 0;
	if (tt_gic)
		gic_init();
	else if (fdt_has_prop(fdt_path_offset("/chosen"),
			      "armvisor,user-irqchip"))
		report_info("no GIC: armvisor user irqchip (timer lines on "
			    "the IRQ pin)");
	else
		report_info("no GIC in the device tree");
	report_info("irqchip: %s; timer INTIDs from the DT: virt %d, phys %d",
		    tt_gic ? (gic_version() == 3 ? "GICv3" : "GICv2")
			   : "none",
		    tt_intid[TIMER_VIRT], tt_intid[TIMER_PHYS]);
	install_irq_handler(tt_irq_handler);
	tt_cpu_init(true);
}

/* Clear the per-timer logs (spurious/other keep counting). */
static inline void tt_reset_logs(void)
{
	for (int cpu = 0; cpu < TT_MAX_CPUS; cpu++)
		memset((void *)tt_log[cpu].t, 0, sizeof(tt_log[cpu].t));
	dsb(ish);
}

/* Spin (IRQs as they are) until *p >= want or timeout_us passes. */
static inline bool tt_wait(volatile uint32_t *p, uint32_t want,
			   uint64_t timeout_us)
{
	uint64_t end = cnt_read() + us_to_ticks(timeout_us);

	while (*p < want)
		if (cnt_read() > end)
			return *p >= want;
	return true;
}

/* Ticks to ns (integer: the guest has no FP, -mgeneral-regs-only). */
static inline uint64_t tt_ticks_to_ns(uint64_t ticks)
{
	return ticks * 1000000000u / cnt_freq(); /* < 2^64 up to ~290 s */
}

#endif
