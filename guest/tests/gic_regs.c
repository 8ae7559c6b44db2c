// SPDX-License-Identifier: MIT
/*
 * gic_regs: guest-visible register semantics of the distributor,
 * redistributors and GICv2 CPU interface, with KVM's values where KVM
 * fixes them (armvisor follows KVM, PLATFORM.md).  On QEMU a KVM rule that
 * QEMU does not follow is reported as INFO, naming the rule.
 *  - identification: GICD_IIDR (KVM: 0x4B00343B for GICv3 at
 *    KVM_VGIC_IMP_REV_3, ProductID 0x4b / Revision 2 / Implementer 0x43b
 *    for GICv2), GICC_IIDR 0x04B2043B, PIDR2.ArchRev (IHI 0069 12.9.36);
 *  - GICD_TYPER.ITLinesNumber / CPUNumber (IHI 0069 12.9.38, IHI 0048B
 *    4.3.2), GICR_TYPER.Processor_Number / Affinity / Last (12.10.33);
 *  - reserved locations RAZ/WI (IHI 0069 12.1.2, IHI 0048B 4.1.2);
 *  - byte and word accesses where allowed: IPRIORITYR, ITARGETSR,
 *    [CS]PENDSGIR (IHI 0048B 4.1.4 / IHI 0069 12.1.3);
 *  - 64-bit GICD_IROUTER accesses, and their 32-bit halves (12.9.22);
 *  - GICv2 ITARGETSR with KVM's rules: writes stored masked with the
 *    present vCPUs at every count, the private bytes name the reader
 *    (4.3.12).
 */
#include "gic_test.h"

#define TEST_SPI 60u

static uintptr_t dist;
static int ncpus;

/* A KVM rule: a check on armvisor, INFO on QEMU when QEMU differs. */
static void kvm_rule(bool ok, const char *rule, uint64_t got, uint64_t want)
{
	if (!ok && platform_is_qemu()) {
		report_info("QEMU differs from KVM: %s: %#lx (KVM %#lx)", rule,
			    got, want);
		return;
	}
	report(ok, "%s: %#lx (want %#lx)", rule, got, want);
}

static void test_common(void)
{
	uint32_t typer = mmio_read32(dist + GICD_TYPER);
	unsigned lines = typer & 0x1f;
	uint32_t pri;

	report(lines >= 1, "GICD_TYPER.ITLinesNumber %u: at least 64 INTIDs",
	       lines);
	if (!platform_is_qemu())
		report(lines == 7, "armvisor: 256 INTIDs (ITLinesNumber 7)");

	/* Reserved distributor words: RAZ/WI. */
	for (uintptr_t off = 0x0018; off <= 0x001c; off += 4) {
		mmio_write32(dist + off, 0xffffffffu);
		report(mmio_read32(dist + off) == 0,
		       "GICD reserved %#lx RAZ/WI", (unsigned long)off);
	}

	/* IPRIORITYR: word write, byte reads; byte write, word read. */
	gic_disable_irq(TEST_SPI);
	mmio_write32(dist + GICD_IPRIORITYR + TEST_SPI, 0x80604020u);
	report(mmio_read8(dist + GICD_IPRIORITYR + TEST_SPI) == 0x20 &&
		   mmio_read8(dist + GICD_IPRIORITYR + TEST_SPI + 3) == 0x80,
	       "IPRIORITYR: word write, byte reads");
	mmio_write8(dist + GICD_IPRIORITYR + TEST_SPI + 1, 0xa0);
	pri = mmio_read32(dist + GICD_IPRIORITYR + TEST_SPI);
	report(pri == 0x8060a020u, "IPRIORITYR: byte write, word read %#x",
	       pri);
	mmio_write8(dist + GICD_IPRIORITYR + TEST_SPI, 0xff);
	pri = mmio_read8(dist + GICD_IPRIORITYR + TEST_SPI);
	kvm_rule(pri == 0xf8,
		 "IPRIORITYR keeps 5 priority bits (KVM VGIC_PRI_BITS)", pri,
		 0xf8);
	gic_set_priority(TEST_SPI, 0xa0);

	/* ICFGR of an SPI is writable; SGIs read as edge (IHI 0069 12.9.9). */
	gic_set_config(TEST_SPI, true);
	report((mmio_read32(dist + GICD_ICFGR + TEST_SPI / 16 * 4) >>
		((TEST_SPI % 16) * 2 + 1)) & 1,
	       "ICFGR: SPI set to edge reads edge");
	gic_set_config(TEST_SPI, false);
}

static void test_v3(void)
{
	uint32_t iidr = mmio_read32(dist + GICD_IIDR);
	uint64_t v, lo, hi;
	bool ok = true;

	kvm_rule(iidr == 0x4B00343Bu, "GICv3 GICD_IIDR (KVM revision 3)",
		 iidr, 0x4B00343Bu);
	report(((mmio_read32(dist + GICD_PIDR2_V3) >> 4) & 0xf) == 3,
	       "GICD_PIDR2.ArchRev = 3");
	report(mmio_read32(dist + GICD_CTLR) & GICD_CTLR_ARE_NS,
	       "GICD_CTLR.ARE set");

	/* Redistributors: one per CPU, matching affinity and number. */
	for (int cpu = 0; cpu < ncpus; cpu++) {
		uintptr_t rd = gic_redist_base(cpu);
		uint64_t typer;

		if (!rd) {
			ok = false;
			continue;
		}
		lo = mmio_read32(rd + GICR_TYPER);
		hi = mmio_read32(rd + GICR_TYPER + 4);
		typer = mmio_read64(rd + GICR_TYPER);
		if (typer != (hi << 32 | lo) ||
		    ((typer >> 8) & 0xffff) != (uint64_t)cpu ||
		    (hi & 0xffffff) != cpu_mpidr(cpu) ||
		    !!(typer & GICR_TYPER_LAST) != (cpu == ncpus - 1)) {
			report_info("GICR_TYPER of cpu%d: %#lx", cpu, typer);
			ok = false;
		}
		if (((mmio_read32(rd + GICR_PIDR2) >> 4) & 0xf) != 3)
			ok = false;
	}
	report(ok, "GICR_TYPER of %d redistributors: Processor_Number, "
		   "affinity, Last; 64-bit read = two 32-bit reads",
	       ncpus);

	/* GICD_IROUTER: 64-bit write, 64-bit and 32-bit reads. */
	gic_disable_irq(TEST_SPI);
	mmio_write64(dist + GICD_IROUTER + TEST_SPI * 8, 0x0000000000010203ull);
	v = mmio_read64(dist + GICD_IROUTER + TEST_SPI * 8);
	lo = mmio_read32(dist + GICD_IROUTER + TEST_SPI * 8);
	hi = mmio_read32(dist + GICD_IROUTER + TEST_SPI * 8 + 4);
	report(v == 0x10203 && lo == 0x10203 && hi == 0,
	       "IROUTER: 64-bit write 0x10203, reads %#lx / %#lx:%#lx", v, hi,
	       lo);
	mmio_write32(dist + GICD_IROUTER + TEST_SPI * 8, 0x0);
	report(mmio_read64(dist + GICD_IROUTER + TEST_SPI * 8) == 0,
	       "IROUTER: 32-bit write of the low half");
	/* IRM (bit 31): KVM makes it RAZ/WI (no 1-of-N routing). */
	mmio_write32(dist + GICD_IROUTER + TEST_SPI * 8, 1u << 31);
	v = mmio_read64(dist + GICD_IROUTER + TEST_SPI * 8);
	kvm_rule(v == 0, "IROUTER.IRM RAZ/WI", v, 0);
	/* IROUTER of SGIs/PPIs (INTIDs < 32) is reserved (12.9.22). */
	mmio_write64(dist + GICD_IROUTER + 8 * 5, ~0ull);
	v = mmio_read64(dist + GICD_IROUTER + 8 * 5);
	report(v == 0, "IROUTER<5> (an SGI's) RAZ/WI: %#lx", v);
	gic_route_spi(TEST_SPI, 0);

	/* With ARE, the distributor's private-IRQ registers are RAZ/WI
	 * (IHI 0069 12.9.8: GICD_ISENABLER0 ... "when affinity routing is
	 * enabled"). */
	mmio_write32(dist + GICD_ISENABLER, 0xffffffffu);
	report(mmio_read32(dist + GICD_ISENABLER) == 0,
	       "GICD_ISENABLER0 RAZ/WI with ARE");
	report(mmio_read32(dist + GICD_IPRIORITYR) == 0,
	       "GICD_IPRIORITYR0 RAZ/WI with ARE");
	/* The redistributor has them instead. */
	mmio_write8(gic_redist_base(0) + GICR_SGI_BASE + GICD_IPRIORITYR + 20,
		    0x40);
	report(mmio_read8(gic_redist_base(0) + GICR_SGI_BASE +
			  GICD_IPRIORITYR + 20) == 0x40,
	       "GICR_IPRIORITYR byte write/read");
	gic_set_priority(20, 0xa0);
}

static uint32_t all_cpus_mask(void)
{
	return (1u << ncpus) - 1;
}

static void read_own_targets(int cpu, uintptr_t arg)
{
	uint32_t *out = (uint32_t *)arg;

	out[cpu] = mmio_read32(dist + GICD_ITARGETSR + 4 * 7); /* PPIs 28..31 */
}

static void test_v2(void)
{
	uint32_t iidr = mmio_read32(dist + GICD_IIDR);
	uint32_t ciidr = mmio_read32(gic_cpu_base() + GICC_IIDR);
	uint32_t typer = mmio_read32(dist + GICD_TYPER);
	uint8_t t;
	uint32_t w;

	/* GICD_IIDR: ProductID [31:24], Variant [19:16], Revision [15:12],
	 * Implementer [11:0] (IHI 0048B 4.3.3). */
	kvm_rule(iidr == 0x4B00243Bu, "GICv2 GICD_IIDR (KVM, revision 2)",
		 iidr, 0x4B00243Bu);
	/* GICC_IIDR: KVM's value where the CPU interface is emulated; where
	 * the guest's GICC is the GIC's own GICV frame (KVM on a GICv2 host,
	 * armvisor --engine el2), the hardware's: an Arm GICv2 CPU interface
	 * (ArchVer [19:16] = 2, Implementer 0x43b, IHI 0048B 4.4.16). */
	if (ciidr >> 20 == 0x04B || platform_is_qemu())
		kvm_rule(ciidr == 0x04B2043Bu, "GICC_IIDR (KVM)", ciidr,
			 0x04B2043Bu);
	else
		report(((ciidr >> 16) & 0xf) == 2 && (ciidr & 0xfff) == 0x43b,
		       "GICC_IIDR of a hardware GICv2 virtual CPU interface: "
		       "%#x (ArchVer 2, Arm)",
		       ciidr);
	report(((typer >> 5) & 7) == (uint32_t)(ncpus - 1),
	       "GICD_TYPER.CPUNumber %u (want %d)", (typer >> 5) & 7,
	       ncpus - 1);

	/* The private ITARGETSR bytes are read-only and name the reader. */
	/* (IHI 0048B 4.3.12 lets a uniprocessor GIC make them RAZ/WI, as
	 * QEMU does; KVM keeps the CPU0 bit.) */
	w = mmio_read32(dist + GICD_ITARGETSR);
	kvm_rule(w == 0x01010101u, "ITARGETSR0 on cpu0 reads its own bit", w,
		 0x01010101u);
	mmio_write32(dist + GICD_ITARGETSR + 16, 0xffffffffu);
	w = mmio_read32(dist + GICD_ITARGETSR + 16);
	kvm_rule(w == 0x01010101u, "ITARGETSR4 (PPIs) read-only, own bit", w,
		 0x01010101u);
	if (ncpus > 1) {
		uint32_t got[GT_MAX_CPUS] = {0};
		bool ok = true;

		if (!gt_start_secondaries(ncpus)) {
			report(false, "secondaries online");
			return;
		}
		for (int cpu = 1; cpu < ncpus; cpu++) {
			gt_run_on(cpu, read_own_targets, (uintptr_t)got);
			if (got[cpu] != 0x01010101u * (1u << cpu)) {
				report_info("cpu%d ITARGETSR7 %#x", cpu,
					    got[cpu]);
				ok = false;
			}
		}
		report(ok, "each CPU reads its own bit in the private bytes");
		gt_stop_secondaries(ncpus);
	}

	/* SPI bytes: bits of absent CPUs RAZ/WI. */
	gic_disable_irq(TEST_SPI);
	mmio_write8(dist + GICD_ITARGETSR + TEST_SPI, 0xff);
	t = mmio_read8(dist + GICD_ITARGETSR + TEST_SPI);
	kvm_rule(t == all_cpus_mask(),
		 "ITARGETSR byte 0xff keeps only present CPUs' bits", t,
		 all_cpus_mask());
	mmio_write8(dist + GICD_ITARGETSR + TEST_SPI, 0x80);
	t = mmio_read8(dist + GICD_ITARGETSR + TEST_SPI);
	kvm_rule(t == (0x80 & all_cpus_mask()),
		 "ITARGETSR: an absent CPU's bit is RAZ/WI (write 0x80)", t,
		 0x80 & all_cpus_mask());
	/* A word write of four SPIs is stored masked, at every vCPU count
	 * (one vCPU: 0x0103020f reads back 0x01010001, PLATFORM.md). */
	mmio_write32(dist + GICD_ITARGETSR + 64, 0x0103020fu);
	w = mmio_read32(dist + GICD_ITARGETSR + 64);
	kvm_rule(w == (0x0103020fu & (all_cpus_mask() * 0x01010101u)),
		 "ITARGETSR word write 0x0103020f is stored masked", w,
		 0x0103020fu & (all_cpus_mask() * 0x01010101u));
	for (unsigned i = 64; i < 68; i++)
		gic_route_spi(i, 0);
	gic_route_spi(TEST_SPI, 0);

	/* GICD_SGIR is write-only (RAZ). */
	report(mmio_read32(dist + GICD_SGIR) == 0, "GICD_SGIR reads 0");

	/* [CS]PENDSGIR: byte access, one bit per source CPU. */
	local_irq_disable();
	mmio_write8(dist + GICD_SPENDSGIR + 5, 0x01);
	t = mmio_read8(dist + GICD_SPENDSGIR + 5);
	report(t == 0x01 && gic_is_pending(5),
	       "SPENDSGIR byte: SGI 5 pending from cpu0 (%#x)", t);
	w = mmio_read32(dist + GICD_CPENDSGIR + 4);
	report(w == 0x0100, "CPENDSGIR word read %#x", w);
	mmio_write8(dist + GICD_CPENDSGIR + 5, 0x01);
	report(mmio_read8(dist + GICD_SPENDSGIR + 5) == 0 &&
		   !gic_is_pending(5),
	       "CPENDSGIR byte clears it");
	local_irq_enable();

	/* Reserved GICC words (IHI 0048B 4.4: 0x002c..0x003c reserved). */
	mmio_write32(gic_cpu_base() + 0x30, 0xffffffffu);
	report(mmio_read32(gic_cpu_base() + 0x30) == 0,
	       "GICC reserved 0x30 RAZ/WI");
}

int main(void)
{
	if (!gt_init())
		return 0;
	dist = gic_dist_base();
	ncpus = nr_cpus() < GT_MAX_CPUS ? nr_cpus() : GT_MAX_CPUS;
	test_common();
	if (gic_version() == 3)
		test_v3();
	else
		test_v2();
	return 0;
}
