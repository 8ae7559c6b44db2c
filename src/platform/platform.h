/* SPDX-License-Identifier: MIT */
/*
 * The host services that src/core, src/timer and src/irqchip may use
 * (ARCHITECTURE.md: the only file set that changes for a bare-metal EL2
 * build).  POSIX implementation in platform_posix.c.
 */
#ifndef AV_PLATFORM_PLATFORM_H
#define AV_PLATFORM_PLATFORM_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- allocation ---- */
void *plat_zalloc(size_t size);
void plat_free(void *p);

/* ---- locks ---- */
typedef struct plat_mutex {
	_Alignas(16) unsigned char opaque[64];
} plat_mutex;
void plat_mutex_init(plat_mutex *m);
void plat_mutex_destroy(plat_mutex *m);
void plat_mutex_lock(plat_mutex *m);
void plat_mutex_unlock(plat_mutex *m);
/* Debug builds (no NDEBUG): a lock records its owner, and this stops the
 * program with a message unless the calling thread (pCPU at EL2) holds m.
 * The lock order it helps keep is in docs/architecture.md "Threads and
 * locks".  Release builds (-DNDEBUG): nothing. */
#ifndef NDEBUG
void plat_mutex_check_held(plat_mutex *m, const char *what);
#define plat_mutex_assert_held(m) plat_mutex_check_held((m), #m)
#else
#define plat_mutex_assert_held(m) ((void)(m))
#endif

/* ---- a wait/wake event (one waiter at a time; wakes are not lost) ---- */
typedef struct plat_event {
	_Alignas(16) unsigned char opaque[128];
} plat_event;
void plat_event_init(plat_event *e);
void plat_event_destroy(plat_event *e);
/* Sleep until plat_event_signal was called since the last wait returned,
 * or until the monotonic time deadline_ns (0 = no deadline).  Returns true if
 * signalled. */
bool plat_event_wait(plat_event *e, uint64_t deadline_ns);
void plat_event_signal(plat_event *e);

/* ---- time ---- */
uint64_t plat_monotonic_ns(void);
/* The plat_monotonic_ns() at which a new VM's counter reads 0.  The host
 * tool: the VM's creation (counters start at 0, as KVM makes them).  The
 * EL2 image, which runs one VM on the hardware counter: 0, so the guest's
 * counters are the hardware's and CNTVOFF_EL2 is just the context's
 * offset (QEMU 7.2 also mis-schedules a virtual timer whose CVAL + CNTVOFF
 * wraps, which a zero offset avoids for any CVAL). */
uint64_t plat_vm_counter_epoch_ns(void);
/* Ticks of a counter at freq Hz counting from monotonic time 0: exactly
 * counter_ns_to_ticks(plat_monotonic_ns(), freq) (timer/counter.h).  The
 * EL2 image reads CNTPCT_EL0 itself when freq is its frequency (no
 * 128-bit division on the path of every timer evaluation). */
uint64_t plat_counter_ticks(uint64_t freq);
/* A busy wait's step (halt polling, core/run.c): where interrupts are
 * taken by polling (the EL2 image runs with them masked), take pending
 * ones now, so that their handlers make the requests polled for. */
void plat_poll_interrupts(void);

/* ---- one-shot host timers: fn runs on a host timer thread ---- */
typedef struct plat_timer plat_timer;
plat_timer *plat_timer_create(void (*fn)(void *arg), void *arg);
/* Arm (or re-arm) for the absolute monotonic time deadline_ns. */
void plat_timer_arm(plat_timer *t, uint64_t deadline_ns);
void plat_timer_cancel(plat_timer *t);
/* Cancel and wait until a running callback has finished. */
void plat_timer_destroy(plat_timer *t);

/* ---- threads (the vCPU worker; see core/run.c) ---- */
typedef struct plat_thread plat_thread;
plat_thread *plat_thread_create(void (*fn)(void *arg), void *arg);
void plat_thread_join(plat_thread *t);

/* Let another thread run (used while waiting for a vCPU to leave guest mode). */
void plat_yield(void);

/* ---- logging ---- */
void plat_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
