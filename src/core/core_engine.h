/* SPDX-License-Identifier: MIT */
/*
 * What an engine may ask the core (engines report exits as values through
 * engine_vcpu_enter; this is the one question they need answered before an
 * exit happens).
 */
#ifndef AV_CORE_CORE_ENGINE_H
#define AV_CORE_CORE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

/* Does the core emulate this system register (SYSREG_ENC encoding)?  The
 * engine's trap configuration: on hardware, the trap bits a hypervisor
 * sets; on Unicorn, which MRS/MSR become SYSREG exits.  Constant once the
 * vCPU has run (tables are registered at VM creation). */
bool core_sysreg_traps(av_vcpu *v, uint32_t enc);

/* The engine's object for v (what engine_vcpu_create returned), for an
 * engine interface that names vCPUs by their public handle: the null
 * engine's test scripting (engine/null/null_engine.h). */
struct engine_vcpu;
struct engine_vcpu *core_vcpu_engine(av_vcpu *v);

#endif
