/* SPDX-License-Identifier: MIT */
/*
 * The host side of the guest's UART: buffered output to a file descriptor,
 * the stdin reader feeding the PL011 receive FIFO, and the watch for the
 * test guests' `EXIT: STATUS=N` line (PLATFORM.md "Exit status").
 */
#ifndef VMM_CONSOLE_H
#define VMM_CONSOLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pl011;

#define CONSOLE_RING (1u << 20) /* output queued for the writer thread */
#define CONSOLE_LINE 256

/*
 * Output never blocks its producers (the vCPU threads, through the PL011)
 * nor the main thread: bytes go into a bounded ring under a lock that is
 * never held across I/O, and one writer thread drains the ring to out_fd,
 * the only thread that may block in write().  When the ring is full (stdout
 * is a pipe nobody reads, or a terminal scrolled back), further bytes are
 * dropped and counted; the VMM reports the count at exit.
 */
struct console {
	pthread_mutex_t lock; /* every field below */
	pthread_cond_t work;  /* the writer waits here for output or stop */
	pthread_cond_t taken; /* flushers wait here for the writer */
	int out_fd;
	char *ring;	     /* CONSOLE_RING bytes */
	size_t head, len;    /* queued bytes: ring[head .. head + len) */
	uint64_t queued;     /* bytes ever put into the ring */
	uint64_t taken_n;    /* of those, written or discarded by the writer */
	uint64_t dropped;    /* bytes lost: ring full or output broken */
	int out_errno;	     /* the write error that broke output, or 0 */
	bool kick;	     /* the writer should write what is queued */
	bool stop;	     /* console_destroy: the writer should end */
	bool writer_running; /* the writer thread exists and has not ended */
	pthread_t writer;
	char line[CONSOLE_LINE]; /* the current line, for the EXIT watch */
	size_t line_len;
	bool exit_seen;
	long exit_status; /* N of the last `EXIT: STATUS=N` line */
};

/* Allocate the ring and start the writer thread.  Returns 0, or -1 with
 * errno set. */
int console_init(struct console *c, int out_fd);
/* Stop the writer (waiting at most a moment if it is blocked in write(),
 * then leaving it behind) and free what it no longer uses. */
void console_destroy(struct console *c);

/* A character from the guest: queued (or dropped if the ring is full),
 * never waiting for I/O.  The writer is woken at each newline and when the
 * ring is half full. */
void console_putc(struct console *c, uint8_t ch);

/*
 * Have the writer write everything queued so far, and wait at most max_ms
 * for it to be written (0: do not wait).  The wait also ends early when the
 * writer has made no progress for CONSOLE_STALL_MS.  Returns true if all of
 * it was written.
 */
#define CONSOLE_STALL_MS 1000
bool console_flush(struct console *c, unsigned max_ms);
/* How long a vCPU thread lets queued output go out before it prints a
 * message on stderr, and how long the VMM drains it at exit. */
#define CONSOLE_BEFORE_STDERR_MS 100
#define CONSOLE_EXIT_DRAIN_MS 3000

/* Bytes of output lost so far: dropped, plus those still queued. */
uint64_t console_lost(struct console *c, int *out_errno);

/* The N of the last `EXIT: STATUS=N` line seen, if any. */
bool console_exit_status(struct console *c, long *status);

/* VMM exit status for a guest's STATUS=N: 1 -> 0 (pass), 77 -> 77 (skip),
 * other N -> N if it is a valid non-zero exit status, else 1. */
int console_exit_code(long status);

/*
 * Start a thread that feeds stdin to the UART, if stdin is not a terminal or
 * is one in raw (non-canonical) mode: a cooked terminal would hand the guest
 * whole edited lines and is left alone.  Returns true if started.
 */
bool console_start_input(struct pl011 *uart);

#endif
