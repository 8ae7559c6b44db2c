/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the real core over the null engine (src/engine/null):
 * VMs made through the public API, guest accesses scripted as engine exits
 * and run through av_vcpu_run (the run loop as a CPU would drive it), or
 * handed straight to the core's own dispatch (core_mmio_access,
 * core_sysreg_access) where a test pokes many registers.  What the tests
 * observe is the core's: the lines the run loop gives the engine, requests,
 * kicks that reach the engine.  Failures abort with a message (usable from
 * any thread); link with build/libarmvisor-null.a.
 */
#ifndef AV_TESTS_NULL_HARNESS_H
#define AV_TESTS_NULL_HARNESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"
#include "core/core.h"
#include "engine/null/null_engine.h"

/* The GIC frames where PLATFORM.md has them (the VMM's choice). */
#define NH_GICD 0x08000000ull
#define NH_GICC 0x08010000ull
#define NH_GICR 0x080A0000ull
#define NH_RAM_BASE 0x40000000ull

#define nh_check(cond, ...)                                                    \
	do {                                                                   \
		if (!(cond))                                                   \
			nh_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);      \
	} while (0)
void nh_fail(const char *file, int line, const char *cond, const char *fmt,
	     ...) __attribute__((noreturn, format(printf, 4, 5)));

/* A VM from cfg with a little RAM, its GIC frames placed (gicv2/v3) and
 * every vCPU created, powered on. */
av_vm *nh_vm_new(const struct av_vm_config *cfg);
void nh_vm_free(av_vm *vm);
/* Both timers' INTIDs (AV_ARM_VCPU_TIMER_CTRL, before any vCPU ran): for
 * tests that give the default INTIDs 27 and 30 to sources of their own. */
void nh_move_timers(av_vm *vm, int vtimer, int ptimer);

/* ---- the run loop ---- */
/* av_vcpu_run until the script is used up: asserts it ended with the null
 * engine's DRAINED exit. */
void nh_run(av_vcpu *v);
/* The lines the run loop gave the engine at v's last entry. */
bool nh_irq(av_vcpu *v);
bool nh_fiq(av_vcpu *v);
/* Kicks that reached the engine (the vCPU was in guest mode). */
unsigned long nh_kicks(av_vcpu *v);

/* ---- guest accesses through the run loop (one av_vcpu_run each) ---- */
/* MRS/MSR at el: the answer (result, val). */
struct engine_entry nh_guest_sysreg(av_vcpu *v, uint32_t enc, bool is_write,
				    unsigned el, uint64_t val);
/* HVC #0 with x0..x7: true if the core answered it in place; false if it
 * went to the VMM as AV_EXIT_HYPERCALL (then completed with the default
 * answer).  x[0..3] get what the guest sees after the call. */
bool nh_guest_hvc(av_vcpu *v, uint64_t x[8]);

/* ---- the core's dispatch, called on this thread ---- */
int nh_mmio(av_vcpu *v, uint64_t gpa, unsigned len, bool is_write,
	    uint64_t *val);
int nh_sysreg(av_vcpu *v, uint32_t enc, bool is_write, unsigned el,
	      uint64_t *val);

/* ---- a vCPU held in guest mode on a thread of its own ----
 * nh_park returns once v is inside the engine (IN_GUEST_MODE, its lines
 * flushed), where it stays until nh_unpark lets it go on (it then re-enters
 * if it was kicked, and ends with the drained script).  Meanwhile the test
 * acts as the other vCPUs, devices or the VMM. */
struct nh_parked {
	av_vcpu *v;
	pthread_t thread;
	pthread_mutex_t m;
	pthread_cond_t c;
	bool parked, release;
	int ret;
};
void nh_park(av_vcpu *v, struct nh_parked *p);
void nh_unpark(struct nh_parked *p);

#endif
