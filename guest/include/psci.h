/* SPDX-License-Identifier: MIT */
/* PSCI 1.0 and SMCCC 1.1 calls over HVC #0 (Arm DEN0022, DEN0028). */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <stdint.h>

#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND_64 0xc4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_MIGRATE_64 0xc4000005u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_SYSTEM_SUSPEND_64 0xc400000eu
#define PSCI_MEM_PROTECT 0x84000013u

/* PSCI return codes (DEN0022 5.2.2). */
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT (-7)
#define PSCI_RET_DISABLED (-8)
#define PSCI_RET_INVALID_ADDRESS (-9)
#define SMCCC_RET_NOT_SUPPORTED (-1)

/* AFFINITY_INFO results. */
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_AFF_ON_PENDING 2

struct smccc_res {
	uint64_t a0, a1, a2, a3;
};

/* Raw SMCCC 1.1 call through HVC #0: x0 = fn, x1..x3 = args. */
void smccc_hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
	       struct smccc_res *res);
/* Same, returning x0 as a signed value. */
int64_t hvc_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

static inline int64_t psci_version(void)
{
	return hvc_call(PSCI_VERSION, 0, 0, 0);
}
static inline int64_t psci_features(uint32_t fn)
{
	return hvc_call(PSCI_FEATURES, fn, 0, 0);
}
static inline int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry,
				  uint64_t context)
{
	return hvc_call(PSCI_CPU_ON_64, mpidr, entry, context);
}
static inline int64_t psci_affinity_info(uint64_t mpidr, uint64_t level)
{
	return hvc_call(PSCI_AFFINITY_INFO_64, mpidr, level, 0);
}
/* Returns only on failure. */
int64_t psci_cpu_off(void);
void psci_system_off(void) __attribute__((noreturn));
void psci_system_reset(void) __attribute__((noreturn));

#endif
