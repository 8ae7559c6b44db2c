/* SPDX-License-Identifier: MIT */
/*
 * Upcalls from the engine into the core: what the backend reports while the
 * guest runs (ARCHITECTURE.md: "it reports sysreg accesses, HVCs, MMIO and
 * WFI upward").  Called on the vCPU's own thread, inside engine_vcpu_enter.
 */
#ifndef AV_CORE_CORE_ENGINE_H
#define AV_CORE_CORE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

/* 0 = handled (*val read or written); -ENOENT = no armvisor handler (the
 * engine's model may know the register); -EPERM = a configurable trap to
 * EL1 (EC 0x18, e.g. an EL0 timer access CNTKCTL_EL1 forbids); any other
 * error = UNDEFINED for the guest (EC 0). */
int core_sysreg_access(av_vcpu *v, uint32_t enc, bool is_write, unsigned el,
		       uint64_t *val);

/* An access outside RAM.  0 = done (*val for reads); -EIO = synchronous
 * external abort for the guest.  May hand the access to the VMM (MMIO exit)
 * and wait for its answer. */
int core_mmio_access(av_vcpu *v, uint64_t addr, unsigned len, bool is_write,
		     uint64_t *val);

/* A hypercall the core owns (rVIC/rVID): true if handled, x[0..3] results. */
bool core_hvc_fast(av_vcpu *v, uint64_t x[8]);


#endif
