/* SPDX-License-Identifier: MIT */
/*
 * Detached VMs: a VM object with no engine and vCPU objects that never run,
 * so that an in-library device model can be instantiated on its own and
 * driven by a VMM (today: the vGIC as the user irqchip's GICv2, av_gic.h).
 * The model code sees an ordinary av_vm/av_vcpu through core.h; what it
 * registers (MMIO frames) is reached with vm_detached_mmio instead of guest
 * accesses, and its kicks only set request bits (no vCPU is ever in guest
 * mode), which the owner reads back with vcpu_check_request.
 */
#ifndef AV_CORE_DETACHED_H
#define AV_CORE_DETACHED_H

#include "core/core.h"

/* cfg as for av_vm_create (same checks); every vCPU 0..nr_vcpus-1 is
 * created at once.  No RAM, no timers, no PMU or debug state. */
av_vm *vm_create_detached(const struct av_vm_config *cfg, int *err);
void vm_destroy_detached(av_vm *vm);
/* An access to a frame the model registered (vm_register_mmio), made by
 * vCPU v: 0 or the handler's error; -ENODEV if no frame is there. */
int vm_detached_mmio(av_vcpu *v, uint64_t addr, unsigned len, bool is_write,
		     uint64_t *val);

#endif
