// SPDX-License-Identifier: MIT
/*
 * bench_sgi: the cost of an SGI.
 *  - round trip between two CPUs: cpu0 sends SGI 1 to cpu1, whose handler
 *    sends SGI 2 back; cpu0 waits (WFI) for it; CNTVCT delta over N round
 *    trips;
 *  - self-IPI: with IRQs masked, send SGI 3 to self, acknowledge (poll the
 *    IAR), EOI; per iteration.
 * Prints `BENCH: <key> <value> <unit>` lines (bench/bench_sgi.sh).
 */
#include "sdk.h"

#define ROUND_TRIPS 2000
#define SELF_ITERS 5000
#define SGI_PING 1
#define SGI_PONG 2
#define SGI_SELF 3

static volatile uint32_t pongs, online;
static volatile int stop;

static void irq_handler(struct exc_frame *f)
{
	uint32_t iar = gic_ack();
	unsigned irq = gic_irqnr(iar);

	(void)f;
	if (irq >= 1020)
		return;
	if (irq == SGI_PING)
		gic_send_sgi(SGI_PONG, 0);
	else if (irq == SGI_PONG)
		pongs++;
	gic_eoi(iar);
}

static void responder(int cpu)
{
	(void)cpu;
	gic_init_secondary();
	local_irq_enable();
	atomic_inc(&online);
	while (!atomic_read(&stop)) {
		/* Check and WFI with IRQs masked: no lost wake-up. */
		local_irq_disable();
		if (!atomic_read(&stop))
			wfi();
		local_irq_enable();
	}
	local_irq_disable();
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	return ticks * 1000000000ull / cnt_freq();
}

static void bench_round_trip(void)
{
	uint64_t t0, t1, end;

	/* Warm up, then measure. */
	for (int pass = 0; pass < 2; pass++) {
		int n = pass ? ROUND_TRIPS : 100;

		t0 = cnt_read();
		for (int i = 0; i < n; i++) {
			uint32_t want = pongs + 1;

			gic_send_sgi(SGI_PING, 1);
			end = cnt_read() + us_to_ticks(2000000);
			while (atomic_read(&pongs) < want && cnt_read() < end) {
				local_irq_disable();
				if (atomic_read(&pongs) < want)
					wfi();
				local_irq_enable();
			}
			if (atomic_read(&pongs) < want) {
				report(false, "round trip %d: no answer", i);
				return;
			}
		}
		t1 = cnt_read();
		if (pass)
			printf("BENCH: sgi_roundtrip %lu ns\n",
			       ticks_to_ns(t1 - t0) / (uint64_t)n);
	}
	report(true, "%d SGI round trips cpu0 -> cpu1 -> cpu0", ROUND_TRIPS);
}

static void bench_self(void)
{
	uint64_t t0, t1;
	unsigned bad = 0;

	local_irq_disable();
	for (int pass = 0; pass < 2; pass++) {
		int n = pass ? SELF_ITERS : 100;

		t0 = cnt_read();
		for (int i = 0; i < n; i++) {
			uint32_t iar;
			int spins = 0;

			gic_send_sgi_self(SGI_SELF);
			while (gic_irqnr(iar = gic_ack()) == GIC_SPURIOUS &&
			       ++spins < 1000000)
				;
			if (gic_irqnr(iar) != SGI_SELF)
				bad++;
			gic_eoi(iar);
		}
		t1 = cnt_read();
		if (pass)
			printf("BENCH: sgi_self %lu ns\n",
			       ticks_to_ns(t1 - t0) / (uint64_t)n);
	}
	local_irq_enable();
	report(bad == 0, "%d self-IPIs sent, acknowledged and EOIed (%u bad)",
	       SELF_ITERS, bad);
}

int main(void)
{
	if (!gic_version() || nr_cpus() < 2) {
		report_skip("needs a GIC and 2 CPUs");
		return 0;
	}
	gic_init();
	install_irq_handler(irq_handler);
	gic_enable_irq(SGI_PING);
	gic_enable_irq(SGI_PONG);
	gic_enable_irq(SGI_SELF);
	local_irq_enable();
	printf("INFO: GICv%d\n", gic_version());
	if (smp_start(1, responder) != PSCI_RET_SUCCESS) {
		report(false, "CPU_ON cpu1");
		return 0;
	}
	while (!atomic_read(&online))
		cpu_relax();
	bench_self();
	bench_round_trip();
	atomic_set(&stop, 1);
	gic_send_sgi(SGI_PING + 14, 1); /* SGI 15: wake it to stop */
	smp_wait_affinity(1, PSCI_AFF_OFF, 2000000);
	return 0;
}
