// SPDX-License-Identifier: MIT
/* Unit tests: console output and the `EXIT: STATUS=N` watch (vmm/console.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmm/console.h"

static struct console con;
static int pipe_fd[2];

static int setup(void **state)
{
	assert_int_equal(pipe(pipe_fd), 0);
	console_init(&con, pipe_fd[1]);
	return 0;
}

static int teardown(void **state)
{
	console_destroy(&con);
	close(pipe_fd[0]);
	close(pipe_fd[1]);
	return 0;
}

static void put(const char *s)
{
	while (*s)
		console_putc(&con, (uint8_t)*s++);
}

static size_t drain(char *buf, size_t cap)
{
	ssize_t n = read(pipe_fd[0], buf, cap - 1);

	assert_true(n >= 0);
	buf[n] = '\0';
	return (size_t)n;
}

static void test_output_per_line(void **state)
{
	char buf[128];

	put("hello\nwor");
	assert_int_equal(drain(buf, sizeof(buf)), 6); /* the full line only */
	assert_string_equal(buf, "hello\n");
	console_flush(&con);
	drain(buf, sizeof(buf));
	assert_string_equal(buf, "wor");
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
	console_flush(&con);
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
	    cmocka_unit_test_setup_teardown(test_exit_line, setup, teardown),
	    cmocka_unit_test(test_exit_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
