// SPDX-License-Identifier: MIT
/*
 * The EL2 engine's side of the hardware vGIC CPU interface
 * (src/irqchip/vgic/vgic_cpuif_hw.c): the maintenance interrupt, the
 * virtual timer's physical interrupt handed to the guest with the list
 * register's HW bit, and the exit statistics that show what that saves
 * (vgic_hw.h).
 */
#include <stddef.h>

#include "engine/el2/gic.h"
#include "engine/el2/irq.h"
#include "engine/el2/vgic_hw.h"
#include "platform/el2/arch.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/percpu.h"

/* GICR SGI_base frame: GICR_ISACTIVER0 / GICR_ICACTIVER0 (IHI 0069 12.10). */
#define GICR_SGI_BASE 0x10000
#define GICR_ISACTIVER0 (GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0 (GICR_SGI_BASE + 0x0380)
#define GICR_ISPENDR0 (GICR_SGI_BASE + 0x0200)
#define GICD_ISACTIVER0 0x300
#define GICD_ICACTIVER0 0x380
#define GICD_ISPENDR0 0x200

static struct el2_hw_stats stats[AV_EL2_MAX_PCPUS];

static struct el2_hw_stats *my_stats(void)
{
	return &stats[this_cpu_index()];
}

/*
 * PPI 25 (IHI 0069 12.4.9 ICH_MISR_EL2): the conditions asked for in
 * ICH_HCR_EL2 (underflow, no pending) or an LR with EOI = 1 deactivated
 * (ICH_EISR_EL2).  The interrupt is level: drop the condition here (the
 * enables off, each EISR LR's EOI bit off, its state stays invalid), and
 * let the exit that took it send the vCPU back to the run loop, whose
 * fold and flush refill the LRs (KVM vgic_v3_maintenance / the
 * flush-on-entry it relies on).
 */
uint64_t el2_stats_maint_irqs(void)
{
	return my_stats()->maint_irqs;
}

static bool maintenance_irq(unsigned intid, void *arg)
{
	(void)intid;
	(void)arg;
	my_stats()->maint_irqs++;
	if (el2_gic_version() == 3) {
		uint32_t eisr = el2_vgic_v3_read_eisr();

		el2_vgic_v3_write_hcr(el2_vgic_v3_read_hcr() &
				      ~(ICH_HCR_UIE | ICH_HCR_NPIE |
					ICH_HCR_LRENPIE));
		while (eisr) {
			unsigned n = (unsigned)__builtin_ctz(eisr);

			eisr &= eisr - 1;
			el2_vgic_v3_write_lr(n, el2_vgic_v3_read_lr(n) &
						       ~ICH_LR_EOI);
		}
		isb();
	} else {
		/* GICH_MISR / GICH_EISR (IHI 0048B 5.3.4, 5.3.5). */
		uint64_t eisr = el2_vgic_v2_read_eisr();

		el2_vgic_v2_write_hcr(el2_vgic_v2_read_hcr() &
				      ~(GICH_HCR_UIE | GICH_HCR_LRENPIE |
					GICH_HCR_NPIE));
		while (eisr) {
			unsigned n = (unsigned)__builtin_ctzll(eisr);

			eisr &= eisr - 1;
			el2_vgic_v2_write_lr(n, el2_vgic_v2_read_lr(n) &
						       ~GICH_LR_EOI);
		}
		dsb(sy);
	}
	return true;
}

void el2_hwvgic_cpu_init(void)
{
	el2_irq_register(GIC_PPI_MAINTENANCE, maintenance_irq, NULL);
	el2_gic_enable(GIC_PPI_MAINTENANCE, true);
}

/* ---- the virtual timer with the HW bit ---- */

/* PPI 27 fired while the guest ran: leave it active (its priority was
 * dropped by the acknowledge loop).  The run loop injects the virtual
 * interrupt with HW = 1 and pINTID 27; the guest's deactivation of the
 * virtual interrupt deactivates this one (IHI 0069 4.9). */
/*
 * What this pCPU knows of PPI 27's active state without asking the GIC
 * (an MMIO read, ~1 us under TCG, on the path of every timer interrupt):
 * it becomes active only when EL2 acknowledges it (the handler below) or
 * sets it, inactive when EL2 clears it or when the guest deactivates the
 * virtual interrupt of an LR with HW = 1 - so "active" is only known until
 * the guest next runs, and "inactive" until EL2 takes it again.
 */
enum { PPI_UNKNOWN, PPI_INACTIVE, PPI_ACTIVE };
static unsigned char ppi27_known[AV_EL2_MAX_PCPUS];

bool el2_vtimer_hw_irq(unsigned intid, void *arg)
{
	(void)intid;
	(void)arg;
	el2_stats_vtimer_irq();
	ppi27_known[this_cpu_index()] = PPI_ACTIVE;
	el2_vtimer_fired();
	return false;
}

void el2_vtimer_hw_guest_entry(void)
{
	unsigned char *k = &ppi27_known[this_cpu_index()];

	if (*k == PPI_ACTIVE)
		*k = PPI_UNKNOWN;
}

void el2_stats_vtimer_irq(void)
{
	my_stats()->vtimer_irqs++;
}

/* This pCPU's PPI 27 active bit: GICR_ISACTIVER0 (v3), or GICD_ISACTIVER0,
 * banked per CPU interface (v2, IHI 0048B 4.3.6). */
static volatile uint32_t *ppi_active_reg(bool set)
{
	uintptr_t a = el2_gic_version() == 3
			      ? this_cpu()->gicr_rd + (set ? GICR_ISACTIVER0
							   : GICR_ICACTIVER0)
			      : el2_manifest.plat.gicd_pa +
					(set ? GICD_ISACTIVER0 : GICD_ICACTIVER0);

	return (volatile uint32_t *)a;
}

/*
 * The timer code's "mask while the level is in the irqchip" becomes the
 * physical active state (KVM kvm_timer_vcpu_load_gic: phys_active =
 * level, or active in the vGIC): active, the PPI cannot fire again until
 * the guest deactivates it through the LR; inactive, the next expiry
 * traps.  Clearing an active state here is the hypervisor's doing, not
 * the guest's: counted apart (deact_by_hyp), so that the statistics show
 * who deactivates.
 */
bool el2_vtimer_hw_is_active(void)
{
	unsigned char *k = &ppi27_known[this_cpu_index()];

	if (*k == PPI_UNKNOWN)
		*k = *ppi_active_reg(true) & (1u << GIC_PPI_VIRT_TIMER)
			     ? PPI_ACTIVE
			     : PPI_INACTIVE;
	return *k == PPI_ACTIVE;
}

void el2_vtimer_hw_set_active(bool active)
{
	if (el2_vtimer_hw_is_active() == active)
		return;
	if (!active)
		my_stats()->deact_by_hyp++;
	*ppi_active_reg(active) = 1u << GIC_PPI_VIRT_TIMER;
	dsb(sy);
	ppi27_known[this_cpu_index()] = active ? PPI_ACTIVE : PPI_INACTIVE;
}

/* ---- statistics ---- */

void el2_stats_exit(const struct el2_exit *e)
{
	struct el2_hw_stats *s = my_stats();

	s->exits++;
	if ((unsigned)e->kind < EL2_STATS_KINDS)
		s->by_kind[e->kind]++;
}

void el2_stats_report(void)
{
	if (!(el2_manifest.flags & AV_EL2_F_STATS))
		return;
	for (unsigned i = 0; i < el2_nr_cpus; i++) {
		const struct el2_hw_stats *s = &stats[i];
		uintptr_t rd = el2_cpus[i].gicr_rd;
		uint32_t bit = 1u << GIC_PPI_VIRT_TIMER;
		int act = -1, pend = -1;

		if (!s->exits)
			continue;
		if (el2_gic_version() == 3 && rd) {
			act = !!(*(volatile uint32_t *)(rd + GICR_ISACTIVER0) &
				 bit);
			pend = !!(*(volatile uint32_t *)(rd + GICR_ISPENDR0) &
				  bit);
		} else if (el2_gic_version() == 2 && i == this_cpu_index()) {
			/* banked: only this CPU interface's is visible */
			uintptr_t d = el2_manifest.plat.gicd_pa;

			act = !!(*(volatile uint32_t *)(d + GICD_ISACTIVER0) &
				 bit);
			pend = !!(*(volatile uint32_t *)(d + GICD_ISPENDR0) &
				  bit);
		}
		el2_log("hwstats: vcpu %u exits %llu irq %llu sysreg %llu "
			"mmio %llu wfx %llu hvc %llu smc %llu abort %llu "
			"vtimer_irqs %llu maint_irqs %llu deact_by_hyp %llu "
			"ppi27_active %d ppi27_pending %d",
			i, (unsigned long long)s->exits,
			(unsigned long long)s->by_kind[EL2_EXIT_IRQ],
			(unsigned long long)s->by_kind[EL2_EXIT_SYSREG],
			(unsigned long long)s->by_kind[EL2_EXIT_MMIO],
			(unsigned long long)s->by_kind[EL2_EXIT_WFX],
			(unsigned long long)s->by_kind[EL2_EXIT_HVC],
			(unsigned long long)s->by_kind[EL2_EXIT_SMC],
			(unsigned long long)(s->by_kind[EL2_EXIT_DABT] +
					     s->by_kind[EL2_EXIT_IABT]),
			(unsigned long long)s->vtimer_irqs,
			(unsigned long long)s->maint_irqs,
			(unsigned long long)s->deact_by_hyp, act, pend);
	}
}
