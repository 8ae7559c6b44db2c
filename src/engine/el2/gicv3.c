// SPDX-License-Identifier: MIT
/*
 * Physical GICv3 driver (GIC Architecture Specification v3/v4, Arm IHI
 * 0069): distributor, this pCPU's redistributor, and the CPU interface
 * through the ICC_*_EL1 system registers, which at EL2 are the physical
 * interface (IHI 0069 12.1: accesses from EL2 with ICC_SRE_EL2.SRE = 1).
 * Interrupts are Group 1 (Non-secure Group 1 when the GIC has two security
 * states, the only group when GICD_CTLR.DS = 1, as on QEMU virt without
 * secure=on).
 */
#include <errno.h>
#include <stddef.h>

#include "engine/el2/gic.h"
#include "platform/el2/log.h"
#include "platform/el2/percpu.h"

/* Distributor (IHI 0069 12.9) */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4) /* ARE_NS in the Non-secure view */
#define GICD_CTLR_ENABLE_G1 (1u << 1) /* DS = 1: EnableGrp1; NS: Grp1A */
#define GICD_CTLR_ENABLE_G0 (1u << 0) /* DS = 1: EnableGrp0; NS: Grp1 */

/* Redistributor RD_base frame (IHI 0069 12.10) */
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
/* SGI_base frame, 64 KiB above RD_base */
#define GICR_SGI_BASE 0x10000
#define GICR_IGROUPR0 (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI_BASE + 0x0180)
#define GICR_ISPENDR0 (GICR_SGI_BASE + 0x0200)
#define GICR_ICPENDR0 (GICR_SGI_BASE + 0x0280)
#define GICR_ISACTIVER0 (GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0 (GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR (GICR_SGI_BASE + 0x0400)

/* ICC_SRE_EL2 (IHI 0069 12.2.x): SRE, DFB, DIB, Enable (EL1 may use
 * ICC_SRE_EL1) */
#define ICC_SRE_EL2_SRE (1u << 0)
#define ICC_SRE_EL2_DFB (1u << 1)
#define ICC_SRE_EL2_DIB (1u << 2)
#define ICC_SRE_EL2_ENABLE (1u << 3)
#define ICC_CTLR_EOIMODE (1u << 1)

static uintptr_t gicd;
static const struct av_el2_platform *plat;

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint64_t rd64(uintptr_t a)
{
	return *(volatile uint64_t *)a;
}

static int wait_clear(uintptr_t reg, uint32_t bit, const char *what)
{
	for (unsigned long i = 0; i < 10000000; i++) {
		if (!(rd32(reg) & bit))
			return 0;
		cpu_relax();
	}
	el2_log("GICv3: %s did not clear", what);
	return -ETIMEDOUT;
}

static unsigned nr_lines(void)
{
	/* GICD_TYPER.ITLinesNumber: 32 * (N + 1) INTIDs, at most 1020 */
	unsigned n = 32 * ((rd32(gicd + GICD_TYPER) & 0x1f) + 1);

	return n > 1020 ? 1020 : n;
}

static int v3_init_dist(const struct av_el2_platform *p)
{
	unsigned lines;

	plat = p;
	gicd = p->gicd_pa;
	wr32(gicd + GICD_CTLR, 0);
	if (wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP"))
		return -ETIMEDOUT;
	/* SPIs: Group 1, disabled, inactive, our priority.  The hypervisor
	 * uses none itself; they stay off until someone enables one. */
	lines = nr_lines();
	for (unsigned i = 32; i < lines; i += 32) {
		wr32(gicd + GICD_IGROUPR + i / 8, ~0u);
		wr32(gicd + GICD_ICENABLER + i / 8, ~0u);
		wr32(gicd + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (unsigned i = 32; i < lines; i += 4)
		wr32(gicd + GICD_IPRIORITYR + i, 0x01010101u * GIC_PRIO_HYP);
	/* Affinity routing first, then the groups (IHI 0069 12.9.4: ARE
	 * changes only while the groups are disabled). */
	wr32(gicd + GICD_CTLR, GICD_CTLR_ARE);
	if (wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP"))
		return -ETIMEDOUT;
	wr32(gicd + GICD_CTLR,
	     GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G0);
	return wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
}

/* GICR_TYPER.Affinity is Aff3.Aff2.Aff1.Aff0 in bits 63:32. */
static uint32_t packed_affinity(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
}

static uintptr_t find_rd(uint64_t mpidr)
{
	uintptr_t rd = plat->gicr_pa;

	for (unsigned i = 0; i < 256; i++, rd += plat->gicr_stride) {
		uint64_t typer = rd64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == packed_affinity(mpidr))
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

static int v3_init_cpu(const struct av_el2_platform *p)
{
	struct el2_cpu *c = this_cpu();
	uintptr_t rd = find_rd(c->mpidr);
	uint64_t sre;

	if (!rd) {
		el2_log("GICv3: no redistributor for MPIDR %#lx",
			(unsigned long)c->mpidr);
		return -ENODEV;
	}
	c->gicr_rd = rd;
	/* Wake the redistributor (IHI 0069 12.11.x GICR_WAKER). */
	wr32(rd + GICR_WAKER,
	     rd32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	if (wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP,
		       "GICR_WAKER.ChildrenAsleep"))
		return -ETIMEDOUT;
	/* SGIs and PPIs: Group 1, disabled, inactive, not pending. */
	wr32(rd + GICR_IGROUPR0, ~0u);
	wr32(rd + GICR_ICENABLER0, ~0u);
	wr32(rd + GICR_ICACTIVER0, ~0u);
	wr32(rd + GICR_ICPENDR0, ~0u);
	for (unsigned i = 0; i < 32; i += 4)
		wr32(rd + GICR_IPRIORITYR + i, 0x01010101u * GIC_PRIO_HYP);
	if (wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP"))
		return -ETIMEDOUT;

	/* The system-register interface at EL2, and allowed at EL1 (the
	 * guest's ICC_SRE_EL1 then reads SRE = 1: PLATFORM.md). */
	write_sysreg(ICC_SRE_EL2_SRE | ICC_SRE_EL2_DFB | ICC_SRE_EL2_DIB |
			     ICC_SRE_EL2_ENABLE,
		     SYS_ICC_SRE_EL2);
	isb();
	sre = read_sysreg(SYS_ICC_SRE_EL2);
	if (!(sre & ICC_SRE_EL2_SRE)) {
		el2_log("GICv3: ICC_SRE_EL2.SRE stays 0 (%#lx)",
			(unsigned long)sre);
		return -ENODEV;
	}
	write_sysreg(0xff, SYS_ICC_PMR_EL1);
	write_sysreg(0, SYS_ICC_BPR1_EL1);
	write_sysreg(ICC_CTLR_EOIMODE, SYS_ICC_CTLR_EL1);
	write_sysreg(1, SYS_ICC_IGRPEN1_EL1);
	isb();
	return 0;
}

static void v3_enable(unsigned intid, bool on)
{
	uint32_t bit = 1u << (intid % 32);

	if (intid < 32) {
		uintptr_t rd = this_cpu()->gicr_rd;

		wr32(rd + (on ? GICR_ISENABLER0 : GICR_ICENABLER0), bit);
		wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP");
	} else {
		wr32(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) +
			     intid / 32 * 4,
		     bit);
		wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
	}
}

static void v3_set_priority(unsigned intid, uint8_t prio)
{
	uintptr_t base = intid < 32 ? this_cpu()->gicr_rd + GICR_IPRIORITYR
				    : gicd + GICD_IPRIORITYR;

	*(volatile uint8_t *)(base + intid) = prio;
}

static uint32_t v3_ack(void)
{
	uint32_t iar = (uint32_t)read_sysreg(SYS_ICC_IAR1_EL1);

	/* The handler's accesses come after the acknowledge (Linux's
	 * gic_read_iar does the same DSB). */
	dsb(sy);
	return iar;
}

static void v3_eoi(uint32_t iar)
{
	write_sysreg(iar, SYS_ICC_EOIR1_EL1);
	isb();
}

static void v3_deactivate(uint32_t iar)
{
	write_sysreg(iar, SYS_ICC_DIR_EL1);
	isb();
}

static void v3_send_sgi(unsigned pcpu, unsigned sgi)
{
	uint64_t m = plat->pcpu_mpidr[pcpu];
	uint64_t aff0 = m & 0xff;
	/* ICC_SGI1R_EL1 (IHI 0069 12.2.x): TargetList [15:0] names Aff0
	 * values RS*16 .. RS*16+15, RS [47:44]. */
	uint64_t v = (1ull << (aff0 & 15)) | ((m >> 8) & 0xff) << 16 |
		     (uint64_t)(sgi & 15) << 24 | ((m >> 16) & 0xff) << 32 |
		     (aff0 >> 4) << 44 | ((m >> 32) & 0xff) << 48;

	/* Earlier stores (e.g. a wake-up flag) visible before the SGI. */
	dsb(ishst);
	write_sysreg(v, SYS_ICC_SGI1R_EL1);
	isb();
}

static uint32_t v3_running_priority(void)
{
	return (uint32_t)read_sysreg(SYS_ICC_RPR_EL1) & 0xff;
}

static bool v3_test(unsigned intid, unsigned rd_reg, unsigned d_reg)
{
	uintptr_t a = intid < 32 ? this_cpu()->gicr_rd + rd_reg
				 : gicd + d_reg + intid / 32 * 4;

	return rd32(a) & (1u << (intid % 32));
}

static bool v3_is_active(unsigned intid)
{
	return v3_test(intid, GICR_ISACTIVER0, GICD_ISACTIVER);
}

static bool v3_is_pending(unsigned intid)
{
	return v3_test(intid, GICR_ISPENDR0, GICD_ISPENDR);
}

const struct el2_gic_ops el2_gicv3_ops = {
	.name = "GICv3",
	.init_dist = v3_init_dist,
	.init_cpu = v3_init_cpu,
	.enable = v3_enable,
	.set_priority = v3_set_priority,
	.ack = v3_ack,
	.eoi = v3_eoi,
	.deactivate = v3_deactivate,
	.send_sgi = v3_send_sgi,
	.running_priority = v3_running_priority,
	.is_active = v3_is_active,
	.is_pending = v3_is_pending,
};
