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

#define CONSOLE_BUF 4096
#define CONSOLE_LINE 256

struct console {
	pthread_mutex_t lock; /* every field below */
	int out_fd;
	char out[CONSOLE_BUF];
	size_t out_len;
	char line[CONSOLE_LINE]; /* the current line, for the EXIT watch */
	size_t line_len;
	bool exit_seen;
	long exit_status; /* N of the last `EXIT: STATUS=N` line */
	bool out_broken;  /* a write failed: drop output from then on */
};

void console_init(struct console *c, int out_fd);
void console_destroy(struct console *c);

/* A character from the guest: buffered; written out at each newline, when
 * the buffer fills, and by console_flush. */
void console_putc(struct console *c, uint8_t ch);
void console_flush(struct console *c);

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
