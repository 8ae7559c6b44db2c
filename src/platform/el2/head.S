/* SPDX-License-Identifier: MIT */
/*
 * Entry of the EL2 image: the arm64 Image header, the boot CPU's entry (from
 * QEMU's -kernel boot stub or a boot loader, at EL2 with the MMU off) and
 * the entry of the other pCPUs (PSCI CPU_ON, smp.c).  Both set up the
 * pCPU's stack, TPIDR_EL2 (its struct el2_cpu) and VBAR_EL2, then call C,
 * which turns the MMU on (mmu.c).
 */
#include "platform/el2/percpu.h"

#define SCTLR_EL2_RES1 0x30c50830 /* Arm ARM D19.2 SCTLR_EL2, E2H = 0 */

/* x = address of sym, within +-4 GiB. */
.macro adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* sp = top of pCPU \idx's stack; TPIDR_EL2 = &el2_cpus[\idx]. Clobbers x9. */
.macro cpu_setup, idx
	adr_l	x9, el2_stacks
	add	x9, x9, \idx, lsl #EL2_STACK_SHIFT
	add	sp, x9, #EL2_STACK_SIZE
	adr_l	x9, el2_cpus
	add	x9, x9, \idx, lsl #EL2_CPU_SIZE_LOG2
	msr	tpidr_el2, x9
	adr_l	x9, el2_vectors
	msr	vbar_el2, x9
.endm

	.section .text.head, "ax"
	.global _start
_start:
	/* Linux Documentation/arch/arm64/booting.rst, the 64-byte header */
	b	el2_boot_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset */
	.quad	_image_size		/* image_size, BSS and heap included */
	/* flags: little-endian (bit 0 = 0), 4 KiB pages (bits 2:1 = 01),
	 * bit 3 = 0: the 2 MiB aligned base is the start of RAM (we are not
	 * relocatable) */
	.quad	0x2
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

el2_boot_entry:
	msr	daifset, #0xf
	mov	x19, x0			/* the boot loader's DTB (unused) */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_el2
	/* A known SCTLR_EL2: MMU, caches and alignment checks off. */
	ldr	x1, =SCTLR_EL2_RES1
	msr	sctlr_el2, x1
	isb
	mov	x20, #0
	cpu_setup x20
	/* Clear BSS (MMU off: these are Device-nGnRnE stores, aligned). */
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	/* Invalidate [data, bss end) to PoC: no stale line may hide what was
	 * written with the caches off (Arm ARM D7.5.9, data cache
	 * maintenance before enabling caches). */
	adr_l	x0, __data_start
	adr_l	x1, __bss_end
	bl	el2_dcache_inval_range
	mov	x0, x19
	bl	el2_boot_main		/* mmu.c + main.c, does not return */
	b	park

not_el2:
	/* Entered at EL1 or EL3: this image needs EL2 (virtualization=on). */
park:	wfe
	b	park

/*
 * PSCI CPU_ON entry (DEN0022 6.4): EL2 (the caller's EL), MMU off,
 * x0 = context id = this pCPU's index.
 */
	.text
	.global el2_secondary_entry
el2_secondary_entry:
	msr	daifset, #0xf
	ldr	x1, =SCTLR_EL2_RES1
	msr	sctlr_el2, x1
	isb
	cmp	x0, #EL2_MAX_CPUS
	b.hs	park
	mov	x20, x0
	cpu_setup x20
	mov	x0, x20
	bl	el2_secondary_main	/* main.c, does not return */
	b	park

/* Invalidate data cache lines [x0, x1) to PoC by VA.  Clobbers x0, x2, x3. */
	.global el2_dcache_inval_range
el2_dcache_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3		/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
3:	cmp	x0, x1
	b.hs	4f
	dc	ivac, x0
	add	x0, x0, x2
	b	3b
4:	dsb	sy
	ret

/* Clean data cache lines [x0, x1) to PoC by VA.  Clobbers x0, x2, x3. */
	.global el2_dcache_clean_range
el2_dcache_clean_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
5:	cmp	x0, x1
	b.hs	6f
	dc	cvac, x0
	add	x0, x0, x2
	b	5b
6:	dsb	sy
	ret

	.bss
	.balign	4096
	.global el2_stacks
el2_stacks:
	.skip	EL2_MAX_CPUS * EL2_STACK_SIZE
