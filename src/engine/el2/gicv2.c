// SPDX-License-Identifier: MIT
/*
 * Physical GICv2 driver (GIC Architecture Specification v1/v2, Arm IHI
 * 0048B): GICD distributor and the GICC CPU interface, both MMIO.  Without
 * the Security Extensions (QEMU virt) every interrupt is Group 0 and
 * signalled as IRQ; behind a secure firmware the Non-secure view shows the
 * Group 1 bits at the same places (GICD_CTLR bit 0, GICC_CTLR bits 0 and 9),
 * so the same writes serve both.
 */
#include <errno.h>
#include <stddef.h>

#include "engine/el2/gic.h"
#include "platform/el2/log.h"
#include "platform/el2/percpu.h"

/* Distributor (IHI 0048B 4.3) */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00

/* CPU interface (IHI 0048B 4.4) */
#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_RPR 0x0014
#define GICC_DIR 0x1000
#define GICC_CTLR_ENABLE_G0 (1u << 0) /* NS view: EnableGrp1 */
#define GICC_CTLR_ENABLE_G1 (1u << 1)
#define GICC_CTLR_EOIMODE (1u << 9)   /* NS view: EOImodeNS */

static uintptr_t gicd, gicc;

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static int v2_init_dist(const struct av_el2_platform *p)
{
	unsigned lines;

	gicd = p->gicd_pa;
	gicc = p->gicc_pa;
	wr32(gicd + GICD_CTLR, 0);
	lines = 32 * ((rd32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (lines > 1020)
		lines = 1020;
	/* SPIs: disabled, inactive, our priority, to the boot CPU. */
	for (unsigned i = 32; i < lines; i += 32) {
		wr32(gicd + GICD_ICENABLER + i / 8, ~0u);
		wr32(gicd + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (unsigned i = 32; i < lines; i += 4) {
		wr32(gicd + GICD_IPRIORITYR + i, 0x01010101u * GIC_PRIO_HYP);
		wr32(gicd + GICD_ITARGETSR + i, 0x01010101u);
	}
	wr32(gicd + GICD_CTLR, 1);
	return 0;
}

static int v2_init_cpu(const struct av_el2_platform *p)
{
	struct el2_cpu *c = this_cpu();
	uint32_t mask;

	/* GICD_ITARGETSR0..7 are banked and read as this CPU interface's
	 * own bit (IHI 0048B 4.3.12): that is the SGI target to use. */
	mask = rd32(gicd + GICD_ITARGETSR) & 0xff;
	/* ... except on a uniprocessor GIC, where they are RAZ/WI: its one
	 * CPU interface is bit 0. */
	if (!mask && p->nr_pcpus == 1)
		mask = 1;
	if (!mask || (mask & (mask - 1))) {
		el2_log("GICv2: GICD_ITARGETSR0 reads %#x, not one CPU", mask);
		return -ENODEV;
	}
	c->gicv2_mask = (uint8_t)mask;
	/* This CPU's SGIs and PPIs (banked): disabled, inactive, priority. */
	wr32(gicd + GICD_ICENABLER, ~0u);
	wr32(gicd + GICD_ICACTIVER, ~0u);
	wr32(gicd + GICD_ICPENDR, ~0u);
	for (unsigned i = 0; i < 32; i += 4)
		wr32(gicd + GICD_IPRIORITYR + i, 0x01010101u * GIC_PRIO_HYP);
	wr32(gicc + GICC_PMR, 0xff);
	wr32(gicc + GICC_BPR, 0);
	wr32(gicc + GICC_CTLR, GICC_CTLR_ENABLE_G0 | GICC_CTLR_ENABLE_G1 |
				       GICC_CTLR_EOIMODE);
	return 0;
}

static void v2_enable(unsigned intid, bool on)
{
	wr32(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) + intid / 32 * 4,
	     1u << (intid % 32));
}

static void v2_set_priority(unsigned intid, uint8_t prio)
{
	*(volatile uint8_t *)(gicd + GICD_IPRIORITYR + intid) = prio;
}

static uint32_t v2_ack(void)
{
	uint32_t iar = rd32(gicc + GICC_IAR);

	dsb(sy);
	return (iar & 0x3ff) >= 1020 ? GIC_INTID_SPURIOUS : iar;
}

static void v2_eoi(uint32_t iar)
{
	wr32(gicc + GICC_EOIR, iar);
}

static void v2_deactivate(uint32_t iar)
{
	wr32(gicc + GICC_DIR, iar);
}

static void v2_send_sgi(unsigned pcpu, unsigned sgi)
{
	uint8_t mask = el2_cpus[pcpu].gicv2_mask;

	/* Earlier stores (e.g. a wake-up flag) visible before the SGI. */
	dsb(ishst);
	/* GICD_SGIR (IHI 0048B 4.3.15): TargetListFilter 0, CPUTargetList
	 * [23:16], SGIINTID [3:0]. */
	wr32(gicd + GICD_SGIR, (uint32_t)mask << 16 | (sgi & 15));
}

static uint32_t v2_running_priority(void)
{
	return rd32(gicc + GICC_RPR) & 0xff;
}

static bool v2_test(unsigned intid, unsigned reg)
{
	return rd32(gicd + reg + intid / 32 * 4) & (1u << (intid % 32));
}

static bool v2_is_active(unsigned intid)
{
	return v2_test(intid, GICD_ISACTIVER);
}

static bool v2_is_pending(unsigned intid)
{
	return v2_test(intid, GICD_ISPENDR);
}

const struct el2_gic_ops el2_gicv2_ops = {
	.name = "GICv2",
	.init_dist = v2_init_dist,
	.init_cpu = v2_init_cpu,
	.enable = v2_enable,
	.set_priority = v2_set_priority,
	.ack = v2_ack,
	.eoi = v2_eoi,
	.deactivate = v2_deactivate,
	.send_sgi = v2_send_sgi,
	.running_priority = v2_running_priority,
	.is_active = v2_is_active,
	.is_pending = v2_is_pending,
};
