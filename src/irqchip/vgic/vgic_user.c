// SPDX-License-Identifier: MIT
/*
 * av_gic (include/armvisor/av_gic.h): the vGIC's GICv2 as a component a
 * VMM owns for the user irqchip.  It is the same model, not a second one:
 * a detached VM (core/detached.h: no engine, vCPUs that never run) with
 * the GICv2 flow and the emulated CPU interface, whose frames are
 * registered by vgic_set_attr exactly as for --irqchip gicv2.  Then:
 *
 *  - av_gic_mmio hands the access to the frame handlers through the
 *    detached VM's MMIO table (vgic_mmio_v2.c, vgic_v2_cpuif.c): the
 *    handlers the engine's MMIO exits reach in-library;
 *  - av_gic_set_irq is KVM_IRQ_LINE on the model (SPI, PPI);
 *  - av_gic_cpu_lines is what the in-library vGIC hands the engine at
 *    guest entry (vgic_flush_hwstate): the ap_list sorted and flushed into
 *    the software list registers, the IRQ/FIQ lines the CPU interface
 *    would signal computed over them (vgic_update_lines), and folded back
 *    at once.  No list register stays loaded between calls, so nothing is
 *    limited by their number (16 are used, and the ap_list is sorted
 *    deliverable-first by priority: the highest-priority pending
 *    interrupt is always in one).
 *  - the model's kicks (vgic_kick_vcpu: REQ_IRQ_PENDING on a model vCPU)
 *    say whose state changed: av_gic_take_changed collects them.
 *
 * One lock serializes the calls: the model's list registers and CPU
 * interface registers belong to "the vCPU's thread", and here every VMM
 * thread may act for any CPU (an SGI, a line recomputed for another CPU).
 */
#include <errno.h>

#include "armvisor/av_gic.h"
#include "core/detached.h"
#include "irqchip/vgic/vgic.h"

struct av_gic {
	av_vm *vm; /* the detached VM holding the model */
	unsigned nr_cpus;
	plat_mutex lock;
	uint32_t touched; /* CPUs that made an access since take_changed */
};

av_gic *av_gic_create(const struct av_gic_config *cfg, int *err)
{
	struct av_vm_config vc = {0};
	av_gic *g = NULL;
	int ret = -EINVAL;

	if (!cfg || cfg->nr_cpus < 1 || cfg->nr_cpus > VGIC_V2_MAX_CPUS)
		goto fail;
	ret = -ENOMEM;
	g = plat_zalloc(sizeof(*g));
	if (!g)
		goto fail;
	vc.nr_vcpus = cfg->nr_cpus;
	vc.irqchip = AV_IRQCHIP_GICV2;
	vc.nr_lrs = VGIC_MAX_LRS;
	g->vm = vm_create_detached(&vc, &ret);
	if (!g->vm)
		goto fail_free;
	g->nr_cpus = cfg->nr_cpus;
	plat_mutex_init(&g->lock);
	/* KVM_DEV_ARM_VGIC_GRP_ADDR, as a VMM places the in-library GIC:
	 * alignment, IPA range and overlap checks included. */
	ret = vgic_set_attr(g->vm, AV_DEV_ARM_VGIC_GRP_ADDR,
			    AV_VGIC_V2_ADDR_TYPE_DIST, &cfg->dist_base);
	if (!ret)
		ret = vgic_set_attr(g->vm, AV_DEV_ARM_VGIC_GRP_ADDR,
				    AV_VGIC_V2_ADDR_TYPE_CPU, &cfg->cpu_base);
	if (ret) {
		ret = ret == -E2BIG ? -EINVAL : ret;
		goto fail_vm;
	}
	if (err)
		*err = 0;
	return g;

fail_vm:
	plat_mutex_destroy(&g->lock);
	vm_destroy_detached(g->vm);
fail_free:
	plat_free(g);
fail:
	if (err)
		*err = ret;
	return NULL;
}

int av_gic_destroy(av_gic *g)
{
	if (!g)
		return -EINVAL;
	vm_destroy_detached(g->vm);
	plat_mutex_destroy(&g->lock);
	plat_free(g);
	return 0;
}

static bool valid_cpu(const av_gic *g, unsigned cpu)
{
	return g && cpu < g->nr_cpus;
}

int av_gic_mmio(av_gic *g, unsigned cpu, uint64_t addr, unsigned len,
		bool is_write, uint64_t *val)
{
	int ret;

	if (!valid_cpu(g, cpu) || !val ||
	    (len != 1 && len != 2 && len != 4 && len != 8))
		return -EINVAL;
	plat_mutex_lock(&g->lock);
	ret =
	    vm_detached_mmio(vm_get_vcpu(g->vm, cpu), addr, len, is_write, val);
	if (ret != -ENODEV)
		g->touched |= 1u << cpu;
	plat_mutex_unlock(&g->lock);
	return ret;
}

int av_gic_set_irq(av_gic *g, unsigned cpu, uint32_t intid, bool level)
{
	int ret;

	if (!g || intid < VGIC_NR_SGIS || intid >= VGIC_DEFAULT_NR_IRQS)
		return -EINVAL;
	if (intid < VGIC_NR_PRIVATE_IRQS && cpu >= g->nr_cpus)
		return -EINVAL;
	plat_mutex_lock(&g->lock);
	ret = av_vm_irq_line(
	    g->vm,
	    intid < VGIC_NR_PRIVATE_IRQS ? AV_IRQ_TYPE_PPI : AV_IRQ_TYPE_SPI,
	    intid < VGIC_NR_PRIVATE_IRQS ? cpu : 0, intid, level);
	plat_mutex_unlock(&g->lock);
	return ret;
}

int av_gic_cpu_lines(av_gic *g, unsigned cpu)
{
	av_vcpu *v;
	struct vgic_cpu *c;
	int lines;

	if (!valid_cpu(g, cpu))
		return -EINVAL;
	plat_mutex_lock(&g->lock);
	v = vm_get_vcpu(g->vm, cpu);
	c = vgic_cpu_of(v);
	vgic_flush_lr_state(v); /* computes c->line_irq/line_fiq */
	lines = (c->line_irq ? 1 << AV_IRQ_CPU_IRQ : 0) |
		(c->line_fiq ? 1 << AV_IRQ_CPU_FIQ : 0);
	vgic_fold_lr_state(v);
	plat_mutex_unlock(&g->lock);
	return lines;
}

uint32_t av_gic_take_changed(av_gic *g)
{
	uint32_t mask;

	if (!g)
		return 0;
	plat_mutex_lock(&g->lock);
	mask = g->touched;
	g->touched = 0;
	for (unsigned i = 0; i < g->nr_cpus; i++)
		if (vcpu_check_request(vm_get_vcpu(g->vm, i), REQ_IRQ_PENDING))
			mask |= 1u << i;
	plat_mutex_unlock(&g->lock);
	return mask;
}
