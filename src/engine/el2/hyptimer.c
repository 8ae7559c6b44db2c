// SPDX-License-Identifier: MIT
/* CNTHP, the EL2 physical timer (hyptimer.h). */
#include <stdbool.h>
#include <stddef.h>

#include "engine/el2/gic.h"
#include "engine/el2/hyptimer.h"
#include "engine/el2/irq.h"
#include "platform/el2/arch.h"

/* CNTHP_CTL_EL2 (Arm ARM D19.x): ENABLE [0], IMASK [1], ISTATUS [2] */
#define CNT_CTL_ENABLE (1u << 0)

static void (*expired_fn)(void);

static bool hyptimer_irq(unsigned intid, void *arg)
{
	/* Level-triggered: turn the timer off so the line drops before the
	 * deactivation; the callback re-arms it for the next deadline. */
	write_sysreg(0, cnthp_ctl_el2);
	isb();
	if (expired_fn)
		expired_fn();
	return true;
}

void el2_hyptimer_init_cpu(void (*fn)(void))
{
	write_sysreg(0, cnthp_ctl_el2);
	isb();
	expired_fn = fn;
	el2_irq_register(GIC_PPI_HYP_TIMER, hyptimer_irq, NULL);
	el2_gic_enable(GIC_PPI_HYP_TIMER, true);
}

void el2_hyptimer_set(uint64_t cval)
{
	if (!cval) {
		write_sysreg(0, cnthp_ctl_el2);
	} else {
		write_sysreg(cval, cnthp_cval_el2);
		write_sysreg(CNT_CTL_ENABLE, cnthp_ctl_el2);
	}
	isb();
}
