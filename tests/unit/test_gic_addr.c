// SPDX-License-Identifier: MIT
/*
 * The VMM places the vGIC's frames (KVM_DEV_ARM_VGIC_GRP_ADDR rules,
 * Documentation/virt/kvm/devices/arm-vgic-v3.rst and arm-vgic.rst): types
 * per GIC version, alignment, the IPA limit, overlaps, set once, before
 * the first run; a first run with a frame unset fails; and the frames
 * answer where they were put (here away from PLATFORM.md's addresses).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "api_harness.h"

static int set_addr(av_vm *vm, uint64_t type, uint64_t addr)
{
	return av_vm_set_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR, type,
				      &addr);
}

static av_vm *bare_vm(unsigned ncpus, enum av_irqchip_kind chip,
		      uint8_t **ram)
{
	struct av_vm_config cfg = { .nr_vcpus = ncpus, .irqchip = chip };
	int err = 1;
	av_vm *vm = av_vm_create(&cfg, &err);

	assert_non_null(vm);
	*ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(*ram != MAP_FAILED);
	assert_int_equal(av_vm_set_user_memory_region(vm, 0, RAM_BASE,
						      RAM_SIZE, *ram),
			 0);
	return vm;
}

static void test_v3_rules(void **s)
{
	uint8_t *ram;
	av_vm *vm = bare_vm(2, AV_IRQCHIP_GICV3, &ram);
	uint64_t got = 0;

	/* GICv2 types on a GICv3 and unknown types: no such attribute. */
	assert_int_equal(set_addr(vm, AV_VGIC_V2_ADDR_TYPE_DIST, 0x08000000),
			 -ENXIO);
	assert_int_equal(set_addr(vm, AV_VGIC_V2_ADDR_TYPE_CPU, 0x08010000),
			 -ENXIO);
	assert_int_equal(set_addr(vm, 7, 0x08000000), -ENXIO);
	/* 64 KiB alignment, 40-bit IPA space, no overlap with RAM. */
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 0x08001000),
			 -EINVAL);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 1ull << 40),
			 -E2BIG);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, RAM_BASE),
			 -EINVAL);
	assert_int_equal(av_vm_get_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR,
						AV_VGIC_V3_ADDR_TYPE_DIST,
						&got),
			 -ENXIO); /* not placed yet */
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 0x20000000),
			 0);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 0x30000000),
			 -EEXIST);
	assert_int_equal(av_vm_get_irqchip_attr(vm, AV_DEV_ARM_VGIC_GRP_ADDR,
						AV_VGIC_V3_ADDR_TYPE_DIST,
						&got),
			 0);
	assert_int_equal(got, 0x20000000);
	/* The redistributors (2 x 128 KiB) may not overlap the distributor. */
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_REDIST,
				  0x20000000 - 0x10000),
			 -EINVAL);
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

static void test_v2_rules(void **s)
{
	uint8_t *ram;
	av_vm *vm = bare_vm(1, AV_IRQCHIP_GICV2, &ram);

	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_REDIST, 0x080a0000),
			 -ENXIO);
	assert_int_equal(set_addr(vm, AV_VGIC_V2_ADDR_TYPE_CPU, 0x08010800),
			 -EINVAL); /* 4 KiB alignment */
	assert_int_equal(set_addr(vm, AV_VGIC_V2_ADDR_TYPE_DIST, 0x08000000),
			 0);
	assert_int_equal(set_addr(vm, AV_VGIC_V2_ADDR_TYPE_CPU, 0x08000000),
			 -EINVAL); /* on the distributor */
	assert_int_equal(set_addr(vm, AV_VGIC_V2_ADDR_TYPE_CPU, 0x08010000),
			 0);
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
	/* A VM without a vGIC has no such device. */
	vm = bare_vm(1, AV_IRQCHIP_USER, &ram);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 0x08000000),
			 -ENXIO);
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

/* A first run with a frame unset fails as KVM's does (-ENXIO), and again
 * on the next try; once placed, the run goes ahead. */
static void test_first_run_needs_frames(void **s)
{
	static const uint32_t hvc[] = { 0xd4000002 }; /* hvc #0 */
	uint8_t *ram;
	av_vm *vm = bare_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v;
	struct av_run *run;

	harness_load(ram, ENTRY, hvc, 1);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 0x08000000),
			 0);
	v = harness_vcpu(vm, 0, ENTRY);
	run = av_vcpu_run_struct(v);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(av_vcpu_run(v), -ENXIO);
		assert_int_equal(run->exit_reason, AV_EXIT_INTERNAL_ERROR);
		assert_int_equal(run->internal.suberror,
				 AV_INTERNAL_ERROR_IRQCHIP);
	}
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_REDIST, 0x080a0000),
			 0);
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(run->exit_reason, AV_EXIT_HYPERCALL);
	/* Too late now. */
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

/* The frames answer where the VMM put them: a guest reads GICD_TYPER at
 * a distributor placed at 0x2000_0000 (and nothing at PLATFORM.md's). */
static void test_frames_where_placed(void **s)
{
	/* ldr w1, [x0]; hvc #0 */
	static const uint32_t code[] = { 0xb9400001, 0xd4000002 };
	uint8_t *ram;
	av_vm *vm = bare_vm(1, AV_IRQCHIP_GICV3, &ram);
	av_vcpu *v;
	struct av_run *run;
	uint64_t x1 = 0;

	harness_load(ram, ENTRY, code, 2);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 0x20000000),
			 0);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_REDIST, 0x20100000),
			 0);
	v = harness_vcpu(vm, 0, ENTRY);
	run = av_vcpu_run_struct(v);
	assert_int_equal(av_vcpu_set_one_reg(v, AV_REG_X(0), 0x20000004), 0);
	assert_int_equal(av_vcpu_run(v), 0);
	assert_int_equal(run->exit_reason, AV_EXIT_HYPERCALL);
	assert_int_equal(av_vcpu_get_one_reg(v, AV_REG_X(1), &x1), 0);
	/* GICD_TYPER (IHI 0069 12.9.38): ITLinesNumber 7 for 256 INTIDs. */
	assert_int_equal(x1 & 0x1f, 7);
	assert_int_equal(set_addr(vm, AV_VGIC_V3_ADDR_TYPE_DIST, 0x20000000),
			 -EEXIST);
	assert_int_equal(av_vm_destroy(vm), 0);
	munmap(ram, RAM_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v3_rules),
		cmocka_unit_test(test_v2_rules),
		cmocka_unit_test(test_first_run_needs_frames),
		cmocka_unit_test(test_frames_where_placed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
