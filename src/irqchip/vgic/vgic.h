/* SPDX-License-Identifier: MIT */
/*
 * vGIC internals shared by the vgic_*.c files: the distributor model
 * (struct vgic_irq per INTID), the per-vCPU ap_list and list registers, the
 * emulated virtual CPU interface, and the table-driven MMIO dispatcher.
 *
 * Built the way KVM's arch/arm64/kvm/vgic/ is: interrupts that are pending
 * or active sit on their target vCPU's ap_list; before guest entry the
 * ap_list is sorted and the best NR_LRS entries are written into list
 * registers (ICH_LR<n>_EL2 semantics, GIC architecture spec IHI 0069 8.4.6);
 * after exit the list registers are folded back.  The list registers, the
 * VMCR and the active priorities belong to the VM's CPU interface
 * implementation (vgic_cpuif.h): the model reaches them only through its
 * ops.  With the emulated one, the guest's CPU-interface accesses (ICC_*
 * system registers for GICv3, the GICC frame for GICv2) are all trapped
 * here and act on software list registers exactly as the GIC's virtual CPU
 * interface (ICV_*, GICV_*) does.
 *
 * Locking: see the lock order at the top of vgic.c.
 */
#ifndef AV_IRQCHIP_VGIC_VGIC_H
#define AV_IRQCHIP_VGIC_VGIC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "irqchip/irqchip.h"
#include "irqchip/vgic/vgic_cpuif.h"
#include "platform/platform.h"

#define VGIC_NR_SGIS 16
#define VGIC_NR_PRIVATE_IRQS 32
#define VGIC_DEFAULT_NR_IRQS 256 /* 224 SPIs: INTIDs 32..255 */
#define VGIC_MAX_INTID 1019      /* 1020..1023 are special (IHI 0069 2.2.1) */
#define VGIC_DEFAULT_LRS 4
#define VGIC_MAX_LRS 16          /* ICH_VTR_EL2.ListRegs is 4 bits */
#define VGIC_V2_MAX_CPUS 8       /* GICD_ITARGETSR has 8 bits */

/* Priority bits implemented (KVM: VGIC_PRI_BITS; ICH_VTR_EL2.PRIbits = 4). */
#define VGIC_PRI_BITS 5
#define VGIC_PRI_MASK ((uint8_t)(0xff << (8 - VGIC_PRI_BITS))) /* 0xf8 */
#define VGIC_PRI_SHIFT (8 - VGIC_PRI_BITS)
#define VGIC_IDLE_PRIORITY 0xff
/* Minimum binary points with 5 priority bits (IHI 0069 12.2.5, 12.2.6). */
#define VGIC_MIN_BPR0 (7 - VGIC_PRI_BITS) /* 2 */
#define VGIC_MIN_BPR1 (VGIC_MIN_BPR0 + 1) /* 3 */

#define VGIC_INTID_SPURIOUS 1023
#define VGIC_INTID_GROUP1_V2 1022 /* GICv2 IAR: highest is Group 1 (AckCtl=0) */

/* KVM's identification values (vgic.h: PRODUCT_ID_KVM, IMPLEMENTER_ARM). */
#define VGIC_PRODUCT_ID_KVM 0x4b
#define VGIC_IMPLEMENTER_ARM 0x43b
#define VGIC_IMP_REV_V3 3 /* KVM_VGIC_IMP_REV_3: GICR_CTLR.{IR,CES} */
#define VGIC_IMP_REV_V2 2 /* the highest revision KVM accepts for GICv2 */

/* Frame sizes (IHI 0069 12.1, IHI 0048B 4.1); the VMM places them
 * (vgic_addr.c). */
#define VGIC_V3_DIST_SIZE 0x10000ull
#define VGIC_V2_DIST_SIZE 0x1000ull
#define VGIC_V2_CPU_SIZE 0x2000ull
#define VGIC_V3_REDIST_STRIDE 0x20000ull /* RD_base + SGI_base frames */
#define VGIC_V3_SGI_FRAME 0x10000ull
#define VGIC_NR_ADDR_TYPES 4 /* AV_VGIC_V{2,3}_ADDR_TYPE_* */

enum vgic_config {
	VGIC_CONFIG_LEVEL = 0,
	VGIC_CONFIG_EDGE = 1,
};

/* Intrusive doubly linked list (the ap_list). */
struct vgic_list {
	struct vgic_list *prev, *next;
};

static inline void vgic_list_init(struct vgic_list *h)
{
	h->prev = h->next = h;
}

static inline void vgic_list_del(struct vgic_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n->next = n;
}

static inline void vgic_list_add_before(struct vgic_list *n,
					struct vgic_list *pos)
{
	n->prev = pos->prev;
	n->next = pos;
	pos->prev->next = n;
	pos->prev = n;
}

/*
 * One INTID as the distributor (or a redistributor) sees it.
 * Every field below `lock` is protected by it, except intid (constant).
 */
struct vgic_irq {
	plat_mutex lock;
	struct vgic_list ap_node; /* on vcpu's ap_list iff vcpu != NULL */
	uint32_t ap_sort_key;     /* protected by that ap_list's lock */
	av_vcpu *vcpu;            /* the vCPU whose ap_list holds it */
	av_vcpu *owner_vcpu;      /* private IRQs: the redistributor's vCPU */
	uint32_t intid;
	bool line_level;    /* level input as last driven (KVM_IRQ_LINE, timer) */
	bool pending_latch; /* edge pending, or ISPENDR on a level IRQ */
	bool active;
	bool enabled;
	bool hw;            /* mapped to a physical source */
	enum vgic_config config;
	uint8_t group;      /* 0 or 1 (GICD_IGROUPR) */
	uint8_t priority;   /* top VGIC_PRI_BITS significant */
	uint8_t targets;    /* GICv2 GICD_ITARGETSR byte */
	uint64_t mpidr;     /* GICv3 GICD_IROUTER affinity (IRM is RAZ/WI) */
	uint8_t source;     /* GICv2 SGIs: pending per requesting CPU */
	uint8_t active_source; /* GICv2 SGIs: CPUID of the active instance */
	struct irq_phys_source *phys;
	void *owner;
};

/* The vgic_irq whose ap_node n is. */
#define vgic_ap_irq(n)                                                         \
	((struct vgic_irq *)((char *)(n)-offsetof(struct vgic_irq, ap_node)))

struct vgic_cpu {
	av_vcpu *vcpu;
	plat_mutex ap_list_lock; /* ap_list membership and order */
	struct vgic_list ap_list;
	struct vgic_irq private_irqs[VGIC_NR_PRIVATE_IRQS];
	/* List registers in use, owned by the vCPU thread: filled by
	 * vgic_flush_lr_state, folded back by vgic_fold_lr_state (through
	 * the CPU interface ops). */
	unsigned nr_lrs;
	unsigned used_lrs;
	bool lrs_loaded;
	bool cpuif_loaded; /* between the flow's vcpu_load and vcpu_put */
	/* IRQ/FIQ lines as last computed from the LRs, and as handed to the
	 * engine at the last guest entry (flush_hwstate). */
	bool line_irq, line_fiq;
	bool entry_irq, entry_fiq;
	/* The emulated interface's registers (unused by a hardware one,
	 * which keeps its own shadow, as KVM's vgic_v3_cpu_if). */
	struct vgic_emu_cpuif emu;
	/* A hardware interface's shadow (vgic_cpuif_hw.c). */
	struct vgic_hw_cpuif hw;
	atomic_uint waker; /* GICR_WAKER.ProcessorSleep/ChildrenAsleep */
};

struct vgic_dist {
	av_vm *vm;
	int version;       /* 2 or 3 */
	unsigned nr_irqs;  /* private + SPIs */
	unsigned nr_vcpus; /* configured */
	atomic_bool enabled;
	struct vgic_irq *spis;
	const struct vgic_cpuif_ops *cpuif; /* the CPU interface (per VM) */
	/* Frame addresses set by the VMM (vgic_addr.c), by ADDR_TYPE. */
	uint64_t addr[VGIC_NR_ADDR_TYPES];
	bool addr_set[VGIC_NR_ADDR_TYPES];
};

/* Entry point for irqchip_vm_init: version 2 or 3. */
int vgic_vm_init(av_vm *vm, int version);

/* ---- vgic.c: model --------------------------------------------------- */
struct vgic_dist *vgic_dist_of(av_vm *vm);
struct vgic_cpu *vgic_cpu_of(av_vcpu *v);
/* NULL if intid is out of range (or private with no vCPU). */
struct vgic_irq *vgic_get_irq(struct vgic_dist *d, av_vcpu *v, uint32_t intid);
bool vgic_irq_is_pending(const struct vgic_irq *irq);
bool vgic_irq_is_v2_sgi(const struct vgic_dist *d, const struct vgic_irq *irq);
/* The vCPU an IRQ would be delivered to now (KVM vgic_target_oracle). */
av_vcpu *vgic_target_oracle(struct vgic_dist *d, struct vgic_irq *irq);
/* Called with irq->lock held; drops it.  Puts the IRQ on its target's
 * ap_list if it became deliverable and kicks that vCPU. */
void vgic_queue_irq_unlock(struct vgic_dist *d, struct vgic_irq *irq);
void vgic_queue_all(struct vgic_dist *d);
/* Sort an ap_list (caller holds ap_list_lock): deliverable ones (pending,
 * enabled, not active) by priority, then active ones, then the rest; see
 * vgic.c for why deliverable ones go first when list registers are few. */
void vgic_sort_ap_list(struct vgic_cpu *c);
void vgic_flush_lr_state(av_vcpu *v);
void vgic_fold_lr_state(av_vcpu *v);
/* One LR's state back into its IRQ (called by the implementation's
 * fold_lr_state; KVM's common part of vgic_v3_fold_lr_state). */
void vgic_fold_lr(av_vcpu *v, const struct vgic_lr *lr);
/* Deactivate the highest-priority active IRQ of v not in listed[] (a
 * hardware interface's EOIcount). */
bool vgic_deactivate_unlisted_highest(av_vcpu *v, const uint32_t *listed,
				      unsigned n);
bool vgic_deactivate_irq(av_vcpu *v, uint32_t intid);
/* Physical side of a HW-mapped IRQ (irq->lock held). */
void vgic_irq_set_phys_active(struct vgic_irq *irq, bool active);
void vgic_kick_vcpu(av_vcpu *v);

/* ---- vgic_hw.c: hardware-mapped IRQs and owners (irqchip_flow ops) --- */
struct vgic_irq *vgic_vcpu_irq(av_vcpu *v, uint32_t intid);
int vgic_map_phys_irq(av_vcpu *v, uint32_t vintid,
		      struct irq_phys_source *src);
int vgic_unmap_phys_irq(av_vcpu *v, uint32_t vintid);
bool vgic_map_is_active(av_vcpu *v, uint32_t vintid);
void vgic_reset_mapped_irq(av_vcpu *v, uint32_t vintid);
int vgic_set_owner(av_vcpu *v, uint32_t intid, void *owner);

/* ---- vgic_cpuif.c: the CPU interface seam (see also vgic_cpuif.h) --- */
/* The implementation for a new VM (vgic_vm_init). */
const struct vgic_cpuif_ops *vgic_cpuif_select(av_vm *vm, int version);
/* Recompute the vCPU's IRQ/FIQ lines from its loaded LRs. */
void vgic_update_lines(av_vcpu *v);
/* After a CPU-interface or distributor access made by the running vCPU
 * itself (trapped without leaving the guest): recompute its lines and, if
 * they differ from what the engine was entered with, kick the vCPU so that
 * the run loop re-enters with the new lines. */
void vgic_cpuif_resync(av_vcpu *v);
/* Fold the vCPU's loaded LRs back (the distributor state becomes whole);
 * called on the accessing vCPU's thread before a vGIC MMIO access. */
void vgic_unload_lrs(av_vcpu *v);

/* ---- vgic_mmio.c: table-driven register dispatch ------------------- */
#define VGIC_ACCESS_8 1u
#define VGIC_ACCESS_32 4u
#define VGIC_ACCESS_64 8u
#define VGIC_SHARED_ONLY 0x10u /* bits-per-IRQ: INTIDs < 32 RAZ/WI */

struct vgic_register_region;
struct vgic_mmio_ctx {
	struct vgic_dist *d;
	const struct vgic_register_region *region; /* set by the dispatcher */
	av_vcpu *vcpu;     /* whose private IRQs / CPU interface */
	av_vcpu *accessor; /* who made the access (SGI source, GICR) */
};

struct vgic_register_region {
	uint32_t reg_offset;
	uint32_t len;
	uint8_t bits_per_irq; /* 0: not an IRQ array */
	uint8_t access_flags;
	/* addr is the offset within the frame; len the access width. */
	uint64_t (*read)(struct vgic_mmio_ctx *c, uint32_t addr, unsigned len);
	void (*write)(struct vgic_mmio_ctx *c, uint32_t addr, unsigned len,
		      uint64_t val);
};

uint64_t vgic_mmio_dispatch_read(const struct vgic_register_region *t,
				 unsigned n, struct vgic_mmio_ctx *c,
				 uint32_t addr, unsigned len);
void vgic_mmio_dispatch_write(const struct vgic_register_region *t,
			      unsigned n, struct vgic_mmio_ctx *c,
			      uint32_t addr, unsigned len, uint64_t val);
uint32_t vgic_addr_to_intid(const struct vgic_register_region *r,
			    uint32_t addr);
uint64_t vgic_extract_bytes(uint64_t data, unsigned offset, unsigned len);
uint64_t vgic_update_bytes(uint64_t reg, unsigned offset, unsigned len,
			   uint64_t val);

uint64_t vgic_mmio_read_raz(struct vgic_mmio_ctx *c, uint32_t a, unsigned l);
void vgic_mmio_write_wi(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			uint64_t v);
uint64_t vgic_mmio_read_group(struct vgic_mmio_ctx *c, uint32_t a, unsigned l);
void vgic_mmio_write_group(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			   uint64_t v);
uint64_t vgic_mmio_read_enable(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l);
void vgic_mmio_write_senable(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v);
void vgic_mmio_write_cenable(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v);
uint64_t vgic_mmio_read_pending(struct vgic_mmio_ctx *c, uint32_t a,
				unsigned l);
void vgic_mmio_write_spending(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v);
void vgic_mmio_write_cpending(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v);
uint64_t vgic_mmio_read_active(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l);
void vgic_mmio_write_sactive(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v);
void vgic_mmio_write_cactive(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v);
uint64_t vgic_mmio_read_priority(struct vgic_mmio_ctx *c, uint32_t a,
				 unsigned l);
void vgic_mmio_write_priority(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v);
uint64_t vgic_mmio_read_config(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l);
void vgic_mmio_write_config(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			    uint64_t v);
uint32_t vgic_iidr(const struct vgic_dist *d);
/* Make `intid` pending on `target` as an SGI sent by `source`. */
void vgic_send_sgi(struct vgic_dist *d, av_vcpu *source, av_vcpu *target,
		   uint32_t intid, bool allow_group1);

/* ---- per-version registration ---------------------------------------- */
/* ICC_SGI1R/ASGI1R/SGI0R_EL1: trapped whatever the CPU interface
 * (vgic_v3_cpuif.c). */
int vgic_v3_register_sgi_sysregs(struct vgic_dist *d);
int vgic_v3_register_dist(struct vgic_dist *d, uint64_t base);
int vgic_v3_register_redist(struct vgic_dist *d, uint64_t base,
			    uint64_t size);
int vgic_v2_register_dist(struct vgic_dist *d, uint64_t base);

/* ---- vgic_addr.c: frame addresses from the VMM ----------------------- */
int vgic_set_attr(av_vm *vm, uint32_t group, uint64_t attr, const void *val);
int vgic_get_attr(av_vm *vm, uint32_t group, uint64_t attr, void *val);
/* -ENXIO unless every frame of the GIC version has an address. */
int vgic_check_addrs(struct vgic_dist *d);
/* ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 (vgic_mmio_v3.c). */
void vgic_v3_dispatch_sgi(av_vcpu *v, uint64_t reg, bool allow_group1);

#endif
