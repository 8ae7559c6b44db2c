/* SPDX-License-Identifier: MIT */
/*
 * The EL1 exception vector table (Arm ARM D1.10.2: 16 entries of 0x80 bytes,
 * VBAR_EL1 2 KiB aligned) and the EL0 call/return trampolines.
 */
#include "exceptions.h"

.macro ventry idx
	.balign	0x80
	sub	sp, sp, #EXC_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\idx
	b	exc_common
.endm

	.text
	.balign	2048
	.global	exception_vectors
exception_vectors:
	ventry	0	/* current EL, SP_EL0: sync, IRQ, FIQ, SError */
	ventry	1
	ventry	2
	ventry	3
	ventry	4	/* current EL, SP_ELx */
	ventry	5
	ventry	6
	ventry	7
	ventry	8	/* lower EL, AArch64 */
	ventry	9
	ventry	10
	ventry	11
	ventry	12	/* lower EL, AArch32 */
	ventry	13
	ventry	14
	ventry	15

exc_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	str	x0, [sp, #EXC_FRAME_VECTOR]
	cmp	x0, #8
	b.lo	1f
	mrs	x1, sp_el0
	b	2f
1:	add	x1, sp, #EXC_FRAME_SIZE
2:	str	x1, [sp, #EXC_FRAME_SP]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #EXC_FRAME_ELR]
	mrs	x1, esr_el1
	mrs	x2, far_el1
	stp	x1, x2, [sp, #EXC_FRAME_ESR]
	mov	x0, sp
	bl	exc_dispatch
	/* Return through the (possibly edited) frame. */
	ldp	x1, x2, [sp, #EXC_FRAME_ELR]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldr	x1, [sp, #EXC_FRAME_VECTOR]
	cmp	x1, #8
	b.lo	3f
	ldr	x1, [sp, #EXC_FRAME_SP]
	msr	sp_el0, x1
3:	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #EXC_FRAME_SIZE
	eret

/*
 * uint64_t el0_call_asm(fn, arg, sp_el0): save the callee-saved state on the
 * EL1 stack and ERET to fn(arg) at EL0t with DAIF clear.  The SDK's SVC
 * handler for SVC #EL0_EXIT_SVC sends the CPU back to el0_return at EL1h,
 * with SP_EL1 exactly as it was at the ERET.
 */
	.global	el0_call_asm
el0_call_asm:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	msr	sp_el0, x2
	msr	elr_el1, x0
	msr	spsr_el1, xzr		/* EL0t, DAIF clear (Arm ARM C5.2.18) */
	mov	x0, x1
	mov	x30, xzr
	isb
	eret

	.global	el0_return
el0_return:
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
