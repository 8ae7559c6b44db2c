/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupts at EL2: a handler per SGI/PPI INTID, and the loop that
 * acknowledges and dispatches what is pending.  There is no interrupt
 * context: PSTATE.I stays set at EL2, and el2_irq_handle() runs where the
 * hypervisor chooses -- after a guest exit taken through the IRQ vector
 * (HCR_EL2.IMO = 1) and after each WFI of an idle pCPU (a pending interrupt
 * ends WFI even while masked, Arm ARM D1.16.2 "wake-up events").
 */
#ifndef AV_EL2_IRQ_H
#define AV_EL2_IRQ_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Called with the interrupt acknowledged and its priority dropped.  Return
 * true to deactivate it now; false leaves it active (it cannot be signalled
 * again) until someone calls el2_gic_deactivate(intid) -- the way to hold a
 * level-triggered timer PPI while the guest handles its virtual copy.
 */
typedef bool (*el2_irq_fn)(unsigned intid, void *arg);

/* intid < 32 (SGIs and PPIs: the same handler on every pCPU). */
void el2_irq_register(unsigned intid, el2_irq_fn fn, void *arg);
/* Acknowledge and dispatch every pending interrupt of this pCPU; returns
 * how many were handled. */
unsigned el2_irq_handle(void);

#endif
