/* SPDX-License-Identifier: MIT */
/* Formatting only (fmt.c): the EL2 build has no files or streams. */
#ifndef AV_EL2_STDIO_H
#define AV_EL2_STDIO_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
