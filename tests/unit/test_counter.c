/* SPDX-License-Identifier: MIT */
/* Exact counter arithmetic (src/timer/counter.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "timer/counter.h"

static const uint64_t freqs[] = { 62500000, 24000000, 1000000000, 19200000,
				  1000, 33333333 };

static void test_ns_to_ticks_exact(void **s)
{
	/* 1 s is exactly freq ticks; no drift after a long time */
	for (unsigned i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
		uint64_t f = freqs[i];

		assert_int_equal(counter_ns_to_ticks(NSEC_PER_SEC, f), f);
		assert_int_equal(counter_ns_to_ticks(3600 * NSEC_PER_SEC, f),
				 3600 * f);
		/* 100 years, still exact */
		uint64_t ns = 100ull * 365 * 86400 * NSEC_PER_SEC;
		assert_int_equal(counter_ns_to_ticks(ns, f),
				 (uint64_t)((unsigned __int128)ns * f /
					    NSEC_PER_SEC));
	}
	/* no overflow at the top of the range */
	assert_int_equal(counter_ns_to_ticks(UINT64_MAX, 1000000000),
			 UINT64_MAX);
}

static void test_ticks_to_ns_is_inverse(void **s)
{
	for (unsigned i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
		uint64_t f = freqs[i];

		for (uint64_t t = 0; t < 5000; t += 7) {
			uint64_t ns = counter_ticks_to_ns(t, f);

			/* smallest ns whose tick count reaches t */
			assert_true(counter_ns_to_ticks(ns, f) >= t);
			if (ns)
				assert_true(counter_ns_to_ticks(ns - 1, f) < t);
		}
	}
	assert_int_equal(counter_ticks_to_ns(UINT64_MAX, 1000), UINT64_MAX);
}

static void test_deadline(void **s)
{
	uint64_t f = 62500000;
	uint64_t host = counter_ns_to_ticks(5 * NSEC_PER_SEC, f);

	/* already reached: 0 */
	assert_int_equal(counter_deadline_ns(host, 100, 100, f), 0);
	assert_int_equal(counter_deadline_ns(host, 100, 50, f), 0);
	/* 62500 ticks later = 1 ms after the current host tick */
	uint64_t d = counter_deadline_ns(host, 1000, 1000 + 62500, f);
	assert_true(counter_ns_to_ticks(d, f) >= host + 62500);
	assert_true(counter_ns_to_ticks(d - 1, f) < host + 62500);
	/* CVAL = 2^64-1 with a counter near 0: far, but no overflow */
	d = counter_deadline_ns(host, 0, UINT64_MAX, f);
	assert_true(d > 5 * NSEC_PER_SEC);
	/* a huge offset: the timer's count near 2^64, CVAL just above */
	d = counter_deadline_ns(host, UINT64_MAX - 10, UINT64_MAX - 5, f);
	assert_true(counter_ns_to_ticks(d, f) >= host + 5);
	assert_true(counter_ns_to_ticks(d - 1, f) < host + 5);
	/* the VM counter itself near 2^64 saturates instead of wrapping */
	assert_int_equal(counter_deadline_ns(UINT64_MAX - 1, 0, UINT64_MAX,
					     1000),
			 UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ns_to_ticks_exact),
		cmocka_unit_test(test_ticks_to_ns_is_inverse),
		cmocka_unit_test(test_deadline),
	};
	return cmocka_run_group_tests_name("counter", tests, NULL, NULL);
}
