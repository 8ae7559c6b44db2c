// SPDX-License-Identifier: MIT
/*
 * PL011 transmit (ARM PrimeCell UART (PL011) TRM DDI 0183: UARTDR 0x000,
 * UARTFR 0x018 with TXFF bit 5).  The firmware (or QEMU) has set the line
 * up; the hypervisor only waits for room and writes bytes.
 */
#include "platform/el2/uart.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTFR_TXFF (1u << 5)
#define UARTFR_RXFE (1u << 4)

static volatile uint8_t *uart = (volatile uint8_t *)EL2_PL011_DEFAULT_PA;
/* Bytes received before the FIFO was turned on (see el2_uart_set_base). */
#define HELD_MAX 64
static uint8_t held[HELD_MAX];
static unsigned held_n, held_pos;

#define UARTLCR_H 0x02c
#define UARTLCR_H_FEN (1u << 4)

void el2_uart_set_base(uint64_t pa)
{
	volatile uint32_t *lcr_h;

	uart = (volatile uint8_t *)(uintptr_t)pa;
	/* The receive FIFO on (PL011 TRM 3.3.7 UARTLCR_H.FEN): input typed at
	 * the host tool then arrives in bursts, as the guest's own PL011
	 * receives it, not one character per poll of the holding register.
	 * Changing FEN empties the receiver (QEMU pl011_write), so what is
	 * held is kept aside first -- every byte available: QEMU hands the
	 * next input byte to the holding register as soon as one is read
	 * (qemu_chr_fe_accept_input), so keeping only the first lost the
	 * second (gic_uart on el2 read "gc-uart-test"). */
	while (held_n < HELD_MAX &&
	       !(*(volatile uint32_t *)(uart + UARTFR) & UARTFR_RXFE))
		held[held_n++] =
			(uint8_t)(*(volatile uint32_t *)(uart + UARTDR) & 0xff);
	lcr_h = (volatile uint32_t *)(uart + UARTLCR_H);
	*lcr_h |= UARTLCR_H_FEN;
}

void el2_uart_putc(char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uart + UARTFR);
	volatile uint32_t *dr = (volatile uint32_t *)(uart + UARTDR);

	while (*fr & UARTFR_TXFF)
		;
	*dr = (uint8_t)c;
}

void el2_uart_write(const char *s, unsigned long n)
{
	while (n--) {
		if (*s == '\n')
			el2_uart_putc('\r');
		el2_uart_putc(*s++);
	}
}

int el2_uart_getc(void)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uart + UARTFR);
	volatile uint32_t *dr = (volatile uint32_t *)(uart + UARTDR);
	if (held_pos < held_n)
		return held[held_pos++];
	if (*fr & UARTFR_RXFE)
		return -1;
	return (int)(*dr & 0xff);
}
