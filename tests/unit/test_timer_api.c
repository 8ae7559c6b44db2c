/* SPDX-License-Identifier: MIT */
/*
 * Timer rules through the public API that test_api.c leaves out, with
 * small AArch64 guests in RAM:
 *  - the counters a guest reads: a one-reg write of KVM_REG_ARM_TIMER_CNT
 *    moves only the virtual counter (CNTPCT - CNTVCT = the virtual offset,
 *    Arm ARM D11.2.1 CNTVCT = CNTPCT - CNTVOFF), while a VM-wide offset
 *    (av_vm_set_counter_offset, KVM_ARM_SET_COUNTER_OFFSET) moves both and
 *    leaves their difference zero (KVM api.rst 4.138);
 *  - the physical timer's save/restore: CTL, CVAL and CNT moved to another
 *    VM, the timer fires there at the same physical count;
 *  - no polling: a vCPU in WFI whose expired timer cannot be delivered
 *    (its PPI never enabled in the vGIC) sleeps instead of spinning.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include <cmocka.h>

#include "api_harness.h"

#include "armvisor/armvisor.h"

/* 10 ms of ticks at the default 62.5 MHz: read skew allowed */
#define SKEW 625000

/* x1 = CNTVCT, x2 = CNTPCT, x3 = CNTVCT; hvc. */
static const uint32_t guest_read_counters[] = {
	0xd5033fdf, /* isb */
	0xd53be041, /* mrs x1, cntvct_el0 */
	0xd5033fdf, /* isb */
	0xd53be022, /* mrs x2, cntpct_el0 */
	0xd5033fdf, /* isb */
	0xd53be043, /* mrs x3, cntvct_el0 */
	0xd4000002, /* hvc #0 */
	0x14000000, /* b . */
};

/* CNTP_CVAL = CNTPCT + 6250000 (100 ms: time enough for the host to read
 * the state back on a loaded machine), CNTP_CTL = ENABLE; hvc. */
static const uint32_t guest_arm_ptimer[] = {
	0xd53be021, /* mrs  x1, cntpct_el0 */
	0xd28bc203, /* mov  x3, #0x5e10 */
	0xf2a00be3, /* movk x3, #0x5f, lsl #16 */
	0x8b030021, /* add  x1, x1, x3 */
	0xd51be241, /* msr  cntp_cval_el0, x1 */
	0xd2800022, /* mov  x2, #1 */
	0xd51be222, /* msr  cntp_ctl_el0, x2 */
	0xd4000002, /* hvc  #0 */
	0x14000000, /* b    . */
};

/* CNTV_CVAL = 0, CNTV_CTL = ENABLE (expired at once); WFI forever. */
static const uint32_t guest_expired_wfi[] = {
	0xd51be35f, /* msr cntv_cval_el0, xzr */
	0xd2800021, /* mov x1, #1 */
	0xd51be321, /* msr cntv_ctl_el0, x1 */
	0xd503207f, /* wfi */
	0x17ffffff, /* b .-4 */
};

static const uint32_t guest_wfi_loop[] = {
	0xd503207f, /* wfi */
	0x17ffffff, /* b .-4 */
};

struct vmh {
	av_vm *vm;
	av_vcpu *v;
	uint8_t *ram;
};

static void make_vm_chip(struct vmh *h, const uint32_t *code, size_t n,
			 enum av_irqchip_kind chip)
{
	h->vm = harness_vm(1, chip, &h->ram);
	harness_load(h->ram, ENTRY, code, n);
	h->v = harness_vcpu(h->vm, 0, ENTRY);
}

static void make_vm(struct vmh *h, const uint32_t *code, size_t n)
{
	make_vm_chip(h, code, n, AV_IRQCHIP_USER);
}

static void free_vm(struct vmh *h)
{
	harness_free(h->vm, h->ram);
}

/* Run the counter reader; return CNTPCT - CNTVCT as the guest saw it (the
 * window [p - v2, p - v1] must be narrow: one value up to read skew). */
static int64_t guest_counter_offset(struct vmh *h)
{
	uint64_t v1, p, v2;

	assert_int_equal(av_vcpu_run(h->v), 0);
	assert_int_equal(av_vcpu_run_struct(h->v)->exit_reason,
			 AV_EXIT_HYPERCALL);
	assert_int_equal(av_vcpu_get_one_reg(h->v, AV_REG_X(1), &v1), 0);
	assert_int_equal(av_vcpu_get_one_reg(h->v, AV_REG_X(2), &p), 0);
	assert_int_equal(av_vcpu_get_one_reg(h->v, AV_REG_X(3), &v2), 0);
	assert_true(v2 - v1 < SKEW); /* CNTVCT went forward, a little */
	return (int64_t)(p - v2);
}

static void test_virtual_offset_seen_by_guest(void **s)
{
	struct vmh h;
	const uint64_t target = 1ull << 40;
	uint64_t vcnt, pcnt;
	int64_t off;

	make_vm(&h, guest_read_counters, 8);
	/* the virtual counter jumps to 2^40; the physical one does not */
	assert_int_equal(av_vcpu_set_one_reg(h.v, AV_REG_ARM_TIMER_CNT, target),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_ARM_PTIMER_CNT, &pcnt),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_ARM_TIMER_CNT, &vcnt),
			 0);
	off = guest_counter_offset(&h);
	/* CNTPCT - CNTVCT = -(2^40 - physical count), constant */
	assert_true(off > (int64_t)(pcnt - vcnt) - SKEW &&
		    off < (int64_t)(pcnt - vcnt) + SKEW);
	assert_true(off < -(int64_t)(target / 2));
	free_vm(&h);
}

static void test_vm_offset_moves_both_counters(void **s)
{
	struct vmh h;
	const uint64_t offset = 5ull << 36;
	uint64_t vcnt, pcnt, v1;
	int64_t off;

	make_vm(&h, guest_read_counters, 8);
	assert_int_equal(av_vm_check_extension(h.vm, AV_CAP_COUNTER_OFFSET), 1);
	assert_int_equal(av_vm_set_counter_offset(h.vm, offset), 0);
	off = guest_counter_offset(&h);
	/* both counters offset alike: their difference is zero */
	assert_true(off > -SKEW && off <= 0);
	/* and both read (VM count - offset), modulo 2^64 */
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_X(1), &v1), 0);
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_ARM_TIMER_CNT, &vcnt),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(h.v, AV_REG_ARM_PTIMER_CNT, &pcnt),
			 0);
	assert_true(vcnt - v1 < 62500000ull); /* same counter, later */
	assert_true(pcnt - vcnt < SKEW);
	assert_true(v1 > -offset - 62500000ull * 60); /* wrapped below 0 */
	free_vm(&h);
}

/* The physical timer, saved on one VM and restored on another whose own
 * counter differs, fires at the same physical count. */
static void test_ptimer_save_restore(void **s)
{
	struct vmh a, b;
	uint64_t ctl, cval, cnt;
	struct av_run *run;
	int r;

	make_vm(&a, guest_arm_ptimer, 9);
	assert_int_equal(av_vcpu_run(a.v), 0);
	assert_int_equal(av_vcpu_get_one_reg(a.v, AV_REG_ARM_PTIMER_CTL, &ctl),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(a.v, AV_REG_ARM_PTIMER_CVAL,
					     &cval),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(a.v, AV_REG_ARM_PTIMER_CNT, &cnt),
			 0);
	assert_int_equal(ctl & 5, 1); /* enabled, not yet expired */
	assert_true(cval > cnt && cval - cnt <= 6250000);

	make_vm(&b, guest_wfi_loop, 2);
	/* the new VM's physical counter is made to read the old one's */
	assert_int_equal(av_vcpu_set_one_reg(b.v, AV_REG_ARM_PTIMER_CNT, cnt),
			 0);
	assert_int_equal(av_vcpu_set_one_reg(b.v, AV_REG_ARM_PTIMER_CVAL, cval),
			 0);
	assert_int_equal(av_vcpu_set_one_reg(b.v, AV_REG_ARM_PTIMER_CTL, ctl),
			 0);
	run = av_vcpu_run_struct(b.v);
	r = av_vcpu_run(b.v);
	assert_int_equal(r, -EINTR);
	assert_true(run->device_irq_level & AV_DEV_EL1_PTIMER);
	assert_false(run->device_irq_level & AV_DEV_EL1_VTIMER);
	assert_int_equal(av_vcpu_get_one_reg(b.v, AV_REG_ARM_PTIMER_CNT, &cnt),
			 0);
	assert_true(cnt >= cval); /* never before CVAL */
	assert_int_equal(av_vcpu_get_one_reg(b.v, AV_REG_ARM_PTIMER_CTL, &ctl),
			 0);
	assert_int_equal(ctl, 1 | 4); /* ENABLE, ISTATUS */
	free_vm(&a);
	free_vm(&b);
}

/* The vGIC never had the timer's PPI enabled: the asserted line can wake
 * nothing, and the vCPU in WFI must sleep (no background deadline of
 * "now" re-armed for ever), in both timer IRQ modes. */
static void check_undeliverable_timer_sleeps(enum av_irqchip_kind chip)
{
	struct vmh h;
	pthread_t t;
	double cpu;
	int r;

	make_vm_chip(&h, guest_expired_wfi, 5, chip);
	assert_int_equal(pthread_create(&t, NULL, kick_later, h.v), 0);
	cpu = cpu_seconds();
	r = av_vcpu_run(h.v); /* until kick_later */
	cpu = cpu_seconds() - cpu;
	pthread_join(t, NULL);
	assert_int_equal(r, -EINTR);
	print_message("undeliverable expired timer, WFI: %.1f ms CPU in "
		      "300 ms\n",
		      cpu * 1e3);
	/* CPU time, not wall time: sleeping costs ~0.2 ms here; a polling
	 * loop used 23..26 ms even on a host so loaded that it got a tenth
	 * of a core (all of the 300 ms on an idle one). */
	assert_true(cpu < 0.01);
	free_vm(&h);
}

static void test_wfi_with_undeliverable_timer_sleeps(void **s)
{
	check_undeliverable_timer_sleeps(AV_IRQCHIP_GICV3);
	check_undeliverable_timer_sleeps(AV_IRQCHIP_GICV2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virtual_offset_seen_by_guest),
		cmocka_unit_test(test_vm_offset_moves_both_counters),
		cmocka_unit_test(test_ptimer_save_restore),
		cmocka_unit_test(test_wfi_with_undeliverable_timer_sleeps),
	};
	return cmocka_run_group_tests_name("timer_api", tests, NULL, NULL);
}
