// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the PL011 UART model (vmm/pl011.c).  Operations are MMIO
 * reads and writes of 1, 2, 4 or 8 bytes anywhere in its 4 KiB frame, as
 * the vCPU loop hands them over, and characters arriving from the host.
 * After each one the interrupt line given to the VMM must equal
 * (UARTRIS & UARTIMSC) != 0 (TRM 3.3.11), and the receive FIFO must hold at
 * most 32 characters.
 */
#include "fuzz.h"

#include "vmm/pl011.h"
#include "vmm/platform.h"

enum { OP_READ, OP_WRITE, OP_RX, OP_RX_CLOSE, NR_OPS };

struct uart_sink {
	int irq_level;
	unsigned long tx;
};

static void sink_irq(void *opaque, bool level)
{
	struct uart_sink *s = opaque;

	FUZZ_CHECK(s->irq_level != (int)level); /* only changes are given */
	s->irq_level = level;
}

static void sink_tx(void *opaque, uint8_t ch)
{
	((struct uart_sink *)opaque)->tx++;
}

static const struct pl011_ops sink_ops = {
    .set_irq = sink_irq,
    .tx = sink_tx,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uart_sink sink = {0, 0};
	struct pl011 u;
	struct fuzz_op op;

	pl011_init(&u, &sink_ops, &sink);
	for (size_t i = 0; fuzz_op_at(data, size, 0, i, &op); i++) {
		unsigned len = fuzz_width(&op);
		uint32_t off = op.offset % VIRT_UART_SIZE;
		uint8_t buf[8];

		switch (op.kind % NR_OPS) {
		case OP_READ:
		case OP_WRITE:
			memcpy(buf, &op.value, sizeof(buf));
			pl011_mmio(&u, off, buf, len, op.kind % NR_OPS);
			break;
		case OP_RX:
			pl011_rx_push(&u, (uint8_t)op.value, false);
			break;
		case OP_RX_CLOSE:
			if (op.region == 0xff) /* rare: the VM stopping */
				pl011_rx_close(&u);
			break;
		}
		uint32_t mis = pl011_read(&u, UARTMIS);

		FUZZ_CHECK(sink.irq_level == (mis != 0));
		FUZZ_CHECK(u.rx_count <= PL011_FIFO_DEPTH);
		FUZZ_CHECK(mis == (pl011_read(&u, UARTRIS) &
				   pl011_read(&u, UARTIMSC)));
	}
	pl011_destroy(&u);
	return 0;
}
