/* SPDX-License-Identifier: MIT */
/*
 * Error messages for the VMM's pure parts (cli, loader, fdt): a function that
 * can fail writes one line into the caller's buffer and returns -1; the
 * caller prefixes "armvisor: " and prints it, a unit test compares it.
 */
#ifndef VMM_ERRBUF_H
#define VMM_ERRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static inline void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

#endif
