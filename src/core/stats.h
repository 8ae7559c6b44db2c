/* SPDX-License-Identifier: MIT */
/*
 * Per-vCPU and per-VM event counters (KVM's struct kvm_vcpu_stat and its
 * binary stats descriptors, Documentation/virt/kvm/api.rst
 * "KVM_GET_STATS_FD"), named like kvm_stat's where KVM has the counter.
 *
 * Most vCPU counters are written only by the vCPU's own thread
 * (vcpu_stat_inc: a relaxed load and store, no locked instruction on the
 * exit path); those that other threads see happen - requests, kicks,
 * injections, timer expiries, host-timer wake-ups - only with a relaxed
 * atomic add (vcpu_stat_inc_any).  A counter is one kind or the other,
 * never both.  A reporter reads each with a relaxed atomic load at any
 * time: a report is a set of values each of which was true at some
 * moment, not one snapshot (as KVM's stats fd).  Visible to src/timer, src/irqchip and the engines
 * through core.h / core_engine.h; freestanding (the EL2 image has them).
 */
#ifndef AV_CORE_STATS_H
#define AV_CORE_STATS_H

#include <stdint.h>

#include "armvisor/armvisor.h"

#define VCPU_STAT_NR_INTIDS 32 /* per-vCPU injections: SGIs and PPIs */

enum vcpu_stat {
	VCPU_STAT_EXITS,           /* exits: the run loop left the guest */
	VCPU_STAT_MMIO_EXIT_USER,  /* MMIO answered by the VMM */
	VCPU_STAT_MMIO_EXIT_KERNEL, /* MMIO answered by an in-core device */
	VCPU_STAT_SYSREG_EXIT,     /* trapped MRS/MSR answered by the core */
	VCPU_STAT_HVC_EXIT_KERNEL, /* HVC answered by the core (rVIC/rVID) */
	VCPU_STAT_HVC_EXIT_USER,   /* HVC/SMC answered by the VMM (PSCI) */
	VCPU_STAT_WFI_EXIT,        /* wfi_exit_stat */
	VCPU_STAT_KICK_EXIT,       /* kicked out: request, timer, token yield */
	VCPU_STAT_IRQ_WINDOW_EXIT, /* kicked because the IRQ/FIQ lines changed */
	VCPU_STAT_EXCEPTION,       /* guest synchronous exceptions entered */
	VCPU_STAT_INTERNAL_ERROR,  /* AV_EXIT_INTERNAL_ERROR exits */
	VCPU_STAT_HALT_WAKEUP,     /* WFI blocks that slept and woke */
	VCPU_STAT_HALT_WAIT_NS,    /* time slept in WFI (ns) */
	VCPU_STAT_HALT_ATTEMPTED_POLL, /* WFI blocks that polled first */
	VCPU_STAT_HALT_SUCCESSFUL_POLL, /* ... and were woken while polling */
	VCPU_STAT_HALT_POLL_SUCCESS_NS, /* time polled by those (ns) */
	VCPU_STAT_HALT_POLL_FAIL_NS, /* time polled before sleeping anyway */
	VCPU_STAT_KICKS_RECEIVED,  /* kicks that interrupted or woke it */
	VCPU_STAT_REQ_FIRST,       /* requests made to it, by number: */
	VCPU_STAT_REQ_LAST = VCPU_STAT_REQ_FIRST + 6, /* 0..5, then others */
	VCPU_STAT_TIMER_EXPIRED_VTIMER, /* a timer's output rose */
	VCPU_STAT_TIMER_EXPIRED_PTIMER,
	VCPU_STAT_BG_TIMER_WAKEUP, /* background (host) timer fired */
	VCPU_STAT_LR_OVERFLOW,     /* flushes with more IRQs than LRs */
	VCPU_STAT_MAINT_IRQ,       /* vGIC maintenance interrupts (PPI 25)
				    * of the EL2 engine's hardware LRs */
	VCPU_STAT_TOKEN_HANDOFF,   /* execution token given to another vCPU */
	VCPU_STAT_IRQ_ACK,         /* acknowledges the core saw (emulated) */
	VCPU_STAT_IRQ_DEACTIVATE,  /* deactivations the core saw */
	VCPU_STAT_IRQ_INJECTED,    /* + INTID (0..31): made pending for it */
	NR_VCPU_STATS = VCPU_STAT_IRQ_INJECTED + VCPU_STAT_NR_INTIDS,
};

enum vm_stat {
	VM_STAT_KICKS_SENT,    /* tries to interrupt a vCPU in guest mode */
	VM_STAT_IRQ_LINE_HIGH, /* av_vm_irq_line with level 1 (SPI/PPI) */
	NR_VM_STATS,
};

struct vcpu_stats {
	_Atomic uint64_t c[NR_VCPU_STATS];
};
struct vm_stats {
	_Atomic uint64_t c[NR_VM_STATS];
};

/* On v's own thread only (the run loop, its exits, its engine). */
void vcpu_stat_add(av_vcpu *v, enum vcpu_stat id, uint64_t n);
static inline void vcpu_stat_inc(av_vcpu *v, enum vcpu_stat id)
{
	vcpu_stat_add(v, id, 1);
}
/* From any thread. */
void vcpu_stat_inc_any(av_vcpu *v, enum vcpu_stat id);
/* irq_injected_<intid> for a private INTID; others are not counted. */
void vcpu_stat_irq_injected(av_vcpu *v, uint32_t intid);
void vm_stat_inc(av_vm *vm, enum vm_stat id);

/* What irqchips report, counted and traced in one call each.  v: the
 * vCPU the INTID is pending for (NULL for an SPI whose target the chip
 * decides later: traced on the VMM's track, not counted per vCPU);
 * src: AV_TRACE_SRC_*. */
void irq_note_injected(av_vcpu *v, uint32_t intid, unsigned src);
void irq_note_ack(av_vcpu *v, uint32_t intid);
void irq_note_deactivate(av_vcpu *v, uint32_t intid);

#endif
