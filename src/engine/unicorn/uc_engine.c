/* SPDX-License-Identifier: MIT */
/*
 * The Unicorn backend: one Unicorn instance per vCPU sharing the guest RAM,
 * a fair execution token per VM, kicks through a per-vCPU flag checked at
 * every translation-block start, and the hooks that report system registers,
 * hypercalls and MMIO to the core.  See ../../../shared/ENGINE-NOTES.md for
 * the measured facts this is built on.
 *
 * CPU model: Cortex-A72 (Armv8.0-A).  It has EL2/EL3 so HCR_EL2.VI/VF work,
 * and none of the v8.1+ PSTATE features (PAN, UAO) or SVE whose state QEMU
 * keeps in cached translation flags that host register writes do not
 * refresh (see uc_exception.c).  Guests see no LSE atomics, as on a real A72.
 *
 * uc_emu_start runs on a fiber per vCPU (uc_fiber.h): a hook that needs
 * the core hands its exit over (uc_exit_to_core) and is resumed in place
 * with the answer at the next engine_vcpu_enter; exits that end emulation
 * (WFI, HVC/SMC, errors) are handed over between two uc_emu_start calls.
 *
 * Lock order: token_lock is a leaf; it is never held while calling the core.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "core/core_engine.h"
#include "engine/unicorn/uc_decode.h"
#include "engine/unicorn/uc_internal.h"

static void guest_main(void *arg);
static void unwind_fiber(struct engine_vcpu *ev, bool finish);

/* Each vCPU's fiber stack (reserved, touched as used). */
#define FIBER_STACK (2u << 20)
/* A slice is ended only when another vCPU waits for the token. */
#define SLICE_NS 1000000ull
#define UNTIL_NEVER 0xffffffffffffffffull /* not a valid, aligned PC */
#define A64_WFE 0xd503205fu

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Every timer is emulated: Unicorn's own never fire (ENGINE-NOTES). */
const struct timer_hw_ops *engine_timer_hw(struct engine_vcpu *ev)
{
	return NULL;
}

const char *engine_cpu_model(void)
{
	return "unicorn cortex-a72";
}

/* ---- execution token ---- */

/* Take ev out of the queue (token_lock held). */
static void token_dequeue(struct engine_vm *evm, struct engine_vcpu *ev)
{
	for (unsigned i = 0; i < evm->q_len; i++) {
		unsigned k = (evm->q_head + i) % AV_MAX_VCPUS;

		if (evm->queue[k] != ev)
			continue;
		for (unsigned j = i; j + 1 < evm->q_len; j++)
			evm->queue[(evm->q_head + j) % AV_MAX_VCPUS] =
				evm->queue[(evm->q_head + j + 1) % AV_MAX_VCPUS];
		evm->q_len--;
		atomic_fetch_sub(&evm->waiters, 1);
		break;
	}
	if (ev->queued_urgent) {
		ev->queued_urgent = false;
		atomic_fetch_sub(&evm->urgent, 1);
	}
}

/*
 * Queue for the token.  FIFO, except that a vCPU coming back from an exit
 * (to the VMM, from WFI, or kicked to take an interrupt) is urgent: it goes
 * to the head and the owner yields at its next block (should_yield).  An
 * exit is the guest waiting on something outside it; making it wait a
 * whole slice behind a vCPU that spins cost milliseconds per exit.  A
 * vCPU that yielded at its slice end or in a WFE loop queues at the tail.
 */
static bool token_acquire(struct engine_vcpu *ev, bool urgent)
{
	struct engine_vm *evm = ev->evm;
	bool got = true;

	pthread_mutex_lock(&evm->token_lock);
	if (!evm->owner && !evm->q_len) {
		evm->owner = ev;
		goto out;
	}
	if (urgent) {
		evm->q_head = (evm->q_head + AV_MAX_VCPUS - 1) % AV_MAX_VCPUS;
		evm->queue[evm->q_head] = ev;
		ev->queued_urgent = true;
		atomic_fetch_add(&evm->urgent, 1);
	} else {
		evm->queue[(evm->q_head + evm->q_len) % AV_MAX_VCPUS] = ev;
	}
	evm->q_len++;
	atomic_fetch_add(&evm->waiters, 1);
	while (evm->owner != ev) {
		if (atomic_load(&ev->kick)) {
			/* Leave the queue: a kicked vCPU must not wait. */
			token_dequeue(evm, ev);
			got = false;
			goto out;
		}
		pthread_cond_wait(&ev->token_cond, &evm->token_lock);
	}
out:
	pthread_mutex_unlock(&evm->token_lock);
	return got;
}

static void token_release(struct engine_vcpu *ev)
{
	struct engine_vm *evm = ev->evm;
	bool handed = false;

	pthread_mutex_lock(&evm->token_lock);
	evm->owner = NULL;
	if (evm->q_len) {
		struct engine_vcpu *next = evm->queue[evm->q_head];

		token_dequeue(evm, next);
		evm->owner = next;
		pthread_cond_signal(&next->token_cond);
		handed = true;
	}
	pthread_mutex_unlock(&evm->token_lock);
	if (handed)
		vcpu_stat_inc(ev->v, VCPU_STAT_TOKEN_HANDOFF);
}

/* The token was just taken: a new slice.  (Maintenance other vCPUs asked
 * for is applied at the fiber's loop top, apply_flushes.) */
static void token_got(struct engine_vcpu *ev)
{
	ev->slice_start = now_ns();
	ev->blocks = 0;
}

void engine_vcpu_kick(struct engine_vcpu *ev)
{
	atomic_store(&ev->kick, true);
	/* Wake it if it queues for the token. */
	pthread_mutex_lock(&ev->evm->token_lock);
	pthread_cond_signal(&ev->token_cond);
	pthread_mutex_unlock(&ev->evm->token_lock);
}

void engine_vcpu_clear_kick(struct engine_vcpu *ev)
{
	atomic_store(&ev->kick, false);
}

/* ---- hooks ---- */

/* A block that starts right after a WFE: read through the identity map
 * (MMU off or VA == PA); a wrong guess only costs a spurious yield. */
static bool after_wfe(struct engine_vcpu *ev, uint64_t addr)
{
	uint32_t *w = uc_gpa_to_host(ev->evm, addr - 4, 4);

	return w && *w == A64_WFE;
}

/*
 * Should the vCPU give the token away?  Only when someone queues for it:
 * at once when a vCPU that left for an exit wants it back (urgent), at the
 * end of its slice, or when it spins in a WFE loop.  A waiter's loop is
 * two blocks long (QEMU ends a block at WFE: "wfe" then "ldaxr; cbnz
 * back"), so the after-WFE block recurs every second block; a lock holder
 * that takes the lock again and again (SEVL makes its WFE fall through)
 * has at least its critical section and the release in between.  Two such
 * short periods in a row make a spinner: yielding to the holder is the
 * only way the lock can be released (Arm ARM K11.3.1).
 */
static bool should_yield(struct engine_vcpu *ev, uint64_t addr)
{
	ev->blocks++;
	if (atomic_load_explicit(&ev->evm->urgent, memory_order_relaxed))
		return true;
	if (after_wfe(ev, addr)) {
		bool tight = addr == ev->wfe_pc &&
			     ev->blocks - ev->wfe_block <= 2;

		ev->wfe_spins = tight ? ev->wfe_spins + 1 : 0;
		ev->wfe_pc = addr;
		ev->wfe_block = ev->blocks;
		if (ev->wfe_spins >= 2)
			return true;
	}
	return (ev->blocks & 63) == 0 &&
	       now_ns() - ev->slice_start > SLICE_NS;
}

/* Arm ARM D1.10.5 "PC alignment checking": an instruction fetched from a
 * PC whose bits [1:0] are not zero is a PC alignment fault (EC 0x22, FAR =
 * ELR = the PC).  Unicorn 2.0.1 fetches it as if aligned. */
static void pc_alignment_fault(struct engine_vcpu *ev, uint64_t addr)
{
	uc_inject_sync(ev, EC_PC_ALIGN, 0, addr, true, addr);
}

/*
 * Stop before this block runs (it does not: measured).  Without a code
 * hook Unicorn leaves PC at this block; with any UC_HOOK_CODE installed
 * (uc_debug.c) it does not restore it, and PC is wherever it was last
 * synced -- the start of an earlier block chained into this one, which
 * would run again.  So engine_vcpu_enter puts PC here after the stop.
 * (Writing PC from this hook instead makes Unicorn ignore the stop.)
 */
static void stop_before_block(struct engine_vcpu *ev, uint64_t addr)
{
	ev->stop_pc = addr;
	ev->stopped_at_block = true;
	uc_emu_stop(ev->uc);
}

/*
 * Give the token to the queue's head and queue again at the tail, on this
 * thread, inside the block hook (the fiber stays where it is).  A kick
 * while waiting is an exit: the token is taken again at the next entry.
 */
static void yield_token(struct engine_vcpu *ev)
{
	token_release(ev);
	ev->has_token = false;
	if (token_acquire(ev, false)) {
		ev->has_token = true;
		token_got(ev);
		return;
	}
	uc_exit_to_core(ev, &(struct engine_exit){ .kind = ENGINE_EXIT_KICK });
}

/* Lines the core changed since uc_emu_start: QEMU notices a newly raised
 * HCR_EL2.VI/VF only when it re-enters its execution loop (measured: a
 * write from a hook is not taken while blocks chain), so such a change
 * stops emulation before the block and starts it again with them. */
static bool lines_changed(const struct engine_vcpu *ev)
{
	return !ev->exc_redirect && (HCR_BASE | ev->lines) != ev->hcr;
}

/* The rare cases of hook_block; true if the block does not run. */
static bool block_attention(struct engine_vcpu *ev, uint64_t addr)
{
	/* A sysreg fault of the last block's last instruction comes first:
	 * nothing (not even a kick) may run between it and its entry. */
	if (ev->defer.pending && uc_resolve_deferred(ev, addr))
		return true;
	if (ev->exc_redirect && uc_exc_redirect(ev, addr))
		return true;
	if (addr & 3) {
		pc_alignment_fault(ev, addr);
		return true;
	}
	if (ev->mabort.pending || ev->insns >= ev->insn_alarm) {
		ev->stop_kick = true; /* the PMU's alarm: an exit to the core */
		stop_before_block(ev, addr);
		return true;
	}
	/* A kick: back to the run loop, resumed here at the next entry. */
	if (atomic_load_explicit(&ev->kick, memory_order_relaxed))
		uc_exit_to_core(ev, &(struct engine_exit){
					    .kind = ENGINE_EXIT_KICK });
	/* Reset/destroy, other vCPUs' maintenance (a TB flush must not run
	 * under a block that is executing: uc_apply_flushes), new lines,
	 * debug re-arming: at the fiber's loop top, before this block. */
	if (ev->unwinding || ev->stop_rearm || ev->stop_self_flush ||
	    atomic_load_explicit(&ev->flush_pending, memory_order_relaxed) ||
	    lines_changed(ev)) {
		stop_before_block(ev, addr);
		return true;
	}
	return false;
}

/* At every translation-block start: the hottest hook, so the common case
 * is one test of everything that is rarely set. */
static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *u)
{
	struct engine_vcpu *ev = u;

	ev->block_pc = addr; /* the MMIO callbacks' PC is stale */
	ev->block_end = addr + size;
	ev->fault_loop = 0;
	if (__builtin_expect(
		    ev->defer.pending | ev->exc_redirect | (addr & 3) |
			    ev->mabort.pending | ev->stop_rearm |
			    ev->stop_self_flush | ev->unwinding |
			    atomic_load_explicit(&ev->kick,
						 memory_order_relaxed) |
			    atomic_load_explicit(&ev->flush_pending,
						 memory_order_relaxed) |
			    ((HCR_BASE | ev->lines) != ev->hcr) |
			    (ev->insns >= ev->insn_alarm),
		    0) &&
	    block_attention(ev, addr))
		return;
	if (atomic_load_explicit(&ev->evm->waiters, memory_order_relaxed) &&
	    should_yield(ev, addr))
		yield_token(ev);
	ev->insns += size / 4; /* the block runs: for the PMU */
}

/* Exception entries that start no block (a vector that faults again)
 * loop inside one uc_emu_start: after this many, a waiting vCPU gets the
 * token, as a time slice would give it. */
#define FAULT_LOOP_YIELD 64

static void hook_intr(uc_engine *uc, uint32_t intno, void *u)
{
	struct engine_vcpu *ev = u;

	/* ENGINE-NOTES: an abort entered from here can loop without ever
	 * starting a block (its vector faults again); the kick and the token
	 * must still be honoured (issue 9: --timeout could not end such a
	 * guest, and a second vCPU never ran again).  Entering the exception
	 * writes PC, after which Unicorn ignores a stop: so when stopping,
	 * the exception is entered by engine_vcpu_enter, after the stop. */
	ev->fault_loop++;
	if (!uc_intr_stops(intno) &&
	    (atomic_load_explicit(&ev->kick, memory_order_relaxed) ||
	     (ev->fault_loop >= FAULT_LOOP_YIELD &&
	      atomic_load_explicit(&ev->evm->waiters,
				   memory_order_relaxed)))) {
		ev->intr_after_stop = true;
		ev->intr_no = intno;
		ev->stop_kick = true;
		uc_emu_stop(uc);
		return;
	}
	uc_handle_intr(ev, intno);
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr,
			  int size, int64_t value, void *u)
{
	struct engine_vcpu *ev = u;

	ev->unmapped_addr = addr;
	ev->unmapped_write = type == UC_MEM_WRITE_UNMAPPED;
	if (type == UC_MEM_READ_UNMAPPED || type == UC_MEM_WRITE_UNMAPPED)
		uc_mmio_unmapped(ev, addr, (unsigned)size,
				 type == UC_MEM_WRITE_UNMAPPED);
	return false;
}

/*
 * ENGINE-NOTES "Instruction fetch checks EXEC on the VA in Unicorn's
 * physical map": 2.0.1 looks the fetch's *virtual* address up in its own
 * map, so a VA whose number lies in a catch-all MMIO range (the kernel's
 * TTBR1 space, user code in a low-VA gap) is refused although the guest's
 * translation is valid.  The guest's tables decide (PLATFORM.md: any VA its
 * page tables map to RAM is fetched like the PA): let the fetch go on when
 * our own walk lands in RAM; otherwise it stays a fault (an external abort
 * on a fetch from a device or from nothing).
 */
static bool hook_fetch_prot(uc_engine *uc, uc_mem_type type, uint64_t addr,
			    int size, int64_t value, void *u)
{
	struct engine_vcpu *ev = u;
	uint64_t pa;

	if (uc_walk(ev, addr, WALK_EXEC, &pa))
		return false;
	return uc_gpa_to_host(ev->evm, pa, 4) != NULL;
}

/* ---- VM and vCPU ---- */

int engine_vm_create(av_vm *vm, struct engine_vm **out)
{
	struct engine_vm *evm = calloc(1, sizeof(*evm));

	if (!evm)
		return -ENOMEM;
	evm->vm = vm;
	pthread_mutex_init(&evm->token_lock, NULL);
	*out = evm;
	return 0;
}

void engine_vm_destroy(struct engine_vm *evm)
{
	if (!evm)
		return;
	pthread_mutex_destroy(&evm->token_lock);
	free(evm);
}

/* The A72 model has no GIC: its ICC_* accesses reach the core through the
 * MRS/MSR hooks like any trapped register. */
unsigned engine_vm_caps(struct engine_vm *evm)
{
	return 0;
}

int engine_vm_set_memslots(struct engine_vm *evm, const struct memslot *s,
			   unsigned n)
{
	if (n > UC_MAX_SLOTS)
		return -ENOSPC;
	memcpy(evm->slots, s, n * sizeof(*s));
	evm->nr_slots = n;
	return 0;
}

/* ID_AA64MMFR0_EL1.PARange (Arm ARM D17.2.64): the model's PA size. */
static unsigned pa_range_bits(struct engine_vcpu *ev)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	uint64_t mmfr0 = 0;

	uc_read_sysreg(ev, SYSREG_ENC(3, 0, 0, 7, 0), &mmfr0);
	return (mmfr0 & 0xf) < 7 ? bits[mmfr0 & 0xf] : 48;
}

int engine_vcpu_create(struct engine_vm *evm, av_vcpu *v,
		       struct engine_vcpu **out)
{
	struct engine_vcpu *ev = calloc(1, sizeof(*ev));
	uc_hook h;
	int ret = -ENOMEM;

	if (!ev)
		return -ENOMEM;
	ev->evm = evm;
	ev->v = v;
	ev->insn_alarm = UINT64_MAX;
	pthread_cond_init(&ev->token_cond, NULL);
	if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &ev->uc) != UC_ERR_OK)
		goto fail;
	if (uc_ctl_set_cpu_model(ev->uc, UC_CPU_ARM64_A72) != UC_ERR_OK)
		goto fail_uc;
	/* ENGINE-NOTES: EL1 runs Non-secure AArch64 only with SCR_EL3 =
	 * NS|HCE|RW; HCE also makes HVC reach the intr hook. */
	uc_write_sysreg(ev, SYSREG_ENC(3, 6, 1, 1, 0), 0x501);
	ev->hcr = 0;
	uc_set_hcr(ev, HCR_BASE);
	/* The model's own debug and PMU registers trap (uc_sysreg.c). */
	uc_write_sysreg(ev, SYSREG_ENC(3, 4, 1, 1, 1), UC_MDCR_TRAPS);
	ev->pa_bits = pa_range_bits(ev);
	ret = uc_map_guest_space(ev);
	if (ret)
		goto fail_uc;
	ret = -ENOMEM;
	if (uc_hook_add(ev->uc, &h, UC_HOOK_BLOCK, hook_block, ev, 1, 0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INTR, hook_intr, ev, 1, 0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_MEM_UNMAPPED, hook_unmapped, ev, 1,
			0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_MEM_FETCH_PROT, hook_fetch_prot,
			ev, 1, 0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INSN, uc_hook_mrs, ev, 1, 0,
			UC_ARM64_INS_MRS) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INSN, uc_hook_msr, ev, 1, 0,
			UC_ARM64_INS_MSR) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INSN, uc_hook_sys, ev, 1, 0,
			UC_ARM64_INS_SYS))
		goto fail_uc;
	if (uc_context_alloc(ev->uc, &ev->reset_ctx) != UC_ERR_OK)
		goto fail_uc;
	uc_context_save(ev->uc, ev->reset_ctx);
	if (uc_fiber_init(&ev->fiber, FIBER_STACK, guest_main, ev))
		goto fail_ctx;
	evm->vcpus[evm->nr_vcpus++] = ev;
	*out = ev;
	return 0;
fail_ctx:
	uc_context_free(ev->reset_ctx);
fail_uc:
	uc_close(ev->uc);
fail:
	pthread_cond_destroy(&ev->token_cond);
	free(ev);
	return ret;
}

void engine_vcpu_destroy(struct engine_vcpu *ev)
{
	if (!ev)
		return;
	unwind_fiber(ev, true);
	uc_fiber_destroy(&ev->fiber);
	uc_context_free(ev->reset_ctx);
	uc_close(ev->uc);
	pthread_cond_destroy(&ev->token_cond);
	free(ev);
}

void engine_vcpu_reset(struct engine_vcpu *ev, uint64_t pc, uint64_t x0)
{
	uint64_t sctlr;
	uint32_t ps = PSTATE_DAIF | PSTATE_EL1H;

	unwind_fiber(ev, false); /* out of uc_emu_start if parked in it */
	/* The state saved at creation is the architectural reset state of
	 * the model; restore it whole, then rewrite SCTLR_EL1 so that QEMU
	 * flushes its TLB (the MMU may have been on before CPU_OFF). */
	uc_context_restore(ev->uc, ev->reset_ctx);
	uc_clear_gprs(ev);
	uc_reg_write(ev->uc, UC_ARM64_REG_X0, &x0);
	uc_reg_write(ev->uc, UC_ARM64_REG_PC, &pc);
	uc_reg_write(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	if (!uc_read_sysreg(ev, SYSREG_ENC(3, 0, 1, 0, 0), &sctlr))
		uc_write_sysreg(ev, SYSREG_ENC(3, 0, 1, 0, 0), sctlr);
	ev->hcr = 0;
	uc_set_hcr(ev, HCR_BASE);
	memset(&ev->exc, 0, sizeof(ev->exc));
	ev->exc_redirect = false;
	ev->orig_pstate_valid = false;
	memset(&ev->mabort, 0, sizeof(ev->mabort));
	memset(&ev->defer, 0, sizeof(ev->defer));
	ev->sys_trap = false;
	ev->dbg.stepping = ev->dbg.eret_seen = false;
	ev->xl_gen++;
	/* No TB flush: translated blocks are keyed by PC, physical page and
	 * the CPU flags, so none goes stale across a reset (and a flush
	 * costs up to seconds in 2.0.1). */
}

uint64_t engine_vcpu_insns(struct engine_vcpu *ev)
{
	return ev->insns;
}

void engine_vcpu_set_insn_alarm(struct engine_vcpu *ev, uint64_t at)
{
	ev->insn_alarm = at ? at : UINT64_MAX;
}

uint32_t engine_pstate(struct engine_vcpu *ev)
{
	uint32_t ps = 0;

	uc_reg_read(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	return ps;
}

/* ---- running: the guest fiber ---- */

const struct engine_entry *uc_exit_to_core(struct engine_vcpu *ev,
					   const struct engine_exit *e)
{
	*ev->out = *e;
	uc_fiber_yield(&ev->fiber);
	/* Resumed by engine_vcpu_enter (or by an unwind).  New lines are
	 * applied at the next block (block_attention). */
	return ev->in;
}

/* Nothing in the way of the next uc_emu_start: other vCPUs' maintenance,
 * the debug hooks the guest's registers ask for, the lines. */
static void before_emulation(struct engine_vcpu *ev)
{
	uc_apply_flushes(ev);
	uc_debug_arm(ev);
	ev->stop_rearm = ev->stop_self_flush = false;
	/* While an EL0 exception waits at its vector, HCR holds VF alone
	 * (uc_exception.c); the redirect restores the lines. */
	if (!ev->exc_redirect)
		uc_set_hcr(ev, HCR_BASE | ev->lines);
}

/*
 * The fiber: uc_emu_start again and again.  Exits taken inside hooks
 * (sysreg, MMIO, kicks) return into the hook; those that end emulation
 * (WFI, HVC/SMC, an engine error, the PMU's alarm) are handed over here
 * with the guest's registers whole, and emulation starts again after.
 */
static void guest_main(void *arg)
{
	struct engine_vcpu *ev = arg;

	while (!ev->unwinding) {
		struct engine_exit e = { .kind = ENGINE_EXIT_WFI };
		uint64_t pc;
		uc_err err;

		/* A guest can loop without ever starting a block (an
		 * exception whose vector faults again, forever): the kick is
		 * honoured here too, so it always gets the vCPU out. */
		if (atomic_load(&ev->kick)) {
			uc_exit_to_core(ev, &(struct engine_exit){
						    .kind = ENGINE_EXIT_KICK });
			continue;
		}
		ev->stop_kick = ev->stop_hvc = ev->stop_smc = false;
		before_emulation(ev);
		uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
		/* Not while an EL0 exception waits to be entered through the
		 * VF redirect (uc_exception.c): only emulation completes it,
		 * and PC is still the faulting EL0 address (found with Linux
		 * on GICv2: init looped here for ever on a user page's
		 * first fetch). */
		if (ev->fault_loop && !ev->exc_redirect &&
		    uc_prefetch_fault(ev, pc)) {
			/* In a fault loop whose vector cannot be fetched
			 * either: take the abort here.  Asking Unicorn to
			 * translate it leaks a one-instruction block each
			 * time (finding 3: RSS grew towards 1 GiB). */
			if (++ev->fault_loop >= FAULT_LOOP_YIELD &&
			    atomic_load(&ev->evm->waiters))
				yield_token(ev);
			continue;
		}
		ev->stopped_at_block = false;
		ev->in_emu = true;
		err = uc_emu_start(ev->uc, pc, UNTIL_NEVER, 0, 0);
		ev->in_emu = false;
		if (ev->unwinding)
			break;
		if (ev->stopped_at_block)
			uc_reg_write(ev->uc, UC_ARM64_REG_PC, &ev->stop_pc);
		if (ev->intr_after_stop) {
			/* hook_intr stopped first: enter the exception now */
			ev->intr_after_stop = false;
			uc_handle_intr(ev, ev->intr_no);
		}
		if (ev->defer.pending) {
			/* uc_sysreg.c: the faulting instruction ended the
			 * last block; its fault comes before anything else. */
			uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
			uc_resolve_deferred(ev, pc);
			continue;
		}
		if (err != UC_ERR_OK) {
			if (uc_handle_emu_error(ev, err)) {
				uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
				e = (struct engine_exit){
					.kind = ENGINE_EXIT_ERROR,
					.code = err,
					.pc = pc };
				uc_exit_to_core(ev, &e);
				continue;
			}
			/* A fetch that faults at its own vector never starts a
			 * block: let a waiting vCPU run (issue 9, finding 3). */
			if (++ev->fault_loop >= FAULT_LOOP_YIELD &&
			    atomic_load(&ev->evm->waiters))
				yield_token(ev);
			continue;
		}
		if (ev->mabort.pending) {
			uc_resolve_mmio_abort(ev);
			continue;
		}
		if (ev->stop_hvc || ev->stop_smc) {
			e.kind = ev->stop_hvc ? ENGINE_EXIT_HVC
					      : ENGINE_EXIT_SMC;
			e.code = ev->hvc_imm;
			uc_exit_to_core(ev, &e);
			continue;
		}
		if (ev->stop_kick) {
			/* A kick, the PMU's alarm, or a fault loop that must
			 * let a waiting vCPU run. */
			if (!atomic_load(&ev->kick) &&
			    atomic_load(&ev->evm->waiters) &&
			    ev->fault_loop >= FAULT_LOOP_YIELD)
				yield_token(ev);
			else
				uc_exit_to_core(ev, &(struct engine_exit){
					.kind = ENGINE_EXIT_KICK });
			continue;
		}
		if (ev->stopped_at_block)
			continue; /* maintenance, lines or debug: go on */
		uc_exit_to_core(ev, &e); /* WFI */
	}
}

int engine_vcpu_enter(struct engine_vcpu *ev, const struct engine_entry *in,
		      struct engine_exit *exit)
{
	memset(exit, 0, sizeof(*exit));
	exit->kind = ENGINE_EXIT_KICK;
	if (!ev->has_token) {
		if (!token_acquire(ev, ev->urgent_next))
			return 0; /* kicked while waiting */
		ev->has_token = true;
		ev->urgent_next = false;
		token_got(ev);
	}
	ev->in = in;
	ev->out = exit;
	ev->lines = (in->irq ? HCR_VI : 0) | (in->fiq ? HCR_VF : 0);
	uc_fiber_resume(&ev->fiber);
	return exit->kind == ENGINE_EXIT_ERROR ? -EIO : 0;
}

/* vCPUs share the host's threads and the execution token. */
bool engine_vcpu_idle_loaded(struct engine_vcpu *ev)
{
	(void)ev;
	return false;
}

void engine_vcpu_put(struct engine_vcpu *ev)
{
	if (!ev->has_token)
		return;
	token_release(ev);
	ev->has_token = false;
	/* Back from an exit: the next entry queues at the head. */
	ev->urgent_next = true;
}

/*
 * Leave uc_emu_start for good (vCPU reset or destroy): resume the fiber
 * with `unwinding` set; a hook it is parked in returns without effect and
 * emulation stops at the next block.  No other vCPU runs meanwhile (the
 * token is held), although the rest of the parked block does.
 */
static void unwind_fiber(struct engine_vcpu *ev, bool finish)
{
	static const struct engine_entry none = { .result = ENGINE_DONE };
	struct engine_exit ignored;

	if (!ev->fiber.stack || ev->fiber.finished)
		return;
	if (!finish && !ev->in_emu)
		return; /* parked between two uc_emu_start calls: fine */
	if (!ev->has_token) {
		atomic_store(&ev->kick, false);
		while (!token_acquire(ev, true))
			atomic_store(&ev->kick, false);
		ev->has_token = true;
	}
	ev->unwinding = true;
	ev->in = &none;
	ev->out = &ignored;
	uc_fiber_resume(&ev->fiber);
	/* Now at the fiber's end: start a new one if it must go on. */
	ev->unwinding = false;
	uc_fiber_destroy(&ev->fiber);
	if (!finish)
		uc_fiber_init(&ev->fiber, FIBER_STACK, guest_main, ev);
	engine_vcpu_put(ev);
}
