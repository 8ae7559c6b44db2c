// SPDX-License-Identifier: MIT
/*
 * The VMM owns the guest's memory map (PLATFORM.md, ARCHITECTURE.md): it
 * tells the library's vGIC where its frames live, as kvmtool does with
 * KVM_DEV_ARM_VGIC_GRP_ADDR, at the addresses QEMU's virt machine uses.
 */
#include <stdio.h>

#include "platform.h"
#include "vmm.h"

int vmm_place_gic(av_vm *vm, enum av_irqchip_kind kind)
{
	struct frame {
		uint64_t type, addr;
		const char *what;
	};
	static const struct frame v3[] = {
		{ AV_VGIC_V3_ADDR_TYPE_DIST, VIRT_GIC_DIST_BASE, "distributor" },
		{ AV_VGIC_V3_ADDR_TYPE_REDIST, VIRT_GICV3_REDIST_BASE,
		  "redistributors" },
	};
	static const struct frame v2[] = {
		{ AV_VGIC_V2_ADDR_TYPE_DIST, VIRT_GIC_DIST_BASE, "distributor" },
		{ AV_VGIC_V2_ADDR_TYPE_CPU, VIRT_GICV2_CPU_BASE,
		  "CPU interface" },
	};
	const struct frame *f = kind == AV_IRQCHIP_GICV3   ? v3
				: kind == AV_IRQCHIP_GICV2 ? v2
							   : NULL;

	for (int i = 0; f && i < 2; i++) {
		int r = av_vm_set_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR,
					       f[i].type, &f[i].addr);

		if (r < 0) {
			fprintf(stderr,
				"armvisor: cannot place the GIC %s at 0x%llx: "
				"%s\n",
				f[i].what, (unsigned long long)f[i].addr,
				av_strerror(r));
			return r;
		}
	}
	return 0;
}
