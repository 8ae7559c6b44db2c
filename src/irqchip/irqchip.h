/* SPDX-License-Identifier: MIT */
/*
 * Shared irqchip definitions: the physical interrupt source that a virtual
 * interrupt can be hardware-mapped to (KVM: kvm_vgic_map_phys_irq with a
 * get_input_level callback; "Active interrupt state switching for shared
 * devices").
 */
#ifndef AV_IRQCHIP_IRQCHIP_H
#define AV_IRQCHIP_IRQCHIP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

struct irq_phys_source {
	const char *name;
	void *opaque;
	/* Current output level of the source (e.g. the timer's
	 * ENABLE && ISTATUS && !IMASK).  Called with irqchip locks held: must
	 * not call back into the irqchip. */
	bool (*get_input_level)(struct irq_phys_source *src);
	/* The physical active state changed (irqchip owns it while mapped). */
	void (*set_active)(struct irq_phys_source *src, bool active);
	/* Physical active state: set when the guest acknowledges the mapped
	 * virtual interrupt, cleared when the guest deactivates it. */
	bool active;
	/* The physical INTID behind the source when the engine runs it in
	 * the CPU (the EL2 engine's virtual timer: PPI 27), 0 for a source
	 * modelled in software: a hardware vGIC CPU interface then sets the
	 * list register's HW bit (IHI 0069 12.4.10 ICH_LR<n>_EL2.HW). */
	uint32_t hw_intid;
};

/* The irqchip implementations (selected by av_vm_config.irqchip). */
extern const struct irqchip_flow irqchip_user_flow;
extern const struct irqchip_flow vgic_v3_flow;
extern const struct irqchip_flow vgic_v2_flow;
extern const struct irqchip_flow rvic_flow;

/* Create the irqchip's VM state; called once from av_vm_create. */
int irqchip_vm_init(av_vm *vm, enum av_irqchip_kind kind,
		    const struct irqchip_flow **flow);

#endif
