// SPDX-License-Identifier: MIT
/*
 * pmu: the PMUv3 the guest sees (Arm ARM D11, registers D17.5; issue 9,
 * finding 1: the cycle counter went backwards and PMSWINC counted nothing):
 *  - the device tree has /pmu, "arm,armv8-pmuv3", interrupt PPI 7
 *    (PLATFORM.md); ID_AA64DFR0_EL1.PMUVer >= PMUv3; PMCEID0_EL0 lists
 *    SW_INCR and CPU_CYCLES;
 *  - PMCCNTR_EL0 never goes backwards while enabled, stands still while
 *    disabled, and is reset by PMCR_EL0.C;
 *  - SW_INCR counts exactly the PMSWINC_EL0 writes of enabled counters;
 *  - INST_RETIRED (if PMCEID0 says so) counts a loop of known length;
 *  - overflow: an event counter wrapping sets PMOVSSET_EL0 and, with
 *    PMINTENSET_EL1, raises INTID 23 through the GIC; so does the cycle
 *    counter wrapping at 32 bits (PMCR_EL0.LC = 0);
 *  - EL0 access follows PMUSERENR_EL0 (EC 0x18 when denied).
 */
#include "sdk.h"

#define PMU_INTID 23
#define PMCR_E (1ul << 0)
#define PMCR_P (1ul << 1)
#define PMCR_C (1ul << 2)
#define PMCR_LC (1ul << 6)
#define CYCLE (1ul << 31)
#define EV_SW_INCR 0x00
#define EV_INST_RETIRED 0x08
#define EV_CPU_CYCLES 0x11

extern char el0_ccntr_insn[];
void pmu_loop(uint64_t n);
uint64_t el0_ccntr(uint64_t);

static volatile uint32_t pmu_irqs, other_irqs;
static struct exc_frame trap;
static volatile int ntraps;

static void irq_handler(struct exc_frame *f)
{
	uint32_t iar = gic_ack();
	unsigned irq = gic_irqnr(iar);

	(void)f;
	if (irq >= 1020)
		return;
	if (irq == PMU_INTID) {
		pmu_irqs++;
		/* quiet the source before the EOI: clear every overflow */
		write_sysreg(read_sysreg(pmovsset_el0), pmovsclr_el0);
		isb();
	} else {
		other_irqs++;
	}
	gic_eoi(iar);
}

static bool skip_trap(struct exc_frame *f)
{
	memcpy(&trap, f, sizeof(trap));
	ntraps++;
	f->elr += 4;
	return true;
}

static void pmu_reset(void)
{
	write_sysreg(0, pmcr_el0);
	write_sysreg(~0ul, pmcntenclr_el0);
	write_sysreg(~0ul, pmintenclr_el1);
	write_sysreg(~0ul, pmovsclr_el0);
	write_sysreg(0, pmuserenr_el0);
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(PMCR_P | PMCR_C, pmcr_el0);
	isb();
}

static void set_evtype(unsigned n, uint64_t ev)
{
	write_sysreg(n, pmselr_el0);
	isb();
	write_sysreg(ev, pmxevtyper_el0);
	isb();
}

static void set_evcnt(unsigned n, uint64_t v)
{
	write_sysreg(n, pmselr_el0);
	isb();
	write_sysreg(v, pmxevcntr_el0);
	isb();
}

static uint64_t get_evcnt(unsigned n)
{
	write_sysreg(n, pmselr_el0);
	isb();
	return read_sysreg(pmxevcntr_el0);
}

static unsigned nctrs;

static void test_dt_and_ids(void)
{
	int node = fdt_node_by_compatible(-1, "arm,armv8-pmuv3");
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	uint64_t ceid0 = read_sysreg(pmceid0_el0);
	unsigned ver = (dfr0 >> 8) & 0xf;

	report(node >= 0, "/pmu node with compatible arm,armv8-pmuv3");
	if (node >= 0) {
		int len;
		const void *p = fdt_getprop(node, "interrupts", &len);

		report(p && len >= 12 && fdt_read_cells(p, 1) == 1 &&
			       fdt_read_cells((const char *)p + 4, 1) == 7 &&
			       (fdt_read_cells((const char *)p + 8, 1) & 0xf) ==
				       4,
		       "/pmu interrupts: PPI 7, level-high");
	}
	report(ver >= 1 && ver != 0xf, "ID_AA64DFR0_EL1.PMUVer %u: PMUv3",
	       ver);
	nctrs = (read_sysreg(pmcr_el0) >> 11) & 0x1f;
	report(nctrs >= 2, "PMCR_EL0.N = %u event counters", nctrs);
	report((ceid0 & (1ul << EV_SW_INCR)) &&
		       (ceid0 & (1ul << EV_CPU_CYCLES)),
	       "PMCEID0_EL0 %#lx lists SW_INCR and CPU_CYCLES", ceid0);
}

static void test_cycles(void)
{
	uint64_t prev, now, a, b;
	bool mono = true;

	pmu_reset();
	write_sysreg(CYCLE, pmcntenset_el0);
	write_sysreg(PMCR_E | PMCR_LC, pmcr_el0);
	isb();
	prev = read_sysreg(pmccntr_el0);
	for (int i = 0; i < 200; i++) {
		pmu_loop(100);
		now = read_sysreg(pmccntr_el0);
		if (now < prev)
			mono = false;
		prev = now;
	}
	report(mono, "PMCCNTR_EL0 never goes backwards (last %lu)", prev);
	report(prev > 0, "PMCCNTR_EL0 counts (%lu)", prev);

	write_sysreg(CYCLE, pmcntenclr_el0);
	isb();
	a = read_sysreg(pmccntr_el0);
	pmu_loop(10000);
	b = read_sysreg(pmccntr_el0);
	report(a == b, "disabled cycle counter stands still (%lu, %lu)", a, b);

	write_sysreg(PMCR_E | PMCR_LC | PMCR_C, pmcr_el0);
	isb();
	report(read_sysreg(pmccntr_el0) < a || a == 0,
	       "PMCR_EL0.C resets PMCCNTR_EL0 (%lu)",
	       read_sysreg(pmccntr_el0));
	pmu_reset();
}

static void test_sw_incr(void)
{
	pmu_reset();
	set_evtype(0, EV_SW_INCR);
	set_evtype(1, EV_SW_INCR);
	write_sysreg(1ul << 0, pmcntenset_el0); /* counter 1 stays off */
	write_sysreg(PMCR_E, pmcr_el0);
	isb();
	for (int i = 0; i < 10; i++)
		write_sysreg(3, pmswinc_el0);
	isb();
	report(get_evcnt(0) == 10, "SW_INCR counter: %lu (want 10)",
	       get_evcnt(0));
	report(get_evcnt(1) == 0, "disabled SW_INCR counter: %lu (want 0)",
	       get_evcnt(1));
	write_sysreg(0, pmcr_el0); /* PMCR_EL0.E = 0 stops them all */
	isb();
	write_sysreg(1, pmswinc_el0);
	isb();
	report(get_evcnt(0) == 10, "PMCR_EL0.E = 0: no count (%lu)",
	       get_evcnt(0));
	pmu_reset();
}

static void test_inst_retired(void)
{
	uint64_t n;

	if (!(read_sysreg(pmceid0_el0) & (1ul << EV_INST_RETIRED))) {
		report_skip("INST_RETIRED not implemented (PMCEID0_EL0)");
		return;
	}
	pmu_reset();
	set_evtype(0, EV_INST_RETIRED);
	write_sysreg(1, pmcntenset_el0);
	write_sysreg(PMCR_E, pmcr_el0);
	isb();
	pmu_loop(10000);
	isb();
	n = get_evcnt(0);
	/* 40000 instructions in the loop; the rest is a few dozen */
	report(n >= 40000 && n < 41000, "INST_RETIRED over 40000: %lu", n);
	pmu_reset();
}

static bool wait_irqs(uint32_t want)
{
	uint64_t end = cnt_read() + us_to_ticks(2000000);

	while (pmu_irqs < want && cnt_read() < end)
		pmu_loop(100); /* busy: cycles count while running */
	return pmu_irqs >= want;
}

static void test_overflow(void)
{
	gic_set_priority(PMU_INTID, 0x80);
	gic_enable_irq(PMU_INTID);
	local_irq_enable();

	/* an event counter wrapping from 0xffffffff */
	pmu_reset();
	pmu_irqs = 0;
	set_evtype(0, EV_SW_INCR);
	set_evcnt(0, 0xfffffffe);
	write_sysreg(1, pmcntenset_el0);
	write_sysreg(PMCR_E, pmcr_el0);
	isb();
	write_sysreg(1, pmswinc_el0);
	isb();
	report(!(read_sysreg(pmovsset_el0) & 1) && pmu_irqs == 0,
	       "no overflow at 0xffffffff");
	write_sysreg(1, pmswinc_el0);
	isb();
	/* PMUv3p5 (QEMU's max CPU) has 64-bit event counters that overflow
	 * at 32 bits with PMCR_EL0.LP = 0: only the low half wraps. */
	report((uint32_t)get_evcnt(0) == 0, "counter wrapped to 0 (%#lx)",
	       get_evcnt(0));
	report(read_sysreg(pmovsset_el0) & 1, "PMOVSSET_EL0 bit 0 set");
	report(pmu_irqs == 0, "no interrupt without PMINTENSET_EL1 (%u)",
	       pmu_irqs);
	write_sysreg(1, pmintenset_el1);
	isb();
	report(wait_irqs(1), "overflow interrupt INTID 23 (%u)", pmu_irqs);
	report(!(read_sysreg(pmovsset_el0) & 1),
	       "handler cleared PMOVSSET_EL0");

	/* the cycle counter wrapping at 32 bits (LC = 0), from close by */
	pmu_reset();
	pmu_irqs = 0;
	write_sysreg(0xffffffffu - 2000000u, pmccntr_el0);
	write_sysreg(CYCLE, pmintenset_el1);
	write_sysreg(CYCLE, pmcntenset_el0);
	write_sysreg(PMCR_E, pmcr_el0);
	isb();
	report(wait_irqs(1), "cycle counter overflow interrupt (%u)",
	       pmu_irqs);
	report(read_sysreg(pmccntr_el0) >> 32 == 1,
	       "PMCCNTR_EL0 carried into bit 32 (%#lx)",
	       read_sysreg(pmccntr_el0));
	local_irq_disable();
	pmu_reset();
	report(other_irqs == 0, "no other interrupt (%u)", other_irqs);
}

static void test_el0(void)
{
	uint64_t v;

	pmu_reset();
	write_sysreg(CYCLE, pmcntenset_el0);
	write_sysreg(PMCR_E, pmcr_el0);
	isb();
	ntraps = 0;
	el0_call(el0_ccntr, 0);
	report(ntraps == 1 && ESR_EC(trap.esr) == EC_SYS64 &&
		       trap.elr == (uint64_t)el0_ccntr_insn,
	       "EL0 PMCCNTR_EL0 read with PMUSERENR_EL0 = 0: EC %#lx (%d)",
	       ESR_EC(trap.esr), ntraps);
	/* ISS: Op0 3, Op2 0, Op1 3, CRn 9, Rt 0, CRm 13, read */
	report(ESR_ISS(trap.esr) == (3ul << 20 | 3ul << 14 | 9ul << 10 |
				     13ul << 1 | 1),
	       "ISS %#lx", ESR_ISS(trap.esr));
	write_sysreg(1ul << 2, pmuserenr_el0); /* CR: cycle counter reads */
	isb();
	ntraps = 0;
	v = el0_call(el0_ccntr, 0);
	report(ntraps == 0 && v > 0, "EL0 read with PMUSERENR_EL0.CR: %lu",
	       v);
	pmu_reset();
}

int main(void)
{
	gic_init();
	install_irq_handler(irq_handler);
	install_sync_handler(EC_SYS64, skip_trap);
	install_sync_handler(EC_UNKNOWN, skip_trap);
	el0_setup();
	test_dt_and_ids();
	test_cycles();
	test_sw_incr();
	test_inst_retired();
	test_overflow();
	test_el0();
	return 0;
}
