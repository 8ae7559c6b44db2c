/* SPDX-License-Identifier: MIT */
/*
 * The null engine's test interface.  The null engine (null_engine.c) runs
 * no guest code: it keeps a register file and returns, from
 * engine_vcpu_enter, the exits a test scripted in advance, so that unit
 * tests link the real core (run loop, requests, kicks, timers, irqchips)
 * and drive it exactly as a CPU would, exit by exit.
 *
 * Each engine_vcpu_enter, on the thread inside av_vcpu_run:
 *   1. records the entry (the lines and the core's answer to the previous
 *      scripted exit, with x0..x3 as they are now);
 *   2. calls the test's hook, if one is set (the vCPU is IN_GUEST_MODE:
 *      what a hook does happens "while the guest runs");
 *   3. returns ENGINE_EXIT_KICK if the vCPU was kicked since the run loop
 *      last cleared kicks (a kick pending at entry exits at once, as an
 *      IPI would); the scripted exits stay queued;
 *   4. otherwise returns the next scripted exit, in the order pushed;
 *   5. with nothing scripted, returns ENGINE_EXIT_ERROR with code
 *      NULL_ENGINE_DRAINED: the run loop reports it as
 *      AV_EXIT_INTERNAL_ERROR / AV_INTERNAL_ERROR_EMULATION with
 *      run->internal.data[0] = NULL_ENGINE_DRAINED, so av_vcpu_run
 *      returns 0 promptly once the script is used up.  (Chosen over an HVC:
 *      the run loop dispatches HVCs by x0, so a reserved HVC could land in
 *      a hypercall range the core owns.)
 *
 * A scripted exit gets a sequence number (from 0, per vCPU, in push order);
 * its answer is the entry that follows it, whatever caused that entry.
 * All functions take the vCPU's public handle and may be called from any
 * thread.
 */
#ifndef AV_ENGINE_NULL_NULL_ENGINE_H
#define AV_ENGINE_NULL_NULL_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"
#include "engine/engine.h"

/* exit.code of the "nothing scripted" ERROR exit ("null" in ASCII). */
#define NULL_ENGINE_DRAINED 0x6e756c6cull

/* Scripted exits queued at once, and answers kept (the latest ones). */
#define NULL_ENGINE_QUEUE 256
#define NULL_ENGINE_ANSWERS 256

/* Queue an exit; returns its sequence number, or -ENOSPC. */
int64_t null_engine_push_exit(av_vcpu *v, const struct engine_exit *e);
/* Queue an HVC #imm (or SMC #imm) taken with x0..x7 = x: the registers are
 * loaded when the exit is returned, as the guest would have set them. */
int64_t null_engine_push_call(av_vcpu *v, bool smc, uint16_t imm,
			      const uint64_t x[8]);

/* The core's answer to scripted exit seq: the entry that followed it. */
struct null_answer {
	struct engine_entry entry; /* result, val, irq, fiq */
	uint64_t x[4];             /* x0..x3 at that entry */
	bool loop_entry;           /* a full run-loop entry, not a fast-loop
				      re-entry (see null_stats) */
};
/* 0; -EAGAIN if not answered yet; -ENOENT if unknown or too old. */
int null_engine_answer(av_vcpu *v, int64_t seq, struct null_answer *a);

/* The most recent entry (false before the first). */
bool null_engine_last_entry(av_vcpu *v, struct engine_entry *e);

struct null_stats {
	unsigned long enters;      /* engine_vcpu_enter calls */
	/* Of those, the first after engine_vcpu_clear_kick: entries from the
	 * run loop's full path (flush, IN_GUEST_MODE, load), as opposed to
	 * re-entries of its fast loop after an exit handled in place. */
	unsigned long loop_enters;
	unsigned long kicks;       /* engine_vcpu_kick calls */
	unsigned long puts;        /* engine_vcpu_put calls */
	unsigned long resets;      /* engine_vcpu_reset calls */
	unsigned queued;           /* scripted exits not yet returned */
};
void null_engine_stats(av_vcpu *v, struct null_stats *s);

/* Called on the vCPU's thread at each entry, after it is recorded and
 * before the next exit is chosen (step 2 above); NULL removes it.  It may
 * push exits, kick, or block (holding the vCPU in guest mode). */
typedef void (*null_hook_fn)(av_vcpu *v, const struct engine_entry *in,
			     void *arg);
void null_engine_set_hook(av_vcpu *v, null_hook_fn fn, void *arg);

/* The ENGINE_CAP_* bits that engine_vm_caps reports for VMs created from
 * now on (0 by default: no CPU, so no GIC CPU interface).  A test that
 * sets them provides what they promise (e.g. a vgic_cpuif_hw_v3 over
 * software "ICH" registers). */
void null_engine_set_caps(unsigned caps);

#endif
