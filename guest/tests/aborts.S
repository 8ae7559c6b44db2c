// SPDX-License-Identifier: MIT
/* Code for aborts.c.  Each access is preceded, in the same translation
 * block, by an increment of *x1: an abort reported at the block start
 * would run it again. */
	.text
	.macro counted name, insn
	.global	\name, \name\()_insn
\name:
	ldr	x2, [x1]
	add	x2, x2, #1
	str	x2, [x1]
\name\()_insn:
	\insn
	ret
	.endm

	counted	a_dczva, "dc zva, x0"
	counted	a_ldr, "ldr x0, [x0]"
	counted	a_ldrw, "ldr w0, [x0]"
	counted	a_str, "str x1, [x0]"
