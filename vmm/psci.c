// SPDX-License-Identifier: MIT
/*
 * PSCI 1.0 + SMCCC 1.1 in the VMM (KVM keeps these in the kernel: see
 * arch/arm64/kvm/psci.c for the behaviour followed here).  Implemented:
 * PSCI_VERSION, PSCI_FEATURES, CPU_ON, CPU_OFF, AFFINITY_INFO, SYSTEM_OFF,
 * SYSTEM_RESET, SMCCC_VERSION, SMCCC_ARCH_FEATURES.  Every other function id
 * gets NOT_SUPPORTED and the guest carries on.
 */
#include "psci.h"

#include <errno.h>
#include <stddef.h>

/* SMC32/HVC32 calls (bit 30 clear) take 32-bit arguments: SMCCC 1.1 2.6
 * says the upper halves of the registers are to be ignored. */
static bool is_smc32(uint32_t fn) { return !(fn & (1u << 30)); }

static av_vcpu *find_vcpu(av_vm *vm, unsigned nr_vcpus, uint64_t mpidr)
{
	if (mpidr & ~MPIDR_HWID_MASK)
		return NULL;
	for (unsigned i = 0; i < nr_vcpus; i++) {
		av_vcpu *v = av_vm_vcpu(vm, i);

		if (v && (av_vcpu_mpidr(v) & MPIDR_HWID_MASK) == mpidr)
			return v;
	}
	return NULL;
}

static int64_t cpu_on(av_vm *vm, unsigned nr_vcpus, uint64_t target,
		      uint64_t entry, uint64_t context)
{
	av_vcpu *v = find_vcpu(vm, nr_vcpus, target);

	if (!v)
		return PSCI_RET_INVALID_PARAMS;
	/* av_vcpu_power_on is the atomic OFF -> ON_PENDING step: exactly
	 * one of several concurrent callers for one target succeeds.  The
	 * others get ALREADY_ON, as KVM answers (kvm_psci_vcpu_on flips the
	 * power state under its lock, so it never reports ON_PENDING;
	 * PLATFORM.md "Hypercalls"). */
	switch (av_vcpu_power_on(v, entry, context)) {
	case 0:
		return PSCI_RET_SUCCESS;
	case -EALREADY:
		return PSCI_RET_ALREADY_ON;
	case -EINPROGRESS:
		return PSCI_RET_ALREADY_ON;
	case -EINVAL:
		return PSCI_RET_INVALID_PARAMS;
	default:
		return PSCI_RET_INTERNAL_FAILURE;
	}
}

static int64_t affinity_info(av_vm *vm, unsigned nr_vcpus, uint64_t target,
			     uint64_t level)
{
	av_vcpu *v;

	/* Level 0 only: one vCPU per affinity-0 instance, and the DT has no
	 * cluster description that would give higher levels a meaning. */
	if (level != 0)
		return PSCI_RET_INVALID_PARAMS;
	v = find_vcpu(vm, nr_vcpus, target);
	if (!v)
		return PSCI_RET_INVALID_PARAMS;
	/* A CPU_ON that won is ON at once, as in KVM (kvm_psci_vcpu_on
	 * makes the target runnable before it returns): no ON_PENDING. */
	switch (av_vcpu_power_state(v)) {
	case AV_POWER_ON:
	case AV_POWER_ON_PENDING:
		return PSCI_AFFINITY_ON;
	default:
		return PSCI_AFFINITY_OFF;
	}
}

static int64_t psci_features(uint32_t fn)
{
	switch (fn) {
	case PSCI_0_2_FN_VERSION:
	case PSCI_0_2_FN_CPU_OFF:
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
	case PSCI_0_2_FN_SYSTEM_OFF:
	case PSCI_0_2_FN_SYSTEM_RESET:
	case PSCI_1_0_FN_PSCI_FEATURES:
	case SMCCC_VERSION: /* SMCCC 1.1: discovered through PSCI_FEATURES */
		return PSCI_RET_SUCCESS;
	}
	return PSCI_RET_NOT_SUPPORTED;
}

static int64_t smccc_arch_features(uint32_t fn)
{
	switch (fn) {
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
		return 0;
	}
	/* No ARCH_WORKAROUND_*: nothing to mitigate in an emulated CPU. */
	return SMCCC_RET_NOT_SUPPORTED;
}

enum psci_outcome psci_handle_call(av_vm *vm, unsigned nr_vcpus, av_vcpu *self,
				   uint64_t fn64, const uint64_t args[6],
				   uint64_t ret[4])
{
	/* The function id is w0 (SMCCC 1.1 2.5); x0's upper half is ignored. */
	uint32_t fn = (uint32_t)fn64;
	uint64_t a[3] = {args[0], args[1], args[2]};
	enum psci_outcome out = PSCI_RESUME;
	int64_t r;

	if (is_smc32(fn))
		for (unsigned i = 0; i < 3; i++)
			a[i] = (uint32_t)a[i];

	switch (fn) {
	case PSCI_0_2_FN_VERSION:
		r = PSCI_VERSION_1_0;
		break;
	case PSCI_1_0_FN_PSCI_FEATURES:
		r = psci_features((uint32_t)a[0]);
		break;
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
		r = cpu_on(vm, nr_vcpus, a[0], a[1], a[2]);
		break;
	case PSCI_0_2_FN_CPU_OFF:
		/* On success CPU_OFF does not return: the vCPU sleeps in
		 * av_vcpu_run until a CPU_ON resets it.  DENIED otherwise. */
		if (av_vcpu_power_off(self) == 0) {
			r = PSCI_RET_SUCCESS;
			out = PSCI_CPU_OFF;
		} else {
			r = PSCI_RET_DENIED;
		}
		break;
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
		r = affinity_info(vm, nr_vcpus, a[0], a[1]);
		break;
	case PSCI_0_2_FN_SYSTEM_OFF:
		r = PSCI_RET_SUCCESS; /* not seen: the VM stops */
		out = PSCI_SYSTEM_OFF;
		break;
	case PSCI_0_2_FN_SYSTEM_RESET:
		r = PSCI_RET_SUCCESS;
		out = PSCI_SYSTEM_RESET;
		break;
	case SMCCC_VERSION:
		r = SMCCC_VERSION_1_1;
		break;
	case SMCCC_ARCH_FEATURES:
		r = smccc_arch_features((uint32_t)a[0]);
		break;
	default:
		r = SMCCC_RET_NOT_SUPPORTED;
		break;
	}
	/* x0 carries the (sign-extended) result; x1..x3 are zero, as KVM's
	 * smccc_set_retval leaves them for these calls. */
	ret[0] = (uint64_t)r;
	ret[1] = ret[2] = ret[3] = 0;
	return out;
}

bool psci_all_cpus_off(av_vm *vm, unsigned nr_vcpus)
{
	for (unsigned i = 0; i < nr_vcpus; i++) {
		av_vcpu *v = av_vm_vcpu(vm, i);

		if (v && av_vcpu_power_state(v) != AV_POWER_OFF)
			return false;
	}
	return true;
}
