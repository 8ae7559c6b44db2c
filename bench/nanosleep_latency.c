// SPDX-License-Identifier: MIT
/*
 * The host's own timer wake-up latency, the floor under any guest timer
 * figure: SAMPLES absolute clock_nanosleep(CLOCK_MONOTONIC) sleeps of
 * 200..455 us (varied as bench_timer.c's deadlines are), lateness = wake-up
 * time - deadline.  Prints the same BENCH lines as the guest:
 *   BENCH: timer_host_p50 <ns> ns  (p99, max; q<per-mille> for plots)
 * With the argument "precise" the thread first sets its timer slack to 1 ns
 * (prctl PR_SET_TIMERSLACK), as armvisor's timer and vCPU threads (and
 * QEMU's) do; without it Linux may end each sleep up to 50 us late.
 * Built and run by bench/bench_timer.sh.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#define SAMPLES 1000
#define WARMUP 50

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static uint64_t lat[SAMPLES];

	if (argc > 1 && !strcmp(argv[1], "precise"))
		prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);

	for (int i = -WARMUP; i < SAMPLES; i++) {
		uint64_t target = now_ns() + (200 + (uint64_t)((i + WARMUP) * 37 % 256)) * 1000;
		struct timespec ts = { .tv_sec = (time_t)(target / 1000000000ull),
				       .tv_nsec = (long)(target % 1000000000ull) };

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
			;
		if (i >= 0)
			lat[i] = now_ns() - target;
	}
	qsort(lat, SAMPLES, sizeof(lat[0]), cmp_u64);
	printf("BENCH: timer_host_p50 %llu ns\n",
	       (unsigned long long)lat[SAMPLES / 2]);
	printf("BENCH: timer_host_p99 %llu ns\n",
	       (unsigned long long)lat[SAMPLES * 99 / 100]);
	printf("BENCH: timer_host_max %llu ns\n",
	       (unsigned long long)lat[SAMPLES - 1]);
	/* The distribution, as bench_timer.c prints it (bench/plot.sh). */
	static const unsigned q[] = { 10,  50,	100, 200, 300, 400, 500,
				      600, 700, 800, 900, 950, 990, 999 };
	for (unsigned i = 0; i < sizeof(q) / sizeof(*q); i++)
		printf("BENCH: timer_host_q%u %llu ns\n", q[i],
		       (unsigned long long)lat[SAMPLES * q[i] / 1000]);
	return 0;
}
