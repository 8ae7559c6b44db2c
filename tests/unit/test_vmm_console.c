// SPDX-License-Identifier: MIT
/* Unit tests: console output and the `EXIT: STATUS=N` watch (vmm/console.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmm/console.h"

static struct console con;
static int pipe_fd[2];

static int setup(void **state)
{
	assert_int_equal(pipe(pipe_fd), 0);
	assert_int_equal(console_init(&con, pipe_fd[1]), 0);
	return 0;
}

static int teardown(void **state)
{
	console_destroy(&con);
	if (pipe_fd[0] >= 0)
		close(pipe_fd[0]);
	close(pipe_fd[1]);
	return 0;
}

static void put(const char *s)
{
	while (*s)
		console_putc(&con, (uint8_t)*s++);
}

/* Whatever the writer has written so far, waiting up to wait_ms for it. */
static size_t drain(char *buf, size_t cap, int wait_ms)
{
	struct pollfd p = {.fd = pipe_fd[0], .events = POLLIN};
	ssize_t n = 0;

	if (poll(&p, 1, wait_ms) == 1)
		n = read(pipe_fd[0], buf, cap - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	return (size_t)n;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void test_output_per_line(void **state)
{
	char buf[128];

	put("hello\n");
	assert_int_equal(drain(buf, sizeof(buf), 5000), 6); /* a full line */
	assert_string_equal(buf, "hello\n");
	put("wor"); /* no newline: waits for a flush */
	assert_int_equal(drain(buf, sizeof(buf), 200), 0);
	assert_true(console_flush(&con, 5000));
	drain(buf, sizeof(buf), 0);
	assert_string_equal(buf, "wor");
	assert_int_equal(console_lost(&con, NULL), 0);
}

/*
 * stdout is a pipe nobody reads: producers never wait for it.  Everything
 * beyond the ring and the pipe's own buffer is dropped and counted, and
 * once a reader appears every byte is either read or counted as lost.
 */
static void test_output_never_blocks(void **state)
{
	const size_t total = 2 * CONSOLE_RING + 12345;
	size_t got = 0;
	double t0 = now_s();
	char buf[65536];

	for (size_t i = 0; i < total; i++)
		console_putc(&con, (i % 64 == 63) ? '\n' : 'x');
	assert_true(now_s() - t0 < 2.0); /* ~2 MiB: fast, never blocked */
	t0 = now_s();
	assert_false(console_flush(&con, 300)); /* the pipe takes no more */
	assert_true(now_s() - t0 < 1.0);
	assert_true(console_lost(&con, NULL) >= total - CONSOLE_RING - 65536);

	/* A reader at last: the writer gets going again. */
	assert_int_equal(fcntl(pipe_fd[0], F_SETFL, O_NONBLOCK), 0);
	t0 = now_s();
	for (;;) {
		ssize_t n = read(pipe_fd[0], buf, sizeof(buf));

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		assert_true(n < 0 && errno == EAGAIN);
		if (console_flush(&con, 20))
			break;
		assert_true(now_s() - t0 < 10.0);
	}
	while (drain(buf, sizeof(buf), 0))
		got += strlen(buf);
	assert_true(got >= CONSOLE_RING);
	assert_int_equal(got + console_lost(&con, NULL), total);
}

static double cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* A stdout in O_NONBLOCK mode that is full (EAGAIN): the writer waits for
 * room instead of spinning, and nothing is lost once a reader comes. */
static void test_output_nonblocking_full(void **state)
{
	const size_t total = 256 * 1024;
	size_t got = 0;
	char buf[65536];
	double c0;

	assert_int_equal(fcntl(pipe_fd[1], F_SETFL, O_NONBLOCK), 0);
	for (size_t i = 0; i < total; i++)
		console_putc(&con, (i % 64 == 63) ? '\n' : 'y');
	c0 = cpu_s();
	assert_false(console_flush(&con, 500));
	assert_true(cpu_s() - c0 < 0.25); /* 500 ms of waiting, not spinning */
	assert_int_equal(fcntl(pipe_fd[0], F_SETFL, O_NONBLOCK), 0);
	for (int tries = 0; tries < 1000; tries++) {
		ssize_t n = read(pipe_fd[0], buf, sizeof(buf));

		if (n > 0)
			got += (size_t)n;
		else if (console_flush(&con, 20) && got == total)
			break;
	}
	assert_int_equal(got, total);
	assert_int_equal(console_lost(&con, NULL), 0);
}

/* A closed stdout (EPIPE): output is dropped from then on, and said why. */
static void test_output_broken(void **state)
{
	int e = 0;

	signal(SIGPIPE, SIG_IGN);
	close(pipe_fd[0]);
	pipe_fd[0] = -1;
	put("one\ntwo\n");
	assert_false(console_flush(&con, 2000));
	put("three\n");
	assert_int_equal(console_lost(&con, &e), 14);
	assert_int_equal(e, EPIPE);
}

static void test_exit_line(void **state)
{
	long st = -99;

	put("boot\n");
	assert_false(console_exit_status(&con, &st));
	put("EXIT: STATUS=3\r\n");
	assert_true(console_exit_status(&con, &st));
	assert_int_equal(st, 3);
	put("[cpu1] EXIT: STATUS=77\n"); /* anywhere in the line; last wins */
	assert_true(console_exit_status(&con, &st));
	assert_int_equal(st, 77);
	put("EXIT: STATUS=\nEXIT: STATUS=x\n"); /* no number: ignored */
	assert_true(console_exit_status(&con, &st));
	assert_int_equal(st, 77);
	put("EXIT: STATUS=1"); /* last line without a newline */
	assert_true(console_exit_status(&con, &st));
	assert_int_equal(st, 1);
}

static void test_exit_codes(void **state)
{
	assert_int_equal(console_exit_code(1), 0);
	assert_int_equal(console_exit_code(77), 77);
	assert_int_equal(console_exit_code(3), 3);
	assert_int_equal(console_exit_code(255), 255);
	assert_int_equal(console_exit_code(0), 1);
	assert_int_equal(console_exit_code(256), 1);
	assert_int_equal(console_exit_code(-2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_output_per_line, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_output_never_blocks, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_output_nonblocking_full, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_output_broken, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_exit_line, setup, teardown),
	    cmocka_unit_test(test_exit_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
