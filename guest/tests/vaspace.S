// SPDX-License-Identifier: MIT
// Position-independent probes for vaspace.c, alone on one 4 KiB page so
// that the test can map that page at other virtual addresses (aliases).
#include "exceptions.h"

	.section .text.vaspace_probes, "ax"
	.balign	4096
	.global	probe_page
probe_page:

// uint64_t probe_el1(uint64_t *p, uint64_t *pc_out):
// *pc_out = the address it runs at; returns *p + 1; stores *p + 2 at p[1].
	.global	probe_el1
probe_el1:
	adr	x2, .
	str	x2, [x1]
	ldr	x3, [x0]
	add	x4, x3, #2
	str	x4, [x0, #8]
	add	x0, x3, #1
	ret

// EL0 entry for el0_call(fn, p): p[2] = the address it runs at,
// p[1] = p[0] + 7, returns p[0] + 7 through SVC #EL0_EXIT_SVC.
	.global	probe_el0
probe_el0:
	adr	x2, .
	str	x2, [x0, #16]
	ldr	x3, [x0]
	add	x3, x3, #7
	str	x3, [x0, #8]
	mov	x0, x3
	svc	#EL0_EXIT_SVC

	.balign	4096
	.global	probe_page_end
probe_page_end:
