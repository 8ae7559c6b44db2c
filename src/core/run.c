/* SPDX-License-Identifier: MIT */
/*
 * The run loop (ARCHITECTURE.md "The run loop"; KVM's
 * kvm_arch_vcpu_ioctl_run), on the thread that calls av_vcpu_run.
 *
 * The engine returns exits as values (engine/engine.h).  Those the core
 * can finish without leaving guest context - a trapped system register, an
 * access to an in-kernel device, a hypercall the core owns - are handled in
 * a tight loop around engine_vcpu_enter, as KVM handles such exits on its
 * fast path (fixup_guest_exit) without a full exit: the vCPU stays
 * IN_GUEST_MODE, the lines and host timer stay as they were.  Everything
 * else leaves that loop: kicks and requests, WFI (block), and the exits
 * that go to the VMM (MMIO to a device the core does not have, hypercalls
 * it does not own), which are completed at the next av_vcpu_run.
 *
 * The vCPU's timers, PMU and CPU interface are loaded into the engine
 * (vcpu_load_state) before the first entry and stay there across the exits
 * the run loop goes round again for - a physical interrupt, a kick, a
 * request - and are put back (vcpu_put_state) only when the vCPU sleeps
 * (WFI, powered off), is reset, or av_vcpu_run returns: KVM's
 * kvm_arch_vcpu_load/put, which run when the vCPU thread is scheduled in
 * and out, not at every exit.  Each round only folds and refills the list
 * registers and re-reads the loaded timers (timer_sync).
 */
#include <errno.h>
#include <string.h>

#include "core/internal.h"
#include "pmu/pmu.h"
#include "timer/arch_timer.h"

#define RUN_CONTINUE 1

/* KVM_CAP_ARM_USER_IRQ: every exit carries the current line levels. */
static void vcpu_refresh_user_levels(av_vcpu *v)
{
	const struct irqchip_flow *ic = v->vm->irqchip;

	if (ic && ic->vcpu_report_levels)
		ic->vcpu_report_levels(v);
}

static int exit_intr(av_vcpu *v)
{
	v->run.exit_reason = AV_EXIT_INTR;
	return -EINTR;
}

static int exit_internal(av_vcpu *v, uint32_t suberror, uint64_t d0,
			 uint64_t d1)
{
	vcpu_stat_inc(v, VCPU_STAT_INTERNAL_ERROR);
	v->run.exit_reason = AV_EXIT_INTERNAL_ERROR;
	v->run.internal.suberror = suberror;
	v->run.internal.ndata = 2;
	v->run.internal.data[0] = d0;
	v->run.internal.data[1] = d1;
	return 0;
}

static int vcpu_first_run(av_vcpu *v)
{
	av_vm *vm = v->vm;
	int ret;

	/* Nothing is marked as run until every check passed, so a failed
	 * first run fails again next time (KVM kvm_vcpu_first_run_init). */
	ret = timer_first_run(v);
	if (ret) {
		exit_internal(v, AV_INTERNAL_ERROR_TIMER_IRQ, (uint64_t)-ret,
			      0);
		return ret;
	}
	ret = pmu_first_run(v);
	if (ret) {
		exit_internal(v, AV_INTERNAL_ERROR_IRQCHIP, (uint64_t)-ret, 0);
		return ret;
	}
	if (vm->irqchip && vm->irqchip->vcpu_first_run) {
		ret = vm->irqchip->vcpu_first_run(v);
		if (ret) {
			exit_internal(v, AV_INTERNAL_ERROR_IRQCHIP,
				      (uint64_t)-ret, 0);
			return ret;
		}
	}
	atomic_store(&vm->has_run, true);
	v->has_run = true;
	return 0;
}

/* Complete what the previous exit to user space left open (KVM: the
 * mmio/hypercall completion at the start of KVM_RUN). */
static void vcpu_finish_user_exit(av_vcpu *v)
{
	switch (v->resume) {
	case RESUME_HYPERCALL:
		for (int i = 0; i < 4; i++)
			engine_set_reg(v->ev, AV_REG_X(i),
				       v->run.hypercall.ret[i]);
		break;
	case RESUME_MMIO:
		v->completing = true;
		if (v->ext_abort) {
			v->entry.result = ENGINE_EXT_ABORT;
		} else {
			v->entry.result = ENGINE_DONE;
			v->entry.val = 0;
			if (!v->run.mmio.is_write)
				memcpy(&v->entry.val, v->run.mmio.data,
				       v->run.mmio.len); /* little-endian */
		}
		v->ext_abort = false;
		break;
	case RESUME_NONE:
		break;
	}
	v->resume = RESUME_NONE;
}

static bool vcpu_wake_reason(av_vcpu *v)
{
	const struct irqchip_flow *ic = v->vm->irqchip;

	if (vcpu_requests_pending(v))
		return true;
	if (ic && ic->vcpu_pending_irq)
		return ic->vcpu_pending_irq(v);
	return atomic_load(&v->irq_line) || atomic_load(&v->fiq_line);
}

/* The vCPU's state into the engine before it runs (KVM
 * kvm_arch_vcpu_load: vgic_v3_load, kvm_timer_vcpu_load, the PMU). */
static void vcpu_load_state(av_vcpu *v)
{
	const struct irqchip_flow *ic = v->vm->irqchip;

	if (v->loaded)
		return;
	if (ic && ic->vcpu_load)
		ic->vcpu_load(v);
	timer_vcpu_load(v);
	pmu_vcpu_load(v);
	v->loaded = true;
}

/* And back (kvm_arch_vcpu_put): before the vCPU sleeps, is reset, or
 * leaves av_vcpu_run, so that other threads and the VMM see it whole. */
static void vcpu_put_state(av_vcpu *v)
{
	const struct irqchip_flow *ic = v->vm->irqchip;

	if (!v->loaded)
		return;
	pmu_vcpu_put(v);
	timer_vcpu_put(v);
	if (ic && ic->vcpu_put)
		ic->vcpu_put(v);
	v->loaded = false;
}

/* One WFI sleep, counted (KVM halt_wakeup, halt_wait_ns) and traced.  A
 * wait that ends at its deadline was woken by the background timer. */
static void vcpu_sleep_wfi(av_vcpu *v, uint64_t deadline)
{
	uint64_t t0 = plat_monotonic_ns(), t1;

	if (!plat_event_wait(&v->wake, deadline))
		vcpu_stat_inc_any(v, VCPU_STAT_BG_TIMER_WAKEUP);
	t1 = plat_monotonic_ns();
	vcpu_stat_inc(v, VCPU_STAT_HALT_WAKEUP);
	vcpu_stat_add(v, VCPU_STAT_HALT_WAIT_NS, t1 - t0);
	if (trace_on(AV_TRACE_CLASS_EXIT))
		trace_emit(v->id, AV_TRACE_WFI, t0, t1 - t0, 0, 0);
}

/*
 * Halt polling (KVM kvm_vcpu_halt, Documentation/virt/kvm/halt-polling.rst):
 * before a WFI sleep, poll for a wake reason for up to v->halt_poll_ns,
 * which grows (from 10 us, doubling, up to the VM's AV_CAP_HALT_POLL
 * maximum) while the vCPU's halts end within the maximum, and shrinks
 * (halved) when one outlasts it: a vCPU woken again quickly skips the
 * physical CPU's sleep and wake-up, one that idles long never polls.  Only
 * for a vCPU that sleeps loaded (engine_vcpu_idle_loaded: it owns its
 * physical CPU, and its timers and interrupts raise the requests polled
 * for; plat_poll_interrupts takes the physical interrupts meanwhile).
 */
#define HALT_POLL_NS_GROW_START 10000

static bool vcpu_halt_poll(av_vcpu *v)
{
	uint64_t t0, now;

	if (!v->halt_poll_ns)
		return false;
	vcpu_stat_inc(v, VCPU_STAT_HALT_ATTEMPTED_POLL);
	t0 = now = plat_monotonic_ns();
	do {
		plat_poll_interrupts();
		if (vcpu_wake_reason(v)) {
			vcpu_stat_inc(v, VCPU_STAT_HALT_SUCCESSFUL_POLL);
			vcpu_stat_add(v, VCPU_STAT_HALT_POLL_SUCCESS_NS,
				      plat_monotonic_ns() - t0);
			return true;
		}
		now = plat_monotonic_ns();
	} while (now - t0 < v->halt_poll_ns);
	vcpu_stat_add(v, VCPU_STAT_HALT_POLL_FAIL_NS, now - t0);
	return false;
}

/* After a halt of halt_ns in all: KVM's grow/shrink rules. */
static void vcpu_halt_poll_adjust(av_vcpu *v, uint64_t halt_ns)
{
	uint64_t max = atomic_load(&v->vm->max_halt_poll_ns);
	uint64_t cur = v->halt_poll_ns;

	if (!max)
		cur = 0;
	else if (halt_ns <= cur)
		; /* woken while polling: keep it */
	else if (cur && halt_ns > max)
		cur /= 2; /* a long halt: polling was wasted */
	else if (cur < max && halt_ns < max)
		cur = cur ? cur * 2 : HALT_POLL_NS_GROW_START;
	v->halt_poll_ns = cur > max ? max : cur;
}

/*
 * WFI: sleep until an interrupt is pending for this vCPU (even with PSTATE.I
 * set, Arm ARM D1.16.2 "Wait for Interrupt"), a request, or a kick.  The
 * background timer is the wait's own deadline: the earliest timer that can
 * fire (KVM kvm_timer_schedule).  Woken early, everything is re-checked.
 */
static void vcpu_block(av_vcpu *v)
{
	const struct irqchip_flow *ic = v->vm->irqchip;
	/* A vCPU that owns its physical CPU may sleep loaded: its direct
	 * timer then wakes it itself (the engine makes REQ_TIMER when it
	 * fires), and nothing needs reloading after the wake-up.  The PMU
	 * stops counting (no cycles in WFI) either way. */
	bool keep = v->loaded && engine_vcpu_idle_loaded(v->ev);
	bool pmu_on = keep && pmu_enabled(v);
	uint64_t t0 = plat_monotonic_ns();
	bool polled = false;

	if (!keep)
		vcpu_put_state(v);
	else if (pmu_on)
		pmu_vcpu_put(v);
	engine_vcpu_put(v->ev);
	if (!keep && ic && ic->vcpu_blocking)
		ic->vcpu_blocking(v);
	for (;;) {
		timer_sync(v);
		if (vcpu_wake_reason(v)) {
			v->timers_synced = true;
			break;
		}
		/* Polled until a wake reason (a request: re-sync first). */
		if (keep && !polled) {
			polled = true;
			if (vcpu_halt_poll(v))
				continue;
		}
		uint64_t deadline = timer_wake_deadline_ns(v);

		atomic_store(&v->sleeping, true);
		/* Dekker with vcpu_wake_up: re-check after publishing. */
		if (vcpu_wake_reason(v)) {
			atomic_store(&v->sleeping, false);
			break;
		}
		vcpu_sleep_wfi(v, deadline);
		atomic_store(&v->sleeping, false);
	}
	if (!keep && ic && ic->vcpu_unblocking)
		ic->vcpu_unblocking(v);
	if (pmu_on)
		pmu_vcpu_load(v);
	if (keep)
		vcpu_halt_poll_adjust(v, plat_monotonic_ns() - t0);
}

/* A powered-off vCPU sleeps in av_vcpu_run until CPU_ON or a system event
 * (KVM: mp_state STOPPED). */
static void vcpu_sleep_powered_off(av_vcpu *v)
{
	v->timers_synced = false;
	vcpu_put_state(v);
	engine_vcpu_put(v->ev);
	while (!vcpu_requests_pending(v)) {
		atomic_store(&v->sleeping, true);
		if (vcpu_requests_pending(v)) {
			atomic_store(&v->sleeping, false);
			break;
		}
		plat_event_wait(&v->wake, 0);
		atomic_store(&v->sleeping, false);
	}
}

static int vcpu_handle_requests(av_vcpu *v)
{
	if (vcpu_test_request(v, REQ_SLEEP)) {
		/* Kept set: the vCPU stays out of the guest from now on. */
		v->run.exit_reason = AV_EXIT_SYSTEM_EVENT;
		v->run.system_event.type = atomic_load(&v->vm->system_event);
		v->run.system_event.ndata = 0;
		return 0;
	}
	if (vcpu_check_request(v, REQ_POWER_ON) &&
	    atomic_load(&v->power) == AV_POWER_ON_PENDING) {
		vcpu_put_state(v); /* CPU_OFF and CPU_ON in one round */
		v->timers_synced = false;
		vcpu_reset_state(v, v->on_pc, v->on_context);
		timer_vcpu_reset(v);
		atomic_store(&v->power, AV_POWER_ON);
	}
	if (vcpu_check_request(v, REQ_EXIT_USER))
		return exit_intr(v);
	vcpu_clear_request(v, REQ_IRQ_PENDING); /* flush_hwstate re-reads */
	if (vcpu_check_request(v, REQ_TIMER))   /* timer_sync re-reads */
		v->timers_synced = false;
	vcpu_clear_request(v, REQ_USER_IRQ);
	return RUN_CONTINUE;
}

static int vcpu_hypercall_exit(av_vcpu *v, const uint64_t x[8], bool smc)
{
	v->run.exit_reason = AV_EXIT_HYPERCALL;
	v->run.hypercall.nr = x[0];
	memcpy(v->run.hypercall.args, &x[1], sizeof(v->run.hypercall.args));
	/* A VMM that ignores the call answers SMCCC NOT_SUPPORTED (-1),
	 * leaving x1..x3 as they were (SMCCC 1.1: preserved if unused). */
	v->run.hypercall.ret[0] = (uint64_t)-1;
	v->run.hypercall.ret[1] = x[1];
	v->run.hypercall.ret[2] = x[2];
	v->run.hypercall.ret[3] = x[3];
	v->run.hypercall.flags = smc ? AV_HYPERCALL_SMC : 0;
	v->resume = RESUME_HYPERCALL;
	vcpu_stat_inc(v, VCPU_STAT_HVC_EXIT_USER);
	return 0;
}

/* KVM_EXIT_MMIO: the VMM performs the access; av_vcpu_run completes it. */
static int vcpu_mmio_exit(av_vcpu *v, const struct engine_exit *e)
{
	struct av_run *run = &v->run;

	run->exit_reason = AV_EXIT_MMIO;
	run->mmio.phys_addr = e->mmio.addr;
	run->mmio.len = e->mmio.len;
	run->mmio.is_write = e->mmio.is_write;
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (e->mmio.is_write)
		memcpy(run->mmio.data, &e->mmio.val, e->mmio.len);
	v->ext_abort = false;
	v->resume = RESUME_MMIO;
	vcpu_stat_inc(v, VCPU_STAT_MMIO_EXIT_USER);
	return 0;
}

/* ---- exits the core finishes in place (the fast path) ---- */

int core_sysreg_access(av_vcpu *v, uint32_t enc, bool is_write, unsigned el,
		       uint64_t *val)
{
	const struct sysreg_desc *d;
	int ret;

	/* Arm ARM D17.1.2: op1 encodes the lowest EL that may access a
	 * register; only op1 = 3 ones are EL0's.  Any other at EL0 is
	 * UNDEFINED whoever models it (e.g. MPIDR_EL1). */
	if (el == 0 && ((enc >> 11) & 7) != 3)
		return -EACCES;
	d = vm_find_sysreg(v->vm, enc);
	if (!d)
		return -ENOENT;
	if (is_write)
		ret = d->write ? d->write(v, enc, el, *val) : -EACCES;
	else
		ret = d->read ? d->read(v, enc, el, val) : -EACCES;
	timer_rearm_pending(v);
	return ret;
}

bool core_sysreg_traps(av_vcpu *v, uint32_t enc)
{
	return vm_find_sysreg(v->vm, enc) != NULL;
}

int core_mmio_access(av_vcpu *v, uint64_t addr, unsigned len, bool is_write,
		     uint64_t *val)
{
	const struct mmio_region *r = vm_find_mmio(v->vm, addr);
	uint64_t off;
	int ret;

	if (!r)
		return -ENODEV;
	off = addr - r->base;
	if (is_write) {
		ret = r->ops->write(r->opaque, v, off, len, *val);
	} else {
		*val = 0;
		ret = r->ops->read(r->opaque, v, off, len, val);
	}
	timer_rearm_pending(v);
	return ret;
}

static void read_x0_x7(av_vcpu *v, uint64_t x[8])
{
	for (int i = 0; i < 8; i++) {
		x[i] = 0;
		engine_get_reg(v->ev, AV_REG_X(i), &x[i]);
	}
}

/*
 * Finish an exit without leaving guest context if the core can; the
 * answer goes into v->entry.  false: the exit leaves the fast loop (and
 * x holds x0..x7 for a hypercall the VMM answers).
 */
static bool vcpu_fast_exit(av_vcpu *v, struct engine_exit *e, uint64_t x[8])
{
	int r;

	/* Only the exits finished here need the running timers' levels now;
	 * the others leave the loop, and timer_vcpu_put takes the timers in
	 * (on el2 each read of them is a trapped-to-QEMU system register
	 * access and a GIC access: ~7 us per exit under TCG). */
	switch (e->kind) {
	case ENGINE_EXIT_SYSREG:
	case ENGINE_EXIT_MMIO:
	case ENGINE_EXIT_HVC:
		timer_sync_in_guest(v);
		break;
	default:
		return false;
	}
	switch (e->kind) {
	case ENGINE_EXIT_SYSREG:
		r = core_sysreg_access(v, e->sysreg.enc, e->sysreg.is_write,
				       e->sysreg.el, &e->sysreg.val);
		v->entry.val = e->sysreg.val;
		v->entry.result = r == 0         ? ENGINE_DONE
				  : r == -ENOENT ? ENGINE_MODEL
				  : r == -EPERM  ? ENGINE_TRAP_EL1
						 : ENGINE_UNDEF;
		vcpu_stat_inc(v, VCPU_STAT_SYSREG_EXIT);
		return true;
	case ENGINE_EXIT_MMIO:
		r = core_mmio_access(v, e->mmio.addr, e->mmio.len,
				     e->mmio.is_write, &e->mmio.val);
		if (r == -ENODEV)
			return false; /* no in-kernel device: the VMM's */
		v->entry.val = e->mmio.val;
		v->entry.result = r ? ENGINE_EXT_ABORT : ENGINE_DONE;
		vcpu_stat_inc(v, VCPU_STAT_MMIO_EXIT_KERNEL);
		return true;
	case ENGINE_EXIT_HVC:
		read_x0_x7(v, x);
		if (!core_hvc_fast(v, x))
			return false;
		for (int i = 0; i < 4; i++)
			engine_set_reg(v->ev, AV_REG_X(i), x[i]);
		vcpu_stat_inc(v, VCPU_STAT_HVC_EXIT_KERNEL);
		return true;
	default:
		return false;
	}
}

/* ---- trace spans: guest execution, then the exit's handling until the
 * next entry (the WFI sleeps inside it are spans of their own) ---- */

static uint32_t trace_exit_why(int ret, const struct engine_exit *e,
			       bool handled)
{
	if (ret)
		return AV_TRACE_EXIT_ERROR;
	switch (e->kind) {
	case ENGINE_EXIT_KICK:
		return AV_TRACE_EXIT_KICK;
	case ENGINE_EXIT_WFI:
		return AV_TRACE_EXIT_WFI;
	case ENGINE_EXIT_SYSREG:
		return AV_TRACE_EXIT_SYSREG;
	case ENGINE_EXIT_MMIO:
		return handled ? AV_TRACE_EXIT_MMIO_KERNEL
			       : AV_TRACE_EXIT_MMIO_USER;
	case ENGINE_EXIT_HVC:
		return handled ? AV_TRACE_EXIT_HVC_KERNEL
			       : AV_TRACE_EXIT_HVC_USER;
	case ENGINE_EXIT_SMC:
		return AV_TRACE_EXIT_SMC_USER;
	default:
		return AV_TRACE_EXIT_ERROR;
	}
}

/* Close the previous exit's span; returns the entry's timestamp. */
static uint64_t trace_guest_enter(av_vcpu *v)
{
	uint64_t now = trace_now();

	if (v->trace_exit_ts && now >= v->trace_exit_ts)
		trace_emit(v->id, AV_TRACE_EXIT, v->trace_exit_ts,
			   now - v->trace_exit_ts, v->trace_exit_why, 0);
	v->trace_exit_ts = 0;
	return now ? now : 1;
}

static void trace_guest_exit(av_vcpu *v, uint64_t guest_ts, uint64_t exit_ts,
			     uint32_t why)
{
	trace_emit(v->id, AV_TRACE_GUEST, guest_ts, exit_ts - guest_ts, why, 0);
	v->trace_exit_ts = exit_ts;
	v->trace_exit_why = why;
}

static int vcpu_enter_once(av_vcpu *v)
{
	const struct irqchip_flow *ic = v->vm->irqchip;
	struct engine_exit exit;
	bool handled = false;
	uint64_t x[8], guest_ts = 0, exit_ts = 0;
	int ret;

	/* An MMIO access the VMM answered is completed first, as KVM_RUN
	 * does before anything else: the engine finishes that instruction
	 * and, kicked, exits at the next block for the checks below. */
	bool completing = v->completing;

	v->completing = false;
	/* Just woken from WFI with the timers synced, nothing new since. */
	if (!v->timers_synced)
		timer_sync(v);
	v->timers_synced = false;
	if (v->loaded)
		pmu_vcpu_sync(v);
	/* Route timer events to user space: a level that differs from what
	 * was last reported exits first (KVM kvm_timer_should_notify_user). */
	if (ic && ic->vcpu_notify_user && !completing && ic->vcpu_notify_user(v))
		return exit_intr(v);
	if (ic && ic->flush_hwstate)
		ic->flush_hwstate(v);

	engine_vcpu_clear_kick(v->ev);
	if (completing)
		engine_vcpu_kick(v->ev);
	atomic_store(&v->mode, IN_GUEST_MODE); /* seq_cst: full barrier */
	if (vcpu_requests_pending(v) && !completing) {
		atomic_store(&v->mode, OUTSIDE_GUEST_MODE);
		return RUN_CONTINUE;
	}
	vcpu_load_state(v);
	for (;;) {
		if (ic && ic->vcpu_lines) {
			ic->vcpu_lines(v, &v->entry.irq, &v->entry.fiq);
		} else {
			v->entry.irq = atomic_load(&v->irq_line);
			v->entry.fiq = atomic_load(&v->fiq_line);
		}
		if (trace_on(AV_TRACE_CLASS_EXIT))
			guest_ts = trace_guest_enter(v);
		ret = engine_vcpu_enter(v->ev, &v->entry, &exit);
		if (guest_ts)
			exit_ts = trace_now();
		v->entry.result = ENGINE_DONE;
		handled = !ret && vcpu_fast_exit(v, &exit, x);
		if (guest_ts) {
			trace_guest_exit(v, guest_ts, exit_ts,
					 trace_exit_why(ret, &exit, handled));
			guest_ts = 0;
		}
		if (!handled)
			break;
		/* A kick (request, timer) ends the fast loop at once. */
		if (atomic_load(&v->mode) != IN_GUEST_MODE)
			break;
	}
	vcpu_stat_inc(v, VCPU_STAT_EXITS);
	atomic_store(&v->mode, OUTSIDE_GUEST_MODE);
	v->pstate = engine_pstate(v->ev);
	if (ic && ic->sync_hwstate)
		ic->sync_hwstate(v);
	if (ret)
		return exit_internal(v, AV_INTERNAL_ERROR_EMULATION,
				     (uint64_t)-ret, exit.pc);
	if (handled) {
		/* finished in place; a kick ended the loop */
		vcpu_stat_inc(v, VCPU_STAT_KICK_EXIT);
		return RUN_CONTINUE;
	}

	switch (exit.kind) {
	case ENGINE_EXIT_KICK:
		vcpu_stat_inc(v, VCPU_STAT_KICK_EXIT);
		return RUN_CONTINUE;
	case ENGINE_EXIT_MMIO:
		return vcpu_mmio_exit(v, &exit);
	case ENGINE_EXIT_WFI:
		vcpu_stat_inc(v, VCPU_STAT_WFI_EXIT);
		vcpu_block(v);
		return RUN_CONTINUE;
	case ENGINE_EXIT_HVC:
		return vcpu_hypercall_exit(v, x, false);
	case ENGINE_EXIT_SMC:
		read_x0_x7(v, x);
		return vcpu_hypercall_exit(v, x, true);
	case ENGINE_EXIT_ERROR:
	default:
		return exit_internal(v, AV_INTERNAL_ERROR_EMULATION, exit.code,
				     exit.pc);
	}
}

static int vcpu_run_loop(av_vcpu *v)
{
	int ret;

	if (!v->has_run) {
		ret = vcpu_first_run(v);
		if (ret)
			return ret;
	}
	vcpu_finish_user_exit(v);
	for (;;) {
		/* Set by the VMM from any thread (KVM: a signal handler). */
		if (__atomic_load_n(&v->run.immediate_exit, __ATOMIC_ACQUIRE))
			return exit_intr(v);
		ret = vcpu_handle_requests(v);
		if (ret != RUN_CONTINUE)
			return ret;
		if (atomic_load(&v->power) != AV_POWER_ON) {
			vcpu_sleep_powered_off(v);
			continue;
		}
		ret = vcpu_enter_once(v);
		if (ret != RUN_CONTINUE)
			return ret;
	}
}

int av_vcpu_run(av_vcpu *v)
{
	bool idle = false;
	int ret;

	if (!v)
		return -EINVAL;
	/* One caller at a time, claimed for the whole call (KVM holds the
	 * vcpu mutex across KVM_RUN): a second caller, or av_vm_destroy,
	 * gets -EBUSY. */
	if (!atomic_compare_exchange_strong(&v->in_run, &idle, true))
		return -EBUSY;
	ret = vcpu_run_loop(v);
	v->timers_synced = false;
	vcpu_put_state(v);
	engine_vcpu_put(v->ev);
	vcpu_refresh_user_levels(v);
	atomic_store(&v->in_run, false);
	return ret;
}

void av_vcpu_kick(av_vcpu *v, unsigned flags)
{
	if (!v)
		return;
	if (flags & AV_KICK_EXIT)
		vcpu_request_and_kick(v, REQ_EXIT_USER);
	else
		vcpu_kick(v);
}

int av_vcpu_inject_ext_abort(av_vcpu *v)
{
	if (!v)
		return -EINVAL;
	/* KVM_SET_VCPU_EVENTS ext_dabt_pending: only meaningful for the
	 * access of the current MMIO exit. */
	if (v->run.exit_reason != AV_EXIT_MMIO || v->resume != RESUME_MMIO)
		return -EINVAL;
	v->ext_abort = true;
	return 0;
}
