/* SPDX-License-Identifier: MIT */
/*
 * The EL2 engine's machine-wide and per-pCPU set-up: the EL2 control
 * registers every pCPU needs before it can run a guest, the physical GIC
 * and the EL2 timer.  HCR_EL2 for a guest is el2_vcpu's (vcpu.h).
 */
#ifndef AV_EL2_HYP_H
#define AV_EL2_HYP_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/el2_manifest.h"

/* Boot pCPU, once: the distributor. */
int el2_engine_init(const struct av_el2_manifest *m);
/* Every pCPU (boot included): EL2 traps and controls, GIC CPU interface,
 * CNTHP.  Returns 0 or a negative errno (logged). */
int el2_engine_init_cpu(void);

/* CPU features the engine looks at (ID registers, read at EL2). */
bool el2_cpu_has_sve(void);
bool el2_cpu_has_sme(void);
bool el2_cpu_has_pauth(void);
bool el2_cpu_has_pmu(void);

#endif
