// SPDX-License-Identifier: MIT
/* EL0 halves of sysreg_traps.c: one system instruction each, then back to
 * EL1 (SVC #EL0_EXIT_SVC).  A trapped instruction is skipped by the EL1
 * handler, so x0 keeps the argument. */
#include "exceptions.h"

	.section .el0text, "ax"

	.macro el0_fn name
	.global	el0_\name
	.global	el0_\name\()_insn
el0_\name:
	.endm

	el0_fn mpidr
el0_mpidr_insn:
	mrs	x0, mpidr_el1
	svc	#EL0_EXIT_SVC

	el0_fn daifset
el0_daifset_insn:
	msr	daifset, #2
	mov	x0, #1
	svc	#EL0_EXIT_SVC

	el0_fn zva
el0_zva_insn:
	dc	zva, x0
	mov	x0, #1
	svc	#EL0_EXIT_SVC

	el0_fn civac
el0_civac_insn:
	dc	civac, x0
	mov	x0, #1
	svc	#EL0_EXIT_SVC

	el0_fn ivau
el0_ivau_insn:
	ic	ivau, x0
	mov	x0, #1
	svc	#EL0_EXIT_SVC

	el0_fn ctr
el0_ctr_insn:
	mrs	x0, ctr_el0
	svc	#EL0_EXIT_SVC

	/* PSTATE.F set at EL0 (SCTLR_EL1.UMA = 1), then an SVC: the SVC
	 * must reach EL1 with SPSR.F = 1; returns DAIF as read after it. */
	el0_fn svc_f
	msr	daifset, #1
el0_svc_f_insn:
	svc	#0x77
	mrs	x0, daif
	msr	daifclr, #1
	svc	#EL0_EXIT_SVC

	/* A debug register and an IMPLEMENTATION DEFINED one are EL1's */
	el0_fn mdscr
el0_mdscr_insn:
	mrs	x0, mdscr_el1
	svc	#EL0_EXIT_SVC
