/* SPDX-License-Identifier: MIT */
/*
 * The vGIC's CPU interface seam (ARCHITECTURE.md "Rules of the house"):
 * the model (vgic.c: ap_list, flush and fold) never touches a list
 * register, the VMCR or an active-priority register itself; it calls the
 * VM's struct vgic_cpuif_ops, as KVM's vgic.c calls vgic_v2_* / vgic_v3_*
 * (populate_lr, fold_lr_state, clear_lr, set_underflow, set_npie,
 * get/set_vmcr).  Two implementations fit behind it:
 *
 *  - emulated (vgic_cpuif.c, vgic_v3_cpuif.c, vgic_v2_cpuif.c): list
 *    registers in a software array, every guest access to the CPU
 *    interface (ICC_* system registers, the GICC frame) trapped and served
 *    on them as the GIC's virtual CPU interface would (ICV_*, GICV_*), the
 *    IRQ/FIQ lines computed here and delivered by the engine
 *    (HCR_EL2.VI/VF).  Any engine; the only one on Unicorn and null.
 *  - hardware (vgic_cpuif_hw.c, built into the EL2 image): the EL2 engine's ICH_LR<n>_EL2,
 *    ICH_VMCR_EL2, ICH_AP{0,1}R<n>_EL2 and ICH_HCR_EL2.{UIE,NPIE} (GICv3,
 *    IHI 0069 12.4), or GICH_LR<n>, GICH_VMCR, GICH_APR, GICH_HCR (GICv2,
 *    IHI 0048B 5.3): the LR carries the HW bit and the physical INTID,
 *    the fold reads the state the guest left in the LR, underflow and
 *    no-pending are maintenance interrupts, the guest's acknowledge and EOI
 *    never trap, and the hardware signals the virtual IRQ/FIQ itself.  It
 *    defines vgic_cpuif_hw_v3 / vgic_cpuif_hw_v2; vgic_vm_init uses it when
 *    the core says the VM's engine offers that interface (vm_hw_gic_cpuif).
 *
 * Everything here runs on the vCPU's own thread (or with the vCPU out of
 * the guest), like the registers it stands for.
 */
#ifndef AV_IRQCHIP_VGIC_VGIC_CPUIF_H
#define AV_IRQCHIP_VGIC_VGIC_CPUIF_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

struct vgic_dist;
struct vgic_irq;

/* What a list register holds, in no register's format: ICH_LR<n>_EL2
 * (IHI 0069 12.4.10) or GICH_LR<n> (IHI 0048B 5.3.9). */
#define VGIC_LR_PENDING 1u
#define VGIC_LR_ACTIVE 2u
struct vgic_lr {
	uint32_t vintid;
	uint32_t pintid;  /* HW=1: the physical INTID (the source's hw_intid,
			   * else the same number) */
	uint8_t state;    /* VGIC_LR_PENDING | VGIC_LR_ACTIVE; 0 = invalid */
	uint8_t priority;
	uint8_t group;
	uint8_t source;   /* GICv2 SGI: requesting CPU (GICH_LR.CPUID) */
	bool hw;          /* mapped to a source (irq_phys_source) */
	bool phys_irq;    /* ... which is a physical interrupt, pintid: a
			   * hardware interface sets the LR's HW bit */
	bool level;       /* level-sensitive (a hardware interface asks for
			   * the EOI maintenance interrupt of a software one) */
	bool consumed;    /* fold only: valid when populated, invalid now --
			   * the guest took and deactivated it between two
			   * exits (a hardware interface sees only that) */
};

/* The guest-visible CPU interface controls that the virtual interface
 * keeps: ICH_VMCR_EL2 (IHI 0069 12.4) / GICH_VMCR (IHI 0048B 5.3). */
struct vgic_vmcr {
	uint8_t pmr;
	uint8_t bpr0, bpr1;
	bool grpen0, grpen1;
	bool eoimode;
	bool cbpr;
	bool ackctl, fiqen; /* GICv2 GICV_CTLR only */
};

struct vgic_cpuif_ops {
	const char *name;
	/* The list registers are the physical interface's while loaded:
	 * the hardware signals, acknowledges and EOIs by itself, and a
	 * change made in a trapped access is flushed straight into it
	 * (vgic_cpuif_resync) instead of leaving the guest. */
	bool hardware;
	/* The guest's CPU-interface accesses that must trap to the vGIC:
	 * GICv3 system registers at VM creation, the GICv2 CPU interface
	 * frame when the VMM places it (vgic_addr.c). */
	int (*register_v3_sysregs)(struct vgic_dist *d);
	int (*register_v2_cpu)(struct vgic_dist *d, uint64_t base);
	/* vCPU creation: VMCR, APRs and LRs at their reset values. */
	void (*vcpu_reset)(av_vcpu *v, int version);
	/* List registers the model may fill (ICH_VTR_EL2.ListRegs + 1). */
	unsigned (*nr_lrs)(av_vcpu *v);
	/* Write LR i (KVM vgic_v3_populate_lr, whose content the model
	 * decides: state, priority, group, HW + pINTID, GICv2 CPUID). */
	void (*populate_lr)(av_vcpu *v, const struct vgic_lr *lr, unsigned i);
	void (*clear_lr)(av_vcpu *v, unsigned i);
	/* Read back LRs 0..used-1 after the guest ran and hand each to
	 * vgic_fold_lr (KVM vgic_v3_fold_lr_state); drops the underflow and
	 * no-pending requests. */
	void (*fold_lr_state)(av_vcpu *v, unsigned used);
	/* Ask to be told when the guest has used up the LRs (underflow,
	 * ICH_HCR_EL2.UIE) / when no LR is pending (ICH_HCR_EL2.NPIE), so
	 * that the ap_list can refill them. */
	void (*set_underflow)(av_vcpu *v);
	void (*set_npie)(av_vcpu *v);
	void (*get_vmcr)(av_vcpu *v, struct vgic_vmcr *m);
	void (*set_vmcr)(av_vcpu *v, const struct vgic_vmcr *m);
	/* Active priorities: group 0 or 1, register n (ICH_AP{0,1}R<n>_EL2;
	 * GICv2 GICH_APR is group 0, n 0, both groups combined). */
	uint32_t (*get_apr)(av_vcpu *v, unsigned group, unsigned n);
	void (*set_apr)(av_vcpu *v, unsigned group, unsigned n, uint32_t val);
	/* The lines the engine must deliver (HCR_EL2.VI/VF) given the loaded
	 * LRs; a hardware interface signals by itself: none. */
	void (*lines)(av_vcpu *v, bool *irq, bool *fiq);
	/* Optional: around each guest entry (hardware: ICH_* to and from
	 * the physical CPU interface). */
	void (*load)(av_vcpu *v);
	void (*put)(av_vcpu *v);
};

/* The emulated implementation (vgic_cpuif.c) and, when linked, hardware
 * ones (weak: absent from the library today). */
extern const struct vgic_cpuif_ops vgic_cpuif_emulated;
extern const struct vgic_cpuif_ops vgic_cpuif_hw_v3 __attribute__((weak));
extern const struct vgic_cpuif_ops vgic_cpuif_hw_v2 __attribute__((weak));

/* The emulated interface's registers (struct vgic_cpu.emu). */
struct vgic_emu_cpuif {
	struct vgic_lr lr[16];
	unsigned nr_lrs;
	struct vgic_vmcr vmcr;
	uint32_t apr[2];     /* active priorities, bit n = group prio n<<3 */
	bool underflow, npie; /* the maintenance conditions asked for */
};

/* A hardware interface's copy of its registers (struct vgic_cpu.hw),
 * valid while the vCPU is out of the physical interface (!live); while
 * live, the hardware holds them.  lr[] is what the model populated (it
 * names the IRQ whatever the hardware leaves in the register); lr_reg[]
 * the register values, ICH_LR<n>_EL2 or GICH_LR<n> format. */
#define VGIC_HW_MAX_APRS 4
struct vgic_hw_cpuif {
	struct vgic_lr lr[16];
	uint64_t lr_reg[16];
	uint32_t hcr;        /* maintenance enables asked: UIE, NPIE, LRENPIE */
	unsigned eoicount;   /* ICH_HCR_EL2.EOIcount saved at put */
	uint32_t vmcr;       /* ICH_VMCR_EL2 / GICH_VMCR */
	uint32_t ap0r[VGIC_HW_MAX_APRS], ap1r[VGIC_HW_MAX_APRS]; /* v2: ap0r[0] */
	unsigned nr_lrs, nr_aprs;
	bool live;           /* loaded into the physical interface */
	/* What the physical interface still holds since the last put (the
	 * vCPU owns its physical CPU): load writes only what differs.  Not
	 * known after a reset.  While live, an LR whose lr_reg is 0 is
	 * invalid in the hardware and raises no maintenance interrupt. */
	bool hw_known;
	uint32_t hw_vmcr, hw_ap0r[VGIC_HW_MAX_APRS], hw_ap1r[VGIC_HW_MAX_APRS];
};

/* ---- priority rules, for any implementation (IHI 0069 4.8) ---- */
uint8_t vgic_group_priority(const struct vgic_vmcr *m, uint8_t prio,
			    unsigned group);
uint8_t vgic_running_priority(const uint32_t apr[2]);
bool vgic_cpuif_can_signal(const struct vgic_vmcr *m, const uint32_t apr[2],
			   uint8_t prio, unsigned group);
/* The VM's implementation, for v. */
const struct vgic_cpuif_ops *vgic_cpuif_of(av_vcpu *v);
/* VMCR and both groups' first APR through the ops. */
void vgic_cpuif_state(av_vcpu *v, struct vgic_vmcr *m, uint32_t apr[2]);

/* ---- the emulated interface over the LRs (vgic_cpuif.c) ---- */
/* The INTID an IAR of `group` would return (1023 if none); GICv2 packs the
 * SGI source CPU in [12:10].  `group` < 0: GICv2 GICC_IAR rules. */
uint32_t vgic_cpuif_hppir(av_vcpu *v, int group);
uint32_t vgic_cpuif_ack(av_vcpu *v, int group);
void vgic_cpuif_eoi(av_vcpu *v, uint32_t val, int group);
void vgic_cpuif_dir(av_vcpu *v, uint32_t val);
/* Registration of the trapped registers (vgic_v3_cpuif.c,
 * vgic_v2_cpuif.c). */
int vgic_v3_register_sysregs(struct vgic_dist *d);
int vgic_v2_register_cpuif(struct vgic_dist *d, uint64_t base);

#endif
