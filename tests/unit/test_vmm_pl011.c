// SPDX-License-Identifier: MIT
/* Unit tests: the PL011 UART model (vmm/pl011.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/pl011.h"

static struct pl011 uart;
static char tx_buf[256];
static size_t tx_len;
static int irq_changes;
static bool irq_level;

static void fake_set_irq(void *opaque, bool level)
{
	irq_changes++;
	irq_level = level;
}

static void fake_tx(void *opaque, uint8_t ch)
{
	if (tx_len < sizeof(tx_buf))
		tx_buf[tx_len++] = (char)ch;
}

static const struct pl011_ops ops = {fake_set_irq, fake_tx};

static int setup(void **state)
{
	tx_len = 0;
	irq_changes = 0;
	irq_level = false;
	pl011_init(&uart, &ops, NULL);
	return 0;
}

static int teardown(void **state)
{
	pl011_destroy(&uart);
	return 0;
}

static void test_ids_and_reset(void **state)
{
	static const uint32_t id[8] = {0x11, 0x10, 0x14, 0x00,
				       0x0d, 0xf0, 0x05, 0xb1};

	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(pl011_read(&uart, 0xfe0 + 4 * i), id[i]);
	assert_int_equal(pl011_read(&uart, UARTFR),
			 UART_FR_TXFE | UART_FR_RXFE);
	assert_int_equal(pl011_read(&uart, UARTCR), 0x300);
	assert_int_equal(pl011_read(&uart, UARTIFLS), 0x12);
	assert_int_equal(pl011_read(&uart, UARTRIS), 0);
	assert_int_equal(pl011_read(&uart, 0x800), 0);	/* reserved */
	assert_int_equal(pl011_read(&uart, UARTDR), 0); /* empty FIFO */
	assert_int_equal(irq_changes, 0);
}

static void test_plain_registers(void **state)
{
	pl011_write(&uart, UARTIBRD, 13);
	pl011_write(&uart, UARTFBRD, 0x41); /* 6 bits */
	pl011_write(&uart, UARTLCR_H, 0x70);
	pl011_write(&uart, UARTCR, 0x301);
	pl011_write(&uart, UARTILPR, 0x1ff);
	pl011_write(&uart, UARTDMACR, 0xff);
	pl011_write(&uart, UARTFR, 0xffff); /* read-only */
	assert_int_equal(pl011_read(&uart, UARTIBRD), 13);
	assert_int_equal(pl011_read(&uart, UARTFBRD), 0x01);
	assert_int_equal(pl011_read(&uart, UARTLCR_H), 0x70);
	assert_int_equal(pl011_read(&uart, UARTCR), 0x301);
	assert_int_equal(pl011_read(&uart, UARTILPR), 0xff);
	assert_int_equal(pl011_read(&uart, UARTDMACR), 0x7);
	assert_int_equal(pl011_read(&uart, UARTFR),
			 UART_FR_TXFE | UART_FR_RXFE);
}

static void test_tx_and_tx_interrupt(void **state)
{
	pl011_write(&uart, UARTDR, 'h');
	pl011_write(&uart, UARTDR, 0x100 | 'i'); /* only bits 7:0 */
	assert_int_equal(tx_len, 2);
	assert_memory_equal(tx_buf, "hi", 2);
	assert_int_equal(pl011_read(&uart, UARTRIS), UART_INT_TX);
	assert_int_equal(pl011_read(&uart, UARTMIS), 0);
	assert_false(irq_level);
	pl011_write(&uart, UARTIMSC, UART_INT_TX);
	assert_true(irq_level);
	assert_int_equal(pl011_read(&uart, UARTMIS), UART_INT_TX);
	pl011_write(&uart, UARTICR, UART_INT_TX);
	assert_false(irq_level);
	assert_int_equal(irq_changes, 2);
	assert_int_equal(pl011_read(&uart, UARTRIS), 0);
}

static void test_rx_fifo_and_interrupt(void **state)
{
	pl011_write(&uart, UARTLCR_H, UART_LCR_H_FEN);
	pl011_write(&uart, UARTIMSC, UART_INT_RX | UART_INT_RT);
	assert_false(irq_level);
	assert_true(pl011_rx_push(&uart, 'a', false));
	assert_true(irq_level);
	assert_int_equal(irq_changes, 1);
	assert_true(pl011_rx_push(&uart, 'b', false));
	assert_int_equal(irq_changes, 1); /* no change, no call */
	assert_int_equal(pl011_read(&uart, UARTFR), UART_FR_TXFE);
	assert_int_equal(pl011_read(&uart, UARTRIS), UART_INT_RX | UART_INT_RT);
	/* ICR cannot clear a level that data still holds up. */
	pl011_write(&uart, UARTICR, UART_INT_ALL);
	assert_true(irq_level);
	assert_int_equal(pl011_read(&uart, UARTDR), 'a');
	assert_true(irq_level);
	assert_int_equal(pl011_read(&uart, UARTDR), 'b');
	assert_false(irq_level);
	assert_int_equal(irq_changes, 2);
	assert_int_equal(pl011_read(&uart, UARTFR),
			 UART_FR_TXFE | UART_FR_RXFE);
}

static void test_rx_fifo_full(void **state)
{
	pl011_write(&uart, UARTLCR_H, UART_LCR_H_FEN);
	for (unsigned i = 0; i < PL011_FIFO_DEPTH; i++)
		assert_true(pl011_rx_push(&uart, (uint8_t)('0' + i), false));
	assert_false(pl011_rx_push(&uart, 'x', false)); /* nothing lost */
	assert_int_equal(pl011_read(&uart, UARTFR) & UART_FR_RXFF,
			 UART_FR_RXFF);
	for (unsigned i = 0; i < PL011_FIFO_DEPTH; i++)
		assert_int_equal(pl011_read(&uart, UARTDR), '0' + i);
	assert_true(pl011_rx_push(&uart, 'y', false));
	/* Without FEN, one character fills the holding register. */
	pl011_write(&uart, UARTLCR_H, 0);
	assert_int_equal(pl011_read(&uart, UARTFR) & UART_FR_RXFF,
			 UART_FR_RXFF);
	pl011_rx_close(&uart);
	assert_false(pl011_rx_push(&uart, 'z', true)); /* does not block */
}

static void test_mmio_widths(void **state)
{
	uint8_t d[8];

	/* Byte store to DR transmits. */
	d[0] = 'Q';
	pl011_mmio(&uart, UARTDR, d, 1, true);
	assert_int_equal(tx_len, 1);
	assert_int_equal(tx_buf[0], 'Q');
	/* Byte reads of a 32-bit register return its bytes. */
	pl011_mmio(&uart, 0xfe0, d, 1, false);
	assert_int_equal(d[0], 0x11);
	pl011_mmio(&uart, UARTCR + 1, d, 1, false);
	assert_int_equal(d[0], 0x03);
	pl011_mmio(&uart, UARTCR, d, 2, false);
	assert_int_equal(d[0] | d[1] << 8, 0x300);
	/* A 64-bit read: the register in the low half, zero above. */
	memset(d, 0xee, sizeof(d));
	pl011_mmio(&uart, UARTCR, d, 8, false);
	assert_int_equal(d[0], 0x00);
	assert_int_equal(d[1], 0x03);
	for (int i = 2; i < 8; i++)
		assert_int_equal(d[i], 0);
	/* Odd sizes and unaligned writes are harmless. */
	memset(d, 0xee, sizeof(d));
	pl011_mmio(&uart, UARTCR, d, 3, false);
	assert_int_equal(d[0], 0);
	d[0] = 0xff;
	pl011_mmio(&uart, UARTCR + 1, d, 1, true);
	assert_int_equal(pl011_read(&uart, UARTCR), 0x300);
	assert_int_equal(tx_len, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_ids_and_reset),	 T(test_plain_registers),
	    T(test_tx_and_tx_interrupt), T(test_rx_fifo_and_interrupt),
	    T(test_rx_fifo_full),	 T(test_mmio_widths),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
