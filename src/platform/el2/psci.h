/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's calls to the firmware's PSCI (Arm DEN0022, SMC Calling
 * Convention DEN0028).  The conduit is SMC: from EL2 an HVC would trap to
 * ourselves; QEMU virt with virtualization=on emulates PSCI on SMC.
 */
#ifndef AV_EL2_PSCI_H
#define AV_EL2_PSCI_H

#include <stdint.h>

#define PSCI_0_2_FN_VERSION 0x84000000u
#define PSCI_0_2_FN64_CPU_ON 0xc4000003u
#define PSCI_0_2_FN64_AFFINITY_INFO 0xc4000004u
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009u

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED -1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_DENIED -3
#define PSCI_ALREADY_ON -4
#define PSCI_ON_PENDING -5

/* SMCCC SMC64 call with up to three arguments; returns x0. */
int64_t el2_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

static inline int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry_pa,
				  uint64_t context)
{
	return el2_smc(PSCI_0_2_FN64_CPU_ON, mpidr, entry_pa, context);
}

static inline int64_t psci_affinity_info(uint64_t mpidr)
{
	return el2_smc(PSCI_0_2_FN64_AFFINITY_INFO, mpidr, 0, 0);
}

__attribute__((noreturn)) void psci_system_off(void);

#endif
