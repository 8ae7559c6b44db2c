// SPDX-License-Identifier: MIT
/*
 * GICv3 distributor and redistributor register tables (IHI 0069 chapter 12:
 * 12.9 GICD_*, 12.10 GICR_* RD_base frame, 12.11 GICR_* SGI_base frame),
 * with KVM's guest-visible values (arch/arm64/kvm/vgic/vgic-mmio-v3.c):
 * affinity routing always on, a single security state (DS=1), no LPIs.
 */
#include "irqchip/vgic/vgic.h"

/* GICD_CTLR (12.9.4), DS=1 view. */
#define GICD_CTLR_ENABLE_G1A (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)
/* GICD_TYPER (12.9.38): IDbits as KVM without an ITS (10 INTID bits). */
#define GICD_TYPER_IDBITS_SHIFT 19
#define VGIC_V3_TYPER_IDBITS 9
/* GICR_CTLR (12.10.2): KVM's revision 3 reports IR and CES. */
#define GICR_CTLR_IR (1u << 10)
#define GICR_CTLR_CES (1u << 9)
/* GICR_TYPER (12.10.33). */
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_TYPER_PROCNUM_SHIFT 8
/* GICR_WAKER (12.10.35). */
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
/* GICD_PIDR2 / GICR_PIDR2 (12.9.36): ArchRev 3, as KVM: 0x3b. */
#define GIC_PIDR2_V3 0x3b
/* GICD_IROUTER (12.9.22): Aff3 [39:32], Aff2..Aff0 [23:0]; IRM RAZ/WI. */
#define GICD_IROUTER_AFF_MASK 0xff00ffffffull

#define ACC_32 VGIC_ACCESS_32
#define ACC_8_32 (VGIC_ACCESS_8 | VGIC_ACCESS_32)
#define ACC_32_64 (VGIC_ACCESS_32 | VGIC_ACCESS_64)
#define SHARED VGIC_SHARED_ONLY

/* ---- distributor ------------------------------------------------------- */

static uint64_t v3_read_ctlr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	uint32_t val = GICD_CTLR_ARE | GICD_CTLR_DS;

	if (atomic_load(&c->d->enabled))
		val |= GICD_CTLR_ENABLE_G1A;
	return val;
}

static void v3_write_ctlr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			  uint64_t v)
{
	bool enable = v & GICD_CTLR_ENABLE_G1A;
	bool was = atomic_exchange(&c->d->enabled, enable);

	if (enable && !was)
		vgic_queue_all(c->d);
}

static uint64_t v3_read_typer(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return (c->d->nr_irqs / 32 - 1) |
	       VGIC_V3_TYPER_IDBITS << GICD_TYPER_IDBITS_SHIFT;
}

static uint64_t v3_read_iidr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return vgic_iidr(c->d);
}

static uint64_t v3_read_pidr2(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return GIC_PIDR2_V3;
}

static uint64_t v3_read_irouter(struct vgic_mmio_ctx *c, uint32_t a,
				unsigned l)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a & ~7u);
	struct vgic_irq *irq = vgic_get_irq(c->d, c->vcpu, intid);
	uint64_t val;

	if (!irq)
		return 0;
	plat_mutex_lock(&irq->lock);
	val = irq->mpidr;
	plat_mutex_unlock(&irq->lock);
	return vgic_extract_bytes(val, a & 7, l);
}

static void v3_write_irouter(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a & ~7u);
	struct vgic_irq *irq = vgic_get_irq(c->d, c->vcpu, intid);

	if (!irq)
		return;
	plat_mutex_lock(&irq->lock);
	irq->mpidr = vgic_update_bytes(irq->mpidr, a & 7, l, v) &
		     GICD_IROUTER_AFF_MASK;
	/* If listed and pending elsewhere, its vCPU's prune moves it. */
	vgic_queue_irq_unlock(c->d, irq);
}

static const struct vgic_register_region v3_dist_regs[] = {
	{ 0x0000, 4, 0, ACC_32, v3_read_ctlr, v3_write_ctlr },
	{ 0x0004, 4, 0, ACC_32, v3_read_typer, vgic_mmio_write_wi },
	{ 0x0008, 4, 0, ACC_32, v3_read_iidr, vgic_mmio_write_wi },
	{ 0x0080, 0x80, 1, ACC_32 | SHARED, vgic_mmio_read_group,
	  vgic_mmio_write_group },
	{ 0x0100, 0x80, 1, ACC_32 | SHARED, vgic_mmio_read_enable,
	  vgic_mmio_write_senable },
	{ 0x0180, 0x80, 1, ACC_32 | SHARED, vgic_mmio_read_enable,
	  vgic_mmio_write_cenable },
	{ 0x0200, 0x80, 1, ACC_32 | SHARED, vgic_mmio_read_pending,
	  vgic_mmio_write_spending },
	{ 0x0280, 0x80, 1, ACC_32 | SHARED, vgic_mmio_read_pending,
	  vgic_mmio_write_cpending },
	{ 0x0300, 0x80, 1, ACC_32 | SHARED, vgic_mmio_read_active,
	  vgic_mmio_write_sactive },
	{ 0x0380, 0x80, 1, ACC_32 | SHARED, vgic_mmio_read_active,
	  vgic_mmio_write_cactive },
	{ 0x0400, 0x400, 8, ACC_8_32 | SHARED, vgic_mmio_read_priority,
	  vgic_mmio_write_priority },
	{ 0x0c00, 0x100, 2, ACC_32 | SHARED, vgic_mmio_read_config,
	  vgic_mmio_write_config },
	{ 0x6000, 0x2000, 64, ACC_32_64 | SHARED, v3_read_irouter,
	  v3_write_irouter },
	{ 0xffe8, 4, 0, ACC_32, v3_read_pidr2, vgic_mmio_write_wi },
};

/* ---- redistributor: RD_base frame -------------------------------------- */

static uint64_t rd_read_ctlr(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return GICR_CTLR_IR | GICR_CTLR_CES; /* EnableLPIs RAZ/WI: no LPIs */
}

static uint64_t rd_read_typer(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	uint64_t mpidr = vcpu_get_mpidr(c->vcpu);
	uint64_t aff = (mpidr >> 32 & 0xff) << 24 | (mpidr & 0xffffff);
	uint64_t val = aff << 32 | (uint64_t)vcpu_index(c->vcpu)
					   << GICR_TYPER_PROCNUM_SHIFT;

	if (vcpu_index(c->vcpu) == c->d->nr_vcpus - 1)
		val |= GICR_TYPER_LAST;
	return vgic_extract_bytes(val, a & 7, l);
}

static uint64_t rd_read_waker(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return atomic_load(&vgic_cpu_of(c->vcpu)->waker);
}

/* ChildrenAsleep follows ProcessorSleep at once: there is nothing to
 * quiesce between the CPU interface and the redistributor. */
static void rd_write_waker(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			   uint64_t v)
{
	unsigned val = v & GICR_WAKER_PROCESSOR_SLEEP
			       ? GICR_WAKER_PROCESSOR_SLEEP |
					 GICR_WAKER_CHILDREN_ASLEEP
			       : 0;

	atomic_store(&vgic_cpu_of(c->vcpu)->waker, val);
}

static const struct vgic_register_region v3_rd_regs[] = {
	{ 0x0000, 4, 0, ACC_32, rd_read_ctlr, vgic_mmio_write_wi },
	{ 0x0004, 4, 0, ACC_32, v3_read_iidr, vgic_mmio_write_wi },
	{ 0x0008, 8, 0, ACC_32_64, rd_read_typer, vgic_mmio_write_wi },
	{ 0x0014, 4, 0, ACC_32, rd_read_waker, rd_write_waker },
	{ 0xffe8, 4, 0, ACC_32, v3_read_pidr2, vgic_mmio_write_wi },
};

/* ---- redistributor: SGI_base frame ------------------------------------- */

static const struct vgic_register_region v3_sgi_regs[] = {
	{ 0x0080, 4, 1, ACC_32, vgic_mmio_read_group, vgic_mmio_write_group },
	{ 0x0100, 4, 1, ACC_32, vgic_mmio_read_enable,
	  vgic_mmio_write_senable },
	{ 0x0180, 4, 1, ACC_32, vgic_mmio_read_enable,
	  vgic_mmio_write_cenable },
	{ 0x0200, 4, 1, ACC_32, vgic_mmio_read_pending,
	  vgic_mmio_write_spending },
	{ 0x0280, 4, 1, ACC_32, vgic_mmio_read_pending,
	  vgic_mmio_write_cpending },
	{ 0x0300, 4, 1, ACC_32, vgic_mmio_read_active,
	  vgic_mmio_write_sactive },
	{ 0x0380, 4, 1, ACC_32, vgic_mmio_read_active,
	  vgic_mmio_write_cactive },
	{ 0x0400, 0x20, 8, ACC_8_32, vgic_mmio_read_priority,
	  vgic_mmio_write_priority },
	{ 0x0c00, 8, 2, ACC_32, vgic_mmio_read_config,
	  vgic_mmio_write_config },
};

#define N(t) (unsigned)(sizeof(t) / sizeof((t)[0]))

/* ---- MMIO entry points ------------------------------------------------- */

static int v3_dist_read(void *opaque, av_vcpu *v, uint64_t off, unsigned len,
			uint64_t *val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };

	vgic_unload_lrs(v);
	*val = off < VGIC_V3_DIST_SIZE ? vgic_mmio_dispatch_read(
						 v3_dist_regs, N(v3_dist_regs),
						 &c, (uint32_t)off, len)
				       : 0;
	vgic_cpuif_resync(v);
	return 0;
}

static int v3_dist_write(void *opaque, av_vcpu *v, uint64_t off, unsigned len,
			 uint64_t val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };

	vgic_unload_lrs(v);
	if (off < VGIC_V3_DIST_SIZE)
		vgic_mmio_dispatch_write(v3_dist_regs, N(v3_dist_regs), &c,
					 (uint32_t)off, len, val);
	vgic_cpuif_resync(v);
	return 0;
}

/* Which redistributor (vCPU) and frame an offset falls in. */
static const struct vgic_register_region *
v3_redist_decode(struct vgic_mmio_ctx *c, uint64_t off, uint32_t *addr,
		 unsigned *n)
{
	uint64_t idx = off / VGIC_V3_REDIST_STRIDE;
	uint64_t frame = off % VGIC_V3_REDIST_STRIDE;
	av_vcpu *target;

	if (idx >= c->d->nr_vcpus)
		return NULL;
	target = vm_get_vcpu(c->d->vm, (unsigned)idx);
	if (!vgic_cpu_of(target))
		return NULL;
	c->vcpu = target;
	if (frame < VGIC_V3_SGI_FRAME) {
		*addr = (uint32_t)frame;
		*n = N(v3_rd_regs);
		return v3_rd_regs;
	}
	*addr = (uint32_t)(frame - VGIC_V3_SGI_FRAME);
	*n = N(v3_sgi_regs);
	return v3_sgi_regs;
}

static int v3_redist_read(void *opaque, av_vcpu *v, uint64_t off,
			  unsigned len, uint64_t *val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };
	const struct vgic_register_region *t;
	uint32_t addr;
	unsigned n;

	vgic_unload_lrs(v);
	t = v3_redist_decode(&c, off, &addr, &n);
	*val = t ? vgic_mmio_dispatch_read(t, n, &c, addr, len) : 0;
	vgic_cpuif_resync(v);
	return 0;
}

static int v3_redist_write(void *opaque, av_vcpu *v, uint64_t off,
			   unsigned len, uint64_t val)
{
	struct vgic_mmio_ctx c = { .d = opaque, .vcpu = v, .accessor = v };
	const struct vgic_register_region *t;
	uint32_t addr;
	unsigned n;

	vgic_unload_lrs(v);
	t = v3_redist_decode(&c, off, &addr, &n);
	if (t)
		vgic_mmio_dispatch_write(t, n, &c, addr, len, val);
	vgic_cpuif_resync(v);
	return 0;
}

static const struct mmio_ops v3_dist_ops = {
	.read = v3_dist_read,
	.write = v3_dist_write,
};

static const struct mmio_ops v3_redist_ops = {
	.read = v3_redist_read,
	.write = v3_redist_write,
};

int vgic_v3_register_dist(struct vgic_dist *d, uint64_t base)
{
	return vm_register_mmio(d->vm, base, VGIC_V3_DIST_SIZE, &v3_dist_ops,
				d);
}

int vgic_v3_register_redist(struct vgic_dist *d, uint64_t base,
			    uint64_t size)
{
	return vm_register_mmio(d->vm, base, size, &v3_redist_ops, d);
}

/* ---- ICC_SGI1R_EL1 and friends (IHI 0069 12.2.22) ---------------------- */

void vgic_v3_dispatch_sgi(av_vcpu *v, uint64_t reg, bool allow_group1)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	uint32_t sgi = (reg >> 24) & 0xf;
	bool broadcast = reg & (1ull << 40); /* IRM: all but self */
	uint64_t aff321 = (reg >> 48 & 0xff) << 32 | (reg >> 32 & 0xff) << 16 |
			  (reg >> 16 & 0xff) << 8;
	unsigned rs = (reg >> 44) & 0xf;
	uint16_t list = reg & 0xffff;

	if (!d)
		return;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		av_vcpu *t = vm_get_vcpu(d->vm, i);
		uint64_t mpidr;
		unsigned aff0;

		if (!vgic_cpu_of(t))
			continue;
		if (broadcast) {
			if (t != v)
				vgic_send_sgi(d, v, t, sgi, allow_group1);
			continue;
		}
		mpidr = vcpu_get_mpidr(t);
		if ((mpidr & 0xff00ffff00ull) != aff321)
			continue;
		aff0 = mpidr & 0xff;
		if (aff0 / 16 != rs || !(list & (1u << (aff0 % 16))))
			continue;
		vgic_send_sgi(d, v, t, sgi, allow_group1);
	}
}
