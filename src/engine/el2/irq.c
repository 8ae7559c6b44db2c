// SPDX-License-Identifier: MIT
/* Physical interrupt dispatch at EL2 (irq.h). */
#include <stddef.h>

#include "engine/el2/gic.h"
#include "engine/el2/irq.h"
#include "platform/el2/log.h"
#include "platform/el2/percpu.h"

static struct {
	el2_irq_fn fn;
	void *arg;
} handlers[32];

void el2_irq_register(unsigned intid, el2_irq_fn fn, void *arg)
{
	if (intid < 32) {
		handlers[intid].arg = arg;
		handlers[intid].fn = fn;
	}
}

unsigned el2_irq_handle(void)
{
	unsigned n = 0;

	/* Bounded: a stuck source cannot hold the pCPU forever. */
	while (n < 64) {
		uint32_t iar = el2_gic_ack();
		unsigned intid = el2_gic_intid(iar);
		bool deactivate = true;

		if (intid >= 1020)
			break;
		n++;
		/* EOImode = 1: drop the priority now, deactivate after. */
		el2_gic_eoi(iar);
		if (intid < 32 && handlers[intid].fn)
			deactivate = handlers[intid].fn(intid,
							handlers[intid].arg);
		else
			el2_log("pCPU %u: interrupt %u has no handler",
				this_cpu_index(), intid);
		if (deactivate)
			el2_gic_deactivate(iar);
	}
	this_cpu()->irqs_taken += n;
	return n;
}
