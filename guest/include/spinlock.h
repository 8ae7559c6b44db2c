/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks and atomics.  The lock waits with WFE and is released with
 * STLR + SEV, so a hypervisor that yields the vCPU on WFE (armvisor does)
 * does not burn a host CPU while a lock is held elsewhere.
 * Only valid with the MMU on (exclusives need Normal memory, Arm ARM B2.9.5).
 */
#ifndef GUEST_SPINLOCK_H
#define GUEST_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	volatile uint32_t v;
} spinlock_t;

#define SPINLOCK_INIT                                                          \
	{                                                                      \
		0                                                              \
	}

static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp;

	/* Arm ARM K11.3.1 (the LDAXR/STXR lock with WFE): SEVL makes the first
	 * WFE fall through; later WFEs wake on the releaser's SEV or on the
	 * loss of the exclusive monitor. */
	asm volatile("	sevl\n"
		     "1:	wfe\n"
		     "2:	ldaxr	%w0, [%1]\n"
		     "	cbnz	%w0, 1b\n"
		     "	stxr	%w0, %w2, [%1]\n"
		     "	cbnz	%w0, 2b\n"
		     : "=&r"(tmp)
		     : "r"(&l->v), "r"(1)
		     : "memory");
}

static inline bool spin_trylock(spinlock_t *l)
{
	uint32_t tmp, res;

	asm volatile("	mov	%w1, #1\n"
		     "	ldaxr	%w0, [%2]\n"
		     "	cbnz	%w0, 1f\n"
		     "	stxr	%w1, %w3, [%2]\n"
		     "1:\n"
		     : "=&r"(tmp), "=&r"(res)
		     : "r"(&l->v), "r"(1)
		     : "memory");
	return tmp == 0 && res == 0;
}

static inline void spin_unlock(spinlock_t *l)
{
	asm volatile("stlr wzr, [%0]\n"
		     "sev\n" ::"r"(&l->v)
		     : "memory");
}

/* Sequentially consistent atomics (LDAXR/STLXR with -mno-outline-atomics). */
#define atomic_read(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_set(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define atomic_add_return(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define atomic_inc(p) ((void)__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST))
#define atomic_dec(p) ((void)__atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST))
#define atomic_xchg(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
/* Returns true and stores new if *p == old. */
#define atomic_cmpxchg(p, old, new)                                            \
	({                                                                     \
		__typeof__(*(p)) __old = (old);                                \
		__atomic_compare_exchange_n((p), &__old, (new), false,         \
					    __ATOMIC_SEQ_CST,                  \
					    __ATOMIC_SEQ_CST);                 \
	})

#endif
