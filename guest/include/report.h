/* SPDX-License-Identifier: MIT */
/*
 * Test reporting.  Output protocol (PLATFORM.md "Exit status"):
 *   PASS: <name>          one check passed
 *   FAIL: <name>          one check failed
 *   SKIP: <name>          one check skipped
 *   INFO: <text>          information only
 *   SUMMARY: N tests, M failures[, K skipped]
 *   EXIT: STATUS=S        1 = all passed, 3 = some failed, 77 = all skipped,
 *                         4 = aborted (unexpected exception, report_abort)
 * then PSCI SYSTEM_OFF.  All functions are safe to call from any CPU.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdbool.h>

#define EXIT_PASS 1
#define EXIT_FAIL 3
#define EXIT_ABORT 4
#define EXIT_SKIP 77

bool report(bool pass, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void report_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prefix for the following check names ("" to clear). */
void report_prefix(const char *prefix);
/* Print the summary and EXIT line, then SYSTEM_OFF. */
void report_summary(void) __attribute__((noreturn));
/* "ABORT: <msg>", EXIT: STATUS=4, SYSTEM_OFF. */
void report_abort(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));
/* Print the EXIT line for status and power off. */
void report_exit(int status) __attribute__((noreturn));

#endif
