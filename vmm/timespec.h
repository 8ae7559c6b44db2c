/* SPDX-License-Identifier: MIT */
/* CLOCK_MONOTONIC deadlines for the VMM's timed waits (main.c, console.c). */
#ifndef VMM_TIMESPEC_H
#define VMM_TIMESPEC_H

#include <stdbool.h>
#include <time.h>

static inline void timespec_add_ms(struct timespec *t, long ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static inline bool timespec_before(const struct timespec *a,
				   const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Now plus ms, on CLOCK_MONOTONIC (the clock of every condvar here). */
static inline struct timespec deadline_after_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	timespec_add_ms(&t, ms);
	return t;
}

#endif
