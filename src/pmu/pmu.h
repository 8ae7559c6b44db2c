/* SPDX-License-Identifier: MIT */
/*
 * The emulated PMUv3 (Arm ARM D11 "The Performance Monitors Extension",
 * registers in D17.5), as KVM presents it (arch/arm64/kvm/pmu-emul.c):
 * the cycle counter and PMU_NR_COUNTERS event counters counting SW_INCR,
 * CPU_CYCLES and INST_RETIRED, with the overflow interrupt on PPI 7
 * (INTID 23, PLATFORM.md).  Engine-independent: an engine provides what it
 * can count (instructions retired) through the core, and this model turns
 * it into register values, overflows and the interrupt line.
 */
#ifndef AV_PMU_PMU_H
#define AV_PMU_PMU_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

#define PMU_NR_COUNTERS 6 /* as a Cortex-A72 (TRM PMCR_EL0.N) */
#define PMU_IRQ 23        /* PPI 7, level-high (PLATFORM.md) */

/* Common event numbers this model counts (D11.11 "PMU events"). */
#define PMU_EV_SW_INCR 0x00
#define PMU_EV_INST_RETIRED 0x08
#define PMU_EV_CPU_CYCLES 0x11

int pmu_vm_init(av_vm *vm);
int pmu_vcpu_init(av_vcpu *v);
void pmu_vcpu_destroy(av_vcpu *v);
/* vCPU reset (PSCI CPU_ON): counters disabled and cleared, line low. */
void pmu_vcpu_reset(av_vcpu *v);
/* First entry: the PMU owns its interrupt in the irqchip. */
int pmu_first_run(av_vcpu *v);
/* Around guest execution on the vCPU's thread: cycles count while the vCPU
 * is loaded; put folds what the engine counted and raises overflows. */
void pmu_vcpu_load(av_vcpu *v);
void pmu_vcpu_put(av_vcpu *v);
void pmu_vcpu_sync(av_vcpu *v); /* loaded: fold an overflow */
/* PMCR_EL0.E: with it clear nothing counts (and only the vCPU's own
 * trapped accesses change it). */
bool pmu_enabled(av_vcpu *v);
/* device_irq_level bits (AV_DEV_PMU) for the user-space irqchip. */
uint64_t pmu_user_levels(av_vcpu *v);
/* One-reg access by sysreg encoding (-ENOENT if not a PMU register). */
int pmu_get_reg(av_vcpu *v, uint32_t enc, uint64_t *val);
int pmu_set_reg(av_vcpu *v, uint32_t enc, uint64_t val);

#endif
