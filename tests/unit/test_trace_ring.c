// SPDX-License-Identifier: MIT
/*
 * vmm/trace_ring.c: the per-track rings of `armvisor run --trace`.  Built
 * twice (tests/unit/trace.mk): plainly, and under ThreadSanitizer
 * (test_trace_ring_tsan), where producers on several threads push into
 * one small ring while a consumer drains it, as vCPU threads, timer
 * callbacks and the writer thread do.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "vmm/trace_ring.h"

static struct av_trace_event ev(uint32_t producer, uint64_t seq)
{
	/* Every field derived from (producer, seq): a torn copy shows. */
	struct av_trace_event e = {
		.ts_ns = seq * 7 + 1,
		.dur_ns = seq ^ 0x5a5a5a5a5a5a5a5aull,
		.vcpu = producer,
		.type = producer + 1,
		.arg0 = seq,
		.arg1 = ~seq,
	};
	return e;
}

static void assert_whole(const struct av_trace_event *e)
{
	struct av_trace_event want = ev(e->vcpu, e->arg0);

	assert_int_equal(e->ts_ns, want.ts_ns);
	assert_int_equal(e->dur_ns, want.dur_ns);
	assert_int_equal(e->type, want.type);
	assert_int_equal(e->arg1, want.arg1);
}

/* A full ring drops its oldest events, counts them, keeps the order. */
static void test_drop_oldest(void **state)
{
	struct trace_ring r;
	struct av_trace_event out[16];
	unsigned n;

	(void)state;
	assert_int_equal(trace_ring_init(&r, 3), 0); /* rounded up to 4 */
	for (uint64_t i = 0; i < 10; i++) {
		struct av_trace_event e = ev(0, i);

		trace_ring_push(&r, &e);
	}
	assert_int_equal(trace_ring_dropped(&r), 6);
	n = trace_ring_pop(&r, out, 16);
	assert_int_equal(n, 4);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(out[i].arg0, 6 + i);
		assert_whole(&out[i]);
	}
	assert_int_equal(trace_ring_pop(&r, out, 16), 0);
	/* Partial pops resume where they stopped. */
	for (uint64_t i = 0; i < 3; i++) {
		struct av_trace_event e = ev(1, 100 + i);

		trace_ring_push(&r, &e);
	}
	assert_int_equal(trace_ring_pop(&r, out, 2), 2);
	assert_int_equal(out[1].arg0, 101);
	assert_int_equal(trace_ring_pop(&r, out, 2), 1);
	assert_int_equal(out[0].arg0, 102);
	assert_int_equal(trace_ring_dropped(&r), 6);
	trace_ring_destroy(&r);
}

#define PRODUCERS 3
#define PER_PRODUCER 20000

struct stress {
	struct trace_ring r;
	int done; /* producers finished (atomic) */
};

struct producer_arg {
	struct stress *s;
	uint32_t id;
};

static void *producer(void *p)
{
	struct producer_arg *a = p;

	for (uint64_t i = 0; i < PER_PRODUCER; i++) {
		struct av_trace_event e = ev(a->id, i);

		trace_ring_push(&a->s->r, &e);
	}
	__atomic_fetch_add(&a->s->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Producers on three threads, one consumer: nothing torn, each producer's
 * events in its order, popped + dropped = pushed. */
static void test_concurrent(void **state)
{
	static struct stress s;
	struct producer_arg args[PRODUCERS];
	pthread_t th[PRODUCERS];
	struct av_trace_event out[32];
	uint64_t popped = 0, next[PRODUCERS] = {0};
	bool finished = false;

	(void)state;
	assert_int_equal(trace_ring_init(&s.r, 64), 0);
	for (uint32_t i = 0; i < PRODUCERS; i++) {
		args[i] = (struct producer_arg){&s, i};
		assert_int_equal(pthread_create(&th[i], NULL, producer,
						&args[i]),
				 0);
	}
	while (!finished) {
		/* Read "all done" before the last drain, not after. */
		finished = __atomic_load_n(&s.done, __ATOMIC_ACQUIRE) ==
			   PRODUCERS;
		unsigned n;

		while ((n = trace_ring_pop(&s.r, out, 32)) > 0) {
			for (unsigned k = 0; k < n; k++) {
				uint32_t p = out[k].vcpu;

				assert_true(p < PRODUCERS);
				assert_whole(&out[k]);
				assert_true(out[k].arg0 >= next[p]);
				next[p] = out[k].arg0 + 1;
			}
			popped += n;
		}
	}
	for (uint32_t i = 0; i < PRODUCERS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(popped + trace_ring_dropped(&s.r),
			 (uint64_t)PRODUCERS * PER_PRODUCER);
	/* The ring is small: most pushes met a full ring. */
	assert_true(trace_ring_dropped(&s.r) > 0);
	trace_ring_destroy(&s.r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop_oldest),
		cmocka_unit_test(test_concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
