/* SPDX-License-Identifier: MIT */
/*
 * Log lines a guest can cause, rate-limited: a guest that retries a
 * faulting access for ever must not fill the host's log.  Each kind of
 * line (one struct uc_ratelimit per vCPU and kind) prints its first
 * UC_LOG_BURST occurrences, then one line at every power of two of the
 * occurrences suppressed since, saying how many.
 */
#include <stdarg.h>
#include <stdio.h>

#include "engine/unicorn/uc_internal.h"
#include "platform/platform.h"

void uc_log_limited(struct uc_ratelimit *rl, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (rl->printed >= UC_LOG_BURST) {
		unsigned long long n = ++rl->suppressed;

		if (n & (n - 1))
			return;
		va_start(ap, fmt);
		vsnprintf(line, sizeof(line), fmt, ap);
		va_end(ap);
		plat_log("%s (%llu such lines suppressed so far)", line, n);
		return;
	}
	rl->printed++;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	plat_log("%s%s", line,
		 rl->printed == UC_LOG_BURST ? " (further lines rate-limited)"
					     : "");
}
