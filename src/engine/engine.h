/* SPDX-License-Identifier: MIT */
/*
 * The vCPU execution backend interface.  The core drives a backend through
 * these calls; the backend reports system-register accesses, MMIO and
 * hypercalls upward through core/core_engine.h.  The backend never knows
 * which irqchip is in use: it delivers the IRQ/FIQ lines the core gives it.
 */
#ifndef AV_ENGINE_ENGINE_H
#define AV_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

struct engine_vm;
struct engine_vcpu;

enum engine_exit_kind {
	ENGINE_EXIT_KICK,     /* kicked, time slice over, or nothing to do */
	ENGINE_EXIT_WFI,      /* PC is after the WFI */
	ENGINE_EXIT_HVC,      /* hypercall not handled in the core */
	ENGINE_EXIT_SMC,
	ENGINE_EXIT_ERROR,    /* the backend could not run the guest */
};

struct engine_exit {
	enum engine_exit_kind kind;
	uint64_t code; /* HVC/SMC immediate, or error detail */
};

struct memslot {
	uint64_t gpa, size;
	void *host;
};

int engine_vm_create(av_vm *vm, struct engine_vm **out);
void engine_vm_destroy(struct engine_vm *evm);
/* All slots are known before the first vCPU is created. */
int engine_vm_set_memslots(struct engine_vm *evm, const struct memslot *s,
			   unsigned n);

int engine_vcpu_create(struct engine_vm *evm, av_vcpu *v,
		       struct engine_vcpu **out);
void engine_vcpu_destroy(struct engine_vcpu *ev);

/* Run the guest until an exit.  irq/fiq: the lines to deliver. */
int engine_vcpu_enter(struct engine_vcpu *ev, bool irq, bool fiq,
		      struct engine_exit *exit);
/* From any thread: make a running (or about to run) vCPU return promptly. */
void engine_vcpu_kick(struct engine_vcpu *ev);
/* Called before IN_GUEST_MODE is set: forget kicks of the last entry. */
void engine_vcpu_clear_kick(struct engine_vcpu *ev);

/* Around a wait for the VMM inside an MMIO access: let other vCPUs run. */
void engine_vcpu_pause(struct engine_vcpu *ev);
void engine_vcpu_resume(struct engine_vcpu *ev);

/* Registers by one-reg id (core regs and AV_SYS_REG ids the model has). */
int engine_get_reg(struct engine_vcpu *ev, uint64_t id, uint64_t *val);
int engine_set_reg(struct engine_vcpu *ev, uint64_t id, uint64_t val);
/* Reset to EL1h, DAIF masked, MMU off, pc, x0 = context. */
void engine_vcpu_reset(struct engine_vcpu *ev, uint64_t pc, uint64_t x0);
/* Instructions retired so far (counted per translation block), for the
 * PMU; and an alarm: leave with ENGINE_EXIT_KICK once the count reaches at
 * (0 = none). */
uint64_t engine_vcpu_insns(struct engine_vcpu *ev);
void engine_vcpu_set_insn_alarm(struct engine_vcpu *ev, uint64_t at);

/* Current exception level and PSTATE (after an exit). */
uint32_t engine_pstate(struct engine_vcpu *ev);

/* The CPU model the backend runs (for logs and docs). */
const char *engine_cpu_model(void);

#endif
