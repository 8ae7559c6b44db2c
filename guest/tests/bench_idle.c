// SPDX-License-Identifier: MIT
/*
 * bench_idle: every CPU sits in WFI with IRQs masked and no timer armed, for
 * ever.  The boot CPU starts all the others (PSCI CPU_ON), waits until each
 * is in its WFI loop, prints `BENCH: idle_ready <n> cpus` and joins them.
 * bench/bench_idle.sh then measures the host CPU time the VMM process uses
 * over 10 seconds and stops it: an idle vCPU should cost nothing.
 */
#include "sdk.h"

static volatile uint32_t online;

static void __attribute__((noreturn)) idle(void)
{
	local_irq_disable();
	for (;;)
		wfi();
}

static void secondary(int cpu)
{
	(void)cpu;
	atomic_inc(&online);
	idle();
}

int main(void)
{
	int n = nr_cpus();
	uint64_t end;

	for (int cpu = 1; cpu < n; cpu++)
		if (smp_start(cpu, secondary) != 0)
			report_abort("CPU %d did not start", cpu);
	end = cnt_read() + us_to_ticks(60 * 1000000ul);
	while (atomic_read(&online) < (uint32_t)(n - 1) && cnt_read() < end)
		;
	printf("BENCH: idle_ready %u cpus\n", atomic_read(&online) + 1);
	idle();
}
