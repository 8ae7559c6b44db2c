/* SPDX-License-Identifier: MIT */
/* The core's own view of its objects.  Not for src/timer or src/irqchip. */
#ifndef AV_CORE_INTERNAL_H
#define AV_CORE_INTERNAL_H

#include <stdatomic.h>

#include "core/core.h"
#include "core/stats.h"
#include "core/trace.h"
#include "engine/engine.h"
#include "platform/platform.h"

#define AV_MAX_MEMSLOTS 8
#define AV_MAX_SYSREG_TABLES 8
#define AV_MAX_MMIO 8
#define AV_MAX_HVC 4

struct mmio_region {
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *opaque;
};

struct hvc_range {
	uint32_t first, last;
	hvc_handler_fn fn;
};

struct av_vm {
	struct av_vm_config cfg;
	plat_mutex lock; /* vcpu creation, memslots, registration tables */
	struct engine_vm *evm;
	struct memslot slots[AV_MAX_MEMSLOTS];
	unsigned nr_slots;
	av_vcpu *vcpus[AV_MAX_VCPUS];
	_Atomic unsigned nr_created;
	_Atomic bool has_run;
	_Atomic uint32_t system_event; /* AV_SYSTEM_EVENT_* once requested */
	_Atomic uint64_t max_halt_poll_ns; /* AV_CAP_HALT_POLL */

	const struct sysreg_desc *sysreg_tables[AV_MAX_SYSREG_TABLES];
	unsigned sysreg_counts[AV_MAX_SYSREG_TABLES];
	unsigned nr_sysreg_tables;
	struct mmio_region mmio[AV_MAX_MMIO];
	unsigned nr_mmio;
	struct hvc_range hvc[AV_MAX_HVC];
	unsigned nr_hvc;

	const struct irqchip_flow *irqchip;
	void *irqchip_data;
	struct vm_timers *timers;
	struct vm_stats stats;
};

/* What the next av_vcpu_run must finish before entering the guest. */
enum resume_kind {
	RESUME_NONE,
	RESUME_HYPERCALL, /* copy run->hypercall.ret into x0..x3 */
	RESUME_MMIO,      /* answer the engine's MMIO exit from run->mmio */
};

struct av_vcpu {
	av_vm *vm;
	unsigned id;
	uint64_t mpidr;
	struct av_run run;
	struct engine_vcpu *ev;

	_Atomic uint32_t requests;
	_Atomic int mode;           /* enum vcpu_mode */
	_Atomic int power;          /* AV_POWER_* */
	uint64_t on_pc, on_context; /* published by the ON_PENDING CAS */
	plat_event wake;            /* WFI and power-off sleeps */
	_Atomic bool sleeping;
	_Atomic bool irq_line, fiq_line;
	bool has_run;
	_Atomic bool in_run;        /* a caller is inside av_vcpu_run */
	struct vcpu_stats stats; /* core/stats.h */
	uint64_t trace_exit_ts;  /* tracing: when the last exit began */
	uint32_t trace_exit_why; /* and why (AV_TRACE_EXIT_*) */
	enum resume_kind resume;
	bool ext_abort; /* av_vcpu_inject_ext_abort for the current MMIO exit */
	uint32_t pstate;
	/* The next engine entry: lines and the answer to the last exit. */
	struct engine_entry entry;
	bool completing; /* entry answers an MMIO exit the VMM handled */
	/* The timers, PMU and CPU interface are in the engine (run.c
	 * vcpu_load_state .. vcpu_put_state). */
	bool loaded;
	/* vcpu_block's last timer_sync is still current for the next entry
	 * (no REQ_TIMER since, no return to the VMM). */
	bool timers_synced;
	uint64_t halt_poll_ns; /* this vCPU's poll before a WFI sleep (run.c) */

	void *irqchip_data;
	struct vcpu_timers *timers;
	struct debug_regs *debug;
	struct vcpu_pmu *pmu;
};

/* run.c: the exits the core finishes itself */
/* 0, -ENOENT (not the core's: the CPU model's own or UNDEFINED), -EPERM
 * (trap to EL1, EC 0x18) or another error (UNDEFINED). */
int core_sysreg_access(av_vcpu *v, uint32_t enc, bool is_write, unsigned el,
		       uint64_t *val);
/* An in-kernel device: 0, -EIO (external abort); -ENODEV if none. */
int core_mmio_access(av_vcpu *v, uint64_t addr, unsigned len, bool is_write,
		     uint64_t *val);
/* A hypercall the core owns (rVIC/rVID): true if handled, x[0..3] set. */
bool core_hvc_fast(av_vcpu *v, uint64_t x[8]);

/* vcpu.c */
void vcpu_reset_state(av_vcpu *v, uint64_t pc, uint64_t x0);

/* vm.c: the registration tables */
const struct sysreg_desc *vm_find_sysreg(av_vm *vm, uint32_t enc);
const struct mmio_region *vm_find_mmio(av_vm *vm, uint64_t addr);

#endif
