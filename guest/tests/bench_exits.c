// SPDX-License-Identifier: MIT
/*
 * bench_exits: what one trip out of guest code costs, measured in the guest
 * with CNTVCT (bench/bench_exits.sh), ns per operation:
 *   hvc_vmm     PSCI_VERSION over HVC #0: on armvisor an AV_EXIT_HYPERCALL
 *               answered by the VMM (vmm/psci.c)
 *   hvc_core    rVIC VERSION over HVC #0: a hypercall the core answers
 *               inside the guest's HVC (vm_register_hvc); only with an rVIC
 *   mmio_vmm    32-bit read of the PL011's UARTFR (ARM DDI 0183, offset
 *               0x018): on armvisor an AV_EXIT_MMIO to the VMM
 *   mmio_core   32-bit read of GICD_TYPER (IHI 0069H 12.9.38): an in-core
 *               device (vm_register_mmio); only with a GIC
 *   sysreg_gic  MRS ICC_PMR_EL1 (IHI 0069H 12.2.16): a system register the
 *               vGIC emulates from the engine's MRS hook; GICv3 only
 *   sysreg_cnt  MRS CNTVCT_EL0: the timer's hooked counter read
 *   loop        the empty measuring loop, for reference
 * Each operation doubles its count until a run takes >= 50 ms, then is
 * timed 3 times at about 200 ms: BENCH: exit_<k> <ns> ns per run.
 */
#include "sdk.h"
#include "rvic.h"

#define RUNS 3
#define CAL_NS 50000000ull
#define RUN_NS 200000000ull
#define UARTFR 0x018

static uintptr_t gicd;
static volatile uint64_t sink;

static void op_hvc_vmm(uint64_t n)
{
	uint64_t s = 0;

	while (n--)
		s += (uint64_t)psci_version();
	sink = s;
}

static void op_hvc_core(uint64_t n)
{
	uint64_t s = 0;

	while (n--)
		s += rvic_hvc(RVIC_VERSION_FN, 0, 0, 0, NULL);
	sink = s;
}

static void op_mmio_vmm(uint64_t n)
{
	uint64_t s = 0;

	while (n--)
		s += mmio_read32(UART_BASE + UARTFR);
	sink = s;
}

static void op_mmio_core(uint64_t n)
{
	uint64_t s = 0;

	while (n--)
		s += mmio_read32(gicd + GICD_TYPER);
	sink = s;
}

static void op_sysreg_gic(uint64_t n)
{
	uint64_t s = 0;

	while (n--)
		s += icc_read(ICC_PMR_EL1);
	sink = s;
}

static void op_sysreg_cnt(uint64_t n)
{
	uint64_t s = 0;

	while (n--)
		s += read_sysreg(cntvct_el0);
	sink = s;
}

static void op_loop(uint64_t n)
{
	uint64_t s = 0;

	while (n--)
		asm volatile("add %0, %0, #1" : "+r"(s));
	sink = s;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	return ticks * 1000000000ull / cnt_freq();
}

static uint64_t time_run(void (*fn)(uint64_t), uint64_t n)
{
	uint64_t t0 = cnt_read();

	fn(n);
	return ticks_to_ns(cnt_read() - t0);
}

static void bench(const char *name, void (*fn)(uint64_t))
{
	uint64_t n = 1, ns;

	while ((ns = time_run(fn, n)) < CAL_NS && n < (1ull << 40))
		n *= 2;
	n = n * RUN_NS / ns;
	if (!n)
		n = 1;
	for (int r = 0; r < RUNS; r++) {
		ns = time_run(fn, n);
		/* ns per operation with 1/1000 ns resolution */
		uint64_t ps = ns * 1000 / n;

		printf("BENCH: exit_%s %lu.%03lu ns\n", name, ps / 1000,
		       ps % 1000);
	}
}

int main(void)
{
	int gic = gic_version();

	bench("loop", op_loop);
	bench("sysreg_cnt", op_sysreg_cnt);
	bench("hvc_vmm", op_hvc_vmm);
	bench("mmio_vmm", op_mmio_vmm);
	if (gic) {
		gicd = gic_dist_base();
		bench("mmio_core", op_mmio_core);
	}
	if (gic == 3)
		bench("sysreg_gic", op_sysreg_gic);
	if (!gic && rvic_probe() == 0)
		bench("hvc_core", op_hvc_core);
	report(true, "exit costs measured (GICv%d%s)", gic,
	       gic ? "" : ", rVIC");
	return 0;
}
