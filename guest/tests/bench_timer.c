// SPDX-License-Identifier: MIT
/*
 * bench_timer: timer-interrupt latency, deadline -> handler entry, measured
 * in the guest as CNTVCT at IRQ handler entry minus CVAL (the virtual
 * timer), over SAMPLES interrupts after a warm-up, in two ways:
 *  - wfi:  the CPU sleeps in WFI until the timer (a sleeping vCPU woken by
 *          its background deadline);
 *  - spin: the CPU spins with IRQs unmasked (a running vCPU kicked at the
 *          deadline).
 * Deadlines are 200..455 us ahead (varied, so that nothing phase-locks).
 * Works with a GIC or with armvisor's user irqchip (timer_test.h).
 * Prints `BENCH: timer_<mode>_<p50|p99|max> <ns> ns` (bench/bench_timer.sh)
 * and the distribution as `BENCH: timer_<mode>_q<per-mille> <ns> ns` lines
 * (bench/plot.sh draws them).
 */
#include "timer_test.h"

#define SAMPLES 1000
#define WARMUP 50

static uint64_t lat[SAMPLES];
/* The distribution's points, per mille (bench/plot.sh). */
static const unsigned quantiles[] = { 10,  50,  100, 200, 300, 400, 500,
				      600, 700, 800, 900, 950, 990, 999 };

static void sort_u64(uint64_t *a, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t v = a[i];
		int j = i - 1;

		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

/* One interrupt; returns its lateness in ticks, or ~0 on timeout. */
static uint64_t one_sample(bool wfi_wait, int i)
{
	struct tt_timer_log *l = &tt_log[0].t[TIMER_VIRT];
	uint32_t want = l->count + 1;
	uint64_t cval, end;

	local_irq_disable();
	cval = timer_count(TIMER_VIRT) + us_to_ticks(200 + (i * 37) % 256);
	timer_arm_cval(TIMER_VIRT, cval);
	end = cval + us_to_ticks(1000000);
	if (wfi_wait) {
		while (l->count < want && cnt_read() < end) {
			/* masked check + WFI: no lost wake-up */
			wfi();
			local_irq_enable();
			isb();
			local_irq_disable();
		}
	} else {
		local_irq_enable();
		while (l->count < want && cnt_read() < end)
			;
		local_irq_disable();
	}
	if (l->count < want)
		return ~0ull;
	return l->entry - l->cval;
}

static void run(bool wfi_wait)
{
	const char *mode = wfi_wait ? "wfi" : "spin";
	int bad = 0;

	for (int i = 0; i < WARMUP; i++)
		one_sample(wfi_wait, i);
	for (int i = 0; i < SAMPLES; i++) {
		uint64_t t = one_sample(wfi_wait, i);

		if (t == ~0ull) {
			bad++;
			t = 0;
		}
		lat[i] = tt_ticks_to_ns(t);
	}
	timer_disable(TIMER_VIRT);
	sort_u64(lat, SAMPLES);
	printf("BENCH: timer_%s_p50 %lu ns\n", mode,
	       (unsigned long)lat[SAMPLES / 2]);
	printf("BENCH: timer_%s_p99 %lu ns\n", mode,
	       (unsigned long)lat[SAMPLES * 99 / 100]);
	printf("BENCH: timer_%s_max %lu ns\n", mode,
	       (unsigned long)lat[SAMPLES - 1]);
	for (unsigned i = 0; i < sizeof(quantiles) / sizeof(*quantiles); i++)
		printf("BENCH: timer_%s_q%u %lu ns\n", mode, quantiles[i],
		       (unsigned long)lat[SAMPLES * quantiles[i] / 1000]);
	report(bad == 0, "%s: %d timer interrupts (%d timed out)", mode,
	       SAMPLES, bad);
	report(tt_log[0].t[TIMER_VIRT].early == 0, "%s: none before CVAL",
	       mode);
}

int main(void)
{
	tt_init();
	run(true);
	run(false);
	return 0;
}
