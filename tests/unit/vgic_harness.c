// SPDX-License-Identifier: MIT
/* vGIC unit tests over the real core and the null engine (vgic_harness.h). */
#include <string.h>

#include "vgic_harness.h"

av_vm *vgic_vm(unsigned nr_vcpus, int gic_version, unsigned nr_lrs)
{
	struct av_vm_config cfg = {
		.nr_vcpus = nr_vcpus,
		.irqchip = gic_version == 3 ? AV_IRQCHIP_GICV3
					    : AV_IRQCHIP_GICV2,
		.nr_lrs = nr_lrs,
	};

	return nh_vm_new(&cfg);
}

/* Set-up through the core's dispatch, so that no vCPU has run yet (a
 * test may still move the timers' INTIDs). */
static void icc_setup(av_vcpu *v, uint32_t enc, uint64_t val)
{
	int r = nh_sysreg(v, enc, true, 1, &val);

	nh_check(r == 0, "ICC %#x: %d", enc, r);
}

av_vm *v3_vm(unsigned nr_vcpus, unsigned nr_lrs)
{
	av_vm *vm = vgic_vm(nr_vcpus, 3, nr_lrs);

	gic_wr(av_vm_vcpu(vm, 0), GICD, 4, 2); /* EnableGrp1A */
	for (unsigned i = 0; i < nr_vcpus; i++) {
		av_vcpu *v = av_vm_vcpu(vm, i);

		gic_wr(v, GICR + i * GICR_STRIDE + 0x14, 4, 0);
		icc_setup(v, ICC_PMR, 0xff);
		icc_setup(v, ICC_IGRPEN1, 1);
	}
	return vm;
}

av_vm *v2_vm(unsigned nr_vcpus, unsigned nr_lrs)
{
	av_vm *vm = vgic_vm(nr_vcpus, 2, nr_lrs);

	gic_wr(av_vm_vcpu(vm, 0), GICD, 4, 1);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		gic_wr(av_vm_vcpu(vm, i), GICC, 4, 1);
		gic_wr(av_vm_vcpu(vm, i), GICC + 4, 4, 0xff);
	}
	return vm;
}

void spi_setup(av_vcpu *v, uint32_t intid, uint8_t prio)
{
	gic_wr(v, GICD + 0x400 + intid, 1, prio);
	gic_wr(v, GICD + 0x100 + intid / 32 * 4, 4, 1u << (intid % 32));
}

void ppi_setup(av_vcpu *v, uint32_t intid, uint8_t prio)
{
	struct vgic_dist *d = vgic_dist_of(vcpu_vm(v));
	uint64_t base = d->version == 3
				? GICR + av_vcpu_id(v) * GICR_STRIDE + SGI_FRAME
				: GICD;

	gic_wr(v, base + 0x400 + intid, 1, prio);
	gic_wr(v, base + 0x100, 4, 1u << intid);
}

bool gic_mmio_read(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t *val)
{
	return nh_mmio(v, gpa, len, false, val) == 0;
}

bool gic_mmio_write(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t val)
{
	return nh_mmio(v, gpa, len, true, &val) == 0;
}

uint64_t gic_rd(av_vcpu *v, uint64_t gpa, unsigned len)
{
	uint64_t val;

	nh_check(gic_mmio_read(v, gpa, len, &val), "nothing at %#llx",
		 (unsigned long long)gpa);
	return val;
}

void gic_wr(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t val)
{
	nh_check(gic_mmio_write(v, gpa, len, val), "nothing at %#llx",
		 (unsigned long long)gpa);
}

uint64_t icc_rd(av_vcpu *v, uint32_t enc)
{
	struct engine_entry a = nh_guest_sysreg(v, enc, false, 1, 0);

	nh_check(a.result == ENGINE_DONE, "MRS %#x: answer %d", enc,
		 a.result);
	return a.val;
}

void icc_wr(av_vcpu *v, uint32_t enc, uint64_t val)
{
	struct engine_entry a = nh_guest_sysreg(v, enc, true, 1, val);

	nh_check(a.result == ENGINE_DONE, "MSR %#x: answer %d", enc,
		 a.result);
}

static void snap_hook(av_vcpu *v, const struct engine_entry *in, void *arg)
{
	struct lr_snap *s = arg;
	struct vgic_cpu *c = vgic_cpu_of(v);

	/* The emulated CPU interface's list registers (vgic_cpuif.h). */
	memcpy(s->lr, c->emu.lr, sizeof(s->lr));
	s->used_lrs = c->used_lrs;
	s->underflow = c->emu.underflow;
	s->npie = c->emu.npie;
	s->irq = in->irq;
	s->fiq = in->fiq;
	s->taken = true;
}

void vgic_enter(av_vcpu *v, struct lr_snap *s)
{
	memset(s, 0, sizeof(*s));
	null_engine_set_hook(v, snap_hook, s);
	nh_run(v);
	null_engine_set_hook(v, NULL, NULL);
	nh_check(s->taken, "vCPU %u did not enter", av_vcpu_id(v));
}

bool take_request(av_vcpu *v, unsigned req)
{
	return vcpu_check_request(v, req);
}
