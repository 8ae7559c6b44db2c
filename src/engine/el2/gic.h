/* SPDX-License-Identifier: MIT */
/*
 * The physical GIC as the hypervisor uses it for its own interrupts: SGIs
 * (kicks between pCPUs), the EL2 physical timer PPI 26, the EL1 virtual
 * timer PPI 27 and the maintenance PPI 25.  One interface, two drivers:
 * gicv3.c (distributor + redistributors, ICC_* system registers at EL2) and
 * gicv2.c (GICD + GICC MMIO).  Both run with EOImode = 1: a write to EOIR
 * only drops the running priority, a separate deactivation (DIR) ends the
 * interrupt, so a handler can leave an interrupt active (GICv3 spec
 * 12.2.x ICC_CTLR_EL1.EOImode; GICv2 spec 4.4.1 GICC_CTLR.EOImode).
 *
 * Interrupts are never taken at EL2 (PSTATE.I stays set there): they arrive
 * as guest exits (HCR_EL2.IMO = 1) or wake a WFI, and el2_irq_handle()
 * (irq.c) acknowledges and dispatches whatever is pending.
 */
#ifndef AV_EL2_GIC_H
#define AV_EL2_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/el2_manifest.h"

#define GIC_INTID_SPURIOUS 1023
#define GIC_PRIO_HYP 0xa0 /* every interrupt the hypervisor enables */

/* PPIs of the Arm Base System Architecture / QEMU virt (INTIDs). */
#define GIC_PPI_MAINTENANCE 25
#define GIC_PPI_HYP_TIMER 26  /* CNTHP, EL2 physical timer */
#define GIC_PPI_VIRT_TIMER 27 /* CNTV, EL1 virtual timer */
#define GIC_PPI_PHYS_TIMER 30 /* CNTP, EL1 physical timer */

/* SGIs the hypervisor uses. */
#define GIC_SGI_KICK 0

struct el2_gic_ops {
	const char *name;
	int (*init_dist)(const struct av_el2_platform *p);
	int (*init_cpu)(const struct av_el2_platform *p);
	void (*enable)(unsigned intid, bool on);
	void (*set_priority)(unsigned intid, uint8_t prio);
	uint32_t (*ack)(void);
	void (*eoi)(uint32_t iar);
	void (*deactivate)(uint32_t iar);
	void (*send_sgi)(unsigned pcpu, unsigned sgi);
	uint32_t (*running_priority)(void);
	bool (*is_active)(unsigned intid);
	bool (*is_pending)(unsigned intid);
};

extern const struct el2_gic_ops el2_gicv3_ops, el2_gicv2_ops;

/* Select the driver for p->gic_version and set up the distributor
 * (boot pCPU, once); then el2_gic_init_cpu on every pCPU. */
int el2_gic_init(const struct av_el2_platform *p);
int el2_gic_init_cpu(void);
unsigned el2_gic_version(void);

/* This pCPU's SGIs/PPIs, or an SPI (distributor-wide). */
void el2_gic_enable(unsigned intid, bool on);
void el2_gic_set_priority(unsigned intid, uint8_t prio);
/* Acknowledge the highest-priority pending interrupt: the IAR value (v2:
 * INTID in bits 9:0, source CPU in 12:10), GIC_INTID_SPURIOUS if none. */
uint32_t el2_gic_ack(void);
static inline unsigned el2_gic_intid(uint32_t iar)
{
	return iar & 0xffffff & (el2_gic_version() == 2 ? 0x3ff : ~0u);
}
/* Priority drop (EOImode = 1: the interrupt stays active). */
void el2_gic_eoi(uint32_t iar);
/* Deactivate: the interrupt can be signalled again. */
void el2_gic_deactivate(uint32_t iar);
/* SGI sgi (0..15) to pCPU pcpu; the SGI is ordered after this pCPU's
 * earlier stores (DSB before the send). */
void el2_gic_send_sgi(unsigned pcpu, unsigned sgi);
uint32_t el2_gic_running_priority(void);
bool el2_gic_is_active(unsigned intid);
bool el2_gic_is_pending(unsigned intid);

#endif
