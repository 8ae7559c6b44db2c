// SPDX-License-Identifier: MIT
/*
 * Unit tests: PSCI 1.0 / SMCCC 1.1 policy (vmm/psci.c) over a fake of the
 * few API calls it makes (power state, MPIDR, vCPU lookup).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/platform.h"
#include "vmm/psci.h"

/* ---- fake API ---------------------------------------------------------- */

struct av_vcpu {
	unsigned id;
	int state;
	uint64_t pc, ctx;
};

struct av_vm {
	unsigned nr;
	struct av_vcpu vcpus[AV_MAX_VCPUS];
};

static struct av_vm vm;
static int power_off_ret;

av_vcpu *av_vm_vcpu(av_vm *m, unsigned id)
{
	return id < m->nr ? &m->vcpus[id] : NULL;
}

uint64_t av_vcpu_mpidr(const av_vcpu *v)
{
	return (1ull << 31) | virt_cpu_affinity(v->id);
}

int av_vcpu_power_on(av_vcpu *v, uint64_t pc, uint64_t context)
{
	if (v->state == AV_POWER_ON)
		return -EALREADY;
	if (v->state == AV_POWER_ON_PENDING)
		return -EINPROGRESS;
	v->state = AV_POWER_ON_PENDING;
	v->pc = pc;
	v->ctx = context;
	return 0;
}

int av_vcpu_power_off(av_vcpu *v)
{
	if (power_off_ret)
		return power_off_ret;
	v->state = AV_POWER_OFF;
	return 0;
}

int av_vcpu_power_state(const av_vcpu *v) { return v->state; }

/* ---- helpers ----------------------------------------------------------- */

static uint64_t ret[4];
static enum psci_outcome outcome;

static int setup(void **state)
{
	memset(&vm, 0, sizeof(vm));
	vm.nr = 20;
	for (unsigned i = 0; i < vm.nr; i++) {
		vm.vcpus[i].id = i;
		vm.vcpus[i].state = i ? AV_POWER_OFF : AV_POWER_ON;
	}
	power_off_ret = 0;
	return 0;
}

/* Call function fn from vCPU 0; returns x0 as a signed value. */
static int64_t call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	const uint64_t args[6] = {a1, a2, a3, 0, 0, 0};

	memset(ret, 0xee, sizeof(ret));
	outcome = psci_handle_call(&vm, vm.nr, &vm.vcpus[0], fn, args, ret);
	assert_int_equal(ret[1], 0);
	assert_int_equal(ret[2], 0);
	assert_int_equal(ret[3], 0);
	return (int64_t)ret[0];
}

/* ---- tests ------------------------------------------------------------- */

static void test_versions(void **state)
{
	assert_int_equal(call(PSCI_0_2_FN_VERSION, 0, 0, 0), 0x10000);
	assert_int_equal(outcome, PSCI_RESUME);
	assert_int_equal(call(SMCCC_VERSION, 0, 0, 0), 0x10001);
	/* The function id is w0: upper bits of x0 are ignored. */
	assert_int_equal(
	    call(0xffffffff00000000ull | PSCI_0_2_FN_VERSION, 0, 0, 0),
	    0x10000);
}

static void test_features(void **state)
{
	static const uint32_t yes[] = {
	    PSCI_0_2_FN_VERSION,       PSCI_0_2_FN_CPU_OFF,
	    PSCI_0_2_FN_CPU_ON,	       PSCI_0_2_FN64_CPU_ON,
	    PSCI_0_2_FN_AFFINITY_INFO, PSCI_0_2_FN64_AFFINITY_INFO,
	    PSCI_0_2_FN_SYSTEM_OFF,    PSCI_0_2_FN_SYSTEM_RESET,
	    PSCI_1_0_FN_PSCI_FEATURES, SMCCC_VERSION,
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_int_equal(call(PSCI_1_0_FN_PSCI_FEATURES, yes[i], 0, 0),
				 0);
	assert_int_equal(
	    call(PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_CPU_SUSPEND, 0, 0),
	    PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(PSCI_1_0_FN_PSCI_FEATURES, 0x84000006, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0), 0);
	assert_int_equal(call(SMCCC_ARCH_FEATURES, 0x80008000, 0, 0),
			 SMCCC_RET_NOT_SUPPORTED);
}

static void test_unknown_ids(void **state)
{
	static const uint64_t ids[] = {0x84000001, 0x84000006, 0xc5000200,
				       0x82000000, 0x0,	       0xdeadbeef};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(call(ids[i], 1, 2, 3), -1);
		assert_int_equal(outcome, PSCI_RESUME);
	}
}

static void test_cpu_on(void **state)
{
	/* 64-bit CPU_ON of vCPU 17 (MPIDR 0x101). */
	assert_int_equal(call(PSCI_0_2_FN64_CPU_ON, 0x101, 0x40081000,
			      0x1122334455667788ull),
			 PSCI_RET_SUCCESS);
	assert_int_equal(vm.vcpus[17].state, AV_POWER_ON_PENDING);
	assert_int_equal(vm.vcpus[17].pc, 0x40081000);
	assert_int_equal(vm.vcpus[17].ctx, 0x1122334455667788ull);
	/* KVM answers a second CPU_ON of a starting target ALREADY_ON. */
	assert_int_equal(call(PSCI_0_2_FN64_CPU_ON, 0x101, 0, 0),
			 PSCI_RET_ALREADY_ON);
	assert_int_equal(call(PSCI_0_2_FN64_CPU_ON, 0x0, 0, 0),
			 PSCI_RET_ALREADY_ON);
	/* No such CPU: Aff0 16 does not exist, nor Aff1 2, nor stray bits. */
	assert_int_equal(call(PSCI_0_2_FN64_CPU_ON, 0x10, 0, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(call(PSCI_0_2_FN64_CPU_ON, 0x200, 0, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(call(PSCI_0_2_FN64_CPU_ON, 0x80000001, 0, 0),
			 PSCI_RET_INVALID_PARAMS);
	/* SMC32 CPU_ON: arguments are 32 bits wide. */
	assert_int_equal(call(PSCI_0_2_FN_CPU_ON, 0xffffffff00000002ull,
			      0xaaaaaaaa40082000ull, 0x5555555500000007ull),
			 PSCI_RET_SUCCESS);
	assert_int_equal(vm.vcpus[2].pc, 0x40082000);
	assert_int_equal(vm.vcpus[2].ctx, 7);
}

static void test_affinity_info(void **state)
{
	vm.vcpus[3].state = AV_POWER_ON_PENDING;
	assert_int_equal(call(PSCI_0_2_FN64_AFFINITY_INFO, 0, 0, 0),
			 PSCI_AFFINITY_ON);
	assert_int_equal(call(PSCI_0_2_FN64_AFFINITY_INFO, 1, 0, 0),
			 PSCI_AFFINITY_OFF);
	/* Starting counts as ON, as KVM reports it. */
	assert_int_equal(call(PSCI_0_2_FN_AFFINITY_INFO, 3, 0, 0),
			 PSCI_AFFINITY_ON);
	assert_int_equal(call(PSCI_0_2_FN64_AFFINITY_INFO, 0x103, 0, 0),
			 PSCI_AFFINITY_OFF);
	assert_int_equal(call(PSCI_0_2_FN64_AFFINITY_INFO, 0, 1, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(call(PSCI_0_2_FN64_AFFINITY_INFO, 0x104, 0, 0),
			 PSCI_RET_INVALID_PARAMS);
}

static void test_cpu_off_and_system(void **state)
{
	assert_false(psci_all_cpus_off(&vm, vm.nr));
	assert_int_equal(call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0), 0);
	assert_int_equal(outcome, PSCI_CPU_OFF);
	assert_int_equal(vm.vcpus[0].state, AV_POWER_OFF);
	assert_true(psci_all_cpus_off(&vm, vm.nr));

	power_off_ret = -EINVAL;
	assert_int_equal(call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0), PSCI_RET_DENIED);
	assert_int_equal(outcome, PSCI_RESUME);

	call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	assert_int_equal(outcome, PSCI_SYSTEM_OFF);
	call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
	assert_int_equal(outcome, PSCI_SYSTEM_RESET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
	    T(test_versions), T(test_features),	     T(test_unknown_ids),
	    T(test_cpu_on),   T(test_affinity_info), T(test_cpu_off_and_system),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
