// SPDX-License-Identifier: MIT
/* Unit tests: `armvisor` option parsing (vmm/cli.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/cli.h"
#include "vmm/stats.h"

#define MAX_ARGS 32

static struct vmm_options opts;
static char err[512];

/* Parse the arguments given (NULL-terminated), after "armvisor". */
static int parse_v(const char *first, va_list ap)
{
	char *argv[MAX_ARGS + 1];
	int argc = 0;

	argv[argc++] = (char *)"armvisor";
	for (const char *a = first; a && argc < MAX_ARGS;
	     a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	argv[argc] = NULL;
	return vmm_parse_args(argc, argv, &opts, err, sizeof(err));
}

static int parse(const char *first, ...)
{
	va_list ap;
	int r;

	va_start(ap, first);
	r = parse_v(first, ap);
	va_end(ap);
	return r;
}

/* The parse fails with exactly this message. */
static void expect_error(const char *msg, const char *first, ...)
{
	va_list ap;
	int r;

	va_start(ap, first);
	r = parse_v(first, ap);
	va_end(ap);
	assert_int_equal(r, -1);
	assert_string_equal(err, msg);
}

static void test_defaults(void **state)
{
	assert_int_equal(parse("run", "guest.elf", NULL), 0);
	assert_int_equal(opts.command, VMM_CMD_RUN);
	assert_string_equal(opts.image, "guest.elf");
	assert_int_equal(opts.vm.nr_vcpus, 1);
	assert_int_equal(opts.vm.irqchip, AV_IRQCHIP_GICV3);
	assert_int_equal(opts.vm.cntfrq, AV_DEFAULT_CNTFRQ);
	assert_int_equal(opts.vm.nr_lrs, 0);
	assert_int_equal(opts.vm.timer_irq_mode, AV_TIMER_IRQ_MODE_ACTIVE);
	assert_int_equal(opts.vm.rvic_trusted, 0);
	assert_int_equal(opts.vm.rvic_total, 0);
	assert_int_equal(opts.mem_size, 256ull << 20);
	assert_null(opts.append);
	assert_null(opts.initrd);
	assert_null(opts.dump_dtb);
	assert_int_equal(opts.timeout_s, 0);
	assert_int_equal(opts.vtimer_irq, VMM_TIMER_IRQ_DEFAULT);
	assert_int_equal(opts.ptimer_irq, VMM_TIMER_IRQ_DEFAULT);
}

static void test_help_version(void **state)
{
	assert_int_equal(parse("--help", NULL), 0);
	assert_int_equal(opts.command, VMM_CMD_HELP);
	assert_int_equal(parse("-h", NULL), 0);
	assert_int_equal(opts.command, VMM_CMD_HELP);
	assert_int_equal(parse("run", "--help", NULL), 0);
	assert_int_equal(opts.command, VMM_CMD_HELP);
	assert_int_equal(parse("--version", NULL), 0);
	assert_int_equal(opts.command, VMM_CMD_VERSION);
	assert_non_null(strstr(vmm_usage, "--irqchip"));
}

static void test_all_options(void **state)
{
	assert_int_equal(parse("run", "--cpus", "8", "--mem", "1G", "--append",
			       "console=ttyAMA0 earlycon", "--initrd",
			       "rd.cpio", "--timeout", "30", "--dump-dtb",
			       "out.dtb", "--irqchip", "gicv2", "--vtimer-irq",
			       "20", "--ptimer-irq", "0x15", "--timer-irq-mode",
			       "mask", "--cntfrq", "1000000", "--lrs", "16",
			       "img", NULL),
			 0);
	assert_int_equal(opts.vm.nr_vcpus, 8);
	assert_int_equal(opts.mem_size, 1ull << 30);
	assert_string_equal(opts.append, "console=ttyAMA0 earlycon");
	assert_string_equal(opts.initrd, "rd.cpio");
	assert_int_equal(opts.timeout_s, 30);
	assert_string_equal(opts.dump_dtb, "out.dtb");
	assert_int_equal(opts.vm.irqchip, AV_IRQCHIP_GICV2);
	assert_int_equal(opts.vtimer_irq, 20);
	assert_int_equal(opts.ptimer_irq, 21);
	assert_int_equal(opts.vm.timer_irq_mode, AV_TIMER_IRQ_MODE_MASK);
	assert_int_equal(opts.vm.cntfrq, 1000000);
	assert_int_equal(opts.vm.nr_lrs, 16);
	assert_string_equal(opts.image, "img");
}

static void test_option_forms(void **state)
{
	/* --opt=value, options after IMAGE (GNU permutation), last wins. */
	assert_int_equal(
	    parse("run", "--cpus=2", "img", "--cpus", "64", "--mem=16M", NULL),
	    0);
	assert_int_equal(opts.vm.nr_vcpus, 64);
	assert_int_equal(opts.mem_size, 16ull << 20);
	assert_string_equal(opts.image, "img");
	assert_int_equal(parse("run", "--irqchip", "rvic", "--rvic-irqs",
			       "64,128", "img", NULL),
			 0);
	assert_int_equal(opts.vm.irqchip, AV_IRQCHIP_RVIC);
	assert_int_equal(opts.vm.rvic_trusted, 64);
	assert_int_equal(opts.vm.rvic_total, 128);
	assert_int_equal(parse("run", "--irqchip", "user", "img", NULL), 0);
	assert_int_equal(opts.vm.irqchip, AV_IRQCHIP_USER);
	assert_int_equal(
	    parse("run", "--timeout", "0", "--mem", "2048m", "img", NULL), 0);
	assert_int_equal(opts.mem_size, 2048ull << 20);
}

static void test_sizes(void **state)
{
	uint64_t v;

	assert_int_equal(vmm_parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(vmm_parse_size("64k", &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(vmm_parse_size("3G", &v), 0);
	assert_int_equal(v, 3ull << 30);
	assert_int_equal(vmm_parse_size("0x100M", &v), 0);
	assert_int_equal(v, 256ull << 20);
	assert_int_equal(vmm_parse_size("", &v), -1);
	assert_int_equal(vmm_parse_size("M", &v), -1);
	assert_int_equal(vmm_parse_size("12MB", &v), -1);
	assert_int_equal(vmm_parse_size("-1M", &v), -1);
	assert_int_equal(vmm_parse_size("99999999999999999999", &v), -1);
	assert_int_equal(vmm_parse_size("17179869184G", &v), -1);
}

static void test_bad_cpus(void **state)
{
	expect_error("--cpus: '0' is out of range 1..64", "run", "--cpus", "0",
		     "img", NULL);
	expect_error("--cpus: '65' is out of range 1..64", "run", "--cpus",
		     "65", "img", NULL);
	expect_error("--cpus: 'two' is not a number of vCPUs", "run", "--cpus",
		     "two", "img", NULL);
	expect_error("--cpus: '-1' is not a number of vCPUs", "run", "--cpus",
		     "-1", "img", NULL);
	expect_error("--cpus: '' is not a number of vCPUs", "run",
		     "--cpus=", "img", NULL);
	expect_error("--cpus: 9 is more than gicv2 supports (1..8: a GICv2); "
		     "use --irqchip gicv3",
		     "run", "--cpus", "9", "--irqchip", "gicv2", "img", NULL);
	/* The user irqchip's GIC in the VMM is a GICv2 too. */
	expect_error("--cpus: 9 is more than user supports (1..8: a GICv2); "
		     "use --irqchip gicv3",
		     "run", "--cpus", "9", "--irqchip", "user", "img", NULL);
}

static void test_bad_mem(void **state)
{
	expect_error("--mem: '8M' is below the minimum 16M", "run", "--mem",
		     "8M", "img", NULL);
	expect_error("--mem: '17M' is not a multiple of 2M", "run", "--mem",
		     "17M", "img", NULL);
	expect_error("--mem: 'lots' is not a size (a number with an optional "
		     "K, M or G suffix, e.g. 256M)",
		     "run", "--mem", "lots", "img", NULL);
	expect_error("--mem: '2T' is above the maximum 1023G (guest physical "
		     "addresses end at 1 TiB)",
		     "run", "--mem", "2T", "img", NULL);
}

static void test_bad_choices(void **state)
{
	expect_error("--irqchip: 'gicv4' is not one of gicv2, gicv3, rvic, "
		     "user",
		     "run", "--irqchip", "gicv4", "img", NULL);
	expect_error("--timer-irq-mode: 'passive' is not one of active, mask",
		     "run", "--timer-irq-mode", "passive", "img", NULL);
}

/* --stats[=table|json], --trace FILE, --trace-filter CLASSES. */
static void test_stats_trace(void **state)
{
	assert_int_equal(parse("run", "g.elf", NULL), 0);
	assert_int_equal(opts.stats, VMM_STATS_OFF);
	assert_null(opts.trace);
	assert_int_equal(parse("run", "--stats", "g.elf", NULL), 0);
	assert_int_equal(opts.stats, VMM_STATS_TABLE);
	assert_int_equal(parse("run", "--stats=json", "g.elf", NULL), 0);
	assert_int_equal(opts.stats, VMM_STATS_JSON);
	assert_int_equal(parse("run", "--trace", "t.json", "g.elf", NULL), 0);
	assert_string_equal(opts.trace, "t.json");
	assert_int_equal(opts.trace_classes,
			 AV_TRACE_CLASS_EXIT | AV_TRACE_CLASS_IRQ |
				 AV_TRACE_CLASS_TIMER |
				 AV_TRACE_CLASS_REQUEST);
	assert_int_equal(parse("run", "--trace", "t.json", "--trace-filter",
			       "timer,irq", "g.elf", NULL),
			 0);
	assert_int_equal(opts.trace_classes,
			 AV_TRACE_CLASS_TIMER | AV_TRACE_CLASS_IRQ);
	expect_error("--stats: 'xml' is not one of table, json", "run",
		     "--stats=xml", "g.elf", NULL);
	expect_error("--trace-filter: 'timers' is not one of exit, irq, "
		     "request, timer",
		     "run", "--trace", "t", "--trace-filter", "irq,timers",
		     "g.elf", NULL);
	expect_error("--trace-filter: '' is not one of exit, irq, request, "
		     "timer",
		     "run", "--trace", "t", "--trace-filter", "irq,", "g.elf",
		     NULL);
	expect_error("--trace-filter: only with --trace FILE", "run",
		     "--trace-filter", "irq", "g.elf", NULL);
	expect_error("--trace: not with --engine el2 (its events stay in the "
		     "EL2 image)",
		     "run", "--engine", "el2", "--trace", "t", "g.elf", NULL);
	assert_int_equal(parse("run", "--engine", "el2", "--stats=json",
			       "g.elf", NULL),
			 0);
}

static void test_bad_numbers(void **state)
{
	expect_error("--timeout: '1.5' is not a number of seconds (0 = no "
		     "timeout)",
		     "run", "--timeout", "1.5", "img", NULL);
	expect_error("--timeout: '2000000' is out of range 0..1000000", "run",
		     "--timeout", "2000000", "img", NULL);
	expect_error("--vtimer-irq: 'virt' is not an INTID (a number)", "run",
		     "--vtimer-irq", "virt", "img", NULL);
	expect_error("--ptimer-irq: '5000' is out of range 16..31", "run",
		     "--ptimer-irq", "5000", "img", NULL);
	expect_error("--cntfrq: '0' is out of range 1000..1000000000", "run",
		     "--cntfrq", "0", "img", NULL);
	expect_error("--cntfrq: '4294967296' is out of range "
		     "1000..1000000000",
		     "run", "--cntfrq", "4294967296", "img", NULL);
	expect_error("--cntfrq: '62.5M' is not a frequency in Hz", "run",
		     "--cntfrq", "62.5M", "img", NULL);
	expect_error("--lrs: '0' is out of range 1..16", "run", "--lrs", "0",
		     "img", NULL);
	expect_error("--lrs: '17' is out of range 1..16", "run", "--lrs", "17",
		     "img", NULL);
	expect_error("--lrs: 'x' is not a number of list registers", "run",
		     "--lrs", "x", "img", NULL);
}

static void test_bad_rvic(void **state)
{
	expect_error("--rvic-irqs: '32' is not TRUSTED,TOTAL (two numbers, "
		     "e.g. 32,64)",
		     "run", "--irqchip", "rvic", "--rvic-irqs", "32", "img",
		     NULL);
	expect_error("--rvic-irqs: '32,64,' is not TRUSTED,TOTAL (two "
		     "numbers, e.g. 32,64)",
		     "run", "--irqchip", "rvic", "--rvic-irqs", "32,64,", "img",
		     NULL);
	expect_error("--rvic-irqs: TRUSTED 16 is out of range 32..TOTAL (64): "
		     "intids 0..31 (IPIs, timers) are trusted",
		     "run", "--irqchip", "rvic", "--rvic-irqs", "16,64", "img",
		     NULL);
	expect_error("--rvic-irqs: TRUSTED 80 is out of range 32..TOTAL (64): "
		     "intids 0..31 (IPIs, timers) are trusted",
		     "run", "--irqchip", "rvic", "--rvic-irqs", "80,64", "img",
		     NULL);
	expect_error("--rvic-irqs: TOTAL 100000 is out of range 64..2048",
		     "run", "--irqchip", "rvic", "--rvic-irqs", "32,100000",
		     "img", NULL);
	expect_error("--rvic-irqs: only with --irqchip rvic (not gicv3)", "run",
		     "--rvic-irqs", "32,64", "img", NULL);
	expect_error("--lrs: only with --irqchip gicv2 or gicv3 (not rvic)",
		     "run", "--irqchip", "rvic", "--lrs", "4", "img", NULL);
}

/*
 * What the library would refuse is refused here, naming the option: each
 * value below is one av_vm_create, av_vcpu_set_attr or the first
 * av_vcpu_run rejects (issue 9: they used to end in "cannot create the VM:
 * Invalid argument" with exit 1, or fail only once the guest ran).
 */
static void test_core_limits(void **state)
{
	/* check_config: 1 kHz .. 1 GHz. */
	expect_error("--cntfrq: '999' is out of range 1000..1000000000", "run",
		     "--cntfrq", "999", "img", NULL);
	expect_error("--cntfrq: '1000000001' is out of range "
		     "1000..1000000000",
		     "run", "--cntfrq", "1000000001", "img", NULL);
	assert_int_equal(parse("run", "--cntfrq", "1000", "img", NULL), 0);
	assert_int_equal(parse("run", "--cntfrq", "1000000000", "img", NULL),
			 0);
	/* rvic_check_sizes: multiples of 32, 32 <= T <= N, 64 <= N <= 2048. */
	expect_error("--rvic-irqs: TRUSTED 40 is not a multiple of 32", "run",
		     "--irqchip", "rvic", "--rvic-irqs", "40,64", "img", NULL);
	expect_error("--rvic-irqs: TOTAL 100 is not a multiple of 32", "run",
		     "--irqchip", "rvic", "--rvic-irqs", "32,100", "img", NULL);
	expect_error("--rvic-irqs: TOTAL 32 is out of range 64..2048", "run",
		     "--irqchip", "rvic", "--rvic-irqs", "32,32", "img", NULL);
	expect_error("--rvic-irqs: TOTAL 2080 is out of range 64..2048", "run",
		     "--irqchip", "rvic", "--rvic-irqs", "32,2080", "img",
		     NULL);
	assert_int_equal(parse("run", "--irqchip", "rvic", "--rvic-irqs",
			       "2048,2048", "img", NULL),
			 0);
	/* AV_ARM_VCPU_TIMER_CTRL: a PPI, with every irqchip. */
	expect_error("--vtimer-irq: '15' is out of range 16..31", "run",
		     "--vtimer-irq", "15", "img", NULL);
	expect_error("--vtimer-irq: '40' is out of range 16..31", "run",
		     "--irqchip", "rvic", "--rvic-irqs", "64,64",
		     "--vtimer-irq", "40", "img", NULL);
	assert_int_equal(parse("run", "--vtimer-irq", "16", "--ptimer-irq",
			       "31", "img", NULL),
			 0);
	/* timer_first_run: distinct INTIDs, the defaults (27, 30) included. */
	expect_error("--vtimer-irq: 30 is the physical timer's INTID too "
		     "(--ptimer-irq, default 30); each timer needs its own",
		     "run", "--vtimer-irq", "30", "img", NULL);
	expect_error("--ptimer-irq: 27 is the virtual timer's INTID too "
		     "(--vtimer-irq, default 27); each timer needs its own",
		     "run", "--ptimer-irq", "27", "img", NULL);
	expect_error("--ptimer-irq: 20 is the virtual timer's INTID too "
		     "(--vtimer-irq); each timer needs its own",
		     "run", "--irqchip", "user", "--vtimer-irq", "20",
		     "--ptimer-irq", "20", "img", NULL);
	/* Swapping them is fine. */
	assert_int_equal(parse("run", "--vtimer-irq", "30", "--ptimer-irq",
			       "27", "img", NULL),
			 0);
}

static void test_bad_usage(void **state)
{
	expect_error("missing command (see armvisor --help)", NULL);
	expect_error("'boot' is not a command: use run, --help or --version",
		     "boot", "img", NULL);
	expect_error("run: missing IMAGE (see armvisor --help)", "run", NULL);
	expect_error("run: missing IMAGE (see armvisor --help)", "run",
		     "--cpus", "2", NULL);
	expect_error("run: unexpected argument 'extra' after IMAGE 'img'",
		     "run", "img", "extra", NULL);
	expect_error("unknown option '--cpu-count' (see armvisor --help)",
		     "run", "--cpu-count", "2", "img", NULL);
	expect_error("unknown option '-x' (see armvisor --help)", "run", "-x",
		     "img", NULL);
	expect_error("--mem: missing value (see armvisor --help)", "run", "img",
		     "--mem", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_help_version),
	    cmocka_unit_test(test_all_options),
	    cmocka_unit_test(test_option_forms),
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_bad_cpus),
	    cmocka_unit_test(test_bad_mem),
	    cmocka_unit_test(test_bad_choices),
	    cmocka_unit_test(test_stats_trace),
		cmocka_unit_test(test_stats_trace),
	    cmocka_unit_test(test_bad_numbers),
	    cmocka_unit_test(test_bad_rvic),
	    cmocka_unit_test(test_core_limits),
	    cmocka_unit_test(test_bad_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
