/* SPDX-License-Identifier: MIT */
/* POSIX implementation of the platform layer (platform.h). */
#include "platform/platform.h"
#include "timer/counter.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* The pthread mutex and, for plat_mutex_assert_held, its owner. */
struct posix_mutex {
	pthread_mutex_t m;
	_Atomic unsigned long owner; /* pthread_self() of the holder, or 0 */
};
_Static_assert(sizeof(struct posix_mutex) <= sizeof(plat_mutex), "plat_mutex");

struct posix_event {
	pthread_mutex_t m;
	pthread_cond_t c;
	atomic_int signalled; /* also taken without the mutex by the spin */
};
_Static_assert(sizeof(struct posix_event) <= sizeof(plat_event), "plat_event");

void *plat_zalloc(size_t size)
{
	return calloc(1, size);
}

void plat_free(void *p)
{
	free(p);
}

void plat_mutex_init(plat_mutex *m)
{
	struct posix_mutex *pm = (struct posix_mutex *)m;

	pthread_mutex_init(&pm->m, NULL);
	atomic_init(&pm->owner, 0);
}

void plat_mutex_destroy(plat_mutex *m)
{
	pthread_mutex_destroy(&((struct posix_mutex *)m)->m);
}

void plat_mutex_lock(plat_mutex *m)
{
	struct posix_mutex *pm = (struct posix_mutex *)m;

	pthread_mutex_lock(&pm->m);
#ifndef NDEBUG
	atomic_store_explicit(&pm->owner, (unsigned long)pthread_self(),
			      memory_order_relaxed);
#endif
}

void plat_mutex_unlock(plat_mutex *m)
{
	struct posix_mutex *pm = (struct posix_mutex *)m;

#ifndef NDEBUG
	atomic_store_explicit(&pm->owner, 0, memory_order_relaxed);
#endif
	pthread_mutex_unlock(&pm->m);
}

#ifndef NDEBUG
void plat_mutex_check_held(plat_mutex *m, const char *what)
{
	struct posix_mutex *pm = (struct posix_mutex *)m;

	/* Only the holder wrote its own id, so reading it back racily is
	 * exact for the question "do I hold it". */
	if (atomic_load_explicit(&pm->owner, memory_order_relaxed) !=
	    (unsigned long)pthread_self()) {
		fprintf(stderr, "armvisor: lock %s not held\n", what);
		abort();
	}
}
#endif

static void cond_init_monotonic(pthread_cond_t *c)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(c, &a);
	pthread_condattr_destroy(&a);
}

static struct timespec ns_to_ts(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000ull),
			       .tv_nsec = (long)(ns % 1000000000ull) };
	return ts;
}

void plat_event_init(plat_event *e)
{
	struct posix_event *pe = (struct posix_event *)e;

	pthread_mutex_init(&pe->m, NULL);
	cond_init_monotonic(&pe->c);
	pe->signalled = 0;
}

void plat_event_destroy(plat_event *e)
{
	struct posix_event *pe = (struct posix_event *)e;

	pthread_cond_destroy(&pe->c);
	pthread_mutex_destroy(&pe->m);
}

/*
 * Spin briefly before sleeping: the vCPU worker and the caller of
 * av_vcpu_run hand control to each other on every exit to the VMM, usually
 * within microseconds, and waking a thread whose CPU went idle costs tens of
 * microseconds (measured: 50 us per HVC exit on an idle 2-CPU host, see
 * docs/bench.md).  The spin is bounded (EVENT_SPIN_NS), so a vCPU that
 * really sleeps costs at most that once per sleep.  It yields while it
 * spins, so a peer thread on the same CPU still runs.
 */
#define EVENT_SPIN_NS 30000ull

static bool event_spin(struct posix_event *pe, uint64_t deadline_ns)
{
	uint64_t end = plat_monotonic_ns() + EVENT_SPIN_NS;

	if (deadline_ns && deadline_ns < end)
		end = deadline_ns;
	for (unsigned i = 0;; i++) {
		if (atomic_exchange(&pe->signalled, 0))
			return true;
		if ((i & 7) == 7 && plat_monotonic_ns() >= end)
			return false;
		/* yield, not pause: if the peer thread shares this CPU it
		 * must run for the event to come */
		sched_yield();
	}
}

bool plat_event_wait(plat_event *e, uint64_t deadline_ns)
{
	struct posix_event *pe = (struct posix_event *)e;
	bool got;

	if (event_spin(pe, deadline_ns))
		return true;
	pthread_mutex_lock(&pe->m);
	while (!pe->signalled) {
		if (deadline_ns) {
			struct timespec ts = ns_to_ts(deadline_ns);

			if (pthread_cond_timedwait(&pe->c, &pe->m, &ts) ==
			    ETIMEDOUT)
				break;
		} else {
			pthread_cond_wait(&pe->c, &pe->m);
		}
	}
	got = atomic_exchange(&pe->signalled, 0);
	pthread_mutex_unlock(&pe->m);
	return got;
}

void plat_event_signal(plat_event *e)
{
	struct posix_event *pe = (struct posix_event *)e;

	pthread_mutex_lock(&pe->m);
	pe->signalled = 1;
	pthread_cond_signal(&pe->c);
	pthread_mutex_unlock(&pe->m);
}

uint64_t plat_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void plat_poll_interrupts(void)
{
	/* host timer threads and kicks make requests on their own */
}

uint64_t plat_counter_ticks(uint64_t freq)
{
	return counter_ns_to_ticks(plat_monotonic_ns(), freq);
}

uint64_t plat_vm_counter_epoch_ns(void)
{
	return plat_monotonic_ns();
}

/*
 * One-shot timers: one thread per timer sleeping on a monotonic condvar.
 * A vCPU sleeping in WFI waits with its own deadline (plat_event_wait), so
 * these only serve running vCPUs whose deadline passes; idle ones cost no
 * CPU.
 */
struct plat_timer {
	pthread_t thread;
	pthread_mutex_t m;
	pthread_cond_t c;
	uint64_t deadline; /* 0 = disarmed */
	uint64_t sleep_until; /* what the thread waits for; 0 = forever */
	int stop;
	void (*fn)(void *arg);
	void *arg;
};

/*
 * Threads that sleep towards a guest deadline (the host timers below, and
 * the vCPU workers' WFI waits) ask for exact wake-ups: Linux lets a normal
 * thread's timed sleep end up to timer_slack_ns (50 us by default) late
 * (prctl(2) PR_SET_TIMERSLACK), which was most of the guest timer
 * latency (bench_timer: host clock_nanosleep p50 66 us with the default
 * slack, 16 us with 1 ns).  QEMU does the same for its threads.
 */
static void thread_precise_sleeps(void)
{
#ifdef __linux__
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
#endif
}

static void *timer_thread(void *p)
{
	struct plat_timer *t = p;

	thread_precise_sleeps();
	pthread_mutex_lock(&t->m);
	while (!t->stop) {
		if (!t->deadline) {
			t->sleep_until = 0;
			pthread_cond_wait(&t->c, &t->m);
			continue;
		}
		if (plat_monotonic_ns() >= t->deadline) {
			t->deadline = 0;
			pthread_mutex_unlock(&t->m);
			t->fn(t->arg);
			pthread_mutex_lock(&t->m);
			continue;
		}
		struct timespec ts = ns_to_ts(t->deadline);

		t->sleep_until = t->deadline;
		pthread_cond_timedwait(&t->c, &t->m, &ts);
	}
	pthread_mutex_unlock(&t->m);
	return NULL;
}

plat_timer *plat_timer_create(void (*fn)(void *arg), void *arg)
{
	struct plat_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	pthread_mutex_init(&t->m, NULL);
	cond_init_monotonic(&t->c);
	if (pthread_create(&t->thread, NULL, timer_thread, t)) {
		free(t);
		return NULL;
	}
	return t;
}

/* The thread is woken only when the new deadline is earlier than the one
 * it sleeps towards: a later or cancelled deadline is noticed when it wakes,
 * so re-arming on every guest entry costs no system call. */
void plat_timer_arm(plat_timer *t, uint64_t deadline_ns)
{
	if (!deadline_ns)
		deadline_ns = 1;
	pthread_mutex_lock(&t->m);
	if (!t->sleep_until || deadline_ns < t->sleep_until)
		pthread_cond_signal(&t->c);
	t->deadline = deadline_ns;
	pthread_mutex_unlock(&t->m);
}

void plat_timer_cancel(plat_timer *t)
{
	pthread_mutex_lock(&t->m);
	t->deadline = 0;
	pthread_mutex_unlock(&t->m);
}

void plat_timer_destroy(plat_timer *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->m);
	t->stop = 1;
	pthread_cond_signal(&t->c);
	pthread_mutex_unlock(&t->m);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->c);
	pthread_mutex_destroy(&t->m);
	free(t);
}

struct plat_thread {
	pthread_t thread;
	void (*fn)(void *arg);
	void *arg;
};

static void *thread_main(void *p)
{
	struct plat_thread *t = p;

	thread_precise_sleeps();
	t->fn(t->arg);
	return NULL;
}

plat_thread *plat_thread_create(void (*fn)(void *arg), void *arg)
{
	struct plat_thread *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	if (pthread_create(&t->thread, NULL, thread_main, t)) {
		free(t);
		return NULL;
	}
	return t;
}

void plat_thread_join(plat_thread *t)
{
	if (!t)
		return;
	pthread_join(t->thread, NULL);
	free(t);
}

void plat_yield(void)
{
	sched_yield();
}

void plat_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("armvisor: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
