/* SPDX-License-Identifier: MIT */
/*
 * `armvisor run --stats[=json]`: the counters of av_vcpu_get_stats and
 * av_vm_get_stats (or, for --engine el2, those the EL2 image printed) as
 * an aligned table or one JSON object, on stderr at exit and on SIGUSR1.
 */
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "armvisor/armvisor.h"

enum vmm_stats_mode { VMM_STATS_OFF, VMM_STATS_TABLE, VMM_STATS_JSON };

struct vmm_stats_set {
	unsigned nr_vcpus;
	unsigned nr_vcpu_stats, nr_vm_stats;
	struct av_stat *vcpu[AV_MAX_VCPUS]; /* nr_vcpu_stats each */
	struct av_stat *vm;		    /* nr_vm_stats */
};

/* Read every vCPU's and the VM's counters now.  0 or -ENOMEM. */
int vmm_stats_read(struct vmm_stats_set *s, av_vm *vm,
		   av_vcpu *const *vcpus, unsigned nr_vcpus);
void vmm_stats_free(struct vmm_stats_set *s);
/* Table rows: every counter; irq_injected_* only where not all zero. */
void vmm_stats_print(FILE *f, enum vmm_stats_mode mode,
		     const struct vmm_stats_set *s);

#endif
