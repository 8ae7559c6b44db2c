/* SPDX-License-Identifier: MIT */
/*
 * The public API's rules (include/armvisor/armvisor.h), driven only through
 * that API: configuration and memory errors, vCPU creation, the timer IRQ
 * attributes (-EINVAL, -EBUSY, VM-wide, duplicate), one-reg timer ids and
 * the counter offset, and a save/restore round trip in which a guest's
 * timer still fires at the same virtual count on a second VM.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "api_harness.h"

#include "armvisor/armvisor.h"


struct vmh {
	av_vm *vm;
	uint8_t *ram;
};

static struct vmh make_vm(unsigned ncpus, enum av_irqchip_kind chip)
{
	struct vmh h;

	h.vm = harness_vm(ncpus, chip, &h.ram);
	return h;
}

static void free_vm(struct vmh *h)
{
	harness_free(h->vm, h->ram);
}

static av_vcpu *make_vcpu(struct vmh *h, unsigned id, const uint32_t *code,
			  size_t n)
{
	if (code)
		harness_load(h->ram, ENTRY, code, n);
	return harness_vcpu(h->vm, id, ENTRY);
}

static void test_bad_configs(void **s)
{
	struct av_vm_config cfg = { .nr_vcpus = 0 };
	int err = 0;

	assert_null(av_vm_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg.nr_vcpus = AV_MAX_VCPUS + 1;
	assert_null(av_vm_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg = (struct av_vm_config){ .nr_vcpus = 9,
				     .irqchip = AV_IRQCHIP_GICV2 };
	assert_null(av_vm_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg = (struct av_vm_config){ .nr_vcpus = 1, .irqchip = 42 };
	assert_null(av_vm_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg = (struct av_vm_config){ .nr_vcpus = 1, .cntfrq = 10 };
	assert_null(av_vm_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
}

static void test_memory_and_vcpus(void **s)
{
	struct av_vm_config cfg = { .nr_vcpus = 2 };
	int err;
	av_vm *vm = av_vm_create(&cfg, &err);
	void *ram = aligned_alloc(4096, 1 << 20);

	assert_non_null(vm);
	/* no RAM yet: nothing to run */
	assert_null(av_vcpu_create(vm, 0, 0, &err));
	assert_int_equal(err, -ENOMEM);
	assert_int_equal(av_vm_set_user_memory_region(vm, 0, RAM_BASE + 1,
						      1 << 20, ram),
			 -EINVAL);
	assert_int_equal(av_vm_set_user_memory_region(vm, 0, RAM_BASE, 1 << 20,
						      ram),
			 0);
	assert_int_equal(av_vm_set_user_memory_region(vm, 1, RAM_BASE, 4096,
						      ram),
			 -EEXIST);
	assert_null(av_vcpu_create(vm, 1, 0, &err)); /* out of order */
	assert_int_equal(err, -EINVAL);
	assert_non_null(av_vcpu_create(vm, 0, 0, &err));
	assert_null(av_vcpu_create(vm, 0, 0, &err));
	assert_int_equal(err, -EEXIST);
	assert_null(av_vcpu_create(vm, 2, 0, &err)); /* beyond nr_vcpus */
	assert_int_equal(av_vm_set_user_memory_region(vm, 1, RAM_BASE + (2 << 20),
						      4096, ram),
			 -EBUSY);
	av_vcpu *v1 = av_vcpu_create(vm, 1, AV_VCPU_POWER_OFF, &err);
	assert_non_null(v1);
	assert_int_equal(av_vcpu_mpidr(v1), (1ull << 31) | 1);
	assert_int_equal(av_vcpu_power_state(v1), AV_POWER_OFF);
	assert_int_equal(av_vcpu_power_on(v1, ENTRY, 7), 0);
	assert_int_equal(av_vcpu_power_on(v1, ENTRY, 7), -EINPROGRESS);
	assert_int_equal(av_vm_destroy(vm), 0);
	free(ram);
}

static const uint32_t guest_hvc[] = { 0xd4000002, 0x14000000 }; /* hvc; b . */

static void test_timer_irq_attrs(void **s)
{
	struct vmh h = make_vm(2, AV_IRQCHIP_USER);
	av_vcpu *v0 = make_vcpu(&h, 0, guest_hvc, 2);
	av_vcpu *v1 = make_vcpu(&h, 1, NULL, 0);
	int irq, got;

	irq = 15;
	assert_int_equal(av_vcpu_set_attr(v0, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, &irq),
			 -EINVAL);
	irq = 32;
	assert_int_equal(av_vcpu_set_attr(v0, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_PTIMER, &irq),
			 -EINVAL);
	assert_int_equal(av_vcpu_set_attr(v0, AV_ARM_VCPU_TIMER_CTRL, 7, &irq),
			 -ENXIO);
	assert_int_equal(av_vcpu_set_attr(v0, 99, 0, &irq), -ENXIO);
	irq = 20;
	assert_int_equal(av_vcpu_set_attr(v0, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, &irq),
			 0);
	/* one setting applies to the whole VM */
	assert_int_equal(av_vcpu_get_attr(v1, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, &got),
			 0);
	assert_int_equal(got, 20);
	assert_int_equal(av_vcpu_get_attr(v1, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_PTIMER, &got),
			 0);
	assert_int_equal(got, 30);
	/* run once: the guest makes a hypercall */
	assert_int_equal(av_vcpu_run(v0), 0);
	assert_int_equal(av_vcpu_run_struct(v0)->exit_reason,
			 AV_EXIT_HYPERCALL);
	irq = 21;
	assert_int_equal(av_vcpu_set_attr(v1, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, &irq),
			 -EBUSY);
	free_vm(&h);
}

static void test_duplicate_timer_irq(void **s)
{
	struct vmh h = make_vm(1, AV_IRQCHIP_USER);
	av_vcpu *v = make_vcpu(&h, 0, guest_hvc, 2);
	int irq = 27;

	assert_int_equal(av_vcpu_set_attr(v, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_PTIMER, &irq),
			 0);
	/* both timers on INTID 27: the first run fails, clearly */
	assert_int_equal(av_vcpu_run(v), -EINVAL);
	assert_int_equal(av_vcpu_run_struct(v)->exit_reason,
			 AV_EXIT_INTERNAL_ERROR);
	assert_int_equal(av_vcpu_run_struct(v)->internal.suberror,
			 AV_INTERNAL_ERROR_TIMER_IRQ);
	/* nothing ran: the next run fails the same way */
	assert_int_equal(av_vcpu_run(v), -EINVAL);
	irq = 28; /* still settable: no vCPU has run */
	assert_int_equal(av_vcpu_set_attr(v, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_PTIMER, &irq),
			 0);
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(av_vcpu_run_struct(v)->exit_reason,
			 AV_EXIT_HYPERCALL);
	/* the counter offset cannot move under a running VM: here no
	 * caller is inside av_vcpu_run, so it may */
	assert_int_equal(av_vm_set_counter_offset(h.vm, 0), 0);
	free_vm(&h);
}

static void test_timer_one_reg(void **s)
{
	struct vmh h = make_vm(1, AV_IRQCHIP_USER);
	av_vcpu *v = make_vcpu(&h, 0, NULL, 0);
	uint64_t val, cnt;

	/* the ids KVM froze: CNT and CVAL encodings are swapped */
	assert_true(AV_REG_ARM_TIMER_CNT == AV_SYS_REG(3, 3, 14, 3, 2));
	assert_true(AV_REG_ARM_TIMER_CVAL == AV_SYS_REG(3, 3, 14, 0, 2));
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CNT,
					     1000000000ull),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CNT, &cnt), 0);
	assert_true(cnt >= 1000000000ull && cnt < 1000000000ull + 62500000);
	/* the physical timer keeps its own offset */
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_PTIMER_CNT, &val), 0);
	assert_true(val < 1000000000ull);
	/* ISTATUS is computed: enabled, CVAL in the past -> set */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CVAL, 5), 0);
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CTL, 1 | 4), 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CTL, &val), 0);
	assert_int_equal(val, 1 | 4);
	/* CVAL far in the future: ISTATUS clear */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CVAL,
					     UINT64_MAX),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CTL, &val), 0);
	assert_int_equal(val, 1);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CVAL, &val), 0);
	assert_int_equal(val, UINT64_MAX);
	/* a VM-wide offset sets both timers; later CNT writes are ignored */
	assert_int_equal(av_vm_set_counter_offset(h.vm, 0), 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CNT, &cnt), 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_PTIMER_CNT, &val), 0);
	assert_true(val - cnt < 62500000); /* both count from the VM's zero */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_ARM_TIMER_CNT,
					     1ull << 62),
			 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CNT, &cnt), 0);
	assert_true(cnt < (1ull << 40));
	/* offset near 2^64: the counter wraps as 64-bit arithmetic says */
	assert_int_equal(av_vm_set_counter_offset(h.vm, UINT64_MAX - 5), 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_ARM_TIMER_CNT, &cnt), 0);
	assert_true(cnt > 5 && cnt < (1ull << 40));
	free_vm(&h);
}

/* guest A: CVAL = CNTVCT + 6250000 (100 ms), enable, hvc #0 */
static const uint32_t guest_arm_timer[] = {
	0xd53be041, 0xd28bc203, 0xf2a00be3, 0x8b030021, 0xd51be341,
	0xd2800022, 0xd51be322, 0xd4000002, 0x14000000,
};
static const uint32_t guest_wfi_loop[] = { 0xd503207f, 0x17ffffff };

static void test_save_restore_fires_at_same_count(void **s)
{
	struct vmh a = make_vm(1, AV_IRQCHIP_USER);
	av_vcpu *va = make_vcpu(&a, 0, guest_arm_timer, 9);
	uint64_t ctl, cval, cnt;

	assert_int_equal(av_vcpu_run(va), 0);
	assert_int_equal(av_vcpu_run_struct(va)->exit_reason,
			 AV_EXIT_HYPERCALL);
	assert_int_equal(av_vcpu_get_one_reg(va, AV_REG_ARM_TIMER_CTL, &ctl), 0);
	assert_int_equal(av_vcpu_get_one_reg(va, AV_REG_ARM_TIMER_CVAL, &cval), 0);
	assert_int_equal(av_vcpu_get_one_reg(va, AV_REG_ARM_TIMER_CNT, &cnt), 0);
	assert_int_equal(ctl & 1, 1);
	assert_true(cval > cnt && cval - cnt <= 6250000);

	/* restore on another VM whose own counter differs */
	struct vmh b = make_vm(1, AV_IRQCHIP_USER);
	av_vcpu *vb = make_vcpu(&b, 0, guest_wfi_loop, 2);
	assert_int_equal(av_vcpu_set_one_reg(vb, AV_REG_ARM_TIMER_CNT, cnt), 0);
	assert_int_equal(av_vcpu_set_one_reg(vb, AV_REG_ARM_TIMER_CVAL, cval), 0);
	assert_int_equal(av_vcpu_set_one_reg(vb, AV_REG_ARM_TIMER_CTL, ctl), 0);
	/* the guest sleeps in WFI; the timer level reaches user space */
	struct av_run *run = av_vcpu_run_struct(vb);
	int r = av_vcpu_run(vb);
	assert_int_equal(r, -EINTR);
	assert_int_equal(run->exit_reason, AV_EXIT_INTR);
	assert_true(run->device_irq_level & AV_DEV_EL1_VTIMER);
	assert_int_equal(av_vcpu_get_one_reg(vb, AV_REG_ARM_TIMER_CNT, &cnt), 0);
	assert_true(cnt >= cval); /* never before CVAL */
	free_vm(&a);
	free_vm(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_configs),
		cmocka_unit_test(test_memory_and_vcpus),
		cmocka_unit_test(test_timer_irq_attrs),
		cmocka_unit_test(test_duplicate_timer_irq),
		cmocka_unit_test(test_timer_one_reg),
		cmocka_unit_test(test_save_restore_fires_at_same_count),
	};
	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
