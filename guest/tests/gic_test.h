/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the gic_* guest tests: an IRQ handler that acknowledges,
 * records and EOIs every interrupt per CPU, an optional per-test hook run
 * between acknowledge and EOI, waiting with a timeout, and a small mailbox
 * to run functions on secondary CPUs that sit in WFI with IRQs enabled.
 */
#ifndef GUEST_TESTS_GIC_TEST_H
#define GUEST_TESTS_GIC_TEST_H

#include "sdk.h"

#define GT_MAX_CPUS 8
#define GT_LOG 64
#define GT_TIMEOUT_US 5000000ul

struct gt_cpu_log {
	volatile uint32_t count[1024]; /* deliveries per INTID */
	volatile uint32_t source[16];  /* GICv2 SGI source of the last one */
	volatile uint32_t srcmask[16]; /* GICv2 SGI sources seen */
	volatile uint32_t order[GT_LOG];
	volatile uint32_t n;   /* entries used in order[] */
	volatile uint32_t spurious;
};

static struct gt_cpu_log gt_log[GT_MAX_CPUS];

/* Hook run for every acknowledged interrupt, before the EOI; returns
 * false to skip the EOI (the test does it itself). */
typedef bool (*gt_hook_fn)(int cpu, uint32_t iar);
static gt_hook_fn gt_hook;
/* With EOImode 1 the handler does EOI (priority drop) then DIR. */
static volatile bool gt_eoimode1;

static inline void gt_record(int cpu, uint32_t iar)
{
	struct gt_cpu_log *l = &gt_log[cpu];
	unsigned irq = gic_irqnr(iar);

	if (l->n < GT_LOG)
		l->order[l->n] = irq;
	l->n++;
	if (irq < 16) {
		l->source[irq] = gic_sgi_source(iar);
		l->srcmask[irq] |= 1u << gic_sgi_source(iar);
	}
	l->count[irq]++;
}

static __attribute__((unused)) void gt_irq_handler(struct exc_frame *f)
{
	int cpu = smp_processor_id();
	uint32_t iar = gic_ack();

	(void)f;
	if (gic_irqnr(iar) >= 1020) {
		gt_log[cpu].spurious++;
		return;
	}
	gt_record(cpu, iar);
	if (!gt_hook || gt_hook(cpu, iar)) {
		gic_eoi(iar);
		if (gt_eoimode1)
			gic_dir(iar);
	}
}

static inline void gt_reset_logs(void)
{
	memset((void *)gt_log, 0, sizeof(gt_log));
	dsb(ish);
}

/* Wait until *p >= want; false on timeout. */
static inline bool gt_wait(volatile uint32_t *p, uint32_t want)
{
	uint64_t end = cnt_read() + us_to_ticks(GT_TIMEOUT_US);

	while (atomic_read(p) < want)
		if (cnt_read() > end)
			return false;
	return true;
}

/* Let anything still in flight arrive (for "exactly once" checks). */
static inline void gt_settle(void)
{
	udelay(20000);
}

/* Sleep in WFI while `cond` holds, without losing a wake-up: the check and
 * the WFI run with IRQs masked (WFI still wakes on a pending interrupt,
 * Arm ARM D1.16.2), the interrupt is taken when they are unmasked. */
#define gt_wait_irq(cond)                                                      \
	do {                                                                   \
		local_irq_disable();                                           \
		if (cond)                                                      \
			wfi();                                                 \
		local_irq_enable();                                            \
	} while (0)

/* ---- secondaries: run functions on request ------------------------------ */
typedef void (*gt_fn)(int cpu, uintptr_t arg);
static volatile gt_fn gt_cmd[GT_MAX_CPUS];
static volatile uintptr_t gt_arg[GT_MAX_CPUS];
static volatile uint32_t gt_done[GT_MAX_CPUS];
static volatile uint32_t gt_online;
static volatile int gt_stop;

static __attribute__((unused)) void gt_secondary(int cpu)
{
	gic_init_secondary();
	local_irq_enable();
	atomic_inc(&gt_online);
	while (!atomic_read(&gt_stop)) {
		gt_fn fn = atomic_read(&gt_cmd[cpu]);

		if (fn) {
			fn(cpu, gt_arg[cpu]);
			atomic_set(&gt_cmd[cpu], (gt_fn)0);
			atomic_inc(&gt_done[cpu]);
			continue;
		}
		gt_wait_irq(!atomic_read(&gt_cmd[cpu]) &&
			    !atomic_read(&gt_stop));
	}
	local_irq_disable();
}

/* Start CPUs 1..n-1; true when all are online. */
static inline bool gt_start_secondaries(int n)
{
	for (int cpu = 1; cpu < n; cpu++)
		if (smp_start(cpu, gt_secondary) != PSCI_RET_SUCCESS)
			return false;
	return gt_wait(&gt_online, (uint32_t)(n - 1));
}

/* Run fn(cpu, arg) on a secondary and wait for it to finish. */
static inline bool gt_run_on(int cpu, gt_fn fn, uintptr_t arg)
{
	uint32_t done = atomic_read(&gt_done[cpu]);

	gt_arg[cpu] = arg;
	atomic_set(&gt_cmd[cpu], fn);
	dsb(ish);
	/* The target sleeps in WFI: an SGI is not needed, any event will do,
	 * but WFI waits for an interrupt, so poke it with SGI 15. */
	gic_send_sgi(15, (unsigned)cpu);
	return gt_wait(&gt_done[cpu], done + 1);
}

static inline void gt_stop_secondaries(int n)
{
	atomic_set(&gt_stop, 1);
	dsb(ish);
	for (int cpu = 1; cpu < n; cpu++)
		gic_send_sgi(15, (unsigned)cpu);
	for (int cpu = 1; cpu < n; cpu++)
		smp_wait_affinity(cpu, PSCI_AFF_OFF, GT_TIMEOUT_US);
}

/* Common start: GIC up, handler installed, IRQs unmasked on CPU 0. */
static inline bool gt_init(void)
{
	if (!gic_version()) {
		report_skip("no GIC in the device tree");
		return false;
	}
	report_info("GICv%d, %d CPUs%s", gic_version(), nr_cpus(),
		    platform_is_qemu() ? " (qemu virt)" : "");
	gic_init();
	install_irq_handler(gt_irq_handler);
	local_irq_enable();
	return true;
}

#endif
