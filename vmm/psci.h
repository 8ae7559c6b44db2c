/* SPDX-License-Identifier: MIT */
/*
 * PSCI 1.0 and SMCCC 1.1 (Arm DEN 0022D, DEN 0028B) for AV_EXIT_HYPERCALL.
 * The policy is here; the mechanism (power state, CPU_ON reset) is the API's.
 */
#ifndef VMM_PSCI_H
#define VMM_PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

/* Function ids. */
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_0_2_FN_VERSION 0x84000000u
#define PSCI_0_2_FN_CPU_SUSPEND 0x84000001u
#define PSCI_0_2_FN_CPU_OFF 0x84000002u
#define PSCI_0_2_FN_CPU_ON 0x84000003u
#define PSCI_0_2_FN_AFFINITY_INFO 0x84000004u
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009u
#define PSCI_1_0_FN_PSCI_FEATURES 0x8400000au
#define PSCI_0_2_FN64_CPU_ON 0xc4000003u
#define PSCI_0_2_FN64_AFFINITY_INFO 0xc4000004u

/* Return codes. */
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define SMCCC_RET_NOT_SUPPORTED (-1)

#define PSCI_VERSION_1_0 0x10000u  /* major 1, minor 0 */
#define SMCCC_VERSION_1_1 0x10001u /* major 1, minor 1 */

/* AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2

/* MPIDR_EL1 affinity fields: Aff3 (39:32), Aff2..Aff0 (23:0). */
#define MPIDR_HWID_MASK 0xff00ffffffull

/* What the vCPU loop must do after the call. */
enum psci_outcome {
	PSCI_RESUME,	   /* results are in ret[], run the vCPU again */
	PSCI_CPU_OFF,	   /* the caller powered itself off */
	PSCI_SYSTEM_OFF,   /* stop the VM: power off */
	PSCI_SYSTEM_RESET, /* stop the VM: the guest asked for a reset */
};

/*
 * Handle one hypercall: function id 'fn' (w0), arguments x1..x6 in args,
 * results to ret[0..3] (x0..x3).  'self' is the calling vCPU.
 */
enum psci_outcome psci_handle_call(av_vm *vm, unsigned nr_vcpus, av_vcpu *self,
				   uint64_t fn, const uint64_t args[6],
				   uint64_t ret[4]);

/* True if every vCPU of the VM is powered off (none can power any on). */
bool psci_all_cpus_off(av_vm *vm, unsigned nr_vcpus);

#endif
