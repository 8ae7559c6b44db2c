/* SPDX-License-Identifier: MIT */
/*
 * The test guest's entry points and EL1 exception vectors.  Runs with the
 * MMU off (PLATFORM.md boot state), one 16 KiB stack per vCPU.
 */
#define STACK_SHIFT 14
#define MAX_VCPUS 8
#define FRAME 272 /* x0-x30, ELR, SPSR, pad */

	.section .text.entry, "ax"
	.global _start
_start:
	mrs	x9, daif		/* the boot state, checked by main */
	adrp	x10, entry_daif
	str	x9, [x10, :lo12:entry_daif]
	mov	x19, x0			/* the DTB address the VMM passed */
	mov	x20, #0
	bl	setup_cpu
	/* clear BSS: vCPU 0, before anyone else runs */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	bl	guest_main
	b	park

/* PSCI CPU_ON entry: x0 = context id */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	mrs	x20, mpidr_el1
	and	x20, x20, #0xff
	cmp	x20, #MAX_VCPUS
	b.hs	park
	bl	setup_cpu
	mov	x0, x19
	mov	x1, x20
	bl	guest_secondary
park:	wfe
	b	park

/* sp = top of vCPU x20's stack, VBAR_EL1 = vectors.  Clobbers x9. */
setup_cpu:
	adrp	x9, stacks
	add	x9, x9, :lo12:stacks
	add	x9, x9, x20, lsl #STACK_SHIFT
	add	sp, x9, #(1 << STACK_SHIFT)
	adrp	x9, vectors
	add	x9, x9, :lo12:vectors
	msr	vbar_el1, x9
	isb
	ret

.macro entry, handler
	.balign	128
	sub	sp, sp, #FRAME
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	b	\handler
.endm

	.balign	2048
vectors:
	entry	bad		/* current EL, SP0 */
	entry	bad
	entry	bad
	entry	bad
	entry	sync		/* current EL, SPx */
	entry	irq
	entry	bad
	entry	bad
	entry	bad		/* lower EL: no EL0 here */
	entry	bad
	entry	bad
	entry	bad
	entry	bad
	entry	bad
	entry	bad
	entry	bad

.macro save_rest_call, fn
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #240]
	str	x1, [sp, #256]
	mov	x0, sp
	bl	\fn
	ldp	x30, x0, [sp, #240]
	ldr	x1, [sp, #256]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
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
	add	sp, sp, #FRAME
	eret
.endm

sync:	save_rest_call guest_sync
irq:	save_rest_call guest_irq
bad:	save_rest_call guest_bad

	.bss
	.balign	16
stacks:	.skip	MAX_VCPUS << STACK_SHIFT

	.data
	.global	entry_daif
	.balign	8
entry_daif: .quad 0	/* in .data: written before BSS is cleared */
