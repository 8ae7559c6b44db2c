/* SPDX-License-Identifier: MIT */
/*
 * The EL2 engine's machine when there is no EL2 hardware: QEMU's virt board
 * with virtualization=on, running the hypervisor image.  Its memory map and
 * CPU affinities as the image's manifest describes them (shared by the host
 * tool, vmm/el2_run.c, and tests/el2/mkmanifest.c).
 *
 * Physical memory (QEMU -m = hypervisor RAM + guest RAM):
 *   0x4000_0000  hypervisor RAM (EL2_QEMU_HYP_RAM): QEMU's boot stub, the
 *                manifest at 0x4001_0000, the image at 0x4008_0000, and
 *                QEMU's own DTB, which it puts at RAM base + min(RAM / 2,
 *                128 MiB), 2 MiB aligned (1 MiB) -- hence 130 MiB
 *   after it     guest RAM, mapped by stage 2 at the guest's IPA
 */
#ifndef VMM_EL2_QEMU_H
#define VMM_EL2_QEMU_H

#include <stdint.h>

#include "armvisor/el2_manifest.h"

#define EL2_QEMU_RAM_PA 0x40000000ull
#define EL2_QEMU_HYP_RAM (130ull << 20)
#define EL2_QEMU_CNTFRQ 62500000ull /* QEMU's generic timer */

/* QEMU hw/arm/virt.c base_memmap and virt_cpu_mp_affinity; guest RAM of
 * guest_ram bytes right after the hypervisor's. */
void el2_qemu_virt_platform(struct av_el2_platform *p, unsigned gic,
			    unsigned cpus, uint64_t guest_ram);

#endif
