// SPDX-License-Identifier: MIT
/* Hypervisor log and console stream (log.h). */
#include <stdio.h>
#include <string.h>

#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/uart.h"
#include "platform/el2/semihost.h"
#include "platform/el2/spinlock.h"

#define LINE_MAX 320

static el2_spinlock console_lock = EL2_SPINLOCK_INIT;
static bool log_semihosting;

void el2_log_use_semihosting(bool on)
{
	log_semihosting = on;
}

void el2_vlog(const char *fmt, va_list ap)
{
	char line[LINE_MAX];
	int n;

	memcpy(line, "el2: ", 5);
	n = vsnprintf(line + 5, sizeof(line) - 6, fmt, ap);
	if (n < 0)
		n = 0;
	n += 5;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	if (n == 0 || line[n - 1] != '\n')
		line[n++] = '\n';
	line[n] = 0;
	el2_spin_lock(&console_lock);
	if (!log_semihosting || !semihost_write0(line))
		el2_uart_write(line, n);
	el2_spin_unlock(&console_lock);
}

void el2_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	el2_vlog(fmt, ap);
	va_end(ap);
}

void el2_console_putc(char c)
{
	el2_spin_lock(&console_lock);
	el2_uart_write(&c, 1);
	el2_spin_unlock(&console_lock);
}

void el2_console_printf(const char *fmt, ...)
{
	char line[LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	el2_spin_lock(&console_lock);
	el2_uart_write(line, n);
	el2_spin_unlock(&console_lock);
}

void el2_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	el2_vlog(fmt, ap);
	va_end(ap);
	el2_machine_exit(2);
}
