// SPDX-License-Identifier: MIT
/* CNTHP, the EL2 physical timer (hyptimer.h). */
#include <stdbool.h>
#include <stddef.h>

#include "engine/el2/gic.h"
#include "engine/el2/hyptimer.h"
#include "engine/el2/irq.h"
#include "platform/el2/arch.h"
#include "platform/el2/percpu.h"

/* CNTHP_CTL_EL2 (Arm ARM D19.x): ENABLE [0], IMASK [1], ISTATUS [2] */
#define CNT_CTL_ENABLE (1u << 0)

static void (*expired_fn)(void);

static bool hyptimer_irq(unsigned intid, void *arg)
{
	/* Level-triggered: the line must drop before the deactivation.  The
	 * callback re-arms the timer for the next deadline (a later CVAL, or
	 * off), which drops it; without one, turn the timer off. */
	if (expired_fn)
		expired_fn();
	else
		el2_hyptimer_set(0);
	return true;
}

void el2_hyptimer_init_cpu(void (*fn)(void))
{
	write_sysreg(0, cnthp_ctl_el2);
	isb();
	this_cpu()->hyp_cval = 0;
	expired_fn = fn;
	el2_irq_register(GIC_PPI_HYP_TIMER, hyptimer_irq, NULL);
	el2_gic_enable(GIC_PPI_HYP_TIMER, true);
}

/* Only a change is written: under QEMU TCG each CNTHP register write
 * takes QEMU's global lock and re-arms a host timer (measured: the idle
 * path's writes cost ~10-20 us each), and the callers re-arm with the
 * same deadline often (after every interrupt, every idle wait). */
void el2_hyptimer_set(uint64_t cval)
{
	struct el2_cpu *c = this_cpu();

	if (c->hyp_cval == cval)
		return;
	c->hyp_cval = cval;
	if (!cval) {
		write_sysreg(0, cnthp_ctl_el2);
	} else {
		write_sysreg(cval, cnthp_cval_el2);
		write_sysreg(CNT_CTL_ENABLE, cnthp_ctl_el2);
	}
	isb();
}
