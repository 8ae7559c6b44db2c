// SPDX-License-Identifier: MIT
/* Generic timer helpers that need the device tree (include/arch_timer.h). */
#include "arch_timer.h"

#include "fdt.h"

const char *timer_name(enum arch_timer t)
{
	return t == TIMER_VIRT ? "virt" : "phys";
}

int timer_dt_intid(enum arch_timer t)
{
	/* Index in the binding's interrupts list (timer/arm,arch_timer.yaml:
	 * sec-phys, phys, virt, hyp-phys). */
	const int index = t == TIMER_VIRT ? 2 : 1;
	int node = fdt_node_by_compatible(-1, "arm,armv8-timer");
	const uint8_t *p;
	int len, cells;

	if (node < 0)
		return -1;
	p = fdt_getprop(node, "interrupts", &len);
	if (!p)
		return -1;
	/* Four entries: 12 cells in GIC form, 8 in the rVIC's. */
	if (len == 4 * 4 * 3)
		cells = 3;
	else if (len == 4 * 4 * 2)
		cells = 2;
	else
		return -1;
	p += index * cells * 4;
	if (cells == 3)
		/* gic.txt / arm,gic-v3.yaml: cell 0 = 1 for a PPI, cell 1 =
		 * the PPI number, INTID = 16 + n. */
		return fdt_read_cells(p, 1) == 1 ? (int)fdt_read_cells(p + 4, 1) +
							 16
						 : -1;
	return (int)fdt_read_cells(p, 1);
}

int timer_by_intid(unsigned intid)
{
	for (int t = 0; t < NR_ARCH_TIMERS; t++)
		if (timer_dt_intid(t) == (int)intid)
			return t;
	return -1;
}
