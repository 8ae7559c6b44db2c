// SPDX-License-Identifier: MIT
/* EL0 halves of timer_el0.c: one timer register access each, then back to
 * EL1 (SVC #EL0_EXIT_SVC).  x0 carries the value read, or the value to
 * write; a trapped access is skipped by the EL1 handler, which sets x0. */
#include "exceptions.h"

	.section .el0text, "ax"

	.macro el0_read name, reg
	.global	el0_rd_\name
el0_rd_\name:
	mrs	x0, \reg
	svc	#EL0_EXIT_SVC
	.endm

	.macro el0_write name, reg
	.global	el0_wr_\name
el0_wr_\name:
	msr	\reg, x0
	mov	x0, #0
	svc	#EL0_EXIT_SVC
	.endm

	el0_read cntfrq, cntfrq_el0
	el0_read cntpct, cntpct_el0
	el0_read cntvct, cntvct_el0
	el0_read cntv_ctl, cntv_ctl_el0
	el0_read cntv_cval, cntv_cval_el0
	el0_read cntv_tval, cntv_tval_el0
	el0_write cntv_cval, cntv_cval_el0
	el0_write cntv_ctl, cntv_ctl_el0
	el0_read cntp_ctl, cntp_ctl_el0
	el0_read cntp_cval, cntp_cval_el0
	el0_read cntp_tval, cntp_tval_el0
	el0_write cntp_cval, cntp_cval_el0
	el0_write cntp_ctl, cntp_ctl_el0
	el0_read cntkctl, cntkctl_el1
