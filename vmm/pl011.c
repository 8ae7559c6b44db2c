// SPDX-License-Identifier: MIT
/*
 * PL011 UART (PrimeCell UART TRM, DDI 0183), as QEMU's hw/char/pl011.c shows
 * it to guests:
 *  - Transmission is instantaneous: TXFE is always set, TXFF and BUSY never,
 *    and every UARTDR write latches TXRIS (the FIFO passed its trigger level
 *    on the way to empty) until UARTICR clears it.  UARTCR's enables do not
 *    gate it, as in QEMU: firmware-less guests never set UARTEN.
 *  - Receive interrupts are computed, not cached: RXRIS and RTRIS are "the
 *    FIFO holds data" (QEMU triggers at one character too, because drivers
 *    only drain the FIFO on an interrupt), so they drop once it is drained.
 *  - UARTINTR = (RIS & IMSC) != 0, re-evaluated after every change and given
 *    to set_irq only when it changes.
 * Lock order: pl011.lock, then whatever set_irq/tx take (the API, the console).
 */
#include "pl011.h"

#include <string.h>

/* PeriphID0..3, PCellID0..3 at 0xfe0..0xffc (TRM 3.3.14-3.3.15). */
static const uint8_t pl011_id[8] = {0x11, 0x10, 0x14, 0x00,
				    0x0d, 0xf0, 0x05, 0xb1};

void pl011_init(struct pl011 *u, const struct pl011_ops *ops, void *opaque)
{
	memset(u, 0, sizeof(*u));
	vmm_mutex_init(&u->lock);
	vmm_cond_init(&u->rx_space);
	u->ops = ops;
	u->opaque = opaque;
	u->cr = 0x300;	/* reset: TXE | RXE */
	u->ifls = 0x12; /* reset: both trigger levels at 1/2 */
}

void pl011_destroy(struct pl011 *u)
{
	vmm_cond_destroy(&u->rx_space);
	vmm_mutex_destroy(&u->lock);
}

static uint32_t raw_interrupts(const struct pl011 *u)
{
	uint32_t ris = u->int_latched;

	if (u->rx_count)
		ris |= UART_INT_RX | UART_INT_RT;
	return ris;
}

static void update_irq(struct pl011 *u)
{
	bool level = (raw_interrupts(u) & u->imsc) != 0;

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	if (u->ops && u->ops->set_irq)
		u->ops->set_irq(u->opaque, level);
}

static uint32_t flags(const struct pl011 *u)
{
	uint32_t fr = UART_FR_TXFE;
	bool fifo = u->lcr_h & UART_LCR_H_FEN;

	if (u->rx_count == 0)
		fr |= UART_FR_RXFE;
	/* Without FEN the receive side is a one-character holding register. */
	if (u->rx_count >= (fifo ? PL011_FIFO_DEPTH : 1))
		fr |= UART_FR_RXFF;
	return fr;
}

static uint32_t rx_pop(struct pl011 *u)
{
	uint32_t ch;

	if (u->rx_count == 0)
		return 0;
	ch = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1) % PL011_FIFO_DEPTH;
	u->rx_count--;
	vmm_cond_signal(&u->rx_space);
	return ch; /* error bits 11:8 are never set */
}

static uint32_t read_locked(struct pl011 *u, uint32_t offset)
{
	if (offset >= UARTPERIPHID0 && offset <= 0xffc && !(offset & 3))
		return pl011_id[(offset - UARTPERIPHID0) / 4];
	switch (offset) {
	case UARTDR:
		return rx_pop(u);
	case UARTRSR:
		return 0; /* no framing, parity, break or overrun errors */
	case UARTFR:
		return flags(u);
	case UARTILPR:
		return u->ilpr;
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return raw_interrupts(u);
	case UARTMIS:
		return raw_interrupts(u) & u->imsc;
	case UARTDMACR:
		return u->dmacr;
	}
	return 0; /* ICR is write-only; reserved offsets read as zero */
}

static void write_locked(struct pl011 *u, uint32_t offset, uint32_t value)
{
	switch (offset) {
	case UARTDR:
		if (u->ops && u->ops->tx)
			u->ops->tx(u->opaque, (uint8_t)value);
		u->int_latched |= UART_INT_TX;
		break;
	case UARTRSR:
		break; /* ECR: clears errors, of which there are none */
	case UARTILPR:
		u->ilpr = value & 0xff;
		break;
	case UARTIBRD:
		u->ibrd = value & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = value & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = value & 0xff;
		break;
	case UARTCR:
		u->cr = value & 0xff87;
		break;
	case UARTIFLS:
		u->ifls = value & 0x3f;
		break;
	case UARTIMSC:
		u->imsc = value & UART_INT_ALL;
		break;
	case UARTICR:
		u->int_latched &= ~value;
		break;
	case UARTDMACR:
		u->dmacr = value & 0x7;
		break;
	}
	/* FR, RIS, MIS and the ID registers are read-only. */
}

uint32_t pl011_read(struct pl011 *u, uint32_t offset)
{
	uint32_t v;

	vmm_mutex_lock(&u->lock);
	v = read_locked(u, offset);
	update_irq(u);
	vmm_mutex_unlock(&u->lock);
	return v;
}

void pl011_write(struct pl011 *u, uint32_t offset, uint32_t value)
{
	vmm_mutex_lock(&u->lock);
	write_locked(u, offset, value);
	update_irq(u);
	vmm_mutex_unlock(&u->lock);
}

void pl011_mmio(struct pl011 *u, uint32_t offset, uint8_t *data, unsigned len,
		bool is_write)
{
	uint32_t reg = offset & ~3u, shift = (offset & 3) * 8;

	if (len != 1 && len != 2 && len != 4 && len != 8) {
		if (!is_write)
			memset(data, 0, 8);
		return;
	}
	if (is_write) {
		uint64_t v = 0;

		memcpy(&v, data, len);
		/* Only writes that start at a register write it; the upper
		 * half of a 64-bit write would hit the next register, which
		 * the bus would split -- drop it as QEMU's 32-bit impl does. */
		if (shift == 0)
			pl011_write(u, reg, (uint32_t)v);
		return;
	}
	uint64_t v = 0;

	/* Only the addressed bytes of one 32-bit register. */
	if (shift + len * 8 <= 32 || shift == 0)
		v = pl011_read(u, reg) >> shift;
	if (len < 8)
		v &= (1ull << (len * 8)) - 1;
	memset(data, 0, 8);
	memcpy(data, &v, len);
}

bool pl011_rx_push(struct pl011 *u, uint8_t ch, bool wait)
{
	bool ok = false;

	vmm_mutex_lock(&u->lock);
	while (wait && !u->rx_closed && u->rx_count == PL011_FIFO_DEPTH)
		vmm_cond_wait(&u->rx_space, &u->lock);
	if (!u->rx_closed && u->rx_count < PL011_FIFO_DEPTH) {
		unsigned tail = (u->rx_head + u->rx_count) % PL011_FIFO_DEPTH;

		u->rx_fifo[tail] = ch;
		u->rx_count++;
		update_irq(u);
		ok = true;
	}
	vmm_mutex_unlock(&u->lock);
	return ok;
}

void pl011_rx_close(struct pl011 *u)
{
	vmm_mutex_lock(&u->lock);
	u->rx_closed = true;
	vmm_cond_broadcast(&u->rx_space);
	vmm_mutex_unlock(&u->lock);
}
