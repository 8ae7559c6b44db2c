// SPDX-License-Identifier: MIT
/*
 * trace_smp: a small, countable interrupt workload for the `--trace` and
 * `--stats` tests (tests/trace.sh).  Two CPUs; each arms its virtual and
 * physical timers ROUNDS times and sleeps in WFI until both have fired
 * (the handler masks the timer with IMASK before the EOI, so each arming
 * gives exactly one interrupt); then CPU 0 and CPU 1 exchange SGIs
 * PINGS times, each SGI sent only once the previous one was taken (so no
 * two merge in the GIC).  The handler counts every INTID it takes on each
 * CPU; at the end CPU 0 prints them as "COUNT: cpu=C intid=I n=N" lines,
 * which the test compares with the trace and the VMM's counters.  Waits
 * are WFI, not counter polling, so that the trace stays small: CPU 1
 * wakes CPU 0 with SGI 3 when it has finished a phase.
 */
#include "timer_test.h"

#define ROUNDS 10
#define PINGS 10
#define SGI_PING 1
#define SGI_PONG 2
#define SGI_WAKE 3 /* CPU 1 -> CPU 0: a flag below changed */
#define TIMEOUT_US 5000000ul

static volatile uint32_t counts[2][32];
static volatile uint32_t spurious[2], unexpected[2];
static volatile uint32_t ready, done1;

static void irq_handler(struct exc_frame *f)
{
	int cpu = smp_processor_id();
	uint32_t iar = gic_ack();
	unsigned irq = gic_irqnr(iar);

	(void)f;
	if (irq >= 1020) {
		spurious[cpu]++;
		return;
	}
	if ((int)irq == tt_intid[TIMER_VIRT])
		tt_fired(cpu, TIMER_VIRT); /* sets IMASK: the line drops */
	else if ((int)irq == tt_intid[TIMER_PHYS])
		tt_fired(cpu, TIMER_PHYS);
	if (irq < 32)
		counts[cpu][irq]++;
	else
		unexpected[cpu]++;
	gic_eoi(iar);
	if (cpu == 1 && irq == SGI_PING)
		gic_send_sgi(SGI_PONG, 0);
}

/* Sleep in WFI until *p reaches want (interrupts taken between WFIs). */
static bool wait_wfi(volatile uint32_t *p, uint32_t want)
{
	uint64_t end = cnt_read() + us_to_ticks(TIMEOUT_US);

	while (*p < want) {
		if (cnt_read() > end)
			return false;
		local_irq_disable();
		if (*p < want)
			wfi();
		local_irq_enable();
		isb();
	}
	return true;
}

static bool timer_rounds(int cpu)
{
	struct tt_timer_log *v = &tt_log[cpu].t[TIMER_VIRT];
	struct tt_timer_log *p = &tt_log[cpu].t[TIMER_PHYS];

	for (uint32_t r = 1; r <= ROUNDS; r++) {
		timer_arm_cval(TIMER_VIRT, timer_count(TIMER_VIRT) +
						   us_to_ticks(500 + 50 * cpu));
		timer_arm_cval(TIMER_PHYS, timer_count(TIMER_PHYS) +
						   us_to_ticks(700 + 70 * cpu));
		if (!wait_wfi(&v->count, r) || !wait_wfi(&p->count, r))
			return false;
	}
	timer_disable(TIMER_VIRT);
	timer_disable(TIMER_PHYS);
	return true;
}

static void secondary(int cpu)
{
	tt_cpu_init(false);
	gic_enable_irq(SGI_PING);
	local_irq_enable();
	bool ok = timer_rounds(cpu);

	ready = 1;
	dsb(ish);
	gic_send_sgi(SGI_WAKE, 0);
	ok = ok && wait_wfi(&counts[1][SGI_PING], PINGS);
	done1 = ok ? 1 : 2;
	dsb(ish);
	gic_send_sgi(SGI_WAKE, 0);
	for (;;)
		wfi();
}

int main(void)
{
	bool ok;

	if (nr_cpus() < 2)
		report_abort("needs 2 CPUs (--cpus 2)");
	tt_init();
	if (!tt_gic)
		report_abort("needs a GIC");
	install_irq_handler(irq_handler);
	gic_enable_irq(SGI_PONG);
	gic_enable_irq(SGI_WAKE);
	report(smp_start(1, secondary) == 0, "CPU 1 started");
	local_irq_enable();
	ok = timer_rounds(0);
	report(ok, "CPU 0: %d rounds of both timers", ROUNDS);
	report(wait_wfi(&ready, 1), "CPU 1: finished its timer rounds");
	for (uint32_t i = 1; i <= PINGS; i++) {
		gic_send_sgi(SGI_PING, 1);
		if (!wait_wfi(&counts[0][SGI_PONG], i))
			break;
	}
	report(wait_wfi(&done1, 1) && done1 == 1, "CPU 1: %d pings taken",
	       PINGS);
	local_irq_disable();
	for (int cpu = 0; cpu < 2; cpu++) {
		for (int i = 0; i < 32; i++)
			if (counts[cpu][i])
				printf("COUNT: cpu=%d intid=%d n=%u\n", cpu, i,
				       counts[cpu][i]);
		report(counts[cpu][tt_intid[TIMER_VIRT]] == ROUNDS &&
			       counts[cpu][tt_intid[TIMER_PHYS]] == ROUNDS,
		       "CPU %d: each timer fired %d times", cpu, ROUNDS);
		report(!unexpected[cpu], "CPU %d: no SPI", cpu);
	}
	report(counts[1][SGI_PING] == PINGS && counts[0][SGI_PONG] == PINGS,
	       "%d pings and %d pongs", PINGS, PINGS);
	return 0;
}
