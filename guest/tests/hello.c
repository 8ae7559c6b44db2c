// SPDX-License-Identifier: MIT
/*
 * hello: the demo guest.  Greets, prints the platform as the device tree and
 * the system registers describe it, and checks that it is sane.
 */
#include "sdk.h"

static const char *const gic_compats[] = {
    "arm,gic-v3",
    "arm,cortex-a15-gic",
    "arm,gic-400",
    "arm,rvic",
};

static void print_gic(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(gic_compats); i++) {
		int node = fdt_node_by_compatible(-1, gic_compats[i]);
		uint64_t base = 0, size = 0;

		if (node < 0)
			continue;
		if (fdt_reg(node, 0, &base, &size))
			printf("  interrupt controller: %s (%s)\n",
			       gic_compats[i], fdt_node_name(node));
		else
			printf("  interrupt controller: %s at %#lx (%#lx "
			       "bytes)\n",
			       gic_compats[i], base, size);
		return;
	}
	printf("  interrupt controller: none found\n");
}

/* Read the last word of RAM as the DT sizes it, write a pattern, read it
 * back and restore it (the DTB may live there). */
static bool ram_end_usable(void)
{
	volatile uint64_t *p = (uint64_t *)(ram_base + ram_size - 8);
	uint64_t old = *p;
	bool ok;

	*p = 0x5a5aa5a5c3c33c3cul;
	dsb(sy);
	ok = *p == 0x5a5aa5a5c3c33c3cul;
	*p = old;
	return ok;
}

int main(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t freq = cnt_freq();
	const char *model = fdt_prop_string(fdt_root(), "model");
	const char *compat = fdt_prop_string(fdt_root(), "compatible");
	int cpus = fdt_count_cpus();
	uint64_t t0, t1;

	printf("Hello from armvisor guest!\n");
	printf("Platform:\n");
	printf("  model: %s, compatible: %s\n", model ? model : "(none)",
	       compat ? compat : "(none)");
	printf("  device tree at %p (%u bytes)\n", boot_dtb, fdt_totalsize());
	printf("  CPUs (DT /cpus): %d\n", cpus);
	printf("  memory (DT /memory): base %#lx size %#lx (%lu MiB)\n",
	       ram_base, ram_size, ram_size >> 20);
	printf("  timer frequency (CNTFRQ_EL0): %lu Hz\n", freq);
	print_gic();
	printf("  boot CPU MPIDR_EL1: %#lx, CurrentEL: EL%u\n", mpidr,
	       current_el());
	printf("  image: %p..%p, MMU %s\n", _text, _end,
	       mmu_enabled() ? "on" : "off");

	report(current_el() == 1, "running at EL1");
	report(freq != 0, "CNTFRQ_EL0 is non-zero (%lu)", freq);
	t0 = cnt_read();
	udelay(1000);
	t1 = cnt_read();
	report(t1 > t0, "CNTVCT_EL0 advances (%lu ticks in ~1 ms)", t1 - t0);
	report(cpus >= 1, "DT lists at least one CPU (%d)", cpus);
	report((mpidr & 0xff00fffffful) == 0,
	       "boot CPU is CPU 0 (MPIDR affinity %#lx)",
	       mpidr & 0xff00fffffful);
	report(ram_base == 0x40000000ul && ram_size >= (16ul << 20),
	       "DT memory at 0x40000000, at least 16 MiB");
	report((uint64_t)_text >= ram_base &&
		   (uint64_t)_end <= ram_base + ram_size &&
		   (uint64_t)boot_dtb >= ram_base &&
		   (uint64_t)boot_dtb + fdt_totalsize() <= ram_base + ram_size,
	       "image and DTB lie inside DT memory");
	report(ram_end_usable(), "last word of DT memory (%#lx) is RAM",
	       ram_base + ram_size - 8);
	report(fdt_path_offset("/psci") >= 0 &&
		   fdt_is_compatible(fdt_path_offset("/psci"), "arm,psci-0.2"),
	       "DT has /psci (arm,psci-0.2 compatible)");
	report(psci_version() >= 0x10000, "PSCI version %#lx >= 1.0",
	       (unsigned long)psci_version());
	return 0;
}
