/* SPDX-License-Identifier: MIT */
/*
 * The null engine: the engine interface (engine/engine.h) with no CPU, for
 * unit tests of the real core.  A register file, a kick flag, and exits
 * scripted by the test (null_engine.h describes the behaviour).
 *
 * Built with the core's portability rules: platform.h and freestanding C
 * only.  Locking: ev->lock (a leaf) guards the script, the answers and the
 * hook, which tests touch from any thread; the registers belong to the
 * thread inside av_vcpu_run, as a CPU's do; kick and counters are atomics.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "core/core_engine.h"
#include "engine/engine.h"
#include "engine/null/null_engine.h"
#include "platform/platform.h"

#define NULL_MAX_SLOTS 8
#define NULL_MAX_SYSREGS 64

#define ID_MASK_KIND (~0xffffull)
#define ID_CORE (AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM_CORE)
#define ID_SYSREG (AV_REG_ARM64 | AV_REG_SIZE_U64 | AV_REG_ARM64_SYSREG)

/* EL1h with DAIF masked (Arm ARM D1.6.4 "Reset": PSTATE on reset). */
#define PSTATE_RESET 0x3c5u

struct null_item {
	struct engine_exit exit;
	int64_t seq;
	bool set_x;
	uint64_t x[8];
};

struct null_slot {
	int64_t seq; /* -1: empty */
	struct null_answer a;
};

/* ENGINE_CAP_* for VMs created from now on (null_engine_set_caps). */
static _Atomic unsigned null_caps;

struct engine_vm {
	av_vm *vm;
	unsigned caps;
	struct memslot slots[NULL_MAX_SLOTS];
	unsigned nr_slots;
};

struct engine_vcpu {
	struct engine_vm *evm;
	av_vcpu *v;

	/* registers (the vCPU thread's) */
	uint64_t x[31], sp_el0, sp_el1, pc, elr_el1;
	uint32_t pstate;
	struct {
		uint32_t enc;
		uint64_t val;
	} sysregs[NULL_MAX_SYSREGS];
	unsigned nr_sysregs;
	bool half_done;  /* a SYSREG/MMIO exit waits for its answer */
	bool loop_entry; /* clear_kick came since the last entry */

	plat_mutex lock;
	struct null_item queue[NULL_ENGINE_QUEUE];
	unsigned q_head, q_len;
	int64_t next_seq;
	int64_t awaiting; /* seq of the exit returned last; -1: none */
	struct null_slot answers[NULL_ENGINE_ANSWERS];
	struct engine_entry last;
	bool entered;
	null_hook_fn hook;
	void *hook_arg;

	_Atomic bool kick;
	_Atomic unsigned long enters, loop_enters, kicks, puts, resets;
};

const char *engine_cpu_model(void)
{
	return "null (no CPU: scripted exits)";
}

/* ---- VM and vCPU ---- */

int engine_vm_create(av_vm *vm, struct engine_vm **out)
{
	struct engine_vm *evm = plat_zalloc(sizeof(*evm));

	if (!evm)
		return -ENOMEM;
	evm->vm = vm;
	evm->caps = atomic_load(&null_caps);
	*out = evm;
	return 0;
}

unsigned engine_vm_caps(struct engine_vm *evm)
{
	return evm->caps;
}

/* No CPU retires instructions: the PMU's instruction count stays 0 and
 * its alarm never fires. */
uint64_t engine_vcpu_insns(struct engine_vcpu *ev)
{
	return 0;
}

void engine_vcpu_set_insn_alarm(struct engine_vcpu *ev, uint64_t at)
{
}

/* No CPU, so no timer runs in one: every timer is emulated. */
const struct timer_hw_ops *engine_timer_hw(struct engine_vcpu *ev)
{
	return NULL;
}

void null_engine_set_caps(unsigned caps)
{
	atomic_store(&null_caps, caps);
}

void engine_vm_destroy(struct engine_vm *evm)
{
	plat_free(evm);
}

int engine_vm_set_memslots(struct engine_vm *evm, const struct memslot *s,
			   unsigned n)
{
	if (n > NULL_MAX_SLOTS)
		return -ENOSPC;
	memcpy(evm->slots, s, n * sizeof(*s));
	evm->nr_slots = n;
	return 0;
}

int engine_vcpu_create(struct engine_vm *evm, av_vcpu *v,
		       struct engine_vcpu **out)
{
	struct engine_vcpu *ev = plat_zalloc(sizeof(*ev));

	if (!ev)
		return -ENOMEM;
	ev->evm = evm;
	ev->v = v;
	ev->awaiting = -1;
	ev->pstate = PSTATE_RESET;
	for (unsigned i = 0; i < NULL_ENGINE_ANSWERS; i++)
		ev->answers[i].seq = -1;
	plat_mutex_init(&ev->lock);
	*out = ev;
	return 0;
}

void engine_vcpu_destroy(struct engine_vcpu *ev)
{
	if (!ev)
		return;
	plat_mutex_destroy(&ev->lock);
	plat_free(ev);
}

void engine_vcpu_reset(struct engine_vcpu *ev, uint64_t pc, uint64_t x0)
{
	memset(ev->x, 0, sizeof(ev->x));
	ev->x[0] = x0;
	ev->pc = pc;
	ev->sp_el0 = ev->sp_el1 = ev->elr_el1 = 0;
	ev->pstate = PSTATE_RESET;
	ev->nr_sysregs = 0; /* every system register back to its reset 0 */
	ev->half_done = false;
	plat_mutex_lock(&ev->lock);
	ev->awaiting = -1; /* an exit left half done is dropped */
	plat_mutex_unlock(&ev->lock);
	atomic_fetch_add(&ev->resets, 1);
}

uint32_t engine_pstate(struct engine_vcpu *ev)
{
	return ev->pstate;
}

/* ---- registers ---- */

static uint64_t *core_reg(struct engine_vcpu *ev, uint64_t word)
{
	if (word < 62 && !(word & 1))
		return &ev->x[word / 2];
	switch (word) {
	case 62:
		return &ev->sp_el0; /* KVM regs.sp is SP_EL0 */
	case 64:
		return &ev->pc;
	case 68:
		return &ev->sp_el1;
	case 70:
		return &ev->elr_el1;
	default:
		return NULL;
	}
}

static int sysreg_slot(struct engine_vcpu *ev, uint32_t enc, bool add)
{
	for (unsigned i = 0; i < ev->nr_sysregs; i++)
		if (ev->sysregs[i].enc == enc)
			return (int)i;
	if (!add)
		return -ENOENT;
	if (ev->nr_sysregs == NULL_MAX_SYSREGS)
		return -ENOSPC;
	ev->sysregs[ev->nr_sysregs].enc = enc;
	ev->sysregs[ev->nr_sysregs].val = 0;
	return (int)ev->nr_sysregs++;
}

int engine_get_reg(struct engine_vcpu *ev, uint64_t id, uint64_t *val)
{
	if ((id & ID_MASK_KIND) == ID_CORE) {
		uint64_t *r = core_reg(ev, id & 0xffff);

		if ((id & 0xffff) == 66) {
			*val = ev->pstate;
			return 0;
		}
		if (!r)
			return -ENOENT;
		*val = *r;
		return 0;
	}
	if ((id & ID_MASK_KIND) == ID_SYSREG) {
		int i = sysreg_slot(ev, (uint32_t)(id & 0xffff), false);

		/* Any system register exists and resets to 0. */
		*val = i < 0 ? 0 : ev->sysregs[i].val;
		return 0;
	}
	return -ENOENT;
}

int engine_set_reg(struct engine_vcpu *ev, uint64_t id, uint64_t val)
{
	if ((id & ID_MASK_KIND) == ID_CORE) {
		uint64_t word = id & 0xffff;
		uint64_t *r = core_reg(ev, word);

		/* engine.h: PC and PSTATE belong to the instruction an
		 * unanswered exit left half done. */
		if ((word == 64 || word == 66) && ev->half_done)
			return -EBUSY;
		if (word == 66) {
			ev->pstate = (uint32_t)val;
			return 0;
		}
		if (!r)
			return -ENOENT;
		*r = val;
		return 0;
	}
	if ((id & ID_MASK_KIND) == ID_SYSREG) {
		int i = sysreg_slot(ev, (uint32_t)(id & 0xffff), true);

		if (i < 0)
			return i;
		ev->sysregs[i].val = val;
		return 0;
	}
	return -ENOENT;
}

/* ---- kicks ---- */

void engine_vcpu_kick(struct engine_vcpu *ev)
{
	atomic_store(&ev->kick, true);
	atomic_fetch_add(&ev->kicks, 1);
}

void engine_vcpu_clear_kick(struct engine_vcpu *ev)
{
	atomic_store(&ev->kick, false);
	ev->loop_entry = true;
}

bool engine_vcpu_idle_loaded(struct engine_vcpu *ev)
{
	(void)ev;
	return false;
}

void engine_vcpu_put(struct engine_vcpu *ev)
{
	atomic_fetch_add(&ev->puts, 1);
}

/* ---- running ---- */

static void record_entry(struct engine_vcpu *ev, const struct engine_entry *in)
{
	plat_mutex_lock(&ev->lock);
	ev->last = *in;
	ev->entered = true;
	if (ev->awaiting >= 0) {
		struct null_slot *s =
			&ev->answers[ev->awaiting % NULL_ENGINE_ANSWERS];

		s->seq = ev->awaiting;
		s->a.entry = *in;
		memcpy(s->a.x, ev->x, sizeof(s->a.x));
		s->a.loop_entry = ev->loop_entry;
		ev->awaiting = -1;
	}
	plat_mutex_unlock(&ev->lock);
	atomic_fetch_add(&ev->enters, 1);
	if (ev->loop_entry)
		atomic_fetch_add(&ev->loop_enters, 1);
	ev->loop_entry = false;
	ev->half_done = false;
}

/* The next scripted exit, or the DRAINED error. */
static void next_exit(struct engine_vcpu *ev, struct engine_exit *exit)
{
	struct null_item it;

	plat_mutex_lock(&ev->lock);
	if (!ev->q_len) {
		plat_mutex_unlock(&ev->lock);
		*exit = (struct engine_exit){ .kind = ENGINE_EXIT_ERROR,
					      .code = NULL_ENGINE_DRAINED,
					      .pc = ev->pc };
		return;
	}
	it = ev->queue[ev->q_head];
	ev->q_head = (ev->q_head + 1) % NULL_ENGINE_QUEUE;
	ev->q_len--;
	ev->awaiting = it.seq;
	plat_mutex_unlock(&ev->lock);
	if (it.set_x)
		memcpy(ev->x, it.x, sizeof(it.x));
	*exit = it.exit;
	ev->half_done = exit->kind == ENGINE_EXIT_SYSREG ||
			exit->kind == ENGINE_EXIT_MMIO;
}

int engine_vcpu_enter(struct engine_vcpu *ev, const struct engine_entry *in,
		      struct engine_exit *exit)
{
	null_hook_fn hook;
	void *arg;

	record_entry(ev, in);
	plat_mutex_lock(&ev->lock);
	hook = ev->hook;
	arg = ev->hook_arg;
	plat_mutex_unlock(&ev->lock);
	if (hook)
		hook(ev->v, in, arg);
	if (atomic_load(&ev->kick)) {
		*exit = (struct engine_exit){ .kind = ENGINE_EXIT_KICK };
		return 0;
	}
	next_exit(ev, exit);
	return 0;
}

/* ---- the test interface (null_engine.h) ---- */

static int64_t push(struct engine_vcpu *ev, const struct null_item *it)
{
	int64_t seq;

	plat_mutex_lock(&ev->lock);
	if (ev->q_len == NULL_ENGINE_QUEUE) {
		plat_mutex_unlock(&ev->lock);
		return -ENOSPC;
	}
	seq = ev->next_seq++;
	ev->queue[(ev->q_head + ev->q_len) % NULL_ENGINE_QUEUE] = *it;
	ev->queue[(ev->q_head + ev->q_len) % NULL_ENGINE_QUEUE].seq = seq;
	ev->q_len++;
	plat_mutex_unlock(&ev->lock);
	return seq;
}

int64_t null_engine_push_exit(av_vcpu *v, const struct engine_exit *e)
{
	struct engine_vcpu *ev = core_vcpu_engine(v);
	struct null_item it = { .exit = *e };

	return ev ? push(ev, &it) : -EINVAL;
}

int64_t null_engine_push_call(av_vcpu *v, bool smc, uint16_t imm,
			      const uint64_t x[8])
{
	struct engine_vcpu *ev = core_vcpu_engine(v);
	struct null_item it = { .set_x = true };

	if (!ev)
		return -EINVAL;
	it.exit.kind = smc ? ENGINE_EXIT_SMC : ENGINE_EXIT_HVC;
	it.exit.code = imm;
	memcpy(it.x, x, sizeof(it.x));
	return push(ev, &it);
}

int null_engine_answer(av_vcpu *v, int64_t seq, struct null_answer *a)
{
	struct engine_vcpu *ev = core_vcpu_engine(v);
	int ret = -ENOENT;

	if (!ev || seq < 0)
		return -ENOENT;
	plat_mutex_lock(&ev->lock);
	if (ev->answers[seq % NULL_ENGINE_ANSWERS].seq == seq) {
		*a = ev->answers[seq % NULL_ENGINE_ANSWERS].a;
		ret = 0;
	} else if (seq < ev->next_seq &&
		   seq + NULL_ENGINE_ANSWERS > ev->next_seq) {
		ret = -EAGAIN; /* queued or returned, not answered yet */
	}
	plat_mutex_unlock(&ev->lock);
	return ret;
}

bool null_engine_last_entry(av_vcpu *v, struct engine_entry *e)
{
	struct engine_vcpu *ev = core_vcpu_engine(v);
	bool entered;

	if (!ev)
		return false;
	plat_mutex_lock(&ev->lock);
	entered = ev->entered;
	*e = ev->last;
	plat_mutex_unlock(&ev->lock);
	return entered;
}

void null_engine_stats(av_vcpu *v, struct null_stats *s)
{
	struct engine_vcpu *ev = core_vcpu_engine(v);

	memset(s, 0, sizeof(*s));
	if (!ev)
		return;
	s->enters = atomic_load(&ev->enters);
	s->loop_enters = atomic_load(&ev->loop_enters);
	s->kicks = atomic_load(&ev->kicks);
	s->puts = atomic_load(&ev->puts);
	s->resets = atomic_load(&ev->resets);
	plat_mutex_lock(&ev->lock);
	s->queued = ev->q_len;
	plat_mutex_unlock(&ev->lock);
}

void null_engine_set_hook(av_vcpu *v, null_hook_fn fn, void *arg)
{
	struct engine_vcpu *ev = core_vcpu_engine(v);

	if (!ev)
		return;
	plat_mutex_lock(&ev->lock);
	ev->hook = fn;
	ev->hook_arg = arg;
	plat_mutex_unlock(&ev->lock);
}
