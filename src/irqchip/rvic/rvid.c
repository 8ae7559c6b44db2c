/* SPDX-License-Identifier: MIT */
/*
 * The rVID: routes device inputs to untrusted rVIC intids (the series'
 * "rVID"; DEN 0103 0.3).  One table per VM: input -> (target vCPU, intid).
 * A rising input signals its mapped intid on the target's rVIC; an input
 * that rises while unmapped is dropped (the series).  MAP of a mapped input
 * retargets it atomically with respect to raises: both run under
 * rvic_dist.lock, so a raise goes to exactly one target.
 * Lock order as rvic.c: rvic_dist.lock, then one rvic_cpu.lock.
 */
#include <errno.h>

#include "irqchip/rvic/rvic.h"

uint64_t rvid_op_map(av_vm *vm, uint64_t input, uint64_t mpidr,
		     uint64_t intid)
{
	struct rvic_dist *d = rvic_dist_of(vm);
	av_vcpu *target;
	uint64_t st = RVIC_STATUS(RVIC_STATUS_SUCCESS, 0);

	if (!d || !atomic_load(&d->ready))
		return RVIC_STATUS(RVIC_STATUS_DISABLED, 0);
	if (input >= d->nr_inputs)
		return RVIC_STATUS(RVIC_STATUS_ERROR_PARAMETER, 0);
	target = vm_vcpu_by_mpidr(vm, mpidr);
	if (!target || !rvic_cpu_of(target))
		return RVIC_STATUS(RVIC_STATUS_INVALID_CPU, 1);
	/* The rVID feeds untrusted intids only (trusted ones are the
	 * hypervisor's: IPIs and per-vCPU sources). */
	if (intid < d->trusted || intid >= d->total)
		return RVIC_STATUS(RVIC_STATUS_ERROR_PARAMETER, 2);
	plat_mutex_lock(&d->lock);
	d->inputs[input].mapped = true;
	d->inputs[input].target = (uint16_t)vcpu_index(target);
	d->inputs[input].intid = (uint16_t)intid;
	plat_mutex_unlock(&d->lock);
	return st;
}

uint64_t rvid_op_unmap(av_vm *vm, uint64_t input)
{
	struct rvic_dist *d = rvic_dist_of(vm);

	if (!d || !atomic_load(&d->ready))
		return RVIC_STATUS(RVIC_STATUS_DISABLED, 0);
	if (input >= d->nr_inputs)
		return RVIC_STATUS(RVIC_STATUS_ERROR_PARAMETER, 0);
	plat_mutex_lock(&d->lock);
	d->inputs[input].mapped = false;
	plat_mutex_unlock(&d->lock);
	return RVIC_STATUS(RVIC_STATUS_SUCCESS, 0);
}

int rvid_raise(av_vm *vm, uint32_t input, bool level)
{
	struct rvic_dist *d = rvic_dist_of(vm);
	struct rvid_input *in;
	int ret = 0;

	if (!d)
		return -ENXIO;
	plat_mutex_lock(&d->lock);
	if (!atomic_load(&d->ready)) {
		/* Before INIT there is no table: the input is dropped, as an
		 * unmapped one would be. */
		goto out;
	}
	if (input >= d->nr_inputs) {
		ret = -EINVAL;
		goto out;
	}
	in = &d->inputs[input];
	if (level && !in->level && in->mapped) {
		av_vcpu *target = vm_get_vcpu(vm, in->target);

		/* DISABLED: the target rVIC drops it, as any signal. */
		if (target)
			(void)rvic_op_signal(NULL, target, in->intid);
	}
	in->level = level;
out:
	plat_mutex_unlock(&d->lock);
	return ret;
}
