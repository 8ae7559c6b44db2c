/* SPDX-License-Identifier: MIT */
/*
 * The EL2 exception vectors (Arm ARM D1.10.2, vector offsets from VBAR_EL2)
 * and the guest entry/exit path.
 *
 * Exceptions from the hypervisor itself (current EL, SPx) save a full frame
 * on the stack and call el2_current_el_exception (platform/el2/fatal.c),
 * which recovers from an UNDEFINED semihosting HLT and stops the machine on
 * anything else.  EL2 runs with PSTATE.DAIF masked, so only synchronous
 * exceptions can come from EL2.
 *
 * Exceptions from the guest (lower EL, AArch64) save the guest's x0-x30,
 * ELR_EL2 and SPSR_EL2 into the running vCPU's frame (TPIDR_EL2 ->
 * el2_cpu.guest_frame), restore the callee-saved registers and SP of
 * el2_guest_enter's caller and return from it with the vector's code.
 */
#include "engine/el2/frame.h"
#include "platform/el2/percpu.h"

/* Store / load x2..x30 of a frame at \base. */
.macro frame_save_x2_x30, base
	stp	x2, x3, [\base, #FRAME_X(2)]
	stp	x4, x5, [\base, #FRAME_X(4)]
	stp	x6, x7, [\base, #FRAME_X(6)]
	stp	x8, x9, [\base, #FRAME_X(8)]
	stp	x10, x11, [\base, #FRAME_X(10)]
	stp	x12, x13, [\base, #FRAME_X(12)]
	stp	x14, x15, [\base, #FRAME_X(14)]
	stp	x16, x17, [\base, #FRAME_X(16)]
	stp	x18, x19, [\base, #FRAME_X(18)]
	stp	x20, x21, [\base, #FRAME_X(20)]
	stp	x22, x23, [\base, #FRAME_X(22)]
	stp	x24, x25, [\base, #FRAME_X(24)]
	stp	x26, x27, [\base, #FRAME_X(26)]
	stp	x28, x29, [\base, #FRAME_X(28)]
	str	x30, [\base, #FRAME_X(30)]
.endm

.macro frame_load_x2_x30, base
	ldp	x2, x3, [\base, #FRAME_X(2)]
	ldp	x4, x5, [\base, #FRAME_X(4)]
	ldp	x6, x7, [\base, #FRAME_X(6)]
	ldp	x8, x9, [\base, #FRAME_X(8)]
	ldp	x10, x11, [\base, #FRAME_X(10)]
	ldp	x12, x13, [\base, #FRAME_X(12)]
	ldp	x14, x15, [\base, #FRAME_X(14)]
	ldp	x16, x17, [\base, #FRAME_X(16)]
	ldp	x18, x19, [\base, #FRAME_X(18)]
	ldp	x20, x21, [\base, #FRAME_X(20)]
	ldp	x22, x23, [\base, #FRAME_X(22)]
	ldp	x24, x25, [\base, #FRAME_X(24)]
	ldp	x26, x27, [\base, #FRAME_X(26)]
	ldp	x28, x29, [\base, #FRAME_X(28)]
	ldr	x30, [\base, #FRAME_X(30)]
.endm

/* One 128-byte vector slot: push x0/x1, x0 = code, branch to \target. */
.macro vector, target, code
	.balign	128
	stp	x0, x1, [sp, #-16]!
	mov	x0, #\code
	b	\target
.endm

	.text
	.balign	2048
	.global	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: EL2 always runs on SP_EL2 */
	vector	cur_el, EL2_TRAP_SYNC + 16
	vector	cur_el, EL2_TRAP_IRQ + 16
	vector	cur_el, EL2_TRAP_FIQ + 16
	vector	cur_el, EL2_TRAP_SERROR + 16
	/* Current EL with SP_ELx */
	vector	cur_el, EL2_TRAP_SYNC
	vector	cur_el, EL2_TRAP_IRQ
	vector	cur_el, EL2_TRAP_FIQ
	vector	cur_el, EL2_TRAP_SERROR
	/* Lower EL, AArch64 */
	vector	guest_exit, EL2_TRAP_SYNC
	vector	guest_exit, EL2_TRAP_IRQ
	vector	guest_exit, EL2_TRAP_FIQ
	vector	guest_exit, EL2_TRAP_SERROR
	/* Lower EL, AArch32 (HCR_EL2.RW = 1 and no AArch32 PSTATE is ever
	 * entered, so these are reported, not handled) */
	vector	guest_exit, EL2_TRAP_AARCH32
	vector	guest_exit, EL2_TRAP_AARCH32
	vector	guest_exit, EL2_TRAP_AARCH32
	vector	guest_exit, EL2_TRAP_AARCH32

/* x0 = kind, the interrupted x0/x1 at [sp]. */
cur_el:
	sub	sp, sp, #FRAME_SIZE
	frame_save_x2_x30 sp
	ldp	x2, x3, [sp, #FRAME_SIZE]
	stp	x2, x3, [sp, #FRAME_X(0)]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #FRAME_ELR]
	mov	x1, x0
	mov	x0, sp
	bl	el2_current_el_exception
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	frame_load_x2_x30 sp
	ldp	x0, x1, [sp, #FRAME_X(0)]
	add	sp, sp, #(FRAME_SIZE + 16)
	eret
	dsb	nsh
	isb

/*
 * unsigned el2_guest_enter(struct el2_gpr_frame *f)
 * Save x19-x30 and SP in this pCPU's host context, remember f, load the
 * guest's ELR/SPSR and x0-x30 from f, ERET.
 */
	.global	el2_guest_enter
el2_guest_enter:
	mrs	x1, tpidr_el2
	stp	x19, x20, [x1, #(EL2_CPU_HOST_CTX + 0)]
	stp	x21, x22, [x1, #(EL2_CPU_HOST_CTX + 16)]
	stp	x23, x24, [x1, #(EL2_CPU_HOST_CTX + 32)]
	stp	x25, x26, [x1, #(EL2_CPU_HOST_CTX + 48)]
	stp	x27, x28, [x1, #(EL2_CPU_HOST_CTX + 64)]
	stp	x29, x30, [x1, #(EL2_CPU_HOST_CTX + 80)]
	mov	x2, sp
	str	x2, [x1, #(EL2_CPU_HOST_CTX + 96)]
	str	x0, [x1, #EL2_CPU_GUEST_FRAME]
	ldp	x2, x3, [x0, #FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	frame_load_x2_x30 x0
	ldp	x0, x1, [x0, #FRAME_X(0)]
	eret
	/* No speculation past the ERET (Arm ARM: SB, or DSB + ISB). */
	dsb	nsh
	isb

/* x0 = code, the guest's x0/x1 at [sp]. */
guest_exit:
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #EL2_CPU_GUEST_FRAME]
	frame_save_x2_x30 x1
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x1, #FRAME_X(0)]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x1, #FRAME_ELR]
	mrs	x1, tpidr_el2
	ldp	x19, x20, [x1, #(EL2_CPU_HOST_CTX + 0)]
	ldp	x21, x22, [x1, #(EL2_CPU_HOST_CTX + 16)]
	ldp	x23, x24, [x1, #(EL2_CPU_HOST_CTX + 32)]
	ldp	x25, x26, [x1, #(EL2_CPU_HOST_CTX + 48)]
	ldp	x27, x28, [x1, #(EL2_CPU_HOST_CTX + 64)]
	ldp	x29, x30, [x1, #(EL2_CPU_HOST_CTX + 80)]
	ldr	x2, [x1, #(EL2_CPU_HOST_CTX + 96)]
	mov	sp, x2
	ret
