/* SPDX-License-Identifier: MIT */
/*
 * A minimal stand-in for src/core (and a POSIX src/platform) so the vGIC can
 * be unit-tested alone: vCPUs in an array, requests and irq lines recorded,
 * the sysreg and MMIO tables captured so tests can call them.
 */
#ifndef AV_TESTS_FAKE_CORE_H
#define AV_TESTS_FAKE_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

/* Create a VM with nr_vcpus vCPUs and the given vGIC (2 or 3); every vCPU
 * is initialised through the flow's vcpu_init. */
av_vm *fake_vm_new(unsigned nr_vcpus, int gic_version, unsigned nr_lrs);
void fake_vm_free(av_vm *vm);
av_vcpu *fake_vcpu(av_vm *vm, unsigned i);
const struct irqchip_flow *fake_flow(av_vm *vm);

/* MMIO at a guest physical address; false if no device claims it. */
bool fake_mmio_read(av_vm *vm, av_vcpu *v, uint64_t gpa, unsigned len,
		    uint64_t *val);
bool fake_mmio_write(av_vm *vm, av_vcpu *v, uint64_t gpa, unsigned len,
		     uint64_t val);
uint64_t fake_rd(av_vcpu *v, uint64_t gpa, unsigned len); /* asserts */
void fake_wr(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t val);

/* System registers (EL1 access); -ENOENT if UNDEFINED or unregistered. */
int fake_sysreg_read(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val);
int fake_sysreg_write(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val);
unsigned fake_nr_sysregs(av_vm *vm);
const struct sysreg_desc *fake_sysreg_at(av_vm *vm, unsigned i);

bool fake_irq_line(av_vcpu *v);
bool fake_fiq_line(av_vcpu *v);
bool fake_take_request(av_vcpu *v, unsigned req); /* test and clear */
unsigned fake_kicks(av_vcpu *v);


/* ---- vGIC test conveniences ---------------------------------------------- */
#define GICD 0x08000000ull
#define GICC 0x08010000ull
#define GICR 0x080A0000ull
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

/* A GICv3 VM with the distributor enabled (Group 1), and every vCPU's
 * PMR open, Group 1 enabled and redistributor awake. */
av_vm *v3_vm(unsigned nr_vcpus, unsigned nr_lrs);
/* A GICv2 VM with the distributor and every CPU interface enabled
 * (Group 0, as a GICv2 guest's interrupts are), PMR open. */
av_vm *v2_vm(unsigned nr_vcpus, unsigned nr_lrs);
/* Priority + enable for an SPI through the distributor. */
void spi_setup(av_vcpu *v, uint32_t intid, uint8_t prio);
/* Priority + enable for a private IRQ of v (GICv3: its redistributor). */
void ppi_setup(av_vcpu *v, uint32_t intid, uint8_t prio);
/* ICC access at EL1 that must succeed (aborts otherwise). */
uint64_t icc_rd(av_vcpu *v, uint32_t enc);
void icc_wr(av_vcpu *v, uint32_t enc, uint64_t val);

#endif
