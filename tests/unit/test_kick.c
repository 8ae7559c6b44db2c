/* SPDX-License-Identifier: MIT */
/*
 * Kicks and requests under load, through the public API: a kick with
 * AV_KICK_EXIT must bring a vCPU out of av_vcpu_run whether it spins in the
 * guest, sleeps in WFI, or is just entering (vcpu-requests.rst: a request
 * made just before guest entry is never missed).  Each round waits for
 * the exit with a deadline, so a lost kick fails instead of hanging.  Run
 * under ThreadSanitizer and ASan/UBSan by `make check-sanitize`.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <cmocka.h>

#include "armvisor/armvisor.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (4ull << 20)
#define NCPU 4
#define ROUNDS 300

static const uint32_t spin[] = { 0x14000000 };             /* b . */
static const uint32_t wfi_loop[] = { 0xd503207f, 0x17ffffff }; /* wfi; b */

struct vcpu_thread {
	av_vcpu *v;
	pthread_t t;
	atomic_uint exits;  /* -EINTR exits seen */
	atomic_bool stop;
	atomic_int bad;     /* unexpected return */
};

static void *run_thread(void *p)
{
	struct vcpu_thread *vt = p;

	while (!atomic_load(&vt->stop)) {
		int r = av_vcpu_run(vt->v);

		if (r == -EINTR &&
		    av_vcpu_run_struct(vt->v)->exit_reason == AV_EXIT_INTR)
			atomic_fetch_add(&vt->exits, 1);
		else
			atomic_store(&vt->bad, r ? r : 1);
	}
	return NULL;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static void kick_rounds(const uint32_t *code, size_t n)
{
	struct av_vm_config cfg = { .nr_vcpus = NCPU,
				    .irqchip = AV_IRQCHIP_USER };
	struct vcpu_thread th[NCPU];
	int err;
	av_vm *vm = av_vm_create(&cfg, &err);
	void *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_non_null(vm);
	assert_int_equal(av_vm_set_user_memory_region(vm, 0, RAM_BASE,
						      RAM_SIZE, ram),
			 0);
	memset(th, 0, sizeof(th));
	for (int i = 0; i < NCPU; i++) {
		/* each vCPU runs its own copy of the code */
		uint64_t pc = RAM_BASE + 0x80000 + i * 0x1000;

		memcpy((char *)ram + (pc - RAM_BASE), code, n * 4);
		th[i].v = av_vcpu_create(vm, i, 0, &err);
		assert_non_null(th[i].v);
		assert_int_equal(av_vcpu_set_one_reg(th[i].v, AV_REG_PC, pc), 0);
		pthread_create(&th[i].t, NULL, run_thread, &th[i]);
	}
	uint64_t t0 = now_ms();

	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < NCPU; i++) {
			unsigned before = atomic_load(&th[i].exits);
			uint64_t deadline = now_ms() + 10000;

			av_vcpu_kick(th[i].v, AV_KICK_EXIT);
			while (atomic_load(&th[i].exits) == before) {
				if (now_ms() > deadline)
					fail_msg("kick %d of vCPU %d lost", round,
						 i);
				nanosleep(&(struct timespec){ 0, 20000 }, NULL);
			}
		}
	}
	print_message("%d kicks, %.1f ms per kick-to-exit round trip\n",
		      ROUNDS * NCPU, (double)(now_ms() - t0) / (ROUNDS * NCPU));
	for (int i = 0; i < NCPU; i++) {
		atomic_store(&th[i].stop, true);
		av_vcpu_kick(th[i].v, AV_KICK_EXIT);
		pthread_join(th[i].t, NULL);
		assert_int_equal(atomic_load(&th[i].bad), 0);
	}
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

static void test_kick_spinning_vcpus(void **s)
{
	kick_rounds(spin, 1);
}

static void test_kick_sleeping_vcpus(void **s)
{
	kick_rounds(wfi_loop, 2);
}

/* A guest whose every exception faults again (VBAR_EL1 = 0: the vector
 * lies outside RAM) loops inside the engine without running a block; a
 * kick must still get it out, or a stopping VMM would wait forever. */
static void test_kick_exception_loop(void **s)
{
	static const uint32_t udf[] = { 0x00000000 }; /* udf #0 */

	kick_rounds(udf, 1);
}

/* CPU_ON races: of many concurrent power_on calls for one target, exactly
 * one wins (PSCI CPU_ON: ALREADY_ON / ON_PENDING for the rest). */
struct racer {
	av_vcpu *target;
	atomic_int *go;
	int result;
};

static void *race(void *p)
{
	struct racer *r = p;

	while (!atomic_load(r->go))
		;
	r->result = av_vcpu_power_on(r->target, RAM_BASE + 0x80000, 1);
	return NULL;
}

static void test_power_on_race(void **s)
{
	for (int round = 0; round < 20; round++) {
		struct av_vm_config cfg = { .nr_vcpus = 1 };
		int err, wins = 0;
		av_vm *vm = av_vm_create(&cfg, &err);
		void *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		atomic_int go = 0;
		struct racer r[6];
		pthread_t t[6];

		av_vm_set_user_memory_region(vm, 0, RAM_BASE, RAM_SIZE, ram);
		av_vcpu *v = av_vcpu_create(vm, 0, AV_VCPU_POWER_OFF, &err);
		assert_non_null(v);
		for (int i = 0; i < 6; i++) {
			r[i] = (struct racer){ v, &go, 0 };
			pthread_create(&t[i], NULL, race, &r[i]);
		}
		atomic_store(&go, 1);
		for (int i = 0; i < 6; i++) {
			pthread_join(t[i], NULL);
			if (r[i].result == 0)
				wins++;
			else
				assert_true(r[i].result == -EINPROGRESS ||
					    r[i].result == -EALREADY);
		}
		assert_int_equal(wins, 1);
		assert_int_equal(av_vm_destroy(vm), 0);
		munmap(ram, RAM_SIZE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kick_spinning_vcpus),
		cmocka_unit_test(test_kick_sleeping_vcpus),
		cmocka_unit_test(test_kick_exception_loop),
		cmocka_unit_test(test_power_on_race),
	};
	return cmocka_run_group_tests_name("kick", tests, NULL, NULL);
}
