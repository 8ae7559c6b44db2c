/* SPDX-License-Identifier: MIT */
/*
 * rVIC / rVID: the paravirtual interrupt controller of the "rVIC/rVID PV
 * interrupt controller" series (never merged) and of Arm DEN 0103 (alpha,
 * version 0.3).  Every operation is an SMCCC 1.1 fast hypercall; there is no
 * MMIO.  Private to src/irqchip/rvic (and its unit tests, and
 * src/core/device.c for the device API).  docs/rvic.md has the design.
 */
#ifndef AV_IRQCHIP_RVIC_RVIC_H
#define AV_IRQCHIP_RVIC_RVIC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"
#include "irqchip/irqchip.h"
#include "platform/platform.h"

/* ---- the interface (DEN 0103 0.3; PLATFORM.md "Hypercalls") ----------- */
#define RVIC_VERSION_MAJOR 0
#define RVIC_VERSION_MINOR 3
/* Version word: major in [31:16], minor in [15:0]. */
#define RVIC_VERSION_WORD (((uint64_t)RVIC_VERSION_MAJOR << 16) | \
			   RVIC_VERSION_MINOR)

#define RVIC_FN_BASE 0xc5000200u
#define RVIC_FN_VERSION (RVIC_FN_BASE + 0)
#define RVIC_FN_INFO (RVIC_FN_BASE + 1)
#define RVIC_FN_ENABLE (RVIC_FN_BASE + 2)
#define RVIC_FN_DISABLE (RVIC_FN_BASE + 3)
#define RVIC_FN_SET_MASKED (RVIC_FN_BASE + 4)
#define RVIC_FN_CLEAR_MASKED (RVIC_FN_BASE + 5)
#define RVIC_FN_IS_PENDING (RVIC_FN_BASE + 6)
#define RVIC_FN_SIGNAL (RVIC_FN_BASE + 7)
#define RVIC_FN_CLEAR_PENDING (RVIC_FN_BASE + 8)
#define RVIC_FN_ACKNOWLEDGE (RVIC_FN_BASE + 9)
#define RVIC_FN_RESAMPLE (RVIC_FN_BASE + 10)
#define RVIC_FN_LAST 0xc50002ffu

#define RVID_FN_BASE 0xc5000100u
#define RVID_FN_VERSION (RVID_FN_BASE + 0)
#define RVID_FN_MAP (RVID_FN_BASE + 1)
#define RVID_FN_UNMAP (RVID_FN_BASE + 2)

/* INFO keys. */
#define RVIC_INFO_KEY_NR_TRUSTED 0
#define RVIC_INFO_KEY_NR_UNTRUSTED 1

/* Status word: reason in [7:0], offending argument index in [15:8]. */
#define RVIC_STATUS_SUCCESS 0
#define RVIC_STATUS_ERROR_PARAMETER 1
#define RVIC_STATUS_INVALID_CPU 2
#define RVIC_STATUS_DISABLED 3
#define RVIC_STATUS_NO_INTERRUPTS 4
#define RVIC_STATUS(reason, index) \
	((uint64_t)(reason) | ((uint64_t)(index) << 8))
#define SMCCC_RET_NOT_SUPPORTED ((uint64_t)-1)

/* intid space: 0..15 IPIs, 16..trusted-1 per-vCPU trusted (timers), the
 * rest untrusted (reachable from devices only through the rVID). */
#define RVIC_NR_IPIS 16
#define RVIC_DEFAULT_TRUSTED 32
#define RVIC_DEFAULT_TOTAL 64
/* The public limit (armvisor.h), which the VMM's CLI checks too. */
#define RVIC_MAX_TOTAL AV_RVIC_MAX_TOTAL

/* ---- state --------------------------------------------------------------
 * Lock order, outermost first (also at the top of rvic.c):
 *   vcpu_timers.lock (src/timer: it injects with its lock held)
 *     rvic_dist.lock      sizes, init state, the rVID table and input levels
 *       rvic_cpu.lock     one vCPU's rVIC; never two at once
 * irq_phys_source callbacks run under rvic_cpu.lock and never call back.
 */
#define RVIC_NONE 0xffffu

/* Per-intid flags. */
#define RVIC_F_MASKED (1u << 0)
#define RVIC_F_PENDING (1u << 1)
#define RVIC_F_LINE (1u << 2)   /* trusted level source: input high */
#define RVIC_F_QUEUED (1u << 3) /* on the delivery list */

struct rvic_cpu {
	plat_mutex lock;
	av_vcpu *vcpu;
	bool enabled;
	bool flushed_line; /* last level given to vcpu_set_irq_lines */
	uint32_t nr;       /* intids; 0 until the rVIC is initialised */
	uint32_t trusted;
	uint8_t *flags;
	/* Delivery list: the intids that are pending and unmasked, in the
	 * order they became so (FIFO; ACKNOWLEDGE pops the head). */
	uint16_t *next, *prev;
	uint16_t head, tail;
	struct irq_phys_source **phys; /* [trusted]: hardware-mapped lines */
};

struct rvid_input {
	bool mapped;
	bool level;
	uint16_t target; /* vCPU index */
	uint16_t intid;  /* untrusted intid */
};

struct rvic_dist {
	plat_mutex lock;
	av_vm *vm;
	uint32_t trusted, total;
	bool sizes_set;   /* NR_IRQS given (attribute or VM config) */
	_Atomic bool ready; /* INIT done: every vCPU's arrays exist */
	uint32_t nr_inputs; /* rVID inputs: one per untrusted intid */
	struct rvid_input *inputs;
};

struct rvic_dist *rvic_dist_of(av_vm *vm);
struct rvic_cpu *rvic_cpu_of(av_vcpu *v);

/* Sizes: trusted >= 32, total >= 64, both multiples of 32, total <= 2048,
 * trusted <= total.  0 or -EINVAL. */
int rvic_check_sizes(uint32_t trusted, uint32_t total);

/* ---- life cycle and the device API (device.c) ---- */
/* av_vm_create with AV_IRQCHIP_RVIC (called by irqchip.c). */
int rvic_vm_init(av_vm *vm);
/* Create the VM state with explicit sizes (0, 0 = defaults, settable once
 * more through rvic_set_nr_irqs); registers the hypercalls. */
int rvic_create(av_vm *vm, uint32_t trusted, uint32_t total,
		bool sizes_set);
int rvic_set_nr_irqs(av_vm *vm, uint32_t trusted, uint32_t total);
int rvic_ctrl_init(av_vm *vm); /* idempotent */

/* ---- operations (the hypercalls without the register decoding) --------
 * Return an RVIC_STATUS_* reason; the caller adds the argument index.
 * 'self' is the calling vCPU (kicked when its own line changes); 'target'
 * is the rVIC operated on. */
int rvic_op_enable(av_vcpu *self, bool enable);
int rvic_op_set_masked(av_vcpu *self, av_vcpu *target, uint32_t intid,
		       bool masked);
int rvic_op_is_pending(av_vcpu *target, uint32_t intid, bool *pending);
int rvic_op_signal(av_vcpu *self, av_vcpu *target, uint32_t intid);
int rvic_op_clear_pending(av_vcpu *self, av_vcpu *target, uint32_t intid);
int rvic_op_acknowledge(av_vcpu *self, uint32_t *intid);
int rvic_op_resample(av_vcpu *self, uint32_t intid);

/* rVID (rvid.c).  MAP returns the status with its index (0 input,
 * 1 target, 2 intid) already in place. */
uint64_t rvid_op_map(av_vm *vm, uint64_t input, uint64_t mpidr,
		     uint64_t intid);
uint64_t rvid_op_unmap(av_vm *vm, uint64_t input);
/* A device input changed level (inject_userspace_irq: SPI N = input
 * N-32).  0 or -EINVAL. */
int rvid_raise(av_vm *vm, uint32_t input, bool level);

/* Hypercall entry (rvic_hvc.c), registered for 0xc5000100..0xc50002ff. */
bool rvic_hvc(av_vcpu *v, uint64_t x[8]);

#endif
