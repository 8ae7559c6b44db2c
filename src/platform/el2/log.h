/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's log and the console stream.  Two sinks, kept apart so
 * the host tool can tell them from each other:
 *  - el2_log (and plat_log): the hypervisor's own lines.  Through
 *    semihosting SYS_WRITE0 when the manifest asks for it (QEMU 7.2 writes
 *    them to its stderr, see docs/el2.md), otherwise to the physical UART
 *    with the prefix "el2: ".
 *  - el2_console_*: the guest's console bytes (and the self-tests' result
 *    lines), to the physical UART unchanged.
 * Every line is written whole under one lock, so lines of different pCPUs
 * never interleave.
 */
#ifndef AV_EL2_LOG_H
#define AV_EL2_LOG_H

#include <stdarg.h>
#include <stdbool.h>

void el2_log_use_semihosting(bool on);
void el2_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void el2_vlog(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The console stream (physical UART, no prefix). */
void el2_console_putc(char c);
void el2_console_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Log, then end the machine with status 2. */
void el2_panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
