// SPDX-License-Identifier: MIT
/*
 * vGIC core: IRQ lookup, the routing oracle, ap_list queueing and order,
 * and injection from devices, timers and user space (the list registers:
 * vgic_lr.c).  Architecture references are to the GIC architecture
 * specification IHI 0069 (GICv3/v4) and IHI 0048 (GICv2).
 *
 * Locking (KVM vgic.c style).  Lock order, outermost first:
 *
 *   vgic_cpu.ap_list_lock    one vCPU's ap_list: membership, order, and
 *                            irq->ap_sort_key of the IRQs on it.  When two
 *                            are needed (migrating an SPI), take the one of
 *                            the lower vCPU index first.
 *     vgic_irq.lock          one INTID's state (struct vgic_irq).
 *
 * Never take an ap_list_lock while holding an irq lock: drop the irq lock,
 * take the ap_list_lock, retake the irq lock and re-check (see
 * vgic_queue_irq_unlock).  At most one irq lock is held at a time.
 * The physical-source callbacks (get_input_level, set_active) run with one
 * irq lock held and must not call back into the irqchip.
 *
 * Not locked, owned by the vCPU's own thread: the list registers
 * (used_lrs, lrs_loaded, and the LRs themselves behind the CPU interface
 * ops, vgic_cpuif.h) and the CPU-interface registers (VMCR, APRs).  The
 * distributor enable is an atomic.
 */
#include <errno.h>
#include <string.h>

#include "irqchip/vgic/vgic.h"

/* ---- lookup ------------------------------------------------------------ */

struct vgic_dist *vgic_dist_of(av_vm *vm)
{
	return vm ? vm_irqchip_data(vm) : NULL;
}

struct vgic_cpu *vgic_cpu_of(av_vcpu *v)
{
	return v ? vcpu_irqchip_data(v) : NULL;
}

struct vgic_irq *vgic_get_irq(struct vgic_dist *d, av_vcpu *v, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE_IRQS) {
		struct vgic_cpu *c = vgic_cpu_of(v);

		return c ? &c->private_irqs[intid] : NULL;
	}
	if (intid < d->nr_irqs)
		return &d->spis[intid - VGIC_NR_PRIVATE_IRQS];
	return NULL;
}

bool vgic_irq_is_pending(const struct vgic_irq *irq)
{
	if (irq->config == VGIC_CONFIG_EDGE)
		return irq->pending_latch;
	return irq->pending_latch || irq->line_level;
}

bool vgic_irq_is_v2_sgi(const struct vgic_dist *d, const struct vgic_irq *irq)
{
	return d->version == 2 && irq->intid < VGIC_NR_SGIS;
}

void vgic_kick_vcpu(av_vcpu *v)
{
	vcpu_request_and_kick(v, REQ_IRQ_PENDING);
}

/* ---- routing ----------------------------------------------------------- */

/* Where the IRQ is routed by its configuration (IHI 0069 9.5.9 IROUTER;
 * IHI 0048 4.3.12 ITARGETSR; KVM routes ITARGETSR == 0 to vCPU 0). */
static av_vcpu *vgic_irq_route(struct vgic_dist *d, struct vgic_irq *irq)
{
	av_vcpu *v;

	if (irq->intid < VGIC_NR_PRIVATE_IRQS)
		return irq->owner_vcpu;
	if (d->version == 3) {
		v = vm_vcpu_by_mpidr(d->vm, irq->mpidr);
	} else {
		unsigned idx = irq->targets ? (unsigned)__builtin_ctz(irq->targets)
					    : 0;
		v = idx < d->nr_vcpus ? vm_get_vcpu(d->vm, idx) : NULL;
	}
	return vgic_cpu_of(v) ? v : NULL;
}

/* KVM vgic_target_oracle: an active IRQ stays where it is; a pending and
 * enabled one goes to its route while the distributor is enabled. */
av_vcpu *vgic_target_oracle(struct vgic_dist *d, struct vgic_irq *irq)
{
	if (irq->active)
		return irq->vcpu ? irq->vcpu : vgic_irq_route(d, irq);
	if (irq->enabled && vgic_irq_is_pending(irq)) {
		if (!atomic_load(&d->enabled))
			return NULL;
		return vgic_irq_route(d, irq);
	}
	return NULL;
}

void vgic_queue_irq_unlock(struct vgic_dist *d, struct vgic_irq *irq)
{
	av_vcpu *v, *on;
	struct vgic_cpu *c;

	plat_mutex_assert_held(&irq->lock);
retry:
	v = vgic_target_oracle(d, irq);
	on = irq->vcpu;
	if (on || !v) {
		/* Already listed (its vCPU re-flushes when kicked, and its
		 * prune moves it if the route changed), or not deliverable. */
		plat_mutex_unlock(&irq->lock);
		if (on)
			vgic_kick_vcpu(on);
		if (v && v != on)
			vgic_kick_vcpu(v);
		return;
	}
	plat_mutex_unlock(&irq->lock);

	c = vgic_cpu_of(v);
	plat_mutex_lock(&c->ap_list_lock);
	plat_mutex_lock(&irq->lock);
	if (irq->vcpu || vgic_target_oracle(d, irq) != v) {
		/* Changed while unlocked: start again. */
		plat_mutex_unlock(&irq->lock);
		plat_mutex_unlock(&c->ap_list_lock);
		plat_mutex_lock(&irq->lock);
		goto retry;
	}
	vgic_list_add_before(&irq->ap_node, &c->ap_list);
	irq->vcpu = v;
	plat_mutex_unlock(&irq->lock);
	plat_mutex_unlock(&c->ap_list_lock);
	vgic_kick_vcpu(v);
}

static void vgic_queue_one(struct vgic_dist *d, struct vgic_irq *irq)
{
	plat_mutex_lock(&irq->lock);
	vgic_queue_irq_unlock(d, irq);
}

/* After the distributor is enabled: list what became deliverable. */
void vgic_queue_all(struct vgic_dist *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vgic_cpu *c = vgic_cpu_of(vm_get_vcpu(d->vm, i));

		if (!c)
			continue;
		for (unsigned j = 0; j < VGIC_NR_PRIVATE_IRQS; j++)
			vgic_queue_one(d, &c->private_irqs[j]);
	}
	for (unsigned i = 0; i < d->nr_irqs - VGIC_NR_PRIVATE_IRQS; i++)
		vgic_queue_one(d, &d->spis[i]);
}

/* ---- ap_list order ----------------------------------------------------- */

/*
 * Order in which ap_list entries get the list registers: deliverable
 * (pending, enabled, not active) IRQs first by priority, then active ones,
 * then the rest.  KVM (vgic_irq_cmp) puts active IRQs first because
 * hardware can only deactivate an IRQ that sits in an LR; this CPU
 * interface is emulated and deactivates an unlisted active IRQ itself
 * (vgic_deactivate_unlisted), so with fewer LRs than entries (--lrs 1, or
 * nested handlers) the LRs go to what can still be signalled: a pending
 * IRQ of higher priority must be able to preempt an active one
 * (IHI 0069 4.8.2), and with EOImode 1 an IRQ of equal priority must be
 * acknowledgeable after the priority drop.
 */
static uint32_t vgic_ap_sort_key(struct vgic_irq *irq)
{
	uint32_t class;

	plat_mutex_lock(&irq->lock);
	if (irq->enabled && vgic_irq_is_pending(irq) && !irq->active)
		class = 0;
	else if (irq->active)
		class = 1;
	else
		class = 2;
	class = class << 8 | irq->priority;
	plat_mutex_unlock(&irq->lock);
	return class;
}

void vgic_sort_ap_list(struct vgic_cpu *c)
{
	struct vgic_list *n, *next, *pos;

	for (n = c->ap_list.next; n != &c->ap_list; n = n->next)
		vgic_ap_irq(n)->ap_sort_key = vgic_ap_sort_key(vgic_ap_irq(n));

	/* Stable insertion sort: the list is short and mostly sorted. */
	for (n = c->ap_list.next->next; n != &c->ap_list; n = next) {
		uint32_t key = vgic_ap_irq(n)->ap_sort_key;

		next = n->next;
		pos = n->prev;
		while (pos != &c->ap_list &&
		       vgic_ap_irq(pos)->ap_sort_key > key)
			pos = pos->prev;
		if (pos != n->prev) {
			vgic_list_del(n);
			vgic_list_add_before(n, pos->next);
		}
	}
}

/* ---- injection --------------------------------------------------------- */

/* KVM kvm_vgic_inject_irq: a level change, or an edge on a rising level.
 * Injection by someone other than the IRQ's owner is ignored. */
static int vgic_inject_irq(av_vm *vm, av_vcpu *cpu, uint32_t intid,
			   bool level, void *owner)
{
	struct vgic_dist *d = vgic_dist_of(vm);
	struct vgic_irq *irq;

	if (!d)
		return -ENODEV;
	if (intid < VGIC_NR_PRIVATE_IRQS && !vgic_cpu_of(cpu))
		return -EINVAL;
	irq = vgic_get_irq(d, cpu, intid);
	if (!irq)
		return -EINVAL;

	plat_mutex_lock(&irq->lock);
	if (irq->owner != owner) {
		plat_mutex_unlock(&irq->lock);
		return 0;
	}
	if (irq->config == VGIC_CONFIG_LEVEL) {
		if (irq->line_level == level) {
			plat_mutex_unlock(&irq->lock);
			return 0;
		}
		irq->line_level = level;
	} else {
		if (!level) {
			plat_mutex_unlock(&irq->lock);
			return 0;
		}
		irq->pending_latch = true;
		if (vgic_irq_is_v2_sgi(d, irq))
			irq->source |= (uint8_t)(1u << vcpu_index(cpu));
	}
	if (level) /* a rising level or an edge: stats and trace */
		irq_note_injected(intid < VGIC_NR_PRIVATE_IRQS ? cpu : NULL,
				  intid, AV_TRACE_SRC_LINE);
	vgic_queue_irq_unlock(d, irq);
	return 0;
}

/* KVM_IRQ_LINE with an in-kernel GIC (Documentation/virt/kvm/api.rst). */
static int vgic_inject_userspace_irq(av_vm *vm, uint32_t type, uint32_t vcpu,
				     uint32_t irq, bool level)
{
	struct vgic_dist *d = vgic_dist_of(vm);
	av_vcpu *v;

	if (!d)
		return -ENODEV;
	switch (type) {
	case AV_IRQ_TYPE_SPI:
		if (irq < VGIC_NR_PRIVATE_IRQS || irq >= d->nr_irqs)
			return -EINVAL;
		return vgic_inject_irq(vm, NULL, irq, level, NULL);
	case AV_IRQ_TYPE_PPI:
		if (irq < VGIC_NR_SGIS || irq >= VGIC_NR_PRIVATE_IRQS ||
		    vcpu >= d->nr_vcpus)
			return -EINVAL;
		v = vm_get_vcpu(vm, vcpu);
		if (!vgic_cpu_of(v))
			return -EINVAL;
		return vgic_inject_irq(vm, v, irq, level, NULL);
	default:
		return -EINVAL;
	}
}

/* ---- vCPU callbacks ---------------------------------------------------- */

/* WFI wake-up (KVM kvm_vgic_vcpu_pending_irq): an enabled, pending,
 * inactive IRQ that the CPU interface would signal now, PSTATE.I aside. */
static bool vgic_vcpu_pending_irq(av_vcpu *v)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	struct vgic_list *n;
	struct vgic_vmcr m;
	uint32_t apr[2];
	bool pending = false;

	if (!d || !c || !atomic_load(&d->enabled))
		return false;
	vgic_cpuif_state(v, &m, apr);
	plat_mutex_lock(&c->ap_list_lock);
	for (n = c->ap_list.next; n != &c->ap_list && !pending; n = n->next) {
		struct vgic_irq *irq = vgic_ap_irq(n);

		plat_mutex_lock(&irq->lock);
		pending = irq->enabled && vgic_irq_is_pending(irq) &&
			  !irq->active &&
			  vgic_cpuif_can_signal(&m, apr, irq->priority,
						irq->group);
		plat_mutex_unlock(&irq->lock);
	}
	plat_mutex_unlock(&c->ap_list_lock);
	return pending;
}

static void vgic_init_irq(struct vgic_irq *irq, uint32_t intid, int version)
{
	memset(irq, 0, sizeof(*irq));
	plat_mutex_init(&irq->lock);
	vgic_list_init(&irq->ap_node);
	irq->intid = intid;
	irq->config = intid < VGIC_NR_SGIS ? VGIC_CONFIG_EDGE
					   : VGIC_CONFIG_LEVEL;
	/* KVM: SGIs enabled at reset; GICv3 IRQs are Group 1, GICv2 Group 0. */
	irq->enabled = intid < VGIC_NR_SGIS;
	irq->group = version == 3 ? 1 : 0;
}

static int vgic_vcpu_init(av_vcpu *v)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c;

	if (!d)
		return -ENODEV;
	if (vcpu_index(v) >= d->nr_vcpus)
		return -EINVAL;
	if (vgic_cpu_of(v))
		return 0;
	c = plat_zalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->vcpu = v;
	plat_mutex_init(&c->ap_list_lock);
	vgic_list_init(&c->ap_list);
	for (unsigned i = 0; i < VGIC_NR_PRIVATE_IRQS; i++) {
		struct vgic_irq *irq = &c->private_irqs[i];

		vgic_init_irq(irq, i, d->version);
		irq->owner_vcpu = v;
		irq->targets = (uint8_t)(1u << (vcpu_index(v) & 7));
	}
	/* GICR_WAKER resets to ProcessorSleep | ChildrenAsleep. */
	atomic_store(&c->waker, 6u);
	/* No other thread reaches the vCPU before av_vcpu_create returns. */
	vcpu_set_irqchip_data(v, c);
	d->cpuif->vcpu_reset(v, d->version);
	c->nr_lrs = d->cpuif->nr_lrs(v);
	if (c->nr_lrs > VGIC_MAX_LRS)
		c->nr_lrs = VGIC_MAX_LRS;
	return 0;
}

static void vgic_free_cpu(struct vgic_cpu *c)
{
	for (unsigned i = 0; i < VGIC_NR_PRIVATE_IRQS; i++)
		plat_mutex_destroy(&c->private_irqs[i].lock);
	plat_mutex_destroy(&c->ap_list_lock);
	plat_free(c);
}

static void vgic_vcpu_destroy(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);

	if (!c)
		return;
	vcpu_set_irqchip_data(v, NULL);
	vgic_free_cpu(c);
}

static void vgic_destroy(av_vm *vm)
{
	struct vgic_dist *d = vgic_dist_of(vm);

	if (!d)
		return;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		av_vcpu *v = vm_get_vcpu(vm, i);

		if (v)
			vgic_vcpu_destroy(v);
	}
	for (unsigned i = 0; i < d->nr_irqs - VGIC_NR_PRIVATE_IRQS; i++)
		plat_mutex_destroy(&d->spis[i].lock);
	plat_free(d->spis);
	vm_set_irqchip_data(vm, NULL);
	plat_free(d);
}

/* The CPU interface's state to the physical interface, where it has one
 * (KVM vgic_v3_load). */
static void vgic_vcpu_load(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);
	const struct vgic_cpuif_ops *ops = c ? vgic_cpuif_of(v) : NULL;

	if (ops && ops->load && !c->cpuif_loaded)
		ops->load(v);
	if (c)
		c->cpuif_loaded = true;
}

/* Back from the physical interface (KVM vgic_v3_put); then, on put and
 * before blocking, make sure no LR is left loaded, e.g. after an aborted
 * entry, so that other threads see the whole state. */
static void vgic_vcpu_put(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);
	const struct vgic_cpuif_ops *ops;

	if (!c)
		return;
	ops = vgic_cpuif_of(v);
	if (c->cpuif_loaded && ops->put)
		ops->put(v);
	c->cpuif_loaded = false;
	if (c->lrs_loaded)
		vgic_fold_lr_state(v);
}

static int vgic_vcpu_first_run(av_vcpu *v)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));

	if (!d || !vgic_cpu_of(v))
		return -ENODEV;
	return vgic_check_addrs(d);
}

static void vgic_flush_hwstate(av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);

	vgic_flush_lr_state(v);
	if (c) {
		/* What the engine is entered with (vgic_cpuif_resync). */
		c->entry_irq = c->line_irq;
		c->entry_fiq = c->line_fiq;
	}
}

static void vgic_sync_hwstate(av_vcpu *v)
{
	vgic_fold_lr_state(v);
}

#define VGIC_FLOW_OPS                                                          \
	.destroy = vgic_destroy, .vcpu_init = vgic_vcpu_init,                  \
	.vcpu_destroy = vgic_vcpu_destroy, .vcpu_blocking = vgic_vcpu_put,     \
	.vcpu_load = vgic_vcpu_load, .vcpu_put = vgic_vcpu_put,                \
	.vcpu_pending_irq = vgic_vcpu_pending_irq,                             \
	.vcpu_first_run = vgic_vcpu_first_run,                                 \
	.flush_hwstate = vgic_flush_hwstate,                                   \
	.sync_hwstate = vgic_sync_hwstate, .inject_irq = vgic_inject_irq,      \
	.inject_userspace_irq = vgic_inject_userspace_irq,                     \
	.map_is_active = vgic_map_is_active,                                   \
	.reset_mapped_irq = vgic_reset_mapped_irq,                             \
	.map_phys_irq = vgic_map_phys_irq,                                     \
	.unmap_phys_irq = vgic_unmap_phys_irq, .set_owner = vgic_set_owner,   \
	.set_attr = vgic_set_attr, .get_attr = vgic_get_attr

const struct irqchip_flow vgic_v3_flow = {
	.name = "vgic-v3",
	VGIC_FLOW_OPS,
};

const struct irqchip_flow vgic_v2_flow = {
	.name = "vgic-v2",
	VGIC_FLOW_OPS,
};

/* Called by irqchip_vm_init: distributor state, MMIO frames, sysregs. */
int vgic_vm_init(av_vm *vm, int version)
{
	const struct av_vm_config *cfg = vm_config(vm);
	struct vgic_dist *d;
	unsigned nr_vcpus = cfg && cfg->nr_vcpus ? cfg->nr_vcpus
						 : vm_nr_vcpus(vm);
	int ret;

	if (version != 2 && version != 3)
		return -EINVAL;
	if (nr_vcpus == 0 || nr_vcpus > AV_MAX_VCPUS ||
	    (version == 2 && nr_vcpus > VGIC_V2_MAX_CPUS))
		return -EINVAL;
	if (vgic_dist_of(vm))
		return -EEXIST;
	d = plat_zalloc(sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->vm = vm;
	d->version = version;
	d->nr_irqs = VGIC_DEFAULT_NR_IRQS;
	d->nr_vcpus = nr_vcpus;
	atomic_init(&d->enabled, false);
	d->spis = plat_zalloc(sizeof(*d->spis) *
			      (d->nr_irqs - VGIC_NR_PRIVATE_IRQS));
	if (!d->spis) {
		plat_free(d);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < d->nr_irqs - VGIC_NR_PRIVATE_IRQS; i++)
		vgic_init_irq(&d->spis[i], i + VGIC_NR_PRIVATE_IRQS, version);
	vm_set_irqchip_data(vm, d);

	/* The CPU interface: emulated, or the hardware's when the engine
	 * offers it (vgic_cpuif.h). */
	d->cpuif = vgic_cpuif_select(vm, version);
	/* The frames are registered when the VMM places them (vgic_addr.c);
	 * GICv3's CPU interface is system registers. */
	ret = version == 3 ? d->cpuif->register_v3_sysregs(d) : 0;
	if (ret) {
		plat_log("vgic: registering the ICC_* registers failed (%d)",
			 ret);
		vgic_destroy(vm);
	}
	return ret;
}
