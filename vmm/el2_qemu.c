// SPDX-License-Identifier: MIT
/* QEMU virt as the EL2 engine's machine (el2_qemu.h). */
#include "el2_qemu.h"

void el2_qemu_virt_platform(struct av_el2_platform *p, unsigned gic,
			    unsigned cpus, uint64_t guest_ram)
{
	/* virt_cpu_mp_affinity: 16 CPUs per cluster with GICv3, 8 with v2. */
	unsigned cluster = gic == 3 ? 16 : 8;

	p->gic_version = gic;
	p->nr_pcpus = cpus;
	p->gicd_pa = 0x08000000;
	if (gic == 3) {
		p->gicr_pa = 0x080a0000;
		p->gicr_stride = 0x20000;
	} else {
		p->gicc_pa = 0x08010000;
		p->gich_pa = 0x08030000;
		p->gicv_pa = 0x08040000;
	}
	p->uart_pa = 0x09000000;
	for (unsigned i = 0; i < cpus && i < AV_EL2_MAX_PCPUS; i++)
		p->pcpu_mpidr[i] = (uint64_t)(i / cluster) << 8 | i % cluster;
	p->ram_pa = EL2_QEMU_RAM_PA;
	p->ram_size = EL2_QEMU_HYP_RAM + guest_ram;
	p->hyp_ram_pa = EL2_QEMU_RAM_PA;
	p->hyp_ram_size = EL2_QEMU_HYP_RAM;
}
