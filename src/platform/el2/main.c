// SPDX-License-Identifier: MIT
/*
 * The EL2 image's boot sequence.  Boot pCPU (head.S -> el2_boot_main, MMU
 * off): identity map and MMU on, read and check the manifest, map what it
 * names, set up the GIC and this pCPU, start the others with PSCI CPU_ON,
 * run the mode's app.  Other pCPUs (head.S -> el2_secondary_main): MMU on
 * with the boot pCPU's tables, set up, run the app.
 */
#include <string.h>

#include "engine/el2/hyp.h"
#include "engine/el2/manifest.h"
#include "engine/el2/stage2.h"
#include "platform/el2/clock.h"
#include "platform/el2/log.h"
#include "platform/el2/machine.h"
#include "platform/el2/mmu.h"
#include "platform/el2/percpu.h"
#include "platform/el2/uart.h"
#include "platform/el2/psci.h"
#include "platform/el2/semihost.h"

struct el2_cpu el2_cpus[EL2_MAX_CPUS];
unsigned el2_nr_cpus = 1;
struct av_el2_manifest el2_manifest;

static const struct el2_app *app;
static _Atomic bool exiting;

extern char _start_image[], _end[];
extern void el2_secondary_entry(void);
void el2_platform_init(void);
void el2_boot_main(uint64_t dtb);
void el2_secondary_main(unsigned index);

int el2_cpu_index_of(uint64_t mpidr)
{
	for (unsigned i = 0; i < el2_nr_cpus; i++) {
		if (el2_cpus[i].mpidr == mpidr)
			return (int)i;
	}
	return -1;
}

void el2_machine_exit(int status)
{
	/* The first caller decides the status; others wait for the end. */
	if (atomic_exchange(&exiting, true)) {
		for (;;)
			wfi();
	}
	/* Before the manifest is read (a bad one) semihosting is tried:
	 * without it the HLT is UNDEFINED and comes back harmlessly. */
	if (!el2_manifest.magic || (el2_manifest.flags & AV_EL2_F_SEMIHOSTING))
		semihost_exit(status);
	if (status)
		el2_log("exit status %d lost: no semihosting, PSCI SYSTEM_OFF",
			status);
	psci_system_off();
}

static void check_manifest(void)
{
	const struct av_el2_manifest *m =
		(const struct av_el2_manifest *)(uintptr_t)AV_EL2_MANIFEST_PA;
	struct el2_manifest_env env = {
		.manifest_pa = AV_EL2_MANIFEST_PA,
		.image_start = (uintptr_t)_start_image,
		.image_end = (uintptr_t)_end,
		.boot_mpidr = this_mpidr(),
		.cntfrq = el2_cntfrq,
		.ipa_limit = 1ull << EL2_IPA_BITS,
	};
	char err[200];

	if (el2_manifest_check(m, AV_EL2_MANIFEST_MAX_SIZE, &env, err,
			       sizeof(err))) {
		el2_log("bad manifest at %#llx: %s",
			(unsigned long long)AV_EL2_MANIFEST_PA, err);
		el2_machine_exit(EL2_STATUS_BAD_MANIFEST);
	}
	memcpy(&el2_manifest, m, sizeof(el2_manifest));
}

static void map_or_die(uint64_t pa, uint64_t size, enum el2_mem kind,
		       const char *what)
{
	int r = el2_mmu_map(pa, size, kind);

	if (r)
		el2_panic("cannot map %s [%#llx, +%#llx): error %d", what,
			  (unsigned long long)pa, (unsigned long long)size, r);
}

static void map_platform(const struct av_el2_manifest *m)
{
	const struct av_el2_platform *p = &m->plat;

	map_or_die(p->hyp_ram_pa, p->hyp_ram_size, EL2_MEM_NORMAL,
		   "plat.hyp_ram");
	if (m->mode != AV_EL2_MODE_SELFTEST)
		map_or_die(m->vm.ram_pa, m->vm.ram_size, EL2_MEM_NORMAL,
			   "vm.ram_pa");
	map_or_die(p->uart_pa, 0x1000, EL2_MEM_DEVICE, "plat.uart_pa");
	map_or_die(p->gicd_pa, 0x10000, EL2_MEM_DEVICE, "plat.gicd_pa");
	if (p->gic_version == 3) {
		map_or_die(p->gicr_pa, p->gicr_stride * p->nr_pcpus,
			   EL2_MEM_DEVICE, "plat.gicr_pa");
	} else {
		map_or_die(p->gicc_pa, 0x2000, EL2_MEM_DEVICE, "plat.gicc_pa");
		map_or_die(p->gich_pa, 0x1000, EL2_MEM_DEVICE, "plat.gich_pa");
		map_or_die(p->gicv_pa, 0x2000, EL2_MEM_DEVICE, "plat.gicv_pa");
	}
}

static const struct el2_app *app_for(uint32_t mode)
{
	switch (mode) {
	case AV_EL2_MODE_SELFTEST:
		return &el2_app_selftest;
	case AV_EL2_MODE_DEMO:
		return &el2_app_demo;
	default:
		if (&el2_app_vm)
			return &el2_app_vm;
		el2_log("manifest mode %u (vm): the core is not wired into "
			"this image yet", mode);
		el2_machine_exit(EL2_STATUS_BAD_MANIFEST);
	}
}

static void start_secondaries(const struct av_el2_platform *p)
{
	for (unsigned i = 1; i < p->nr_pcpus; i++) {
		struct el2_cpu *c = &el2_cpus[i];
		int64_t r;

		c->index = i;
		c->mpidr = p->pcpu_mpidr[i];
		/* DEN0022 5.1.4 CPU_ON: target MPIDR, entry PA, context. */
		r = psci_cpu_on(c->mpidr, (uintptr_t)el2_secondary_entry, i);
		if (r != PSCI_SUCCESS)
			el2_panic("PSCI CPU_ON pCPU %u (MPIDR %#lx): %ld", i,
				  (unsigned long)c->mpidr, (long)r);
	}
	for (unsigned i = 1; i < p->nr_pcpus; i++) {
		uint64_t end = el2_ns() + 5000000000ull;

		while (!atomic_load_explicit(&el2_cpus[i].online,
					     memory_order_acquire)) {
			if (el2_ns() > end)
				el2_panic("pCPU %u did not come up", i);
			cpu_relax();
		}
	}
}

void el2_boot_main(uint64_t dtb)
{
	struct el2_cpu *c = this_cpu();

	(void)dtb;
	el2_mmu_boot_map();
	el2_mmu_enable();
	c->index = 0;
	c->mpidr = this_mpidr();
	el2_clock_init();
	el2_platform_init();
	check_manifest();
	map_platform(&el2_manifest);
	el2_uart_set_base(el2_manifest.plat.uart_pa);
	el2_log_use_semihosting(el2_manifest.flags & AV_EL2_F_LOG_SEMIHOSTING);
	el2_nr_cpus = el2_manifest.plat.nr_pcpus;
	el2_log("armvisor EL2 image: %u pCPU(s), GICv%u, CNTFRQ %lu Hz, "
		"mode %u", el2_nr_cpus, el2_manifest.plat.gic_version,
		(unsigned long)el2_cntfrq, el2_manifest.mode);
	app = app_for(el2_manifest.mode);
	if (el2_engine_init(&el2_manifest) || el2_engine_init_cpu())
		el2_panic("boot pCPU set-up failed");
	c->online = true;
	if (app->boot)
		app->boot();
	start_secondaries(&el2_manifest.plat);
	app->cpu_main(0);
	el2_panic("%s: cpu_main returned on pCPU 0", app->name);
}

void el2_secondary_main(unsigned index)
{
	struct el2_cpu *c = this_cpu();

	el2_mmu_enable();
	if (c->index != index || c->mpidr != this_mpidr())
		el2_panic("pCPU %u: MPIDR %#lx is not the manifest's %#lx",
			  index, (unsigned long)this_mpidr(),
			  (unsigned long)c->mpidr);
	if (el2_engine_init_cpu())
		el2_panic("pCPU %u set-up failed", index);
	atomic_store_explicit(&c->online, true,
			      memory_order_release);
	app->cpu_main(index);
	el2_panic("%s: cpu_main returned on pCPU %u", app->name, index);
}
