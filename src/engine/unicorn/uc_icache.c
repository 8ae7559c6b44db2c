/* SPDX-License-Identifier: MIT */
/*
 * Instruction-cache and TLB maintenance across the VM's instances
 * (ENGINE-NOTES: "Code modified by another vCPU is not seen").  Each
 * Unicorn instance keeps itself coherent with its own stores, not with
 * another instance's, so an IC instruction must drop translated code in
 * every instance -- the issuing one too, whose stale blocks may hold code
 * another vCPU wrote.
 *
 * Scope.  IC IVAU names one line by VA in the issuer's translation: it is
 * translated here, on the issuer, and every instance drops the blocks of
 * that physical line.  IC IALLU/IALLUIS drop the blocks of all guest RAM.
 * Blocks are dropped by physical range (uc_ctl_remove_cache with the
 * model's MMU switched off, so that the start address it translates is
 * the physical one), never by Unicorn's whole-cache flush: that flush
 * commits the 1 GiB code buffer of the instance (measured: RSS +1 GiB and
 * 2 s for the first flush of an instance; a range drop of 256 MiB of RAM
 * took 6 ms and grew RSS by what was translated again).  Dropped code is
 * reclaimed only when the code buffer fills and Unicorn recycles it, so
 * an instance's RSS stays below that buffer whatever the guest does.
 *
 * TLBI ...IS: the other instances drop their TLB (an SCTLR_EL1 rewrite).
 *
 * Everything is applied by the target instance itself, on its thread,
 * before it next runs guest code: at entry (uc_apply_flushes), or for the
 * issuing vCPU at the next block start (stop_self_flush).
 */
#include <pthread.h>

#include "core/core.h"
#include "engine/unicorn/uc_decode.h"
#include "engine/unicorn/uc_internal.h"

#define ENC_SCTLR_EL1 SYSREG_ENC(3, 0, 1, 0, 0)
#define IC_LINE 64ull

/* Queue a physical range (or all of RAM: len 0) on one instance; token_lock
 * held. */
static void queue_flush(struct engine_vcpu *o, uint64_t pa, uint64_t len)
{
	if (!len || o->nr_ic_ranges == UC_MAX_IC_RANGES) {
		o->flush_all_code = true;
		return;
	}
	for (unsigned i = 0; i < o->nr_ic_ranges; i++)
		if (o->ic_ranges[i] == pa)
			return;
	o->ic_ranges[o->nr_ic_ranges++] = pa;
}

static void broadcast(struct engine_vcpu *ev, uint64_t pa, uint64_t len,
		      bool tlb)
{
	struct engine_vm *evm = ev->evm;

	pthread_mutex_lock(&evm->token_lock);
	for (unsigned i = 0; i < evm->nr_vcpus; i++) {
		struct engine_vcpu *o = evm->vcpus[i];

		if (tlb) {
			if (o != ev)
				o->flush_tlb = true;
		} else {
			queue_flush(o, pa, len);
		}
		/* A running instance stops before its next block to apply
		 * it (block_attention); a parked one applies it at entry. */
		if (o != ev)
			atomic_store(&o->flush_pending, true);
	}
	pthread_mutex_unlock(&evm->token_lock);
	if (!tlb) {
		/* This instance drops its own copy before its next block. */
		ev->stop_self_flush = true;
	}
}

/*
 * The instruction itself still runs on this instance (return 0): Unicorn
 * treats the IC and TLBI operations as no-ops or local flushes, and raises
 * the EL0 traps SCTLR_EL1.UCI asks for.
 */
uint32_t uc_hook_sys(uc_engine *uc, uc_arm64_reg reg,
		     const uc_arm64_cp_reg *cp, void *u)
{
	struct engine_vcpu *ev = u;

	if (cp->op0 != 1)
		return 0;
	if (cp->crn == 7 && cp->op1 == 3 && cp->crm == 5 && cp->op2 == 1) {
		uint64_t va = 0, pa;

		/* IC IVAU, Xt: the line of the issuer's VA.  An address that
		 * does not translate faults in the model (no maintenance). */
		uc_reg_read(uc, reg, &va);
		if (!uc_walk(ev, va, WALK_READ, &pa))
			broadcast(ev, pa & ~(IC_LINE - 1), IC_LINE, false);
	} else if (cp->crn == 7 && cp->op1 == 0 && cp->op2 == 0 &&
		   (cp->crm == 1 || cp->crm == 5)) {
		broadcast(ev, 0, 0, false); /* IC IALLUIS, IC IALLU */
	} else if (cp->crn == 8 && cp->op1 == 0 && cp->crm == 3) {
		broadcast(ev, 0, 0, true); /* TLBI ...IS */
	}
	if (cp->crn == 8)
		ev->xl_gen++; /* cached fetch translations may be stale */
	return 0;
}

/* Drop the blocks translated from [pa, pa + len) (MMU off: VA = PA). */
static void drop_code(struct engine_vcpu *ev, uint64_t pa, uint64_t len)
{
	uc_ctl_remove_cache(ev->uc, pa, pa + len);
}

void uc_apply_flushes(struct engine_vcpu *ev)
{
	struct engine_vm *evm = ev->evm;
	uint64_t ranges[UC_MAX_IC_RANGES], sctlr = 0;
	unsigned n;
	bool all, tlb;

	ev->stop_self_flush = false;
	pthread_mutex_lock(&evm->token_lock);
	all = ev->flush_all_code;
	tlb = ev->flush_tlb;
	n = ev->nr_ic_ranges;
	for (unsigned i = 0; i < n; i++)
		ranges[i] = ev->ic_ranges[i];
	ev->flush_all_code = ev->flush_tlb = false;
	ev->nr_ic_ranges = 0;
	atomic_store(&ev->flush_pending, false);
	pthread_mutex_unlock(&evm->token_lock);

	if (!all && !n && !tlb)
		return;
	if (uc_read_sysreg(ev, ENC_SCTLR_EL1, &sctlr))
		return;
	if (all || n) {
		/* remove_cache translates its start address with the
		 * model's MMU: switch it off so that it is the PA. */
		if (sctlr & 1)
			uc_write_sysreg(ev, ENC_SCTLR_EL1, sctlr & ~1ull);
		if (all) {
			for (unsigned i = 0; i < evm->nr_slots; i++)
				if (evm->slots[i].size)
					drop_code(ev, evm->slots[i].gpa,
						  evm->slots[i].size);
		} else {
			for (unsigned i = 0; i < n; i++)
				drop_code(ev, ranges[i], IC_LINE);
		}
	}
	/* Rewriting SCTLR_EL1 flushes the model's TLB (TLBI ...IS from
	 * another vCPU, and the MMU-off window above). */
	uc_write_sysreg(ev, ENC_SCTLR_EL1, sctlr);
	ev->xl_gen++;
}
