// SPDX-License-Identifier: MIT
/*
 * icache_smp: code written by one CPU and run by another, made visible by
 * the architecture's maintenance (Arm ARM B2.4.4 "Concurrent modification
 * and execution of instructions"): DC CVAU, DSB ISH, IC IVAU, DSB ISH on
 * the writer, ISB on the runner; the same with IC IALLUIS; and with the IC
 * IVAU issued by the CPU that runs the code.  Each round changes the
 * constant a small function returns; the runner must see every new one.
 * (Issue 9, finding 4: each IC IALLUIS used to cost every other vCPU a
 * whole translation-cache flush, ~1 GiB of RSS each.)
 */
#include "sdk.h"

#define ROUNDS 40

enum mode { BY_IVAU, BY_IALLUIS, RUNNER_IVAU };
static const char *const mode_name[] = {"IC IVAU by the writer",
					"IC IALLUIS by the writer",
					"IC IVAU by the runner"};

static uint32_t code[1024] __attribute__((aligned(PAGE_SIZE)));
static volatile int seq, done_seq, mode, quit;
static volatile uint64_t result;

typedef uint64_t (*fn_t)(void);

static void write_fn(uint32_t imm)
{
	code[0] = 0xd2800000u | (imm << 5); /* movz x0, #imm */
	code[1] = 0xd65f03c0u;              /* ret */
	asm volatile("dc cvau, %0" ::"r"(code) : "memory");
	dsb(ish);
}

static void runner(int cpu)
{
	int last = 0;

	(void)cpu;
	while (!quit) {
		int s = seq;

		if (s == last) {
			cpu_relax();
			continue;
		}
		if (mode == RUNNER_IVAU) {
			asm volatile("ic ivau, %0" ::"r"(code) : "memory");
			dsb(ish);
		}
		isb();
		result = ((fn_t)code)();
		dsb(ish);
		last = s;
		done_seq = s;
	}
}

static bool wait_done(int s)
{
	uint64_t end = cnt_read() + us_to_ticks(5000000);

	while (done_seq != s)
		if (cnt_read() > end)
			return false;
	return true;
}

int main(void)
{
	int s = 0;

	if (nr_cpus() < 2) {
		report_skip("needs 2 CPUs");
		return 0;
	}
	write_fn(0);
	smp_start(1, runner);
	for (int m = BY_IVAU; m <= RUNNER_IVAU; m++) {
		int good = 0;

		mode = m;
		for (int i = 1; i <= ROUNDS; i++) {
			uint32_t imm = (uint32_t)(m * 1000 + i);

			write_fn(imm);
			if (m == BY_IVAU) {
				asm volatile("ic ivau, %0" ::"r"(code)
					     : "memory");
				dsb(ish);
			} else if (m == BY_IALLUIS) {
				asm volatile("ic ialluis" ::: "memory");
				dsb(ish);
			}
			seq = ++s;
			if (!wait_done(s))
				break;
			good += result == imm;
		}
		report(good == ROUNDS, "%s: %d of %d new functions seen",
		       mode_name[m], good, ROUNDS);
	}
	quit = 1;
	return 0;
}
