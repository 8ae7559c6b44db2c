/* SPDX-License-Identifier: MIT */
/*
 * The EL2 physical timer CNTHP_*_EL2 (Arm ARM D11.2, "the EL2 physical
 * timer"), PPI 26: this pCPU's one-shot deadline source.  It compares
 * CNTHP_CVAL_EL2 with the physical count CNTPCT_EL0 (no offset).
 */
#ifndef AV_EL2_HYPTIMER_H
#define AV_EL2_HYPTIMER_H

#include <stdint.h>

/* This pCPU: timer off, PPI 26 enabled and dispatched to fn, which must
 * re-arm the timer (el2_hyptimer_set: a later CVAL, or 0) before it
 * returns: the level-triggered line drops only then. */
void el2_hyptimer_init_cpu(void (*fn)(void));
/* Fire when CNTPCT_EL0 >= cval (Arm ARM D11.2.4: the condition is
 * CVAL <= count, unsigned); 0 = off. */
void el2_hyptimer_set(uint64_t cval);

#endif
