/* SPDX-License-Identifier: MIT */
/*
 * What the public-API host tests share: a VM with RAM at the platform's
 * base, a vCPU entering at the Image load address, and small helpers.
 * Include after <cmocka.h>.
 */
#ifndef AV_TESTS_API_HARNESS_H
#define AV_TESTS_API_HARNESS_H

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "armvisor/armvisor.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (16ull << 20)
#define ENTRY (RAM_BASE + 0x80000)

/* PLATFORM.md's GIC frames. */
#define GICD_BASE 0x08000000ull
#define GICC_BASE 0x08010000ull
#define GICR_BASE 0x080A0000ull

/* Place a gicv3/gicv2 VM's frames where PLATFORM.md has them (the VMM's
 * job: AV_DEV_ARM_VGIC_GRP_ADDR). */
static inline void harness_place_gic(av_vm *vm, enum av_irqchip_kind chip)
{
	uint64_t dist = GICD_BASE, other = chip == AV_IRQCHIP_GICV3
						   ? GICR_BASE
						   : GICC_BASE;

	if (chip != AV_IRQCHIP_GICV3 && chip != AV_IRQCHIP_GICV2)
		return;
	assert_int_equal(av_vm_set_irqchip_attr(
				 vm, AV_DEV_ARM_VGIC_GRP_ADDR,
				 chip == AV_IRQCHIP_GICV3
					 ? AV_VGIC_V3_ADDR_TYPE_DIST
					 : AV_VGIC_V2_ADDR_TYPE_DIST,
				 &dist),
			 0);
	assert_int_equal(av_vm_set_irqchip_attr(
				 vm, AV_DEV_ARM_VGIC_GRP_ADDR,
				 chip == AV_IRQCHIP_GICV3
					 ? AV_VGIC_V3_ADDR_TYPE_REDIST
					 : AV_VGIC_V2_ADDR_TYPE_CPU,
				 &other),
			 0);
}

/* A VM of ncpus vCPUs with RAM_SIZE of RAM at RAM_BASE; *ram gets it. */
static inline av_vm *harness_vm(unsigned ncpus, enum av_irqchip_kind chip,
				uint8_t **ram)
{
	struct av_vm_config cfg = { .nr_vcpus = ncpus, .irqchip = chip };
	int err = 1;
	av_vm *vm = av_vm_create(&cfg, &err);

	assert_non_null(vm);
	assert_int_equal(err, 0);
	*ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(*ram != MAP_FAILED);
	assert_int_equal(av_vm_set_user_memory_region(vm, 0, RAM_BASE,
						      RAM_SIZE, *ram),
			 0);
	harness_place_gic(vm, chip);
	return vm;
}

/* Copy n instructions to guest physical address at. */
static inline void harness_load(uint8_t *ram, uint64_t at,
				const uint32_t *code, size_t n)
{
	memcpy(ram + (at - RAM_BASE), code, n * 4);
}

/* vCPU id, powered on, PC = pc. */
static inline av_vcpu *harness_vcpu(av_vm *vm, unsigned id, uint64_t pc)
{
	int err = 1;
	av_vcpu *v = av_vcpu_create(vm, id, 0, &err);

	assert_non_null(v);
	assert_int_equal(err, 0);
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_PC, pc), 0);
	return v;
}

static inline void harness_free(av_vm *vm, uint8_t *ram)
{
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

/* Thread body: kick the vCPU out of av_vcpu_run after 300 ms. */
static inline void *kick_later(void *v)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	av_vcpu_kick(v, AV_KICK_EXIT);
	return NULL;
}

/* Host CPU time of this process, user + system. */
static inline double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

#endif
