/* SPDX-License-Identifier: MIT */
/*
 * The rVIC: one paravirtual interrupt controller per vCPU, every operation a
 * hypercall (the "rVIC/rVID PV interrupt controller" series; Arm DEN 0103
 * 0.3).  This file is the state machine and the irqchip_flow; rvic_hvc.c
 * decodes the hypercalls, rvid.c is the rVID (device input routing).
 *
 * The model (docs/rvic.md has the full list of choices):
 *  - Each intid of a vCPU's rVIC has a masked bit and a pending bit.  All
 *    interrupts reset masked, not pending; the rVIC resets disabled.
 *  - The vCPU's IRQ line is asserted while the rVIC is enabled and some
 *    intid is pending and unmasked (DEN 0103: "signalled to the PE").
 *  - Signals to a disabled rVIC are dropped.
 *  - ACKNOWLEDGE pops the oldest deliverable intid (the series' delivery
 *    list: FIFO by the time the intid became pending-and-unmasked; there
 *    are no priorities) and leaves it masked and not pending.
 *  - Trusted intids 16..trusted-1 may be level sources (the timers): a
 *    rising line makes the intid pending, a falling line clears pending;
 *    the guest's "EOI" is RESAMPLE (re-reads the line: still high means
 *    pending again) followed by CLEAR_MASKED.  A source hardware-mapped with
 *    map_phys_irq is read through its get_input_level callback and is
 *    physically active from ACKNOWLEDGE to RESAMPLE.
 *
 * Locking.  Lock order, outermost first:
 *
 *   vcpu_timers.lock     src/timer calls inject_irq / map_phys_irq with it
 *     rvic_dist.lock     sizes, init state, the rVID table, input levels
 *       rvic_cpu.lock    one vCPU's rVIC state; at most one held at a time
 *
 * irq_phys_source callbacks (get_input_level, set_active) run with one
 * rvic_cpu.lock held and must not call back into the irqchip.  Kicks
 * (vcpu_request_and_kick) take no lock and may be issued anywhere.
 */
#include <errno.h>
#include <string.h>

#include "irqchip/rvic/rvic.h"

/* ---- lookup ------------------------------------------------------------ */

struct rvic_dist *rvic_dist_of(av_vm *vm)
{
	return vm ? vm_irqchip_data(vm) : NULL;
}

struct rvic_cpu *rvic_cpu_of(av_vcpu *v)
{
	return v ? vcpu_irqchip_data(v) : NULL;
}

int rvic_check_sizes(uint32_t trusted, uint32_t total)
{
	/* The series' KVM device: trusted >= 32 (IPIs + the PPI-like range
	 * the timers live in), total >= 64, multiples of 32 (the guest
	 * driver's bitmaps), and armvisor's bound of 2048. */
	if (trusted < RVIC_DEFAULT_TRUSTED || total < RVIC_DEFAULT_TOTAL)
		return -EINVAL;
	if (trusted % 32 || total % 32 || total > RVIC_MAX_TOTAL)
		return -EINVAL;
	if (trusted > total)
		return -EINVAL;
	return 0;
}

/* ---- the delivery list (rvic_cpu.lock held) ---------------------------- */

static void list_append(struct rvic_cpu *c, uint32_t intid)
{
	plat_mutex_assert_held(&c->lock);
	c->next[intid] = RVIC_NONE;
	c->prev[intid] = c->tail;
	if (c->tail == RVIC_NONE)
		c->head = (uint16_t)intid;
	else
		c->next[c->tail] = (uint16_t)intid;
	c->tail = (uint16_t)intid;
	c->flags[intid] |= RVIC_F_QUEUED;
}

static void list_remove(struct rvic_cpu *c, uint32_t intid)
{
	uint16_t n = c->next[intid], p = c->prev[intid];

	if (p == RVIC_NONE)
		c->head = n;
	else
		c->next[p] = n;
	if (n == RVIC_NONE)
		c->tail = p;
	else
		c->prev[n] = p;
	c->flags[intid] &= (uint8_t)~RVIC_F_QUEUED;
}

/* Keep the list equal to { pending and unmasked }. */
static void rvic_requeue(struct rvic_cpu *c, uint32_t intid)
{
	uint8_t f = c->flags[intid];
	bool want = (f & RVIC_F_PENDING) && !(f & RVIC_F_MASKED);

	if (want && !(f & RVIC_F_QUEUED))
		list_append(c, intid);
	else if (!want && (f & RVIC_F_QUEUED))
		list_remove(c, intid);
}

static bool rvic_line(const struct rvic_cpu *c)
{
	return c->enabled && c->head != RVIC_NONE;
}

/* ---- per-vCPU state ---------------------------------------------------- */

static void rvic_cpu_free_arrays(struct rvic_cpu *c)
{
	plat_free(c->flags);
	plat_free(c->next);
	plat_free(c->prev);
	plat_free(c->phys);
	c->flags = NULL;
	c->next = c->prev = NULL;
	c->phys = NULL;
	c->nr = 0;
}

/* Allocate the intid arrays (rvic_dist.lock held). */
static int rvic_cpu_alloc(struct rvic_cpu *c, uint32_t trusted,
			  uint32_t total)
{
	uint8_t *flags = plat_zalloc(total);
	uint16_t *next = plat_zalloc(total * sizeof(*next));
	uint16_t *prev = plat_zalloc(total * sizeof(*prev));
	struct irq_phys_source **phys = plat_zalloc(trusted * sizeof(*phys));

	if (!flags || !next || !prev || !phys) {
		plat_free(flags);
		plat_free(next);
		plat_free(prev);
		plat_free(phys);
		return -ENOMEM;
	}
	/* DEN 0103: every interrupt resets masked and not pending. */
	memset(flags, RVIC_F_MASKED, total);
	plat_mutex_lock(&c->lock);
	c->flags = flags;
	c->next = next;
	c->prev = prev;
	c->phys = phys;
	c->head = c->tail = RVIC_NONE;
	c->trusted = trusted;
	c->enabled = false;
	c->nr = total; /* last: a non-zero nr means ready */
	plat_mutex_unlock(&c->lock);
	return 0;
}

/* After a state change of target's rVIC: make the target re-flush its IRQ
 * line.  An operation by another vCPU is always a request of the target
 * plus a kick (the series); our own rVIC, or a device (self == NULL: the
 * timers on the vCPU's thread, rVID inputs), only when the line changes
 * (a hypercall runs inside the guest, whose line was set at entry). */
static void rvic_kick(av_vcpu *self, av_vcpu *target, bool line_changed)
{
	if ((self && target != self) || line_changed)
		vcpu_request_and_kick(target, REQ_IRQ_PENDING);
}

/* Lock target's rVIC if it is initialised and intid is in range. */
static struct rvic_cpu *rvic_lock_intid(av_vcpu *target, uint32_t intid,
					int *status)
{
	struct rvic_cpu *c = rvic_cpu_of(target);

	*status = RVIC_STATUS_SUCCESS;
	if (!c) {
		*status = RVIC_STATUS_INVALID_CPU;
		return NULL;
	}
	plat_mutex_lock(&c->lock);
	if (!c->nr) {
		plat_mutex_unlock(&c->lock);
		*status = RVIC_STATUS_INVALID_CPU;
		return NULL;
	}
	if (intid >= c->nr) {
		plat_mutex_unlock(&c->lock);
		*status = RVIC_STATUS_ERROR_PARAMETER;
		return NULL;
	}
	return c;
}

/* Unlock after a change; kicks as rvic_kick says. */
static void rvic_unlock_changed(struct rvic_cpu *c, av_vcpu *self)
{
	bool changed = rvic_line(c) != c->flushed_line;
	av_vcpu *target = c->vcpu;

	plat_mutex_unlock(&c->lock);
	rvic_kick(self, target, changed);
}

/* ---- operations -------------------------------------------------------- */

int rvic_op_enable(av_vcpu *self, bool enable)
{
	struct rvic_cpu *c = rvic_cpu_of(self);

	if (!c)
		return RVIC_STATUS_INVALID_CPU;
	plat_mutex_lock(&c->lock);
	c->enabled = enable;
	rvic_unlock_changed(c, self);
	return RVIC_STATUS_SUCCESS;
}

int rvic_op_set_masked(av_vcpu *self, av_vcpu *target, uint32_t intid,
		       bool masked)
{
	int st;
	struct rvic_cpu *c = rvic_lock_intid(target, intid, &st);

	if (!c)
		return st;
	if (masked)
		c->flags[intid] |= RVIC_F_MASKED;
	else
		c->flags[intid] &= (uint8_t)~RVIC_F_MASKED;
	rvic_requeue(c, intid);
	rvic_unlock_changed(c, self);
	return RVIC_STATUS_SUCCESS;
}

int rvic_op_is_pending(av_vcpu *target, uint32_t intid, bool *pending)
{
	int st;
	struct rvic_cpu *c = rvic_lock_intid(target, intid, &st);

	if (!c)
		return st;
	*pending = c->flags[intid] & RVIC_F_PENDING;
	plat_mutex_unlock(&c->lock);
	return RVIC_STATUS_SUCCESS;
}

/* Make intid pending (rvic_cpu.lock held): dropped while disabled. */
static int rvic_set_pending(struct rvic_cpu *c, uint32_t intid)
{
	plat_mutex_assert_held(&c->lock);
	if (!c->enabled)
		return RVIC_STATUS_DISABLED;
	c->flags[intid] |= RVIC_F_PENDING;
	rvic_requeue(c, intid);
	irq_note_injected(c->vcpu, intid, AV_TRACE_SRC_LINE);
	return RVIC_STATUS_SUCCESS;
}

int rvic_op_signal(av_vcpu *self, av_vcpu *target, uint32_t intid)
{
	int st;
	struct rvic_cpu *c = rvic_lock_intid(target, intid, &st);

	if (!c)
		return st;
	st = rvic_set_pending(c, intid);
	rvic_unlock_changed(c, self);
	return st;
}

int rvic_op_clear_pending(av_vcpu *self, av_vcpu *target, uint32_t intid)
{
	int st;
	struct rvic_cpu *c = rvic_lock_intid(target, intid, &st);

	if (!c)
		return st;
	c->flags[intid] &= (uint8_t)~RVIC_F_PENDING;
	rvic_requeue(c, intid);
	rvic_unlock_changed(c, self);
	return RVIC_STATUS_SUCCESS;
}

static void phys_set_active(struct irq_phys_source *src, bool active)
{
	if (src->active == active)
		return;
	src->active = active;
	if (src->set_active)
		src->set_active(src, active);
}

int rvic_op_acknowledge(av_vcpu *self, uint32_t *intid)
{
	struct rvic_cpu *c = rvic_cpu_of(self);
	uint32_t i;

	if (!c)
		return RVIC_STATUS_INVALID_CPU;
	plat_mutex_lock(&c->lock);
	if (!c->enabled) {
		plat_mutex_unlock(&c->lock);
		return RVIC_STATUS_DISABLED;
	}
	if (c->head == RVIC_NONE) {
		plat_mutex_unlock(&c->lock);
		return RVIC_STATUS_NO_INTERRUPTS;
	}
	i = c->head;
	/* DEN 0103 ACKNOWLEDGE: the interrupt is left masked, not pending. */
	c->flags[i] |= RVIC_F_MASKED;
	c->flags[i] &= (uint8_t)~RVIC_F_PENDING;
	rvic_requeue(c, i);
	if (i < c->trusted && c->phys[i])
		phys_set_active(c->phys[i], true);
	*intid = i;
	irq_note_ack(self, i);
	rvic_unlock_changed(c, self);
	return RVIC_STATUS_SUCCESS;
}

/* The level of a trusted source now (rvic_cpu.lock held). */
static bool rvic_input_level(struct rvic_cpu *c, uint32_t intid)
{
	struct irq_phys_source *src = c->phys[intid];

	if (src && src->get_input_level)
		return src->get_input_level(src);
	return c->flags[intid] & RVIC_F_LINE;
}

int rvic_op_resample(av_vcpu *self, uint32_t intid)
{
	int st;
	struct rvic_cpu *c = rvic_lock_intid(self, intid, &st);

	if (!c)
		return st;
	if (intid >= c->trusted) {
		/* The series: RESAMPLE is for trusted (level) sources. */
		plat_mutex_unlock(&c->lock);
		return RVIC_STATUS_ERROR_PARAMETER;
	}
	if (c->phys[intid])
		phys_set_active(c->phys[intid], false);
	if (rvic_input_level(c, intid))
		(void)rvic_set_pending(c, intid); /* dropped if disabled */
	rvic_unlock_changed(c, self);
	return RVIC_STATUS_SUCCESS;
}

/* ---- irqchip_flow ------------------------------------------------------ */

static int rvic_vcpu_init(av_vcpu *v)
{
	struct rvic_dist *d = rvic_dist_of(vcpu_vm(v));
	struct rvic_cpu *c;
	int ret = 0;

	if (!d)
		return -ENODEV;
	c = plat_zalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	plat_mutex_init(&c->lock);
	c->vcpu = v;
	c->head = c->tail = RVIC_NONE;
	plat_mutex_lock(&d->lock);
	if (atomic_load(&d->ready))
		ret = rvic_cpu_alloc(c, d->trusted, d->total);
	if (!ret)
		vcpu_set_irqchip_data(v, c);
	plat_mutex_unlock(&d->lock);
	if (ret) {
		plat_mutex_destroy(&c->lock);
		plat_free(c);
	}
	return ret;
}

static void rvic_vcpu_destroy(av_vcpu *v)
{
	struct rvic_cpu *c = rvic_cpu_of(v);

	if (!c)
		return;
	vcpu_set_irqchip_data(v, NULL);
	rvic_cpu_free_arrays(c);
	plat_mutex_destroy(&c->lock);
	plat_free(c);
}

int rvic_ctrl_init(av_vm *vm)
{
	struct rvic_dist *d = rvic_dist_of(vm);
	int ret = 0;

	if (!d)
		return -ENODEV;
	plat_mutex_lock(&d->lock);
	if (atomic_load(&d->ready))
		goto out; /* KVM: a second INIT is a no-op */
	d->nr_inputs = d->total - d->trusted;
	d->inputs = plat_zalloc((d->nr_inputs ? d->nr_inputs : 1) *
				sizeof(*d->inputs));
	if (!d->inputs) {
		ret = -ENOMEM;
		goto out;
	}
	for (unsigned i = 0; i < vm_nr_vcpus(vm) && !ret; i++) {
		av_vcpu *v = vm_get_vcpu(vm, i);
		struct rvic_cpu *c = v ? rvic_cpu_of(v) : NULL;

		if (c && !c->nr)
			ret = rvic_cpu_alloc(c, d->trusted, d->total);
	}
	if (!ret)
		atomic_store(&d->ready, true);
out:
	plat_mutex_unlock(&d->lock);
	return ret;
}

static int rvic_vcpu_first_run(av_vcpu *v)
{
	/* KVM vgic: an irqchip never explicitly initialised is initialised
	 * with its defaults when the first vCPU runs. */
	return rvic_ctrl_init(vcpu_vm(v));
}

static bool rvic_vcpu_pending_irq(av_vcpu *v)
{
	struct rvic_cpu *c = rvic_cpu_of(v);
	bool line;

	if (!c)
		return false;
	plat_mutex_lock(&c->lock);
	line = rvic_line(c);
	plat_mutex_unlock(&c->lock);
	return line;
}

static void rvic_flush_hwstate(av_vcpu *v)
{
	struct rvic_cpu *c = rvic_cpu_of(v);

	if (!c)
		return;
	plat_mutex_lock(&c->lock);
	c->flushed_line = rvic_line(c);
	vcpu_set_irq_lines(v, c->flushed_line, false);
	plat_mutex_unlock(&c->lock);
}

/* A trusted, per-vCPU intid that can carry a line (not an IPI). */
static struct rvic_cpu *rvic_lock_line(av_vcpu *v, uint32_t intid)
{
	struct rvic_cpu *c = rvic_cpu_of(v);

	if (!c || intid < RVIC_NR_IPIS)
		return NULL;
	plat_mutex_lock(&c->lock);
	if (!c->nr || intid >= c->trusted) {
		plat_mutex_unlock(&c->lock);
		return NULL;
	}
	return c;
}

/* A level change of a trusted source (the timers, owner = timer context). */
static int rvic_inject_line(av_vcpu *v, uint32_t intid, bool level)
{
	struct rvic_cpu *c = rvic_lock_line(v, intid);
	bool was;

	if (!c)
		return -EINVAL;
	was = c->flags[intid] & RVIC_F_LINE;
	if (level)
		c->flags[intid] |= RVIC_F_LINE;
	else
		c->flags[intid] &= (uint8_t)~RVIC_F_LINE;
	if (level && !was) {
		struct irq_phys_source *src = c->phys[intid];

		/* In service (acknowledged, not yet resampled): RESAMPLE
		 * will see the line. */
		if (!(src && src->active))
			(void)rvic_set_pending(c, intid);
	} else if (!level && was) {
		/* Level semantics: the request goes away with the line. */
		c->flags[intid] &= (uint8_t)~RVIC_F_PENDING;
		rvic_requeue(c, intid);
	}
	rvic_unlock_changed(c, NULL);
	return 0;
}

static int rvic_inject_irq(av_vm *vm, av_vcpu *cpu, uint32_t intid,
			   bool level, void *owner)
{
	if (!cpu)
		return -EINVAL;
	return rvic_inject_line(cpu, intid, level);
}

static int rvic_inject_userspace_irq(av_vm *vm, uint32_t type, uint32_t vcpu,
				     uint32_t irq, bool level)
{
	struct rvic_dist *d = rvic_dist_of(vm);

	if (!d)
		return -ENXIO;
	if (type == AV_IRQ_TYPE_SPI) {
		/* PLATFORM.md: SPI INTID N >= 32 is rVID input N - 32 (the
		 * PL011's INTID 33 is input 1). */
		if (irq < 32)
			return -EINVAL;
		return rvid_raise(vm, irq - 32, level);
	}
	if (type == AV_IRQ_TYPE_PPI) {
		av_vcpu *v = vcpu < vm_nr_vcpus(vm) ? vm_get_vcpu(vm, vcpu)
						    : NULL;

		if (!v)
			return -EINVAL;
		if (!atomic_load(&d->ready))
			return -EBUSY;
		return rvic_inject_line(v, irq, level);
	}
	return -EINVAL;
}

static int rvic_map_phys_irq(av_vcpu *v, uint32_t vintid,
			     struct irq_phys_source *src)
{
	struct rvic_cpu *c;
	int ret = 0;

	if (!src)
		return -EINVAL;
	/* The timers map at their first run, before the irqchip's own
	 * first-run hook: initialise now. */
	ret = rvic_ctrl_init(vcpu_vm(v));
	if (ret)
		return ret;
	c = rvic_lock_line(v, vintid);
	if (!c)
		return -EINVAL;
	if (c->phys[vintid] && c->phys[vintid] != src)
		ret = -EBUSY;
	else
		c->phys[vintid] = src;
	plat_mutex_unlock(&c->lock);
	return ret;
}

static int rvic_unmap_phys_irq(av_vcpu *v, uint32_t vintid)
{
	struct rvic_cpu *c = rvic_lock_line(v, vintid);
	int ret = 0;

	if (!c)
		return -EINVAL;
	if (!c->phys[vintid])
		ret = -EINVAL;
	c->phys[vintid] = NULL;
	plat_mutex_unlock(&c->lock);
	return ret;
}

static bool rvic_map_is_active(av_vcpu *v, uint32_t vintid)
{
	struct rvic_cpu *c = rvic_lock_line(v, vintid);
	bool active;

	if (!c)
		return false;
	active = c->phys[vintid] && c->phys[vintid]->active;
	plat_mutex_unlock(&c->lock);
	return active;
}

/* KVM kvm_vgic_reset_mapped_irq: forget the virtual and physical state. */
static void rvic_reset_mapped_irq(av_vcpu *v, uint32_t vintid)
{
	struct rvic_cpu *c = rvic_lock_line(v, vintid);

	if (!c)
		return;
	if (c->phys[vintid]) {
		c->flags[vintid] &= (uint8_t)~(RVIC_F_PENDING | RVIC_F_LINE);
		rvic_requeue(c, vintid);
		phys_set_active(c->phys[vintid], false);
	}
	rvic_unlock_changed(c, NULL);
}

static void rvic_destroy(av_vm *vm)
{
	struct rvic_dist *d = rvic_dist_of(vm);

	if (!d)
		return;
	vm_set_irqchip_data(vm, NULL);
	plat_free(d->inputs);
	plat_mutex_destroy(&d->lock);
	plat_free(d);
}

/* The device attributes (docs/rvic.md): NR_IRQS and CTRL_INIT. */
static int rvic_set_attr(av_vm *vm, uint32_t group, uint64_t attr,
			 const void *val)
{
	uint32_t sizes[2];

	switch (group) {
	case AV_DEV_ARM_RVIC_GRP_NR_IRQS:
		if (attr != 0 || !val)
			return -EINVAL;
		memcpy(sizes, val, sizeof(sizes));
		return rvic_set_nr_irqs(vm, sizes[0], sizes[1]);
	case AV_DEV_ARM_RVIC_GRP_CTRL:
		if (attr != AV_DEV_ARM_RVIC_CTRL_INIT)
			return -ENXIO;
		return rvic_ctrl_init(vm);
	default:
		return -ENXIO; /* KVM: unknown group */
	}
}

const struct irqchip_flow rvic_flow = {
	.name = "rvic",
	.set_attr = rvic_set_attr,
	.destroy = rvic_destroy,
	.vcpu_init = rvic_vcpu_init,
	.vcpu_destroy = rvic_vcpu_destroy,
	.vcpu_pending_irq = rvic_vcpu_pending_irq,
	.vcpu_first_run = rvic_vcpu_first_run,
	.flush_hwstate = rvic_flush_hwstate,
	.inject_irq = rvic_inject_irq,
	.inject_userspace_irq = rvic_inject_userspace_irq,
	.map_is_active = rvic_map_is_active,
	.reset_mapped_irq = rvic_reset_mapped_irq,
	.map_phys_irq = rvic_map_phys_irq,
	.unmap_phys_irq = rvic_unmap_phys_irq,
};

/* ---- VM life cycle ----------------------------------------------------- */

int rvic_create(av_vm *vm, uint32_t trusted, uint32_t total, bool sizes_set)
{
	struct rvic_dist *d;
	int ret;

	if (rvic_dist_of(vm))
		return -EEXIST;
	ret = rvic_check_sizes(trusted, total);
	if (ret)
		return ret;
	d = plat_zalloc(sizeof(*d));
	if (!d)
		return -ENOMEM;
	plat_mutex_init(&d->lock);
	d->vm = vm;
	d->trusted = trusted;
	d->total = total;
	d->sizes_set = sizes_set;
	ret = vm_register_hvc(vm, RVID_FN_BASE, RVIC_FN_LAST, rvic_hvc);
	if (ret) {
		plat_mutex_destroy(&d->lock);
		plat_free(d);
		return ret;
	}
	vm_set_irqchip_data(vm, d);
	return 0;
}

int rvic_set_nr_irqs(av_vm *vm, uint32_t trusted, uint32_t total)
{
	struct rvic_dist *d = rvic_dist_of(vm);
	int ret;

	if (!d)
		return -ENODEV;
	ret = rvic_check_sizes(trusted, total);
	if (ret)
		return ret;
	plat_mutex_lock(&d->lock);
	/* KVM_DEV_ARM_VGIC_GRP_NR_IRQS: once, before INIT / any run. */
	if (d->sizes_set || atomic_load(&d->ready) || vm_has_run(vm)) {
		ret = -EBUSY;
	} else {
		d->trusted = trusted;
		d->total = total;
		d->sizes_set = true;
	}
	plat_mutex_unlock(&d->lock);
	return ret;
}

/* av_vm_create with AV_IRQCHIP_RVIC (irqchip.c): sizes from the config,
 * 0 meaning the defaults (PLATFORM.md: 32 trusted, 64 in total). */
int rvic_vm_init(av_vm *vm)
{
	const struct av_vm_config *cfg = vm_config(vm);
	uint32_t trusted = cfg->rvic_trusted ? cfg->rvic_trusted
					     : RVIC_DEFAULT_TRUSTED;
	uint32_t total = cfg->rvic_total ? cfg->rvic_total
					 : RVIC_DEFAULT_TOTAL;

	return rvic_create(vm, trusted, total,
			   cfg->rvic_trusted || cfg->rvic_total);
}
