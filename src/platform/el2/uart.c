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

/* The line as the firmware (QEMU) left it: FIFOs off, one character held.
 * Turning the receive FIFO on (UARTLCR_H.FEN) would empty the receiver
 * (PL011 TRM 3.3.7; QEMU pl011_write), and input already arriving from
 * the host could be lost in between (measured: gic_uart on el2 lost bytes
 * under load); the reader polls faster while input flows instead
 * (vmm/image/vmm_image.c). */
void el2_uart_set_base(uint64_t pa)
{
	uart = (volatile uint8_t *)(uintptr_t)pa;
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
	if (*fr & UARTFR_RXFE)
		return -1;
	return (int)(*dr & 0xff);
}
