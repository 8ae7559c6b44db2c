// SPDX-License-Identifier: MIT
/*
 * GICv2 distributor register table (IHI 0048B 4.3 "Distributor register
 * descriptions") with KVM's guest-visible values
 * (arch/arm64/kvm/vgic/vgic-mmio-v2.c).  Private IRQ registers (bank 0)
 * are banked per accessing vCPU.
 */
#include "irqchip/vgic/vgic.h"

#define GICD_CTLR_ENABLE 1u       /* 4.3.1 (KVM: one enable for both groups) */
#define GICD_TYPER_CPUS_SHIFT 5   /* 4.3.2 CPUNumber */

#define ACC_32 VGIC_ACCESS_32
#define ACC_8_32 (VGIC_ACCESS_8 | VGIC_ACCESS_32)

static uint64_t v2_read_ctlr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return atomic_load(&c->d->enabled) ? GICD_CTLR_ENABLE : 0;
}

static void v2_write_ctlr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			  uint64_t v)
{
	bool enable = v & GICD_CTLR_ENABLE;
	bool was = atomic_exchange(&c->d->enabled, enable);

	if (enable && !was)
		vgic_queue_all(c->d);
}

static uint64_t v2_read_typer(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return (c->d->nr_irqs / 32 - 1) |
	       (c->d->nr_vcpus - 1) << GICD_TYPER_CPUS_SHIFT;
}

static uint64_t v2_read_iidr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return vgic_iidr(c->d);
}

/*
 * GICD_ITARGETSR<n> (4.3.12).  Bits of absent vCPUs are RAZ/WI: a write
 * stores the value masked with the present vCPUs, at every vCPU count
 * including one (KVM vgic_mmio_write_target; PLATFORM.md: one vCPU,
 * writing 0x0103020f reads back 0x01010001).  The private bytes are
 * read-only and name the reading vCPU.  An SPI whose targets are 0 is
 * routed to vCPU 0 (vgic_irq_route), as KVM does.
 */
static uint8_t v2_cpu_mask(const struct vgic_dist *d)
{
	return (uint8_t)((1u << d->nr_vcpus) - 1);
}

static uint64_t v2_read_target(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a);
	uint64_t val = 0;

	for (unsigned i = 0; i < l; i++) {
		struct vgic_irq *irq = vgic_get_irq(c->d, c->vcpu, intid + i);
		uint8_t t;

		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		t = irq->targets;
		plat_mutex_unlock(&irq->lock);
		val |= (uint64_t)(t & v2_cpu_mask(c->d)) << (i * 8);
	}
	return val;
}

static void v2_write_target(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			    uint64_t v)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a);

	for (unsigned i = 0; i < l; i++) {
		struct vgic_irq *irq;

		if (intid + i < VGIC_NR_PRIVATE_IRQS)
			continue;
		irq = vgic_get_irq(c->d, c->vcpu, intid + i);
		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		irq->targets = (uint8_t)(v >> (i * 8)) & v2_cpu_mask(c->d);
		vgic_queue_irq_unlock(c->d, irq);
	}
}

/* GICD_SGIR (4.3.15): TargetListFilter [25:24], CPUTargetList [23:16],
 * SGIINTID [3:0].  Filter 3 is reserved and does nothing. */
static void v2_write_sgir(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			  uint64_t v)
{
	unsigned filter = (v >> 24) & 3;
	unsigned list = (v >> 16) & 0xff;
	uint32_t sgi = v & 0xf;
	unsigned self = vcpu_index(c->accessor);

	switch (filter) {
	case 0:
		break;
	case 1:
		list = v2_cpu_mask(c->d) & ~(1u << self);
		break;
	case 2:
		list = 1u << self;
		break;
	default:
		return;
	}
	list &= v2_cpu_mask(c->d);
	for (unsigned i = 0; i < c->d->nr_vcpus; i++) {
		if (list & (1u << i))
			vgic_send_sgi(c->d, c->accessor,
				      vm_get_vcpu(c->d->vm, i), sgi, true);
	}
}

/* GICD_[CS]PENDSGIR<n> (4.3.16, 4.3.17): one byte per SGI, one bit per
 * requesting CPU. */
static uint64_t v2_read_sgipend(struct vgic_mmio_ctx *c, uint32_t a,
				unsigned l)
{
	uint32_t intid = a - c->region->reg_offset;
	uint64_t val = 0;

	for (unsigned i = 0; i < l; i++) {
		struct vgic_irq *irq = vgic_get_irq(c->d, c->vcpu, intid + i);

		plat_mutex_lock(&irq->lock);
		val |= (uint64_t)irq->source << (i * 8);
		plat_mutex_unlock(&irq->lock);
	}
	return val;
}

static void v2_write_sgipend(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v, bool set)
{
	uint32_t intid = a - c->region->reg_offset;

	for (unsigned i = 0; i < l; i++) {
		struct vgic_irq *irq = vgic_get_irq(c->d, c->vcpu, intid + i);
		uint8_t bits = (uint8_t)(v >> (i * 8)) & v2_cpu_mask(c->d);

		if (!bits)
			continue;
		plat_mutex_lock(&irq->lock);
		if (set)
			irq->source |= bits;
		else
			irq->source &= (uint8_t)~bits;
		irq->pending_latch = irq->source != 0;
		vgic_queue_irq_unlock(c->d, irq);
	}
}

static void v2_write_spendsgi(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v)
{
	v2_write_sgipend(c, a, l, v, true);
}

static void v2_write_cpendsgi(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v)
{
	v2_write_sgipend(c, a, l, v, false);
}

static const struct vgic_register_region v2_dist_regs[] = {
	{ 0x000, 4, 0, ACC_32, v2_read_ctlr, v2_write_ctlr },
	{ 0x004, 4, 0, ACC_32, v2_read_typer, vgic_mmio_write_wi },
	{ 0x008, 4, 0, ACC_32, v2_read_iidr, vgic_mmio_write_wi },
	{ 0x080, 0x80, 1, ACC_32, vgic_mmio_read_group,
	  vgic_mmio_write_group },
	{ 0x100, 0x80, 1, ACC_32, vgic_mmio_read_enable,
	  vgic_mmio_write_senable },
	{ 0x180, 0x80, 1, ACC_32, vgic_mmio_read_enable,
	  vgic_mmio_write_cenable },
	{ 0x200, 0x80, 1, ACC_32, vgic_mmio_read_pending,
	  vgic_mmio_write_spending },
	{ 0x280, 0x80, 1, ACC_32, vgic_mmio_read_pending,
	  vgic_mmio_write_cpending },
	{ 0x300, 0x80, 1, ACC_32, vgic_mmio_read_active,
	  vgic_mmio_write_sactive },
	{ 0x380, 0x80, 1, ACC_32, vgic_mmio_read_active,
	  vgic_mmio_write_cactive },
	{ 0x400, 0x400, 8, ACC_8_32, vgic_mmio_read_priority,
	  vgic_mmio_write_priority },
	{ 0x800, 0x400, 8, ACC_8_32, v2_read_target, v2_write_target },
	{ 0xc00, 0x100, 2, ACC_32, vgic_mmio_read_config,
	  vgic_mmio_write_config },
	{ 0xf00, 4, 0, ACC_32, vgic_mmio_read_raz, v2_write_sgir },
	{ 0xf10, 16, 8, ACC_8_32, v2_read_sgipend, v2_write_cpendsgi },
	{ 0xf20, 16, 8, ACC_8_32, v2_read_sgipend, v2_write_spendsgi },
};

static int v2_dist_read(void *opaque, av_vcpu *v, uint64_t off, unsigned len,
			uint64_t *val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };

	vgic_unload_lrs(v);
	*val = off < VGIC_V2_DIST_SIZE && vgic_cpu_of(v)
		       ? vgic_mmio_dispatch_read(
				 v2_dist_regs,
				 sizeof(v2_dist_regs) / sizeof(v2_dist_regs[0]),
				 &c, (uint32_t)off, len)
		       : 0;
	vgic_cpuif_resync(v);
	return 0;
}

static int v2_dist_write(void *opaque, av_vcpu *v, uint64_t off, unsigned len,
			 uint64_t val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };

	vgic_unload_lrs(v);
	if (off < VGIC_V2_DIST_SIZE && vgic_cpu_of(v))
		vgic_mmio_dispatch_write(
			v2_dist_regs,
			sizeof(v2_dist_regs) / sizeof(v2_dist_regs[0]), &c,
			(uint32_t)off, len, val);
	vgic_cpuif_resync(v);
	return 0;
}

static const struct mmio_ops v2_dist_ops = {
	.read = v2_dist_read,
	.write = v2_dist_write,
};

int vgic_v2_register_dist(struct vgic_dist *d, uint64_t base)
{
	return vm_register_mmio(d->vm, base, VGIC_V2_DIST_SIZE, &v2_dist_ops,
				d);
}
