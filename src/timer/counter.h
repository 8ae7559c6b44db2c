/* SPDX-License-Identifier: MIT */
/*
 * Exact conversion between host nanoseconds and counter ticks (Arm ARM
 * D11.1.2: the counter is a 64-bit count at CNTFRQ).  128-bit intermediate
 * products: no drift and no overflow for any frequency up to 1 GHz and any
 * 64-bit interval.
 */
#ifndef AV_TIMER_COUNTER_H
#define AV_TIMER_COUNTER_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000ull

/* Ticks elapsed in ns nanoseconds: floor(ns * freq / 1e9). */
static inline uint64_t counter_ns_to_ticks(uint64_t ns, uint64_t freq)
{
	return (uint64_t)(((unsigned __int128)ns * freq) / NSEC_PER_SEC);
}

/* Nanoseconds until ticks more ticks have elapsed: the smallest ns with
 * ns_to_ticks(ns) >= ticks, i.e. ceil(ticks * 1e9 / freq).  Saturates at
 * UINT64_MAX. */
static inline uint64_t counter_ticks_to_ns(uint64_t ticks, uint64_t freq)
{
	unsigned __int128 ns =
		((unsigned __int128)ticks * NSEC_PER_SEC + freq - 1) / freq;

	return ns > UINT64_MAX ? UINT64_MAX : (uint64_t)ns;
}

/*
 * Elapsed ns (since the VM's counter epoch) at which a timer whose counter
 * reads count_now, while the VM counter reads host_ticks, reaches cval.
 * Returns 0 if it already has (Arm ARM D11.2.4: the condition is the
 * unsigned compare CVAL <= count).  Computed from the epoch, as the first
 * instant whose tick count is the target, so rounding never accumulates:
 * the result E is the smallest with counter_ns_to_ticks(E) >= target.
 * Saturates at UINT64_MAX ("never" in practice: 584 years).
 */
static inline uint64_t counter_deadline_ns(uint64_t host_ticks,
					   uint64_t count_now, uint64_t cval,
					   uint64_t freq)
{
	unsigned __int128 target, ns;

	if (cval <= count_now)
		return 0;
	target = (unsigned __int128)host_ticks + (cval - count_now);
	ns = (target * NSEC_PER_SEC + freq - 1) / freq;
	return ns > UINT64_MAX ? UINT64_MAX : (uint64_t)ns;
}

#endif
