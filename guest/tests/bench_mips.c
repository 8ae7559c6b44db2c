// SPDX-License-Identifier: MIT
/*
 * bench_mips: guest instructions per second on one vCPU, measured in the
 * guest with CNTVCT (bench/bench_mips.sh).  Kernels:
 *   reg     hand-written loop of 16 instructions, registers only
 *   load    16 instructions: 8 LDR from a data page
 *   store   16 instructions: 8 STR to a data page
 *   ldst    16 instructions: 4 LDR + 4 STR to a data page
 *   c       C workload: fill a 1024-entry array (xorshift), FNV-1a hash it,
 *           quicksort it, check the order; same data every iteration, so
 *           every iteration retires the same instructions
 * Each kernel first doubles its iteration count until a run takes >= 100 ms,
 * then is timed RUNS times at about 300 ms; it prints
 *   BENCH: mips_<k>_iters <n> iter      BENCH: mips_<k>_ns <t> ns
 * for each timed run, and for the asm kernels
 *   BENCH: mips_<k>_insn 16 insn/iter   (counted from the loop source)
 *
 * bootargs "count": instead of timing, count retired instructions per
 * iteration with the PMU's INST_RETIRED event (Arm ARM D13 / K3, event
 * 0x0008) as (count(2n) - count(n)) / n, so call and loop overheads cancel,
 * and print BENCH: mips_<k>_insn_counted <x1000> minsn/iter.  For QEMU with
 * -icount shift=0, where the event counts exactly; the timing runs use the
 * counts it gives for the C kernel.
 */
#include "sdk.h"

#define RUNS 3
#define CAL_NS 100000000ull  /* calibrate until one run takes >= 100 ms */
#define RUN_NS 300000000ull  /* then time runs of about 300 ms */
#define NELEM 1024

/* The data page(s) the memory kernels use: .bss, so not a code page. */
static uint64_t data_page[512] __attribute__((aligned(4096)));
static uint32_t arr[NELEM] __attribute__((aligned(4096)));
static volatile uint64_t sink;

/* 16 instructions per iteration: 14 ALU + SUBS + B.NE. */
static void __attribute__((noinline)) k_reg(uint64_t n)
{
	uint64_t a = 1, b = 2, c = 3, d = 4;

	asm volatile("1:\n"
		     "add %1, %1, #1\n"
		     "eor %2, %2, %1\n"
		     "add %3, %3, %2\n"
		     "orr %4, %4, %3\n"
		     "add %1, %1, %4\n"
		     "eor %2, %2, #0xff\n"
		     "sub %3, %3, %1\n"
		     "lsl %4, %4, #1\n"
		     "add %1, %1, %3\n"
		     "eor %2, %2, %4\n"
		     "add %3, %3, #7\n"
		     "lsr %4, %4, #3\n"
		     "and %1, %1, %2\n"
		     "orr %2, %2, %3\n"
		     "subs %0, %0, #1\n"
		     "b.ne 1b\n"
		     : "+r"(n), "+r"(a), "+r"(b), "+r"(c), "+r"(d)
		     :
		     : "cc");
	sink = a + b + c + d;
}

/* 16 instructions: 8 LDR + 6 ALU + SUBS + B.NE. */
static void __attribute__((noinline)) k_load(uint64_t n)
{
	uint64_t a = 0, b = 0, t0, t1, t2, t3;
	uint64_t *p = data_page;

	asm volatile("1:\n"
		     "ldr %2, [%1, #0]\n"
		     "ldr %3, [%1, #8]\n"
		     "ldr %4, [%1, #16]\n"
		     "ldr %5, [%1, #24]\n"
		     "add %6, %6, %2\n"
		     "add %7, %7, %3\n"
		     "eor %6, %6, %4\n"
		     "ldr %2, [%1, #32]\n"
		     "ldr %3, [%1, #40]\n"
		     "ldr %4, [%1, #48]\n"
		     "ldr %5, [%1, #56]\n"
		     "add %6, %6, %2\n"
		     "add %7, %7, %3\n"
		     "eor %7, %7, %5\n"
		     "subs %0, %0, #1\n"
		     "b.ne 1b\n"
		     : "+r"(n), "+r"(p), "=&r"(t0), "=&r"(t1), "=&r"(t2),
		       "=&r"(t3), "+r"(a), "+r"(b)
		     :
		     : "cc", "memory");
	sink = a + b;
}

/* 16 instructions: 8 STR + 6 ALU + SUBS + B.NE. */
static void __attribute__((noinline)) k_store(uint64_t n)
{
	uint64_t a = 1, b = 2, c = 3, d = 4;
	uint64_t *p = data_page;

	asm volatile("1:\n"
		     "str %2, [%1, #0]\n"
		     "str %3, [%1, #8]\n"
		     "str %4, [%1, #16]\n"
		     "str %5, [%1, #24]\n"
		     "add %2, %2, #1\n"
		     "add %3, %3, #1\n"
		     "add %4, %4, #1\n"
		     "str %2, [%1, #32]\n"
		     "str %3, [%1, #40]\n"
		     "str %4, [%1, #48]\n"
		     "str %5, [%1, #56]\n"
		     "add %5, %5, #1\n"
		     "eor %2, %2, %5\n"
		     "eor %3, %3, %4\n"
		     "subs %0, %0, #1\n"
		     "b.ne 1b\n"
		     : "+r"(n), "+r"(p), "+r"(a), "+r"(b), "+r"(c), "+r"(d)
		     :
		     : "cc", "memory");
	sink = a + b + c + d;
}

/* 16 instructions: 4 LDR + 4 STR + 6 ALU + SUBS + B.NE. */
static void __attribute__((noinline)) k_ldst(uint64_t n)
{
	uint64_t a = 0, b = 0, t0, t1, t2, t3;
	uint64_t *p = data_page;

	asm volatile("1:\n"
		     "ldr %2, [%1, #0]\n"
		     "ldr %3, [%1, #8]\n"
		     "ldr %4, [%1, #16]\n"
		     "ldr %5, [%1, #24]\n"
		     "add %2, %2, #1\n"
		     "add %3, %3, #1\n"
		     "add %4, %4, #1\n"
		     "add %5, %5, #1\n"
		     "str %2, [%1, #32]\n"
		     "str %3, [%1, #40]\n"
		     "str %4, [%1, #48]\n"
		     "str %5, [%1, #56]\n"
		     "eor %6, %6, %2\n"
		     "add %7, %7, %6\n"
		     "subs %0, %0, #1\n"
		     "b.ne 1b\n"
		     : "+r"(n), "+r"(p), "=&r"(t0), "=&r"(t1), "=&r"(t2),
		       "=&r"(t3), "+r"(a), "+r"(b)
		     :
		     : "cc", "memory");
	sink = a + b;
}

static void quicksort(uint32_t *v, int lo, int hi)
{
	while (hi - lo > 16) {
		uint32_t pivot = v[lo + (hi - lo) / 2];
		int i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				uint32_t t = v[i];

				v[i++] = v[j];
				v[j--] = t;
			}
		}
		/* Recurse into the smaller part, loop on the larger. */
		if (j - lo < hi - i) {
			quicksort(v, lo, j);
			lo = i;
		} else {
			quicksort(v, i, hi);
			hi = j;
		}
	}
	for (int i = lo + 1; i <= hi; i++) {
		uint32_t x = v[i];
		int j = i - 1;

		while (j >= lo && v[j] > x) {
			v[j + 1] = v[j];
			j--;
		}
		v[j + 1] = x;
	}
}

static int c_bad;

/* One iteration of the C workload; identical work every time. */
static void c_once(void)
{
	uint32_t x = 0x12345678u, h = 2166136261u;

	for (int i = 0; i < NELEM; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		arr[i] = x;
	}
	for (int i = 0; i < NELEM; i++) {
		uint32_t w = arr[i];

		for (int k = 0; k < 4; k++) {
			h ^= (w >> (8 * k)) & 0xff; /* FNV-1a */
			h *= 16777619u;
		}
	}
	quicksort(arr, 0, NELEM - 1);
	for (int i = 1; i < NELEM; i++)
		if (arr[i - 1] > arr[i])
			c_bad++;
	sink = h ^ arr[NELEM / 2];
}

static void __attribute__((noinline)) k_c(uint64_t n)
{
	while (n--)
		c_once();
}

struct kernel {
	const char *name;
	void (*fn)(uint64_t n);
	unsigned insn;  /* per iteration from the source, 0 = unknown */
	uint64_t count_n; /* iterations for the count mode */
};

static const struct kernel kernels[] = {
	{"reg", k_reg, 16, 1000},    {"load", k_load, 16, 1000},
	{"store", k_store, 16, 1000}, {"ldst", k_ldst, 16, 1000},
	{"c", k_c, 0, 4},
};

static uint64_t ticks_to_ns(uint64_t ticks)
{
	return ticks * 1000000000ull / cnt_freq();
}

static uint64_t time_run(const struct kernel *k, uint64_t n)
{
	uint64_t t0 = cnt_read();

	k->fn(n);
	return ticks_to_ns(cnt_read() - t0);
}

static void bench_kernel(const struct kernel *k)
{
	uint64_t n = 1, ns;

	while ((ns = time_run(k, n)) < CAL_NS && n < (1ull << 40))
		n *= 2;
	/* Scale to about RUN_NS (ns >= CAL_NS > 0 here). */
	n = n * RUN_NS / ns;
	if (!n)
		n = 1;
	if (k->insn)
		printf("BENCH: mips_%s_insn %u insn/iter\n", k->name, k->insn);
	for (int r = 0; r < RUNS; r++) {
		ns = time_run(k, n);
		printf("BENCH: mips_%s_iters %lu iter\n", k->name, n);
		printf("BENCH: mips_%s_ns %lu ns\n", k->name, ns);
	}
}

/* PMU, Arm ARM D13.4 (PMCR_EL0.E, PMCNTENSET_EL0, PMEVTYPER<n>_EL0 with
 * filter bits P/U = 0: count at EL1 and EL0), event 0x08 INST_RETIRED. */
static uint32_t pmu_insns(const struct kernel *k, uint64_t n)
{
	uint64_t c0, c1;

	write_sysreg(0, pmevcntr0_el0);
	isb();
	c0 = read_sysreg(pmevcntr0_el0);
	k->fn(n);
	c1 = read_sysreg(pmevcntr0_el0);
	return (uint32_t)(c1 - c0);
}

static void count_kernels(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned pmuver = (dfr0 >> 8) & 0xf; /* ID_AA64DFR0_EL1.PMUVer */

	if (pmuver == 0 || pmuver == 0xf) {
		report_skip("no PMUv3: cannot count instructions");
		return;
	}
	if (!(read_sysreg(pmceid0_el0) & (1u << 8))) {
		report_skip("INST_RETIRED not counted (QEMU needs -icount)");
		return;
	}
	write_sysreg(0x08, pmevtyper0_el0);
	write_sysreg(1u << 0, pmcntenset_el0);
	write_sysreg(read_sysreg(pmcr_el0) | 1, pmcr_el0); /* PMCR_EL0.E */
	isb();
	for (unsigned i = 0; i < ARRAY_SIZE(kernels); i++) {
		const struct kernel *k = &kernels[i];
		uint64_t n = k->count_n;
		uint32_t a = pmu_insns(k, n), b = pmu_insns(k, 2 * n);
		uint64_t milli = ((uint64_t)(b - a) * 1000 + n / 2) / n;

		printf("BENCH: mips_%s_insn_counted %lu minsn/iter\n", k->name,
		       milli);
		if (k->insn)
			report(milli == k->insn * 1000ull,
			       "%s: %lu.%03lu instructions per iteration "
			       "(source says %u)",
			       k->name, milli / 1000, milli % 1000, k->insn);
	}
}

static bool has_arg(const char *word)
{
	int chosen = fdt_path_offset("/chosen");
	const char *args = chosen >= 0 ? fdt_prop_string(chosen, "bootargs")
				       : NULL;
	size_t len = strlen(word);

	for (const char *p = args; p && *p; p++)
		if (!strncmp(p, word, len) && (p == args || p[-1] == ' ') &&
		    (p[len] == 0 || p[len] == ' '))
			return true;
	return false;
}

int main(void)
{
	if (has_arg("count")) {
		count_kernels();
		return 0;
	}
	printf("INFO: CNTFRQ %lu Hz\n", cnt_freq());
	for (unsigned i = 0; i < ARRAY_SIZE(kernels); i++)
		bench_kernel(&kernels[i]);
	report(c_bad == 0, "C workload sorted its array every time");
	return 0;
}
