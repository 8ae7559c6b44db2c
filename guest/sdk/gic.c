// SPDX-License-Identifier: MIT
/*
 * GIC driver: GICv3 (IHI 0069H) and GICv2 (IHI 0048B), addresses from the
 * device tree.  See gic.h for the configuration it sets up.
 */
#include "sdk.h"

#define GIC_DEFAULT_PRIO 0xa0

static int version = -1; /* -1: not probed yet */
static uintptr_t dist_base, cpu_base, redist_region;
static uint64_t redist_region_size;
static uintptr_t redist[MAX_CPUS];
static spinlock_t gic_lock; /* read-modify-write of shared registers */

static void gic_probe(void)
{
	uint64_t addr, size;
	int node, v = 0;

	if (version >= 0)
		return;
	node = fdt_node_by_compatible(-1, "arm,gic-v3");
	if (node >= 0) {
		if (fdt_reg(node, 0, &addr, &size) == 0)
			dist_base = addr;
		if (fdt_reg(node, 1, &addr, &size) == 0) {
			redist_region = addr;
			redist_region_size = size;
		}
		v = dist_base && redist_region ? 3 : 0;
	} else {
		node = fdt_node_by_compatible(-1, "arm,cortex-a15-gic");
		if (node < 0)
			node = fdt_node_by_compatible(-1, "arm,gic-400");
		if (node >= 0) {
			if (fdt_reg(node, 0, &addr, &size) == 0)
				dist_base = addr;
			if (fdt_reg(node, 1, &addr, &size) == 0)
				cpu_base = addr;
			v = dist_base && cpu_base ? 2 : 0;
		}
	}
	dsb(ish);
	version = v;
}

int gic_version(void)
{
	gic_probe();
	return version;
}

uintptr_t gic_dist_base(void)
{
	gic_probe();
	return dist_base;
}

uintptr_t gic_cpu_base(void)
{
	gic_probe();
	return cpu_base;
}

/* GICR_TYPER.Affinity_Value [63:32] is Aff3.Aff2.Aff1.Aff0 (IHI 0069
 * 12.10.33); walk the frames until GICR_TYPER.Last. */
uintptr_t gic_redist_base(int cpu)
{
	uint64_t mpidr, want;

	gic_probe();
	if (version != 3 || cpu < 0 || cpu >= MAX_CPUS)
		return 0;
	if (redist[cpu])
		return redist[cpu];
	mpidr = cpu_mpidr(cpu);
	want = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
	for (uint64_t off = 0; off + GICR_STRIDE <= redist_region_size;
	     off += GICR_STRIDE) {
		uintptr_t rd = redist_region + off;
		uint32_t lo = mmio_read32(rd + GICR_TYPER);
		uint32_t hi = mmio_read32(rd + GICR_TYPER + 4);

		if (hi == want) {
			redist[cpu] = rd;
			return rd;
		}
		if (lo & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

static uintptr_t my_rd(void)
{
	return gic_redist_base(smp_processor_id());
}

static uintptr_t my_sgi(void)
{
	return my_rd() + GICR_SGI_BASE;
}

unsigned gic_nr_irqs(void)
{
	unsigned n;

	if (!gic_version())
		return 0;
	/* GICD_TYPER.ITLinesNumber [4:0] (IHI 0069 12.9.38, IHI 0048B
	 * 4.3.2); INTIDs 1020..1023 are special. */
	n = ((mmio_read32(dist_base + GICD_TYPER) & 0x1f) + 1) * 32;
	return n > 1020 ? 1020 : n;
}

/* The frame that holds intid's bits: the redistributor's SGI frame for
 * private interrupts on GICv3, the distributor otherwise. */
static uintptr_t irq_frame(unsigned intid)
{
	if (version == 3 && intid < 32)
		return my_sgi();
	return dist_base;
}

/* GICD_CTLR.RWP / GICR_CTLR.RWP: wait for register writes to take effect
 * (IHI 0069 12.9.4, 12.10.2). */
static void gic_wait_rwp(uintptr_t ctlr)
{
	uint64_t end = cnt_read() + us_to_ticks(100000);

	while ((mmio_read32(ctlr) & GICD_CTLR_RWP) && cnt_read() < end)
		cpu_relax();
}

static uint8_t cpu_target_mask(unsigned cpu)
{
	return (uint8_t)(1u << (cpu & 7));
}

/* GICv3 GICD_IROUTER value for a CPU: Aff3 [39:32], Aff2..Aff0 [23:0],
 * IRM = 0 (IHI 0069 12.9.22). */
static uint64_t irouter_for(unsigned cpu)
{
	uint64_t mpidr = cpu_mpidr((int)cpu);

	return (mpidr & 0xffffff) | (mpidr & 0xff00000000ull);
}

/* ---- per-interrupt registers ------------------------------------------- */

static void write_bit(unsigned reg, unsigned intid)
{
	mmio_write32(irq_frame(intid) + reg + (intid / 32) * 4,
		     1u << (intid % 32));
}

static bool read_bit(unsigned reg, unsigned intid)
{
	return (mmio_read32(irq_frame(intid) + reg + (intid / 32) * 4) >>
		(intid % 32)) & 1;
}

void gic_route_spi(unsigned intid, unsigned cpu)
{
	if (!gic_version() || intid < 32)
		return;
	if (version == 3)
		mmio_write64(dist_base + GICD_IROUTER + intid * 8,
			     irouter_for(cpu));
	else
		mmio_write8(dist_base + GICD_ITARGETSR + intid,
			    cpu_target_mask(cpu));
}

void gic_enable_irq(unsigned intid)
{
	if (!gic_version())
		return;
	if (intid >= 32)
		gic_route_spi(intid, (unsigned)smp_processor_id());
	write_bit(GICD_ISENABLER, intid);
	if (version == 3)
		gic_wait_rwp(intid < 32 ? my_rd() + GICR_CTLR
					: dist_base + GICD_CTLR);
}

void gic_disable_irq(unsigned intid)
{
	if (!gic_version())
		return;
	write_bit(GICD_ICENABLER, intid);
	if (version == 3)
		gic_wait_rwp(intid < 32 ? my_rd() + GICR_CTLR
					: dist_base + GICD_CTLR);
}

bool gic_is_enabled(unsigned intid)
{
	return gic_version() && read_bit(GICD_ISENABLER, intid);
}

void gic_set_pending(unsigned intid)
{
	if (gic_version())
		write_bit(GICD_ISPENDR, intid);
}

void gic_clear_pending(unsigned intid)
{
	if (gic_version())
		write_bit(GICD_ICPENDR, intid);
}

void gic_set_active(unsigned intid)
{
	if (gic_version())
		write_bit(GICD_ISACTIVER, intid);
}

void gic_clear_active(unsigned intid)
{
	if (gic_version())
		write_bit(GICD_ICACTIVER, intid);
}

bool gic_is_pending(unsigned intid)
{
	return gic_version() && read_bit(GICD_ISPENDR, intid);
}

bool gic_is_active(unsigned intid)
{
	return gic_version() && read_bit(GICD_ISACTIVER, intid);
}

/* GICD_IPRIORITYR / GICR_IPRIORITYR are byte-accessible (IHI 0069
 * 12.9.18, IHI 0048B 4.3.11). */
void gic_set_priority(unsigned intid, uint8_t prio)
{
	if (gic_version())
		mmio_write8(irq_frame(intid) + GICD_IPRIORITYR + intid, prio);
}

/* GICD_ICFGR: 2 bits per INTID, bit [2n+1] = edge (IHI 0069 12.9.9). */
void gic_set_config(unsigned intid, bool edge)
{
	uintptr_t reg;
	uint32_t v, bit = 2u << ((intid % 16) * 2);

	if (!gic_version())
		return;
	reg = irq_frame(intid) + GICD_ICFGR + (intid / 16) * 4;
	spin_lock(&gic_lock);
	v = mmio_read32(reg);
	v = edge ? v | bit : v & ~bit;
	mmio_write32(reg, v);
	spin_unlock(&gic_lock);
}

/* ---- initialisation ------------------------------------------------------ */

/* Private interrupts of the calling CPU: Group 1 on v3, Group 0 on v2 (see
 * gic.h), all SGIs enabled,
 * all PPIs disabled, default priority (Linux gic_cpu_config). */
static void gic_private_init(uintptr_t base)
{
	mmio_write32(base + GICD_IGROUPR, version == 3 ? ~0u : 0);
	mmio_write32(base + GICD_ICACTIVER, ~0u);
	mmio_write32(base + GICD_ICPENDR, 0xffff0000u);
	mmio_write32(base + GICD_ICENABLER, 0xffff0000u);
	mmio_write32(base + GICD_ISENABLER, 0x0000ffffu);
	for (unsigned i = 0; i < 32; i += 4)
		mmio_write32(base + GICD_IPRIORITYR + i,
			     GIC_DEFAULT_PRIO * 0x01010101u);
}

static void gic_v3_cpu_init(void)
{
	uintptr_t rd = my_rd();
	uint64_t end = cnt_read() + us_to_ticks(100000);

	if (!rd) {
		printf("gic: no redistributor for cpu%d\n", smp_processor_id());
		return;
	}
	/* IHI 0069 12.10.35: clear ProcessorSleep, wait for ChildrenAsleep
	 * to read 0. */
	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	while ((mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) &&
	       cnt_read() < end)
		cpu_relax();
	gic_private_init(rd + GICR_SGI_BASE);
	gic_wait_rwp(rd + GICR_CTLR);

	/* IHI 0069 12.2.21 ICC_SRE_EL1.SRE: use the system registers. */
	icc_write(ICC_SRE_EL1, icc_read(ICC_SRE_EL1) | 1);
	isb();
	icc_write(ICC_PMR_EL1, 0xff);
	icc_write(ICC_BPR1_EL1, 0);
	icc_write(ICC_CTLR_EL1, 0); /* EOImode 0, CBPR 0 */
	icc_write(ICC_IGRPEN1_EL1, 1);
	isb();
}

static void gic_v2_cpu_init(void)
{
	gic_private_init(dist_base);
	mmio_write32(cpu_base + GICC_PMR, 0xff);
	mmio_write32(cpu_base + GICC_BPR, 0);
	/* IHI 0048B 4.4.1: EnableGrp0 | EnableGrp1, EOImode 0, FIQEn 0. */
	mmio_write32(cpu_base + GICC_CTLR, 3);
}

void gic_init_secondary(void)
{
	if (!gic_version())
		return;
	if (version == 3)
		gic_v3_cpu_init();
	else
		gic_v2_cpu_init();
}

void gic_init(void)
{
	unsigned nr, cpu = (unsigned)smp_processor_id();

	if (!gic_version())
		return;
	nr = gic_nr_irqs();
	mmio_write32(dist_base + GICD_CTLR, 0);
	if (version == 3) {
		gic_wait_rwp(dist_base + GICD_CTLR);
		/* IHI 0069 12.9.4: affinity routing first, then the groups. */
		mmio_write32(dist_base + GICD_CTLR, GICD_CTLR_ARE_NS);
		gic_wait_rwp(dist_base + GICD_CTLR);
	}
	for (unsigned i = 32; i < nr; i += 32) {
		mmio_write32(dist_base + GICD_IGROUPR + i / 8,
			     version == 3 ? ~0u : 0);
		mmio_write32(dist_base + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(dist_base + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(dist_base + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (unsigned i = 32; i < nr; i += 16)
		mmio_write32(dist_base + GICD_ICFGR + i / 4, 0); /* level */
	for (unsigned i = 32; i < nr; i += 4)
		mmio_write32(dist_base + GICD_IPRIORITYR + i,
			     GIC_DEFAULT_PRIO * 0x01010101u);
	for (unsigned i = 32; i < nr; i++)
		gic_route_spi(i, cpu);
	if (version == 3) {
		gic_wait_rwp(dist_base + GICD_CTLR);
		mmio_write32(dist_base + GICD_CTLR, GICD_CTLR_ARE_NS |
							GICD_CTLR_ENABLE_G1 |
							GICD_CTLR_ENABLE_G0);
		gic_wait_rwp(dist_base + GICD_CTLR);
		gic_v3_cpu_init();
	} else {
		/* IHI 0048B 4.3.1: EnableGrp0 | EnableGrp1. */
		mmio_write32(dist_base + GICD_CTLR, 3);
		gic_v2_cpu_init();
	}
}

/* ---- CPU interface ------------------------------------------------------ */

uint32_t gic_ack(void)
{
	uint32_t iar;

	if (gic_version() == 3) {
		iar = (uint32_t)icc_read(ICC_IAR1_EL1);
		dsb(sy); /* IHI 0069 12.2.13: order later accesses */
		return iar;
	}
	if (version == 2)
		return mmio_read32(cpu_base + GICC_IAR);
	return GIC_SPURIOUS;
}

void gic_eoi(uint32_t iar)
{
	if (gic_version() == 3) {
		icc_write(ICC_EOIR1_EL1, iar);
		isb();
	} else if (version == 2) {
		mmio_write32(cpu_base + GICC_EOIR, iar);
	}
}

void gic_dir(uint32_t iar)
{
	if (gic_version() == 3) {
		icc_write(ICC_DIR_EL1, iar);
		isb();
	} else if (version == 2) {
		mmio_write32(cpu_base + GICC_DIR, iar);
	}
}

void gic_set_eoimode(int mode)
{
	if (gic_version() == 3) {
		uint64_t v = icc_read(ICC_CTLR_EL1) & ~(uint64_t)ICC_CTLR_EOIMODE;

		icc_write(ICC_CTLR_EL1, v | (mode ? ICC_CTLR_EOIMODE : 0));
		isb();
	} else if (version == 2) {
		uint32_t v = mmio_read32(cpu_base + GICC_CTLR) &
			     ~GICC_CTLR_EOIMODE;

		mmio_write32(cpu_base + GICC_CTLR,
			     v | (mode ? GICC_CTLR_EOIMODE : 0));
	}
}

void gic_set_pmr(uint8_t pmr)
{
	if (gic_version() == 3) {
		icc_write(ICC_PMR_EL1, pmr);
		isb();
	} else if (version == 2) {
		mmio_write32(cpu_base + GICC_PMR, pmr);
	}
}

void gic_set_bpr(unsigned bpr)
{
	if (gic_version() == 3) {
		icc_write(ICC_BPR1_EL1, bpr & 7);
		isb();
	} else if (version == 2) {
		mmio_write32(cpu_base + GICC_BPR, bpr & 7);
	}
}

uint32_t gic_rpr(void)
{
	if (gic_version() == 3)
		return (uint32_t)icc_read(ICC_RPR_EL1);
	if (version == 2)
		return mmio_read32(cpu_base + GICC_RPR);
	return 0xff;
}

uint32_t gic_hppir(void)
{
	if (gic_version() == 3)
		return (uint32_t)icc_read(ICC_HPPIR1_EL1);
	if (version == 2)
		return mmio_read32(cpu_base + GICC_HPPIR);
	return GIC_SPURIOUS;
}

/* ---- SGIs --------------------------------------------------------------- */

/* ICC_SGI1R_EL1 (IHI 0069 12.2.22): Aff3 [55:48], RS [47:44], IRM [40],
 * Aff2 [39:32], INTID [27:24], Aff1 [23:16], TargetList [15:0]. */
static void sgi1r_write(uint64_t val)
{
	dsb(ishst); /* make earlier stores visible to the target */
	icc_write(ICC_SGI1R_EL1, val);
	isb();
}

static uint64_t sgi1r_cluster(unsigned sgi, uint64_t mpidr)
{
	return (uint64_t)(sgi & 0xf) << 24 | ((mpidr >> 8) & 0xff) << 16 |
	       ((mpidr >> 16) & 0xff) << 32 | ((mpidr >> 32) & 0xff) << 48 |
	       (uint64_t)((mpidr & 0xff) / 16) << 44;
}

/* GICD_SGIR (IHI 0048B 4.3.15): TargetListFilter [25:24], CPUTargetList
 * [23:16], SGIINTID [3:0]. */
static void sgir_write(unsigned filter, unsigned list, unsigned sgi)
{
	dsb(ishst);
	mmio_write32(dist_base + GICD_SGIR,
		     filter << 24 | (list & 0xff) << 16 | (sgi & 0xf));
}

void gic_send_sgi(unsigned sgi, unsigned cpu)
{
	if (gic_version() == 3) {
		uint64_t mpidr = cpu_mpidr((int)cpu);

		sgi1r_write(sgi1r_cluster(sgi, mpidr) |
			    1u << ((mpidr & 0xff) % 16));
	} else if (version == 2) {
		sgir_write(0, cpu_target_mask(cpu), sgi);
	}
}

void gic_send_sgi_list(unsigned sgi, uint32_t cpumask)
{
	if (gic_version() == 3) {
		/* One write per group of 16 CPUs that share Aff1 (cpu_mpidr:
		 * Aff0 = n % 16, Aff1 = n / 16). */
		for (unsigned base = 0; base < 32; base += 16) {
			uint32_t list = (cpumask >> base) & 0xffff;

			if (list)
				sgi1r_write(sgi1r_cluster(sgi, cpu_mpidr(
								       (int)base)) |
					    list);
		}
	} else if (version == 2) {
		sgir_write(0, cpumask, sgi);
	}
}

void gic_send_sgi_others(unsigned sgi)
{
	if (gic_version() == 3)
		sgi1r_write((uint64_t)(sgi & 0xf) << 24 | ICC_SGI1R_IRM);
	else if (version == 2)
		sgir_write(1, 0, sgi);
}

void gic_send_sgi_self(unsigned sgi)
{
	if (gic_version() == 3)
		gic_send_sgi(sgi, (unsigned)smp_processor_id());
	else if (version == 2)
		sgir_write(2, 0, sgi);
}
