// SPDX-License-Identifier: MIT
/* The fake core and platform behind the vGIC unit tests (see fake_core.h). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_core.h"
#include "irqchip/irqchip.h"
#include "irqchip/vgic/vgic.h"
#include "platform/platform.h"

#define FAKE_MAX_MMIO 8
#define FAKE_MAX_SYSREG_TABLES 4

struct av_vcpu {
	unsigned index;
	av_vm *vm;
	uint64_t mpidr;
	atomic_uint requests;
	atomic_uint kicks;
	atomic_bool irq, fiq;
	void *irqchip;
};

struct fake_mmio {
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *opaque;
};

struct av_vm {
	struct av_vm_config cfg;
	av_vcpu *vcpus[AV_MAX_VCPUS];
	void *irqchip;
	const struct irqchip_flow *flow;
	struct fake_mmio mmio[FAKE_MAX_MMIO];
	unsigned nr_mmio;
	const struct sysreg_desc *sysregs[FAKE_MAX_SYSREG_TABLES];
	unsigned nr_sysregs[FAKE_MAX_SYSREG_TABLES];
	unsigned nr_tables;
};

/* The platform layer is the real one (src/platform/platform_posix.c). */

/* ---- core.h --------------------------------------------------------------- */

void vcpu_make_request(av_vcpu *v, unsigned req)
{
	atomic_fetch_or(&v->requests, 1u << (req & REQ_MASK));
}

void vcpu_kick(av_vcpu *v)
{
	atomic_fetch_add(&v->kicks, 1);
}

void vcpu_request_and_kick(av_vcpu *v, unsigned req)
{
	vcpu_make_request(v, req);
	vcpu_kick(v);
}

unsigned vcpu_index(const av_vcpu *v)
{
	return v->index;
}

uint64_t vcpu_get_mpidr(const av_vcpu *v)
{
	return v->mpidr;
}

av_vm *vcpu_vm(const av_vcpu *v)
{
	return v->vm;
}

unsigned vm_nr_vcpus(const av_vm *vm)
{
	return vm->cfg.nr_vcpus;
}

av_vcpu *vm_get_vcpu(av_vm *vm, unsigned i)
{
	return i < vm->cfg.nr_vcpus ? vm->vcpus[i] : NULL;
}

av_vcpu *vm_vcpu_by_mpidr(av_vm *vm, uint64_t mpidr)
{
	const uint64_t aff = 0xff00ffffffull;

	for (unsigned i = 0; i < vm->cfg.nr_vcpus; i++)
		if (vm->vcpus[i] && (vm->vcpus[i]->mpidr & aff) == (mpidr & aff))
			return vm->vcpus[i];
	return NULL;
}

const struct av_vm_config *vm_config(const av_vm *vm)
{
	return &vm->cfg;
}

void *vm_irqchip_data(av_vm *vm)
{
	return vm->irqchip;
}

void vm_set_irqchip_data(av_vm *vm, void *data)
{
	vm->irqchip = data;
}

void *vcpu_irqchip_data(av_vcpu *v)
{
	return v->irqchip;
}

void vcpu_set_irqchip_data(av_vcpu *v, void *data)
{
	v->irqchip = data;
}

void vcpu_set_irq_lines(av_vcpu *v, bool irq, bool fiq)
{
	atomic_store(&v->irq, irq);
	atomic_store(&v->fiq, fiq);
}

int vm_register_sysregs(av_vm *vm, const struct sysreg_desc *table, unsigned n)
{
	if (vm->nr_tables == FAKE_MAX_SYSREG_TABLES)
		return -ENOSPC;
	vm->sysregs[vm->nr_tables] = table;
	vm->nr_sysregs[vm->nr_tables++] = n;
	return 0;
}

bool vm_has_run(const av_vm *vm)
{
	return false;
}

int vm_register_mmio(av_vm *vm, uint64_t base, uint64_t size,
		     const struct mmio_ops *ops, void *opaque)
{
	if (vm->nr_mmio == FAKE_MAX_MMIO)
		return -ENOSPC;
	vm->mmio[vm->nr_mmio++] = (struct fake_mmio){ base, size, ops, opaque };
	return 0;
}

/* ---- test helpers ------------------------------------------------------- */

av_vm *fake_vm_new(unsigned nr_vcpus, int gic_version, unsigned nr_lrs)
{
	av_vm *vm = calloc(1, sizeof(*vm));

	vm->cfg.nr_vcpus = nr_vcpus;
	vm->cfg.irqchip = gic_version == 3 ? AV_IRQCHIP_GICV3 : AV_IRQCHIP_GICV2;
	vm->cfg.nr_lrs = nr_lrs;
	vm->flow = gic_version == 3 ? &vgic_v3_flow : &vgic_v2_flow;
	for (unsigned i = 0; i < nr_vcpus; i++) {
		av_vcpu *v = calloc(1, sizeof(*v));

		v->index = i;
		v->vm = vm;
		/* PLATFORM.md: Aff0 = n % 16, Aff1 = n / 16, bit 31 set. */
		v->mpidr = 1ull << 31 | (i / 16) << 8 | (i % 16);
		vm->vcpus[i] = v;
	}
	if (vgic_vm_init(vm, gic_version)) {
		fake_vm_free(vm);
		return NULL;
	}
	/* The VMM's job: the frames at PLATFORM.md's addresses. */
	{
		uint64_t a[2] = { 0x08000000, gic_version == 3 ? 0x080a0000
							       : 0x08010000 };
		uint64_t t[2] = { gic_version == 3 ? AV_VGIC_V3_ADDR_TYPE_DIST
						   : AV_VGIC_V2_ADDR_TYPE_DIST,
				  gic_version == 3 ? AV_VGIC_V3_ADDR_TYPE_REDIST
						   : AV_VGIC_V2_ADDR_TYPE_CPU };

		for (int i = 0; i < 2; i++)
			if (vgic_set_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR, t[i],
					  &a[i])) {
				fake_vm_free(vm);
				return NULL;
			}
	}
	for (unsigned i = 0; i < nr_vcpus; i++)
		if (vm->flow->vcpu_init(vm->vcpus[i])) {
			fake_vm_free(vm);
			return NULL;
		}
	return vm;
}

void fake_vm_free(av_vm *vm)
{
	if (vm->irqchip)
		vm->flow->destroy(vm);
	for (unsigned i = 0; i < vm->cfg.nr_vcpus; i++)
		free(vm->vcpus[i]);
	free(vm);
}

av_vcpu *fake_vcpu(av_vm *vm, unsigned i)
{
	return vm->vcpus[i];
}

const struct irqchip_flow *fake_flow(av_vm *vm)
{
	return vm->flow;
}

static struct fake_mmio *find_mmio(av_vm *vm, uint64_t gpa)
{
	for (unsigned i = 0; i < vm->nr_mmio; i++)
		if (gpa >= vm->mmio[i].base &&
		    gpa - vm->mmio[i].base < vm->mmio[i].size)
			return &vm->mmio[i];
	return NULL;
}

bool fake_mmio_read(av_vm *vm, av_vcpu *v, uint64_t gpa, unsigned len,
		    uint64_t *val)
{
	struct fake_mmio *m = find_mmio(vm, gpa);

	*val = 0;
	return m && m->ops->read(m->opaque, v, gpa - m->base, len, val) == 0;
}

bool fake_mmio_write(av_vm *vm, av_vcpu *v, uint64_t gpa, unsigned len,
		     uint64_t val)
{
	struct fake_mmio *m = find_mmio(vm, gpa);

	return m && m->ops->write(m->opaque, v, gpa - m->base, len, val) == 0;
}

uint64_t fake_rd(av_vcpu *v, uint64_t gpa, unsigned len)
{
	uint64_t val;

	if (!fake_mmio_read(v->vm, v, gpa, len, &val)) {
		fprintf(stderr, "fake_rd: nothing at %#llx\n",
			(unsigned long long)gpa);
		abort();
	}
	return val;
}

void fake_wr(av_vcpu *v, uint64_t gpa, unsigned len, uint64_t val)
{
	if (!fake_mmio_write(v->vm, v, gpa, len, val)) {
		fprintf(stderr, "fake_wr: nothing at %#llx\n",
			(unsigned long long)gpa);
		abort();
	}
}

static const struct sysreg_desc *find_sysreg(av_vm *vm, uint32_t enc)
{
	for (unsigned t = vm->nr_tables; t-- > 0;)
		for (unsigned i = 0; i < vm->nr_sysregs[t]; i++)
			if (vm->sysregs[t][i].enc == enc)
				return &vm->sysregs[t][i];
	return NULL;
}

int fake_sysreg_read(av_vcpu *v, uint32_t enc, unsigned el, uint64_t *val)
{
	const struct sysreg_desc *d = find_sysreg(v->vm, enc);

	*val = 0;
	if (!d || !d->read)
		return -ENOENT;
	return d->read(v, enc, el, val);
}

int fake_sysreg_write(av_vcpu *v, uint32_t enc, unsigned el, uint64_t val)
{
	const struct sysreg_desc *d = find_sysreg(v->vm, enc);

	if (!d || !d->write)
		return -ENOENT;
	return d->write(v, enc, el, val);
}

unsigned fake_nr_sysregs(av_vm *vm)
{
	unsigned n = 0;

	for (unsigned t = 0; t < vm->nr_tables; t++)
		n += vm->nr_sysregs[t];
	return n;
}

const struct sysreg_desc *fake_sysreg_at(av_vm *vm, unsigned i)
{
	for (unsigned t = 0; t < vm->nr_tables; t++) {
		if (i < vm->nr_sysregs[t])
			return &vm->sysregs[t][i];
		i -= vm->nr_sysregs[t];
	}
	return NULL;
}

bool fake_irq_line(av_vcpu *v)
{
	return atomic_load(&v->irq);
}

bool fake_fiq_line(av_vcpu *v)
{
	return atomic_load(&v->fiq);
}

bool fake_take_request(av_vcpu *v, unsigned req)
{
	unsigned bit = 1u << (req & REQ_MASK);

	return atomic_fetch_and(&v->requests, ~bit) & bit;
}

unsigned fake_kicks(av_vcpu *v)
{
	return atomic_load(&v->kicks);
}

/* ---- vGIC test conveniences ---------------------------------------------- */

av_vm *v3_vm(unsigned nr_vcpus, unsigned nr_lrs)
{
	av_vm *vm = fake_vm_new(nr_vcpus, 3, nr_lrs);

	if (!vm)
		abort();
	fake_wr(vm->vcpus[0], GICD, 4, 2); /* EnableGrp1A */
	for (unsigned i = 0; i < nr_vcpus; i++) {
		av_vcpu *v = vm->vcpus[i];

		fake_wr(v, GICR + i * GICR_STRIDE + 0x14, 4, 0);
		icc_wr(v, ICC_PMR, 0xff);
		icc_wr(v, ICC_IGRPEN1, 1);
	}
	return vm;
}

av_vm *v2_vm(unsigned nr_vcpus, unsigned nr_lrs)
{
	av_vm *vm = fake_vm_new(nr_vcpus, 2, nr_lrs);

	if (!vm)
		abort();
	fake_wr(vm->vcpus[0], GICD, 4, 1);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		fake_wr(vm->vcpus[i], GICC, 4, 1);
		fake_wr(vm->vcpus[i], GICC + 4, 4, 0xff);
	}
	return vm;
}

void spi_setup(av_vcpu *v, uint32_t intid, uint8_t prio)
{
	fake_wr(v, GICD + 0x400 + intid, 1, prio);
	fake_wr(v, GICD + 0x100 + intid / 32 * 4, 4, 1u << (intid % 32));
}

void ppi_setup(av_vcpu *v, uint32_t intid, uint8_t prio)
{
	struct vgic_dist *d = vm_irqchip_data(v->vm);
	uint64_t base = d->version == 3
				? GICR + v->index * GICR_STRIDE + SGI_FRAME
				: GICD;

	fake_wr(v, base + 0x400 + intid, 1, prio);
	fake_wr(v, base + 0x100, 4, 1u << intid);
}

uint64_t icc_rd(av_vcpu *v, uint32_t enc)
{
	uint64_t val;

	if (fake_sysreg_read(v, enc, 1, &val)) {
		fprintf(stderr, "icc_rd: %#x undefined\n", enc);
		abort();
	}
	return val;
}

void icc_wr(av_vcpu *v, uint32_t enc, uint64_t val)
{
	if (fake_sysreg_write(v, enc, 1, val)) {
		fprintf(stderr, "icc_wr: %#x undefined\n", enc);
		abort();
	}
}
