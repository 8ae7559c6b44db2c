/* SPDX-License-Identifier: MIT */
/* Generic timer counter helpers (Arm ARM D11.1): CNTFRQ_EL0 gives the
 * frequency, CNTVCT_EL0 the virtual count. */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <stdint.h>

#include "sysreg.h"

static inline uint64_t cnt_freq(void)
{
	return read_sysreg(cntfrq_el0) & 0xffffffffu;
}

static inline uint64_t cnt_read(void)
{
	isb(); /* CNTVCT reads may be speculated (Arm ARM D11.2.2) */
	return read_sysreg(cntvct_el0);
}

static inline uint64_t us_to_ticks(uint64_t us)
{
	return us * cnt_freq() / 1000000u;
}

static inline uint64_t ticks_to_us(uint64_t ticks)
{
	uint64_t f = cnt_freq();
	return f ? ticks * 1000000u / f : 0;
}

/* Busy-wait for us microseconds. */
static inline void udelay(uint64_t us)
{
	uint64_t end = cnt_read() + us_to_ticks(us);
	while (cnt_read() < end)
		cpu_relax();
}

#endif
