// SPDX-License-Identifier: MIT
/*
 * bench_spin: two vCPUs that compete, measured in the guest with CNTVCT
 * (bench/bench_spin.sh):
 *   hvc_sibling_spin  one PSCI_VERSION HVC to the VMM, timed one by one,
 *                     while the other vCPU spins on a flag (no WFE): p50,
 *                     p99 and max in ns.  On armvisor's Unicorn engine the
 *                     exiting vCPU gives the execution token away; this is
 *                     what it costs to get it back.
 *   hvc_alone         the same with the other vCPU powered off, for
 *                     reference.
 *   spinlock          both vCPUs take an LDAXR/STXR + WFE spinlock (the
 *                     SDK's, Arm ARM K11.3.1) around an increment for
 *                     RUN_MS of counter time: increments per second.
 * Needs --cpus 2.
 */
#include "sdk.h"
#include "spinlock.h"

#define SAMPLES 2000
#define RUN_MS 500

static volatile uint32_t spin_go, spin_stop, spinning;
static volatile uint64_t lock_count[2];
static spinlock_t lock = SPINLOCK_INIT;
static volatile uint64_t shared;
static volatile uint64_t lock_end;
static volatile uint32_t lock_start, lock_done;
static uint64_t samples[SAMPLES];

static uint64_t ticks_to_ns(uint64_t t)
{
	return t * 1000000000ull / cnt_freq();
}

static void sibling_spin(int cpu)
{
	(void)cpu;
	spinning = 1;
	while (!spin_stop)
		asm volatile("" ::: "memory");
	spinning = 0;
}

static void lock_loop(int cpu)
{
	uint64_t n = 0;

	while (!lock_start)
		asm volatile("" ::: "memory");
	while (cnt_read() < lock_end) {
		for (int i = 0; i < 64; i++) {
			spin_lock(&lock);
			shared++;
			spin_unlock(&lock);
		}
		n += 64;
	}
	lock_count[cpu] = n;
	atomic_inc(&lock_done);
}

static void sibling_lock(int cpu)
{
	lock_loop(cpu);
}

static void sort(uint64_t *a, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = a[i];
		int j = i - 1;

		while (j >= 0 && a[j] > x) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = x;
	}
}

static void hvc_latency(const char *name)
{
	for (int i = 0; i < SAMPLES; i++) {
		uint64_t t0 = cnt_read();

		(void)psci_version();
		samples[i] = cnt_read() - t0;
	}
	sort(samples, SAMPLES);
	printf("BENCH: %s_p50 %lu ns\n", name,
	       (unsigned long)ticks_to_ns(samples[SAMPLES / 2]));
	printf("BENCH: %s_p99 %lu ns\n", name,
	       (unsigned long)ticks_to_ns(samples[SAMPLES * 99 / 100]));
	printf("BENCH: %s_max %lu ns\n", name,
	       (unsigned long)ticks_to_ns(samples[SAMPLES - 1]));
}

static bool wait_flag(volatile uint32_t *p, uint32_t want)
{
	uint64_t end = cnt_read() + us_to_ticks(10000000);

	while (*p != want)
		if (cnt_read() > end)
			return false;
	return true;
}

int main(void)
{
	uint64_t total;

	if (nr_cpus() < 2)
		report_abort("bench_spin needs --cpus 2");
	hvc_latency("hvc_alone");

	if (smp_start(1, sibling_spin) != PSCI_RET_SUCCESS ||
	    !wait_flag(&spinning, 1))
		report_abort("the sibling vCPU did not start");
	hvc_latency("hvc_sibling_spin");
	spin_stop = 1;
	if (!wait_flag(&spinning, 0))
		report_abort("the sibling vCPU did not stop spinning");
	/* The sibling returns from its function and powers itself off. */
	if (smp_wait_affinity(1, PSCI_AFF_OFF, 10000000) != PSCI_AFF_OFF)
		report_abort("the sibling vCPU did not power off");

	lock_end = cnt_read() + us_to_ticks(RUN_MS * 1000) +
		   us_to_ticks(20000);
	if (smp_start(1, sibling_lock) != PSCI_RET_SUCCESS)
		report_abort("the sibling vCPU did not start again");
	lock_start = 1;
	lock_loop(0);
	if (!wait_flag(&lock_done, 2))
		report_abort("the sibling vCPU did not finish");
	total = lock_count[0] + lock_count[1];
	printf("BENCH: spinlock_ops_per_s %lu ops\n",
	       (unsigned long)(total * 1000 / RUN_MS));
	printf("BENCH: spinlock_share_cpu1_pct %lu pct\n",
	       (unsigned long)(total ? lock_count[1] * 100 / total : 0));
	report(shared == total, "spinlock: %lu increments, none lost",
	       (unsigned long)total);
	report_summary();
}
