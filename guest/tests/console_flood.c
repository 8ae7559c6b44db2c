// SPDX-License-Identifier: MIT
/*
 * console_flood: prints numbered lines forever and never stops by itself.
 * Not a manifest test: tests/host_io.sh runs it with stdout into a pipe
 * nobody reads and checks that --timeout still ends the VMM (exit 124).
 */
#include "sdk.h"

int main(void)
{
	for (unsigned long n = 0;; n++)
		printf("console_flood line %lu: the quick brown fox jumps over "
		       "the lazy dog\n",
		       n);
	return 0;
}
