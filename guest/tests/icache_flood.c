// SPDX-License-Identifier: MIT
/*
 * icache_flood (not a manifest test; tests/guest_limits.sh measures the
 * VMM's memory while it runs): every CPU issues IC IALLUIS and IC IVAU
 * over a range, many times, running code in between.  Under armvisor each
 * one used to make every other vCPU flush Unicorn's whole translation
 * cache, which commits its 1 GiB code buffer (issue 9, finding 4).
 */
#include "sdk.h"

#define ROUNDS 30

static volatile int finished;

static void flood(int cpu)
{
	(void)cpu;
	for (int i = 0; i < ROUNDS; i++) {
		asm volatile("ic ialluis" ::: "memory");
		dsb(ish);
		isb();
		/* IC IVAU over 64 KiB of this image's code */
		for (uintptr_t a = (uintptr_t)_text;
		     a < (uintptr_t)_text + 0x10000; a += 64)
			asm volatile("ic ivau, %0" ::"r"(a) : "memory");
		dsb(ish);
		isb();
		udelay(1000);
	}
	atomic_inc(&finished);
}

int main(void)
{
	int n = nr_cpus();
	uint64_t end;

	for (int c = 1; c < n; c++)
		smp_start(c, flood);
	flood(0);
	end = cnt_read() + us_to_ticks(60000000);
	while (atomic_read(&finished) < n && cnt_read() < end)
		cpu_relax();
	report(atomic_read(&finished) == n, "%d CPUs did %d rounds each",
	       atomic_read(&finished), ROUNDS);
	return 0;
}
