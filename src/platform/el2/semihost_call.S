/* SPDX-License-Identifier: MIT */
/* long el2_semihost_call(unsigned op, uintptr_t param): HLT #0xF000. */
	.text
	.global el2_semihost_call
	.global el2_semihost_hlt
el2_semihost_call:
	/* w0 = operation, x1 = parameter: already in place */
el2_semihost_hlt:
	hlt	#0xf000
	ret
