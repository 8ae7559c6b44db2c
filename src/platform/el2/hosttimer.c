// SPDX-License-Identifier: MIT
/*
 * plat_timer_* and the idle wait (hosttimer.h).  One lock guards which list
 * a timer is on (timers move between pCPUs: plat_timer_arm puts a timer on
 * the arming pCPU's list, whose CNTHP then serves it); callbacks run without
 * it, on the pCPU whose list the timer was on.
 */
#include <stdatomic.h>
#include <stddef.h>

#include "engine/el2/hyptimer.h"
#include "engine/el2/irq.h"
#include "platform/el2/alloc.h"
#include "platform/el2/clock.h"
#include "platform/el2/hosttimer.h"
#include "platform/el2/percpu.h"
#include "platform/platform.h"

static el2_spinlock timers_lock = EL2_SPINLOCK_INIT;

void el2_timers_reprogram(void)
{
	struct el2_cpu *c = this_cpu();
	uint64_t next, wait = c->wait_on_cntv ? 0 : c->wait_deadline;

	el2_spin_lock(&timers_lock);
	next = el2_timerq_next(&c->timers);
	el2_spin_unlock(&timers_lock);
	if (wait && (!next || wait < next))
		next = wait;
	el2_hyptimer_set(el2_ns_to_cval(next));
}

void el2_timers_expire(void)
{
	struct el2_cpu *c = this_cpu();

	for (;;) {
		struct plat_timer *t;

		el2_spin_lock(&timers_lock);
		t = el2_timerq_pop_due(&c->timers, el2_ns());
		el2_spin_unlock(&timers_lock);
		if (!t)
			break;
		t->fn(t->arg);
		atomic_store_explicit(&t->running, 0, memory_order_release);
	}
	el2_timers_reprogram();
}

void el2_timers_init_cpu(void)
{
	el2_hyptimer_init_cpu(el2_timers_expire);
}

plat_timer *plat_timer_create(void (*fn)(void *arg), void *arg)
{
	struct plat_timer *t = plat_zalloc(sizeof(*t));

	if (t) {
		t->fn = fn;
		t->arg = arg;
	}
	return t;
}

void plat_timer_arm(plat_timer *t, uint64_t deadline_ns)
{
	struct el2_cpu *c = this_cpu();
	bool first;

	/* platform.h: the deadline is absolute; 0 means "now" here as on
	 * POSIX (the earliest possible deadline). */
	if (!deadline_ns)
		deadline_ns = 1;
	el2_spin_lock(&timers_lock);
	if (t->q)
		el2_timerq_remove(t->q, t);
	first = el2_timerq_insert(&c->timers, t, deadline_ns);
	el2_spin_unlock(&timers_lock);
	if (first)
		el2_timers_reprogram();
}

void plat_timer_cancel(plat_timer *t)
{
	/* A pCPU whose CNTHP was armed for t takes one interrupt that finds
	 * nothing due, and re-arms for the rest. */
	el2_spin_lock(&timers_lock);
	if (t->q)
		el2_timerq_remove(t->q, t);
	el2_spin_unlock(&timers_lock);
}

void plat_timer_destroy(plat_timer *t)
{
	if (!t)
		return;
	plat_timer_cancel(t);
	/* A callback running on another pCPU finishes first (platform.h).
	 * Not from t's own callback. */
	while (atomic_load_explicit(&t->running, memory_order_acquire))
		cpu_relax();
	plat_free(t);
}

bool el2_idle_until(uint64_t deadline_ns)
{
	struct el2_cpu *c = this_cpu();

	if (deadline_ns && el2_ns() >= deadline_ns)
		return false;
	c->wait_deadline = deadline_ns;
	/* The wait's deadline on another timer when the engine has one:
	 * CNTHP then keeps its deadline across the wait (re-arming it to a
	 * new one costs ~17 us under QEMU TCG, measured, on the way from
	 * the wake-up back to the guest). */
	c->wait_on_cntv = deadline_ns && el2_wait_timer_arm(deadline_ns);
	el2_timers_reprogram();
	/* A pending interrupt ends WFI even with PSTATE.I set (Arm ARM
	 * D1.16.2, "WFI wake-up events"); we then handle it here. */
	wfi();
	/* The wait is over: a CNTHP interrupt handled below must not re-arm
	 * CNTHP for its passed deadline (it would fire again at once, and
	 * el2_irq_handle would take it until its bound of 64). */
	c->wait_deadline = 0;
	el2_irq_handle();
	/* Do not leave a timer armed for a wait that is over (for CNTHP a
	 * no-op when its interrupt above re-armed it already). */
	if (c->wait_on_cntv) {
		c->wait_on_cntv = false;
		el2_wait_timer_disarm();
	} else if (deadline_ns) {
		el2_timers_reprogram();
	}
	return !deadline_ns || el2_ns() < deadline_ns;
}
