/* SPDX-License-Identifier: MIT */
/*
 * A VM for the fuzz targets that drive the library (fuzz_vgic, fuzz_hvc),
 * made through the public API over the null engine (src/engine/null: no
 * CPU, so a vCPU costs no emulator set-up).  The targets call the handlers
 * the engine's exits reach (core_mmio_access, core_sysreg_access,
 * core_hvc_fast) from the thread of the vCPU making the access, and model
 * the run loop around them: a vCPU "enters" before its first access
 * (flush_hwstate, vcpu_load) and "leaves" (vcpu_put, sync_hwstate) before
 * anything that happens outside the guest; fuzz_run_to_hvc runs the real
 * loop until the guest's next instruction, an HVC, exits to the VMM.
 * Include after fuzz.h.
 */
#ifndef AV_TESTS_FUZZ_VM_H
#define AV_TESTS_FUZZ_VM_H

#include <stdbool.h>

#include "armvisor/armvisor.h"
#include "core/core_engine.h"
#include "core/internal.h"
#include "engine/null/null_engine.h"

#define FUZZ_RAM_BASE 0x40000000ull
#define FUZZ_RAM_SIZE (1u << 20)
#define FUZZ_HVC_AT (FUZZ_RAM_BASE + 0x80000) /* an entry point */
#define FUZZ_MAX_VCPUS 4

/* PLATFORM.md's memory map. */
#define FUZZ_GICD 0x08000000ull
#define FUZZ_GICC 0x08010000ull
#define FUZZ_GICR 0x080A0000ull

/* The GIC frames at the platform's addresses (the VMM's job). */
static inline void fuzz_place_gic(av_vm *vm, enum av_irqchip_kind chip)
{
	uint64_t a[2] = { FUZZ_GICD, chip == AV_IRQCHIP_GICV3 ? FUZZ_GICR
							     : FUZZ_GICC };
	uint64_t t[2] = { chip == AV_IRQCHIP_GICV3 ? AV_VGIC_V3_ADDR_TYPE_DIST
						   : AV_VGIC_V2_ADDR_TYPE_DIST,
			  chip == AV_IRQCHIP_GICV3 ? AV_VGIC_V3_ADDR_TYPE_REDIST
						   : AV_VGIC_V2_ADDR_TYPE_CPU };

	if (chip != AV_IRQCHIP_GICV3 && chip != AV_IRQCHIP_GICV2)
		return;
	for (int i = 0; i < 2; i++)
		FUZZ_CHECK(av_vm_set_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR,
						  t[i], &a[i]) == 0);
}


struct fuzz_vm {
	av_vm *vm;
	av_vcpu *vcpus[FUZZ_MAX_VCPUS];
	bool in_guest[FUZZ_MAX_VCPUS];
	unsigned n;	  /* the config's nr_vcpus */
	unsigned created; /* vcpus[0..created) exist */
};

static inline void fuzz_vm_create(struct fuzz_vm *f,
				  const struct av_vm_config *cfg)
{
	static uint8_t *ram; /* shared by every input: no guest code runs */
	int err;

	if (!ram) {
		ram = aligned_alloc(4096, FUZZ_RAM_SIZE);
		if (!ram)
			abort();
	}
	memset(f, 0, sizeof(*f));
	f->n = cfg->nr_vcpus;
	f->vm = av_vm_create(cfg, &err);
	FUZZ_CHECK(f->vm != NULL);
	FUZZ_CHECK(av_vm_set_user_memory_region(f->vm, 0, FUZZ_RAM_BASE,
						FUZZ_RAM_SIZE, ram) == 0);
	fuzz_place_gic(f->vm, cfg->irqchip);
}

/* vCPU i, creating it and those before it (in id order, as the API
 * wants) if need be. */
static inline av_vcpu *fuzz_vcpu(struct fuzz_vm *f, unsigned i, unsigned flags)
{
	int err;

	while (f->created <= i) {
		f->vcpus[f->created] =
		    av_vcpu_create(f->vm, f->created, flags, &err);
		FUZZ_CHECK(f->vcpus[f->created] != NULL);
		f->created++;
	}
	return f->vcpus[i];
}

/* The run loop's order around engine_vcpu_enter (core/run.c). */
static inline void fuzz_enter(struct fuzz_vm *f, unsigned i)
{
	const struct irqchip_flow *ic = f->vm->irqchip;

	if (f->in_guest[i])
		return;
	if (ic->flush_hwstate)
		ic->flush_hwstate(f->vcpus[i]);
	if (ic->vcpu_load)
		ic->vcpu_load(f->vcpus[i]);
	f->in_guest[i] = true;
}

static inline void fuzz_leave(struct fuzz_vm *f, unsigned i)
{
	const struct irqchip_flow *ic = f->vm->irqchip;

	if (!f->in_guest[i])
		return;
	if (ic->vcpu_put)
		ic->vcpu_put(f->vcpus[i]);
	if (ic->sync_hwstate)
		ic->sync_hwstate(f->vcpus[i]);
	f->in_guest[i] = false;
}

/* av_vcpu_run until the guest's HVC #0, taken with whatever x0..x7 the
 * vCPU holds then (after a CPU_ON reset: x0 = the context id): the real
 * run loop (requests, first run, flush, engine entry, sync). */
static inline void fuzz_run_to_hvc(struct fuzz_vm *f, unsigned i)
{
	av_vcpu *v = f->vcpus[i];

	fuzz_leave(f, i);
	FUZZ_CHECK(av_vcpu_set_one_reg(v, AV_REG_PC, FUZZ_HVC_AT) == 0);
	FUZZ_CHECK(null_engine_push_exit(
			   v, &(struct engine_exit){ .kind = ENGINE_EXIT_HVC }) >=
		   0);
	FUZZ_CHECK(av_vcpu_run(v) == 0);
	FUZZ_CHECK(av_vcpu_run_struct(v)->exit_reason == AV_EXIT_HYPERCALL);
}

static inline void fuzz_vm_destroy(struct fuzz_vm *f)
{
	for (unsigned i = 0; i < f->created; i++)
		fuzz_leave(f, i);
	FUZZ_CHECK(av_vm_destroy(f->vm) == 0);
}

#endif
