/* SPDX-License-Identifier: MIT */
/* PL011 UART console (0x09000000, PLATFORM.md) and printf. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define UART_BASE 0x09000000ul

void uart_putc(char c);
void uart_puts(const char *s);
/* Non-blocking receive: returns the byte, or -1 when the RX FIFO is empty. */
int uart_getc_nonblock(void);
/* Blocking receive. */
int uart_getc(void);
/* Receive with a timeout in microseconds; -1 on timeout. */
int uart_getc_timeout(unsigned long us);

/*
 * printf family: %d %i %u %x %X %o %p %s %c %%, length modifiers l, ll, z,
 * flags '-' and '0', field width (also '*'), precision for %s.
 * printf serialises whole lines across CPUs with the console lock.
 */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* printf without taking the console lock (exception/abort paths). */
int printf_unlocked(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void console_lock(void);
void console_unlock(void);

#endif
