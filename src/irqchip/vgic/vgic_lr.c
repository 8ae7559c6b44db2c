// SPDX-License-Identifier: MIT
/*
 * vGIC list registers: what one LR gets from an IRQ, folding LRs back into
 * the model after an exit (acknowledge, EOI, deactivation, the HW bit),
 * pruning and migrating the ap_list, and flushing the highest-priority
 * entries into the LRs before an entry -- through the CPU interface ops
 * (vgic_cpuif.h), so the same code drives emulated and hardware LRs (KVM
 * vgic.c vgic_flush_lr_state / vgic_fold_lr_state / vgic_prune_ap_list).
 * Locking as in vgic.c.
 */
#include <errno.h>
#include <string.h>

#include "irqchip/vgic/vgic.h"

/* ---- list registers ---------------------------------------------------- */

void vgic_irq_set_phys_active(struct vgic_irq *irq, bool active)
{
	struct irq_phys_source *src = irq->phys;

	if (!src)
		return;
	src->active = active;
	if (src->set_active)
		src->set_active(src, active);
}

/* What one LR gets from an IRQ (irq->lock held): the part of KVM's
 * vgic_v3_populate_lr that does not depend on the register format.
 * *more: a GICv2 SGI keeps sources for a later LR. */
static void vgic_lr_from_irq(struct vgic_dist *d, struct vgic_lr *lr,
			     struct vgic_irq *irq, bool *more)
{
	bool pending = irq->enabled && vgic_irq_is_pending(irq);

	plat_mutex_assert_held(&irq->lock);
	memset(lr, 0, sizeof(*lr));
	lr->vintid = irq->intid;
	lr->pintid = irq->intid;
	lr->priority = irq->priority;
	lr->group = irq->group;
	lr->hw = irq->hw;
	lr->level = irq->config == VGIC_CONFIG_LEVEL;
	if (irq->hw && irq->phys && irq->phys->hw_intid) {
		lr->phys_irq = true;
		lr->pintid = irq->phys->hw_intid;
	}

	if (vgic_irq_is_v2_sgi(d, irq)) {
		/* One LR carries one source CPU (GICH_LR.CPUID); the others
		 * stay latched for the next flush. */
		unsigned src;

		if (irq->active) {
			src = irq->active_source;
			lr->state |= VGIC_LR_ACTIVE;
			pending = pending && (irq->source & (1u << src));
		} else {
			src = irq->source ? (unsigned)__builtin_ctz(irq->source)
					  : 0;
		}
		lr->source = (uint8_t)src;
		if (pending) {
			lr->state |= VGIC_LR_PENDING;
			irq->source &= (uint8_t)~(1u << src);
			irq->pending_latch = irq->source != 0;
			if (irq->pending_latch)
				*more = true;
		}
		return;
	}

	if (irq->active)
		lr->state |= VGIC_LR_ACTIVE;
	/* A HW LR is never pending+active: the pending state of a mapped
	 * interrupt lives at the physical side until it is deactivated
	 * (IHI 0069 4.9, "ICH_LR<n>_EL2.HW"). */
	if (pending && !(irq->hw && irq->active)) {
		lr->state |= VGIC_LR_PENDING;
		if (irq->config == VGIC_CONFIG_EDGE)
			irq->pending_latch = false; /* now held by the LR */
	}
}

/* Fold one LR back into its IRQ; KVM vgic_v3_fold_lr_state. */
void vgic_fold_lr(av_vcpu *v, const struct vgic_lr *lr)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_irq *irq = vgic_get_irq(d, v, lr->vintid);
	bool was_active, now_active;

	if (!irq)
		return;
	plat_mutex_lock(&irq->lock);
	was_active = irq->active;
	now_active = lr->state & VGIC_LR_ACTIVE;
	irq->active = now_active;
	if (now_active && vgic_irq_is_v2_sgi(d, irq))
		irq->active_source = lr->source;

	if (lr->state & VGIC_LR_PENDING) {
		if (irq->config == VGIC_CONFIG_EDGE) {
			irq->pending_latch = true;
			if (vgic_irq_is_v2_sgi(d, irq))
				irq->source |= (uint8_t)(1u << lr->source);
		}
	} else if (irq->config == VGIC_CONFIG_LEVEL) {
		/* A level IRQ made pending by ISPENDR stays so until it is
		 * acknowledged (IHI 0069 4.1.2). */
		irq->pending_latch = false;
	}

	if (was_active && !now_active) /* EOI or DIR: stats and trace */
		irq_note_deactivate(v, lr->vintid);
	if (lr->hw && irq->hw && irq->phys) {
		if (!was_active && now_active) {
			vgic_irq_set_phys_active(irq, true);
		} else if ((was_active || lr->consumed) && !now_active) {
			/* Deactivation through the HW bit reaches the physical
			 * side; then resample the line. */
			vgic_irq_set_phys_active(irq, false);
			if (irq->phys->get_input_level)
				irq->line_level =
					irq->phys->get_input_level(irq->phys);
		}
	}
	plat_mutex_unlock(&irq->lock);
}

/*
 * A hardware CPU interface counted EOIs (EOImode 0) or DIRs of interrupts
 * that were in no list register (ICH_HCR_EL2.EOIcount, IHI 0069 12.4.8;
 * the priority drop itself happened in the hardware's active-priority
 * registers): deactivate the highest-priority active IRQ of v's ap_list
 * that is not among listed[] -- the one a guest following the rules ends,
 * since an EOI drops the highest active priority (IHI 0069 4.8.2).  KVM
 * folds EOIcount the same way.  Returns false if none was found.
 */
bool vgic_deactivate_unlisted_highest(av_vcpu *v, const uint32_t *listed,
				      unsigned n)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	struct vgic_list *node;
	struct vgic_irq *irq;
	uint32_t best = UINT32_MAX;
	unsigned best_prio = 0x100;

	if (!d || !c)
		return false;
	plat_mutex_lock(&c->ap_list_lock);
	for (node = c->ap_list.next; node != &c->ap_list; node = node->next) {
		bool in_lr = false;

		irq = vgic_ap_irq(node);
		for (unsigned i = 0; i < n && !in_lr; i++)
			in_lr = listed[i] == irq->intid;
		plat_mutex_lock(&irq->lock);
		if (!in_lr && irq->active && irq->vcpu == v &&
		    irq->priority < best_prio) {
			best_prio = irq->priority;
			best = irq->intid;
		}
		plat_mutex_unlock(&irq->lock);
	}
	plat_mutex_unlock(&c->ap_list_lock);
	return best != UINT32_MAX && vgic_deactivate_irq(v, best);
}

/* Deactivate v's active IRQ intid in the model (a trapped deactivation,
 * or one the hardware counted); false if it was not active there. */
bool vgic_deactivate_irq(av_vcpu *v, uint32_t intid)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_irq *irq = d ? vgic_get_irq(d, v, intid) : NULL;

	if (!irq)
		return false;
	plat_mutex_lock(&irq->lock);
	if (!irq->active || irq->vcpu != v) {
		plat_mutex_unlock(&irq->lock);
		return false;
	}
	irq->active = false;
	if (irq->hw && irq->phys) {
		vgic_irq_set_phys_active(irq, false);
		if (irq->phys->get_input_level)
			irq->line_level = irq->phys->get_input_level(irq->phys);
	}
	vgic_queue_irq_unlock(d, irq);
	return true;
}

/* Drop IRQs that are no longer pending or active; move ones whose route
 * changed to their new vCPU (KVM vgic_prune_ap_list). */
static void vgic_prune_ap_list(struct vgic_dist *d, av_vcpu *v)
{
	struct vgic_cpu *c = vgic_cpu_of(v);
	struct vgic_list *n, *next;

retry:
	plat_mutex_lock(&c->ap_list_lock);
	for (n = c->ap_list.next; n != &c->ap_list; n = next) {
		struct vgic_irq *irq = vgic_ap_irq(n);
		struct vgic_cpu *tc, *first, *second;
		av_vcpu *target;

		next = n->next;
		plat_mutex_lock(&irq->lock);
		target = vgic_target_oracle(d, irq);
		if (!target) {
			vgic_list_del(&irq->ap_node);
			irq->vcpu = NULL;
			plat_mutex_unlock(&irq->lock);
			continue;
		}
		if (target == v) {
			plat_mutex_unlock(&irq->lock);
			continue;
		}
		/* Migrate: both ap_list locks, lower vCPU index first. */
		plat_mutex_unlock(&irq->lock);
		plat_mutex_unlock(&c->ap_list_lock);
		tc = vgic_cpu_of(target);
		first = vcpu_index(v) < vcpu_index(target) ? c : tc;
		second = first == c ? tc : c;
		plat_mutex_lock(&first->ap_list_lock);
		plat_mutex_lock(&second->ap_list_lock);
		plat_mutex_lock(&irq->lock);
		if (irq->vcpu == v && vgic_target_oracle(d, irq) == target) {
			vgic_list_del(&irq->ap_node);
			vgic_list_add_before(&irq->ap_node, &tc->ap_list);
			irq->vcpu = target;
		}
		plat_mutex_unlock(&irq->lock);
		plat_mutex_unlock(&second->ap_list_lock);
		plat_mutex_unlock(&first->ap_list_lock);
		vgic_kick_vcpu(target);
		goto retry;
	}
	plat_mutex_unlock(&c->ap_list_lock);
}

/* After guest exit: the LRs' state goes back to the IRQs. */
void vgic_fold_lr_state(av_vcpu *v)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);

	if (!d || !c)
		return;
	if (c->lrs_loaded) {
		d->cpuif->fold_lr_state(v, c->used_lrs);
		c->lrs_loaded = false;
		c->used_lrs = 0;
	}
	vgic_prune_ap_list(d, v);
}

/*
 * Before guest entry: the best nr_lrs entries of the ap_list go into the
 * LRs; anything left over is delivered by a later flush, in priority order
 * because the list is sorted each time.  The CPU interface is asked to
 * report the underflow (more entries than LRs: ICH_HCR_EL2.UIE, IHI 0069
 * 12.4) and, when a GICv2 SGI keeps sources for later, the moment no LR
 * is pending any more (GICH_HCR.NPIE, IHI 0048B 5.3.1), so that the refill
 * happens while the guest runs; KVM vgic_flush_lr_state does the same.
 */
void vgic_flush_lr_state(av_vcpu *v)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	struct vgic_cpu *c = vgic_cpu_of(v);
	const struct vgic_cpuif_ops *ops;
	struct vgic_list *n;
	unsigned count = 0;
	bool underflow = false, npie = false;

	if (!d || !c)
		return;
	ops = d->cpuif;
	if (c->lrs_loaded)
		vgic_fold_lr_state(v);

	plat_mutex_lock(&c->ap_list_lock);
	vgic_sort_ap_list(c);
	for (n = c->ap_list.next; n != &c->ap_list; n = n->next) {
		struct vgic_irq *irq = vgic_ap_irq(n);

		plat_mutex_lock(&irq->lock);
		if (vgic_target_oracle(d, irq) == v) {
			if (count < c->nr_lrs) {
				struct vgic_lr lr;

				vgic_lr_from_irq(d, &lr, irq, &npie);
				ops->populate_lr(v, &lr, count++);
			} else {
				underflow = true;
			}
		}
		plat_mutex_unlock(&irq->lock);
	}
	plat_mutex_unlock(&c->ap_list_lock);

	for (unsigned i = count; i < c->nr_lrs; i++)
		ops->clear_lr(v, i);
	c->used_lrs = count;
	c->lrs_loaded = true;
	if (underflow) {
		vcpu_stat_inc(v, VCPU_STAT_LR_OVERFLOW);
		ops->set_underflow(v);
	}
	if (npie)
		ops->set_npie(v);
	vgic_update_lines(v);
}
