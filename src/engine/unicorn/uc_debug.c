/* SPDX-License-Identifier: MIT */
/*
 * Self-hosted debug on Unicorn: breakpoints, watchpoints and software step
 * (Arm ARM D2), from the guest's debug registers as src/debug models them.
 * The CPU model's own debug logic is never armed (its registers trap to
 * armvisor: enabling one of its breakpoints crashes Unicorn 2.0.1).
 *
 * Hooks exist only while something is armed, so an unarmed guest pays
 * nothing:
 *  - address breakpoints: a UC_HOOK_CODE bounded to each address;
 *  - watchpoints, software step and the context-ID breakpoint: one
 *    UC_HOOK_CODE over every instruction, which looks at the instruction
 *    before it runs -- for a watchpoint, the addresses its load/store will
 *    access (uc_decode.c), so the exception is taken before the access,
 *    with the registers untouched, as the architecture requires.
 * A code hook runs before its instruction, and a PC written there is where
 * execution goes on, the instruction not executed (measured on 2.0.1).
 * Unicorn decides at translation time which instructions call a code hook,
 * so arming drops the translated code concerned (the breakpoint's line, or
 * all of RAM for the every-instruction hook).
 *
 * Software step (D2.12) follows the state machine: PSTATE.SS = 1 with
 * stepping enabled is active-not-pending (the next instruction runs), then
 * active-pending (the step exception is taken before the one after).  The
 * model keeps PSTATE.SS for us -- it saves it in SPSR on the exceptions it
 * enters itself (IRQ, FIQ) -- but clears it on ERET because its own
 * MDSCR_EL1.SS is 0, so the hook reads SPSR_EL1.SS at an ERET and sets
 * PSTATE.SS after it.
 */
#include <string.h>

#include "core/core.h"
#include "debug/debug.h"
#include "engine/unicorn/uc_decode.h"
#include "engine/unicorn/uc_internal.h"

#define ENC_SPSR_EL1 SYSREG_ENC(3, 0, 4, 0, 0)
#define ENC_CONTEXTIDR_EL1 SYSREG_ENC(3, 0, 13, 0, 1)
#define A64_ERET 0xd69f03e0u

/* The instruction at va, through a one-page translation cache that is
 * dropped whenever translations may have changed (xl_gen). */
static bool insn_at(struct engine_vcpu *ev, uint64_t va, uint32_t *insn)
{
	struct uc_debug *g = &ev->dbg;
	uint64_t page = va & ~0xfffull;

	if ((va & 3))
		return false;
	if (g->xl_host && g->xl_page == page && g->xl_gen == ev->xl_gen) {
		memcpy(insn, (char *)g->xl_host + (va & 0xfff), 4);
		return true;
	}
	if (!uc_fetch_insn(ev, va, insn))
		return false;
	{
		uint64_t pa;

		g->xl_host = NULL;
		if (!uc_walk(ev, va, WALK_EXEC, &pa)) {
			g->xl_host = uc_gpa_to_host(ev->evm, pa & ~0xfffull,
						    0x1000);
			g->xl_page = page;
			g->xl_gen = ev->xl_gen;
		}
	}
	return true;
}

/* Load-exclusive (LDXR, LDAXR, LDXP, LDAXP): ESR.EX of a step (D2.12.6). */
static bool is_load_exclusive(uint32_t insn)
{
	return (insn & 0x3f400000u) == 0x08400000u && !(insn & (1u << 23));
}

static void take(struct engine_vcpu *ev, uint32_t ec_low, unsigned el,
		 uint32_t iss, uint64_t pc, bool has_far, uint64_t far)
{
	uc_inject_sync(ev, el == 0 ? ec_low : ec_low + 1, iss, pc, has_far,
		       far);
	ev->dbg.stepping = false;
}

static void set_pstate_ss(struct engine_vcpu *ev, uint32_t ps, bool ss)
{
	uint32_t n = ss ? ps | PSTATE_SS : ps & ~PSTATE_SS;

	if (n != ps)
		uc_reg_write(ev->uc, UC_ARM64_REG_PSTATE, &n);
}

static void debug_insn(struct engine_vcpu *ev, uint64_t pc, bool every)
{
	const struct debug_regs *d = vcpu_debug(ev->v);
	struct uc_debug *g = &ev->dbg;
	uint32_t ps = 0, insn = 0, ctxid = 0;
	unsigned el;
	bool dmask, have_insn;
	uint64_t ctx = 0;

	uc_reg_read(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	el = (ps >> 2) & 3;
	dmask = ps & PSTATE_D;
	have_insn = every && insn_at(ev, pc, &insn);

	if (every) {
		bool step = debug_step_enabled(d, el, dmask);

		if (g->eret_seen) {
			/* the first instruction after an ERET: PSTATE.SS is
			 * SPSR.SS if stepping is enabled here (D2.12.3) */
			g->eret_seen = false;
			set_pstate_ss(ev, ps, step && g->eret_ss);
			ps = step && g->eret_ss ? ps | PSTATE_SS
						: ps & ~PSTATE_SS;
		}
		if (!step) {
			g->stepping = false;
		} else if (g->stepping || !(ps & PSTATE_SS)) {
			/* active-pending: the step completed (or was
			 * pending already): Software Step exception before
			 * this instruction, ISV = 1 if one was stepped. */
			uint32_t iss = DEBUG_FSC;

			if (g->stepping)
				iss |= ISS_SS_ISV |
				       (g->step_ex ? ISS_SS_EX : 0);
			take(ev, EC_SSTEP_LOW, el, iss, pc, false, 0);
			return;
		}
	}
	if (debug_bpwp_enabled(d, el, dmask)) {
		if ((d->bcr[DEBUG_CTX_BP] & DBGBCR_E) &&
		    !uc_read_sysreg(ev, ENC_CONTEXTIDR_EL1, &ctx))
			ctxid = (uint32_t)ctx;
		if (debug_bp_match(d, pc, el, ctxid) >= 0) {
			/* D2.8: Breakpoint exception, ELR = the address. */
			take(ev, EC_BKPT_LOW, el, DEBUG_FSC, pc, false, 0);
			return;
		}
		if (have_insn) {
			struct ldst a;
			uint64_t far;

			if (uc_decode_access(ev, insn, pc, &a) &&
			    (debug_wp_match(d, a.va, a.size, a.is_write, el,
					    &far) >= 0 ||
			     (a.is_pair &&
			      debug_wp_match(d, a.va2, a.size, a.is_write, el,
					     &far) >= 0))) {
				/* D2.9: Watchpoint exception before the access,
				 * FAR = its address, WnR for a store. */
				take(ev, EC_WATCH_LOW, el,
				     DEBUG_FSC | (a.is_write ? ISS_WNR : 0), pc,
				     true, far);
				return;
			}
		}
	}
	if (!every)
		return;
	if (have_insn && insn == A64_ERET) {
		uint64_t spsr = 0;

		uc_read_sysreg(ev, ENC_SPSR_EL1, &spsr);
		g->eret_seen = true;
		g->eret_ss = spsr & PSTATE_SS;
	}
	if (debug_step_enabled(d, el, dmask) && (ps & PSTATE_SS)) {
		/* active-not-pending: this instruction is stepped; after it
		 * PSTATE.SS is 0 (saved so in SPSR by any exception the
		 * model takes in between). */
		g->stepping = true;
		g->step_pc = pc;
		g->step_ex = have_insn && is_load_exclusive(insn);
		set_pstate_ss(ev, ps, false);
	}
}

static void hook_every_insn(uc_engine *uc, uint64_t addr, uint32_t size,
			    void *u)
{
	debug_insn(u, addr, true);
}

static void hook_bp(uc_engine *uc, uint64_t addr, uint32_t size, void *u)
{
	debug_insn(u, addr, false);
}

bool uc_debug_spsr_ss(struct engine_vcpu *ev, uint64_t elr)
{
	uint32_t ps = 0;

	if (ev->dbg.stepping)
		return elr == ev->dbg.step_pc; /* not completed */
	uc_reg_read(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	return ps & PSTATE_SS;
}

/* Drop the translated code of all RAM (the every-instruction hook must be
 * compiled into, or out of, every block). */
static void drop_all_code(struct engine_vcpu *ev)
{
	struct engine_vm *evm = ev->evm;

	pthread_mutex_lock(&evm->token_lock);
	ev->flush_all_code = true;
	pthread_mutex_unlock(&evm->token_lock);
	uc_apply_flushes(ev);
}

void uc_debug_arm(struct engine_vcpu *ev)
{
	const struct debug_regs *d = vcpu_debug(ev->v);
	struct uc_debug *g = &ev->dbg;
	uint64_t want[DEBUG_NR_BPS];
	unsigned n = 0;
	bool every;

	ev->stop_rearm = false;
	if (!d || (g->armed && g->gen == d->gen))
		return;
	g->gen = d->gen;
	g->armed = true;
	every = !d->oslk && debug_needs_every_insn(d);
	if (!every && !d->oslk && (d->mdscr & MDSCR_MDE))
		n = debug_bp_addresses(d, want);

	/* address breakpoints: keep, add, remove bounded hooks */
	for (unsigned i = 0; i < g->nr_bp_hooks;) {
		bool keep = false;

		for (unsigned k = 0; k < n; k++)
			keep |= want[k] == g->bp_addr[i];
		if (keep) {
			i++;
			continue;
		}
		uc_hook_del(ev->uc, g->bp_hooks[i]);
		uc_ctl_remove_cache(ev->uc, g->bp_addr[i], g->bp_addr[i] + 4);
		g->bp_hooks[i] = g->bp_hooks[g->nr_bp_hooks - 1];
		g->bp_addr[i] = g->bp_addr[g->nr_bp_hooks - 1];
		g->nr_bp_hooks--;
	}
	for (unsigned k = 0; k < n; k++) {
		bool have = false;
		uc_hook h;

		for (unsigned i = 0; i < g->nr_bp_hooks; i++)
			have |= g->bp_addr[i] == want[k];
		if (have || g->nr_bp_hooks == DEBUG_NR_BPS ||
		    uc_hook_add(ev->uc, &h, UC_HOOK_CODE, hook_bp, ev, want[k],
				want[k] + 3) != UC_ERR_OK)
			continue;
		g->bp_hooks[g->nr_bp_hooks] = h;
		g->bp_addr[g->nr_bp_hooks++] = want[k];
		uc_ctl_remove_cache(ev->uc, want[k], want[k] + 4);
	}

	/* watchpoints, step, context breakpoint: every instruction */
	if (every != g->insn_hook_on) {
		if (every) {
			if (uc_hook_add(ev->uc, &g->insn_hook, UC_HOOK_CODE,
					hook_every_insn, ev, 1, 0) != UC_ERR_OK)
				return;
		} else {
			uc_hook_del(ev->uc, g->insn_hook);
			g->stepping = g->eret_seen = false;
		}
		g->insn_hook_on = every;
		drop_all_code(ev);
	}
}
