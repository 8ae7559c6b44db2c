/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for src/core and src/platform so that src/irqchip/rvic can be
 * unit-tested alone: vCPUs in an array, requests, kicks and IRQ lines
 * recorded, the registered hypercall handler callable.
 */
#ifndef AV_TESTS_RVIC_FAKE_H
#define AV_TESTS_RVIC_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "irqchip/rvic/rvic.h"

/* A VM with an rVIC from its config (0 = defaults), every vCPU initialised
 * and, when 'run', the first run done (the rVIC initialised). */
av_vm *rf_vm_new(unsigned nr_vcpus, unsigned trusted, unsigned total,
		 bool run);
/* rvic_vm_init's result for a config (the VM is freed again). */
int rf_vm_init_status(unsigned trusted, unsigned total);
void rf_vm_free(av_vm *vm);
av_vcpu *rf_vcpu(av_vm *vm, unsigned i);
uint64_t rf_mpidr(unsigned i);
void rf_set_has_run(av_vm *vm);

/* A hypercall from v: returns x0; *x1 (if non-NULL) gets x1.  Asserts that
 * the handler claimed the id when it is inside the registered range;
 * returns ~0 with *handled = false outside. */
uint64_t rf_hvc(av_vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2,
		uint64_t a3, uint64_t *x1);
bool rf_hvc_raw(av_vcpu *v, uint64_t x[8]);

/* flush_hwstate, then the IRQ line it set. */
bool rf_flush(av_vcpu *v);
unsigned rf_kicks(av_vcpu *v);
bool rf_take_request(av_vcpu *v, unsigned req);

#endif
