/* SPDX-License-Identifier: MIT */
/*
 * Where the vGIC's frames live in the guest's physical map: the VMM says,
 * through the device attribute group KVM_DEV_ARM_VGIC_GRP_ADDR (KVM
 * Documentation/virt/kvm/devices/arm-vgic-v3.rst and arm-vgic.rst), before
 * any vCPU runs; the library hard-codes no guest address (ARCHITECTURE.md).
 * Setting an address registers the frame's MMIO handlers with the core.
 */
#include <errno.h>
#include <string.h>

#include "irqchip/vgic/vgic.h"

#define SZ_4K 0x1000ull
#define SZ_64K 0x10000ull
#define IPA_LIMIT (1ull << 40) /* the VM's IPA space (av_vm memslots) */

struct frame_rule {
	int version;
	uint64_t align;
};

static const struct frame_rule rules[] = {
	[AV_VGIC_V2_ADDR_TYPE_DIST] = { 2, SZ_4K },
	[AV_VGIC_V2_ADDR_TYPE_CPU] = { 2, SZ_4K },
	[AV_VGIC_V3_ADDR_TYPE_DIST] = { 3, SZ_64K },
	[AV_VGIC_V3_ADDR_TYPE_REDIST] = { 3, SZ_64K },
};

static uint64_t frame_size(struct vgic_dist *d, uint64_t type)
{
	switch (type) {
	case AV_VGIC_V2_ADDR_TYPE_DIST:
		return VGIC_V2_DIST_SIZE;
	case AV_VGIC_V2_ADDR_TYPE_CPU:
		return VGIC_V2_CPU_SIZE;
	case AV_VGIC_V3_ADDR_TYPE_DIST:
		return VGIC_V3_DIST_SIZE;
	default:
		/* One RD_base + SGI_base pair per vCPU (IHI 0069 12.10). */
		return VGIC_V3_REDIST_STRIDE * d->nr_vcpus;
	}
}

static int vgic_set_addr(struct vgic_dist *d, uint64_t type, uint64_t addr)
{
	uint64_t size;
	int ret;

	if (type >= sizeof(rules) / sizeof(rules[0]) ||
	    rules[type].version != d->version)
		return -ENXIO;
	size = frame_size(d, type);
	if (addr & (rules[type].align - 1))
		return -EINVAL;
	if (addr >= IPA_LIMIT || size > IPA_LIMIT - addr)
		return -E2BIG;
	if (d->addr_set[type])
		return -EEXIST;
	if (vm_has_run(d->vm))
		return -EBUSY;
	switch (type) {
	case AV_VGIC_V2_ADDR_TYPE_DIST:
		ret = vgic_v2_register_dist(d, addr);
		break;
	case AV_VGIC_V2_ADDR_TYPE_CPU:
		ret = d->cpuif->register_v2_cpu(d, addr);
		break;
	case AV_VGIC_V3_ADDR_TYPE_DIST:
		ret = vgic_v3_register_dist(d, addr);
		break;
	default:
		ret = vgic_v3_register_redist(d, addr, size);
		break;
	}
	if (ret == -EEXIST)
		return -EINVAL; /* overlaps RAM or another device */
	if (ret)
		return ret;
	d->addr[type] = addr;
	d->addr_set[type] = true;
	return 0;
}

int vgic_set_attr(av_vm *vm, uint32_t group, uint64_t attr, const void *val)
{
	struct vgic_dist *d = vgic_dist_of(vm);
	uint64_t addr;

	if (!d || group != AV_DEV_ARM_VGIC_GRP_ADDR)
		return -ENXIO;
	if (!val)
		return -EINVAL;
	memcpy(&addr, val, sizeof(addr));
	return vgic_set_addr(d, attr, addr);
}

int vgic_get_attr(av_vm *vm, uint32_t group, uint64_t attr, void *val)
{
	struct vgic_dist *d = vgic_dist_of(vm);

	if (!d || group != AV_DEV_ARM_VGIC_GRP_ADDR ||
	    attr >= sizeof(rules) / sizeof(rules[0]) ||
	    rules[attr].version != d->version)
		return -ENXIO;
	if (!d->addr_set[attr])
		return -ENXIO; /* not placed yet */
	memcpy(val, &d->addr[attr], sizeof(d->addr[attr]));
	return 0;
}

/* First run: every frame of this version placed (KVM
 * vgic_v3_map_resources / vgic_v2_map_resources: -ENXIO). */
int vgic_check_addrs(struct vgic_dist *d)
{
	for (unsigned t = 0; t < sizeof(rules) / sizeof(rules[0]); t++) {
		if (rules[t].version == d->version && !d->addr_set[t]) {
			plat_log("vgic: GICv%d frame type %u has no address "
				 "(AV_DEV_ARM_VGIC_GRP_ADDR)",
				 d->version, t);
			return -ENXIO;
		}
	}
	return 0;
}
