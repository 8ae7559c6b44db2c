/* SPDX-License-Identifier: MIT */
/*
 * av_gic: the library's GICv2 (the same vGIC distributor and CPU-interface
 * code that serves --irqchip gicv2) as a component a VMM owns, for a VM
 * created with AV_IRQCHIP_USER (KVM api.rst KVM_CAP_ARM_USER_IRQ): the VMM
 * places its frames in the guest's map, serves the guest's MMIO exits in
 * them with av_gic_mmio, feeds it the timer/PMU levels of
 * run->device_irq_level and its devices' SPIs with av_gic_set_irq, and
 * drives each vCPU's IRQ/FIQ pin (av_vm_irq_line, AV_IRQ_TYPE_CPU) from
 * av_gic_cpu_lines.  As with a GICv2 in hardware, the CPU interface (GICC)
 * is memory-mapped: acknowledge, EOI and priority drop are MMIO accesses,
 * and the component's output per CPU is the level of its IRQ and FIQ
 * lines (IHI 0048B 3.2 "General handling of interrupts").
 *
 * The component is not tied to an av_vm: CPU n is whatever the VMM says
 * (its vCPU n).  Every call may come from any thread (one internal lock);
 * av_gic_destroy must not race with any other call.  NULL handles give
 * -EINVAL.
 */
#ifndef ARMVISOR_AV_GIC_H
#define ARMVISOR_AV_GIC_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct av_gic av_gic;

struct av_gic_config {
	unsigned nr_cpus;   /* 1..8 (GICD_ITARGETSR has 8 bits) */
	uint64_t dist_base; /* GICD frame, 4 KiB, 4 KiB aligned */
	uint64_t cpu_base;  /* GICC frame, 8 KiB, 4 KiB aligned */
};

#define AV_GIC_NR_IRQS 256 /* INTIDs 0..255: 16 SGIs, 16 PPIs, 224 SPIs */

/* -EINVAL: bad count, misaligned or overlapping frames; -ENOMEM. */
av_gic *av_gic_create(const struct av_gic_config *cfg, int *err);
int av_gic_destroy(av_gic *g);

/*
 * A guest access by CPU `cpu` at guest physical `addr` (len 1, 2, 4 or 8;
 * a write takes *val, a read returns it in *val).  0 when the address is
 * in one of the GIC's frames: the access then has the architected effect
 * (unallocated offsets and disallowed widths are RAZ/WI); -ENODEV when it
 * is not (the VMM tries its other devices); -EINVAL on bad arguments.
 */
int av_gic_mmio(av_gic *g, unsigned cpu, uint64_t addr, unsigned len,
		bool is_write, uint64_t *val);

/*
 * The level of an interrupt input: a PPI (INTID 16..31) of CPU `cpu`, or
 * an SPI (32..255; cpu ignored).  Only changes matter (a level-sensitive
 * input; an SPI configured edge-triggered latches on a rising level).
 * SGIs come only from GICD_SGIR: -EINVAL, as for INTIDs out of range.
 */
int av_gic_set_irq(av_gic *g, unsigned cpu, uint32_t intid, bool level);

/*
 * CPU `cpu`'s output lines now: bit AV_IRQ_CPU_IRQ (0) and bit
 * AV_IRQ_CPU_FIQ (1), ready for av_vm_irq_line(vm, AV_IRQ_TYPE_CPU, cpu,
 * bit, level).  A line is high while the CPU interface would signal the
 * highest-priority pending interrupt: enabled group, priority above
 * GICC_PMR and above the running priority (IHI 0048B 3.3).  Group 0 is FIQ
 * only with GICC_CTLR.FIQEn.  Negative errno on bad arguments.
 */
int av_gic_cpu_lines(av_gic *g, unsigned cpu);

/*
 * The CPUs whose lines may have changed since the last call (bit n = CPU
 * n), cleared by the call: the CPU of each av_gic_mmio, and every CPU
 * whose pending state an access or input changed (an SGI's targets, an
 * SPI's target).  A VMM recomputes only those.
 */
uint32_t av_gic_take_changed(av_gic *g);

#ifdef __cplusplus
}
#endif

#endif
