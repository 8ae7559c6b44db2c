/* SPDX-License-Identifier: MIT */
/*
 * Boot code: the Linux arm64 Image header, the boot CPU entry and the PSCI
 * CPU_ON entry for secondaries.
 */
#include "exceptions.h"

#define STACK_SHIFT 14		/* 16 KiB per CPU, see guest.ld */
#define MAX_CPUS 64

	.section .text.head, "ax"
	.global _start
_start:
	/* Linux Documentation/arch/arm64/booting.rst: the 64-byte header. */
	b	boot_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset: RAM base + 0x80000 */
	.quad	_image_size		/* image_size, BSS and stacks included */
	.quad	0xa			/* flags: LE, 4 KiB pages, anywhere */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

/* x1 = this CPU's index from MPIDR_EL1 (Aff0 + 16 * Aff1); clobbers x2. */
.macro cpu_index_from_mpidr
	mrs	x1, mpidr_el1
	and	x2, x1, #0xff
	ubfx	x1, x1, #8, #8
	add	x1, x2, x1, lsl #4
.endm

/* sp = top of the stack of CPU x1; TPIDR_EL1 = x1; clobbers x2. */
.macro setup_cpu_stack
	cmp	x1, #MAX_CPUS
	b.hs	park
	msr	tpidr_el1, x1
	adrp	x2, __stacks_start
	add	x2, x2, :lo12:__stacks_start
	add	x2, x2, x1, lsl #STACK_SHIFT
	add	sp, x2, #(1 << STACK_SHIFT)
.endm

boot_entry:
	mov	x19, x0			/* the DTB */
	cpu_index_from_mpidr
	setup_cpu_stack
	adrp	x2, exception_vectors
	add	x2, x2, :lo12:exception_vectors
	msr	vbar_el1, x2
	isb
	/* Clear BSS (boot CPU only; the stacks are not part of it). */
	adrp	x2, __bss_start
	add	x2, x2, :lo12:__bss_start
	adrp	x3, __bss_end
	add	x3, x3, :lo12:__bss_end
1:	cmp	x2, x3
	b.hs	2f
	stp	xzr, xzr, [x2], #16
	b	1b
2:	mov	x0, x19
	bl	sdk_boot
	b	park

/*
 * PSCI CPU_ON entry (DEN0022 6.4): EL1, MMU off, x0 = context id.
 * Stack and VBAR as on the boot CPU, then the MMU with the boot CPU's tables.
 */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	cpu_index_from_mpidr
	setup_cpu_stack
	adrp	x2, exception_vectors
	add	x2, x2, :lo12:exception_vectors
	msr	vbar_el1, x2
	adrp	x2, mmu_boot_regs
	add	x2, x2, :lo12:mmu_boot_regs
	ldr	x3, [x2, #24]		/* sctlr; 0 = the MMU was never enabled */
	cbz	x3, 3f
	ldr	x4, [x2, #0]
	msr	mair_el1, x4
	ldr	x4, [x2, #8]
	msr	tcr_el1, x4
	ldr	x4, [x2, #16]
	msr	ttbr0_el1, x4
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	msr	sctlr_el1, x3
	isb
3:	mov	x0, x19
	bl	secondary_main
park:
	wfi
	b	park
