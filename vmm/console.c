// SPDX-License-Identifier: MIT
/*
 * Console: guest UART output to the host, host stdin to the guest UART, and
 * the `EXIT: STATUS=N` watch.  Output is buffered and written per line (and
 * by the main thread's periodic flush, so a prompt without a newline still
 * appears) to keep one write() per line rather than per character.
 */
#include "console.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pl011.h"

#define EXIT_MARKER "EXIT: STATUS="

void console_init(struct console *c, int out_fd)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->out_fd = out_fd;
}

void console_destroy(struct console *c) { pthread_mutex_destroy(&c->lock); }

static void flush_locked(struct console *c)
{
	size_t done = 0;

	while (done < c->out_len && !c->out_broken) {
		ssize_t n = write(c->out_fd, c->out + done, c->out_len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			c->out_broken = true; /* e.g. EPIPE: stop trying */
		else
			done += (size_t)n;
	}
	c->out_len = 0;
}

/* Look for EXIT_MARKER followed by a decimal number anywhere in the line. */
static void check_line(struct console *c)
{
	const char *m, *p;
	char *end;
	long n;

	c->line[c->line_len] = '\0';
	m = strstr(c->line, EXIT_MARKER);
	if (!m)
		return;
	p = m + strlen(EXIT_MARKER);
	if (!(*p >= '0' && *p <= '9') &&
	    !(*p == '-' && p[1] >= '0' && p[1] <= '9'))
		return;
	errno = 0;
	n = strtol(p, &end, 10);
	if (errno)
		n = -1; /* out of range: some non-zero status */
	c->exit_seen = true;
	c->exit_status = n;
}

void console_putc(struct console *c, uint8_t ch)
{
	pthread_mutex_lock(&c->lock);
	c->out[c->out_len++] = (char)ch;
	if (ch == '\n' || c->out_len == sizeof(c->out))
		flush_locked(c);
	if (ch == '\n') {
		check_line(c);
		c->line_len = 0;
	} else if (c->line_len < sizeof(c->line) - 1 && ch != '\0') {
		/* A line longer than the buffer keeps its start: the marker
		 * is expected at or near the beginning. */
		c->line[c->line_len++] = (char)ch;
	}
	pthread_mutex_unlock(&c->lock);
}

void console_flush(struct console *c)
{
	pthread_mutex_lock(&c->lock);
	flush_locked(c);
	pthread_mutex_unlock(&c->lock);
}

bool console_exit_status(struct console *c, long *status)
{
	bool seen;

	pthread_mutex_lock(&c->lock);
	/* A final line without a newline counts too. */
	if (c->line_len) {
		check_line(c);
	}
	seen = c->exit_seen;
	if (seen)
		*status = c->exit_status;
	pthread_mutex_unlock(&c->lock);
	return seen;
}

int console_exit_code(long status)
{
	if (status == 1)
		return 0;
	if (status == 77)
		return 77;
	if (status > 1 && status < 256)
		return (int)status;
	return 1; /* 0, negative or too large: still a failure */
}

static void *input_thread(void *arg)
{
	struct pl011 *uart = arg;
	uint8_t buf[64];

	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL; /* EOF or error: nothing more to give */
		for (ssize_t i = 0; i < n; i++)
			if (!pl011_rx_push(uart, buf[i], true))
				return NULL; /* shutting down */
	}
}

bool console_start_input(struct pl011 *uart)
{
	struct termios t;
	pthread_attr_t attr;
	pthread_t tid;
	bool ok;

	if (isatty(STDIN_FILENO) &&
	    (tcgetattr(STDIN_FILENO, &t) < 0 || (t.c_lflag & ICANON)))
		return false;
	/* Detached: it may sit in read() when the VM stops; exit ends it. */
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	ok = pthread_create(&tid, &attr, input_thread, uart) == 0;
	pthread_attr_destroy(&attr);
	return ok;
}
