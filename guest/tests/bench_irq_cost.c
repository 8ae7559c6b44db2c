// SPDX-License-Identifier: MIT
/*
 * bench_irq_cost: what one interrupt costs, end to end, on whichever
 * interrupt controller the DT describes (rVIC, GICv3, GICv2, or none: the
 * user irqchip, whose VMM drives the IRQ pin from the timer lines).  The
 * rVIC series' open question: is an all-hypercall controller cheaper?
 *
 * bootargs (--append / -append): "mode=self|timer|ipi n=N".
 *   self   signal an IPI to this CPU -> handler -> EOI       (rVIC, GIC)
 *   timer  vtimer expiry (CVAL = now) -> handler -> EOI       (all)
 *   ipi    cpu0 -> cpu1 -> cpu0 round trip, 2 CPUs           (rVIC, GIC)
 * Prints "BENCH: irq_<mode> <ns per interrupt> ns" and
 * "BENCH: irq_<mode>_count <N> irqs" (bench/bench_irq_cost.sh divides the
 * VMM's exit count by it), or "BENCH: irq_<mode> - n/a" when the path does
 * not exist.  Without bootargs: all modes, n = 2000.
 */
#include "sdk.h"

enum chip { CHIP_NONE, CHIP_RVIC, CHIP_GIC };
static enum chip chip;
static volatile unsigned hits[2];
static volatile int cpu1_ready;

#define IPI 1
#define CTL_ENABLE 1u

static int vtimer_intid = 27;

static void on_irq(uint32_t intid)
{
	int me = smp_processor_id();

	if ((int)intid == vtimer_intid) {
		write_sysreg(0, cntv_ctl_el0); /* quiet the line */
		isb();
	} else if (intid == IPI && me == 1) {
		/* ipi mode: answer cpu0 */
		if (chip == CHIP_RVIC)
			rvic_send_ipi(0, IPI);
		else
			gic_send_sgi(IPI, 0);
	}
	hits[me & 1]++;
}

static void rvic_cb(uint32_t intid, void *arg)
{
	(void)arg;
	on_irq(intid);
}

static void gic_hook(struct exc_frame *f)
{
	(void)f;
	for (;;) {
		uint32_t iar = gic_ack();
		unsigned n = gic_irqnr(iar);

		if (n >= 1020)
			break;
		on_irq(n);
		gic_eoi(iar);
	}
}

static void none_hook(struct exc_frame *f)
{
	(void)f;
	/* User irqchip: the pin is the timer line; quieting it is the EOI. */
	on_irq((uint32_t)vtimer_intid);
}

static void cpu_setup(void)
{
	if (chip == CHIP_RVIC) {
		rvic_cpu_init();
		rvic_unmask(IPI);
		rvic_unmask((uint32_t)vtimer_intid);
	} else if (chip == CHIP_GIC) {
		install_irq_handler(gic_hook);
		if (smp_processor_id())
			gic_init_secondary();
		gic_enable_irq(IPI);
		gic_enable_irq((unsigned)vtimer_intid);
	} else {
		install_irq_handler(none_hook);
	}
}

static void cpu1_main(int cpu)
{
	(void)cpu;
	cpu_setup();
	local_irq_enable();
	atomic_set(&cpu1_ready, 1);
	for (;;)
		wfi();
}

static void wait_hit(unsigned want, bool sleep)
{
	/* ipi: WFI, so that cpu1 gets to run (armvisor runs one vCPU's guest
	 * code at a time; a spinning cpu0 would hold it off for a slice). */
	while (atomic_read(&hits[0]) < want) {
		if (!sleep) {
			cpu_relax();
			continue;
		}
		/* Check and sleep with IRQs masked: an interrupt taken
		 * between the check and the WFI would leave nothing to wake
		 * it (WFI wakes on a pending IRQ even while masked, Arm ARM
		 * D1.16.2). */
		local_irq_disable();
		if (atomic_read(&hits[0]) < want)
			wfi();
		local_irq_enable();
	}
}

static void send_ipi(int cpu)
{
	if (chip == CHIP_RVIC)
		rvic_send_ipi(cpu, IPI);
	else
		gic_send_sgi(IPI, (unsigned)cpu);
}

static void run(const char *mode, unsigned n)
{
	uint64_t t0, t1;
	unsigned base;

	if (chip == CHIP_NONE && strcmp(mode, "timer") != 0) {
		printf("BENCH: irq_%s - n/a\n", mode);
		return;
	}
	if (!strcmp(mode, "ipi")) {
		if (nr_cpus() < 2) {
			printf("BENCH: irq_ipi - n/a\n");
			return;
		}
		if (!atomic_read(&cpu1_ready)) {
			smp_start(1, cpu1_main);
			while (!atomic_read(&cpu1_ready))
				cpu_relax();
		}
	}
	base = hits[0];
	t0 = cnt_read();
	for (unsigned i = 1; i <= n; i++) {
		if (!strcmp(mode, "self")) {
			send_ipi(0);
		} else if (!strcmp(mode, "ipi")) {
			send_ipi(1);
		} else {
			write_sysreg(cnt_read(), cntv_cval_el0);
			write_sysreg(CTL_ENABLE, cntv_ctl_el0);
			isb();
		}
		wait_hit(base + i, !strcmp(mode, "ipi"));
	}
	t1 = cnt_read();
	printf("BENCH: irq_%s %lu ns\n", mode,
	       (unsigned long)(ticks_to_us((t1 - t0) * 1000) / n));
	printf("BENCH: irq_%s_count %u irqs\n", mode, n);
}

/* The position of word in s, or NULL (the SDK's libc has no strstr). */
static const char *find(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; s && *s; s++)
		if (!strncmp(s, word, n))
			return s;
	return NULL;
}

static unsigned arg_n(const char *args)
{
	const char *p = find(args, "n=");
	unsigned n = 0;

	if (!p)
		return 2000;
	for (p += 2; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned)(*p - '0');
	return n ? n : 2000;
}

int main(void)
{
	int chosen = fdt_path_offset("/chosen");
	const char *args = chosen >= 0 ? fdt_prop_string(chosen, "bootargs")
				       : NULL;
	unsigned n = arg_n(args);

	if (rvic_probe() == 0) {
		chip = CHIP_RVIC;
		vtimer_intid = (int)rvic.vtimer_intid;
		rvic_request(IPI, false, rvic_cb, NULL);
		rvic_request((uint32_t)vtimer_intid, true, rvic_cb, NULL);
	} else if (gic_version()) {
		chip = CHIP_GIC;
		gic_init();
	}
	printf("INFO: irqchip %s, n = %u\n",
	       chip == CHIP_RVIC ? "rvic" : chip == CHIP_GIC ? "gic" : "none",
	       n);
	cpu_setup();
	local_irq_enable();
	if (find(args, "mode=self"))
		run("self", n);
	else if (find(args, "mode=timer"))
		run("timer", n);
	else if (find(args, "mode=ipi"))
		run("ipi", n);
	else {
		run("self", n);
		run("timer", n);
		run("ipi", n);
	}
	local_irq_disable();
	return 0;
}
