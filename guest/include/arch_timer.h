/* SPDX-License-Identifier: MIT */
/*
 * The EL1 virtual and physical timers as a guest drives them (Arm ARM D11
 * "The Generic Timer"): CNTV_* / CNTP_* CTL, CVAL and TVAL, the counters and
 * CNTKCTL_EL1, plus where the device tree says their interrupts are.
 * sdk/arch_timer.c holds the out-of-line helpers.
 */
#ifndef GUEST_ARCH_TIMER_H
#define GUEST_ARCH_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "sysreg.h"

enum arch_timer { TIMER_VIRT = 0, TIMER_PHYS = 1, NR_ARCH_TIMERS = 2 };

/* CNTx_CTL_EL0 (Arm ARM D17.8 CNTV_CTL_EL0 / CNTP_CTL_EL0). */
#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2) /* read-only */

/* CNTKCTL_EL1 EL0 access controls (Arm ARM D17.8 CNTKCTL_EL1). */
#define CNTKCTL_EL0PCTEN (1u << 0) /* CNTPCT_EL0 (and CNTFRQ_EL0) */
#define CNTKCTL_EL0VCTEN (1u << 1) /* CNTVCT_EL0 (and CNTFRQ_EL0) */
#define CNTKCTL_EL0VTEN (1u << 8)  /* CNTV_CTL/CVAL/TVAL_EL0 */
#define CNTKCTL_EL0PTEN (1u << 9)  /* CNTP_CTL/CVAL/TVAL_EL0 */

static inline uint64_t timer_read_ctl(enum arch_timer t)
{
	return t == TIMER_VIRT ? read_sysreg(cntv_ctl_el0)
			       : read_sysreg(cntp_ctl_el0);
}

static inline void timer_write_ctl(enum arch_timer t, uint64_t v)
{
	if (t == TIMER_VIRT)
		write_sysreg(v, cntv_ctl_el0);
	else
		write_sysreg(v, cntp_ctl_el0);
	isb(); /* the new control takes effect before what follows */
}

static inline uint64_t timer_read_cval(enum arch_timer t)
{
	return t == TIMER_VIRT ? read_sysreg(cntv_cval_el0)
			       : read_sysreg(cntp_cval_el0);
}

static inline void timer_write_cval(enum arch_timer t, uint64_t v)
{
	if (t == TIMER_VIRT)
		write_sysreg(v, cntv_cval_el0);
	else
		write_sysreg(v, cntp_cval_el0);
	isb();
}

/* D11.2.4: TVAL reads (CVAL - count)[31:0], a signed 32-bit value. */
static inline int32_t timer_read_tval(enum arch_timer t)
{
	return (int32_t)(t == TIMER_VIRT ? read_sysreg(cntv_tval_el0)
					 : read_sysreg(cntp_tval_el0));
}

/* D11.2.4: writing TVAL sets CVAL = count + SignExtend(TVAL). */
static inline void timer_write_tval(enum arch_timer t, int32_t v)
{
	if (t == TIMER_VIRT)
		write_sysreg((uint64_t)(uint32_t)v, cntv_tval_el0);
	else
		write_sysreg((uint64_t)(uint32_t)v, cntp_tval_el0);
	isb();
}

/* The counter this timer compares against: CNTVCT_EL0 or CNTPCT_EL0.  The
 * ISB keeps the read from being speculated early (D11.2.2). */
static inline uint64_t timer_count(enum arch_timer t)
{
	isb();
	return t == TIMER_VIRT ? read_sysreg(cntvct_el0)
			       : read_sysreg(cntpct_el0);
}

static inline uint64_t cntkctl_read(void)
{
	return read_sysreg(cntkctl_el1);
}

static inline void cntkctl_write(uint64_t v)
{
	write_sysreg(v, cntkctl_el1);
	isb();
}

/* The output line: ENABLE && ISTATUS && !IMASK (D11.2.4). */
static inline bool timer_ctl_fires(uint64_t ctl)
{
	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_ISTATUS | CNT_CTL_IMASK)) ==
	       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}

/* Fire at counter value cval: CVAL, then ENABLE (IMASK clear). */
static inline void timer_arm_cval(enum arch_timer t, uint64_t cval)
{
	timer_write_cval(t, cval);
	timer_write_ctl(t, CNT_CTL_ENABLE);
}

static inline void timer_disable(enum arch_timer t)
{
	timer_write_ctl(t, 0);
}

/* "virt" / "phys". */
const char *timer_name(enum arch_timer t);

/*
 * The timer's INTID from the device tree's arm,armv8-timer node
 * (interrupts in the binding's order: secure physical, non-secure physical,
 * virtual, hypervisor).  GIC-style cells <type n flags> give PPI n = INTID
 * n + 16; two-cell <intid flags> (rVIC) give the INTID itself.  Returns
 * -1 if the node or cell is missing.
 */
int timer_dt_intid(enum arch_timer t);

/* The timer whose INTID is intid, or -1. */
int timer_by_intid(unsigned intid);

#endif
