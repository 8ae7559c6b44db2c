// SPDX-License-Identifier: MIT
/* Unit tests: the `virt` device tree (vmm/fdt.c), read back with libfdt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "vmm/fdt.h"
#include "vmm/platform.h"

static uint8_t dtb[64 * 1024];
static char err[256];

static struct dt_config default_config(void)
{
	struct dt_config c = {
	    .nr_vcpus = 1,
	    .irqchip = AV_IRQCHIP_GICV3,
	    .ram_base = VIRT_RAM_BASE,
	    .ram_size = 256ull << 20,
	    .vtimer_intid = 27,
	    .ptimer_intid = 30,
	};
	return c;
}

static void build(const struct dt_config *c)
{
	int size = dt_build(c, dtb, sizeof(dtb), err, sizeof(err));

	assert_true(size > 0);
	assert_int_equal(fdt_check_header(dtb), 0);
	assert_int_equal(fdt_totalsize(dtb), (uint32_t)size);
}

static int node(const char *path)
{
	int off = fdt_path_offset(dtb, path);

	if (off < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(off));
	return off;
}

static const void *prop(const char *path, const char *name, int *len)
{
	const void *p = fdt_getprop(dtb, node(path), name, len);

	if (!p)
		fail_msg("no property %s in %s", name, path);
	return p;
}

/* The property is exactly these 32-bit cells. */
static void expect_cells(const char *path, const char *name, unsigned n, ...)
{
	int len;
	const fdt32_t *p = prop(path, name, &len);
	va_list ap;

	assert_int_equal(len, (int)(n * 4));
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++) {
		uint32_t want = va_arg(ap, uint32_t);

		if (fdt32_to_cpu(p[i]) != want)
			fail_msg("%s %s cell %u: 0x%x, expected 0x%x", path,
				 name, i, fdt32_to_cpu(p[i]), want);
	}
	va_end(ap);
}

static uint32_t get_u32(const char *path, const char *name)
{
	int len;
	const fdt32_t *p = prop(path, name, &len);

	assert_int_equal(len, 4);
	return fdt32_to_cpu(*p);
}

static uint64_t get_u64(const char *path, const char *name)
{
	int len;
	const void *p = prop(path, name, &len);
	fdt64_t v;

	assert_int_equal(len, 8);
	memcpy(&v, p, sizeof(v)); /* properties are only 4-byte aligned */
	return fdt64_to_cpu(v);
}

/* A string-list property is exactly these strings. */
static void expect_strings(const char *path, const char *name, unsigned n, ...)
{
	int off = node(path);
	va_list ap;

	assert_int_equal(fdt_stringlist_count(dtb, off, name), (int)n);
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);
		const char *got =
		    fdt_stringlist_get(dtb, off, name, (int)i, NULL);

		assert_non_null(got);
		assert_string_equal(got, want);
	}
	va_end(ap);
}

static bool has_prop(const char *path, const char *name)
{
	return fdt_getprop(dtb, node(path), name, NULL) != NULL;
}

/* PLATFORM.md: every device node has a compatible. */
static void expect_compatibles(void)
{
	int off, depth = 0;

	for (off = fdt_next_node(dtb, -1, &depth); off >= 0;
	     off = fdt_next_node(dtb, off, &depth)) {
		const char *name = fdt_get_name(dtb, off, NULL);

		if (depth == 0 || !strcmp(name, "cpus") ||
		    !strcmp(name, "chosen") || !strncmp(name, "memory@", 7))
			continue;
		if (!fdt_getprop(dtb, off, "compatible", NULL))
			fail_msg("node %s has no compatible", name);
	}
}

static void test_gicv3_one_cpu(void **state)
{
	struct dt_config c = default_config();

	build(&c);
	expect_compatibles();
	/* root */
	assert_int_equal(get_u32("/", "#address-cells"), 2);
	assert_int_equal(get_u32("/", "#size-cells"), 2);
	assert_int_equal(get_u32("/", "interrupt-parent"), DT_PHANDLE_INTC);
	/* memory */
	expect_strings("/memory", "device_type", 1, "memory");
	expect_cells("/memory@40000000", "reg", 4, 0, 0x40000000, 0,
		     0x10000000);
	/* cpus */
	assert_int_equal(get_u32("/cpus", "#address-cells"), 1);
	assert_int_equal(get_u32("/cpus", "#size-cells"), 0);
	assert_int_equal(get_u32("/cpus/cpu@0", "reg"), 0);
	expect_strings("/cpus/cpu@0", "device_type", 1, "cpu");
	expect_strings("/cpus/cpu@0", "enable-method", 1, "psci");
	expect_strings("/cpus/cpu@0", "compatible", 1, "arm,cortex-a72");
	assert_true(fdt_path_offset(dtb, "/cpus/cpu@1") < 0);
	/* psci */
	expect_strings("/psci", "compatible", 2, "arm,psci-1.0",
		       "arm,psci-0.2");
	expect_strings("/psci", "method", 1, "hvc");
	/* timer: secure phys 13, phys 14, virt 11, hyp 10, level-high */
	assert_int_equal(
	    fdt_node_check_compatible(dtb, node("/timer"), "arm,armv8-timer"),
	    0);
	expect_cells("/timer", "interrupts", 12, 1, 13, 4, 1, 14, 4, 1, 11, 4,
		     1, 10, 4);
	assert_true(has_prop("/timer", "always-on"));
	/* GICv3 */
	expect_strings("/intc", "compatible", 1, "arm,gic-v3");
	expect_cells("/intc@8000000", "reg", 8, 0, 0x08000000, 0, 0x10000, 0,
		     0x080a0000, 0, 0x20000);
	assert_int_equal(get_u32("/intc", "#redistributor-regions"), 1);
	assert_int_equal(get_u32("/intc", "#interrupt-cells"), 3);
	assert_int_equal(get_u32("/intc", "#address-cells"), 2);
	assert_int_equal(get_u32("/intc", "#size-cells"), 2);
	assert_true(has_prop("/intc", "interrupt-controller"));
	assert_int_equal(get_u32("/intc", "phandle"), DT_PHANDLE_INTC);
	assert_int_equal(fdt_node_offset_by_phandle(dtb, DT_PHANDLE_INTC),
			 node("/intc"));
	/* PL011 + its clock */
	expect_strings("/pl011@9000000", "compatible", 2, "arm,pl011",
		       "arm,primecell");
	expect_cells("/pl011@9000000", "reg", 4, 0, 0x09000000, 0, 0x1000);
	expect_cells("/pl011@9000000", "interrupts", 3, 0, 1, 4);
	expect_cells("/pl011@9000000", "clocks", 2, DT_PHANDLE_CLK,
		     DT_PHANDLE_CLK);
	expect_strings("/pl011@9000000", "clock-names", 2, "uartclk",
		       "apb_pclk");
	int clk = fdt_node_offset_by_phandle(dtb, DT_PHANDLE_CLK);

	assert_true(clk >= 0);
	assert_int_equal(fdt_node_check_compatible(dtb, clk, "fixed-clock"), 0);
	assert_int_equal(get_u32("/apb-pclk", "clock-frequency"), 24000000);
	assert_int_equal(get_u32("/apb-pclk", "#clock-cells"), 0);
	/* chosen */
	expect_strings("/chosen", "stdout-path", 1, "/pl011@9000000");
	assert_int_equal(fdt_path_offset(dtb, "/pl011@9000000"),
			 node("/pl011@9000000"));
	assert_false(has_prop("/chosen", "bootargs"));
	assert_false(has_prop("/chosen", "linux,initrd-start"));
}

static void test_many_cpus(void **state)
{
	struct dt_config c = default_config();
	int cpus, off, n = 0;

	c.nr_vcpus = 20;
	build(&c);
	/* Boot CPU first, then in order; reg = Aff1 << 8 | Aff0. */
	cpus = node("/cpus");
	fdt_for_each_subnode(off, dtb, cpus)
	{
		char want[16];
		uint32_t reg = (uint32_t)(((n / 16) << 8) | (n % 16));
		const fdt32_t *p = fdt_getprop(dtb, off, "reg", NULL);

		snprintf(want, sizeof(want), "cpu@%x", reg);
		assert_string_equal(fdt_get_name(dtb, off, NULL), want);
		assert_non_null(p);
		assert_int_equal(fdt32_to_cpu(*p), reg);
		n++;
	}
	assert_int_equal(n, 20);
	assert_int_equal(get_u32("/cpus/cpu@f", "reg"), 15);
	assert_int_equal(get_u32("/cpus/cpu@100", "reg"), 0x100);
	assert_int_equal(get_u32("/cpus/cpu@103", "reg"), 0x103);
	/* One redistributor region of 128 KiB per vCPU. */
	expect_cells("/intc", "reg", 8, 0, 0x08000000, 0, 0x10000, 0,
		     0x080a0000, 0, 20 * 0x20000);

	c.nr_vcpus = 64;
	build(&c);
	assert_int_equal(get_u32("/cpus/cpu@30f", "reg"), 0x30f);
}

static void test_gicv2(void **state)
{
	struct dt_config c = default_config();

	c.irqchip = AV_IRQCHIP_GICV2;
	c.nr_vcpus = 2;
	build(&c);
	expect_compatibles();
	expect_strings("/intc", "compatible", 1, "arm,cortex-a15-gic");
	expect_cells("/intc", "reg", 8, 0, 0x08000000, 0, 0x1000, 0, 0x08010000,
		     0, 0x2000);
	assert_false(has_prop("/intc", "#redistributor-regions"));
	assert_int_equal(get_u32("/intc", "#interrupt-cells"), 3);
	/* GICv2 PPI flags carry the CPU mask in bits 15:8. */
	expect_cells("/timer", "interrupts", 12, 1, 13, 0x304, 1, 14, 0x304, 1,
		     11, 0x304, 1, 10, 0x304);

	c.nr_vcpus = 8;
	build(&c);
	expect_cells("/timer", "interrupts", 12, 1, 13, 0xff04, 1, 14, 0xff04,
		     1, 11, 0xff04, 1, 10, 0xff04);
}

static void test_moved_timer_intids(void **state)
{
	struct dt_config c = default_config();

	c.vtimer_intid = 20; /* PPI 4 */
	c.ptimer_intid = 21; /* PPI 5 */
	build(&c);
	expect_cells("/timer", "interrupts", 12, 1, 13, 4, 1, 5, 4, 1, 4, 4, 1,
		     10, 4);
}

static void test_chosen(void **state)
{
	struct dt_config c = default_config();

	c.bootargs = "console=ttyAMA0 earlycon";
	c.initrd_start = 0x40400000;
	c.initrd_size = 0x12345;
	build(&c);
	expect_strings("/chosen", "bootargs", 1, "console=ttyAMA0 earlycon");
	assert_int_equal(get_u64("/chosen", "linux,initrd-start"), 0x40400000);
	assert_int_equal(get_u64("/chosen", "linux,initrd-end"),
			 0x40400000 + 0x12345);
	expect_strings("/chosen", "stdout-path", 1, "/pl011@9000000");
}

static void test_rvic(void **state)
{
	struct dt_config c = default_config();

	c.irqchip = AV_IRQCHIP_RVIC;
	c.nr_vcpus = 4;
	c.vtimer_intid = 20;
	build(&c);
	expect_compatibles();
	assert_true(fdt_path_offset(dtb, "/intc") < 0);
	expect_strings("/interrupt-controller", "compatible", 1, "arm,rvic");
	assert_true(has_prop("/interrupt-controller", "interrupt-controller"));
	assert_int_equal(get_u32("/interrupt-controller", "#interrupt-cells"),
			 2);
	assert_int_equal(get_u32("/interrupt-controller", "phandle"),
			 DT_PHANDLE_INTC);
	assert_int_equal(get_u32("/", "interrupt-parent"), DT_PHANDLE_INTC);
	expect_strings("/rvid", "compatible", 1, "arm,rvid");
	assert_true(has_prop("/rvid", "interrupt-controller"));
	assert_int_equal(get_u32("/rvid", "#interrupt-cells"), 2);
	assert_int_equal(get_u32("/rvid", "interrupt-parent"), DT_PHANDLE_INTC);
	assert_int_equal(get_u32("/rvid", "phandle"), DT_PHANDLE_RVID);
	/* Timers: trusted intids, <intid flags>. */
	expect_cells("/timer", "interrupts", 8, 29, 4, 30, 4, 20, 4, 26, 4);
	/* UART: rVID input 1. */
	assert_int_equal(get_u32("/pl011@9000000", "interrupt-parent"),
			 DT_PHANDLE_RVID);
	expect_cells("/pl011@9000000", "interrupts", 2, 1, 4);
}

/* --irqchip user: the VMM emulates no GIC, so the tree describes none
 * (vmm/fdt.c); the timer node stays and /chosen says what the guest gets. */
static void test_user_irqchip_has_no_gic(void **state)
{
	struct dt_config c = default_config();
	int len;

	c.nr_vcpus = 2;
	c.irqchip = AV_IRQCHIP_USER;
	build(&c);
	assert_true(fdt_path_offset(dtb, "/intc") < 0);
	assert_true(fdt_path_offset(dtb, "/interrupt-controller") < 0);
	assert_false(has_prop("/", "interrupt-parent"));
	assert_false(has_prop("/pl011@9000000", "interrupts"));
	expect_cells("/timer", "interrupts", 12, 1, 13, 4, 1, 14, 4, 1, 11, 4,
		     1, 10, 4);
	assert_non_null(prop("/chosen", "armvisor,user-irqchip", &len));
}

static void test_errors(void **state)
{
	struct dt_config c = default_config();

	c.vtimer_intid = 40;
	assert_int_equal(dt_build(&c, dtb, sizeof(dtb), err, sizeof(err)), -1);
	assert_string_equal(err, "device tree: timer INTIDs 40/30 are not PPIs "
				 "(16..31)");
	c = default_config();
	c.irqchip = AV_IRQCHIP_GICV2;
	c.nr_vcpus = 9;
	assert_int_equal(dt_build(&c, dtb, sizeof(dtb), err, sizeof(err)), -1);
	assert_string_equal(err, "device tree: 9 vCPUs not supported");
	c = default_config();
	assert_int_equal(dt_build(&c, dtb, 512, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "device tree larger than 512 bytes (--append too "
			    "long?)");
	/* rVIC timers are not PPIs and need not be. */
	c.irqchip = AV_IRQCHIP_RVIC;
	c.vtimer_intid = 5;
	build(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gicv3_one_cpu),
	    cmocka_unit_test(test_many_cpus),
	    cmocka_unit_test(test_gicv2),
	    cmocka_unit_test(test_moved_timer_intids),
	    cmocka_unit_test(test_chosen),
	    cmocka_unit_test(test_rvic),
	    cmocka_unit_test(test_user_irqchip_has_no_gic),
	    cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
