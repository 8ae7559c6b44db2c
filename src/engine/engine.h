/* SPDX-License-Identifier: MIT */
/*
 * The vCPU execution backend interface (ARCHITECTURE.md "Exits are values").
 * The core enters the guest with engine_vcpu_enter and gets back an exit: a
 * value describing why the guest stopped (a kick, WFI, HVC/SMC, a trapped
 * system register, an access outside RAM, an error).  The core handles it
 * and enters again with its answer (engine_entry.result/val), which the
 * engine applies before the guest goes on: the next instruction after an
 * emulated MRS/MSR or MMIO access, an UNDEFINED or trap exception, an
 * external abort.  An MMIO exit that the core hands to the VMM is answered
 * at the next av_vcpu_run, as KVM_RUN completes KVM_EXIT_MMIO.
 *
 * The backend never knows which irqchip is in use: it delivers the IRQ/FIQ
 * lines the core gives it at entry (HCR_EL2.VI/VF).  Which system registers
 * trap is the core's business (core_sysreg_traps, core/core_engine.h), as a
 * hypervisor programs its trap controls.
 *
 * Backends: unicorn/ (user space, any host), el2/ (the EL2 image), null/
 * (no CPU: unit tests of the real core).
 */
#ifndef AV_ENGINE_ENGINE_H
#define AV_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

struct engine_vm;
struct engine_vcpu;

enum engine_exit_kind {
	ENGINE_EXIT_KICK,   /* kicked, or nothing to run: back to the run loop */
	ENGINE_EXIT_WFI,    /* WFI; PC is after it */
	ENGINE_EXIT_HVC,    /* HVC #code; PC after it; x0..x7 by engine_get_reg */
	ENGINE_EXIT_SMC,    /* SMC #code, likewise */
	ENGINE_EXIT_SYSREG, /* a trapped MRS/MSR: sysreg */
	ENGINE_EXIT_MMIO,   /* a load/store outside RAM: mmio */
	ENGINE_EXIT_ERROR,  /* the backend could not run the guest: code, pc */
};

struct engine_exit {
	enum engine_exit_kind kind;
	uint64_t code; /* HVC/SMC immediate; ERROR: backend error number */
	uint64_t pc;   /* ERROR: where */
	struct {
		uint32_t enc;  /* SYSREG_ENC(op0, op1, CRn, CRm, op2) */
		bool is_write;
		unsigned el;   /* the EL of the access */
		uint64_t val;  /* MSR: the value written */
	} sysreg;
	struct {
		uint64_t addr; /* guest physical */
		unsigned len;  /* 1, 2, 4 or 8 */
		bool is_write;
		uint64_t val;  /* store: the value */
	} mmio;
};

/* The core's answer to the last SYSREG or MMIO exit. */
enum engine_result {
	ENGINE_DONE,      /* performed; a read returns val */
	ENGINE_MODEL,     /* SYSREG: not emulated: the CPU's own behaviour */
	ENGINE_UNDEF,     /* SYSREG: UNDEFINED (ESR EC 0x00) */
	ENGINE_TRAP_EL1,  /* SYSREG: trapped to EL1 (EC 0x18, e.g. CNTKCTL) */
	ENGINE_EXT_ABORT, /* MMIO: synchronous external abort */
};

struct engine_entry {
	bool irq, fiq;             /* the lines to deliver */
	enum engine_result result; /* for a SYSREG/MMIO exit */
	uint64_t val;              /* a read's data */
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

/* Run the guest until an exit.  0, or a negative errno if the backend
 * failed (then exit->kind is ERROR too). */
int engine_vcpu_enter(struct engine_vcpu *ev, const struct engine_entry *in,
		      struct engine_exit *exit);
/* The core leaves guest context for longer than an exit's handling (it
 * returns to the VMM, blocks in WFI or sleeps powered off): let the other
 * vCPUs run (the Unicorn engine's execution token). */
void engine_vcpu_put(struct engine_vcpu *ev);
/* May the vCPU sleep in WFI with its timers and CPU interface still loaded
 * (core/run.c vcpu_block)?  Only an engine whose vCPU owns its physical
 * CPU, and that wakes it when a loaded timer fires (the EL2 engine with
 * the hardware vGIC). */
bool engine_vcpu_idle_loaded(struct engine_vcpu *ev);
/* From any thread: make a running (or about to run) vCPU exit promptly. */
void engine_vcpu_kick(struct engine_vcpu *ev);
/* Called before IN_GUEST_MODE is set: forget kicks of the last entry. */
void engine_vcpu_clear_kick(struct engine_vcpu *ev);

/* Registers by one-reg id (core regs and the AV_SYS_REG ids the model
 * has).  -EBUSY for PC/PSTATE while an exit is half done (set_reg). */
int engine_get_reg(struct engine_vcpu *ev, uint64_t id, uint64_t *val);
int engine_set_reg(struct engine_vcpu *ev, uint64_t id, uint64_t val);
/* Reset to EL1h, DAIF masked, MMU off, pc, x0 = context; an exit left
 * half done is dropped. */
void engine_vcpu_reset(struct engine_vcpu *ev, uint64_t pc, uint64_t x0);
/* Instructions retired so far (counted per translation block), for the
 * PMU; and an alarm: leave with ENGINE_EXIT_KICK once the count reaches at
 * (0 = none). */
uint64_t engine_vcpu_insns(struct engine_vcpu *ev);
void engine_vcpu_set_insn_alarm(struct engine_vcpu *ev, uint64_t at);

/* Current exception level and PSTATE (after an exit). */
uint32_t engine_pstate(struct engine_vcpu *ev);

/* The timers this backend runs in the CPU (core.h struct timer_hw_ops), or
 * NULL if every timer is emulated. */
struct timer_hw_ops;
const struct timer_hw_ops *engine_timer_hw(struct engine_vcpu *ev);

/* What the backend's CPU offers a VM besides running its code: a GIC CPU
 * interface with virtualization support, whose list registers a vGIC may
 * use instead of emulating them (GICv3 ICH_*_EL2, IHI 0069 12.4; GICv2
 * GICH/GICV, IHI 0048B 5).  The core answers vm_hw_gic_cpuif with it. */
#define ENGINE_CAP_GICV3_CPUIF (1u << 0)
#define ENGINE_CAP_GICV2_CPUIF (1u << 1)
/* The backend cannot count instructions retired (engine_vcpu_insns stays
 * 0): the PMU then does not offer INST_RETIRED (PMCEID0_EL0 bit 8)
 * rather than count nothing. */
#define ENGINE_CAP_NO_INSN_COUNT (1u << 2)
unsigned engine_vm_caps(struct engine_vm *evm);

/* The CPU model the backend runs (for logs and docs). */
const char *engine_cpu_model(void);

#endif
