/* SPDX-License-Identifier: MIT */
/*
 * The EL1 virtual and EL1 physical timers (Arm ARM D11 "The Generic Timer"),
 * one context per timer per vCPU, as KVM's arch_timer.c.
 *
 * Nothing derived is cached: ISTATUS and the output line are computed from
 * CTL, CVAL, the context's offset and the counter whenever asked
 * (timer_should_fire), so restored state can never disagree with a stale
 * bit.  The only remembered level is the one last driven into the irqchip
 * (line_level), to send changes only.
 *
 * Lock order: vcpu_timers.lock is taken before any irqchip lock (timer_sync
 * injects with it held); the irqchip calls get_input_level with its own
 * locks held, which reads the context without taking vcpu_timers.lock (the
 * fields it reads are written only on the vCPU's own thread).
 */
#include <errno.h>
#include <string.h>

#include "core/core.h"
#include "irqchip/irqchip.h"
#include "platform/platform.h"
#include "timer/arch_timer.h"
#include "timer/counter.h"
#include "timer/timer.h"

/* ---- the counter ---- */

static uint64_t vm_elapsed_ns(struct vm_timers *vt)
{
	return plat_monotonic_ns() - vt->epoch_ns;
}

/* The VM's physical count: ticks of CNTFRQ since the VM's epoch. */
uint64_t timer_vm_ticks(struct vm_timers *vt)
{
	if (!vt->epoch_ns) /* the platform's counter is the VM's */
		return plat_counter_ticks(vt->freq);
	return counter_ns_to_ticks(vm_elapsed_ns(vt), vt->freq);
}

uint64_t timer_ctx_count(struct timer_ctx *t)
{
	return timer_vm_ticks(t->vmt) - t->offset;
}

/* ---- one timer context ---- */

bool timer_ctx_istatus(struct timer_ctx *t, uint64_t count)
{
	/* D11.2.4: the condition is met when CVAL <= count (unsigned). */
	return (t->ctl & CNT_CTL_ENABLE) && t->cval <= count;
}

bool timer_should_fire(struct timer_ctx *t)
{
	return !(t->ctl & CNT_CTL_IMASK) &&
	       timer_ctx_istatus(t, timer_ctx_count(t));
}

static bool timer_get_input_level(struct irq_phys_source *src)
{
	return timer_should_fire(src->opaque);
}

/*
 * The irqchip changed the mapped interrupt's active state (irqchip locks
 * held, so vcpu_timers.lock cannot be taken here).  While it is active the
 * context gives no deadline (timer_ctx_deadline); once deactivated the next
 * expiry needs the host timer again, or a guest that computes without
 * exiting never sees another tick (KVM re-evaluates the timer when the
 * guest deactivates the interrupt: kvm_timer_sync_user / vgic_v3_fold_lr
 * with get_input_level).  Flag it; timer_rearm_pending acts on it.
 */
static void timer_set_active(struct irq_phys_source *src, bool active)
{
	struct timer_ctx *t = src->opaque;

	if (!active)
		atomic_store(&vcpu_timers(t->vcpu)->rearm, true);
}

uint64_t timer_ctx_read_ctl(struct timer_ctx *t)
{
	uint64_t ctl = t->ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK);

	if (timer_ctx_istatus(t, timer_ctx_count(t)))
		ctl |= CNT_CTL_ISTATUS;
	return ctl;
}

/* D11.2.4: TVAL reads (CVAL - count)[31:0]; software sees it as signed. */
uint64_t timer_ctx_read_tval(struct timer_ctx *t)
{
	return (uint32_t)(t->cval - timer_ctx_count(t));
}

/* A TVAL write sets CVAL = count + SignExtend(TVAL[31:0]). */
void timer_ctx_write_tval(struct timer_ctx *t, uint64_t tval)
{
	t->cval = timer_ctx_count(t) + (uint64_t)(int64_t)(int32_t)tval;
}

/* Elapsed-ns deadline of a context that can still raise its line, or 0. */
static uint64_t timer_ctx_deadline(struct timer_ctx *t)
{
	struct vm_timers *vt = t->vmt;
	uint64_t ticks, d;

	if (!(t->ctl & CNT_CTL_ENABLE) || (t->ctl & CNT_CTL_IMASK))
		return 0;
	if (t->src.active || t->held)
		return 0; /* cannot signal again until deactivated/handled */
	ticks = timer_vm_ticks(vt);
	d = counter_deadline_ns(ticks, ticks - t->offset, t->cval, vt->freq);
	if (!d)
		return vm_elapsed_ns(vt); /* due now */
	return d;
}

/* ---- the output line ---- */

/* The output rose: an expiry (stats, trace).  The injection itself is
 * the irqchip's to count, when it makes the INTID pending. */
static void timer_note_expiry(struct timer_ctx *t)
{
	vcpu_stat_inc_any(t->vcpu, t->idx ? VCPU_STAT_TIMER_EXPIRED_PTIMER
					  : VCPU_STAT_TIMER_EXPIRED_VTIMER);
	TRACE_INSTANT(AV_TRACE_CLASS_TIMER, t->vcpu, AV_TRACE_TIMER_EXPIRE,
		      t->idx, t->vmt->irq[t->idx]);
}

static void timer_drive_line(struct timer_ctx *t, bool level)
{
	av_vcpu *v = t->vcpu;
	av_vm *vm = vcpu_vm(v);
	const struct irqchip_flow *ic = vm_irqchip(vm);

	t->line_level = level;
	if (level)
		timer_note_expiry(t);
	if (ic && ic->inject_irq)
		ic->inject_irq(vm, v, t->vmt->irq[t->idx], level, t);
}

/* Recompute one context's level and send a change to the irqchip. */
static void timer_update_ctx(struct timer_ctx *t)
{
	bool level = timer_should_fire(t);

	/* A direct timer is masked at the physical interrupt instead
	 * (timer_hw_ops.mask_irq while its level is in the irqchip, KVM
	 * kvm_timer_vcpu_load_nogic): its guest writes do not trap, and one
	 * writing back the IMASK set here could never be seen to end the
	 * hold.  Its line follows the timer; the guest's EOI costs the
	 * exit that resamples it. */
	if (t->vmt->irq_mode == AV_TIMER_IRQ_MODE_MASK && !t->mapped &&
	    !t->direct) {
		/* The old approach: when the line rises, mask the timer
		 * (guest-visible IMASK, as KVM before the active-state
		 * series did) and hold the interrupt until the guest writes
		 * the timer again.  */
		if (t->held)
			return;
		if (level) {
			t->ctl |= CNT_CTL_IMASK;
			t->held = true;
			timer_drive_line(t, true);
			return;
		}
	}
	if (level != t->line_level)
		timer_drive_line(t, level);
}

/* A guest or VMM write to the timer: the masked (held) interrupt is
 * released in mask mode, and the line recomputed. */
void timer_ctx_written(struct timer_ctx *t)
{
	if (t->held) {
		t->held = false;
		if (!timer_should_fire(t))
			timer_drive_line(t, false);
	}
	timer_update_ctx(t);
}

static bool user_irqchip(av_vcpu *v)
{
	return vm_reports_levels(vcpu_vm(v));
}

static void timer_direct_sync(struct timer_ctx *t, bool update);

/*
 * Before each entry, and in the WFI loop.  Between timer_vcpu_load and
 * timer_vcpu_put (the run loop keeps the timers loaded across its rounds,
 * core/run.c) a direct context is in the CPU: it is read from there, as
 * the old put and load did at every exit, and the host timer follows the
 * emulated contexts' new deadlines.
 */
void timer_sync(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	/* User irqchip: levels are read by timer_user_levels; only mask
	 * mode has state to update (a rising line sets IMASK and is held,
	 * as for an in-kernel irqchip). */
	bool levels_only = user_irqchip(v) &&
			   vt->vmt->irq_mode != AV_TIMER_IRQ_MODE_MASK;

	if (levels_only && !(vt->in_guest && vt->hw))
		return;
	plat_mutex_lock(&vt->lock);
	for (int i = 0; i < NR_TIMERS; i++) {
		struct timer_ctx *t = &vt->ctx[i];

		if (t->direct && vt->in_guest)
			timer_direct_sync(t, !levels_only);
		else if (!levels_only)
			timer_update_ctx(t);
	}
	if (vt->in_guest)
		timer_arm_host(vt);
	plat_mutex_unlock(&vt->lock);
}

/* The output line: in mask mode a held interrupt stays high (its IMASK
 * was set by the hypervisor) until the next write to the timer. */
static bool timer_output(struct timer_ctx *t)
{
	return t->held || timer_should_fire(t);
}

/* device_irq_level bits of the current outputs; vt->lock held. */
static uint64_t timer_user_levels_locked(struct vcpu_timers *vt)
{
	uint64_t bits = 0;

	plat_mutex_assert_held(&vt->lock);
	if (timer_output(&vt->ctx[TIMER_VTIMER]))
		bits |= AV_DEV_EL1_VTIMER;
	if (timer_output(&vt->ctx[TIMER_PTIMER]))
		bits |= AV_DEV_EL1_PTIMER;
	return bits;
}

uint64_t timer_user_levels(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	uint64_t bits;

	plat_mutex_lock(&vt->lock);
	bits = timer_user_levels_locked(vt);
	plat_mutex_unlock(&vt->lock);
	return bits;
}

/*
 * User irqchip, on a guest write to a timer (vCPU thread, vt->lock held):
 * if a line now differs from what user space last saw, make the vCPU exit
 * at the next block so that the run loop reports it (AV_EXIT_INTR).  KVM
 * notices at the next exit of any kind (kvm_timer_should_notify_user);
 * here timer writes trap anyway, and waiting would leave the IRQ pin up
 * after the guest quieted the timer: a stream of spurious interrupts until
 * some unrelated exit.
 */
void timer_notify_user(struct vcpu_timers *vt, av_vcpu *v)
{
	if (user_irqchip(v) &&
	    timer_user_levels_locked(vt) !=
		    (vcpu_run_struct(v)->device_irq_level &
		     (AV_DEV_EL1_VTIMER | AV_DEV_EL1_PTIMER)))
		vcpu_request_and_kick(v, REQ_USER_IRQ);
}

/* Earliest elapsed-ns deadline of the vCPU's timers, 0 if none.  A line
 * already high needs no wake-up: with an in-kernel irqchip it was injected
 * (mapped or not; whether the irqchip can deliver it is the irqchip's
 * business, and the level is recomputed at every sync); with the user
 * irqchip it is reported before the next entry, or already was.  Without
 * this, an expired timer whose interrupt cannot be taken (PPI disabled,
 * PSTATE.I set, a level user space leaves high) re-armed a deadline of
 * "now" for ever: a WFI that spins and a running vCPU kicked without end. */
static uint64_t timer_earliest(struct vcpu_timers *vt)
{
	uint64_t best = 0;

	for (int i = 0; i < NR_TIMERS; i++) {
		struct timer_ctx *t = &vt->ctx[i];
		uint64_t d;

		if (t->line_level)
			continue;
		if (t->direct && vt->in_guest)
			continue; /* the CPU raises it itself */
		if (user_irqchip(t->vcpu) && timer_should_fire(t))
			continue;
		d = timer_ctx_deadline(t);
		if (d && (!best || d < best))
			best = d;
	}
	return best;
}

uint64_t timer_wake_deadline_ns(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	uint64_t d;

	plat_mutex_lock(&vt->lock);
	d = timer_earliest(vt);
	plat_mutex_unlock(&vt->lock);
	if (!d)
		return 0;
	return d > UINT64_MAX - vt->vmt->epoch_ns ? 0 : d + vt->vmt->epoch_ns;
}

static void timer_direct_resample(struct timer_ctx *t);

static void timer_host_expired(void *arg)
{
	/* A running vCPU passed a deadline: exit and re-sync promptly. */
	vcpu_stat_inc_any(arg, VCPU_STAT_BG_TIMER_WAKEUP);
	vcpu_request_and_kick(arg, REQ_TIMER);
}

void timer_arm_host(struct vcpu_timers *vt)
{
	uint64_t d = timer_earliest(vt);

	if (d && d <= UINT64_MAX - vt->vmt->epoch_ns)
		plat_timer_arm(vt->host, d + vt->vmt->epoch_ns);
	else
		plat_timer_cancel(vt->host);
}

void timer_rearm_pending(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);

	if (!atomic_load_explicit(&vt->rearm, memory_order_relaxed) ||
	    !atomic_exchange(&vt->rearm, false))
		return;
	plat_mutex_lock(&vt->lock);
	if (vt->in_guest) {
		timer_arm_host(vt);
		for (int i = 0; i < NR_TIMERS; i++)
			if (vt->ctx[i].direct)
				timer_direct_resample(&vt->ctx[i]);
	}
	plat_mutex_unlock(&vt->lock);
}

/*
 * A direct context into the CPU: its registers, and CNTVOFF so that the
 * CPU's count is the context's (count = VM count - offset, exact while the
 * host's nanoseconds and the counter convert exactly: 62.5 MHz is 16 ns).
 * Its physical interrupt stays masked while the level is high: that level
 * was already given to the irqchip (or reported to user space) by
 * timer_sync, and unmasked it would trap again at once.
 */
/*
 * Whether a direct context's physical interrupt stays masked: while the
 * irqchip has its level high (KVM kvm_timer_vcpu_load_gic: phys_active =
 * the level given to the vGIC), the level last driven, not a new reading:
 * a deadline passing between timer_update_ctx and here would otherwise
 * leave the interrupt masked with the irqchip's line low, and nothing
 * would tell the core (a tick lost until some other exit, or a WFI
 * never woken).  A user irqchip's level is read when it is reported.
 */
static bool timer_direct_masked(struct timer_ctx *t)
{
	return user_irqchip(t->vcpu) ? timer_should_fire(t) : t->line_level;
}

static void timer_direct_load(struct timer_ctx *t)
{
	struct vcpu_timers *vt = vcpu_timers(t->vcpu);
	uint64_t now = plat_monotonic_ns();
	uint64_t hw_count = counter_ns_to_ticks(now, t->vmt->freq);
	uint64_t count = counter_ns_to_ticks(now - t->vmt->epoch_ns,
					     t->vmt->freq) -
			 t->offset;

	t->hw_ctl = t->ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
	t->hw_cval = t->cval;
	vt->hw->load(t->vcpu, t->idx, t->hw_ctl, t->hw_cval, hw_count - count);
	vt->hw->mask_irq(t->vcpu, t->idx, timer_direct_masked(t));
}

/* Back from the CPU.  The guest changed it without a trap: that is the
 * guest write that releases a mask-mode hold (timer_ctx_written). */
static void timer_direct_put(struct timer_ctx *t)
{
	struct vcpu_timers *vt = vcpu_timers(t->vcpu);
	uint64_t ctl, cval;

	vt->hw->read(t->vcpu, t->idx, &ctl, &cval, true);
	t->ctl = ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
	t->cval = cval;
	if (t->ctl != t->hw_ctl || t->cval != t->hw_cval)
		timer_ctx_written(t);
}

/*
 * While in the guest, at a trap the core handles in place: take the CPU's
 * direct timers in as they are now, so that the irqchip sees the level the
 * guest left them at (it writes them without trapping).  KVM reads the
 * running timer the same way (kvm_arch_timer_get_input_level).  Mask mode
 * may set IMASK: then the CPU gets it too.
 */
void timer_sync_in_guest(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);

	if (!vt->hw || user_irqchip(v))
		return;
	plat_mutex_lock(&vt->lock);
	for (int i = 0; vt->in_guest && i < NR_TIMERS; i++)
		if (vt->ctx[i].direct)
			timer_direct_sync(&vt->ctx[i], true);
	plat_mutex_unlock(&vt->lock);
}

/* A loaded direct context as the CPU has it now (vt->lock held): a change
 * is the guest's write (timer_ctx_written); update: also recompute the
 * level when nothing changed (not for a user irqchip, whose levels are
 * read when reported).  Its physical interrupt masked while the level is
 * high, as timer_direct_load leaves it. */
static void timer_direct_sync(struct timer_ctx *t, bool update)
{
	struct vcpu_timers *vt = vcpu_timers(t->vcpu);
	uint64_t ctl, cval;

	vt->hw->read(t->vcpu, t->idx, &ctl, &cval, false);
	t->ctl = ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
	t->cval = cval;
	if (t->ctl != t->hw_ctl || t->cval != t->hw_cval) {
		t->hw_ctl = t->ctl;
		t->hw_cval = t->cval;
		timer_ctx_written(t);
	} else if (update) {
		timer_update_ctx(t);
	}
	if (t->ctl != t->hw_ctl) /* mask mode held it */
		timer_direct_load(t);
	else
		vt->hw->mask_irq(t->vcpu, t->idx, timer_direct_masked(t));
}

/* While in the guest (the vCPU's own CPU): the guest deactivated the
 * interrupt; if the CPU's timer no longer fires, its next expiry must trap
 * again (the busy-guest starvation of issue 8, direct edition). */
static void timer_direct_resample(struct timer_ctx *t)
{
	struct vcpu_timers *vt = vcpu_timers(t->vcpu);
	struct timer_ctx now = *t;

	vt->hw->read(t->vcpu, t->idx, &now.ctl, &now.cval, false);
	now.ctl &= CNT_CTL_ENABLE | CNT_CTL_IMASK;
	if (!timer_should_fire(&now))
		vt->hw->mask_irq(t->vcpu, t->idx, false);
}

void timer_vcpu_load(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);

	plat_mutex_lock(&vt->lock);
	vt->in_guest = true;
	atomic_store(&vt->rearm, false);
	for (int i = 0; i < NR_TIMERS; i++)
		if (vt->ctx[i].direct)
			timer_direct_load(&vt->ctx[i]);
	timer_arm_host(vt);
	plat_mutex_unlock(&vt->lock);
}

void timer_vcpu_put(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);

	plat_mutex_lock(&vt->lock);
	vt->in_guest = false;
	plat_timer_cancel(vt->host);
	for (int i = 0; i < NR_TIMERS; i++)
		if (vt->ctx[i].direct)
			timer_direct_put(&vt->ctx[i]);
	plat_mutex_unlock(&vt->lock);
}

/* ---- life cycle ---- */

int timer_vm_init(av_vm *vm)
{
	struct vm_timers *vt = plat_zalloc(sizeof(*vt));
	const struct av_vm_config *cfg = vm_config(vm);

	if (!vt)
		return -ENOMEM;
	vt->freq = cfg->cntfrq ? cfg->cntfrq : AV_DEFAULT_CNTFRQ;
	vt->epoch_ns = plat_vm_counter_epoch_ns();
	/* PLATFORM.md / KVM defaults: virtual PPI 11 = INTID 27, physical
	 * PPI 14 = INTID 30. */
	vt->irq[TIMER_VTIMER] = 27;
	vt->irq[TIMER_PTIMER] = 30;
	vt->irq_mode = cfg->timer_irq_mode;
	plat_mutex_init(&vt->lock);
	vm_set_timers(vm, vt);
	return timer_register_sysregs(vm);
}

void timer_vm_destroy(av_vm *vm)
{
	struct vm_timers *vt = vm_timers(vm);

	if (!vt)
		return;
	plat_mutex_destroy(&vt->lock);
	plat_free(vt);
	vm_set_timers(vm, NULL);
}

int timer_vcpu_init(av_vcpu *v)
{
	struct vcpu_timers *vt = plat_zalloc(sizeof(*vt));
	av_vm *vm = vcpu_vm(v);

	if (!vt)
		return -ENOMEM;
	vt->vmt = vm_timers(vm);
	vt->hw = vcpu_timer_hw(v);
	plat_mutex_init(&vt->lock);
	vt->host = plat_timer_create(timer_host_expired, v);
	if (!vt->host) {
		plat_mutex_destroy(&vt->lock);
		plat_free(vt);
		return -ENOMEM;
	}
	for (int i = 0; i < NR_TIMERS; i++) {
		struct timer_ctx *t = &vt->ctx[i];

		t->vcpu = v;
		t->vmt = vt->vmt;
		t->idx = i;
		t->offset = vt->vmt->offset_set ? vt->vmt->vm_offset : 0;
		t->src.name = i == TIMER_VTIMER ? "vtimer" : "ptimer";
		t->src.opaque = t;
		t->src.get_input_level = timer_get_input_level;
		t->src.set_active = timer_set_active;
		t->direct = vt->hw && (vt->hw->direct_mask & (1u << i));
		/* Active mode hands the CPU's own interrupt to the guest. */
		t->src.hw_intid = t->direct && vt->vmt->irq_mode ==
						       AV_TIMER_IRQ_MODE_ACTIVE
					  ? vt->hw->intid[i]
					  : 0;
	}
	vcpu_set_timers(v, vt);
	return 0;
}

void timer_vcpu_destroy(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);

	if (!vt)
		return;
	plat_timer_destroy(vt->host);
	plat_mutex_destroy(&vt->lock);
	plat_free(vt);
	vcpu_set_timers(v, NULL);
}

void timer_vcpu_reset(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	const struct irqchip_flow *ic = vm_irqchip(vcpu_vm(v));

	plat_mutex_lock(&vt->lock);
	vt->cntkctl = 0;
	for (int i = 0; i < NR_TIMERS; i++) {
		struct timer_ctx *t = &vt->ctx[i];

		/* KVM kvm_timer_vcpu_reset: CTL = 0, the line low and the
		 * mapped interrupt reset.  CVAL is UNKNOWN at reset; kept. */
		t->ctl = 0;
		t->held = false;
		if (t->line_level)
			timer_drive_line(t, false);
		if (t->mapped && ic && ic->reset_mapped_irq)
			ic->reset_mapped_irq(v, vt->vmt->irq[i]);
	}
	plat_mutex_unlock(&vt->lock);
}

int timer_first_run(av_vcpu *v)
{
	struct vcpu_timers *vt = vcpu_timers(v);
	av_vm *vm = vcpu_vm(v);
	const struct irqchip_flow *ic = vm_irqchip(vm);
	int ret = 0;

	/* KVM kvm_timer_enable: both timers need distinct interrupts. */
	if (vt->vmt->irq[TIMER_VTIMER] == vt->vmt->irq[TIMER_PTIMER]) {
		plat_log("vtimer and ptimer share INTID %u: each timer needs "
			 "its own interrupt",
			 vt->vmt->irq[TIMER_VTIMER]);
		return -EINVAL;
	}
	if (!ic)
		return 0;
	plat_mutex_lock(&vt->lock);
	for (int i = 0; i < NR_TIMERS && !ret; i++) {
		struct timer_ctx *t = &vt->ctx[i];

		/* KVM timer_irqs_are_valid: each timer owns its INTID in the
		 * irqchip (kvm_vgic_set_owner), in either mode; injections
		 * carry the context as owner and the irqchip ignores any
		 * from a non-owner.  Without this no timer line reached the
		 * vGIC at all. */
		if (ic->set_owner)
			ret = ic->set_owner(v, vt->vmt->irq[i], t);
		if (ret || vt->vmt->irq_mode != AV_TIMER_IRQ_MODE_ACTIVE ||
		    !ic->map_phys_irq)
			continue;
		ret = ic->map_phys_irq(v, vt->vmt->irq[i], &t->src);
		t->mapped = !ret;
	}
	plat_mutex_unlock(&vt->lock);
	return ret;
}
