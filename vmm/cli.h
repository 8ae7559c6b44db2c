/* SPDX-License-Identifier: MIT */
/*
 * Command line: `armvisor run [options] IMAGE`, `--help`, `--version`.
 * Parsing is pure (no API calls, no I/O) so that host unit tests can check
 * every option and every message.
 */
#ifndef VMM_CLI_H
#define VMM_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "armvisor/armvisor.h"

enum vmm_command {
	VMM_CMD_RUN,
	VMM_CMD_HELP,
	VMM_CMD_VERSION,
};

#define VMM_TIMER_IRQ_DEFAULT (-1) /* leave the core's INTID alone */

enum vmm_engine {
	VMM_ENGINE_UNICORN, /* the library in this process (default) */
	VMM_ENGINE_EL2,	    /* the EL2 hypervisor image, under QEMU here */
};
/* --engine el2 runs on QEMU's virt machine: its limits (el2_qemu.h). */
#define VMM_EL2_MAX_VCPUS 8

struct vmm_options {
	enum vmm_command command;
	struct av_vm_config vm; /* nr_vcpus, irqchip, cntfrq, lrs, ... */
	uint64_t mem_size;	/* bytes */
	const char *image;
	const char *append;   /* NULL: no bootargs */
	const char *initrd;   /* NULL: none */
	const char *dump_dtb; /* NULL: don't */
	unsigned timeout_s;   /* 0: none */
	int vtimer_irq;	      /* INTID or VMM_TIMER_IRQ_DEFAULT */
	int ptimer_irq;	      /* INTID or VMM_TIMER_IRQ_DEFAULT */
	enum vmm_engine engine;
	int stats;	      /* enum vmm_stats_mode (stats.h) */
	const char *trace;    /* --trace FILE; NULL: don't */
	uint32_t trace_classes; /* AV_TRACE_CLASS_* (--trace-filter) */
	int64_t halt_poll_ns;   /* --halt-poll-ns; -1: the core's default */
};

/* Exit status for usage errors (as getopt-based tools and `timeout` use). */
#define VMM_EXIT_USAGE 2

/*
 * Parse argv into *o (defaults filled in first).  Returns 0 on success, or
 * -1 with a one-line message in err (without the "armvisor: " prefix).
 * Uses getopt_long and resets its state, so it may be called repeatedly.
 */
int vmm_parse_args(int argc, char **argv, struct vmm_options *o, char *err,
		   size_t errlen);

/* Set *o to the defaults of `armvisor run`. */
void vmm_options_defaults(struct vmm_options *o);

/* The --help text. */
extern const char vmm_usage[];

/* "gicv3" etc. for an irqchip kind. */
const char *vmm_irqchip_name(enum av_irqchip_kind kind);

/* Parse a size with an optional K/M/G/T suffix (powers of 1024). */
int vmm_parse_size(const char *s, uint64_t *out);

#endif
