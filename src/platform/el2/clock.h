/* SPDX-License-Identifier: MIT */
/*
 * Time on the EL2 image: the physical counter CNTPCT_EL0 at CNTFRQ_EL0
 * (Arm ARM D11.1.2).  Nanoseconds are derived exactly (timer/counter.h):
 * el2_ticks_to_ns rounds up, so converting a reading back with
 * counter_ns_to_ticks gives the same tick, and el2_ns_to_cval gives the
 * first tick at which el2_ns() reaches a deadline.
 */
#ifndef AV_EL2_CLOCK_H
#define AV_EL2_CLOCK_H

#include <stdint.h>

#include "platform/el2/arch.h"
#include "timer/counter.h"

extern uint64_t el2_cntfrq;

/* Boot pCPU, before anything reads the time. */
void el2_clock_init(void);

static inline uint64_t el2_ticks(void)
{
	/* The ISB keeps the read from being taken early (Arm ARM D11.1.2:
	 * reads of CNTPCT_EL0 can occur speculatively and out of order). */
	isb();
	return read_sysreg(cntpct_el0);
}

static inline uint64_t el2_ticks_to_ns(uint64_t ticks)
{
	return counter_ticks_to_ns(ticks, el2_cntfrq);
}

/* The smallest tick t with el2_ticks_to_ns(t) >= ns: ceil(t * 1e9 / f) >=
 * ns  <=>  t > (ns - 1) * f / 1e9.  0 for ns == 0. */
static inline uint64_t el2_ns_to_cval(uint64_t ns)
{
	return ns ? counter_ns_to_ticks(ns - 1, el2_cntfrq) + 1 : 0;
}

static inline uint64_t el2_ns(void)
{
	return el2_ticks_to_ns(el2_ticks());
}

/* Busy-wait (pCPU bring-up, tests). */
void el2_udelay(uint64_t us);

#endif
