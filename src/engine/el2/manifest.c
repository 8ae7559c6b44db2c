// SPDX-License-Identifier: MIT
/* Manifest checks (manifest.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "engine/el2/manifest.h"

#define SZ_4K 0x1000ull
#define SZ_64K 0x10000ull
#define SZ_2M 0x200000ull
#define GICV3_RD_STRIDE 0x20000ull /* RD_base + SGI_base frames */
#define MPIDR_AFF_MASK 0xff00ffffffull

struct range {
	uint64_t start, size;
	const char *name;
};

static int fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static bool no_wrap(uint64_t start, uint64_t size)
{
	return size && start + size > start;
}

static bool inside(uint64_t s, uint64_t n, uint64_t os, uint64_t on)
{
	return s >= os && s + n <= os + on;
}

static bool overlap(const struct range *a, const struct range *b)
{
	return a->start < b->start + b->size && b->start < a->start + a->size;
}

/* A device window: non-zero, aligned, no wrap. */
static int check_window(const struct range *r, uint64_t align, char *err,
			size_t len)
{
	if (!r->start)
		return fail(err, len, "%s is 0 (missing)", r->name);
	if (r->start & (align - 1))
		return fail(err, len, "%s %#llx is not %#llx-aligned", r->name,
			    (unsigned long long)r->start,
			    (unsigned long long)align);
	if (!no_wrap(r->start, r->size))
		return fail(err, len, "%s %#llx + %#llx wraps around",
			    r->name, (unsigned long long)r->start,
			    (unsigned long long)r->size);
	return 0;
}

/* No two of n ranges overlap. */
static int check_disjoint(const struct range *r, unsigned n, char *err,
			  size_t len)
{
	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = i + 1; j < n; j++) {
			if (overlap(&r[i], &r[j]))
				return fail(err, len,
					    "%s [%#llx, +%#llx) overlaps %s "
					    "[%#llx, +%#llx)",
					    r[i].name,
					    (unsigned long long)r[i].start,
					    (unsigned long long)r[i].size,
					    r[j].name,
					    (unsigned long long)r[j].start,
					    (unsigned long long)r[j].size);
		}
	}
	return 0;
}

static int check_platform(const struct av_el2_manifest *m,
			  const struct el2_manifest_env *env, char *err,
			  size_t len)
{
	const struct av_el2_platform *p = &m->plat;
	struct range dev[6];
	unsigned nd = 0;

	if (p->gic_version != 2 && p->gic_version != 3)
		return fail(err, len, "plat.gic_version %u is not 2 or 3",
			    p->gic_version);
	if (p->nr_pcpus < 1 || p->nr_pcpus > AV_EL2_MAX_PCPUS)
		return fail(err, len, "plat.nr_pcpus %u is not 1..%u",
			    p->nr_pcpus, AV_EL2_MAX_PCPUS);
	if (p->gic_version == 2 && p->nr_pcpus > 8)
		return fail(err, len, "plat.nr_pcpus %u: GICv2 has 8 CPU "
			    "interfaces", p->nr_pcpus);
	if (p->pcpu_mpidr[0] != env->boot_mpidr)
		return fail(err, len,
			    "plat.pcpu_mpidr[0] %#llx is not the boot CPU's "
			    "MPIDR affinity %#llx",
			    (unsigned long long)p->pcpu_mpidr[0],
			    (unsigned long long)env->boot_mpidr);
	for (unsigned i = 0; i < AV_EL2_MAX_PCPUS; i++) {
		uint64_t a = p->pcpu_mpidr[i];

		if (i >= p->nr_pcpus) {
			if (a)
				return fail(err, len, "plat.pcpu_mpidr[%u] is "
					    "set beyond nr_pcpus %u", i,
					    p->nr_pcpus);
			continue;
		}
		if (a & ~MPIDR_AFF_MASK)
			return fail(err, len, "plat.pcpu_mpidr[%u] %#llx has "
				    "bits outside Aff0..Aff3", i,
				    (unsigned long long)a);
		for (unsigned j = 0; j < i; j++) {
			if (p->pcpu_mpidr[j] == a)
				return fail(err, len, "plat.pcpu_mpidr[%u] "
					    "repeats pcpu_mpidr[%u] %#llx", i,
					    j, (unsigned long long)a);
		}
	}

	/* RAM: the machine's, the hypervisor's part, the image, us. */
	if (!no_wrap(p->ram_pa, p->ram_size))
		return fail(err, len, "plat.ram [%#llx, +%#llx) is empty or "
			    "wraps", (unsigned long long)p->ram_pa,
			    (unsigned long long)p->ram_size);
	if (!no_wrap(p->hyp_ram_pa, p->hyp_ram_size) ||
	    (p->hyp_ram_pa | p->hyp_ram_size) & (SZ_4K - 1))
		return fail(err, len, "plat.hyp_ram [%#llx, +%#llx) is empty, "
			    "wraps or is not 4 KiB-aligned",
			    (unsigned long long)p->hyp_ram_pa,
			    (unsigned long long)p->hyp_ram_size);
	if (!inside(p->hyp_ram_pa, p->hyp_ram_size, p->ram_pa, p->ram_size))
		return fail(err, len, "plat.hyp_ram [%#llx, +%#llx) is not "
			    "inside plat.ram [%#llx, +%#llx)",
			    (unsigned long long)p->hyp_ram_pa,
			    (unsigned long long)p->hyp_ram_size,
			    (unsigned long long)p->ram_pa,
			    (unsigned long long)p->ram_size);
	if (!inside(env->image_start, env->image_end - env->image_start,
		    p->hyp_ram_pa, p->hyp_ram_size))
		return fail(err, len, "the image [%#llx, %#llx) is not inside "
			    "plat.hyp_ram [%#llx, +%#llx)",
			    (unsigned long long)env->image_start,
			    (unsigned long long)env->image_end,
			    (unsigned long long)p->hyp_ram_pa,
			    (unsigned long long)p->hyp_ram_size);
	if (!inside(env->manifest_pa, m->size, p->hyp_ram_pa,
		    p->hyp_ram_size))
		return fail(err, len, "the manifest at %#llx is not inside "
			    "plat.hyp_ram [%#llx, +%#llx)",
			    (unsigned long long)env->manifest_pa,
			    (unsigned long long)p->hyp_ram_pa,
			    (unsigned long long)p->hyp_ram_size);

	/* MMIO windows: present, aligned, not RAM, apart. */
	dev[nd++] = (struct range){ p->gicd_pa, SZ_64K, "plat.gicd_pa" };
	dev[nd++] = (struct range){ p->uart_pa, SZ_4K, "plat.uart_pa" };
	if (p->gic_version == 3) {
		if (p->gicr_stride < GICV3_RD_STRIDE ||
		    p->gicr_stride & (SZ_64K - 1))
			return fail(err, len, "plat.gicr_stride %#llx is not a "
				    "multiple of 64 KiB >= 128 KiB",
				    (unsigned long long)p->gicr_stride);
		dev[nd++] = (struct range){ p->gicr_pa,
					    p->gicr_stride * p->nr_pcpus,
					    "plat.gicr_pa" };
	} else {
		dev[nd++] = (struct range){ p->gicc_pa, 2 * SZ_4K,
					    "plat.gicc_pa" };
		dev[nd++] = (struct range){ p->gich_pa, SZ_4K,
					    "plat.gich_pa" };
		dev[nd++] = (struct range){ p->gicv_pa, 2 * SZ_4K,
					    "plat.gicv_pa" };
	}
	for (unsigned i = 0; i < nd; i++) {
		struct range ram = { p->ram_pa, p->ram_size, "plat.ram" };
		uint64_t align = dev[i].start == p->gicr_pa &&
						 p->gic_version == 3
					 ? SZ_64K
					 : SZ_4K;

		if (check_window(&dev[i], align, err, len))
			return -1;
		if (overlap(&dev[i], &ram))
			return check_disjoint((struct range[]){ dev[i], ram },
					      2, err, len);
	}
	return check_disjoint(dev, nd, err, len);
}

static int check_vm(const struct av_el2_manifest *m,
		    const struct el2_manifest_env *env, char *err,
		    size_t len)
{
	const struct av_el2_vm_desc *v = &m->vm;
	const struct av_el2_platform *p = &m->plat;
	struct range dev[4], gram = { v->ram_ipa, v->ram_size, "vm.ram" };
	unsigned nd = 0;

	if (v->nr_vcpus < 1 || v->nr_vcpus > p->nr_pcpus)
		return fail(err, len, "vm.nr_vcpus %u is not 1..plat.nr_pcpus "
			    "(%u): one vCPU per pCPU", v->nr_vcpus,
			    p->nr_pcpus);
	if (v->irqchip < AV_EL2_IRQCHIP_GICV3 ||
	    v->irqchip > AV_EL2_IRQCHIP_USER)
		return fail(err, len, "vm.irqchip %u is not 1 (gicv3), "
			    "2 (gicv2), 3 (rvic) or 4 (user)", v->irqchip);
	if (v->timer_irq_mode > 1)
		return fail(err, len, "vm.timer_irq_mode %u is not 0 (active) "
			    "or 1 (mask)", v->timer_irq_mode);
	if (v->nr_lrs > 16)
		return fail(err, len, "vm.nr_lrs %u is more than 16",
			    v->nr_lrs);
	if (!no_wrap(v->ram_ipa, v->ram_size) ||
	    (v->ram_ipa | v->ram_size | v->ram_pa) & (SZ_2M - 1))
		return fail(err, len, "vm.ram ipa %#llx size %#llx pa %#llx: "
			    "empty, wraps, or not 2 MiB-aligned",
			    (unsigned long long)v->ram_ipa,
			    (unsigned long long)v->ram_size,
			    (unsigned long long)v->ram_pa);
	if (v->ram_ipa + v->ram_size > env->ipa_limit)
		return fail(err, len, "vm.ram [%#llx, +%#llx) ends above the "
			    "IPA space (%#llx)",
			    (unsigned long long)v->ram_ipa,
			    (unsigned long long)v->ram_size,
			    (unsigned long long)env->ipa_limit);
	if (!no_wrap(v->ram_pa, v->ram_size) ||
	    !inside(v->ram_pa, v->ram_size, p->ram_pa, p->ram_size))
		return fail(err, len, "vm.ram_pa [%#llx, +%#llx) is not inside "
			    "plat.ram [%#llx, +%#llx)",
			    (unsigned long long)v->ram_pa,
			    (unsigned long long)v->ram_size,
			    (unsigned long long)p->ram_pa,
			    (unsigned long long)p->ram_size);
	{
		struct range r[2] = {
			{ v->ram_pa, v->ram_size, "vm.ram_pa" },
			{ p->hyp_ram_pa, p->hyp_ram_size, "plat.hyp_ram" },
		};

		if (check_disjoint(r, 2, err, len))
			return -1;
	}
	if (!inside(v->entry_ipa, 4, v->ram_ipa, v->ram_size) ||
	    v->entry_ipa & 3)
		return fail(err, len, "vm.entry_ipa %#llx is not a 4-byte "
			    "aligned address in vm.ram [%#llx, +%#llx)",
			    (unsigned long long)v->entry_ipa,
			    (unsigned long long)v->ram_ipa,
			    (unsigned long long)v->ram_size);
	if (v->dtb_ipa && (!inside(v->dtb_ipa, 8, v->ram_ipa, v->ram_size) ||
			   v->dtb_ipa & 7))
		return fail(err, len, "vm.dtb_ipa %#llx is not an 8-byte "
			    "aligned address in vm.ram",
			    (unsigned long long)v->dtb_ipa);
	if (!v->initrd_size && v->initrd_ipa)
		return fail(err, len, "vm.initrd_ipa %#llx with initrd_size 0",
			    (unsigned long long)v->initrd_ipa);
	if (v->initrd_size) {
		if (!no_wrap(v->initrd_ipa, v->initrd_size) ||
		    !inside(v->initrd_ipa, v->initrd_size, v->ram_ipa,
			    v->ram_size))
			return fail(err, len, "vm.initrd [%#llx, +%#llx) is "
				    "not inside vm.ram",
				    (unsigned long long)v->initrd_ipa,
				    (unsigned long long)v->initrd_size);
		if (v->dtb_ipa &&
		    inside(v->dtb_ipa, 1, v->initrd_ipa, v->initrd_size))
			return fail(err, len, "vm.dtb_ipa %#llx is inside "
				    "vm.initrd", (unsigned long long)v->dtb_ipa);
	}
	if (v->vtimer_intid < 16 || v->vtimer_intid > 31 ||
	    v->ptimer_intid < 16 || v->ptimer_intid > 31 ||
	    v->vtimer_intid == v->ptimer_intid)
		return fail(err, len, "vm.vtimer_intid %u / ptimer_intid %u: "
			    "each must be a PPI 16..31, and they must differ",
			    v->vtimer_intid, v->ptimer_intid);
	if (v->cntfrq != env->cntfrq)
		return fail(err, len, "vm.cntfrq %llu is not the hardware's "
			    "CNTFRQ_EL0 %llu", (unsigned long long)v->cntfrq,
			    (unsigned long long)env->cntfrq);
	if (v->vm_flags)
		return fail(err, len, "vm.vm_flags %#llx: no flag is defined",
			    (unsigned long long)v->vm_flags);

	/* The guest's device windows: outside guest RAM, apart. */
	dev[nd++] = (struct range){ v->uart_ipa, SZ_4K, "vm.uart_ipa" };
	if (v->irqchip != AV_EL2_IRQCHIP_RVIC)
		dev[nd++] = (struct range){ v->gicd_ipa, SZ_64K,
					    "vm.gicd_ipa" };
	if (v->irqchip == AV_EL2_IRQCHIP_GICV3)
		dev[nd++] = (struct range){ v->gicr_ipa,
					    GICV3_RD_STRIDE * v->nr_vcpus,
					    "vm.gicr_ipa" };
	if (v->irqchip == AV_EL2_IRQCHIP_GICV2 ||
	    v->irqchip == AV_EL2_IRQCHIP_USER)
		dev[nd++] = (struct range){ v->gicc_ipa, 2 * SZ_4K,
					    "vm.gicc_ipa" };
	for (unsigned i = 0; i < nd; i++) {
		if (check_window(&dev[i], SZ_4K, err, len))
			return -1;
		if (dev[i].start + dev[i].size > env->ipa_limit)
			return fail(err, len, "%s %#llx is above the IPA space",
				    dev[i].name,
				    (unsigned long long)dev[i].start);
		if (overlap(&dev[i], &gram))
			return check_disjoint((struct range[]){ dev[i], gram },
					      2, err, len);
	}
	return check_disjoint(dev, nd, err, len);
}

int el2_manifest_check(const struct av_el2_manifest *m, size_t avail,
		       const struct el2_manifest_env *env, char *err,
		       size_t len)
{
	if (avail < 16)
		return fail(err, len, "no room for a manifest header");
	if (m->magic != AV_EL2_MANIFEST_MAGIC)
		return fail(err, len, "bad magic %#llx (want %#llx): no "
			    "manifest at %#llx?", (unsigned long long)m->magic,
			    (unsigned long long)AV_EL2_MANIFEST_MAGIC,
			    (unsigned long long)env->manifest_pa);
	if (m->version != AV_EL2_MANIFEST_VERSION)
		return fail(err, len, "version %u is not %u", m->version,
			    AV_EL2_MANIFEST_VERSION);
	if (m->size != sizeof(*m) || avail < sizeof(*m))
		return fail(err, len, "size %u is not %zu (version %u)",
			    m->size, sizeof(*m), m->version);
	if (m->mode < AV_EL2_MODE_VM || m->mode > AV_EL2_MODE_SELFTEST)
		return fail(err, len, "mode %u is not 1 (vm), 2 (demo) or "
			    "3 (selftest)", m->mode);
	if (m->flags & ~AV_EL2_F_ALL)
		return fail(err, len, "flags %#x: unknown bits %#x", m->flags,
			    m->flags & ~AV_EL2_F_ALL);
	if (!(m->flags & AV_EL2_F_HALT_POLL) && m->halt_poll_ns)
		return fail(err, len, "halt_poll_ns %llu without its flag",
			    (unsigned long long)m->halt_poll_ns);
	if (m->halt_poll_ns > 0xffffffffull)
		return fail(err, len, "halt_poll_ns %llu is more than 32 bits",
			    (unsigned long long)m->halt_poll_ns);
	for (unsigned i = 0; i < sizeof(m->reserved) / 8; i++) {
		if (m->reserved[i])
			return fail(err, len, "reserved[%u] is not 0", i);
	}
	if (check_platform(m, env, err, len))
		return -1;
	if (m->mode == AV_EL2_MODE_SELFTEST)
		return 0;
	return check_vm(m, env, err, len);
}
