/* SPDX-License-Identifier: MIT */
/*
 * The registers of the GIC's virtual interface control, as the hardware
 * CPU interface (vgic_cpuif_hw.c) reaches them: ICH_*_EL2 (IHI 0069 12.4)
 * on GICv3.  Only the EL2 image has them: the EL2 engine defines these
 * functions (src/engine/el2/vgic_v3_hw.c; its vgic_hw.h includes this
 * file for them); they act on the calling pCPU's interface, which is the
 * vCPU's own (one vCPU per pCPU).  Nothing here is an engine header: plain
 * prototypes, so that src/irqchip stays engine-free.
 */
#ifndef AV_IRQCHIP_VGIC_VGIC_HW_REGS_H
#define AV_IRQCHIP_VGIC_VGIC_HW_REGS_H

#include <stdint.h>

/* ICH_HCR_EL2 (IHI 0069 12.4.8) */
#define VGIC_ICH_HCR_EN (1u << 0)
#define VGIC_ICH_HCR_UIE (1u << 1)
#define VGIC_ICH_HCR_LRENPIE (1u << 2)
#define VGIC_ICH_HCR_NPIE (1u << 3)
#define VGIC_ICH_HCR_TDIR (1u << 14)
#define VGIC_ICH_HCR_EOICOUNT_SHIFT 27 /* [31:27] */
/* ICH_LR<n>_EL2 (IHI 0069 12.4.10) */
#define VGIC_ICH_LR_EOI (1ull << 41) /* HW = 0: maintenance IRQ on EOI */
#define VGIC_ICH_LR_PINTID_SHIFT 32  /* HW = 1: [44:32] */
#define VGIC_ICH_LR_PRIORITY_SHIFT 48
#define VGIC_ICH_LR_GROUP (1ull << 60)
#define VGIC_ICH_LR_HW (1ull << 61)
#define VGIC_ICH_LR_STATE_SHIFT 62
/* ICH_VMCR_EL2 (IHI 0069 12.4.13) */
#define VGIC_ICH_VMCR_ENG0 (1u << 0)
#define VGIC_ICH_VMCR_ENG1 (1u << 1)
#define VGIC_ICH_VMCR_CBPR (1u << 4)
#define VGIC_ICH_VMCR_EOIM (1u << 9)
#define VGIC_ICH_VMCR_BPR1_SHIFT 18
#define VGIC_ICH_VMCR_BPR0_SHIFT 21
#define VGIC_ICH_VMCR_PMR_SHIFT 24

unsigned el2_vgic_v3_nr_lrs(void);
unsigned el2_vgic_v3_nr_aprs(void);
uint64_t el2_vgic_v3_read_lr(unsigned n);
void el2_vgic_v3_write_lr(unsigned n, uint64_t v);
uint32_t el2_vgic_v3_read_hcr(void);
void el2_vgic_v3_write_hcr(uint32_t v);
uint32_t el2_vgic_v3_read_vmcr(void);
void el2_vgic_v3_write_vmcr(uint32_t v);
uint32_t el2_vgic_v3_read_ap0r(unsigned n);
void el2_vgic_v3_write_ap0r(unsigned n, uint32_t v);
uint32_t el2_vgic_v3_read_ap1r(unsigned n);
void el2_vgic_v3_write_ap1r(unsigned n, uint32_t v);

/* ---- GICv2: GICH_* (IHI 0048B 5.3), the GICV frame behind the guest's
 * GICC address ---- */
/* GICH_HCR: En [0], UIE [1], LRENPIE [2], NPIE [3], EOICount [31:27] */
#define VGIC_GICH_HCR_EN (1u << 0)
#define VGIC_GICH_HCR_UIE (1u << 1)
#define VGIC_GICH_HCR_LRENPIE (1u << 2)
#define VGIC_GICH_HCR_NPIE (1u << 3)
#define VGIC_GICH_HCR_EOICOUNT_SHIFT 27
/* GICH_LR<n> (5.3.9): VirtualID [9:0]; HW = 1: PhysicalID [19:10]; HW = 0:
 * EOI [19], CPUID [12:10]; Priority [27:23]; State [29:28]; Grp1 [30];
 * HW [31] */
#define VGIC_GICH_LR_PHYSID_SHIFT 10
#define VGIC_GICH_LR_CPUID_SHIFT 10
#define VGIC_GICH_LR_EOI (1u << 19)
#define VGIC_GICH_LR_PRIORITY_SHIFT 23
#define VGIC_GICH_LR_STATE_SHIFT 28
#define VGIC_GICH_LR_GRP1 (1u << 30)
#define VGIC_GICH_LR_HW (1u << 31)
/* GICH_VMCR (5.3.3): VMGrp0En [0], VMGrp1En [1], VMAckCtl [2], VMFIQEn [3],
 * VMCBPR [4], VEM [9], VMABP [20:18], VMBP [23:21], VMPriMask [31:27] */
#define VGIC_GICH_VMCR_GRP0EN (1u << 0)
#define VGIC_GICH_VMCR_GRP1EN (1u << 1)
#define VGIC_GICH_VMCR_ACKCTL (1u << 2)
#define VGIC_GICH_VMCR_FIQEN (1u << 3)
#define VGIC_GICH_VMCR_CBPR (1u << 4)
#define VGIC_GICH_VMCR_VEM (1u << 9)
#define VGIC_GICH_VMCR_ABP_SHIFT 18
#define VGIC_GICH_VMCR_BP_SHIFT 21
#define VGIC_GICH_VMCR_PRIMASK_SHIFT 27

unsigned el2_vgic_v2_nr_lrs(void);
uint32_t el2_vgic_v2_read_lr(unsigned n);
void el2_vgic_v2_write_lr(unsigned n, uint32_t v);
uint32_t el2_vgic_v2_read_hcr(void);
void el2_vgic_v2_write_hcr(uint32_t v);
uint32_t el2_vgic_v2_read_vmcr(void);
void el2_vgic_v2_write_vmcr(uint32_t v);
uint32_t el2_vgic_v2_read_apr(void);
void el2_vgic_v2_write_apr(uint32_t v);
/* The EL2 engine (engine_el2.c): map the GICV frame at the guest's GICC
 * IPA in vm's stage 2. */
struct av_vm;
int el2_engine_map_gicv(struct av_vm *vm, uint64_t gicc_ipa);

#endif
