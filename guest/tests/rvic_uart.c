// SPDX-License-Identifier: MIT
/*
 * rvic_uart: a device interrupt through the rVID, and retargeting it while
 * it is pending.  The PL011 (rVID input 1 from the DT) raises its line when
 * RX data is available and RXIM is set (PL011 TRM UARTIMSC bit 4); stdin
 * data comes from tests/guest/rvic_uart.input.  The input is mapped to
 * CPU 0 with the intid masked there; once the raise has made it pending on
 * CPU 0, rvic_set_affinity moves it to CPU 1 (mask on source, MAP, move the
 * pending bit, unmask on target): CPU 1 must take it, once, and read the
 * data; CPU 0 must never take it.  armvisor --irqchip rvic only.
 */
#include "sdk.h"

#define UART_BASE 0x09000000ul
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTMIS 0x40
#define UARTICR 0x44
#define FR_RXFE (1u << 4)
#define IMSC_RXIM (1u << 4)
#define TIMEOUT_US 10000000ul

static volatile unsigned taken[2];
static volatile int cpu1_state;
static volatile char rx[64];
static volatile unsigned rx_len;

static uint32_t uart_rd(unsigned off)
{
	return mmio_read32(UART_BASE + off);
}

static void uart_wr(unsigned off, uint32_t v)
{
	mmio_write32(UART_BASE + off, v);
}

static void uart_handler(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	taken[smp_processor_id() & 1]++;
	/* Drain: the rVID signals on rising edges (docs/rvic.md). */
	while (!(uart_rd(UARTFR) & FR_RXFE)) {
		char c = (char)uart_rd(UARTDR);

		if (rx_len < sizeof(rx) - 1)
			rx[rx_len++] = c >= 0x20 && c < 0x7f ? c : '.';
	}
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

static bool wait_for(bool (*cond)(void))
{
	uint64_t end = cnt_read() + us_to_ticks(TIMEOUT_US);

	while (!cond())
		if (cnt_read() > end)
			return false;
	return true;
}

static uint32_t dev_intid;

static bool pending_on_cpu0(void)
{
	bool p = false;

	rvic_is_pending(0, dev_intid, &p);
	return p;
}

static bool cpu1_took(void)
{
	return taken[1] > 0;
}

int main(void)
{
	uint32_t input;

	if (rvic_probe()) {
		report_skip("no rVIC (armvisor --irqchip rvic only)");
		return 0;
	}
	if (rvic.uart_input < 0) {
		report_skip("no PL011 interrupt in the DT");
		return 0;
	}
	input = (uint32_t)rvic.uart_input;
	dev_intid = rvic.nr_trusted + 7; /* any untrusted intid */
	rvic_request(dev_intid, false, uart_handler, NULL);
	report(rvic_cpu_init() == 0, "CPU 0 ENABLE");
	report(smp_start(1, cpu1_main) == 0, "CPU 1 on");
	while (atomic_read(&cpu1_state) != 1)
		cpu_relax();
	/* Map to CPU 0, where the intid stays masked. */
	report(rvid_map(input, 0, dev_intid) == 0, "MAP input %u -> CPU 0 "
	       "intid %u", input, dev_intid);
	local_irq_enable(); /* CPU 0 would take it if it were unmasked */
	uart_wr(UARTIMSC, IMSC_RXIM);
	report(wait_for(pending_on_cpu0),
	       "RX data raised the input: pending (masked) on CPU 0");
	report(uart_rd(UARTMIS) & IMSC_RXIM, "PL011 says RX interrupt");
	/* Retarget while pending. */
	report(rvic_set_affinity(input, dev_intid, 0, 1) == 0,
	       "set_affinity CPU 0 -> CPU 1");
	report(wait_for(cpu1_took), "CPU 1 took the moved interrupt");
	udelay(20000);
	report(taken[1] == 1 && taken[0] == 0,
	       "exactly once, on CPU 1 only (CPU 0 %u, CPU 1 %u)", taken[0],
	       taken[1]);
	rx[rx_len] = 0;
	report(rx_len > 0, "CPU 1 read %u bytes: \"%s\"", rx_len,
	       (const char *)rx);
	bool p = true;

	rvic_is_pending(0, dev_intid, &p);
	report(!p, "nothing left pending on CPU 0");
	uart_wr(UARTIMSC, 0);
	report(rvid_unmap(input) == 0, "UNMAP");
	local_irq_disable();
	atomic_set(&cpu1_state, 2);
	rvic_send_ipi(1, 1);
	return 0;
}
