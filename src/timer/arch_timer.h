/* SPDX-License-Identifier: MIT */
/*
 * The architected timers as the core sees them (KVM arch_timer.c entry
 * points).  Contexts and emulation live in timer/arch_timer.c.
 */
#ifndef AV_TIMER_ARCH_TIMER_H
#define AV_TIMER_ARCH_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

int timer_vm_init(av_vm *vm);
void timer_vm_destroy(av_vm *vm);
int timer_vcpu_init(av_vcpu *v);
void timer_vcpu_destroy(av_vcpu *v);
/* vCPU reset (PSCI CPU_ON): both timers disabled, lines low, physical
 * active state cleared, CNTKCTL_EL1 0 (KVM kvm_timer_vcpu_reset). */
void timer_vcpu_reset(av_vcpu *v);
/* First entry: IRQ numbers are final (-EINVAL if both timers share one). */
int timer_first_run(av_vcpu *v);
/* Recompute both timers' output levels and drive them into the irqchip. */
void timer_sync(av_vcpu *v);
/* While the vCPU runs: a host timer kicks it at the earliest deadline. */
void timer_vcpu_load(av_vcpu *v);
void timer_vcpu_put(av_vcpu *v);
/* After the core served a trapped guest access (sysreg or MMIO): if it
 * deactivated a timer's mapped interrupt, re-arm the host timer at once,
 * since the guest may compute for long without another exit. */
void timer_rearm_pending(av_vcpu *v);
/* At a trap handled in guest context: bring the CPU's direct timers'
 * state into the irqchip (no-op when every timer is emulated). */
void timer_sync_in_guest(av_vcpu *v);
/* Host monotonic ns of the earliest deadline of a timer that can still fire
 * (enabled, unmasked, not yet firing); 0 if none.  The WFI sleep uses it as
 * its background timer. */
uint64_t timer_wake_deadline_ns(av_vcpu *v);
/* device_irq_level bits (AV_DEV_EL1_VTIMER/PTIMER) of the current outputs. */
uint64_t timer_user_levels(av_vcpu *v);

int timer_get_reg(av_vcpu *v, uint64_t id, uint64_t *val);
int timer_set_reg(av_vcpu *v, uint64_t id, uint64_t val);
int timer_set_attr(av_vcpu *v, uint64_t attr, const void *val);
int timer_get_attr(av_vcpu *v, uint64_t attr, void *val);
int timer_set_counter_offset(av_vm *vm, uint64_t offset);

/* core accessors used by the timer */
struct vm_timers *vm_timers(av_vm *vm);
void vm_set_timers(av_vm *vm, struct vm_timers *t);
void vcpu_set_timers(av_vcpu *v, struct vcpu_timers *t);

#endif
