/* SPDX-License-Identifier: MIT */
/*
 * vGIC unit tests over the real core and the null engine (null_harness.h):
 * GIC VMs made through the public API, the guest's ICC_* accesses as
 * trapped MRS/MSR through the run loop, distributor/redistributor/GICC
 * accesses through the core's MMIO dispatch, and guest entries that show
 * what the list registers and lines held while the guest ran.
 */
#ifndef AV_TESTS_VGIC_HARNESS_H
#define AV_TESTS_VGIC_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "irqchip/vgic/vgic.h"
#include "null_harness.h"

#define GICD NH_GICD
#define GICC NH_GICC
#define GICR NH_GICR
#define GICR_STRIDE 0x20000ull
#define SGI_FRAME 0x10000ull

#define ICC_ENC(crn, crm, op2) SYSREG_ENC(3, 0, crn, crm, op2)
#define ICC_PMR ICC_ENC(4, 6, 0)
#define ICC_IAR0 ICC_ENC(12, 8, 0)
#define ICC_EOIR0 ICC_ENC(12, 8, 1)
#define ICC_HPPIR0 ICC_ENC(12, 8, 2)
#define ICC_BPR0 ICC_ENC(12, 8, 3)
#define ICC_AP0R0 ICC_ENC(12, 8, 4)
#define ICC_AP1R0 ICC_ENC(12, 9, 0)
#define ICC_DIR ICC_ENC(12, 11, 1)
#define ICC_RPR ICC_ENC(12, 11, 3)
#define ICC_SGI1R ICC_ENC(12, 11, 5)
#define ICC_ASGI1R ICC_ENC(12, 11, 6)
#define ICC_SGI0R ICC_ENC(12, 11, 7)
#define ICC_IAR1 ICC_ENC(12, 12, 0)
#define ICC_EOIR1 ICC_ENC(12, 12, 1)
#define ICC_HPPIR1 ICC_ENC(12, 12, 2)
#define ICC_BPR1 ICC_ENC(12, 12, 3)
#define ICC_CTLR ICC_ENC(12, 12, 4)
#define ICC_SRE ICC_ENC(12, 12, 5)
#define ICC_IGRPEN0 ICC_ENC(12, 12, 6)
#define ICC_IGRPEN1 ICC_ENC(12, 12, 7)

/* A VM with nr_vcpus vCPUs and a GICv2 or v3 with nr_lrs list registers
 * (0: the default), frames placed, nothing enabled, no vCPU run yet. */
av_vm *vgic_vm(unsigned nr_vcpus, int gic_version, unsigned nr_lrs);
/* GICv3: the distributor enabled (Group 1), and every vCPU's PMR open,
 * Group 1 enabled and redistributor awake. */
av_vm *v3_vm(unsigned nr_vcpus, unsigned nr_lrs);
/* GICv2: the distributor and every CPU interface enabled (Group 0, as a
 * GICv2 guest's interrupts are), PMR open. */
av_vm *v2_vm(unsigned nr_vcpus, unsigned nr_lrs);
/* Priority + enable for an SPI through the distributor. */
void spi_setup(av_vcpu *v, uint32_t intid, uint8_t prio);
/* Priority + enable for a private IRQ of v (GICv3: its redistributor). */
void ppi_setup(av_vcpu *v, uint32_t intid, uint8_t prio);

/* MMIO by v through the core's dispatch: false if nothing answered. */
bool gic_mmio_read(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t *val);
bool gic_mmio_write(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t val);
uint64_t gic_rd(av_vcpu *v, uint64_t gpa, unsigned len); /* must answer */
void gic_wr(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t val);

/* The guest's MRS/MSR of an ICC register at EL1, through the run loop;
 * must be performed (not UNDEFINED). */
uint64_t icc_rd(av_vcpu *v, uint32_t enc);
void icc_wr(av_vcpu *v, uint32_t enc, uint64_t val);

/* A guest entry through the run loop (flush, enter, sync): what the list
 * registers and the lines were while the guest ran (the last entry). */
struct lr_snap {
	struct vgic_lr lr[VGIC_MAX_LRS];
	unsigned used_lrs;
	bool underflow, npie; /* maintenance the model asked for */
	bool irq, fiq;
	bool taken;
};
void vgic_enter(av_vcpu *v, struct lr_snap *s);

/* Test and clear a request (the core's own vcpu_check_request). */
bool take_request(av_vcpu *v, unsigned req);

#endif
