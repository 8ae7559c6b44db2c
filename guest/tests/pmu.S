// SPDX-License-Identifier: MIT
/* Code for pmu.c: a loop of known length, and EL0 reads of PMCCNTR_EL0. */
#include "exceptions.h"

	.text
	/* x0 iterations of 4 instructions (sub, add, add, cbnz) */
	.global	pmu_loop
pmu_loop:
1:	sub	x0, x0, #1
	add	x1, x1, #1
	add	x2, x2, #1
	cbnz	x0, 1b
	ret

	.section .el0text, "ax"
	.global	el0_ccntr, el0_ccntr_insn
el0_ccntr:
	mov	x0, #0
el0_ccntr_insn:
	mrs	x0, pmccntr_el0
	svc	#EL0_EXIT_SVC
