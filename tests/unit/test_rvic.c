// SPDX-License-Identifier: MIT
/*
 * rVIC/rVID unit tests, part 1: the state machine and the hypercall ABI
 * (DEN 0103 0.3 and the series; choices in docs/rvic.md): the guest's
 * hypercalls through av_vcpu_run of the real core over the null engine
 * (rvic_harness.h), the irqchip_flow as the timers and the VMM reach it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rvic_harness.h"

#define OK RVIC_STATUS(RVIC_STATUS_SUCCESS, 0)
#define ST(reason, idx) RVIC_STATUS(RVIC_STATUS_##reason, idx)

static uint64_t call(av_vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2)
{
	return rf_hvc(v, fn, a1, a2, 0, NULL);
}

static bool is_pending(av_vcpu *v, unsigned target, uint32_t intid)
{
	uint64_t x1 = 7;

	assert_int_equal(rf_hvc(v, RVIC_FN_IS_PENDING, rf_mpidr(target), intid,
				0, &x1),
			 OK);
	assert_true(x1 <= 1);
	return x1;
}

static uint64_t ack(av_vcpu *v, uint64_t *intid)
{
	return rf_hvc(v, RVIC_FN_ACKNOWLEDGE, 0, 0, 0, intid);
}

/* ---- interface --------------------------------------------------------- */

static void test_version_info(void **state)
{
	av_vm *vm = rf_vm_new(1, 64, 256, true);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	uint64_t x1;

	assert_int_equal(rf_hvc(v, RVIC_FN_VERSION, 0, 0, 0, &x1), OK);
	assert_int_equal(x1, 0x00000003); /* 0.3: major [31:16], minor */
	assert_int_equal(rf_hvc(v, RVID_FN_VERSION, 0, 0, 0, &x1), OK);
	assert_int_equal(x1, 0x00000003);
	assert_int_equal(rf_hvc(v, RVIC_FN_INFO, 0, 0, 0, &x1), OK);
	assert_int_equal(x1, 64);
	assert_int_equal(rf_hvc(v, RVIC_FN_INFO, 1, 0, 0, &x1), OK);
	assert_int_equal(x1, 192);
	assert_int_equal(rf_hvc(v, RVIC_FN_INFO, 2, 0, 0, &x1),
			 ST(ERROR_PARAMETER, 0));
	nh_vm_free(vm);
}

static void test_unknown_ids(void **state)
{
	av_vm *vm = rf_vm_new(1, 0, 0, true);
	av_vcpu *v = av_vm_vcpu(vm, 0);

	assert_int_equal(call(v, 0xc500020b, 0, 0), SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(call(v, 0xc50002ff, 0, 0), SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(call(v, 0xc5000103, 0, 0), SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(call(v, 0xc50001ff, 0, 0), SMCCC_RET_NOT_SUPPORTED);
	/* Every id of the owner range: handled or not, never a crash; the
	 * registered range always answers. */
	for (uint32_t fn = 0xc5000000; fn <= 0xc500ffff; fn++) {
		uint64_t x[8] = { fn, rf_mpidr(0), 1, 2, 3, 4, 5, 6 };
		bool in = fn >= RVID_FN_BASE && fn <= RVIC_FN_LAST;

		assert_int_equal(rf_hvc_raw(v, x), in);
	}
	nh_vm_free(vm);
}

static void test_sizes(void **state)
{
	assert_int_equal(rvic_check_sizes(32, 64), 0);
	assert_int_equal(rvic_check_sizes(64, 2048), 0);
	assert_int_equal(rvic_check_sizes(2048, 2048), 0);
	assert_int_equal(rvic_check_sizes(16, 64), -EINVAL);  /* trusted<32 */
	assert_int_equal(rvic_check_sizes(32, 32), -EINVAL);  /* total<64 */
	assert_int_equal(rvic_check_sizes(48, 96), -EINVAL);  /* not x32 */
	assert_int_equal(rvic_check_sizes(32, 80), -EINVAL);
	assert_int_equal(rvic_check_sizes(32, 2080), -EINVAL); /* >2048 */
	assert_int_equal(rvic_check_sizes(96, 64), -EINVAL);  /* > total */
	assert_int_equal(rf_vm_init_status(0, 0), 0);
	assert_int_equal(rf_vm_init_status(16, 64), -EINVAL);
	assert_int_equal(rf_vm_init_status(32, 4096), -EINVAL);
}

static void test_nr_irqs_once(void **state)
{
	av_vm *vm = rf_vm_new(2, 0, 0, false);
	uint64_t x1;

	assert_int_equal(rvic_set_nr_irqs(vm, 32, 70), -EINVAL);
	assert_int_equal(rvic_set_nr_irqs(vm, 64, 128), 0);
	assert_int_equal(rvic_set_nr_irqs(vm, 64, 256), -EBUSY);
	assert_int_equal(rvic_ctrl_init(vm), 0);
	assert_int_equal(rvic_ctrl_init(vm), 0); /* idempotent */
	nh_run(av_vm_vcpu(vm, 1)); /* its first run: INIT again, a no-op */
	assert_int_equal(rf_hvc(av_vm_vcpu(vm, 1), RVIC_FN_INFO, 1, 0, 0, &x1),
			 OK);
	assert_int_equal(x1, 64);
	nh_vm_free(vm);

	vm = rf_vm_new(1, 0, 0, true); /* ran: too late */
	assert_int_equal(rvic_set_nr_irqs(vm, 64, 128), -EBUSY);
	nh_vm_free(vm);
	vm = rf_vm_new(1, 32, 64, false); /* config counts as the setting */
	assert_int_equal(rvic_set_nr_irqs(vm, 64, 128), -EBUSY);
	nh_vm_free(vm);
}

/* ---- semantics --------------------------------------------------------- */

static void test_reset_and_disabled(void **state)
{
	av_vm *vm = rf_vm_new(2, 0, 0, true);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	uint64_t intid;

	/* Reset: disabled, every intid masked and not pending. */
	assert_int_equal(ack(v, &intid), ST(DISABLED, 0));
	for (uint32_t i = 0; i < 64; i++)
		assert_false(is_pending(v, 0, i));
	/* A disabled rVIC drops signals. */
	assert_int_equal(call(v, RVIC_FN_SIGNAL, rf_mpidr(0), 3),
			 ST(DISABLED, 0));
	assert_false(is_pending(v, 0, 3));
	assert_int_equal(call(v, RVIC_FN_ENABLE, 0, 0), OK);
	assert_int_equal(ack(v, &intid), ST(NO_INTERRUPTS, 0));
	/* Pending but masked (reset state): no line, nothing to take. */
	assert_int_equal(call(v, RVIC_FN_SIGNAL, rf_mpidr(0), 3), OK);
	assert_true(is_pending(v, 0, 3));
	assert_false(rf_flush(v));
	assert_int_equal(ack(v, &intid), ST(NO_INTERRUPTS, 0));
	/* Unmask: delivered. */
	assert_int_equal(call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), 3), OK);
	assert_true(rf_flush(v));
	/* Disabling drops the line but keeps the state. */
	assert_int_equal(call(v, RVIC_FN_DISABLE, 0, 0), OK);
	assert_false(rf_flush(v));
	assert_true(is_pending(v, 0, 3));
	assert_int_equal(ack(v, &intid), ST(DISABLED, 0));
	assert_int_equal(call(v, RVIC_FN_ENABLE, 0, 0), OK);
	assert_true(rf_flush(v));
	/* ACKNOWLEDGE: masked, not pending, line down. */
	assert_int_equal(ack(v, &intid), OK);
	assert_int_equal(intid, 3);
	assert_false(is_pending(v, 0, 3));
	assert_false(rf_flush(v));
	assert_int_equal(ack(v, &intid), ST(NO_INTERRUPTS, 0));
	/* Still masked: a new signal pends without a line. */
	assert_int_equal(call(v, RVIC_FN_SIGNAL, rf_mpidr(0), 3), OK);
	assert_false(rf_flush(v));
	assert_int_equal(call(v, RVIC_FN_CLEAR_PENDING, rf_mpidr(0), 3), OK);
	assert_false(is_pending(v, 0, 3));
	assert_int_equal(call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), 3), OK);
	assert_false(rf_flush(v));
	nh_vm_free(vm);
}

static void test_fifo_order(void **state)
{
	av_vm *vm = rf_vm_new(1, 0, 0, true);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const uint32_t order[] = { 40, 5, 17, 63, 0 };
	uint64_t intid;

	call(v, RVIC_FN_ENABLE, 0, 0);
	for (unsigned i = 0; i < 64; i++)
		call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), i);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(call(v, RVIC_FN_SIGNAL, rf_mpidr(0), order[i]),
				 OK);
	/* A second signal of a pending intid does not requeue it. */
	call(v, RVIC_FN_SIGNAL, rf_mpidr(0), 40);
	/* Masked and unmasked again: goes to the back. */
	call(v, RVIC_FN_SET_MASKED, rf_mpidr(0), 5);
	call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), 5);
	const uint32_t expect[] = { 40, 17, 63, 0, 5 };

	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(ack(v, &intid), OK);
		assert_int_equal(intid, expect[i]);
	}
	assert_int_equal(ack(v, &intid), ST(NO_INTERRUPTS, 0));
	nh_vm_free(vm);
}

static void test_errors(void **state)
{
	av_vm *vm = rf_vm_new(2, 0, 0, true);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	const uint32_t targeted[] = { RVIC_FN_SET_MASKED, RVIC_FN_CLEAR_MASKED,
				      RVIC_FN_IS_PENDING, RVIC_FN_SIGNAL,
				      RVIC_FN_CLEAR_PENDING };

	call(v, RVIC_FN_ENABLE, 0, 0);
	for (unsigned i = 0; i < 5; i++) {
		uint32_t fn = targeted[i];

		/* MPIDR of no vCPU: INVALID_CPU, argument 0. */
		assert_int_equal(call(v, fn, rf_mpidr(2), 1),
				 ST(INVALID_CPU, 0));
		assert_int_equal(call(v, fn, 1ull << 32 | 0, 1),
				 ST(INVALID_CPU, 0)); /* Aff3 = 1 */
		/* intid out of range: ERROR_PARAMETER, argument 1. */
		assert_int_equal(call(v, fn, rf_mpidr(1), 64),
				 ST(ERROR_PARAMETER, 1));
		assert_int_equal(call(v, fn, rf_mpidr(1), 1ull << 40),
				 ST(ERROR_PARAMETER, 1));
		assert_int_equal(call(v, fn, rf_mpidr(1), (uint64_t)-1),
				 ST(ERROR_PARAMETER, 1));
	}
	/* RESAMPLE: trusted only; argument 0. */
	assert_int_equal(call(v, RVIC_FN_RESAMPLE, 32, 0),
			 ST(ERROR_PARAMETER, 0));
	assert_int_equal(call(v, RVIC_FN_RESAMPLE, 64, 0),
			 ST(ERROR_PARAMETER, 0));
	assert_int_equal(call(v, RVIC_FN_RESAMPLE, 27, 0), OK);
	assert_int_equal(call(v, RVIC_FN_RESAMPLE, 3, 0), OK); /* no line */
	/* MAP: input 0, target 1, intid 2. */
	assert_int_equal(rf_hvc(v, RVID_FN_MAP, 1, rf_mpidr(1), 27, NULL),
			 ST(ERROR_PARAMETER, 2)); /* trusted intid */
	assert_int_equal(rf_hvc(v, RVID_FN_MAP, 1, rf_mpidr(1), 64, NULL),
			 ST(ERROR_PARAMETER, 2));
	assert_int_equal(rf_hvc(v, RVID_FN_MAP, 1, rf_mpidr(5), 40, NULL),
			 ST(INVALID_CPU, 1));
	assert_int_equal(rf_hvc(v, RVID_FN_MAP, 32, rf_mpidr(1), 40, NULL),
			 ST(ERROR_PARAMETER, 0)); /* 32 untrusted: inputs 0..31 */
	assert_int_equal(rf_hvc(v, RVID_FN_UNMAP, 32, 0, 0, NULL),
			 ST(ERROR_PARAMETER, 0));
	assert_int_equal(rf_hvc(v, RVID_FN_MAP, 31, rf_mpidr(1), 63, NULL),
			 OK);
	assert_int_equal(rf_hvc(v, RVID_FN_UNMAP, 31, 0, 0, NULL), OK);
	nh_vm_free(vm);
}

static void test_cross_vcpu_kicks(void **state)
{
	av_vm *vm = rf_vm_new(2, 0, 0, true);
	av_vcpu *v0 = av_vm_vcpu(vm, 0), *v1 = av_vm_vcpu(vm, 1);
	struct nh_parked p;
	unsigned long k0, k1;
	uint64_t intid;

	call(v1, RVIC_FN_ENABLE, 0, 0);
	call(v1, RVIC_FN_CLEAR_MASKED, rf_mpidr(1), 2);
	rf_flush(v0);
	rf_flush(v1);
	rf_take_request(v1, REQ_IRQ_PENDING);
	/* v1 runs its guest (held in guest mode on a thread of its own). */
	nh_park(v1, &p);
	assert_false(nh_irq(v1));
	k0 = rf_kicks(v0);
	k1 = rf_kicks(v1);
	/* An IPI from v0: a request of v1 and a kick; v0 untouched. */
	assert_int_equal(call(v0, RVIC_FN_SIGNAL, rf_mpidr(1), 2), OK);
	assert_true(rf_take_request(v1, REQ_IRQ_PENDING));
	assert_int_equal(rf_kicks(v1), k1 + 1);
	assert_int_equal(rf_kicks(v0), k0);
	assert_true(rvic_flow.vcpu_pending_irq(v1)); /* WFI wakes */
	nh_unpark(&p);
	assert_true(nh_irq(v1)); /* the kick made it re-enter with the line */
	assert_true(rf_flush(v1));
	/* v1 acknowledges its own: its line drops, so it kicks itself. */
	k1 = rf_kicks(v1);
	assert_int_equal(ack(v1, &intid), OK);
	assert_int_equal(intid, 2);
	assert_int_equal(rf_kicks(v1), k1 + 1);
	assert_false(rvic_flow.vcpu_pending_irq(v1));
	/* Its own call that changes no line: no kick. */
	rf_flush(v1);
	k1 = rf_kicks(v1);
	call(v1, RVIC_FN_SET_MASKED, rf_mpidr(1), 9);
	assert_int_equal(rf_kicks(v1), k1);
	nh_vm_free(vm);
}

/* ---- trusted level sources (timers) ------------------------------------ */

struct fake_src {
	struct irq_phys_source src;
	bool level;
	int set_active_calls;
};

static bool fake_level(struct irq_phys_source *s)
{
	return ((struct fake_src *)s->opaque)->level;
}

static void fake_set_active(struct irq_phys_source *s, bool active)
{
	((struct fake_src *)s->opaque)->set_active_calls++;
}

static void test_mapped_timer(void **state)
{
	av_vm *vm = rf_vm_new(1, 0, 0, false);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	struct fake_src t = { .src = { .name = "vtimer" } };
	struct fake_src other = { .src = { .name = "other" } };
	uint64_t intid;

	t.src.opaque = &t;
	t.src.get_input_level = fake_level;
	t.src.set_active = fake_set_active;
	other.src.opaque = &other;
	/* INTID 27 is this test's source: the vtimer goes elsewhere before
	 * its first run maps its own. */
	nh_move_timers(vm, 26, 30);
	/* Mapping before the first run initialises the rVIC (the timers
	 * map first). */
	assert_int_equal(rvic_flow.map_phys_irq(v, 27, &t.src), 0);
	assert_int_equal(rvic_flow.map_phys_irq(v, 27, &other.src), -EBUSY);
	assert_int_equal(rvic_flow.map_phys_irq(v, 3, &other.src), -EINVAL);
	assert_int_equal(rvic_flow.map_phys_irq(v, 40, &other.src), -EINVAL);
	nh_run(v); /* the first run (rvic_flow.vcpu_first_run) succeeds */
	call(v, RVIC_FN_ENABLE, 0, 0);
	call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), 27);

	t.level = true;
	assert_int_equal(rvic_flow.inject_irq(vm, v, 27, true, &t), 0);
	assert_true(rf_flush(v));
	assert_int_equal(ack(v, &intid), OK);
	assert_int_equal(intid, 27);
	assert_true(t.src.active);
	assert_true(rvic_flow.map_is_active(v, 27));
	assert_false(rf_flush(v));
	/* RESAMPLE with the line still high: pending again, inactive. */
	assert_int_equal(call(v, RVIC_FN_RESAMPLE, 27, 0), OK);
	assert_false(t.src.active);
	assert_int_equal(t.set_active_calls, 2);
	assert_true(is_pending(v, 0, 27));
	assert_false(rf_flush(v)); /* still masked from the ACK */
	call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), 27);
	assert_true(rf_flush(v));
	assert_int_equal(ack(v, &intid), OK);
	/* The guest quiets the timer: the line falls, RESAMPLE finds it
	 * low, nothing pends. */
	t.level = false;
	rvic_flow.inject_irq(vm, v, 27, false, &t);
	assert_int_equal(call(v, RVIC_FN_RESAMPLE, 27, 0), OK);
	assert_false(is_pending(v, 0, 27));
	call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), 27);
	assert_false(rf_flush(v));
	/* A falling line withdraws a pending (not yet taken) request. */
	t.level = true;
	rvic_flow.inject_irq(vm, v, 27, true, &t);
	assert_true(rf_flush(v));
	t.level = false;
	rvic_flow.inject_irq(vm, v, 27, false, &t);
	assert_false(is_pending(v, 0, 27));
	assert_false(rf_flush(v));
	/* reset_mapped_irq forgets everything. */
	t.level = true;
	rvic_flow.inject_irq(vm, v, 27, true, &t);
	ack(v, &intid);
	rvic_flow.reset_mapped_irq(v, 27);
	assert_false(t.src.active);
	assert_false(is_pending(v, 0, 27));
	assert_int_equal(rvic_flow.unmap_phys_irq(v, 27), 0);
	assert_int_equal(rvic_flow.unmap_phys_irq(v, 27), -EINVAL);
	/* Only per-vCPU trusted intids carry lines. */
	assert_int_equal(rvic_flow.inject_irq(vm, v, 40, true, NULL), -EINVAL);
	assert_int_equal(rvic_flow.inject_irq(vm, v, 5, true, NULL), -EINVAL);
	assert_int_equal(rvic_flow.inject_irq(vm, NULL, 27, true, NULL),
			 -EINVAL);
	nh_vm_free(vm);
}

static void test_unmapped_level(void **state)
{
	/* Timer mask mode: no hardware mapping; RESAMPLE reads the level
	 * last injected. */
	struct av_vm_config cfg = { .nr_vcpus = 1,
				    .timer_irq_mode = AV_TIMER_IRQ_MODE_MASK };
	av_vm *vm = rf_vm_cfg(cfg, true);
	av_vcpu *v = av_vm_vcpu(vm, 0);
	uint64_t intid;

	call(v, RVIC_FN_ENABLE, 0, 0);
	call(v, RVIC_FN_CLEAR_MASKED, rf_mpidr(0), 30);
	rvic_flow.inject_irq(vm, v, 30, true, NULL);
	assert_int_equal(ack(v, &intid), OK);
	assert_int_equal(intid, 30);
	call(v, RVIC_FN_RESAMPLE, 30, 0);
	assert_true(is_pending(v, 0, 30));
	rvic_flow.inject_irq(vm, v, 30, false, NULL);
	assert_false(is_pending(v, 0, 30));
	call(v, RVIC_FN_RESAMPLE, 30, 0);
	assert_false(is_pending(v, 0, 30));
	/* A line rising while disabled is dropped; RESAMPLE once enabled
	 * finds it. */
	call(v, RVIC_FN_DISABLE, 0, 0);
	rvic_flow.inject_irq(vm, v, 30, true, NULL);
	assert_false(is_pending(v, 0, 30));
	call(v, RVIC_FN_ENABLE, 0, 0);
	call(v, RVIC_FN_RESAMPLE, 30, 0);
	assert_true(is_pending(v, 0, 30));
	nh_vm_free(vm);
}

/* ---- the rVID ---------------------------------------------------------- */

static void test_rvid(void **state)
{
	av_vm *vm = rf_vm_new(2, 0, 0, true);
	av_vcpu *v0 = av_vm_vcpu(vm, 0), *v1 = av_vm_vcpu(vm, 1);
	const struct irqchip_flow *f = &rvic_flow;

	call(v0, RVIC_FN_ENABLE, 0, 0);
	call(v1, RVIC_FN_ENABLE, 0, 0);
	/* Unmapped: dropped. */
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33,
						 true), 0);
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, false);
	for (uint32_t i = 32; i < 64; i++) {
		assert_false(is_pending(v0, 0, i));
		assert_false(is_pending(v0, 1, i));
	}
	/* SPI 33 is input 1. */
	assert_int_equal(rf_hvc(v0, RVID_FN_MAP, 1, rf_mpidr(1), 40, NULL),
			 OK);
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, true);
	assert_true(is_pending(v0, 1, 40));
	call(v0, RVIC_FN_CLEAR_PENDING, rf_mpidr(1), 40);
	/* Still high: no new edge. */
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, true);
	assert_false(is_pending(v0, 1, 40));
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, false);
	/* Retarget: the next edge goes to the new target only. */
	assert_int_equal(rf_hvc(v1, RVID_FN_MAP, 1, rf_mpidr(0), 41, NULL),
			 OK);
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, true);
	assert_true(is_pending(v0, 0, 41));
	assert_false(is_pending(v0, 1, 40));
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, false);
	call(v0, RVIC_FN_CLEAR_PENDING, rf_mpidr(0), 41);
	assert_int_equal(rf_hvc(v1, RVID_FN_UNMAP, 1, 0, 0, NULL), OK);
	f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 33, true);
	assert_false(is_pending(v0, 0, 41));
	/* Out of range. */
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 31,
						 true), -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_SPI, 0, 64,
						 true), -EINVAL);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_CPU, 0, 0,
						 true), -EINVAL);
	/* PPI: a trusted line of one vCPU. */
	call(v1, RVIC_FN_CLEAR_MASKED, rf_mpidr(1), 20);
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_PPI, 1, 20,
						 true), 0);
	assert_true(rf_flush(v1));
	assert_int_equal(f->inject_userspace_irq(vm, AV_IRQ_TYPE_PPI, 2, 20,
						 true), -EINVAL);
	nh_vm_free(vm);
}

/* A guest cannot reach another VM: each VM's hypercalls see only its own
 * vCPUs. */
static void test_vm_isolation(void **state)
{
	av_vm *a = rf_vm_new(1, 0, 0, true), *b = rf_vm_new(2, 0, 0, true);
	av_vcpu *va = av_vm_vcpu(a, 0), *vb1 = av_vm_vcpu(b, 1);

	call(vb1, RVIC_FN_ENABLE, 0, 0);
	assert_int_equal(call(va, RVIC_FN_SIGNAL, rf_mpidr(1), 2),
			 ST(INVALID_CPU, 0));
	assert_int_equal(rf_hvc(va, RVID_FN_MAP, 0, rf_mpidr(1), 40, NULL),
			 ST(INVALID_CPU, 1));
	assert_false(is_pending(vb1, 1, 2));
	nh_vm_free(a);
	nh_vm_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_info),
		cmocka_unit_test(test_unknown_ids),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_nr_irqs_once),
		cmocka_unit_test(test_reset_and_disabled),
		cmocka_unit_test(test_fifo_order),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cross_vcpu_kicks),
		cmocka_unit_test(test_mapped_timer),
		cmocka_unit_test(test_unmapped_level),
		cmocka_unit_test(test_rvid),
		cmocka_unit_test(test_vm_isolation),
	};

	return cmocka_run_group_tests_name("rvic_model", tests, NULL, NULL);
}
