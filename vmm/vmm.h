/* SPDX-License-Identifier: MIT */
/*
 * One running VM as the VMM sees it: the API objects, the devices it
 * emulates, and the stop protocol shared by the vCPU threads and the main
 * thread.
 */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <pthread.h>
#include <stdbool.h>

#include "armvisor/armvisor.h"
#include "console.h"
#include "pl011.h"
#include "user_gic.h"

/* Why the VM stopped; the first reason given wins. */
enum vmm_stop {
	VMM_RUNNING = 0,
	VMM_STOP_SYSTEM_OFF, /* PSCI SYSTEM_OFF */
	VMM_STOP_RESET,	     /* PSCI SYSTEM_RESET: stop, as QEMU -no-reboot */
	VMM_STOP_ALL_OFF,    /* every vCPU did CPU_OFF: nothing can run again */
	VMM_STOP_ERROR,	     /* internal error or a failing API call */
	VMM_STOP_TIMEOUT,    /* --timeout expired */
};

struct vmm {
	av_vm *vm;
	unsigned nr_vcpus;
	enum av_irqchip_kind irqchip;
	av_vcpu *vcpus[AV_MAX_VCPUS];
	pthread_t threads[AV_MAX_VCPUS];
	unsigned nr_threads; /* threads[] started */

	struct pl011 uart;
	struct console console;
	bool irq_line_warned; /* reported an av_vm_irq_line failure once */
	struct user_gic ugic; /* --irqchip user: the VMM's GICv2 */

	pthread_mutex_t lock; /* the two fields below */
	pthread_cond_t cond;  /* signalled when a vCPU thread ends */
	unsigned running;     /* vCPU threads not yet ended */
	enum vmm_stop stop;
};

/* Start one thread per vCPU (vcpus[] created, registers set). */
int vmm_start_vcpus(struct vmm *vmm);

/* Ask the VM to stop for 'reason' (any thread; the first reason wins). */
void vmm_stop(struct vmm *vmm, enum vmm_stop reason);

/* The current stop reason, VMM_RUNNING if none. */
enum vmm_stop vmm_stop_reason(struct vmm *vmm);

/* The PL011's callbacks, wired to the API and the console. */
extern const struct pl011_ops vmm_uart_ops;

/* gic_place.c: tell a gicv3/gicv2 VM where its frames are (no-op for
 * others); prints the reason and returns a negative errno on failure. */
int vmm_place_gic(av_vm *vm, enum av_irqchip_kind kind);

/* main.c: what both engines' runs share.  Load IMAGE and --initrd into
 * ram and plan the layout; build the device tree into ram (and
 * --dump-dtb).  Each prints its error and returns -1. */
struct vmm_options;
struct guest_ram;
struct loaded_image;
struct boot_layout;
int vmm_load_boot_files(const struct vmm_options *o,
			const struct guest_ram *ram, struct loaded_image *img,
			struct boot_layout *layout);
int vmm_place_dtb(const struct vmm_options *o, const struct guest_ram *ram,
		  const struct boot_layout *layout, unsigned vtimer,
		  unsigned ptimer);

/* el2_run.c: armvisor run --engine el2; returns the exit status. */
int vmm_run_el2(const struct vmm_options *o);

#endif
