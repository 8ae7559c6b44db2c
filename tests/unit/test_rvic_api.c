/* SPDX-License-Identifier: MIT */
/*
 * The rVIC device API (include/armvisor/armvisor.h "rVIC device API") and
 * the rVIC hypercalls through the real library and engine: sizes are
 * validated on both paths, creation is refused when the VM has a chip or
 * vCPUs, NR_IRQS is once-only, and a guest's HVC reaches the rVIC.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "armvisor/armvisor.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (16ull << 20)
#define ENTRY (RAM_BASE + 0x80000)

static av_vm *vm_with(enum av_irqchip_kind chip, unsigned trusted,
		      unsigned total, int *err)
{
	struct av_vm_config cfg = { .nr_vcpus = 2,
				    .irqchip = chip,
				    .rvic_trusted = trusted,
				    .rvic_total = total };

	return av_vm_create(&cfg, err);
}

static void test_config_sizes(void **s)
{
	static const unsigned bad[][2] = { { 16, 64 }, { 32, 32 }, { 48, 96 },
					   { 32, 4096 }, { 128, 64 } };
	int err = 0;
	av_vm *vm;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(vm_with(AV_IRQCHIP_RVIC, bad[i][0], bad[i][1],
				    &err));
		assert_int_equal(err, -EINVAL);
	}
	vm = vm_with(AV_IRQCHIP_RVIC, 0, 0, &err);
	assert_non_null(vm);
	assert_int_equal(av_vm_destroy(vm), 0);
	vm = vm_with(AV_IRQCHIP_RVIC, 64, 2048, &err);
	assert_non_null(vm);
	/* The config chose the chip: no second one. */
	assert_int_equal(av_vm_create_irqchip(vm, AV_DEV_TYPE_ARM_RVIC),
			 -EEXIST);
	/* ...and its sizes: NR_IRQS is spent. */
	const uint32_t sz[2] = { 32, 64 };

	assert_int_equal(av_vm_set_irqchip_attr(
			     vm, AV_DEV_ARM_RVIC_GRP_NR_IRQS, 0, sz),
			 -EBUSY);
	assert_int_equal(av_vm_destroy(vm), 0);
	vm = vm_with(AV_IRQCHIP_GICV3, 0, 0, &err);
	assert_int_equal(av_vm_create_irqchip(vm, AV_DEV_TYPE_ARM_RVIC),
			 -EEXIST);
	assert_int_equal(av_vm_set_irqchip_attr(vm, AV_DEV_ARM_RVIC_GRP_CTRL,
						AV_DEV_ARM_RVIC_CTRL_INIT,
						NULL),
			 -ENXIO);
	assert_int_equal(av_vm_destroy(vm), 0);
}

static void test_device_api(void **s)
{
	int err = 0;
	av_vm *vm = vm_with(AV_IRQCHIP_USER, 0, 0, &err);
	void *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t sz[2];

	assert_non_null(vm);
	assert_int_equal(av_vm_create_irqchip(vm, 0x1234), -ENODEV);
	assert_int_equal(av_vm_create_irqchip(vm, AV_DEV_TYPE_ARM_RVIC), 0);
	assert_int_equal(av_vm_create_irqchip(vm, AV_DEV_TYPE_ARM_RVIC),
			 -EEXIST);
	sz[0] = 32;
	sz[1] = 80; /* not a multiple of 32 */
	assert_int_equal(av_vm_set_irqchip_attr(
			     vm, AV_DEV_ARM_RVIC_GRP_NR_IRQS, 0, sz),
			 -EINVAL);
	sz[0] = 16;
	sz[1] = 64;
	assert_int_equal(av_vm_set_irqchip_attr(
			     vm, AV_DEV_ARM_RVIC_GRP_NR_IRQS, 0, sz),
			 -EINVAL);
	sz[0] = 64;
	sz[1] = 4096;
	assert_int_equal(av_vm_set_irqchip_attr(
			     vm, AV_DEV_ARM_RVIC_GRP_NR_IRQS, 0, sz),
			 -EINVAL);
	sz[0] = 64;
	sz[1] = 128;
	assert_int_equal(av_vm_set_irqchip_attr(
			     vm, AV_DEV_ARM_RVIC_GRP_NR_IRQS, 0, sz),
			 0);
	assert_int_equal(av_vm_set_irqchip_attr(
			     vm, AV_DEV_ARM_RVIC_GRP_NR_IRQS, 0, sz),
			 -EBUSY);
	assert_int_equal(av_vm_set_irqchip_attr(vm, 99, 0, sz), -ENXIO);
	/* The user-irqchip capability went with the chip. */
	assert_int_equal(av_vm_enable_cap(vm, AV_CAP_ARM_USER_IRQ, 0),
			 -EINVAL);
	assert_int_equal(av_vm_set_user_memory_region(vm, 0, RAM_BASE,
						      RAM_SIZE, ram),
			 0);
	assert_non_null(av_vcpu_create(vm, 0, 0, &err));
	assert_int_equal(av_vm_set_irqchip_attr(vm, AV_DEV_ARM_RVIC_GRP_CTRL,
						AV_DEV_ARM_RVIC_CTRL_INIT,
						NULL),
			 0);
	/* A guest: INFO(untrusted) then an HVC the core does not own. */
	const uint32_t code[] = {
		0xd2800020, /* mov  x0, #1                      */
		0xaa0003e1, /* mov  x1, x0     (key 1)          */
		0xd2804020, /* mov  x0, #0x201                  */
		0xf2b8a000, /* movk x0, #0xc500, lsl #16        */
		0xd4000002, /* hvc  #0                          */
		0xaa0003e5, /* mov  x5, x0                      */
		0xaa0103e6, /* mov  x6, x1                      */
		0xd2800100, /* mov  x0, #8                      */
		0xf2b08000, /* movk x0, #0x8400, lsl #16 (SYSTEM_OFF) */
		0xd4000002, /* hvc  #0                          */
		0x14000000, /* b .                              */
	};
	av_vcpu *v = av_vm_vcpu(vm, 0);
	uint64_t x5 = 7, x6 = 7;

	memcpy((char *)ram + (ENTRY - RAM_BASE), code, sizeof(code));
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_PC, ENTRY), 0);
	/* A second vCPU after INIT still gets its rVIC. */
	assert_non_null(av_vcpu_create(vm, 1, AV_VCPU_POWER_OFF, &err));
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(av_vcpu_run_struct(v)->exit_reason,
			 AV_EXIT_HYPERCALL);
	assert_int_equal(av_vcpu_run_struct(v)->hypercall.nr, 0x84000008);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_X(5), &x5), 0);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_X(6), &x6), 0);
	assert_int_equal(x5, 0);  /* SUCCESS */
	assert_int_equal(x6, 64); /* 128 - 64 untrusted */
	/* After the run: too late for sizes. */
	assert_int_equal(av_vm_set_irqchip_attr(
			     vm, AV_DEV_ARM_RVIC_GRP_NR_IRQS, 0, sz),
			 -EBUSY);
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

static void test_create_after_vcpus(void **s)
{
	int err = 0;
	av_vm *vm = vm_with(AV_IRQCHIP_USER, 0, 0, &err);
	void *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_int_equal(av_vm_set_user_memory_region(vm, 0, RAM_BASE,
						      RAM_SIZE, ram),
			 0);
	assert_non_null(av_vcpu_create(vm, 0, 0, &err));
	assert_int_equal(av_vm_create_irqchip(vm, AV_DEV_TYPE_ARM_RVIC),
			 -EBUSY);
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_sizes),
		cmocka_unit_test(test_device_api),
		cmocka_unit_test(test_create_after_vcpus),
	};

	return cmocka_run_group_tests_name("rvic_api", tests, NULL, NULL);
}
