/* SPDX-License-Identifier: MIT */
/*
 * No API call can crash or hang the library (issue 9): NULL handles,
 * av_strerror of any int, EL2/EL3 registers kept from one-reg, two threads
 * entering av_vcpu_run on one vCPU, and av_vm_destroy while a vCPU runs or
 * is parked in an MMIO exit.  Also built with ThreadSanitizer and with
 * AddressSanitizer (make check-sanitize).
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api_harness.h"

#include "armvisor/armvisor.h"

#define B_SELF 0x14000000u   /* b . */
#define HVC_0 0xd4000002u    /* hvc #0 */
#define SYS_SCR_EL3 AV_SYS_REG(3, 6, 1, 1, 0)
#define SYS_HCR_EL2 AV_SYS_REG(3, 4, 1, 1, 0)

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void test_null_handles(void **s)
{
	struct av_vm_config cfg = { .nr_vcpus = 1 };
	uint64_t val = 0;
	int irq = 27, err = 0;

	assert_null(av_vm_create(NULL, &err));
	assert_int_equal(err, -EINVAL);
	assert_int_equal(av_vm_destroy(NULL), -EINVAL);
	assert_int_equal(av_vm_set_user_memory_region(NULL, 0, RAM_BASE,
						      4096, &val),
			 -EINVAL);
	assert_int_equal(av_vm_check_extension(NULL, AV_CAP_NR_VCPUS),
			 AV_MAX_VCPUS);
	assert_int_equal(av_vm_enable_cap(NULL, AV_CAP_ARM_USER_IRQ, 0),
			 -EINVAL);
	assert_int_equal(av_vm_irq_line(NULL, AV_IRQ_TYPE_SPI, 0, 33, 1),
			 -EINVAL);
	assert_int_equal(av_vm_set_counter_offset(NULL, 0), -EINVAL);
	assert_int_equal(av_vm_system_event(NULL, AV_SYSTEM_EVENT_SHUTDOWN),
			 -EINVAL);
	assert_null(av_vcpu_create(NULL, 0, 0, &err));
	assert_int_equal(err, -EINVAL);
	assert_null(av_vm_vcpu(NULL, 0));
	assert_int_equal(av_vm_create_irqchip(NULL, AV_DEV_TYPE_ARM_RVIC),
			 -EINVAL);
	assert_int_equal(av_vm_set_irqchip_attr(NULL, AV_DEV_ARM_RVIC_GRP_CTRL,
						AV_DEV_ARM_RVIC_CTRL_INIT,
						NULL),
			 -EINVAL);

	/* The four that dereferenced NULL (issue 9, finding 18). */
	assert_int_equal(av_vcpu_id(NULL), AV_VCPU_ID_NONE);
	assert_int_equal(av_vcpu_mpidr(NULL), 0);
	assert_int_equal(av_vcpu_power_state(NULL), -EINVAL);
	assert_null(av_vcpu_run_struct(NULL));

	assert_int_equal(av_vcpu_run(NULL), -EINVAL);
	av_vcpu_kick(NULL, 0);
	av_vcpu_kick(NULL, AV_KICK_EXIT);
	assert_int_equal(av_vcpu_inject_ext_abort(NULL), -EINVAL);
	assert_int_equal(av_vcpu_power_on(NULL, ENTRY, 0), -EINVAL);
	assert_int_equal(av_vcpu_power_off(NULL), -EINVAL);
	assert_int_equal(av_vcpu_get_one_reg(NULL, AV_REG_PC, &val), -EINVAL);
	assert_int_equal(av_vcpu_set_one_reg(NULL, AV_REG_PC, 0), -EINVAL);
	assert_int_equal(av_vcpu_set_attr(NULL, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, &irq),
			 -EINVAL);
	assert_int_equal(av_vcpu_get_attr(NULL, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, &irq),
			 -EINVAL);

	/* NULL out-pointers on a real vCPU. */
	uint8_t *ram;
	av_vm *vm = harness_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v = harness_vcpu(vm, 0, ENTRY);

	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_PC, NULL), -EINVAL);
	assert_int_equal(av_vcpu_set_attr(v, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, NULL),
			 -EINVAL);
	assert_int_equal(av_vcpu_get_attr(v, AV_ARM_VCPU_TIMER_CTRL,
					  AV_ARM_VCPU_TIMER_IRQ_VTIMER, NULL),
			 -EINVAL);
	assert_null(av_vcpu_create(vm, 0, 0, NULL)); /* err may be NULL */
	assert_null(av_vm_vcpu(vm, 1));
	assert_int_equal(av_vcpu_id(v), 0);
	harness_free(vm, ram);
	cfg.nr_vcpus = 0;
	assert_null(av_vm_create(&cfg, NULL));
}

static void test_strerror_any_int(void **s)
{
	const int values[] = { INT_MIN, INT_MIN + 1, -1, 0, 1, INT_MAX,
			       -EINVAL, -EBUSY, 4096, -4096 };

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		const char *t = av_strerror(values[i]);

		assert_non_null(t);
		assert_true(strlen(t) > 0);
	}
	assert_string_equal(av_strerror(-EINVAL), strerror(EINVAL));
	assert_string_equal(av_strerror(-EBUSY), strerror(EBUSY));
}

/*
 * EL2/EL3 registers and the EL12/EL02 aliases are the hypervisor's: one-reg
 * gives -ENOENT for them (KVM does not expose them either), and they stay
 * as the engine set them.  SCR_EL3 = 0 used to make the guest's HVC
 * UNDEFINED; here the HVC still reaches the VMM.
 */
/* KVM_CAP_HALT_POLL: advertised; a 32-bit ns value, anything larger
 * refused (KVM api.rst), 0 allowed (never poll). */
static void test_halt_poll_cap(void **s)
{
	struct av_vm_config cfg = { .nr_vcpus = 1 };
	int err = 0;
	av_vm *vm = av_vm_create(&cfg, &err);

	(void)s;
	assert_non_null(vm);
	assert_int_equal(av_vm_check_extension(vm, AV_CAP_HALT_POLL), 1);
	assert_int_equal(av_vm_enable_cap(NULL, AV_CAP_HALT_POLL, 0), -EINVAL);
	assert_int_equal(av_vm_enable_cap(vm, AV_CAP_HALT_POLL,
					  (uint64_t)UINT32_MAX + 1),
			 -EINVAL);
	assert_int_equal(av_vm_enable_cap(vm, AV_CAP_HALT_POLL, UINT32_MAX), 0);
	assert_int_equal(av_vm_enable_cap(vm, AV_CAP_HALT_POLL, 0), 0);
	assert_int_equal(av_vm_destroy(vm), 0);
}

static void test_one_reg_el2_el3_hidden(void **s)
{
	static const uint64_t hidden[] = {
		SYS_SCR_EL3,
		SYS_HCR_EL2,
		AV_SYS_REG(3, 4, 12, 0, 0), /* VBAR_EL2 */
		AV_SYS_REG(3, 6, 4, 0, 1),  /* ELR_EL3 */
		AV_SYS_REG(3, 5, 1, 0, 0),  /* SCTLR_EL12 */
		AV_SYS_REG(3, 5, 14, 3, 1), /* CNTV_CTL_EL02 */
		AV_SYS_REG(3, 7, 15, 0, 0), /* op1 7 */
		AV_SYS_REG(2, 4, 0, 7, 0),  /* DBGVCR32_EL2 */
		AV_SYS_REG(1, 0, 7, 5, 1),  /* op0 1: IC IVAU, an instruction */
		AV_SYS_REG(0, 0, 4, 0, 0),  /* op0 0 */
	};
	static const uint32_t code[] = {
		0xd2824680, /* movz x0, #0x1234 */
		HVC_0,
		B_SELF,
	};
	uint8_t *ram;
	av_vm *vm = harness_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v;
	uint64_t val;

	harness_load(ram, ENTRY, code, 3);
	v = harness_vcpu(vm, 0, ENTRY);
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		val = 0x5a5a;
		assert_int_equal(av_vcpu_get_one_reg(v, hidden[i], &val),
				 -ENOENT);
		assert_int_equal(val, 0x5a5a);
		assert_int_equal(av_vcpu_set_one_reg(v, hidden[i], 0), -ENOENT);
	}
	/* EL0/EL1 registers still work. */
	assert_int_equal(av_vcpu_set_one_reg(v, AV_SYS_REG(3, 0, 13, 0, 4),
					     0x1122334455667788ull),
			 0); /* TPIDR_EL1 */
	assert_int_equal(av_vcpu_get_one_reg(v, AV_SYS_REG(3, 0, 13, 0, 4),
					     &val),
			 0);
	assert_int_equal(val, 0x1122334455667788ull);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_SYS_REG(3, 0, 1, 0, 0),
					     &val),
			 0); /* SCTLR_EL1 */
	assert_int_equal(val & 1, 0); /* MMU off at reset */

	struct av_run *run = av_vcpu_run_struct(v);

	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(run->exit_reason, AV_EXIT_HYPERCALL);
	assert_int_equal(run->hypercall.nr, 0x1234);
	harness_free(vm, ram);
}

/* ---- concurrent av_vcpu_run ------------------------------------------ */

struct runner {
	av_vcpu *v;
	atomic_int *go;
	atomic_int result; /* INT_MIN until av_vcpu_run returned */
	pthread_t t;
};

static void *run_once(void *p)
{
	struct runner *r = p;

	while (!atomic_load(r->go))
		;
	atomic_store(&r->result, av_vcpu_run(r->v));
	return NULL;
}

/*
 * Two threads enter av_vcpu_run on one fresh vCPU at once (its first run,
 * when the worker thread is created): exactly one runs the guest, the other
 * gets -EBUSY at once.  Without the claim both created workers and one
 * caller never returned.
 */
static void test_concurrent_first_run(void **s)
{
	static const uint32_t loop[] = { B_SELF };

	for (int round = 0; round < 20; round++) {
		uint8_t *ram;
		av_vm *vm = harness_vm(1, AV_IRQCHIP_GICV3, &ram);
		atomic_int go = 0;
		struct runner r[2];
		uint64_t deadline = now_ms() + 10000;
		int busy = -1;

		harness_load(ram, ENTRY, loop, 1);
		av_vcpu *v = harness_vcpu(vm, 0, ENTRY);

		for (int i = 0; i < 2; i++) {
			r[i].v = v;
			r[i].go = &go;
			atomic_init(&r[i].result, INT_MIN);
			pthread_create(&r[i].t, NULL, run_once, &r[i]);
		}
		atomic_store(&go, 1);
		/* The loser returns while the winner spins in the guest. */
		while (busy < 0) {
			for (int i = 0; i < 2; i++)
				if (atomic_load(&r[i].result) != INT_MIN)
					busy = i;
			if (now_ms() > deadline)
				fail_msg("round %d: neither av_vcpu_run call "
					 "returned",
					 round);
		}
		assert_int_equal(atomic_load(&r[busy].result), -EBUSY);
		assert_int_equal(atomic_load(&r[!busy].result), INT_MIN);
		av_vcpu_kick(v, AV_KICK_EXIT);
		for (int i = 0; i < 2; i++)
			pthread_join(r[i].t, NULL);
		assert_int_equal(atomic_load(&r[!busy].result), -EINTR);
		harness_free(vm, ram);
	}
}

/* ---- av_vm_destroy ------------------------------------------------------ */

/*
 * av_vm_destroy while another thread is inside av_vcpu_run: refused with
 * -EBUSY, nothing freed (it was a heap-use-after-free in plat_event_wait),
 * the guest still runs; once that thread has left, the VM goes.
 */
static void test_destroy_while_running(void **s)
{
	static const uint32_t code[] = {
		0xd2a80001, /* movz x1, #0x4000, lsl #16: RAM base */
		0x52800022, /* movz w2, #1 */
		0xb9000022, /* str w2, [x1]: "I am running" */
		B_SELF,
	};
	uint8_t *ram;
	av_vm *vm = harness_vm(2, AV_IRQCHIP_GICV3, &ram);
	atomic_int go = 1;
	struct runner r = { .go = &go };
	uint64_t deadline = now_ms() + 10000;

	harness_load(ram, ENTRY, code, 4);
	r.v = harness_vcpu(vm, 0, ENTRY);
	harness_vcpu(vm, 1, ENTRY); /* never run: no worker */
	atomic_init(&r.result, INT_MIN);
	pthread_create(&r.t, NULL, run_once, &r);
	while (__atomic_load_n((uint32_t *)ram, __ATOMIC_ACQUIRE) != 1)
		if (now_ms() > deadline)
			fail_msg("the guest never ran");
	assert_int_equal(av_vcpu_run(r.v), -EBUSY); /* a second caller */
	for (int i = 0; i < 3; i++)
		assert_int_equal(av_vm_destroy(vm), -EBUSY);
	/* Nothing was taken down: vCPU 1 is still claimable and the guest
	 * still runs on vCPU 0. */
	assert_int_equal(av_vcpu_power_state(av_vm_vcpu(vm, 1)), AV_POWER_ON);
	assert_int_equal(atomic_load(&r.result), INT_MIN);
	av_vcpu_kick(r.v, AV_KICK_EXIT);
	pthread_join(r.t, NULL);
	assert_int_equal(atomic_load(&r.result), -EINTR);
	harness_free(vm, ram); /* asserts av_vm_destroy == 0 */
}

/* A vCPU whose worker is parked inside an MMIO access (the VMM has not
 * answered the exit) is not "running": destroy finishes the access and
 * frees everything, without hanging. */
static void test_destroy_during_mmio_exit(void **s)
{
	static const uint32_t code[] = {
		0xd2a12001, /* movz x1, #0x0900, lsl #16 */
		0xb9000020, /* str w0, [x1] */
		B_SELF,
	};
	uint8_t *ram;
	av_vm *vm = harness_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v;

	harness_load(ram, ENTRY, code, 3);
	v = harness_vcpu(vm, 0, ENTRY);
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(av_vcpu_run_struct(v)->exit_reason, AV_EXIT_MMIO);
	assert_int_equal(av_vcpu_run_struct(v)->mmio.phys_addr, 0x09000000);
	harness_free(vm, ram);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_handles),
		cmocka_unit_test(test_halt_poll_cap),
		cmocka_unit_test(test_strerror_any_int),
		cmocka_unit_test(test_one_reg_el2_el3_hidden),
		cmocka_unit_test(test_concurrent_first_run),
		cmocka_unit_test(test_destroy_while_running),
		cmocka_unit_test(test_destroy_during_mmio_exit),
	};
	return cmocka_run_group_tests_name("api_safety", tests, NULL, NULL);
}
