// SPDX-License-Identifier: MIT
/*
 * The `virt` machine's device tree, node for node as QEMU's hw/arm/virt.c
 * gives it (minus PCI, virtio, flash, fw-cfg, RTC and GPIO), written with
 * libfdt's sequential-write API so that nodes come out in the order written:
 * boot CPU first.
 *
 * --irqchip user: the VMM's GIC is a GICv2 (user_gic.c, on both engines)
 * and main.c asks for the gicv2 tree, byte for byte.  AV_IRQCHIP_USER here
 * is a bare-pin irqchip, which the armvisor program no longer offers (kept
 * for a VMM without a GIC, and test_fdt): the two timer lines, ORed, drive
 * the CPU's IRQ pin.  No /intc, no interrupt-parent, no PL011 interrupt; the /timer node
 * stays (with the GIC-style PPI cells the INTIDs would have, for
 * information), and /chosen says what the guest gets in
 * "armvisor,user-irqchip".
 */
#include "fdt.h"

#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>

#include "errbuf.h"
#include "platform.h"

/* Stop at the first libfdt error (sequential-write calls return < 0). */
#define TRY(call)                                                              \
	do {                                                                   \
		int r_ = (call);                                               \
		if (r_ < 0)                                                    \
			return r_;                                             \
	} while (0)

static bool uses_gic(const struct dt_config *c)
{
	return c->irqchip != AV_IRQCHIP_RVIC;
}

/* A GIC the guest can program: not with the VMM's minimal user irqchip. */
static bool has_gic(const struct dt_config *c)
{
	return c->irqchip == AV_IRQCHIP_GICV2 || c->irqchip == AV_IRQCHIP_GICV3;
}

static bool has_intc(const struct dt_config *c)
{
	return c->irqchip != AV_IRQCHIP_USER;
}

/* A property of big-endian 32-bit cells. */
static int prop_cells(void *fdt, const char *name, const uint32_t *cells,
		      unsigned n)
{
	fdt32_t be[16];

	for (unsigned i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	return fdt_property(fdt, name, be, (int)(n * sizeof(be[0])));
}

/* reg = <addr size> pairs with #address-cells = #size-cells = 2. */
static int prop_reg64(void *fdt, const uint64_t *pairs, unsigned npairs)
{
	uint32_t cells[16];

	for (unsigned i = 0; i < 2 * npairs; i++) {
		cells[2 * i] = (uint32_t)(pairs[i] >> 32);
		cells[2 * i + 1] = (uint32_t)pairs[i];
	}
	return prop_cells(fdt, "reg", cells, 4 * npairs);
}

/* A property holding several NUL-separated strings. */
static int prop_strings(void *fdt, const char *name, const char *const *s,
			unsigned n)
{
	char buf[128];
	int len = 0;

	for (unsigned i = 0; i < n; i++) {
		int w =
		    snprintf(buf + len, sizeof(buf) - (size_t)len, "%s", s[i]);

		if (w < 0 || (size_t)(len + w + 1) > sizeof(buf))
			return -FDT_ERR_NOSPACE;
		len += w + 1; /* keep the NUL */
	}
	return fdt_property(fdt, name, buf, len);
}

static int add_psci(void *fdt)
{
	static const char *const compat[] = {"arm,psci-1.0", "arm,psci-0.2"};

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(prop_strings(fdt, "compatible", compat, 2));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	return fdt_end_node(fdt);
}

static int add_memory(void *fdt, const struct dt_config *c)
{
	char name[32];
	uint64_t reg[2] = {c->ram_base, c->ram_size};

	snprintf(name, sizeof(name), "memory@%llx",
		 (unsigned long long)c->ram_base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_reg64(fdt, reg, 1));
	return fdt_end_node(fdt);
}

static int add_cpus(void *fdt, const struct dt_config *c)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned n = 0; n < c->nr_vcpus; n++) {
		unsigned long long aff = virt_cpu_affinity(n);
		char name[32];

		snprintf(name, sizeof(name), "cpu@%llx", aff);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		/* What QEMU's virt says for -cpu max, too. */
		TRY(fdt_property_string(fdt, "compatible", "arm,cortex-a72"));
		TRY(fdt_property_u32(fdt, "reg", (uint32_t)aff));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

/*
 * Timer interrupts in the binding's order: secure physical, non-secure
 * physical, virtual, hypervisor.  GIC: <PPI n flags> with n = INTID - 16;
 * GICv2 flags also carry the CPU mask in bits 15:8 (gic.txt), as QEMU does.
 * rVIC: <intid flags>, the timers being trusted intids.
 */
static int add_timer(void *fdt, const struct dt_config *c)
{
	static const char *const compat[] = {"arm,armv8-timer",
					     "arm,armv7-timer"};
	const unsigned intids[4] = {VIRT_TIMER_SEC_PHYS_INTID, c->ptimer_intid,
				    c->vtimer_intid, VIRT_TIMER_HYP_INTID};
	uint32_t cells[12];
	unsigned n = 0;

	if (uses_gic(c)) {
		uint32_t flags = DT_IRQ_TYPE_LEVEL_HIGH;

		if (c->irqchip == AV_IRQCHIP_GICV2)
			flags |= ((1u << c->nr_vcpus) - 1) << 8;
		for (unsigned i = 0; i < 4; i++) {
			cells[n++] = DT_GIC_PPI;
			cells[n++] = intids[i] - 16;
			cells[n++] = flags;
		}
	} else {
		for (unsigned i = 0; i < 4; i++) {
			cells[n++] = intids[i];
			cells[n++] = DT_IRQ_TYPE_LEVEL_HIGH;
		}
	}
	TRY(fdt_begin_node(fdt, "timer"));
	TRY(prop_strings(fdt, "compatible", compat, 2));
	TRY(prop_cells(fdt, "interrupts", cells, n));
	TRY(fdt_property(fdt, "always-on", NULL, 0));
	return fdt_end_node(fdt);
}

/*
 * PLATFORM.md: the emulated PMUv3's overflow interrupt is PPI 7 (INTID 23),
 * level-high, as QEMU's virt (fdt_add_pmu_nodes) and KVM give it.  The
 * flags carry the GICv2 CPU mask as /timer's do; rVIC: <23 flags>.
 */
static int add_pmu(void *fdt, const struct dt_config *c)
{
	uint32_t cells[3];
	unsigned n = 0;

	if (uses_gic(c)) {
		uint32_t flags = DT_IRQ_TYPE_LEVEL_HIGH;

		if (c->irqchip == AV_IRQCHIP_GICV2)
			flags |= ((1u << c->nr_vcpus) - 1) << 8;
		cells[n++] = DT_GIC_PPI;
		cells[n++] = VIRT_PMU_INTID - 16;
		cells[n++] = flags;
	} else {
		cells[n++] = VIRT_PMU_INTID;
		cells[n++] = DT_IRQ_TYPE_LEVEL_HIGH;
	}
	TRY(fdt_begin_node(fdt, "pmu"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-pmuv3"));
	TRY(prop_cells(fdt, "interrupts", cells, n));
	return fdt_end_node(fdt);
}

static int add_gic(void *fdt, const struct dt_config *c)
{
	char name[32];

	snprintf(name, sizeof(name), "intc@%llx",
		 (unsigned long long)VIRT_GIC_DIST_BASE);
	TRY(fdt_begin_node(fdt, name));
	if (c->irqchip == AV_IRQCHIP_GICV2) {
		uint64_t reg[4] = {VIRT_GIC_DIST_BASE, VIRT_GICV2_DIST_SIZE,
				   VIRT_GICV2_CPU_BASE, VIRT_GICV2_CPU_SIZE};

		TRY(fdt_property_string(fdt, "compatible",
					"arm,cortex-a15-gic"));
		TRY(prop_reg64(fdt, reg, 2));
	} else {
		uint64_t reg[4] = {VIRT_GIC_DIST_BASE, VIRT_GICV3_DIST_SIZE,
				   VIRT_GICV3_REDIST_BASE,
				   VIRT_GICV3_REDIST_SIZE * c->nr_vcpus};

		TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
		TRY(prop_reg64(fdt, reg, 2));
		TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	}
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property(fdt, "ranges", NULL, 0));
	TRY(fdt_property_u32(fdt, "phandle", DT_PHANDLE_INTC));
	return fdt_end_node(fdt);
}

/* rVIC (hypercalls only, no reg) and the rVID that routes device inputs. */
static int add_rvic(void *fdt)
{
	TRY(fdt_begin_node(fdt, "interrupt-controller"));
	TRY(fdt_property_string(fdt, "compatible", "arm,rvic"));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
	TRY(fdt_property_u32(fdt, "#address-cells", 0)); /* dtc's rule */
	TRY(fdt_property_u32(fdt, "phandle", DT_PHANDLE_INTC));
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "rvid"));
	TRY(fdt_property_string(fdt, "compatible", "arm,rvid"));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property_u32(fdt, "interrupt-parent", DT_PHANDLE_INTC));
	TRY(fdt_property_u32(fdt, "phandle", DT_PHANDLE_RVID));
	return fdt_end_node(fdt);
}

/* QEMU's "apb-pclk": the PL011's uartclk and apb_pclk. */
static int add_clock(void *fdt)
{
	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", VIRT_UART_CLK_HZ));
	TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_u32(fdt, "phandle", DT_PHANDLE_CLK));
	return fdt_end_node(fdt);
}

static int add_uart(void *fdt, const struct dt_config *c)
{
	static const char *const compat[] = {"arm,pl011", "arm,primecell"};
	static const char *const clock_names[] = {"uartclk", "apb_pclk"};
	const uint32_t clocks[2] = {DT_PHANDLE_CLK, DT_PHANDLE_CLK};
	uint64_t reg[2] = {VIRT_UART_BASE, VIRT_UART_SIZE};
	char name[32];

	snprintf(name, sizeof(name), "pl011@%llx",
		 (unsigned long long)VIRT_UART_BASE);
	TRY(fdt_begin_node(fdt, name));
	TRY(prop_strings(fdt, "compatible", compat, 2));
	TRY(prop_reg64(fdt, reg, 1));
	if (has_gic(c)) {
		const uint32_t irq[3] = {DT_GIC_SPI, VIRT_UART_SPI,
					 DT_IRQ_TYPE_LEVEL_HIGH};

		TRY(prop_cells(fdt, "interrupts", irq, 3));
	} else if (c->irqchip == AV_IRQCHIP_RVIC) {
		const uint32_t irq[2] = {VIRT_RVID_UART_INPUT,
					 DT_IRQ_TYPE_LEVEL_HIGH};

		TRY(fdt_property_u32(fdt, "interrupt-parent", DT_PHANDLE_RVID));
		TRY(prop_cells(fdt, "interrupts", irq, 2));
	}
	TRY(prop_cells(fdt, "clocks", clocks, 2));
	TRY(prop_strings(fdt, "clock-names", clock_names, 2));
	return fdt_end_node(fdt);
}

/* What a guest of --irqchip user gets instead of an interrupt controller. */
#define USER_IRQCHIP_PROP "armvisor,user-irqchip"
#define USER_IRQCHIP_TEXT                                                      \
	"no interrupt controller: the EL1 virtual and physical timer outputs, " \
	"ORed, drive the CPU IRQ pin (level); the PL011 has no interrupt"

static int add_chosen(void *fdt, const struct dt_config *c)
{
	char path[32];

	snprintf(path, sizeof(path), "/pl011@%llx",
		 (unsigned long long)VIRT_UART_BASE);
	TRY(fdt_begin_node(fdt, "chosen"));
	if (c->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", c->bootargs));
	TRY(fdt_property_string(fdt, "stdout-path", path));
	if (c->irqchip == AV_IRQCHIP_USER)
		TRY(fdt_property_string(fdt, USER_IRQCHIP_PROP,
					USER_IRQCHIP_TEXT));
	if (c->initrd_size) {
		/* 64-bit values, as the root's #address-cells = 2 (QEMU). */
		TRY(fdt_property_u64(fdt, "linux,initrd-start",
				     c->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end",
				     c->initrd_start + c->initrd_size));
	}
	return fdt_end_node(fdt);
}

static int build(const struct dt_config *c, void *fdt, size_t size)
{
	TRY(fdt_create(fdt, (int)size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	TRY(fdt_property_string(fdt, "model", "linux,dummy-virt"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	if (has_intc(c))
		TRY(fdt_property_u32(fdt, "interrupt-parent",
				     DT_PHANDLE_INTC));

	TRY(add_psci(fdt));
	TRY(add_memory(fdt, c));
	TRY(add_cpus(fdt, c));
	TRY(add_timer(fdt, c));
	if (c->pmu)
		TRY(add_pmu(fdt, c));
	if (has_gic(c))
		TRY(add_gic(fdt, c));
	else if (c->irqchip == AV_IRQCHIP_RVIC)
		TRY(add_rvic(fdt));
	TRY(add_clock(fdt));
	TRY(add_uart(fdt, c));
	TRY(add_chosen(fdt, c));

	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

static bool is_ppi(unsigned intid) { return intid >= 16 && intid < 32; }

int dt_build(const struct dt_config *c, void *buf, size_t bufsize, char *err,
	     size_t errlen)
{
	if (c->nr_vcpus < 1 || c->nr_vcpus > AV_MAX_VCPUS ||
	    (c->irqchip == AV_IRQCHIP_GICV2 &&
	     c->nr_vcpus > VIRT_GICV2_MAX_CPUS)) {
		set_err(err, errlen, "device tree: %u vCPUs not supported",
			c->nr_vcpus);
		return -1;
	}
	if (uses_gic(c) &&
	    (!is_ppi(c->vtimer_intid) || !is_ppi(c->ptimer_intid))) {
		set_err(err, errlen,
			"device tree: timer INTIDs %u/%u are not PPIs (16..31)",
			c->vtimer_intid, c->ptimer_intid);
		return -1;
	}
	int r = build(c, buf, bufsize);

	if (r < 0) {
		if (r == -FDT_ERR_NOSPACE)
			set_err(err, errlen,
				"device tree larger than %zu bytes (--append "
				"too long?)",
				bufsize);
		else
			set_err(err, errlen, "device tree: libfdt: %s",
				fdt_strerror(r));
		return -1;
	}
	return (int)fdt_totalsize(buf);
}
