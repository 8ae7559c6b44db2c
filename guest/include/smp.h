/* SPDX-License-Identifier: MIT */
/* CPU numbering and secondary start-up with PSCI CPU_ON. */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <stdint.h>

#include "sysreg.h"

#define MAX_CPUS 64

/* CPU index n <-> MPIDR affinity: Aff0 = n % 16, Aff1 = n / 16 (PLATFORM.md,
 * as QEMU virt with GICv3). */
static inline uint64_t cpu_mpidr(int cpu)
{
	return (uint64_t)(cpu % 16) | ((uint64_t)(cpu / 16) << 8);
}
static inline int mpidr_to_cpu(uint64_t mpidr)
{
	return (int)((mpidr & 0xff) + 16 * ((mpidr >> 8) & 0xff));
}
/* This CPU's index (crt0 keeps it in TPIDR_EL1). */
static inline int smp_processor_id(void) { return (int)read_sysreg(tpidr_el1); }

/* Number of CPUs in the DT /cpus node. */
int nr_cpus(void);

typedef void (*secondary_fn)(int cpu);
/* The PSCI CPU_ON entry point: sets stack, VBAR, MMU (shared tables), then
 * runs the function registered for the CPU; CPU_OFF when it returns. */
extern char secondary_entry[];
/* Register fn for cpu without starting it (for tests that call CPU_ON
 * themselves with secondary_entry and context id = cpu). */
void smp_set_fn(int cpu, secondary_fn fn);
/* CPU_ON(cpu_mpidr(cpu), secondary_entry, cpu); returns the PSCI result. */
int64_t smp_start(int cpu, secondary_fn fn);
/* The context id each secondary received in x0 at its last start. */
uint64_t smp_context_id(int cpu);
/* Poll AFFINITY_INFO until it reports state (PSCI_AFF_*) or timeout_us
 * passes; returns the last value seen. */
int64_t smp_wait_affinity(int cpu, int64_t state, uint64_t timeout_us);

#endif
