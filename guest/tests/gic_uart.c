// SPDX-License-Identifier: MIT
/*
 * gic_uart: a level-sensitive SPI from a device.  The PL011 drives INTID 33
 * (PLATFORM.md, SPI 1, level high) while RX data is available and
 * UARTIMSC.RXIM is set (PL011 TRM DDI 0183 3.4.3 UARTRXINTR).  The test
 * runner feeds tests/guest/gic_uart.input as the guest's UART input.
 *  - the SPI is pending while the line is high (IHI 0069 4.1.2: a level
 *    interrupt is pending while asserted);
 *  - acknowledged and EOIed without reading the data, it is pending again
 *    at once: the line is still high;
 *  - the handler drains the FIFO; once every byte is read the line drops,
 *    the SPI is no longer pending and is not delivered again.
 */
#include "gic_test.h"

#define UART_INTID 33u
#define UARTFR 0x018
#define UARTIMSC 0x038
#define UARTMIS 0x040
#define UART_RXIM (1u << 4)
#define UART_FR_RXFE (1u << 4)

static const char expect[] = "gic-uart-test\n";
static char got[64];
static volatile uint32_t nread;

static bool uart_hook(int cpu, uint32_t iar)
{
	int c;

	(void)cpu;
	if (gic_irqnr(iar) != UART_INTID)
		return true;
	while ((c = uart_getc_nonblock()) >= 0)
		if (nread < sizeof(got) - 1)
			got[nread++] = (char)c;
	return true;
}

static bool wait_pending(unsigned intid, uint64_t us)
{
	uint64_t end = cnt_read() + us_to_ticks(us);

	while (!gic_is_pending(intid))
		if (cnt_read() > end)
			return false;
	return true;
}

int main(void)
{
	uint32_t iar, deliveries;
	uint64_t end;

	if (!gt_init())
		return 0;
	local_irq_disable();
	gic_set_priority(UART_INTID, 0x80);
	gic_enable_irq(UART_INTID);
	mmio_write32(UART_BASE + UARTIMSC, UART_RXIM);

	if (!wait_pending(UART_INTID, 5000000)) {
		report(false, "SPI 33 pending once RX data arrives (no input? "
			      "run with tests/guest/gic_uart.input as stdin)");
		return 0;
	}
	report(!(mmio_read32(UART_BASE + UARTFR) & UART_FR_RXFE) &&
		   (mmio_read32(UART_BASE + UARTMIS) & UART_RXIM),
	       "RX data available, UARTMIS.RXMIS set");
	report(gic_is_pending(UART_INTID), "SPI 33 pending while the line is "
					   "high");

	/* Acknowledge and EOI without touching the UART: still high. */
	iar = gic_ack();
	report(gic_irqnr(iar) == UART_INTID, "acknowledged: INTID %u",
	       gic_irqnr(iar));
	report(gic_is_active(UART_INTID), "active after the acknowledge");
	gic_eoi(iar);
	report(!gic_is_active(UART_INTID) && gic_is_pending(UART_INTID),
	       "level still high: pending again after EOI");

	/* Deliver it: the handler drains the FIFO.  (QEMU's PL011 without
	 * FIFOs holds one character, so the bytes may come one interrupt
	 * each.) */
	gt_hook = uart_hook;
	local_irq_enable();
	end = cnt_read() + us_to_ticks(5000000);
	while (nread < sizeof(expect) - 1 && cnt_read() < end)
		cpu_relax();
	gt_settle();
	got[nread] = 0;
	report(nread == sizeof(expect) - 1 && !strcmp(got, expect),
	       "all %u input bytes read in the handler (%u deliveries)",
	       (unsigned)(sizeof(expect) - 1), gt_log[0].count[UART_INTID]);
	report(gt_log[0].count[UART_INTID] >= 1 &&
		   gt_log[0].count[UART_INTID] <= sizeof(expect) - 1,
	       "delivered between 1 and %u times (%u)",
	       (unsigned)(sizeof(expect) - 1), gt_log[0].count[UART_INTID]);
	deliveries = gt_log[0].count[UART_INTID];
	report(mmio_read32(UART_BASE + UARTFR) & UART_FR_RXFE,
	       "RX FIFO empty");
	report(!gic_is_pending(UART_INTID) && !gic_is_active(UART_INTID),
	       "line dropped: SPI 33 neither pending nor active");
	udelay(50000);
	report(gt_log[0].count[UART_INTID] == deliveries,
	       "not delivered again once the data is read");
	mmio_write32(UART_BASE + UARTIMSC, 0);
	gic_disable_irq(UART_INTID);
	return 0;
}
