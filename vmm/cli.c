// SPDX-License-Identifier: MIT
/*
 * Command-line parsing for `armvisor`.  Every option is parsed and validated
 * here, in one place (kvmtool's builtin-run.c habit); an error names the
 * option, the value given and what is allowed.  Nothing here touches the API
 * beyond filling struct av_vm_config.
 *
 * Whatever the library would refuse is refused here first, with the
 * option's name and exit status 2, never as a failing API call later: the
 * VM config ranges (av_vm_create's check_config: --cpus, --cntfrq, --lrs,
 * --rvic-irqs as rvic_check_sizes has them), the timer INTIDs
 * (AV_ARM_VCPU_TIMER_CTRL: a PPI, 16..31) and their being distinct (the
 * first av_vcpu_run's check, KVM's timer_irqs_are_valid).
 */
#include "cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "errbuf.h"
#include "platform.h"
#include "stats.h"

#define MAX_TIMEOUT_S 1000000u /* about 11 days: anything longer is a typo */
/* KVM api.rst KVM_ARM_VCPU_TIMER_CTRL: a timer's interrupt is a PPI; with
 * the rVIC these are the same numbers, as trusted intids. */
#define MIN_TIMER_INTID 16
#define MAX_TIMER_INTID 31

const char vmm_usage[] =
    "Usage: armvisor run [options] IMAGE\n"
    "       armvisor --help | --version\n"
    "\n"
    "Boot IMAGE (ELF64 AArch64 executable, Linux arm64 Image or raw binary)\n"
    "on armvisor's `virt` machine.\n"
    "\n"
    "Options of `run`:\n"
    "  --cpus N             vCPUs, 1..64 (at most 8 with gicv2 or user);\n"
    "                       default 1\n"
    "  --mem SIZE           RAM size with K/M/G suffix, at least 16M, a\n"
    "                       multiple of 2M; default 256M\n"
    "  --append ARGS        kernel command line (/chosen/bootargs)\n"
    "  --initrd FILE        initial ramdisk, placed above the image\n"
    "  --timeout S          stop a guest still running after S seconds and\n"
    "                       exit 124; 0 = no timeout (default)\n"
    "  --dump-dtb FILE      write the device tree blob to FILE, then run\n"
    "  --irqchip KIND       gicv3 (default), gicv2, rvic or user\n"
    "  --vtimer-irq INTID   EL1 virtual timer interrupt, a PPI 16..31\n"
    "                       (default 27)\n"
    "  --ptimer-irq INTID   EL1 physical timer interrupt, a PPI 16..31,\n"
    "                       not the virtual timer's (default 30)\n"
    "  --timer-irq-mode M   active (default) or mask\n"
    "  --rvic-irqs T,N      rVIC trusted and total interrupts, multiples of\n"
    "                       32: T >= 32, 64 <= N <= 2048 (default 32,64)\n"
    "  --cntfrq HZ          counter frequency, 1000..1000000000\n"
    "                       (default 62500000)\n"
    "  --lrs N              vGIC list registers, 1..16 (default 4)\n"
    "  --halt-poll-ns NS    longest poll for a wake-up before a WFI sleep\n"
    "                       (KVM_CAP_HALT_POLL), 0..4294967295; 0 = never;\n"
    "                       default 500000 (used by --engine el2)\n"
    "  --engine E           unicorn (default: guest code in this process)\n"
    "                       or el2 (the EL2 hypervisor image, booted in\n"
    "                       qemu-system-aarch64 -M virt,virtualization=on;\n"
    "                       at most 8 vCPUs, --cntfrq 62500000)\n"
    "  --stats[=FORMAT]     per-vCPU and VM counters on stderr at exit and\n"
    "                       on SIGUSR1: table (default) or json\n"
    "  --trace FILE         write a timeline of exits, interrupts, timers\n"
    "                       and requests to FILE (Chrome trace-event JSON:\n"
    "                       open it in ui.perfetto.dev or chrome://tracing)\n"
    "  --trace-filter LIST  event classes to trace, comma-separated: exit,\n"
    "                       irq, request, timer (default all)\n"
    "\n"
    "Exit status: 0 when the guest prints `EXIT: STATUS=1` (or powers off\n"
    "without such a line), 77 for STATUS=77, non-zero for other statuses,\n"
    "2 for usage errors, 124 on --timeout.\n";

enum opt_id {
	OPT_HELP = 'h',
	OPT_CPUS = 256,
	OPT_MEM,
	OPT_APPEND,
	OPT_INITRD,
	OPT_TIMEOUT,
	OPT_DUMP_DTB,
	OPT_IRQCHIP,
	OPT_VTIMER_IRQ,
	OPT_PTIMER_IRQ,
	OPT_TIMER_IRQ_MODE,
	OPT_RVIC_IRQS,
	OPT_CNTFRQ,
	OPT_LRS,
	OPT_HALT_POLL_NS,
	OPT_ENGINE,
	OPT_STATS,
	OPT_TRACE,
	OPT_TRACE_FILTER,
	OPT_VERSION,
};

static const struct option run_options[] = {
    {"cpus", required_argument, NULL, OPT_CPUS},
    {"mem", required_argument, NULL, OPT_MEM},
    {"append", required_argument, NULL, OPT_APPEND},
    {"initrd", required_argument, NULL, OPT_INITRD},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"dump-dtb", required_argument, NULL, OPT_DUMP_DTB},
    {"irqchip", required_argument, NULL, OPT_IRQCHIP},
    {"vtimer-irq", required_argument, NULL, OPT_VTIMER_IRQ},
    {"ptimer-irq", required_argument, NULL, OPT_PTIMER_IRQ},
    {"timer-irq-mode", required_argument, NULL, OPT_TIMER_IRQ_MODE},
    {"rvic-irqs", required_argument, NULL, OPT_RVIC_IRQS},
    {"cntfrq", required_argument, NULL, OPT_CNTFRQ},
    {"lrs", required_argument, NULL, OPT_LRS},
    {"halt-poll-ns", required_argument, NULL, OPT_HALT_POLL_NS},
    {"engine", required_argument, NULL, OPT_ENGINE},
    {"stats", optional_argument, NULL, OPT_STATS},
    {"trace", required_argument, NULL, OPT_TRACE},
    {"trace-filter", required_argument, NULL, OPT_TRACE_FILTER},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

struct name_value {
	const char *name;
	unsigned value;
};

/* Alphabetical: the order error messages list them in. */
static const struct name_value irqchip_names[] = {
    {"gicv2", AV_IRQCHIP_GICV2},
    {"gicv3", AV_IRQCHIP_GICV3},
    {"rvic", AV_IRQCHIP_RVIC},
    {"user", AV_IRQCHIP_USER},
};

static const struct name_value timer_irq_modes[] = {
    {"active", AV_TIMER_IRQ_MODE_ACTIVE},
    {"mask", AV_TIMER_IRQ_MODE_MASK},
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *option_name(int id)
{
	for (const struct option *o = run_options; o->name; o++)
		if (o->val == id)
			return o->name;
	return "?";
}

const char *vmm_irqchip_name(enum av_irqchip_kind kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(irqchip_names); i++)
		if (irqchip_names[i].value == (unsigned)kind)
			return irqchip_names[i].name;
	return "?";
}

/*
 * An unsigned number: decimal, or hexadecimal with 0x.  No sign, no blanks,
 * nothing after it.  Returns the number of characters used, 0 if none, or -1
 * on overflow.
 */
static int scan_uint(const char *s, uint64_t *out)
{
	const char *p = s;
	unsigned base = 10;
	uint64_t v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	const char *digits = p;
	for (;; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	if (p == digits)
		return 0;
	*out = v;
	return (int)(p - s);
}

/* The whole string is one unsigned number. */
static bool parse_uint(const char *s, uint64_t *out)
{
	int n = scan_uint(s, out);

	return n > 0 && s[n] == '\0';
}

int vmm_parse_size(const char *s, uint64_t *out)
{
	uint64_t v, mult = 1;
	int n = scan_uint(s, &v);

	if (n <= 0)
		return -1;
	switch (s[n]) {
	case '\0':
		break;
	case 'k':
	case 'K':
		mult = 1ull << 10;
		break;
	case 'm':
	case 'M':
		mult = 1ull << 20;
		break;
	case 'g':
	case 'G':
		mult = 1ull << 30;
		break;
	case 't':
	case 'T':
		mult = 1ull << 40;
		break;
	default:
		return -1;
	}
	if (s[n] != '\0' && s[n + 1] != '\0')
		return -1;
	if (v > UINT64_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

/* Parse an unsigned option value in [min, max]. */
static int parse_ranged(int id, const char *arg, uint64_t min, uint64_t max,
			const char *what, uint64_t *out, char *err,
			size_t errlen)
{
	uint64_t v;

	if (!parse_uint(arg, &v)) {
		set_err(err, errlen, "--%s: '%s' is not %s", option_name(id),
			arg, what);
		return -1;
	}
	if (v < min || v > max) {
		set_err(err, errlen, "--%s: '%s' is out of range %llu..%llu",
			option_name(id), arg, (unsigned long long)min,
			(unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_choice(int id, const char *arg,
			const struct name_value *choices, size_t n,
			unsigned *out, char *err, size_t errlen)
{
	char list[128] = "";
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(arg, choices[i].name) == 0) {
			*out = choices[i].value;
			return 0;
		}
	}
	for (size_t i = 0; i < n && len < sizeof(list); i++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s",
				i ? ", " : "", choices[i].name);
	set_err(err, errlen, "--%s: '%s' is not one of %s", option_name(id),
		arg, list);
	return -1;
}

static int parse_mem(const char *arg, uint64_t *out, char *err, size_t errlen)
{
	uint64_t v;

	if (vmm_parse_size(arg, &v) < 0) {
		set_err(err, errlen,
			"--mem: '%s' is not a size (a number with an optional "
			"K, M or G suffix, e.g. 256M)",
			arg);
		return -1;
	}
	if (v < VIRT_RAM_MIN_SIZE) {
		set_err(err, errlen, "--mem: '%s' is below the minimum 16M",
			arg);
		return -1;
	}
	if (v % VIRT_RAM_ALIGN) {
		set_err(err, errlen, "--mem: '%s' is not a multiple of 2M",
			arg);
		return -1;
	}
	if (v > VIRT_RAM_MAX_SIZE) {
		set_err(
		    err, errlen,
		    "--mem: '%s' is above the maximum %lluG (guest physical "
		    "addresses end at 1 TiB)",
		    arg, (unsigned long long)(VIRT_RAM_MAX_SIZE >> 30));
		return -1;
	}
	*out = v;
	return 0;
}

/* rvic_check_sizes's rules (armvisor.h AV_RVIC_*), each named. */
static int parse_rvic_irqs(const char *arg, struct av_vm_config *vm, char *err,
			   size_t errlen)
{
	uint64_t trusted, total;
	int n = scan_uint(arg, &trusted);

	if (n <= 0 || arg[n] != ',' || !parse_uint(arg + n + 1, &total)) {
		set_err(err, errlen,
			"--rvic-irqs: '%s' is not TRUSTED,TOTAL (two numbers, "
			"e.g. 32,64)",
			arg);
		return -1;
	}
	if (total < AV_RVIC_MIN_TOTAL || total > AV_RVIC_MAX_TOTAL) {
		set_err(err, errlen,
			"--rvic-irqs: TOTAL %llu is out of range %u..%u",
			(unsigned long long)total, AV_RVIC_MIN_TOTAL,
			AV_RVIC_MAX_TOTAL);
		return -1;
	}
	if (trusted < AV_RVIC_MIN_TRUSTED || trusted > total) {
		set_err(err, errlen,
			"--rvic-irqs: TRUSTED %llu is out of range %u..TOTAL "
			"(%llu): intids 0..31 (IPIs, timers) are trusted",
			(unsigned long long)trusted, AV_RVIC_MIN_TRUSTED,
			(unsigned long long)total);
		return -1;
	}
	if (trusted % AV_RVIC_IRQ_ALIGN || total % AV_RVIC_IRQ_ALIGN) {
		set_err(
		    err, errlen, "--rvic-irqs: %s %llu is not a multiple of %u",
		    trusted % AV_RVIC_IRQ_ALIGN ? "TRUSTED" : "TOTAL",
		    (unsigned long long)(trusted % AV_RVIC_IRQ_ALIGN ? trusted
								     : total),
		    AV_RVIC_IRQ_ALIGN);
		return -1;
	}
	vm->rvic_trusted = (unsigned)trusted;
	vm->rvic_total = (unsigned)total;
	return 0;
}

void vmm_options_defaults(struct vmm_options *o)
{
	memset(o, 0, sizeof(*o));
	o->command = VMM_CMD_RUN;
	o->vm.nr_vcpus = 1;
	o->vm.irqchip = AV_IRQCHIP_GICV3;
	o->vm.cntfrq = AV_DEFAULT_CNTFRQ;
	o->vm.timer_irq_mode = AV_TIMER_IRQ_MODE_ACTIVE;
	o->mem_size = VIRT_RAM_DEFAULT_SIZE;
	o->vtimer_irq = VMM_TIMER_IRQ_DEFAULT;
	o->halt_poll_ns = -1;
	o->ptimer_irq = VMM_TIMER_IRQ_DEFAULT;
	o->trace_classes = AV_TRACE_CLASS_EXIT | AV_TRACE_CLASS_IRQ |
			   AV_TRACE_CLASS_TIMER | AV_TRACE_CLASS_REQUEST;
}

/*
 * Each timer needs its own INTID (KVM timer_irqs_are_valid; the core checks
 * it only at the first run).  The defaults count: --vtimer-irq 30 alone
 * collides with the physical timer's 30.  The option given is named.
 */
static int check_timer_irqs(const struct vmm_options *o, char *err,
			    size_t errlen)
{
	bool v_given = o->vtimer_irq != VMM_TIMER_IRQ_DEFAULT;
	bool p_given = o->ptimer_irq != VMM_TIMER_IRQ_DEFAULT;
	int v = v_given ? o->vtimer_irq : VIRT_TIMER_VIRT_INTID;
	int p = p_given ? o->ptimer_irq : VIRT_TIMER_PHYS_INTID;

	if (v != p)
		return 0;
	if (p_given)
		set_err(err, errlen,
			"--ptimer-irq: %d is the virtual timer's INTID too "
			"(--vtimer-irq%s); each timer needs its own",
			p, v_given ? "" : ", default 27");
	else
		set_err(err, errlen,
			"--vtimer-irq: %d is the physical timer's INTID too "
			"(--ptimer-irq, default 30); each timer needs its own",
			v);
	return -1;
}

/* --engine el2: one vCPU per physical CPU of QEMU's virt machine (8 at
 * most, EL2_MAX_CPUS), and the guest's counter is the hardware's. */
static int check_el2(const struct vmm_options *o, char *err, size_t errlen)
{
	if (o->trace) {
		set_err(err, errlen,
			"--trace: not with --engine el2 (its events stay in "
			"the EL2 image)");
		return -1;
	}
	if (o->vm.nr_vcpus > VMM_EL2_MAX_VCPUS) {
		set_err(err, errlen,
			"--cpus: %u is more than --engine el2 runs (1..%u: "
			"one vCPU per physical CPU)",
			o->vm.nr_vcpus, VMM_EL2_MAX_VCPUS);
		return -1;
	}
	if (o->vm.cntfrq && o->vm.cntfrq != AV_DEFAULT_CNTFRQ) {
		set_err(err, errlen,
			"--cntfrq: %llu is not the hardware counter's %llu "
			"Hz, which --engine el2 gives the guest",
			(unsigned long long)o->vm.cntfrq,
			(unsigned long long)AV_DEFAULT_CNTFRQ);
		return -1;
	}
	return 0;
}

/* Checks that involve more than one option. */
static int check_combination(const struct vmm_options *o, bool lrs_given,
			     bool rvic_given, bool filter_given, char *err,
			     size_t errlen)
{
	const char *chip = vmm_irqchip_name(o->vm.irqchip);

	/* --irqchip user: the VMM's GIC is a GICv2 (vmm/user_gic.c). */
	if ((o->vm.irqchip == AV_IRQCHIP_GICV2 ||
	     o->vm.irqchip == AV_IRQCHIP_USER) &&
	    o->vm.nr_vcpus > VIRT_GICV2_MAX_CPUS) {
		set_err(err, errlen,
			"--cpus: %u is more than %s supports (1..%u: a GICv2); "
			"use --irqchip gicv3",
			o->vm.nr_vcpus, chip, VIRT_GICV2_MAX_CPUS);
		return -1;
	}
	if (lrs_given && o->vm.irqchip != AV_IRQCHIP_GICV2 &&
	    o->vm.irqchip != AV_IRQCHIP_GICV3) {
		set_err(err, errlen,
			"--lrs: only with --irqchip gicv2 or gicv3 (not %s)",
			chip);
		return -1;
	}
	if (rvic_given && o->vm.irqchip != AV_IRQCHIP_RVIC) {
		set_err(err, errlen,
			"--rvic-irqs: only with --irqchip rvic (not %s)", chip);
		return -1;
	}
	if (o->engine == VMM_ENGINE_EL2 && check_el2(o, err, errlen))
		return -1;
	if (filter_given && !o->trace) {
		set_err(err, errlen, "--trace-filter: only with --trace FILE");
		return -1;
	}
	return check_timer_irqs(o, err, errlen);
}

static const struct name_value trace_classes[] = {
    {"exit", AV_TRACE_CLASS_EXIT},
    {"irq", AV_TRACE_CLASS_IRQ},
    {"request", AV_TRACE_CLASS_REQUEST},
    {"timer", AV_TRACE_CLASS_TIMER},
};

/* --trace-filter timer,irq: a non-empty comma-separated list of classes. */
static int parse_trace_filter(const char *arg, uint32_t *classes, char *err,
			      size_t errlen)
{
	uint32_t c = 0;
	const char *p = arg;

	for (;;) {
		size_t n = strcspn(p, ",");
		size_t i;

		for (i = 0; i < ARRAY_SIZE(trace_classes); i++)
			if (strlen(trace_classes[i].name) == n &&
			    !strncmp(p, trace_classes[i].name, n))
				break;
		if (i == ARRAY_SIZE(trace_classes)) {
			set_err(err, errlen,
				"--trace-filter: '%.*s' is not one of exit, "
				"irq, request, timer",
				(int)n, p);
			return -1;
		}
		c |= trace_classes[i].value;
		if (!p[n])
			break;
		p += n + 1;
	}
	*classes = c;
	return 0;
}

static int parse_run_option(int id, const char *arg, struct vmm_options *o,
			    char *err, size_t errlen)
{
	uint64_t v;
	unsigned u;

	switch (id) {
	case OPT_CPUS:
		if (parse_ranged(id, arg, 1, AV_MAX_VCPUS, "a number of vCPUs",
				 &v, err, errlen))
			return -1;
		o->vm.nr_vcpus = (unsigned)v;
		return 0;
	case OPT_MEM:
		return parse_mem(arg, &o->mem_size, err, errlen);
	case OPT_APPEND:
		o->append = arg;
		return 0;
	case OPT_INITRD:
		o->initrd = arg;
		return 0;
	case OPT_DUMP_DTB:
		o->dump_dtb = arg;
		return 0;
	case OPT_TIMEOUT:
		if (parse_ranged(id, arg, 0, MAX_TIMEOUT_S,
				 "a number of seconds (0 = no timeout)", &v,
				 err, errlen))
			return -1;
		o->timeout_s = (unsigned)v;
		return 0;
	case OPT_IRQCHIP:
		if (parse_choice(id, arg, irqchip_names,
				 ARRAY_SIZE(irqchip_names), &u, err, errlen))
			return -1;
		o->vm.irqchip = (enum av_irqchip_kind)u;
		return 0;
	case OPT_VTIMER_IRQ:
	case OPT_PTIMER_IRQ:
		/* A PPI with every irqchip (the rVIC's trusted intids 16..31
		 * are the same numbers); av_vcpu_set_attr's range. */
		if (parse_ranged(id, arg, MIN_TIMER_INTID, MAX_TIMER_INTID,
				 "an INTID (a number)", &v, err, errlen))
			return -1;
		if (id == OPT_VTIMER_IRQ)
			o->vtimer_irq = (int)v;
		else
			o->ptimer_irq = (int)v;
		return 0;
	case OPT_TIMER_IRQ_MODE:
		if (parse_choice(id, arg, timer_irq_modes,
				 ARRAY_SIZE(timer_irq_modes), &u, err, errlen))
			return -1;
		o->vm.timer_irq_mode = u;
		return 0;
	case OPT_RVIC_IRQS:
		return parse_rvic_irqs(arg, &o->vm, err, errlen);
	case OPT_CNTFRQ:
		/* av_vm_create's range (exact counter scaling needs <= 1 GHz;
		 * it also fits CNTFRQ_EL0's 32 bits). */
		if (parse_ranged(id, arg, AV_MIN_CNTFRQ, AV_MAX_CNTFRQ,
				 "a frequency in Hz", &v, err, errlen))
			return -1;
		o->vm.cntfrq = v;
		return 0;
	case OPT_LRS:
		if (parse_ranged(id, arg, 1, AV_MAX_LRS,
				 "a number of list registers", &v, err, errlen))
			return -1;
		o->vm.nr_lrs = (unsigned)v;
		return 0;
	case OPT_HALT_POLL_NS:
		if (parse_ranged(id, arg, 0, UINT32_MAX, "a time in ns", &v,
				 err, errlen))
			return -1;
		o->halt_poll_ns = (int64_t)v;
		return 0;
	case OPT_STATS:
		if (!arg || !strcmp(arg, "table")) {
			o->stats = VMM_STATS_TABLE;
		} else if (!strcmp(arg, "json")) {
			o->stats = VMM_STATS_JSON;
		} else {
			set_err(err, errlen,
				"--stats: '%s' is not one of table, json", arg);
			return -1;
		}
		return 0;
	case OPT_TRACE:
		if (!*arg) {
			set_err(err, errlen, "--trace: empty file name");
			return -1;
		}
		o->trace = arg;
		return 0;
	case OPT_TRACE_FILTER:
		return parse_trace_filter(arg, &o->trace_classes, err, errlen);
	case OPT_ENGINE:
		if (!strcmp(arg, "unicorn")) {
			o->engine = VMM_ENGINE_UNICORN;
		} else if (!strcmp(arg, "el2")) {
			o->engine = VMM_ENGINE_EL2;
		} else {
			set_err(err, errlen,
				"--engine: '%s' is not one of unicorn, el2",
				arg);
			return -1;
		}
		return 0;
	}
	set_err(err, errlen, "internal error: option %d", id);
	return -1;
}

static int parse_run(int argc, char **argv, struct vmm_options *o, char *err,
		     size_t errlen)
{
	bool lrs_given = false, rvic_given = false, filter_given = false;
	int id;

	/* ':' first: report a missing argument as ':' rather than '?';
	 * optind = 0 makes glibc reinitialise getopt for repeated calls. */
	optind = 0;
	opterr = 0;
	while ((id = getopt_long(argc, argv, ":h", run_options, NULL)) != -1) {
		switch (id) {
		case OPT_HELP:
			o->command = VMM_CMD_HELP;
			return 0;
		case OPT_VERSION:
			o->command = VMM_CMD_VERSION;
			return 0;
		case ':':
			set_err(err, errlen,
				"--%s: missing value (see armvisor --help)",
				option_name(optopt));
			return -1;
		case '?':
			if (optopt)
				set_err(err, errlen,
					"unknown option '-%c' (see armvisor "
					"--help)",
					optopt);
			else
				set_err(err, errlen,
					"unknown option '%s' (see armvisor "
					"--help)",
					argv[optind - 1]);
			return -1;
		default:
			if (parse_run_option(id, optarg, o, err, errlen))
				return -1;
			lrs_given |= id == OPT_LRS;
			rvic_given |= id == OPT_RVIC_IRQS;
			filter_given |= id == OPT_TRACE_FILTER;
			break;
		}
	}
	if (optind >= argc) {
		set_err(err, errlen,
			"run: missing IMAGE (see armvisor --help)");
		return -1;
	}
	if (optind + 1 < argc) {
		set_err(err, errlen,
			"run: unexpected argument '%s' after IMAGE '%s'",
			argv[optind + 1], argv[optind]);
		return -1;
	}
	o->image = argv[optind];
	return check_combination(o, lrs_given, rvic_given, filter_given, err,
				 errlen);
}

int vmm_parse_args(int argc, char **argv, struct vmm_options *o, char *err,
		   size_t errlen)
{
	vmm_options_defaults(o);
	if (err && errlen)
		err[0] = '\0';
	if (argc < 2) {
		set_err(err, errlen, "missing command (see armvisor --help)");
		return -1;
	}
	const char *cmd = argv[1];

	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "help")) {
		o->command = VMM_CMD_HELP;
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		o->command = VMM_CMD_VERSION;
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return parse_run(argc - 1, argv + 1, o, err, errlen);
	set_err(err, errlen,
		"'%s' is not a command: use run, --help or --version", cmd);
	return -1;
}
