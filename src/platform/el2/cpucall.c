// SPDX-License-Identifier: MIT
/*
 * Cross-pCPU calls (cpucall.h).  One mailbox per target, one call at a
 * time per target (callers queue on the mailbox lock).  A caller waiting
 * for its call keeps handling its own interrupts, so two pCPUs calling
 * each other at once both make progress.
 */
#include <stdatomic.h>
#include <stddef.h>

#include "engine/el2/gic.h"
#include "engine/el2/irq.h"
#include "platform/el2/cpucall.h"
#include "platform/el2/percpu.h"
#include "platform/el2/spinlock.h"

static struct mailbox {
	el2_spinlock lock; /* one caller at a time */
	void (*fn)(void *arg);
	void *arg;
	_Atomic unsigned posted, done;
} mailboxes[EL2_MAX_CPUS];

void el2_cpu_call(unsigned pcpu, void (*fn)(void *arg), void *arg)
{
	struct mailbox *mb = &mailboxes[pcpu];
	unsigned seq;

	if (pcpu == this_cpu_index()) {
		fn(arg);
		return;
	}
	el2_spin_lock(&mb->lock);
	mb->fn = fn;
	mb->arg = arg;
	seq = atomic_load(&mb->done) + 1;
	atomic_store(&mb->posted, seq);
	el2_gic_send_sgi(pcpu, GIC_SGI_KICK);
	while (atomic_load(&mb->done) != seq) {
		el2_irq_handle();
		cpu_relax();
	}
	el2_spin_unlock(&mb->lock);
}

void el2_cpu_call_run_pending(void)
{
	struct mailbox *mb = &mailboxes[this_cpu_index()];
	unsigned seq = atomic_load(&mb->posted);

	if (seq != atomic_load(&mb->done)) {
		mb->fn(mb->arg);
		atomic_store(&mb->done, seq);
	}
}
