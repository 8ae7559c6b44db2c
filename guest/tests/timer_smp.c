// SPDX-License-Identifier: MIT
/*
 * Both EL1 timers armed together on every CPU (4 in the manifest): each CPU
 * runs ROUNDS rounds, arming its virtual and physical timer with deadlines
 * a little apart (and different per CPU), then waits for both interrupts -
 * odd CPUs asleep in WFI (the vCPU's one background deadline must wake it),
 * even CPUs spinning (the running vCPU must be kicked at the deadline).
 * Each timer's interrupt must reach its own CPU, once per round, never
 * before CVAL.  Per-CPU lateness is INFO.
 */
#include "timer_test.h"

#define ROUNDS 20
#define TIMEOUT_US 2000000

static volatile uint32_t done[TT_MAX_CPUS];
static volatile uint32_t failed_wait[TT_MAX_CPUS];
static volatile uint64_t first_late[TT_MAX_CPUS];

static void run_rounds(int cpu)
{
	struct tt_timer_log *v = &tt_log[cpu].t[TIMER_VIRT];
	struct tt_timer_log *p = &tt_log[cpu].t[TIMER_PHYS];

	for (uint32_t r = 1; r <= ROUNDS; r++) {
		uint64_t end;

		local_irq_disable();
		timer_arm_cval(TIMER_VIRT, timer_count(TIMER_VIRT) +
						   us_to_ticks(300 + 37 * cpu));
		timer_arm_cval(TIMER_PHYS, timer_count(TIMER_PHYS) +
						   us_to_ticks(400 + 53 * cpu));
		end = cnt_read() + us_to_ticks(TIMEOUT_US);
		if (cpu & 1) {
			/* WFI with PSTATE.I set, then take what woke us. */
			while ((v->count < r || p->count < r) &&
			       cnt_read() < end) {
				wfi();
				local_irq_enable();
				isb();
				local_irq_disable();
			}
		} else {
			local_irq_enable();
			while ((v->count < r || p->count < r) &&
			       cnt_read() < end)
				;
			local_irq_disable();
		}
		if (v->count < r || p->count < r) {
			failed_wait[cpu] = r;
			break;
		}
		if (r == 1) {
			/* Round 1 overlaps the start-up of the other CPUs
			 * (and code translation): its lateness is not what
			 * the INFO lines are about. */
			first_late[cpu] = v->max_late > p->max_late
						  ? v->max_late
						  : p->max_late;
			v->max_late = p->max_late = 0;
		}
	}
	timer_disable(TIMER_VIRT);
	timer_disable(TIMER_PHYS);
	dsb(ish);
	done[cpu] = 1;
}

static void secondary(int cpu)
{
	tt_cpu_init(false);
	run_rounds(cpu);
}

int main(void)
{
	int n = nr_cpus();

	if (n > TT_MAX_CPUS)
		n = TT_MAX_CPUS;
	tt_init();
	tt_reset_logs();
	for (int cpu = 1; cpu < n; cpu++)
		report(smp_start(cpu, secondary) == 0, "CPU %d started", cpu);
	run_rounds(0);
	uint64_t end = cnt_read() + us_to_ticks(30 * 1000000ul);

	for (int cpu = 1; cpu < n; cpu++)
		while (!done[cpu] && cnt_read() < end)
			;
	for (int cpu = 0; cpu < n; cpu++) {
		for (int t = 0; t < NR_ARCH_TIMERS; t++) {
			struct tt_timer_log *l = &tt_log[cpu].t[t];

			report(done[cpu] && !failed_wait[cpu] &&
				       l->count == ROUNDS,
			       "CPU %d %s: %u/%u interrupts%s", cpu,
			       timer_name(t), l->count, ROUNDS,
			       failed_wait[cpu] ? " (timed out)" : "");
			report(l->early == 0, "CPU %d %s: none before CVAL",
			       cpu, timer_name(t));
			report_info("CPU %d %s: max lateness %lu ns (rounds "
				    "2..%d)",
				    cpu, timer_name(t),
				    (unsigned long)tt_ticks_to_ns(l->max_late),
				    ROUNDS);
		}
		report_info("CPU %d: round 1 lateness %lu ns", cpu,
			    (unsigned long)tt_ticks_to_ns(first_late[cpu]));
		report(tt_log[cpu].other == 0,
		       "CPU %d: no interrupt at another INTID", cpu);
		if (tt_log[cpu].spurious)
			report_info("CPU %d: %u spurious entries", cpu,
				    tt_log[cpu].spurious);
	}
	return 0;
}
