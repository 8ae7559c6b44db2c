/* SPDX-License-Identifier: MIT */
/*
 * The lock and condition variable the VMM's device models use, so that one
 * model serves both engines (ARCHITECTURE.md "The guest's devices ... use
 * one implementation for both engines"): POSIX threads in the armvisor
 * program, the EL2 image's spinlocks where that image plays the VMM's role
 * (built with -DAV_EL2_IMAGE).  The image has no threads to block: its
 * condition wait releases the lock and lets others in before re-taking it,
 * which a caller's wait loop turns into polling.
 */
#ifndef VMM_VMM_SYNC_H
#define VMM_VMM_SYNC_H

#ifdef AV_EL2_IMAGE
#include "platform/platform.h"

typedef plat_mutex vmm_mutex;
typedef int vmm_cond;
static inline void vmm_mutex_init(vmm_mutex *m) { plat_mutex_init(m); }
static inline void vmm_mutex_destroy(vmm_mutex *m) { plat_mutex_destroy(m); }
static inline void vmm_mutex_lock(vmm_mutex *m) { plat_mutex_lock(m); }
static inline void vmm_mutex_unlock(vmm_mutex *m) { plat_mutex_unlock(m); }
static inline void vmm_cond_init(vmm_cond *c) { (void)c; }
static inline void vmm_cond_destroy(vmm_cond *c) { (void)c; }
static inline void vmm_cond_wait(vmm_cond *c, vmm_mutex *m)
{
	(void)c;
	plat_mutex_unlock(m);
	plat_yield();
	plat_mutex_lock(m);
}
static inline void vmm_cond_signal(vmm_cond *c) { (void)c; }
static inline void vmm_cond_broadcast(vmm_cond *c) { (void)c; }
#else
#include <pthread.h>

typedef pthread_mutex_t vmm_mutex;
typedef pthread_cond_t vmm_cond;
static inline void vmm_mutex_init(vmm_mutex *m) { pthread_mutex_init(m, NULL); }
static inline void vmm_mutex_destroy(vmm_mutex *m) { pthread_mutex_destroy(m); }
static inline void vmm_mutex_lock(vmm_mutex *m) { pthread_mutex_lock(m); }
static inline void vmm_mutex_unlock(vmm_mutex *m) { pthread_mutex_unlock(m); }
static inline void vmm_cond_init(vmm_cond *c) { pthread_cond_init(c, NULL); }
static inline void vmm_cond_destroy(vmm_cond *c) { pthread_cond_destroy(c); }
static inline void vmm_cond_wait(vmm_cond *c, vmm_mutex *m)
{
	pthread_cond_wait(c, m);
}
static inline void vmm_cond_signal(vmm_cond *c) { pthread_cond_signal(c); }
static inline void vmm_cond_broadcast(vmm_cond *c)
{
	pthread_cond_broadcast(c);
}
#endif

#endif
