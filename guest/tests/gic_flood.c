// SPDX-License-Identifier: MIT
/*
 * gic_flood: a guest that floods the GIC with SGIs, or sends it values it
 * does not implement, gets the architected result and cannot stall the
 * hypervisor (for armvisor --irqchip user, the VMM's GIC, whose every
 * access is an exit to the VMM).
 *  - every CPU at once, IRQs masked, sends each of SGIs 0..13 to every CPU
 *    FLOOD / 14 times: once unmasked, each CPU takes each SGI exactly once
 *    per source on GICv2 (pending is per source CPU, IHI 0048B 4.3.15,
 *    GICC_IAR.CPUID 4.4.4) and exactly once on GICv3 (pending is a state,
 *    IHI 0069 4.1.2);
 *  - the same with IRQs unmasked, every CPU interrupted while it floods:
 *    all of them finish, and each takes between 1 and the number sent;
 *  - GICv2: GICD_SGIR with the reserved TargetListFilter 3 or a target
 *    list of absent CPUs only makes nothing pending (IHI 0048B 4.3.15);
 *    IPRIORITYR and PMR keep only the implemented bits; ITARGETSR only
 *    present CPUs (4.3.12); an SGI still arrives afterwards.  These are
 *    armvisor's (KVM's) choices where the GICv2 spec leaves room (reserved
 *    filter, how many priority bits); QEMU implements 8 priority bits and
 *    keeps absent CPUs' target bits, so there only the last check runs.
 * SGI 15 is the test harness's wake-up poke and is not counted.
 */
#include "gic_test.h"

#define FLOOD 4200 /* SGIR writes per CPU and phase: 300 per SGI */
#define NSGI 14

static int ncpus;
static volatile uint32_t ready, start, flooded, go;

static uint32_t all_cpus(void) { return (1u << ncpus) - 1; }

/* Masked on every CPU before anyone floods (CPU 0 then clears the logs
 * and says start), released together once everyone is done. */
static void flood_masked(int cpu, uintptr_t arg)
{
	(void)cpu;
	(void)arg;
	local_irq_disable();
	atomic_inc(&ready);
	while (!atomic_read(&start))
		;
	for (unsigned i = 0; i < FLOOD; i++)
		gic_send_sgi_list(i % NSGI, all_cpus());
	atomic_inc(&flooded);
	while (!atomic_read(&go))
		;
	local_irq_enable();
}

static void flood_live(int cpu, uintptr_t arg)
{
	(void)cpu;
	(void)arg;
	for (unsigned i = 0; i < FLOOD; i++)
		gic_send_sgi_list(i % NSGI, all_cpus());
	atomic_inc(&flooded);
}

/* Run fn on every CPU at once (secondaries through the mailbox). */
static bool run_everywhere(gt_fn fn)
{
	uint32_t done[GT_MAX_CPUS];
	bool ok = true;

	atomic_set(&ready, 0);
	atomic_set(&start, 0);
	atomic_set(&flooded, 0);
	atomic_set(&go, 0);
	for (int cpu = 1; cpu < ncpus; cpu++) {
		done[cpu] = atomic_read(&gt_done[cpu]);
		gt_arg[cpu] = 0;
		atomic_set(&gt_cmd[cpu], fn);
	}
	dsb(ish);
	for (int cpu = 1; cpu < ncpus; cpu++)
		gic_send_sgi(15, (unsigned)cpu);
	if (fn == flood_masked) {
		/* CPU 0 floods too, then releases everyone at once. */
		local_irq_disable();
		atomic_inc(&ready);
		ok = gt_wait(&ready, (uint32_t)ncpus);
		gt_reset_logs(); /* the pokes are behind us */
		atomic_set(&start, 1);
		for (unsigned i = 0; i < FLOOD; i++)
			gic_send_sgi_list(i % NSGI, all_cpus());
		atomic_inc(&flooded);
		ok = gt_wait(&flooded, (uint32_t)ncpus) && ok;
		atomic_set(&go, 1);
		local_irq_enable();
	} else {
		fn(0, 0);
		ok = gt_wait(&flooded, (uint32_t)ncpus);
	}
	for (int cpu = 1; cpu < ncpus; cpu++)
		if (!gt_wait(&gt_done[cpu], done[cpu] + 1))
			ok = false;
	return ok;
}

static void test_masked_flood(void)
{
	uint32_t want = gic_version() == 2 ? (uint32_t)ncpus : 1;
	bool ok, exact = true;

	ok = run_everywhere(flood_masked);
	report(ok, "%d CPUs each sent %u SGIs with IRQs masked", ncpus, FLOOD);
	for (int cpu = 0; cpu < ncpus; cpu++)
		for (unsigned s = 0; s < NSGI; s++)
			if (!gt_wait(&gt_log[cpu].count[s], want))
				exact = false;
	gt_settle();
	for (int cpu = 0; cpu < ncpus; cpu++) {
		for (unsigned s = 0; s < NSGI; s++) {
			uint32_t got = gt_log[cpu].count[s];

			if (got != want ||
			    (gic_version() == 2 &&
			     gt_log[cpu].srcmask[s] != all_cpus())) {
				report_info("cpu%d SGI %u: %u deliveries "
					    "(want %u), sources %#x",
					    cpu, s, got, want,
					    gt_log[cpu].srcmask[s]);
				exact = false;
			}
		}
		if (gt_log[cpu].spurious)
			report_info("cpu%d: %u spurious", cpu,
				    gt_log[cpu].spurious);
	}
	report(exact, "each CPU took each SGI %u time(s)%s", want,
	       gic_version() == 2 ? ", once per source CPU" : "");
}

static void test_live_flood(void)
{
	bool ok, bounded = true;

	gt_reset_logs();
	ok = run_everywhere(flood_live);
	gt_settle();
	for (int cpu = 0; cpu < ncpus; cpu++)
		for (unsigned s = 0; s < NSGI; s++) {
			uint32_t got = gt_log[cpu].count[s];

			if (got < 1 || got > (FLOOD / NSGI) * (uint32_t)ncpus) {
				report_info("cpu%d SGI %u: %u deliveries", cpu,
					    s, got);
				bounded = false;
			}
		}
	report(ok,
	       "%d CPUs each sent %u SGIs with IRQs unmasked: all "
	       "finished",
	       ncpus, FLOOD);
	report(bounded,
	       "each CPU took each SGI at least once and at most "
	       "once per send (CPU 0 took SGI 0 %u times)",
	       gt_log[0].count[0]);
}

static void test_v2_bad_values(void)
{
	uintptr_t d = gic_dist_base(), c = gic_cpu_base();
	uint32_t absent = (0xffu & ~all_cpus()) << 16;
	bool none = true;

	if (platform_is_qemu())
		goto still_works;
	gt_reset_logs();
	/* Reserved TargetListFilter 3; a list of absent CPUs only. */
	mmio_write32(d + 0xf00, 3u << 24 | 0xffu << 16 | 7);
	if (absent)
		mmio_write32(d + 0xf00, absent | 8);
	gt_settle();
	for (int cpu = 0; cpu < ncpus; cpu++)
		if (gt_log[cpu].count[7] || gt_log[cpu].count[8])
			none = false;
	report(none, "GICv2: SGIR with filter 3 or absent targets only: "
		     "nothing delivered");
	/* Priority of SPI 40..43: the low 3 bits are not implemented. */
	mmio_write32(d + 0x400 + 40, 0xffffffff);
	report(mmio_read32(d + 0x400 + 40) == 0xf8f8f8f8,
	       "GICv2: IPRIORITYR 0xffffffff reads %#x (want 0xf8f8f8f8)",
	       mmio_read32(d + 0x400 + 40));
	mmio_write32(d + 0x400 + 40, 0xa0a0a0a0);
	mmio_write32(d + 0x800 + 40, 0xffffffff);
	report(mmio_read32(d + 0x800 + 40) == all_cpus() * 0x01010101u,
	       "GICv2: ITARGETSR 0xffffffff reads %#x (present CPUs only)",
	       mmio_read32(d + 0x800 + 40));
	mmio_write32(d + 0x800 + 40, 0x01010101);
	uint32_t pmr = mmio_read32(c + 0x4);

	mmio_write32(c + 0x4, 0xff);
	report(mmio_read32(c + 0x4) == 0xf8, "GICv2: GICC_PMR 0xff reads %#x",
	       mmio_read32(c + 0x4));
	mmio_write32(c + 0x4, pmr);
still_works:
	gt_reset_logs();
	gic_send_sgi_self(6);
	report(gt_wait(&gt_log[0].count[6], 1), "GICv2: an SGI still arrives");
}

int main(void)
{
	if (!gt_init())
		return 0;
	ncpus = nr_cpus() < GT_MAX_CPUS ? nr_cpus() : GT_MAX_CPUS;
	if (ncpus > 1 && !gt_start_secondaries(ncpus)) {
		report(false, "secondaries online");
		return 0;
	}
	test_masked_flood();
	test_live_flood();
	if (gic_version() == 2)
		test_v2_bad_values();
	if (ncpus > 1)
		gt_stop_secondaries(ncpus);
	return 0;
}
