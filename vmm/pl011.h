/* SPDX-License-Identifier: MIT */
/*
 * PL011 UART model (ARM PrimeCell UART (PL011) TRM, DDI 0183).  API-free: the
 * interrupt line and the transmit side are callbacks, so the model can be
 * unit-tested alone.  Thread-safe: vCPU threads access registers while the
 * stdin reader thread fills the receive FIFO.
 */
#ifndef VMM_PL011_H
#define VMM_PL011_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm_sync.h"

/* Register offsets (TRM table 3-1). */
#define UARTDR 0x000
#define UARTRSR 0x004 /* reads RSR, writes ECR */
#define UARTFR 0x018
#define UARTILPR 0x020
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTPERIPHID0 0xfe0 /* ..0xfec, then PCellID0..3 at 0xff0..0xffc */

/* UARTFR bits. */
#define UART_FR_BUSY (1u << 3)
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_FR_RXFF (1u << 6)
#define UART_FR_TXFE (1u << 7)

/* Interrupt bits, shared by IMSC, RIS, MIS and ICR. */
#define UART_INT_RX (1u << 4)
#define UART_INT_TX (1u << 5)
#define UART_INT_RT (1u << 6)
#define UART_INT_ALL 0x7ffu

#define UART_LCR_H_FEN (1u << 4)

#define PL011_FIFO_DEPTH 32

struct pl011_ops {
	/* The UARTINTR level changed (called with the model's lock held, so
	 * level changes arrive in order). */
	void (*set_irq)(void *opaque, bool level);
	/* A character was written to UARTDR. */
	void (*tx)(void *opaque, uint8_t ch);
};

struct pl011 {
	vmm_mutex lock;	  /* every field below */
	vmm_cond rx_space; /* the reader waits here while the FIFO is full */
	uint8_t rx_fifo[PL011_FIFO_DEPTH];
	unsigned rx_head;
	unsigned rx_count;
	bool rx_closed; /* shutting down: the reader stops waiting */
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	uint32_t int_latched; /* raw interrupt bits that are events (TX) */
	bool irq_level;	      /* last level given to set_irq */
	const struct pl011_ops *ops;
	void *opaque;
};

void pl011_init(struct pl011 *u, const struct pl011_ops *ops, void *opaque);
void pl011_destroy(struct pl011 *u);

/* A 32-bit register access at 'offset' (0..0xfff). */
uint32_t pl011_read(struct pl011 *u, uint32_t offset);
void pl011_write(struct pl011 *u, uint32_t offset, uint32_t value);

/*
 * An MMIO access of 'len' bytes (1, 2, 4 or 8) at 'offset', little-endian
 * data as in struct av_run's mmio.  Sub-word reads return the addressed bytes
 * of the register; sub-word writes at a register's offset write the
 * zero-extended value; anything else is ignored (reads return 0).
 */
void pl011_mmio(struct pl011 *u, uint32_t offset, uint8_t *data, unsigned len,
		bool is_write);

/* Queue a received character.  With wait, block while the FIFO is full;
 * returns false if the FIFO is full (no wait) or the model is closing. */
bool pl011_rx_push(struct pl011 *u, uint8_t ch, bool wait);

/* Wake and refuse any waiting pl011_rx_push (shutdown). */
void pl011_rx_close(struct pl011 *u);

#endif
