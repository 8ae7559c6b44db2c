// SPDX-License-Identifier: MIT
/* Semihosting calls (semihost.h). */
#include <stdatomic.h>

#include "platform/el2/semihost.h"

/* 0 unknown, 1 works, -1 HLT was UNDEFINED. */
static _Atomic int state;

static long call(unsigned op, uintptr_t param)
{
	long r;

	if (atomic_load_explicit(&state, memory_order_relaxed) < 0)
		return SEMIHOST_UNAVAILABLE;
	r = el2_semihost_call(op, param);
	atomic_store_explicit(&state, r == SEMIHOST_UNAVAILABLE ? -1 : 1,
			      memory_order_relaxed);
	return r;
}

bool semihost_available(void)
{
	return atomic_load_explicit(&state, memory_order_relaxed) >= 0;
}

bool semihost_write0(const char *s)
{
	return call(SEMIHOST_SYS_WRITE0, (uintptr_t)s) != SEMIHOST_UNAVAILABLE;
}

void semihost_exit(int status)
{
	/* AArch64: x1 points to { reason, subcode } (semihosting v3.0,
	 * SYS_EXIT_EXTENDED 0x20); the subcode is the exit status. */
	static uint64_t block[2];

	block[0] = SEMIHOST_ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uint64_t)(int64_t)status;
	call(SEMIHOST_SYS_EXIT_EXTENDED, (uintptr_t)block);
	/* Older hosts without EXIT_EXTENDED: SYS_EXIT takes the same block
	 * on AArch64. */
	call(SEMIHOST_SYS_EXIT, (uintptr_t)block);
}
