// SPDX-License-Identifier: MIT
/*
 * GICv2 CPU interface frame (IHI 0048B 4.4 "CPU interface register
 * descriptions"), served as the virtual CPU interface GICV_* would be
 * (IHI 0048B 5.3): the emulated CPU interface (vgic_cpuif.h).  Registers
 * kept in GICH_VMCR and GICH_APR go through the CPU interface ops;
 * acknowledge, EOI, deactivate and HPPIR work on the emulated list
 * registers (vgic_cpuif_emul.c).  Group 0 is signalled as IRQ unless
 * GICC_CTLR.FIQEn is set.
 */
#include "irqchip/vgic/vgic.h"

/* GICV_CTLR (5.3.1). */
#define GICC_CTLR_ENABLE_GRP0 (1u << 0)
#define GICC_CTLR_ENABLE_GRP1 (1u << 1)
#define GICC_CTLR_ACKCTL (1u << 2)
#define GICC_CTLR_FIQEN (1u << 3)
#define GICC_CTLR_CBPR (1u << 4)
#define GICC_CTLR_EOIMODE (1u << 9)
/* GICC_IIDR as KVM: ProductID 0x4b [31:20], ArchVersion 2 [19:16], ARM. */
#define GICC_IIDR_KVM                                                          \
	((uint32_t)VGIC_PRODUCT_ID_KVM << 20 | 2u << 16 | VGIC_IMPLEMENTER_ARM)

#define ACC_32 VGIC_ACCESS_32

static struct vgic_vmcr vmcr_get(struct vgic_mmio_ctx *c)
{
	struct vgic_vmcr m;

	vgic_cpuif_of(c->vcpu)->get_vmcr(c->vcpu, &m);
	return m;
}

static void vmcr_set(struct vgic_mmio_ctx *c, const struct vgic_vmcr *m)
{
	vgic_cpuif_of(c->vcpu)->set_vmcr(c->vcpu, m);
}

static uint64_t gicc_read_ctlr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	const struct vgic_vmcr m = vmcr_get(c);

	return (m.grpen0 ? GICC_CTLR_ENABLE_GRP0 : 0) |
	       (m.grpen1 ? GICC_CTLR_ENABLE_GRP1 : 0) |
	       (m.ackctl ? GICC_CTLR_ACKCTL : 0) |
	       (m.fiqen ? GICC_CTLR_FIQEN : 0) |
	       (m.cbpr ? GICC_CTLR_CBPR : 0) |
	       (m.eoimode ? GICC_CTLR_EOIMODE : 0);
}

static void gicc_write_ctlr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			    uint64_t v)
{
	struct vgic_vmcr m = vmcr_get(c);

	m.grpen0 = v & GICC_CTLR_ENABLE_GRP0;
	m.grpen1 = v & GICC_CTLR_ENABLE_GRP1;
	m.ackctl = v & GICC_CTLR_ACKCTL;
	m.fiqen = v & GICC_CTLR_FIQEN;
	m.cbpr = v & GICC_CTLR_CBPR;
	m.eoimode = v & GICC_CTLR_EOIMODE;
	vmcr_set(c, &m);
}

static uint64_t gicc_read_pmr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return vmcr_get(c).pmr;
}

static void gicc_write_pmr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			   uint64_t v)
{
	struct vgic_vmcr m = vmcr_get(c);

	m.pmr = (uint8_t)v & VGIC_PRI_MASK;
	vmcr_set(c, &m);
}

/* GICC_BPR is Group 0's binary point, GICC_ABPR Group 1's (4.4.3, 4.4.4). */
static uint64_t gicc_read_bpr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return vmcr_get(c).bpr0;
}

static void gicc_write_bpr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			   uint64_t v)
{
	struct vgic_vmcr m = vmcr_get(c);
	uint8_t bpr = v & 7;

	m.bpr0 = bpr < VGIC_MIN_BPR0 ? VGIC_MIN_BPR0 : bpr;
	vmcr_set(c, &m);
}

static uint64_t gicc_read_abpr(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l)
{
	return vmcr_get(c).bpr1;
}

static void gicc_write_abpr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			    uint64_t v)
{
	struct vgic_vmcr m = vmcr_get(c);
	uint8_t bpr = v & 7;

	m.bpr1 = bpr < VGIC_MIN_BPR1 ? VGIC_MIN_BPR1 : bpr;
	vmcr_set(c, &m);
}

static uint64_t gicc_read_iar(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return vgic_cpuif_ack(c->vcpu, -1);
}

static uint64_t gicc_read_aiar(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l)
{
	return vgic_cpuif_ack(c->vcpu, 1);
}

static void gicc_write_eoir(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			    uint64_t v)
{
	vgic_cpuif_eoi(c->vcpu, (uint32_t)v & 0x1fff, -1);
}

static void gicc_write_aeoir(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v)
{
	vgic_cpuif_eoi(c->vcpu, (uint32_t)v & 0x1fff, 1);
}

static uint64_t gicc_read_rpr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	struct vgic_vmcr m;
	uint32_t apr[2];

	vgic_cpuif_state(c->vcpu, &m, apr);
	return vgic_running_priority(apr);
}

static uint64_t gicc_read_hppir(struct vgic_mmio_ctx *c, uint32_t a,
				unsigned l)
{
	return vgic_cpuif_hppir(c->vcpu, -1);
}

static uint64_t gicc_read_ahppir(struct vgic_mmio_ctx *c, uint32_t a,
				 unsigned l)
{
	return vgic_cpuif_hppir(c->vcpu, 1);
}

/* GICC_APR0 (4.4.13): the active priorities, both groups combined (as
 * GICH_APR keeps them). */
static uint64_t gicc_read_apr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	struct vgic_vmcr m;
	uint32_t apr[2];

	vgic_cpuif_state(c->vcpu, &m, apr);
	return apr[0] | apr[1];
}

static void gicc_write_apr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			   uint64_t v)
{
	const struct vgic_cpuif_ops *ops = vgic_cpuif_of(c->vcpu);

	ops->set_apr(c->vcpu, 0, 0, (uint32_t)v);
	ops->set_apr(c->vcpu, 1, 0, 0);
}

static uint64_t gicc_read_iidr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return GICC_IIDR_KVM;
}

static void gicc_write_dir(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			   uint64_t v)
{
	vgic_cpuif_dir(c->vcpu, (uint32_t)v & 0x1fff);
}

static const struct vgic_register_region v2_cpu_regs[] = {
	{ 0x0000, 4, 0, ACC_32, gicc_read_ctlr, gicc_write_ctlr },
	{ 0x0004, 4, 0, ACC_32, gicc_read_pmr, gicc_write_pmr },
	{ 0x0008, 4, 0, ACC_32, gicc_read_bpr, gicc_write_bpr },
	{ 0x000c, 4, 0, ACC_32, gicc_read_iar, vgic_mmio_write_wi },
	{ 0x0010, 4, 0, ACC_32, vgic_mmio_read_raz, gicc_write_eoir },
	{ 0x0014, 4, 0, ACC_32, gicc_read_rpr, vgic_mmio_write_wi },
	{ 0x0018, 4, 0, ACC_32, gicc_read_hppir, vgic_mmio_write_wi },
	{ 0x001c, 4, 0, ACC_32, gicc_read_abpr, gicc_write_abpr },
	{ 0x0020, 4, 0, ACC_32, gicc_read_aiar, vgic_mmio_write_wi },
	{ 0x0024, 4, 0, ACC_32, vgic_mmio_read_raz, gicc_write_aeoir },
	{ 0x0028, 4, 0, ACC_32, gicc_read_ahppir, vgic_mmio_write_wi },
	{ 0x00d0, 4, 0, ACC_32, gicc_read_apr, gicc_write_apr },
	{ 0x00fc, 4, 0, ACC_32, gicc_read_iidr, vgic_mmio_write_wi },
	{ 0x1000, 4, 0, ACC_32, vgic_mmio_read_raz, gicc_write_dir },
};

#define NR_CPU_REGS (unsigned)(sizeof(v2_cpu_regs) / sizeof(v2_cpu_regs[0]))

static int v2_cpu_read(void *opaque, av_vcpu *v, uint64_t off, unsigned len,
		       uint64_t *val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };

	vgic_unload_lrs(v);
	*val = off < VGIC_V2_CPU_SIZE && vgic_cpu_of(v)
		       ? vgic_mmio_dispatch_read(v2_cpu_regs, NR_CPU_REGS, &c,
						 (uint32_t)off, len)
		       : 0;
	vgic_cpuif_resync(v);
	return 0;
}

static int v2_cpu_write(void *opaque, av_vcpu *v, uint64_t off, unsigned len,
			uint64_t val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };

	vgic_unload_lrs(v);
	if (off < VGIC_V2_CPU_SIZE && vgic_cpu_of(v))
		vgic_mmio_dispatch_write(v2_cpu_regs, NR_CPU_REGS, &c,
					 (uint32_t)off, len, val);
	vgic_cpuif_resync(v);
	return 0;
}

static const struct mmio_ops v2_cpu_ops = {
	.read = v2_cpu_read,
	.write = v2_cpu_write,
};

int vgic_v2_register_cpuif(struct vgic_dist *d, uint64_t base)
{
	return vm_register_mmio(d->vm, base, VGIC_V2_CPU_SIZE, &v2_cpu_ops, d);
}
