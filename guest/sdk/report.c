// SPDX-License-Identifier: MIT
/* PASS/FAIL/SKIP/INFO reporting and the EXIT protocol (report.h). */
#include "sdk.h"

static int tests, failures, skips;
static char prefix[64];

static void vreport_line(const char *tag, const char *fmt, va_list ap)
{
	console_lock();
	printf("%s: %s%s", tag, prefix, prefix[0] ? ": " : "");
	vprintf(fmt, ap);
	printf("\n");
	console_unlock();
}

void report_prefix(const char *p)
{
	console_lock();
	snprintf(prefix, sizeof(prefix), "%s", p ? p : "");
	console_unlock();
}

bool report(bool pass, const char *fmt, ...)
{
	va_list ap;

	console_lock();
	tests++;
	if (!pass)
		failures++;
	va_start(ap, fmt);
	vreport_line(pass ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
	console_unlock();
	return pass;
}

void report_skip(const char *fmt, ...)
{
	va_list ap;

	console_lock();
	tests++;
	skips++;
	va_start(ap, fmt);
	vreport_line("SKIP", fmt, ap);
	va_end(ap);
	console_unlock();
}

void report_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport_line("INFO", fmt, ap);
	va_end(ap);
}

void report_exit(int status)
{
	printf_unlocked("EXIT: STATUS=%d\n", status);
	psci_system_off();
}

void report_summary(void)
{
	int status;

	console_lock();
	printf("SUMMARY: %d tests, %d failures", tests, failures);
	if (skips)
		printf(", %d skipped", skips);
	printf("\n");
	if (failures)
		status = EXIT_FAIL;
	else if (tests == skips)
		status = EXIT_SKIP;
	else
		status = EXIT_PASS;
	report_exit(status);
}

void report_abort(const char *fmt, ...)
{
	va_list ap;
	char buf[160];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf_unlocked("ABORT: %s\n", buf);
	report_exit(EXIT_ABORT);
}
