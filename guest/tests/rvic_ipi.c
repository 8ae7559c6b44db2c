// SPDX-License-Identifier: MIT
/*
 * rvic_ipi: IPIs among four vCPUs through the rVIC (intids 0..15).  Every
 * CPU sends one IPI to every other CPU (intid = sender), then several rounds
 * of the same; each receiver must take each IPI exactly once per round:
 * nothing lost, nothing doubled.  armvisor --irqchip rvic only.
 */
#include "sdk.h"

#define NCPUS 4
#define ROUNDS 50
#define TIMEOUT_US 10000000ul

static volatile unsigned got[NCPUS][NCPUS]; /* [receiver][sender] */
static volatile int ready, round_go, sent;

static void ipi_handler(uint32_t intid, void *arg)
{
	(void)arg;
	got[smp_processor_id()][intid]++;
}

static bool wait_all(unsigned want)
{
	uint64_t end = cnt_read() + us_to_ticks(TIMEOUT_US);

	for (;;) {
		bool all = true;

		for (int r = 0; r < NCPUS; r++)
			for (int s = 0; s < NCPUS; s++)
				if (r != s && got[r][s] < want)
					all = false;
		if (all)
			return true;
		if (cnt_read() > end)
			return false;
		cpu_relax();
	}
}

static void send_round(int me)
{
	for (int to = 0; to < NCPUS; to++)
		if (to != me && rvic_send_ipi(to, (uint32_t)me) != 0)
			report_info("CPU %d: SIGNAL to %d failed", me, to);
	atomic_inc(&sent);
}

static void cpu_main(int cpu)
{
	rvic_cpu_init();
	for (uint32_t i = 0; i < NCPUS; i++)
		rvic_unmask(i);
	local_irq_enable();
	atomic_inc(&ready);
	for (int r = 1; r <= ROUNDS; r++) {
		while (atomic_read(&round_go) < r)
			wfe();
		send_round(cpu);
	}
	while (atomic_read(&round_go) <= ROUNDS)
		wfi();
	local_irq_disable();
}

int main(void)
{
	bool ok = true;

	if (rvic_probe()) {
		report_skip("no rVIC (armvisor --irqchip rvic only)");
		return 0;
	}
	if (nr_cpus() < NCPUS) {
		report_skip("needs %d CPUs", NCPUS);
		return 0;
	}
	for (uint32_t i = 0; i < NCPUS; i++)
		rvic_request(i, false, ipi_handler, NULL);
	rvic_cpu_init();
	for (uint32_t i = 0; i < NCPUS; i++)
		rvic_unmask(i);
	local_irq_enable();
	for (int c = 1; c < NCPUS; c++)
		report(smp_start(c, cpu_main) == 0, "CPU %d on", c);
	while (atomic_read(&ready) < NCPUS - 1)
		cpu_relax();
	for (int r = 1; r <= ROUNDS && ok; r++) {
		atomic_set(&round_go, r);
		sev();
		send_round(0);
		ok = wait_all((unsigned)r);
		if (r == 1)
			report(ok, "round 1: all 12 IPIs taken");
	}
	udelay(50000); /* anything doubled would show up now */
	unsigned bad = 0;

	for (int r = 0; r < NCPUS; r++)
		for (int s = 0; s < NCPUS; s++)
			if (r != s && got[r][s] != ROUNDS) {
				bad++;
				report_info("CPU %d took %u IPIs from CPU %d", r,
					    got[r][s], s);
			}
	report(ok && !bad, "%d rounds: every IPI taken exactly once", ROUNDS);
	unsigned spurious = 0;

	for (int c = 0; c < NCPUS; c++)
		spurious += rvic_spurious[c];
	report_info("spurious IRQ entries: %u", spurious);
	atomic_set(&round_go, ROUNDS + 1);
	for (int c = 1; c < NCPUS; c++)
		rvic_send_ipi(c, 0); /* wake them from WFI */
	return 0;
}
