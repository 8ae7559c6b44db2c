// SPDX-License-Identifier: MIT
/*
 * Table-driven MMIO decoding (KVM vgic-mmio.c style) and the register
 * handlers shared by the GICv2 distributor, the GICv3 distributor and the
 * GICv3 redistributors' SGI frames.
 *
 * A table describes each register range once: offset, length, bits per
 * IRQ, allowed access widths, read and write handlers.  One dispatcher
 * decodes every access; an access of a width the register does not allow,
 * a misaligned access, and any offset no range claims are RAZ/WI
 * (IHI 0069 12.1.2 "GIC memory-mapped register access": reserved
 * locations are RES0; IHI 0069 12.1.3 lists the permitted widths).
 */
#include "irqchip/vgic/vgic.h"

uint64_t vgic_extract_bytes(uint64_t data, unsigned offset, unsigned len)
{
	data >>= offset * 8;
	if (len < 8)
		data &= (1ull << (len * 8)) - 1;
	return data;
}

uint64_t vgic_update_bytes(uint64_t reg, unsigned offset, unsigned len,
			   uint64_t val)
{
	uint64_t mask = len < 8 ? (1ull << (len * 8)) - 1 : ~0ull;

	reg &= ~(mask << (offset * 8));
	return reg | (val & mask) << (offset * 8);
}

uint32_t vgic_addr_to_intid(const struct vgic_register_region *r,
			    uint32_t addr)
{
	return (addr - r->reg_offset) * 8 / r->bits_per_irq;
}

static const struct vgic_register_region *
vgic_find_region(const struct vgic_register_region *t, unsigned n,
		 uint32_t addr, unsigned len)
{
	for (unsigned i = 0; i < n; i++) {
		const struct vgic_register_region *r = &t[i];

		if (addr < r->reg_offset || addr - r->reg_offset >= r->len)
			continue;
		if (!(r->access_flags & len) || (addr & (len - 1)))
			return NULL; /* width not allowed, or misaligned */
		if (addr - r->reg_offset + len > r->len)
			return NULL;
		if (r->bits_per_irq && (r->access_flags & VGIC_SHARED_ONLY) &&
		    vgic_addr_to_intid(r, addr) < VGIC_NR_PRIVATE_IRQS)
			return NULL; /* ARE=1: private IRQs live in the GICR */
		return r;
	}
	return NULL;
}

uint64_t vgic_mmio_dispatch_read(const struct vgic_register_region *t,
				 unsigned n, struct vgic_mmio_ctx *c,
				 uint32_t addr, unsigned len)
{
	const struct vgic_register_region *r;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return 0;
	r = vgic_find_region(t, n, addr, len);
	if (!r || !r->read)
		return 0;
	c->region = r;
	return r->read(c, addr, len);
}

void vgic_mmio_dispatch_write(const struct vgic_register_region *t,
			      unsigned n, struct vgic_mmio_ctx *c,
			      uint32_t addr, unsigned len, uint64_t val)
{
	const struct vgic_register_region *r;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return;
	r = vgic_find_region(t, n, addr, len);
	if (!r || !r->write)
		return;
	c->region = r;
	r->write(c, addr, len, val);
}

uint64_t vgic_mmio_read_raz(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return 0;
}

void vgic_mmio_write_wi(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			uint64_t v)
{
}

uint32_t vgic_iidr(const struct vgic_dist *d)
{
	unsigned rev = d->version == 3 ? VGIC_IMP_REV_V3 : VGIC_IMP_REV_V2;

	/* GICD_IIDR: ProductID [31:24], Revision [15:12], Implementer. */
	return (uint32_t)VGIC_PRODUCT_ID_KVM << 24 | rev << 12 |
	       VGIC_IMPLEMENTER_ARM;
}

/* ---- helpers over the IRQs an access covers --------------------------- */

static struct vgic_irq *ctx_irq(struct vgic_mmio_ctx *c, uint32_t intid)
{
	return vgic_get_irq(c->d, c->vcpu, intid);
}

/* Read one bit per IRQ through `get` (called under the IRQ's lock). */
static uint64_t read_bits(struct vgic_mmio_ctx *c, uint32_t addr,
			  unsigned len, bool (*get)(struct vgic_irq *))
{
	uint32_t intid = vgic_addr_to_intid(c->region, addr);
	uint64_t val = 0;

	for (unsigned i = 0; i < len * 8; i++) {
		struct vgic_irq *irq = ctx_irq(c, intid + i);

		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		if (get(irq))
			val |= 1ull << i;
		plat_mutex_unlock(&irq->lock);
	}
	return val;
}

/* For each IRQ whose bit is set: lock, `set`, then queue (drops the lock). */
static void write_bits(struct vgic_mmio_ctx *c, uint32_t addr, unsigned len,
		       uint64_t val,
		       void (*set)(struct vgic_mmio_ctx *, struct vgic_irq *))
{
	uint32_t intid = vgic_addr_to_intid(c->region, addr);

	for (unsigned i = 0; i < len * 8; i++) {
		struct vgic_irq *irq;

		if (!(val & (1ull << i)))
			continue;
		irq = ctx_irq(c, intid + i);
		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		set(c, irq);
		vgic_queue_irq_unlock(c->d, irq);
	}
}

/* ---- GICD_IGROUPR<n> (IHI 0069 12.9.15) ------------------------------- */

static bool get_group(struct vgic_irq *irq)
{
	return irq->group;
}

uint64_t vgic_mmio_read_group(struct vgic_mmio_ctx *c, uint32_t a, unsigned l)
{
	return read_bits(c, a, l, get_group);
}

void vgic_mmio_write_group(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			   uint64_t v)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a);

	for (unsigned i = 0; i < l * 8; i++) {
		struct vgic_irq *irq = ctx_irq(c, intid + i);

		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		irq->group = (v >> i) & 1;
		vgic_queue_irq_unlock(c->d, irq);
	}
}

/* ---- GICD_I[SC]ENABLER<n> (12.9.8, 12.9.23) -------------------------- */

static bool get_enabled(struct vgic_irq *irq)
{
	return irq->enabled;
}

static void set_enabled(struct vgic_mmio_ctx *c, struct vgic_irq *irq)
{
	irq->enabled = true;
}

static void clear_enabled(struct vgic_mmio_ctx *c, struct vgic_irq *irq)
{
	irq->enabled = false; /* the owner's prune drops it from its list */
}

uint64_t vgic_mmio_read_enable(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l)
{
	return read_bits(c, a, l, get_enabled);
}

void vgic_mmio_write_senable(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v)
{
	write_bits(c, a, l, v, set_enabled);
}

void vgic_mmio_write_cenable(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v)
{
	write_bits(c, a, l, v, clear_enabled);
}

/* ---- GICD_I[SC]PENDR<n> (12.9.10, 12.9.25) --------------------------- */

static bool get_pending(struct vgic_irq *irq)
{
	return vgic_irq_is_pending(irq);
}

static void set_pending(struct vgic_mmio_ctx *c, struct vgic_irq *irq)
{
	/* GICv2 SGIs: pending state is per source, via GICD_SPENDSGIR
	 * (IHI 0048 4.3.7: ISPENDR0 SGI bits are WI on this GIC). */
	if (vgic_irq_is_v2_sgi(c->d, irq))
		return;
	irq->pending_latch = true;
}

static void clear_pending(struct vgic_mmio_ctx *c, struct vgic_irq *irq)
{
	if (vgic_irq_is_v2_sgi(c->d, irq))
		return;
	/* A level IRQ whose line is high stays pending (IHI 0069 4.1.2). */
	irq->pending_latch = false;
}

uint64_t vgic_mmio_read_pending(struct vgic_mmio_ctx *c, uint32_t a,
				unsigned l)
{
	return read_bits(c, a, l, get_pending);
}

void vgic_mmio_write_spending(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v)
{
	write_bits(c, a, l, v, set_pending);
}

void vgic_mmio_write_cpending(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v)
{
	write_bits(c, a, l, v, clear_pending);
}

/* ---- GICD_I[SC]ACTIVER<n> (12.9.7, 12.9.22) -------------------------- */

static bool get_active(struct vgic_irq *irq)
{
	return irq->active;
}

static void set_active(struct vgic_mmio_ctx *c, struct vgic_irq *irq)
{
	if (irq->active)
		return;
	irq->active = true;
	if (vgic_irq_is_v2_sgi(c->d, irq))
		irq->active_source = (uint8_t)(vcpu_index(c->accessor) & 7);
	if (irq->hw)
		vgic_irq_set_phys_active(irq, true);
}

static void clear_active(struct vgic_mmio_ctx *c, struct vgic_irq *irq)
{
	if (!irq->active)
		return;
	irq->active = false;
	if (irq->hw && irq->phys) {
		vgic_irq_set_phys_active(irq, false);
		if (irq->phys->get_input_level)
			irq->line_level = irq->phys->get_input_level(irq->phys);
	}
}

uint64_t vgic_mmio_read_active(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l)
{
	return read_bits(c, a, l, get_active);
}

void vgic_mmio_write_sactive(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v)
{
	write_bits(c, a, l, v, set_active);
}

void vgic_mmio_write_cactive(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			     uint64_t v)
{
	write_bits(c, a, l, v, clear_active);
}

/* ---- GICD_IPRIORITYR<n> (12.9.18): byte-accessible ---------------------- */

uint64_t vgic_mmio_read_priority(struct vgic_mmio_ctx *c, uint32_t a,
				 unsigned l)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a);
	uint64_t val = 0;

	for (unsigned i = 0; i < l; i++) {
		struct vgic_irq *irq = ctx_irq(c, intid + i);

		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		val |= (uint64_t)irq->priority << (i * 8);
		plat_mutex_unlock(&irq->lock);
	}
	return val;
}

void vgic_mmio_write_priority(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			      uint64_t v)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a);

	for (unsigned i = 0; i < l; i++) {
		struct vgic_irq *irq = ctx_irq(c, intid + i);

		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		/* Only the implemented priority bits are kept. */
		irq->priority = (uint8_t)(v >> (i * 8)) & VGIC_PRI_MASK;
		plat_mutex_unlock(&irq->lock);
	}
}

/* ---- GICD_ICFGR<n> (12.9.9): 2 bits per IRQ, [1] = edge ------------------ */

uint64_t vgic_mmio_read_config(struct vgic_mmio_ctx *c, uint32_t a,
			       unsigned l)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a);
	uint64_t val = 0;

	for (unsigned i = 0; i < l * 4; i++) {
		struct vgic_irq *irq = ctx_irq(c, intid + i);

		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		if (irq->config == VGIC_CONFIG_EDGE)
			val |= 2ull << (i * 2);
		plat_mutex_unlock(&irq->lock);
	}
	return val;
}

void vgic_mmio_write_config(struct vgic_mmio_ctx *c, uint32_t a, unsigned l,
			    uint64_t v)
{
	uint32_t intid = vgic_addr_to_intid(c->region, a);

	for (unsigned i = 0; i < l * 4; i++) {
		struct vgic_irq *irq;

		/* SGIs are always edge; PPIs are read-only here, as in KVM,
		 * because the timers rely on them being level. */
		if (intid + i < VGIC_NR_PRIVATE_IRQS)
			continue;
		irq = ctx_irq(c, intid + i);
		if (!irq)
			continue;
		plat_mutex_lock(&irq->lock);
		irq->config = (v >> (i * 2 + 1)) & 1 ? VGIC_CONFIG_EDGE
						      : VGIC_CONFIG_LEVEL;
		plat_mutex_unlock(&irq->lock);
	}
}

/* ---- SGIs -------------------------------------------------------------- */

/* GICv3: an SGI1R access makes SGIs of either group pending, SGI0R and
 * ASGI1R only Group 0 ones (KVM vgic_v3_dispatch_sgi, with DS=1).
 * GICv2: the source CPU is recorded per SGI (IHI 0048 4.3.15). */
void vgic_send_sgi(struct vgic_dist *d, av_vcpu *source, av_vcpu *target,
		   uint32_t intid, bool allow_group1)
{
	struct vgic_cpu *tc = vgic_cpu_of(target);
	struct vgic_irq *irq;

	if (!tc || intid >= VGIC_NR_SGIS)
		return;
	irq = &tc->private_irqs[intid];
	plat_mutex_lock(&irq->lock);
	if (d->version == 2) {
		irq->source |= (uint8_t)(1u << (vcpu_index(source) & 7));
		irq->pending_latch = true;
	} else if (!irq->group || allow_group1) {
		irq->pending_latch = true;
	}
	if (irq->pending_latch) /* stats and trace */
		irq_note_injected(target, intid, AV_TRACE_SRC_SGI);
	vgic_queue_irq_unlock(d, irq);
}
