// SPDX-License-Identifier: MIT
/*
 * Console: guest UART output to the host, host stdin to the guest UART, and
 * the `EXIT: STATUS=N` watch.
 *
 * Output goes through a bounded ring drained by a writer thread
 * (console.h): a stdout that does not take bytes (a pipe nobody reads) may
 * block that thread alone, never a vCPU thread, vmm_stop or the main
 * thread's --timeout.  The writer is woken per line (and by the main
 * thread's periodic console_flush, so a prompt without a newline still
 * appears), which keeps one write() per line rather than per character.
 */
#include "console.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "pl011.h"
#include "timespec.h"

#define EXIT_MARKER "EXIT: STATUS="
#define DESTROY_WAIT_MS 100 /* a writer stuck in write() is left behind */

/* The writer: the only thread that calls write() on out_fd. */
static void *writer_thread(void *arg)
{
	struct console *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->stop && !(c->kick && c->len))
			pthread_cond_wait(&c->work, &c->lock);
		if (c->stop)
			break;
		/* The bytes [head, head + n) are the writer's until it moves
		 * head: producers only append after head + len. */
		size_t n = c->len;
		const char *p = c->ring + c->head;

		if (n > CONSOLE_RING - c->head)
			n = CONSOLE_RING - c->head;
		pthread_mutex_unlock(&c->lock);
		ssize_t w = write(c->out_fd, p, n);
		int e = errno;

		if (w < 0 && e == EAGAIN) {
			/* stdout shared in O_NONBLOCK mode: wait for room
			 * rather than spin. */
			struct pollfd pfd = {.fd = c->out_fd,
					     .events = POLLOUT};

			poll(&pfd, 1, 100);
		}
		pthread_mutex_lock(&c->lock);
		if (w > 0) {
			c->head = (c->head + (size_t)w) % CONSOLE_RING;
			c->len -= (size_t)w;
			c->taken_n += (uint64_t)w;
		} else if (!(w < 0 && (e == EINTR || e == EAGAIN))) {
			/* e.g. EPIPE: output is gone; drop from now on. */
			c->out_errno = w < 0 ? e : EIO;
			c->dropped += c->len;
			c->taken_n += c->len;
			c->len = 0;
		}
		if (!c->len)
			c->kick = false;
		pthread_cond_broadcast(&c->taken);
	}
	c->writer_running = false;
	pthread_cond_broadcast(&c->taken);
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int console_init(struct console *c, int out_fd)
{
	pthread_condattr_t ca;
	int r;

	memset(c, 0, sizeof(*c));
	c->out_fd = out_fd;
	c->ring = malloc(CONSOLE_RING);
	if (!c->ring)
		return -1;
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->work, &ca);
	pthread_cond_init(&c->taken, &ca);
	pthread_condattr_destroy(&ca);
	c->writer_running = true;
	r = pthread_create(&c->writer, NULL, writer_thread, c);
	if (r) {
		c->writer_running = false;
		free(c->ring);
		c->ring = NULL;
		errno = r;
		return -1;
	}
	return 0;
}

void console_destroy(struct console *c)
{
	struct timespec end, now;
	bool ended;

	if (!c->ring)
		return;
	end = deadline_after_ms(DESTROY_WAIT_MS);
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_broadcast(&c->work);
	while (c->writer_running) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!timespec_before(&now, &end))
			break;
		pthread_cond_timedwait(&c->taken, &c->lock, &end);
	}
	ended = !c->writer_running;
	pthread_mutex_unlock(&c->lock);
	if (!ended) {
		/* Blocked in write(): it still owns the ring; let it be. */
		pthread_detach(c->writer);
		return;
	}
	pthread_join(c->writer, NULL);
	pthread_cond_destroy(&c->work);
	pthread_cond_destroy(&c->taken);
	pthread_mutex_destroy(&c->lock);
	free(c->ring);
	c->ring = NULL;
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
	if (c->out_errno || c->len == CONSOLE_RING) {
		c->dropped++;
	} else {
		c->ring[(c->head + c->len) % CONSOLE_RING] = (char)ch;
		c->len++;
		c->queued++;
	}
	if ((ch == '\n' || c->len >= CONSOLE_RING / 2) && !c->kick) {
		c->kick = true;
		pthread_cond_signal(&c->work);
	}
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

bool console_flush(struct console *c, unsigned max_ms)
{
	struct timespec end, stall, now;
	uint64_t target, last;
	bool done;

	end = deadline_after_ms(max_ms);
	pthread_mutex_lock(&c->lock);
	target = c->queued;
	if (c->len && !c->kick) {
		c->kick = true;
		pthread_cond_signal(&c->work);
	}
	last = c->taken_n;
	stall = deadline_after_ms(CONSOLE_STALL_MS);
	while (max_ms && c->taken_n < target && c->writer_running) {
		const struct timespec *until =
		    timespec_before(&stall, &end) ? &stall : &end;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!timespec_before(&now, until))
			break;
		pthread_cond_timedwait(&c->taken, &c->lock, until);
		if (c->taken_n != last) { /* progress: the stall restarts */
			last = c->taken_n;
			stall = deadline_after_ms(CONSOLE_STALL_MS);
		}
	}
	done = c->taken_n >= target && !c->out_errno;
	pthread_mutex_unlock(&c->lock);
	return done;
}

uint64_t console_lost(struct console *c, int *out_errno)
{
	uint64_t n;

	pthread_mutex_lock(&c->lock);
	n = c->dropped + c->len;
	if (out_errno)
		*out_errno = c->out_errno;
	pthread_mutex_unlock(&c->lock);
	return n;
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
