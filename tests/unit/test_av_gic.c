/* SPDX-License-Identifier: MIT */
/*
 * av_gic (include/armvisor/av_gic.h): the vGIC's GICv2 as the component a
 * VMM with the user irqchip owns.  Through its public interface only, as
 * vmm/user_gic.c drives it:
 *  - creation and call rules (bad counts, frames, CPUs, INTIDs, widths);
 *  - the output lines: a PPI level, acknowledge, EOI; an SPI to its
 *    ITARGETSR CPU; Group 0 as FIQ with GICC_CTLR.FIQEn; PMR and running
 *    priority (IHI 0048B 3.3);
 *  - out-of-range values get the architected result (IHI 0048B 4.3, 4.4:
 *    unimplemented priority bits RAZ, absent CPUs' target bits RAZ/WI,
 *    SGI/PPI configuration read-only, reserved filter, EOI of what is not
 *    active);
 *  - an SGI flood from every CPU at once ends in bounded time with the
 *    GICv2 state it must have: one pending instance per SGI and source
 *    (IHI 0048B 4.3.15, 4.3.16), each acknowledged once with its CPUID.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>

#include "armvisor/armvisor.h"
#include "armvisor/av_gic.h"

#define GICD 0x08000000ull
#define GICC 0x08010000ull

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ISPENDR 0x200
#define GICD_ISACTIVER 0x300
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_SPENDSGIR 0xf20
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_RPR 0x14
#define GICC_HPPIR 0x18

#define LINE_IRQ (1 << AV_IRQ_CPU_IRQ)
#define LINE_FIQ (1 << AV_IRQ_CPU_FIQ)

static av_gic *mk(unsigned n)
{
	struct av_gic_config cfg = {n, GICD, GICC};
	int err = 1;
	av_gic *g = av_gic_create(&cfg, &err);

	assert_non_null(g);
	assert_int_equal(err, 0);
	return g;
}

static uint32_t rd(av_gic *g, unsigned cpu, uint64_t addr)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(av_gic_mmio(g, cpu, addr, 4, false, &v), 0);
	return (uint32_t)v;
}

static void wr(av_gic *g, unsigned cpu, uint64_t addr, uint32_t val)
{
	uint64_t v = val;

	assert_int_equal(av_gic_mmio(g, cpu, addr, 4, true, &v), 0);
}

/* Distributor on, CPU interface of each CPU on (Group 0), PMR open. */
static void enable_all(av_gic *g, unsigned n)
{
	wr(g, 0, GICD + GICD_CTLR, 1);
	for (unsigned c = 0; c < n; c++) {
		wr(g, c, GICC + GICC_CTLR, 1);
		wr(g, c, GICC + GICC_PMR, 0xf0);
	}
}

static void test_create_rules(void **s)
{
	struct av_gic_config cfg = {1, GICD, GICC};
	int err = 0;

	assert_null(av_gic_create(NULL, &err));
	assert_int_equal(err, -EINVAL);
	cfg.nr_cpus = 0;
	assert_null(av_gic_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg.nr_cpus = 9; /* GICD_ITARGETSR has 8 bits */
	assert_null(av_gic_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg.nr_cpus = 2;
	cfg.dist_base = GICD + 0x100; /* not 4 KiB aligned */
	assert_null(av_gic_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg.dist_base = GICD;
	cfg.cpu_base = GICD; /* overlaps the distributor */
	assert_null(av_gic_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg.cpu_base = 1ull << 40; /* beyond the IPA space */
	assert_null(av_gic_create(&cfg, &err));
	assert_int_equal(err, -EINVAL);
	cfg.cpu_base = GICC;
	av_gic *g = av_gic_create(&cfg, NULL);
	assert_non_null(g);
	assert_int_equal(av_gic_destroy(g), 0);
	assert_int_equal(av_gic_destroy(NULL), -EINVAL);
}

static void test_call_rules(void **s)
{
	av_gic *g = mk(2);
	uint64_t v = 0;

	assert_int_equal(av_gic_mmio(NULL, 0, GICD, 4, false, &v), -EINVAL);
	assert_int_equal(av_gic_mmio(g, 2, GICD, 4, false, &v), -EINVAL);
	assert_int_equal(av_gic_mmio(g, 0, GICD, 3, false, &v), -EINVAL);
	assert_int_equal(av_gic_mmio(g, 0, GICD, 4, false, NULL), -EINVAL);
	/* Not the GIC's: the VMM's other devices. */
	assert_int_equal(av_gic_mmio(g, 0, 0x09000000, 4, false, &v), -ENODEV);
	assert_int_equal(av_gic_mmio(g, 0, GICD + 0x1000, 4, false, &v),
			 -ENODEV);
	assert_int_equal(av_gic_mmio(g, 0, GICC + 0x2000, 4, true, &v),
			 -ENODEV);
	assert_int_equal(av_gic_set_irq(NULL, 0, 33, true), -EINVAL);
	assert_int_equal(av_gic_set_irq(g, 0, 0, true), -EINVAL); /* SGI */
	assert_int_equal(av_gic_set_irq(g, 0, 15, true), -EINVAL);
	assert_int_equal(av_gic_set_irq(g, 0, 256, true), -EINVAL);
	assert_int_equal(av_gic_set_irq(g, 2, 27, true), -EINVAL); /* PPI */
	assert_int_equal(av_gic_set_irq(g, 7, 33, true), 0); /* SPI: any */
	assert_int_equal(av_gic_cpu_lines(g, 2), -EINVAL);
	assert_int_equal(av_gic_cpu_lines(NULL, 0), -EINVAL);
	assert_int_equal(av_gic_take_changed(NULL), 0);
	assert_int_equal(av_gic_destroy(g), 0);
}

/* A level-sensitive PPI: line up, acknowledge (active: down), EOI with the
 * level low (stays down), level up again (line up). */
static void test_ppi_ack_eoi(void **s)
{
	av_gic *g = mk(2);

	enable_all(g, 2);
	wr(g, 0, GICD + GICD_ISENABLER, 1u << 27);
	wr(g, 0, GICD + GICD_IPRIORITYR + 24, 0xa0u << 24); /* INTID 27 */
	av_gic_take_changed(g);
	assert_int_equal(av_gic_cpu_lines(g, 0), 0);
	assert_int_equal(av_gic_set_irq(g, 0, 27, true), 0);
	assert_true(av_gic_take_changed(g) & 1);
	assert_int_equal(av_gic_cpu_lines(g, 0), LINE_IRQ);
	assert_int_equal(av_gic_cpu_lines(g, 1), 0); /* CPU 1's PPI 27: low */
	assert_int_equal(rd(g, 0, GICC + GICC_HPPIR), 27);
	assert_int_equal(rd(g, 0, GICC + GICC_IAR), 27);
	assert_int_equal(av_gic_cpu_lines(g, 0), 0);	   /* active */
	assert_int_equal(rd(g, 0, GICC + GICC_RPR), 0xa0); /* prio 0xa0 */
	assert_int_equal(rd(g, 0, GICD + GICD_ISACTIVER) & (1u << 27),
			 1u << 27);
	assert_int_equal(av_gic_set_irq(g, 0, 27, false), 0);
	wr(g, 0, GICC + GICC_EOIR, 27);
	assert_int_equal(rd(g, 0, GICC + GICC_RPR), 0xff);
	assert_int_equal(av_gic_cpu_lines(g, 0), 0);
	assert_int_equal(rd(g, 0, GICC + GICC_IAR), 1023);
	assert_int_equal(av_gic_set_irq(g, 0, 27, true), 0);
	assert_int_equal(av_gic_cpu_lines(g, 0), LINE_IRQ);
	/* PMR at or below the priority: not signalled (IHI 0048B 3.3.2). */
	wr(g, 0, GICC + GICC_PMR, 0xa0);
	assert_int_equal(av_gic_cpu_lines(g, 0), 0);
	assert_int_equal(rd(g, 0, GICC + GICC_IAR), 1023);
	assert_int_equal(av_gic_destroy(g), 0);
}

/* An SPI goes to its ITARGETSR CPU; Group 0 is FIQ with FIQEn. */
static void test_spi_target_and_fiq(void **s)
{
	av_gic *g = mk(4);

	enable_all(g, 4);
	/* One byte per INTID: 33 is byte 1 of the word at 32. */
	wr(g, 0, GICD + GICD_ITARGETSR + 32, 0x04u << 8);
	wr(g, 0, GICD + GICD_ISENABLER + 4, 1u << 1); /* INTID 33 */
	av_gic_take_changed(g);
	assert_int_equal(av_gic_set_irq(g, 0, 33, true), 0);
	assert_true(av_gic_take_changed(g) & (1u << 2));
	assert_int_equal(av_gic_cpu_lines(g, 0), 0);
	assert_int_equal(av_gic_cpu_lines(g, 2), LINE_IRQ);
	wr(g, 2, GICC + GICC_CTLR, 1 | 1u << 3); /* EnableGrp0, FIQEn */
	assert_int_equal(av_gic_cpu_lines(g, 2), LINE_FIQ);
	/* Group 1 with only Group 0 enabled: nothing. */
	wr(g, 0, GICD + GICD_IGROUPR + 4, 1u << 1);
	assert_int_equal(av_gic_cpu_lines(g, 2), 0);
	wr(g, 2, GICC + GICC_CTLR, 3);
	assert_int_equal(av_gic_cpu_lines(g, 2), LINE_IRQ);
	/* Retarget while pending: the line moves (IHI 0048B 4.3.12). */
	wr(g, 0, GICD + GICD_ITARGETSR + 32, 0x08u << 8);
	assert_int_equal(av_gic_cpu_lines(g, 2), 0);
	wr(g, 3, GICC + GICC_CTLR, 3);
	assert_int_equal(av_gic_cpu_lines(g, 3), LINE_IRQ);
	assert_int_equal(av_gic_destroy(g), 0);
}

/* Values the GIC does not implement read back as the GIC has them. */
static void test_out_of_range_values(void **s)
{
	av_gic *g = mk(2);
	uint64_t v;

	/* 5 priority bits: the low three are RAZ/WI. */
	wr(g, 0, GICD + GICD_IPRIORITYR + 32, 0xffffffff);
	assert_int_equal(rd(g, 0, GICD + GICD_IPRIORITYR + 32), 0xf8f8f8f8);
	wr(g, 0, GICC + GICC_PMR, 0xff);
	assert_int_equal(rd(g, 0, GICC + GICC_PMR), 0xf8);
	wr(g, 0, GICC + GICC_BPR, 0);
	assert_int_equal(rd(g, 0, GICC + GICC_BPR), 2); /* minimum */
	/* Two CPUs: the other six target bits are RAZ/WI. */
	wr(g, 0, GICD + GICD_ITARGETSR + 32, 0xffffffff);
	assert_int_equal(rd(g, 0, GICD + GICD_ITARGETSR + 32), 0x03030303);
	/* SGIs are edge, PPIs read-only here; SPIs take it. */
	wr(g, 0, GICD + GICD_ICFGR, 0);
	assert_int_equal(rd(g, 0, GICD + GICD_ICFGR), 0xaaaaaaaa);
	wr(g, 0, GICD + GICD_ICFGR + 8, 0xffffffff);
	assert_int_equal(rd(g, 0, GICD + GICD_ICFGR + 8), 0xaaaaaaaa);
	/* GICD_TYPER: ITLinesNumber 7 (256 INTIDs), CPUNumber 1. */
	assert_int_equal(rd(g, 0, GICD + GICD_TYPER), 7 | 1 << 5);
	/* Reserved offsets and 8-byte accesses are RAZ/WI. */
	wr(g, 0, GICD + 0xffc, 0xffffffff);
	assert_int_equal(rd(g, 0, GICD + 0xffc), 0);
	v = ~0ull;
	assert_int_equal(av_gic_mmio(g, 0, GICD + GICD_CTLR, 8, true, &v), 0);
	assert_int_equal(rd(g, 0, GICD + GICD_CTLR), 0);
	assert_int_equal(av_gic_mmio(g, 0, GICC + 0x1ffc, 8, false, &v), 0);
	assert_int_equal(v, 0);
	/* Reserved SGIR filter (3): no SGI anywhere. */
	enable_all(g, 2);
	wr(g, 0, GICD + GICD_SGIR, 3u << 24 | 0xff << 16 | 5);
	assert_int_equal(rd(g, 0, GICD + GICD_SPENDSGIR + 4), 0);
	assert_int_equal(rd(g, 1, GICD + GICD_SPENDSGIR + 4), 0);
	/* SGIR to absent CPUs 2..7 only: nothing. */
	wr(g, 0, GICD + GICD_SGIR, 0xfc << 16 | 5);
	assert_int_equal(av_gic_cpu_lines(g, 0) | av_gic_cpu_lines(g, 1), 0);
	/* An EOI that is not the last IAR value is UNPREDICTABLE (IHI
	 * 0048B 4.4.5); here, as KVM: the priority drops, nothing is
	 * deactivated.  GICD_ICACTIVER then deactivates (4.3.9), and the
	 * level, still high, makes it pending again. */
	wr(g, 0, GICD + GICD_IPRIORITYR + 32, 0); /* signalled under PMR */
	wr(g, 0, GICD + GICD_ICFGR + 8, 0);	  /* level again (edge above) */
	wr(g, 0, GICD + GICD_ISENABLER + 4, 1u << 1);
	assert_int_equal(av_gic_set_irq(g, 0, 33, true), 0);
	assert_int_equal(rd(g, 0, GICC + GICC_IAR), 33);
	assert_int_equal(av_gic_cpu_lines(g, 0), 0);
	wr(g, 0, GICC + GICC_EOIR, 1023);
	assert_int_equal(rd(g, 0, GICD + GICD_ISACTIVER + 4), 1u << 1);
	assert_int_equal(rd(g, 0, GICC + GICC_RPR), 0xff);
	assert_int_equal(av_gic_cpu_lines(g, 0), 0); /* active, not pending */
	wr(g, 0, GICD + 0x380 + 4, 1u << 1);	     /* GICD_ICACTIVER1 */
	assert_int_equal(rd(g, 0, GICD + GICD_ISACTIVER + 4), 0);
	assert_int_equal(av_gic_cpu_lines(g, 0), LINE_IRQ);
	assert_int_equal(rd(g, 0, GICC + GICC_IAR), 33);
	wr(g, 0, GICC + GICC_EOIR, 33);
	assert_int_equal(rd(g, 0, GICD + GICD_ISACTIVER + 4), 0);
	assert_int_equal(av_gic_destroy(g), 0);
}

#define FLOOD_CPUS 8
#define FLOOD_WRITES 50000

struct flood_arg {
	av_gic *g;
	unsigned cpu;
};

/* Every target, every SGI, as fast as the calls go; also reads the
 * lines as a VMM would after each access. */
static void *flood(void *p)
{
	struct flood_arg *a = p;

	for (unsigned i = 0; i < FLOOD_WRITES; i++) {
		uint64_t v = 0xffu << 16 | (i % 16);

		assert_int_equal(
		    av_gic_mmio(a->g, a->cpu, GICD + GICD_SGIR, 4, true, &v),
		    0);
		if (i % 64 == 0) {
			uint32_t m = av_gic_take_changed(a->g);

			for (unsigned c = 0; c < FLOOD_CPUS; c++)
				if (m & (1u << c))
					assert_true(av_gic_cpu_lines(a->g, c) >=
						    0);
		}
	}
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_sgi_flood(void **s)
{
	av_gic *g = mk(FLOOD_CPUS);
	struct flood_arg args[FLOOD_CPUS];
	pthread_t t[FLOOD_CPUS];
	double t0, dt;

	enable_all(g, FLOOD_CPUS);
	t0 = now_s();
	for (unsigned c = 0; c < FLOOD_CPUS; c++) {
		args[c] = (struct flood_arg){g, c};
		assert_int_equal(pthread_create(&t[c], NULL, flood, &args[c]),
				 0);
	}
	for (unsigned c = 0; c < FLOOD_CPUS; c++)
		pthread_join(t[c], NULL);
	dt = now_s() - t0;
	printf("INFO: %u SGIR writes from %u CPUs in %.2f s (%.0f ns each)\n",
	       FLOOD_CPUS * FLOOD_WRITES, FLOOD_CPUS, dt,
	       dt * 1e9 / (FLOOD_CPUS * FLOOD_WRITES));
	assert_true(dt < 30.0);
	/* Every SGI pending from every source on every CPU, once. */
	for (unsigned c = 0; c < FLOOD_CPUS; c++) {
		for (unsigned r = 0; r < 4; r++)
			assert_int_equal(
			    rd(g, c, GICD + GICD_SPENDSGIR + 4 * r),
			    0xffffffff);
		assert_int_equal(av_gic_cpu_lines(g, c), LINE_IRQ);
	}
	/* CPU 3 takes them: 16 SGIs x 8 sources, each once, lowest INTID
	 * first at equal priority, then spurious. */
	unsigned seen[16] = {0};

	for (unsigned n = 0; n < 16 * FLOOD_CPUS; n++) {
		uint32_t iar = rd(g, 3, GICC + GICC_IAR);
		unsigned id = iar & 0x3ff, src = (iar >> 10) & 7;

		assert_true(id < 16);
		assert_false(seen[id] & (1u << src));
		seen[id] |= 1u << src;
		wr(g, 3, GICC + GICC_EOIR, iar);
	}
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(seen[i], 0xff);
	assert_int_equal(rd(g, 3, GICC + GICC_IAR), 1023);
	assert_int_equal(av_gic_cpu_lines(g, 3), 0);
	assert_int_equal(rd(g, 3, GICD + GICD_SPENDSGIR), 0);
	assert_int_equal(av_gic_destroy(g), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_rules),
	    cmocka_unit_test(test_call_rules),
	    cmocka_unit_test(test_ppi_ack_eoi),
	    cmocka_unit_test(test_spi_target_and_fiq),
	    cmocka_unit_test(test_out_of_range_values),
	    cmocka_unit_test(test_sgi_flood),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
