// SPDX-License-Identifier: MIT
/*
 * vGIC unit tests, part 3: injection from many threads while every vCPU
 * thread enters its guest, acknowledges, EOIs, sends SGIs and re-routes
 * SPIs, through av_vcpu_run of the real core over the null engine (the
 * lock order of vgic.c and the core's requests and kicks under load; run
 * under ThreadSanitizer as build/tests/test_vgic_tsan).  At the end every
 * line is lowered and the state must drain to nothing pending and nothing
 * active.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vgic_harness.h"

#ifdef VGIC_TEST_TSAN
#define STRESS_LOOPS 20000
#else
#define STRESS_LOOPS 200000
#endif
#define STRESS_VCPUS 4

struct stress {
	av_vm *vm;
	atomic_bool stop;
	atomic_uint acked[1024];
	atomic_uint running;
};

struct stress_thread {
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

static void *vcpu_thread(void *arg)
{
	struct stress_thread *t = arg;
	av_vm *vm = t->s->vm;
	av_vcpu *v = av_vm_vcpu(vm, t->index);
	const struct irqchip_flow *f = vm_irqchip(vm);

	for (unsigned i = 0; i < STRESS_LOOPS; i++) {
		uint32_t r = next_rand(&t->rng);
		uint32_t intid;

		nh_run(v); /* enter the guest: flush, sync */
		intid = (uint32_t)icc_rd(v, ICC_IAR1);
		if (intid < 1020) {
			atomic_fetch_add(&t->s->acked[intid], 1);
			icc_wr(v, ICC_EOIR1, intid);
		}
		switch (r % 8) {
		case 0: /* an SGI to a few vCPUs */
			icc_wr(v, ICC_SGI1R,
			       (uint64_t)(r >> 8 & 0xf) << 24 | (r >> 16 & 0xf));
			break;
		case 1: /* move an SPI */
			gic_wr(v, GICD + 0x6000 + 8 * (40 + (r >> 8) % 8), 8,
				(r >> 12) % STRESS_VCPUS);
			break;
		case 2:
			(void)f->vcpu_pending_irq(v);
			break;
		case 3: /* read state other vCPUs own */
			(void)gic_rd(v, GICD + 0x204, 4);
			(void)gic_rd(v, GICR + ((r >> 8) % STRESS_VCPUS) *
						    GICR_STRIDE + SGI_FRAME +
						    0x300, 4);
			break;
		default:
			break;
		}
	}
	atomic_fetch_sub(&t->s->running, 1);
	return NULL;
}

static void *injector_thread(void *arg)
{
	struct stress_thread *t = arg;
	av_vm *vm = t->s->vm;
	const struct irqchip_flow *f = vm_irqchip(vm);

	while (atomic_load(&t->s->running)) {
		uint32_t r = next_rand(&t->rng);
		uint32_t spi = 40 + r % 8;

		/* Level lines as the VMM drives them (KVM_IRQ_LINE); edges as
		 * a device model in the library would. */
		if (spi < 44)
			av_vm_irq_line(vm, AV_IRQ_TYPE_SPI, 0, spi,
				       (r >> 8) & 1);
		else
			f->inject_irq(vm, NULL, spi, true, NULL);
		av_vm_irq_line(vm, AV_IRQ_TYPE_PPI, (r >> 9) % STRESS_VCPUS, 20,
			       (r >> 12) & 1);
	}
	return NULL;
}

static void drain_vcpu(av_vm *vm, av_vcpu *v)
{
	for (unsigned round = 0; round < 1000; round++) {
		uint32_t intid;

		nh_run(v);
		intid = (uint32_t)icc_rd(v, ICC_IAR1);
		if (intid >= 1020)
			return;
		icc_wr(v, ICC_EOIR1, intid);
	}
	fail_msg("vCPU %u never drained (INTID %u keeps coming)", vcpu_index(v),
		 (unsigned)icc_rd(v, ICC_HPPIR1));
}

static void test_stress(void **state)
{
	static struct stress s;
	struct stress_thread vt[STRESS_VCPUS], it[2];
	pthread_t vth[STRESS_VCPUS], ith[2];
	unsigned sgis = 0, spis = 0;

	s.vm = v3_vm(STRESS_VCPUS, 4);
	atomic_store(&s.running, STRESS_VCPUS);
	for (unsigned i = 0; i < 1024; i++)
		atomic_store(&s.acked[i], 0);
	for (unsigned i = 0; i < STRESS_VCPUS; i++)
		ppi_setup(av_vm_vcpu(s.vm, i), 20, 0x60);
	for (unsigned i = 0; i < 8; i++)
		spi_setup(av_vm_vcpu(s.vm, 0), 40 + i, (uint8_t)(0x20 + i * 8));
	gic_wr(av_vm_vcpu(s.vm, 0), GICD + 0xc08, 4, 0xaa000000u); /* 44..47 edge */
	assert_int_equal(gic_rd(av_vm_vcpu(s.vm, 0), GICD + 0xc08, 4), 0xaa000000u);

	for (unsigned i = 0; i < 2; i++) {
		it[i] = (struct stress_thread){ &s, i, 0x9e3779b9u * (i + 7) };
		pthread_create(&ith[i], NULL, injector_thread, &it[i]);
	}
	for (unsigned i = 0; i < STRESS_VCPUS; i++) {
		vt[i] = (struct stress_thread){ &s, i, 0x12345u * (i + 1) };
		pthread_create(&vth[i], NULL, vcpu_thread, &vt[i]);
	}
	for (unsigned i = 0; i < STRESS_VCPUS; i++)
		pthread_join(vth[i], NULL);
	for (unsigned i = 0; i < 2; i++)
		pthread_join(ith[i], NULL);

	/* Lower every line, then drain. */
	for (unsigned i = 40; i < 44; i++)
		assert_int_equal(av_vm_irq_line(s.vm, AV_IRQ_TYPE_SPI, 0, i, 0),
				 0);
	for (unsigned i = 0; i < STRESS_VCPUS; i++)
		assert_int_equal(av_vm_irq_line(s.vm, AV_IRQ_TYPE_PPI, i, 20, 0),
				 0);
	for (unsigned pass = 0; pass < 3; pass++)
		for (unsigned i = 0; i < STRESS_VCPUS; i++)
			drain_vcpu(s.vm, av_vm_vcpu(s.vm, i));

	for (unsigned i = 0; i < STRESS_VCPUS; i++) {
		av_vcpu *v = av_vm_vcpu(s.vm, i);
		uint64_t sgi = GICR + i * GICR_STRIDE + SGI_FRAME;

		assert_int_equal(gic_rd(v, sgi + 0x200, 4), 0);
		assert_int_equal(gic_rd(v, sgi + 0x300, 4), 0);
		assert_int_equal(icc_rd(v, ICC_RPR), 0xff);
		assert_false(vm_irqchip(s.vm)->vcpu_pending_irq(v));
	}
	assert_int_equal(gic_rd(av_vm_vcpu(s.vm, 0), GICD + 0x204, 4), 0);
	assert_int_equal(gic_rd(av_vm_vcpu(s.vm, 0), GICD + 0x304, 4), 0);
	for (unsigned i = 0; i < 16; i++)
		sgis += atomic_load(&s.acked[i]);
	for (unsigned i = 40; i < 48; i++)
		spis += atomic_load(&s.acked[i]);
	assert_true(sgis > 0);
	assert_true(spis > 0);
	nh_vm_free(s.vm);
}

int vgic_stress_tests(void);

int vgic_stress_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress),
	};

	return cmocka_run_group_tests_name("vgic_stress", tests, NULL, NULL);
}
