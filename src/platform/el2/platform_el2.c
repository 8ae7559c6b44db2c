// SPDX-License-Identifier: MIT
/*
 * The platform layer (platform/platform.h) on the EL2 image: what src/core,
 * src/timer and src/irqchip get from the host when they run at EL2.
 *  - allocation: the image's heap (alloc.c);
 *  - mutex: a ticket spinlock (nothing is ever preempted at EL2);
 *  - event: one waiter idles its pCPU in WFI (with a CNTHP deadline);
 *    a signal from another pCPU sets a flag and sends it the kick SGI;
 *  - time: CNTPCT_EL0 in exact nanoseconds (clock.h);
 *  - one-shot timers: per-pCPU lists on CNTHP (hosttimer.c);
 *  - threads: none (one vCPU per pCPU, the core must not need them);
 *  - log: el2_log (UART or semihosting, log.h).
 */
#include <stdatomic.h>
#include <string.h>

#include "engine/el2/gic.h"
#include "engine/el2/irq.h"
#include "platform/el2/alloc.h"
#include "platform/el2/clock.h"
#include "platform/el2/hosttimer.h"
#include "platform/el2/log.h"
#include "platform/el2/percpu.h"
#include "platform/el2/spinlock.h"
#include "platform/platform.h"

extern char __heap_start[], __heap_end[];

struct el2_heap el2_heap;

void el2_platform_init(void)
{
	el2_heap_init(&el2_heap, __heap_start, __heap_end - __heap_start);
}

/* ---- allocation ---- */
void *plat_zalloc(size_t size)
{
	void *p = el2_heap_alloc(&el2_heap, size, 16);

	if (p)
		memset(p, 0, size);
	return p;
}

void plat_free(void *p)
{
	if (el2_heap_free(&el2_heap, p))
		el2_panic("plat_free(%p): not an allocated block", p);
}

/* ---- locks ---- */
/* The spinlock and, for plat_mutex_assert_held, the holder's pCPU + 1. */
struct el2_mutex {
	el2_spinlock l;
	_Atomic unsigned owner;
};
_Static_assert(sizeof(struct el2_mutex) <= sizeof(plat_mutex), "plat_mutex");

void plat_mutex_init(plat_mutex *m)
{
	el2_spin_init(&((struct el2_mutex *)m)->l);
	atomic_store_explicit(&((struct el2_mutex *)m)->owner, 0,
			      memory_order_relaxed);
}

void plat_mutex_destroy(plat_mutex *m)
{
	(void)m;
}

void plat_mutex_lock(plat_mutex *m)
{
	struct el2_mutex *em = (struct el2_mutex *)m;

	el2_spin_lock(&em->l);
#ifndef NDEBUG
	atomic_store_explicit(&em->owner, this_cpu_index() + 1,
			      memory_order_relaxed);
#endif
}

void plat_mutex_unlock(plat_mutex *m)
{
	struct el2_mutex *em = (struct el2_mutex *)m;

#ifndef NDEBUG
	atomic_store_explicit(&em->owner, 0, memory_order_relaxed);
#endif
	el2_spin_unlock(&em->l);
}

#ifndef NDEBUG
void plat_mutex_check_held(plat_mutex *m, const char *what)
{
	struct el2_mutex *em = (struct el2_mutex *)m;

	if (atomic_load_explicit(&em->owner, memory_order_relaxed) !=
	    this_cpu_index() + 1)
		el2_panic("lock %s not held", what);
}
#endif

/* ---- events ---- */
struct el2_event {
	_Atomic unsigned signalled;
	_Atomic int waiter; /* pCPU index of the one waiter, -1 if none */
};

_Static_assert(sizeof(struct el2_event) <= sizeof(plat_event), "plat_event");

void plat_event_init(plat_event *e)
{
	struct el2_event *ev = (struct el2_event *)e;

	atomic_init(&ev->signalled, 0);
	atomic_init(&ev->waiter, -1);
}

void plat_event_destroy(plat_event *e)
{
	(void)e;
}

bool plat_event_wait(plat_event *e, uint64_t deadline_ns)
{
	struct el2_event *ev = (struct el2_event *)e;
	bool got = false;

	/* Dekker with plat_event_signal: we publish ourselves, then look at
	 * the flag; it sets the flag, then looks for us.  Both seq_cst, so
	 * at least one side sees the other: either we find the flag, or it
	 * finds us and its SGI is pending when we WFI (and ends the WFI). */
	atomic_store(&ev->waiter, (int)this_cpu_index());
	for (;;) {
		if (atomic_exchange(&ev->signalled, 0)) {
			got = true;
			break;
		}
		if (!el2_idle_until(deadline_ns))
			break;
	}
	atomic_store(&ev->waiter, -1);
	/* A signal that raced with the deadline still counts. */
	if (!got && atomic_exchange(&ev->signalled, 0))
		got = true;
	return got;
}

void plat_event_signal(plat_event *e)
{
	struct el2_event *ev = (struct el2_event *)e;
	int w;

	atomic_store(&ev->signalled, 1);
	w = atomic_load(&ev->waiter);
	if (w >= 0 && (unsigned)w != this_cpu_index())
		el2_gic_send_sgi((unsigned)w, GIC_SGI_KICK);
}

/* ---- time ---- */
uint64_t plat_monotonic_ns(void)
{
	return el2_ns();
}

/* ISR_EL1 at EL2 shows the physical IRQ/FIQ pending (Arm ARM D17.2.80):
 * taken here with DAIF still masked, as el2_idle_until does after WFI. */
#define ISR_EL1_F (1u << 6)
#define ISR_EL1_I (1u << 7)

void plat_poll_interrupts(void)
{
	if (read_sysreg(isr_el1) & (ISR_EL1_I | ISR_EL1_F))
		el2_irq_handle();
}

/* el2_ticks_to_ns rounds up, so converting back gives the same tick
 * (clock.h): the raw count is the exact answer. */
uint64_t plat_counter_ticks(uint64_t freq)
{
	if (freq == el2_cntfrq)
		return el2_ticks();
	return counter_ns_to_ticks(el2_ns(), freq);
}

uint64_t plat_vm_counter_epoch_ns(void)
{
	return 0; /* the VM counts on the hardware counter (platform.h) */
}

/* ---- threads: none at EL2 ---- */
plat_thread *plat_thread_create(void (*fn)(void *arg), void *arg)
{
	(void)fn;
	(void)arg;
	return NULL;
}

void plat_thread_join(plat_thread *t)
{
	(void)t;
}

void plat_yield(void)
{
	cpu_relax();
}

/* ---- logging ---- */
void plat_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	el2_vlog(fmt, ap);
	va_end(ap);
}
