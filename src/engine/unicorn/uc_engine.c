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
 * Lock order: token_lock is a leaf; it is never held while calling the core.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "core/core_engine.h"
#include "engine/unicorn/uc_internal.h"

/* Each vCPU's fiber stack (reserved, touched as used). */
#define FIBER_STACK (2u << 20)
/* A slice is ended only when another vCPU waits for the token. */
#define SLICE_NS 1000000ull
#define UNTIL_NEVER 0xffffffffffffffffull /* not a valid, aligned PC */
#define A64_WFE 0xd503205fu

static void guest_main(void *arg);
static void unwind_fiber(struct engine_vcpu *ev, bool finish);

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
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

	pthread_mutex_lock(&evm->token_lock);
	evm->owner = NULL;
	if (evm->q_len) {
		struct engine_vcpu *next = evm->queue[evm->q_head];

		token_dequeue(evm, next);
		evm->owner = next;
		pthread_cond_signal(&next->token_cond);
	}
	pthread_mutex_unlock(&evm->token_lock);
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

/* ---- helpers ---- */

static uc_arm64_cp_reg cp_from_enc(uint32_t enc)
{
	uc_arm64_cp_reg cp = {
		.op0 = (enc >> 14) & 3,
		.op1 = (enc >> 11) & 7,
		.crn = (enc >> 7) & 15,
		.crm = (enc >> 3) & 15,
		.op2 = enc & 7,
	};
	return cp;
}

int uc_read_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t *val)
{
	uc_arm64_cp_reg cp = cp_from_enc(enc);

	if (uc_reg_read(ev->uc, UC_ARM64_REG_CP_REG, &cp) != UC_ERR_OK)
		return -ENOENT;
	*val = cp.val;
	return 0;
}

int uc_write_sysreg(struct engine_vcpu *ev, uint32_t enc, uint64_t val)
{
	uc_arm64_cp_reg cp = cp_from_enc(enc);

	cp.val = val;
	return uc_reg_write(ev->uc, UC_ARM64_REG_CP_REG, &cp) == UC_ERR_OK
		       ? 0
		       : -ENOENT;
}

void uc_set_hcr(struct engine_vcpu *ev, uint64_t hcr)
{
	if (hcr == ev->hcr)
		return;
	uc_write_sysreg(ev, SYSREG_ENC(3, 4, 1, 1, 0), hcr);
	ev->hcr = hcr;
}

void *uc_gpa_to_host(struct engine_vm *evm, uint64_t gpa, uint64_t len)
{
	for (unsigned i = 0; i < evm->nr_slots; i++) {
		const struct memslot *s = &evm->slots[i];

		if (gpa >= s->gpa && gpa - s->gpa < s->size &&
		    len <= s->size - (gpa - s->gpa))
			return (char *)s->host + (gpa - s->gpa);
	}
	return NULL;
}

unsigned uc_current_el(struct engine_vcpu *ev)
{
	uint32_t ps = 0;

	uc_reg_read(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	return (ps >> 2) & 3;
}

static const int gpr_ids[31] = {
	UC_ARM64_REG_X0,  UC_ARM64_REG_X1,  UC_ARM64_REG_X2,  UC_ARM64_REG_X3,
	UC_ARM64_REG_X4,  UC_ARM64_REG_X5,  UC_ARM64_REG_X6,  UC_ARM64_REG_X7,
	UC_ARM64_REG_X8,  UC_ARM64_REG_X9,  UC_ARM64_REG_X10, UC_ARM64_REG_X11,
	UC_ARM64_REG_X12, UC_ARM64_REG_X13, UC_ARM64_REG_X14, UC_ARM64_REG_X15,
	UC_ARM64_REG_X16, UC_ARM64_REG_X17, UC_ARM64_REG_X18, UC_ARM64_REG_X19,
	UC_ARM64_REG_X20, UC_ARM64_REG_X21, UC_ARM64_REG_X22, UC_ARM64_REG_X23,
	UC_ARM64_REG_X24, UC_ARM64_REG_X25, UC_ARM64_REG_X26, UC_ARM64_REG_X27,
	UC_ARM64_REG_X28, UC_ARM64_REG_X29, UC_ARM64_REG_X30,
};

/* regs[31] is the current SP. */
void uc_read_gprs(struct engine_vcpu *ev, uint64_t regs[32])
{
	for (int i = 0; i < 31; i++)
		uc_reg_read(ev->uc, gpr_ids[i], &regs[i]);
	uc_reg_read(ev->uc, UC_ARM64_REG_SP, &regs[31]);
}

void uc_write_gprs(struct engine_vcpu *ev, const uint64_t regs[32])
{
	for (int i = 0; i < 31; i++)
		uc_reg_write(ev->uc, gpr_ids[i], &regs[i]);
	uc_reg_write(ev->uc, UC_ARM64_REG_SP, &regs[31]);
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

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *u)
{
	struct engine_vcpu *ev = u;

	ev->block_pc = addr; /* the MMIO callbacks' PC is stale */
	if (ev->exc_redirect && uc_exc_redirect(ev, addr))
		return;
	if (ev->mabort.pending || ev->inject_failed || ev->unwinding ||
	    atomic_load_explicit(&ev->flush_pending, memory_order_relaxed)) {
		ev->stop_loop = true; /* flushes: at the loop top */
		uc_emu_stop(uc);
		return;
	}
	/* A kick: back to the run loop, resumed here at the next entry. */
	if (atomic_load_explicit(&ev->kick, memory_order_relaxed))
		uc_exit_to_core(ev, &(struct engine_exit){
					    .kind = ENGINE_EXIT_KICK });
	/* Lines the core changed since uc_emu_start: QEMU notices a newly
	 * raised HCR_EL2.VI/VF only when it re-enters its execution loop
	 * (measured: a write from a hook is not taken while blocks chain),
	 * so stop here, before this block runs, and start again with them. */
	if (!ev->exc_redirect && (HCR_BASE | ev->lines) != ev->hcr) {
		ev->stop_loop = true;
		uc_emu_stop(uc);
		return;
	}
	if (atomic_load_explicit(&ev->evm->waiters, memory_order_relaxed) &&
	    should_yield(ev, addr))
		yield_token(ev);
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *u)
{
	uc_handle_intr(u, intno);
}

/* Does the CPU model know this register (ENGINE-NOTES: known registers
 * must not have PC advanced by the hook), and does the core emulate it?
 * The answers never change once the VM exists, so they are cached per vCPU,
 * direct-mapped by encoding: the lookups would otherwise run on every MRS
 * and MSR the guest executes. */
static struct sysreg_known *sysreg_info(struct engine_vcpu *ev, uint32_t enc)
{
	struct sysreg_known *k = &ev->known[enc % UC_KNOWN_CACHE];
	uint64_t dummy;

	if (k->enc != enc + 1) {
		k->enc = enc + 1; /* +1: 0 marks an empty slot */
		k->traps = core_sysreg_traps(ev->v, enc);
		/* Asked of the model only for registers the core emulates:
		 * reading some of its others asserts in 2.0.1 (raw_read). */
		k->known = k->traps && uc_read_sysreg(ev, enc, &dummy) == 0;
	}
	return k;
}

static bool model_knows(struct engine_vcpu *ev, uint32_t enc)
{
	return sysreg_info(ev, enc)->known;
}

/* The trap configuration: the core says which registers it emulates. */
static bool sysreg_traps(struct engine_vcpu *ev, uint32_t enc)
{
	return sysreg_info(ev, enc)->traps;
}

/*
 * Arm ARM D17.2.37, ISS for EC 0x18 (trapped MSR/MRS/System instruction):
 * Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0] (1 = read, MRS).
 */
static uint32_t sysreg_trap_iss(const uc_arm64_cp_reg *cp, uc_arm64_reg reg,
				bool is_write)
{
	uint32_t rt = 31; /* XZR */

	if (reg >= UC_ARM64_REG_X0 && reg <= UC_ARM64_REG_X28)
		rt = reg - UC_ARM64_REG_X0;
	else if (reg == UC_ARM64_REG_X29)
		rt = 29;
	else if (reg == UC_ARM64_REG_X30)
		rt = 30;
	return (cp->op0 & 3) << 20 | (cp->op2 & 7) << 17 |
	       (cp->op1 & 7) << 14 | (cp->crn & 15) << 10 | rt << 5 |
	       (cp->crm & 15) << 1 | (is_write ? 0 : 1);
}

static uint32_t hook_sysreg(uc_engine *uc, uc_arm64_reg reg,
			    const uc_arm64_cp_reg *cp, bool is_write,
			    struct engine_vcpu *ev)
{
	uint32_t enc = SYSREG_ENC(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2);
	struct engine_exit e = { .kind = ENGINE_EXIT_SYSREG };
	const struct engine_entry *in;
	uint64_t val, pc;

	if (!sysreg_traps(ev, enc))
		return 0; /* the model's own register, or UNDEFINED */
	e.sysreg.enc = enc;
	e.sysreg.is_write = is_write;
	e.sysreg.el = uc_current_el(ev);
	e.sysreg.val = cp->val;
	in = uc_exit_to_core(ev, &e);
	if (ev->unwinding)
		return 1;
	val = in->val;
	if (in->result == ENGINE_MODEL)
		return 0;
	uc_reg_read(uc, UC_ARM64_REG_PC, &pc);
	if (in->result == ENGINE_TRAP_EL1) {
		/* A configurable trap to EL1 (e.g. CNTKCTL_EL1 forbidding an
		 * EL0 timer access): EC 0x18 with the access in the ISS.
		 * Entering it from here fails for an MRS (the rest of the
		 * block runs on, overwriting PC), so let the model fault on
		 * the instruction itself (its own CNTKCTL_EL1 stays 0: the
		 * core owns the guest's) and give that EXCP_UDEF this
		 * syndrome (uc_handle_intr). */
		ev->sys_trap = true;
		ev->sys_trap_iss = sysreg_trap_iss(cp, reg, is_write);
		ev->sys_trap_pc = pc;
		return 0;
	}
	if (in->result != ENGINE_DONE) {
		/* Arm ARM D1.10.4: an access the configuration forbids is
		 * UNDEFINED: EC 0, ELR = the instruction. */
		uc_inject_sync(ev, EC_UNKNOWN, 0, pc, false, 0);
		return 1;
	}
	if (!is_write && reg != UC_ARM64_REG_XZR)
		uc_reg_write(uc, reg, &val);
	if (!model_knows(ev, enc)) {
		pc += 4;
		uc_reg_write(uc, UC_ARM64_REG_PC, &pc);
	}
	return 1;
}

static uint32_t hook_mrs(uc_engine *uc, uc_arm64_reg reg,
			 const uc_arm64_cp_reg *cp, void *u)
{
	return hook_sysreg(uc, reg, cp, false, u);
}

static uint32_t hook_msr(uc_engine *uc, uc_arm64_reg reg,
			 const uc_arm64_cp_reg *cp, void *u)
{
	return hook_sysreg(uc, reg, cp, true, u);
}

/* Ask every other vCPU of the VM to flush before it next runs. */
static void broadcast_flush(struct engine_vcpu *ev, uint64_t va, bool all,
			    bool tlb)
{
	struct engine_vm *evm = ev->evm;

	for (unsigned i = 0; i < evm->nr_vcpus; i++) {
		struct engine_vcpu *o = evm->vcpus[i];

		if (o == ev)
			continue;
		pthread_mutex_lock(&evm->token_lock);
		if (tlb) {
			o->flush_tlb = true;
		} else if (all || o->nr_ic_ranges == UC_MAX_IC_RANGES) {
			o->flush_all_code = true;
		} else {
			o->ic_ranges[o->nr_ic_ranges++] = va;
		}
		atomic_store(&o->flush_pending, true);
		pthread_mutex_unlock(&evm->token_lock);
	}
}

/*
 * ENGINE-NOTES: maintenance on one instance does not reach the others.
 * IC IVAU/IALLU(IS): the other vCPUs drop the translated code (a cache
 * line, or all of it) before they next run; TLBI ...IS: they drop their
 * TLB.  The instruction itself still runs on this instance (return 0).
 */
static uint32_t hook_sys(uc_engine *uc, uc_arm64_reg reg,
			 const uc_arm64_cp_reg *cp, void *u)
{
	struct engine_vcpu *ev = u;
	uint64_t va = 0;

	if (cp->op0 != 1)
		return 0;
	if (cp->crn == 7 && cp->op1 == 3 && cp->crm == 5 && cp->op2 == 1) {
		uc_reg_read(uc, reg, &va); /* IC IVAU, Xt */
		broadcast_flush(ev, va & ~63ull, false, false);
	} else if (cp->crn == 7 && cp->op1 == 0 && cp->op2 == 0 &&
		   cp->crm == 1) {
		/* IC IALLUIS.  (IC IALLU affects only the issuing PE, Arm ARM
		 * D7.5.9, and QEMU keeps this instance coherent itself.) */
		broadcast_flush(ev, 0, true, false);
	} else if (cp->crn == 8 && cp->op1 == 0 && cp->crm == 3) {
		broadcast_flush(ev, 0, true, true); /* TLBI ...IS */
	}
	return 0;
}

/* Apply what other vCPUs' maintenance asked of this one (token held).
 * Only between two uc_emu_start calls: a TB flush or cache removal from a
 * hook frees code that is running (a crash seen with Linux on 2 vCPUs). */
static void apply_flushes(struct engine_vcpu *ev)
{
	uint64_t sctlr;

	pthread_mutex_lock(&ev->evm->token_lock);
	if (ev->flush_all_code) {
		/* A whole TB flush: Unicorn's name for it is
		 * uc_ctl_flush_tlb.  It touches the 1 GiB code buffer (~1 GiB
		 * RSS and up to seconds per instance in 2.0.1), so only
		 * IALLUIS or an overflow of IVAU lines gets here.  Range
		 * removal is no substitute: it translates only the start
		 * address through the guest's MMU. */
		uc_ctl_flush_tlb(ev->uc);
	} else {
		for (unsigned i = 0; i < ev->nr_ic_ranges; i++)
			uc_ctl_remove_cache(ev->uc, ev->ic_ranges[i],
					    ev->ic_ranges[i] + 64);
	}
	if (ev->flush_tlb &&
	    !uc_read_sysreg(ev, SYSREG_ENC(3, 0, 1, 0, 0), &sctlr))
		uc_write_sysreg(ev, SYSREG_ENC(3, 0, 1, 0, 0), sctlr);
	ev->flush_all_code = ev->flush_tlb = false;
	ev->nr_ic_ranges = 0;
	atomic_store(&ev->flush_pending, false);
	pthread_mutex_unlock(&ev->evm->token_lock);
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr,
			  int size, int64_t value, void *u)
{
	struct engine_vcpu *ev = u;

	ev->unmapped_addr = addr;
	ev->unmapped_write = type == UC_MEM_WRITE_UNMAPPED;
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

/* ---- MMIO: everything outside RAM goes to the core ---- */

static void mmio_access(struct engine_vcpu *ev, uint64_t addr, unsigned size,
			bool is_write, uint64_t *val)
{
	struct engine_exit e = { .kind = ENGINE_EXIT_MMIO };
	const struct engine_entry *in;

	if (ev->mabort.pending || ev->unwinding) {
		*val = 0; /* the block is being abandoned */
		return;
	}
	e.mmio.addr = addr;
	e.mmio.len = size;
	e.mmio.is_write = is_write;
	e.mmio.val = is_write ? *val : 0;
	in = uc_exit_to_core(ev, &e);
	if (ev->unwinding) {
		*val = 0;
		return;
	}
	*val = is_write ? *val : in->val;
	if (in->result == ENGINE_EXT_ABORT) {
		/* Synchronous external abort: the callback cannot raise it,
		 * so remember the pre-access state and resolve at the next
		 * block (uc_resolve_mmio_abort). */
		struct pending_mmio_abort *a = &ev->mabort;

		a->pending = true;
		a->addr = addr;
		a->len = size;
		a->is_write = is_write;
		a->tb_pc = ev->block_pc;
		uc_read_gprs(ev, a->regs);
		*val = 0;
	}
}

static uint64_t mmio_read(uc_engine *uc, uint64_t offset, unsigned size,
			  void *u)
{
	struct mmio_gap *g = u;
	uint64_t val = 0;

	mmio_access(g->ev, g->base + offset, size, false, &val);
	return val;
}

static void mmio_write(uc_engine *uc, uint64_t offset, unsigned size,
		       uint64_t value, void *u)
{
	struct mmio_gap *g = u;

	mmio_access(g->ev, g->base + offset, size, true, &value);
}

#define PA_LIMIT (1ull << 48)
#define TOP_VA 0xffff000000000000ull

static int map_gap(struct engine_vcpu *ev, uint64_t base, uint64_t end)
{
	struct mmio_gap *g;

	if (end <= base)
		return 0;
	if (ev->nr_gaps == UC_MAX_GAPS)
		return -ENOSPC;
	g = &ev->gaps[ev->nr_gaps++];
	g->ev = ev;
	g->base = base;
	if (uc_mmio_map(ev->uc, base, end - base, mmio_read, g, mmio_write,
			g) != UC_ERR_OK)
		return -ENOMEM;
	return 0;
}

static int map_guest_space(struct engine_vcpu *ev)
{
	struct engine_vm *evm = ev->evm;
	struct memslot s[UC_MAX_SLOTS];
	unsigned n = evm->nr_slots;
	uint64_t cursor = 0;
	int ret;

	memcpy(s, evm->slots, sizeof(s));
	/* sort slots by address (few) */
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++)
			if (s[j].gpa < s[i].gpa) {
				struct memslot t = s[i];
				s[i] = s[j];
				s[j] = t;
			}
	for (unsigned i = 0; i < n; i++) {
		if (!s[i].size)
			continue;
		if (uc_mem_map_ptr(ev->uc, s[i].gpa, s[i].size, UC_PROT_ALL,
				   s[i].host) != UC_ERR_OK)
			return -ENOMEM;
		ret = map_gap(ev, cursor, s[i].gpa);
		if (ret)
			return ret;
		cursor = s[i].gpa + s[i].size;
	}
	ret = map_gap(ev, cursor, PA_LIMIT);
	if (ret)
		return ret;
	/* High VAs (TTBR1): Unicorn 2.0.1 looks VAs up in its physical map
	 * (ENGINE-NOTES "VA != PA"); a mapping here lets the guest's own
	 * translation decide. */
	return map_gap(ev, TOP_VA, TOP_VA + (PA_LIMIT - 0x1000));
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
	ret = map_guest_space(ev);
	if (ret)
		goto fail_uc;
	ret = -ENOMEM;
	if (uc_hook_add(ev->uc, &h, UC_HOOK_BLOCK, hook_block, ev, 1, 0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INTR, hook_intr, ev, 1, 0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_MEM_UNMAPPED, hook_unmapped, ev, 1,
			0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_MEM_FETCH_PROT, hook_fetch_prot,
			ev, 1, 0) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INSN, hook_mrs, ev, 1, 0,
			UC_ARM64_INS_MRS) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INSN, hook_msr, ev, 1, 0,
			UC_ARM64_INS_MSR) ||
	    uc_hook_add(ev->uc, &h, UC_HOOK_INSN, hook_sys, ev, 1, 0,
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
	uint64_t zero = 0, sctlr;
	uint32_t ps = PSTATE_DAIF | PSTATE_EL1H;

	unwind_fiber(ev, false); /* out of uc_emu_start if parked in it */
	/* The state saved at creation is the architectural reset state of
	 * the model; restore it whole, then rewrite SCTLR_EL1 so that QEMU
	 * flushes its TLB (the MMU may have been on before CPU_OFF). */
	uc_context_restore(ev->uc, ev->reset_ctx);
	for (int i = 0; i < 31; i++)
		uc_reg_write(ev->uc, gpr_ids[i], &zero);
	uc_reg_write(ev->uc, UC_ARM64_REG_X0, &x0);
	uc_reg_write(ev->uc, UC_ARM64_REG_PC, &pc);
	uc_reg_write(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	if (!uc_read_sysreg(ev, SYSREG_ENC(3, 0, 1, 0, 0), &sctlr))
		uc_write_sysreg(ev, SYSREG_ENC(3, 0, 1, 0, 0), sctlr);
	ev->hcr = 0;
	uc_set_hcr(ev, HCR_BASE);
	memset(&ev->exc, 0, sizeof(ev->exc));
	ev->exc_redirect = false;
	memset(&ev->mabort, 0, sizeof(ev->mabort));
	/* No TB flush: translated blocks are keyed by PC, physical page and
	 * the CPU flags, so none goes stale across a reset (and a flush
	 * costs up to seconds in 2.0.1). */
}

uint32_t engine_pstate(struct engine_vcpu *ev)
{
	uint32_t ps = 0;

	uc_reg_read(ev->uc, UC_ARM64_REG_PSTATE, &ps);
	return ps;
}

/* ---- running: the guest fiber ---- */

/*
 * Hand an exit to the core and wait, on the fiber, for the next entry;
 * returns that entry (the core's answer and the lines), after applying the
 * lines.  Called from the fiber only (its main loop and the hooks).
 */
const struct engine_entry *uc_exit_to_core(struct engine_vcpu *ev,
					   const struct engine_exit *e)
{
	*ev->out = *e;
	uc_fiber_yield(&ev->fiber);
	/* Resumed by engine_vcpu_enter (or by an unwind).  New lines are
	 * applied at the next block (hook_block). */
	return ev->in;
}

/*
 * The fiber: uc_emu_start again and again.  Exits taken inside hooks
 * (sysreg, MMIO, kicks) return into the hook; those that end emulation
 * (WFI, HVC/SMC, an abort to enter, an engine error) are handed over here
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
		ev->stop_loop = ev->stop_hvc = ev->stop_smc = false;
		if (atomic_load(&ev->flush_pending))
			apply_flushes(ev);
		/* While an EL0 exception waits at its vector, HCR holds VF
		 * alone (uc_exception.c); the redirect restores the lines. */
		if (!ev->exc_redirect)
			uc_set_hcr(ev, HCR_BASE | ev->lines);
		uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
		ev->in_emu = true;
		err = uc_emu_start(ev->uc, pc, UNTIL_NEVER, 0, 0);
		ev->in_emu = false;
		if (ev->unwinding)
			break;
		if (err != UC_ERR_OK) {
			if (!uc_handle_emu_error(ev, err))
				continue;
			uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
			e = (struct engine_exit){ .kind = ENGINE_EXIT_ERROR,
						  .code = err,
						  .pc = pc };
		} else if (ev->mabort.pending) {
			uc_resolve_mmio_abort(ev);
			continue;
		} else if (ev->inject_failed) {
			ev->inject_failed = false;
			uc_reg_read(ev->uc, UC_ARM64_REG_PC, &pc);
			e = (struct engine_exit){ .kind = ENGINE_EXIT_ERROR,
						  .code = UC_ERR_EXCEPTION,
						  .pc = pc };
		} else if (ev->stop_hvc || ev->stop_smc) {
			e.kind = ev->stop_hvc ? ENGINE_EXIT_HVC
					      : ENGINE_EXIT_SMC;
			e.code = ev->hvc_imm;
		} else if (ev->stop_loop) {
			continue;
		}
		uc_exit_to_core(ev, &e);
	}
}

int engine_vcpu_enter(struct engine_vcpu *ev, const struct engine_entry *in,
		      struct engine_exit *exit)
{
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
