// SPDX-License-Identifier: MIT
/*
 * The demo VMM's run loop (demo.h): vCPU n on pCPU n, each pCPU entering
 * its guest and dispatching the exit values el2_vcpu_run returns.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "engine/el2/demo.h"
#include "engine/el2/gic.h"
#include "engine/el2/irq.h"
#include "engine/el2/sysregs.h"
#include "engine/el2/vgic_hw.h"
#include "platform/el2/clock.h"
#include "platform/el2/hosttimer.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/percpu.h"

/* PSCI (DEN0022) and SMCCC (DEN0028) function ids and results */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_SYSTEM_OFF 0x84000008u
#define SMCCC_VERSION 0x80000000u
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_ALREADY_ON (-4)
#define SMCCC_RET_NOT_SUPPORTED (-1)

static struct el2_vm vm;
static struct demo_vcpu vcpus[AV_EL2_MAX_PCPUS];
static bool trace;

static struct demo_vcpu *this_demo_vcpu(void)
{
	return (struct demo_vcpu *)this_cpu()->vcpu;
}

/* The EL1 virtual timer's PPI reached EL2 (HCR_EL2.IMO): leave it active
 * -- it cannot fire again -- and raise the vCPU's IRQ line until the guest
 * has dealt with its timer (HVC #2), as KVM does with the active state of
 * a hardware-mapped timer interrupt. */
static bool vtimer_irq(unsigned intid, void *arg)
{
	struct demo_vcpu *d = this_demo_vcpu();

	(void)intid;
	(void)arg;
	if (!d)
		return true;
	d->vtimer_held = true;
	return false;
}

static void virq_done(struct demo_vcpu *d)
{
	atomic_store(&d->kick_virq, false);
	if (d->vtimer_held) {
		d->vtimer_held = false;
		el2_gic_deactivate(GIC_PPI_VIRT_TIMER);
	}
}

static bool irq_line(struct demo_vcpu *d)
{
	return d->vtimer_held || atomic_load(&d->kick_virq);
}

static int64_t psci_cpu_on(uint64_t mpidr, uint64_t pc, uint64_t ctx)
{
	/* PLATFORM.md: vCPU n has Aff0 = n % 16, Aff1 = n / 16. */
	uint64_t n = (mpidr & 0xff) + 16 * ((mpidr >> 8) & 0xff);
	struct demo_vcpu *t;
	unsigned off = 0;

	if ((mpidr & ~0xffffull) || n >= vm.nr_vcpus)
		return PSCI_RET_INVALID_PARAMS;
	t = &vcpus[n];
	/* Exactly one caller turns it on (PLATFORM.md CPU_ON rule): OFF ->
	 * PENDING claims it, then the entry point is written, then ON. */
	if (!atomic_compare_exchange_strong(&t->power, &off, DEMO_PENDING))
		return PSCI_RET_ALREADY_ON;
	t->start_pc = pc;
	t->start_x0 = ctx;
	atomic_store(&t->power, DEMO_ON);
	plat_event_signal(&t->wake);
	return PSCI_RET_SUCCESS;
}

static __attribute__((noreturn)) void system_off(void)
{
	int s = demo_console_status();

	el2_log("guest: SYSTEM_OFF, console EXIT status %d", s);
	/* PLATFORM.md exit status: 1 -> 0, 77 -> 77, none -> 0. */
	el2_machine_exit(s < 0 || s == 1 ? 0 : s == 0 ? 1 : s);
}

static void smccc_call(struct demo_vcpu *d)
{
	struct el2_vcpu *v = &d->v;
	uint32_t fn = (uint32_t)el2_vcpu_gpr(v, 0);
	int64_t r;

	switch (fn) {
	case PSCI_VERSION:
		r = 0x10000; /* 1.0 */
		break;
	case SMCCC_VERSION:
		r = 0x10001; /* 1.1 */
		break;
	case PSCI_CPU_ON_64:
		r = psci_cpu_on(el2_vcpu_gpr(v, 1), el2_vcpu_gpr(v, 2),
				el2_vcpu_gpr(v, 3));
		break;
	case PSCI_AFFINITY_INFO_64: {
		uint64_t m = el2_vcpu_gpr(v, 1);
		uint64_t n = (m & 0xff) + 16 * ((m >> 8) & 0xff);

		r = n < vm.nr_vcpus ? !atomic_load(&vcpus[n].power)
				    : PSCI_RET_INVALID_PARAMS;
		break;
	}
	case PSCI_CPU_OFF:
		atomic_store(&d->power, DEMO_OFF);
		return;
	case PSCI_SYSTEM_OFF:
		system_off();
	default:
		r = SMCCC_RET_NOT_SUPPORTED;
		break;
	}
	el2_vcpu_set_gpr(v, 0, (uint64_t)r);
}

/* HVC #6: the GIC's virtual CPU interface on (En, no traps) or off (v3:
 * En = 0 with TALL0 | TALL1 | TC, the part-1 setting). */
static uint64_t virtual_cpuif(bool on)
{
	if (el2_gic_version() == 3) {
		el2_vgic_v3_write_hcr(on ? ICH_HCR_EN
					 : ICH_HCR_TALL0 | ICH_HCR_TALL1 |
						   ICH_HCR_TC);
		return el2_vgic_v3_read_hcr();
	}
	el2_vgic_v2_write_hcr(on ? GICH_HCR_EN : 0);
	return el2_vgic_v2_read_hcr();
}

/* HVC #7: vINTID pending in list register 0, Group 1, priority 0x80
 * (IHI 0069 12.4.x ICH_LR<n>_EL2; IHI 0048B 5.3.9 GICH_LR<n>). */
static uint64_t lr_inject(uint32_t vintid)
{
	if (el2_gic_version() == 3) {
		el2_vgic_v3_write_lr(0, (uint64_t)vintid | ICH_LR_GROUP |
						0x80ull << ICH_LR_PRIORITY_SHIFT |
						1ull << ICH_LR_STATE_SHIFT);
	} else {
		/* GICv2 LR priority is the top 5 bits: 0x80 >> 3. */
		el2_vgic_v2_write_lr(0, (vintid & 0x3ff) |
						(0x80u >> 3) << GICH_LR_PRIORITY_SHIFT |
						1u << GICH_LR_STATE_SHIFT);
	}
	isb();
	return 0;
}

/* HVC #8: x0 = ELRSR, x1 = LR0, x2 = EISR, x3 = number of LRs. */
static void lr_state(struct el2_vcpu *v)
{
	if (el2_gic_version() == 3) {
		el2_vcpu_set_gpr(v, 0, el2_vgic_v3_read_elrsr());
		el2_vcpu_set_gpr(v, 1, el2_vgic_v3_read_lr(0));
		el2_vcpu_set_gpr(v, 2, el2_vgic_v3_read_eisr());
		el2_vcpu_set_gpr(v, 3, el2_vgic_v3_nr_lrs());
	} else {
		el2_vcpu_set_gpr(v, 0, el2_vgic_v2_read_elrsr());
		el2_vcpu_set_gpr(v, 1, el2_vgic_v2_read_lr(0));
		el2_vcpu_set_gpr(v, 2, el2_vgic_v2_read_eisr());
		el2_vcpu_set_gpr(v, 3, el2_vgic_v2_nr_lrs());
	}
}

static void demo_hvc(struct demo_vcpu *d, const struct el2_exit *e)
{
	struct el2_vcpu *v = &d->v;
	uint64_t x0 = el2_vcpu_gpr(v, 0);

	switch (e->call.imm) {
	case 0:
		smccc_call(d);
		break;
	case 1:
		el2_vcpu_set_gpr(v, 0, x0 + 1);
		break;
	case 2:
		virq_done(d);
		break;
	case 3:
		if (x0 >= vm.nr_vcpus) {
			el2_vcpu_set_gpr(v, 0, (uint64_t)-1);
			break;
		}
		atomic_store(&vcpus[x0].kick_virq, true);
		el2_vcpu_kick(&vcpus[x0].v);
		el2_vcpu_set_gpr(v, 0, 0);
		break;
	case 4: {
		/* x0 = a vCPU index; anything else: this vCPU */
		struct demo_vcpu *o = x0 < vm.nr_vcpus ? &vcpus[x0] : d;

		el2_vcpu_set_gpr(v, 0, o->n_sysreg);
		el2_vcpu_set_gpr(v, 1, o->n_wfx);
		el2_vcpu_set_gpr(v, 2, o->n_mmio);
		el2_vcpu_set_gpr(v, 3, o->n_undef);
		el2_vcpu_set_gpr(v, 4, o->n_abort);
		el2_vcpu_set_gpr(v, 5, o->n_irq);
		break;
	}
	case 5:
		el2_vcpu_set_gpr(v, 0, el2_gic_version());
		break;
	case 6:
		el2_vcpu_set_gpr(v, 0, virtual_cpuif(x0 != 0));
		break;
	case 7:
		el2_vcpu_set_gpr(v, 0, lr_inject((uint32_t)x0));
		break;
	case 8:
		lr_state(v);
		break;
	case 9:
	case 10: {
		/* one-reg get (#9) / set (#10) of vCPU x0's register x1 */
		uint64_t val = el2_vcpu_gpr(v, 2);
		int r = -EINVAL;

		if (x0 < vm.nr_vcpus) {
			struct el2_vcpu *t = &vcpus[x0].v;
			uint64_t id = el2_vcpu_gpr(v, 1);

			r = e->call.imm == 9 ? el2_vcpu_get_reg(t, id, &val)
					     : el2_vcpu_set_reg(t, id, val);
		}
		el2_vcpu_set_gpr(v, 0, (uint64_t)(int64_t)r);
		el2_vcpu_set_gpr(v, 1, val);
		break;
	}
	default:
		el2_vcpu_set_gpr(v, 0, (uint64_t)SMCCC_RET_NOT_SUPPORTED);
		break;
	}
}

/* WFI: PLATFORM.md -- wake on a pending interrupt even if PSTATE.I masks
 * it; here the only sources are the virtual timer's PPI and kicks, both of
 * which end the idle wait of this pCPU. */
static void demo_wfx(struct demo_vcpu *d, const struct el2_exit *e)
{
	d->n_wfx++;
	if (!e->wfx.is_wfe) {
		while (!irq_line(d))
			el2_idle_until(0);
	}
	el2_vcpu_complete(&d->v, e, 0);
}

static void inject_abort(struct demo_vcpu *d, const struct el2_exit *e,
			 const char *why)
{
	el2_log("vCPU %u: %s at IPA %#lx (VA %#lx, PC %#lx): external abort",
		d->v.id, why,
		(unsigned long)(e->kind == EL2_EXIT_MMIO ? e->mmio.ipa
							 : e->abort.ipa),
		(unsigned long)e->far, (unsigned long)d->v.frame.elr);
	d->n_abort++;
	el2_vcpu_inject_abort(&d->v, e);
}

static void handle_exit(struct demo_vcpu *d, const struct el2_exit *e)
{
	struct el2_vcpu *v = &d->v;
	uint64_t value = 0;

	if (trace)
		el2_log("vCPU %u exit %s ESR %#x PC %#lx", v->id,
			el2_exit_kind_name(e->kind), e->esr,
			(unsigned long)v->frame.elr);
	switch (e->kind) {
	case EL2_EXIT_IRQ:
		d->n_irq++;
		break;
	case EL2_EXIT_WFX:
		demo_wfx(d, e);
		break;
	case EL2_EXIT_HVC:
		demo_hvc(d, e);
		break;
	case EL2_EXIT_SMC:
		if (e->call.imm == 0)
			smccc_call(d);
		else
			el2_vcpu_set_gpr(v, 0, (uint64_t)SMCCC_RET_NOT_SUPPORTED);
		el2_vcpu_complete(v, e, 0);
		break;
	case EL2_EXIT_SYSREG:
		if (demo_sysreg(d, e, &value) == 0) {
			el2_vcpu_complete(v, e, value);
		} else {
			d->n_undef++;
			el2_vcpu_inject_undef(v, e);
		}
		break;
	case EL2_EXIT_MMIO:
		if (demo_mmio(d, e, &value) == 0)
			el2_vcpu_complete(v, e, value);
		else
			inject_abort(d, e, "access to no device");
		break;
	case EL2_EXIT_DABT:
		inject_abort(d, e, "data access without syndrome");
		break;
	case EL2_EXIT_IABT:
		inject_abort(d, e, "instruction fetch outside RAM");
		break;
	case EL2_EXIT_SERROR:
		el2_panic("vCPU %u: SError, ESR_EL2 %#x", v->id, e->esr);
	case EL2_EXIT_UNKNOWN:
		el2_log("vCPU %u: exception class %#x (ESR_EL2 %#x) at PC "
			"%#lx: UNDEFINED", v->id, e->ec, e->esr,
			(unsigned long)v->frame.elr);
		d->n_undef++;
		el2_vcpu_inject_undef(v, e);
		break;
	}
}

static void demo_boot(void)
{
	const struct av_el2_vm_desc *desc = &el2_manifest.vm;
	int r = el2_vm_init(&vm, desc, 1);

	if (r)
		el2_panic("demo: stage 2 for guest RAM: error %d", r);
	trace = el2_manifest.flags & AV_EL2_F_TRACE_EXITS;
	/* GICv2 guest on GICv2: its GICC window is the virtual CPU
	 * interface, no trap (the part-2 setting; HVC #6 turns it on). */
	if (el2_gic_version() == 2 && desc->irqchip == AV_EL2_IRQCHIP_GICV2) {
		r = el2_vgic_v2_map_gicv(&vm.s2, desc->gicc_ipa,
					 el2_manifest.plat.gicv_pa);
		if (r)
			el2_panic("demo: GICV at IPA %#lx: error %d",
				  (unsigned long)desc->gicc_ipa, r);
	}
	/* The VM's counter starts at 0 now (CNTVOFF_EL2 = the count). */
	demo_cntvoff = read_sysreg(cntpct_el0);
	for (unsigned i = 0; i < vm.nr_vcpus; i++) {
		el2_vcpu_init(&vcpus[i].v, &vm, i, i);
		el2_vcpu_set_cntvoff(&vcpus[i].v, demo_cntvoff);
		plat_event_init(&vcpus[i].wake);
	}
	vcpus[0].start_pc = desc->entry_ipa;
	vcpus[0].start_x0 = desc->dtb_ipa;
	atomic_store(&vcpus[0].power, DEMO_ON);
	el2_log("demo: %u vCPU(s), guest RAM IPA %#lx -> PA %#lx (%lu MiB), "
		"entry %#lx, stage 2 %u pages", vm.nr_vcpus,
		(unsigned long)vm.ram_ipa, (unsigned long)vm.ram_pa,
		(unsigned long)(vm.ram_size >> 20),
		(unsigned long)desc->entry_ipa, vm.s2.tables);
}

static __attribute__((noreturn)) void demo_cpu_main(unsigned cpu)
{
	struct demo_vcpu *d;
	struct el2_exit e;

	if (cpu >= vm.nr_vcpus) {
		for (;;)
			el2_idle_until(0);
	}
	d = &vcpus[cpu];
	el2_vcpu_load(&d->v);
	el2_irq_register(GIC_PPI_VIRT_TIMER, vtimer_irq, NULL);
	el2_gic_enable(GIC_PPI_VIRT_TIMER, true);
	/* Part 1 (EL2-DESIGN.md): no virtual CPU interface; the guest's
	 * ICC_* accesses trap (TALL0/TALL1/TC, En = 0). */
	if (el2_gic_version() == 3)
		el2_vgic_v3_write_hcr(ICH_HCR_TALL0 | ICH_HCR_TALL1 |
				      ICH_HCR_TC);
	for (;;) {
		while (atomic_load(&d->power) != DEMO_ON)
			plat_event_wait(&d->wake, 0);
		el2_vcpu_reset(&d->v, d->start_pc, d->start_x0);
		while (atomic_load(&d->power) == DEMO_ON) {
			el2_vcpu_set_lines(&d->v, irq_line(d), false);
			if (el2_vcpu_run(&d->v, &e))
				el2_panic("vCPU %u: exception from AArch32",
					  cpu);
			handle_exit(d, &e);
		}
	}
}

const struct el2_app el2_app_demo = {
	.name = "demo",
	.boot = demo_boot,
	.cpu_main = demo_cpu_main,
};
