// SPDX-License-Identifier: MIT
/* PL011 console (ARM DDI 0183: UARTDR at 0x000, UARTFR at 0x018) and a small
 * printf. */
#include "sdk.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)

static inline volatile uint32_t *uart_reg(unsigned long off)
{
	return (volatile uint32_t *)(UART_BASE + off);
}

void uart_putc(char c)
{
	while (*uart_reg(UARTFR) & UARTFR_TXFF)
		;
	*uart_reg(UARTDR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

int uart_getc_nonblock(void)
{
	if (*uart_reg(UARTFR) & UARTFR_RXFE)
		return -1;
	return *uart_reg(UARTDR) & 0xff;
}

int uart_getc(void)
{
	int c;

	while ((c = uart_getc_nonblock()) < 0)
		cpu_relax();
	return c;
}

int uart_getc_timeout(unsigned long us)
{
	uint64_t end = cnt_read() + us_to_ticks(us);
	int c;

	while ((c = uart_getc_nonblock()) < 0)
		if (cnt_read() >= end)
			return -1;
	return c;
}

/* ---- formatting ---- */

struct out {
	char *buf; /* NULL: straight to the UART */
	size_t size, len;
};

static void out_char(struct out *o, char c)
{
	if (o->buf) {
		if (o->len + 1 < o->size)
			o->buf[o->len] = c;
	} else {
		if (c == '\n')
			uart_putc('\r');
		uart_putc(c);
	}
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_number(struct out *o, unsigned long long v, unsigned base,
		       bool upper, bool neg, int width, bool zero, bool left,
		       const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, extra = (neg ? 1 : 0) + (int)strlen(prefix);

	int len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n;
	if (!left && !zero)
		out_pad(o, ' ', width - n - extra);
	if (neg)
		out_char(o, '-');
	while (*prefix)
		out_char(o, *prefix++);
	if (!left && zero)
		out_pad(o, '0', width - n - extra);
	while (n)
		out_char(o, tmp[--n]);
	if (left)
		out_pad(o, ' ', width - len - extra);
}

static int format(struct out *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		bool zero = false, left = false, alt = false;
		int width = 0, prec = -1, lng = 0;
		unsigned long long u;
		long long s;

		if (*fmt != '%') {
			out_char(o, *fmt);
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		}
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, long long) : va_arg(ap, int);
			u = s < 0 ? -(unsigned long long)s
				  : (unsigned long long)s;
			out_number(o, u, 10, false, s < 0, width, zero, left,
				   "");
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng ? va_arg(ap, unsigned long long)
				: va_arg(ap, unsigned int);
			out_number(o, u,
				   *fmt == 'u'	 ? 10
				   : *fmt == 'o' ? 8
						 : 16,
				   *fmt == 'X', false, width, zero, left,
				   alt && *fmt != 'u' && u
				       ? (*fmt == 'o' ? "0" : "0x")
				       : "");
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			out_number(o, u, 16, false, false, width, zero, left,
				   "0x");
			break;
		case 'c':
			out_pad(o, ' ', left ? 0 : width - 1);
			out_char(o, (char)va_arg(ap, int));
			out_pad(o, ' ', left ? width - 1 : 0);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int n;

			if (!str)
				str = "(null)";
			for (n = 0; str[n] && (prec < 0 || n < prec); n++)
				;
			if (!left)
				out_pad(o, ' ', width - n);
			for (int i = 0; i < n; i++)
				out_char(o, str[i]);
			if (left)
				out_pad(o, ' ', width - n);
			break;
		}
		case '%':
			out_char(o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			out_char(o, '%');
			out_char(o, *fmt);
			break;
		}
	}
	if (o->buf && o->size)
		o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
	return (int)o->len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	static char sink; /* counts only when buf is NULL */
	struct out o = {buf ? buf : &sink, buf ? size : 0, 0};

	return format(&o, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * The console lock serialises output between CPUs.  It is recursive for the
 * owning CPU (an exception taken while printing may print), and is a plain
 * flag while the MMU is off (exclusives need Normal memory).
 */
static spinlock_t console_spin;
static volatile int console_owner = -1;
static int console_depth;

void console_lock(void)
{
	int me = smp_processor_id();

	if (console_owner == me) {
		console_depth++;
		return;
	}
	if (mmu_enabled())
		spin_lock(&console_spin);
	console_owner = me;
	console_depth = 1;
}

void console_unlock(void)
{
	if (--console_depth > 0)
		return;
	console_owner = -1;
	if (mmu_enabled())
		spin_unlock(&console_spin);
}

int vprintf(const char *fmt, va_list ap)
{
	struct out o = {0, 0, 0};
	int n;

	console_lock();
	n = format(&o, fmt, ap);
	console_unlock();
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int printf_unlocked(const char *fmt, ...)
{
	struct out o = {0, 0, 0};
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format(&o, fmt, ap);
	va_end(ap);
	return n;
}
