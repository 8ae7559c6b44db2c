// SPDX-License-Identifier: MIT
/* Code for debug.c: instructions to break, watch and step on. */
#include "exceptions.h"

	.text
	/* Breakpoint targets at EL1: each unmasks debug exceptions (as
	 * kvm-unit-tests arm/debug.c does), so each can break. */
	.global	bp_seq
bp_seq:
	.rept	16
	msr	daifclr, #8
	.endr
	ret

	/* x0 = address: load, store, byte load, pair load */
	.global	wp_ldr, wp_ldr_insn
wp_ldr:
wp_ldr_insn:
	ldr	x0, [x0]
	ret
	.global	wp_str, wp_str_insn
wp_str:
wp_str_insn:
	str	x1, [x0]
	ret
	.global	wp_ldrb, wp_ldrb_insn
wp_ldrb:
wp_ldrb_insn:
	ldrb	w0, [x0]
	ret
	.global	wp_ldp, wp_ldp_insn
wp_ldp:
wp_ldp_insn:
	ldp	x2, x3, [x0]
	mov	x0, x3
	ret

	/* Step at EL1: unmasking D with MDSCR_EL1.SS set and PSTATE.SS = 0
	 * makes step active-pending: the exception comes before the next
	 * instruction. */
	.global	ss_el1, ss_el1_next
ss_el1:
	msr	daifclr, #8
ss_el1_next:
	nop
	msr	daifset, #8
	ret

	.section .el0text, "ax"
	.global	el0_bp, el0_bp_insn
el0_bp:
	mov	x0, #1
el0_bp_insn:
	add	x0, x0, #1
	svc	#EL0_EXIT_SVC

	.global	el0_wp
el0_wp:
	ldr	x0, [x0]
	svc	#EL0_EXIT_SVC

	.global	el0_steps
el0_steps:
	mov	x1, #1
	mov	x2, #2
	add	x0, x1, x2
	add	x0, x0, #4
	svc	#EL0_EXIT_SVC

	/* The second instruction is one a hypervisor may emulate (a PMU
	 * read: trapped to EL2 by MDCR_EL2.TPM under armvisor and KVM). */
	.global	el0_steps_trapped
el0_steps_trapped:
	mov	x1, #1
	mrs	x2, pmccntr_el0
	mov	x3, #6
	add	x0, x1, x3
	svc	#EL0_EXIT_SVC
