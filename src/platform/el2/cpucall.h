/* SPDX-License-Identifier: MIT */
/*
 * Run a function on another pCPU and wait for it: for state that lives in
 * one CPU (a vCPU's EL1 system registers).  The call is posted in the
 * target's mailbox and the target is sent the kick SGI; the target runs it
 * at EL2 when it handles its interrupts (leaving the guest if it was in
 * it), so fn sees that pCPU's registers with the guest not running.
 */
#ifndef AV_EL2_CPUCALL_H
#define AV_EL2_CPUCALL_H

/* Any pCPU; runs fn(arg) directly if pcpu is this one.  Not with a lock
 * held that fn, or anything the target runs meanwhile, may take. */
void el2_cpu_call(unsigned pcpu, void (*fn)(void *arg), void *arg);
/* Run the calls posted to this pCPU (the kick SGI's handler). */
void el2_cpu_call_run_pending(void);

#endif
