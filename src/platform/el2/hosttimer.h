/* SPDX-License-Identifier: MIT */
/*
 * One-shot host timers and waits on the EL2 image (platform.h plat_timer_*
 * and plat_event_*), on top of the per-pCPU timer lists (timerq.h) and the
 * EL2 physical timer (engine/el2/hyptimer.h).
 */
#ifndef AV_EL2_HOSTTIMER_H
#define AV_EL2_HOSTTIMER_H

#include <stdbool.h>
#include <stdint.h>

/* This pCPU: take the CNTHP interrupt for the timer lists. */
void el2_timers_init_cpu(void);
/* Run this pCPU's due callbacks, then re-arm CNTHP for what is left and
 * for a wait in progress (the CNTHP interrupt handler). */
void el2_timers_expire(void);
/* Re-arm CNTHP: min(earliest timer here, this pCPU's wait deadline). */
void el2_timers_reprogram(void);

/*
 * Idle this pCPU until an interrupt has been handled or deadline_ns (0 =
 * none) has passed: WFI, then dispatch what is pending.  The caller
 * re-checks its condition; returns false once the deadline has passed.
 */
bool el2_idle_until(uint64_t deadline_ns);

/*
 * A wake-up timer the engine can lend an idle wait instead of CNTHP
 * (engine_el2.c): arm it for deadline_ns and return true, or return false
 * (then CNTHP serves the wait).  Disarmed after the wait.
 */
bool el2_wait_timer_arm(uint64_t deadline_ns);
void el2_wait_timer_disarm(void);

#endif
