// SPDX-License-Identifier: MIT
/*
 * gic_sgi: software-generated interrupts (IHI 0069 12.2.22 ICC_SGI1R_EL1,
 * IHI 0048B 4.3.15 GICD_SGIR): to self, to one CPU, to a list, to all but
 * self (GICv3 IRM = 1 broadcast, GICv2 TargetListFilter 1), from every CPU;
 * each delivered exactly once, on the right CPUs, with the right source
 * (GICv2: GICC_IAR.CPUID, IHI 0048B 4.4.4).  SGI 15 is the tests' wake-up
 * poke and is not counted here.
 */
#include "gic_test.h"

static int ncpus;

/* Expect, on each CPU, `want[cpu]` deliveries of sgi (and from `src` on
 * GICv2), and nothing else. */
static void check_delivery(const char *what, unsigned sgi,
			   const uint32_t *want, int src)
{
	bool ok = true;

	for (int cpu = 0; cpu < ncpus; cpu++)
		if (want[cpu] && !gt_wait(&gt_log[cpu].count[sgi], want[cpu]))
			ok = false;
	gt_settle();
	for (int cpu = 0; cpu < ncpus; cpu++) {
		uint32_t got = gt_log[cpu].count[sgi];

		if (got != want[cpu]) {
			report_info("%s: cpu%d got SGI %u %u times, want %u",
				    what, cpu, sgi, got, want[cpu]);
			ok = false;
		}
		for (unsigned i = 0; i < 15; i++)
			if (i != sgi && gt_log[cpu].count[i]) {
				report_info("%s: cpu%d got unexpected SGI %u",
					    what, cpu, i);
				ok = false;
			}
		if (gic_version() == 2 && want[cpu] &&
		    gt_log[cpu].source[sgi] != (uint32_t)src) {
			report_info("%s: cpu%d saw source cpu%u, want cpu%d",
				    what, cpu, gt_log[cpu].source[sgi], src);
			ok = false;
		}
	}
	report(ok, "%s: SGI %u delivered exactly once per target%s", what, sgi,
	       gic_version() == 2 ? ", right source CPU" : "");
}

static void test_self(void)
{
	uint32_t want[GT_MAX_CPUS] = {0};
	bool ok = true;

	/* Every SGI but 15 to self, one at a time. */
	for (unsigned sgi = 0; sgi < 15; sgi++) {
		gt_reset_logs();
		gic_send_sgi_self(sgi);
		if (!gt_wait(&gt_log[0].count[sgi], 1))
			ok = false;
	}
	report(ok, "self: each of SGIs 0..14 arrives");
	gt_reset_logs();
	want[0] = 1;
	gic_send_sgi_self(3);
	check_delivery("self", 3, want, 0);

	/* By explicit target (own affinity / own target bit). */
	gt_reset_logs();
	gic_send_sgi(4, 0);
	check_delivery("to cpu0 by target", 4, want, 0);

	/* Two sends while IRQs are masked collapse into one delivery: an SGI
	 * is edge-triggered, pending is a state, not a count (IHI 0069 4.1.2;
	 * on GICv2 per source CPU). */
	gt_reset_logs();
	local_irq_disable();
	gic_send_sgi_self(5);
	gic_send_sgi_self(5);
	local_irq_enable();
	check_delivery("self twice while masked", 5, want, 0);
}

static void send_from(int cpu, uintptr_t arg)
{
	unsigned sgi = arg & 0xff;
	unsigned kind = (arg >> 8) & 0xff;
	uint32_t mask = (uint32_t)(arg >> 16);

	(void)cpu;
	switch (kind) {
	case 0:
		gic_send_sgi(sgi, mask);
		break;
	case 1:
		gic_send_sgi_list(sgi, mask);
		break;
	case 2:
		gic_send_sgi_others(sgi);
		break;
	default:
		gic_send_sgi_self(sgi);
		break;
	}
}

static uintptr_t cmd(unsigned sgi, unsigned kind, uint32_t mask)
{
	return sgi | kind << 8 | (uintptr_t)mask << 16;
}

static void test_multi(void)
{
	uint32_t want[GT_MAX_CPUS];
	uint32_t all = (1u << ncpus) - 1;
	char what[64];

	/* CPU 0 to each other CPU in turn. */
	for (int t = 1; t < ncpus; t++) {
		gt_reset_logs();
		memset(want, 0, sizeof(want));
		want[t] = 1;
		gic_send_sgi(2, (unsigned)t);
		snprintf(what, sizeof(what), "cpu0 -> cpu%d", t);
		check_delivery(what, 2, want, 0);
	}

	/* A list: every CPU, self included. */
	gt_reset_logs();
	for (int i = 0; i < ncpus; i++)
		want[i] = 1;
	gic_send_sgi_list(6, all);
	check_delivery("cpu0 -> list of all CPUs", 6, want, 0);

	/* A list without self: the odd CPUs. */
	gt_reset_logs();
	for (int i = 0; i < ncpus; i++)
		want[i] = i & 1;
	gic_send_sgi_list(7, all & 0xaaaaaaaau);
	check_delivery("cpu0 -> list of odd CPUs", 7, want, 0);

	/* All but self (GICv3: IRM = 1; GICv2: filter 1). */
	gt_reset_logs();
	for (int i = 0; i < ncpus; i++)
		want[i] = i != 0;
	gic_send_sgi_others(8);
	check_delivery(gic_version() == 3 ? "cpu0 -> all but self (IRM=1)"
					  : "cpu0 -> all but self (filter 1)",
		       8, want, 0);

	/* From each secondary: to cpu0, to all but self, to self. */
	for (int s = 1; s < ncpus; s++) {
		gt_reset_logs();
		memset(want, 0, sizeof(want));
		want[0] = 1;
		gt_run_on(s, send_from, cmd(9, 0, 0));
		snprintf(what, sizeof(what), "cpu%d -> cpu0", s);
		check_delivery(what, 9, want, s);

		gt_reset_logs();
		for (int i = 0; i < ncpus; i++)
			want[i] = i != s;
		gt_run_on(s, send_from, cmd(10, 2, 0));
		snprintf(what, sizeof(what), "cpu%d -> all but self", s);
		check_delivery(what, 10, want, s);

		gt_reset_logs();
		memset(want, 0, sizeof(want));
		want[s] = 1;
		gt_run_on(s, send_from, cmd(11, 3, 0));
		snprintf(what, sizeof(what), "cpu%d -> self", s);
		check_delivery(what, 11, want, s);

		gt_reset_logs();
		for (int i = 0; i < ncpus; i++)
			want[i] = 1;
		gt_run_on(s, send_from, cmd(12, 1, all));
		snprintf(what, sizeof(what), "cpu%d -> list of all", s);
		check_delivery(what, 12, want, s);
	}
}

/* GICv2: two sources of one SGI pending at once are two deliveries, each
 * with its own CPUID (IHI 0048B 3.2.1 "SGIs ... a separate pending state
 * for each source"). */
static void test_v2_sources(void)
{
	bool ok;

	gt_reset_logs();
	local_irq_disable();
	gic_send_sgi_self(13);
	gt_run_on(1, send_from, cmd(13, 0, 0));
	local_irq_enable();
	ok = gt_wait(&gt_log[0].count[13], 2);
	gt_settle();
	report(ok && gt_log[0].count[13] == 2 && gt_log[0].srcmask[13] == 3,
	       "GICv2: SGI 13 from cpu0 and cpu1 pending together: two "
	       "deliveries (%u), sources %#x (want 0x3)",
	       gt_log[0].count[13], gt_log[0].srcmask[13]);
}

int main(void)
{
	if (!gt_init())
		return 0;
	ncpus = nr_cpus() < GT_MAX_CPUS ? nr_cpus() : GT_MAX_CPUS;
	test_self();
	if (ncpus < 2) {
		report_skip("multi-CPU SGIs need 2 CPUs");
		return 0;
	}
	if (!gt_start_secondaries(ncpus)) {
		report(false, "secondaries online");
		return 0;
	}
	test_multi();
	if (gic_version() == 2)
		test_v2_sources();
	gt_stop_secondaries(ncpus);
	return 0;
}
