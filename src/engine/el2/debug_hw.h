/* SPDX-License-Identifier: MIT */
/*
 * Self-hosted debug on the EL2 engine (debug_hw.c): the core's model
 * (src/debug) holds the guest's debug registers, which MDCR_EL2 traps;
 * the engine loads them into the CPU before the guest runs.
 */
#ifndef AV_EL2_DEBUG_HW_H
#define AV_EL2_DEBUG_HW_H

#include <stdint.h>

#include "debug/debug.h"

/* MDSCR_EL1 as the CPU must run it: the guest's, with MDE, KDE and SS
 * clear while the guest's OS lock is locked. */
uint64_t el2_debug_hw_mdscr(const struct debug_regs *d);
/* Own pCPU: the model's breakpoints, watchpoints and MDSCR_EL1 into the
 * CPU (those the CPU has beyond the model's disabled). */
void el2_debug_load(const struct debug_regs *d);

#endif
