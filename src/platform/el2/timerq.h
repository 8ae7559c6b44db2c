/* SPDX-License-Identifier: MIT */
/*
 * One-shot host timers (platform.h plat_timer_*) on the EL2 image: a
 * per-pCPU list sorted by deadline, served by the EL2 physical timer CNTHP
 * (engine/el2/hyptimer.c).  A timer lives on the list of the pCPU that armed
 * it last and its callback runs there, at EL2 with interrupts masked, from
 * el2_timers_run() (called when the CNTHP interrupt is handled: after a
 * guest exit or in the idle loop), never with a list lock held.
 *
 * The list operations are plain C (no hardware): tests/unit/test_el2_logic.c
 * runs them on the host.
 */
#ifndef AV_EL2_TIMERQ_H
#define AV_EL2_TIMERQ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "platform/el2/spinlock.h"

struct el2_timerq;

struct plat_timer {
	void (*fn)(void *arg);
	void *arg;
	uint64_t deadline;         /* monotonic ns; valid while queued */
	struct el2_timerq *q;      /* the list it is on, NULL when idle */
	struct plat_timer *next;
	_Atomic unsigned running;  /* its callback is running (on q's pCPU) */
};

struct el2_timerq {
	el2_spinlock lock;
	struct plat_timer *head; /* sorted by deadline, earliest first */
};

/* With q->lock held: insert t (not on any list) in deadline order; returns
 * true if it became the earliest. */
bool el2_timerq_insert(struct el2_timerq *q, struct plat_timer *t,
		       uint64_t deadline);
/* With q->lock held: take t off q if it is there. */
void el2_timerq_remove(struct el2_timerq *q, struct plat_timer *t);
/* With q->lock held: the first timer due at now_ns, taken off the list and
 * marked running; NULL if none. */
struct plat_timer *el2_timerq_pop_due(struct el2_timerq *q, uint64_t now_ns);
/* With q->lock held: the earliest deadline, 0 if the list is empty. */
uint64_t el2_timerq_next(const struct el2_timerq *q);

#endif
