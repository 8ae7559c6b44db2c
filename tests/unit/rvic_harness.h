/* SPDX-License-Identifier: MIT */
/*
 * rVIC/rVID unit tests over the real core and the null engine
 * (null_harness.h): rVIC VMs made through the public API, the guest's
 * hypercalls as HVC exits through av_vcpu_run (answered in the run loop's
 * fast path by core_hvc_fast, as on any engine), lines as the run loop
 * gives them to the engine, kicks as they reach it.
 */
#ifndef AV_TESTS_RVIC_HARNESS_H
#define AV_TESTS_RVIC_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "irqchip/rvic/rvic.h"
#include "null_harness.h"

/* PLATFORM.md: MPIDR of vCPU n: Aff0 = n % 16, Aff1 = n / 16, bit 31. */
static inline uint64_t rf_mpidr(unsigned i)
{
	return 1ull << 31 | (uint64_t)(i / 16) << 8 | (i % 16);
}

/* An rVIC VM from cfg (irqchip forced to rVIC); when 'run', every vCPU
 * has entered once (its first run: the rVIC initialised, the timers'
 * INTIDs mapped). */
static inline av_vm *rf_vm_cfg(struct av_vm_config cfg, bool run)
{
	av_vm *vm;

	cfg.irqchip = AV_IRQCHIP_RVIC;
	vm = nh_vm_new(&cfg);
	for (unsigned i = 0; run && i < cfg.nr_vcpus; i++)
		nh_run(av_vm_vcpu(vm, i));
	return vm;
}

/* Sizes from the config (0 = defaults). */
static inline av_vm *rf_vm_new(unsigned nr_vcpus, unsigned trusted,
			       unsigned total, bool run)
{
	struct av_vm_config cfg = { .nr_vcpus = nr_vcpus,
				    .rvic_trusted = trusted,
				    .rvic_total = total };

	return rf_vm_cfg(cfg, run);
}

/* What av_vm_create says to an rVIC config. */
static inline int rf_vm_init_status(unsigned trusted, unsigned total)
{
	struct av_vm_config cfg = { .nr_vcpus = 1,
				    .irqchip = AV_IRQCHIP_RVIC,
				    .rvic_trusted = trusted,
				    .rvic_total = total };
	int err = 1;
	av_vm *vm = av_vm_create(&cfg, &err);

	if (vm)
		nh_check(av_vm_destroy(vm) == 0, "av_vm_destroy");
	return err;
}

/* A hypercall from v's guest: true if the core answered it (an id it
 * owns), x[0..3] the results. */
static inline bool rf_hvc_raw(av_vcpu *v, uint64_t x[8])
{
	return nh_guest_hvc(v, x);
}

/* The same for an id the core must own: returns x0; *x1 gets x1. */
static inline uint64_t rf_hvc(av_vcpu *v, uint32_t fn, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t *x1)
{
	uint64_t x[8] = { fn, a1, a2, a3, 0, 0, 0, 0 };

	nh_check(rf_hvc_raw(v, x), "%#x not answered by the core", fn);
	if (x1)
		*x1 = x[1];
	return x[0];
}

/* Enter v's guest (flush_hwstate on the way): the IRQ line it got. */
static inline bool rf_flush(av_vcpu *v)
{
	nh_run(v);
	return nh_irq(v);
}

static inline unsigned long rf_kicks(av_vcpu *v)
{
	return nh_kicks(v);
}

static inline bool rf_take_request(av_vcpu *v, unsigned req)
{
	return vcpu_check_request(v, req);
}

#endif
