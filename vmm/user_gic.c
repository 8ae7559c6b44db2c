// SPDX-License-Identifier: MIT
/*
 * --irqchip user: the interrupt controller is the VMM's, as with KVM's
 * KVM_CAP_ARM_USER_IRQ (api.rst): the library runs the vCPUs with no
 * in-kernel GIC, reports the EL1 timer and PMU output levels in
 * run->device_irq_level on every exit, and takes each vCPU's IRQ/FIQ pin
 * from the VMM (av_vm_irq_line, AV_IRQ_TYPE_CPU).  The VMM's GIC is a
 * GICv2 at the addresses --irqchip gicv2 uses, described the same way in
 * the device tree, and it is the library's own GICv2 model used as a
 * component (av_gic.h), not a second implementation.
 *
 * Its inputs: per vCPU, the timer and PMU PPIs from device_irq_level at
 * each of that vCPU's exits (levels: only changes go in); the PL011's SPI.
 * Its MMIO: the exits the library returns for the GICD and GICC frames.
 * Its outputs: after every input or access, the pins of the CPUs whose
 * state may have changed (av_gic_take_changed) are recomputed and those
 * that differ are driven; the library kicks a running vCPU whose pin
 * changed and wakes one in WFI when its pin rises.
 *
 * One lock orders every input with the pin updates that follow it, so two
 * vCPU threads cannot drive one pin with stale levels in the wrong order.
 */
#include "user_gic.h"

#include <errno.h>
#include <string.h>

#define PMU_INTID 23 /* PLATFORM.md: PPI 7 */

int user_gic_create(struct user_gic *u, av_vm *vm, unsigned nr_cpus,
		    uint64_t gicd, uint64_t gicc, unsigned vtimer_intid,
		    unsigned ptimer_intid, user_gic_report_fn report)
{
	const struct av_gic_config cfg = {
	    .nr_cpus = nr_cpus,
	    .dist_base = gicd,
	    .cpu_base = gicc,
	};
	int err = 0;

	memset(u, 0, sizeof(*u));
	u->report = report;
	u->gic = av_gic_create(&cfg, &err);
	if (!u->gic) {
		report(0, "creating the VMM's GICv2", err);
		return err;
	}
	u->vm = vm;
	u->nr_cpus = nr_cpus;
	u->vtimer_intid = vtimer_intid;
	u->ptimer_intid = ptimer_intid;
	vmm_mutex_init(&u->lock);
	return 0;
}

void user_gic_destroy(struct user_gic *u)
{
	if (!u->gic)
		return;
	av_gic_destroy(u->gic);
	vmm_mutex_destroy(&u->lock);
	u->gic = NULL;
}

static int fail(struct user_gic *u, unsigned id, const char *what, int r)
{
	u->report(id, what, r);
	return r;
}

/* The pins of every CPU whose GIC state may have changed; u->lock held. */
static int sync_pins(struct user_gic *u)
{
	uint32_t changed = av_gic_take_changed(u->gic);

	for (unsigned cpu = 0; changed; cpu++, changed >>= 1) {
		int lines, r;

		if (!(changed & 1))
			continue;
		lines = av_gic_cpu_lines(u->gic, cpu);
		if (lines < 0)
			return fail(u, cpu, "reading its lines", lines);
		for (unsigned pin = AV_IRQ_CPU_IRQ; pin <= AV_IRQ_CPU_FIQ;
		     pin++) {
			int level = (lines >> pin) & 1;

			if (level == ((u->pins[cpu] >> pin) & 1))
				continue;
			r = av_vm_irq_line(u->vm, AV_IRQ_TYPE_CPU, cpu, pin,
					   level);
			if (r < 0)
				return fail(u, cpu, "driving its pin", r);
			u->pins[cpu] ^= (uint8_t)(1u << pin);
		}
	}
	return 0;
}

int user_gic_exit(struct user_gic *u, unsigned id, const struct av_run *run)
{
	static const struct {
		uint64_t bit;
		int which; /* 0 vtimer, 1 ptimer, 2 PMU */
	} inputs[] = {
	    {AV_DEV_EL1_VTIMER, 0},
	    {AV_DEV_EL1_PTIMER, 1},
	    {AV_DEV_PMU, 2},
	};
	uint64_t now = run->device_irq_level;
	int r = 0;

	vmm_mutex_lock(&u->lock);
	for (unsigned i = 0; i < 3 && !r; i++) {
		unsigned intid = inputs[i].which == 0	? u->vtimer_intid
				 : inputs[i].which == 1 ? u->ptimer_intid
							: PMU_INTID;
		bool level = now & inputs[i].bit;

		if (level == !!(u->levels[id] & inputs[i].bit))
			continue;
		r = av_gic_set_irq(u->gic, id, intid, level);
		if (r < 0)
			r = fail(u, id, "a timer or PMU level", r);
	}
	u->levels[id] = now;
	if (!r)
		r = sync_pins(u);
	vmm_mutex_unlock(&u->lock);
	return r;
}

int user_gic_mmio(struct user_gic *u, unsigned id, struct av_run *run)
{
	uint64_t val = 0;
	unsigned len = run->mmio.len;
	int r;

	if (!u->gic || len > sizeof(val))
		return 0;
	/* run->mmio.data is the access's bytes, little-endian (api.rst). */
	for (unsigned i = 0; run->mmio.is_write && i < len; i++)
		val |= (uint64_t)run->mmio.data[i] << (8 * i);
	vmm_mutex_lock(&u->lock);
	r = av_gic_mmio(u->gic, id, run->mmio.phys_addr, len,
			run->mmio.is_write, &val);
	if (r == -ENODEV) {
		vmm_mutex_unlock(&u->lock);
		return 0;
	}
	if (r < 0)
		r = fail(u, id, "an access", r);
	else
		r = sync_pins(u);
	vmm_mutex_unlock(&u->lock);
	for (unsigned i = 0; !run->mmio.is_write && i < len; i++)
		run->mmio.data[i] = (uint8_t)(val >> (8 * i));
	return r < 0 ? r : 1;
}

int user_gic_set_spi(struct user_gic *u, unsigned intid, bool level)
{
	int r;

	if (!u->gic)
		return -ENXIO;
	vmm_mutex_lock(&u->lock);
	r = av_gic_set_irq(u->gic, 0, intid, level);
	if (!r)
		r = sync_pins(u);
	vmm_mutex_unlock(&u->lock);
	return r;
}
