/* SPDX-License-Identifier: MIT */
/*
 * Instruction sequences for the exceptions test, with a global label on
 * every instruction that traps so the test knows the exact ELR to expect.
 */
#include "exceptions.h"

	.text
	.global	el1_svc, el1_svc_insn
el1_svc:			/* x0 passes through the handler */
el1_svc_insn:
	svc	#0x123
	ret

	.global	el1_udf, el1_udf_insn
el1_udf:
el1_udf_insn:
	udf	#0x42
	ret

	/* An unallocated A64 encoding: op0 = 0b0001 (Arm ARM C4.1, Table C4-1
	 * "Main encoding table for the A64 instruction set"). */
	.global	el1_unalloc, el1_unalloc_insn
el1_unalloc:
el1_unalloc_insn:
	.inst	0x02000000
	ret

	.global	el1_brk, el1_brk_insn
el1_brk:
el1_brk_insn:
	brk	#0x77
	ret

	.global	el1_load, el1_load_insn
el1_load:			/* x0 = address; returns x0 or the value */
el1_load_insn:
	ldr	x0, [x0]
	ret

	.global	el1_store, el1_store_insn
el1_store:			/* x0 = address, w1 = value (32-bit store) */
el1_store_insn:
	str	w1, [x0]
	ret

	.global	el1_branch
el1_branch:			/* x0 = target: the handler returns to x30 */
	stp	x29, x30, [sp, #-16]!
	blr	x0
	ldp	x29, x30, [sp], #16
	ret

	.section .el0text, "ax"
	.global	el0_svc_fn, el0_svc_insn
el0_svc_fn:
el0_svc_insn:
	svc	#0x42
	svc	#EL0_EXIT_SVC

	.global	el0_udf_fn, el0_udf_insn
el0_udf_fn:
el0_udf_insn:
	udf	#0x11
	svc	#EL0_EXIT_SVC

	.global	el0_load_fn, el0_load_insn
el0_load_fn:			/* x0 = address */
el0_load_insn:
	ldr	x0, [x0]
	svc	#EL0_EXIT_SVC

	.global	el0_store_fn, el0_store_insn
el0_store_fn:			/* x0 = address */
el0_store_insn:
	str	x0, [x0]
	svc	#EL0_EXIT_SVC

	.global	el0_branch_fn
el0_branch_fn:			/* x0 = target: the handler returns to x30 */
	blr	x0
	svc	#EL0_EXIT_SVC
