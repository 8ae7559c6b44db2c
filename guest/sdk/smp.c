// SPDX-License-Identifier: MIT
/* Secondary CPU start-up through PSCI CPU_ON. */
#include "sdk.h"

static secondary_fn volatile smp_fns[MAX_CPUS];
static volatile uint64_t smp_contexts[MAX_CPUS];
static int cpu_count;

int nr_cpus(void)
{
	if (!cpu_count) {
		int n = fdt_count_cpus();
		cpu_count = n > 0 ? n : 1;
		if (cpu_count > MAX_CPUS)
			cpu_count = MAX_CPUS;
	}
	return cpu_count;
}

void smp_set_fn(int cpu, secondary_fn fn)
{
	smp_fns[cpu] = fn;
	/* The secondary may start with its caches off: clean to PoC. */
	asm volatile("dc cvac, %0" ::"r"(&smp_fns[cpu]) : "memory");
	dsb(sy);
}

int64_t smp_start(int cpu, secondary_fn fn)
{
	smp_set_fn(cpu, fn);
	return psci_cpu_on(cpu_mpidr(cpu), (uint64_t)secondary_entry,
			   (uint64_t)cpu);
}

uint64_t smp_context_id(int cpu) { return smp_contexts[cpu]; }

int64_t smp_wait_affinity(int cpu, int64_t state, uint64_t timeout_us)
{
	uint64_t end = cnt_read() + us_to_ticks(timeout_us);
	int64_t r;

	for (;;) {
		r = psci_affinity_info(cpu_mpidr(cpu), 0);
		if (r == state || cnt_read() >= end)
			return r;
		udelay(100);
	}
}

/* Called by crt0's secondary_entry with the MMU on (if the boot CPU has it
 * on) and x0 = the CPU_ON context id. */
void secondary_main(uint64_t context)
{
	int cpu = smp_processor_id();
	secondary_fn fn = smp_fns[cpu];

	smp_contexts[cpu] = context;
	dsb(ish);
	if (fn)
		fn(cpu);
	int64_t r = psci_cpu_off();
	report_abort("CPU %d: PSCI CPU_OFF returned %ld", cpu, (long)r);
}
