// SPDX-License-Identifier: MIT
/*
 * rvic_abi: every rVIC and rVID call and every error (DEN 0103 0.3 and the
 * rVIC/rVID series; armvisor's choices in docs/rvic.md), the disabled and
 * masked semantics, a guest poking outside its interrupt space, and a sweep
 * of all 2^16 function ids of the owner range 0xc5000000..0xc500ffff.
 * Two CPUs: CPU 1 is the "other vCPU" whose rVIC CPU 0 operates on.
 * armvisor only (QEMU has no rVIC): skips without an arm,rvic node.
 */
#include "sdk.h"

#define ST(r, i) RVIC_ST(RVIC_##r, i)

static volatile int cpu1_state; /* 1 = enabled and idle, 2 = stop */
static volatile unsigned cpu1_got[RVIC_MAX_IRQS];

static void cpu1_handler(uint32_t intid, void *arg)
{
	(void)arg;
	cpu1_got[intid]++;
}

static void cpu1_main(int cpu)
{
	(void)cpu;
	rvic_cpu_init();
	local_irq_enable();
	atomic_set(&cpu1_state, 1);
	while (atomic_read(&cpu1_state) != 2)
		wfi();
	local_irq_disable();
}

static bool wait_count(volatile unsigned *c, unsigned want)
{
	uint64_t end = cnt_read() + us_to_ticks(5000000);

	while (*c < want)
		if (cnt_read() > end)
			return false;
	return true;
}

static void test_interface(void)
{
	uint64_t x1 = 0;

	report(rvic_hvc(RVIC_VERSION_FN, 0, 0, 0, &x1) == 0 && x1 == 3,
	       "rVIC VERSION is 0.3 (x1 = %#lx)", (unsigned long)x1);
	report(rvic_hvc(RVID_VERSION_FN, 0, 0, 0, &x1) == 0 && x1 == 3,
	       "rVID VERSION is 0.3");
	report(rvic_hvc(RVIC_INFO_FN, 0, 0, 0, &x1) == 0 &&
		   x1 == rvic.nr_trusted && x1 >= 32 && x1 % 32 == 0,
	       "INFO(0) trusted = %lu", (unsigned long)x1);
	report(rvic_hvc(RVIC_INFO_FN, 1, 0, 0, &x1) == 0 &&
		   x1 == rvic.nr_untrusted && x1 % 32 == 0,
	       "INFO(1) untrusted = %lu", (unsigned long)x1);
	report(rvic_hvc(RVIC_INFO_FN, 2, 0, 0, NULL) == ST(ERROR_PARAMETER, 0),
	       "INFO(2): ERROR_PARAMETER, index 0");
	report(rvic_hvc(0xc500020b, 0, 0, 0, NULL) == RVIC_NOT_SUPPORTED,
	       "unknown rVIC id 0xc500020b: NOT_SUPPORTED");
	report(rvic_hvc(0xc5000103, 0, 0, 0, NULL) == RVIC_NOT_SUPPORTED,
	       "unknown rVID id 0xc5000103: NOT_SUPPORTED");
	report(rvic.vtimer_intid == 27 && rvic.ptimer_intid == 30,
	       "DT timers are trusted intids %u, %u", rvic.vtimer_intid,
	       rvic.ptimer_intid);
	report(rvic.uart_input == 1, "DT: PL011 is rVID input %d",
	       rvic.uart_input);
}

static void test_disabled_and_masked(void)
{
	const uint32_t i = 5;
	uint32_t intid = 0;
	bool p = true;

	/* Reset: disabled, masked, not pending (CPU 0 never enabled). */
	report(rvic_acknowledge(&intid) == ST(DISABLED, 0),
	       "disabled: ACKNOWLEDGE returns DISABLED");
	report(rvic_signal(0, i) == ST(DISABLED, 0), "disabled: SIGNAL dropped");
	report(rvic_is_pending(0, i, &p) == 0 && !p,
	       "disabled: the dropped signal is not pending");
	report(rvic_enable() == 0, "ENABLE");
	report(rvic_acknowledge(&intid) == ST(NO_INTERRUPTS, 0),
	       "enabled, nothing pending: NO_INTERRUPTS");
	report(rvic_signal(0, i) == 0 && rvic_is_pending(0, i, &p) == 0 && p,
	       "SIGNAL to a masked intid: pending");
	report(rvic_acknowledge(&intid) == ST(NO_INTERRUPTS, 0),
	       "masked + pending: not acknowledged");
	report(rvic_clear_masked(0, i) == 0, "CLEAR_MASKED");
	/* DAIF is masked here: the interrupt waits for ACKNOWLEDGE. */
	report(rvic_acknowledge(&intid) == 0 && intid == i,
	       "unmasked: ACKNOWLEDGE returns intid %u", intid);
	report(rvic_is_pending(0, i, &p) == 0 && !p,
	       "after ACKNOWLEDGE: not pending");
	report(rvic_signal(0, i) == 0 &&
		   rvic_acknowledge(&intid) == ST(NO_INTERRUPTS, 0),
	       "after ACKNOWLEDGE: masked (a new signal stays pending)");
	report(rvic_clear_pending(0, i) == 0 && rvic_is_pending(0, i, &p) == 0 &&
		   !p,
	       "CLEAR_PENDING");
	rvic_clear_masked(0, i);
	report(rvic_acknowledge(&intid) == ST(NO_INTERRUPTS, 0),
	       "cleared: nothing left");
	rvic_signal(0, i);
	report(rvic_disable() == 0 &&
		   rvic_acknowledge(&intid) == ST(DISABLED, 0) &&
		   rvic_is_pending(0, i, &p) == 0 && p,
	       "DISABLE keeps pending state, ACKNOWLEDGE says DISABLED");
	rvic_enable();
	report(rvic_acknowledge(&intid) == 0 && intid == i,
	       "re-ENABLE: delivered");
	/* SET_MASKED holds a pending interrupt back. */
	rvic_clear_masked(0, 6);
	rvic_set_masked(0, 6);
	rvic_signal(0, 6);
	report(rvic_acknowledge(&intid) == ST(NO_INTERRUPTS, 0),
	       "SET_MASKED holds it back");
	rvic_clear_masked(0, 6);
	report(rvic_acknowledge(&intid) == 0 && intid == 6,
	       "and CLEAR_MASKED delivers it");
	/* Delivery order: oldest first (docs/rvic.md). */
	rvic_clear_masked(0, 7);
	rvic_clear_masked(0, 3);
	rvic_signal(0, 7);
	rvic_signal(0, 3);
	uint32_t a = 0, b = 0;

	rvic_acknowledge(&a);
	rvic_acknowledge(&b);
	report(a == 7 && b == 3, "delivery order is FIFO (%u then %u)", a, b);
}

static void test_errors(void)
{
	const uint32_t targeted[] = { RVIC_SET_MASKED_FN, RVIC_CLEAR_MASKED_FN,
				      RVIC_IS_PENDING_FN, RVIC_SIGNAL_FN,
				      RVIC_CLEAR_PENDING_FN };
	const char *names[] = { "SET_MASKED", "CLEAR_MASKED", "IS_PENDING",
				"SIGNAL", "CLEAR_PENDING" };
	uint32_t total = rvic.nr_trusted + rvic.nr_untrusted;

	for (int k = 0; k < 5; k++) {
		uint32_t fn = targeted[k];

		report(rvic_hvc(fn, cpu_mpidr(2), 1, 0, NULL) ==
			   ST(INVALID_CPU, 0),
		       "%s: MPIDR of no vCPU: INVALID_CPU, index 0", names[k]);
		report(rvic_hvc(fn, cpu_mpidr(1) | (1ull << 32), 1, 0, NULL) ==
			   ST(INVALID_CPU, 0),
		       "%s: Aff3 of no vCPU: INVALID_CPU, index 0", names[k]);
		report(rvic_hvc(fn, cpu_mpidr(1), total, 0, NULL) ==
			   ST(ERROR_PARAMETER, 1),
		       "%s: intid %u out of range: ERROR_PARAMETER, index 1",
		       names[k], total);
		report(rvic_hvc(fn, cpu_mpidr(1), 1ull << 40, 0, NULL) ==
			   ST(ERROR_PARAMETER, 1),
		       "%s: 64-bit intid: ERROR_PARAMETER, index 1", names[k]);
	}
	report(rvic_resample(rvic.nr_trusted) == ST(ERROR_PARAMETER, 0),
	       "RESAMPLE of an untrusted intid: ERROR_PARAMETER, index 0");
	report(rvic_resample(total + 5) == ST(ERROR_PARAMETER, 0),
	       "RESAMPLE out of range: ERROR_PARAMETER, index 0");
	report(rvid_map(1, 1, 27) == ST(ERROR_PARAMETER, 2),
	       "MAP to a trusted intid: ERROR_PARAMETER, index 2");
	report(rvid_map(1, 1, total) == ST(ERROR_PARAMETER, 2),
	       "MAP to an intid out of range: ERROR_PARAMETER, index 2");
	report(rvid_map(1, 9, rvic.nr_trusted) == ST(INVALID_CPU, 1),
	       "MAP to no vCPU: INVALID_CPU, index 1");
	report(rvid_map(rvic.nr_untrusted, 1, rvic.nr_trusted) ==
		   ST(ERROR_PARAMETER, 0),
	       "MAP of input %u (no such input): ERROR_PARAMETER, index 0",
	       rvic.nr_untrusted);
	report(rvid_unmap(0xffffffffu) == ST(ERROR_PARAMETER, 0),
	       "UNMAP of no input: ERROR_PARAMETER, index 0");
	report(rvid_map(2, 1, total - 1) == 0 && rvid_unmap(2) == 0,
	       "MAP + UNMAP of a valid input");
}

static void test_other_vcpu(void)
{
	const uint32_t ipi = 9, dev = rvic.nr_trusted + 3;
	bool p = false;

	report(smp_start(1, cpu1_main) == 0, "CPU 1 on");
	while (atomic_read(&cpu1_state) != 1)
		cpu_relax();
	rvic_request(ipi, false, cpu1_handler, NULL);
	rvic_request(dev, false, cpu1_handler, NULL);
	/* Masked on CPU 1: pending, not delivered. */
	report(rvic_signal(1, ipi) == 0 && rvic_is_pending(1, ipi, &p) == 0 && p,
	       "SIGNAL to CPU 1 (masked there): pending on CPU 1");
	udelay(20000);
	report(cpu1_got[ipi] == 0, "masked on CPU 1: not taken");
	/* Unmask it from here: a request of CPU 1, which wakes and takes. */
	report(rvic_clear_masked(1, ipi) == 0 && wait_count(&cpu1_got[ipi], 1),
	       "CLEAR_MASKED of CPU 1's intid from CPU 0: delivered there");
	report(rvic_is_pending(1, ipi, &p) == 0 && !p,
	       "taken on CPU 1: not pending");
	rvic_signal(1, ipi);
	report(wait_count(&cpu1_got[ipi], 2), "second IPI delivered");
	udelay(20000);
	report(cpu1_got[ipi] == 2, "each signal exactly once (%u)",
	       cpu1_got[ipi]);
	/* SIGNAL of an untrusted intid (the driver's pending-bit move). */
	rvic_clear_masked(1, dev);
	rvic_signal(1, dev);
	report(wait_count(&cpu1_got[dev], 1),
	       "SIGNAL of untrusted intid %u to CPU 1", dev);
	atomic_set(&cpu1_state, 2);
	rvic_signal(1, ipi); /* wake it */
	smp_wait_affinity(1, PSCI_AFF_OFF, 5000000);
}

static void test_sweep(void)
{
	unsigned handled = 0, not_supported = 0, other = 0;

	/* Every id of the range, with hostile arguments.  Ids the rVIC does
	 * not claim go to the VMM and answer NOT_SUPPORTED; ids inside the
	 * rVIC/rVID ranges do what they do, on this VM only. */
	for (uint32_t fn = 0xc5000000; fn <= 0xc500ffff; fn++) {
		struct smccc_res r;

		if (fn == RVIC_DISABLE_FN)
			continue; /* keep this CPU's rVIC usable */
		smccc_hvc(fn, ~0ull, ~0ull, 0x8000000000000000ull, &r);
		if (r.a0 == RVIC_NOT_SUPPORTED)
			not_supported++;
		else if ((r.a0 & ~0xffffull) == 0)
			handled++;
		else
			other++;
	}
	report(other == 0 && handled == 13,
	       "sweep of 65536 ids: %u answered, %u NOT_SUPPORTED, %u other",
	       handled, not_supported, other);
	report(rvic_hvc(RVIC_VERSION_FN, 0, 0, 0, NULL) == 0,
	       "the rVIC still answers after the sweep");
}

int main(void)
{
	if (rvic_probe()) {
		report_skip("no rVIC (armvisor --irqchip rvic only)");
		return 0;
	}
	test_interface();
	test_disabled_and_masked();
	test_errors();
	test_other_vcpu();
	test_sweep();
	return 0;
}
