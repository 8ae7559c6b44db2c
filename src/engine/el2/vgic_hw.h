/* SPDX-License-Identifier: MIT */
/*
 * The GIC virtualization hardware, for a vGIC built on it (part 2): the
 * GICv3 ICH_*_EL2 system registers (GIC spec IHI 0069, 12.4 "virtual
 * interface control system registers") and the GICv2 GICH frame plus the
 * stage-2 mapping of GICV at the guest's GICC address (IHI 0048B, 5.3
 * "GIC virtual interface control registers").  Thin accessors: they touch
 * this pCPU's interface only (GICH is banked per CPU like ICH_*_EL2).
 */
#ifndef AV_EL2_VGIC_HW_H
#define AV_EL2_VGIC_HW_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/el2/exit.h"
#include "irqchip/vgic/vgic_hw_regs.h"

struct el2_s2;

/* ---- GICv3 ---- */
/* ICH_HCR_EL2 bits (IHI 0069 12.4.x) */
#define ICH_HCR_EN (1u << 0)
#define ICH_HCR_UIE (1u << 1)
#define ICH_HCR_LRENPIE (1u << 2)
#define ICH_HCR_NPIE (1u << 3)
#define ICH_HCR_TC (1u << 10)
#define ICH_HCR_TALL0 (1u << 11)
#define ICH_HCR_TALL1 (1u << 12)
#define ICH_HCR_TDIR (1u << 14)
#define ICH_LR_EOI (1ull << 41)
/* ICH_LR<n>_EL2 fields */
#define ICH_LR_VINTID_MASK 0xffffffffull
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_GROUP (1ull << 60)
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_STATE_SHIFT 62 /* 01 pending, 10 active, 11 both */
#define ICH_LR_PRIORITY_SHIFT 48

/* ICH_VTR_EL2: ListRegs [4:0] + 1 LRs; PREbits [28:26] + 1 preemption
 * bits; PRIbits [31:29] + 1 priority bits. */
uint32_t el2_vgic_v3_read_vtr(void);
/* The LR/HCR/VMCR/APR accessors the vGIC uses, and nr_lrs/nr_aprs
 * (AP0R/AP1R registers implemented: 1, 2 or 4, for 5, 6 or 7 PREbits),
 * are declared in irqchip/vgic/vgic_hw_regs.h. */
uint32_t el2_vgic_v3_read_misr(void);
uint32_t el2_vgic_v3_read_eisr(void);
uint32_t el2_vgic_v3_read_elrsr(void);
/* ICH_HCR_EL2 = 0, every LR and APR 0, VMCR 0 (pCPU start). */
void el2_vgic_v3_reset_cpu(void);

/* ---- GICv2 ---- */
/* GICH_HCR bits (IHI 0048B 5.3.1): En [0], UIE [1], LRENPIE [2], NPIE [3] */
#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1)
#define GICH_HCR_LRENPIE (1u << 2)
#define GICH_HCR_NPIE (1u << 3)
#define GICH_LR_EOI (1u << 19)
/* GICH_LR<n> (IHI 0048B 5.3.9): VirtualID [9:0], PhysicalID [19:10],
 * Priority [27:23], State [29:28], Grp1 [30], HW [31] */
#define GICH_LR_PHYSID_SHIFT 10
#define GICH_LR_PRIORITY_SHIFT 23
#define GICH_LR_STATE_SHIFT 28
#define GICH_LR_GRP1 (1u << 30)
#define GICH_LR_HW (1u << 31)

/* GICH at gich_pa (boot pCPU, before the others use it). */
void el2_vgic_v2_init(uint64_t gich_pa);
uint32_t el2_vgic_v2_read_vtr(void);
uint32_t el2_vgic_v2_read_misr(void);
uint64_t el2_vgic_v2_read_eisr(void);  /* EISR1:EISR0 */
uint64_t el2_vgic_v2_read_elrsr(void); /* ELRSR1:ELRSR0 */
/* GICH_HCR = 0, every LR 0, APR 0 (pCPU start). */
void el2_vgic_v2_reset_cpu(void);
/* Map the GICV frame (8 KiB) at the guest's GICC IPA in stage 2. */
int el2_vgic_v2_map_gicv(struct el2_s2 *s2, uint64_t gicc_ipa,
			 uint64_t gicv_pa);

/* ---- the hardware vGIC CPU interface's EL2 side (vgic_hw_cpuif.c) ---- */
/* Own pCPU, once: the maintenance interrupt (PPI 25) handled here (GICv3
 * ICH_*_EL2 or GICv2 GICH, whichever the GIC is). */
void el2_hwvgic_cpu_init(void);
/* PPI 27 handler with the HW bit: counts it, leaves it active. */
bool el2_vtimer_hw_irq(unsigned intid, void *arg);
/* This pCPU's PPI 27 active (GICR_ISACTIVER0) or not (ICACTIVER0). */
void el2_vtimer_hw_set_active(bool active);
bool el2_vtimer_hw_is_active(void);
/* PPI 27 taken outside the guest: its vCPU's timer wakes it
 * (engine_el2.c). */
void el2_vtimer_fired(void);
/* The guest is about to run: it may deactivate PPI 27 through an LR. */
void el2_vtimer_hw_guest_entry(void);

/* Exits of the vCPU on each pCPU, by kind, and the interrupts behind them;
 * printed at the end with AV_EL2_F_STATS (ARMVISOR_EL2_STATS=1). */
#define EL2_STATS_KINDS (EL2_EXIT_UNKNOWN + 1)
struct el2_hw_stats {
	uint64_t exits;
	uint64_t by_kind[EL2_STATS_KINDS];
	uint64_t vtimer_irqs;  /* PPI 27 taken at EL2 */
	uint64_t maint_irqs;   /* PPI 25 taken at EL2 */
	uint64_t deact_by_hyp; /* PPI 27 deactivated by the hypervisor */
};
void el2_stats_exit(const struct el2_exit *e);
void el2_stats_vtimer_irq(void); /* PPI 27 taken, whichever mode */
void el2_stats_report(void);
/* PPI 25 taken on this pCPU so far (for the core's maint_irq counter). */
uint64_t el2_stats_maint_irqs(void);

#endif
