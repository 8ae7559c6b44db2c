/* SPDX-License-Identifier: MIT */
/*
 * --irqchip user: the VMM's GICv2 (user_gic.c), the library's vGIC model
 * driven as a component (include/armvisor/av_gic.h).  No I/O and no
 * threads of its own (vmm_sync.h): the armvisor program and the EL2
 * image's VMM role both use it; failures go to the caller's report().
 */
#ifndef VMM_USER_GIC_H
#define VMM_USER_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "armvisor/armvisor.h"
#include "armvisor/av_gic.h"
#include "vmm_sync.h"

#define USER_GIC_MAX_CPUS 8

/* What failed (a call the library refused), for the VMM's log. */
typedef void (*user_gic_report_fn)(unsigned cpu, const char *what, int err);

struct user_gic {
	av_gic *gic; /* NULL: not the user irqchip */
	av_vm *vm;
	unsigned nr_cpus;
	unsigned vtimer_intid, ptimer_intid;
	user_gic_report_fn report;
	vmm_mutex lock;			    /* the fields below */
	uint8_t pins[USER_GIC_MAX_CPUS];    /* IRQ/FIQ pins last driven */
	uint64_t levels[USER_GIC_MAX_CPUS]; /* device_irq_level last fed */
};

/* A GIC with frames at gicd/gicc (the `virt` gicv2 addresses) for vm's
 * nr_cpus vCPUs, whose timers use these INTIDs.  Reports and returns a
 * negative errno on failure. */
int user_gic_create(struct user_gic *u, av_vm *vm, unsigned nr_cpus,
		    uint64_t gicd, uint64_t gicc, unsigned vtimer_intid,
		    unsigned ptimer_intid, user_gic_report_fn report);
void user_gic_destroy(struct user_gic *u);
/* After every av_vcpu_run of vCPU `id`: feed the timer and PMU levels of
 * run->device_irq_level and drive the pins that changed.  Negative errno
 * if the library refused a call (the VMM stops). */
int user_gic_exit(struct user_gic *u, unsigned id, const struct av_run *run);
/* An MMIO exit: 1 if it hit the GIC (answered in run->mmio.data for a
 * read), 0 if not, negative errno if driving a pin failed. */
int user_gic_mmio(struct user_gic *u, unsigned id, struct av_run *run);
/* A device's SPI (the PL011's). */
int user_gic_set_spi(struct user_gic *u, unsigned intid, bool level);

#endif
