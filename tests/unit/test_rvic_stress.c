// SPDX-License-Identifier: MIT
/*
 * rVIC unit tests, part 2: every vCPU thread signals the others, flushes,
 * acknowledges, resamples and unmasks while a device thread raises and
 * retargets rVID inputs and each vCPU drives its own timer line (the lock
 * order of rvic.c, and the core's requests and kicks, under load; also
 * built with ThreadSanitizer as build/tests/test_rvic_tsan).  Every vCPU
 * thread runs its guest through av_vcpu_run of the real core over the null
 * engine (rvic_harness.h); the device thread's rVID calls are made by a
 * vCPU of its own, which no interrupt targets.  Every signal is sent only when the previous
 * one of the same (sender, receiver) pair was taken, so the counts must
 * match exactly: nothing lost, nothing delivered twice.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rvic_harness.h"

/* Each vCPU thread runs until it has taken TARGET interrupts from its
 * peers (or MAX_LOOPS iterations pass, which fails the test). */
#ifdef RVIC_TEST_TSAN
#define TARGET 5000
#else
#define TARGET 10000
#endif
#define MAX_LOOPS (TARGET * 2000u)
#define NCPU 4
#define DEV_CPU NCPU /* the device thread's vCPU */
#define TIMER_INTID 27
#define DEV_INTID 40 /* input k -> intid 40 + k */

struct stress {
	av_vm *vm;
	atomic_uint sent[NCPU][NCPU], acked[NCPU][NCPU];
	atomic_uint dev_sent[NCPU], dev_acked[NCPU];
	atomic_uint timer_acks;
	atomic_uint running;
};

struct thr {
	struct stress *s;
	unsigned index;
	uint32_t rng;
};

static uint32_t next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static uint64_t hvc(av_vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2,
		    uint64_t *x1)
{
	return rf_hvc(v, fn, a1, a2, 0, x1);
}

/* Take everything deliverable on v (the guest's IRQ handler). */
static void drain(struct stress *s, unsigned me)
{
	av_vcpu *v = av_vm_vcpu(s->vm, me);
	unsigned timer_seen = 0;
	uint64_t intid;

	while (hvc(v, RVIC_FN_ACKNOWLEDGE, 0, 0, &intid) == 0) {
		if (intid < NCPU)
			atomic_fetch_add(&s->acked[intid][me], 1);
		else if (intid >= DEV_INTID && intid < DEV_INTID + NCPU)
			atomic_fetch_add(&s->dev_acked[intid - DEV_INTID], 1);
		else if (intid == TIMER_INTID) {
			atomic_fetch_add(&s->timer_acks, 1);
			/* The handler quiets the timer the second time
			 * round: before that, RESAMPLE finds the line high
			 * and the intid comes back. */
			if (timer_seen++)
				rvic_flow.inject_irq(s->vm, v, TIMER_INTID,
						     false, NULL);
			assert_int_equal(hvc(v, RVIC_FN_RESAMPLE, intid, 0,
					     NULL), 0);
		} else {
			fail_msg("unexpected intid %u", (unsigned)intid);
		}
		assert_int_equal(hvc(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(me),
				     intid, NULL), 0);
	}
}

static void *vcpu_thread(void *arg)
{
	struct thr *t = arg;
	struct stress *s = t->s;
	av_vcpu *v = av_vm_vcpu(s->vm, t->index);

	bool done = false;

	/* Run until every vCPU has taken TARGET interrupts from its peers
	 * (s->running counts those that have not): a vCPU that reached its
	 * target keeps signalling and taking for the others. */
	for (unsigned i = 0; i < MAX_LOOPS && atomic_load(&s->running); i++) {
		uint32_t r = next_rand(&t->rng);
		unsigned to = r % NCPU, got = 0;

		for (unsigned from = 0; from < NCPU; from++)
			got += atomic_load(&s->acked[from][t->index]);
		if (!done && got >= TARGET) {
			done = true;
			atomic_fetch_sub(&s->running, 1);
		}
		if (i % 64 == 0)
			sched_yield(); /* interleave on few host CPUs */
		rf_flush(v);
		if (to != t->index && atomic_load(&s->sent[t->index][to]) ==
					      atomic_load(&s->acked[t->index][to])) {
			atomic_fetch_add(&s->sent[t->index][to], 1);
			assert_int_equal(hvc(v, RVIC_FN_SIGNAL, rf_mpidr(to),
					     t->index, NULL), 0);
		}
		if ((r >> 8) % 16 == 0)
			rvic_flow.inject_irq(s->vm, v, TIMER_INTID,
					     (r >> 12) & 1, NULL);
		if ((r >> 16) % 4 == 0 || rvic_flow.vcpu_pending_irq(v))
			drain(s, t->index);
	}
	if (!done) /* MAX_LOOPS: let the others stop; the count check fails */
		atomic_fetch_sub(&s->running, 1);
	return NULL;
}

static void *device_thread(void *arg)
{
	struct thr *t = arg;
	struct stress *s = t->s;
	av_vcpu *dev = av_vm_vcpu(s->vm, DEV_CPU);

	while (atomic_load(&s->running)) {
		uint32_t r = next_rand(&t->rng);
		unsigned k = r % NCPU;

		if ((r >> 8) % 8 == 0) /* retarget input k */
			assert_int_equal(
			    rf_hvc(dev, RVID_FN_MAP, k,
				   rf_mpidr((r >> 12) % NCPU),
				   DEV_INTID + k, NULL),
			    0);
		if (atomic_load(&s->dev_sent[k]) ==
		    atomic_load(&s->dev_acked[k])) {
			atomic_fetch_add(&s->dev_sent[k], 1);
			av_vm_irq_line(s->vm, AV_IRQ_TYPE_SPI, 0, 32 + k, 1);
			av_vm_irq_line(s->vm, AV_IRQ_TYPE_SPI, 0, 32 + k, 0);
		}
	}
	return NULL;
}

static void test_stress(void **state)
{
	static struct stress s;
	struct thr t[NCPU + 1];
	pthread_t th[NCPU + 1];

	/* Timer mask mode: the vCPU threads drive TIMER_INTID themselves
	 * (an unmapped level, as in test_unmapped_level). */
	struct av_vm_config cfg = { .nr_vcpus = NCPU + 1,
				    .timer_irq_mode = AV_TIMER_IRQ_MODE_MASK };

	s.vm = rf_vm_cfg(cfg, true);
	for (unsigned c = 0; c < NCPU; c++) {
		av_vcpu *v = av_vm_vcpu(s.vm, c);

		hvc(v, RVIC_FN_ENABLE, 0, 0, NULL);
		for (unsigned i = 0; i < 64; i++)
			hvc(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(c), i, NULL);
		assert_int_equal(rf_hvc(v, RVID_FN_MAP, c, rf_mpidr(c),
					DEV_INTID + c, NULL),
				 0);
	}
	atomic_store(&s.running, NCPU);
	for (unsigned i = 0; i <= NCPU; i++) {
		t[i] = (struct thr){ &s, i, 0x9e3779b9u * (i + 1) };
		pthread_create(&th[i], NULL,
			       i < NCPU ? vcpu_thread : device_thread, &t[i]);
	}
	for (unsigned i = 0; i <= NCPU; i++)
		pthread_join(th[i], NULL);
	for (unsigned c = 0; c < NCPU; c++)
		drain(&s, c);
	unsigned total = 0;

	for (unsigned a = 0; a < NCPU; a++) {
		for (unsigned b = 0; b < NCPU; b++) {
			assert_int_equal(atomic_load(&s.sent[a][b]),
					 atomic_load(&s.acked[a][b]));
			total += atomic_load(&s.sent[a][b]);
		}
		assert_int_equal(atomic_load(&s.dev_sent[a]),
				 atomic_load(&s.dev_acked[a]));
	}
	print_message("rvic stress: %u IPIs, %u device, %u timer acks\n", total,
		      atomic_load(&s.dev_sent[0]) + atomic_load(&s.dev_sent[1]) +
			  atomic_load(&s.dev_sent[2]) +
			  atomic_load(&s.dev_sent[3]),
		      atomic_load(&s.timer_acks));
	/* Every thread reached its target (none stopped at MAX_LOOPS). */
	assert_true(total >= NCPU * TARGET);
	for (unsigned c = 0; c < NCPU; c++)
		assert_false(rvic_flow.vcpu_pending_irq(av_vm_vcpu(s.vm, c)));
	nh_vm_free(s.vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress),
	};

	return cmocka_run_group_tests_name("rvic_stress", tests, NULL, NULL);
}
