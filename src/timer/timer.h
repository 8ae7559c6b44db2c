/* SPDX-License-Identifier: MIT */
/* Timer contexts (KVM struct arch_timer_context): private to src/timer. */
#ifndef AV_TIMER_TIMER_H
#define AV_TIMER_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "irqchip/irqchip.h"
#include "platform/platform.h"

/* CNT{V,P}_CTL_EL0 bits (Arm ARM D17.8). */
#define CNT_CTL_ENABLE (1ull << 0)
#define CNT_CTL_IMASK (1ull << 1)
#define CNT_CTL_ISTATUS (1ull << 2)

enum timer_index { TIMER_VTIMER = 0, TIMER_PTIMER = 1, NR_TIMERS = 2 };

struct vm_timers {
	plat_mutex lock;       /* irq numbers, VM offset */
	uint64_t freq;         /* CNTFRQ */
	uint64_t epoch_ns;     /* host time at which the VM counter is 0 */
	uint32_t irq[NR_TIMERS];
	unsigned irq_mode;     /* AV_TIMER_IRQ_MODE_* */
	uint64_t vm_offset;
	bool offset_set;       /* KVM_ARM_SET_COUNTER_OFFSET was used */
};

struct timer_ctx {
	av_vcpu *vcpu;
	struct vm_timers *vmt;
	enum timer_index idx;
	uint64_t ctl;          /* ENABLE and IMASK; ISTATUS is computed */
	uint64_t cval;
	uint64_t offset;       /* count = VM count - offset */
	bool line_level;       /* last level driven into the irqchip */
	bool mapped;           /* hardware-mapped in the irqchip */
	bool held;             /* mask mode: fired, waiting for a write */
	bool direct;           /* the CPU runs it while in_guest (core.h) */
	uint64_t hw_ctl, hw_cval; /* direct: what was loaded into the CPU */
	struct irq_phys_source src;
};

struct vcpu_timers {
	plat_mutex lock;
	struct vm_timers *vmt;
	struct timer_ctx ctx[NR_TIMERS];
	uint32_t cntkctl;
	/* Between timer_vcpu_load and timer_vcpu_put: the vCPU is in guest
	 * context; emulated contexts have the host timer armed, direct ones
	 * live in the CPU (their fields above are stale until the put). */
	bool in_guest;
	const struct timer_hw_ops *hw; /* NULL: every context emulated */
	plat_timer *host;
	/* A mapped interrupt was deactivated: the host timer must be
	 * re-armed (timer_rearm_pending), outside the irqchip's locks. */
	_Atomic bool rearm;
};

/* The VM's physical count: ticks of CNTFRQ since its epoch. */
uint64_t timer_vm_ticks(struct vm_timers *vt);
uint64_t timer_ctx_count(struct timer_ctx *t);
bool timer_ctx_istatus(struct timer_ctx *t, uint64_t count);
bool timer_should_fire(struct timer_ctx *t);
uint64_t timer_ctx_read_ctl(struct timer_ctx *t);
uint64_t timer_ctx_read_tval(struct timer_ctx *t);
void timer_ctx_write_tval(struct timer_ctx *t, uint64_t tval);
int timer_register_sysregs(av_vm *vm);

/* arch_timer.c, for timer_regs.c (vt->lock held for the first three): a
 * guest or VMM write to a context (releases a mask-mode hold, recomputes
 * the line); re-arm the host timer at the earliest deadline; with the user
 * irqchip, make the vCPU report changed levels. */
void timer_ctx_written(struct timer_ctx *t);
void timer_arm_host(struct vcpu_timers *vt);
void timer_notify_user(struct vcpu_timers *vt, av_vcpu *v);

#endif
