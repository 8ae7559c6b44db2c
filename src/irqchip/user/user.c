/* SPDX-License-Identifier: MIT */
/*
 * The user irqchip: no in-kernel interrupt controller.  The VMM owns it and
 * drives each vCPU's IRQ/FIQ pins with KVM_ARM_IRQ_TYPE_CPU line calls; the
 * core tells the VMM the levels of the devices it emulates (the timers and
 * the PMU) in run->device_irq_level on every exit, and exits with
 * AV_EXIT_INTR as soon as one of them differs from what the VMM last saw
 * (KVM api.rst KVM_CAP_ARM_USER_IRQ; KVM kvm_timer_should_notify_user).
 *
 * Everything the run loop needs to know about this mode is one of these
 * callbacks: the core has no "is it the user irqchip" checks.
 */
#include <errno.h>

#include "irqchip/irqchip.h"
#include "platform/platform.h"
#include "pmu/pmu.h"
#include "timer/arch_timer.h"

struct user_vcpu {
	_Atomic uint32_t pins; /* 1 << AV_IRQ_CPU_IRQ / AV_IRQ_CPU_FIQ */
};

static struct user_vcpu *uv(av_vcpu *v)
{
	return vcpu_irqchip_data(v);
}

static int user_vcpu_init(av_vcpu *v)
{
	struct user_vcpu *u = plat_zalloc(sizeof(*u));

	if (!u)
		return -ENOMEM;
	atomic_init(&u->pins, 0);
	vcpu_set_irqchip_data(v, u);
	return 0;
}

static void user_vcpu_destroy(av_vcpu *v)
{
	plat_free(uv(v));
	vcpu_set_irqchip_data(v, NULL);
}

/* device_irq_level bits of the timers and the PMU (KVM_ARM_DEV_*). */
static uint64_t user_levels(av_vcpu *v)
{
	return timer_user_levels(v) | pmu_user_levels(v);
}

/* A level differs from what the VMM was last told: exit to say so. */
static bool user_notify(av_vcpu *v)
{
	return user_levels(v) != vcpu_run_struct(v)->device_irq_level;
}

static void user_report(av_vcpu *v)
{
	vcpu_run_struct(v)->device_irq_level = user_levels(v);
}

static void user_lines(av_vcpu *v, bool *irq, bool *fiq)
{
	uint32_t pins = atomic_load(&uv(v)->pins);

	*irq = pins & (1u << AV_IRQ_CPU_IRQ);
	*fiq = pins & (1u << AV_IRQ_CPU_FIQ);
}

/* WFI ends on a pin the VMM raised, or on a level it has to hear of. */
static bool user_pending(av_vcpu *v)
{
	return atomic_load(&uv(v)->pins) || user_notify(v);
}

/* KVM_ARM_IRQ_TYPE_CPU: the VMM sets a vCPU's IRQ or FIQ pin. */
static int user_irq_line(av_vm *vm, uint32_t type, uint32_t vcpu,
			 uint32_t irq, bool level)
{
	av_vcpu *v;
	uint32_t bit, old;

	if (type != AV_IRQ_TYPE_CPU)
		return -ENXIO; /* SPI/PPI: no in-kernel irqchip */
	v = vm_get_vcpu(vm, vcpu);
	if (!v || irq > AV_IRQ_CPU_FIQ)
		return -EINVAL;
	bit = 1u << irq;
	old = level ? atomic_fetch_or(&uv(v)->pins, bit)
		    : atomic_fetch_and(&uv(v)->pins, ~bit);
	if (!!(old & bit) != level)
		vcpu_request_and_kick(v, REQ_IRQ_PENDING);
	return 0;
}

const struct irqchip_flow irqchip_user_flow = {
	.name = "user",
	.reports_levels = true,
	.vcpu_init = user_vcpu_init,
	.vcpu_destroy = user_vcpu_destroy,
	.vcpu_pending_irq = user_pending,
	.vcpu_lines = user_lines,
	.vcpu_notify_user = user_notify,
	.vcpu_report_levels = user_report,
	.inject_userspace_irq = user_irq_line,
};
