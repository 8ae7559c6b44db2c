/* SPDX-License-Identifier: MIT */
/*
 * Spinlock of the EL2 image: test-and-test-and-set.  C11 atomics; built for
 * plain Armv8.0 (-mno-outline-atomics) they are LDAXR/STXR loops (Arm ARM
 * B2.9: exclusives need Normal cacheable memory, so take no lock before the
 * MMU is on).  Waiters wait with WFE; the releasing pCPU's DSB + SEV wakes
 * them (Arm ARM D1.16.1, the Event register).
 * Not a ticket lock: under QEMU's TCG with more vCPUs than host CPUs, a
 * FIFO hand-over to a descheduled vCPU stalls every other one (measured,
 * 8 pCPUs on a 2-CPU host, all contending: about 750 acquisitions per
 * second with a ticket lock, over 100000 per second with this one).
 * Interrupts are never taken at EL2 (PSTATE.I stays set; see el2/irq.h), so
 * a lock holder cannot be interrupted into code that takes the same lock.
 */
#ifndef AV_EL2_SPINLOCK_H
#define AV_EL2_SPINLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "platform/el2/arch.h"

typedef struct el2_spinlock {
	_Atomic uint32_t locked;
} el2_spinlock;

#define EL2_SPINLOCK_INIT { 0 }

static inline void el2_spin_init(el2_spinlock *l)
{
	atomic_store_explicit(&l->locked, 0, memory_order_relaxed);
}

static inline bool el2_spin_trylock(el2_spinlock *l)
{
	return !atomic_load_explicit(&l->locked, memory_order_relaxed) &&
	       !atomic_exchange_explicit(&l->locked, 1, memory_order_acquire);
}

static inline void el2_spin_lock(el2_spinlock *l)
{
	while (!el2_spin_trylock(l)) {
		while (atomic_load_explicit(&l->locked, memory_order_relaxed))
			wfe();
	}
}

static inline void el2_spin_unlock(el2_spinlock *l)
{
	atomic_store_explicit(&l->locked, 0, memory_order_release);
	dsb(ish);
	sev();
}

static inline bool el2_spin_is_locked(el2_spinlock *l)
{
	return atomic_load_explicit(&l->locked, memory_order_relaxed);
}

#endif
